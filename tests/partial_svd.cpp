// Tests include/svdkit/partial_svd.hpp, operator.hpp and sparse.hpp (issue 18): the k largest
// triplets of dense, CSR, centered and user-defined operators against the dense svd() (itself
// checked against Eigen by svd_properties), and the error contract.
//
// Units, with d = max(m, n), ε = ε_T, σ₀ the largest singular value:
//   residual    ‖Aᵀu_i − σ_i·v_i‖ / (σ₀·ε) <= 8 (the default tolerance) + d·rounding_allowance
//               (the products' own rounding: a length-d dot product per entry, γ_d·‖A‖)
//   value       |σ_i − σ_i^dense| / (σ₀·ε) <= residual bound + d·value_error_bound(m, n)
//               (a Ritz value lies within its residual of a singular value; the dense one within
//               its backward error)
//   orthogonality ‖I − UᵀU‖_F / (k·ε) <= orthogonality_bound, and the same for V.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::int64_t, std::uint64_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <stdexcept>  // std::invalid_argument, std::domain_error
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"

using Catch::Matchers::Contains;
using svdkit_test::orthogonality_bound;
using svdkit_test::rounding_allowance;
using svdkit_test::value_error_bound;

namespace {

template <class T>
T gauss(std::mt19937_64& g) {
    // Box-Muller on the top 53 bits: the same numbers on every standard library
    const double u1 = (static_cast<double>(g() >> 11) + 1) * 0x1.0p-53, u2 = static_cast<double>(g() >> 11) * 0x1.0p-53;
    return static_cast<T>(std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

// m×n with a decaying spectrum: Gaussian columns scaled by rate^j.
template <class T>
svdkit::matrix<T> decaying(std::size_t m, std::size_t n, double rate, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = gauss<T>(g) * static_cast<T>(std::pow(rate, double(j)));
    return a;
}

// U·diag(s)·Vᵀ with U, V the orthonormal factors of Gaussian matrices.
template <class T>
svdkit::matrix<T> with_spectrum(std::size_t m, std::size_t n, const std::vector<T>& s, std::uint64_t seed) {
    const auto qu = svdkit::svd(decaying<T>(m, s.size(), 1.0, seed)).u;
    const auto qv = svdkit::svd(decaying<T>(n, s.size(), 1.0, seed + 1)).u;
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            long double x = 0;
            for (std::size_t c = 0; c < s.size(); ++c)
                x += static_cast<long double>(qu(i, c)) * s[c] * static_cast<long double>(qv(j, c));
            a(i, j) = static_cast<T>(x);
        }
    return a;
}

template <class T>
long double orthogonality(const svdkit::matrix<T>& q) {
    long double sum = 0;
    for (std::size_t a = 0; a < q.cols(); ++a)
        for (std::size_t b = 0; b < q.cols(); ++b) {
            long double dot = 0;
            for (std::size_t i = 0; i < q.rows(); ++i) dot += static_cast<long double>(q(i, a)) * q(i, b);
            const long double g = (a == b ? 1.0L : 0.0L) - dot;
            sum += g * g;
        }
    return q.cols() == 0 ? 0 : std::sqrt(sum) / (static_cast<long double>(q.cols()) * std::numeric_limits<T>::epsilon());
}

long double residual_bound(std::size_t m, std::size_t n) {
    return 8 + static_cast<long double>(std::max(m, n)) * rounding_allowance;
}

// Every check of the header against the dense svd() of `dense` (the operator's matrix).
template <class T>
void check_against_dense(const svdkit::partial_svd_result<T>& r, const svdkit::matrix<T>& dense, std::size_t k) {
    const std::size_t m = dense.rows(), n = dense.cols();
    const auto full = svdkit::singular_values(dense);
    REQUIRE(r.s.size() == k);
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    REQUIRE(r.residuals.size() == k);
    const long double eps = std::numeric_limits<T>::epsilon();
    const long double s0 = full.empty() ? 0 : full[0];
    long double worst_value = 0, worst_residual = 0;
    for (std::size_t i = 0; i < k; ++i) {
        worst_value = std::max(worst_value, std::abs(static_cast<long double>(r.s[i]) - full[i]) / (s0 * eps));
        worst_residual = std::max(worst_residual, static_cast<long double>(r.residuals[i]) / (s0 * eps));
        if (i > 0) CHECK(r.s[i] <= r.s[i - 1]);
    }
    const long double rb = residual_bound(m, n);
    const long double vb = rb + static_cast<long double>(std::max(m, n)) * value_error_bound(m, n);
    INFO(m << "x" << n << ", k = " << k << ": value error " << static_cast<double>(worst_value) << " (bound "
           << static_cast<double>(vb) << "), residual " << static_cast<double>(worst_residual) << " (bound "
           << static_cast<double>(rb) << "), products " << r.products << ", restarts " << r.restarts);
    // Both sides measured here in long double, independently of what the header reports: the
    // reported residual must be the side that is not exact by construction (a wide A once
    // reported the trivial one), and both must be small.
    long double worst_av = 0, worst_atu = 0, worst_gap = 0;
    for (std::size_t i = 0; i < k; ++i) {
        long double av = 0, atu = 0;
        for (std::size_t q = 0; q < m; ++q) {
            long double x = 0;
            for (std::size_t c = 0; c < n; ++c) x += static_cast<long double>(dense(q, c)) * r.v(c, i);
            x -= static_cast<long double>(r.s[i]) * r.u(q, i);
            av += x * x;
        }
        for (std::size_t c = 0; c < n; ++c) {
            long double x = 0;
            for (std::size_t q = 0; q < m; ++q) x += static_cast<long double>(dense(q, c)) * r.u(q, i);
            x -= static_cast<long double>(r.s[i]) * r.v(c, i);
            atu += x * x;
        }
        av = std::sqrt(av) / (s0 * eps);
        atu = std::sqrt(atu) / (s0 * eps);
        worst_av = std::max(worst_av, av);
        worst_atu = std::max(worst_atu, atu);
        const long double reported = static_cast<long double>(r.residuals[i]) / (s0 * eps);
        worst_gap = std::max(worst_gap, std::max(av, atu) - reported);
    }
    INFO("measured here: ‖Av − σu‖ " << static_cast<double>(worst_av) << ", ‖Aᵀu − σv‖ "
                                     << static_cast<double>(worst_atu) << ", excess over the reported "
                                     << static_cast<double>(worst_gap));
    if (s0 > 0) {
        CHECK(worst_value <= vb);
        CHECK(worst_residual <= rb);
        CHECK(worst_av <= rb);
        CHECK(worst_atu <= rb);
        // what is reported covers what is measured, up to the products' rounding
        CHECK(worst_gap <= static_cast<long double>(std::max(m, n)) * rounding_allowance);
    }
    CHECK(orthogonality(r.u) <= orthogonality_bound);
    CHECK(orthogonality(r.v) <= orthogonality_bound);
}

// A CSR matrix with about `density`·m·n entries, its arrays and its dense copy.
template <class T, class Index>
struct sparse_case {
    std::vector<Index> ptr, idx;
    std::vector<T> val;
    svdkit::matrix<T> dense;
    sparse_case(std::size_t m, std::size_t n, double density, std::uint64_t seed) : dense(m, n) {
        std::mt19937_64 g(seed);
        ptr.push_back(0);
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < n; ++j)
                if (static_cast<double>(g() >> 11) * 0x1.0p-53 < density) {
                    const T x = gauss<T>(g);
                    idx.push_back(static_cast<Index>(j));
                    val.push_back(x);
                    dense(i, j) = x;
                }
            ptr.push_back(static_cast<Index>(idx.size()));
        }
    }
    svdkit::csr_view<T, Index> view() const {
        return svdkit::csr_view<T, Index>(dense.rows(), dense.cols(), ptr.data(), idx.data(), val.data());
    }
};

