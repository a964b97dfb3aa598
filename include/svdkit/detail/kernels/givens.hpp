// svdkit::detail - Givens plane rotations: safe generation and application to column pairs.
//
//     [ c  s ] [ f ]   [ r ]
//     [-s  c ] [ g ] = [ 0 ],      c² + s² = 1.
//
// References:
// [1] E. Anderson, "Algorithm 978: Safe scaling in the Level 1 BLAS", ACM TOMS 44 (2017), and
//     LAPACK 3.10 dlartg (LAWN 150 for the older version): r = ±sqrt(f² + g²) computed without
//     overflow or harmful underflow; here r takes the sign of f, so c >= 0.
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., §5.1.8 (Givens rotations).
#ifndef SVDKIT_DETAIL_KERNELS_GIVENS_HPP
#define SVDKIT_DETAIL_KERNELS_GIVENS_HPP

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t

#include "numeric.hpp"

namespace svdkit {
namespace detail {

template <class T>
struct givens {
    T c;
    T s;
    T r;
};

/// The rotation that zeroes g against f (LAPACK dlartg semantics, [1]).
template <class T>
givens<T> make_givens(T f, T g) noexcept {
    if (g == T(0)) return {T(1), T(0), f};
    if (f == T(0)) return {T(0), sign(T(1), g), std::abs(g)};
    const T f1 = std::abs(f);
    const T g1 = std::abs(g);
    const T rtmin = constants<T>::rt_min();
    const T rtmax = constants<T>::rt_max();
    if (f1 > rtmin && f1 < rtmax && g1 > rtmin && g1 < rtmax) {
        // Both squares are safe: the textbook formula.
        const T d = std::sqrt(f * f + g * g);
        const T r = sign(d, f);
        return {f1 / d, g / r, r};
    }
    // Scale by u, a value between the two magnitudes' range limits, so the squares are safe.
    const T u = std::min(constants<T>::safe_max(), std::max(constants<T>::safe_min(), std::max(f1, g1)));
    const T fs = f / u;
    const T gs = g / u;
    const T d = std::sqrt(fs * fs + gs * gs);
    const T r = sign(d, f);
    return {std::abs(fs) / d, gs / r, r * u};
}

/// x ← c·x + s·y,  y ← c·y − s·x  on n elements (two columns of a column-major matrix).
/// Applied to columns k, k+1 of U (or of V) this is the update A = U B Vᵀ stays true under.
template <class T>
inline void rotate(std::size_t n, T* x, T* y, T c, T s) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        const T xi = x[i];
        const T yi = y[i];
        x[i] = c * xi + s * yi;
        y[i] = c * yi - s * xi;
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_GIVENS_HPP
