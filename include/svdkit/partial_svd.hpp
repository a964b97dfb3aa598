// svdkit - the k largest singular triplets of a linear operator by Golub-Kahan-Lanczos
// bidiagonalization with thick restarts.
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
#ifndef SVDKIT_PARTIAL_SVD_HPP
#define SVDKIT_PARTIAL_SVD_HPP

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::abs, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::domain_error
#include <string>     // std::string, std::to_string
#include <type_traits>  // std::enable_if_t, std::remove_const_t
#include <utility>    // std::as_const, std::move, std::swap
#include <vector>     // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/cholesky_qr.hpp"
#include "detail/kernels/gemv.hpp"
#include "detail/kernels/gram_schmidt.hpp"
#include "detail/kernels/numeric.hpp"
#include "detail/kernels/random.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/kernels/signs.hpp"
#include "detail/reduction/householder.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "operator.hpp"
#include "sparse.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace detail {
/// partial_svd's Lanczos process, reorthogonalization and skinny kernels are real: complex T is
/// rejected at compile time, pointing to what does take it.
template <class T>
struct partial_svd_real_only {
    static_assert(!is_complex<T>::value,
                  "svdkit::partial_svd is real-only; use truncated_svd or randomized_svd for complex matrices");
    static constexpr bool value = true;
};
}  // namespace detail

/// Options of partial_svd (all optional).
struct partial_options {
    std::uint64_t seed = 0;       ///< the start vector's seed: same seed, same input → the same bits
    double tolerance = 0;         ///< converged when the residual (below) <= tolerance·σ₀; 0 = 8·ε of T
    std::size_t max_restarts = 0; ///< iteration bound (restarts); 0 = 1000
    std::size_t subspace = 0;     ///< working size (Lanczos vectors); 0 = max(2k, k + 16), more with blocks; <= min(m, n)
    /// false (default): only the short side's Lanczos vectors (length min(m, n)) are
    /// reorthogonalized, the long side's follow the three-term recurrence [4]; true: both sides.
    /// The returned U and V are orthonormal either way (the final Rayleigh-Ritz step).
    bool reorthogonalize_both = false;
    /// The signs of the k vector pairs, as svd_options::signs (svdkit::sign_rule; none by
    /// default). The residuals do not change: a pair is negated together.
    sign_rule signs = sign_rule::none;
    /// Lanczos vectors per step (a block Krylov process [5]): a block of b costs about one pass
    /// over a dense or CSR operator where b single vectors cost b, but the process needs more
    /// vectors. 0 = the default: 6 on a dense matrix of 32 MiB or more (with the default subspace
    /// raised to k + 48 where smaller; with a subspace given, when subspace − k >= 36), else 1.
    /// Reduced to at most subspace − k, subspace/2 and 16.
    std::size_t block_size = 0;
};

/// What partial_svd returns: the k triplets (an svd_result<T>: u m×k, s, v n×k), the residual
/// of each (measured with one block product at the end), and the work done.
///
/// The residual is ‖Aᵀ·u_i − σ_i·v_i‖₂ for m >= n and ‖A·v_i − σ_i·u_i‖₂ for m < n: the side
/// that the method does not make exact (the other is zero to the products' rounding, by the
/// final Rayleigh-Ritz step). So σ_i is within residuals[i] of a singular value of A.
template <class T>
struct partial_svd_result : svd_result<T> {
    std::vector<T> residuals;  ///< per triplet, as above
    std::size_t products = 0;  ///< operator products, counted in vectors (a block of b counts b)
    std::size_t restarts = 0;
};