// A user's operator: diag(d) padded to m×n, with only the four members the concept asks for.
template <class T>
struct diagonal_operator {
    std::size_t m, n;
    std::vector<T> d;
    std::size_t rows() const { return m; }
    std::size_t cols() const { return n; }
    void apply(const svdkit::matrix<T>& x, svdkit::matrix<T>& y) const {
        for (std::size_t c = 0; c < x.cols(); ++c)
            for (std::size_t i = 0; i < m; ++i) y(i, c) = i < d.size() ? d[i] * x(i, c) : T(0);
    }
    void apply_transpose(const svdkit::matrix<T>& x, svdkit::matrix<T>& y) const {
        for (std::size_t c = 0; c < x.cols(); ++c)
            for (std::size_t j = 0; j < n; ++j) y(j, c) = j < d.size() ? d[j] * x(j, c) : T(0);
    }
};

// Returns NaN from its products once `after` of them have run.
struct poisoned_operator {
    mutable int calls = 0;
    int after = 3;
    std::size_t rows() const { return 80; }
    std::size_t cols() const { return 60; }
    void apply(const svdkit::matrix<double>& x, svdkit::matrix<double>& y) const {
        for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = ++calls > after ? std::nan("") : x.data()[i % x.size()];
    }
    void apply_transpose(const svdkit::matrix<double>& x, svdkit::matrix<double>& y) const { apply(x, y); }
};

}  // namespace

