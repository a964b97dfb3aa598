// svdkit::detail - block Golub-Kahan-Lanczos bidiagonalization with thick restarts: the process
// behind partial_svd (partial_svd.hpp), on any linear operator (operator.hpp).
//
// With A m×n (m >= n after a transpose where needed) and a unit start vector v₀, j steps of the
// Golub-Kahan-Lanczos process [1] give orthonormal V_j (n×j), U_j (m×j) and an upper triangular
// B_j with
//
//     A·V_j = U_j·B_j,        Aᵀ·U_j = V_j·B_jᵀ + r_j·e_jᵀ.
//
// The SVD B_j = P·Θ·Qᵀ gives Ritz triplets (θ_i, U_j·p_i, V_j·q_i) whose residual is known
// without a product: ‖Aᵀ·ũ_i − θ_i·ṽ_i‖ = ‖r_j‖·|e_jᵀ·p_i|, and A·ṽ_i = θ_i·ũ_i exactly. So some
// singular value of A lies within that residual of θ_i (and within residual²/gap when θ_i is
// isolated). When the first k residuals are not yet below tolerance·θ₀, the process restarts
// thickly [2]: the l leading Ritz vectors are kept, v_{l} = r_j/‖r_j‖, and B becomes diag(θ)
// bordered by the column ρ_i = ‖r_j‖·e_jᵀ·p_i, from which the bidiagonalization continues.
// Every new short-side vector (V, length min(m, n)) is orthogonalized twice against all kept ones
// (full reorthogonalization, classical Gram-Schmidt run twice [3]), so V stays orthonormal to
// O(k·ε) and no spurious copies of converged values appear. The long side (U) only follows the
// recurrence (one-sided reorthogonalization [4]): with V orthonormal, the loss of orthogonality of
// U stays bounded and the Ritz values and residual estimates keep their accuracy, while the
// 4·max(m, n)·j multiply-adds per step of reorthogonalizing U (the larger share of the time on
// sparse or very rectangular operators) are saved. U is rebuilt at the end from A·V_k. A breakdown (α or β below n·ε·‖B‖: an invariant subspace,
// a rank-deficient A) continues from a random vector orthogonal to the kept ones, with a zero in B.
//
// With partial_options::block_size = b > 1 the same process runs on blocks of b vectors (block
// Golub-Kahan-Lanczos [5], thick-restarted as [6]): B is then block upper bidiagonal, and each
// step's products are one pass over a dense or CSR operator for b vectors. A block Krylov space
// needs more vectors for the same k and tolerance (1.1–2.8×), so the default uses blocks only on
// large dense matrices, with room for many blocks (below). Where the working size reaches
// min(m, n) the operator is applied to identity blocks and the dense SVD answers. The final
// Rayleigh-Ritz step factors A·V_k (max(m, n)×k) by Cholesky QR where its columns allow.
//
// References:
// [1] G. H. Golub, W. Kahan, "Calculating the singular values and pseudo-inverse of a matrix",
//     SIAM J. Numer. Anal. B 2 (1965); Golub & Van Loan, Matrix Computations, 4th ed., §10.4.
// [2] J. Baglama, L. Reichel, "Augmented implicitly restarted Lanczos bidiagonalization methods",
//     SIAM J. Sci. Comput. 27 (2005) (IRLBA): the restart with Ritz vectors and the residual column.
// [3] R. M. Larsen, "Lanczos bidiagonalization with partial reorthogonalization", PROPACK, DAIMI
//     PB-537 (1998); L. Giraud et al., "Rounding error analysis of the classical Gram-Schmidt
//     orthogonalization process", Numer. Math. 101 (2005): two passes suffice.
// [4] H. D. Simon, H. Zha, "Low-rank matrix approximation using the Lanczos bidiagonalization
//     process with applications", SIAM J. Sci. Comput. 21 (2000): one-sided reorthogonalization.
// [5] G. H. Golub, F. T. Luk, M. L. Overton, "A block Lanczos method for computing the singular
//     values and corresponding singular vectors of a matrix", ACM TOMS 7 (1981).
// [6] J. Baglama, L. Reichel, "Restarted block Lanczos bidiagonalization methods", Numer.
//     Algorithms 43 (2006).
#ifndef SVDKIT_DETAIL_LANCZOS_GOLUB_KAHAN_HPP
#define SVDKIT_DETAIL_LANCZOS_GOLUB_KAHAN_HPP

