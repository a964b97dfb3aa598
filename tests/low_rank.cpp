// Tests include/svdkit/low_rank.hpp: truncated_svd, low_rank (Eckart-Young-Mirsky), the factored
// form low_rank_factors, choose_rank and low_rank_for_error.
//
// Every measurement is made in wide_t<T> (double for float, long double otherwise) and divided by
// what rounding in T allows, so each bound below is a dimension-free constant:
//   d = max(m, n), ε = ε_T, ‖A‖_F the Frobenius norm of the input.
#include <catch2/catch.hpp>

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::sqrt, std::nextafter
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string
#include <type_traits>  // std::is_same
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "low_rank_support.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using Catch::Matchers::Contains;

namespace {

// |stated − direct|/(‖A‖_F·d·ε) for error_2 and error_f: the stated value is σ_k of the computed
// SVD, the direct one is measured on the computed A_k; both differ from the exact σ_k by at most
// the SVD's backward error (reconstruction_bound in these units), so the difference by twice that.
long double stated_error_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// |fraction_kept − ‖A_k‖_F²/‖A‖_F²|/(d·ε): a ratio of sums of squares, each moved by the backward
// error twice over (squares), numerator and denominator: 4 backward errors.
long double fraction_kept_bound(std::size_t m, std::size_t n) { return 4 * reconstruction_bound(m, n); }

// Eckart-Young: (error_f − ‖A − B‖_F)/(‖A‖_F·d·ε) for any rank-k B may exceed 0 only by the
// rounding in the stated error_f (see stated_error_bound); the 2-norm likewise.
long double optimality_slack(std::size_t m, std::size_t n) { return stated_error_bound(m, n); }

// ‖apply(X) − A_k·X‖_F/(σ₀·‖X‖_F·d·ε): two evaluation orders of U·Σ·Vᵀ·X from the same factors,
// each with a relative rounding error of at most (k + d)·ε per entry (inner products of length
// k and n or m, k <= d): 2 in these units.
constexpr long double apply_bound = 2.0L;

struct shape {
    std::size_t m, n;
};

std::vector<shape> shapes() { return {{40, 25}, {25, 40}, {30, 30}, {9, 1}, {1, 9}, {1, 1}}; }

/// A test input with a graded spectrum 1 … 1e-3 (distinct values, well separated relative to ε).
template <class T>
dense<T> graded_input(shape sh, std::size_t salt) {
    rng_t rng(seed_of(sh.m, sh.n, salt));
    return with_singular_values<T>(sh.m, sh.n, spectra::geometric(std::min(sh.m, sh.n), 1.0L, 1e-3L), rng).a;
}

template <class W, class T>
long double frobenius(const dense<T>& a) {
    return static_cast<long double>(a.template cast<W>().norm());
}

/// The leading k columns of an svdkit matrix, as a new matrix.
template <class T>
svdkit::matrix<T> leading_columns(const svdkit::matrix<T>& x, std::size_t k) {
    svdkit::matrix<T> y(x.rows(), k);
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) y(i, j) = x(i, j);
    return y;
}

std::string range_message(std::size_t p) { return "0 <= k <= min(rows, cols) (= " + std::to_string(p) + ")"; }

}  // namespace

TEMPLATE_TEST_CASE("truncated_svd: the leading k triplets of svd()", "[low_rank][truncated_svd]", float, double,
                   long double) {
    using T = TestType;
    const shape sh = GENERATE(from_range(shapes()));
    const std::size_t p = std::min(sh.m, sh.n);
    const std::size_t k = GENERATE_COPY(values<std::size_t>({0, 1, p / 2, p}));
    INFO(type_name<T>() << " " << shape_label(sh.m, sh.n) << " k = " << k);
    const svdkit::matrix<T> a = to_svdkit(graded_input<T>(sh, 1));

    const svdkit::svd_result<T> full = svdkit::svd(a);
    const svdkit::svd_result<T> t = svdkit::truncated_svd(a, k);
    REQUIRE(t.u.rows() == sh.m);
    REQUIRE(t.u.cols() == k);
    REQUIRE(t.s.size() == k);
    REQUIRE(t.v.rows() == sh.n);
    REQUIRE(t.v.cols() == k);
    // Below the Lanczos crossover (min(m, n) < 400) the documented cost is one thin svd(),
    // truncated: so the leading part, bit for bit.
    REQUIRE_FALSE(svdkit::detail::truncated_by_lanczos(sh.m, sh.n, k));
    CHECK(identical(t.s, std::vector<T>(full.s.begin(), full.s.begin() + static_cast<std::ptrdiff_t>(k))));
    CHECK(identical(t.u, leading_columns(full.u, k)));
    CHECK(identical(t.v, leading_columns(full.v, k)));

    // A size_t k and an int k are the same request.
    CHECK(identical(svdkit::truncated_svd(a, static_cast<int>(k)).s, t.s));
}

