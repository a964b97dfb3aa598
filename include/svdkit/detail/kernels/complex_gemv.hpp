// svdkit::detail - complex matrix-vector products for the complex reductions: y += A·x, y = Aᴴ·x
// and the rank-one update A += x·yᵀ, on column-major std::complex<R> (interleaved) arrays.
//
// These are memory-bound (each entry of A is used once), so they must stream A at full vector
// width. The loops read A as a plain array of reals, two per entry, and never split it:
// - y += A·x, four columns per pass over y: P = Σⱼ aⱼ·Re xⱼ and Q = Σⱼ aⱼ·Im xⱼ lane by lane
//   (each lane a real or an imaginary part), then y += P + (−1, +1, …)·swap(Q), where swap
//   exchanges the two parts of every entry: (aᵣxᵣ − aᵢxᵢ, aᵢxᵣ + aᵣxᵢ). One shuffle per vector
//   of y and four columns.
// - y = Aᴴ·x, four columns per pass over x: Sⱼ = Σ aⱼ·x and Tⱼ = Σ aⱼ·swap(x) lane by lane, so
//   Re yⱼ = Σ lanes of Sⱼ (aᵣxᵣ + aᵢxᵢ) and Im yⱼ = Σ even lanes − Σ odd lanes of Tⱼ
//   (aᵣxᵢ − aᵢxᵣ). One shuffle per vector of x and four columns.
// - A += x·yᵀ, one column at a time as the first form.
// With GCC or Clang the lanes are vector registers (the vector extensions of gemm.hpp); other
// compilers and long double take plain loops. The order of the additions depends only on the
// shapes: the same inputs give the same bits.
//
// References:
// [1] J. Dongarra, J. Du Croz, S. Hammarling, R. Hanson, "An extended set of FORTRAN basic
//     linear algebra subprograms", ACM TOMS 14 (1988): zgemv ('N', 'C') and zgeru.
// [2] F. Van Zee, T. Smith, "Implementing high-performance complex matrix multiplication via the
//     3m and 4m methods", ACM TOMS 44 (2017): complex products as real ones on the real and
//     imaginary parts.
#ifndef SVDKIT_DETAIL_KERNELS_COMPLEX_GEMV_HPP
#define SVDKIT_DETAIL_KERNELS_COMPLEX_GEMV_HPP

#include <complex>  // std::complex
#include <cstddef>  // std::size_t
#include <cstdint>  // std::int32_t, std::int64_t
#include <cstring>  // std::memcpy
#include <type_traits>  // std::conditional_t
#include <utility>  // std::index_sequence

#include "gemm.hpp"  // gemm_blocking, SVDKIT_HAS_VECTOR_EXTENSIONS

