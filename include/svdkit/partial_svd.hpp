// svdkit - the k largest singular triplets of a linear operator by Golub-Kahan-Lanczos
// bidiagonalization with thick restarts.
//
// The process (detail/lanczos/golub_kahan.hpp, with its derivation and references): Golub-Kahan-
// Lanczos bidiagonalization [1] of A (m >= n after a transpose where needed), thickly restarted
// with the leading Ritz vectors [2], the short side's vectors reorthogonalized twice [3] and the
// long side's left to the recurrence [4]; blocks of b vectors where a pass over A costs about
// one product for all b (large dense matrices) [5, 6]. Then one Rayleigh-Ritz step on span(V_k),
// which makes A·v_i = σ_i·u_i hold to rounding and U, V orthonormal, and one block product
// measures each triplet's residual ‖Aᵀ·u_i − σ_i·v_i‖.
//
// References:
// [1] G. H. Golub, W. Kahan, SIAM J. Numer. Anal. B 2 (1965).
// [2] J. Baglama, L. Reichel, SIAM J. Sci. Comput. 27 (2005) (IRLBA).
// [3] R. M. Larsen, PROPACK, DAIMI PB-537 (1998).
// [4] H. D. Simon, H. Zha, SIAM J. Sci. Comput. 21 (2000).
// [5] G. H. Golub, F. T. Luk, M. L. Overton, ACM TOMS 7 (1981).
// [6] J. Baglama, L. Reichel, Numer. Algorithms 43 (2006).
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

#include "detail/kernels/cholesky_qr.hpp"
#include "detail/kernels/gemm.hpp"
#include "detail/kernels/numeric.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/kernels/signs.hpp"
#include "detail/lanczos/golub_kahan.hpp"
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

/// The Lanczos process's working size and block for k triplets (0 < k <= min(m, n)) of an m×n
/// operator with entries of value_bytes bytes, as partial_svd_impl runs it: subspace from the
/// options or max(2k, k + 16), at least k + 1; the block from the options or, by default,
/// dense_block_size on a dense operator past a last-level cache (32 MiB: blocks read A once
/// through the skinny kernels, and lost on CSR operators and on A in cache, bench/README.md),
/// with the default subspace raised to k + dense_block_blocks blocks; then at most subspace − k
/// (a restart keeps k Ritz vectors and one block), subspace / 2 and skinny_max_block.
/// A subspace >= min(m, n) means the dense path.
struct lanczos_shape {
    std::size_t subspace, block;
};
inline lanczos_shape choose_lanczos_shape(const partial_options& o, std::size_t k, std::size_t m, std::size_t n,
                                          std::size_t value_bytes, bool dense) {
    const std::size_t p = std::min(m, n);
    std::size_t nb = o.subspace > 0 ? o.subspace : std::max(2 * k, k + 16);
    if (nb < k + 1) nb = k + 1;
    std::size_t nbk = o.block_size;
    if (nbk == 0) {
        const bool large = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(value_bytes) >=
                           32.0 * 1024 * 1024;
        nbk = 1;
        if (dense && large) {
            const std::size_t want = k + dense_block_blocks * dense_block_size;
            if (o.subspace == 0 && nb < want && want < p) nb = want;
            if (nb - k >= dense_block_min * dense_block_size) nbk = dense_block_size;
        }
    }
    nbk = std::max<std::size_t>(1, std::min({nbk, nb - k, nb / 2, skinny_max_block}));
    return {nb, nbk};
}

/// y = A·x or Aᵀ·x through op's narrow path, then checked finite (std::domain_error naming where).
template <class T, class Op>
void checked_product(const Op& op, bool transposed, const matrix<T>& x, matrix<T>& y, const char* where) {
    apply_narrow(op, transposed, x, y);
    require_finite_product(y, where);
}

/// block_golub_kahan's host: op's products (checked finite) and the driver's SVD of the small B.
template <class T, class Op>
struct lanczos_host {
    const Op& op;
    const char* where;
    svd_scratch<T> sc;  // reused by every Ritz step
    std::size_t rows() const { return op.rows(); }
    std::size_t cols() const { return op.cols(); }
    void product(bool transposed, const matrix<T>& x, matrix<T>& y) const {
        checked_product(op, transposed, x, y, where);
    }
    void small_svd(matrix_view<const T> b, svd_result<T>& out) { svd_impl<T>(b, svd_options{}, where, out, sc, false); }
};

/// The process's σ, V_k and counts as a result (U and the residuals follow).
template <class T>
partial_svd_result<T> from_lanczos(lanczos_triplets<T>&& t) {
    partial_svd_result<T> r;
    r.v = std::move(t.v);
    r.s = std::move(t.s);
    r.products = t.products;
    r.restarts = t.restarts;
    return r;
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
    checked_product(op, false, r.v, x, where);
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
    checked_product(op, true, r.u, y, where);
    r.products += k;
    std::vector<T> d(op.cols());
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < op.cols(); ++j) d[j] = y(j, i) - r.s[i] * r.v(j, i);
        r.residuals[i] = norm2(op.cols(), d.data());
    }
}

template <class T, class Op>
partial_svd_result<T> partial_svd_impl(const Op& op, std::size_t k, const partial_options& o, const char* where,
                                       bool entries_checked = false) {
    static_assert(partial_svd_real_only<T>::value, "");
    const std::size_t m = op.rows(), n = op.cols();
    const std::size_t p = std::min(m, n);
    const std::size_t kk = checked_rank_k(k, m, n, where);
    if (!entries_checked) check_operator_finite(op, where);  // a pass over A: 5 % of dense k = 10
    partial_svd_result<T> out;
    if (kk == 0) {
        out.u = matrix<T>(m, std::size_t{0});
        out.v = matrix<T>(n, std::size_t{0});
        return out;
    }
    const lanczos_shape shape = choose_lanczos_shape(o, kk, m, n, sizeof(T), is_dense_operator<Op>::value);
    const std::size_t nb = shape.subspace, nbk = shape.block;
    // The residual is measured on the side that is not exact by construction: Aᵀ·u − σ·v on
    // the tall orientation, so A·v − σ·u of a wide A (measured on its transpose, then swapped).
    matrix<T> work;  // the Lanczos U, then the final step's Q₁
    const lanczos_settings ls{o.seed, o.tolerance, o.max_restarts, o.reorthogonalize_both};
    if (nb >= p) {
        out = partial_svd_dense<T>(op, kk, where);
        measure_residuals(op, out, where);
    } else if (m >= n) {
        lanczos_host<T, Op> host{op, where, {}};
        out = from_lanczos(block_golub_kahan<T>(host, kk, nb, nbk, ls, work, where));
        rayleigh_ritz_right(op, out, work, where);
        measure_residuals(op, out, where);
    } else {
        const transposed_operator<Op> t{op};
        lanczos_host<T, transposed_operator<Op>> host{t, where, {}};
        out = from_lanczos(block_golub_kahan<T>(host, kk, nb, nbk, ls, work, where));
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
    partial_svd_result<T> r = partial_svd_impl<T>(op, k, o, where, true);  // scanned above
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