TEMPLATE_TEST_CASE("truncated_svd: small k of a large matrix by Lanczos, with the thin SVD's accuracy",
                   "[low_rank][truncated_svd]", float, double, long double) {
    using T = TestType;
    // Tall and wide, k = 1 and k = min(m, n)/40 (the crossover's edge), known σ (graded 1 … 1e-3)
    // with a pair at the k boundary of the larger k.
    for (const shape sh : {shape{520, 400}, shape{400, 640}}) {
        const std::size_t p = std::min(sh.m, sh.n);
        std::vector<long double> sigma = spectra::geometric(p, 1.0L, 1e-3L);
        sigma[p / 40] = sigma[p / 40 - 1];
        rng_t rng(seed_of(sh.m, sh.n, 7));
        const known_matrix<T> km = with_singular_values<T>(sh.m, sh.n, sigma, rng);
        const svdkit::matrix<T> a = to_svdkit(km.a);
        for (const std::size_t k : {std::size_t{1}, p / 40}) {
            INFO(type_name<T>() << " " << shape_label(sh.m, sh.n) << " k = " << k);
            REQUIRE(svdkit::detail::truncated_by_lanczos(sh.m, sh.n, k));
            const svdkit::svd_result<T> t = svdkit::truncated_svd(a, k);
            REQUIRE(t.s.size() == k);
            REQUIRE(t.u.rows() == sh.m);
            REQUIRE(t.u.cols() == k);
            REQUIRE(t.v.rows() == sh.n);
            REQUIRE(t.v.cols() == k);
            const std::vector<long double> ref(km.sigma.begin(), km.sigma.begin() + static_cast<std::ptrdiff_t>(k));
            // σ: the thin SVD's bound (the Lanczos residual, 8·ε·σ₀ plus the products' rounding,
            // is below it in these units for max(m, n) >= 400)
            const long double ve = value_error_ratio(t.s, ref, sh.m, sh.n);
            INFO("value error " << static_cast<double>(ve) << " (bound " << static_cast<double>(value_error_bound(sh.m, sh.n))
                                << ")");
            CHECK(ve <= value_error_bound(sh.m, sh.n));
            CHECK(sorted_non_negative(t.s));
            CHECK(orthogonality_ratio(to_dense<T>(t.u)) <= orthogonality_bound);
            CHECK(orthogonality_ratio(to_dense<T>(t.v)) <= orthogonality_bound);
        }
    }
}

TEMPLATE_TEST_CASE("truncated_svd, low_rank: k outside 0..min(m, n) is rejected with the range", "[low_rank][errors]",
                   float, double, long double) {
    using T = TestType;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{0, 3}, shape{3, 3});
    const std::size_t p = std::min(sh.m, sh.n);
    INFO(shape_label(sh.m, sh.n));
    const svdkit::matrix<T> a(sh.m, sh.n, T(1));

    CHECK_THROWS_MATCHES(svdkit::truncated_svd(a, -1), std::invalid_argument,
                         Catch::Matchers::Message("svdkit::truncated_svd: k (= -1) must satisfy " + range_message(p)));
    CHECK_THROWS_WITH(svdkit::truncated_svd(a, p + 1), Contains("k (= " + std::to_string(p + 1) + ")") &&
                                                           Contains(range_message(p)));
    CHECK_THROWS_AS(svdkit::truncated_svd(a, static_cast<long long>(p) + 1), std::invalid_argument);
    CHECK_THROWS_MATCHES(svdkit::low_rank(a, -1), std::invalid_argument,
                         Catch::Matchers::Message("svdkit::low_rank: k (= -1) must satisfy " + range_message(p)));
    CHECK_THROWS_WITH(svdkit::low_rank(a, p + 1), Contains("svdkit::low_rank") && Contains(range_message(p)));
    // The edges themselves are valid.
    CHECK_NOTHROW(svdkit::truncated_svd(a, 0));
    CHECK_NOTHROW(svdkit::truncated_svd(a, p));
    CHECK_NOTHROW(svdkit::low_rank(a, 0));
    CHECK_NOTHROW(svdkit::low_rank(a, p));
}