TEMPLATE_TEST_CASE("partial_svd: dense matrices, tall and wide, decaying and flat spectra", "[partial_svd]", float,
                   double, long double) {
    using T = TestType;
    struct shape {
        std::size_t m, n;
        double rate;
    };
    for (const shape s : {shape{300, 200, 0.97}, shape{200, 300, 0.97}, shape{400, 120, 1.0}, shape{150, 150, 0.9}})
        for (std::size_t k : {std::size_t{1}, std::size_t{6}, std::size_t{25}}) {
            const svdkit::matrix<T> a = decaying<T>(s.m, s.n, s.rate, 7);
            check_against_dense(svdkit::partial_svd(a, k), a, k);
        }
}

// k = 40 (subspace 80, 60 kept): the restarts keep U·P_l deferred as U(:, 0:q)·G over several
// cycles and form it where the columns run out; reorthogonalize_both forms it at every restart.
TEMPLATE_TEST_CASE("partial_svd: restarts with the kept long-side vectors deferred, tall and wide", "[partial_svd]",
                   float, double) {
    using T = TestType;
    // 260×150: deferred over two restarts and more (G·P composed); 100×90 full rank and of rank 84:
    // U breakdowns while deferred, which form U(:, 0:l) first.
    std::vector<T> low(84);
    for (std::size_t i = 0; i < low.size(); ++i) low[i] = static_cast<T>(std::pow(0.999, double(i)));
    const svdkit::matrix<T> cases[] = {decaying<T>(260, 150, 0.995, 21), decaying<T>(100, 90, 0.999, 22),
                                       with_spectrum<T>(100, 90, low, 23)};
    for (std::size_t c = 0; c < 3; ++c)
        for (const bool wide : {false, true}) {
            const svdkit::matrix<T>& tall = cases[c];
            const svdkit::matrix<T> a = wide ? svdkit::matrix<T>(tall.view().transpose()) : tall;
            const auto r = svdkit::partial_svd(a, 40);
            CHECK(r.restarts >= (c == 0 ? 2u : 1u));
            check_against_dense(r, a, 40);
            svdkit::partial_options both;
            both.reorthogonalize_both = true;
            check_against_dense(svdkit::partial_svd(a, 40, both), a, 40);
        }
}

TEMPLATE_TEST_CASE("partial_svd: csr_view with int and int64 indices, and centered", "[partial_svd][sparse]", float,
                   double, long double) {
    using T = TestType;
    const sparse_case<T, std::int64_t> s64(500, 240, 0.03, 11);
    check_against_dense(svdkit::partial_svd(s64.view(), 8), s64.dense, 8);
    const sparse_case<T, int> s32(180, 420, 0.05, 12);
    check_against_dense(svdkit::partial_svd(s32.view(), 5), s32.dense, 5);

    // centered: the mean of the columns, applied implicitly, against the dense centered matrix
    std::vector<T> mu(s64.dense.cols(), T(0));
    for (std::size_t j = 0; j < mu.size(); ++j) {
        for (std::size_t i = 0; i < s64.dense.rows(); ++i) mu[j] += s64.dense(i, j);
        mu[j] /= static_cast<T>(s64.dense.rows());
    }
    svdkit::matrix<T> c = s64.dense;
    for (std::size_t j = 0; j < c.cols(); ++j)
        for (std::size_t i = 0; i < c.rows(); ++i) c(i, j) -= mu[j];
    const auto view = s64.view();
    check_against_dense(svdkit::partial_svd(svdkit::centered(view, mu), 6), c, 6);
    check_against_dense(svdkit::partial_svd(svdkit::centered(s64.view(), mu), 6), c, 6);  // held by value
}

TEMPLATE_TEST_CASE("partial_svd: a user's operator, views, and the dense path at k near min(m, n)", "[partial_svd]",
                   float, double, long double) {
    using T = TestType;
    diagonal_operator<T> op{90, 70, {}};
    for (std::size_t i = 0; i < 70; ++i) op.d.push_back(static_cast<T>(1) / static_cast<T>(1 + i));
    svdkit::matrix<T> dense(90, 70);
    for (std::size_t i = 0; i < 70; ++i) dense(i, i) = op.d[i];
    check_against_dense(svdkit::partial_svd(op, 4), dense, 4);

    const svdkit::matrix<T> a = decaying<T>(40, 30, 0.9, 3);
    check_against_dense(svdkit::partial_svd(a, 30), a, 30);        // k = min(m, n): the dense path
    check_against_dense(svdkit::partial_svd(a.view(), 20), a, 20);  // subspace reaches min(m, n)
    const svdkit::matrix<T> at = a.transpose();
    // a row-major view of the same numbers (no copy)
    const svdkit::matrix_view<const T> rm(at.data(), 40, 30, svdkit::layout::row_major);
    check_against_dense(svdkit::partial_svd(rm, 3), a, 3);
    const svdkit::matrix<T> row = decaying<T>(1, 50, 1.0, 4), col = decaying<T>(50, 1, 1.0, 5);
    check_against_dense(svdkit::partial_svd(row, 1), row, 1);
    check_against_dense(svdkit::partial_svd(col, 1), col, 1);
}

