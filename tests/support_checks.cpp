// Tests tests/support/: the generators and the bidiagonal reference are checked against Eigen and
// against closed forms, so that a wrong reference cannot make the svdkit tests pass or fail.
#include <catch2/catch.hpp>

#include <cmath>    // std::abs, std::acos, std::cos, std::pow, std::sin
#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include "bidiagonal_reference.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "one_sided_jacobi.hpp"

using namespace svdkit_test;

TEST_CASE("support: random_orthonormal has orthonormal columns", "[support]") {
    rng_t rng(1);
    for (const auto& mk : std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {10, 3}, {50, 50}, {300, 20}}) {
        const dense<long double> q = random_orthonormal<long double>(mk.first, mk.second, rng);
        REQUIRE(sz(q.rows()) == mk.first);
        REQUIRE(sz(q.cols()) == mk.second);
        const long double orth = orthogonality_ratio(q);
        INFO(shape_label(mk.first, mk.second) << ": orthogonality ratio " << static_cast<double>(orth));
        CHECK(orth <= 10);
    }
}

TEST_CASE("support: with_singular_values builds a matrix with the requested singular values", "[support]") {
    rng_t rng(2);
    const std::vector<long double> sigma = spectra::geometric(12, 1.0L, 1e-10L);
    const known_matrix<double> km = with_singular_values<double>(30, 12, sigma, rng);
    const std::vector<long double> got = jacobi_values(km.a);
    const long double err = value_error_ratio(std::vector<double>(got.begin(), got.end()), sigma, 30, 12);
    INFO("value error ratio of the built matrix " << static_cast<double>(err));
    CHECK(err <= 1);
    // A wide one too, and the spectra have the documented shapes.
    const known_matrix<float> wide = with_singular_values<float>(4, 9, {3, 2, 1, 0}, rng);
    CHECK(wide.a.rows() == 4);
    CHECK(wide.a.cols() == 9);
    CHECK(spectra::rank_deficient(10, 4)[4] == 0);
    CHECK(spectra::rank_deficient(10, 4)[3] > 0);
    CHECK(spectra::repeated(9)[0] == spectra::repeated(9)[2]);
    const std::vector<long double> g = spectra::geometric(5, 1.0L, 1e-4L);
    CHECK(std::abs(g[4] - 1e-4L) <= 1e-18L);
    CHECK(std::abs(g[1] - 1e-1L) <= 1e-18L);
}

TEST_CASE("support: Kahan and Hilbert matrices", "[support]") {
    const dense<double> k = kahan<double>(4, 1.2L);
    CHECK(k(0, 0) == 1.0);
    CHECK(k(1, 0) == 0.0);
    CHECK(std::abs(k(0, 3) + std::cos(1.2)) <= 1e-15);
    CHECK(std::abs(k(2, 2) - std::sin(1.2) * std::sin(1.2)) <= 1e-15);
    const dense<double> h = hilbert<double>(3);
    CHECK(h(0, 0) == 1.0);
    CHECK(h(1, 2) == 0.25);
    CHECK(h(2, 1) == 0.25);
}

TEST_CASE("support: the bidiagonal reference matches closed forms", "[support][reference]") {
    SECTION("diagonal: |d| sorted") {
        const std::vector<long double> s = bidiagonal_reference_values({-3, 1e-30L, 7, 0}, {0, 0, 0});
        REQUIRE(s.size() == 4);
        CHECK(s[0] == 7);  // exact: the count at x = σ includes σ, so bisection lands on it
        CHECK(s[1] == 3);
        CHECK(std::abs(s[2] - 1e-30L) <= 1e-48L);
        CHECK(s[3] == 0);
    }
    SECTION("2x2: sigma_1·sigma_2 = |d0·d1|, sigma_1² + sigma_2² = d0² + e0² + d1²") {
        const std::vector<long double> s = bidiagonal_reference_values({2, 1e-9L}, {3});
        CHECK(std::abs(s[0] * s[1] - 2e-9L) <= 4 * eps<long double>() * 2e-9L);
        CHECK(std::abs(s[0] * s[0] + s[1] * s[1] - (13 + 1e-18L)) <= 4 * eps<long double>() * 13);
    }
    SECTION("ones on both diagonals: sigma_k = 2cos(k·pi/(2n+1))") {
        const std::size_t n = 25;
        const std::vector<long double> s =
            bidiagonal_reference_values(std::vector<long double>(n, 1), std::vector<long double>(n - 1, 1));
        const long double pi = std::acos(-1.0L);
        for (std::size_t k = 1; k <= n; ++k) {
            // 2cos(kπ/(2n+1)) written as 2sin((2n+1−2k)π/(2(2n+1))): no cancellation for k near n.
            const long double exact =
                2 * std::sin(static_cast<long double>(2 * n + 1 - 2 * k) * pi / static_cast<long double>(2 * (2 * n + 1)));
            INFO("k = " << k);
            CHECK(std::abs(s[k - 1] - exact) <= 8 * eps<long double>() * exact);
        }
    }
}

TEST_CASE("support: the bidiagonal reference agrees with one-sided Jacobi and with Eigen", "[support][reference]") {
    // On a graded bidiagonal with a well-conditioned column scaling (B = C·D, C = I + N/4),
    // one-sided Jacobi is itself relatively accurate (Demmel–Veselić 1992), so the two must agree
    // far below double's ε for every value, the smallest (1e-17) included.
    const std::size_t n = 18;
    std::vector<long double> d, e;
    for (std::size_t i = 0; i < n; ++i) d.push_back(std::pow(10.0L, -static_cast<long double>(i)));
    for (std::size_t i = 0; i + 1 < n; ++i) e.push_back(0.25L * std::pow(10.0L, -static_cast<long double>(i + 1)));
    const std::vector<long double> ref = bidiagonal_reference_values(d, e);
    const std::vector<long double> jac = one_sided_jacobi_values(upper_bidiagonal(d, e));
    REQUIRE(ref.size() == jac.size());
    const long double rel = relative_error_ratio(jac, ref);
    INFO("max relative difference / eps(long double) = " << static_cast<double>(rel));
    CHECK(rel <= 100);  // 100·eps(long double) ≈ 1e-17 ≈ 0.05·eps(double)

    // On random (ungraded) bidiagonals, it agrees with Eigen's JacobiSVD normwise, to within
    // Jacobi's own O(n·ε) error.
    rng_t rng(3);
    std::normal_distribution<double> normal;
    for (int trial = 0; trial < 5; ++trial) {
        std::vector<long double> dr, er;
        for (std::size_t i = 0; i < 30; ++i) dr.push_back(normal(rng));
        for (std::size_t i = 0; i + 1 < 30; ++i) er.push_back(normal(rng));
        const std::vector<long double> r2 = bidiagonal_reference_values(dr, er);
        const std::vector<long double> j2 = jacobi_values(upper_bidiagonal(dr, er));
        const long double err = value_error_ratio(std::vector<long double>(j2.begin(), j2.end()), r2, 30, 30);
        INFO("trial " << trial << ": normwise ratio " << static_cast<double>(err));
        CHECK(err <= 10);
    }
}
