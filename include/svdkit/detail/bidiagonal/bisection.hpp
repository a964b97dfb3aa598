// svdkit::detail - selected singular triplets of an upper bidiagonal B by bisection and inverse
// iteration on its Golub-Kahan form.
//
// The Golub-Kahan (or Jordan-Wielandt, permuted) matrix of the n×n upper bidiagonal B is the
// 2n×2n symmetric tridiagonal
//
//     T_GK = tridiag(b, 0, b),   b = (d₀, e₀, d₁, e₁, …, e_{n−2}, d_{n−1}),
//
// whose eigenvalues are ±σ₀, …, ±σ_{n−1}. The eigenvector of +σ with ‖z‖ = 1 interleaves the
// singular vectors, z = (v₀, u₀, v₁, u₁, …)/√2: row 2i of T_GK·z = σ·z reads (Bᵀu)ᵢ = σ·vᵢ and
// row 2i+1 reads (B·v)ᵢ = σ·uᵢ [1, 3].
//
// Values. The number of eigenvalues of T_GK below x is the number of negative pivots of the LDLᵀ
// factorization of T_GK − x·I, q₀ = −x, q_{i+1} = −x − b_i²/q_i (Sylvester's law of inertia); for
// x > 0 it is n + #{σ < x}. With the zero diagonal of T_GK this count is relatively robust: the
// computed count is exact for a bidiagonal whose entries differ from B's by a few ulps each [2, 4],
// so bisection on it finds every σ, however small, to a relative accuracy of O(n·ε), like the QR
// iteration and dqds. A zero pivot is replaced by a tiny positive one: that raises one diagonal
// entry, so an eigenvalue equal to x is counted as not below it and the count stays "#{σ < x}".
// Each σ is bisected until its bracket [lo, hi) holds two adjacent floating-point numbers, and lo
// is returned: a σ that the count places exactly on a representable number comes back exactly.
// Brackets far from 0 are halved geometrically (mid = √(lo·hi)) until hi <= 2·lo, so a σ of any
// magnitude costs about log₂(exponent range) + digits counts of 4n flops each.
//
// Vectors. For each selected σ (descending), inverse iteration on T_GK − σ·I [5, 6]: a
// tridiagonal LU with partial pivoting (tiny pivots raised to ε·‖T_GK‖), a deterministic random
// start, at most 6 solves, two more once the growth ‖y‖/‖z‖ shows a residual below 2n·ε·‖T_GK‖.
// For σ > √ε·‖T_GK‖ the v and u parts of each iterate are normalized separately (normalize_parts).
// Inside each solve the v part and the u part of the iterate are orthogonalized separately
// against the previous members of its cluster (σ closer than 10⁻³·‖T_GK‖ to its neighbour, as
// dstein): orthogonal to both +σⱼ's z and −σⱼ's (vⱼ, −uⱼ), which is what the exact singular vectors
// are. At the end each new pair is orthogonalized twice against every earlier selected pair (so
// the k vectors are orthonormal to O(k·ε) whatever the gaps) and normalized. Cost O(k·n) for
// well-separated σ, O(k²·n) for the reorthogonalization.
//
// Fallback. Every triplet is then checked: ‖B·v − σ·u‖ and ‖Bᵀ·u − σ·v‖ within 4n·ε·‖T_GK‖, and
// each vector kept more than half its norm through the last orthogonalization (else it lay in
// the span of the earlier ones). If any check fails, or the iteration did not converge, the
// vectors of all k triplets are taken from the full bidiagonal SVD instead (divide and conquer,
// or the QR iteration below its crossover), the σ staying the bisection's: the cost of a full
// bidiagonal SVD more. Where it happens (tests/bidiagonal_solvers.cpp): clusters of ~200 σ within
// a few ulps in long double (the separate orthogonalization of the u and v parts loses their
// pairing by O(k·ε)), and near-null spaces of T_GK (σ below ε·‖B‖, from B with tiny entries or
// entries over many decades: the LU amplifies some of their directions 1/ε more than others, so a
// new vector drowns in the old ones). Random, graded,
// rank-deficient and repeated-σ matrices pass without it (tests/selected.cpp).
//
// References:
// [1] G. H. Golub, W. Kahan, "Calculating the singular values and pseudo-inverse of a matrix",
//     SIAM J. Numer. Anal. B 2 (1965): the 2n×2n tridiagonal form.
// [2] J. Demmel, W. Kahan, "Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
//     Comput. 11 (1990), §7: bisection to high relative accuracy.
// [3] O. Marques, J. Demmel, P. B. Vasconcelos, "Bidiagonal SVD computation via an associated
//     tridiagonal eigenproblem", ACM TOMS 46 (2020); LAPACK dbdsvdx.
// [4] K. V. Fernando, "Accurately counting singular values of bidiagonal matrices and eigenvalues
//     of skew-symmetric tridiagonal matrices", SIAM J. Matrix Anal. Appl. 20 (1998).
// [5] I. C. F. Ipsen, "Computing an eigenvector with inverse iteration", SIAM Review 39 (1997).
// [6] LAPACK dstein (inverse iteration, clusters, reorthogonalization), dgttrf/dgttrs (LU).
#ifndef SVDKIT_DETAIL_BIDIAGONAL_BISECTION_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_BISECTION_HPP