TEMPLATE_TEST_CASE("low_rank: error_2 and error_f equal ||A - A_k|| measured directly", "[low_rank][eckart_young]",
                   float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape sh = GENERATE(from_range(shapes()));
    const std::size_t p = std::min(sh.m, sh.n);
    const std::size_t k = GENERATE_COPY(values<std::size_t>({0, 1, p / 3, p - 1, p}));
    const std::string where = shape_label(sh.m, sh.n) + " k=" + std::to_string(k);
    INFO(type_name<T>() << " " << where);
    const dense<T> ad = graded_input<T>(sh, 2);
    const svdkit::matrix<T> a = to_svdkit(ad);
    const long double d = static_cast<long double>(std::max(sh.m, sh.n));
    const long double norm_f = frobenius<W>(ad);

    const svdkit::low_rank_approximation<T> lr = svdkit::low_rank(a, k);
    REQUIRE(lr.k == k);
    REQUIRE(lr.approximation.rows() == sh.m);
    REQUIRE(lr.approximation.cols() == sh.n);
    REQUIRE(lr.factors.rank() == k);
    CHECK(identical(lr.singular_values, svdkit::singular_values(a)));
    CHECK(identical(lr.approximation, lr.factors.to_matrix()));
    // The theorem's values, read off the singular values (none of these is below the threshold).
    CHECK(identical(lr.error_2, k < p ? lr.singular_values[k] : T(0)));

    const dense<W> diff = ad.template cast<W>() - to_dense<W>(lr.approximation);
    const long double direct_f = static_cast<long double>(diff.norm());
    const long double direct_2 = spectral_norm(diff);
    const long double unit = norm_f * d * eps<T>();

    const long double ratio_f = safe_ratio(std::fabs(static_cast<long double>(lr.error_f) - direct_f), unit);
    INFO("error_f = " << static_cast<long double>(lr.error_f) << ", ||A - A_k||_F = " << direct_f << ", ratio "
                      << static_cast<double>(ratio_f));
    CHECK(ratio_f <= stated_error_bound(sh.m, sh.n));
    const long double ratio_2 = safe_ratio(std::fabs(static_cast<long double>(lr.error_2) - direct_2), unit);
    INFO("error_2 = " << static_cast<long double>(lr.error_2) << ", ||A - A_k||_2 = " << direct_2 << ", ratio "
                      << static_cast<double>(ratio_2));
    CHECK(ratio_2 <= stated_error_bound(sh.m, sh.n));
    note_ratio("low_rank", type_name<T>(), "|error_f - direct|", ratio_f, where);
    note_ratio("low_rank", type_name<T>(), "|error_2 - direct|", ratio_2, where);

    // fraction_kept = ‖A_k‖_F²/‖A‖_F², measured on the dense A_k.
    const long double kept_direct = std::pow(frobenius<W>(to_dense<T>(lr.approximation)) / norm_f, 2.0L);
    const long double ratio_kept = std::fabs(static_cast<long double>(lr.fraction_kept) - kept_direct) / (d * eps<T>());
    INFO("fraction_kept = " << static_cast<long double>(lr.fraction_kept) << ", ||A_k||_F^2/||A||_F^2 = "
                            << kept_direct << ", ratio " << static_cast<double>(ratio_kept));
    CHECK(ratio_kept <= fraction_kept_bound(sh.m, sh.n));
    CHECK(lr.fraction_kept >= T(0));
    CHECK(lr.fraction_kept <= T(1));
    if (k == 0) CHECK(lr.fraction_kept == T(0));
    if (k == p) {
        CHECK(lr.fraction_kept == T(1));
        CHECK(lr.error_2 == T(0));
        CHECK(lr.error_f == T(0));
    }
    // The threshold is the library's default rank tolerance, max(m, n)·ε·σ₀.
    REQUIRE_THAT(static_cast<long double>(lr.threshold),
                 near_rel(d * eps<T>() * static_cast<long double>(lr.singular_values[0]), 4 * eps<T>()));
}