namespace detail {

/// The dense path: A formed from products with identity blocks, then the thin SVD.
template <class T, class Op>
partial_svd_result<T> partial_svd_dense(const Op& op, std::size_t k, const char* where) {
    const std::size_t m = op.rows(), n = op.cols();
    matrix<T> a(m, n);
    const std::size_t block = 64;
    for (std::size_t j0 = 0; j0 < n; j0 += block) {
        const std::size_t b = std::min(block, n - j0);
        matrix<T> x(n, b), y(m, b);
        for (std::size_t c = 0; c < b; ++c) x(j0 + c, c) = T(1);
        op.apply(x, y);
        require_finite_product(y, where);
        for (std::size_t c = 0; c < b; ++c) std::copy(y.col_ptr(c), y.col_ptr(c) + m, a.col_ptr(j0 + c));
    }
    partial_svd_result<T> out;
    svd_result<T> r = svd_impl<T>(a.view(), svd_options{}, where);
    truncate(r, k);
    static_cast<svd_result<T>&>(out) = std::move(r);
    out.products = n;
    return out;
}

/// The default block on a large dense operator (1 on others; bench/README.md, "Partial SVD"): b = 6
/// costs 1.1–1.3 single products. The default subspace is then at least k + dense_block_blocks·b
/// (6–9 blocks past k measured alike at k = 10; 2–3 took 5–12 restarts); a given one takes the
/// block when it holds dense_block_min blocks past k.
constexpr std::size_t dense_block_size = 6;
constexpr std::size_t dense_block_blocks = 8, dense_block_min = 6;

/// The block Lanczos process on the tall orientation (m >= n), 0 < k, subspace nb < n, block
/// size nbk (1 <= nbk <= nb − k). Blocks of nbk columns: A·V_j = U_{j−1}·L_j + U_j·R_j and
/// Aᵀ·U_j = V_j·R_jᵀ + V_{j+1}·S_j with R_j (from a Gram-Schmidt QR of the block) upper and
/// L_j = S_{j−1}ᵀ lower triangular [5], so B is block upper bidiagonal, stored with the
/// residual block's coupling in the nbk columns past the last: B is nb × (nb + nbk). A Ritz
/// triplet's residual is ‖S·(last nbk entries of p_i)‖, and a thick restart keeps l Ritz
/// vectors, the residual block next, bordered by ρ_i = S·(last entries of p_i) [6]. One block
/// of nbk vectors costs one pass over a dense A (the skinny kernels) or a CSR matrix, where
/// nbk single-vector steps cost nbk passes.
template <class T, class Op>
partial_svd_result<T> partial_svd_lanczos(const Op& op, std::size_t k, std::size_t nb, std::size_t nbk,
                                          const partial_options& o, matrix<T>& u, const char* where) {
    const std::size_t m = op.rows(), n = op.cols();
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
    partial_svd_result<T> out;
    T anorm = 0;  // largest diagonal entry or Ritz value seen: the scale of the breakdown test
    for (std::size_t t = 0; t < nbk; ++t) random_orthogonal(v, t, rng, v.col_ptr(t));
    std::size_t l = 0;
    auto phys = [&](std::size_t j) { return q + j - l; };  // physical column of logical j >= l
    // Scratch reused by every step, test and restart (small SVDs, coefficients, panels, packing).
    svd_scratch<T> sc;
    svd_result<T> rb;
    matrix<T> bs;
    std::vector<T> h(nb + nbk), gs, gh, panel;
    gemm_workspace<T> gws;
    // The Ritz triplets of the leading s×s block of B, into rb.
    auto ritz = [&](std::size_t s) {
        matrix_storage::resize_for_overwrite(bs, s, s);
        for (std::size_t c = 0; c < s; ++c) std::copy(b.col_ptr(c), b.col_ptr(c) + s, bs.col_ptr(c));
        svd_impl<T>(std::as_const(bs).view(), svd_options{}, where, rb, sc, false);
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
            apply_narrow(op, false, x, y);
            require_finite_product(y, where);
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
            apply_narrow(op, true, xt, yt);
            require_finite_product(yt, where);
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

/// The final Rayleigh-Ritz step on span(V_k): X = A·V_k (one block product), X = Q·Σ·Pᵀ, and
/// the triplets (σ, Q, V_k·P). Then A·v_i = σ_i·u_i holds to rounding and U, V are orthonormal
/// as a dense SVD leaves them. Without it, U and V orthonormalized one after the other mix the
/// copies of a repeated σ differently on each side: a residual of O(subspace·ε·σ₀) where the
/// Ritz estimate promised tolerance·σ₀ (measured: 32·ε·σ₀ on kron(I₂, B), k = 6).
template <class T, class Op>
void rayleigh_ritz_right(const Op& op, partial_svd_result<T>& r, matrix<T>& work, const char* where) {
    const std::size_t k = r.s.size(), m = op.rows(), n = op.cols();
    // X = A·V_k in the Lanczos U's allocation (m×subspace, touched already) and a second pass's Q₁
    // in a block that only that pass touches: the returned U is the one fresh m×k block (page
    // faults cost as much as the products here: 24 % of the term-document k = 50 time).
    matrix<T>& x = work;
    matrix_storage::resize_for_overwrite(x, m, k);
    apply_narrow(op, false, r.v, x);
    require_finite_product(x, where);
    r.products += k;
    // X = Q·R by Cholesky QR (all gemm; X's columns are nearly orthogonal), then R = P·Σ·Wᵀ:
    // U = Q·P. Where it declines (a zero or dependent column), the thin SVD of X itself.
    matrix<T> f(k, k), rr(k, k), q1;
    matrix<T> w;  // the right factor
    matrix_storage::resize_for_overwrite(q1, m, k);
    const int passes = cholesky_qr(m, k, x.data(), q1.data(), rr.data(), f.data());
    if (passes > 0) {
        svd_result<T> q = svd_impl<T>(rr.view(), svd_options{}, where);
        const matrix<T> c = multiply(f, q.u);
        matrix_storage::resize_for_overwrite(r.u, m, k);
        gemm(false, false, m, k, k, T(1), (passes == 1 ? x : q1).data(), m, c.data(), k, T(0), r.u.data(), m);
        r.s = std::move(q.s);
        w = std::move(q.v);
    } else {
        svd_result<T> q = svd_impl<T>(x.view(), svd_options{}, where);
        r.u = std::move(q.u);
        r.s = std::move(q.s);
        w = std::move(q.v);
    }
    matrix<T> vk(n, k);
    gemm(false, false, n, k, k, T(1), r.v.data(), n, w.data(), k, T(0), vk.data(), n);
    r.v = std::move(vk);
}

/// ‖Aᵀ·u_i − σ_i·v_i‖ for every triplet, with one block product.
template <class T, class Op>
void measure_residuals(const Op& op, partial_svd_result<T>& r, const char* where) {
    const std::size_t k = r.s.size();
    r.residuals.assign(k, T(0));
    if (k == 0) return;
    matrix<T> y(op.cols(), k);
    apply_narrow(op, true, r.u, y);
    require_finite_product(y, where);
    r.products += k;
    std::vector<T> d(op.cols());
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < op.cols(); ++j) d[j] = y(j, i) - r.s[i] * r.v(j, i);
        r.residuals[i] = norm2(op.cols(), d.data());
    }
}

template <class T, class Op>
partial_svd_result<T> partial_svd_impl(const Op& op, std::size_t k, const partial_options& o, const char* where) {
    static_assert(partial_svd_real_only<T>::value, "");
    const std::size_t m = op.rows(), n = op.cols();
    const std::size_t p = std::min(m, n);
    const std::size_t kk = checked_rank_k(k, m, n, where);
    check_operator_finite(op, where);
    partial_svd_result<T> out;
    if (kk == 0) {
        out.u = matrix<T>(m, std::size_t{0});
        out.v = matrix<T>(n, std::size_t{0});
        return out;
    }
    std::size_t nb = o.subspace > 0 ? o.subspace : std::max(2 * kk, kk + 16);
    if (nb < kk + 1) nb = kk + 1;
    // The block: at most nb − k (a restart keeps k Ritz vectors and one block), at most nb / 2.
    // By default dense_block_size on a dense operator past a last-level cache (32 MiB): blocks
    // read A once (the skinny kernels), and lost on CSR operators and A in cache (bench/README.md).
    std::size_t nbk = o.block_size;
    if (nbk == 0) {
        const bool large = static_cast<double>(m) * static_cast<double>(n) * sizeof(T) >= 32.0 * 1024 * 1024;
        nbk = 1;
        if (is_dense_operator<Op>::value && large) {
            const std::size_t want = kk + dense_block_blocks * dense_block_size;
            if (o.subspace == 0 && nb < want && want < p) nb = want;
            if (nb - kk >= dense_block_min * dense_block_size) nbk = dense_block_size;
        }
    }
    nbk = std::max<std::size_t>(1, std::min({nbk, nb - kk, nb / 2, skinny_max_block}));
    // The residual is measured on the side that is not exact by construction: Aᵀ·u − σ·v on
    // the tall orientation, so A·v − σ·u of a wide A (measured on its transpose, then swapped).
    matrix<T> work;  // the Lanczos U, then the final step's Q₁
    if (nb >= p) {
        out = partial_svd_dense<T>(op, kk, where);
        measure_residuals(op, out, where);
    } else if (m >= n) {
        out = partial_svd_lanczos<T>(op, kk, nb, nbk, o, work, where);
        rayleigh_ritz_right(op, out, work, where);
        measure_residuals(op, out, where);
    } else {
        const transposed_operator<Op> t{op};
        out = partial_svd_lanczos<T>(t, kk, nb, nbk, o, work, where);
        rayleigh_ritz_right(t, out, work, where);
        measure_residuals(t, out, where);
        out.u.swap(out.v);
    }
    apply_sign_rule(o.signs, kk, out.u, out.v);
    return out;
}

}  // namespace detail

