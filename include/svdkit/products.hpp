// svdkit - products and the Frobenius norm of matrices and views, and A rebuilt from its SVD:
// what a program needs to check ‖A − U·Σ·Vᵀ‖ without loops of its own.
//
//     multiply(a, b)        A·B, through the gemm kernel for column- or row-major operands (a
//                           view's transpose() is free, so Aᵀ·B is multiply(a.view().transpose(), b))
//     frobenius_norm(a)     ‖A‖_F = sqrt(Σ |a_ij|²), without overflow or underflow in the squares
//     reconstruct(r[, k])   U_k·diag(s_k)·V_kᵀ from an svd_result (all its triplets, or the first k:
//                           the best rank-k approximation when r is an SVD of A); U_k·diag(s_k)·V_kᴴ
//                           for complex T
//
// Complex T (std::complex<R>) runs through the complex gemm kernel (detail::complex_gemm); the
// real paths are the code they were before complex T: the same bits.
//
// References:
// [1] LAPACK dlassq / dnrm2 (Blue 1978; Anderson 2017): a sum of squares scaled by the largest
//     magnitude so that neither the squares nor their sum can overflow or underflow (here through
//     detail::norm2, which does that when the plain sum leaves the safe range).
#ifndef SVDKIT_PRODUCTS_HPP
#define SVDKIT_PRODUCTS_HPP

#include <cmath>        // std::abs, std::isnan
#include <complex>      // std::complex
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::enable_if_t, std::is_same

#include "detail/kernels/complex_gemm.hpp"
#include "detail/kernels/gemm.hpp"
#include "detail/kernels/numeric.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace detail {

/// How complex_gemm reads a view in place: column-major (op none) or row-major (the stored array
/// is Aᵀ column-major: op transpose), with its leading dimension; false for general strides.
template <class T>
bool complex_gemm_operand(const matrix_view<const T>& a, gemm_op& op, std::size_t& ld) {
    bool trans = false;
    if (!gemm_operand(a, trans, ld)) return false;
    op = trans ? gemm_op::transpose : gemm_op::none;
    return true;
}

/// multiply_views (gemm.hpp) for complex T: operands the kernel cannot read in place are copied once.
template <class T>
matrix<T> multiply_complex_views(const matrix_view<const T>& a, const matrix_view<const T>& b) {
    if (a.cols() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) + " by " +
                                    shape_string(b.rows(), b.cols()) + " (the inner dimensions " +
                                    std::to_string(a.cols()) + " and " + std::to_string(b.rows()) + " differ)");
    matrix<T> c(a.rows(), b.cols());  // zeros: the answer when the inner dimension is 0
    if (a.rows() == 0 || b.cols() == 0 || a.cols() == 0) return c;
    gemm_op opa = gemm_op::none, opb = gemm_op::none;
    std::size_t lda = 0, ldb = 0;
    matrix<T> ca, cb;  // copies, only for views the kernel cannot read
    const T* pa = a.data();
    const T* pb = b.data();
    if (!complex_gemm_operand(a, opa, lda)) ca = matrix<T>(a), pa = ca.data(), lda = ca.rows();
    if (!complex_gemm_operand(b, opb, ldb)) cb = matrix<T>(b), pb = cb.data(), ldb = cb.rows();
    complex_gemm(opa, opb, a.rows(), b.cols(), a.cols(), T(1), pa, lda, pb, ldb, T(0), c.data(), c.rows());
    return c;
}

/// ‖x‖₂ of n entries at stride inc, real or complex.
template <class T>
real_type_t<T> entries_norm2(std::size_t n, const T* x, std::ptrdiff_t inc = 1) noexcept {
    if constexpr (is_complex<T>::value)
        return complex_norm2(n, x, inc);
    else
        return norm2(n, x, inc);
}

}  // namespace detail

