// svd_range and svd_interval (issue 23, part 2): selected triplets against the full svd().
//
// For every result: the values against svd()'s (both relatively accurate on the same bidiagonal:
// |σ − σ_svd|/(ε·σ_svd) within twice bidiagonal_relative_bound), each pair's residuals
// ‖A·v − σ·u‖ and ‖Aᵀ·u − σ·v‖ over ‖A‖_F·max(m, n)·ε within reconstruction_bound, and
// ‖I − UᵀU‖/(K·ε), ‖I − VᵀV‖/(K·ε) within orthogonality_bound. The cases: ranges at both ends, inside,
// single triplets and all of them; ties at the boundary (exactly repeated σ of a diagonal
// matrix, where the interval's (lower, upper] is decided exactly, and numerically repeated σ of
// a rotated one, where the vectors must stay orthonormal); empty intervals; tall (QR first),
// square, wide, 1×n, n×1; zero, rank-deficient and empty matrices; every error.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::sqrt, std::nan
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using svdkit::vectors;

namespace {

template <class T>
long double eps_of() {
    return static_cast<long double>(std::numeric_limits<T>::epsilon());
}

/// The worst pair residual max_j max(‖A·vⱼ − σⱼ·uⱼ‖, ‖Aᵀ·uⱼ − σⱼ·vⱼ‖) / (‖A‖_F·max(m,n)·ε), in long double.
template <class T>
long double pair_residual_ratio(const svdkit::matrix<T>& a, const svdkit::svd_result<T>& r) {
    const std::size_t m = a.rows(), n = a.cols();
    long double fro = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) fro += static_cast<long double>(a(i, j)) * a(i, j);
    fro = std::sqrt(fro);
    long double worst = 0;
    for (std::size_t p = 0; p < r.s.size(); ++p) {
        long double r1 = 0, r2 = 0;
        for (std::size_t i = 0; i < m; ++i) {
            long double x = -static_cast<long double>(r.s[p]) * r.u(i, p);
            for (std::size_t j = 0; j < n; ++j) x += static_cast<long double>(a(i, j)) * r.v(j, p);
            r1 += x * x;
        }
        for (std::size_t j = 0; j < n; ++j) {
            long double x = -static_cast<long double>(r.s[p]) * r.v(j, p);
            for (std::size_t i = 0; i < m; ++i) x += static_cast<long double>(a(i, j)) * r.u(i, p);
            r2 += x * x;
        }
        worst = std::max({worst, std::sqrt(r1), std::sqrt(r2)});
    }
    return safe_ratio(worst, fro * static_cast<long double>(std::max(m, n)) * eps_of<T>());
}

/// max_j |s_j − ref_j| / (ε·ref_j), not counting an absolute error below `floor`.
template <class T>
long double relative_to(const std::vector<T>& s, const std::vector<T>& ref, long double floor) {
    std::vector<long double> r(ref.begin(), ref.end());
    return relative_error_ratio(s, r, floor);
}

