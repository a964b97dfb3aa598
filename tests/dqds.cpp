// Tests include/svdkit/detail/dqds.hpp: singular values of an upper bidiagonal by dqds, per value
// and RELATIVE to that value, against three references: detail::bidiagonal_qr in the same type,
// bidiagonal_qr in long double (the oracle for double), and the bisection reference of
// support/bidiagonal_reference.hpp (~1e-30 relative, n <= 100 because it is slow). Kinds: random,
// Gaussian-like (χ entries), graded in both directions, zero d_i, zero e_i, tiny e, clustered,
// repeated; n = 1, 2, 3, 10, 64, 100, 500; float, double, long double; huge and tiny scales.
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
// Against bidiagonal_qr in the same type both sides carry this error: 2·B(n). Against the long
// double QR oracle for double: B(n) plus the oracle's own B(n)·ε_ld/ε_d.
// Zero singular values (a zero d_i) must come out exactly 0 (relative_error_ratio gives ∞ for
// anything else): relative perturbations of the entries keep them exactly 0.
// This is a relative, per-value measure: a tiny σ that loses even one digit of a graded matrix
// (σ ~ 1e-200 in double) gives a ratio ~1e15 and fails.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::ldexp, std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::normal_distribution, std::chi_squared_distribution
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/dqds.hpp>
#include <svdkit/errors.hpp>

#include "bidiagonal_reference.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

enum class kind { random, chi, graded, graded_up, zero_diagonal, zero_superdiagonal, tiny_e, clustered, repeated };

const char* kind_name(kind k) {
    switch (k) {
        case kind::random: return "random";
        case kind::chi: return "chi";
        case kind::graded: return "graded";
        case kind::graded_up: return "graded-up";
        case kind::zero_diagonal: return "zero-diagonal";
        case kind::zero_superdiagonal: return "zero-superdiagonal";
        case kind::tiny_e: return "tiny-e";
        case kind::clustered: return "clustered";
        case kind::repeated: return "repeated";
    }
    return "?";
}

const kind all_kinds[] = {kind::random,        kind::chi,   kind::graded,    kind::graded_up, kind::zero_diagonal,
                          kind::zero_superdiagonal, kind::tiny_e, kind::clustered, kind::repeated};

template <class T>
struct bidiagonal {
    std::vector<T> d, e;
};

/// The test bidiagonals. graded: d_i = 10^(−k·i)·g (k chosen so σ spans ~ε² over the matrix:
/// far below ε·σ_max, where only relative accuracy keeps any digit); graded-up: the same
/// reversed (dqds must reverse it); zero-diagonal: every third d_i = 0 (σ = 0 exactly);
/// tiny-e: e_i ~ ε³ (splits); clustered: d = 1 + O(10ε), e = O(10ε); repeated: equal 3×3 blocks.
template <class T>
bidiagonal<T> make_bidiagonal(kind k, std::size_t n, std::size_t salt) {
    rng_t rng(seed_of(n, static_cast<std::size_t>(k), salt));
    std::normal_distribution<double> normal(0.0, 1.0);
    const double eps = static_cast<double>(std::numeric_limits<T>::epsilon());
    // 10^(−decade) per row, with decade·(n − 1) = log10(1/ε²).
    const double decade = n > 1 ? -2.0 * std::log10(eps) / static_cast<double>(n - 1) : 0.0;
    bidiagonal<T> b;
    b.d.resize(n);
    b.e.resize(n == 0 ? 0 : n - 1);
    for (std::size_t i = 0; i < n; ++i) {
        double di = normal(rng), ei = normal(rng);
        const double grade = std::pow(10.0, -decade * static_cast<double>(i));
        switch (k) {
            case kind::random: break;
            case kind::chi: {
                std::chi_squared_distribution<double> cd(static_cast<double>(n - i));
                std::chi_squared_distribution<double> ce(static_cast<double>(n - i > 1 ? n - i - 1 : 1));
                di = std::sqrt(cd(rng));
                ei = std::sqrt(ce(rng));
                break;
            }
            case kind::graded:
                di *= grade;
                ei *= grade / 2;
                break;
            case kind::graded_up: break;  // reversed below
            case kind::zero_diagonal:
                if (i % 3 == 1) di = 0;
                break;
            case kind::zero_superdiagonal: ei = 0; break;
            case kind::tiny_e: ei = (i % 5 == 4) ? ei : ei * eps * eps * eps; break;
            case kind::clustered:
                di = 1 + 10 * eps * di;
                ei = 10 * eps * ei;
                break;
            case kind::repeated:
                di = 1;
                ei = i % 3 == 2 ? 0.0 : 0.5;
                break;
        }
        b.d[i] = static_cast<T>(di);
        if (i + 1 < n) b.e[i] = static_cast<T>(ei);
    }
    if (k == kind::graded_up) {
        // B ↦ PBᵀP: the same σ with the small end on top.
        bidiagonal<T> g = make_bidiagonal<T>(kind::graded, n, salt);
        b.d.assign(g.d.rbegin(), g.d.rend());
        b.e.assign(g.e.rbegin(), g.e.rend());
    }
    return b;
}

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
std::vector<long double> qr_values(const bidiagonal<T>& b) {
    std::vector<T> d = b.d, e = b.e;
    (void)svdkit::detail::bidiagonal_qr<T>(d, e, nullptr, nullptr);
    return std::vector<long double>(d.begin(), d.end());
}