namespace svdkit {
namespace detail {

/// y[i] += Σ_{k<NC} A(i, k)·x[k] for rows [i0, m) (scalar tail and portable form).
template <class R, std::size_t NC>
inline void complex_axpy_cols_scalar(std::size_t i0, std::size_t m, const std::complex<R>* a, std::size_t lda,
                                     const std::complex<R>* x, std::complex<R>* y) noexcept {
    for (std::size_t i = i0; i < m; ++i) {
        R pr = 0, pi = 0, qr = 0, qi = 0;  // the vector form's P and Q, in its order
        for (std::size_t k = 0; k < NC; ++k) {
            const std::complex<R> aik = a[i + k * lda];
            pr += aik.real() * x[k].real();
            pi += aik.imag() * x[k].real();
            qr += aik.real() * x[k].imag();
            qi += aik.imag() * x[k].imag();
        }
        y[i] = {y[i].real() + (pr - qi), y[i].imag() + (pi + qr)};
    }
}

/// y[k] += Σ_{i0 <= i < m} conj(A(i, k))·x[i] for the NC columns (scalar tail and portable form).
template <class R, std::size_t NC>
inline void complex_dot_cols_scalar(std::size_t i0, std::size_t m, const std::complex<R>* a, std::size_t lda,
                                    const std::complex<R>* x, std::complex<R>* y) noexcept {
    for (std::size_t k = 0; k < NC; ++k) {
        R re = 0, im = 0;
        const std::complex<R>* ak = a + k * lda;
        for (std::size_t i = i0; i < m; ++i) {
            re += ak[i].real() * x[i].real() + ak[i].imag() * x[i].imag();
            im += ak[i].real() * x[i].imag() - ak[i].imag() * x[i].real();
        }
        y[k] += std::complex<R>(re, im);
    }
}

#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
template <class R>
struct complex_gemv_vec {
#if defined(__AVX512F__)  // measured ~5% faster than 256-bit vectors on the AVX-512 EPYC
    static constexpr std::size_t L = 64 / sizeof(R);  // reals per vector, L/2 entries
#else
    static constexpr std::size_t L = gemm_blocking<R>::lanes;
#endif
    typedef R vec __attribute__((vector_size(L * sizeof(R))));
    typedef std::conditional_t<sizeof(R) == 8, std::int64_t, std::int32_t> lane_int;
    typedef lane_int ivec __attribute__((vector_size(L * sizeof(R))));

#if defined(__clang__)
    template <std::size_t... I>
    static vec swap_parts(vec v, std::index_sequence<I...>) noexcept {
        return __builtin_shufflevector(v, v, static_cast<int>(I ^ 1u)...);
    }
    static vec swap(vec v) noexcept { return swap_parts(v, std::make_index_sequence<L>{}); }
#else
    static vec swap(vec v) noexcept {
        ivec mask;
        for (std::size_t l = 0; l < L; ++l) mask[l] = static_cast<lane_int>(l ^ 1u);
        return __builtin_shuffle(v, mask);
    }
#endif
    static vec alternating() noexcept {  // (−1, +1, −1, +1, …)
        vec s;
        for (std::size_t l = 0; l < L; ++l) s[l] = (l & 1u) ? R(1) : R(-1);
        return s;
    }
};

/// y += A·x over the NC columns of A (rows m), in vectors of L/2 entries, then the scalar tail.
template <class R, std::size_t NC>
inline void complex_axpy_cols_vector(std::size_t m, const std::complex<R>* a, std::size_t lda,
                                     const std::complex<R>* x, std::complex<R>* y) noexcept {
    using V = complex_gemv_vec<R>;
    using vec = typename V::vec;
    constexpr std::size_t L = V::L;
    const vec sgn = V::alternating();
    R xr[NC], xi[NC];
    for (std::size_t k = 0; k < NC; ++k) xr[k] = x[k].real(), xi[k] = x[k].imag();
    R* yr = reinterpret_cast<R*>(y);  // std::complex<R> is array-of-2-R ([complex.numbers])
    const R* ar = reinterpret_cast<const R*>(a);
    std::size_t i = 0;
    for (; 2 * i + L <= 2 * m; i += L / 2) {
        vec p{}, q{};
#pragma GCC unroll 4
        for (std::size_t k = 0; k < NC; ++k) {
            vec ak;
            std::memcpy(&ak, ar + 2 * (i + k * lda), sizeof(vec));
            p += ak * xr[k];
            q += ak * xi[k];
        }
        vec yv;
        std::memcpy(&yv, yr + 2 * i, sizeof(vec));
        yv += p + sgn * V::swap(q);
        std::memcpy(yr + 2 * i, &yv, sizeof(vec));
    }
    complex_axpy_cols_scalar<R, NC>(i, m, a, lda, x, y);
}

/// y[k] += Σ_i conj(A(i, k))·x[i] over the NC columns, in vectors of L/2 entries.
template <class R, std::size_t NC>
inline void complex_dot_cols_vector(std::size_t m, const std::complex<R>* a, std::size_t lda,
                                    const std::complex<R>* x, std::complex<R>* y) noexcept {
    using V = complex_gemv_vec<R>;
    using vec = typename V::vec;
    constexpr std::size_t L = V::L;
    const R* ar = reinterpret_cast<const R*>(a);
    const R* xr = reinterpret_cast<const R*>(x);
    vec s[NC], t[NC];
    for (std::size_t k = 0; k < NC; ++k) s[k] = vec{}, t[k] = vec{};
    std::size_t i = 0;
    for (; 2 * i + L <= 2 * m; i += L / 2) {
        vec xv;
        std::memcpy(&xv, xr + 2 * i, sizeof(vec));
        const vec xs = V::swap(xv);
#pragma GCC unroll 4
        for (std::size_t k = 0; k < NC; ++k) {
            vec ak;
            std::memcpy(&ak, ar + 2 * (i + k * lda), sizeof(vec));
            s[k] += ak * xv;
            t[k] += ak * xs;
        }
    }
    for (std::size_t k = 0; k < NC; ++k) {
        R re = 0, im = 0;
        for (std::size_t l = 0; l < L; l += 2) {
            re += s[k][l] + s[k][l + 1];
            im += t[k][l] - t[k][l + 1];
        }
        y[k] += std::complex<R>(re, im);
    }
    complex_dot_cols_scalar<R, NC>(i, m, a, lda, x, y);
}
#endif

template <class R, std::size_t NC>
inline void complex_axpy_cols(std::size_t m, const std::complex<R>* a, std::size_t lda, const std::complex<R>* x,
                              std::complex<R>* y) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(R) == 4 || sizeof(R) == 8) {
        complex_axpy_cols_vector<R, NC>(m, a, lda, x, y);
        return;
    }
#endif
    complex_axpy_cols_scalar<R, NC>(0, m, a, lda, x, y);
}