#include <algorithm>  // std::max, std::min, std::copy
#include <cmath>      // std::abs, std::sqrt, std::ldexp, std::frexp, std::nextafter
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <vector>     // std::vector

#include "../../matrix.hpp"
#include "dispatch.hpp"

namespace svdkit {
namespace detail {

/// T_GK of B, scaled by 2^ex so that its largest entry lies in [1/2, 1) (unless that would push
/// the smallest nonzero entry below the normal range: then check_bidiagonal's exponent).
template <class T>
struct golub_kahan {
    std::size_t n = 0;
    std::vector<T> b;  ///< the 2n − 1 off-diagonal entries d₀, e₀, d₁, …, scaled
    int ex = 0;        ///< the scaling exponent: b = 2^ex·(d, e)
    T norm = 0;        ///< a bound on ‖T_GK‖₂ (Gershgorin), scaled; 1 for B = 0

    golub_kahan(const std::vector<T>& d, const std::vector<T>& e) : n(d.size()) {
        // check_bidiagonal checks (d, e) and keeps a large B 2^overflow_guard(n) below overflow,
        // which the QR iteration tolerates but not the Sturm count: b·(b/q) overflows there (float
        // near_overflow, n = 47: σ off by 2e10 ulps). So scale as the driver does, the largest
        // entry to [1/2, 1), unless that would push the smallest nonzero entry below the normal
        // range (B spanning more than the exponent range); only then keep check_bidiagonal's.
        const int guarded = check_bidiagonal(d, e, "svdkit::detail::golub_kahan");
        T amax = 0, amin = std::numeric_limits<T>::infinity();
        for (const std::vector<T>* x : {&d, &e})
            for (const T xi : *x)
                if (xi != T(0)) {
                    amax = std::max(amax, std::abs(xi));
                    amin = std::min(amin, std::abs(xi));
                }
        ex = scaling_exponent(amax);
        if (ex < 0 && std::ldexp(amin, ex) < std::numeric_limits<T>::min()) ex = guarded;
        b.resize(n == 0 ? 0 : 2 * n - 1);
        for (std::size_t i = 0; i < n; ++i) {
            b[2 * i] = std::ldexp(d[i], ex);
            if (i + 1 < n) b[2 * i + 1] = std::ldexp(e[i], ex);
        }
        for (std::size_t i = 0; i < b.size(); ++i)
            norm = std::max(norm, std::abs(b[i]) + (i + 1 < b.size() ? std::abs(b[i + 1]) : T(0)));
        if (norm == T(0)) norm = T(1);  // B = 0: any scale will do, and 1/(ε·norm) must not overflow
    }

    /// #{σ < x} for x >= 0 (scaled units), from the inertia of T_GK − x·I.
    std::size_t count_below(T x) const {
        const T pivmin = std::numeric_limits<T>::min();
        std::size_t neg = 0;
        T q = -x;
        if (q == T(0)) q = pivmin;
        neg += q < T(0);
        for (const T bi : b) {
            q = -x - bi * (bi / q);  // −x − b²/q, without squaring b
            if (q == T(0)) q = pivmin;
            neg += q < T(0);
        }
        return neg > n ? neg - n : 0;
    }

    /// The σ with ascending index j (0 = the smallest), scaled: the largest floating-point lo
    /// with #{σ < lo} <= j found by bisection, as described at the top of the file.
    T value(std::size_t j) const {
        T lo = 0;
        T hi = norm * (1 + 4 * static_cast<T>(b.size() + 1) * std::numeric_limits<T>::epsilon());
        for (int i = 0; i < 8 && count_below(hi) <= j; ++i) hi *= 2;  // Gershgorin bounds σ: rounding only
        const T floor = std::numeric_limits<T>::min();
        const T inf = std::numeric_limits<T>::infinity();
        for (int step = 0; step < 8 * std::numeric_limits<T>::max_exponent; ++step) {
            if (hi <= std::nextafter(lo, inf)) break;
            T mid;
            if (lo == T(0))
                mid = hi > 2 * floor ? std::sqrt(floor) * std::sqrt(hi) : hi / 2;
            else
                mid = hi > 2 * lo ? std::sqrt(lo) * std::sqrt(hi) : lo + (hi - lo) / 2;
            if (!(mid > lo && mid < hi)) break;
            if (count_below(mid) <= j)
                lo = mid;
            else
                hi = mid;
        }
        return lo;
    }

