// Tests include/svdkit/randomized.hpp: randomized_svd (Halko, Martinsson & Tropp 2011, Alg. 4.4 +
// 5.1), on matrices U·diag(σ)·Vᵀ with random orthonormal U, V and a prescribed decaying σ.
//
// Two kinds of accuracy claim, each with its own justification:
//
// (a) Fast decay, σ_i = 2^-i: the sketch has converged far below rounding. With l = k + p sampled
//     columns and q power steps, the error of the j-th value decays like (σ_l/σ_j)^(2(2q+1)) times
//     a factor polynomial in the dimensions [Gu 2015, Thm 4.3]. Here l − j >= p + 1 = 11 and
//     q >= 4 (the default rule), so that factor is 2^-(11·18) < 1e-59: no polynomial constant can
//     lift it to ε_T, and the values must match the full SVD to rounding, like any backward-stable
//     SVD (the same ratio and, up to the two computations' sum, the same bound as the core tests).
//
// (b) Slow decay, σ_i = 1/(i+1), q = 0, 1, 2: HMT's deviation bound. For B = (AAᵀ)^q·A, Y = B·Ω
//     and P the projector onto range(Y), ‖(I − P)A‖ <= ‖(I − P)B‖^(1/(2q+1)) [HMT Thm 9.2], and for
//     p >= 4, outside an event of probability <= 6·p^-p [HMT §10.3, simplified form of Thm 10.8],
//         ‖(I − P)B‖ <= (1 + 17·sqrt(1 + k/p))·β_k + (8·sqrt(k + p)/(p + 1))·sqrt(Σ_{j>=k} β_j²),
//     with β_j = σ_j^(2q+1) the singular values of B (0-based: β_k is the (k+1)-th). Call the
//     resulting bound on ‖(I − P)A‖ "hmt". Then for j < k, by interlacing (σ_j(QᵀA) <= σ_j(A)) and
//     Weyl (σ_j(A) <= σ_j(QQᵀA) + ‖(I − P)A‖):  σ_j − hmt <= σ̃_j <= σ_j, and for the rank-k result
//     σ_k <= ‖A − Ũ_k·Σ̃_k·Ṽ_kᵀ‖₂ <= σ_k + hmt (Eckart-Young below; ‖A − Q·B_k‖ <= ‖(I − P)A‖ +
//     σ_k(QᵀA) above). Each side also gets the rounding allowance of (a). The seeds are fixed, so
//     the 6·10^-10 failure probability (p = 10) is a one-off draw, checked once here.
//
// References:
// [HMT] N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness", SIAM Review
//       53 (2011): Thm 9.2 (power scheme), §10.3 (deviation bounds).
// [Gu]  M. Gu, "Subspace iteration randomization and singular value problems", SIAM J. Sci.
//       Comput. 37 (2015).
#include <catch2/catch.hpp>

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::pow, std::sqrt, std::ldexp
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string
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

// max_j |σ̃_j − σ_j|/(σ₀·d·ε) against svd()'s values, in case (a): two backward-stable
// computations (the full SVD; the sketch's QRs, products and small SVD), each allowed
// value_error_bound.
long double randomized_value_bound(std::size_t m, std::size_t n) { return 2 * value_error_bound(m, n); }

// The same against the σ the matrix was built from: plus the rounding of the built matrix to T.
long double randomized_known_bound(std::size_t m, std::size_t n) { return randomized_value_bound(m, n) + 0.5L; }

// ‖A·Ṽ − Ũ·Σ̃‖_F/(σ₀·d·ε) in case (a): the Ritz residual of converged triplets is the backward
// error of the small SVD plus that of the products Q·Ũ and A·Ṽ: twice the core's.
long double randomized_residual_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// ‖I − ŨᵀŨ‖_F/(k·ε) for Ũ = Q·U_B (and Ṽ, the small SVD's V): the departures of the sketch basis Q
// and of the small SVD's factor from orthonormality add, so twice the core's bound.
constexpr long double randomized_orthogonality_bound = 2 * orthogonality_bound;

