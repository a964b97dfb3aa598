// svdkit - svd_range() and svd_interval(): selected singular triplets of a real m×n matrix,
// without computing the others.
//
// The driver of svd() up to the bidiagonal (checks, power-of-two scaling, a QR first for tall
// inputs, Householder bidiagonalization), then bisection for the wanted σ of B and inverse
// iteration on its Golub-Kahan form for their vectors (detail/bidiagonal/bisection.hpp), and the
// reflectors applied to those k columns only.
//
// References:
// [1] LAPACK dgesvdx (the interface: RANGE = 'I' and 'V', the interval (VL, VU]) and dbdsvdx.
// [2] O. Marques, J. Demmel, P. B. Vasconcelos, "Bidiagonal SVD computation via an associated
//     tridiagonal eigenproblem", ACM TOMS 46 (2020).
#ifndef SVDKIT_SELECTED_HPP
#define SVDKIT_SELECTED_HPP

#include <algorithm>    // std::copy
#include <cmath>        // std::isnan, std::ldexp
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <sstream>      // std::ostringstream
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_signed, std::is_floating_point
#include <vector>       // std::vector

#include "detail/bidiagonal/bisection.hpp"
#include "svd.hpp"

namespace svdkit {
namespace detail {

/// What svd_range / svd_interval asked for: descending indices first…last, or σ in (lower, upper].
template <class T>
struct selection {
    bool by_index = true;
    std::size_t first = 0, last = 0;
    T lower = 0, upper = 0;
};

/// vectors::full has no meaning for a subset of the triplets.
inline void check_selected_jobs(const svd_options& opts, const char* where) {
    if (opts.u == vectors::full || opts.v == vectors::full)
        throw std::invalid_argument(std::string(where) +
                                    ": vectors::full is not available for selected triplets (use vectors::thin "
                                    "or vectors::none)");
}

/// first…last as size_t, or std::invalid_argument giving the valid range
/// 0 <= first <= last < min(rows, cols).
template <class I, class J>
void checked_index_range(I first, J last, std::size_t rows, std::size_t cols, const char* where,
                         selection<long double>& sel) {
    const std::size_t p = rows < cols ? rows : cols;
    bool ok = true;
    if constexpr (std::is_signed<I>::value) ok = ok && first >= 0;
    if constexpr (std::is_signed<J>::value) ok = ok && last >= 0;
    if (ok) {
        const auto f = static_cast<unsigned long long>(first), l = static_cast<unsigned long long>(last);
        ok = f <= l && l < static_cast<unsigned long long>(p);
    }
    if (!ok)
        throw std::invalid_argument(std::string(where) + ": first (= " + std::to_string(first) + ") and last (= " +
                                    std::to_string(last) + ") must satisfy 0 <= first <= last < min(rows, cols) (= " +
                                    std::to_string(p) + ")");
    sel.first = static_cast<std::size_t>(first);
    sel.last = static_cast<std::size_t>(last);
}

template <class T>
void checked_interval(T lower, T upper, const char* where) {
    if (std::isnan(lower) || std::isnan(upper) || !(lower <= upper)) {
        std::ostringstream msg;
        msg.precision(17);
        msg << where << ": lower (= " << lower << ") and upper (= " << upper
            << ") must be numbers with lower <= upper (the interval is (lower, upper])";
        throw std::invalid_argument(msg.str());
    }
}

/// Thin columns for `rows` rows and k triplets, or 0×0 for vectors::none.
template <class T>
void selected_side(std::size_t rows, std::size_t k, vectors job, matrix<T>& out) {
    if (job == vectors::none)
        out.resize(0, 0);
    else
        out.resize(rows, k);
}

/// The selected triplets of a (already checked: jobs, indices, bounds) into out.
///
/// Mirrors svd_impl/svd_tall_or_square: step 1 the working M×N copy (M >= N; a wide input is
/// transposed, its U and V swap), scaled by 2^ex and NaN/Inf rejected; step 2 the reduction to
/// B (through A = Q_R·R when tall); step 3 the wanted σ of B and, for vectors, U_B, V_B (N×k);
/// step 4 U = [Q_R·]Q_B·[U_B; 0], V = P·V_B, the reflectors applied to k columns only; step 5 the
/// scaling undone (exact), step 6 the sign rule.
template <class T>
void selected_impl(matrix_view<const T> a, const selection<T>& sel, svd_options opts, const char* where,
                   svd_result<T>& out, bidiagonal_select_stats* stats = nullptr) {
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");
    const std::size_t m = a.rows(), n = a.cols();
    if (m == 0 || n == 0) {  // only an interval gets here: no σ in it
        out.s.clear();
        selected_side(m, 0, opts.u, out.u);
        selected_side(n, 0, opts.v, out.v);
        return;
    }
    // step 1
    const bool wide = m < n;
    const std::size_t M = wide ? n : m, N = wide ? m : n;
    checked_area(M, N, where, sizeof(T));
    svd_scratch<T> sc;
    const bool qr_first = use_qr_first(M, N);
    matrix<T>& w = qr_first ? sc.w : sc.br.a;
    w.resize(M, N);
    const int ex = scaling_exponent(max_abs_finite(a, where));
    sc.bw.hh.gemm.pool = opts.pool;
    sc.bw.hh.gemm.threads = detail::resolve_threads(opts.threads, sc.bw.hh.gemm.pool);
    fill_working(a, wide, ex, w);
    // step 2
    bidiagonal_reduction<T>& br = sc.br;
    reduce_to_bidiagonal(sc, N, qr_first);

    // step 3: indices from the interval (in the units of 2^ex·A), then the triplets of B.
    std::size_t first = sel.first, last_plus_1 = sel.last + 1;
    if (!sel.by_index) {
        const golub_kahan<T> g(br.d, br.e);
        const T lo = sel.lower < T(0) ? sel.lower : std::ldexp(sel.lower, ex);
        const T up = sel.upper < T(0) ? sel.upper : std::ldexp(sel.upper, ex);
        bidiagonal_interval_indices(g, lo, up, first, last_plus_1);
    }
    const vectors job_left = wide ? opts.v : opts.u, job_right = wide ? opts.u : opts.v;
    const bool want_left = job_left != vectors::none, want_right = job_right != vectors::none;
    matrix<T>& left = wide ? out.v : out.u;
    matrix<T>& right = wide ? out.u : out.v;
    matrix<T> ub, vb;
    out.s.clear();
    if (last_plus_1 > first)
        bidiagonal_select(br.d, br.e, first, last_plus_1 - 1, want_left || want_right, out.s, ub, vb, stats);
    if (!sel.by_index) {
        // The count decides at the scaled bounds; decide again on each σ as returned (the same
        // answer unless a bound was rounded by the scaling), so that lower < σ <= upper holds.
        std::size_t b = 0, e = out.s.size();
        while (b < e && !(std::ldexp(out.s[b], -ex) <= sel.upper)) ++b;
        while (e > b && !(std::ldexp(out.s[e - 1], -ex) > sel.lower)) --e;
        if (b > 0 || e < out.s.size()) {
            out.s.erase(out.s.begin() + static_cast<std::ptrdiff_t>(e), out.s.end());
            out.s.erase(out.s.begin(), out.s.begin() + static_cast<std::ptrdiff_t>(b));
            if (want_left || want_right)
                for (matrix<T>* x : {&ub, &vb}) {
                    matrix<T> y(N, e - b);
                    for (std::size_t j = b; j < e; ++j) std::copy(x->col_ptr(j), x->col_ptr(j) + N, y.col_ptr(j - b));
                    x->swap(y);
                }
        }
    }
    const std::size_t k = out.s.size();

    // step 4: the k columns through the reflectors (Q before P: P's application overwrites Q's).
    if (!want_left) {
        left.resize(0, 0);
    } else if (k == 0) {
        left.resize(M, 0);
    } else {
        if (qr_first) apply_bidiagonal_q(br, ub, sc.bw);  // Q_B acts on R's N rows
        left.resize(M, k);
        for (std::size_t j = 0; j < k; ++j) std::copy(ub.col_ptr(j), ub.col_ptr(j) + N, left.col_ptr(j));
        if (qr_first)
            apply_q_left(sc.w.data(), M, sc.tau.data(), N, left, sc.bw.hh);
        else
            apply_bidiagonal_q(br, left, sc.bw);
    }
    if (!want_right) {
        right.resize(0, 0);
    } else if (k == 0) {
        right.resize(N, 0);
    } else {
        right.swap(vb);
        apply_bidiagonal_p(br, right, sc.bw);
    }

    // step 5: exact unscaling; step 6: the sign rule.
    if (ex != 0)
        for (T& si : out.s) si = std::ldexp(si, -ex);
    apply_sign_rule(opts.signs, k, out.u, out.v);
}

}  // namespace detail

/// \brief The singular triplets with indices first…last of the descending order: σ_first >= … >=
/// σ_last, with their singular vectors.
///
/// For A = U·Σ·Vᵀ (svd()'s order, σ₀ >= σ₁ >= … >= 0, k = min(m, n)), returns the K = last − first + 1
/// triplets first…last: `s` (K values, non-increasing), thin `u` (m×K) and `v` (n×K) whose columns
/// j are the left and right singular vectors of s[j], or `u`, `v` 0×0 for vectors::none. A·vⱼ = σⱼ·uⱼ
/// and Aᵀ·uⱼ = σⱼ·vⱼ hold to O(max(m,n)·ε·‖A‖), and the K columns of each of U and V are
/// orthonormal to O(K·ε), also for repeated or clustered σ, and when a tie runs across first or last.
///
/// Algorithm: as svd() up to the bidiagonal B = Q_B·(R or A)·P (Householder QR first for m >=
/// 1.6·n, a wide A transposed, power-of-two scaling near overflow and underflow); then each wanted
/// σ by bisection with the Sturm count of B's Golub-Kahan tridiagonal T_GK (2k×2k, zero diagonal,
/// off-diagonals d₀, e₀, d₁, …), which is relatively accurate; the vectors by inverse iteration
/// on T_GK − σ·I (its eigenvector for +σ interleaves v and u, each of norm 1/√2), with
/// reorthogonalization of the u and v parts (LAPACK dbdsvdx's approach); finally the reflectors are
/// applied to the K columns only. Should inverse iteration fail its own residual or orthogonality
/// checks (a cluster it cannot resolve), the vectors are taken from the full bidiagonal SVD
/// instead (divide and conquer), at the cost of that bidiagonal SVD (O(k²) and more); seen only on
/// clusters of hundreds of σ within a few ulps and on near-null spaces of B with tiny entries
/// (detail/bidiagonal/bisection.hpp).
///
/// Accuracy: each σ is relatively accurate on B, as svd()'s (a few ulps times k of the σ of B
/// however small, and svd()'s σ come from the same B): the two agree to O(k·ε) relative error.
/// Cost: the reduction (about 4mn² − 4n³/3 flops, as svd() without vectors, plus 2mn² for a
/// tall QR), O(k·(log₂ range + digits)) flops per value, O(k) per inverse iteration solve, O(K²·k)
/// for the reorthogonalization, and 4·m·n·K for the back-transformation. A few triplets of a
/// large matrix cost about the reduction alone; for more than about k/10 triplets svd() is faster.
///
/// \param a any m×n matrix or view (not modified); first, last any integers.
/// \param job vectors::thin (default) or vectors::none.
/// \throws std::invalid_argument if first > last, first < 0 or last >= min(m, n) (the message
///         gives the valid range; an empty matrix has none), or for vectors::full.
///         svdkit::non_finite_input if `a` holds a NaN or ±Inf (after the index check).
/// ```
/// svdkit::matrix<double> a = ...;                     // 2000×2000
/// auto top = svdkit::svd_range(a, 0, 4);              // the 5 largest triplets
/// auto tail = svdkit::svd_range(a, 1995, 1999, svdkit::vectors::none);  // the 5 smallest σ
/// ```
template <class T = detail::from_argument, class I, class J, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd_range(const A& a, I first, J last, svd_options opts) {
    using V = detail::view_value_t<T, A>;
    static_assert(std::is_integral<I>::value && std::is_integral<J>::value, "svdkit::svd_range: integer indices");
    const char* where = "svdkit::svd_range";
    const matrix_view<const V> av = detail::as_view<T>(a);
    detail::selection<long double> idx;
    detail::checked_index_range(first, last, av.rows(), av.cols(), where, idx);
    detail::check_selected_jobs(opts, where);
    detail::selection<V> sel;
    sel.first = idx.first;
    sel.last = idx.last;
    svd_result<V> out;
    detail::selected_impl(av, sel, opts, where, out);
    return out;
}

/// \brief svd_range() with the same choice of vectors for U and V (thin by default).
template <class T = detail::from_argument, class I, class J, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd_range(const A& a, I first, J last, vectors job = vectors::thin) {
    return svd_range<T>(a, first, last, svd_options{job, job});
}

/// \brief The singular triplets with σ in the half-open interval (lower, upper].
///
/// Returns exactly the triplets with lower < σ <= upper, descending, in svd_range()'s form (thin
/// u m×K and v n×K, or 0×0 for vectors::none), where K is their number, which may be 0 (then `s`
/// is empty, u is m×0 and v n×0). The interval is LAPACK dgesvdx's (VL, VU]: a σ equal to upper
/// is included, one equal to lower is not; a bound may be negative or ±Inf (σ >= 0, so
/// (−1, +Inf] selects every triplet). Which σ lie inside is decided by the same Sturm count that
/// computes them, so the returned σ always satisfy lower < σ <= upper; a σ that B holds exactly
/// (a diagonal A, say) is decided exactly. An empty matrix gives K = 0.
///
/// Algorithm, accuracy and cost: svd_range()'s, the indices found first by two counts (4·min(m, n)
/// flops each).
/// \throws std::invalid_argument if lower > upper or either is NaN (the message gives both), or for
///         vectors::full; svdkit::non_finite_input if `a` holds a NaN or ±Inf.
/// ```
/// auto big = svdkit::svd_interval(a, 1.0, HUGE_VAL);   // every triplet with σ > 1
/// ```
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd_interval(const A& a, detail::view_value_t<T, A> lower,
                                                    detail::view_value_t<T, A> upper, svd_options opts) {
    using V = detail::view_value_t<T, A>;
    const char* where = "svdkit::svd_interval";
    detail::checked_interval(lower, upper, where);
    detail::check_selected_jobs(opts, where);
    detail::selection<V> sel;
    sel.by_index = false;
    sel.lower = lower;
    sel.upper = upper;
    svd_result<V> out;
    detail::selected_impl(detail::as_view<T>(a), sel, opts, where, out);
    return out;
}

/// \brief svd_interval() with the same choice of vectors for U and V (thin by default).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd_interval(const A& a, detail::view_value_t<T, A> lower,
                                                    detail::view_value_t<T, A> upper, vectors job = vectors::thin) {
    return svd_interval<T>(a, lower, upper, svd_options{job, job});
}

}  // namespace svdkit

#endif  // SVDKIT_SELECTED_HPP