/// Checks a result of K triplets, ref_first…ref_first+K−1 of the full svd() `full`.
template <class T>
void check_selected(const svdkit::matrix<T>& a, const svdkit::svd_result<T>& r, const svdkit::svd_result<T>& full,
                    std::size_t ref_first, const std::string& label, bool vectors_expected = true) {
    const std::size_t m = a.rows(), n = a.cols(), k = std::min(m, n), K = r.s.size();
    INFO(type_name<T>() << " " << shape_label(m, n) << " " << label << " K=" << K);
    REQUIRE(ref_first + K <= full.s.size());
    CHECK(sorted_non_negative(r.s));
    const std::vector<T> ref(full.s.begin() + static_cast<std::ptrdiff_t>(ref_first),
                             full.s.begin() + static_cast<std::ptrdiff_t>(ref_first + K));
    const long double rel = relative_to(r.s, ref, bidiagonal_underflow_floor<T>(k));
    const long double rel_bound = 2 * bidiagonal_relative_bound(k);
    INFO("values vs svd(): relative error / eps " << static_cast<double>(rel) << " (bound " << static_cast<double>(rel_bound) << ")");
    CHECK(rel <= rel_bound);
    note_ratio("svd_range", type_name<T>(), "values vs svd() / eps", rel, label);
    if (!vectors_expected) {
        CHECK(r.u.size() == 0);
        CHECK(r.v.size() == 0);
        return;
    }
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == K);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == K);
    CHECK(all_finite(r.u));
    CHECK(all_finite(r.v));
    const long double res = pair_residual_ratio(a, r);
    const long double ou = orthogonality_ratio(to_dense<T>(r.u)), ov = orthogonality_ratio(to_dense<T>(r.v));
    INFO("pair residual " << static_cast<double>(res) << " (bound " << static_cast<double>(reconstruction_bound(m, n))
                          << "), orthogonality U " << static_cast<double>(ou) << ", V " << static_cast<double>(ov));
    CHECK(res <= reconstruction_bound(m, n));
    CHECK(ou <= orthogonality_bound);
    CHECK(ov <= orthogonality_bound);
    note_ratio("svd_range", type_name<T>(), "pair residual", res, label);
    note_ratio("svd_range", type_name<T>(), "orthogonality U", ou, label);
    note_ratio("svd_range", type_name<T>(), "orthogonality V", ov, label);
}

template <class T>
svdkit::matrix<T> random_matrix(std::size_t m, std::size_t n, std::size_t salt) {
    rng_t rng(seed_of(m, n, salt));
    return to_svdkit<T>(gaussian<T>(m, n, rng));
}

template <class T>
svdkit::matrix<T> with_values(std::size_t m, std::size_t n, const std::vector<long double>& sigma, std::size_t salt) {
    rng_t rng(seed_of(m, n, salt));
    return to_svdkit<T>(with_singular_values<T>(m, n, sigma, rng).a);
}

/// Ranges at both ends, inside, single triplets and all of them, for k = min(m, n).
std::vector<std::pair<std::size_t, std::size_t>> ranges_for(std::size_t k) {
    std::vector<std::pair<std::size_t, std::size_t>> r{{0, 0}, {k - 1, k - 1}, {0, k - 1}};
    if (k >= 6) {
        r.push_back({0, 4});
        r.push_back({k - 5, k - 1});
        r.push_back({k / 2 - 2, k / 2 + 2});
        r.push_back({k / 3, k / 3});
    }
    return r;
}

}  // namespace

TEMPLATE_TEST_CASE("svd_range: ranges at both ends, inside, single and all, every shape", "[selected]", float, double,
                   long double) {
    using T = TestType;
    const auto shape = GENERATE(std::pair<std::size_t, std::size_t>{60, 60}, std::pair<std::size_t, std::size_t>{90, 40},
                                std::pair<std::size_t, std::size_t>{50, 45}, std::pair<std::size_t, std::size_t>{40, 90},
                                std::pair<std::size_t, std::size_t>{1, 7}, std::pair<std::size_t, std::size_t>{7, 1},
                                std::pair<std::size_t, std::size_t>{130, 110});
    const std::size_t m = shape.first, n = shape.second, k = std::min(m, n);
    const svdkit::matrix<T> a = random_matrix<T>(m, n, 1);
    const svdkit::svd_result<T> full = svdkit::svd(a);
    for (const auto& fl : ranges_for(k)) {
        const std::string label = "range " + std::to_string(fl.first) + ".." + std::to_string(fl.second);
        const svdkit::svd_result<T> r = svdkit::svd_range(a, fl.first, fl.second);
        REQUIRE(r.s.size() == fl.second - fl.first + 1);
        check_selected(a, r, full, fl.first, label);
        // values only: the same σ, bit for bit (the vectors do not touch them)
        const svdkit::svd_result<T> rv = svdkit::svd_range(a, fl.first, fl.second, vectors::none);
        CHECK(rv.s == r.s);
        check_selected(a, rv, full, fl.first, label + " values only", false);
    }
}

