// Test support: the test bidiagonals, one list of kinds shared by every bidiagonal test
// (bidiagonal_solvers.cpp runs every solver over all of them; bidiagonal_dc.cpp, dqds.cpp and
// stress.cpp pick the ones their solver-specific cases need).
//
// An upper bidiagonal B has diagonal d (n entries) and superdiagonal e (n − 1). ε is T's epsilon.
//
//   kind                       entries                                          aims at
//   random                     d_i, e_i ~ N(0, 1)                               the ordinary case
//   chi                        d_i ~ χ_(n−i), e_i ~ χ_(n−i−1)                   the bidiagonal of a Gaussian matrix
//   graded                     N(0,1)·10^(−k·i) on d, half that on e, σ over ε² only relative accuracy keeps σ_min
//   graded_up                  graded, reversed (B ↦ PBᵀP: same σ)              small end on top (direction choice)
//   zero_diagonal              random, every third d_i = 0                      exact zero σ, zero-shift sweeps
//   zero_superdiagonal         random d, e = 0                                  a diagonal: everything deflates
//   tiny_e                     random, e_i·ε³ except every fifth                splits, D&C's tiny z
//   clustered                  d = 1 + 10ε·N(0,1), e = 10ε·N(0,1)               σ within ~10 ulps of each other
//   repeated                   d = 1, e = 0.5 in equal 3×3 blocks, 0 between   exactly repeated σ
//   chained_blocks             d = 1; blocks of 7 (one inner e = 0.5) chained by e = 1   equal σ in D&C's children
//   all_zero_diagonal          d = 0, random e                                  σ = |e_i| and one 0
//   steep_graded               U(½,2)·10^(−k·i) on d and e, k·(n−1) = 80% of T's decades   σ near T's range ends
//   steep_graded_up            steep_graded reversed                            the same, small end on top
//   wilkinson                  d_i = 1 + |i − (n−1)/2|, e = 1                   σ in close pairs (Wilkinson's W⁺)
//   glued_wilkinson            wilkinson blocks of 21 rows glued by e = √ε      clusters of #blocks close σ
//   random_magnitudes          ±10^U(−D, D), D = 8 (float: 4)                   σ over many decades, no structure
//   scattered_zero_diagonal    ±10^U(−1, 1), 30% of d set to 0                  zero shifts at random places
//   scattered_zero_superdiagonal ±10^U(−1, 1), 30% of e set to 0                deflation at random places
//   near_zeros                 ±10^U(−1, 1), 20% of d and e times ε/1000        near-deflation, both diagonals
//   magnitudes_graded_down     ±10^U(−1, 1) graded by D decades downwards       grading with noise
//   magnitudes_graded_up       the same upwards
//   near_underflow             ±10^U(−1, 1)/16 · 2^(−x), x ∈ [45%, 90%] of T's exponent range
//   near_overflow              ±10^U(−1, 1)/16 · 2^x, the same x
//
// Two properties of a kind restrict which solvers promise what on it (bidiagonal_solvers.cpp):
//  - random_magnitude_kind: the ±10^U kinds (random_magnitudes … near_overflow). With entries of
//    random magnitude, log σ_min/σ_max is a random walk that grows with n, and soon leaves the range
//    in which dqds run in T itself keeps relative accuracy (float: below ~1e-20, measured 10⁴-10⁵
//    ulps at n = 200; detail/bidiagonal/dispatch.hpp), which is why bidiagonal_values guards it.
//  - extreme_scale: entries near underflow or overflow, outside the precondition of the detail
//    solvers (squares must not overflow; D&C needs normal numbers): only a solver that scales its
//    input by a power of two accepts them.
//
// Streams. make_bidiagonal(kind, n, salt) seeds a std::mt19937_64 with seed_of(n, code, salt),
// code = the kind's number in the enum below, so every (kind, n, salt) is the same matrix on every
// run with one standard library. The numbers are part of that contract: new kinds go at the end.
// make_bidiagonal(kind, n, rng) draws from the caller's stream (stress.cpp: one seed per case).
// The structured kinds are computed in double, the random-magnitude ones in long double, then
// rounded once to T.
#ifndef SVDKIT_TESTS_SUPPORT_BIDIAGONALS_HPP
#define SVDKIT_TESTS_SUPPORT_BIDIAGONALS_HPP

