// svdkit::detail - solves with an upper triangular matrix: one right-hand side either way
// (x ← R⁻¹·x, x ← R⁻ᵀ·x) and many (B ← R⁻¹·B) through the gemm kernel.
//
// The block solve splits R = [R₁₁ R₁₂; 0 R₂₂] and B = [B₁; B₂]:
//
//     X₂ = R₂₂⁻¹·B₂,   B₁ ← B₁ − R₁₂·X₂,   X₁ = R₁₁⁻¹·B₁,
//
// recursively on halves, so all but leaves of triangular_leaf rows are matrix products (the
// Level 3 form of [1] dtrsm, 'L', 'U', 'N'). Back substitution is backward stable row by row,
// (R + δR)·x̂ = b with |δR| <= O(n·ε)·|R| [2, Thm 8.5], whatever the order of the additions.
//
// References:
// [1] J. Dongarra, J. Du Croz, I. Duff, S. Hammarling, "A set of level 3 basic linear algebra
//     subprograms", ACM TOMS 16 (1990): dtrsm.
// [2] N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., SIAM (2002), §8.
#ifndef SVDKIT_DETAIL_KERNELS_TRIANGULAR_HPP
#define SVDKIT_DETAIL_KERNELS_TRIANGULAR_HPP

#include <cstddef>  // std::size_t

#include "gemm.hpp"

namespace svdkit {
namespace detail {

/// Rows at most this many are solved by plain back substitution in trsm_upper.
constexpr std::size_t triangular_leaf = 32;

/// x ← R⁻¹·x, R the n×n upper triangle at r (leading dimension ldr; nothing below the diagonal
/// is read). Column-oriented: each x_j, once known, is removed from the rows above in one pass.
template <class T>
void trsv_upper(std::size_t n, const T* r, std::size_t ldr, T* x) noexcept {
    for (std::size_t j = n; j-- > 0;) {
        const T* rj = r + j * ldr;
        x[j] /= rj[j];
        const T xj = x[j];
        for (std::size_t i = 0; i < j; ++i) x[i] -= xj * rj[i];
    }
}

/// x ← R⁻ᵀ·x (forward substitution with Rᵀ, lower): x_j = (x_j − R(0:j, j)ᵀ·x(0:j))/R(j, j).
template <class T>
void trsv_upper_transposed(std::size_t n, const T* r, std::size_t ldr, T* x) noexcept {
    for (std::size_t j = 0; j < n; ++j) {
        const T* rj = r + j * ldr;
        x[j] = (x[j] - dot(j, rj, x)) / rj[j];
    }
}

/// B ← R⁻¹·B, R the n×n upper triangle at r (ldr), B n×nb at b (ldb).
template <class T>
void trsm_upper(std::size_t n, std::size_t nb, const T* r, std::size_t ldr, T* b, std::size_t ldb,
                gemm_workspace<T>* gws = nullptr) {
    if (n == 0 || nb == 0) return;
    if (n <= triangular_leaf) {
        for (std::size_t j = 0; j < nb; ++j) trsv_upper(n, r, ldr, b + j * ldb);
        return;
    }
    const std::size_t n1 = n / 2, n2 = n - n1;
    trsm_upper(n2, nb, r + n1 + n1 * ldr, ldr, b + n1, ldb, gws);                     // X₂
    gemm(false, false, n1, nb, n2, T(-1), r + n1 * ldr, ldr, b + n1, ldb, T(1), b, ldb, gws);  // B₁ −= R₁₂·X₂
    trsm_upper(n1, nb, r, ldr, b, ldb, gws);                                          // X₁
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_TRIANGULAR_HPP