/// \brief The k largest singular triplets of a linear operator (operator.hpp: a dense matrix or
/// view, a csr_view, centered(op, mean), or a type of your own) by Golub-Kahan-Lanczos
/// bidiagonalization with thick restarts and full reorthogonalization. Real T only: complex T
/// fails to compile with a message naming truncated_svd and randomized_svd, which take it.
///
/// Accuracy: each σ_i is within its reported residual of a singular value of A, and the
/// residuals are at most tolerance·σ₀ when the iteration stops (default tolerance 8·ε: σ to a few
/// ulps of σ₀, also for the smallest requested σ_i, unlike methods on AᵀA whose error there is
/// ε·σ₀²/σ_i); U and V are orthonormal to O(k·ε). A repeated σ: one start vector meets each
/// singular subspace in one direction, and the other copies come in through the
/// reorthogonalization's rounding and the restarts (tested: every value doubled, kron(I₂, B),
/// and a triple top value of a diagonal; each found with its multiplicity). Exact arithmetic
/// would miss them; to be certain of a known multiplicity r at the boundary, ask for k + r.
/// k > rank(A) returns zeros for the missing values with orthonormal vectors.
/// \throws std::invalid_argument unless 0 <= k <= min(m, n); svdkit::non_finite_input for a
///         NaN/Inf stored in a dense or CSR operator; std::domain_error when a product of a
///         user's operator returns NaN/Inf; svdkit::no_convergence after max_restarts restarts,
///         saying how many of the k triplets had converged. Deterministic for a given seed.
/// Cost: about 2·(subspace) products per restart (fewer in the last cycle: convergence is tested
/// every few steps), O(min(m, n)·subspace²) for the reorthogonalization of the short side
/// (O((m + n)·subspace²) with reorthogonalize_both), and 2k products in blocks plus a Cholesky QR
/// (where it declines, a thin SVD) of the max(m, n)×k block A·V_k at the end; min(m, n)
/// products and a dense SVD where subspace >= min(m, n). partial_options::block_size: above.
template <class Op, class K, detail::if_integral<K> = 0, std::enable_if_t<detail::is_linear_operator<Op>::value, int> = 0>
partial_svd_result<detail::operator_value_t<Op>> partial_svd(const Op& op, K k, partial_options opts = {}) {
    static_assert(detail::partial_svd_real_only<detail::operator_value_t<Op>>::value, "");
    const std::size_t kk = detail::checked_rank_k(k, op.rows(), op.cols(), "svdkit::partial_svd");
    return detail::partial_svd_impl<detail::operator_value_t<Op>>(op, kk, opts, "svdkit::partial_svd");
}

