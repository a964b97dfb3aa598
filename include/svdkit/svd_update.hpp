// svdkit - svd_update: a thin SVD after rows or columns are appended, without starting over.
//
// Appending columns C (m×c) to X = U·diag(s)·Vᵀ (U m×k, V n×k orthonormal) [1, §2]:
//   C = U·M + P·R_A            (M = Uᵀ·C; P·R_A the QR of the part of C outside span(U))
//   [X C] = [U P] · K · [V 0; 0 I]ᵀ,   K = [diag(s) M; 0 R_A]   ((k + p)×(k + c), p = rank of P)
// so the SVD of the small K, K = U'·diag(s')·V'ᵀ, gives that of [X C]: U'' = [U P]·U',
// V'' = [V 0; 0 I]·V', s''= s', cut to the rank asked for. Appended rows are the same on the
// transpose. The projection M and the residual are computed twice (classical Gram-Schmidt with
// one reorthogonalization, "twice is enough" [2]), and P once more after it is normalized, so
// that [U P] stays orthonormal to working accuracy even when C lies almost inside span(U).
//
// Cost: O((m + n)·(k + c)² + (k + c)³) flops, against O(m·n·min(m, n)) for a new SVD.
//
// References:
// [1] M. Brand, "Fast low-rank modifications of the thin singular value decomposition",
//     Linear Algebra Appl. 415 (2006).
// [2] L. Giraud, J. Langou, M. Rozložník, "The loss of orthogonality in the Gram-Schmidt
//     orthogonalization process", Comput. Math. Appl. 50 (2005).
#ifndef SVDKIT_SVD_UPDATE_HPP
#define SVDKIT_SVD_UPDATE_HPP

#include <algorithm>    // std::copy, std::min
#include <cmath>        // std::sqrt
#include <limits>       // std::numeric_limits
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/kernels/signs.hpp"
#include "detail/reduction/householder.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

