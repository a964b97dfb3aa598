// Issue 23, part 5: the structured bidiagonals of the literature (support/bidiagonals.hpp,
// literature_bidiagonals: identity, zero, Clement, Kahan, an ill-conditioned Toeplitz, Wilkinson,
// glued Wilkinson, glued clusters, graded and geometric both ways up to the whole exponent range,
// clustered, the two-scale (max/c, min·c) family of part 5 for every n, entries at overflow, at
// the underflow threshold and subnormal, an ill-conditioned tail below a huge entry, one zero on
// the diagonal at each position) through every public entry point that takes or produces a
// bidiagonal's σ, in float, double and long double.
//
// Sizes. The default run takes n = 1 … 13 and a sample up to 100 (sample_sizes below: D&C's leaf
// size 25/26, svd()'s QR/D&C crossover 47/48/49, 64, and 100, where svd()'s reduction is blocked);
// the hidden tag [exhaustive] (`bidiagonal_families "[exhaustive]"`) takes every n = 1 … 100.
// Measured (user time, g++ 12): default 8 s in Release with drivers at -O1 (long double's
// __float128 bisection is half of it), 19 s with this file at -O0 under ASan+UBSan; exhaustive
// 110 s in Release.
//
// What is checked, and why it is what the library promises:
//  - bidiagonal_singular_values(d, e) and bidiagonal_svd(d, e) (docs: "every σ_i, however small, has
//    a relative error of a modest multiple of n·ε"): |σ_i − σ_i^ref| <= (50 + 4n)·ε·σ_i for every i
//    (bounds.hpp, bidiagonal_relative_bound: dbdsqr-style deflation at a relative 50·ε plus O(n)
//    relative rounding per value [DK90, Thm 4 and §6]; i.e. c·n·ε with c <= 54 for every n >= 1),
//    above the underflow floor 6·n²·min(T) ("in the absence of underflow", LAPACK dbdsqr:
//    bidiagonal_underflow_floor), below which the error is counted absolutely. bidiagonal_svd's σ
//    are bidiagonal_singular_values', bit for bit (documented), with and without vectors; its U, V
//    reproduce B and are orthonormal: ‖B − UΣVᵀ‖_F/(‖B‖_F·n·ε) <= 4 + 50/n (reconstruction_bound)
//    and ‖I − QᵀQ‖_F/(n·ε) <= 10 (orthogonality_bound).
//  - svd() of the dense n×n B. Its contract is backward stability only: max|σ_i − σ_i^ref| <=
//    (4 + 50/n)·n·ε·σ_max (value_error_bound), reconstruction within reconstruction_bound (n < 48,
//    QR iteration) or dc_mixed_reconstruction_bound (n >= 48: D&C's vectors with the relatively
//    accurate σ), orthogonality within orthogonality_bound. Beyond the contract, and checked
//    because it holds by construction: the Householder reduction of a matrix that is already upper
//    bidiagonal is exact (every column below the diagonal and every row right of the superdiagonal
//    is zero, so make_reflector returns τ = 0, H = I, and the blocked panels' updates are products
//    with zero vectors), so where neither svd() nor bidiagonal_singular_values scales its input,
//    svd()'s σ are bidiagonal_singular_values' bit for bit, hence relatively accurate (the table
//    shows the ratio). Where svd() scales (largest entry outside [√safmin/ε, its inverse]) it takes
//    the largest entry to [½, 1), which may flush small σ (the two-scale and ill-tail families):
//    there only the absolute bound is promised, and only it is checked.
//
// References. The independent one is exact_singular_values (support/bidiagonal_reference.hpp:
// bisection on T_GK, counting in long double for float and double (~3n ulps of long double: at
// most 0.15 ulp of double at n = 100) and in __float128 for long double (~1e-30, then rounded to
// long double: 1 in units of its ε); bisection_error below). It covers every float and double case;
// for long double it cannot square entries that span more than ~2⁷⁶⁰⁰ (two-scale, ill tail), which
// have a closed form or a split instead. Where a closed form exists (identity, zero, Clement,
// two-scale) it is a second reference with its own error (Clement: the rounding of its entries to
// T, (2n − 1)/2 ulps [DK90, Thm 2]; two-scale: 4·t/H); ill tail's is {d₀} ∪ the bisection of the
// rest (2·t/H). Every reference of a case is checked against the first. If __float128 is not wider
// than long double (clang), long double's bisection is not a reference for long double: its checks
// against it are skipped with a printed note (the closed forms still apply).
#include <catch2/catch.hpp>

