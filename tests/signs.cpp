// Tests the sign rule (issue 23, part 3): svd_options::signs, randomized_options::signs and
// partial_options::signs with svdkit::sign_rule::largest_positive, and the default
// sign_rule::none.
//
// What the rule promises, and what each test checks:
//  - for each pair i < k, the entry of largest magnitude of uᵢ (the lowest row index among equal
//    magnitudes) is positive; vᵢ decides instead when U is not computed;
//  - (uᵢ, vᵢ) are negated together and exactly: the result equals sign_rule::none's up to one
//    flip per pair, s is identical, so U·Σ·Vᵀ still reconstructs A within reconstruction_bound;
//  - deterministic (the same bits twice), and sign_rule::none is the old result, bit for bit;
//  - the same on randomized_svd and partial_svd (dense matrices and operators, tall and wide).
#include <catch2/catch.hpp>

#include <algorithm>  // std::min
#include <cmath>    // std::abs
#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using svdkit::sign_rule;
using svdkit::vectors;

namespace {

/// The row the rule looks at in column j of x: the first index of largest magnitude, written
/// independently of the library (a second scan for the first entry equal to the maximum).
template <class T>
std::size_t deciding_row(const svdkit::matrix<T>& x, std::size_t j) {
    T amax = 0;
    for (std::size_t i = 0; i < x.rows(); ++i) amax = std::abs(x(i, j)) > amax ? std::abs(x(i, j)) : amax;
    for (std::size_t i = 0; i < x.rows(); ++i)
        if (std::abs(x(i, j)) == amax) return i;
    return 0;
}

/// Every one of the first k columns of x satisfies the rule (or is all zeros).
template <class T>
void check_rule(const svdkit::matrix<T>& x, std::size_t k) {
    REQUIRE(x.cols() >= k);
    for (std::size_t j = 0; j < k; ++j) {
        INFO("column " << j);
        const std::size_t i = deciding_row(x, j);
        if (x(i, j) == T(0)) continue;  // an all-zero column
        CHECK(x(i, j) > T(0));
    }
}

/// Column j of b is column j of a, or exactly its negation; returns +1, -1 or 0 (neither).
template <class T>
int column_relation(const svdkit::matrix<T>& a, const svdkit::matrix<T>& b, std::size_t j) {
    if (a.rows() != b.rows()) return 0;
    bool same = true, negated = true;
    for (std::size_t i = 0; i < a.rows(); ++i) {
        same = same && identical(a(i, j), b(i, j));
        negated = negated && identical(T(-a(i, j)), b(i, j));
    }
    return same ? 1 : negated ? -1 : 0;
}

/// `b` (with the rule) equals `a` (sign_rule::none) up to one sign per pair: s identical, column
/// i < k of U and of V each identical or exactly negated, the same flip for both; columns beyond
/// k (full bases) identical. An empty side is compared for emptiness only.
template <class T>
void check_pair_flips(const svdkit::svd_result<T>& a, const svdkit::svd_result<T>& b) {
    REQUIRE(identical(a.s, b.s));
    const std::size_t k = a.s.size();
    REQUIRE(a.u.rows() == b.u.rows());
    REQUIRE(a.u.cols() == b.u.cols());
    REQUIRE(a.v.rows() == b.v.rows());
    REQUIRE(a.v.cols() == b.v.cols());
    const bool have_u = a.u.cols() > 0, have_v = a.v.cols() > 0;
    for (std::size_t j = 0; j < k; ++j) {
        INFO("pair " << j);
        const int fu = have_u ? column_relation(a.u, b.u, j) : 0;
        const int fv = have_v ? column_relation(a.v, b.v, j) : 0;
        if (have_u) CHECK(fu != 0);
        if (have_v) CHECK(fv != 0);
        if (have_u && have_v) CHECK(fu == fv);
    }
    for (std::size_t j = k; j < a.u.cols(); ++j) CHECK(column_relation(a.u, b.u, j) == 1);
    for (std::size_t j = k; j < a.v.cols(); ++j) CHECK(column_relation(a.v, b.v, j) == 1);
}

template <class T>
void check_reconstruction(const dense<T>& a, const svdkit::svd_result<T>& r, const std::string& what) {
    const long double ratio = reconstruction_ratio(a, to_dense<T>(r.u), r.s, to_dense<T>(r.v));
    note_ratio("svd (signs)", type_name<T>(), "reconstruction", ratio, what);
    CHECK(ratio <= reconstruction_bound(sz(a.rows()), sz(a.cols())));
}

template <class T>
svdkit::svd_options options(vectors u, vectors v, sign_rule rule) {
    svdkit::svd_options o;
    o.u = u;
    o.v = v;
    o.signs = rule;
    return o;
}

/// All the svd() checks on one input and one pair of jobs.
template <class T>
void check_svd(const dense<T>& ad, vectors ju, vectors jv, const std::string& what) {
    INFO(what << " jobs u=" << static_cast<int>(ju) << " v=" << static_cast<int>(jv));
    const svdkit::matrix<T> a = to_svdkit<T>(ad);
    const auto plain = svdkit::svd(a, options<T>(ju, jv, sign_rule::none));
    const auto r = svdkit::svd(a, options<T>(ju, jv, sign_rule::largest_positive));
    const std::size_t k = r.s.size();
    if (ju != vectors::none)
        check_rule(r.u, k);
    else if (jv != vectors::none)
        check_rule(r.v, k);
    check_pair_flips(plain, r);
    if (ju != vectors::none && jv != vectors::none) check_reconstruction(ad, r, what);
    // deterministic, and the workspace overload gives the same bits
    const auto again = svdkit::svd(a, options<T>(ju, jv, sign_rule::largest_positive));
    CHECK(identical(again.u, r.u));
    CHECK(identical(again.v, r.v));
    CHECK(identical(again.s, r.s));
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> w;
    for (int pass = 0; pass < 2; ++pass) {  // the second pass reuses the storage
        svdkit::svd(a, options<T>(ju, jv, sign_rule::largest_positive), w, ws);
        CHECK(identical(w.u, r.u));
        CHECK(identical(w.v, r.v));
        CHECK(identical(w.s, r.s));
    }
}

const std::vector<std::pair<std::size_t, std::size_t>> shapes = {
    {1, 1}, {7, 3}, {3, 7}, {12, 12}, {40, 9}, {9, 40}, {60, 60}, {70, 52}, {52, 70}};

}  // namespace

