// Tests tall_svd (issue 19, part 1): the SVD of a tall matrix given as row blocks.
//
// What it promises, and what each test checks:
//  - finish() equals the SVD of the stacked matrix: σ against Eigen's BDCSVD of the whole
//    matrix within value_error_bound, V (and U with keep_q) orthonormal within
//    orthogonality_bound and U·Σ·Vᵀ reconstructing A within reconstruction_bound, for any block
//    heights (0, 1, ragged, larger than the buffer) and buffer sizes (many re-factorizations);
//  - project(block) = block·V: the rows of U·Σ (equal to the kept-Q U·Σ within the same bounds);
//  - m < n, no rows, no columns: shapes as svd() gives them;
//  - entries near overflow and underflow, and a block that changes the scale: σ as the scaled
//    matrix's, scaled back exactly;
//  - errors: a block of the wrong width, a NaN (named by its row in the stacked matrix), full U,
//    project() before finish(); each leaves the state as it was.
#include <catch2/catch.hpp>

#include <cmath>    // std::ldexp
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <vector>   // std::vector

#include <svdkit/streaming.hpp>
#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "oracle.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using svdkit::vectors;

namespace {

/// Rows [i0, i0 + h) of a, as a view (no copy).
template <class T>
svdkit::matrix_view<const T> rows_of(const svdkit::matrix<T>& a, std::size_t i0, std::size_t h) {
    return svdkit::matrix_view<const T>(a.data() + i0, h, a.cols(), 1, static_cast<std::ptrdiff_t>(a.rows()));
}

/// Feeds a in blocks of the given heights, cycling through them.
template <class T>
void feed(svdkit::tall_svd<T>& t, const svdkit::matrix<T>& a, const std::vector<std::size_t>& heights) {
    std::size_t i0 = 0;
    for (std::size_t c = 0; i0 < a.rows(); ++c) {
        const std::size_t h = std::min(heights[c % heights.size()], a.rows() - i0);
        t.add_rows(rows_of(a, i0, h));
        i0 += h;
    }
}

/// The checks of a finished stream against the whole matrix.
template <class T>
void check_stream(const dense<T>& a, const svdkit::svd_result<T>& r, bool with_u, const char* what) {
    const std::size_t m = sz(a.rows()), n = sz(a.cols()), k = std::min(m, n);
    REQUIRE(r.s.size() == k);
    CHECK(sorted_non_negative(r.s));
    const dense_svd<T> o = eigen_bdcsvd(a, vectors::none);
    const long double values = value_error_ratio(r.s, std::vector<long double>(o.s.begin(), o.s.end()), m, n);
    note_ratio("tall_svd", type_name<T>(), "values vs Eigen", values, what);
    CHECK(values <= 2 * value_error_bound(m, n));  // two backward-stable results, each within the bound
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    const dense<T> v = to_dense<T>(r.v.view());
    const long double ov = orthogonality_ratio(v);
    note_ratio("tall_svd", type_name<T>(), "orthogonality V", ov, what);
    CHECK(ov <= orthogonality_bound);
    if (!with_u) {
        CHECK(r.u.rows() == 0);
        CHECK(r.u.cols() == 0);
        return;
    }
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    const dense<T> u = to_dense<T>(r.u.view());
    const long double ou = orthogonality_ratio(u), rec = reconstruction_ratio(a, u, r.s, v);
    note_ratio("tall_svd", type_name<T>(), "orthogonality U", ou, what);
    note_ratio("tall_svd", type_name<T>(), "reconstruction", rec, what);
    CHECK(ou <= orthogonality_bound);
    CHECK(rec <= reconstruction_bound(m, n));
}

struct stream_case {
    std::size_t m, n, block_rows;
    std::vector<std::size_t> heights;
};

}  // namespace