#include <algorithm>    // std::max, std::sort
#include <cmath>        // std::frexp, std::ldexp, std::sqrt
#include <cstddef>      // std::size_t
#include <functional>   // std::greater
#include <limits>       // std::numeric_limits
#include <string>       // std::string
#include <type_traits>  // std::conditional, std::is_same
#include <vector>       // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/dispatch.hpp>
#include <svdkit/svd.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// n = 1 … 13 (every small shape, and every zero position up to 12), then a dense sample to 100.
std::vector<std::size_t> sample_sizes() {
    std::vector<std::size_t> n;
    for (std::size_t k = 1; k <= 13; ++k) n.push_back(k);
    for (const std::size_t k : {16u, 25u, 26u, 32u, 47u, 48u, 49u, 64u, 100u}) n.push_back(k);
    return n;
}

std::vector<std::size_t> every_size() {
    std::vector<std::size_t> n;
    for (std::size_t k = 1; k <= 100; ++k) n.push_back(k);
    return n;
}

/// One reference: σ non-increasing and its relative error in units of T's ε.
struct reference {
    std::vector<long double> values;
    long double error;
    std::string source;
};

/// The type the bisection counts in: long double for float and double (hardware: several times
/// faster than the software __float128, and 2¹¹ times more precise than double), reference_real
/// (__float128 where it exists) for long double.
template <class T>
using bisection_real =
    typename std::conditional<(std::numeric_limits<T>::digits < std::numeric_limits<long double>::digits), long double,
                              reference_real>::type;

template <class R>
constexpr int digits_of = std::is_same<R, long double>::value ? std::numeric_limits<long double>::digits : reference_digits;

/// The bisection is a reference for T only when its type is wider than T.
template <class T>
constexpr bool bisection_is_wider = digits_of<bisection_real<T>> > std::numeric_limits<T>::digits;

/// The bisection's relative error in units of T's ε: ~3n ulps of the type it counts in
/// (bidiagonal_reference.hpp), plus the rounding of its result to long double.
template <class T>
long double bisection_error(std::size_t n) {
    const long double eps_r = std::ldexp(1.0L, 1 - digits_of<bisection_real<T>>);
    return (3 * static_cast<long double>(n) * eps_r + eps<long double>()) / eps<T>();
}

/// The bisection on b (support/bidiagonal_reference.hpp), started from the long double QR
/// iteration's σ (time only: a wrong guess costs time, never accuracy).
template <class T>
std::vector<long double> bisection(const bidiagonal<T>& b) {
    int ex = 0;
    const T amax = max_abs(b);
    if (amax > 0) std::frexp(amax, &ex);
    bidiagonal<long double> w = scaled(rounded<long double>(b), -ex);
    (void)svdkit::detail::bidiagonal_qr<long double>(w.d, w.e, nullptr, nullptr);
    for (long double& x : w.d) x = std::ldexp(x, ex);
    return exact_singular_values<T, bisection_real<T>>(b, w.d);
}

/// The references of one case (see the top of the file).
template <class T>
std::vector<reference> references_for(const literature_bidiagonal<T>& c) {
    std::vector<reference> refs;
    if (reference_covers(c.b) && bisection_is_wider<T>)
        refs.push_back({bisection(c.b), bisection_error<T>(c.b.d.size()), "bisection"});
    if (!c.exact.empty()) refs.push_back({c.exact, c.exact_error, "closed form"});
    if (c.head_splits && bisection_is_wider<T>) {
        bidiagonal<T> tail{std::vector<T>(c.b.d.begin() + 1, c.b.d.end()),
                           c.b.e.empty() ? std::vector<T>{} : std::vector<T>(c.b.e.begin() + 1, c.b.e.end())};
        REQUIRE(reference_covers(tail));
        std::vector<long double> v = bisection(tail);
        v.push_back(std::abs(static_cast<long double>(c.b.d[0])));
        std::sort(v.begin(), v.end(), std::greater<long double>());
        refs.push_back({v, c.exact_error + bisection_error<T>(tail.d.size()), "|d0| and bisection of the rest"});
    }
    return refs;
}

template <class T>
svdkit::matrix<T> dense_bidiagonal(const bidiagonal<T>& b) {
    const std::size_t n = b.d.size();
    svdkit::matrix<T> a(n, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) a(i, j) = T(0);
    for (std::size_t i = 0; i < n; ++i) a(i, i) = b.d[i];
    for (std::size_t i = 0; i + 1 < n; ++i) a(i, i + 1) = b.e[i];
    return a;
}

/// Every public entry point on one case, checked against what it promises (top of the file).
template <class T>
void check_case(const literature_bidiagonal<T>& c) {
    const bidiagonal<T>& b = c.b;
    const std::size_t n = b.d.size();
    const std::string type = type_name<T>();
    const std::string where = c.name + " n=" + std::to_string(n);
    INFO(type << ", " << where);

    const std::vector<reference> refs = references_for(c);
    REQUIRE(!refs.empty());  // every family has one reference at least (a new one must bring it)
    for (std::size_t k = 1; k < refs.size(); ++k) {  // the references agree, within their own errors
        const long double r = relative_error_ratio(refs[k].values, refs[0].values);
        // relative_error_ratio measures in long double's ε (its first argument's type): T's here
        const long double in_t = r * eps<long double>() / eps<T>();
        INFO(refs[k].source << " vs " << refs[0].source << ": " << static_cast<double>(in_t) << " eps");
        CHECK(in_t <= refs[0].error + refs[k].error);
    }

    const long double floor = bidiagonal_underflow_floor<T>(n);
    const long double bound = bidiagonal_relative_bound(n);
    const std::vector<T> s = svdkit::bidiagonal_singular_values(b.d, b.e);
    REQUIRE(s.size() == n);
    CHECK(sorted_non_negative(s));
    for (const reference& ref : refs) {
        const long double r = relative_error_ratio(s, ref.values, floor);
        INFO("bidiagonal_singular_values vs " << ref.source << ": relative error / eps " << static_cast<double>(r)
                                              << " (bound " << static_cast<double>(bound + ref.error) << ")");
        CHECK(r <= bound + ref.error);
        // the table shows the error against the first reference (the bisection where it applies):
        // against a closed form it would include the form's own error (Clement's rounded entries)
        if (&ref == &refs.front()) note_ratio("bidiagonal_singular_values", type, "relative value error / eps", r, where);
    }

    // bidiagonal_svd: the same σ bit for bit, with and without vectors; U, V reproduce B.
    const svdkit::svd_result<T> r = svdkit::bidiagonal_svd(b.d, b.e);
    const svdkit::svd_result<T> rn = svdkit::bidiagonal_svd(b.d, b.e, svdkit::vectors::none);
    CHECK(identical(r.s, s));
    CHECK(identical(rn.s, s));
    CHECK(rn.u.size() == 0);
    CHECK(rn.v.size() == 0);
    REQUIRE(r.u.rows() == n);
    REQUIRE(r.u.cols() == n);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == n);
    CHECK(all_finite(r.u));
    CHECK(all_finite(r.v));
    const dense<T> bd = upper_bidiagonal(b.d, b.e);
    // σ in T's subnormal range are multiples of denorm_min: that much residual is forced on any
    // U·Σ·Vᵀ and is not counted.
    const long double recon_floor =
        std::sqrt(static_cast<long double>(n)) * static_cast<long double>(std::numeric_limits<T>::denorm_min());
    const long double ou_b = orthogonality_ratio(to_dense<T>(r.u)), ov_b = orthogonality_ratio(to_dense<T>(r.v));
    {
        const long double recon = reconstruction_ratio(bd, to_dense<T>(r.u), r.s, to_dense<T>(r.v), recon_floor);
        const long double ou = ou_b, ov = ov_b;
        INFO("bidiagonal_svd: reconstruction " << static_cast<double>(recon) << " (bound "
                                               << static_cast<double>(reconstruction_bound(n, n)) << "), orthogonality U "
                                               << static_cast<double>(ou) << ", V " << static_cast<double>(ov));
        CHECK(recon <= reconstruction_bound(n, n));
        CHECK(ou <= orthogonality_bound);
        CHECK(ov <= orthogonality_bound);
        note_ratio("bidiagonal_svd", type, "reconstruction", recon, where);
        note_ratio("bidiagonal_svd", type, "orthogonality U", ou, where);
        note_ratio("bidiagonal_svd", type, "orthogonality V", ov, where);
    }

    // svd() of the dense B: backward stability, and relative accuracy where nothing is scaled.
    const svdkit::svd_result<T> rs = svdkit::svd(dense_bidiagonal(b));
    REQUIRE(rs.s.size() == n);
    CHECK(sorted_non_negative(rs.s));
    CHECK(all_finite(rs.u));
    CHECK(all_finite(rs.v));
    {
        const long double vb = value_error_bound(n, n);
        for (const reference& ref : refs) {
            const long double v =
                value_error_ratio(rs.s, ref.values, n, n, static_cast<long double>(std::numeric_limits<T>::denorm_min()));
            INFO("svd() vs " << ref.source << ": value error / (n eps sigma_max) " << static_cast<double>(v)
                             << " (bound " << static_cast<double>(vb) << ")");
            // the reference's own error, ref.error·ε·σ_i <= ref.error·ε·σ_max, in these units
            CHECK(v <= vb + ref.error / static_cast<long double>(n));
            if (&ref == &refs.front()) note_ratio("svd() of dense B", type, "value error / (n eps sigma_max)", v, where);
        }
        const bool qr_vectors = n < svdkit::detail::divide_and_conquer_crossover;
        const long double rb = qr_vectors ? reconstruction_bound(n, n)
                                          : dc_mixed_reconstruction_bound(n, svdkit::detail::bidiagonal_dc_leaf_size);
        const long double recon = reconstruction_ratio(bd, to_dense<T>(rs.u), rs.s, to_dense<T>(rs.v), recon_floor);
        // Below the D&C crossover svd()'s U, V are bidiagonal_svd's bit for bit (the reduction is
        // exact): the same matrices have the same ratios, measured once.
        const long double ou = identical(rs.u, r.u) ? ou_b : orthogonality_ratio(to_dense<T>(rs.u));
        const long double ov = identical(rs.v, r.v) ? ov_b : orthogonality_ratio(to_dense<T>(rs.v));
        INFO("svd(): reconstruction " << static_cast<double>(recon) << " (bound " << static_cast<double>(rb)
                                      << "), orthogonality U " << static_cast<double>(ou) << ", V "
                                      << static_cast<double>(ov));
        CHECK(recon <= rb);
        CHECK(ou <= orthogonality_bound);
        CHECK(ov <= orthogonality_bound);
        note_ratio("svd() of dense B", type, "reconstruction", recon, where);
        note_ratio("svd() of dense B", type, "orthogonality U", ou, where);
        note_ratio("svd() of dense B", type, "orthogonality V", ov, where);
    }
    const bool svd_scales = svdkit::detail::scaling_exponent(max_abs(b)) != 0;
    const bool public_scales = svdkit::detail::check_bidiagonal(b.d, b.e, "test") != 0;
    if (!svd_scales && !public_scales) {
        INFO("the reduction of an upper bidiagonal is exact: svd()'s sigma are bidiagonal_singular_values', bit for bit");
        CHECK(identical(rs.s, s));
        note_ratio("svd() of dense B", type, "relative value error / eps (unscaled B)",
                   relative_error_ratio(rs.s, refs.front().values, floor), where);
    }
}