template <class R, std::size_t NC>
inline void complex_dot_cols(std::size_t m, const std::complex<R>* a, std::size_t lda, const std::complex<R>* x,
                             std::complex<R>* y) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(R) == 4 || sizeof(R) == 8) {
        complex_dot_cols_vector<R, NC>(m, a, lda, x, y);
        return;
    }
#endif
    complex_dot_cols_scalar<R, NC>(0, m, a, lda, x, y);
}

/// y += A·x for the m×n block A (leading dimension lda), x and y contiguous ([1] zgemv, 'N').
template <class R>
void complex_gemv_n(std::size_t m, std::size_t n, const std::complex<R>* a, std::size_t lda,
                    const std::complex<R>* x, std::complex<R>* y) noexcept {
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) complex_axpy_cols<R, 4>(m, a + j * lda, lda, x + j, y);
    for (; j < n; ++j) complex_axpy_cols<R, 1>(m, a + j * lda, lda, x + j, y);
}

/// y = Aᴴ·x for the m×n block A (leading dimension lda), x and y contiguous ([1] zgemv, 'C').
template <class R>
void complex_gemv_c(std::size_t m, std::size_t n, const std::complex<R>* a, std::size_t lda,
                    const std::complex<R>* x, std::complex<R>* y) noexcept {
    for (std::size_t j = 0; j < n; ++j) y[j] = std::complex<R>(0);
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) complex_dot_cols<R, 4>(m, a + j * lda, lda, x, y + j);
    for (; j < n; ++j) complex_dot_cols<R, 1>(m, a + j * lda, lda, x, y + j);
}

/// A += x·yᵀ for the m×n block A (leading dimension lda), x contiguous, y at stride incy ([1]
/// zgeru; pass conjugated y for zgerc).
template <class R>
void complex_ger(std::size_t m, std::size_t n, const std::complex<R>* x, const std::complex<R>* y, std::size_t incy,
                 std::complex<R>* a, std::size_t lda) noexcept {
    for (std::size_t j = 0; j < n; ++j) complex_axpy_cols<R, 1>(m, x, 0, y + j * incy, a + j * lda);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_COMPLEX_GEMV_HPP