// Relative value error allowed with no oversampling on σ_i = 2^-i (see the options test): the
// 2^-30 convergence factor times a constant of up to 1e3 for a poorly aligned square sketch.
constexpr long double no_oversampling_rel = 1e-6L;

struct shape {
    std::size_t m, n;
};

/// σ_i = 2^-i, i = 0 … p−1.
std::vector<long double> halving(std::size_t p) {
    std::vector<long double> s(p);
    for (std::size_t i = 0; i < p; ++i) s[i] = std::ldexp(1.0L, -static_cast<int>(i));
    return s;
}

/// σ_i = 1/(i + 1), i = 0 … p−1.
std::vector<long double> harmonic(std::size_t p) {
    std::vector<long double> s(p);
    for (std::size_t i = 0; i < p; ++i) s[i] = 1.0L / static_cast<long double>(i + 1);
    return s;
}

/// The bound "hmt" on ‖(I − P)A‖ described at the top, for the exact spectrum sigma.
long double hmt_bound(const std::vector<long double>& sigma, std::size_t k, std::size_t p, std::size_t q) {
    const long double e = static_cast<long double>(2 * q + 1);
    long double tail = 0;
    for (std::size_t j = k; j < sigma.size(); ++j) tail += std::pow(sigma[j], 2 * e);
    const long double kd = static_cast<long double>(k), pd = static_cast<long double>(p);
    const long double b = (1 + 17 * std::sqrt(1 + kd / pd)) * (k < sigma.size() ? std::pow(sigma[k], e) : 0.0L) +
                          8 * std::sqrt(kd + pd) / (pd + 1) * std::sqrt(tail);
    return std::pow(b, 1 / e);
}

template <class T>
std::vector<long double> widen(const std::vector<T>& s) {
    return std::vector<long double>(s.begin(), s.end());
}

/// ‖A − U·diag(s)·Vᵀ‖₂, in wide_t<T>, by svdkit's own SVD of the difference.
template <class T>
long double approximation_error_2(const dense<T>& a, const svdkit::svd_result<T>& r) {
    using W = wide_t<T>;
    dense<W> us = to_dense<W>(r.u);
    for (std::size_t j = 0; j < r.s.size(); ++j) us.col(ix(j)) *= static_cast<W>(r.s[j]);
    return spectral_norm(dense<W>(a.template cast<W>() - us * to_dense<W>(r.v).transpose()));
}

/// ‖A·V − U·diag(s)‖_F, in wide_t<T>.
template <class T>
long double ritz_residual(const dense<T>& a, const svdkit::svd_result<T>& r) {
    using W = wide_t<T>;
    dense<W> us = to_dense<W>(r.u);
    for (std::size_t j = 0; j < r.s.size(); ++j) us.col(ix(j)) *= static_cast<W>(r.s[j]);
    return static_cast<long double>((a.template cast<W>() * to_dense<W>(r.v) - us).norm());
}

svdkit::randomized_options options(int q, std::uint64_t seed = 0, std::size_t oversampling = 10) {
    svdkit::randomized_options o;
    o.oversampling = oversampling;
    o.power_iterations = q;
    o.seed = seed;
    return o;
}

}  // namespace