TEMPLATE_TEST_CASE("low_rank: the errors are exactly 0 when k >= rank", "[low_rank][eckart_young]", float, double,
                   long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape sh = GENERATE(shape{30, 20}, shape{20, 30}, shape{25, 25});
    const std::size_t r = 6;
    rng_t rng(seed_of(sh.m, sh.n, 3));
    const dense<T> ad = exact_rank<T>(sh.m, sh.n, r, rng);
    const svdkit::matrix<T> a = to_svdkit(ad);
    const long double d = static_cast<long double>(std::max(sh.m, sh.n));
    const long double norm_f = frobenius<W>(ad);

    for (std::size_t k = r; k <= std::min(sh.m, sh.n); k += 3) {
        INFO(type_name<T>() << " " << shape_label(sh.m, sh.n) << " rank " << r << ", k = " << k);
        const auto lr = svdkit::low_rank(a, k);
        INFO("error_2 = " << lr.error_2 << ", error_f = " << lr.error_f << ", fraction_kept = " << lr.fraction_kept);
        CHECK(lr.error_2 == T(0));
        CHECK(lr.error_f == T(0));
        CHECK(lr.fraction_kept == T(1));
        // And A_k reproduces A (the theorem's 0, up to the SVD's backward error).
        const long double recon =
            static_cast<long double>((ad.template cast<W>() - to_dense<W>(lr.approximation)).norm()) /
            (norm_f * d * eps<T>());
        INFO("||A - A_k||_F/(||A||_F d eps) = " << static_cast<double>(recon));
        CHECK(recon <= reconstruction_bound(sh.m, sh.n));
    }
    // Below the rank the errors are positive: σ_{r−1} of an integer matrix of rank r is far above
    // the threshold.
    const auto below = svdkit::low_rank(a, r - 1);
    INFO("k = r - 1: error_2 = " << below.error_2 << ", threshold " << below.threshold);
    CHECK(below.error_2 > below.threshold);
    CHECK(below.error_f >= below.error_2);
    CHECK(below.fraction_kept < T(1));
}

