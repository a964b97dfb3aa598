// svdkit::detail - the products of the solvers and uses (solve, low_rank, randomized) for real or
// complex T: A·B, Aᴴ·B, A·Bᴴ and Aᴴ itself, where ᴴ is the transpose for real T.
//
// For real T each is the gemm call it was before complex T (multiply, multiply_at_b,
// multiply_a_bt, transpose): the same bits. For complex T the complex gemm kernel reads the
// operand as its adjoint (gemm_op::adjoint), which packing absorbs: no conjugated copy.
#ifndef SVDKIT_DETAIL_KERNELS_ADJOINT_PRODUCTS_HPP
#define SVDKIT_DETAIL_KERNELS_ADJOINT_PRODUCTS_HPP

#include <complex>    // std::conj
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string

#include "../../matrix.hpp"
#include "complex_gemm.hpp"
#include "gemm.hpp"

namespace svdkit {
namespace detail {

/// C = op(A)·op(B), op = none or adjoint (the transpose for real T): the one place the uses'
/// products check their shapes. Real T takes the gemm call multiply/multiply_at_b/multiply_a_bt
/// make (the same bits); complex T the complex kernel, whose packing absorbs the conjugation.
template <class T>
matrix<T> op_product(gemm_op opa, gemm_op opb, const matrix<T>& a, const matrix<T>& b) {
    const bool ta = opa != gemm_op::none, tb = opb != gemm_op::none;
    const std::size_t m = ta ? a.cols() : a.rows();
    const std::size_t k = ta ? a.rows() : a.cols();
    const std::size_t kb = tb ? b.cols() : b.rows();
    const std::size_t n = tb ? b.rows() : b.cols();
    if (k != kb) {
        const char* adj = is_complex<T>::value ? "the adjoint of " : "the transpose of ";
        throw std::invalid_argument(std::string("svdkit::multiply: cannot multiply ") + (ta ? adj : "") +
                                    shape_string(a.rows(), a.cols()) + " by " + (tb ? adj : "") +
                                    shape_string(b.rows(), b.cols()));
    }
    matrix<T> c(m, n);  // zeros: the answer when k = 0
    if (m == 0 || n == 0 || k == 0) return c;
    if constexpr (is_complex<T>::value)
        complex_gemm(opa, opb, m, n, k, T(1), a.data(), a.rows(), b.data(), b.rows(), T(0), c.data(), m);
    else
        gemm(ta, tb, m, n, k, T(1), a.data(), a.rows(), b.data(), b.rows(), T(0), c.data(), m);
    return c;
}

/// C = A·B.
template <class T>
matrix<T> multiply_any(const matrix<T>& a, const matrix<T>& b) {
    return op_product(gemm_op::none, gemm_op::none, a, b);
}

/// C = Aᴴ·B (Aᵀ·B for real T).
template <class T>
matrix<T> multiply_ah_b(const matrix<T>& a, const matrix<T>& b) {
    return op_product(gemm_op::adjoint, gemm_op::none, a, b);
}

/// C = A·Bᴴ (A·Bᵀ for real T).
template <class T>
matrix<T> multiply_a_bh(const matrix<T>& a, const matrix<T>& b) {
    return op_product(gemm_op::none, gemm_op::adjoint, a, b);
}

/// Aᴴ, the conjugate transpose (Aᵀ for real T), as a matrix: for randomized_svd's small l×n B,
/// which the SVD driver needs in memory (a product would not avoid this copy).
template <class T>
matrix<T> adjoint(const matrix<T>& a) {
    if constexpr (is_complex<T>::value) {
        matrix<T> h(a.cols(), a.rows());
        for (std::size_t j = 0; j < a.cols(); ++j)
            for (std::size_t i = 0; i < a.rows(); ++i) h(j, i) = std::conj(a(i, j));
        return h;
    } else {
        return a.transpose();
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_ADJOINT_PRODUCTS_HPP