#include <algorithm>  // std::max, std::reverse
#include <cmath>      // std::abs, std::cos, std::exp2, std::frexp, std::ldexp, std::log10, std::log2, std::pow, std::sin, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::normal_distribution, std::chi_squared_distribution, ...
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include "bidiagonal_reference.hpp"
#include "generators.hpp"

namespace svdkit_test {

/// An upper bidiagonal: diagonal d (n entries), superdiagonal e (n − 1 entries, none for n <= 1).
template <class T>
struct bidiagonal {
    std::vector<T> d, e;
};

/// Every kind of test bidiagonal (table above). The number of a kind seeds its stream.
enum class bidiagonal_kind : std::size_t {
    random = 0,
    chi = 1,
    graded = 2,
    graded_up = 3,
    zero_diagonal = 4,
    zero_superdiagonal = 5,
    tiny_e = 6,
    clustered = 7,
    repeated = 8,
    chained_blocks = 9,
    all_zero_diagonal = 10,
    steep_graded = 11,
    steep_graded_up = 12,
    wilkinson = 13,
    glued_wilkinson = 14,
    random_magnitudes = 15,
    scattered_zero_diagonal = 16,
    scattered_zero_superdiagonal = 17,
    near_zeros = 18,
    magnitudes_graded_down = 19,
    magnitudes_graded_up = 20,
    near_underflow = 21,
    near_overflow = 22,
};

inline const char* kind_name(bidiagonal_kind k) {
    switch (k) {
        case bidiagonal_kind::random: return "random";
        case bidiagonal_kind::chi: return "chi";
        case bidiagonal_kind::graded: return "graded";
        case bidiagonal_kind::graded_up: return "graded-up";
        case bidiagonal_kind::zero_diagonal: return "zero-diagonal";
        case bidiagonal_kind::zero_superdiagonal: return "zero-superdiagonal";
        case bidiagonal_kind::tiny_e: return "tiny-e";
        case bidiagonal_kind::clustered: return "clustered";
        case bidiagonal_kind::repeated: return "repeated";
        case bidiagonal_kind::chained_blocks: return "chained-blocks";
        case bidiagonal_kind::all_zero_diagonal: return "all-zero-diagonal";
        case bidiagonal_kind::steep_graded: return "steep-graded";
        case bidiagonal_kind::steep_graded_up: return "steep-graded-up";
        case bidiagonal_kind::wilkinson: return "wilkinson";
        case bidiagonal_kind::glued_wilkinson: return "glued-wilkinson";
        case bidiagonal_kind::random_magnitudes: return "random magnitudes";
        case bidiagonal_kind::scattered_zero_diagonal: return "zeros on the diagonal";
        case bidiagonal_kind::scattered_zero_superdiagonal: return "zeros on the superdiagonal";
        case bidiagonal_kind::near_zeros: return "near-zeros on both";
        case bidiagonal_kind::magnitudes_graded_down: return "graded downwards";
        case bidiagonal_kind::magnitudes_graded_up: return "graded upwards";
        case bidiagonal_kind::near_underflow: return "near underflow";
        case bidiagonal_kind::near_overflow: return "near overflow";
    }
    return "?";
}

/// Every kind, in the order of the enum.
inline std::vector<bidiagonal_kind> all_bidiagonal_kinds() {
    std::vector<bidiagonal_kind> all;
    for (std::size_t c = 0; c <= static_cast<std::size_t>(bidiagonal_kind::near_overflow); ++c)
        all.push_back(static_cast<bidiagonal_kind>(c));
    return all;
}

/// The random-magnitude kinds that stress.cpp draws thousands of (its order sets its seeds).
inline std::vector<bidiagonal_kind> stress_bidiagonal_kinds() {
    std::vector<bidiagonal_kind> kinds;
    for (std::size_t c = static_cast<std::size_t>(bidiagonal_kind::random_magnitudes);
         c <= static_cast<std::size_t>(bidiagonal_kind::near_overflow); ++c)
        kinds.push_back(static_cast<bidiagonal_kind>(c));
    return kinds;
}

/// The ±10^U kinds, whose σ spread over more decades the larger n (see the top of this file).
inline bool random_magnitude_kind(bidiagonal_kind k) { return k >= bidiagonal_kind::random_magnitudes; }

/// Entries near T's underflow or overflow threshold (see the top of this file).
inline bool extreme_scale(bidiagonal_kind k) {
    return k == bidiagonal_kind::near_underflow || k == bidiagonal_kind::near_overflow;
}

/// One entry ±10^(decades·u), u uniform in [−1, 1], with a random sign, drawn and raised in W.
template <class W>
W random_magnitude(W decades, rng_t& rng) {
    std::uniform_real_distribution<W> unit(W(0), W(1));
    std::bernoulli_distribution negative(0.5);
    const W x = std::pow(W(10), decades * (2 * unit(rng) - 1));
    return negative(rng) ? -x : x;
}

/// n diagonal, then n − 1 superdiagonal entries from random_magnitude<W>(decades).
template <class W>
bidiagonal<W> random_magnitudes(std::size_t n, W decades, rng_t& rng) {
    bidiagonal<W> b;
    for (std::size_t i = 0; i < n; ++i) b.d.push_back(random_magnitude(decades, rng));
    for (std::size_t i = 0; i + 1 < n; ++i) b.e.push_back(random_magnitude(decades, rng));
    return b;
}

/// b with every entry rounded (once) to T.
template <class T, class W>
bidiagonal<T> rounded(const bidiagonal<W>& b) {
    bidiagonal<T> r;
    for (const W x : b.d) r.d.push_back(static_cast<T>(x));
    for (const W x : b.e) r.e.push_back(static_cast<T>(x));
    return r;
}

/// PBᵀP (P the reversal): the same singular values, with the bottom of b on top.
template <class T>
bidiagonal<T> reversed(bidiagonal<T> b) {
    std::reverse(b.d.begin(), b.d.end());
    std::reverse(b.e.begin(), b.e.end());
    return b;
}

/// b·2^p, entry by entry (exact while the entries stay normal).
template <class T>
bidiagonal<T> scaled(bidiagonal<T> b, int p) {
    for (T& x : b.d) x = std::ldexp(x, p);
    for (T& x : b.e) x = std::ldexp(x, p);
    return b;
}

/// The largest |entry| of b (0 for an empty or zero b).
template <class T>
T max_abs(const bidiagonal<T>& b) {
    T m = 0;
    for (const T x : b.d) m = std::max(m, std::abs(x));
    for (const T x : b.e) m = std::max(m, std::abs(x));
    return m;
}

namespace detail {

/// The structured kinds, computed in double from two N(0, 1) draws per row (g, h) and rounded to T.
template <class T>
bidiagonal<T> structured(bidiagonal_kind k, std::size_t n, rng_t& rng) {
    std::normal_distribution<double> normal(0.0, 1.0);
    const double eps = static_cast<double>(std::numeric_limits<T>::epsilon());
    // graded: 10^(−decade) per row, decade·(n − 1) = log10(1/ε²).
    const double decade = n > 1 ? -2.0 * std::log10(eps) / static_cast<double>(n - 1) : 0.0;
    const double middle = n > 0 ? static_cast<double>(n - 1) / 2 : 0.0;
    const double glue = std::sqrt(eps);
    bidiagonal<T> b;
    b.d.resize(n);
    b.e.resize(n == 0 ? 0 : n - 1);
    for (std::size_t i = 0; i < n; ++i) {
        double di = normal(rng), ei = normal(rng);
        const double grade = std::pow(10.0, -decade * static_cast<double>(i));
        switch (k) {
            case bidiagonal_kind::chi: {
                std::chi_squared_distribution<double> cd(static_cast<double>(n - i));
                std::chi_squared_distribution<double> ce(static_cast<double>(n - i > 1 ? n - i - 1 : 1));
                di = std::sqrt(cd(rng));
                ei = std::sqrt(ce(rng));
                break;
            }
            case bidiagonal_kind::graded:
                di *= grade;
                ei *= grade / 2;
                break;
            case bidiagonal_kind::zero_diagonal:
                if (i % 3 == 1) di = 0;
                break;
            case bidiagonal_kind::zero_superdiagonal: ei = 0; break;
            case bidiagonal_kind::tiny_e: ei = (i % 5 == 4) ? ei : ei * eps * eps * eps; break;
            case bidiagonal_kind::clustered:
                di = 1 + 10 * eps * di;
                ei = 10 * eps * ei;
                break;
            case bidiagonal_kind::repeated:
                di = 1;
                ei = i % 3 == 2 ? 0.0 : 0.5;
                break;
            case bidiagonal_kind::chained_blocks:
                di = 1;
                ei = i % 7 == 6 ? 1.0 : (i % 7 == 2 ? 0.5 : 0.0);
                break;
            case bidiagonal_kind::all_zero_diagonal: di = 0; break;
            case bidiagonal_kind::wilkinson:
                di = 1 + std::abs(static_cast<double>(i) - middle);
                ei = 1;
                break;
            case bidiagonal_kind::glued_wilkinson:
                di = 1 + std::abs(static_cast<double>(i % 21) - 10);
                ei = i % 21 == 20 ? glue : 1.0;
                break;
            default: break;  // random
        }
        b.d[i] = static_cast<T>(di);
        if (i + 1 < n) b.e[i] = static_cast<T>(ei);
    }
    return b;
}

/// steep_graded: U(½, 2)·10^(−k·i) on d and e, k·(n − 1) = reach·(T's decades): 80% of them for
/// float and double, 45% for long double (the bisection reference squares the entries in a type
/// with long double's exponent range), computed in long double.
template <class T>
bidiagonal<T> steep_graded(std::size_t n, rng_t& rng) {
    const long double digits = std::numeric_limits<T>::max_exponent10;  // 38, 308, 4932
    const long double reach = sizeof(T) > sizeof(double) ? 0.45L : 0.8L;
    const long double k = n > 1 ? digits * reach / static_cast<long double>(n - 1) : 0.0L;
    std::uniform_real_distribution<double> unit(0.5, 2.0);
    bidiagonal<T> b;
    for (std::size_t i = 0; i < n; ++i) {
        const long double grade = std::pow(10.0L, -k * static_cast<long double>(i));
        b.d.push_back(static_cast<T>(static_cast<long double>(unit(rng)) * grade));
        if (i + 1 < n) b.e.push_back(static_cast<T>(static_cast<long double>(unit(rng)) * grade));
    }
    return b;
}

/// The random-magnitude kinds (stress.cpp's families), in long double, rounded to T.
template <class T>
bidiagonal<T> random_family(bidiagonal_kind k, std::size_t n, rng_t& rng) {
    std::uniform_real_distribution<long double> unit(0.0L, 1.0L);
    const long double decades = std::numeric_limits<T>::digits > 30 ? 8.0L : 4.0L;
    bidiagonal<long double> b = random_magnitudes(n, k == bidiagonal_kind::random_magnitudes ? decades : 1.0L, rng);
    const long double tiny_rel = static_cast<long double>(std::numeric_limits<T>::epsilon()) * 1e-3L;
    switch (k) {
        case bidiagonal_kind::scattered_zero_diagonal:
            for (auto& x : b.d)
                if (unit(rng) < 0.3L) x = 0;
            break;
        case bidiagonal_kind::scattered_zero_superdiagonal:
            for (auto& x : b.e)
                if (unit(rng) < 0.3L) x = 0;
            break;
        case bidiagonal_kind::near_zeros:
            for (auto& x : b.d)
                if (unit(rng) < 0.2L) x *= tiny_rel;
            for (auto& x : b.e)
                if (unit(rng) < 0.2L) x *= tiny_rel;
            break;
        case bidiagonal_kind::magnitudes_graded_down:
        case bidiagonal_kind::magnitudes_graded_up: {
            const bool down = k == bidiagonal_kind::magnitudes_graded_down;
            const long double g = std::pow(10.0L, -decades / static_cast<long double>(std::max<std::size_t>(n, 2)));
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t p = down ? i : n - 1 - i;
                const long double w = std::pow(g, static_cast<long double>(p));
                b.d[i] *= w;
                if (i + 1 < n) b.e[i] *= w * (down ? g : 1.0L);
            }
            break;
        }
        case bidiagonal_kind::near_underflow:
        case bidiagonal_kind::near_overflow: {
            const int range = static_cast<int>(0.9 * std::numeric_limits<T>::max_exponent);
            const int sign = k == bidiagonal_kind::near_underflow ? -1 : 1;
            const int ex = sign * std::uniform_int_distribution<int>(range / 2, range)(rng);
            for (auto& x : b.d) x = std::ldexp(x / 16, ex);
            for (auto& x : b.e) x = std::ldexp(x / 16, ex);
            break;
        }
        default: break;  // random_magnitudes
    }
    return rounded<T>(b);
}

}  // namespace detail

