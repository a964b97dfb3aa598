// svdkit::detail - singular values of an upper bidiagonal by the dqds algorithm (values only).
//
//         [ d₀ e₀             ]
//     B = [    d₁ e₁          ],   σ₀ >= σ₁ >= … >= σ_{n−1} >= 0.
//         [        ⋱  ⋱       ]
//         [           d_{n−1} ]
//
// The qd array. The singular values of B do not depend on the signs of its entries, so take
// a_i = |d_i|, b_i = |e_i| and work with the squares q_i = a_i², e_i := b_i² [1, §2]. One dqds
// transform with shift τ >= 0 maps (q, e) to (q̂, ê) such that the bidiagonals B (diagonal √q,
// superdiagonal √e) and B̂ satisfy B̂ᵀB̂ = BBᵀ − τI [1, §3]. Check on 2×2: BBᵀ − τI =
// [q₀+e₀−τ, b₀a₁; b₀a₁, q₁−τ] = B̂ᵀB̂ = [q̂₀, â₀b̂₀; â₀b̂₀, ê₀+q̂₁] gives q̂₀ = q₀ − τ + e₀,
// ê₀ = e₀q₁/q̂₀, q̂₁ = q₁ − τ − ê₀; the "differential" form writes q̂₁ through the auxiliary
// d₁ = d₀·q₁/q̂₀ − τ (d₀ = q₀ − τ), which involves no cancellation:
//
//     d = q₀ − τ;  for k: q̂_k = d + e_k;  t = q_{k+1}/q̂_k;  ê_k = e_k·t;  d = d·t − τ;   q̂_{n−1} = d.
//
// d_k is the last pivot of B_kB_kᵀ − τI, B_k the leading k+1 rows and columns of B (σ_min(B_k) >=
// σ_min(B): a column deletion), so all d_k > 0 exactly when τ < σ_min(B)², and then every
// quantity above is a sum or product of positives. That makes one transform relatively stable:
// the computed (q̂, ê) are the exact transform of (q, e) changed by a few ulps each, and relative
// changes of the entries move every singular value by a relative amount of the same order
// [1, Thm. 4; 2, §4]: all σ, however small, are found to a few ulps of themselves. The shifts
// accumulate into Σ = Σ τ (kept as a compensated sum), and the original σ_i² = Σ + λ_i where λ_i
// are the eigenvalues of the current B̂ᵀB̂: a sum of non-negatives, again without cancellation.
// A transform whose d goes negative (τ too big) is discarded and retried with a smaller shift
// [2, §6.3]; with τ = 0 (dqd) every operation is on non-negatives, so that retry cannot fail.
//
// The ping-pong storage [2, §5]: one array z of 4n holds two qd arrays side by side,
// z[4k + 2p] = q_k and z[4k + 2p + 1] = e_k for p ∈ {0, 1}; a transform reads set p, writes set
// 1 − p and the roles swap, so nothing is copied.
//
// Deflation and splitting, with tol = 8·ε (σ relative perturbation <= tol/2 each, see below;
// ε is the target precision, which a caller running dqds in a wider type than its result sets
// to that of the result, see bidiagonal_dqds):
//  - bottom 1×1: e_{m−1} <= tol²·(Σ + q_m). Setting b_{m−1} = 0 changes BBᵀ by a matrix of norm
//    <= √(e q_m) + e <= tol·(Σ + q_m)(1 + tol), so σ_m² = Σ + q_m to relative tol(1+tol): σ_m to
//    ~tol/2 [2, §6.1]. The test is applied at the bottom, where dqds brings the smallest λ.
//  - bottom 2×2: e_{m−2} <= tol²·Σ, and then the 2×2 is solved in closed form (below). The same
//    change of BBᵀ is <= tol·Σ(1 + tol) <= tol·σ² for every σ of the block.
//  - interior split at k: e_k <= tol²·Σ (same argument); the lower part is finished first while
//    the upper part waits with its Σ saved in z (negated, in the e slots at k, which also marks
//    the split) [2, §6.2].
//  - a block whose first q is smaller than its last (by 1.5×) is reversed (B ↦ PBᵀP has the
//    same σ), so that the small values sit at the bottom where they deflate [2, §6.4].
//
// The shift, chosen after each transform from its last pivots d_m, d_{m−1}, d_{m−2} and their
// minima (d_min >= λ_min of the new array, as above):
//  - d_min = d_m (the smallest pivot is the last one: the bottom is converging): B̂⁻¹'s last
//    column has squared norm (1/q̂_m)(1 + a), a = Σ_j Π_{i=j}^{m−1} ê_i/q̂_i, and it is <= ‖B̂⁻¹‖² =
//    1/λ_min, so q̂_m/(1 + a) >= λ_min is a close upper bound once the bottom has nearly
//    converged; τ = d_m·(1 − √a)/(1 + a) moves below it by a margin that shrinks with a [2, §6.3,
//    "case 4"; LAPACK dlasq4]. The sum stops when its terms drop below 1% of it, or a > 0.563.
//  - otherwise τ = g·d_min, g = 1/4, growing by (1 − g)/3 on each consecutive use, and
//    restarting from 1/12 after such a shift failed [2; dlasq4 "case 6"].
//  - after a failure: if only the last pivot went negative, τ + d_m <= λ_min (the last pivot of an
//    indefinite matrix with one negative eigenvalue μ is <= μ), so retry with (τ + d_m)(1 − 2ε);
//    otherwise with τ/4; after three failures in a row (or a NaN), τ = 0.
//
// Range. The entries are scaled by a power of two (exact) so that the largest is about
// √(ε/safe_min) [3]: the squares then never overflow (every quantity above is <= 4·max²), and
// a singular value keeps full relative accuracy while σ_i² stays a normal number, i.e. for
// σ_i >= max|B_ij|·safe_min/√ε (about 1e-300·max|B_ij| in double, 1e-31 in float).
//
// References:
// [1] K. V. Fernando, B. N. Parlett, "Accurate singular values and differential qd algorithms",
//     Numer. Math. 67 (1994): dqd/dqds, their relative stability.
// [2] B. N. Parlett, O. A. Marques, "An implementation of the dqds algorithm (positive case)",
//     Lin. Alg. Appl. 309 (2000): ping-pong storage, deflation, splitting, shifts, failures.
// [3] LAPACK dlasq1 (scaling, 2×2 case), dlasq2 (driver), dlasq3 (deflation), dlasq4 (shifts),
//     dlasq5 (dqds), dlasq6 (dqd), whose structure this follows with a simpler shift strategy.
#ifndef SVDKIT_DETAIL_BIDIAGONAL_DQDS_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_DQDS_HPP