TEMPLATE_TEST_CASE("tall_svd: the SVD of the stacked blocks, any heights and buffer sizes", "[streaming]", float,
                   double, long double) {
    using T = TestType;
    const std::vector<stream_case> cases{
        {1000, 30, 0, {37}},             // one buffer of 256 rows: a few re-factorizations
        {1000, 30, 5, {37, 0, 1, 200}},  // a 5-row buffer: ~200 re-factorizations, empty blocks
        {300, 40, 0, {300}},             // one block, never re-factored: svd() of the buffer
        {700, 100, 0, {1000}},           // a block larger than the buffer
        {2000, 8, 16, {1}},              // row by row
        {60, 60, 0, {7, 13}},            // square
        {20, 30, 0, {7}},                // m < n: k = m
    };
    for (const stream_case& c : cases) {
        rng_t rng(seed_of(c.m, c.n, 19));
        const dense<T> a = gaussian<T>(c.m, c.n, rng);
        const svdkit::matrix<T> am = to_svdkit(a);
        for (const bool keep : {false, true}) {
            INFO(c.m << "x" << c.n << " buffer " << c.block_rows << (keep ? " keep_q" : ""));
            svdkit::tall_svd_options opts;
            opts.keep_q = keep;
            opts.block_rows = c.block_rows;
            svdkit::tall_svd<T> t(c.n, opts);
            feed(t, am, c.heights);
            CHECK(t.rows_seen() == c.m);
            const svdkit::svd_result<T> r = t.finish();
            check_stream(a, r, keep, keep ? "kept Q" : "values and V");
            // project(): the rows of U·Σ, block by block; against the kept-Q U·Σ
            if (keep && c.m >= c.n) {
                const std::size_t h = std::min<std::size_t>(c.m, 50);
                const svdkit::matrix<T> us = t.project(rows_of(am, c.m - h, h));
                REQUIRE(us.rows() == h);
                REQUIRE(us.cols() == r.s.size());
                long double worst = 0;
                for (std::size_t j = 0; j < us.cols(); ++j)
                    for (std::size_t i = 0; i < h; ++i)
                        worst = std::max(worst, std::fabs(static_cast<long double>(us(i, j)) -
                                                          static_cast<long double>(r.u(c.m - h + i, j)) * r.s[j]));
                const long double ratio = worst / (r.s[0] * static_cast<long double>(c.m) * eps<T>());
                note_ratio("tall_svd", type_name<T>(), "project() vs kept U", ratio, "kept Q");
                CHECK(ratio <= reconstruction_bound(c.m, c.n));
            }
        }
    }
}

TEMPLATE_TEST_CASE("tall_svd: shapes at the edges", "[streaming][edges]", float, double, long double) {
    using T = TestType;
    svdkit::tall_svd_options keep;
    keep.keep_q = true;
    {  // no rows at all: k = 0, V as svd() gives it
        svdkit::tall_svd<T> t(5, keep);
        t.add_rows(svdkit::matrix<T>(0, 5));
        const svdkit::svd_result<T> r = t.finish();
        CHECK(r.s.empty());
        CHECK(r.v.rows() == 5);
        CHECK(r.v.cols() == 0);
        const svdkit::svd_result<T> full = t.finish(svdkit::svd_options{vectors::none, vectors::full});
        CHECK(full.v.rows() == 5);
        CHECK(full.v.cols() == 5);
    }
    {  // no columns
        svdkit::tall_svd<T> t(0, keep);
        t.add_rows(svdkit::matrix<T>(4, 0));
        const svdkit::svd_result<T> r = t.finish();
        CHECK(r.s.empty());
        CHECK(r.u.rows() == 4);
        CHECK(r.u.cols() == 0);
    }
    {  // a zero matrix and a rank-one one, through many re-factorizations
        svdkit::tall_svd_options small = keep;
        small.block_rows = 3;
        svdkit::tall_svd<T> t(4, small);
        svdkit::matrix<T> z(50, 4);
        t.add_rows(z);
        svdkit::svd_result<T> r = t.finish();
        for (const T x : r.s) CHECK(x == T(0));
        check_stream(to_dense<T>(z.view()), r, true, "zero matrix");
        svdkit::matrix<T> one(50, 4);
        for (std::size_t i = 0; i < 50; ++i)
            for (std::size_t j = 0; j < 4; ++j) one(i, j) = T(1);
        svdkit::tall_svd<T> t1(4, small);
        t1.add_rows(one);
        r = t1.finish();
        check_stream(to_dense<T>(one.view()), r, true, "rank one");
        CHECK(std::fabs(static_cast<long double>(r.s[0]) - std::sqrt(200.0L)) <=
              value_error_bound(50, 4) * 50 * eps<T>() * std::sqrt(200.0L));
    }
}