TEMPLATE_TEST_CASE("partial_svd: rank-deficient operators, repeated values, clusters", "[partial_svd][hard]", float,
                   double, long double) {
    using T = TestType;
    // rank 3, k = 6: three values to rounding level, orthonormal vectors all the same
    const svdkit::matrix<T> r3 = with_spectrum<T>(120, 80, {T(3), T(2), T(1)}, 21);
    check_against_dense(svdkit::partial_svd(r3, 6), r3, 6);
    // a cluster 1, 1 − 1e-6, 1 − 2e-6 at the boundary of k = 2 and a gap below
    const svdkit::matrix<T> cl = with_spectrum<T>(150, 100, {T(4), T(1), T(1) - T(1e-6L), T(1) - T(2e-6L), T(0.1)}, 22);
    check_against_dense(svdkit::partial_svd(cl, 2), cl, 2);
    check_against_dense(svdkit::partial_svd(cl, 3), cl, 3);
    // an exact double value: the copies that are returned are accurate (see the header on
    // multiplicity); k = 2 stops inside the pair
    const svdkit::matrix<T> rep = with_spectrum<T>(150, 100, {T(5), T(2), T(2), T(1), T(0.5)}, 23);
    check_against_dense(svdkit::partial_svd(rep, 2), rep, 2);
    // every value exactly doubled (kron(I₂, B): two copies in exact arithmetic, not just to
    // rounding); k = 6 takes three pairs. Before the final Rayleigh-Ritz step the residual of
    // the 4th triplet was 32·ε·σ₀ here.
    const svdkit::matrix<T> b = decaying<T>(60, 60, 1.0, 24);
    svdkit::matrix<T> kb(120, 120);
    for (std::size_t j = 0; j < 60; ++j)
        for (std::size_t i = 0; i < 60; ++i) kb(i, j) = kb(i + 60, j + 60) = b(i, j);
    for (const std::size_t k : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{6}}) check_against_dense(svdkit::partial_svd(kb, k), kb, k);
    // a diagonal with a triple top value: the start vector meets each copy in one direction only
    svdkit::matrix<T> d(200, 150);
    for (std::size_t i = 0; i < 150; ++i) d(i, i) = i < 3 ? T(1) : static_cast<T>(0.5 * std::pow(0.99, double(i)));
    for (const std::size_t k : {std::size_t{2}, std::size_t{3}, std::size_t{4}}) check_against_dense(svdkit::partial_svd(d, k), d, k);
    // the zero operator: zero values, orthonormal vectors
    const svdkit::matrix<T> z(60, 50);
    const auto rz = svdkit::partial_svd(z, 3);
    for (const T s : rz.s) CHECK(s == T(0));
    CHECK(orthogonality(rz.u) <= orthogonality_bound);
    CHECK(orthogonality(rz.v) <= orthogonality_bound);
}

TEMPLATE_TEST_CASE("partial_svd: with a loose tolerance the reported residual is the real one, tall and wide",
                   "[partial_svd]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> tall = decaying<T>(300, 120, 0.99, 41);
    svdkit::matrix<T> wide(120, 300);
    for (std::size_t j = 0; j < 300; ++j)
        for (std::size_t i = 0; i < 120; ++i) wide(i, j) = tall(j, i);
    svdkit::partial_options o;
    o.tolerance = 1e-3;
    for (const svdkit::matrix<T>* a : std::vector<const svdkit::matrix<T>*>{&tall, &wide}) {
        const std::size_t m = a->rows(), n = a->cols();
        const auto r = svdkit::partial_svd(*a, 4, o);
        for (std::size_t i = 0; i < 4; ++i) {
            long double av = 0, atu = 0;
            for (std::size_t q = 0; q < m; ++q) {
                long double x = -static_cast<long double>(r.s[i]) * r.u(q, i);
                for (std::size_t c = 0; c < n; ++c) x += static_cast<long double>((*a)(q, c)) * r.v(c, i);
                av += x * x;
            }
            for (std::size_t c = 0; c < n; ++c) {
                long double x = -static_cast<long double>(r.s[i]) * r.v(c, i);
                for (std::size_t q = 0; q < m; ++q) x += static_cast<long double>((*a)(q, c)) * r.u(q, i);
                atu += x * x;
            }
            const long double measured = std::sqrt(std::max(av, atu));
            const long double slack = 300 * rounding_allowance * std::numeric_limits<T>::epsilon() * r.s[0];
            INFO(m << "x" << n << " triplet " << i << ": measured " << static_cast<double>(measured) << ", reported "
                   << static_cast<double>(r.residuals[i]));
            CHECK(measured <= static_cast<long double>(r.residuals[i]) + slack);
        }
    }
}