#include <algorithm>   // std::max, std::min, std::sort, std::swap
#include <cmath>       // std::abs, std::ilogb, std::isnan, std::ldexp, std::sqrt
#include <cstddef>     // std::size_t, std::ptrdiff_t
#include <functional>  // std::greater
#include <limits>      // std::numeric_limits
#include <stdexcept>   // std::invalid_argument
#include <string>      // std::string, std::to_string
#include <vector>      // std::vector

#include "../../errors.hpp"
#include "../kernels/numeric.hpp"
#include "../kernels/svd2x2.hpp"

namespace svdkit {
namespace detail {

/// The default bound on dqds transforms (successful or discarded) for an n×n bidiagonal:
/// 100·(n + 1), LAPACK dlasq2's. A typical run needs 2-4 per singular value.
inline std::size_t default_dqds_iterations(std::size_t n) noexcept { return 100 * (n + 1); }

/// The pivots a transform leaves behind, which the shift strategy reads: the last three
/// d_m, d_{m−1}, d_{m−2} and the minima over d_{i0..m}, d_{i0..m−1}, d_{i0..m−2}.
template <class T>
struct dqds_pivots {
    T dmin, dmin1, dmin2;
    T dn, dn1, dn2;
};

/// The qd array: set p of the 4n-array z.
template <class T>
struct qd_view {
    T* z;
    std::size_t p2;  // 2·p
    T& q(std::size_t k) const noexcept { return z[4 * k + p2]; }
    T& e(std::size_t k) const noexcept { return z[4 * k + p2 + 1]; }
};

/// One dqds transform with shift tau > 0 of rows i0..m (m >= i0 + 2) from set p into set 1 − p
/// ([1, Alg. dqds]; LAPACK dlasq5). Returns the pivots; *split receives the largest k <= m − 3
/// with ê_k <= split_tol (or stays unchanged). Nothing is checked inside the loop: the caller
/// rejects the result when a pivot is negative or not finite.
template <class T>
dqds_pivots<T> dqds_transform(T* z, std::size_t p, std::size_t i0, std::size_t m, T tau, T split_tol,
                              std::size_t* split) noexcept {
    const qd_view<T> in{z, 2 * p};
    const qd_view<T> out{z, 2 - 2 * p};
    dqds_pivots<T> r;
    T d = in.q(i0) - tau;
    T dmin = d;
    std::size_t k = i0;
    for (; k + 2 < m; ++k) {
        const T qhat = d + in.e(k);
        out.q(k) = qhat;
        const T t = in.q(k + 1) / qhat;
        const T ehat = in.e(k) * t;
        out.e(k) = ehat;
        if (ehat <= split_tol) *split = k;
        d = d * t - tau;
        dmin = std::min(dmin, d);
    }
    r.dmin2 = dmin;
    r.dn2 = d;
    // The last two steps, peeled to keep their pivots.
    for (int step = 0; step < 2; ++step, ++k) {
        const T qhat = d + in.e(k);
        out.q(k) = qhat;
        const T t = in.q(k + 1) / qhat;
        out.e(k) = in.e(k) * t;
        d = d * t - tau;
        if (step == 0) {
            r.dn1 = d;
            r.dmin1 = std::min(dmin, d);
        }
    }
    out.q(m) = d;
    r.dn = d;
    r.dmin = std::min(r.dmin1, d);
    return r;
}

/// One dqd transform (no shift) of rows i0..m (m >= i0 + 2) from set p into set 1 − p, guarded
/// against underflow and overflow of the ratio q_{k+1}/q̂_k as LAPACK dlasq6 is: when the ratio
/// is out of range, ê_k = q_{k+1}·(e_k/q̂_k) and d = q_{k+1}·(d/q̂_k), both factors <= 1. Every
/// operation is on non-negatives, so it cannot fail; a q̂_k = 0 (a zero d and e) is an exact
/// split and is passed on as ê_k = 0.
template <class T>
dqds_pivots<T> dqd_transform(T* z, std::size_t p, std::size_t i0, std::size_t m, T split_tol,
                             std::size_t* split) noexcept {
    const qd_view<T> in{z, 2 * p};
    const qd_view<T> out{z, 2 - 2 * p};
    const T safmin = constants<T>::safe_min();
    dqds_pivots<T> r{};
    T d = in.q(i0);
    T dmin = d;
    for (std::size_t k = i0; k < m; ++k) {
        const T qhat = d + in.e(k);
        out.q(k) = qhat;
        const T qn = in.q(k + 1);
        T ehat;
        if (qhat == T(0)) {
            ehat = T(0);
            d = qn;
        } else if (safmin * qn < qhat && safmin * qhat < qn) {
            const T t = qn / qhat;
            ehat = in.e(k) * t;
            d = d * t;
        } else {
            ehat = qn * (in.e(k) / qhat);
            d = qn * (d / qhat);
        }
        out.e(k) = ehat;
        if (k + 3 <= m && ehat <= split_tol) *split = k;
        if (k + 3 == m) {
            r.dmin2 = std::min(dmin, d);
            r.dn2 = d;
        } else if (k + 2 == m) {
            r.dmin1 = std::min(dmin, d);
            r.dn1 = d;
        }
        dmin = std::min(dmin, d);
    }
    if (m == i0 + 2) {  // the loop never reached d_{m−2}: it is the first pivot
        r.dn2 = in.q(i0);
        r.dmin2 = r.dn2;
    }
    out.q(m) = d;
    r.dn = d;
    r.dmin = dmin;
    return r;
}

/// The two eigenvalues of B̂ᵀB̂ for the 2×2 qd array (q1, e, q2), without overflow of e·q2 and
/// without cancellation. Derivation: trace q1 + e + q2, determinant q1·q2. With q1 >= q2 and
/// t = (q1 − q2 + e)/2 >= 0, (trace/2)² − det = t² + e·q2, so λ_big = q1 + e + s with
/// s = √(t² + e q2) − t = e q2/(t + √(t² + e q2)); with r = q2·e/t: √(t² + e q2) = √t·√(t + r),
/// written as t·√(1 + r/t) when r <= t. λ_small = det/λ_big = q2·(q1/λ_big).
template <class T>
void qd_2x2(T q1, T e, T q2, T& big, T& small) noexcept {
    if (q1 < q2) std::swap(q1, q2);
    T s = 0;
    if (e > T(0) && q2 > T(0)) {
        const T t = T(0.5) * ((q1 - q2) + e);
        const T r = q2 * (e / t);
        if (r <= t)
            s = q2 * (e / (t * (T(1) + std::sqrt(T(1) + r / t))));
        else
            s = q2 * (e / (t + std::sqrt(t) * std::sqrt(t + r)));
    }
    big = q1 + (e + s);
    small = big > T(0) ? q2 * (q1 / big) : T(0);
}

/// A lower estimate of gap = λ_min(A) − q_m, where A is BBᵀ without its last row and column, for
/// the shift at a converging bottom (0 when there is no clear gap). Why: BBᵀ = [A, c; cᵀ, q_m]
/// with c = √(e_{m−1} q_m)·(last unit vector), and its smallest eigenvalue λ < λ_min(A) solves
/// λ = q_m − cᵀ(A − λ)⁻¹c >= q_m − |c|²/(λ_min(A) − q_m) (as λ <= q_m): with any gap below the
/// true one, τ = q_m − e_{m−1}·q_m/gap is a safe shift, in error by O(e_{m−1}²): quadratic
/// convergence [2, §6.3]. The same argument one row up bounds λ_min(A) from A's last diagonal
/// entry h = q_{m−1} + e_{m−1}, its coupling c₂² = e_{m−2}·q_{m−1} and a lower estimate of the
/// rest, 3/4 of the pivot minimum d_min2 (an upper bound on it; this factor, like LAPACK dlasq4's,
/// is a heuristic: a shift that turns out too big is caught by the failure test and retried).
template <class T>
T qd_gap_below(const qd_view<T>& cur, std::size_t m, T dmin2) noexcept {
    const T qm = cur.q(m);
    const T h = cur.q(m - 1) + cur.e(m - 1);
    const T rest = T(0.75) * dmin2;
    // c₂ = √e·√q, and c₂²/g as e·(q/g): the product e·q itself may overflow.
    const T c = std::sqrt(cur.e(m - 2)) * std::sqrt(cur.q(m - 1));
    T lam_a;
    if (rest > h && c < rest - h)
        lam_a = h - cur.e(m - 2) * (cur.q(m - 1) / (rest - h));
    else
        lam_a = std::min(rest, h) - c;
    const T gap = lam_a - qm;
    return gap > T(0) ? gap : T(0);
}

/// Singular values of the n×n upper bidiagonal (d, e) by dqds ([1], [2]; LAPACK dlasq1-6).
/// On return d holds them in non-increasing order, all >= 0, and e is all zeros. Returns the
/// number of transforms used (including discarded ones).
///
/// work is the qd array (resized to 4n; a reused vector allocates nothing). Deterministic.
/// Precondition, as bidiagonal_qr's: (d, e) finite and scaled so that the squares of the entries
/// do not overflow (the callers scale; the entries are rescaled internally anyway, by a power of
/// two, so that the squares stay clear of overflow and underflow).
///
/// target_eps is the precision the values are wanted to, ε of T by default. Deflation and splits
/// use tol = 8·target_eps and move each σ by a relative tol/2 at most (see the top of this file),
/// so a caller that runs dqds in a wider type than its result (float in double) passes a larger
/// one and saves the transforms that would only settle digits it rounds away.
/// \throws std::invalid_argument if e.size() != d.size() − 1 (n >= 1);
///         svdkit::non_finite_input for a NaN/Inf, named as entry (i, i) or (i, i+1) of B;
///         svdkit::no_convergence when more than max_iterations transforms would be needed.
template <class T>
std::size_t bidiagonal_dqds(std::vector<T>& d, std::vector<T>& e, std::vector<T>& work,
                            std::size_t max_iterations, T target_eps = std::numeric_limits<T>::epsilon()) {
    static const char* const where = "svdkit::detail::bidiagonal_dqds (dqds transforms)";
    const std::size_t n = d.size();
    if (n == 0) {
        if (!e.empty())
            throw std::invalid_argument(std::string(where) + ": e.size() (= " + std::to_string(e.size()) +
                                        ") must be 0 when d is empty");
        return 0;
    }
    if (e.size() != n - 1)
        throw std::invalid_argument(std::string(where) + ": e.size() (= " + std::to_string(e.size()) +
                                    ") must be d.size() - 1 (= " + std::to_string(n - 1) + ")");
    T amax = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T x[2] = {d[i], i + 1 < n ? e[i] : T(0)};
        for (std::size_t k = 0; k < 2; ++k) {
            if (std::isnan(x[k])) throw non_finite_input(where, i, i + k, "NaN");
            if (!(std::abs(x[k]) <= std::numeric_limits<T>::max()))
                throw non_finite_input(where, i, i + k, x[k] > 0 ? "+Inf" : "-Inf");
            amax = std::max(amax, std::abs(x[k]));
        }
    }
    for (T& x : d) x = std::abs(x);
    for (T& x : e) x = std::abs(x);
    if (n == 1) return 0;
    if (n == 2) {
        const svd2x2_values_t<T> r = svd2x2_values(d[0], e[0], d[1]);
        d[0] = r.smax;
        d[1] = r.smin;
        e[0] = T(0);
        return 0;
    }
    bool diagonal = true;
    for (const T x : e) diagonal = diagonal && x == T(0);
    if (diagonal) {
        std::sort(d.begin(), d.end(), std::greater<T>());
        return 0;
    }

