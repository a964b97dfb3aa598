// Test support: the accuracy ratios every SVD test checks, computed in a wider type than T.
//
// Each ratio is an error divided by the error a backward-stable algorithm is allowed, so the bound
// on it is a small constant independent of shape and type (LAPACK's test ratios, LAWN 41 §6):
//
//   reconstruction  ‖A − U·diag(s)·Vᵀ‖_F / (‖A‖_F · max(m, n) · ε)
//   orthogonality   ‖I − QᵀQ‖_F / (c · ε)                   Q with c columns (U or V)
//   value error     max_i |s_i − σ_i| / (σ_1 · max(m, n) · ε)   against an oracle or known σ
//   relative error  max_i |s_i − σ_i| / (σ_i · ε)               where relative accuracy is promised
//
// ε = std::numeric_limits<T>::epsilon(). A zero denominator gives 0 when the numerator is 0 too
// and +∞ otherwise, so an exact answer to a zero problem passes and anything else fails.
#ifndef SVDKIT_TESTS_SUPPORT_MEASURES_HPP
#define SVDKIT_TESTS_SUPPORT_MEASURES_HPP

#include <algorithm>  // std::max
#include <cmath>      // std::fabs, std::frexp, std::isfinite, std::ldexp
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

#include <Eigen/Dense>

#include "dense.hpp"
#include "oracle.hpp"

namespace svdkit_test {

template <class T>
dense_svd<T> to_dense_svd(const svdkit::svd_result<T>& r) {
    return {to_dense<T>(r.u), r.s, to_dense<T>(r.v)};
}

inline long double safe_ratio(long double num, long double den) {
    if (den == 0) return num == 0 ? 0.0L : std::numeric_limits<long double>::infinity();
    return num / den;
}

/// ‖A − U_k·diag(s)·V_kᵀ‖_F / (‖A‖_F · max(m, n) · ε_T), with U_k, V_k the first k = s.size()
/// columns of U and V (so thin and full results are measured alike). Computed in wide_t<T>, after
/// an exact power-of-two scaling that keeps ‖A‖_F finite even for long double near overflow.
///
/// `floor` is an absolute residual the output's representation forces on any algorithm and that
/// is not counted (default 0): singular values in the subnormal range are multiples of
/// denorm_min, so rounding them moves U·Σ·Vᵀ by up to √k·denorm_min.
template <class T>
long double reconstruction_ratio(const dense<T>& a, const dense<T>& u, const std::vector<T>& s, const dense<T>& v,
                                 long double floor = 0) {
    using W = wide_t<T>;
    const Eigen::Index k = ix(s.size());
    long double amax = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) amax = std::max(amax, std::fabs(static_cast<long double>(a(i, j))));
    for (const T x : s) amax = std::max(amax, std::fabs(static_cast<long double>(x)));
    int ex = 0;
    if (amax > 0 && std::isfinite(amax)) std::frexp(amax, &ex);
    auto scaled = [ex](T x) { return std::ldexp(static_cast<W>(x), -ex); };  // exact: a power of two
    const dense<W> aw = a.unaryExpr(scaled);
    dense<W> us = u.leftCols(k).template cast<W>();
    for (Eigen::Index j = 0; j < k; ++j) us.col(j) *= scaled(s[sz(j)]);
    dense<W> r = aw;
    if (k > 0) r.noalias() -= us * v.leftCols(k).template cast<W>().transpose();
    const long double mn = static_cast<long double>(std::max(a.rows(), a.cols()));
    const long double residual =
        std::max(0.0L, static_cast<long double>(r.norm()) - std::ldexp(floor, -ex));
    return safe_ratio(residual, static_cast<long double>(aw.norm()) * mn * eps<T>());
}

/// ‖I − QᵀQ‖_F / (c · ε_T) for a Q with c columns, computed in wide_t<T> (0 for c = 0).
template <class T>
long double orthogonality_ratio(const dense<T>& q) {
    using W = wide_t<T>;
    const Eigen::Index c = q.cols();
    if (c == 0) return 0;
    const dense<W> qw = q.template cast<W>();
    dense<W> g = dense<W>::Identity(c, c);
    g.template selfadjointView<Eigen::Lower>().rankUpdate(qw.transpose(), W(-1));  // lower triangle of I − QᵀQ
    W sum = 0;
    for (Eigen::Index j = 0; j < c; ++j) {
        sum += g(j, j) * g(j, j);
        for (Eigen::Index i = j + 1; i < c; ++i) sum += 2 * g(i, j) * g(i, j);
    }
    return static_cast<long double>(std::sqrt(sum)) / (static_cast<long double>(c) * eps<T>());
}

// Compiled once in helpers.cpp (products in the wide type), not in every test file.
#define SVDKIT_TEST_MEASURE_INSTANCES(KIND, T)                                                                \
    KIND template long double reconstruction_ratio<T>(const dense<T>&, const dense<T>&, const std::vector<T>&, \
                                                      const dense<T>&, long double);                          \
    KIND template long double orthogonality_ratio<T>(const dense<T>&);
SVDKIT_TEST_MEASURE_INSTANCES(extern, float)
SVDKIT_TEST_MEASURE_INSTANCES(extern, double)
SVDKIT_TEST_MEASURE_INSTANCES(extern, long double)

/// max_i |s_i − σ_i| / (σ_1 · max(m, n) · ε_T): the normwise (Weyl) measure against reference σ.
/// Sizes must match (a mismatch gives +∞). `floor` is an absolute error per value that the
/// output's representation forces and that is not counted (default 0; denorm_min for values in
/// the subnormal range, which can only be multiples of it).
template <class T>
long double value_error_ratio(const std::vector<T>& s, const std::vector<long double>& sigma, std::size_t m,
                              std::size_t n, long double floor = 0) {
    if (s.size() != sigma.size()) return std::numeric_limits<long double>::infinity();
    if (s.empty()) return 0;
    long double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        worst = std::max(worst, std::fabs(static_cast<long double>(s[i]) - sigma[i]) - floor);
    if (!std::isfinite(worst)) return std::numeric_limits<long double>::infinity();
    return safe_ratio(std::max(worst, 0.0L), sigma[0] * static_cast<long double>(std::max(m, n)) * eps<T>());
}

/// max_i |s_i − σ_i| / (σ_i · ε_T): the relative measure, for the cases where it is promised.
/// `floor` is an absolute error per value that is not counted (default 0): relative accuracy is
/// promised "in the absence of underflow", i.e. down to an absolute threshold near the
/// underflow level (σ_i below T's range cannot be returned at all).
template <class T>
long double relative_error_ratio(const std::vector<T>& s, const std::vector<long double>& sigma, long double floor = 0) {
    if (s.size() != sigma.size()) return std::numeric_limits<long double>::infinity();
    long double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!std::isfinite(static_cast<long double>(s[i]))) return std::numeric_limits<long double>::infinity();
        const long double err = std::max(0.0L, std::fabs(static_cast<long double>(s[i]) - sigma[i]) - floor);
        worst = std::max(worst, safe_ratio(err, sigma[i] * eps<T>()));
    }
    return worst;
}

/// True when s is non-increasing and every entry is finite and >= 0.
template <class T>
bool sorted_non_negative(const std::vector<T>& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!(s[i] >= T(0)) || !std::isfinite(s[i])) return false;
        if (i > 0 && s[i] > s[i - 1]) return false;
    }
    return true;
}

/// True when every entry of the matrix is finite.
template <class T>
bool all_finite(const svdkit::matrix<T>& a) {
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!std::isfinite(a.data()[i])) return false;
    return true;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_MEASURES_HPP