/// A bidiagonal of kind k with n rows, from the caller's stream.
template <class T>
bidiagonal<T> make_bidiagonal(bidiagonal_kind k, std::size_t n, rng_t& rng) {
    switch (k) {
        case bidiagonal_kind::graded_up: return reversed(detail::structured<T>(bidiagonal_kind::graded, n, rng));
        case bidiagonal_kind::steep_graded: return detail::steep_graded<T>(n, rng);
        case bidiagonal_kind::steep_graded_up: return reversed(detail::steep_graded<T>(n, rng));
        default: break;
    }
    if (k >= bidiagonal_kind::random_magnitudes) return detail::random_family<T>(k, n, rng);
    return detail::structured<T>(k, n, rng);
}

/// A bidiagonal of kind k with n rows from its own stream, seed_of(n, code of k, salt).
template <class T>
bidiagonal<T> make_bidiagonal(bidiagonal_kind k, std::size_t n, std::size_t salt) {
    rng_t rng(seed_of(n, static_cast<std::size_t>(k), salt));
    return make_bidiagonal<T>(k, n, rng);
}

/// The exact singular values of b as T holds it (bidiagonal_reference.hpp, ~1e-30 relative),
/// non-increasing. b is scaled by a power of two (exactly) into the reference's comfortable range
/// first and the values scaled back, so the extreme_scale kinds of every type are covered.
/// `guess`: see bidiagonal_reference_values (time only, never accuracy); R: the type it counts in.
template <class T, class R = reference_real>
std::vector<long double> exact_singular_values(const bidiagonal<T>& b, std::vector<long double> guess = {}) {
    int ex = 0;
    const T amax = max_abs(b);
    if (amax > 0) std::frexp(amax, &ex);
    std::vector<long double> d, e;
    for (const T x : b.d) d.push_back(std::ldexp(static_cast<long double>(x), -ex));
    for (const T x : b.e) e.push_back(std::ldexp(static_cast<long double>(x), -ex));
    for (long double& x : guess) x = std::ldexp(x, -ex);
    std::vector<long double> s = bidiagonal_reference_values<R>(d, e, guess);
    for (long double& x : s) x = std::ldexp(x, ex);
    return s;
}