TEMPLATE_TEST_CASE("randomized_svd: top-k values of a fast-decaying spectrum match the full SVD",
                   "[randomized][accuracy]", float, double, long double) {
    using T = TestType;
    const shape sh = GENERATE(shape{300, 80}, shape{80, 300}, shape{150, 150});
    const std::size_t k = GENERATE(std::size_t{5}, std::size_t{10});
    const std::size_t m = sh.m, n = sh.n, p = std::min(m, n);
    const std::string where = shape_label(m, n) + " k=" + std::to_string(k);
    INFO(type_name<T>() << " " << where << ", sigma_i = 2^-i, default options");
    rng_t rng(seed_of(m, n, 11));
    const known_matrix<T> km = with_singular_values<T>(m, n, halving(p), rng);
    const svdkit::matrix<T> a = to_svdkit(km.a);

    const svdkit::svd_result<T> r = svdkit::randomized_svd(a, k);
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    REQUIRE(r.s.size() == k);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    CHECK(sorted_non_negative(r.s));

    const std::vector<T> full = svdkit::singular_values(a);
    const std::vector<long double> full_k(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
    const long double vs_full = value_error_ratio(r.s, full_k, m, n);
    INFO("values vs svd(): ratio " << static_cast<double>(vs_full));
    CHECK(vs_full <= randomized_value_bound(m, n));
    const std::vector<long double> known_k(km.sigma.begin(), km.sigma.begin() + static_cast<std::ptrdiff_t>(k));
    const long double vs_known = value_error_ratio(r.s, known_k, m, n);
    INFO("values vs the built spectrum: ratio " << static_cast<double>(vs_known));
    CHECK(vs_known <= randomized_known_bound(m, n));

    const long double orth_u = orthogonality_ratio(to_dense<T>(r.u));
    const long double orth_v = orthogonality_ratio(to_dense<T>(r.v));
    INFO("orthogonality ratios: U " << static_cast<double>(orth_u) << ", V " << static_cast<double>(orth_v));
    CHECK(orth_u <= randomized_orthogonality_bound);
    CHECK(orth_v <= randomized_orthogonality_bound);

    const long double d = static_cast<long double>(std::max(m, n));
    const long double unit = km.sigma[0] * d * eps<T>();
    const long double residual = ritz_residual(km.a, r) / unit;
    INFO("||A V - U S||_F/(sigma_0 d eps) = " << static_cast<double>(residual));
    CHECK(residual <= randomized_residual_bound(m, n));

    // The rank-k result is a best rank-k approximation to rounding: ‖A − Ũ·Σ̃·Ṽᵀ‖₂ = σ_k.
    const long double err2 = approximation_error_2(km.a, r);
    const long double excess = std::fabs(err2 - static_cast<long double>(full[k])) / unit;
    INFO("||A - U S V^T||_2 = " << err2 << " vs sigma_k = " << full[k] << ": ratio " << static_cast<double>(excess));
    CHECK(excess <= randomized_value_bound(m, n));

    note_ratio("randomized", type_name<T>(), "value err vs svd()", vs_full, where);
    note_ratio("randomized", type_name<T>(), "orthogonality U,V", std::max(orth_u, orth_v), where);
    note_ratio("randomized", type_name<T>(), "Ritz residual", residual, where);
    note_ratio("randomized", type_name<T>(), "|err_2 - sigma_k|", excess, where);
}

TEMPLATE_TEST_CASE("randomized_svd: slow decay stays within HMT's deviation bound", "[randomized][accuracy]", float,
                   double, long double) {
    using T = TestType;
    const shape sh = GENERATE(shape{200, 100}, shape{100, 200});
    const std::size_t q = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{2});
    const std::size_t k = 10, over = 10, m = sh.m, n = sh.n, p = std::min(m, n);
    const std::string where = shape_label(m, n) + " q=" + std::to_string(q);
    INFO(type_name<T>() << " " << where << ", k = 10, p = 10, sigma_i = 1/(i+1)");
    rng_t rng(seed_of(m, n, 12));
    const known_matrix<T> km = with_singular_values<T>(m, n, harmonic(p), rng);
    const svdkit::matrix<T> a = to_svdkit(km.a);
    const svdkit::svd_result<T> r = svdkit::randomized_svd(a, k, options(static_cast<int>(q), 12345));
    REQUIRE(r.s.size() == k);

    const long double hmt = hmt_bound(km.sigma, k, over, q);
    const long double d = static_cast<long double>(std::max(m, n));
    const long double rounding = randomized_value_bound(m, n) * km.sigma[0] * d * eps<T>();
    long double worst_low = 0;  // max_j (σ_j − σ̃_j)/hmt
    for (std::size_t j = 0; j < k; ++j) {
        const long double sj = km.sigma[j], got = static_cast<long double>(r.s[j]);
        INFO("j = " << j << ": sigma_j = " << sj << ", randomized " << got << ", hmt bound " << hmt);
        CHECK(got <= sj + rounding);
        CHECK(got >= sj - hmt - rounding);
        worst_low = std::max(worst_low, (sj - got) / hmt);
    }
    const long double err2 = approximation_error_2(km.a, r);
    INFO("||A - U S V^T||_2 = " << err2 << ", sigma_k = " << km.sigma[k] << ", hmt = " << hmt);
    CHECK(err2 >= km.sigma[k] - rounding);
    CHECK(err2 <= km.sigma[k] + hmt + rounding);
    note_ratio("randomized", type_name<T>(), "HMT: value err/hmt", worst_low, where);
    note_ratio("randomized", type_name<T>(), "HMT: (err_2-s_k)/hmt", (err2 - km.sigma[k]) / hmt, where);

    const long double orth_u = orthogonality_ratio(to_dense<T>(r.u));
    const long double orth_v = orthogonality_ratio(to_dense<T>(r.v));
    INFO("orthogonality ratios: U " << static_cast<double>(orth_u) << ", V " << static_cast<double>(orth_v));
    CHECK(orth_u <= randomized_orthogonality_bound);
    CHECK(orth_v <= randomized_orthogonality_bound);
}