template <class T>
void check_families(std::size_t n) {
    if (!bisection_is_wider<T>) {
        static bool noted = false;
        if (!noted)
            WARN("the bisection reference is not wider than " << type_name<T>()
                                                              << " with this compiler (no __float128): only the closed "
                                                                 "forms are checked for it, the other families are skipped");
        noted = true;
    }
    for (const literature_bidiagonal<T>& c : literature_bidiagonals<T>(n)) {
        if (!bisection_is_wider<T> && c.exact.empty()) continue;  // noted above
        check_case(c);
    }
}

}  // namespace

TEMPLATE_TEST_CASE("bidiagonal families: every family at n = 1 ... 13 and a dense sample to 100",
                   "[bidiagonal_families]", float, double, long double) {
    const std::size_t n = GENERATE(from_range(sample_sizes()));
    check_families<TestType>(n);
}

TEMPLATE_TEST_CASE("bidiagonal families: every family at every n = 1 ... 100", "[.][bidiagonal_families][exhaustive]",
                   float, double, long double) {
    const std::size_t n = GENERATE(from_range(every_size()));
    check_families<TestType>(n);
}

// Found by the geometric families above (double, graded from max/2 to 2·min, n = 95 and 100):
// check_bidiagonal scales a bidiagonal that spans the exponent range down by 2^guard only, and the
// QR iteration's absolute deflation floor 6·n²·min then sat 2^guard above the caller's, so a σ in
// between, a normal number that the entries determine to every digit, was lost (σ₉₃ = 1.6e-302
// for 1.57e-301). The smallest such case: d = (max/2, t, t), e = (t, t), t = 512·min, between
// 6·n²·min = 54·min and 2⁶ times that (guard = 6 at n = 3). Closed form: the block [t t; 0 t] has
// σ = t·φ and t/φ (φ the golden ratio), and the row of max/2 changes them by a relative O(t/max)
// (the two-scale argument of support/bidiagonals.hpp).
TEMPLATE_TEST_CASE("bidiagonal families: a range-wide bidiagonal keeps the sigma between the scaled and the caller's underflow floor",
                   "[bidiagonal_families]", float, double, long double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const T h = L::max() / 2, t = L::min() * 512;
    const std::vector<T> d{h, t, t}, e{t, t};
    const long double phi = (1 + std::sqrt(5.0L)) / 2;
    const std::vector<long double> exact{static_cast<long double>(h), t * phi, t / phi};
    const long double bound = bidiagonal_relative_bound(3);
    const long double floor = bidiagonal_underflow_floor<T>(3);
    REQUIRE(static_cast<long double>(t) / phi > floor);  // both small σ are promised
    const std::vector<T> s = svdkit::bidiagonal_singular_values(d, e);
    const long double r = relative_error_ratio(s, exact, floor);
    INFO(type_name<T>() << ": relative error / eps " << static_cast<double>(r) << " (bound " << static_cast<double>(bound) << ")");
    CHECK(r <= bound);
    const svdkit::svd_result<T> rv = svdkit::bidiagonal_svd(d, e);
    CHECK(identical(rv.s, s));
    const long double recon = reconstruction_ratio(upper_bidiagonal(d, e), to_dense<T>(rv.u), rv.s, to_dense<T>(rv.v));
    CHECK(recon <= reconstruction_bound(3, 3));
    note_ratio("bidiagonal_singular_values", type_name<T>(), "relative value error / eps", r, "range-wide 3x3, t = 512 min");
}