// ---------------------------------------------------------------------------------------------
// The structured bidiagonals of the literature (issue 23, part 5), in their own list so that the
// kinds above keep their numbers and streams. literature_bidiagonals<T>(n) returns every family at
// n rows (some with several variants), each with its σ in closed form where one is known.
//
//   family              entries                                        σ, or why it is there
//   identity            d = 1, e = 0                                   σ = 1 (closed form)
//   zero                d = 0, e = 0                                   σ = 0 (closed form)
//   clement             a_k = √(k·(2n−k)) (k = 1 … 2n−1) on d₀, e₀, d₁, …: T_GK is Clement's
//                       (Kac's) matrix of order 2n, whose eigenvalues are ±1, ±3, …, ±(2n−1):
//                       σ_i = 2n − 1 − 2i (closed form, for the exact entries; rounding each to T
//                       moves σ by a relative (2n−1)·ε/2 at most [DK90, Thm 2])
//   kahan               Kahan's matrix diag(sⁱ)·(I − c·U) (θ = 1.2, c = cos θ, s = sin θ) kept to
//                       its bidiagonal: d_i = sⁱ, e_i = −c·sⁱ; graded, σ_min ≈ sⁿ
//   ill_toeplitz        d = 1, e = −2: κ ≈ 2ⁿ, σ_min ≈ 3·2⁻ⁿ, below ε·σ_max from n ≈ 25 (float) on:
//                       the case a backward-stable method returns with no correct digit
//   wilkinson, glued_wilkinson, graded, graded_up, clustered, steep_graded, steep_graded_up,
//   zero_diagonal, near_underflow, near_overflow   the kinds above (their own streams)
//   glued_clusters      copies of the 5×5 block d = (3, 2, 1, 2, 3), e = 1, glued by e = ε: clusters
//                       of ⌈n/5⌉ values within ~ε of each other, growing with n
//   geometric_down      d_i = e_i = rⁱ, r^(n−1) = 4·min/max of T (the whole normal range; 21% of it,
//                       2⁶⁸⁸⁰, for long double, whose squares must fit the reference's range)
//   geometric_up        geometric_down reversed (B ↦ PBᵀP: same σ)
//   two_scale H, t      d = (H, t, H, t, …), e = t, for (H, t) = (max/1000, min·1000) (the 2×2 of
//                       part 5 for every n), (max, min) (entries at overflow and at the underflow
//                       threshold), (1, 2^(digits/2)·denorm_min) (subnormal), (max, denorm_min)
//                       (the whole range, subnormals included): σ = H (⌈n/2⌉ times) and t (⌊n/2⌋
//                       times), each to a relative 4·t/H (closed form, below)
//   ill tail            d = (H, t, t, …), e = (t, −2t, −2t, …), H = 2^⌊0.6·max_exponent⌋,
//                       t = 4·min·H: the ill-conditioned Toeplitz below a huge entry; scaling H to
//                       [½, 1) keeps every entry normal but takes σ_min (≈ 3·t·2^−(n−1), a normal
//                       number) into the subnormal range, and below it for n > digits + 5.
//                       σ = {H} ∪ σ(tail) to a relative 2·t/H:
//                       B = diag(H, tail)·[1, (t/H)·e₁ᵀ; 0, I] (the multiplicative argument below)
//   underflow_threshold d_i, e_i = min·U(1, 2): σ near and below the underflow threshold
//   zero_on_diagonal p  N(0, 1) entries, d_p = 0 (every p for n <= 12; p = 0, 1, n/2, n−2, n−1
//                       beyond): an exact σ = 0 wherever the zero is
//
// two_scale's closed form. Order the rows and columns of the H entries first: B = [H·I, B₁₂; B₂₁, t·I]
// with ‖B₁₂‖, ‖B₂₁‖ <= t (at most one entry t per row and column). Then
// B = [I, 0; B₂₁/H, I]·diag(H·I, S)·[I, B₁₂/H; 0, I], S = t·I − B₂₁B₁₂/H = t·(I + F), ‖F‖ <= t/H.
// The outer factors are I + O(t/H), so by the multiplicative perturbation theorem (Eisenstat &
// Ipsen 1995) every σ of B is that of diag(H·I, S) to a relative 2·t/H, and σ(S) = t·(1 ± t/H):
// 4·t/H in all: below 2⁻¹³⁰ (far below ε) for every pair and type.
//
// References: P. A. Clement, "A class of triple-diagonal matrices for test purposes", SIAM Review
// 1 (1959); W. Kahan, "Numerical linear algebra", Canad. Math. Bull. 9 (1966) (Kahan's matrix);
// N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §28 (both, as test
// matrices); [DK90] Demmel & Kahan (1990), see bidiagonal_reference.hpp.