TEMPLATE_TEST_CASE("low_rank: no rank-k matrix does better (Eckart-Young-Mirsky)", "[low_rank][eckart_young]", float,
                   double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape sh = GENERATE(shape{24, 16}, shape{16, 24});
    const std::size_t k = 4;
    const std::string where = shape_label(sh.m, sh.n) + " k=4";
    INFO(type_name<T>() << " " << where);
    const dense<T> ad = graded_input<T>(sh, 4);
    const dense<W> aw = ad.template cast<W>();
    const long double d = static_cast<long double>(std::max(sh.m, sh.n));
    const long double slack = optimality_slack(sh.m, sh.n) * frobenius<W>(ad) * d * eps<T>();

    const auto lr = svdkit::low_rank(to_svdkit(ad), k);
    const dense<W> uk = to_dense<W>(lr.factors.u);
    const dense<W> vk = to_dense<W>(lr.factors.v);
    const long double best_f = static_cast<long double>(lr.error_f);
    const long double best_2 = static_cast<long double>(lr.error_2);

    rng_t rng(seed_of(sh.m, sh.n, 5));
    long double worst_margin_f = std::numeric_limits<long double>::infinity();  // min over B of ‖A−B‖_F − error_f
    long double worst_margin_2 = std::numeric_limits<long double>::infinity();
    std::size_t samples = 0;
    auto compete = [&](const dense<W>& b, const char* family) {
        const dense<W> diff = aw - b;
        const long double ef = static_cast<long double>(diff.norm());
        const long double e2 = spectral_norm(diff);
        worst_margin_f = std::min(worst_margin_f, ef - best_f);
        worst_margin_2 = std::min(worst_margin_2, e2 - best_2);
        ++samples;
        INFO(family << " sample " << samples << ": ||A - B||_F = " << ef << " vs error_f = " << best_f
                    << "; ||A - B||_2 = " << e2 << " vs error_2 = " << best_2 << "; slack " << slack);
        REQUIRE(ef >= best_f - slack);
        REQUIRE(e2 >= best_2 - slack);
    };

    // (1) The best matrix with a random k-dimensional row space, A·Q·Qᵀ, and column space, P·Pᵀ·A.
    for (int i = 0; i < 60; ++i) {
        const dense<W> q = random_orthonormal<W>(sh.n, k, rng);
        compete(dense<W>(aw * q * q.transpose()), "A Q Q^T");
        const dense<W> pm = random_orthonormal<W>(sh.m, k, rng);
        compete(dense<W>(pm * pm.transpose() * aw), "P P^T A");
    }
    // (2) Random Gaussian rank-k products X·Yᵀ, scaled by the best factor <A, XYᵀ>/‖XYᵀ‖².
    for (int i = 0; i < 40; ++i) {
        const dense<W> b = gaussian<W>(sh.m, k, rng) * gaussian<W>(sh.n, k, rng).transpose();
        compete(dense<W>(b * (aw.cwiseProduct(b).sum() / b.squaredNorm())), "scaled X Y^T");
    }
    // (3) Perturbations of the computed A_k itself: (U_k + δG)·diag(s_k·(1 + δg))·(V_k + δH)ᵀ. A_k is
    // a stationary point, so the gain of a wrong answer would be O(δ²·σ_k): δ is kept well above
    // sqrt(slack) so that the check can see it.
    const std::vector<W> deltas = std::is_same<T, float>::value ? std::vector<W>{W(0.1), W(0.03), W(0.01)}
                                                                 : std::vector<W>{W(0.1), W(0.01), W(1e-4)};
    for (const W delta : deltas) {
        for (int i = 0; i < 80; ++i) {
            const dense<W> u2 = uk + delta * gaussian<W>(sh.m, k, rng);
            const dense<W> v2 = vk + delta * gaussian<W>(sh.n, k, rng);
            const dense<W> g = gaussian<W>(k, 1, rng);
            dense<W> us = u2;
            for (std::size_t j = 0; j < k; ++j)
                us.col(ix(j)) *= static_cast<W>(lr.factors.s[j]) * (W(1) + delta * g(ix(j), 0));
            compete(dense<W>(us * v2.transpose()), "perturbed A_k");
        }
    }
    INFO(samples << " rank-" << k << " competitors; smallest ||A-B||_F - error_f = " << worst_margin_f
                 << ", smallest ||A-B||_2 - error_2 = " << worst_margin_2);
    CHECK(samples >= 400);
    // How much of the slack the best competitor used, in units of ‖A‖_F·d·ε (0: none came within
    // the stated errors at all).
    const long double unit = slack / optimality_slack(sh.m, sh.n);
    note_ratio("low_rank", type_name<T>(), "EY slack used (F)", std::max(0.0L, -worst_margin_f) / unit, where);
    note_ratio("low_rank", type_name<T>(), "EY slack used (2)", std::max(0.0L, -worst_margin_2) / unit, where);
}