    // Scale so that the largest entry is about √(ε/safe_min) ([3] dlasq1), by a power of two.
    const T eps = std::numeric_limits<T>::epsilon();
    const T safmin = constants<T>::safe_min();
    const int scale = std::ilogb(std::sqrt(eps / safmin)) - std::ilogb(amax) - 1;

    work.resize(4 * n);
    T* const z = work.data();
    for (std::size_t k = 0; k < n; ++k) {
        const T a = std::ldexp(d[k], scale);
        z[4 * k] = a * a;
        z[4 * k + 2] = T(0);
        if (k + 1 < n) {
            const T b = std::ldexp(e[k], scale);
            z[4 * k + 1] = b * b;
            z[4 * k + 3] = T(0);
            if (z[4 * k + 1] == T(0)) {  // a split with Σ = 0 (the marker is −0 <= 0)
                z[4 * k + 1] = -T(0);
                z[4 * k + 3] = -T(0);
            }
        } else {
            z[4 * k + 1] = T(0);
            z[4 * k + 3] = T(0);
        }
    }

    const T tol = T(8) * std::max(eps, target_eps);
    const T tol2 = tol * tol;
    const T cbias = T(1.5);
    using idx = std::ptrdiff_t;
    auto uz = [](idx k) { return static_cast<std::size_t>(k); };
    std::size_t iter = 0;
    std::size_t converged = 0;
    // Finished values: σ_k² (scaled) is stored in z[4k], set 0's q slot, never read again.
    auto finish = [&](idx k, T lambda, T sig_hi, T sig_lo) {
        z[4 * uz(k)] = (lambda + sig_lo) + sig_hi;
        ++converged;
    };

