// svdkit - what the SVD solves: numerical rank, the pseudo-inverse, minimum-norm least squares,
// orthonormal bases of the null space and the range, the condition number and the 2-norm.
//
// With A = U·Σ·Vᵀ and r the number of singular values above the threshold (tolerance.hpp):
//
//     rank(A) = r,                     A⁺ = V_r·Σ_r⁻¹·U_rᵀ,
//     x = A⁺·b  (the least-squares solution of least 2-norm),
//     range(A) = span U_r,             null(A) = span of columns r…n−1 of V,
//     cond(A) = σ₀/σ_{k−1},            ‖A‖₂ = σ₀.
//
// svd_solver decomposes once and answers all of these; the free functions are one-liners on it.
//
// Complex T = std::complex<R>: A = U·Σ·Vᴴ, so A⁺ = V_r·Σ_r⁻¹·U_rᴴ and x = V_r·Σ_r⁻¹·U_rᴴ·b (the
// transposes above become adjoints, through detail/kernels/adjoint_products.hpp); the bases are
// complex and orthonormal (unitary columns); every real number (σ, the threshold, cond, ‖A‖₂, the
// residual norms) is of type R.
//
// Scale: every decision and product is made on 2^e·A (the driver's power-of-two scaling,
// scaled_svd in svd.hpp), and b on 2^f·b, as LAPACK dgelsd scales A and B; results are scaled
// back exactly. So a σ beyond the largest finite number (returned as +Inf by svd(), as here by
// singular_values() and norm2()) never makes the threshold +Inf: rank, bases, A⁺, x and cond stay
// right for every finite A. A result that is itself not representable comes back as ±Inf (a norm,
// a threshold) or rounds into the subnormals (A⁺ of a matrix near overflow).
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.5.4 (rank-deficient
//     least squares via the SVD), §2.4.3 (numerical rank), §5.5.2 (the pseudo-inverse).
// [2] LAPACK dgelss: minimum-norm least squares by the SVD, with a rank threshold.
// [3] R. Penrose, "A generalized inverse for matrices", Proc. Cambridge Philos. Soc. 51 (1955).
#ifndef SVDKIT_SOLVE_HPP
#define SVDKIT_SOLVE_HPP

#include <cmath>      // std::ldexp
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::logic_error
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "detail/kernels/adjoint_products.hpp"
#include "detail/kernels/numeric.hpp"
#include "detail/kernels/scaling.hpp"
#include "matrix.hpp"
#include "products.hpp"
#include "svd.hpp"
#include "tolerance.hpp"

namespace svdkit {

/// A matrix result together with the rank and the threshold that produced it (pinv, null_space,
/// range). It *is* a matrix<T>: index it, copy it, pass it on. The threshold is real (R for
/// T = std::complex<R>).
template <class T>
struct ranked_matrix : matrix<T> {
    std::size_t rank = 0;
    detail::real_type_t<T> threshold = 0;
};

/// What lstsq returns: the minimum-norm solution x (same shape as b: a vector, or n×nrhs),
/// the rank r used, the threshold, the singular values of A, and ‖b_j − A·x_j‖₂ for each
/// right-hand side j. T is A's element type; the numbers are real (R for T = std::complex<R>).
template <class T, class X>
struct lstsq_result {
    X x;
    std::size_t rank = 0;
    detail::real_type_t<T> threshold = 0;
    std::vector<detail::real_type_t<T>> singular_values;
    std::vector<detail::real_type_t<T>> residual_norms;
};

/// \brief One SVD of A, reused for rank, pseudo-inverse, least squares, bases and conditioning
/// (like Eigen's SVDBase::solve).
///
/// Decomposes in the constructor (or compute()): thin U and V, or full V when `full_v` is set
/// (needed by null_space() when A is wide). Changing the tolerance is free.
/// \throws svdkit::non_finite_input for NaN/Inf in A or b, std::invalid_argument for mismatched
///         shapes, std::logic_error when null_space() needs the full V it was not given.
/// ```
/// svdkit::svd_solver<double> s(a);
/// auto x = s.solve(b);           // minimum-norm least squares
/// std::size_t r = s.rank();
/// ```
template <class T>
class svd_solver {
public:
    /// The type of σ, the threshold, cond and norm2: T, or R for T = std::complex<R>.
    using real_type = detail::real_type_t<T>;

    svd_solver() = default;
    explicit svd_solver(matrix_view<const T> a, tolerance tol = {}, bool full_v = false) { compute(a, tol, full_v); }
    explicit svd_solver(const matrix<T>& a, tolerance tol = {}, bool full_v = false) {
        compute(a.view(), tol, full_v);
    }

    /// Decomposes a (replacing any previous decomposition). Cost: one svd().
    svd_solver& compute(matrix_view<const T> a, tolerance tol = {}, bool full_v = false) {
        detail::scaled_svd<T> d = detail::svd_scaled<T>(
            a, svd_options{vectors::thin, full_v ? vectors::full : vectors::thin}, "svdkit::svd_solver");
        ex_ = d.exponent;
        s_scaled_ = d.f.s;
        d.f.s = d.values();
        svd_ = std::move(d.f);
        m_ = a.rows();
        n_ = a.cols();
        full_v_ = full_v || n_ <= m_;
        computed_ = true;
        set_tolerance(tol);
        return *this;
    }

    /// Sets the tolerance; rank() and everything after it use the new threshold.
    void set_tolerance(tolerance tol) {
        require_computed();
        tol_ = tol;
        threshold_scaled_ =
            tol_.scaled_threshold<real_type>(m_, n_, s_scaled_.empty() ? real_type(0) : s_scaled_[0], ex_);
        threshold_ = unscale(threshold_scaled_, ex_);
        rank_ = count_above(s_scaled_, threshold_scaled_);
    }

    std::size_t rows() const noexcept { return m_; }
    std::size_t cols() const noexcept { return n_; }
    const std::vector<real_type>& singular_values() const { return require_computed(), svd_.s; }
    const svd_result<T>& decomposition() const { return require_computed(), svd_; }
    real_type threshold() const { return require_computed(), threshold_; }

    /// Numerical rank: the number of σ_i > threshold() (decided on the scaled values).
    rank_result<real_type> rank() const {
        return require_computed(), rank_result<real_type>{rank_, threshold_};
    }

    /// ‖A‖₂ = σ₀ (0 for an empty matrix; +Inf when σ₀ exceeds the largest finite T).
    real_type norm2() const { return require_computed(), (svd_.s.empty() ? real_type(0) : svd_.s[0]); }

    /// cond₂(A) = σ₀/σ_{k−1}: +∞ when σ_{k−1} = 0 (a singular or rank-deficient A), 1 for a
    /// nonzero 1×1. std::invalid_argument for an empty matrix, whose condition is undefined.
    real_type cond() const {
        require_computed();
        if (svd_.s.empty())
            throw std::invalid_argument("svdkit::cond: the condition number of an empty " +
                                        detail::shape_string(m_, n_) + " matrix is undefined");
        const real_type smin = s_scaled_.back();
        if (smin == real_type(0)) return std::numeric_limits<real_type>::infinity();
        return s_scaled_[0] / smin;  // a ratio: the same for A and 2^e·A, and finite
    }

    /// A⁺ = V_r·Σ_r⁻¹·U_rᵀ (n×m; V_r·Σ_r⁻¹·U_rᴴ for complex T), formed as 2^e·(2^e·A)⁺.
    ranked_matrix<T> pinv() const {
        require_computed();
        matrix<T> vs(n_, rank_);
        for (std::size_t j = 0; j < rank_; ++j)
            for (std::size_t i = 0; i < n_; ++i) vs(i, j) = svd_.v(i, j) / s_scaled_[j];
        ranked_matrix<T> p;
        static_cast<matrix<T>&>(p) = detail::multiply_a_bh(vs, leading_u());
        scale_entries(p, ex_);
        p.rank = rank_;
        p.threshold = threshold_;
        return p;
    }

    /// Minimum-norm least-squares solutions x_j = A⁺·b_j for the columns of b (m×nrhs).
    lstsq_result<T, matrix<T>> solve(const matrix<T>& b) const {
        require_computed();
        if (b.rows() != m_)
            throw std::invalid_argument("svdkit::lstsq: a is " + detail::shape_string(m_, n_) + " but b is " +
                                        detail::shape_string(b.rows(), b.cols()) + "; their row counts must match");
        // b on its own power-of-two scale: with A = 2^-e·A_s and b = 2^-f·b_s, x = 2^(e-f)·A_s⁺·b_s.
        const int f = detail::scaling_exponent(detail::max_abs_entry_finite(b.view(), "svdkit::lstsq (b)"));
        matrix<T> scaled_b;
        if (f != 0) {
            scaled_b = b;
            scale_entries(scaled_b, f);
        }
        const matrix<T>& bs = f != 0 ? scaled_b : b;
        const matrix<T> ur = leading_u();
        matrix<T> c = detail::multiply_ah_b(ur, bs);  // U_rᴴ·b, r×nrhs
        // The residual b − U_r·U_rᴴ·b, formed as a vector (not as a difference of norms).
        const matrix<T> proj = detail::multiply_any(ur, c);
        lstsq_result<T, matrix<T>> out;
        out.residual_norms.resize(b.cols());
        std::vector<T> res(m_);
        for (std::size_t j = 0; j < b.cols(); ++j) {
            for (std::size_t i = 0; i < m_; ++i) res[i] = bs(i, j) - proj(i, j);
            out.residual_norms[j] = unscale(detail::entries_norm2(m_, res.data()), f);
        }
        for (std::size_t j = 0; j < c.cols(); ++j)
            for (std::size_t i = 0; i < rank_; ++i) c(i, j) /= s_scaled_[i];
        matrix<T> vr(n_, rank_);
        for (std::size_t j = 0; j < rank_; ++j)
            for (std::size_t i = 0; i < n_; ++i) vr(i, j) = svd_.v(i, j);
        out.x = detail::multiply_any(vr, c);
        scale_entries(out.x, ex_ - f);
        out.rank = rank_;
        out.threshold = threshold_;
        out.singular_values = svd_.s;
        return out;
    }

    /// The minimum-norm least-squares solution of A·x ≈ b for one right-hand side.
    lstsq_result<T, std::vector<T>> solve(const std::vector<T>& b) const {
        require_computed();
        if (b.size() != m_)
            throw std::invalid_argument("svdkit::lstsq: a is " + detail::shape_string(m_, n_) + " but b is " +
                                        detail::shape_string(b.size(), 1) + "; their row counts must match");
        matrix<T> bm(m_, std::size_t{1});
        for (std::size_t i = 0; i < m_; ++i) bm(i, 0) = b[i];
        auto r = solve(bm);
        lstsq_result<T, std::vector<T>> out;
        out.x.assign(r.x.data(), r.x.data() + r.x.size());
        out.rank = r.rank;
        out.threshold = r.threshold;
        out.singular_values = std::move(r.singular_values);
        out.residual_norms = std::move(r.residual_norms);
        return out;
    }

    /// An orthonormal basis of range(A): the first r columns of U (m×r).
    ranked_matrix<T> range() const {
        require_computed();
        ranked_matrix<T> q;
        static_cast<matrix<T>&>(q) = leading_u();
        q.rank = rank_;
        q.threshold = threshold_;
        return q;
    }

    /// An orthonormal basis of null(A): columns r…n−1 of V (n×(n−r)).
    /// \throws std::logic_error if A is wide and the solver was built without full_v.
    ranked_matrix<T> null_space() const {
        require_computed();
        if (!full_v_)
            throw std::logic_error("svdkit::svd_solver::null_space: A is " + detail::shape_string(m_, n_) +
                                   " (wide), so the null space needs the full V; construct with full_v = true");
        ranked_matrix<T> z;
        static_cast<matrix<T>&>(z) = matrix<T>(n_, n_ - rank_);
        for (std::size_t j = rank_; j < n_; ++j)
            for (std::size_t i = 0; i < n_; ++i) z(i, j - rank_) = svd_.v(i, j);
        z.rank = rank_;
        z.threshold = threshold_;
        return z;
    }

private:
    void require_computed() const {
        if (!computed_) throw std::logic_error("svdkit::svd_solver: call compute() first");
    }
    static real_type unscale(real_type x, int e) { return e == 0 ? x : std::ldexp(x, -e); }
    static void scale_entries(matrix<T>& x, int e) {
        if (e == 0) return;
        for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = detail::ldexp_entry(x.data()[i], e);
    }
    matrix<T> leading_u() const {
        matrix<T> ur(m_, rank_);
        for (std::size_t j = 0; j < rank_; ++j)
            for (std::size_t i = 0; i < m_; ++i) ur(i, j) = svd_.u(i, j);
        return ur;
    }

    svd_result<T> svd_;        // A's decomposition (s as svd() gives it: +Inf where σ overflows)
    std::vector<real_type> s_scaled_;  // the σ of 2^ex_·A: every decision is made on these
    int ex_ = 0;
    tolerance tol_;
    real_type threshold_scaled_ = 0;
    real_type threshold_ = 0;
    std::size_t rank_ = 0;
    std::size_t m_ = 0;
    std::size_t n_ = 0;
    bool full_v_ = false;
    bool computed_ = false;
};

/// \brief Numerical rank: the number of σ_i > threshold (default max(m,n)·ε·σ₀; see tolerance).
/// Returns a rank_result (converts to std::size_t) that also carries the threshold used.
/// Cost: one singular_values(). For complex T = std::complex<R> the threshold is an R.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
rank_result<detail::real_type_t<detail::view_value_t<T, A>>> rank(const A& a, tolerance tol = {}) {
    using V = detail::view_value_t<T, A>;
    using R = detail::real_type_t<V>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    const detail::scaled_svd<V> d = detail::svd_scaled<V>(av, svd_options{vectors::none, vectors::none}, "svdkit::rank");
    const R th = tol.scaled_threshold<R>(av.rows(), av.cols(), d.f.s.empty() ? R(0) : d.f.s[0], d.exponent);
    return {count_above(d.f.s, th), d.unscale(th)};
}

/// \brief The Moore-Penrose pseudo-inverse A⁺ = V_r·Σ_r⁻¹·U_rᵀ (n×m), with σ_i <= threshold
/// treated as zero. Satisfies the four Penrose conditions A·A⁺·A = A, A⁺·A·A⁺ = A⁺,
/// (A·A⁺)ᵀ = A·A⁺, (A⁺·A)ᵀ = A⁺·A to O(cond·ε). Cost: one thin svd() plus 2·m·n·r.
/// For complex T: A⁺ = V_r·Σ_r⁻¹·U_rᴴ, and conditions 3 and 4 with the adjoint, (A·A⁺)ᴴ = A·A⁺.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
ranked_matrix<detail::view_value_t<T, A>> pinv(const A& a, tolerance tol = {}) {
    return svd_solver<detail::view_value_t<T, A>>(detail::as_view<T>(a), tol).pinv();
}

/// \brief The minimum-norm least-squares solution of A·x ≈ b (LAPACK dgelss semantics): among
/// the minimizers of ‖A·x − b‖₂, the x of least ‖x‖₂, with σ_i <= threshold treated as zero.
/// b is a std::vector (one right-hand side) or an m×nrhs matrix, of A's element type (complex b
/// for complex A; x complex, the residual norms real).
/// \throws std::invalid_argument when b's row count differs from A's (both shapes in the
///         message); svdkit::non_finite_input for NaN/Inf in A or b.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
lstsq_result<detail::view_value_t<T, A>, std::vector<detail::view_value_t<T, A>>> lstsq(
    const A& a, const std::vector<detail::view_value_t<T, A>>& b, tolerance tol = {}) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    if (b.size() != av.rows())
        throw std::invalid_argument("svdkit::lstsq: a is " + detail::shape_string(av.rows(), av.cols()) + " but b is " +
                                    detail::shape_string(b.size(), 1) + "; their row counts must match");
    return svd_solver<V>(av, tol).solve(b);
}
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
lstsq_result<detail::view_value_t<T, A>, matrix<detail::view_value_t<T, A>>> lstsq(
    const A& a, const matrix<detail::view_value_t<T, A>>& b, tolerance tol = {}) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    if (b.rows() != av.rows())
        throw std::invalid_argument("svdkit::lstsq: a is " + detail::shape_string(av.rows(), av.cols()) + " but b is " +
                                    detail::shape_string(b.rows(), b.cols()) + "; their row counts must match");
    return svd_solver<V>(av, tol).solve(b);
}

