// Tests include/svdkit/svd.hpp and include/svdkit/bidiagonal_svd.hpp on special matrices:
// prescribed spectra (graded, clustered, repeated, rank-deficient, zero), 1×1, Kahan and Hilbert
// matrices against Eigen's JacobiSVD, graded bidiagonals to high relative accuracy, inputs scaled
// to the edges of the exponent range, subnormal entries, and entries near overflow.
#include <catch2/catch.hpp>

#include <cmath>    // std::ldexp, std::abs, std::isfinite, std::pow
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <random>   // std::uniform_real_distribution, std::bernoulli_distribution
#include <string>   // std::string
#include <type_traits>  // std::is_same
#include <vector>   // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/svdkit.hpp>

#include "bidiagonal_reference.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// Runs svd(a, thin) and checks the backward-stability properties every result must have:
/// sorted non-negative finite values, finite vectors, reconstruction and orthogonality. Notes the
/// ratios for the report under `where`. Returns the result. `floor`: see reconstruction_ratio().
template <class T>
svdkit::svd_result<T> check_stable_svd(const dense<T>& a, const std::string& where, long double floor = 0) {
    const std::size_t m = sz(a.rows()), n = sz(a.cols());
    INFO(type_name<T>() << ", " << where << ", " << shape_label(m, n));
    const svdkit::svd_result<T> r = svdkit::svd(to_svdkit(a));
    REQUIRE(r.s.size() == std::min(m, n));
    CHECK(sorted_non_negative(r.s));
    CHECK(all_finite(r.u));
    CHECK(all_finite(r.v));
    const dense_svd<T> rd = to_dense_svd(r);
    const long double recon = reconstruction_ratio(a, rd.u, rd.s, rd.v, floor);
    INFO("reconstruction ratio = " << static_cast<double>(recon) << " (bound "
                                   << static_cast<double>(reconstruction_bound(m, n)) << ")");
    CHECK(recon <= reconstruction_bound(m, n));
    const long double orth_u = orthogonality_ratio(rd.u), orth_v = orthogonality_ratio(rd.v);
    INFO("orthogonality ratios: U " << static_cast<double>(orth_u) << ", V " << static_cast<double>(orth_v));
    CHECK(orth_u <= orthogonality_bound);
    CHECK(orth_v <= orthogonality_bound);
    note_ratio("svdkit", type_name<T>(), "reconstruction", recon, where);
    note_ratio("svdkit", type_name<T>(), "orthogonality U", orth_u, where);
    note_ratio("svdkit", type_name<T>(), "orthogonality V", orth_v, where);
    return r;
}

/// The same measurements on Eigen's BDCSVD, for the report only.
template <class T>
void note_eigen(const dense<T>& a, const std::vector<long double>& reference, const std::string& where) {
    const dense_svd<T> e = eigen_bdcsvd(a, svdkit::vectors::thin);
    note_ratio("Eigen BDCSVD", type_name<T>(), "reconstruction", reconstruction_ratio(a, e.u, e.s, e.v), where);
    note_ratio("Eigen BDCSVD", type_name<T>(), "orthogonality U", orthogonality_ratio(e.u), where);
    note_ratio("Eigen BDCSVD", type_name<T>(), "orthogonality V", orthogonality_ratio(e.v), where);
    note_ratio("Eigen BDCSVD", type_name<T>(), "value error vs oracle",
               value_error_ratio(e.s, reference, sz(a.rows()), sz(a.cols())), where);
}

template <class T>
void check_values(const std::vector<T>& s, const std::vector<long double>& reference, std::size_t m, std::size_t n,
                  long double bound, const std::string& where, long double floor = 0) {
    const long double err = value_error_ratio(s, reference, m, n, floor);
    INFO("value error ratio = " << static_cast<double>(err) << " (bound " << static_cast<double>(bound) << ")");
    CHECK(err <= bound);
    note_ratio("svdkit", type_name<T>(), "value error vs oracle", err, where);
}

}  // namespace