TEMPLATE_TEST_CASE("partial_svd: the deflation check that truncated_svd relies on finds a missed copy",
                   "[partial_svd][hard]", float, double, long double) {
    using T = TestType;
    // diag(1, 1, 0.5, 0.4, …): triplets {(1, e0), (0.5, e2)} miss the copy (1, e1); the triplets
    // {(1, e0), (1, e1)} miss nothing (the next σ is 0.5).
    const std::size_t m = 90, n = 70;
    svdkit::matrix<T> d(m, n);
    for (std::size_t i = 0; i < n; ++i) d(i, i) = i < 2 ? T(1) : static_cast<T>(0.5 * std::pow(0.98, double(i - 2)));
    const svdkit::dense_operator<T> op(d.view());
    auto triplets = [&](std::size_t a, std::size_t b) {
        svdkit::partial_svd_result<T> r;
        r.u = svdkit::matrix<T>(m, 2);
        r.v = svdkit::matrix<T>(n, 2);
        r.u(a, 0) = r.v(a, 0) = T(1);
        r.u(b, 1) = r.v(b, 1) = T(1);
        r.s = {d(a, a), d(b, b)};
        r.residuals = {T(0), T(0)};
        return r;
    };
    CHECK(svdkit::detail::misses_a_triplet(op, triplets(0, 2), "test"));
    CHECK_FALSE(svdkit::detail::misses_a_triplet(op, triplets(0, 1), "test"));
    CHECK_FALSE(svdkit::detail::misses_a_triplet(op, triplets(1, 0), "test"));
    // and through truncated_svd at the Lanczos sizes: a triple value across the k = 2 boundary
    svdkit::matrix<T> big(600, 450);
    for (std::size_t i = 0; i < 450; ++i) big(i, i) = i < 3 ? T(1) : static_cast<T>(0.5 * std::pow(0.99, double(i)));
    const auto t = svdkit::truncated_svd(big, 2);
    CHECK(std::abs(t.s[1] - T(1)) <= 8 * std::numeric_limits<T>::epsilon());
}

TEMPLATE_TEST_CASE("partial_svd: the same seed gives the same bits, another seed the same values", "[partial_svd]",
                   float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a = decaying<T>(200, 150, 0.95, 31);
    svdkit::partial_options o;
    o.seed = 5;
    const auto r1 = svdkit::partial_svd(a, 5, o), r2 = svdkit::partial_svd(a, 5, o);
    CHECK(r1.s == r2.s);
    CHECK(std::equal(r1.u.data(), r1.u.data() + r1.u.size(), r2.u.data()));
    o.seed = 6;
    check_against_dense(svdkit::partial_svd(a, 5, o), a, 5);
}

TEST_CASE("partial_svd: the error contract", "[partial_svd][errors]") {
    const svdkit::matrix<double> a = decaying<double>(50, 40, 0.9, 41);
    CHECK_THROWS_WITH(svdkit::partial_svd(a, 41), Contains("0 <= k <= min(rows, cols) (= 40)"));
    CHECK_THROWS_AS(svdkit::partial_svd(a, -1), std::invalid_argument);
    // empty: k = 0 only, shapes kept
    const svdkit::matrix<double> e(0, 5);
    const auto re = svdkit::partial_svd(e, 0);
    CHECK(re.s.empty());
    CHECK(re.v.rows() == 5);
    CHECK(re.v.cols() == 0);
    CHECK(svdkit::partial_svd(a, 0).s.empty());

    svdkit::matrix<double> nan = a;
    nan(3, 7) = std::nan("");
    nan(2, 9) = -std::numeric_limits<double>::infinity();
    try {
        svdkit::partial_svd(nan, 2);
        FAIL("a NaN was accepted");
    } catch (const svdkit::non_finite_input& x) {
        CHECK(x.row() == 2);
        CHECK(x.col() == 9);
    }
    // the same in a CSR operator: named by (row, column), not by storage position
    std::vector<std::int64_t> ptr{0, 2, 4}, idx{2, 0, 1, 0};
    std::vector<double> val{1.0, std::nan(""), 2.0, std::numeric_limits<double>::infinity()};
    try {
        svdkit::partial_svd(svdkit::csr_view<double>(2, 3, ptr.data(), idx.data(), val.data()), 1);
        FAIL("a NaN in a csr_view was accepted");
    } catch (const svdkit::non_finite_input& x) {
        CHECK(x.row() == 0);
        CHECK(x.col() == 0);
    }
    // a user's operator whose products turn NaN
    CHECK_THROWS_AS(svdkit::partial_svd(poisoned_operator{}, 2), std::domain_error);
    // an iteration bound too small for the tolerance asked for
    svdkit::partial_options o;
    o.max_restarts = 1;
    o.tolerance = 1e-300;
    try {
        svdkit::partial_svd(decaying<double>(300, 200, 1.0, 42), 10, o);
        FAIL("no_convergence expected");
    } catch (const svdkit::no_convergence& x) {
        CHECK(x.total() == 10);
        CHECK(x.converged() < 10);
        CHECK_THAT(x.what(), Contains("Lanczos"));
    }
}

TEST_CASE("csr_view: malformed structure is rejected, naming the index", "[partial_svd][sparse][errors]") {
    const std::vector<double> val{1, 2, 3};
    const std::vector<std::int64_t> idx{0, 2, 1};
    const std::vector<std::int64_t> bad_first{1, 2, 3}, decreasing{0, 2, 1}, good{0, 2, 3};
    CHECK_THROWS_WITH(svdkit::csr_view<double>(2, 3, bad_first.data(), idx.data(), val.data()),
                      Contains("row_ptr[0] = 1 must be 0"));
    CHECK_THROWS_WITH(svdkit::csr_view<double>(2, 3, decreasing.data(), idx.data(), val.data()),
                      Contains("row_ptr[2] = 1 is less than row_ptr[1] = 2"));
    const std::vector<std::int64_t> out_of_range{0, 5, 1};
    CHECK_THROWS_WITH(svdkit::csr_view<double>(2, 3, good.data(), out_of_range.data(), val.data()),
                      Contains("col_idx[1] = 5 (row 0) is outside [0, 3)"));
    const std::vector<int> negative{0, -1, 1}, good32{0, 2, 3};
    CHECK_THROWS_WITH((svdkit::csr_view<double, int>(2, 3, good32.data(), negative.data(), val.data())),
                      Contains("col_idx[1] = -1 (row 0) is outside [0, 3)"));
    CHECK_THROWS_AS(svdkit::csr_view<double>(2, 3, nullptr, idx.data(), val.data()), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::csr_view<double>(2, 3, good.data(), nullptr, val.data()), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::csr_view<double>(-2, 3, good.data(), idx.data(), val.data()), std::invalid_argument);
    // products check their blocks' shapes
    const svdkit::csr_view<double> a(2, 3, good.data(), idx.data(), val.data());
    svdkit::matrix<double> x(2, 1), y(2, 1);
    CHECK_THROWS_AS(a.apply(x, y), std::invalid_argument);
    // centered: the mean must have one entry per column
    CHECK_THROWS_WITH(svdkit::centered(a, {1.0, 2.0}), Contains("the mean has 2 entries but the operator has 3"));
    // duplicates add up, unsorted columns are fine: [[1 0 2], [0 3 0]] with row 0 as (2 at 2, 1 at 0)
    const std::vector<std::int64_t> idx2{2, 0, 1};
    const std::vector<double> val2{2, 1, 3};
    const svdkit::csr_view<double> b(2, 3, good.data(), idx2.data(), val2.data());
    svdkit::matrix<double> ones(3, 1), out(2, 1);
    for (std::size_t i = 0; i < 3; ++i) ones(i, 0) = 1;
    b.apply(ones, out);
    CHECK(out(0, 0) == 3.0);
    CHECK(out(1, 0) == 3.0);
}

TEMPLATE_TEST_CASE("randomized_svd: on operators, with no dense copy", "[partial_svd][randomized]", float, double,
                   long double) {
    using T = TestType;
    // a sparse matrix with a decaying spectrum: rows scaled by 0.9^i
    sparse_case<T, std::int64_t> s(300, 200, 0.1, 51);
    for (std::size_t i = 0; i < s.dense.rows(); ++i)
        for (auto k = static_cast<std::size_t>(s.ptr[i]); k < static_cast<std::size_t>(s.ptr[i + 1]); ++k) {
            s.val[k] *= static_cast<T>(std::pow(0.9, double(i)));
            s.dense(i, static_cast<std::size_t>(s.idx[k])) = s.val[k];
        }
    const auto full = svdkit::singular_values(s.dense);
    const auto r = svdkit::randomized_svd(s.view(), 5);
    REQUIRE(r.s.size() == 5);
    CHECK(r.u.rows() == 300);
    CHECK(r.v.rows() == 200);
    // with q = 7 power iterations on a spectrum decaying by ~0.9 per value the leading values are
    // exact to the working precision: the same bound as partial_svd's
    const long double eps = std::numeric_limits<T>::epsilon();
    const long double vb = residual_bound(300, 200) + 300 * value_error_bound(300, 200);
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(std::abs(static_cast<long double>(r.s[i]) - full[i]) / (full[0] * eps) <= vb);
    CHECK(orthogonality(r.u) <= orthogonality_bound);
    CHECK(orthogonality(r.v) <= orthogonality_bound);
    // the dense overload reads the matrix through the same products
    const auto rd = svdkit::randomized_svd(s.dense, 5);
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(std::abs(static_cast<long double>(rd.s[i]) - r.s[i]) / (full[0] * eps) <= 2 * vb);
    CHECK_THROWS_AS(svdkit::randomized_svd(poisoned_operator{}, 2), std::domain_error);
    CHECK_THROWS_AS(svdkit::randomized_svd(s.view(), 201), std::invalid_argument);
}

