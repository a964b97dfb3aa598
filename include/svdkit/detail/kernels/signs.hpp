// svdkit::detail - a reproducible sign for each pair of singular vectors (sign_rule).
//
// The SVD fixes uᵢ and vᵢ only up to a common factor ±1, and which sign an algorithm returns
// depends on its path (the shape, the crossover to divide and conquer, the randomized sketch).
// sign_rule::largest_positive picks one: the entry of largest magnitude of uᵢ (the first of
// equal ones) is made positive, and vᵢ is negated with it so that uᵢ·σᵢ·vᵢᵀ is unchanged. When
// only V is computed, vᵢ decides. Negation is exact, so the rule costs O((m + n)·k) and changes
// no digit of the decomposition.
//
// References:
// [1] scikit-learn, sklearn.utils.extmath.svd_flip (u_based_decision=True): the same rule, the
//     precedent for users who compare signs with NumPy/scikit-learn pipelines.
#ifndef SVDKIT_DETAIL_KERNELS_SIGNS_HPP
#define SVDKIT_DETAIL_KERNELS_SIGNS_HPP

#include <cmath>    // std::abs
#include <cstddef>  // std::size_t

#include "../../matrix.hpp"
#include "../../svd_result.hpp"

namespace svdkit {
namespace detail {

/// Whether column j of x (its first `rows` entries) should be negated under largest_positive:
/// its entry of largest magnitude, the lowest index among equal magnitudes (strict >, scanning
/// down), is negative. An all-zero column gives false (left as it is).
template <class T>
bool largest_entry_negative(const matrix<T>& x, std::size_t j) {
    const T* c = x.col_ptr(j);
    std::size_t best = 0;
    T best_abs = T(0);
    for (std::size_t i = 0; i < x.rows(); ++i) {
        const T a = std::abs(c[i]);
        if (a > best_abs) {
            best_abs = a;
            best = i;
        }
    }
    return best_abs > T(0) && c[best] < T(0);
}

/// Applies `rule` to the first k column pairs of u and v (k = the number of singular values).
/// An empty u (vectors::none) leaves the decision to v; with both empty it does nothing, and
/// sign_rule::none never touches a bit.
template <class T>
void apply_sign_rule(sign_rule rule, std::size_t k, matrix<T>& u, matrix<T>& v) {
    if (rule == sign_rule::none) return;
    const bool have_u = u.cols() >= k && u.rows() > 0 && u.cols() > 0;
    const bool have_v = v.cols() >= k && v.rows() > 0 && v.cols() > 0;
    if (!have_u && !have_v) return;
    for (std::size_t j = 0; j < k; ++j) {
        if (!(have_u ? largest_entry_negative(u, j) : largest_entry_negative(v, j))) continue;
        if (have_u) {
            T* c = u.col_ptr(j);
            for (std::size_t i = 0; i < u.rows(); ++i) c[i] = -c[i];
        }
        if (have_v) {
            T* c = v.col_ptr(j);
            for (std::size_t i = 0; i < v.rows(); ++i) c[i] = -c[i];
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_SIGNS_HPP
