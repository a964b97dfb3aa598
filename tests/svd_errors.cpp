// Tests the error contract of include/svdkit/svd.hpp, matrix.hpp and errors.hpp: NaN/±Inf input,
// empty input, negative dimensions, ragged initializer lists, make_view size mismatches,
// non-convergence of the bidiagonal QR (through its test hook), and determinism.
#include <catch2/catch.hpp>

#include <cmath>      // std::isnan
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::domain_error, std::runtime_error
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/svdkit.hpp>

#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"

using namespace svdkit_test;

namespace {

template <class T>
svdkit::matrix<T> random_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
    rng_t rng(seed);
    return to_svdkit(gaussian<T>(m, n, rng));
}

/// Calls f(), which must throw svdkit::non_finite_input naming (row, col) through row(), col()
/// and what(); also checks that it is catchable as std::domain_error.
template <class F>
void require_non_finite_at(F&& f, std::size_t row, std::size_t col) {
    const std::string where = "(" + std::to_string(row) + ", " + std::to_string(col) + ") (row, column, counted from 0)";
    INFO("expected the first non-finite entry at " << where);
    bool thrown = false;
    try {
        f();
    } catch (const svdkit::non_finite_input& e) {
        thrown = true;
        INFO("what(): " << e.what());
        CHECK(e.row() == row);
        CHECK(e.col() == col);
        CHECK(std::string(e.what()).find(where) != std::string::npos);
        const std::domain_error& base = e;  // the documented base class
        CHECK(std::string(base.what()) == e.what());
    }
    CHECK(thrown);
}

const char* job_name(svdkit::vectors job) {
    return job == svdkit::vectors::thin ? "thin" : job == svdkit::vectors::full ? "full" : "none";
}

}  // namespace

TEMPLATE_TEST_CASE("errors: a NaN or infinity is reported at its (row, col) and the input is untouched",
                   "[errors][nonfinite]", float, double, long double) {
    using T = TestType;
    const T bad = GENERATE(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                           -std::numeric_limits<T>::infinity());
    const svdkit::vectors job = GENERATE(svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none);
    INFO(type_name<T>() << ", bad value " << static_cast<long double>(bad) << ", job " << job_name(job));

    SECTION("one bad entry, every position of a 4x3 and a 3x4 matrix") {
        for (const auto& shape : std::vector<std::pair<std::size_t, std::size_t>>{{4, 3}, {3, 4}}) {
            for (std::size_t i = 0; i < shape.first; ++i)
                for (std::size_t j = 0; j < shape.second; ++j) {
                    svdkit::matrix<T> a = random_matrix<T>(shape.first, shape.second, 11);
                    a(i, j) = bad;
                    const svdkit::matrix<T> copy = a;
                    require_non_finite_at([&] { (void)svdkit::svd(a, job); }, i, j);
                    require_non_finite_at([&] { (void)svdkit::singular_values(a); }, i, j);
                    CHECK(identical(a, copy));
                }
        }
    }
    SECTION("two bad entries: the first in row-major order wins, not the first in storage order") {
        svdkit::matrix<T> a = random_matrix<T>(4, 3, 12);
        a(2, 0) = std::numeric_limits<T>::quiet_NaN();  // storage (column-major) order: index 2
        a(1, 2) = bad;                                  // row-major order: (1, 2) comes first
        const svdkit::matrix<T> copy = a;
        require_non_finite_at([&] { (void)svdkit::svd(a, job); }, 1, 2);
        CHECK(identical(a, copy));
    }
    SECTION("through views: (row, col) of the view, not of the buffer") {
        // A 3×4 row-major buffer with the bad value at view entry (2, 1).
        std::vector<T> buf(12, T(1));
        buf[2 * 4 + 1] = bad;
        const std::vector<T> copy = buf;
        const auto v = svdkit::make_view(buf, 3, 4, svdkit::layout::row_major);
        require_non_finite_at([&] { (void)svdkit::svd(v, job); }, 2, 1);
        // Its transpose (4×3) has it at (1, 2).
        require_non_finite_at([&] { (void)svdkit::svd(v.transpose(), job); }, 1, 2);
        // A block starting at (1, 1) has it at (1, 0).
        require_non_finite_at([&] { (void)svdkit::svd(v.block(1, 1, 2, 3), job); }, 1, 0);
        CHECK(identical(buf, copy));
    }
}

TEMPLATE_TEST_CASE("errors: empty inputs give k = 0 and identity/empty bases", "[errors][empty]", float, double,
                   long double) {
    using T = TestType;
    const std::size_t m = GENERATE(0u, 5u);
    const std::size_t n = GENERATE(0u, 5u);
    if (m != 0 && n != 0) return;  // only 0×0, 0×5, 5×0
    const svdkit::vectors job = GENERATE(svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none);
    INFO(type_name<T>() << ", " << shape_label(m, n) << ", job " << job_name(job));
    const svdkit::matrix<T> a(m, n);
    svdkit::svd_result<T> r;
    REQUIRE_NOTHROW(r = svdkit::svd(a, job));
    CHECK(r.s.empty());
    CHECK(svdkit::singular_values(a).empty());
    if (job == svdkit::vectors::thin) {
        CHECK(r.u.rows() == m);
        CHECK(r.u.cols() == 0);
        CHECK(r.v.rows() == n);
        CHECK(r.v.cols() == 0);
    } else if (job == svdkit::vectors::full) {
        CHECK(r.u == svdkit::matrix<T>::identity(m));
        CHECK(r.v == svdkit::matrix<T>::identity(n));
    } else {
        CHECK(r.u.rows() == 0);
        CHECK(r.u.cols() == 0);
        CHECK(r.v.rows() == 0);
        CHECK(r.v.cols() == 0);
    }
    // The same through an empty view.
    const svdkit::matrix_view<const T> v(a.data(), m, n);
    const svdkit::svd_result<T> rv = svdkit::svd(v, job);
    CHECK(rv.s.empty());
    CHECK(rv.u == r.u);
    CHECK(rv.v == r.v);
}

