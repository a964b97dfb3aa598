// svdkit::detail - products of a large matrix with a narrow block: Y = A·X and Y = Aᵀ·X for A
// m×n (column-major, leading dimension lda) and X with b columns, b small (a Krylov block).
//
// gemm packs A into panels before multiplying, which pays when A is reused across many columns
// of X; for a block of b <= skinny_max_block columns the packing pass alone costs more than the
// product (measured, 4000×2000 doubles: gemm with b = 4 takes 7× the time of one gemv). These
// kernels read A from memory once: four columns of A at a time, reused from cache for every
// column of the block (A·X), or against four columns of X at a time (Aᵀ·X), with the four-column
// gemv kernels (gemv.hpp) doing the arithmetic. Measured (4000×2000 and 10000×1000, load ~2.7 on
// 2 cores): b = 4 in 1.8–1.9 gemv times for A·X, 2.0–2.2 for Aᵀ·X; b = 8 in 3.2 and 3.0–3.5.
// Row-blocking A·X (so that the four columns come from L1) or running all of A's columns
// against registers of rows measured slower (2.3–6 gemv times at b = 4).
//
// The order of the additions depends only on the shapes: the same inputs give the same bits.
//
// References:
// [1] J. Dongarra, J. Du Croz, S. Hammarling, R. Hanson, "An extended set of FORTRAN basic
//     linear algebra subprograms", ACM TOMS 14 (1988): dgemv, here on several right-hand sides.
// [2] K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34
//     (2008): the cost of packing, which a block of a few columns cannot amortize.
#ifndef SVDKIT_DETAIL_KERNELS_SKINNY_HPP
#define SVDKIT_DETAIL_KERNELS_SKINNY_HPP

#include <cstddef>  // std::size_t
#include <cstring>  // std::memcpy

#include "gemv.hpp"

namespace svdkit {
namespace detail {

/// The widest block the skinny kernels serve (wider blocks go to gemm, whose packing then pays).
constexpr std::size_t skinny_max_block = 16;

/// y_c[k] = Σ_i A(i, k)·x_c[i], k < 4, c < C (C = 2 or 4): four columns of A against C columns
/// of X (ldx apart), 4·C running sums, so each vector of A loaded feeds C products (measured,
/// 4000×2000 and 10000×1000, b = 4: Aᵀ·X with C = 4 in 2.0–2.2 gemv times against 2.5–2.8 for two
/// passes with C = 2; b = 8: 3.0–3.5 against 4.0–4.5).
template <std::size_t C, class T>
inline void dot4xc(std::size_t m, const T* a, std::size_t lda, const T* x, std::size_t ldx, T* y,
                   std::size_t ldy) noexcept {
    std::size_t i = 0;
    T s[C][4] = {};
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        constexpr std::size_t L = gemm_blocking<T>::lanes;
        typedef T vec __attribute__((vector_size(L * sizeof(T))));
        vec acc[C][4] = {};
        for (; i + L <= m; i += L) {
            vec v[4];
            for (std::size_t k = 0; k < 4; ++k) std::memcpy(&v[k], a + k * lda + i, sizeof(vec));
            for (std::size_t c = 0; c < C; ++c) {
                vec xc;
                std::memcpy(&xc, x + c * ldx + i, sizeof(vec));
                for (std::size_t k = 0; k < 4; ++k) acc[c][k] += v[k] * xc;
            }
        }
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t k = 0; k < 4; ++k)
                for (std::size_t l = 0; l < L; ++l) s[c][k] += acc[c][k][l];
    }
#endif
    for (; i < m; ++i)
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t k = 0; k < 4; ++k) s[c][k] += a[k * lda + i] * x[c * ldx + i];
    for (std::size_t c = 0; c < C; ++c)
        for (std::size_t k = 0; k < 4; ++k) y[c * ldy + k] = s[c][k];
}

/// Y = A·X: A m×n (lda), X n×b (ldx), Y m×b (ldy), overwritten. Four columns of A at a time
/// (read from memory once, then from cache for each column of X).
template <class T>
void skinny_n(std::size_t m, std::size_t n, std::size_t b, const T* a, std::size_t lda, const T* x, std::size_t ldx,
              T* y, std::size_t ldy) noexcept {
    for (std::size_t c = 0; c < b; ++c)
        for (std::size_t i = 0; i < m; ++i) y[c * ldy + i] = T(0);
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4)
        for (std::size_t c = 0; c < b; ++c) axpy4(m, a + j * lda, lda, x + c * ldx + j, y + c * ldy);
    for (; j < n; ++j)
        for (std::size_t c = 0; c < b; ++c) {
            const T xj = x[c * ldx + j];
            const T* aj = a + j * lda;
            T* yc = y + c * ldy;
            for (std::size_t i = 0; i < m; ++i) yc[i] += aj[i] * xj;
        }
}

/// Y = Aᵀ·X: A m×n (lda), X m×b (ldx), Y n×b (ldy), overwritten. Four columns of A against four
/// of X at a time, then two, then one.
template <class T>
void skinny_t(std::size_t m, std::size_t n, std::size_t b, const T* a, std::size_t lda, const T* x, std::size_t ldx,
              T* y, std::size_t ldy) noexcept {
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        std::size_t c = 0;
        for (; c + 4 <= b; c += 4) dot4xc<4>(m, a + j * lda, lda, x + c * ldx, ldx, y + c * ldy + j, ldy);
        for (; c + 2 <= b; c += 2) dot4xc<2>(m, a + j * lda, lda, x + c * ldx, ldx, y + c * ldy + j, ldy);
        if (c < b) dot4(m, a + j * lda, lda, x + c * ldx, y + c * ldy + j);
    }
    for (; j < n; ++j)
        for (std::size_t c = 0; c < b; ++c) y[c * ldy + j] = dot(m, a + j * lda, x + c * ldx);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_SKINNY_HPP