/// \brief An orthonormal basis of the null space {x : A·x = 0}: the columns r…n−1 of V
/// (n×(n−r)), with σ_i <= threshold treated as zero. Cost: one svd() with full V.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
ranked_matrix<detail::view_value_t<T, A>> null_space(const A& a, tolerance tol = {}) {
    return svd_solver<detail::view_value_t<T, A>>(detail::as_view<T>(a), tol, true).null_space();
}

/// \brief An orthonormal basis of the range (column space) of A: the first r columns of U (m×r).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
ranked_matrix<detail::view_value_t<T, A>> range(const A& a, tolerance tol = {}) {
    return svd_solver<detail::view_value_t<T, A>>(detail::as_view<T>(a), tol).range();
}

/// \brief The 2-norm condition number σ₀/σ_{k−1}; +∞ when A is rank-deficient (σ_{k−1} = 0).
/// \throws std::invalid_argument for an empty matrix. Cost: one singular_values(). Real (R for
/// complex T = std::complex<R>).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
detail::real_type_t<detail::view_value_t<T, A>> cond(const A& a) {
    using V = detail::view_value_t<T, A>;
    using R = detail::real_type_t<V>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    if (av.empty())
        throw std::invalid_argument("svdkit::cond: the condition number of an empty " +
                                    detail::shape_string(av.rows(), av.cols()) + " matrix is undefined");
    // the ratio of the scaled values: finite even where σ₀ itself overflows
    const std::vector<R> s =
        detail::svd_scaled<V>(av, svd_options{vectors::none, vectors::none}, "svdkit::cond").f.s;
    if (s.back() == R(0)) return std::numeric_limits<R>::infinity();
    return s[0] / s.back();
}

/// \brief The spectral norm ‖A‖₂ = σ₀ (0 for an empty matrix; +Inf when σ₀ exceeds the largest
/// finite T, as svd() returns it). Cost: one singular_values(). Real (R for complex T).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
detail::real_type_t<detail::view_value_t<T, A>> norm2(const A& a) {
    using V = detail::view_value_t<T, A>;
    using R = detail::real_type_t<V>;
    const std::vector<R> s =
        detail::svd_impl<V>(detail::as_view<T>(a), svd_options{vectors::none, vectors::none}, "svdkit::norm2").s;
    return s.empty() ? R(0) : s[0];
}

}  // namespace svdkit

#endif  // SVDKIT_SOLVE_HPP