TEMPLATE_TEST_CASE("signs: svd with largest_positive on random tall, wide and square inputs", "[signs][svd]", float,
                   double, long double) {
    using T = TestType;
    const std::vector<std::pair<vectors, vectors>> jobs = {{vectors::thin, vectors::thin},
                                                           {vectors::full, vectors::full},
                                                           {vectors::full, vectors::thin},
                                                           {vectors::none, vectors::thin},
                                                           {vectors::none, vectors::full},
                                                           {vectors::thin, vectors::none},
                                                           {vectors::none, vectors::none}};
    for (const auto& mn : shapes) {
        rng_t rng(seed_of(mn.first, mn.second, 23));
        const dense<T> a = gaussian<T>(mn.first, mn.second, rng);
        for (const auto& j : jobs) check_svd<T>(a, j.first, j.second, "gaussian " + shape_label(mn.first, mn.second));
    }
}

TEMPLATE_TEST_CASE("signs: sign_rule::none is svd() without the option, bit for bit", "[signs][svd][default]",
                   float, double, long double) {
    using T = TestType;
    for (const auto& mn : shapes) {
        rng_t rng(seed_of(mn.first, mn.second, 231));
        const svdkit::matrix<T> a = to_svdkit<T>(gaussian<T>(mn.first, mn.second, rng));
        svdkit::svd_options explicit_none;
        explicit_none.signs = sign_rule::none;
        const auto r0 = svdkit::svd(a);
        const auto r1 = svdkit::svd(a, svdkit::svd_options{});
        const auto r2 = svdkit::svd(a, explicit_none);
        CHECK(svdkit::svd_options{}.signs == sign_rule::none);
        CHECK(identical(r0.u, r1.u));
        CHECK(identical(r0.v, r1.v));
        CHECK(identical(r0.s, r1.s));
        CHECK(identical(r0.u, r2.u));
        CHECK(identical(r0.v, r2.v));
        CHECK(identical(r0.s, r2.s));
        CHECK(svdkit::randomized_options{}.signs == sign_rule::none);
        CHECK(svdkit::partial_options{}.signs == sign_rule::none);
    }
}

