// svdkit::detail - products of complex matrices: C = β·C + α·op(A)·op(B) with op ∈ {none,
// transpose, adjoint}, on column-major arrays of std::complex<R> (interleaved, as std::complex
// stores it).
//
// The interface is fixed here; the body is a plain reference loop (to be replaced by a
// cache-blocked kernel). Multiplication is written out, (a+ib)(c+id) = (ac−bd) + i(ad+bc), because
// std::complex's operator* must handle NaN/Inf per C Annex G and calls a slow library routine.
//
// The order of the additions depends only on the shapes: the same inputs give the same bits.
#ifndef SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP
#define SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP

#include <complex>      // std::complex
#include <cstddef>      // std::size_t
#include <vector>       // std::vector

#include "../../matrix.hpp"  // is_complex, real_type_t

namespace svdkit {
namespace detail {

/// x·y without the Annex G special cases (finite inputs are all svdkit ever multiplies here).
template <class R>
inline std::complex<R> cmul(std::complex<R> x, std::complex<R> y) noexcept {
    return {x.real() * y.real() - x.imag() * y.imag(), x.real() * y.imag() + x.imag() * y.real()};
}

/// conj(x)·y, the term of a Hermitian inner product.
template <class R>
inline std::complex<R> cmul_conj(std::complex<R> x, std::complex<R> y) noexcept {
    return {x.real() * y.real() + x.imag() * y.imag(), x.real() * y.imag() - x.imag() * y.real()};
}

/// Which operator a product applies to a stored operand: as stored, transposed, or conjugate
/// transposed (the adjoint Aᴴ).
enum class gemm_op { none, transpose, adjoint };

/// Packing buffers and thread count of complex_gemm, reused across calls (as gemm_workspace).
template <class R>
struct complex_gemm_workspace {
    unsigned threads = 1;
    std::vector<std::vector<R>> pack;

    std::size_t capacity_bytes() const noexcept {
        std::size_t b = 0;
        for (const auto& p : pack) b += p.capacity() * sizeof(R);
        return b;
    }
};

/// Element (i, j) of op(A), A column-major with leading dimension lda.
template <class R>
inline std::complex<R> op_element(gemm_op op, const std::complex<R>* A, std::size_t lda, std::size_t i,
                                  std::size_t j) noexcept {
    switch (op) {
        case gemm_op::none: return A[i + j * lda];
        case gemm_op::transpose: return A[j + i * lda];
        default: return std::conj(A[j + i * lda]);
    }
}

/// C = β·C + α·op(A)·op(B), op(A) m×k, op(B) k×n, column-major with leading dimensions lda, ldb,
/// ldc. β = 0 overwrites C (NaNs in C ignored). ws may be null.
template <class R>
void complex_gemm(gemm_op opa, gemm_op opb, std::size_t m, std::size_t n, std::size_t k, std::complex<R> alpha,
                  const std::complex<R>* A, std::size_t lda, const std::complex<R>* B, std::size_t ldb,
                  std::complex<R> beta, std::complex<R>* C, std::size_t ldc,
                  complex_gemm_workspace<R>* ws = nullptr) {
    (void)ws;
    using C_t = std::complex<R>;
    const bool beta_zero = beta.real() == R(0) && beta.imag() == R(0);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t i = 0; i < m; ++i) {
            C_t s{};
            for (std::size_t p = 0; p < k; ++p) s += cmul(op_element(opa, A, lda, i, p), op_element(opb, B, ldb, p, j));
            C_t& c = C[i + j * ldc];
            c = beta_zero ? cmul(alpha, s) : cmul(beta, c) + cmul(alpha, s);
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP
