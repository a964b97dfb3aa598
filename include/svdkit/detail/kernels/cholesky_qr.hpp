// svdkit::detail - the QR factorization of a tall block whose columns are nearly orthogonal,
// by Cholesky QR run twice on the column-scaled block.
//
// X = A·V_k at the end of partial_svd is m×k with m up to 10⁵ and columns that are orthogonal
// up to the Ritz residuals (A·v_i = θ_i·u_i). The thin SVD of X through Householder QR costs
// k passes over the m×k block (measured, 100000×50: 0.7 s for the values alone, under load),
// where Cholesky QR needs two Gram matrices and two products with k×k triangles, all gemm [1].
// Scaling the columns to unit length first makes the Gram matrix I + O(small) whatever the
// grading of the columns (σ₀ to σ_{k−1}), so the condition that Cholesky QR needs (κ² well
// below 1/ε) holds with room; where the scaled block is not that close to orthonormal a second
// pass brings the orthogonality of Q from O(ε·κ²) to O(ε) [2]. Where a scaled Cholesky pivot falls below 1/2 (a zero or dependent column: a
// rank-deficient A, k > rank) the function declines and the caller takes the Householder path.
//
// References:
// [1] A. Stathopoulos, K. Wu, "A block orthogonalization procedure with constant
//     synchronization requirements", SIAM J. Sci. Comput. 23 (2002): Cholesky QR.
// [2] Y. Yamamoto, Y. Nakatsukasa, Y. Yanagisawa, T. Fukaya, "Roundoff error analysis of the
//     CholeskyQR2 algorithm", Electron. Trans. Numer. Anal. 44 (2015).
#ifndef SVDKIT_DETAIL_KERNELS_CHOLESKY_QR_HPP
#define SVDKIT_DETAIL_KERNELS_CHOLESKY_QR_HPP

#include <cmath>    // std::sqrt
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <vector>   // std::vector

#include "gemm.hpp"

namespace svdkit {
namespace detail {

/// G = Rᵀ·R for the k×k symmetric G (upper triangle read), R upper triangular (the lower
/// triangle zeroed). False when a pivot is below min_pivot or not finite.
template <class T>
bool cholesky_upper(std::size_t k, const T* g, T* r, T min_pivot) {
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < k; ++i) r[j * k + i] = T(0);
    for (std::size_t j = 0; j < k; ++j) {
        T d = g[j * k + j];
        for (std::size_t i = 0; i < j; ++i) d -= r[j * k + i] * r[j * k + i];
        if (!(d >= min_pivot && d <= std::numeric_limits<T>::max())) return false;  // NaN fails too
        const T rjj = std::sqrt(d);
        r[j * k + j] = rjj;
        for (std::size_t l = j + 1; l < k; ++l) {
            T s = g[l * k + j];
            for (std::size_t i = 0; i < j; ++i) s -= r[j * k + i] * r[l * k + i];
            r[l * k + j] = s / rjj;
        }
    }
    return true;
}

/// M = R⁻¹ for the k×k upper triangular R with a non-zero diagonal (M upper triangular).
template <class T>
void upper_inverse(std::size_t k, const T* r, T* m) {
    for (std::size_t i = 0; i < k * k; ++i) m[i] = T(0);
    for (std::size_t j = 0; j < k; ++j) {  // column j of M: R·m_j = e_j, back substitution
        m[j * k + j] = T(1) / r[j * k + j];
        for (std::size_t ii = j; ii-- > 0;) {
            T s = 0;
            for (std::size_t l = ii + 1; l <= j; ++l) s += r[l * k + ii] * m[j * k + l];
            m[j * k + ii] = -s / r[ii * k + ii];
        }
    }
}

/// X = Q·R for the m×k block X (column-major, leading dimension m, k <= m) by Cholesky QR on
/// X·D⁻¹, D the column norms: one pass where the scaled Gram matrix is within 1/8 of I in the
/// Frobenius norm (then κ(X·D⁻¹)² <= 1.3 and one pass is as orthogonal as two: both are limited by
/// the rounding of the Gram matrix [2]), else a second pass on Q₁ = X·D⁻¹·R₁⁻¹ (written to q1).
/// Returns 1 with Q = X·f and r = R₁·D, 2 with Q = q1·f and r = R₂·R₁·D (f, r k×k, r upper
/// triangular), or 0 (outputs unspecified) where a column is zero or not finite or a scaled
/// pivot is below 1/2: the caller then takes another path.
template <class T>
int cholesky_qr(std::size_t m, std::size_t k, const T* x, T* q1, T* r, T* f) {
    std::vector<T> g(k * k), r1(k * k), r2(k * k), m1(k * k), d(k);
    gemm(true, false, k, k, m, T(1), x, m, x, m, T(0), g.data(), k);
    for (std::size_t j = 0; j < k; ++j) {
        d[j] = std::sqrt(g[j * k + j]);
        if (!(d[j] > T(0) && d[j] <= std::numeric_limits<T>::max())) return 0;
    }
    T off = 0;  // ‖G − I‖_F², G scaled
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < k; ++i) {
            g[j * k + i] /= d[i] * d[j];
            const T e = g[j * k + i] - T(i == j ? 1 : 0);
            off += e * e;
        }
    if (!cholesky_upper(k, g.data(), r1.data(), T(0.5))) return 0;
    upper_inverse(k, r1.data(), m1.data());
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i <= j; ++i) m1[j * k + i] /= d[i];
    if (off <= T(1) / T(64)) {
        for (std::size_t i = 0; i < k * k; ++i) f[i] = m1[i];
        for (std::size_t j = 0; j < k; ++j)
            for (std::size_t i = 0; i < k; ++i) r[j * k + i] = i <= j ? r1[j * k + i] * d[j] : T(0);
        return 1;
    }
    gemm(false, false, m, k, k, T(1), x, m, m1.data(), k, T(0), q1, m);
    gemm(true, false, k, k, m, T(1), q1, m, q1, m, T(0), g.data(), k);
    if (!cholesky_upper(k, g.data(), r2.data(), T(0.5))) return 0;
    upper_inverse(k, r2.data(), f);
    // r = R₂·(R₁·D): upper times upper
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < k; ++i) {
            T s = 0;
            for (std::size_t l = i; l <= j; ++l) s += r2[l * k + i] * r1[j * k + l];
            r[j * k + i] = i <= j ? s * d[j] : T(0);
        }
    return 2;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_CHOLESKY_QR_HPP