TEMPLATE_TEST_CASE("low_rank_factors: apply and apply_transpose agree with the dense A_k", "[low_rank][factors]",
                   float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape sh = GENERATE(shape{40, 25}, shape{25, 40}, shape{9, 1}, shape{1, 9});
    const std::size_t p = std::min(sh.m, sh.n);
    const std::size_t k = GENERATE_COPY(values<std::size_t>({0, 1, p}));
    const std::string where = shape_label(sh.m, sh.n) + " k=" + std::to_string(k);
    INFO(type_name<T>() << " " << where);
    const dense<T> ad = graded_input<T>(sh, 6);
    const auto lr = svdkit::low_rank(to_svdkit(ad), k);
    const svdkit::low_rank_factors<T>& f = lr.factors;
    const long double d = static_cast<long double>(std::max(sh.m, sh.n));
    const long double sigma0 = static_cast<long double>(lr.singular_values[0]);

    CHECK(f.rows() == sh.m);
    CHECK(f.cols() == sh.n);
    CHECK(f.rank() == k);
    CHECK(f.storage() == k * (sh.m + sh.n + 1));

    rng_t rng(seed_of(sh.m, sh.n, 7));
    const dense<W> ak = to_dense<W>(lr.approximation);

    // A matrix of 3 right-hand sides and a vector, each way round.
    const dense<T> x = gaussian<T>(sh.n, 3, rng);
    const dense<T> y = gaussian<T>(sh.m, 3, rng);
    const dense<W> ax = to_dense<W>(f.apply(to_svdkit(x)));
    const dense<W> aty = to_dense<W>(f.apply_transpose(to_svdkit(y)));
    const long double r_apply = safe_ratio(static_cast<long double>((ax - ak * x.template cast<W>()).norm()),
                                           sigma0 * static_cast<long double>(x.template cast<W>().norm()) * d * eps<T>());
    const long double r_apply_t =
        safe_ratio(static_cast<long double>((aty - ak.transpose() * y.template cast<W>()).norm()),
                   sigma0 * static_cast<long double>(y.template cast<W>().norm()) * d * eps<T>());
    INFO("apply: ratio " << static_cast<double>(r_apply) << ", apply_transpose: ratio " << static_cast<double>(r_apply_t));
    CHECK(r_apply <= apply_bound);
    CHECK(r_apply_t <= apply_bound);
    note_ratio("low_rank", type_name<T>(), "apply vs dense A_k", std::max(r_apply, r_apply_t), where);

    // The vector overloads are the one-column case, bit for bit.
    std::vector<T> xv(sh.n), yv(sh.m);
    for (std::size_t i = 0; i < sh.n; ++i) xv[i] = x(ix(i), 0);
    for (std::size_t i = 0; i < sh.m; ++i) yv[i] = y(ix(i), 0);
    const svdkit::matrix<T> ax_m = f.apply(to_svdkit(x));
    const svdkit::matrix<T> aty_m = f.apply_transpose(to_svdkit(y));
    CHECK(identical(f.apply(xv), std::vector<T>(ax_m.col_ptr(0), ax_m.col_ptr(0) + sh.m)));
    CHECK(identical(f.apply_transpose(yv), std::vector<T>(aty_m.col_ptr(0), aty_m.col_ptr(0) + sh.n)));

    // Wrong shapes name both.
    CHECK_THROWS_MATCHES(f.apply(svdkit::matrix<T>(sh.n + 1, 2)), std::invalid_argument,
                         Catch::Matchers::Message("svdkit::low_rank_factors::apply: the factors are " +
                                                  shape_label(sh.m, sh.n) + " but x is " + shape_label(sh.n + 1, 2)));
    CHECK_THROWS_WITH(f.apply_transpose(std::vector<T>(sh.m + 2)),
                      Contains(shape_label(sh.m, sh.n)) && Contains(shape_label(sh.m + 2, 1)));
}