namespace detail {
/// Whether the k triplets r of op (from partial_svd) miss a singular value larger than their
/// smallest: a copy of a repeated σ at the k boundary that the single-vector Krylov process did
/// not see. One more Lanczos run, for the largest σ of A·(I − V·Vᵀ), from another start vector.
template <class T, class Op>
bool misses_a_triplet(const Op& op, const partial_svd_result<T>& r, const char* where) {
    const std::size_t k = r.s.size(), p = op.rows() < op.cols() ? op.rows() : op.cols();
    if (k == 0 || k >= p) return false;
    const deflated_operator<Op> d{op, r.v};
    partial_options o;
    o.seed = 0x9e3779b97f4a7c15ULL;  // a start vector unrelated to the first run's
    const partial_svd_result<T> c = partial_svd_impl<T>(d, 1, o, where);
    T slack = 0;
    for (const T x : r.residuals) slack = std::max(slack, x);
    slack += c.residuals[0] + T(32) * std::numeric_limits<T>::epsilon() * r.s[0];
    return c.s[0] > r.s[k - 1] + slack;
}

/// partial_svd of a dense view: read through products without a copy, except when its entries
/// lie outside the driver's safe range (as randomized_svd): then 2^e·A is decomposed from a
/// scaled copy and σ and the residuals scaled back, so that the products can neither overflow
/// nor lose digits in the subnormals.
/// With `missed` given, the deflation check above also runs and sets it (truncated_svd then
/// falls back to the thin SVD).
template <class T>
partial_svd_result<T> partial_svd_view(matrix_view<const T> av, std::size_t k, const partial_options& o,
                                       const char* where, bool* missed = nullptr) {
    const int found = scaling_exponent(max_abs_finite(av, where));  // scanned for NaN also when k = 0
    const int ex = k == 0 ? 0 : found;
    matrix<T> scaled;  // only for entries outside the safe range
    if (ex != 0) {
        scaled = matrix<T>(av.rows(), av.cols());
        for (std::size_t j = 0; j < av.cols(); ++j)
            for (std::size_t i = 0; i < av.rows(); ++i) scaled(i, j) = std::ldexp(av(i, j), ex);
    }
    const dense_operator<T> op(ex != 0 ? matrix_view<const T>(scaled.view()) : av);
    partial_svd_result<T> r = partial_svd_impl<T>(op, k, o, where);
    if (missed) *missed = misses_a_triplet(op, r, where);
    if (ex == 0) return r;
    for (T& si : r.s) si = std::ldexp(si, -ex);
    for (T& ri : r.residuals) ri = std::ldexp(ri, -ex);
    return r;
}
}  // namespace detail