TEST_CASE("errors: negative dimensions throw std::invalid_argument naming the value", "[errors][dims]") {
    using Catch::Matchers::Contains;
    const double buf[6] = {1, 2, 3, 4, 5, 6};
    CHECK_THROWS_AS(svdkit::matrix<double>(-1, 2), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<double>(-1, 2), Contains("-1"));
    CHECK_THROWS_AS(svdkit::matrix<double>(2, -7), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<double>(2, -7), Contains("-7"));
    CHECK_THROWS_AS(svdkit::matrix<float>(-4, -5), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<float>(-4, -5), Contains("-4"));
    CHECK_THROWS_AS(svdkit::matrix<long double>(3L, -2L, 1.0L), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<long double>(3L, -2L, 1.0L), Contains("-2"));
    CHECK_THROWS_AS(svdkit::matrix_view<const double>(buf, -3, 2, 1, 3), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<const double>(buf, -3, 2, 1, 3), Contains("-3"));
    CHECK_THROWS_AS(svdkit::matrix_view<const double>(buf, 2, -9, 1, 2), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<const double>(buf, 2, -9, 1, 2), Contains("-9"));
    CHECK_THROWS_AS(svdkit::matrix_view<const double>(buf, -6, 1, svdkit::layout::row_major), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<const double>(buf, -6, 1, svdkit::layout::row_major), Contains("-6"));
    CHECK_THROWS_AS(svdkit::matrix_view<const double>(buf, 1, -8), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<const double>(buf, 1, -8), Contains("-8"));
    std::vector<double> vec(6, 1.0);
    CHECK_THROWS_AS((void)svdkit::make_view(vec, -2, -3), std::invalid_argument);
    CHECK_THROWS_WITH((void)svdkit::make_view(vec, -2, -3), Contains("-2"));
}

TEST_CASE("errors: a ragged initializer list and a make_view size mismatch throw std::invalid_argument",
          "[errors][dims]") {
    CHECK_THROWS_AS((svdkit::matrix<double>{{1, 2}, {3}}), std::invalid_argument);
    CHECK_THROWS_AS((svdkit::matrix<double>{{1, 2}, {3, 4}, {5, 6, 7}}), std::invalid_argument);
    CHECK_NOTHROW((svdkit::matrix<double>{{1, 2}, {3, 4}, {5, 6}}));
    std::vector<double> five(5, 1.0);
    CHECK_THROWS_AS(svdkit::make_view(five, 2, 3), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::make_view(five, 3, 2, svdkit::layout::row_major), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::make_view(five, 1, 6), std::invalid_argument);
    CHECK_NOTHROW(svdkit::make_view(five, 5, 1));
    CHECK_NOTHROW(svdkit::make_view(five, 1, 5, svdkit::layout::row_major));
}

TEMPLATE_TEST_CASE("errors: the bidiagonal QR throws no_convergence past its step bound", "[errors][convergence]",
                   float, double, long double) {
    using T = TestType;
    // A bidiagonal that needs many sweeps: ones on both diagonals (its σ are 2cos(kπ/(2n+1)),
    // well spread, none negligible at the start).
    const std::size_t n = 20;
    const std::vector<T> d0(n, T(1)), e0(n - 1, T(1));

    SECTION("a bound of 1 inner step is exceeded: no_convergence, with converged() < total() = n") {
        std::vector<T> d = d0, e = e0;
        bool thrown = false;
        try {
            (void)svdkit::detail::bidiagonal_qr<T>(d, e, nullptr, nullptr, 1);
        } catch (const svdkit::no_convergence& ex) {
            thrown = true;
            INFO("what(): " << ex.what());
            CHECK(ex.total() == n);
            CHECK(ex.converged() < ex.total());
            const std::runtime_error& base = ex;  // the documented base class
            CHECK(std::string(base.what()).find(std::to_string(n)) != std::string::npos);
        }
        CHECK(thrown);
    }
    SECTION("the default bound 6n^2 is enough, and the hook reports how many steps it used") {
        std::vector<T> d = d0, e = e0;
        svdkit::matrix<T> u = svdkit::matrix<T>::identity(n), v = svdkit::matrix<T>::identity(n);
        const std::size_t steps = svdkit::detail::bidiagonal_qr<T>(d, e, &u, &v, 6 * n * n);
        INFO("inner steps used: " << steps);
        CHECK(steps > 1);  // so the bound of 1 above really was too small
        CHECK(steps <= 6 * n * n);
        for (const T x : e) CHECK(x == T(0));
        CHECK(sorted_non_negative(d));
    }
}

TEMPLATE_TEST_CASE("errors: svd is deterministic bit for bit", "[errors][determinism]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a = random_matrix<T>(37, 23, 2024);
    for (const svdkit::vectors job : {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none}) {
        INFO("job " << job_name(job));
        const svdkit::svd_result<T> r1 = svdkit::svd(a, job);
        const svdkit::svd_result<T> r2 = svdkit::svd(a, job);
        CHECK(identical(r1.s, r2.s));
        CHECK(identical(r1.u, r2.u));
        CHECK(identical(r1.v, r2.v));
    }
    const svdkit::matrix<T> w = a.transpose();
    CHECK(identical(svdkit::singular_values(w), svdkit::singular_values(w)));
}