TEMPLATE_TEST_CASE("svd: prescribed spectra with random orthogonal factors", "[svd][special][spectra]", float, double,
                   long double) {
    using T = TestType;
    struct shape {
        std::size_t m, n;
    };
    const shape sh = GENERATE(shape{40, 25}, shape{25, 40}, shape{30, 30});
    const std::size_t k = std::min(sh.m, sh.n);
    struct named_spectrum {
        const char* name;
        std::vector<long double> sigma;
    };
    const named_spectrum spec = GENERATE_COPY(
        named_spectrum{"graded 1..1e-15", spectra::geometric(k, 1.0L, 1e-15L)},
        named_spectrum{"graded 1e+8..1e-8", spectra::geometric(k, 1e8L, 1e-8L)},
        named_spectrum{"clustered (width 1e-6)", spectra::clustered(k, 1e-6L)},
        named_spectrum{"repeated", spectra::repeated(k)},
        named_spectrum{"rank k/2", spectra::rank_deficient(k, k / 2)},
        named_spectrum{"rank 1", spectra::rank_deficient(k, 1)},
        named_spectrum{"zero", std::vector<long double>(k, 0.0L)});
    const std::string where = std::string(spec.name) + " " + shape_label(sh.m, sh.n);
    rng_t rng(seed_of(sh.m, sh.n, 77));
    const known_matrix<T> km = with_singular_values<T>(sh.m, sh.n, spec.sigma, rng);

    const svdkit::svd_result<T> r = check_stable_svd(km.a, where);
    check_values(r.s, km.sigma, sh.m, sh.n, known_value_error_bound(sh.m, sh.n), where + " vs built");
    check_values(r.s, oracle_values(km.a), sh.m, sh.n, value_error_bound(sh.m, sh.n), where);
    note_eigen(km.a, oracle_values(km.a), where);

    if (std::string(spec.name) == "zero") {
        // A backward-stable answer for A = 0 is exact: ‖E‖ <= c·ε·‖A‖ = 0.
        for (const T x : r.s) CHECK(x == T(0));
    }
}

TEMPLATE_TEST_CASE("svd: 1x1 matrices give |a| with unit singular vectors", "[svd][special]", float, double,
                   long double) {
    using T = TestType;
    const T lim = std::numeric_limits<T>::max();
    const T x = GENERATE_COPY(T(-3), T(2.5), T(-0.0), T(0), std::numeric_limits<T>::denorm_min(),
                              -std::numeric_limits<T>::min(), -lim, lim / T(3));
    INFO(type_name<T>() << ", a = " << static_cast<long double>(x));
    svdkit::matrix<T> a(1, 1);
    a(0, 0) = x;
    const svdkit::svd_result<T> r = svdkit::svd(a);
    REQUIRE(r.s.size() == 1);
    REQUIRE(r.u.rows() == 1);
    REQUIRE(r.u.cols() == 1);
    REQUIRE(r.v.rows() == 1);
    REQUIRE(r.v.cols() == 1);
    // σ = |a| up to one rounding (a 1×1 needs no arithmetic at all; scaling is by powers of two).
    CHECK(std::abs(static_cast<long double>(r.s[0]) - std::abs(static_cast<long double>(x))) <=
          eps<T>() * std::abs(static_cast<long double>(x)));
    CHECK(r.s[0] >= T(0));
    CHECK(std::abs(std::abs(static_cast<long double>(r.u(0, 0))) - 1) <= eps<T>());
    CHECK(std::abs(std::abs(static_cast<long double>(r.v(0, 0))) - 1) <= eps<T>());
    // u·σ·v reproduces a, sign included.
    const long double back = static_cast<long double>(r.u(0, 0)) * static_cast<long double>(r.s[0]) *
                             static_cast<long double>(r.v(0, 0));
    CHECK(std::abs(back - static_cast<long double>(x)) <= 2 * eps<T>() * std::abs(static_cast<long double>(x)));
    const svdkit::svd_result<T> f = svdkit::svd(a, svdkit::vectors::full);
    CHECK(identical(f.s, r.s));
    CHECK(identical(svdkit::singular_values(a), r.s));
}

