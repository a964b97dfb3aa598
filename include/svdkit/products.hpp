// svdkit - products and the Frobenius norm of matrices and views, and A rebuilt from its SVD:
// what a program needs to check ‖A − U·Σ·Vᵀ‖ without loops of its own.
//
//     multiply(a, b)        A·B, through the gemm kernel for column- or row-major operands (a
//                           view's transpose() is free, so Aᵀ·B is multiply(a.view().transpose(), b))
//     frobenius_norm(a)     ‖A‖_F = sqrt(Σ a_ij²), without overflow or underflow in the squares
//     reconstruct(r[, k])   U_k·diag(s_k)·V_kᵀ from an svd_result (all its triplets, or the first k:
//                           the best rank-k approximation when r is an SVD of A)
//
// References:
// [1] LAPACK dlassq / dnrm2 (Blue 1978; Anderson 2017): a sum of squares scaled by the largest
//     magnitude so that neither the squares nor their sum can overflow or underflow.
#ifndef SVDKIT_PRODUCTS_HPP
#define SVDKIT_PRODUCTS_HPP

#include <cmath>        // std::abs, std::isnan, std::sqrt
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::enable_if_t, std::is_same

#include "detail/kernels/gemm.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace detail {

/// A view as an operand of the column-major gemm kernel: column-major memory as it is, row-major
/// memory as the transpose of a column-major matrix. False for other strides (the caller copies).
template <class T>
bool gemm_operand(const matrix_view<const T>& a, bool& trans, std::size_t& ld) {
    const auto rows = static_cast<std::ptrdiff_t>(a.rows() > 0 ? a.rows() : 1);
    const auto cols = static_cast<std::ptrdiff_t>(a.cols() > 0 ? a.cols() : 1);
    if (a.row_stride() == 1 && a.col_stride() >= rows) {
        trans = false;
        ld = static_cast<std::size_t>(a.col_stride());
        return true;
    }
    if (a.col_stride() == 1 && a.row_stride() >= cols) {
        trans = true;
        ld = static_cast<std::size_t>(a.row_stride());
        return true;
    }
    return false;
}

/// A column-major copy of a view with general strides.
template <class T>
matrix<T> dense_copy(const matrix_view<const T>& a) {
    matrix<T> c(a.rows(), a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) c(i, j) = a(i, j);
    return c;
}

/// C = A·B for views (the body of svdkit::multiply).
template <class T>
matrix<T> multiply_views(const matrix_view<const T>& a, const matrix_view<const T>& b) {
    if (a.cols() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) + " by " +
                                    shape_string(b.rows(), b.cols()) + " (the inner dimensions " +
                                    std::to_string(a.cols()) + " and " + std::to_string(b.rows()) + " differ)");
    matrix<T> c(a.rows(), b.cols());  // zeros: the answer when the inner dimension is 0
    if (a.rows() == 0 || b.cols() == 0 || a.cols() == 0) return c;
    bool ta = false, tb = false;
    std::size_t lda = 0, ldb = 0;
    matrix<T> ca, cb;  // copies, only for views gemm cannot read (general strides)
    const T* pa = a.data();
    const T* pb = b.data();
    if (!gemm_operand(a, ta, lda)) ca = dense_copy(a), pa = ca.data(), lda = ca.rows();
    if (!gemm_operand(b, tb, ldb)) cb = dense_copy(b), pb = cb.data(), ldb = cb.rows();
    gemm(ta, tb, a.rows(), b.cols(), a.cols(), T(1), pa, lda, pb, ldb, T(0), c.data(), c.rows());
    return c;
}

}  // namespace detail

/// \brief C = A·B: a matrix<T> or any matrix_view for either argument (the same T), computed by
/// the gemm kernel (views with general strides are copied first).
/// \throws std::invalid_argument when a.cols() != b.rows(), naming both shapes.
/// ```
/// auto ata = svdkit::multiply(a.view().transpose(), a);   // AᵀA, no copy of Aᵀ
/// ```
template <class A, class B, class V = detail::view_value_t<detail::from_argument, A>,
          std::enable_if_t<std::is_same<V, detail::view_value_t<detail::from_argument, B>>::value, int> = 0>
matrix<V> multiply(const A& a, const B& b) {
    return detail::multiply_views<V>(detail::as_view<detail::from_argument>(a),
                                     detail::as_view<detail::from_argument>(b));
}

/// \brief ‖A‖_F, the square root of the sum of squares of the entries, free of overflow and
/// underflow (the sum is scaled by the largest magnitude). NaN if an entry is NaN, +Inf if one is
/// infinite (and none NaN); 0 for an empty matrix.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
detail::view_value_t<T, A> frobenius_norm(const A& a) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> x = detail::as_view<T>(a);
    V big = 0;
    for (std::size_t j = 0; j < x.cols(); ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) {
            const V v = std::abs(x(i, j));
            if (std::isnan(v)) return v;
            if (v > big) big = v;
        }
    if (big == V(0) || big > std::numeric_limits<V>::max()) return big;  // zero, or an Inf (no NaN)
    V sum = 0;  // Σ (a_ij/big)² ∈ [1, rows·cols]: no overflow, and underflow only of negligible terms
    for (std::size_t j = 0; j < x.cols(); ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) {
            const V v = x(i, j) / big;
            sum += v * v;
        }
    return big * std::sqrt(sum);
}

/// \brief U_k·diag(s_k)·V_kᵀ from an SVD result: the first k triplets (k = s.size(), all of them, by
/// default). For r = svd(A) this is A to rounding; for k < rank(A) it is the best rank-k
/// approximation (Eckart-Young), whose 2-norm error is s[k]. Thin or full vectors both work (full
/// ones use their first k columns).
/// \throws std::invalid_argument when k > s.size() or r holds no U or no V (vectors::none).
template <class T>
matrix<T> reconstruct(const svd_result<T>& r, std::size_t k) {
    if (k > r.s.size())
        throw std::invalid_argument("svdkit::reconstruct: k (= " + std::to_string(k) + ") exceeds the " +
                                    std::to_string(r.s.size()) + " singular values of the result");
    if (r.u.cols() < k || r.v.cols() < k)
        throw std::invalid_argument("svdkit::reconstruct: the result has U of " +
                                    detail::shape_string(r.u.rows(), r.u.cols()) + " and V of " +
                                    detail::shape_string(r.v.rows(), r.v.cols()) + "; " + std::to_string(k) +
                                    " triplets need both (compute U and V: vectors::thin)");
    const std::size_t m = r.u.rows(), n = r.v.rows();
    matrix<T> c(m, n);
    if (m == 0 || n == 0 || k == 0) return c;
    matrix<T> us(m, k);  // U_k·diag(s_k)
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < m; ++i) us(i, j) = r.u(i, j) * r.s[j];
    detail::gemm(false, true, m, n, k, T(1), us.data(), m, r.v.data(), n, T(0), c.data(), m);
    return c;
}
template <class T>
matrix<T> reconstruct(const svd_result<T>& r) {
    return reconstruct(r, r.s.size());
}

}  // namespace svdkit

#endif  // SVDKIT_PRODUCTS_HPP