/// One structured bidiagonal of the literature with what is known of its σ.
template <class T>
struct literature_bidiagonal {
    std::string name;                  ///< family and variant, for messages and the report
    bidiagonal<T> b;                   ///< the matrix, as T holds it
    std::vector<long double> exact;    ///< σ in closed form, non-increasing (empty: none known)
    long double exact_error = 0;       ///< relative error of `exact` (or of the split) in units of T's ε
    /// σ(B) = {|d₀|} ∪ σ(B without its first row and column) to a relative exact_error: a
    /// reference where B's range is too wide for the bisection but its trailing block's is not.
    bool head_splits = false;
};

namespace detail {

/// d = (H, t, H, t, …), e = t, and its σ in closed form (see above).
template <class T>
literature_bidiagonal<T> two_scale(const std::string& name, std::size_t n, T h, T t) {
    literature_bidiagonal<T> c{name, {}, {}, 0};
    for (std::size_t i = 0; i < n; ++i) {
        c.b.d.push_back(i % 2 == 0 ? h : t);
        if (i + 1 < n) c.b.e.push_back(t);
    }
    for (std::size_t i = 0; i < n; ++i) c.exact.push_back(i < (n + 1) / 2 ? static_cast<long double>(h) : t);
    c.exact_error = 4 * (static_cast<long double>(t) / h) / static_cast<long double>(std::numeric_limits<T>::epsilon());
    return c;
}

/// d_i = e_i = rⁱ from max/2 down to 2·min over the whole normal range (reach 1) or a part of it.
template <class T>
bidiagonal<T> geometric(std::size_t n, long double reach) {
    using L = std::numeric_limits<T>;
    const long double top = std::log2(static_cast<long double>(L::max())) - 1;  // max/2
    const long double bottom = static_cast<long double>(L::min_exponent);       // 2·min
    const long double span = reach * (top - bottom);
    const long double step = n > 1 ? span / static_cast<long double>(n - 1) : 0.0L;
    bidiagonal<T> b;
    for (std::size_t i = 0; i < n; ++i) {
        const T x = static_cast<T>(std::exp2(top - step * static_cast<long double>(i)));
        b.d.push_back(x);
        if (i + 1 < n) b.e.push_back(x);
    }
    return b;
}

}  // namespace detail