TEMPLATE_TEST_CASE("svd: Kahan and Hilbert matrices agree with Eigen's JacobiSVD", "[svd][special][classic]", float,
                   double, long double) {
    using T = TestType;
    struct named {
        std::string name;
        dense<T> a;
    };
    const named in = GENERATE(map([](int which) -> named {
        switch (which) {
            case 0: return {"Kahan n=50 theta=1.2", kahan<T>(50, 1.2L)};
            case 1: return {"Kahan n=100 theta=1.2", kahan<T>(100, 1.2L)};
            case 2: return {"Kahan n=80 theta=0.5", kahan<T>(80, 0.5L)};
            case 3: return {"Hilbert n=8", hilbert<T>(8)};
            default: return {"Hilbert n=12", hilbert<T>(12)};
        }
    }, range(0, 5)));
    const std::size_t n = sz(in.a.rows());
    const svdkit::svd_result<T> r = check_stable_svd(in.a, in.name);
    const std::vector<long double> reference = jacobi_values(in.a);
    check_values(r.s, reference, n, n, value_error_bound(n, n), in.name);
    note_eigen(in.a, reference, in.name);
}

// ---------------------------------------------------------------------------------------------
// Bidiagonals: every singular value to high relative accuracy, against bisection in ~113 bits.

namespace {

struct bidiagonal_case {
    std::string name;
    std::vector<long double> d, e;
};

/// Graded and otherwise hard bidiagonals, all with values representable in float (>= 1e-30).
std::vector<bidiagonal_case> bidiagonal_cases() {
    std::vector<bidiagonal_case> cases;
    const std::size_t n = 20;
    auto p10 = [](long double k) { return std::pow(10.0L, k); };
    {
        bidiagonal_case c{"graded down: d_i = e_i = 10^-i", {}, {}};
        for (std::size_t i = 0; i < n; ++i) c.d.push_back(p10(-static_cast<long double>(i)));
        for (std::size_t i = 0; i + 1 < n; ++i) c.e.push_back(p10(-static_cast<long double>(i)));
        cases.push_back(c);
    }
    {
        bidiagonal_case c{"graded up: d_i = 10^-(n-1-i), e_i = 10^-(n-2-i)", {}, {}};
        for (std::size_t i = 0; i < n; ++i) c.d.push_back(p10(-static_cast<long double>(n - 1 - i)));
        for (std::size_t i = 0; i + 1 < n; ++i) c.e.push_back(p10(-static_cast<long double>(n - 2 - i)));
        cases.push_back(c);
    }
    {
        // Superdiagonal larger than the diagonal: sigma_min ~ 2^-(n-1) is ill-conditioned normwise.
        bidiagonal_case c{"d_i = 1, e_i = 2 (tiny sigma_min), n = 40", {}, {}};
        for (std::size_t i = 0; i < 40; ++i) c.d.push_back(1.0L);
        for (std::size_t i = 0; i + 1 < 40; ++i) c.e.push_back(2.0L);
        cases.push_back(c);
    }
    {
        bidiagonal_case c{"alternating: d = 1, 1e-8, 1, ...; e = 1", {}, {}};
        for (std::size_t i = 0; i < n; ++i) c.d.push_back(i % 2 == 0 ? 1.0L : 1e-8L);
        for (std::size_t i = 0; i + 1 < n; ++i) c.e.push_back(1.0L);
        cases.push_back(c);
    }
    {
        bidiagonal_case c{"random magnitudes 10^U(-12, 0), random signs", {}, {}};
        rng_t rng(20260101);
        std::uniform_real_distribution<double> ex(-12.0, 0.0);
        std::bernoulli_distribution neg(0.5);
        for (std::size_t i = 0; i < 30; ++i) c.d.push_back((neg(rng) ? -1 : 1) * p10(ex(rng)));
        for (std::size_t i = 0; i + 1 < 30; ++i) c.e.push_back((neg(rng) ? -1 : 1) * p10(ex(rng)));
        cases.push_back(c);
    }
    return cases;
}

}  // namespace