namespace svdkit {

/// Which side svd_update appends to.
enum class append {
    rows,    ///< the block is r×n: [X; block]
    columns  ///< the block is m×c: [X block]
};

/// Options of svd_update.
struct svd_update_options {
    /// The rank of the result: 0 keeps the k of the given SVD; at most k + (rows or columns
    /// appended), and at most min of the new shape.
    std::size_t rank = 0;
    sign_rule signs = sign_rule::none;  ///< applied to the result (svdkit::sign_rule)
};

namespace detail {

/// Each update leaves U'' = [U P]·U' orthonormal to U's own error plus O(ε), so over a long
/// sequence the errors add up (measured: 11·k·ε after 20 updates in float). When
/// G = QᵀQ − I exceeds 2·r·ε (Frobenius), one Newton-Schulz step Q ← Q·(I − G/2), the first
/// term of Q·(QᵀQ)^(−1/2) [Higham, Functions of Matrices (2008), §8.3], brings it back to
/// O(‖G‖² + ε). It moves U''·S''·V''ᵀ by about ‖G‖·‖S''‖, the size of the error it removes.
template <class T>
void restore_orthonormality(matrix<T>& q) {
    const std::size_t m = q.rows(), r = q.cols();
    if (r == 0) return;
    matrix<T> g(r, r);
    gemm(true, false, r, r, m, T(1), q.data(), m, q.data(), m, T(0), g.data(), r);
    T sum = 0;
    for (std::size_t j = 0; j < r; ++j) {
        g(j, j) -= T(1);
        for (std::size_t i = 0; i < r; ++i) sum += g(i, j) * g(i, j);
    }
    const T tol = T(2) * static_cast<T>(r) * std::numeric_limits<T>::epsilon();
    if (!(std::sqrt(sum) > tol)) return;
    matrix<T> corrected = q;
    gemm(false, false, m, r, r, T(-0.5), q.data(), m, g.data(), r, T(1), corrected.data(), m);
    q.swap(corrected);
}

/// The columns case on (U, s, V) and C (m×c, any view); see the file comment.
template <class T>
svd_result<T> svd_append_columns(const matrix<T>& U, const std::vector<T>& s, const matrix<T>& V,
                                 matrix_view<const T> C, std::size_t rank) {
    const std::size_t m = U.rows(), n = V.rows(), k = s.size(), c = C.cols();
    matrix<T> R(m, c);  // the residual C − U·M, then P's reflectors
    for (std::size_t j = 0; j < c; ++j)
        for (std::size_t i = 0; i < m; ++i) R(i, j) = C(i, j);
    matrix<T> M(k, c), dM(k, c);
    for (int pass = 0; pass < 2; ++pass) {  // twice is enough [2]
        gemm(true, false, k, c, m, T(1), U.data(), m, R.data(), m, T(0), dM.data(), k);
        gemm(false, false, m, c, k, T(-1), U.data(), m, dM.data(), k, T(1), R.data(), m);
        for (std::size_t i = 0; i < M.size(); ++i) M.data()[i] += dM.data()[i];
    }
    // P·R_A = R by Householder QR: p = min(m, c) columns (R_A may be rank deficient: K's SVD
    // then gives those directions σ = 0, and the truncation drops them first).
    const std::size_t p = std::min(m, c);
    std::vector<T> tau;
    householder_workspace<T> hh;
    householder_qr(R, tau, hh);
    matrix<T> P(m, p), RA(p, c);
    form_q(R.data(), m, tau.data(), p, P, hh);
    for (std::size_t j = 0; j < c; ++j)
        for (std::size_t i = 0; i <= j && i < p; ++i) RA(i, j) = R(i, j);
    // When C lies (nearly) inside span(U), the residual is rounding noise and its directions P are
    // orthogonal to U only to ε·‖C‖/‖residual‖ (measured: ‖I − [U P]ᵀ[U P]‖ = 13·k·ε in float).
    // P's columns have unit norm, so one more projection of P itself makes [U P] orthonormal to
    // working accuracy: P = U·E + P̃, P̃ = Q₂·R₂, hence C = U·(M + E·R_A) + Q₂·(R₂·R_A).
    if (k > 0 && p > 0) {
        matrix<T> E(k, p), E_RA(k, c);
        gemm(true, false, k, p, m, T(1), U.data(), m, P.data(), m, T(0), E.data(), k);
        gemm(false, false, m, p, k, T(-1), U.data(), m, E.data(), k, T(1), P.data(), m);
        gemm(false, false, k, c, p, T(1), E.data(), k, RA.data(), p, T(0), E_RA.data(), k);
        for (std::size_t i = 0; i < M.size(); ++i) M.data()[i] += E_RA.data()[i];
        householder_qr(P, tau, hh);
        matrix<T> R2(p, p), R2_RA(p, c);
        for (std::size_t j = 0; j < p; ++j)
            for (std::size_t i = 0; i <= j; ++i) R2(i, j) = P(i, j);
        gemm(false, false, p, c, p, T(1), R2.data(), p, RA.data(), p, T(0), R2_RA.data(), p);
        RA.swap(R2_RA);
        matrix<T> Q2(m, p);
        form_q(P.data(), m, tau.data(), p, Q2, hh);
        P.swap(Q2);
    }
    // K = [diag(s) M; 0 R_A]
    matrix<T> K(k + p, k + c);
    for (std::size_t j = 0; j < k; ++j) K(j, j) = s[j];
    for (std::size_t j = 0; j < c; ++j) {
        for (std::size_t i = 0; i < k; ++i) K(i, k + j) = M(i, j);
        for (std::size_t i = 0; i < p; ++i) K(k + i, k + j) = RA(i, j);
    }
    svd_result<T> ks = svd_impl<T>(K.view(), svd_options{}, "svdkit::svd_update");
    const std::size_t r = std::min(rank, ks.s.size());
    svd_result<T> out;
    out.s.assign(ks.s.begin(), ks.s.begin() + static_cast<std::ptrdiff_t>(r));
    // U'' = U·U'(0:k, 0:r) + P·U'(k:k+p, 0:r)
    out.u.resize(m, r);
    gemm(false, false, m, r, k, T(1), U.data(), m, ks.u.data(), k + p, T(0), out.u.data(), m);
    gemm(false, false, m, r, p, T(1), P.data(), m, ks.u.data() + k, k + p, T(1), out.u.data(), m);
    // V'' = [V·V'(0:k, 0:r); V'(k:k+c, 0:r)]
    out.v.resize(n + c, r);
    matrix<T> top(n, r);
    gemm(false, false, n, r, k, T(1), V.data(), n, ks.v.data(), k + c, T(0), top.data(), n);
    for (std::size_t j = 0; j < r; ++j) {
        std::copy(top.col_ptr(j), top.col_ptr(j) + n, out.v.col_ptr(j));
        std::copy(ks.v.col_ptr(j) + k, ks.v.col_ptr(j) + k + c, out.v.col_ptr(j) + n);
    }
    restore_orthonormality(out.u);
    restore_orthonormality(out.v);
    return out;
}

template <class T>
void check_thin_svd(const svd_result<T>& f, const char* where) {
    const std::size_t k = f.s.size();
    if (f.u.cols() != k || f.v.cols() != k)
        throw std::invalid_argument(std::string(where) + ": the SVD must be thin with u and v: u is " +
                                    shape_string(f.u.rows(), f.u.cols()) + ", v " +
                                    shape_string(f.v.rows(), f.v.cols()) + ", s has " + std::to_string(k) +
                                    " values");
    max_abs_finite(f.u.view(), where);
    max_abs_finite(f.v.view(), where);
    for (std::size_t i = 0; i < k; ++i)
        if (!(f.s[i] >= T(0) && f.s[i] <= std::numeric_limits<T>::max()))
            throw std::invalid_argument(std::string(where) + ": s[" + std::to_string(i) +
                                        "] must be finite and >= 0");
}

}  // namespace detail

/// \brief The thin SVD of [X; block] or [X block], from a thin SVD f of X, without a new SVD of
/// the whole (Brand 2006).
///
/// f = (U m×k, s, V n×k) with orthonormal U and V, as svd(), truncated_svd(), partial_svd() or an
/// earlier svd_update() return it. Appending columns (block m×c) gives U m×r, V (n+c)×r; rows
/// (block r×n) give U (m+r)×r, V n×r; r = opts.rank (0: k), at most k + c (or + r rows) and the
/// new min(rows, cols).
///
/// Exact to rounding when f is exact (k = min(m, n), or X of rank k): the result is then the
/// SVD of the appended matrix, cut to rank r (tests/svd_update.cpp: against svd() of the whole,
/// within svd()'s bounds). When f is itself a truncation X_k of X, the result is the rank-r
/// truncation of [X_k block], and against the best rank-r approximation of the true [X block]
/// its error is larger by at most 2·‖X − X_k‖₂: ‖[X block] − U''·S''·V''ᵀ‖₂ <=
/// σ_{r+1}([X block]) + 2·σ_{k+1}(X) (Weyl's inequality, twice).
///
/// \throws std::invalid_argument if f is not a thin SVD (u m×k, v n×k, s of k values >= 0) or
///         the block's shape does not match (its rows must be m for columns, its columns n for
///         rows); svdkit::non_finite_input if f or the block holds a NaN/Inf.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd_update(const svd_result<detail::view_value_t<T, A>>& f, const A& block,
                                                  append side, svd_update_options opts = {}) {
    using V = detail::view_value_t<T, A>;
    const char* where = "svdkit::svd_update";
    detail::check_thin_svd(f, where);
    const matrix_view<const V> b = detail::as_view<T>(block);
    const std::size_t m = f.u.rows(), n = f.v.rows(), k = f.s.size();
    const bool rows = side == append::rows;
    if (rows ? b.cols() != n : b.rows() != m)
        throw std::invalid_argument(std::string(where) + ": appended " + (rows ? "rows" : "columns") + " of shape " +
                                    detail::shape_string(b.rows(), b.cols()) + " do not fit the " +
                                    detail::shape_string(m, n) + " matrix: " + (rows ? "columns" : "rows") +
                                    " must be " + std::to_string(rows ? n : m));
    detail::max_abs_finite(b, where);
    const std::size_t added = rows ? b.rows() : b.cols();
    const std::size_t new_m = rows ? m + added : m, new_n = rows ? n : n + added;
    std::size_t r = opts.rank == 0 ? k : opts.rank;
    r = std::min({r, k + added, std::min(new_m, new_n)});
    // Rows: the columns case on the transpose, Xᵀ = V·diag(s)·Uᵀ with blockᵀ appended.
    svd_result<V> out = rows ? detail::svd_append_columns<V>(f.v, f.s, f.u, b.transpose(), r)
                             : detail::svd_append_columns<V>(f.u, f.s, f.v, b, r);
    if (rows) out.u.swap(out.v);
    detail::apply_sign_rule(opts.signs, out.s.size(), out.u, out.v);
    return out;
}

}  // namespace svdkit

#endif  // SVDKIT_SVD_UPDATE_HPP