TEMPLATE_TEST_CASE("pca: the lanczos solver, and sparse data centered implicitly", "[partial_svd][pca]", float, double,
                   long double) {
    using T = TestType;
    const long double eps = std::numeric_limits<T>::epsilon();
    // Compares two fits of the same data: values relative to the largest variance, components
    // entrywise (svd_flip fixes their signs), to the partial SVD's value bound.
    auto same_fit = [&](const svdkit::pca<T>& a, const svdkit::pca<T>& b, std::size_t m, std::size_t n) {
        const long double vb = residual_bound(m, n) + static_cast<long double>(std::max(m, n)) * value_error_bound(m, n);
        REQUIRE(a.n_components() == b.n_components());
        const long double ev0 = b.explained_variance()[0];
        const long double s0 = b.singular_values()[0];
        for (std::size_t i = 0; i < a.n_components(); ++i) {
            CHECK(std::abs(static_cast<long double>(a.singular_values()[i]) - b.singular_values()[i]) / (s0 * eps) <= vb);
            CHECK(std::abs(static_cast<long double>(a.explained_variance()[i]) - b.explained_variance()[i]) /
                      (ev0 * eps) <= 2 * vb);
            CHECK(std::abs(static_cast<long double>(a.explained_variance_ratio()[i]) - b.explained_variance_ratio()[i]) /
                      eps <= 2 * vb);
        }
        CHECK(std::abs(static_cast<long double>(a.noise_variance()) - b.noise_variance()) / (ev0 * eps) <= 2 * vb);
        for (std::size_t j = 0; j < a.mean().size(); ++j)
            CHECK(std::abs(static_cast<long double>(a.mean()[j]) - b.mean()[j]) <= 4 * eps * (1 + std::abs(b.mean()[j])));
        // components: well separated values (the spectra below decay), so each axis to the
        // value bound over the gap, which is at least a tenth of σ₀ here
        for (std::size_t c = 0; c < a.n_components(); ++c)
            for (std::size_t j = 0; j < n; ++j)
                CHECK(std::abs(static_cast<long double>(a.components()(c, j)) - b.components()(c, j)) / eps <= 20 * vb);
    };

    svdkit::matrix<T> x = decaying<T>(300, 80, 0.8, 61);
    for (std::size_t j = 0; j < x.cols(); ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) x(i, j) += static_cast<T>(j % 7);  // offsets to center away
    svdkit::pca_options lo, fo;
    lo.solver = svdkit::pca_solver::lanczos;
    fo.solver = svdkit::pca_solver::full;
    svdkit::pca<T> pl(4, lo), pf(4, fo);
    pl.fit(x);
    pf.fit(x);
    CHECK(pl.solver_used() == svdkit::pca_solver::lanczos);
    same_fit(pl, pf, 300, 80);
    CHECK_THROWS_AS(svdkit::pca<T>(0.5, lo), std::invalid_argument);

    // sparse: fit, fit_transform and transform of a CSR matrix against the dense ones
    sparse_case<T, std::int64_t> s(400, 60, 0.2, 62);
    for (std::size_t i = 0; i < s.dense.rows(); ++i)
        for (auto k = static_cast<std::size_t>(s.ptr[i]); k < static_cast<std::size_t>(s.ptr[i + 1]); ++k) {
            const std::size_t j = static_cast<std::size_t>(s.idx[k]);
            s.val[k] = s.val[k] * static_cast<T>(std::pow(0.85, double(j))) + T(1);  // a decaying spectrum, nonzero means
            s.dense(i, j) = s.val[k];
        }
    svdkit::pca<T> ps(3), pd(3, fo);
    const svdkit::matrix<T> zs = ps.fit_transform(s.view());
    pd.fit(s.dense);
    CHECK(ps.solver_used() == svdkit::pca_solver::lanczos);
    same_fit(ps, pd, 400, 60);
    const svdkit::matrix<T> zt = ps.transform(s.view()), zd = ps.transform(s.dense);
    REQUIRE(zt.rows() == 400);
    REQUIRE(zs.cols() == 3);
    long double worst = 0;
    for (std::size_t i = 0; i < zt.size(); ++i)
        worst = std::max({worst, std::abs(static_cast<long double>(zt.data()[i]) - zd.data()[i]),
                          std::abs(static_cast<long double>(zs.data()[i]) - zd.data()[i])});
    CHECK(worst / (static_cast<long double>(pd.singular_values()[0]) * eps) <= residual_bound(400, 60) * 20);
    svdkit::pca<T> frac(0.5);
    CHECK_THROWS_AS(frac.fit(s.view()), std::invalid_argument);
}

