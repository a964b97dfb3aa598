// svdkit - the SVD of a tall matrix that arrives in row blocks: tall_svd.
//
// A matrix with many more rows than columns need never be held whole. Stack the blocks under a
// running triangular factor and re-factor: [R; B] = Q·R', so that after the last block
// A = Q₁…Q_K·R (a flat-tree TSQR [1]) and A's singular values and right vectors are R's, and its
// left vectors are Q·U_R. Each re-factorization is a Householder QR, backward stable, so the
// whole is: the computed σ and V are those of A + E with ‖E‖_F = O(ε·‖A‖_F·(n + b)·√K) [1, §6].
// Memory is the n×n factor plus a buffer of b rows (b = max(n, 256) by default: fewer rows make
// each re-factorization cost more per row), whatever the number of rows; the left vectors need the
// Q factors (O(m·n) memory), kept only when asked for at construction, or a second pass over the
// blocks through project().
//
// References:
// [1] J. Demmel, L. Grigori, M. Hoemmen, J. Langou, "Communication-optimal parallel and
//     sequential QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012): TSQR, the flat tree
//     (sequential) and its stability.
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.2 (Householder QR),
//     §8.6.3 (R-bidiagonalization: the SVD of A from that of R).
#ifndef SVDKIT_STREAMING_HPP
#define SVDKIT_STREAMING_HPP

#include <algorithm>    // std::copy, std::fill, std::max, std::min
#include <cmath>        // std::isnan, std::ldexp
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument, std::logic_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/reduction/householder.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

namespace svdkit {

/// Options of tall_svd.
struct tall_svd_options {
    /// Keep the Q factor of every re-factorization, so that finish() can return the thin U:
    /// memory O(m·n) instead of O(n² + b·n). Without it, U comes from project() (a second pass).
    bool keep_q = false;
    /// Rows buffered before each re-factorization (0: max(n, 256)). More rows: fewer QRs, more memory.
    std::size_t block_rows = 0;
};

/// \brief The SVD of a tall m×n matrix given as row blocks, in O(n² + b·n) memory.
///
/// ```
/// svdkit::tall_svd<double> t(n);
/// while (read_block(block)) t.add_rows(block);       // any number of blocks, any heights
/// svdkit::svd_result<double> r = t.finish();         // s and V of the stacked matrix
/// svdkit::matrix<double> us = t.project(block);      // that block's rows of U·Σ (= block·V)
/// ```
/// finish(job) returns k = min(m, n) singular values (non-increasing) and V as svd() would (thin
/// n×k, full n×n, none); U (m×k) only when constructed with keep_q (full U, m×m, is never
/// offered: std::invalid_argument); otherwise `u` is 0×0 and the rows of U·Σ of any block are
/// project(block) = block·V, whose column j divided by σ_j gives U's (for σ_j > 0; U from a second
/// pass is orthonormal to O(ε·σ₀/σ_j), where the kept Q gives O(k·ε)).
///
/// Accuracy: backward stable like svd(): σ and V are exact for A + E, ‖E‖_F = O(ε·‖A‖_F) times a
/// modest function of n, b and the number of re-factorizations (measured in tests/streaming.cpp
/// within svd()'s bounds). Entries near overflow or underflow are scaled by a power of two as
/// svd() does (exactly), rescaling the stored factor when a later block needs another power.
///
/// Errors: add_rows throws std::invalid_argument for a block whose width is not n and
/// svdkit::non_finite_input (naming the row within the whole stacked matrix and the column) for
/// a NaN/Inf, both before the state changes; finish() may be called again after more blocks; a
/// call of project() before finish() throws std::logic_error.
template <class T>
class tall_svd {
public:
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");

    explicit tall_svd(std::size_t n_cols, tall_svd_options opts = {})
        : n_(n_cols), cap_(opts.block_rows != 0 ? opts.block_rows : std::max<std::size_t>(n_cols, 256)),
          keep_q_(opts.keep_q) {
        detail::checked_area(n_ + cap_, n_, "svdkit::tall_svd", sizeof(T));
    }