TEMPLATE_TEST_CASE("bidiagonal: graded bidiagonals give every singular value to high relative accuracy",
                   "[bidiagonal][special][relative]", float, double, long double) {
    using T = TestType;
    const bidiagonal_case c = GENERATE(from_range(bidiagonal_cases()));
    const std::size_t n = c.d.size();
    INFO(type_name<T>() << ", " << c.name << ", n = " << n);
    // The matrix as T holds it: the reference is computed on exactly these (rounded) entries.
    std::vector<T> d, e;
    for (const long double x : c.d) d.push_back(static_cast<T>(x));
    for (const long double x : c.e) e.push_back(static_cast<T>(x));
    const std::vector<long double> reference =
        bidiagonal_reference_values(std::vector<long double>(d.begin(), d.end()), std::vector<long double>(e.begin(), e.end()));
    INFO("reference sigma_max = " << static_cast<double>(reference.front())
                                  << ", sigma_min = " << static_cast<double>(reference.back()));
    const long double bound = bidiagonal_relative_bound(n);
    const long double floor = bidiagonal_underflow_floor<T>(n);

    const std::vector<T> s = svdkit::bidiagonal_singular_values(d, e);
    const long double rel = relative_error_ratio(s, reference, floor);
    INFO("bidiagonal_singular_values: relative error / eps = " << static_cast<double>(rel) << " (bound "
                                                              << static_cast<double>(bound) << ")");
    CHECK(rel <= bound);
    note_ratio("svdkit", type_name<T>(), "bidiagonal relative", rel, c.name);

    // The same matrix, dense, through svd(): bidiagonalization leaves a bidiagonal as it is, so
    // the relative accuracy carries over.
    const dense<T> b = upper_bidiagonal(d, e);
    const svdkit::svd_result<T> r = check_stable_svd(b, c.name);
    const long double rel_dense = relative_error_ratio(r.s, reference, floor);
    INFO("svd(dense B): relative error / eps = " << static_cast<double>(rel_dense));
    CHECK(rel_dense <= bound);
    note_ratio("svdkit", type_name<T>(), "bidiagonal relative", rel_dense, "dense " + c.name);

    // Eigen's BDCSVD for comparison (it promises no relative accuracy; reported, not checked).
    const dense_svd<T> eb = eigen_bdcsvd(b, svdkit::vectors::none);
    note_ratio("Eigen BDCSVD", type_name<T>(), "bidiagonal relative", relative_error_ratio(eb.s, reference, floor),
               "dense " + c.name);
}

// ---------------------------------------------------------------------------------------------
// Scaling: the exponent range's edges.

namespace {

/// An m×n matrix with entries ±[1/2, 1)·2^(−p), p the smallest power of two with √(mn) <= 2^p,
/// so ‖A‖_F <= 1 and every entry is within a factor 2^(p+1) of the largest: multiplying it by any
/// 2^k that keeps the entries normal is exact.
template <class T>
dense<T> bounded_entries(std::size_t m, std::size_t n, rng_t& rng) {
    std::uniform_real_distribution<double> mag(0.5, 1.0);
    std::bernoulli_distribution neg(0.5);
    int p = 0;
    while (std::ldexp(1.0L, 2 * p) < static_cast<long double>(m * n)) ++p;
    dense<T> a(ix(m), ix(n));
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i)
            a(i, j) = std::ldexp(static_cast<T>(neg(rng) ? -mag(rng) : mag(rng)), -p);
    return a;
}

}  // namespace

