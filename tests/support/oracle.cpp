// Test support: the Eigen oracles declared in oracle.hpp, instantiated once for every type.
#include "oracle.hpp"

#include <type_traits>  // std::is_same

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

template std::vector<long double> oracle_values<float>(const dense<float>&);
template std::vector<long double> oracle_values<double>(const dense<double>&);
template std::vector<long double> oracle_values<long double>(const dense<long double>&);
template std::vector<long double> jacobi_values<float>(const dense<float>&);
template std::vector<long double> jacobi_values<double>(const dense<double>&);
template std::vector<long double> jacobi_values<long double>(const dense<long double>&);
template dense_svd<float> eigen_bdcsvd<float>(const dense<float>&, svdkit::vectors);
template dense_svd<double> eigen_bdcsvd<double>(const dense<double>&, svdkit::vectors);
template dense_svd<long double> eigen_bdcsvd<long double>(const dense<long double>&, svdkit::vectors);

}  // namespace svdkit_test