TEMPLATE_TEST_CASE("svd_range and svd_interval: options, one side, signs, threads, views and braced lists",
                   "[selected]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a = random_matrix<T>(70, 50, 2);
    const svdkit::svd_result<T> both = svdkit::svd_range(a, 3, 9);
    svdkit::svd_options only_v{vectors::none, vectors::thin};
    const svdkit::svd_result<T> rv = svdkit::svd_range(a, 3, 9, only_v);
    CHECK(rv.u.size() == 0);
    CHECK((rv.v.rows() == 50 && rv.v.cols() == 7));
    CHECK(rv.s == both.s);
    CHECK(identical(rv.v, both.v));  // one side alone: the same columns
    svdkit::svd_options only_u{vectors::thin, vectors::none};
    const svdkit::svd_result<T> ru = svdkit::svd_range(a.view().transpose(), 3, 9, only_u);  // a wide view
    CHECK(ru.v.size() == 0);
    CHECK((ru.u.rows() == 50 && ru.u.cols() == 7));
    CHECK(ru.s == both.s);
    // threads change nothing, bit for bit
    svdkit::svd_options threaded;
    threaded.threads = 2;
    const svdkit::svd_result<T> rt = svdkit::svd_range(a, 3, 9, threaded);
    CHECK(rt.s == both.s);
    CHECK(identical(rt.u, both.u));
    CHECK(identical(rt.v, both.v));
    // the sign rule: each u's entry of largest magnitude positive, v flipped with it
    svdkit::svd_options signed_opts;
    signed_opts.signs = svdkit::sign_rule::largest_positive;
    const svdkit::svd_result<T> rs = svdkit::svd_range(a, 3, 9, signed_opts);
    for (std::size_t j = 0; j < rs.s.size(); ++j) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < rs.u.rows(); ++i)
            if (std::abs(rs.u(i, j)) > std::abs(rs.u(best, j))) best = i;
        CHECK(rs.u(best, j) > T(0));
        const T flip = rs.u(best, j) == both.u(best, j) ? T(1) : T(-1);
        CHECK(rs.u(best, j) == flip * both.u(best, j));
        CHECK(rs.v(0, j) == flip * both.v(0, j));
    }
    // a braced list with the type given; svd_interval on the same one
    const svdkit::svd_result<T> b = svdkit::svd_range<T>({{3, 0}, {4, 5}}, 1, 1);
    REQUIRE(b.s.size() == 1);
    CHECK(std::abs(static_cast<long double>(b.s[0]) - std::sqrt(5.0L)) <= 8 * eps_of<T>() * std::sqrt(5.0L));
    const svdkit::svd_result<T> bi = svdkit::svd_interval<T>({{3, 0}, {4, 5}}, 3, 100);
    REQUIRE(bi.s.size() == 1);
    CHECK(std::abs(static_cast<long double>(bi.s[0]) - 3 * std::sqrt(5.0L)) <= 8 * eps_of<T>() * 3 * std::sqrt(5.0L));
}

TEMPLATE_TEST_CASE("svd_interval: lower < sigma <= upper between distinct values matches svd()", "[selected]", float, double,
                   long double) {
    using T = TestType;
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{80, 30}, std::pair<std::size_t, std::size_t>{30, 45}}) {
        const std::size_t m = shape.first, n = shape.second;
        const svdkit::matrix<T> a = random_matrix<T>(m, n, 3);
        const svdkit::svd_result<T> full = svdkit::svd(a);
        const std::size_t k = full.s.size();
        // bounds halfway between neighbours: no rounding can move a σ across them
        auto between = [&](std::size_t i) { return (full.s[i] + full.s[i + 1]) / 2; };
        const std::vector<std::pair<T, T>> bounds{{between(4), between(0)},       {between(k - 2), 2 * full.s[0]},
                                                  {T(-1), std::numeric_limits<T>::infinity()}, {between(10), between(3)},
                                                  {T(0), between(k - 3)}};
        for (const auto& lu : bounds) {
            const svdkit::svd_result<T> r = svdkit::svd_interval(a, lu.first, lu.second);
            std::size_t first = 0;
            while (first < k && !(full.s[first] <= lu.second)) ++first;
            std::size_t last = first;
            while (last < k && full.s[last] > lu.first) ++last;
            INFO("(" << lu.first << ", " << lu.second << "]");
            REQUIRE(r.s.size() == last - first);
            check_selected(a, r, full, first, "interval");
            for (const T x : r.s) CHECK((x > lu.first && x <= lu.second));
        }
    }
}