TEMPLATE_TEST_CASE("choose_rank: the smallest k with relative Frobenius error <= tol, on exact boundaries",
                   "[low_rank][choose_rank]", float, double, long double) {
    using T = TestType;
    // σ/σ₀ = (1, 1, 1, ½, ½, ½, ½), scaled by 3: Σσ² = 9·4, and the relative tail errors
    // sqrt(Σ_{i>=k} σ_i²)/‖A‖_F for k = 0…7 are sqrt(4, 3, 2, 1, ¾, ½, ¼, 0)/2. At k = 3 and k = 6
    // they are exactly ½ and ¼, every square and sum here is exact in binary, so those boundaries
    // are known exactly: tol = ½ gives 3 (<= is inclusive), the next float below ½ gives 4.
    const std::vector<T> s{T(3), T(3), T(3), T(1.5), T(1.5), T(1.5), T(1.5)};
    CHECK(svdkit::choose_rank(s, T(1)) == 0);
    CHECK(svdkit::choose_rank(s, T(0.5)) == 3);
    CHECK(svdkit::choose_rank(s, std::nextafter(T(0.5), T(0))) == 4);
    CHECK(svdkit::choose_rank(s, T(0.25)) == 6);
    CHECK(svdkit::choose_rank(s, std::nextafter(T(0.25), T(0))) == 7);
    CHECK(svdkit::choose_rank(s, T(0.45)) == 4);  // sqrt(¾)/2 = 0.433 <= 0.45 < sqrt(1)/2
    CHECK(svdkit::choose_rank(s, T(0)) == 7);

    // Exact zeros at the end: tol = 0 gives the number of nonzero values.
    const std::vector<T> z{T(2), T(1), T(0), T(0)};
    CHECK(svdkit::choose_rank(z, T(0)) == 2);
    CHECK(svdkit::choose_rank(std::vector<T>{}, T(0.1)) == 0);
    CHECK(svdkit::choose_rank(std::vector<T>{T(0), T(0)}, T(0.1)) == 0);

    CHECK_THROWS_WITH(svdkit::choose_rank(s, T(-0.5)), Contains("svdkit::choose_rank") && Contains("0 <= rel_tol <= 1"));
    CHECK_THROWS_AS(svdkit::choose_rank(s, T(1.5)), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::choose_rank(s, std::numeric_limits<T>::quiet_NaN()), std::invalid_argument);
}

TEMPLATE_TEST_CASE("low_rank_for_error: the lowest rank meeting a Frobenius tolerance", "[low_rank][choose_rank]",
                   float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape sh{30, 20};
    const dense<T> ad = graded_input<T>(sh, 8);
    const svdkit::matrix<T> a = to_svdkit(ad);
    const long double norm_f = frobenius<W>(ad);
    const long double d = static_cast<long double>(std::max(sh.m, sh.n));
    const T tol = GENERATE(T(0.5), T(0.1), T(0.01), T(1e-3));
    INFO(type_name<T>() << " tol = " << tol);

    const auto lr = svdkit::low_rank_for_error(a, tol);
    CHECK(lr.k == svdkit::choose_rank(lr.singular_values, tol));
    const long double rel = static_cast<long double>((ad.template cast<W>() - to_dense<W>(lr.approximation)).norm()) / norm_f;
    const long double slack = stated_error_bound(sh.m, sh.n) * d * eps<T>();
    INFO("k = " << lr.k << ", ||A - A_k||_F/||A||_F = " << rel);
    CHECK(rel <= static_cast<long double>(tol) + slack);
    // One rank fewer would not do.
    REQUIRE(lr.k >= 1);
    const auto fewer = svdkit::low_rank(a, lr.k - 1);
    INFO("k - 1 = " << lr.k - 1 << " gives relative error " << static_cast<long double>(fewer.error_f) / norm_f);
    CHECK(static_cast<long double>(fewer.error_f) / norm_f > static_cast<long double>(tol) - slack);

    CHECK_THROWS_WITH(svdkit::low_rank_for_error(a, T(2)), Contains("svdkit::low_rank_for_error") &&
                                                               Contains("0 <= rel_tol <= 1"));
}

