// svdkit - linear operators: a matrix known only through its products with blocks of vectors.
//
// The concept. An object `op` is a linear operator on T when it has
//
//     std::size_t rows() const;                                   // m
//     std::size_t cols() const;                                   // n
//     void apply(const matrix<T>& x, matrix<T>& y) const;         // y = A·x,  x n×b, y m×b
//     void apply_transpose(const matrix<T>& x, matrix<T>& y) const;  // y = Aᵀ·x, x m×b, y n×b
//
// y arrives with its shape already set (m×b, resp. n×b) and must be overwritten entirely; b may
// be 1 or more (products on blocks run at Level-3 speed where the operator can). T is the element
// type of those matrix<T> parameters (or op's `value_type` when it declares one). Nothing else is
// required: a user's type with these four members works with partial_svd (partial_svd.hpp) and
// every function that takes an operator.
//
// Complex operators (T = std::complex<R>): apply_transpose applies the ADJOINT, y = Aᴴ·x (the
// conjugate transpose), not Aᵀ. That is the product the SVD needs (A = U·Σ·Vᴴ, Aᴴ·u_i = σ_i·v_i),
// and for real T the two are the same, so one concept serves both.
//
// svdkit provides: dense_operator<T> (a matrix<T> or any matrix_view, no copy; make_operator),
// csr_view<T, Index> (sparse.hpp), and centered(op, mean), the operator A − 1·meanᵀ applied without
// forming it (PCA of sparse data with implicit centering). Internal wrappers for partial_svd:
// the transpose of an operator and A·(I − V·Vᵀ).
#ifndef SVDKIT_OPERATOR_HPP
#define SVDKIT_OPERATOR_HPP

#include <cmath>        // std::abs
#include <complex>      // std::complex, std::conj
#include <cstddef>      // std::size_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument, std::domain_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::declval, std::enable_if_t, std::is_floating_point, std::remove_*
#include <utility>      // std::forward, std::move
#include <vector>       // std::vector

#include "detail/kernels/complex_gemm.hpp"
#include "detail/kernels/gemm.hpp"
#include "detail/kernels/gemv.hpp"
#include "detail/kernels/gram_schmidt.hpp"
#include "detail/kernels/skinny.hpp"
#include "matrix.hpp"

namespace svdkit {
namespace detail {

// The element type of an operator: Op::value_type if declared, else the T of apply's
// `const matrix<T>&` parameter (deduced from the member function's type).
template <class F>
struct apply_value {};
template <class C, class T>
struct apply_value<void (C::*)(const matrix<T>&, matrix<T>&) const> {
    using type = T;
};
template <class C, class T>
struct apply_value<void (C::*)(const matrix<T>&, matrix<T>&) const noexcept> {
    using type = T;
};

// SFINAE-friendly: a type with neither (a matrix<T>, an int) has no `type`, so overloads taking
// an operator drop out of overload resolution for it.
template <class Op, class = void>
struct has_value_type : std::false_type {};
template <class Op>
struct has_value_type<Op, std::void_t<typename Op::value_type>> : std::true_type {};
template <class Op, class = void>
struct value_from_apply {};
template <class Op>
struct value_from_apply<Op, std::void_t<decltype(&Op::apply)>> : apply_value<decltype(&Op::apply)> {};
template <class Op, bool = has_value_type<Op>::value>
struct operator_value : value_from_apply<Op> {};
template <class Op>
struct operator_value<Op, true> {
    using type = typename Op::value_type;
};

/// The element type T of operator Op (see the concept above).
template <class Op>
using operator_value_t = typename operator_value<std::remove_cv_t<std::remove_reference_t<Op>>>::type;

/// True when Op models the concept above for a real or complex T: the constraint of every entry
/// point that takes an operator (so a matrix, an int or an Eigen matrix picks another overload
/// or none).
template <class Op, class = void>
struct is_linear_operator : std::false_type {};
template <class Op>
struct is_linear_operator<
    Op, std::void_t<decltype(std::declval<const Op&>().rows()), decltype(std::declval<const Op&>().cols()),
                    decltype(std::declval<const Op&>().apply(std::declval<const matrix<operator_value_t<Op>>&>(),
                                                             std::declval<matrix<operator_value_t<Op>>&>())),
                    decltype(std::declval<const Op&>().apply_transpose(
                        std::declval<const matrix<operator_value_t<Op>>&>(),
                        std::declval<matrix<operator_value_t<Op>>&>()))>>
    : is_element_type<operator_value_t<Op>> {};

/// A product that returned NaN/Inf (an operator svdkit cannot look into).
/// For complex T each part is checked (numeric_limits has no max() for std::complex).
template <class T>
void require_finite_product(const matrix<T>& y, const char* where) {
    using R = real_type_t<T>;
    for (std::size_t i = 0; i < y.size(); ++i) {
        bool finite;
        if constexpr (is_complex<T>::value)
            finite = std::abs(y.data()[i].real()) <= std::numeric_limits<R>::max() &&
                     std::abs(y.data()[i].imag()) <= std::numeric_limits<R>::max();
        else
            finite = std::abs(y.data()[i]) <= std::numeric_limits<R>::max();
        if (!finite) throw std::domain_error(std::string(where) + ": the operator returned a NaN or Inf in a product");
    }
}

/// The shapes apply/apply_transpose require, checked by the operators svdkit provides.
inline void check_product_shapes(const char* where, std::size_t in_rows, std::size_t want_in, std::size_t out_rows,
                                 std::size_t want_out, std::size_t in_cols, std::size_t out_cols) {
    if (in_rows != want_in || out_rows != want_out || in_cols != out_cols)
        throw std::invalid_argument(std::string(where) + ": x has " + std::to_string(in_rows) + " rows (needs " +
                                    std::to_string(want_in) + ") and y " + std::to_string(out_rows) + "×" +
                                    std::to_string(out_cols) + " (needs " + std::to_string(want_out) + "×" +
                                    std::to_string(in_cols) + ")");
}

}  // namespace detail

/// \brief A dense matrix or view as a linear operator, without a copy (it refers to the memory:
/// keep the matrix alive). Column- or row-major memory runs through the gemm kernel (the gemv
/// kernel for a single vector); other strides through a plain loop. Blocks go through gemm so
/// that a matrix gives the same bits in either storage order (randomized_svd promises it);
/// detail::apply_narrow trades that for speed on blocks of up to 16 vectors. For complex T,
/// apply_transpose is y = Aᴴ·x (the concept's rule) and both products run through the complex
/// gemm kernel.
template <class T>
class dense_operator {
public:
    using value_type = T;
    explicit dense_operator(matrix_view<const T> a) : a_(a) {}

