// Tests include/svdkit/incremental_pca.hpp: svdkit::incremental_pca<T> against issue 19, part 2
// (scikit-learn 1.2's IncrementalPCA semantics).
//
//   sklearn    eight fits of the iris and wine data (tests/data/incremental_pca/reference.hpp,
//              made by make_reference.py beside it with scikit-learn 1.2) through fit(x,
//              batch_size) and through partial_fit on ragged blocks: every attribute, the signs
//              exactly, the values within bounds from ε, the dimensions and the gaps
//   batch pca  float, double, long double on random data: with k = n_features the incremental
//              model is the batch svdkit::pca of all the rows (same σ, axes, variances, mean)
//   batches    gen_batches' rule (a short last batch merged); fit == partial_fit on the same
//              batches, bit for bit; fit() forgets the previous model
//   round trip inverse_transform ∘ transform = identity with k = n_features, whitened or not
//   errors     every documented exception, each leaving the fitted state exactly as it was
//   scale      data times 2^±e past the safe range: the plain model times 2^±e, bit for bit; a
//              block that changes the scale rescales the stored model (vs the batch pca)
//
// Bounds, in units of u = max(rows of Z, n_features)·ε: each update is one backward-stable SVD of
// its stacked matrix Z (Weyl: |Δσ| <= S·u·σ₁, S = value_error_bound), and sklearn's LAPACK SVD
// has the same contract, so two runs differ per update by 2·S·u·σ₁ in the values; over B
// updates, B times that (each update's error enters the next Z through the diag(σ)·components
// rows, unamplified when the kept σ are well separated from the discarded ones, which the gaps
// below check). An axis moves by sinθ <= 2·σ₁·‖ΔZ‖/gap (Davis–Kahan on ZᵀZ, gap = min distance
// of σ_c² to the other σ_j² of the last Z), so θ·gap/(σ₁²·u) <= B·2·2S. Means and variances
// are sums of n terms: |Δμ| <= 2·n·ε·max|x|, |Δvar| <= 2·(n + 4)·ε·max(x − μ)² (two
// implementations of O(n·ε) summations each, plus the pairwise update's few roundings).
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcmp
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::logic_error
#include <string>     // std::string
#include <type_traits>  // std::is_same
#include <vector>     // std::vector

#include <svdkit/incremental_pca.hpp>
#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "data/incremental_pca/reference.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using Catch::Matchers::Contains;

