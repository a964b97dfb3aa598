// Tests include/svdkit/detail/bidiagonal/dqds.hpp where dqds differs from the other bidiagonal
// solvers: its internal power-of-two scaling at the very limits of each type (exact, bit for
// bit), the output contract on degenerate inputs, bad input, the transform bound, the reused
// workspace and determinism; and the dispatch of bidiagonal_values (detail/bidiagonal/dispatch.hpp):
// the random-magnitude data on which dqds in float or double itself loses relative accuracy, and
// which the public entry point must still get right. dqds's relative accuracy on every kind of
// bidiagonal, for every n and type, is checked by the generic suite (bidiagonal_solvers.cpp).
//
// Bound: |σ_i − σ_i^ref| <= B(n)·ε·σ_i with B(n) = bidiagonal_relative_bound(n) = 50 + 4n (bounds.hpp),
// the bound the QR iteration is held to, for the same reasons:
//  - deflation and splitting: dqds drops e_k (a squared entry) when e_k <= tol²·(Σ + q_m) or
//    tol²·Σ, tol = 8ε; that moves each σ by a relative tol/2 = 4ε at most (dqds.hpp derives it),
//    inside the 50ε deflation allowance;
//  - rounding: each dqds/dqd transform is the exact transform of an array whose entries changed
//    by a few ulps each, and the result is changed by a few ulps [Fernando-Parlett 1994, Thm. 4];
//    relative changes of the entries move σ by a relative (2n−1)·(change) at most [Demmel-Kahan
//    1990, Thm. 2], and in practice O(√n) ulps build up over the run: 4n ulps covers it.
// The reference is the bisection of support/bidiagonal_reference.hpp (~1e-30 relative).
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::ilogb, std::ldexp
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/dqds.hpp>
#include <svdkit/errors.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

template <class T>
std::vector<T> dqds_values(const bidiagonal<T>& b, std::size_t* iterations = nullptr) {
    std::vector<T> d = b.d, e = b.e;
    const std::size_t it = svdkit::detail::bidiagonal_dqds(d, e);
    if (iterations != nullptr) *iterations = it;
    CHECK(sorted_non_negative(d));
    for (const T x : e) CHECK(x == T(0));
    return d;
}

template <class T>
std::vector<long double> reference_values(const bidiagonal<T>& b) {
    return exact_singular_values(b);
}

}  // namespace

TEMPLATE_TEST_CASE("dqds: huge and tiny scales, near the limits of the type", "[dqds]", float, double, long double) {
    using T = TestType;
    const std::size_t n = 64;
    for (const bidiagonal_kind k : {bidiagonal_kind::random, bidiagonal_kind::chi, bidiagonal_kind::graded}) {
        const bidiagonal<T> b = make_bidiagonal<T>(k, n, 3);
        const std::vector<T> s1 = dqds_values(b);
        const std::vector<long double> ref = reference_values(b);
        const T amax = max_abs(b);
        // Largest entry to 2^(max_exponent − 2) (σ_max still finite: ‖B‖₂ <= 2·max|B|), and down
        // so that the smallest nonzero entry is still a normal number.
        const int up = std::numeric_limits<T>::max_exponent - 2 - std::ilogb(amax) - 1;
        T amin = amax;
        for (const T x : b.d)
            if (x != T(0)) amin = std::min(amin, std::abs(x));
        for (const T x : b.e)
            if (x != T(0)) amin = std::min(amin, std::abs(x));
        const int down = std::numeric_limits<T>::min_exponent - std::ilogb(amin) + 1;
        for (const int p : {up, down}) {
            INFO(type_name<T>() << ", " << kind_name(k) << ", scaled by 2^" << p);
            const std::vector<T> s = dqds_values(scaled(b, p));
            std::vector<long double> scaled_ref(ref.size());
            for (std::size_t i = 0; i < ref.size(); ++i) scaled_ref[i] = std::ldexp(ref[i], p);
            // The scaled σ must be representable: the documented floor applies to the smallest.
            // A σ that lands in T's subnormal range can only be returned to ±denorm_min/2.
            const long double r =
                relative_error_ratio(s, scaled_ref, static_cast<long double>(std::numeric_limits<T>::denorm_min()));
            INFO("relative error " << static_cast<double>(r));
            CHECK(r <= bidiagonal_relative_bound(n));
            note_ratio("bidiagonal_dqds", type_name<T>(), "rel. error vs bisection / eps", r, "extreme scale");
            // Scaling by a power of two is exact, inside and out: the same bits as unscaled.
            for (std::size_t i = 0; i < n; ++i)
                if (std::ldexp(s1[i], p) >= std::numeric_limits<T>::min()) CHECK(s[i] == std::ldexp(s1[i], p));
        }
    }
}