TEMPLATE_TEST_CASE("signs: repeated singular values", "[signs][svd][repeated]", float, double, long double) {
    using T = TestType;
    rng_t rng(2323);
    // 2·Q with Q orthogonal: every σ = 2, the singular vectors any orthonormal basis.
    const dense<long double> q = random_orthonormal<long double>(9, 9, rng);
    const dense<T> twice_q = (2.0L * q).template cast<T>();
    // diag(3, 3, 3, 1) and a tall matrix with a repeated top value.
    dense<T> d = dense<T>::Zero(4, 4);
    d(0, 0) = 3;
    d(1, 1) = -3;
    d(2, 2) = 3;
    d(3, 3) = 1;
    const dense<T> tall = with_singular_values<T>(30, 6, {5, 5, 5, 1, 1, 0.5L}, rng).a;
    for (const auto& in : {std::make_pair(twice_q, std::string("2*orthogonal 9x9")),
                           std::make_pair(d, std::string("diag(3,-3,3,1)")),
                           std::make_pair(tall, std::string("30x6 sigma 5,5,5,1,1,0.5"))}) {
        check_svd<T>(in.first, vectors::thin, vectors::thin, in.second);
        check_svd<T>(in.first, vectors::full, vectors::full, in.second);
        check_svd<T>(in.first, vectors::none, vectors::thin, in.second);
    }
}

TEMPLATE_TEST_CASE("signs: a tie in |u_i| is broken by the lower row index", "[signs][svd][tie]", float, double,
                   long double) {
    using T = TestType;
    // A = (0, -1, 1, 0)ᵀ: σ = √2, u = ±(0, -1, 1, 0)/√2, v = ±1. Rows 1 and 2 tie in magnitude
    // (the computed entries are equal: checked below), so row 1 decides and must be positive:
    // u = (0, 1/√2, -1/√2, 0) and then A·v = σ·u forces v = -1.
    const svdkit::matrix<T> a{{0}, {-1}, {1}, {0}};
    const auto r = svdkit::svd(a, options<T>(vectors::thin, vectors::thin, sign_rule::largest_positive));
    REQUIRE(std::abs(r.u(1, 0)) == std::abs(r.u(2, 0)));  // a real tie, else the test is void
    CHECK(r.u(0, 0) == T(0));
    CHECK(r.u(1, 0) > T(0));
    CHECK(r.u(2, 0) < T(0));
    CHECK(r.u(3, 0) == T(0));
    CHECK(r.v(0, 0) == T(-1));
    check_pair_flips(svdkit::svd(a, options<T>(vectors::thin, vectors::thin, sign_rule::none)), r);
    // Its transpose with U not computed: v decides, the same way.
    const svdkit::matrix<T> at{{0, -1, 1, 0}};
    const auto rt = svdkit::svd(at, options<T>(vectors::none, vectors::thin, sign_rule::largest_positive));
    REQUIRE(std::abs(rt.v(1, 0)) == std::abs(rt.v(2, 0)));
    CHECK(rt.u.size() == 0);
    CHECK(rt.v(1, 0) > T(0));
    CHECK(rt.v(2, 0) < T(0));
    // The same decision with U computed: u = ±1 decides, so u = 1 and v = (0, -1, 1, 0)/√2.
    const auto ru = svdkit::svd(at, options<T>(vectors::thin, vectors::thin, sign_rule::largest_positive));
    CHECK(ru.u(0, 0) == T(1));
    CHECK(ru.v(1, 0) < T(0));
    CHECK(ru.v(2, 0) > T(0));
}

