// svdkit::detail - blocked matrix-vector products for the Householder reductions.
//
// y = Aᵀ·x computes four inner products per pass over x (four columns of A against one vector
// held in registers), and y += A·x accumulates four columns per pass over y, so that x or y is
// loaded once per four columns instead of once per column. With GCC or Clang the accumulators
// are vector registers (the vector-extension style of gemm.hpp's micro-kernel: AVX/FMA at
// -march=native, SSE2 otherwise); other compilers and long double take plain loops.
//
// The order of the additions depends only on the shapes: the same inputs give the same bits.
//
// References:
// [1] J. Dongarra, J. Du Croz, S. Hammarling, R. Hanson, "An extended set of FORTRAN basic
//     linear algebra subprograms", ACM TOMS 14 (1988): the operations dgemv and dger.
// [2] G. Howell, J. Demmel, C. Fulton, S. Hammarling, K. Marmol, "Cache efficient
//     bidiagonalization using BLAS 2.5 operators", ACM TOMS 34 (2008): reading each column of
//     the trailing matrix once for both of a step's matrix-vector products.
#ifndef SVDKIT_DETAIL_KERNELS_GEMV_HPP
#define SVDKIT_DETAIL_KERNELS_GEMV_HPP

#include <cstddef>  // std::size_t
#include <cstring>  // std::memcpy

#include "gemm.hpp"

namespace svdkit {
namespace detail {

/// y[k] += Σ_{i0 <= i < m} A(i, c+k)·x[i] for the four columns c…c+3 of the block at a (leading
/// dimension lda), one running sum per column: the tail of dot4's portable and vector forms.
template <class T>
inline void dot4_accumulate(std::size_t i0, std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    const T* a0 = a;
    const T* a1 = a + lda;
    const T* a2 = a + 2 * lda;
    const T* a3 = a + 3 * lda;
    T s0 = y[0], s1 = y[1], s2 = y[2], s3 = y[3];
    for (std::size_t i = i0; i < m; ++i) {
        const T xi = x[i];
        s0 += a0[i] * xi;
        s1 += a1[i] * xi;
        s2 += a2[i] * xi;
        s3 += a3[i] * xi;
    }
    y[0] = s0;
    y[1] = s1;
    y[2] = s2;
    y[3] = s3;
}

/// y[k] = Σ_i A(i, c+k)·x[i] for the four columns c…c+3 of the m-row block at a (leading
/// dimension lda): one pass over x. Portable fallback, with eight partial sums per column as dot()
/// keeps (on long columns the rounding then grows with m/8, not m), so that every type may use the
/// 4-column kernels where dot() was used before.
template <class T>
inline void dot4_generic(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    T acc[4][8] = {};
    std::size_t i = 0;
    for (; i + 8 <= m; i += 8)
        for (std::size_t r = 0; r < 8; ++r) {
            const T xi = x[i + r];
            for (std::size_t c = 0; c < 4; ++c) acc[c][r] += a[c * lda + i + r] * xi;
        }
    for (std::size_t c = 0; c < 4; ++c) {
        const T* s = acc[c];
        y[c] = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    }
    dot4_accumulate(i, m, a, lda, x, y);
}

/// y[i] += Σ_k A(i, c+k)·x[k] over the four columns c…c+3: one pass over y. Portable fallback.
template <class T>
inline void axpy4_generic(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    const T* a0 = a;
    const T* a1 = a + lda;
    const T* a2 = a + 2 * lda;
    const T* a3 = a + 3 * lda;
    const T x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
    for (std::size_t i = 0; i < m; ++i) y[i] = (((y[i] + a0[i] * x0) + a1[i] * x1) + a2[i] * x2) + a3[i] * x3;
}

#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
/// dot4 with two vector accumulators per column (eight independent chains).
template <class T>
inline void dot4_vector(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    constexpr std::size_t L = gemm_blocking<T>::lanes;
    typedef T vec __attribute__((vector_size(L * sizeof(T))));
    const T* a0 = a;
    const T* a1 = a + lda;
    const T* a2 = a + 2 * lda;
    const T* a3 = a + 3 * lda;
    vec s0[2] = {}, s1[2] = {}, s2[2] = {}, s3[2] = {};
    std::size_t i = 0;
    for (; i + 2 * L <= m; i += 2 * L) {
        for (std::size_t h = 0; h < 2; ++h) {
            const std::size_t o = i + h * L;
            vec xv, v0, v1, v2, v3;
            std::memcpy(&xv, x + o, sizeof(vec));
            std::memcpy(&v0, a0 + o, sizeof(vec));
            std::memcpy(&v1, a1 + o, sizeof(vec));
            std::memcpy(&v2, a2 + o, sizeof(vec));
            std::memcpy(&v3, a3 + o, sizeof(vec));
            s0[h] += v0 * xv;
            s1[h] += v1 * xv;
            s2[h] += v2 * xv;
            s3[h] += v3 * xv;
        }
    }
    const vec t0 = s0[0] + s0[1], t1 = s1[0] + s1[1], t2 = s2[0] + s2[1], t3 = s3[0] + s3[1];
    y[0] = y[1] = y[2] = y[3] = T(0);
    for (std::size_t l = 0; l < L; ++l) {
        y[0] += t0[l];
        y[1] += t1[l];
        y[2] += t2[l];
        y[3] += t3[l];
    }
    dot4_accumulate(i, m, a, lda, x, y);
}

/// axpy4 on vector registers: y is loaded and stored once per four columns.
template <class T>
inline void axpy4_vector(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    constexpr std::size_t L = gemm_blocking<T>::lanes;
    typedef T vec __attribute__((vector_size(L * sizeof(T))));
    const T* a0 = a;
    const T* a1 = a + lda;
    const T* a2 = a + 2 * lda;
    const T* a3 = a + 3 * lda;
    const T x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
    std::size_t i = 0;
    for (; i + L <= m; i += L) {
        vec yv, v0, v1, v2, v3;
        std::memcpy(&yv, y + i, sizeof(vec));
        std::memcpy(&v0, a0 + i, sizeof(vec));
        std::memcpy(&v1, a1 + i, sizeof(vec));
        std::memcpy(&v2, a2 + i, sizeof(vec));
        std::memcpy(&v3, a3 + i, sizeof(vec));
        yv = (((yv + v0 * x0) + v1 * x1) + v2 * x2) + v3 * x3;
        std::memcpy(y + i, &yv, sizeof(vec));
    }
    axpy4_generic(m - i, a + i, lda, x, y + i);
}
#endif

template <class T>
inline void dot4(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        dot4_vector(m, a, lda, x, y);
        return;
    }
#endif
    dot4_generic(m, a, lda, x, y);
}

template <class T>
inline void axpy4(std::size_t m, const T* a, std::size_t lda, const T* x, T* y) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        axpy4_vector(m, a, lda, x, y);
        return;
    }