    std::size_t rows() const noexcept { return a_.rows(); }
    std::size_t cols() const noexcept { return a_.cols(); }
    const matrix_view<const T>& view() const noexcept { return a_; }

    void apply(const matrix<T>& x, matrix<T>& y) const {
        detail::check_product_shapes("svdkit::dense_operator::apply", x.rows(), cols(), y.rows(), rows(), x.cols(),
                                     y.cols());
        if constexpr (detail::is_complex<T>::value)
            complex_product(false, x, y);
        else
            product(a_, x, y);
    }
    void apply_transpose(const matrix<T>& x, matrix<T>& y) const {
        detail::check_product_shapes("svdkit::dense_operator::apply_transpose", x.rows(), rows(), y.rows(), cols(),
                                     x.cols(), y.cols());
        if constexpr (detail::is_complex<T>::value)
            complex_product(true, x, y);  // Aᴴ·x
        else
            product(a_.transpose(), x, y);
    }

private:
    // y = a·x for a view a in either storage order (gemm with a transpose flag: gemm_operand), else by loops.
    static void product(const matrix_view<const T>& a, const matrix<T>& x, matrix<T>& y) {
        const std::size_t m = a.rows(), n = a.cols(), b = x.cols();
        if (m == 0 || b == 0) return;
        if (n == 0) {
            for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = T(0);
            return;
        }
        bool trans = false;
        std::size_t ld = 0;
        if (b == 1 && a.row_stride() == 1 && a.col_stride() >= static_cast<std::ptrdiff_t>(m)) {
            // one vector: the gemv kernel reads A once; gemm would first copy (pack) all of it
            for (std::size_t i = 0; i < m; ++i) y.data()[i] = T(0);
            detail::gemv_n(m, n, a.data(), static_cast<std::size_t>(a.col_stride()), x.data(), y.data());
        } else if (b == 1 && a.col_stride() == 1 && a.row_stride() >= static_cast<std::ptrdiff_t>(n)) {
            detail::gemv_t(n, m, a.data(), static_cast<std::size_t>(a.row_stride()), x.data(), y.data());
        } else if (detail::gemm_operand(a, trans, ld)) {
            detail::gemm(trans, false, m, b, n, T(1), a.data(), ld, x.data(), n, T(0), y.data(), m);
        } else {
            for (std::size_t c = 0; c < b; ++c)
                for (std::size_t i = 0; i < m; ++i) {
                    T s = 0;
                    for (std::size_t j = 0; j < n; ++j) s += a(i, j) * x(j, c);
                    y(i, c) = s;
                }
        }
    }