TEMPLATE_TEST_CASE("low_rank, truncated_svd: empty and 1x1 inputs", "[low_rank][edge]", float, double, long double) {
    using T = TestType;
    for (const shape sh : {shape{0, 0}, shape{0, 3}, shape{3, 0}}) {
        INFO(shape_label(sh.m, sh.n));
        const svdkit::matrix<T> e(sh.m, sh.n);
        const auto t = svdkit::truncated_svd(e, 0);
        CHECK(t.s.empty());
        CHECK(t.u.rows() == sh.m);
        CHECK(t.u.cols() == 0);
        CHECK(t.v.rows() == sh.n);
        CHECK(t.v.cols() == 0);
        CHECK_THROWS_AS(svdkit::truncated_svd(e, 1), std::invalid_argument);
        const auto lr = svdkit::low_rank(e, 0);
        CHECK(lr.approximation.rows() == sh.m);
        CHECK(lr.approximation.cols() == sh.n);
        CHECK(lr.error_2 == T(0));
        CHECK(lr.error_f == T(0));
        CHECK(lr.fraction_kept == T(1));  // documented: 1 for A = 0
        CHECK(lr.singular_values.empty());
        CHECK(svdkit::low_rank_for_error(e, T(0.1)).k == 0);
    }
    // 1×1: σ = |a|, u·v carries the sign.
    const svdkit::matrix<T> one{{T(-2.5)}};
    const auto t1 = svdkit::truncated_svd(one, 1);
    REQUIRE(t1.s.size() == 1);
    CHECK(t1.s[0] == T(2.5));
    CHECK(t1.u(0, 0) * t1.s[0] * t1.v(0, 0) == T(-2.5));
    const auto l0 = svdkit::low_rank(one, 0);
    CHECK(l0.error_2 == T(2.5));
    CHECK(l0.error_f == T(2.5));
    CHECK(l0.fraction_kept == T(0));
    CHECK(l0.approximation(0, 0) == T(0));
    const auto l1 = svdkit::low_rank(one, 1);
    CHECK(l1.error_2 == T(0));
    CHECK(l1.approximation(0, 0) == T(-2.5));
    CHECK(l1.factors.apply(std::vector<T>{T(2)}) == std::vector<T>{T(-5)});
    // A zero 1×1: rank 0, nothing to keep, fraction 1 (documented for A = 0).
    const auto lz = svdkit::low_rank(svdkit::matrix<T>(1, 1), 1);
    CHECK(lz.error_f == T(0));
    CHECK(lz.fraction_kept == T(1));
}

TEMPLATE_TEST_CASE("low_rank, truncated_svd: NaN/Inf input gives svdkit::non_finite_input", "[low_rank][errors]",
                   float, double, long double) {
    using T = TestType;
    const T bad = GENERATE(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                           -std::numeric_limits<T>::infinity());
    INFO("bad entry " << bad);
    svdkit::matrix<T> a(5, 4, T(1));
    a(3, 2) = bad;
    for (int k : {0, 2}) {
        INFO("k = " << k);
        CHECK_THROWS_AS(svdkit::truncated_svd(a, k), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::low_rank(a, k), svdkit::non_finite_input);
    }
    CHECK_THROWS_AS(svdkit::low_rank_for_error(a, T(0.1)), svdkit::non_finite_input);
    CHECK_THROWS_WITH(svdkit::low_rank(a, 1), Contains("svdkit::low_rank") && Contains("(3, 2)"));
}

TEMPLATE_TEST_CASE("low_rank, truncated_svd: views give the same result as matrices", "[low_rank][view]", float,
                   double, long double) {
    using T = TestType;
    const shape sh{12, 7};
    const svdkit::matrix<T> a = to_svdkit(graded_input<T>(sh, 9));
    // The same matrix stored row-major, and as a block of a larger column-major matrix.
    std::vector<T> row_major(sh.m * sh.n);
    for (std::size_t i = 0; i < sh.m; ++i)
        for (std::size_t j = 0; j < sh.n; ++j) row_major[i * sh.n + j] = a(i, j);
    const svdkit::matrix_view<const T> rm(row_major.data(), sh.m, sh.n, svdkit::layout::row_major);
    svdkit::matrix<T> big(sh.m + 3, sh.n + 2, T(7));
    for (std::size_t j = 0; j < sh.n; ++j)
        for (std::size_t i = 0; i < sh.m; ++i) big(i + 2, j + 1) = a(i, j);
    const svdkit::matrix_view<const T> blk = big.view().block(2, 1, sh.m, sh.n);

    const auto ref_t = svdkit::truncated_svd(a, 3);
    const auto ref_l = svdkit::low_rank(a, 3);
    for (const auto& v : {rm, blk}) {
        const auto t = svdkit::truncated_svd(v, 3);
        CHECK(identical(t.s, ref_t.s));
        CHECK(identical(t.u, ref_t.u));
        CHECK(identical(t.v, ref_t.v));
        const auto l = svdkit::low_rank(v, 3);
        CHECK(identical(l.approximation, ref_l.approximation));
        CHECK(identical(l.error_f, ref_l.error_f));
        CHECK(svdkit::low_rank_for_error(v, T(0.5)).k == svdkit::low_rank_for_error(a, T(0.5)).k);
    }
}