#endif
    axpy4_generic(m, a, lda, x, y);
}

/// y = Aᵀ·x for the m×n block A (leading dimension lda); y has n entries ([1] dgemv, 'T').
template <class T>
void gemv_t(std::size_t m, std::size_t n, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) dot4(m, a + j * lda, lda, x, y + j);
    for (; j < n; ++j) y[j] = dot(m, a + j * lda, x);
}

/// y += A·x for the m×n block A (leading dimension lda); y has m entries ([1] dgemv, 'N').
template <class T>
void gemv_n(std::size_t m, std::size_t n, const T* a, std::size_t lda, const T* x, T* y) noexcept {
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) axpy4(m, a + j * lda, lda, x + j, y);
    for (; j < n; ++j) {
        const T xj = x[j];
        const T* aj = a + j * lda;
        for (std::size_t i = 0; i < m; ++i) y[i] += aj[i] * xj;
    }
}

/// A += x·yᵀ for the m×n block A (leading dimension lda) ([1] dger).
template <class T>
void ger(std::size_t m, std::size_t n, const T* x, const T* y, T* a, std::size_t lda) noexcept {
    for (std::size_t j = 0; j < n; ++j) {
        const T yj = y[j];
        T* aj = a + j * lda;
        for (std::size_t i = 0; i < m; ++i) aj[i] += x[i] * yj;
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_GEMV_HPP
