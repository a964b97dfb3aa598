// Test support: singular values of an upper bidiagonal to high relative accuracy, by bisection.
//
// This is the independent reference for svdkit's relative-accuracy promise on bidiagonals. It
// shares nothing with the library's QR iteration.
//
// Method. The Golub–Kahan matrix T_GK (2n×2n, zero diagonal, off-diagonals d0, e0, d1, e1, …,
// d(n−1)) has eigenvalues ±σ_i, so for x > 0 the number of σ_i < x is the number of negative
// pivots of T_GK − xI minus n. The pivots follow q_0 = −x, q_i = −x − a_(i−1)²/q_(i−1).
// Kahan's rounding argument: every computed q_i is, up to a factor 1+δ that keeps its sign, the
// exact pivot of T_GK − xI with off-diagonals changed by relative amounts of ~1.5 ulp. By
// Demmel & Kahan (1990), Thm. 2, such relative changes of the bidiagonal's entries move every σ_i
// by a relative amount of at most ~(2n−1)·1.5 ulp. So each count is exact for a nearby
// bidiagonal, and bisection finds every σ_i (zero or not) to a relative error of ~3n ulp of the
// working type: __float128 where it exists and is wider than long double (x86-64: 113-bit
// significand, ~1e-34), long double otherwise.
//
// References:
//   [1] J. Demmel, W. Kahan (1990), "Accurate singular values of bidiagonal matrices",
//       SIAM J. Sci. Stat. Comput. 11(5), 873–912.
//   [2] W. Kahan (1966), "Accurate eigenvalues of a symmetric tri-diagonal matrix", Stanford
//       CS report CS41.
#ifndef SVDKIT_TESTS_SUPPORT_BIDIAGONAL_REFERENCE_HPP
#define SVDKIT_TESTS_SUPPORT_BIDIAGONAL_REFERENCE_HPP

#include <cfloat>     // LDBL_MANT_DIG
#include <cmath>      // std::frexp, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

namespace svdkit_test {

#if defined(__SIZEOF_FLOAT128__) && LDBL_MANT_DIG < 113 && !defined(__clang__)
__extension__ typedef __float128 reference_real;  // soft-float on x86-64; only + − × ÷ and < are used
constexpr int reference_digits = 113;
#else
typedef long double reference_real;
constexpr int reference_digits = LDBL_MANT_DIG;
#endif

namespace detail {

/// Number of singular values of the bidiagonal (off-diagonals a of T_GK, squared: a2) below x > 0,
/// counted in R.
template <class R>
std::size_t count_below(const std::vector<R>& a2, std::size_t n, R x) {
    const R zero = 0;
    const R tiny = static_cast<R>(std::numeric_limits<long double>::min());
    // A zero pivot is replaced by −tiny and counted as negative (LAPACK dstebz's pivmin): the
    // count is then exact for x moved by a negligible amount, and stays monotone in x.
    std::size_t negatives = 0;
    R q = -x;
    for (std::size_t i = 0;; ++i) {
        if (q == zero) q = -tiny;
        if (q < zero) ++negatives;
        if (i == a2.size()) break;
        q = -x - a2[i] / q;
    }
    return negatives > n ? negatives - n : 0;
}

/// A point strictly between lo and hi (0 <= lo < hi): the geometric middle while they are far
/// apart (so a value near 1e-300 is found in a few dozen steps), the arithmetic middle after.
inline long double split_point(long double lo, long double hi) {
    if (lo > 0 && hi <= 4 * lo) return lo + (hi - lo) / 2;
    int e_hi = 0, e_lo = 0;
    std::frexp(hi, &e_hi);
    if (lo > 0)
        std::frexp(lo, &e_lo);
    else
        e_lo = std::numeric_limits<long double>::min_exponent - std::numeric_limits<long double>::digits;
    const long double mid = std::ldexp(1.0L, e_lo + (e_hi - e_lo) / 2);
    return (mid > lo && mid < hi) ? mid : lo + (hi - lo) / 2;
}

}  // namespace detail

/// The singular values of the upper bidiagonal with diagonal d (size n) and superdiagonal e
/// (size n−1), sorted non-increasing, each to a relative error of a few·n ulp of reference_real
/// (then rounded to long double). Zero singular values come out as exactly 0.
///
/// `guess` (optional: empty, or n values non-increasing, e.g. from a solver in a wider type) only
/// saves time: the search for σ_k starts from guess_k·(1 ± 2⁻⁴⁰) when the counts at both ends
/// show that this interval holds σ_k, and from the whole range otherwise. Either way the result
/// is the long double at which the count reaches n − k, so a wrong guess costs time, never
/// accuracy (bisection from the whole range takes ~80 counts per value, from a good guess ~30).
///
/// R: the type the counts are computed in, reference_real by default. R = long double (hardware,
/// several times faster than the software __float128) gives ~3n ulps of long double: a reference
/// for float and double, whose ε is 2¹¹ and more times larger (tests/bidiagonal_families.cpp).
template <class R = reference_real>
std::vector<long double> bidiagonal_reference_values(const std::vector<long double>& d,
                                                     const std::vector<long double>& e,
                                                     const std::vector<long double>& guess = {}) {
    const std::size_t n = d.size();
    if (n == 0) return {};
    if (e.size() + 1 != n) throw std::invalid_argument("bidiagonal_reference_values: e must have n - 1 entries");
    std::vector<R> a2;  // a_0² … a_(2n−2)² = d0², e0², d1², …, d(n−1)²
    long double bound = 0;           // becomes 2·‖B‖_F + tiny > σ_1
    for (std::size_t i = 0; i < n; ++i) {
        const R di = static_cast<R>(d[i]);
        a2.push_back(di * di);
        bound += d[i] * d[i];
        if (i + 1 < n) {
            const R ei = static_cast<R>(e[i]);
            a2.push_back(ei * ei);
            bound += e[i] * e[i];
        }
    }
    bound = 2 * std::sqrt(bound) + std::numeric_limits<long double>::min();
    const long double smallest = std::numeric_limits<long double>::denorm_min();
    std::vector<long double> s(n);
    for (std::size_t k = 0; k < n; ++k) {
        // σ sorted non-increasing: s[k] is the (n−k)-th smallest, i.e. the smallest x with
        // count_below(x) >= n − k.
        const std::size_t want = n - k;
        if (detail::count_below(a2, n, static_cast<R>(smallest)) >= want) {
            s[k] = 0;  // below the smallest positive long double: an exact zero (some d_i = 0)
            continue;
        }
        long double lo = 0, hi = bound;
        if (guess.size() == n && guess[k] > 0) {
            const long double g_lo = guess[k] * (1 - 0x1p-40L), g_hi = guess[k] * (1 + 0x1p-40L);
            if (detail::count_below(a2, n, static_cast<R>(g_lo)) < want &&
                detail::count_below(a2, n, static_cast<R>(g_hi)) >= want) {
                lo = g_lo;
                hi = g_hi;
            }
        }
        for (int it = 0; it < 100000; ++it) {
            const long double mid = detail::split_point(lo, hi);
            if (!(mid > lo && mid < hi)) break;
            if (detail::count_below(a2, n, static_cast<R>(mid)) >= want)
                hi = mid;
            else
                lo = mid;
        }
        s[k] = hi;
    }
    return s;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_BIDIAGONAL_REFERENCE_HPP