    T unscale(T x) const { return std::ldexp(x, -ex); }
};

/// T_GK − σ·I = L·U with partial pivoting ([6] dgttrf) and solves with it ([6] dgttrs), pivots
/// below ε·‖T_GK‖ raised to it so that a shift on an eigenvalue still gives a (large) solution.
template <class T>
struct shifted_gk_lu {
    std::vector<T> dd, du, du2, dl;
    std::vector<unsigned char> swapped;

    void factor(const golub_kahan<T>& g, T sigma) {
        const std::size_t m = 2 * g.n;
        dd.assign(m, -sigma);
        du.assign(g.b.begin(), g.b.end());
        dl.assign(g.b.begin(), g.b.end());
        du2.assign(m, T(0));
        swapped.assign(m, 0);
        for (std::size_t i = 0; i + 1 < m; ++i) {
            if (std::abs(dd[i]) >= std::abs(dl[i])) {
                const T f = dd[i] != T(0) ? dl[i] / dd[i] : T(0);
                dl[i] = f;
                dd[i + 1] -= f * du[i];
            } else {
                const T f = dd[i] / dl[i];
                dd[i] = dl[i];
                dl[i] = f;
                const T t = du[i];
                du[i] = dd[i + 1];
                dd[i + 1] = t - f * dd[i + 1];
                if (i + 2 < m) {
                    du2[i] = du[i + 1];
                    du[i + 1] = -f * du[i + 1];
                }
                swapped[i] = 1;
            }
        }
        // dstein's perturbation, absolute: the whole near-null space of T_GK − σ·I (every σ within
        // ε·‖T_GK‖ of the shift, ±σ alike) is amplified alike, so that the reorthogonalization can
        // pick an orthonormal basis of it. (A perturbation relative to each row's entries was
        // tried: on graded or zero-padded B it amplified some null directions by 1/ε more than
        // others, and the new vector drowned in the old ones.)
        const T pert = std::numeric_limits<T>::epsilon() * g.norm;
        for (T& p : dd)
            if (std::abs(p) < pert) p = p < T(0) ? -pert : pert;
    }