TEMPLATE_TEST_CASE("svd_interval and svd_range: exact ties at the boundary", "[selected]", float, double,
                   long double) {
    using T = TestType;
    // A diagonal matrix (rows and columns beyond it zero): B is A's diagonal exactly, so every σ
    // is exact and (lower, upper] is decided exactly: a σ equal to upper is in, equal to lower out.
    const std::vector<T> diag{2, 3, 1, 2, 2, 0.5, 3, 2};
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{8, 8}, std::pair<std::size_t, std::size_t>{14, 8},
                             std::pair<std::size_t, std::size_t>{8, 11}}) {
        svdkit::matrix<T> a(shape.first, shape.second);
        for (std::size_t i = 0; i < diag.size(); ++i) a(i, i) = diag[i];
        const svdkit::svd_result<T> full = svdkit::svd(a);
        REQUIRE(full.s == std::vector<T>{3, 3, 2, 2, 2, 2, 1, 0.5});
        const std::vector<std::pair<T, T>> bounds{{2, 3}, {1, 2}, {0.5, 1}, {0.5, 2}, {2, 2}, {3, 10}, {0, 0.5}, {-1, 0.5}};
        for (const auto& lu : bounds) {
            INFO(shape_label(shape.first, shape.second) << " (" << lu.first << ", " << lu.second << "]");
            const svdkit::svd_result<T> r = svdkit::svd_interval(a, lu.first, lu.second);
            std::vector<T> expected;
            std::size_t first = full.s.size();
            for (std::size_t i = 0; i < full.s.size(); ++i)
                if (full.s[i] > lu.first && full.s[i] <= lu.second) {
                    expected.push_back(full.s[i]);
                    first = std::min(first, i);
                }
            CHECK(r.s == expected);
            if (!expected.empty()) check_selected(a, r, full, first, "exact ties, interval");
        }
        // ranges that cut the block of four 2s and the pair of 3s
        for (const auto& fl : {std::pair<int, int>{1, 3}, std::pair<int, int>{3, 4}, std::pair<int, int>{0, 0},
                               std::pair<int, int>{4, 7}}) {
            const svdkit::svd_result<T> r = svdkit::svd_range(a, fl.first, fl.second);
            check_selected(a, r, full, static_cast<std::size_t>(fl.first), "exact ties, range");
        }
    }
}

TEMPLATE_TEST_CASE("svd_range: numerically repeated and clustered values, a tie at the boundary", "[selected]", float,
                   double, long double) {
    using T = TestType;
    const std::size_t m = 90, n = 60;
    const svdkit::matrix<T> rep = with_values<T>(m, n, spectra::repeated(n), 4);  // 3 (20×), 1 (20×), 0.01 (20×)
    const svdkit::svd_result<T> full = svdkit::svd(rep);
    for (const auto& fl : {std::pair<std::size_t, std::size_t>{15, 24}, std::pair<std::size_t, std::size_t>{0, 19},
                           std::pair<std::size_t, std::size_t>{19, 40}, std::pair<std::size_t, std::size_t>{38, 41}})
        check_selected(rep, svdkit::svd_range(rep, fl.first, fl.second), full, fl.first, "repeated");
    const svdkit::matrix<T> cl = with_values<T>(m, n, spectra::clustered(n, 1e-6L), 5);
    const svdkit::svd_result<T> fc = svdkit::svd(cl);
    for (const auto& fl : {std::pair<std::size_t, std::size_t>{25, 34}, std::pair<std::size_t, std::size_t>{0, 29}})
        check_selected(cl, svdkit::svd_range(cl, fl.first, fl.second), fc, fl.first, "clustered");
}

