// Tests svd_update (issue 19, part 3): a thin SVD after rows or columns are appended (Brand 2006).
//
// What it promises, and what each test checks:
//  - from an exact thin SVD, the update is the SVD of the appended matrix: σ against svd() of the
//    whole within value_error_bound (twice: both are backward stable), U and V orthonormal within
//    orthogonality_bound, U·Σ·Vᵀ reconstructing the whole within reconstruction_bound; also after
//    twenty updates in a row (errors must not grow beyond the bounds) and for a block inside
//    span(U) (the residual is rounding only);
//  - from a truncated SVD (rank k), the 2-norm error against the appended matrix is at most
//    σ_{k+1}(whole) + 2·σ_{k+1}(X), plus rounding;
//  - errors: shapes that do not fit, a NaN, an SVD without vectors.
#include <catch2/catch.hpp>

#include <cmath>    // std::sqrt
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <vector>   // std::vector

#include <svdkit/svd_update.hpp>
#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using svdkit::append;
using svdkit::vectors;

namespace {

template <class T>
svdkit::matrix<T> columns_of(const svdkit::matrix<T>& a, std::size_t j0, std::size_t c) {
    svdkit::matrix<T> b(a.rows(), c);
    for (std::size_t j = 0; j < c; ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) b(i, j) = a(i, j0 + j);
    return b;
}

template <class T>
svdkit::matrix<T> rows_of(const svdkit::matrix<T>& a, std::size_t i0, std::size_t r) {
    svdkit::matrix<T> b(r, a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < r; ++i) b(i, j) = a(i0 + i, j);
    return b;
}

/// The update r of the whole matrix a, with all min(m, n) triplets: the checks of an exact SVD.
template <class T>
void check_exact(const svdkit::matrix<T>& a, const svdkit::svd_result<T>& r, const char* what) {
    const std::size_t m = a.rows(), n = a.cols(), k = std::min(m, n);
    REQUIRE(r.s.size() == k);
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    CHECK(sorted_non_negative(r.s));
    const std::vector<T> ref = svdkit::singular_values(a);
    const long double values = value_error_ratio(r.s, std::vector<long double>(ref.begin(), ref.end()), m, n);
    const dense<T> ad = to_dense<T>(a.view()), u = to_dense<T>(r.u.view()), v = to_dense<T>(r.v.view());
    const long double rec = reconstruction_ratio(ad, u, r.s, v);
    const long double ou = orthogonality_ratio(u), ov = orthogonality_ratio(v);
    note_ratio("svd_update", type_name<T>(), "values vs svd()", values, what);
    note_ratio("svd_update", type_name<T>(), "reconstruction", rec, what);
    note_ratio("svd_update", type_name<T>(), "orthogonality", std::max(ou, ov), what);
    CHECK(values <= 2 * value_error_bound(m, n));
    CHECK(rec <= reconstruction_bound(m, n));
    CHECK(ou <= orthogonality_bound);
    CHECK(ov <= orthogonality_bound);
}

}  // namespace

TEMPLATE_TEST_CASE("svd_update: from an exact SVD, columns and rows", "[svd_update][exact]", float, double,
                   long double) {
    using T = TestType;
    struct shape {
        std::size_t m, n, added;
    };
    for (const shape sh : {shape{60, 40, 7}, shape{40, 60, 7}, shape{50, 50, 1}, shape{30, 10, 25}, shape{10, 30, 25}}) {
        rng_t rng(seed_of(sh.m, sh.n, sh.added));
        for (const append side : {append::columns, append::rows}) {
            const bool rows = side == append::rows;
            const std::size_t wm = rows ? sh.m + sh.added : sh.m, wn = rows ? sh.n : sh.n + sh.added;
            const svdkit::matrix<T> whole = to_svdkit(gaussian<T>(wm, wn, rng));
            const svdkit::matrix<T> x = rows ? rows_of(whole, 0, sh.m) : columns_of(whole, 0, sh.n);
            const svdkit::matrix<T> block = rows ? rows_of(whole, sh.m, sh.added) : columns_of(whole, sh.n, sh.added);
            INFO(sh.m << "x" << sh.n << (rows ? " + rows " : " + columns ") << sh.added);
            svdkit::svd_update_options opts;
            opts.rank = std::min(wm, wn);
            check_exact(whole, svdkit::svd_update(svdkit::svd(x), block, side, opts), "one update");
            // the default keeps k = min(m, n) of x
            const svdkit::svd_result<T> kept = svdkit::svd_update(svdkit::svd(x), block, side);
            CHECK(kept.s.size() == std::min(sh.m, sh.n));
        }
    }
}

TEMPLATE_TEST_CASE("svd_update: twenty updates in a row stay an SVD", "[svd_update][sequence]", float, double,
                   long double) {
    using T = TestType;
    rng_t rng(seed_of(80, 60, 20));
    const svdkit::matrix<T> whole = to_svdkit(gaussian<T>(80, 60, rng));
    svdkit::svd_update_options opts;
    opts.rank = 60;
    // columns 0..20 first, then three at a time
    svdkit::svd_result<T> f = svdkit::svd(columns_of(whole, 0, 21));
    for (std::size_t j = 21; j < 60; j += 3) f = svdkit::svd_update(f, columns_of(whole, j, 3), append::columns, opts);
    check_exact(whole, f, "columns, 13 updates");
    // rows: 20 rows, then 3 at a time (20 updates)
    svdkit::svd_result<T> g = svdkit::svd(rows_of(whole, 0, 20));
    for (std::size_t i = 20; i < 80; i += 3) g = svdkit::svd_update(g, rows_of(whole, i, 3), append::rows, opts);
    check_exact(whole, g, "rows, 20 updates");
}