namespace {
// A user's operator over a dense matrix, with only the four members of the concept (so pca sees
// no csr_view and no dense_operator), counting its products.
template <class T>
struct user_dense {
    const svdkit::matrix<T>* a;
    mutable std::size_t products = 0;
    std::size_t rows() const { return a->rows(); }
    std::size_t cols() const { return a->cols(); }
    void apply(const svdkit::matrix<T>& x, svdkit::matrix<T>& y) const {
        ++products;
        svdkit::make_operator(*a).apply(x, y);
    }
    void apply_transpose(const svdkit::matrix<T>& x, svdkit::matrix<T>& y) const {
        ++products;
        svdkit::make_operator(*a).apply_transpose(x, y);
    }
};
}  // namespace

TEMPLATE_TEST_CASE("pca: any operator is fitted with implicit centering, tall and wide", "[partial_svd][pca]", float,
                   double, long double) {
    using T = TestType;
    const long double eps = std::numeric_limits<T>::epsilon();
    svdkit::pca_options fo;
    fo.solver = svdkit::pca_solver::full;
    // tall (total variance from column norms) and wide (from row norms): both sides of the
    // identity-block path, with 64 + a remainder columns in the wide case
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{300, 80}, {90, 150}}) {
        const std::size_t m = shape.first, n = shape.second;
        svdkit::matrix<T> x = decaying<T>(m, n, 0.8, 71 + m);
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < m; ++i) x(i, j) += static_cast<T>(j % 5) - 2;
        const user_dense<T> op{&x};
        svdkit::pca<T> po(4), pf(4, fo);
        const svdkit::matrix<T> zo = po.fit_transform(op);
        const svdkit::matrix<T> zf = pf.fit_transform(x);
        CHECK(po.solver_used() == svdkit::pca_solver::lanczos);
        CHECK(op.products > 0);
        const long double vb = residual_bound(m, n) + static_cast<long double>(std::max(m, n)) * value_error_bound(m, n);
        const long double s0 = pf.singular_values()[0], ev0 = pf.explained_variance()[0];
        REQUIRE(po.n_components() == 4);
        for (std::size_t i = 0; i < 4; ++i) {
            CHECK(std::abs(static_cast<long double>(po.singular_values()[i]) - pf.singular_values()[i]) / (s0 * eps) <= vb);
            CHECK(std::abs(static_cast<long double>(po.explained_variance_ratio()[i]) -
                           pf.explained_variance_ratio()[i]) / eps <= 2 * vb);
        }
        CHECK(std::abs(static_cast<long double>(po.noise_variance()) - pf.noise_variance()) / (ev0 * eps) <= 2 * vb);
        for (std::size_t j = 0; j < n; ++j)
            CHECK(std::abs(static_cast<long double>(po.mean()[j]) - pf.mean()[j]) <=
                  4 * static_cast<long double>(m) * eps * (1 + std::abs(static_cast<long double>(pf.mean()[j]))));
        // scores: from the fit, and transform of the operator, against the dense transform
        const svdkit::matrix<T> zt = po.transform(op), zd = po.transform(x);
        long double worst = 0;
        for (std::size_t i = 0; i < zd.size(); ++i)
            worst = std::max({worst, std::abs(static_cast<long double>(zt.data()[i]) - zd.data()[i]),
                              std::abs(static_cast<long double>(zo.data()[i]) - zf.data()[i])});
        CHECK(worst / (s0 * eps) <= 20 * vb);
    }

    // errors leave a previous fit unchanged: a fraction, too many components, a NaN product
    svdkit::matrix<T> x = decaying<T>(40, 30, 0.8, 5);
    const user_dense<T> op{&x};
    svdkit::pca<T> p(3);
    p.fit(op);
    const std::vector<T> before = p.singular_values();
    svdkit::pca<T> frac(0.5), many(31);
    CHECK_THROWS_WITH(frac.fit(op), Contains("fractional"));
    CHECK_THROWS_AS(many.fit(op), std::invalid_argument);
    x(3, 4) = std::numeric_limits<T>::quiet_NaN();
    CHECK_THROWS_AS(p.fit(op), std::domain_error);
    CHECK_THROWS_AS(p.transform(op), std::domain_error);
    CHECK(p.singular_values() == before);
}
