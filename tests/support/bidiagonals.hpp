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
#include <cmath>      // std::abs, std::frexp, std::ldexp, std::log10, std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::normal_distribution, std::chi_squared_distribution, ...
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
/// `guess`: see bidiagonal_reference_values (time only, never accuracy).
template <class T>
std::vector<long double> exact_singular_values(const bidiagonal<T>& b, std::vector<long double> guess = {}) {
    int ex = 0;
    const T amax = max_abs(b);
    if (amax > 0) std::frexp(amax, &ex);
    std::vector<long double> d, e;
    for (const T x : b.d) d.push_back(std::ldexp(static_cast<long double>(x), -ex));
    for (const T x : b.e) e.push_back(std::ldexp(static_cast<long double>(x), -ex));
    for (long double& x : guess) x = std::ldexp(x, -ex);
    std::vector<long double> s = bidiagonal_reference_values(d, e, guess);
    for (long double& x : s) x = std::ldexp(x, ex);
    return s;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_BIDIAGONALS_HPP