/// Every family of the table above at n rows (n >= 1), in its order.
template <class T>
std::vector<literature_bidiagonal<T>> literature_bidiagonals(std::size_t n) {
    using L = std::numeric_limits<T>;
    using lit = literature_bidiagonal<T>;
    std::vector<lit> all;
    if (n == 0) return all;
    {
        lit c{"identity", {std::vector<T>(n, T(1)), std::vector<T>(n - 1, T(0))}, std::vector<long double>(n, 1.0L), 0};
        all.push_back(c);
        lit z{"zero", {std::vector<T>(n, T(0)), std::vector<T>(n - 1, T(0))}, std::vector<long double>(n, 0.0L), 0};
        all.push_back(z);
    }
    {
        lit c{"clement", {}, {}, static_cast<long double>(2 * n - 1) / 2};
        for (std::size_t k = 1; k < 2 * n; ++k) {
            const T a = static_cast<T>(std::sqrt(static_cast<long double>(k) * static_cast<long double>(2 * n - k)));
            (k % 2 == 1 ? c.b.d : c.b.e).push_back(a);
        }
        for (std::size_t i = 0; i < n; ++i) c.exact.push_back(static_cast<long double>(2 * n - 1 - 2 * i));
        all.push_back(c);
    }
    {
        const long double cs = std::cos(1.2L), sn = std::sin(1.2L);
        lit c{"kahan theta=1.2", {}, {}, 0};
        for (std::size_t i = 0; i < n; ++i) {
            const long double g = std::pow(sn, static_cast<long double>(i));
            c.b.d.push_back(static_cast<T>(g));
            if (i + 1 < n) c.b.e.push_back(static_cast<T>(-cs * g));
        }
        all.push_back(c);
        lit t{"ill-conditioned Toeplitz d=1 e=-2", {std::vector<T>(n, T(1)), std::vector<T>(n - 1, T(-2))}, {}, 0};
        all.push_back(t);
    }
    for (const bidiagonal_kind k :
         {bidiagonal_kind::wilkinson, bidiagonal_kind::glued_wilkinson, bidiagonal_kind::graded,
          bidiagonal_kind::graded_up, bidiagonal_kind::clustered, bidiagonal_kind::steep_graded,
          bidiagonal_kind::steep_graded_up, bidiagonal_kind::zero_diagonal, bidiagonal_kind::near_underflow,
          bidiagonal_kind::near_overflow})
        all.push_back(lit{kind_name(k), make_bidiagonal<T>(k, n, std::size_t(1)), {}, 0});
    {
        lit c{"glued clusters (5x5 blocks, glue eps)", {}, {}, 0};
        const T block[5] = {3, 2, 1, 2, 3};
        for (std::size_t i = 0; i < n; ++i) {
            c.b.d.push_back(block[i % 5]);
            if (i + 1 < n) c.b.e.push_back(i % 5 == 4 ? L::epsilon() : T(1));
        }
        all.push_back(c);
    }
    {
        const long double reach = sizeof(T) > sizeof(double) ? 0.21L : 1.0L;  // reference_covers
        all.push_back(lit{"geometric down", detail::geometric<T>(n, reach), {}, 0});
        all.push_back(lit{"geometric up", reversed(detail::geometric<T>(n, reach)), {}, 0});
    }
    all.push_back(detail::two_scale<T>("two-scale (max/1000, min*1000)", n, L::max() / 1000, L::min() * 1000));
    all.push_back(detail::two_scale<T>("two-scale (max, min)", n, L::max(), L::min()));
    all.push_back(detail::two_scale<T>("two-scale (1, subnormal)", n, T(1),
                                       std::ldexp(L::denorm_min(), L::digits / 2)));
    all.push_back(detail::two_scale<T>("two-scale (max, denorm_min)", n, L::max(), L::denorm_min()));
    {
        const int p = static_cast<int>(0.6 * L::max_exponent);
        const T h = std::ldexp(T(1), p), t = std::ldexp(L::min(), p + 2);
        lit c{"ill tail below 2^(0.6 max_exponent)", {}, {}, 0, true};
        for (std::size_t i = 0; i < n; ++i) {
            c.b.d.push_back(i == 0 ? h : t);
            if (i + 1 < n) c.b.e.push_back(i == 0 ? t : -2 * t);
        }
        c.exact_error = 2 * (static_cast<long double>(t) / h) / static_cast<long double>(L::epsilon());
        all.push_back(c);
    }
    {
        rng_t rng(seed_of(n, 1000, 1));
        std::uniform_real_distribution<long double> unit(1.0L, 2.0L);
        lit c{"underflow threshold", {}, {}, 0};
        for (std::size_t i = 0; i < n; ++i) {
            c.b.d.push_back(static_cast<T>(unit(rng) * static_cast<long double>(L::min())));
            if (i + 1 < n) c.b.e.push_back(static_cast<T>(unit(rng) * static_cast<long double>(L::min())));
        }
        all.push_back(c);
    }
    {
        std::vector<std::size_t> at;
        if (n <= 12)
            for (std::size_t p = 0; p < n; ++p) at.push_back(p);
        else
            at = {0, 1, n / 2, n - 2, n - 1};
        rng_t rng(seed_of(n, 1001, 1));
        std::normal_distribution<double> normal(0.0, 1.0);
        bidiagonal<T> base;
        for (std::size_t i = 0; i < n; ++i) {
            base.d.push_back(static_cast<T>(normal(rng)));
            if (i + 1 < n) base.e.push_back(static_cast<T>(normal(rng)));
        }
        for (const std::size_t p : at) {
            lit c{"zero on the diagonal at " + std::to_string(p), base, {}, 0};
            c.b.d[p] = 0;
            all.push_back(c);
        }
    }
    return all;
}

/// True when exact_singular_values covers b: after its scaling of max|b| to [1/2, 1), the squares
/// of the smallest nonzero entries stay far inside the reference type's exponent range (every
/// float and double bidiagonal; a long double one spanning more than 2⁷⁶⁰⁰ does not).
template <class T>
bool reference_covers(const bidiagonal<T>& b) {
    T amax = 0, amin = std::numeric_limits<T>::infinity();
    for (const std::vector<T>* v : {&b.d, &b.e})
        for (const T x : *v)
            if (x != T(0)) {
                amax = std::max(amax, std::abs(x));
                amin = std::min(amin, std::abs(x));
            }
    if (amax == T(0)) return true;
    int ea = 0, eb = 0;
    std::frexp(amax, &ea);
    std::frexp(amin, &eb);
    return ea - eb <= 7600;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_BIDIAGONALS_HPP
