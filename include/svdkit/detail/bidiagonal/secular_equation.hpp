// svdkit::detail - the roots of the secular equation of a broken-arrow matrix, one at a time, each
// with the differences δ_s − σ_j it leaves accurate (Gu & Eisenstat [1, §3]; R.-C. Li's zero finder
// [2] as LAPACK dlasd4 [3] uses it). Divide and conquer (divide_and_conquer.hpp) calls it per merge.
//
// The problem. For 0 = δ_0 < δ_1 < … < δ_{K−1} and z_s != 0, the singular values of the arrow
// matrix with first row z and diagonal δ (δ_0 the corner) are the K roots of
//
//     f(σ) = 1 + Σ_s z_s² / (δ_s² − σ²),   δ_j < σ_j < δ_{j+1},   δ_{K−1} < σ_{K−1} <= sqrt(δ_{K−1}² + ρ),
//
// ρ = Σ z_s² = ‖z‖²: f rises from −∞ to +∞ between two consecutive poles δ_j², δ_{j+1}² (in σ²),
// and past the last one from −∞ to 1.
//
// Origin shift. Root j is found in μ = σ² − δ_b², relative to the pole δ_b it is nearer to (decided
// by the sign of f halfway between the poles in σ²), so that every difference δ_s − σ_j comes out
// as (δ_s − δ_b) − τ, τ = σ_j − δ_b, without cancellation. Both the vectors (Löwner's ẑ, [1, §3.3])
// and the accuracy of σ_j near a pole depend on those differences, not on σ_j itself.
//
// The step: Li's "middle way" [2]. The poles left and right of the root each carry a rational
// model c_L/(p_L − x), c_R/(p_R − x), fitted with a constant to f's value and to each side's
// derivative at the current iterate; the model's root (a stable quadratic) is the next iterate.
// The first step instead takes the two nearest poles' own terms as the model's (Li's fixed weight),
// a better start from the bracket's end.
//
// The bracket. [lo, hi] on μ is kept from the signs of f, and narrowed at the start away from the
// base pole (where f's terms would overflow) by a lower bound on |μ| at the root. A step outside
// the bracket, or one after a rational step that did not halve |f|, is replaced by a bisection that
// halves the exponent range first (secular_split), so it needs O(digits + log₂ of the exponent
// range) steps at worst.
//
// Stopping rule. Iteration stops when |f| is below the rounding error of its own evaluation, or
// when the bracket has shrunk to a few ulps. More than max_iter steps for one root throw
// svdkit::no_convergence (never observed in testing).
//
// References:
// [1] M. Gu, S. C. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J. Matrix
//     Anal. Appl. 16 (1995): the secular equation, the differences from the nearer pole.
// [2] R.-C. Li, "Solving secular equations stably and efficiently", LAPACK Working Note 89 (1993):
//     the "middle way" rational interpolation and the fixed-weight first step.
// [3] LAPACK dlasd4: the root finder of dbdsdc's merges, whose choice of origin is followed here.
#ifndef SVDKIT_DETAIL_BIDIAGONAL_SECULAR_EQUATION_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_SECULAR_EQUATION_HPP

#include <algorithm>  // std::max
#include <cmath>      // std::abs, std::frexp, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcpy
#include <limits>     // std::numeric_limits

#include "../../errors.hpp"
#include "../kernels/gemm.hpp"     // gemm_blocking<T>::lanes, SVDKIT_HAS_VECTOR_EXTENSIONS
#include "../kernels/numeric.hpp"  // sign