TEMPLATE_TEST_CASE("svd_update: a block inside the span, and an empty block", "[svd_update][span]", float, double,
                   long double) {
    using T = TestType;
    rng_t rng(seed_of(50, 20, 5));
    const svdkit::matrix<T> x = to_svdkit(gaussian<T>(50, 20, rng));
    const svdkit::matrix<T> w = to_svdkit(gaussian<T>(20, 4, rng));
    const svdkit::matrix<T> inside = svdkit::multiply(x, w);  // columns in span(U)
    svdkit::matrix<T> whole(50, 24);
    for (std::size_t j = 0; j < 24; ++j)
        for (std::size_t i = 0; i < 50; ++i) whole(i, j) = j < 20 ? x(i, j) : inside(i, j - 20);
    svdkit::svd_update_options opts;
    opts.rank = 24;
    const svdkit::svd_result<T> r = svdkit::svd_update(svdkit::svd(x), inside, append::columns, opts);
    const dense<T> u = to_dense<T>(r.u.view()), v = to_dense<T>(r.v.view());
    CHECK(reconstruction_ratio(to_dense<T>(whole.view()), u, r.s, v) <= reconstruction_bound(50, 24));
    CHECK(orthogonality_ratio(u) <= orthogonality_bound);
    CHECK(orthogonality_ratio(v) <= orthogonality_bound);
    for (std::size_t i = 20; i < 24; ++i)  // rank 20: four σ at rounding level
        CHECK(r.s[i] <= T(4) * value_error_bound(50, 24) * 50 * std::numeric_limits<T>::epsilon() * r.s[0]);
    // nothing appended: the same triplets
    const svdkit::svd_result<T> f = svdkit::svd(x);
    const svdkit::svd_result<T> same = svdkit::svd_update(f, svdkit::matrix<T>(50, 0), append::columns);
    check_exact(x, same, "empty block");
}

TEMPLATE_TEST_CASE("svd_update: from a truncated SVD, within the stated bound", "[svd_update][truncated]", float,
                   double, long double) {
    using T = TestType;
    rng_t rng(seed_of(120, 80, 10));
    const known_matrix<T> km = with_singular_values<T>(120, 90, spectra::geometric(90, 1.0L, 1e-3L), rng);
    const svdkit::matrix<T> whole = to_svdkit(km.a);
    const svdkit::matrix<T> x = columns_of(whole, 0, 80);
    const std::size_t k = 10;
    for (const std::size_t added : {std::size_t(1), std::size_t(10)}) {
        INFO("k = " << k << ", columns appended: " << added);
        const svdkit::matrix<T> part = columns_of(whole, 0, 80 + added);
        const svdkit::svd_result<T> r =
            svdkit::svd_update(svdkit::truncated_svd(x, k), columns_of(whole, 80, added), append::columns);
        REQUIRE(r.s.size() == k);
        svdkit::matrix<T> diff = svdkit::reconstruct(r);
        for (std::size_t i = 0; i < diff.size(); ++i) diff.data()[i] = part.data()[i] - diff.data()[i];
        const T err = svdkit::norm2(diff);
        const T bound = svdkit::singular_values(part)[k] + 2 * svdkit::singular_values(x)[k];
        const T rounding = T(reconstruction_bound(120, 90)) * 120 * std::numeric_limits<T>::epsilon();
        note_ratio("svd_update", type_name<T>(), "error / bound, trunc.", static_cast<long double>(err / bound),
                   "rank 10");
        CHECK(err <= bound * (1 + rounding));
    }
}

TEMPLATE_TEST_CASE("svd_update: errors", "[svd_update][errors]", float, double, long double) {
    using T = TestType;
    rng_t rng(seed_of(12, 8, 1));
    const svdkit::matrix<T> x = to_svdkit(gaussian<T>(12, 8, rng));
    const svdkit::svd_result<T> f = svdkit::svd(x);
    CHECK_THROWS_WITH(svdkit::svd_update(f, svdkit::matrix<T>(11, 2), append::columns),
                      Catch::Contains("do not fit the 12x8 matrix: rows must be 12"));
    CHECK_THROWS_WITH(svdkit::svd_update(f, svdkit::matrix<T>(2, 7), append::rows),
                      Catch::Contains("columns must be 8"));
    svdkit::matrix<T> bad(12, 1);
    bad(3, 0) = std::numeric_limits<T>::infinity();
    CHECK_THROWS_AS(svdkit::svd_update(f, bad, append::columns), svdkit::non_finite_input);
    const svdkit::svd_result<T> values = svdkit::svd(x, vectors::none);
    CHECK_THROWS_WITH(svdkit::svd_update(values, svdkit::matrix<T>(12, 1), append::columns),
                      Catch::Contains("must be thin with u and v"));
}
