// Test support: the definitions of the Eigen oracles declared in oracle.hpp, included by the
// oracle_*.cpp files, which instantiate them in four parts grouped by Eigen's scalar type (so a
// parallel build compiles the parts side by side: together they are the costliest code of the
// suite to compile).
#ifndef SVDKIT_TESTS_SUPPORT_ORACLE_IMPL_HPP
#define SVDKIT_TESTS_SUPPORT_ORACLE_IMPL_HPP

#include "oracle.hpp"

#include <type_traits>  // std::is_same

#include <Eigen/QR>
#include <Eigen/SVD>

namespace svdkit_test {
namespace {

template <class W>
std::vector<long double> to_long_double(const Eigen::Matrix<W, Eigen::Dynamic, 1>& sv) {
    std::vector<long double> out;
    for (Eigen::Index i = 0; i < sv.size(); ++i) out.push_back(static_cast<long double>(sv(i)));
    return out;
}

}  // namespace

template <class T>
std::vector<long double> oracle_values(const dense<T>& a) {
    using W = wide_t<T>;
    const dense<W> aw = a.template cast<W>();
    if constexpr (std::is_same<T, long double>::value)
        return to_long_double<W>(Eigen::JacobiSVD<dense<W>>(aw).singularValues());
    else
        return to_long_double<W>(Eigen::BDCSVD<dense<W>>(aw).singularValues());
}

template <class T>
std::vector<long double> jacobi_values(const dense<T>& a) {
    using W = wide_t<T>;
    const dense<W> aw = a.template cast<W>();
    return to_long_double<W>(Eigen::JacobiSVD<dense<W>>(aw).singularValues());
}

template <class T>
dense_svd<T> eigen_bdcsvd(const dense<T>& a, svdkit::vectors job) {
    unsigned int options = 0;
    if (job == svdkit::vectors::thin) options = Eigen::ComputeThinU | Eigen::ComputeThinV;
    if (job == svdkit::vectors::full) options = Eigen::ComputeFullU | Eigen::ComputeFullV;
    Eigen::BDCSVD<dense<T>> svd(a, options);
    dense_svd<T> r;
    const auto& sv = svd.singularValues();
    for (Eigen::Index i = 0; i < sv.size(); ++i) r.s.push_back(sv(i));
    if (options != 0) {
        r.u = svd.matrixU();
        r.v = svd.matrixV();
    }
    return r;
}

template <class W>
dense<W> cod_pinv(const dense<W>& a, long double rel_threshold) {
    Eigen::CompleteOrthogonalDecomposition<dense<W>> cod(a.rows(), a.cols());
    cod.setThreshold(static_cast<W>(rel_threshold));
    cod.compute(a);
    return cod.pseudoInverse();
}

template <class W>
threshold_svd<W> eigen_threshold_svd(const dense<W>& a, long double rel_threshold, const dense<W>& b) {
    Eigen::BDCSVD<dense<W>> svd(a, Eigen::ComputeThinU | Eigen::ComputeFullV);
    svd.setThreshold(static_cast<W>(rel_threshold));
    threshold_svd<W> r;
    r.rank = static_cast<std::size_t>(svd.rank());
    r.u = svd.matrixU();
    r.v = svd.matrixV();
    if (b.cols() > 0) r.x = svd.solve(b);
    return r;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_ORACLE_IMPL_HPP