namespace svdkit {
namespace detail {

/// A point strictly inside (lo, hi), lo < hi, of the same sign as both (one may be 0): the middle
/// of the binary exponents while they are far apart, the arithmetic middle otherwise. Repeated, it
/// isolates any number in the interval within O(digits + log₂(exponent range)) steps.
template <class T>
T secular_split(T lo, T hi) noexcept {
    const T mid = lo + (hi - lo) / T(2);
    if (lo < T(0) && hi > T(0)) return mid;
    const bool negative = hi <= T(0);
    const T a = negative ? -hi : lo;  // 0 <= a < b
    const T b = negative ? -lo : hi;
    if (a > T(0) && b <= T(4) * a) return mid;
    int eb = 0, ea = 0;
    std::frexp(b, &eb);
    if (a > T(0))
        std::frexp(a, &ea);
    else
        ea = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
    const T g = std::ldexp(T(1), ea + (eb - ea) / 2);
    const T r = (g > a && g < b) ? g : a + (b - a) / T(2);
    return negative ? -r : r;
}

/// f += Σ_{s<n} z_s·q_s and df += Σ_{s<n} q_s² with q_s = z_s/(p_s − x): one group of the
/// secular function's terms (p_s = Δ_s, x = μ) and of its derivative. With GCC/Clang in vector
/// partial sums: the divisions are independent of each other, and the scalar loop waited on each
/// in turn (the zero finder was a tenth of a 256×256 float SVD). The terms of one group all have
/// one sign, so the order of the additions does not change the error bound the caller uses.
template <class T>
inline void secular_terms(std::size_t n, const T* z, const T* p, T x, T& f, T& df) noexcept {
    std::size_t s = 0;
    T sf = 0, sd = 0;
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        constexpr std::size_t L = gemm_blocking<T>::lanes;
        typedef T vec __attribute__((vector_size(L * sizeof(T))));
        vec vf{}, vd{};
        for (; s + L <= n; s += L) {
            vec zv, pv;
            std::memcpy(&zv, z + s, sizeof(vec));
            std::memcpy(&pv, p + s, sizeof(vec));
            const vec q = zv / (pv - x);
            vf += zv * q;
            vd += q * q;
        }
        for (std::size_t l = 0; l < L; ++l) {
            sf += vf[l];
            sd += vd[l];
        }
    }
#endif
    for (; s < n; ++s) {
        const T q = z[s] / (p[s] - x);
        sf += z[s] * q;
        sd += q * q;
    }
    f += sf;
    df += sd;
}

/// Root j (0-based, ascending) of f(σ) = 1 + Σ z_s²/(δ_s² − σ²) for 0 = δ_0 < δ_1 < … < δ_{K−1},
/// K >= 2, every z_s != 0, ρ = Σ z_s². Returns σ_j; writes dif[s] = δ_s − σ_j (accurate
/// differences) for s < K and the number of steps to *steps. work holds K scratch values. Throws
/// no_convergence past max_iter steps.
template <class T>
T secular_root(std::size_t K, const T* delta, const T* z, T rho, std::size_t j, T* dif, T* work,
               std::size_t max_iter, std::size_t* steps) {
    const T eps = std::numeric_limits<T>::epsilon();
    const bool last = j + 1 == K;
    // Base pole b and the bracket (lo, hi] on μ = σ² − δ_b².
    std::size_t b = j;
    T lo = 0, hi = 0, mu = 0;
    if (!last) {
        const T gap2 = (delta[j + 1] - delta[j]) * (delta[j + 1] + delta[j]);  // δ_{j+1}² − δ_j²
        const T half = gap2 / T(2);
        for (std::size_t s = 0; s < K; ++s) work[s] = (delta[s] - delta[j]) * (delta[s] + delta[j]);
        T w = 1, unused = 0;
        secular_terms(K, z, work, half, w, unused);
        if (w >= T(0)) {
            b = j;  // root in (δ_j², δ_j² + half]: nearer to δ_j
            lo = 0;
            hi = half;
            mu = half;
        } else {
            b = j + 1;  // root in (δ_j² + half, δ_{j+1}²): nearer to δ_{j+1}
            lo = -half;
            hi = 0;
            mu = -half;
        }
    } else {
        b = K - 1;  // σ² in (δ_{K−1}², δ_{K−1}² + ρ]: f(δ_{K−1}² + ρ) >= 0
        lo = 0;
        hi = T(2) * rho;
        mu = rho;
    }
    // Δ_s = δ_s² − δ_b², from differences: exact for s = b (0) and accurate for the others
    // (already there when b = j, from the test above).
    if (last || b != j)
        for (std::size_t s = 0; s < K; ++s) work[s] = (delta[s] - delta[b]) * (delta[s] + delta[b]);
    // The two groups of poles: s < split on the left of the root, s >= split on the right (for the
    // last root, all but the nearest pole form the left group and the nearest the right one).
    const std::size_t split = last ? K - 1 : j + 1;
    // Keep the bracket away from the base pole, where f's terms would overflow. At the root,
    // z_b²/|μ| = ±(1 + Σ_{s≠b} z_s²/(Δ_s − μ)), and bounding the other terms over the bracket bounds |μ|
    // from below: above pole b (μ > 0) by z_b²/(1 + Σ_{s>b} z_s²/(Δ_s − hi)), below it (μ < 0) by
    // z_b²/Σ_{s<b} z_s²/(lo − Δ_s); for the last root the other terms are negative, so μ >= z_b².
    // Half of that bound is strictly inside, on the side where f < 0 (resp. > 0).
    {
        const T zb2 = z[b] * z[b];
        if (last) {
            lo = zb2 / T(2);
        } else if (b == j) {
            T sum = 1, unused = 0;
            secular_terms(K - b - 1, z + b + 1, work + b + 1, hi, sum, unused);
            lo = zb2 / sum / T(2);
        } else {
            T sum = 0, unused = 0;  // Σ_{s<b} z_s²/(Δ_s − lo), all terms negative
            secular_terms(b, z, work, lo, sum, unused);
            hi = (zb2 / sum) / T(2);
        }
    }
    const T pa = work[split - 1], pb = work[split];

    T wprev = std::numeric_limits<T>::infinity();
    bool rational = false;  // the current iterate came from a rational step
    std::size_t it = 0;
    for (;; ++it) {
        if (it >= max_iter)
            throw no_convergence("svdkit::detail::bidiagonal_dc", j, K, it, "the secular equation solver",
                                 "steps for one root");
        T psi = 0, dpsi = 0, phi = 0, dphi = 0;
        secular_terms(split, z, work, mu, psi, dpsi);
        secular_terms(K - split, z + split, work + split, mu, phi, dphi);
        const T w = T(1) + psi + phi;
        // Rounding error of w: the sums (8 ulps of their magnitudes) and the representation of μ
        // itself (an ulp of μ moves f by |μ|·f').
        const T err = T(8) * (std::abs(psi) + std::abs(phi)) + T(1) + std::abs(mu) * (dpsi + dphi);
        if (w == T(0) || std::abs(w) <= eps * err) break;
        if (w < T(0))
            lo = mu;
        else
            hi = mu;
        if (hi - lo <= T(4) * eps * std::max(std::abs(lo), std::abs(hi))) break;
        // Middle way: model c + δ_a²·ψ'/(p_a − x) + δ_b²·φ'/(p_b − x), x = μ + η, with δ = p − μ.
        // Its root solves c·η² − a·η + b = 0 with the coefficients below.
        const T da = pa - mu, db = pb - mu;
        // The first step models only the two nearest poles exactly and freezes the other terms at
        // their value here (the fixed-weight model [2]): started at the far end of the bracket,
        // where the other poles still shape f, the middle way alone approaches a root next to a
        // pole by halving |f| per step (measured up to 59 steps on clustered d); this first step
        // lands close enough for the middle way to converge quadratically from there.
        T wa = dpsi, wb = dphi;
        if (it == 0) {
            wa = (z[split - 1] / da) * (z[split - 1] / da);
            wb = (z[split] / db) * (z[split] / db);
        }
        const T c = w - da * wa - db * wb;
        const T qa = c * (da + db) + da * da * wa + db * db * wb;
        const T qb = da * db * w;
        T next = mu;
        bool ok = false;
        auto consider = [&](T eta) {
            const T x = mu + eta;
            if (x > lo && x < hi && (!ok || std::abs(eta) < std::abs(next - mu))) {
                next = x;
                ok = true;
            }
        };
        if (c == T(0)) {
            if (qa != T(0)) consider(qb / qa);
        } else {
            const T disc = qa * qa - T(4) * qb * c;
            if (disc >= T(0)) {
                const T q = (qa + sign(std::sqrt(disc), qa)) / T(2);
                if (q != T(0)) {
                    consider(q / c);
                    consider(qb / q);
                }
            }
        }
        // Bisect when the model's root is not in the bracket, or when the last rational step did
        // not halve |f|: so at least every other step of a slow run halves the bracket.
        const bool slow = rational && std::abs(w) > wprev / T(2);
        rational = ok && !slow;
        if (!rational) next = secular_split(lo, hi);
        wprev = std::abs(w);
        if (!(next > lo && next < hi)) break;  // the bracket has no interior point left
        mu = next;
    }
    *steps = it + 1;
    // σ = sqrt(δ_b² + μ) = δ_b + τ with τ = μ/(δ_b + σ).
    const T sigma = std::sqrt(delta[b] * delta[b] + mu);
    const T tau = mu / (delta[b] + sigma);
    for (std::size_t s = 0; s < K; ++s) dif[s] = (delta[s] - delta[b]) - tau;
    return delta[b] + tau;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_SECULAR_EQUATION_HPP