TEMPLATE_TEST_CASE("svd: inputs scaled near underflow and overflow give the unscaled answer scaled",
                   "[svd][special][scaling]", float, double, long double) {
    using T = TestType;
    using lim = std::numeric_limits<T>;
    struct shape {
        std::size_t m, n;
    };
    const shape sh = GENERATE(shape{12, 8}, shape{8, 12}, shape{30, 30});
    // Powers of two, so scaling is exact: near the smallest normal (entries stay normal: the
    // smallest is >= 2^(−p−1)·2^k), about 1e∓300 for double, and near the largest value
    // (σ_1 <= ‖A‖_F <= 2^k stays finite).
    int p = 0;
    while (std::ldexp(1.0L, 2 * p) < static_cast<long double>(sh.m * sh.n)) ++p;
    const int k = GENERATE_COPY(lim::min_exponent + p, -997, 997, lim::max_exponent - 1);
    if ((k == -997 || k == 997) && !std::is_same<T, double>::value) return;  // the 1e∓300 cases are double's
    const std::string where = "scaled by 2^" + std::to_string(k) + " " + shape_label(sh.m, sh.n);
    INFO(type_name<T>() << ", " << where);

    rng_t rng(seed_of(sh.m, sh.n, 5));
    const dense<T> a = bounded_entries<T>(sh.m, sh.n, rng);
    dense<T> scaled = a;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
            scaled(i, j) = std::ldexp(a(i, j), k);
            REQUIRE(std::isnormal(scaled(i, j)));  // the test's premise: the scaled input is exact
        }

    const svdkit::svd_result<T> base = check_stable_svd(a, "unscaled " + shape_label(sh.m, sh.n));
    const svdkit::svd_result<T> r = check_stable_svd(scaled, where);
    std::vector<long double> unscaled;  // σ of the scaled run, scaled back exactly in long double
    for (const T x : r.s) unscaled.push_back(std::ldexp(static_cast<long double>(x), -k));
    // Both runs are within value_error_bound of the same exact σ (the inputs differ by 2^k exactly).
    std::vector<T> base_s = base.s;
    const long double diff = value_error_ratio(base_s, unscaled, sh.m, sh.n);
    INFO("scaled vs unscaled run: value error ratio = " << static_cast<double>(diff));
    CHECK(diff <= 2 * value_error_bound(sh.m, sh.n));
    check_values(r.s, oracle_values(scaled), sh.m, sh.n, value_error_bound(sh.m, sh.n), where);
}

TEMPLATE_TEST_CASE("svd: subnormal entries", "[svd][special][subnormal]", float, double, long double) {
    using T = TestType;
    const T tiny = std::numeric_limits<T>::denorm_min();
    rng_t rng(4242);
    std::uniform_int_distribution<int> small_int(1, 1000);

    SECTION("a normal matrix with a quarter of its entries subnormal") {
        dense<T> a = gaussian<T>(20, 15, rng);
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            for (Eigen::Index i = (j % 4); i < a.rows(); i += 4) a(i, j) = static_cast<T>(small_int(rng)) * tiny;
        const svdkit::svd_result<T> r = check_stable_svd(a, "quarter subnormal 20x15");
        check_values(r.s, oracle_values(a), 20, 15, value_error_bound(20, 15), "quarter subnormal 20x15");
    }
    SECTION("every entry subnormal") {
        dense<T> a(9, 7);
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            for (Eigen::Index i = 0; i < a.rows(); ++i)
                a(i, j) = static_cast<T>(small_int(rng) * ((i + j) % 3 == 0 ? -1 : 1)) * tiny;
        // The singular values are subnormal too, so they can only be multiples of denorm_min:
        // rounding to those costs up to denorm_min/2 each (√7·denorm_min/2 in U·Σ·Vᵀ), far
        // more than ε·σ_1. That much is not counted; everything beyond it is.
        const long double d = static_cast<long double>(tiny);
        const svdkit::svd_result<T> r = check_stable_svd(a, "all subnormal 9x7", std::sqrt(7.0L) * d);
        REQUIRE(r.s[0] > T(0));
        check_values(r.s, oracle_values(a), 9, 7, value_error_bound(9, 7), "all subnormal 9x7", d);
    }
}

TEMPLATE_TEST_CASE("svd: a few entries near overflow among entries of order 1", "[svd][special][overflow]", float,
                   double, long double) {
    using T = TestType;
    rng_t rng(99);
    dense<T> a = gaussian<T>(10, 8, rng);
    const T big = std::numeric_limits<T>::max() / T(8);  // σ_1 <= ‖A‖_F <= √3·max/8 + small: finite
    a(0, 0) = big;
    a(3, 5) = -big;
    a(9, 7) = big / T(2);
    const svdkit::svd_result<T> r = check_stable_svd(a, "3 entries near overflow 10x8");
    REQUIRE(std::isfinite(r.s[0]));
    check_values(r.s, oracle_values(a), 10, 8, value_error_bound(10, 8), "3 entries near overflow 10x8");
}