TEST_CASE("dqds: output contract on small and degenerate inputs", "[dqds]") {
    std::vector<double> d, e;
    CHECK(svdkit::detail::bidiagonal_dqds(d, e) == 0);  // n = 0
    d = {-3};
    e = {};
    svdkit::detail::bidiagonal_dqds(d, e);
    CHECK(d[0] == 3);
    d = {0, 0, 0};
    e = {0, 0};
    svdkit::detail::bidiagonal_dqds(d, e);
    CHECK((d[0] == 0 && d[1] == 0 && d[2] == 0));
    d = {1, -5, 2};
    e = {0, -0.0};
    svdkit::detail::bidiagonal_dqds(d, e);
    CHECK((d[0] == 5 && d[1] == 2 && d[2] == 1));
    // All d zero, e nonzero: σ = |e_i| and one zero.
    d = {0, 0, 0, 0};
    e = {3, -1, 2};
    svdkit::detail::bidiagonal_dqds(d, e);
    CHECK(d[0] == 3);
    CHECK(d[1] == 2);
    CHECK(d[2] == 1);
    CHECK(d[3] == 0);
}

TEST_CASE("dqds: bad input is reported, never a hang", "[dqds]") {
    std::vector<double> d = {1, 2, 3}, e = {1};
    CHECK_THROWS_AS(svdkit::detail::bidiagonal_dqds(d, e), std::invalid_argument);
    d = {1, 2, 3};
    e = {1, std::numeric_limits<double>::quiet_NaN()};
    try {
        svdkit::detail::bidiagonal_dqds(d, e);
        FAIL("no exception for a NaN");
    } catch (const svdkit::non_finite_input& x) {
        CHECK(x.row() == 1);
        CHECK(x.col() == 2);
    }
    d = {1, -std::numeric_limits<double>::infinity(), 3};
    e = {1, 1};
    try {
        svdkit::detail::bidiagonal_dqds(d, e);
        FAIL("no exception for an infinity");
    } catch (const svdkit::non_finite_input& x) {
        CHECK(x.row() == 1);
        CHECK(x.col() == 1);
    }
}

TEST_CASE("dqds: the iteration bound is reachable and reported", "[dqds]") {
    const bidiagonal<double> b = make_bidiagonal<double>(bidiagonal_kind::chi, 64, 4);
    std::vector<double> d = b.d, e = b.e;
    try {
        svdkit::detail::bidiagonal_dqds(d, e, std::size_t(1));
        FAIL("one transform cannot finish a 64x64 bidiagonal");
    } catch (const svdkit::no_convergence& x) {
        CHECK(x.total() == 64);
        CHECK(x.converged() < 64);
    }
    // The default bound is far from reached.
    std::size_t iterations = 0;
    (void)dqds_values(b, &iterations);
    CHECK(iterations < svdkit::detail::default_dqds_iterations(64));
}

TEST_CASE("dqds: a reused workspace allocates nothing and results are deterministic", "[dqds]") {
    const bidiagonal<double> b = make_bidiagonal<double>(bidiagonal_kind::random, 100, 5);
    std::vector<double> work;
    work.reserve(4 * 100);
    const double* before = work.data();
    std::vector<double> d1 = b.d, e1 = b.e;
    svdkit::detail::bidiagonal_dqds(d1, e1, work);
    CHECK(work.data() == before);
    CHECK(work.size() == 4 * 100);
    std::vector<double> d2 = b.d, e2 = b.e;
    svdkit::detail::bidiagonal_dqds(d2, e2, work);  // reused: stale contents must not matter
    CHECK(work.data() == before);
    std::vector<double> d3 = b.d, e3 = b.e;
    svdkit::detail::bidiagonal_dqds(d3, e3);
    for (std::size_t i = 0; i < d1.size(); ++i) {
        CHECK(d1[i] == d2[i]);
        CHECK(d1[i] == d3[i]);
    }
}