#include <algorithm>  // std::min, std::max, std::copy, std::fill
#include <cmath>      // std::log
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <utility>    // std::as_const, std::swap
#include <vector>     // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../../svd_result.hpp"
#include "../kernels/gemm.hpp"
#include "../kernels/gemv.hpp"
#include "../kernels/gram_schmidt.hpp"
#include "../kernels/numeric.hpp"
#include "../kernels/random.hpp"
#include "../reduction/householder.hpp"

namespace svdkit {
namespace detail {

/// The settings the process takes from partial_options, as given: 0 means the default.
struct lanczos_settings {
    std::uint64_t seed = 0;
    double tolerance = 0;          ///< residual <= tolerance·θ₀; 0 = 8·ε of T
    std::size_t max_restarts = 0;  ///< 0 = 1000
    bool reorthogonalize_both = false;
};

/// The converged part: σ (k values), V_k (n×k, orthonormal), and the work done. U_k is not
/// formed: the caller's Rayleigh-Ritz step rebuilds it from A·V_k.
template <class T>
struct lanczos_triplets {
    matrix<T> v;
    std::vector<T> s;
    std::size_t products = 0;  ///< in vectors (a block of b counts b)
    std::size_t restarts = 0;
};

/// The block Lanczos process on the tall orientation (m >= n), 0 < k, subspace nb < n, block
/// size nbk (1 <= nbk <= nb − k). Blocks of nbk columns: A·V_j = U_{j−1}·L_j + U_j·R_j and
/// Aᵀ·U_j = V_j·R_jᵀ + V_{j+1}·S_j with R_j (from a Gram-Schmidt QR of the block) upper and
/// L_j = S_{j−1}ᵀ lower triangular [5], so B is block upper bidiagonal, stored with the
/// residual block's coupling in the nbk columns past the last: B is nb × (nb + nbk). A Ritz
/// triplet's residual is ‖S·(last nbk entries of p_i)‖, and a thick restart keeps l Ritz
/// vectors, the residual block next, bordered by ρ_i = S·(last entries of p_i) [6]. One block
/// of nbk vectors costs one pass over a dense A (the skinny kernels) or a CSR matrix, where
/// nbk single-vector steps cost nbk passes.
///
/// What the process needs from the layers above it comes through `host` (partial_svd.hpp's
/// lanczos_host: the operator's products and the driver's SVD), so this layer stays below both:
///   host.rows(), host.cols()               A's shape (m >= n);
///   host.product(transposed, x, y)         y = A·x (x n×b, y m×b) or Aᵀ·x, checked finite;
///   host.small_svd(b, out)                 the SVD of a small dense block, σ non-increasing.
template <class T, class Host>
lanczos_triplets<T> block_golub_kahan(Host& host, std::size_t k, std::size_t nb, std::size_t nbk,
                                      const lanczos_settings& o, matrix<T>& u, const char* where) {
    const std::size_t m = host.rows(), n = host.cols();
    const T eps = std::numeric_limits<T>::epsilon();
    const T tol = o.tolerance > 0 ? static_cast<T>(o.tolerance) : T(8) * eps;
    const std::size_t max_restarts = o.max_restarts > 0 ? o.max_restarts : 1000;
    gaussian_source rng(o.seed);

    // U (long side, not zero-filled; reused by the caller's final step). A restart may defer U·P_l
    // (m·s·l multiply-adds, the bulk of the work on a cheap operator): the kept vectors are then
    // U(:, 0:q)·G (G q×l), read one-sided only as U(:, 0:q)·(G·h) (the coupling), and logical
    // column j >= l is physical column q + j − l.
    // The kept size l of every restart, and whether the rule below ever defers (else U keeps nb
    // columns: no larger allocation, which could cross the allocator's mmap threshold).
    const std::size_t keep = nb - nbk * std::max<std::size_t>(1, (nb - (k + (nb - k) / 2)) / nbk);
    const bool defers = !o.reorthogonalize_both && (nb - keep) * 200 < (nb / nbk * nbk) * keep;
    const std::size_t cap = defers ? std::min(2 * nb, std::max(nb, m)) : nb;
    matrix_storage::resize_for_overwrite(u, m, cap);
    std::size_t q = 0;     // physical columns behind the l kept vectors (q = l: G is the identity)
    bool deferred = false;  // whether G is stored (else U(:, 0:l) holds the kept vectors)
    std::size_t touched = 0;  // columns of U written so far (no page faults left in them)
    matrix<T> g, g_next;
    matrix<T> v(n, nb + nbk), b(nb, nb + nbk);
    matrix<T> x(n, nbk), y(m, nbk), xt(m, nbk), yt(n, nbk);
    lanczos_triplets<T> out;
    T anorm = 0;  // largest diagonal entry or Ritz value seen: the scale of the breakdown test
    for (std::size_t t = 0; t < nbk; ++t) random_orthogonal(v, t, rng, v.col_ptr(t));
    std::size_t l = 0;
    auto phys = [&](std::size_t j) { return q + j - l; };  // physical column of logical j >= l
    // Scratch reused by every step, test and restart (small SVDs, coefficients, panels, packing).
    svd_result<T> rb;
    matrix<T> bs;
    std::vector<T> h(nb + nbk), gs, gh, panel;
    gemm_workspace<T> gws;
    // The Ritz triplets of the leading s×s block of B, into rb.
    auto ritz = [&](std::size_t s) {
        matrix_storage::resize_for_overwrite(bs, s, s);
        for (std::size_t c = 0; c < s; ++c) std::copy(b.col_ptr(c), b.col_ptr(c) + s, bs.col_ptr(c));
        host.small_svd(std::as_const(bs).view(), rb);
    };
    // The residual of Ritz triplet i of B_s: ‖Σ_t B(s−nbk+t, s + r)·p_i(s−nbk+t)‖ over r.
    std::vector<T> rho(nbk);
    auto residual = [&](std::size_t s, std::size_t i) {
        for (std::size_t r = 0; r < nbk; ++r) {
            T acc = 0;
            for (std::size_t t = 0; t < nbk; ++t) acc += b(s - nbk + t, s + r) * rb.u(s - nbk + t, i);
            rho[r] = acc;
        }
        return norm2(nbk, rho.data());
    };
    auto count_converged = [&](std::size_t s) {
        std::size_t c = 0;
        while (c < k && residual(s, c) <= tol * rb.s[0]) ++c;
        return c;
    };
    // When to test inside a cycle: a test is a dense SVD of B (0.6 ms at subspace 100, 20 products
    // of the term-document matrix) and only the last cycle's can succeed. The log of the worst
    // max_{i<k} residual_i/(tol·θ₀) is followed over the steps; a test runs only where the line
    // through the last two measurements puts it within 100× of tol (always before two).
    T log_last = 0, log_prev = 0;
    std::size_t step = 0, step_last = 0, step_prev = 0, measured = 0;
    auto record = [&](std::size_t s) {
        T worst = 0;
        for (std::size_t i = 0; i < k; ++i) worst = std::max(worst, residual(s, i));
        const T scale = tol * rb.s[0];
        T lw = worst > T(0) && scale > T(0) ? std::log(worst / scale) : T(-1000);
        lw = std::min(std::max(lw, T(-1000)), T(1000));  // also a NaN ratio → ±1000, never NaN
        log_prev = log_last;
        step_prev = step_last;
        log_last = lw;
        step_last = step;
        ++measured;
    };
    auto worth_testing = [&]() {
        if (measured < 2 || step_last == step_prev) return true;
        const T rate = (log_last - log_prev) / static_cast<T>(step_last - step_prev);
        return rate < T(0) && log_last + rate * static_cast<T>(step - step_last) <= std::log(T(100));
    };
    // The new Lanczos vector p normalized into column col of `basis` (U or V), or, where it
    // vanished (norm below n·ε·anorm: an invariant subspace), a random unit vector orthogonal to
    // the columns before it; p is left equal to it (the next product's input). Returns the norm
    // (0 in the second case): B's new entry.
    auto append_normalized = [&](matrix<T>& basis, std::size_t col, T* p) {
        const std::size_t len = basis.rows();
        T norm = norm2(len, p);
        if (norm <= T(n) * eps * anorm || norm == T(0)) {
            norm = 0;
            random_orthogonal(basis, col, rng, p);
        } else {  // a divide, not a multiply by 1/norm: measured 15-25 % larger final residuals
            for (std::size_t r = 0; r < len; ++r) p[r] /= norm;
        }
        std::copy(p, p + len, basis.col_ptr(col));
        anorm = std::max(anorm, norm);
        return norm;
    };
    // The first k triplets of a converged B_s: V_k = V_s·Q_k (U_k is not formed: rayleigh_ritz_right
    // rebuilds it from A·V_k).
    auto finish = [&](std::size_t s, std::size_t restart) {
        truncate(rb, k);
        matrix_storage::resize_for_overwrite(out.v, n, k);
        gemm(false, false, n, k, s, T(1), v.data(), n, rb.v.data(), s, T(0), out.v.data(), n, &gws);
        orthonormalize_columns(out.v, k);
        out.s = rb.s;
        out.restarts = restart;
    };
    // U(:, 0:l) ← U(:, 0:q)·G in place, and the `done` vectors of this cycle moved next to them.
    auto form_kept = [&](std::size_t done) {
        if (!deferred) return;
        multiply_right_in_place(m, q, l, u.data(), m, g.data(), q, panel, &gws);
        for (std::size_t j = 0; j < done; ++j) std::copy(u.col_ptr(q + j), u.col_ptr(q + j) + m, u.col_ptr(l + j));
        q = l;
        deferred = false;
    };
    for (std::size_t restart = 0;; ++restart) {
        const std::size_t s_end = l + (nb - l) / nbk * nbk;  // this cycle's last size
        // Convergence is also tested every `stride` blocks inside a cycle where worth_testing
        // (above) expects it, so that the process stops at the block where the k triplets have
        // converged rather than at the end of the cycle or after one more restart.
        const std::size_t stride = std::max<std::size_t>(1, (s_end - l) / (6 * nbk));
        // h: the coupling to the previous block (or to the l kept vectors), then a block's
        // in-block Gram-Schmidt entries (fewer than nbk).
        for (std::size_t c = l; c < s_end; c += nbk) {
            // U block: A·V_j minus the coupling to the previous U block (or to the kept Ritz
            // vectors after a restart), then its QR. x holds V_j already (the previous block's
            // normalized yt) except at a cycle's start.
            if (c == l) std::copy(v.col_ptr(c), v.col_ptr(c) + n * nbk, x.data());
            host.product(false, x, y);
            out.products += nbk;
            const std::size_t r0 = c == l ? 0 : c - nbk;
            for (std::size_t t = 0; t < nbk && c > r0; ++t) {
                for (std::size_t i = r0; i < c; ++i) h[i - r0] = -b(i, c + t);
                if (c > l) gemv_n(m, c - r0, u.col_ptr(phys(r0)), m, h.data(), y.col_ptr(t));
                else if (!deferred) gemv_n(m, l, u.data(), m, h.data(), y.col_ptr(t));
                else {  // the kept vectors U(:, 0:q)·G: coefficients G·h
                    gh.assign(q, T(0));
                    gemv_n(q, l, g.data(), q, h.data(), gh.data());
                    gemv_n(m, q, u.data(), m, gh.data(), y.col_ptr(t));
                }
            }
            for (std::size_t t = 0; t < nbk; ++t) {
                T* p = y.col_ptr(t);
                if (o.reorthogonalize_both) reorthogonalize(u, c, p);
                std::fill(h.data(), h.data() + t, T(0));
                // the block's QR: against its own earlier columns, coefficients into R
                project_out(m, u.col_ptr(phys(c)), 0, t, p, h.data(), gs);
                for (std::size_t i = 0; i < t; ++i) b(c + i, c + t) = h[i];
                // a breakdown's random vector is made orthogonal to the columns before it: formed
                if (deferred && norm2(m, p) <= T(n) * eps * anorm) form_kept(c + t - l);
                b(c + t, c + t) = append_normalized(u, phys(c + t), p);
            }

            // V block: Aᵀ·U_j − V_j·R_jᵀ, against every kept V (twice), then its QR. y holds U_j.
            std::swap(xt, y);
            host.product(true, xt, yt);
            out.products += nbk;
            for (std::size_t t = 0; t < nbk; ++t) {  // R_j is upper triangular: row t from column t on
                for (std::size_t i = t; i < nbk; ++i) h[i - t] = -b(c + t, c + i);
                gemv_n(n, nbk - t, v.col_ptr(c + t), n, h.data(), yt.col_ptr(t));
            }
            const std::size_t cn = c + nbk;  // the new block's first column
            for (std::size_t t = 0; t < nbk; ++t) {
                T* z = yt.col_ptr(t);
                std::fill(h.data(), h.data() + t, T(0));
                project_out(n, v.data(), cn, cn + t, z, h.data(), gs);
                for (std::size_t i = 0; i < t; ++i) b(c + t, cn + i) = h[i];
                b(c + t, cn + t) = append_normalized(v, cn + t, z);
            }
            std::swap(x, yt);  // V_{j+1}: the next block's input
            step += nbk;
            const std::size_t s = cn;
            if (s < s_end && s > k && ((s - l) / nbk) % stride == 0 && worth_testing()) {
                ritz(s);
                if (count_converged(s) == k) {
                    finish(s, restart);
                    return out;
                }
                record(s);
            }
        }

        // Ritz triplets from the SVD of the small B, and their residuals.
        ritz(s_end);
        anorm = std::max(anorm, rb.s[0]);
        const std::size_t converged = count_converged(s_end);
        if (converged == k) {
            finish(s_end, restart);
            return out;
        }
        record(s_end);
        if (restart + 1 >= max_restarts)
            throw no_convergence(where, converged, k, restart + 1, "the Lanczos bidiagonalization", "restarts");
        // thick restart: keep l Ritz vectors (nb − l a multiple of the block), the residual block
        // next, B = [diag(θ) ρ].
        const std::size_t next_l = keep;
        matrix<T> rho_all(next_l, nbk);
        for (std::size_t i = 0; i < next_l; ++i) {
            residual(s_end, i);
            for (std::size_t r = 0; r < nbk; ++r) rho_all(i, r) = rho[r];
        }
        const std::size_t l_old = l;
        l = next_l;
        // The kept U·P_l: G ← [G·P_l(0:l_old, :); P_l(l_old:s_end, :)] (q + s_end − l_old rows), formed
        // where the next cycle would pass `cap` or first-touch more than it saves (a page fault
        // ~200 multiply-adds per entry, measured: bench/README.md): k = 10 forms, k = 50 defers.
        const std::size_t q_next = q + s_end - l_old;
        touched = std::max(touched, q_next);
        const std::size_t need = q_next + (nb - l), fresh = need > touched ? need - touched : 0;
        matrix_storage::resize_for_overwrite(g_next, q_next, l);
        if (deferred) gemm(false, false, q, l, l_old, T(1), g.data(), q, rb.u.data(), s_end, T(0), g_next.data(), q_next, &gws);
        else
            for (std::size_t j = 0; j < l; ++j) std::copy(rb.u.col_ptr(j), rb.u.col_ptr(j) + l_old, g_next.col_ptr(j));
        for (std::size_t j = 0; j < l; ++j)
            std::copy(rb.u.col_ptr(j) + l_old, rb.u.col_ptr(j) + s_end, g_next.col_ptr(j) + q);
        std::swap(g, g_next);
        q = q_next;
        deferred = true;
        if (need > cap || fresh * 200 >= q_next * l) form_kept(0);
        // V·Q_l (the first l columns of B_s's right factor) in place, a row panel at a time.
        multiply_right_in_place(n, s_end, l, v.data(), n, rb.v.data(), s_end, panel, &gws);
        std::copy(v.col_ptr(s_end), v.col_ptr(s_end) + n * nbk, v.col_ptr(l));
        if (o.reorthogonalize_both) orthonormalize_columns(u, l);
        orthonormalize_columns(v, l + nbk);
        for (std::size_t i = 0; i < b.size(); ++i) b.data()[i] = T(0);
        for (std::size_t i = 0; i < l; ++i) {
            b(i, i) = rb.s[i];
            for (std::size_t r = 0; r < nbk; ++r) b(i, l + r) = rho_all(i, r);
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_LANCZOS_GOLUB_KAHAN_HPP