/// \brief C = A·B: a matrix<T> or any matrix_view for either argument (the same T), computed by
/// the gemm kernel (views with general strides are copied first); for complex T the complex
/// gemm kernel, which also reads column- and row-major views in place.
/// \throws std::invalid_argument when a.cols() != b.rows(), naming both shapes.
/// ```
/// auto ata = svdkit::multiply(a.view().transpose(), a);   // AᵀA, no copy of Aᵀ
/// ```
/// (For complex A, a.view().transpose() is Aᵀ, not Aᴴ: a view cannot conjugate.)
template <class A, class B, class V = detail::view_value_t<detail::from_argument, A>,
          std::enable_if_t<std::is_same<V, detail::view_value_t<detail::from_argument, B>>::value, int> = 0>
matrix<V> multiply(const A& a, const B& b) {
    if constexpr (detail::is_complex<V>::value)
        return detail::multiply_complex_views<V>(detail::as_view<detail::from_argument>(a),
                                                 detail::as_view<detail::from_argument>(b));
    else
        return detail::multiply_views<V>(detail::as_view<detail::from_argument>(a),
                                         detail::as_view<detail::from_argument>(b));
}

/// \brief ‖A‖_F, the square root of the sum of squares of the entries, free of overflow and
/// underflow (detail::norm2's scaled sum, over the whole memory when the view is contiguous, else
/// column by column or row by row, combined by hypot). NaN if an entry is NaN, +Inf if one is
/// infinite (and none NaN); 0 for an empty matrix. For complex T it is sqrt(Σ |a_ij|²), the norm
/// of the 2·m·n real and imaginary parts, and of the real type R.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
detail::real_type_t<detail::view_value_t<T, A>> frobenius_norm(const A& a) {
    using V = detail::view_value_t<T, A>;
    using R = detail::real_type_t<V>;
    const matrix_view<const V> x = detail::as_view<T>(a);
    const std::size_t m = x.rows(), n = x.cols();
    if (m == 0 || n == 0) return R(0);
    const auto rs = x.row_stride(), cs = x.col_stride();
    if ((rs == 1 && cs == static_cast<std::ptrdiff_t>(m)) || (cs == 1 && rs == static_cast<std::ptrdiff_t>(n)))
        return detail::entries_norm2(m * n, x.data());
    // lines along the smaller stride: columns (stride rs) or rows (stride cs)
    const bool by_column = std::abs(rs) <= std::abs(cs);
    R r = 0;
    bool nan = false;
    for (std::size_t l = 0; l < (by_column ? n : m); ++l) {
        const R c = by_column ? detail::entries_norm2(m, &x(0, l), rs) : detail::entries_norm2(n, &x(l, 0), cs);
        nan = nan || std::isnan(c);
        r = detail::hypot2(r, c);
    }
    return nan ? std::numeric_limits<R>::quiet_NaN() : r;
}

/// \brief U_k·diag(s_k)·V_kᵀ from an SVD result: the first k triplets (k = s.size(), all of them, by
/// default). For r = svd(A) this is A to rounding; for k < rank(A) it is the best rank-k
/// approximation (Eckart-Young), whose 2-norm error is s[k]. Thin or full vectors both work (full
/// ones use their first k columns). For complex T it is U_k·diag(s_k)·V_kᴴ (v holds V itself, s
/// is real), the complex gemm kernel reading V as its adjoint.
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
    matrix<T> us(m, k);  // U_k·diag(s_k); complex times real scales both parts
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < m; ++i) us(i, j) = r.u(i, j) * r.s[j];
    if constexpr (detail::is_complex<T>::value)
        detail::complex_gemm(detail::gemm_op::none, detail::gemm_op::adjoint, m, n, k, T(1), us.data(), m,
                             r.v.data(), n, T(0), c.data(), m);
    else
        detail::gemm(false, true, m, n, k, T(1), us.data(), m, r.v.data(), n, T(0), c.data(), m);
    return c;
}
template <class T>
matrix<T> reconstruct(const svd_result<T>& r) {
    return reconstruct(r, r.s.size());
}

}  // namespace svdkit

#endif  // SVDKIT_PRODUCTS_HPP