    // y = A·x, or y = Aᴴ·x when `adjoint`, for complex T. A column-major A is the kernel's operand
    // as stored (op none, or op adjoint); a row-major one is stored as S = Aᵀ, so A = op transpose
    // of S, and Aᴴ = conj(S), which no op gives: Aᴴ·x = conj(S·conj(x)), two O((m + n)·b)
    // conjugations around the product instead of a copy of A.
    void complex_product(bool adjoint, const matrix<T>& x, matrix<T>& y) const {
        const std::size_t m = a_.rows(), n = a_.cols(), b = x.cols();
        const std::size_t out = adjoint ? n : m, inner = adjoint ? m : n;
        if (out == 0 || b == 0) return;
        if (inner == 0) {
            for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = T(0);
            return;
        }
        detail::gemm_op op = detail::gemm_op::none;
        std::size_t ld = 0;
        bool trans = false;
        if (detail::gemm_operand(a_, trans, ld)) {
            op = trans ? detail::gemm_op::transpose : detail::gemm_op::none;
            if (!adjoint) {
                detail::complex_gemm(op, detail::gemm_op::none, m, b, n, T(1), a_.data(), ld, x.data(), n, T(0),
                                     y.data(), m);
            } else if (!trans) {
                detail::complex_gemm(detail::gemm_op::adjoint, detail::gemm_op::none, n, b, m, T(1), a_.data(), ld,
                                     x.data(), m, T(0), y.data(), n);
            } else {
                matrix<T> xc(m, b);
                for (std::size_t i = 0; i < x.size(); ++i) xc.data()[i] = std::conj(x.data()[i]);
                detail::complex_gemm(detail::gemm_op::none, detail::gemm_op::none, n, b, m, T(1), a_.data(), ld,
                                     xc.data(), m, T(0), y.data(), n);
                for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = std::conj(y.data()[i]);
            }
            return;
        }
        for (std::size_t c = 0; c < b; ++c)
            for (std::size_t i = 0; i < out; ++i) {
                T s = 0;
                for (std::size_t j = 0; j < inner; ++j)
                    s += adjoint ? detail::cmul_conj(a_(j, i), x(j, c)) : detail::cmul(a_(i, j), x(j, c));
                y(i, c) = s;
            }
    }

    matrix_view<const T> a_;
};

namespace detail {
/// y = A·x (transpose: y = Aᵀ·x) for any operator; for a dense_operator and a block of 2 to
/// skinny_max_block vectors through the skinny kernels, which read A once where gemm would first
/// pack it (4000×2000, 4 vectors: 7 gemv times through gemm, 2–3 through these). The bits then
/// depend on A's storage order (the kernel that runs along the contiguous side differs), so
/// only callers without that promise use it (partial_svd's final blocks).
template <class Op>
void apply_narrow(const Op& op, bool transpose, const matrix<operator_value_t<Op>>& x,
                  matrix<operator_value_t<Op>>& y) {
    if (transpose) op.apply_transpose(x, y);
    else op.apply(x, y);
}
template <class T>
void apply_narrow(const dense_operator<T>& op, bool transpose, const matrix<T>& x, matrix<T>& y) {
    if constexpr (is_complex<T>::value) {  // the skinny kernels are real; complex blocks go through gemm
        apply_narrow<dense_operator<T>>(op, transpose, x, y);
    } else {
        const matrix_view<const T> a = transpose ? op.view().transpose() : op.view();
        const std::size_t m = a.rows(), n = a.cols(), b = x.cols();
        bool trans = false;
        std::size_t ld = 0;
        if (b < 2 || b > skinny_max_block || m == 0 || n == 0 || x.rows() != n || y.rows() != m || y.cols() != b ||
            !gemm_operand(a, trans, ld)) {
            apply_narrow<dense_operator<T>>(op, transpose, x, y);
            return;
        }
        if (!trans) skinny_n(m, n, b, a.data(), ld, x.data(), n, y.data(), m);
        else skinny_t(n, m, b, a.data(), ld, x.data(), n, y.data(), m);
    }
}
}  // namespace detail

namespace detail {
/// Whether Op is a dense_operator (partial_svd's default block size depends on it).
template <class Op>
struct is_dense_operator : std::false_type {};
template <class T>
struct is_dense_operator<dense_operator<T>> : std::true_type {};

/// The transpose of an operator (apply and apply_transpose swapped), so the Lanczos process
/// runs on the tall orientation.
template <class Op>
struct transposed_operator {
    using value_type = operator_value_t<Op>;
    const Op& op;
    std::size_t rows() const { return op.cols(); }
    std::size_t cols() const { return op.rows(); }
    void apply(const matrix<value_type>& x, matrix<value_type>& y) const { op.apply_transpose(x, y); }
    void apply_transpose(const matrix<value_type>& x, matrix<value_type>& y) const { op.apply(x, y); }
};
template <class Op>
void apply_narrow(const transposed_operator<Op>& t, bool transpose, const matrix<operator_value_t<Op>>& x,
                  matrix<operator_value_t<Op>>& y) {
    apply_narrow(t.op, !transpose, x, y);
}

/// A·(I − V·Vᵀ) for V with orthonormal columns: its largest singular value is the largest σ of
/// A whose right vector lies outside span(V) (to the residuals of V's triplets).
template <class Op>
struct deflated_operator {
    using value_type = operator_value_t<Op>;
    const Op& op;
    const matrix<value_type>& v;
    std::size_t rows() const { return op.rows(); }
    std::size_t cols() const { return op.cols(); }
    void apply(const matrix<value_type>& x, matrix<value_type>& y) const {
        matrix<value_type> z = x;
        for (std::size_t j = 0; j < z.cols(); ++j) reorthogonalize(v, v.cols(), z.col_ptr(j));
        op.apply(z, y);
    }
    void apply_transpose(const matrix<value_type>& x, matrix<value_type>& y) const {
        op.apply_transpose(x, y);
        for (std::size_t j = 0; j < y.cols(); ++j) reorthogonalize(v, v.cols(), y.col_ptr(j));
    }
};
}  // namespace detail

/// The dense operator of a matrix<T> or matrix_view (no copy).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
dense_operator<detail::view_value_t<T, A>> make_operator(const A& a) {
    return dense_operator<detail::view_value_t<T, A>>(detail::as_view<T>(a));
}

/// \brief The operator A − 1·μᵀ (every row of A minus the row vector μ), applied without forming
/// it: (A − 1·μᵀ)·X = A·X − 1·(μᵀ·X) and (A − 1·μᵀ)ᵀ·Y = Aᵀ·Y − μ·(1ᵀ·Y); for complex T the
/// adjoint, (A − 1·μᵀ)ᴴ·Y = Aᴴ·Y − conj(μ)·(1ᵀ·Y). Costs A's products plus O((m + n)·b) per block. Holds `op` by reference when given an lvalue (keep it alive), by
/// value when given a temporary.
template <class Op>
class centered_operator {
public:
    using value_type = detail::operator_value_t<Op>;
    using T = value_type;