TEMPLATE_TEST_CASE("tall_svd: near overflow and underflow, and a block that changes the scale", "[streaming][range]",
                   float, double, long double) {
    using T = TestType;
    const int big = std::numeric_limits<T>::max_exponent - 8, small = std::numeric_limits<T>::min_exponent + 8;
    rng_t rng(seed_of(400, 20, 7));
    const dense<T> a = gaussian<T>(400, 20, rng);
    const svdkit::matrix<T> am = to_svdkit(a);
    svdkit::tall_svd<T> plain(20);
    feed(plain, am, {64});
    const std::vector<T> s = plain.finish(vectors::none).s;
    for (const int p : {big, small}) {
        INFO("scaled by 2^" << p);
        svdkit::matrix<T> scaled = am;
        for (std::size_t i = 0; i < scaled.size(); ++i) scaled.data()[i] = std::ldexp(scaled.data()[i], p);
        svdkit::tall_svd<T> t(20);
        feed(t, scaled, {64});
        const std::vector<T> ss = t.finish(vectors::none).s;
        REQUIRE(ss.size() == s.size());
        for (std::size_t i = 0; i < s.size(); ++i) CHECK(ss[i] == std::ldexp(s[i], p));  // exactly
    }
    // tiny rows first, then rows of ordinary size: the stored factor is rescaled on the way
    svdkit::matrix<T> mixed = am;
    for (std::size_t j = 0; j < 20; ++j)
        for (std::size_t i = 0; i < 200; ++i) mixed(i, j) = std::ldexp(mixed(i, j), small);
    svdkit::tall_svd<T> t(20);
    feed(t, mixed, {64});
    check_stream(to_dense<T>(mixed.view()), t.finish(), false, "rescaled mid-stream");
}

TEMPLATE_TEST_CASE("tall_svd: bad input leaves the state as it was", "[streaming][errors]", float, double,
                   long double) {
    using T = TestType;
    rng_t rng(seed_of(100, 6, 3));
    const svdkit::matrix<T> a = to_svdkit(gaussian<T>(100, 6, rng));
    svdkit::tall_svd<T> t(6);
    CHECK_THROWS_WITH(t.project(a), Catch::Contains("call finish() with V"));
    t.add_rows(rows_of(a, 0, 60));
    CHECK_THROWS_AS(t.add_rows(svdkit::matrix<T>(3, 5)), std::invalid_argument);
    CHECK_THROWS_WITH(t.add_rows(svdkit::matrix<T>(3, 5)), Catch::Contains("the block has 5 columns, the matrix 6"));
    svdkit::matrix<T> bad = to_svdkit(to_dense<T>(rows_of(a, 60, 40)));
    bad(7, 2) = std::numeric_limits<T>::quiet_NaN();
    try {
        t.add_rows(bad);
        FAIL("no exception");
    } catch (const svdkit::non_finite_input& e) {
        CHECK(e.row() == 67);  // its row in the stacked matrix
        CHECK(e.col() == 2);
        CHECK_THAT(e.what(), Catch::Contains("is NaN"));
    }
    CHECK(t.rows_seen() == 60);
    CHECK_THROWS_AS(t.finish(vectors::full), std::invalid_argument);
    t.add_rows(rows_of(a, 60, 40));
    svdkit::tall_svd<T> clean(6);
    clean.add_rows(a);
    CHECK(t.finish(vectors::none).s == clean.finish(vectors::none).s);
    CHECK_THROWS_WITH(t.project(a), Catch::Contains("call finish() with V"));  // the last finish() had no V
    (void)t.finish();
    CHECK_THROWS_AS(t.project(svdkit::matrix<T>(2, 5)), std::invalid_argument);
    CHECK(t.project(a).cols() == 6);
}