/// partial_svd of a dense matrix<T> or matrix_view: no copy, except a scaled one for entries
/// outside the safe range (about [1e-138, 1e138] in double), as randomized_svd. A NaN/Inf entry
/// throws svdkit::non_finite_input naming it.
template <class T, class K, detail::if_integral<K> = 0>
partial_svd_result<T> partial_svd(const matrix<T>& a, K k, partial_options opts = {}) {
    static_assert(detail::partial_svd_real_only<T>::value, "");
    const std::size_t kk = detail::checked_rank_k(k, a.rows(), a.cols(), "svdkit::partial_svd");
    return detail::partial_svd_view<T>(a.view(), kk, opts, "svdkit::partial_svd");
}
template <class T, class K, detail::if_integral<K> = 0>
partial_svd_result<std::remove_const_t<T>> partial_svd(const matrix_view<T>& a, K k, partial_options opts = {}) {
    using V = std::remove_const_t<T>;
    static_assert(detail::partial_svd_real_only<V>::value, "");
    const std::size_t kk = detail::checked_rank_k(k, a.rows(), a.cols(), "svdkit::partial_svd");
    return detail::partial_svd_view<V>(matrix_view<const V>(a), kk, opts, "svdkit::partial_svd");
}

}  // namespace svdkit

#endif  // SVDKIT_PARTIAL_SVD_HPP