    centered_operator(Op op, std::vector<T> mean) : op_(std::forward<Op>(op)), mean_(std::move(mean)) {
        if (mean_.size() != op_.cols())
            throw std::invalid_argument("svdkit::centered: the mean has " + std::to_string(mean_.size()) +
                                        " entries but the operator has " + std::to_string(op_.cols()) + " columns");
    }

    std::size_t rows() const { return op_.rows(); }
    std::size_t cols() const { return op_.cols(); }
    const std::vector<T>& mean() const noexcept { return mean_; }
    const std::remove_reference_t<Op>& inner() const noexcept { return op_; }

    void apply(const matrix<T>& x, matrix<T>& y) const {
        op_.apply(x, y);
        for (std::size_t c = 0; c < x.cols(); ++c) {
            T mx = 0;  // μᵀ·x_c
            for (std::size_t j = 0; j < mean_.size(); ++j) {
                if constexpr (detail::is_complex<T>::value)
                    mx += detail::cmul(mean_[j], x(j, c));
                else
                    mx += mean_[j] * x(j, c);
            }
            T* yc = y.col_ptr(c);
            for (std::size_t i = 0; i < y.rows(); ++i) yc[i] -= mx;
        }
    }
    void apply_transpose(const matrix<T>& x, matrix<T>& y) const {
        op_.apply_transpose(x, y);
        for (std::size_t c = 0; c < x.cols(); ++c) {
            T sx = 0;  // 1ᵀ·x_c
            for (std::size_t i = 0; i < x.rows(); ++i) sx += x(i, c);
            T* yc = y.col_ptr(c);
            for (std::size_t j = 0; j < mean_.size(); ++j) {
                if constexpr (detail::is_complex<T>::value)
                    yc[j] -= detail::cmul_conj(mean_[j], sx);
                else
                    yc[j] -= mean_[j] * sx;
            }
        }
    }

private:
    Op op_;
    std::vector<T> mean_;
};

/// centered(op, mean): see centered_operator. mean has op.cols() entries.
template <class Op>
centered_operator<Op> centered(Op&& op, std::vector<detail::operator_value_t<Op>> mean) {
    return centered_operator<Op>(std::forward<Op>(op), std::move(mean));
}

}  // namespace svdkit

#endif  // SVDKIT_OPERATOR_HPP