TEMPLATE_TEST_CASE("signs: the rule itself on hand-made columns (detail::apply_sign_rule)", "[signs][kernel]", float,
                   double, long double) {
    using T = TestType;
    // Columns of u: a tie of opposite signs (row 0 wins: negative, so flip), a tie with the
    // winner positive (keep), a clear negative maximum (flip), all zeros (keep, no -0).
    svdkit::matrix<T> u{{T(-0.5), T(0.5), T(0.25), T(0)},
                        {T(0.5), T(-0.5), T(-0.75), T(0)},
                        {T(0.5), T(0.5), T(0.5), T(0)}};
    svdkit::matrix<T> v{{1, 2, 3, 4}, {-1, -2, -3, -4}};
    const svdkit::matrix<T> u0 = u, v0 = v;
    svdkit::detail::apply_sign_rule(sign_rule::none, 4, u, v);
    CHECK(identical(u, u0));
    CHECK(identical(v, v0));
    svdkit::detail::apply_sign_rule(sign_rule::largest_positive, 4, u, v);
    const std::vector<int> expected = {-1, 1, -1, 1};
    for (std::size_t j = 0; j < 4; ++j) {
        INFO("column " << j);
        CHECK(column_relation(u0, u, j) == expected[j]);
        CHECK(column_relation(v0, v, j) == expected[j]);
    }
    // U not computed: v decides (column 0: row 0 = 1 wins the tie with -1, keep; column 1: keep;
    // a column whose largest entry is negative is flipped).
    svdkit::matrix<T> none_u;
    svdkit::matrix<T> w{{1, -2, 0}, {-1, 1, -3}};
    const svdkit::matrix<T> w0 = w;
    svdkit::detail::apply_sign_rule(sign_rule::largest_positive, 3, none_u, w);
    CHECK(none_u.size() == 0);
    CHECK(column_relation(w0, w, 0) == 1);
    CHECK(column_relation(w0, w, 1) == -1);
    CHECK(column_relation(w0, w, 2) == -1);
    // Neither side: nothing happens (and nothing is read).
    svdkit::matrix<T> e1, e2;
    svdkit::detail::apply_sign_rule(sign_rule::largest_positive, 3, e1, e2);
    CHECK(e1.size() == 0);
    CHECK(e2.size() == 0);
}

TEMPLATE_TEST_CASE("signs: randomized_svd with largest_positive", "[signs][randomized]", float, double, long double) {
    using T = TestType;
    for (const auto& mn : std::vector<std::pair<std::size_t, std::size_t>>{{80, 30}, {30, 80}, {40, 40}}) {
        INFO(shape_label(mn.first, mn.second));
        rng_t rng(seed_of(mn.first, mn.second, 2303));
        const std::size_t p = std::min(mn.first, mn.second);
        const svdkit::matrix<T> a =
            to_svdkit<T>(with_singular_values<T>(mn.first, mn.second, spectra::geometric(p, 1, 1e-6L), rng).a);
        svdkit::randomized_options o;
        o.seed = 7;
        const auto plain = svdkit::randomized_svd(a, 6, o);
        o.signs = sign_rule::largest_positive;
        const auto r = svdkit::randomized_svd(a, 6, o);
        check_rule(r.u, 6);
        check_pair_flips(plain, r);
        const auto again = svdkit::randomized_svd(a, 6, o);
        CHECK(identical(again.u, r.u));
        CHECK(identical(again.v, r.v));
        CHECK(identical(again.s, r.s));
        // an operator input: the same rule
        const auto ro = svdkit::randomized_svd(svdkit::dense_operator<T>(a.view()), 6, o);
        check_rule(ro.u, 6);
        svdkit::randomized_options o_plain;
        o_plain.seed = 7;
        check_pair_flips(svdkit::randomized_svd(svdkit::dense_operator<T>(a.view()), 6, o_plain), ro);
    }
}

TEMPLATE_TEST_CASE("signs: partial_svd with largest_positive", "[signs][partial_svd]", float, double, long double) {
    using T = TestType;
    // 200x60 and 60x200 go through the Lanczos iteration (tall, and wide on the transpose); 12x10
    // through the dense path (the subspace reaches min(m, n)).
    for (const auto& mn : std::vector<std::pair<std::size_t, std::size_t>>{{200, 60}, {60, 200}, {12, 10}}) {
        INFO(shape_label(mn.first, mn.second));
        rng_t rng(seed_of(mn.first, mn.second, 2318));
        const std::size_t p = std::min(mn.first, mn.second);
        const svdkit::matrix<T> a =
            to_svdkit<T>(with_singular_values<T>(mn.first, mn.second, spectra::geometric(p, 1, 1e-3L), rng).a);
        svdkit::partial_options o;
        const auto plain = svdkit::partial_svd(a, 4, o);
        o.signs = sign_rule::largest_positive;
        const auto r = svdkit::partial_svd(a, 4, o);
        check_rule(r.u, 4);
        check_pair_flips<T>(plain, r);
        CHECK(identical(plain.residuals, r.residuals));
        const auto again = svdkit::partial_svd(a, 4, o);
        CHECK(identical(again.u, r.u));
        CHECK(identical(again.v, r.v));
        CHECK(identical(again.s, r.s));
        // the operator overload
        const svdkit::dense_operator<T> op(a.view());
        const auto ro = svdkit::partial_svd(op, 4, o);
        check_rule(ro.u, 4);
        check_pair_flips<T>(svdkit::partial_svd(op, 4), ro);
    }
}