namespace {

/// The worst relative-error ratios over `trials` random_magnitudes bidiagonals (support/bidiagonals.hpp,
/// drawn in double; n = 5 + trial % spread) of the public bidiagonal_singular_values, each also
/// CHECKed against the bound, and of raw dqds in T (dqds_values above) on the same data. `each`
/// sees every bidiagonal before that.
template <class T, class Each>
std::pair<long double, long double> public_and_raw_dqds(double decades, int trials, std::size_t spread, rng_t& rng,
                                                        Each each) {
    long double worst_public = 0, worst_raw = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const std::size_t n = 5 + static_cast<std::size_t>(trial) % spread;
        const bidiagonal<T> b = rounded<T>(random_magnitudes(n, decades, rng));
        each(b);
        const std::vector<long double> ref = reference_values(b);
        const long double floor = bidiagonal_underflow_floor<T>(n);
        const long double r = relative_error_ratio(svdkit::bidiagonal_singular_values(b.d, b.e), ref, floor);
        INFO("trial " << trial << ", n = " << n << ": relative error " << static_cast<double>(r));
        CHECK(r <= bidiagonal_relative_bound(n));
        worst_public = std::max(worst_public, r);
        worst_raw = std::max(worst_raw, relative_error_ratio(dqds_values(b), ref, floor));
    }
    return {worst_public, worst_raw};
}

}  // namespace

// Why bidiagonal_values runs float dqds in double: session 2's stress test found float
// bidiagonals on which dqds in float lost up to 2·10⁵ ulps (its squares left float's range). The
// same data must pass through the public entry point, and must fail for float dqds itself (so
// this test keeps exercising what it was written for).
TEST_CASE("bidiagonal_values: float keeps relative accuracy where float dqds does not", "[dqds]") {
    rng_t rng(seed_of(4, 8, 11653559));
    const auto [worst_public, worst_float_dqds] =
        public_and_raw_dqds<float>(4.0, 200, 36, rng, [](const bidiagonal<float>&) {});
    note_ratio("bidiagonal_values", "float", "rel. error vs bisection / eps", worst_public, "random 8 decades");
    INFO("float dqds on the same data: " << static_cast<double>(worst_float_dqds) << " ulps");
    CHECK(worst_float_dqds > bidiagonal_relative_bound(40));
}

// And why double dqds is checked: with entries over 80 decades, σ_min/σ_max goes below 1e-150
// and double dqds loses every digit of the smallest values. bidiagonal_values must notice (the
// entries or σ span more than 2²⁰⁰) and use the QR iteration; whatever it chooses, the public
// result must keep relative accuracy.
TEST_CASE("bidiagonal_values: double bidiagonals beyond dqds's range go to the QR iteration", "[dqds]") {
    rng_t rng(seed_of(40, 8, 2355));
    int turned_away = 0;
    const auto [worst_public, worst_double_dqds] =
        public_and_raw_dqds<double>(40.0, 60, 30, rng, [&](const bidiagonal<double>& b) {
            std::vector<double> d = b.d, e = b.e;
            svdkit::detail::bidiagonal_values_workspace<double> ws;
            if (!svdkit::detail::dqds_values(d, e, ws)) {
                ++turned_away;
                CHECK(d == b.d);  // turned away: untouched
            }
        });
    note_ratio("bidiagonal_values", "double", "rel. error vs bisection / eps", worst_public, "random 80 decades");
    INFO("double dqds on the same data: " << static_cast<double>(worst_double_dqds) << " ulps; turned away "
                                          << turned_away << " of 60");
    CHECK(worst_double_dqds > bidiagonal_relative_bound(40));
    CHECK(turned_away >= 40);
    CHECK(turned_away < 60);  // the short ones fit the range: dqds keeps them, accurately (above)
}

TEST_CASE("bidiagonal_values: dqds for float and double, the same σ for every job", "[dqds]") {
    const bidiagonal<double> b = make_bidiagonal<double>(bidiagonal_kind::chi, 64, 6);
    std::vector<double> d = b.d, e = b.e;
    svdkit::detail::bidiagonal_values_workspace<double> ws;
    REQUIRE(svdkit::detail::dqds_values(d, e, ws));  // an ordinary bidiagonal takes the dqds path
    const std::vector<double> s = svdkit::bidiagonal_singular_values(b.d, b.e);
    CHECK(s == d);
    CHECK(svdkit::bidiagonal_svd(b.d, b.e).s == s);
    CHECK(svdkit::bidiagonal_svd(b.d, b.e, svdkit::vectors::none).s == s);
    std::vector<long double> dl(b.d.begin(), b.d.end()), el(b.e.begin(), b.e.end());
    svdkit::detail::bidiagonal_values_workspace<long double> wl;
    CHECK_FALSE(svdkit::detail::dqds_values(dl, el, wl));  // long double: the QR iteration
}