    /// z ← (L·U)⁻¹·z·scale, rescaled on the way (scale <= 1 returned) if it grows past √max(T).
    T solve(std::vector<T>& z) const {
        const std::size_t m = dd.size();
        for (std::size_t i = 0; i + 1 < m; ++i) {
            if (swapped[i]) {
                const T t = z[i];
                z[i] = z[i + 1];
                z[i + 1] = t - dl[i] * z[i];
            } else {
                z[i + 1] -= dl[i] * z[i];
            }
        }
        const T big = std::sqrt(std::numeric_limits<T>::max());
        T scale = 1;
        for (std::size_t k = m; k-- > 0;) {
            T r = z[k];
            if (k + 1 < m) r -= du[k] * z[k + 1];
            if (k + 2 < m) r -= du2[k] * z[k + 2];
            z[k] = r / dd[k];
            if (std::abs(z[k]) > big) {
                const T f = 1 / std::abs(z[k]);
                for (std::size_t i = 0; i < m; ++i) z[i] *= f;  // solved part and remaining right side alike
                scale *= f;
            }
        }
        return scale;
    }
};

/// Removes from the v part (even entries) and the u part (odd entries) of z their components
/// along columns c of vb and ub (unit vectors), for c in [c0, c1).
template <class T>
void orthogonalize_parts(std::vector<T>& z, const matrix<T>& ub, const matrix<T>& vb, std::size_t c0,
                         std::size_t c1) {
    const std::size_t n = ub.rows();
    for (std::size_t c = c0; c < c1; ++c) {
        const T* u = ub.col_ptr(c);
        const T* v = vb.col_ptr(c);
        T av = 0, au = 0;
        for (std::size_t i = 0; i < n; ++i) {
            av += z[2 * i] * v[i];
            au += z[2 * i + 1] * u[i];
        }
        for (std::size_t i = 0; i < n; ++i) {
            z[2 * i] -= av * v[i];
            z[2 * i + 1] -= au * u[i];
        }
    }
}

template <class T>
T two_norm(const std::vector<T>& z) {
    T scale = 0;
    for (const T x : z) scale = std::max(scale, std::abs(x));
    if (scale == T(0)) return T(0);
    T s = 0;
    for (const T x : z) s += (x / scale) * (x / scale);
    return scale * std::sqrt(s);
}

/// Scales the v part (even entries) and the u part (odd entries) of z to norm 1/√2 each (a part
/// that is exactly zero stays so). The eigenvector of +σ has two such halves; a mixture with −σ's
/// (v, −u), which shifts near 0 cannot avoid, has the same directions in each part but unequal
/// norms, and normalizing z as a whole would let the smaller part drown in rounding: σ ≈ 0 then
/// left v (or u) out of B's near-null space. So each part is amplified on its own.
template <class T>
void normalize_parts(std::vector<T>& z) {
    const std::size_t n = z.size() / 2;
    for (std::size_t part = 0; part < 2; ++part) {
        T scale = 0;
        for (std::size_t i = 0; i < n; ++i) scale = std::max(scale, std::abs(z[2 * i + part]));
        if (scale == T(0)) continue;
        T s = 0;
        for (std::size_t i = 0; i < n; ++i) s += (z[2 * i + part] / scale) * (z[2 * i + part] / scale);
        const T f = 1 / (scale * std::sqrt(2 * s));
        for (std::size_t i = 0; i < n; ++i) z[2 * i + part] *= f;
    }
}

/// Singular vectors of B for the scaled σ in `sigma` (descending) by inverse iteration on T_GK:
/// U_B into ub, V_B into vb (n×k, unit columns). Returns false when a check failed (see the top
/// of the file): the caller then takes the vectors from the full bidiagonal SVD.
template <class T>
bool gk_inverse_iteration(const golub_kahan<T>& g, const std::vector<T>& sigma, matrix<T>& ub, matrix<T>& vb,
                          const char** why = nullptr) {
    auto fail = [why](const char* reason) {
        if (why != nullptr) *why = reason;
        return false;
    };
    const std::size_t n = g.n, k = sigma.size(), m = 2 * n;
    const T eps = std::numeric_limits<T>::epsilon();
    const T cluster_gap = T(1e-3) * g.norm;
    const T growth_needed = T(1) / (static_cast<T>(m) * eps * g.norm);
    ub.resize(n, k);
    vb.resize(n, k);
    shifted_gk_lu<T> lu;
    std::vector<T> z(m);
    std::mt19937_64 engine(0x5eed23u);  // the same start vectors on every run and platform
    std::size_t first_of_cluster = 0;
    for (std::size_t p = 0; p < k; ++p) {
        if (p > 0 && sigma[p - 1] - sigma[p] > cluster_gap) first_of_cluster = p;
        lu.factor(g, sigma[p]);
        for (T& x : z) x = static_cast<T>(std::ldexp(static_cast<double>(engine() >> 11), -52) - 1.0);
        // Away from 0, the parts are normalized separately (see normalize_parts); near it, where
        // +σ and −σ mix, z as a whole (measured: fewer failed checks either way).
        const bool split = sigma[p] > std::sqrt(eps) * g.norm;
        bool converged = false;
        int extra = 0;
        for (int it = 0; it < 6 + 2; ++it) {
            if (split) {
                normalize_parts(z);
            } else {
                const T nz = two_norm(z);
                for (T& x : z) x /= nz;
            }
            const T scale = lu.solve(z);
            const T ny = two_norm(z);  // the growth is ny / scale
            orthogonalize_parts(z, ub, vb, first_of_cluster, p);
            if (!(ny > T(0)) || !(two_norm(z) > T(0))) return fail("an iterate vanished");
            if (converged && ++extra >= 2) break;
            if (!converged && ny >= growth_needed * scale) converged = true;
            if (!converged && it >= 5) return fail("no convergence in 6 solves");
        }
        // Split, orthogonalize twice against every earlier pair, normalize each part.
        const T before = two_norm(z);
        orthogonalize_parts(z, ub, vb, 0, p);
        orthogonalize_parts(z, ub, vb, 0, p);
        if (!(two_norm(z) > before / 2)) return fail("in the span of earlier vectors");
        T nv = 0, nu = 0;
        for (std::size_t i = 0; i < n; ++i) {
            nv = std::max(nv, std::abs(z[2 * i]));
            nu = std::max(nu, std::abs(z[2 * i + 1]));
        }
        if (!(nv > T(0)) || !(nu > T(0))) return fail("a zero u or v part");
        T sv = 0, su = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sv += (z[2 * i] / nv) * (z[2 * i] / nv);
            su += (z[2 * i + 1] / nu) * (z[2 * i + 1] / nu);
        }
        nv *= std::sqrt(sv);
        nu *= std::sqrt(su);
        for (std::size_t i = 0; i < n; ++i) {
            vb(i, p) = z[2 * i] / nv;
            ub(i, p) = z[2 * i + 1] / nu;
        }
    }
    // The residuals of the pairs: ‖B·v − σ·u‖ and ‖Bᵀ·u − σ·v‖, B = T_GK's entries (scaled).
    const T tol = 2 * static_cast<T>(m) * eps * g.norm;
    for (std::size_t p = 0; p < k; ++p) {
        T r1 = 0, r2 = 0;
        for (std::size_t i = 0; i < n; ++i) {
            T bv = g.b[2 * i] * vb(i, p) - sigma[p] * ub(i, p);
            if (i + 1 < n) bv += g.b[2 * i + 1] * vb(i + 1, p);
            T bu = g.b[2 * i] * ub(i, p) - sigma[p] * vb(i, p);
            if (i > 0) bu += g.b[2 * i - 1] * ub(i - 1, p);
            r1 += bv * bv;
            r2 += bu * bu;
        }
        if (!(std::sqrt(r1) <= tol && std::sqrt(r2) <= tol)) return fail("a residual above 4n·ε·‖T_GK‖");
    }
    return true;
}

/// Where the bidiagonal selection went, for tests.
struct bidiagonal_select_stats {
    bool fallback = false;  ///< the vectors came from the full bidiagonal SVD
    const char* reason = "";  ///< which check of inverse iteration failed
};

/// The singular triplets of the bidiagonal (d, e) with descending indices first…last
/// (first <= last < n): σ into s (unscaled, descending, relatively accurate), and with
/// `vectors`, U_B and V_B (n×k). `force_fallback` is a test hook that takes the vectors from
/// the full bidiagonal SVD as a failed check would.
template <class T>
void bidiagonal_select(const std::vector<T>& d, const std::vector<T>& e, std::size_t first, std::size_t last,
                       bool vectors, std::vector<T>& s, matrix<T>& ub, matrix<T>& vb,
                       bidiagonal_select_stats* stats = nullptr, bool force_fallback = false) {
    const golub_kahan<T> g(d, e);
    const std::size_t n = g.n, k = last - first + 1;
    std::vector<T> sigma(k);
    for (std::size_t p = 0; p < k; ++p) sigma[p] = g.value(n - 1 - (first + p));
    s.resize(k);
    for (std::size_t p = 0; p < k; ++p) s[p] = g.unscale(sigma[p]);
    if (!vectors) return;
    const char* why = "forced (test hook)";
    if (!force_fallback && gk_inverse_iteration(g, sigma, ub, vb, &why)) return;
    if (stats != nullptr) {
        stats->fallback = true;
        stats->reason = why;
    }
    std::vector<T> dw = d, ew = e, sf;
    matrix<T> uf, vf;
    if (n >= divide_and_conquer_crossover) {
        bidiagonal_svd_workspace<T> ws;
        bidiagonal_svd_dc(ws, dw, ew, sf, uf, vf);
    } else {
        uf = matrix<T>::identity(n);
        vf = matrix<T>::identity(n);
        bidiagonal_qr(dw, ew, &uf, &vf);
    }
    ub.resize(n, k);
    vb.resize(n, k);
    for (std::size_t p = 0; p < k; ++p) {
        std::copy(uf.col_ptr(first + p), uf.col_ptr(first + p) + n, ub.col_ptr(p));
        std::copy(vf.col_ptr(first + p), vf.col_ptr(first + p) + n, vb.col_ptr(p));
    }
}

/// The descending index range [first, last) of the σ of (d, e) in (lower, upper] (given in d's
/// units; an empty range has first == last), from counts at those bounds.
template <class T>
void bidiagonal_interval_indices(const golub_kahan<T>& g, T lower, T upper, std::size_t& first, std::size_t& last) {
    const T inf = std::numeric_limits<T>::infinity();
    // #{σ <= x} as #{σ < next(x)} in the scaled units (a σ equal to x is counted, see count_below)
    auto at_most = [&](T x) -> std::size_t {
        if (x < T(0)) return 0;
        const T xs = std::ldexp(x, g.ex);
        if (!(xs <= std::numeric_limits<T>::max())) return g.n;
        return g.count_below(std::nextafter(xs, inf));
    };
    const std::size_t le_upper = at_most(upper), le_lower = at_most(lower);
    first = g.n - le_upper;
    last = le_lower <= le_upper ? g.n - le_lower : first;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_BISECTION_HPP