    idx m = static_cast<idx>(n) - 1;  // bottom of the unfinished part
    // Every pass of the outer loop finishes at least one value; every pass of the inner loop
    // deflates, splits, reverses after a deflation, or runs a counted transform.
    const std::size_t inner_guard = max_iterations + 4 * n + 4;
    std::size_t passes = 0;
    while (m >= 0) {
        // A new block: its Σ (0 at the very bottom, else saved at its split) and its top i0.
        T sig_hi = 0, sig_lo = 0;
        if (uz(m) + 1 < n) {
            sig_hi = -z[4 * uz(m) + 1];
            sig_lo = -z[4 * uz(m) + 3];
        }
        idx i0 = m;
        while (i0 > 0) {
            T& ek = z[4 * uz(i0 - 1) + 1];
            if (ek <= T(0)) break;
            if (ek <= tol2 * sig_hi) {  // negligible: split here with this Σ
                ek = -sig_hi;
                z[4 * uz(i0 - 1) + 3] = -sig_lo;
                break;
            }
            --i0;
        }
        std::size_t p = 0;  // a waiting block is always kept in set 0
        bool have_pivots = false;
        bool check_flip = true;
        dqds_pivots<T> pv{};
        int fails = 0;      // consecutive failed transforms
        T g = T(0.25);      // fraction of d_min for the fallback shift
        bool last_fallback = false;
        bool fallback_overshot = false;  // the last fallback shift failed well inside the block

        while (m >= i0) {
            if (++passes > inner_guard)  // unreachable by the counting above; a safety net
                throw no_convergence(where, converged, n, iter, "dqds", "transforms");
            const qd_view<T> cur{z, 2 * p};
            if (m == i0) {
                finish(m, cur.q(uz(m)), sig_hi, sig_lo);
                --m;
                break;
            }
            if (m == i0 + 1) {
                T big, small;
                qd_2x2(cur.q(uz(m - 1)), cur.e(uz(m - 1)), cur.q(uz(m)), big, small);
                finish(m - 1, big, sig_hi, sig_lo);
                finish(m, small, sig_hi, sig_lo);
                m -= 2;
                break;
            }
            // Deflation at the bottom: one value, then two.
            if (cur.e(uz(m - 1)) <= tol2 * (sig_hi + cur.q(uz(m)))) {
                finish(m, cur.q(uz(m)), sig_hi, sig_lo);
                --m;
                pv = {pv.dmin1, pv.dmin2, pv.dmin2, pv.dn1, pv.dn2, pv.dn2};
                check_flip = true;
                continue;
            }
            if (cur.e(uz(m - 2)) <= tol2 * sig_hi) {
                T big, small;
                qd_2x2(cur.q(uz(m - 1)), cur.e(uz(m - 1)), cur.q(uz(m)), big, small);
                finish(m - 1, big, sig_hi, sig_lo);
                finish(m, small, sig_hi, sig_lo);
                m -= 2;
                pv = {pv.dmin2, pv.dmin2, pv.dmin2, pv.dn2, pv.dn2, pv.dn2};
                check_flip = true;
                continue;
            }
            // A new or shortened block with its small end on top: reverse it.
            if (check_flip) {
                check_flip = false;
                if (cbias * cur.q(uz(i0)) < cur.q(uz(m))) {
                    for (idx a = i0, b = m; a < b; ++a, --b) std::swap(cur.q(uz(a)), cur.q(uz(b)));
                    for (idx a = i0, b = m - 1; a < b; ++a, --b) std::swap(cur.e(uz(a)), cur.e(uz(b)));
                    have_pivots = false;
                }
            }

            // The shift.
            T tau = 0;
            bool fallback = false;
            if (have_pivots && pv.dmin > T(0)) {
                const T qm = cur.q(uz(m));
                const T gap1 = pv.dmin == pv.dn && qm > T(0) ? qd_gap_below(cur, uz(m), pv.dmin2) : T(0);
                if (gap1 > T(0) && cur.e(uz(m - 1)) < gap1) {
                    // Converging bottom with a gap: λ_min >= q_m − e_{m−1}·q_m/gap (see
                    // qd_gap_below), never below half of it.
                    tau = std::max(qm - qm * (cur.e(uz(m - 1)) / gap1), T(0.5) * qm);
                } else if (pv.dmin == pv.dn) {
                    T a = 0, b = 1;
                    for (idx k = m - 1; k >= i0; --k) {
                        b *= cur.e(uz(k)) / cur.q(uz(k));
                        a += b;
                        if (!(a <= T(0.563)) || T(100) * b < a) break;
                    }
                    if (a <= T(0.563)) tau = pv.dn * (T(1) - std::sqrt(a)) / (T(1) + a);
                    else fallback = true;
                } else {
                    fallback = true;
                }
                if (fallback) {
                    // g grows while it keeps working; after an overshoot it restarts lower.
                    g = fallback_overshot ? T(1) / T(12) : (last_fallback ? g + (T(1) - g) / T(3) : T(0.25));
                    tau = g * pv.dmin;
                }
            }
            last_fallback = fallback;
            fallback_overshot = false;

            // The transform, retried with smaller shifts until it is accepted.
            for (;;) {
                if (iter >= max_iterations) throw no_convergence(where, converged, n, iter, "dqds", "transforms");
                ++iter;
                std::size_t split = 0;
                bool found_split = false;
                dqds_pivots<T> r;
                if (tau > T(0)) {
                    std::size_t s = n;
                    r = dqds_transform(z, p, uz(i0), uz(m), tau, tol2 * (sig_hi + tau), &s);
                    found_split = s != n;
                    split = s;
                    const bool ok = r.dmin >= T(0) && r.dn <= std::numeric_limits<T>::max();
                    if (!ok) {
                        ++fails;
                        if (fails >= 3 || std::isnan(r.dmin) || std::isnan(r.dn))
                            tau = 0;
                        else if (r.dmin1 > T(0) && r.dn < T(0))
                            tau = std::max(T(0), (tau + r.dn) * (T(1) - T(2) * eps));
                        else {
                            tau = T(0.25) * tau;
                            fallback_overshot = fallback;
                        }
                        continue;
                    }
                } else {
                    std::size_t s = n;
                    r = dqd_transform(z, p, uz(i0), uz(m), tol2 * sig_hi, &s);
                    found_split = s != n;
                    split = s;
                }
                fails = 0;
                p = 1 - p;
                // Σ += τ, compensated by Knuth's 2Sum: err is exactly the rounding error of
                // the addition, collected in sig_lo.
                const T s_new = sig_hi + tau;
                const T bb = s_new - sig_hi;
                const T err = (sig_hi - (s_new - bb)) + (tau - bb);
                sig_hi = s_new;
                sig_lo += err;
                pv = r;
                have_pivots = true;
                if (found_split) {
                    // Rows i0..split wait, in set 0, with this Σ saved at the split.
                    const qd_view<T> now{z, 2 * p};
                    if (p == 1) {
                        const qd_view<T> set0{z, 0};
                        for (std::size_t k = uz(i0); k <= split; ++k) {
                            set0.q(k) = now.q(k);
                            if (k < split) set0.e(k) = now.e(k);
                        }
                    }
                    z[4 * split + 1] = -sig_hi;
                    z[4 * split + 3] = -sig_lo;
                    i0 = static_cast<idx>(split) + 1;
                    check_flip = true;
                }
                break;
            }
        }
    }

    for (std::size_t k = 0; k < n; ++k) d[k] = std::ldexp(std::sqrt(z[4 * k]), -scale);
    std::fill(e.begin(), e.end(), T(0));
    std::sort(d.begin(), d.end(), std::greater<T>());
    return iter;
}

template <class T>
std::size_t bidiagonal_dqds(std::vector<T>& d, std::vector<T>& e, std::vector<T>& work) {
    return bidiagonal_dqds(d, e, work, default_dqds_iterations(d.size()));
}

template <class T>
std::size_t bidiagonal_dqds(std::vector<T>& d, std::vector<T>& e, std::size_t max_iterations) {
    std::vector<T> work;
    return bidiagonal_dqds(d, e, work, max_iterations);
}

template <class T>
std::size_t bidiagonal_dqds(std::vector<T>& d, std::vector<T>& e) {
    std::vector<T> work;
    return bidiagonal_dqds(d, e, work, default_dqds_iterations(d.size()));
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_DQDS_HPP