template <class T>
std::vector<long double> reference_values(const bidiagonal<T>& b) {
    return bidiagonal_reference_values(std::vector<long double>(b.d.begin(), b.d.end()),
                                       std::vector<long double>(b.e.begin(), b.e.end()));
}

const std::size_t sizes[] = {1, 2, 3, 10, 64, 100, 500};

}  // namespace

TEMPLATE_TEST_CASE("dqds: every value to a few ulps of itself, against QR and bisection", "[dqds]", float, double,
                   long double) {
    using T = TestType;
    for (const kind k : all_kinds) {
        for (const std::size_t n : sizes) {
            const std::string what = std::string(kind_name(k)) + ", n = " + std::to_string(n);
            INFO(type_name<T>() << ", " << what);
            const bidiagonal<T> b = make_bidiagonal<T>(k, n, 1);
            std::size_t iterations = 0;
            const std::vector<T> s = dqds_values(b, &iterations);
            INFO("dqds transforms: " << iterations);
            REQUIRE(s.size() == n);

            const long double bound = bidiagonal_relative_bound(n);
            // bidiagonal_qr in the same type: both within bound of the truth.
            const std::vector<long double> sq = qr_values(b);
            const long double vs_qr = relative_error_ratio(s, sq);
            INFO("relative error vs QR " << static_cast<double>(vs_qr) << " (bound " << static_cast<double>(2 * bound)
                                         << ")");
            CHECK(vs_qr <= 2 * bound);
            note_ratio("bidiagonal_dqds", type_name<T>(), "rel. error vs QR / eps", vs_qr, what);

            if (n <= 100) {
                const std::vector<long double> ref = reference_values(b);
                const long double vs_ref = relative_error_ratio(s, ref);
                INFO("relative error vs bisection " << static_cast<double>(vs_ref) << " (bound "
                                                    << static_cast<double>(bound) << ")");
                CHECK(vs_ref <= bound);
                note_ratio("bidiagonal_dqds", type_name<T>(), "rel. error vs bisection / eps", vs_ref, what);
            }
        }
    }
}

TEST_CASE("dqds: double against the long double QR oracle", "[dqds]") {
    for (const kind k : all_kinds) {
        for (const std::size_t n : sizes) {
            const std::string what = std::string(kind_name(k)) + ", n = " + std::to_string(n);
            INFO(what);
            const bidiagonal<double> b = make_bidiagonal<double>(k, n, 2);
            const std::vector<double> s = dqds_values(b);
            bidiagonal<long double> bl;
            bl.d.assign(b.d.begin(), b.d.end());
            bl.e.assign(b.e.begin(), b.e.end());
            const std::vector<long double> oracle = qr_values(bl);
            const long double bound =
                bidiagonal_relative_bound(n) *
                (1 + static_cast<long double>(std::numeric_limits<long double>::epsilon()) /
                         static_cast<long double>(std::numeric_limits<double>::epsilon()));
            const long double r = relative_error_ratio(s, oracle);
            INFO("relative error " << static_cast<double>(r) << " (bound " << static_cast<double>(bound) << ")");
            CHECK(r <= bound);
            note_ratio("bidiagonal_dqds", "double", "rel. error vs long double QR / eps", r, what);
        }
    }
}