TEMPLATE_TEST_CASE("svd_range: zero, rank-deficient, graded and larger matrices", "[selected]", float, double,
                   long double) {
    using T = TestType;
    {  // zero: σ = 0, and still orthonormal vectors
        const svdkit::matrix<T> z(12, 9);
        const svdkit::svd_result<T> full = svdkit::svd(z);
        const svdkit::svd_result<T> r = svdkit::svd_range(z, 0, 8);
        for (const T x : r.s) CHECK(x == T(0));
        check_selected(z, r, full, 0, "zero");
        CHECK(svdkit::svd_interval(z, T(0), T(1)).s.empty());     // (0, 1] holds no 0
        CHECK(svdkit::svd_interval(z, T(-1), T(0)).s.size() == 9);  // (−1, 0] holds all
    }
    {  // rank 10 of 40: the range crosses into the zeros
        const svdkit::matrix<T> a = with_values<T>(50, 40, spectra::rank_deficient(40, 10), 6);
        const svdkit::svd_result<T> full = svdkit::svd(a);
        for (const auto& fl : {std::pair<std::size_t, std::size_t>{7, 12}, std::pair<std::size_t, std::size_t>{30, 39}}) {
            const svdkit::svd_result<T> r = svdkit::svd_range(a, fl.first, fl.second);
            REQUIRE(r.s.size() == fl.second - fl.first + 1);
            // the zero σ are ~ε·‖A‖ (not relatively determined by A): checked normwise, as svd()'s
            const long double err = value_error_ratio(r.s, std::vector<long double>(full.s.begin() + static_cast<std::ptrdiff_t>(fl.first), full.s.begin() + static_cast<std::ptrdiff_t>(fl.second + 1)), 50, 40);
            CHECK(err <= 2 * value_error_bound(50, 40));
            const long double res = pair_residual_ratio(a, r);
            CHECK(res <= reconstruction_bound(50, 40));
            CHECK(orthogonality_ratio(to_dense<T>(r.u)) <= orthogonality_bound);
            CHECK(orthogonality_ratio(to_dense<T>(r.v)) <= orthogonality_bound);
        }
    }
    {  // graded: σ from 1 down to 1e-(digits): relative accuracy on each
        const svdkit::matrix<T> a = with_values<T>(45, 45, spectra::geometric(45, 1, std::sqrt(eps_of<T>()) * 1e-3L), 7);
        const svdkit::svd_result<T> full = svdkit::svd(a);
        check_selected(a, svdkit::svd_range(a, 40, 44), full, 40, "graded, smallest");
    }
    {  // larger: 300×200, five at each end and five inside
        const svdkit::matrix<T> a = random_matrix<T>(300, 200, 8);
        const svdkit::svd_result<T> full = svdkit::svd(a);
        for (const std::size_t f : {std::size_t(0), std::size_t(97), std::size_t(195)})
            check_selected(a, svdkit::svd_range(a, f, f + 4), full, f, "300x200");
    }
}

TEMPLATE_TEST_CASE("svd_interval: empty results and empty matrices", "[selected]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a = random_matrix<T>(20, 13, 9);
    const svdkit::svd_result<T> full = svdkit::svd(a);
    for (const auto& lu : {std::pair<T, T>{full.s[0] * 2, full.s[0] * 3}, std::pair<T, T>{T(0), full.s.back() / 2},
                           std::pair<T, T>{full.s[3], full.s[3]}, std::pair<T, T>{T(-2), T(-1)}}) {
        const svdkit::svd_result<T> r = svdkit::svd_interval(a, lu.first, lu.second);
        CHECK(r.s.empty());
        CHECK((r.u.rows() == 20 && r.u.cols() == 0));
        CHECK((r.v.rows() == 13 && r.v.cols() == 0));
        const svdkit::svd_result<T> rn = svdkit::svd_interval(a, lu.first, lu.second, vectors::none);
        CHECK((rn.s.empty() && rn.u.size() == 0 && rn.u.rows() == 0 && rn.v.rows() == 0));
    }
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{0, 5}, std::pair<std::size_t, std::size_t>{4, 0},
                             std::pair<std::size_t, std::size_t>{0, 0}}) {
        const svdkit::matrix<T> e(shape.first, shape.second);
        const svdkit::svd_result<T> r = svdkit::svd_interval(e, T(-1), T(1));
        CHECK(r.s.empty());
        CHECK((r.u.rows() == shape.first && r.u.cols() == 0));
        CHECK((r.v.rows() == shape.second && r.v.cols() == 0));
        CHECK_THROWS_AS(svdkit::svd_range(e, 0, 0), std::invalid_argument);  // no index is valid
    }
}