    std::size_t cols() const noexcept { return n_; }
    /// Rows added so far (m).
    std::size_t rows_seen() const noexcept { return rows_; }

    /// Appends the rows of `block` (any height >= 0, width n) under those added before.
    template <class A>
    void add_rows(const A& block) {
        const matrix_view<const T> b = detail::as_view<T>(block);
        if (b.cols() != n_)
            throw std::invalid_argument("svdkit::tall_svd::add_rows: the block has " + std::to_string(b.cols()) +
                                        " columns, the matrix " + std::to_string(n_));
        T amax = 0;
        try {
            amax = detail::max_abs_finite(b, "svdkit::tall_svd::add_rows");
        } catch (const non_finite_input& e) {  // name the row within the stacked matrix
            const T x = b(e.row(), e.col());
            throw non_finite_input("svdkit::tall_svd::add_rows", rows_ + e.row(), e.col(),
                                   std::isnan(x) ? "NaN" : (x > 0 ? "+Inf" : "-Inf"));
        }
        if (b.rows() == 0) return;
        if (stack_.rows() == 0) stack_.resize(n_ + cap_, n_);
        rescale_to(std::max(amax_, amax));
        for (std::size_t i0 = 0; i0 < b.rows();) {
            if (used_ == stack_.rows()) reduce();
            const std::size_t take = std::min(b.rows() - i0, stack_.rows() - used_);
            for (std::size_t j = 0; j < n_; ++j) {
                T* dst = stack_.col_ptr(j) + used_;
                for (std::size_t i = 0; i < take; ++i)
                    dst[i] = ex_ == 0 ? b(i0 + i, j) : std::ldexp(b(i0 + i, j), ex_);
            }
            used_ += take;
            i0 += take;
            rows_ += take;
        }
    }

    /// The SVD of the rows added so far: s and V per `job` (U: see the class comment).
    svd_result<T> finish(vectors job = vectors::thin) { return finish(svd_options{job, job}); }

    /// finish() with separate choices for U and V (and svd_options' threads, method, signs).
    svd_result<T> finish(svd_options opts) {
        if (opts.u == vectors::full)
            throw std::invalid_argument("svdkit::tall_svd::finish: a full U (m×m) is not offered; ask for thin U "
                                        "(with keep_q) or none");
        const bool want_u = opts.u == vectors::thin && keep_q_;
        svd_options inner = opts;
        inner.u = want_u ? vectors::thin : vectors::none;
        inner.signs = sign_rule::none;  // applied below, once U is complete
        svd_result<T> r;
        if (reduced_ == 0) {  // never re-factored: the buffer is A itself (2^ex·A)
            r = detail::svd_impl<T>(stack_view(used_), inner, "svdkit::tall_svd::finish");
        } else {
            if (used_ > n_) reduce();
            r = detail::svd_impl<T>(stack_view(n_), inner, "svdkit::tall_svd::finish");
            if (want_u) r.u = apply_q(r.u);
        }
        if (rows_ == 0 || n_ == 0) {  // k = 0: shapes as svd() gives them
            r.u.resize(want_u ? rows_ : 0, 0);
        }
        for (T& x : r.s) x = std::ldexp(x, -ex_);
        detail::apply_sign_rule(opts.signs, r.s.size(), r.u, r.v);
        v_ = r.v;
        s_ = r.s;
        finished_ = true;
        return r;
    }

    /// The rows of U·Σ = A·V belonging to `block` (rows of A, width n): block·V, with V from the
    /// last finish(). Divide column j by σ_j for U's rows.
    template <class A>
    matrix<T> project(const A& block) const {
        const matrix_view<const T> b = detail::as_view<T>(block);
        if (!finished_ || v_.rows() != n_)
            throw std::logic_error("svdkit::tall_svd::project: call finish() with V (thin or full) first");
        if (b.cols() != n_)
            throw std::invalid_argument("svdkit::tall_svd::project: the block has " + std::to_string(b.cols()) +
                                        " columns, the matrix " + std::to_string(n_));
        detail::max_abs_finite(b, "svdkit::tall_svd::project");
        matrix<T> vk(n_, s_.size());
        std::copy(v_.data(), v_.data() + n_ * s_.size(), vk.data());
        return detail::multiply_views<T>(b, vk);
    }

private:
    matrix_view<const T> stack_view(std::size_t rows) const {
        return matrix_view<const T>(stack_.data(), rows, n_, 1, static_cast<std::ptrdiff_t>(stack_.rows()));
    }