TEMPLATE_TEST_CASE("dqds: steep grading d_i = 10^(-k i), both directions", "[dqds]", float, double, long double) {
    using T = TestType;
    // k·(n − 1) decades, kept inside the documented range σ >= max|B|·safe_min/√ε with room:
    // float 1e-30, double 1e-246, long double 1e-2219 (n = 10). (For long double the bisection
    // reference, which squares in a type of the same exponent range, sets the limit.)
    const int digits = std::numeric_limits<T>::max_exponent10;  // 38, 308, 4932
    const std::size_t n = 10;
    const double reach = sizeof(T) > sizeof(double) ? 0.45 : 0.8;
    const double k = static_cast<double>(digits) * reach / static_cast<double>(n - 1);
    rng_t rng(seed_of(n, 77, 0));
    std::uniform_real_distribution<double> unit(0.5, 2.0);
    bidiagonal<T> b;
    for (std::size_t i = 0; i < n; ++i) {
        // 10^(−k·i) directly in T (long double exponents beyond double's range).
        const T grade = std::pow(T(10), -static_cast<T>(k) * static_cast<T>(i));
        b.d.push_back(static_cast<T>(unit(rng)) * grade);
        if (i + 1 < n) b.e.push_back(static_cast<T>(unit(rng)) * grade);
    }
    for (int reversed = 0; reversed < 2; ++reversed) {
        bidiagonal<T> c = b;
        if (reversed == 1) {
            c.d.assign(b.d.rbegin(), b.d.rend());
            c.e.assign(b.e.rbegin(), b.e.rend());
        }
        INFO(type_name<T>() << (reversed == 1 ? ", small end on top" : ", small end at the bottom"));
        const std::vector<T> s = dqds_values(c);
        const std::vector<long double> ref = reference_values(c);
        REQUIRE(ref.back() > 0);
        const long double r = relative_error_ratio(s, ref);
        INFO("smallest sigma " << static_cast<double>(ref.back()) << ", relative error " << static_cast<double>(r));
        CHECK(r <= bidiagonal_relative_bound(n));
        note_ratio("bidiagonal_dqds", type_name<T>(), "rel. error vs bisection / eps", r, "steep grading");
    }
}

TEMPLATE_TEST_CASE("dqds: huge and tiny scales, near the limits of the type", "[dqds]", float, double, long double) {
    using T = TestType;
    const std::size_t n = 64;
    for (const kind k : {kind::random, kind::chi, kind::graded}) {
        const bidiagonal<T> b = make_bidiagonal<T>(k, n, 3);
        const std::vector<T> s1 = dqds_values(b);
        const std::vector<long double> ref = reference_values(b);
        T amax = 0;
        for (const T x : b.d) amax = std::max(amax, std::abs(x));
        for (const T x : b.e) amax = std::max(amax, std::abs(x));
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
            bidiagonal<T> c = b;
            for (T& x : c.d) x = std::ldexp(x, p);
            for (T& x : c.e) x = std::ldexp(x, p);
            const std::vector<T> s = dqds_values(c);
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
    const bidiagonal<double> b = make_bidiagonal<double>(kind::chi, 64, 4);
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

TEST_CASE("dqds: a reused workspace allocates nothing; results are deterministic", "[dqds]") {
    const bidiagonal<double> b = make_bidiagonal<double>(kind::random, 100, 5);
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

/// Entries ±10^u, u uniform in [−decades, decades], random signs: σ_min/σ_max reaches far below
/// the spread of the entries (1e-25 for float with decades = 4, 1e-150…1e-220 for double with
/// decades = 40), which is what pushes dqds's squares out of a type's normal range.
template <class T>
bidiagonal<T> random_decades(std::size_t n, double decades, rng_t& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto entry = [&] {
        const double x = std::pow(10.0, decades * (2 * unit(rng) - 1));
        return static_cast<T>(unit(rng) < 0.5 ? -x : x);
    };
    bidiagonal<T> b;
    for (std::size_t i = 0; i < n; ++i) b.d.push_back(entry());
    for (std::size_t i = 0; i + 1 < n; ++i) b.e.push_back(entry());
    return b;
}

/// The worst relative-error ratios over `trials` random_decades bidiagonals (n = 5 + trial % spread)
/// of the public bidiagonal_singular_values, each also CHECKed against the bound, and of raw dqds
/// in T (dqds_values above) on the same data. `each` sees every bidiagonal before that.
template <class T, class Each>
std::pair<long double, long double> public_and_raw_dqds(double decades, int trials, std::size_t spread, rng_t& rng,
                                                        Each each) {
    long double worst_public = 0, worst_raw = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const std::size_t n = 5 + static_cast<std::size_t>(trial) % spread;
        const bidiagonal<T> b = random_decades<T>(n, decades, rng);
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
    const bidiagonal<double> b = make_bidiagonal<double>(kind::chi, 64, 6);
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