TEMPLATE_TEST_CASE("randomized_svd: the seed fixes the output bit for bit", "[randomized][seed]", float, double,
                   long double) {
    using T = TestType;
    const shape sh{120, 60};
    const std::size_t k = 6;
    rng_t rng(seed_of(sh.m, sh.n, 13));
    const known_matrix<T> km = with_singular_values<T>(sh.m, sh.n, halving(60), rng);
    const svdkit::matrix<T> a = to_svdkit(km.a);

    const auto r1 = svdkit::randomized_svd(a, k, options(-1, 42));
    const auto r2 = svdkit::randomized_svd(a, k, options(-1, 42));
    CHECK(identical(r1.s, r2.s));
    CHECK(identical(r1.u, r2.u));
    CHECK(identical(r1.v, r2.v));
    // The default options carry seed 0: the same as asking for seed 0.
    CHECK(identical(svdkit::randomized_svd(a, k).u, svdkit::randomized_svd(a, k, options(-1, 0)).u));

    // Another seed draws another sketch: a different result, bit-wise, but just as accurate.
    const auto r3 = svdkit::randomized_svd(a, k, options(-1, 43));
    CHECK_FALSE(identical(r1.u, r3.u));
    const std::vector<T> full = svdkit::singular_values(a);
    const std::vector<long double> full_k(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
    for (const auto* r : {&r1, &r3}) {
        const long double ratio = value_error_ratio(r->s, full_k, sh.m, sh.n);
        INFO(type_name<T>() << ": values vs svd(): ratio " << static_cast<double>(ratio));
        CHECK(ratio <= randomized_value_bound(sh.m, sh.n));
    }
}

TEMPLATE_TEST_CASE("randomized_svd: the default power iterations follow scikit-learn's rule",
                   "[randomized][options]", float, double, long double) {
    using T = TestType;
    // min(m, n) = 40: k = 3 < 0.1·40 takes 7 steps, k = 4 (not < 4) takes 4. Observable from
    // outside: the default gives, bit for bit, what the explicit count gives, and not the other.
    const shape sh{60, 40};
    rng_t rng(seed_of(sh.m, sh.n, 14));
    const svdkit::matrix<T> a = to_svdkit(with_singular_values<T>(sh.m, sh.n, harmonic(40), rng).a);
    struct rule {
        std::size_t k;
        int expected, other;
    };
    for (const rule c : {rule{3, 7, 4}, rule{4, 4, 7}, rule{1, 7, 4}, rule{40, 4, 7}}) {
        INFO(type_name<T>() << ": k = " << c.k << ", expected " << c.expected << " power iterations");
        const auto by_default = svdkit::randomized_svd(a, c.k, options(-1, 7));
        CHECK(identical(by_default.u, svdkit::randomized_svd(a, c.k, options(c.expected, 7)).u));
        CHECK_FALSE(identical(by_default.u, svdkit::randomized_svd(a, c.k, options(c.other, 7)).u));
    }
}

TEMPLATE_TEST_CASE("randomized_svd: oversampling, k = min(m, n), and other options", "[randomized][options]", float,
                   double, long double) {
    using T = TestType;
    const shape sh{60, 40};
    rng_t rng(seed_of(sh.m, sh.n, 15));
    const known_matrix<T> km = with_singular_values<T>(sh.m, sh.n, halving(40), rng);
    const svdkit::matrix<T> a = to_svdkit(km.a);
    const std::vector<T> full = svdkit::singular_values(a);
    auto check_top = [&](const svdkit::svd_result<T>& r, std::size_t k, const char* what) {
        const std::vector<long double> full_k(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
        const long double ratio = value_error_ratio(r.s, full_k, sh.m, sh.n);
        INFO(type_name<T>() << " " << what << ": values vs svd(): ratio " << static_cast<double>(ratio));
        CHECK(r.s.size() == k);
        CHECK(ratio <= randomized_value_bound(sh.m, sh.n));
    };
    // No oversampling at all is allowed, but then nothing pushes the error below rounding: with
    // l = k = 3 and 7 power steps the convergence factor is only (σ_3/σ_2)^(2(2q+1)) = 2^-30 ≈ 1e-9
    // [Gu, Thm 4.3], times a constant that grows as the sketch's alignment worsens (p = 0 is the
    // worst case). Checked: the values never exceed σ_j (interlacing) and are within
    // no_oversampling_rel·σ_j of them.
    {
        const auto r0 = svdkit::randomized_svd(a, 3, options(-1, 1, 0));
        REQUIRE(r0.s.size() == 3);
        for (std::size_t j = 0; j < 3; ++j) {
            const long double sj = static_cast<long double>(full[j]), got = static_cast<long double>(r0.s[j]);
            INFO(type_name<T>() << " oversampling 0, k = 3: sigma_" << j << " = " << sj << ", randomized " << got);
            CHECK(got <= sj * (1 + 4 * eps<T>()));
            CHECK(got >= sj * (1 - std::max(no_oversampling_rel, 60 * eps<T>())));
        }
    }
    // Oversampling past min(m, n): the sketch is clamped to the whole space.
    check_top(svdkit::randomized_svd(a, 35, options(-1, 1, 100)), 35, "oversampling 100, k = 35");
    // k = min(m, n): every value, as svd() gives them; vectors orthonormal.
    const auto all = svdkit::randomized_svd(a, 40);
    check_top(all, 40, "k = min(m, n)");
    CHECK(orthogonality_ratio(to_dense<T>(all.u)) <= randomized_orthogonality_bound);
    CHECK(orthogonality_ratio(to_dense<T>(all.v)) <= randomized_orthogonality_bound);
    // q = 0 is allowed (no power steps); q < -1 is not.
    CHECK_NOTHROW(svdkit::randomized_svd(a, 3, options(0)));
    CHECK_THROWS_WITH(svdkit::randomized_svd(a, 3, options(-2)),
                      Contains("power_iterations (= -2)") && Contains("-1 for automatic"));
}

TEMPLATE_TEST_CASE("randomized_svd: k outside 0..min(m, n), k = 0, empty and 1x1 inputs", "[randomized][edge]",
                   float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a(7, 4, T(1));
    CHECK_THROWS_MATCHES(svdkit::randomized_svd(a, -1), std::invalid_argument,
                         Catch::Matchers::Message(
                             "svdkit::randomized_svd: k (= -1) must satisfy 0 <= k <= min(rows, cols) (= 4)"));
    CHECK_THROWS_WITH(svdkit::randomized_svd(a, 5),
                      Contains("k (= 5)") && Contains("0 <= k <= min(rows, cols) (= 4)"));
    CHECK_THROWS_WITH(svdkit::randomized_svd(a.transpose(), std::size_t{5}), Contains("(= 4)"));

    for (const shape sh : {shape{7, 4}, shape{4, 7}, shape{0, 0}, shape{0, 5}, shape{5, 0}}) {
        INFO(shape_label(sh.m, sh.n) << ", k = 0");
        const auto r = svdkit::randomized_svd(svdkit::matrix<T>(sh.m, sh.n, T(1)), 0);
        CHECK(r.s.empty());
        CHECK(r.u.rows() == sh.m);
        CHECK(r.u.cols() == 0);
        CHECK(r.v.rows() == sh.n);
        CHECK(r.v.cols() == 0);
    }
    CHECK_THROWS_AS(svdkit::randomized_svd(svdkit::matrix<T>(0, 5), 1), std::invalid_argument);

    const svdkit::matrix<T> one{{T(-3)}};
    const auto r1 = svdkit::randomized_svd(one, 1);
    REQUIRE(r1.s.size() == 1);
    INFO("1x1: s = " << r1.s[0] << ", u = " << r1.u(0, 0) << ", v = " << r1.v(0, 0));
    CHECK(r1.s[0] == T(3));
    CHECK(r1.u(0, 0) * r1.s[0] * r1.v(0, 0) == T(-3));
    const auto rz = svdkit::randomized_svd(svdkit::matrix<T>(1, 1), 1);
    CHECK(rz.s == std::vector<T>{T(0)});
}

TEMPLATE_TEST_CASE("randomized_svd: NaN/Inf input gives svdkit::non_finite_input, for every k",
                   "[randomized][errors]", float, double, long double) {
    using T = TestType;
    const T bad = GENERATE(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity());
    svdkit::matrix<T> a(6, 5, T(1));
    a(4, 1) = bad;
    INFO("bad entry " << bad);
    CHECK_THROWS_AS(svdkit::randomized_svd(a, 2), svdkit::non_finite_input);
    CHECK_THROWS_WITH(svdkit::randomized_svd(a, 2), Contains("svdkit::randomized_svd") && Contains("(4, 1)"));
    // The contract (randomized.hpp: "svdkit::non_finite_input for NaN/Inf") has no exception for
    // k = 0, and truncated_svd(a, 0) and low_rank(a, 0) do throw: the same input must not be
    // accepted or rejected depending on k.
    CHECK_THROWS_AS(svdkit::randomized_svd(a, 0), svdkit::non_finite_input);
}

TEMPLATE_TEST_CASE("randomized_svd: views, and inputs near underflow and overflow", "[randomized][view]", float,
                   double, long double) {
    using T = TestType;
    const shape sh{50, 30};
    rng_t rng(seed_of(sh.m, sh.n, 16));
    const known_matrix<T> km = with_singular_values<T>(sh.m, sh.n, halving(30), rng);
    const svdkit::matrix<T> a = to_svdkit(km.a);
    const auto ref = svdkit::randomized_svd(a, 4, options(-1, 3));

    // Row-major storage and the transpose view of a stored transpose: the same matrix, the same bits.
    std::vector<T> row_major(sh.m * sh.n);
    for (std::size_t i = 0; i < sh.m; ++i)
        for (std::size_t j = 0; j < sh.n; ++j) row_major[i * sh.n + j] = a(i, j);
    const svdkit::matrix_view<const T> rm(row_major.data(), sh.m, sh.n, svdkit::layout::row_major);
    const svdkit::matrix<T> at = a.transpose();
    for (const auto& v : {rm, at.view().transpose()}) {
        const auto r = svdkit::randomized_svd(v, 4, options(-1, 3));
        CHECK(identical(r.s, ref.s));
        CHECK(identical(r.u, ref.u));
        CHECK(identical(r.v, ref.v));
    }

    // Scaled by 2^±e far outside [smlnum, bignum]: the values scale with it (the library scales by
    // a power of two internally; the result is as accurate as for the unscaled matrix).
    // 2^(3/4 of the exponent range): far beyond smlnum = sqrt(min)/ε and bignum = 1/smlnum, yet
    // every entry of A (>= 1e-12 in magnitude here) stays a normal number.
    const int e = 3 * std::numeric_limits<T>::max_exponent / 4;
    for (const int sign : {-1, 1}) {
        svdkit::matrix<T> scaled = a;
        for (std::size_t i = 0; i < scaled.size(); ++i) scaled.data()[i] = std::ldexp(scaled.data()[i], sign * e);
        const auto r = svdkit::randomized_svd(scaled, 4, options(-1, 3));
        std::vector<T> back(r.s.size());
        for (std::size_t i = 0; i < r.s.size(); ++i) back[i] = std::ldexp(r.s[i], -sign * e);
        const std::vector<long double> ref_s = widen(ref.s);
        const long double ratio = value_error_ratio(back, ref_s, sh.m, sh.n);
        INFO(type_name<T>() << " scaled by 2^" << sign * e << ": values vs unscaled, ratio " << static_cast<double>(ratio));
        CHECK(ratio <= randomized_value_bound(sh.m, sh.n));
        CHECK(all_finite(r.u));
        CHECK(all_finite(r.v));
    }
}

TEMPLATE_TEST_CASE("randomized_svd: an oversampling so large that k + p wraps around", "[randomized][options]",
                   float, double, long double) {
    using T = TestType;
    // k + oversampling overflows std::size_t (e.g. a caller's `o.oversampling = -1` meaning "as
    // many as possible"). The sketch width must still be clamped to min(m, n), or the call
    // rejected with std::invalid_argument; it must never come out narrower than k (which makes
    // the final truncation read past the end of the small factors: AddressSanitizer reports a
    // heap-buffer-overflow in detail::truncate).
    const shape sh{12, 8};
    rng_t rng(seed_of(sh.m, sh.n, 17));
    const svdkit::matrix<T> a = to_svdkit(with_singular_values<T>(sh.m, sh.n, halving(8), rng).a);
    const std::vector<T> full = svdkit::singular_values(a);
    const std::size_t k = 3;
    // (Last in this file on purpose: it exercises a read past the end of a buffer, so while the bug
    // is there it may crash, and a crash should not hide the other cases of a direct run. With
    // oversampling = SIZE_MAX − 2 the sketch is 0 columns wide and the read segfaults outright.)
    for (const std::size_t over : {std::numeric_limits<std::size_t>::max()}) {
        INFO(type_name<T>() << ": k = 3, oversampling = " << over);
        svdkit::svd_result<T> r;
        try {
            r = svdkit::randomized_svd(a, k, options(-1, 5, over));
        } catch (const std::invalid_argument& e) {
            SUCCEED("rejected: " << e.what());
            continue;
        }
        REQUIRE(r.s.size() == k);
        REQUIRE(r.u.cols() == k);
        const std::vector<long double> full_k(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(k));
        const long double ratio = value_error_ratio(r.s, full_k, sh.m, sh.n);
        INFO("s = " << r.s[0] << ", " << r.s[1] << ", " << r.s[2] << "; values vs svd(): ratio " << static_cast<double>(ratio));
        CHECK(ratio <= randomized_value_bound(sh.m, sh.n));
        CHECK(orthogonality_ratio(to_dense<T>(r.u)) <= randomized_orthogonality_bound);
    }
}