namespace {

template <class T>
svdkit::matrix<T> from_row_major(const std::vector<double>& x, std::size_t rows, std::size_t cols) {
    svdkit::matrix<T> a(rows, cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) a(i, j) = static_cast<T>(x[i * cols + j]);
    return a;
}

/// Rows [i0, i0 + h) of a, as a view.
template <class T>
svdkit::matrix_view<const T> rows_of(const svdkit::matrix<T>& a, std::size_t i0, std::size_t h) {
    return a.view().block(i0, 0, h, a.cols());
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
template <class T>
bool same_bits(const svdkit::matrix<T>& a, const svdkit::matrix<T>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

/// Every attribute of two fitted models, bit for bit.
template <class T>
bool same_model(const svdkit::incremental_pca<T>& a, const svdkit::incremental_pca<T>& b) {
    if (a.fitted() != b.fitted() || a.n_samples_seen() != b.n_samples_seen()) return false;
    if (!a.fitted()) return true;
    const T na = a.noise_variance(), nb = b.noise_variance();
    return same_bits(a.components(), b.components()) && same_bits(a.singular_values(), b.singular_values()) &&
           same_bits(a.explained_variance(), b.explained_variance()) &&
           same_bits(a.explained_variance_ratio(), b.explained_variance_ratio()) && same_bits(a.mean(), b.mean()) &&
           same_bits(a.var(), b.var()) && std::memcmp(&na, &nb, sizeof(T)) == 0 && a.n_components() == b.n_components();
}

/// min_{j≠c} |σ_c² − σ_j²| over all singular values s of the last Z.
long double gap_of(const std::vector<long double>& s, std::size_t c) {
    long double g = std::numeric_limits<long double>::infinity();
    for (std::size_t j = 0; j < s.size(); ++j)
        if (j != c) g = std::min(g, std::abs(s[c] * s[c] - s[j] * s[j]));
    return g;
}

}  // namespace

TEST_CASE("sklearn: IncrementalPCA's attributes on iris and wine, for fit and partial_fit", "[sklearn]") {
    const long double e = eps<double>();
    for (const ipca_reference::ipca_case& rc : ipca_reference::cases) {
        INFO(rc.name);
        const std::size_t n = rc.rows, nf = rc.cols;
        const svdkit::matrix<double> x = from_row_major<double>(*rc.x, n, nf);
        svdkit::incremental_pca<double> ip(rc.n_components, svdkit::incremental_pca_options{rc.whiten});
        std::size_t largest_block = 0;
        if (rc.heights.empty()) {
            ip.fit(x, rc.batch_size);
            const auto starts = svdkit::incremental_pca<double>::batch_starts(
                n, rc.batch_size != 0 ? rc.batch_size : 5 * nf, rc.n_components);
            REQUIRE(starts.size() == rc.n_updates);
            for (std::size_t c = 0; c < starts.size(); ++c)
                largest_block = std::max(largest_block, (c + 1 < starts.size() ? starts[c + 1] : n) - starts[c]);
        } else {
            std::size_t i0 = 0;
            for (const std::size_t h : rc.heights) {
                ip.partial_fit(rows_of(x, i0, h));
                i0 += h;
                largest_block = std::max(largest_block, h);
            }
        }
        REQUIRE(ip.n_samples_seen() == rc.n_samples_seen);
        REQUIRE(ip.n_components() == rc.k);
        REQUIRE(ip.n_features() == nf);
        const std::size_t k = rc.k;
        const long double B = static_cast<long double>(rc.n_updates);
        const long double u = static_cast<long double>(std::max(k + largest_block + 1, nf)) * e;
        const long double S = value_error_bound(k + largest_block + 1, nf);
        const std::vector<long double> zs(rc.last_z_singular_values.begin(), rc.last_z_singular_values.end());
        const long double s1 = zs[0];

        // singular values and the variances made of them
        for (std::size_t c = 0; c < k; ++c) {
            const long double r = std::abs(static_cast<long double>(ip.singular_values()[c]) - rc.singular_values[c]) / (s1 * u);
            note_ratio("incremental_pca", "double", "sklearn |dsigma|/(sigma1 u)", r, rc.name);
            CHECK(r <= B * 2 * S);
            // σ² relative to σ₁²: 2·|Δσ|·σ₁ plus the division's roundings
            const long double rev = std::abs(static_cast<long double>(ip.explained_variance()[c]) - rc.explained_variance[c]) /
                                    (rc.explained_variance[0] * u);
            CHECK(rev <= 2 * B * 2 * S + 4);
            const long double rra = std::abs(static_cast<long double>(ip.explained_variance_ratio()[c]) -
                                             rc.explained_variance_ratio[c]) /
                                    (rc.explained_variance_ratio[0] * u);
            CHECK(rra <= 2 * B * 2 * S + 4 + 2 * static_cast<long double>(n));
        }
        // noise: a mean of discarded σ² / (n − 1), each within the same bound relative to σ₁²
        const long double noise_r = std::abs(static_cast<long double>(ip.noise_variance()) - rc.noise_variance) /
                                    (rc.explained_variance[0] * u);
        note_ratio("incremental_pca", "double", "sklearn |dnoise|/(ev1 u)", noise_r, rc.name);
        CHECK(noise_r <= 2 * B * 2 * S + 4);
        if (rc.noise_variance == 0.0) CHECK(ip.noise_variance() == 0.0);

        // components: the signs exactly (the deciding entry is well above rounding here), the
        // axes within the Davis–Kahan bound
        for (std::size_t c = 0; c < k; ++c) {
            long double d2 = 0;
            for (std::size_t j = 0; j < nf; ++j) {
                const long double d = static_cast<long double>(ip.components()(c, j)) - rc.components[c * nf + j];
                d2 += d * d;
            }
            const long double r = std::sqrt(d2) * gap_of(zs, c) / (s1 * s1 * u);
            note_ratio("incremental_pca", "double", "sklearn |dv| gap/(sigma1^2 u)", r, rc.name);
            CHECK(r <= B * 2 * 2 * S);
        }
        // means and variances
        for (std::size_t j = 0; j < nf; ++j) {
            long double xmax = 0, dmax = 0;
            for (std::size_t i = 0; i < n; ++i) {
                xmax = std::max(xmax, std::abs(static_cast<long double>(x(i, j))));
                const long double d = x(i, j) - rc.mean[j];
                dmax = std::max(dmax, d * d);
            }
            const long double rm = std::abs(static_cast<long double>(ip.mean()[j]) - rc.mean[j]) / (xmax * e);
            const long double rv = std::abs(static_cast<long double>(ip.var()[j]) - rc.var[j]) / (dmax * e);
            note_ratio("incremental_pca", "double", "sklearn |dmean|/(max|x| eps)", rm, rc.name);
            note_ratio("incremental_pca", "double", "sklearn |dvar|/(max(x-mu)^2 eps)", rv, rc.name);
            CHECK(rm <= 2 * static_cast<long double>(n));
            CHECK(rv <= 2 * static_cast<long double>(n + 4));
        }
        // scores of the first rows: (x − μ)·v_c, each term moved by |Δμ| and |Δv_c|
        const std::size_t nt = rc.scores.size() / k;
        const svdkit::matrix<double> z = ip.transform(rows_of(x, 0, nt));
        for (std::size_t c = 0; c < k; ++c) {
            const long double vb = B * 2 * 2 * S * s1 * s1 / gap_of(zs, c) + 2 * static_cast<long double>(n);
            const long double scale = rc.whiten ? std::sqrt(static_cast<long double>(rc.explained_variance[c])) : 1.0L;
            for (std::size_t i = 0; i < nt; ++i) {
                long double xn = 0;
                for (std::size_t j = 0; j < nf; ++j) xn += std::abs(x(i, j) - rc.mean[j]) + std::abs(rc.mean[j]);
                const long double r = std::abs(static_cast<long double>(z(i, c)) - rc.scores[i * k + c]) * scale / (xn * u);
                CHECK(r <= vb + 2 * B * 2 * S + 4);
            }
        }
    }
}

TEMPLATE_TEST_CASE("batch pca: with k = n_features the incremental model is pca of all the rows", "[batch]", float,
                   double, long double) {
    using T = TestType;
    const long double e = eps<T>();
    const std::size_t n = 150, nf = 7;
    rng_t rng(seed_of(n, nf, 19));
    // separated singular values (ratios 1.6), plus a column offset so that centering matters
    known_matrix<T> km = with_singular_values<T>(n, nf, spectra::geometric(nf, 10.0L, 0.6L), rng);
    svdkit::matrix<T> x(n, nf);
    for (std::size_t j = 0; j < nf; ++j)
        for (std::size_t i = 0; i < n; ++i) x(i, j) = km.a(ix(i), ix(j)) + static_cast<T>(j + 1);
    const std::vector<std::size_t> heights = {9, 23, 7, 40, 11, 60};  // 150 rows, 6 updates
    svdkit::incremental_pca<T> ip(nf);
    std::size_t i0 = 0;
    for (const std::size_t h : heights) {
        ip.partial_fit(rows_of(x, i0, h));
        i0 += h;
    }
    svdkit::pca<T> p(nf, svdkit::pca_options{false, svdkit::pca_solver::full, {}});
    p.fit(x);
    REQUIRE(ip.n_samples_seen() == n);
    REQUIRE(ip.n_components() == nf);
    const long double B = static_cast<long double>(heights.size());
    const long double u = static_cast<long double>(nf + 61) * e;
    const long double S = value_error_bound(nf + 61, nf);
    const long double s1 = p.singular_values()[0];
    std::vector<long double> ps(p.singular_values().begin(), p.singular_values().end());
    for (std::size_t c = 0; c < nf; ++c) {
        const long double r = std::abs(static_cast<long double>(ip.singular_values()[c]) - ps[c]) / (s1 * u);
        note_ratio("incremental_pca", type_name<T>(), "vs pca |dsigma|/(sigma1 u)", r, "150x7, 6 blocks");
        CHECK(r <= (B + 1) * 2 * S);  // the batch SVD is one more backward-stable decomposition
        const long double rr = std::abs(static_cast<long double>(ip.explained_variance_ratio()[c]) -
                                        p.explained_variance_ratio()[c]) /
                               (p.explained_variance_ratio()[0] * u);
        CHECK(rr <= 2 * (B + 1) * 2 * S + 4 + 2 * static_cast<long double>(n));
        long double d2 = 0;
        for (std::size_t j = 0; j < nf; ++j) {
            const long double d = static_cast<long double>(ip.components()(c, j)) - p.components()(c, j);
            d2 += d * d;
        }
        const long double rv = std::sqrt(d2) * gap_of(ps, c) / (s1 * s1 * u);
        note_ratio("incremental_pca", type_name<T>(), "vs pca |dv| gap/(sigma1^2 u)", rv, "150x7, 6 blocks");
        CHECK(rv <= (B + 1) * 2 * 2 * S);
    }
    CHECK(ip.noise_variance() == T(0));
    // mean and var against the long double two-pass values
    for (std::size_t j = 0; j < nf; ++j) {
        long double mu = 0, xmax = 0;
        for (std::size_t i = 0; i < n; ++i) mu += x(i, j), xmax = std::max(xmax, std::abs(static_cast<long double>(x(i, j))));
        mu /= n;
        long double v = 0, dmax = 0;
        for (std::size_t i = 0; i < n; ++i) v += (x(i, j) - mu) * (x(i, j) - mu), dmax = std::max(dmax, (x(i, j) - mu) * (x(i, j) - mu));
        v /= n;
        CHECK(std::abs(ip.mean()[j] - mu) / (xmax * e) <= static_cast<long double>(n));
        CHECK(std::abs(ip.var()[j] - v) / (dmax * e) <= static_cast<long double>(n + 4));
        CHECK(std::abs(static_cast<long double>(ip.mean()[j]) - p.mean()[j]) / (xmax * e) <= 2 * static_cast<long double>(n));
    }
}

TEST_CASE("batches: gen_batches' rule, fit == partial_fit bit for bit, fit forgets", "[batches]") {
    using ip_t = svdkit::incremental_pca<double>;
    // scikit-learn: list(gen_batches(178, 25, min_batch_size=5)) ends with slice(150, 178)
    CHECK(ip_t::batch_starts(178, 25, 5) == std::vector<std::size_t>{0, 25, 50, 75, 100, 125, 150});
    CHECK(ip_t::batch_starts(178, 25, 3) == std::vector<std::size_t>{0, 25, 50, 75, 100, 125, 150, 175});
    CHECK(ip_t::batch_starts(10, 3, 0) == std::vector<std::size_t>{0, 3, 6, 9});
    CHECK(ip_t::batch_starts(10, 3, 2) == std::vector<std::size_t>{0, 3, 6});  // 9..10 merged: 6..10
    CHECK(ip_t::batch_starts(4, 10, 2) == std::vector<std::size_t>{0});
    CHECK_THROWS_AS(ip_t::batch_starts(4, 0, 0), std::invalid_argument);

    const svdkit::matrix<double> x = from_row_major<double>(ipca_reference::wine, ipca_reference::wine_rows,
                                                            ipca_reference::wine_cols);
    for (const std::size_t k : {std::size_t(0), std::size_t(3), std::size_t(13)}) {
        for (const std::size_t bs : {std::size_t(0), std::size_t(13), std::size_t(50)}) {
            INFO("k = " << k << ", batch_size = " << bs);
            ip_t whole(k);
            whole.fit(x, bs);
            ip_t parts(k);
            const auto starts = ip_t::batch_starts(x.rows(), bs != 0 ? bs : 5 * x.cols(), k);
            for (std::size_t c = 0; c < starts.size(); ++c) {
                const std::size_t end = c + 1 < starts.size() ? starts[c + 1] : x.rows();
                svdkit::matrix<double> copy(end - starts[c], x.cols());  // a copy, not a view: same bits
                for (std::size_t j = 0; j < x.cols(); ++j)
                    for (std::size_t i = starts[c]; i < end; ++i) copy(i - starts[c], j) = x(i, j);
                parts.partial_fit(copy);
            }
            CHECK(same_model(whole, parts));
            // fit() starts over: fitting again on top of a model gives the same model
            whole.fit(x, bs);
            CHECK(same_model(whole, parts));
        }
    }
}

TEMPLATE_TEST_CASE("round trip: inverse_transform(transform(x)) = x with k = n_features", "[round_trip]", float,
                   double, long double) {
    using T = TestType;
    const std::size_t n = 60, nf = 5;
    rng_t rng(seed_of(n, nf, 20));
    const dense<T> g = gaussian<T>(n, nf, rng);
    svdkit::matrix<T> x(n, nf);
    for (std::size_t j = 0; j < nf; ++j)
        for (std::size_t i = 0; i < n; ++i) x(i, j) = g(ix(i), ix(j)) * static_cast<T>(j + 1) + T(3);
    for (const bool whiten : {false, true}) {
        svdkit::incremental_pca<T> ip(svdkit::incremental_pca_options{whiten});  // all: k = 5
        ip.fit(x, 16);
        REQUIRE(ip.n_components() == nf);
        const svdkit::matrix<T> z = ip.transform(x);
        if (whiten) {  // unit variance scores (ddof = 1)
            for (std::size_t c = 0; c < nf; ++c) {
                long double ss = 0;
                for (std::size_t i = 0; i < n; ++i) ss += static_cast<long double>(z(i, c)) * z(i, c);
                CHECK(std::abs(ss / (n - 1) - 1) <= 100 * static_cast<long double>(n) * eps<T>());
            }
        }
        const svdkit::matrix<T> back = ip.inverse_transform(z);
        long double num = 0, den = 0;
        for (std::size_t j = 0; j < nf; ++j)
            for (std::size_t i = 0; i < n; ++i) {
                const long double d = static_cast<long double>(back(i, j)) - x(i, j);
                num += d * d;
                den += static_cast<long double>(x(i, j)) * x(i, j);
            }
        // two products with an orthogonal V (to orthogonality_bound·k·ε) and the centering
        const long double r = std::sqrt(num / den) / (static_cast<long double>(std::max(n, nf)) * eps<T>());
        note_ratio("incremental_pca", type_name<T>(), "round trip |x' - x|/(|x| max(n,d) eps)", r,
                   whiten ? "whiten" : "plain");
        CHECK(r <= reconstruction_bound(n, nf) + orthogonality_bound);
    }
}

TEST_CASE("errors: documented exceptions, each leaving the fitted state unchanged", "[errors]") {
    using ip_t = svdkit::incremental_pca<double>;
    const svdkit::matrix<double> x = from_row_major<double>(ipca_reference::iris, ipca_reference::iris_rows,
                                                            ipca_reference::iris_cols);
    // before any fit
    ip_t fresh(2);
    CHECK_FALSE(fresh.fitted());
    CHECK(fresh.n_samples_seen() == 0);
    CHECK_THROWS_AS(fresh.transform(x), std::logic_error);
    CHECK_THROWS_WITH(fresh.transform(x), Contains("call partial_fit() or fit() first"));
    CHECK_THROWS_AS(fresh.inverse_transform(svdkit::matrix<double>(2, 2)), std::logic_error);
    CHECK_THROWS_AS(fresh.components(), std::logic_error);
    CHECK_THROWS_AS(fresh.noise_variance(), std::logic_error);
    CHECK_THROWS_AS(ip_t(-1), std::invalid_argument);

    // k > n_features, on an unfitted and through fit
    ip_t big(5);
    CHECK_THROWS_WITH(big.partial_fit(x), Contains("1 <= n_components <= n_features (= 4)"));
    CHECK_THROWS_AS(big.fit(x), std::invalid_argument);
    CHECK_FALSE(big.fitted());

    ip_t ip(3);
    ip.partial_fit(rows_of(x, 0, 50));
    ip.partial_fit(rows_of(x, 50, 40));
    const ip_t before = ip;
    auto unchanged = [&] { CHECK(same_model(ip, before)); };

    // a block with fewer rows than k (scikit-learn: any block), and an empty one
    CHECK_THROWS_AS(ip.partial_fit(rows_of(x, 90, 2)), std::invalid_argument);
    CHECK_THROWS_WITH(ip.partial_fit(rows_of(x, 90, 2)), Contains("n_components <= the block's rows (= 2)"));
    unchanged();
    CHECK_THROWS_AS(ip.partial_fit(rows_of(x, 90, 0)), std::invalid_argument);
    unchanged();
    ip_t all;  // all components: an empty block still needs a row
    CHECK_THROWS_WITH(all.partial_fit(rows_of(x, 0, 0)), Contains("at least 1 sample"));
    CHECK_FALSE(all.fitted());

    // wrong width
    const svdkit::matrix<double> wide_block(10, 5, 1.0);
    CHECK_THROWS_AS(ip.partial_fit(wide_block), std::invalid_argument);
    CHECK_THROWS_WITH(ip.partial_fit(wide_block), Contains("has 5 columns but the fit has 4 features"));
    unchanged();
    CHECK_THROWS_AS(ip.partial_fit(svdkit::matrix<double>(10, 0)), std::invalid_argument);
    unchanged();

    // NaN / Inf, named by the entry of the argument
    svdkit::matrix<double> bad(10, 4, 1.0);
    bad(3, 2) = 0.0;
    bad(7, 1) = std::numeric_limits<double>::quiet_NaN();
    try {
        ip.partial_fit(bad);
        FAIL("no exception");
    } catch (const svdkit::non_finite_input& err) {
        CHECK(err.row() == 7);
        CHECK(err.col() == 1);
        CHECK_THAT(err.what(), Contains("NaN"));
    }
    unchanged();
    bad(7, 1) = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(ip.partial_fit(bad), std::domain_error);
    unchanged();
    CHECK_THROWS_AS(ip.transform(bad), svdkit::non_finite_input);

    // fit() with a bad x, or batches shorter than k, keeps the previous model
    svdkit::matrix<double> xnan = x;
    xnan(120, 3) = std::numeric_limits<double>::infinity();
    try {
        ip.fit(xnan, 10);
        FAIL("no exception");
    } catch (const svdkit::non_finite_input& err) {
        CHECK(err.row() == 120);  // the row in x
        CHECK(err.col() == 3);
    }
    unchanged();
    CHECK_THROWS_WITH(ip.fit(x, 2), Contains("batch_size >= n_components"));
    unchanged();
    CHECK_THROWS_AS(ip.fit(svdkit::matrix<double>(0, 4)), std::invalid_argument);
    unchanged();

    // transform / inverse_transform shapes
    CHECK_THROWS_WITH(ip.transform(wide_block), Contains("fit had 4 features"));
    CHECK_THROWS_WITH(ip.inverse_transform(svdkit::matrix<double>(2, 2)), Contains("has 3 components"));
    unchanged();

    // and the model still works: the next good block is accepted
    ip.partial_fit(rows_of(x, 90, 60));
    CHECK(ip.n_samples_seen() == 150);
}

TEST_CASE("single-sample first block and constant data: no NaN", "[edge]") {
    svdkit::incremental_pca<double> ip(1);
    svdkit::matrix<double> one(1, 3, 2.0);
    ip.partial_fit(one);  // scikit-learn gives 0/0 = NaN variances here; svdkit 0
    CHECK(ip.n_samples_seen() == 1);
    CHECK(ip.explained_variance()[0] == 0.0);
    CHECK(ip.explained_variance_ratio()[0] == 0.0);
    svdkit::matrix<double> more{{0, 2, 3}, {4, 2, 1}, {2, 2, 2}};
    ip.partial_fit(more);
    CHECK(ip.n_samples_seen() == 4);
    CHECK(ip.mean() == std::vector<double>{2.0, 2.0, 2.0});
    // var (ddof = 0): {2, 0, 4, 2} -> 2, {2, 2, 2, 2} -> 0, {2, 3, 1, 2} -> 0.5
    CHECK(ip.var()[0] == 2.0);
    CHECK(ip.var()[1] == 0.0);
    CHECK(ip.var()[2] == 0.5);
    // the one axis is (2, 0, −1)/√5, signed so its largest entry is positive
    CHECK(std::abs(ip.components()(0, 0) - 2 / std::sqrt(5.0)) <= 4e-16);
    CHECK(std::abs(ip.components()(0, 1)) <= 4e-16);
    CHECK(std::abs(ip.components()(0, 2) + 1 / std::sqrt(5.0)) <= 4e-16);
    CHECK(std::abs(ip.explained_variance()[0] - 10.0 / 3.0) <= 2e-15);  // Σ over the columns of M2 = 8 + 2
    CHECK(std::abs(ip.explained_variance_ratio()[0] - 1.0) <= 4e-16);
}

TEMPLATE_TEST_CASE("scale: data times 2^±e, far outside the safe range, give the same model times 2^±e", "[scale]",
                   float, double) {
    using T = TestType;
    // iris times 2^e: its largest entry (7.9) goes far past the driver's safe range ([~1e-12,
    // ~1e12] in float, [~1e-146, ~1e146] in double), and e is chosen so that the columns' sums of
    // squares (up to 464) would overflow unscaled while the variances (up to 3.1, times 2^2e) are
    // still finite. Scaling by a power of two commutes with every rounding, so the model must be
    // the plain one's times 2^e exactly: the components and ratios bit for bit.
    const int big = std::is_same<T, float>::value ? 62 : 510;
    const svdkit::matrix<T> x = from_row_major<T>(ipca_reference::iris, ipca_reference::iris_rows,
                                                  ipca_reference::iris_cols);
    svdkit::incremental_pca<T> plain(2);
    plain.fit(x, 10);
    const svdkit::matrix<T> zp = plain.transform(x);
    for (const int e : {big, -big}) {
        INFO("2^" << e);
        svdkit::matrix<T> xs(x.rows(), x.cols());
        for (std::size_t i = 0; i < x.size(); ++i) xs.data()[i] = std::ldexp(x.data()[i], e);
        svdkit::incremental_pca<T> ip(2);
        ip.fit(xs, 10);
        auto scaled = [](std::vector<T> v, int p) {
            for (T& a : v) a = std::ldexp(a, p);
            return v;
        };
        CHECK(same_bits(ip.components(), plain.components()));
        CHECK(same_bits(ip.explained_variance_ratio(), plain.explained_variance_ratio()));
        CHECK(same_bits(ip.singular_values(), scaled(plain.singular_values(), e)));
        CHECK(same_bits(ip.mean(), scaled(plain.mean(), e)));
        CHECK(same_bits(ip.var(), scaled(plain.var(), 2 * e)));
        CHECK(same_bits(ip.explained_variance(), scaled(plain.explained_variance(), 2 * e)));
        CHECK(ip.noise_variance() == std::ldexp(plain.noise_variance(), 2 * e));
        const svdkit::matrix<T> z = ip.transform(xs);
        bool same = true;
        for (std::size_t i = 0; i < z.size(); ++i) same = same && z.data()[i] == std::ldexp(zp.data()[i], e);
        CHECK(same);
    }
    // a block far larger than those before rescales the stored model: a plain first block, then
    // one at 2^big, against a model of the two at once computed in the same order
    svdkit::matrix<T> mixed = x;
    for (std::size_t j = 0; j < x.cols(); ++j)
        for (std::size_t i = 75; i < x.rows(); ++i) mixed(i, j) = std::ldexp(x(i, j), big);
    svdkit::incremental_pca<T> two(2);
    two.partial_fit(rows_of(mixed, 0, 75));
    two.partial_fit(rows_of(mixed, 75, 75));
    for (const T v : two.var()) CHECK(std::isfinite(v));
    for (const T s : two.singular_values()) CHECK(std::isfinite(s));
    // against the batch pca of the mixed rows (which rescales too): the first block's truncated
    // scatter is 2^-2big of the rest, so the same bound as with nothing discarded holds
    svdkit::pca<T> p(svdkit::pca_options{false, svdkit::pca_solver::full, {}});
    p.fit(mixed);
    const std::vector<long double> ps(p.singular_values().begin(), p.singular_values().end());
    const long double u = static_cast<long double>(2 + 75 + 1) * eps<T>();
    const long double S = value_error_bound(2 + 75 + 1, x.cols());
    for (std::size_t c = 0; c < 2; ++c) {
        CHECK(std::abs(two.singular_values()[c] - ps[c]) / (ps[0] * u) <= 3 * 2 * S);
        long double d2 = 0;
        for (std::size_t j = 0; j < x.cols(); ++j) {
            const long double d = static_cast<long double>(two.components()(c, j)) - p.components()(c, j);
            d2 += d * d;
        }
        const long double r = std::sqrt(d2) * gap_of(ps, c) / (ps[0] * ps[0] * u);
        note_ratio("incremental_pca", type_name<T>(), "rescaled vs pca |dv| gap/(sigma1^2 u)", r, "iris, 2nd half 2^big");
        CHECK(r <= 3 * 2 * 2 * S);
    }
}