TEMPLATE_TEST_CASE("svd_range and svd_interval: errors", "[selected]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a = random_matrix<T>(6, 4, 10);
    auto message_of = [](auto&& f) -> std::string {
        try {
            f();
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "(no exception)";
    };
    const std::string valid = "must satisfy 0 <= first <= last < min(rows, cols) (= 4)";
    CHECK_THAT(message_of([&] { svdkit::svd_range(a, 2, 1); }), Catch::Contains("first (= 2) and last (= 1)") && Catch::Contains(valid));
    CHECK_THAT(message_of([&] { svdkit::svd_range(a, 0, 4); }), Catch::Contains(valid));
    CHECK_THAT(message_of([&] { svdkit::svd_range(a, -1, 2); }), Catch::Contains("first (= -1)") && Catch::Contains(valid));
    CHECK_THAT(message_of([&] { svdkit::svd_range(a, 0, 1, vectors::full); }), Catch::Contains("vectors::full"));
    CHECK_THAT(message_of([&] { svdkit::svd_interval(a, T(2), T(1)); }),
               Catch::Contains("lower (= 2) and upper (= 1)") && Catch::Contains("lower <= upper"));
    const T nan = std::numeric_limits<T>::quiet_NaN();
    CHECK_THAT(message_of([&] { svdkit::svd_interval(a, nan, T(1)); }), Catch::Contains("lower <= upper"));
    CHECK_THAT(message_of([&] { svdkit::svd_interval(a, T(0), nan); }), Catch::Contains("lower <= upper"));
    svdkit::svd_options full_u{vectors::full, vectors::none};
    CHECK_THAT(message_of([&] { svdkit::svd_interval(a, T(0), T(1), full_u); }), Catch::Contains("vectors::full"));
    svdkit::matrix<T> bad = a;
    bad(2, 1) = nan;
    CHECK_THROWS_AS(svdkit::svd_range(bad, 0, 1), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::svd_interval(bad, T(0), T(1)), svdkit::non_finite_input);
    bad(2, 1) = std::numeric_limits<T>::infinity();
    CHECK_THROWS_AS(svdkit::svd_range(bad, 0, 1, vectors::none), svdkit::non_finite_input);
}

TEMPLATE_TEST_CASE("bidiagonal_select: the fallback to the full bidiagonal SVD gives the same triplets",
                   "[selected]", float, double, long double) {
    using T = TestType;
    for (const std::size_t n : {std::size_t(30), std::size_t(80)}) {
        const bidiagonal<T> b = make_bidiagonal<T>(all_bidiagonal_kinds().front(), n, 1);
        std::vector<T> s1, s2;
        svdkit::matrix<T> u1, v1, u2, v2;
        svdkit::detail::bidiagonal_select_stats st1, st2;
        svdkit::detail::bidiagonal_select(b.d, b.e, 3, 12, true, s1, u1, v1, &st1);
        svdkit::detail::bidiagonal_select(b.d, b.e, 3, 12, true, s2, u2, v2, &st2, true);
        CHECK(!st1.fallback);
        CHECK(st2.fallback);
        CHECK(s1 == s2);  // the σ are the bisection's either way
        // columns agree up to sign, to the accuracy of each
        for (std::size_t j = 0; j < s1.size(); ++j) {
            long double du = 0, dv = 0;
            for (std::size_t i = 0; i < n; ++i) {
                du += static_cast<long double>(u1(i, j)) * u2(i, j);
                dv += static_cast<long double>(v1(i, j)) * v2(i, j);
            }
            INFO("n=" << n << " column " << j);
            CHECK(std::abs(std::abs(du) - 1) <= 1e3L * n * eps_of<T>());
            CHECK(du * dv > 0);
        }
    }
}

TEMPLATE_TEST_CASE("svd_range: inverse iteration serves ordinary inputs without the fallback", "[selected]", float,
                   double, long double) {
    using T = TestType;
    struct case_t {
        const char* name;
        svdkit::matrix<T> a;
        std::size_t first, last;
    };
    const std::vector<case_t> cases{
        {"random 130x110, all", random_matrix<T>(130, 110, 11), 0, 109},
        {"random 80x120, inside", random_matrix<T>(80, 120, 12), 30, 49},
        {"repeated, across a tie", with_values<T>(90, 60, spectra::repeated(60), 13), 15, 24},
        {"rank 10 of 40, into the zeros", with_values<T>(50, 40, spectra::rank_deficient(40, 10), 14), 5, 14},
        {"graded 1 ... 1e-6", with_values<T>(45, 45, spectra::geometric(45, 1, 1e-6L), 15), 0, 44},
    };
    for (const case_t& c : cases) {
        INFO(type_name<T>() << " " << c.name);
        svdkit::svd_result<T> r;
        svdkit::detail::bidiagonal_select_stats stats;
        svdkit::detail::selection<T> sel;
        sel.first = c.first;
        sel.last = c.last;
        svdkit::detail::selected_impl(c.a.view(), sel, svdkit::svd_options{}, "test", r, &stats);
        INFO("fallback: " << stats.reason);
        CHECK(!stats.fallback);
        check_selected(c.a, r, svdkit::svd(c.a), c.first, c.name);
    }
}

TEMPLATE_TEST_CASE("svd_range: random shapes, spectra and ranges against svd()", "[selected]", float, double,
                   long double) {
    using T = TestType;
    rng_t rng(2323);
    for (std::size_t c = 0; c < 40; ++c) {
        const std::size_t m = 1 + rng() % 60, n = 1 + rng() % 60, k = std::min(m, n);
        std::vector<long double> sigma;
        switch (rng() % 4) {
            case 0: sigma = spectra::geometric(k, 1, 1e-10L); break;
            case 1: sigma = spectra::clustered(k, 1e-8L); break;
            case 2: sigma = spectra::repeated(k); break;
            default: sigma = spectra::rank_deficient(k, (k + 1) / 2); break;
        }
        const svdkit::matrix<T> a = with_values<T>(m, n, sigma, 100 + c);
        const std::size_t first = rng() % k, last = first + rng() % (k - first);
        const svdkit::svd_result<T> full = svdkit::svd(a);
        const svdkit::svd_result<T> r = svdkit::svd_range(a, first, last);
        REQUIRE(r.s.size() == last - first + 1);
        // rank-deficient spectra have σ ~ ε·‖A‖ that A does not determine relatively: the residual
        // and orthogonality checks hold for all, the value check normwise
        const long double err = value_error_ratio(
            r.s,
            std::vector<long double>(full.s.begin() + static_cast<std::ptrdiff_t>(first),
                                     full.s.begin() + static_cast<std::ptrdiff_t>(last + 1)),
            m, n);
        INFO(type_name<T>() << " case " << c << " " << shape_label(m, n) << " range " << first << ".." << last);
        CHECK(err <= 2 * value_error_bound(m, n));
        const long double res = pair_residual_ratio(a, r);
        const long double ou = orthogonality_ratio(to_dense<T>(r.u)), ov = orthogonality_ratio(to_dense<T>(r.v));
        CHECK(res <= reconstruction_bound(m, n));
        CHECK(ou <= orthogonality_bound);
        CHECK(ov <= orthogonality_bound);
        note_ratio("svd_range", type_name<T>(), "pair residual", res, "random");
        note_ratio("svd_range", type_name<T>(), "orthogonality U", ou, "random");
        note_ratio("svd_range", type_name<T>(), "orthogonality V", ov, "random");
    }
}