    /// Keeps the stored rows at 2^ex_·A with ex_ = scaling_exponent(largest entry so far):
    /// an exact power-of-two rescaling of what is stored when that exponent changes.
    void rescale_to(T amax) {
        amax_ = amax;
        const int ex = detail::scaling_exponent(amax_);
        if (ex == ex_) return;
        for (std::size_t j = 0; j < n_; ++j) {
            T* c = stack_.col_ptr(j);
            for (std::size_t i = 0; i < used_; ++i) c[i] = std::ldexp(c[i], ex - ex_);
        }
        ex_ = ex;  // (kept reflectors and τ do not depend on the scale)
    }

    /// [R; buffered rows] = Q·R': R' (n×n upper triangular) replaces them at the top.
    void reduce() {
        work_.resize(used_, n_);
        for (std::size_t j = 0; j < n_; ++j)
            std::copy(stack_.col_ptr(j), stack_.col_ptr(j) + used_, work_.col_ptr(j));
        detail::householder_qr(work_, tau_, hh_);
        for (std::size_t j = 0; j < n_; ++j) {
            T* c = stack_.col_ptr(j);
            const T* w = work_.col_ptr(j);
            for (std::size_t i = 0; i < n_; ++i) c[i] = i <= j ? w[i] : T(0);
        }
        if (keep_q_) q_.push_back(step{work_, tau_, reduced_ == 0 ? 0 : n_});
        used_ = n_;
        ++reduced_;
    }

    /// U = Q₁…Q_K·[U_R] for the kept steps: each step's Q maps [top; its buffered rows].
    matrix<T> apply_q(const matrix<T>& ur) {
        const std::size_t k = ur.cols();
        matrix<T> u(rows_, k);
        matrix<T> z = ur;  // coordinates in the current step's top rows
        std::size_t end = rows_;
        for (std::size_t s = q_.size(); s-- > 0;) {
            const step& st = q_[s];
            const std::size_t rows = st.v.rows();
            matrix<T> y(rows, k);
            for (std::size_t j = 0; j < k; ++j) std::copy(z.col_ptr(j), z.col_ptr(j) + z.rows(), y.col_ptr(j));
            detail::apply_q_left(st.v.data(), rows, st.tau.data(), st.tau.size(), y, hh_);
            const std::size_t own = rows - st.top;  // this step's own rows of A
            for (std::size_t j = 0; j < k; ++j)
                std::copy(y.col_ptr(j) + st.top, y.col_ptr(j) + rows, u.col_ptr(j) + (end - own));
            end -= own;
            z.resize(st.top, k);
            for (std::size_t j = 0; j < k; ++j) std::copy(y.col_ptr(j), y.col_ptr(j) + st.top, z.col_ptr(j));
        }
        return u;
    }

    struct step {
        matrix<T> v;         ///< the reflectors of [top; buffered rows]
        std::vector<T> tau;
        std::size_t top;     ///< rows of the previous R on top (0 for the first step)
    };

    std::size_t n_, cap_;
    bool keep_q_;
    matrix<T> stack_;       ///< rows 0..used_: R (after a reduction) and the buffered rows, times 2^ex_
    std::size_t used_ = 0, rows_ = 0, reduced_ = 0;
    T amax_ = 0;
    int ex_ = 0;
    matrix<T> work_;
    std::vector<T> tau_;
    detail::householder_workspace<T> hh_;
    std::vector<step> q_;
    matrix<T> v_;
    std::vector<T> s_;
    bool finished_ = false;
};

}  // namespace svdkit

#endif  // SVDKIT_STREAMING_HPP
