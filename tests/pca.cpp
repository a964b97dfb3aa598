// Tests include/svdkit/pca.hpp: svdkit::pca<T> against issue 5 (scikit-learn's PCA semantics).
//
//   hand      4 points in 2-D whose mean, covariance, axes and scores are worked out below
//   property  orthonormal axes; uncorrelated scores with variances explained_variance();
//             fit_transform == transform; inverse_transform ∘ transform == identity with all
//             components, == μ + (rank-k approximation of the centered data) with k; whiten;
//             ratios sum to 1; noise_variance = mean of the discarded eigenvalues
//   fraction  the "smallest k with cumulative ratio strictly > f" rule, at exactly known
//             boundaries and just below/above them
//   oracle    Eigen's SelfAdjointEigenSolver on the covariance matrix, in a wider type
//   signs     largest-|entry|-positive on every component; full and randomized agree; refits are
//             bit-identical; negating X negates the scores, not the axes
//   solver    the automatic rule, randomized vs full, fraction + randomized rejected
//   errors    every documented exception, with the message naming the shape or the entry
//
// Every bound is in units of u = max(n_samples, n_features)·ε_T and is built from the accuracy the
// svd suite holds the SVD to (bounds.hpp), times the conditioning of the quantity checked; see
// "Bounds" below.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::sqrt, std::nextafter
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::logic_error, std::domain_error
#include <string>     // std::string
#include <type_traits>  // std::conditional_t, std::is_same
#include <vector>     // std::vector

#include <Eigen/Dense>

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "pca_reference.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

// ---------------------------------------------------------------------------------------------
// Bounds, in units of u = max(n, d)·ε_T, each built from the SVD's own contract (bounds.hpp):
//   backward error  ‖E‖_F <= R·u·‖Xc‖_F,  R = reconstruction_bound(n, d)   (Xc + E = UΣVᵀ)
//   values          |Δσ_i| <= S·u·σ_1,    S = value_error_bound(n, d)      (so ‖E‖_2 <= S·u·σ_1)
//   orthogonality   ‖I − VᵀV‖_F <= O·k·ε <= O·u,  O = orthogonality_bound
// plus one u per matrix product or sum svdkit::pca does on top (rounding_allowance when a
// product of unknown length is involved), and, against an Eigen reference, that reference's own
// error: negligible in a wider type, and for long double (where wide_t is long double itself) a
// backward-stable decomposition's rounding_allowance.
// ---------------------------------------------------------------------------------------------

/// A backward-stable Eigen reference in wide_t<T>: rounding_allowance for long double, whose
/// reference is not wider; counted for every type, which costs float and double nothing real.
constexpr long double reference_allowance = rounding_allowance;

/// |λ̂_i − λ_i| / (λ_1·u) for one svdkit eigenvalue λ = σ²/(n−1) (explained or noise variance):
/// |Δ(σ²)| <= 2·σ_1·|Δσ| <= 2·S·u·σ_1².
inline long double eigenvalue_share(std::size_t n, std::size_t d) {
    return 2 * value_error_bound(n, d);
}

/// svdkit against an Eigen reference: svdkit's share plus the reference's own 2·allowance.
inline long double eigenvalue_bound(std::size_t n, std::size_t d) {
    return eigenvalue_share(n, d) + 2 * reference_allowance;
}

/// θ_i·gap_i / (λ_1·u), θ_i the angle between an axis and its reference, gap_i = min_j≠i |λ_i − λ_j|:
/// Davis–Kahan sinθ <= ‖ΔS‖_2/gap, where the covariance svdkit effectively decomposes,
/// (Xc + E)ᵀ(Xc + E)/(n−1), is within 2·σ_1·‖E‖_2/(n−1) <= 2·S·λ_1·u of the exact one; the
/// reference's covariance likewise within 2·allowance·λ_1·u.
inline long double angle_bound(std::size_t n, std::size_t d) {
    return eigenvalue_bound(n, d);
}

/// The same two measures between two svdkit fits (full vs randomized, X vs −X): two svdkit shares.
inline long double agreement_bound(std::size_t n, std::size_t d) {
    return 2 * eigenvalue_share(n, d);
}

/// max_ij |cov(Z)_ij − δ_ij·ev_i| / (ev_1·u), Z = U·Σ the scores: (n−1)·cov(Z) = Σ·UᵀU·Σ − n·z̄z̄ᵀ,
/// |Σ(UᵀU − I)Σ|_ij <= σ_1²·O·k·ε <= (n−1)·ev_1·O·u; z̄ is O(u), its term O(u²); one u for
/// forming U·Σ. With whitening the same holds with ev_1 = 1.
inline long double score_covariance_bound() {
    return orthogonality_bound + 1;
}

/// ‖Z_fit_transform − Z_transform‖_F / (‖Xc‖_F·u): transform computes Xc·V_k, fit_transform U_k·Σ_k;
/// they differ by UΣ(VᵀV_k − [I; 0]) (O·u·‖Xc‖), −E·V_k (R·u·‖Xc‖_F), and the rounding of the two
/// products (rounding_allowance each).
inline long double transform_agreement_bound(std::size_t n, std::size_t d) {
    return orthogonality_bound + reconstruction_bound(n, d) + 2 * rounding_allowance;
}

/// ‖X − inverse_transform(transform(X))‖_F / (‖X‖_F·u) with all components: centering and adding
/// the mean back (ε per entry each), the two products (rounding_allowance each), CᵀC = I to O·u,
/// and for n <= d the part of Xc outside span(C), which is −E restricted (R·u·‖Xc‖_F). Whitening
/// only adds two roundings per score.
inline long double round_trip_bound(std::size_t n, std::size_t d) {
    return 2 + 2 * rounding_allowance + orthogonality_bound + reconstruction_bound(n, d);
}

/// ‖X̂_k − (μ + Xc_k)‖_F / (u·(‖X‖_F + ‖Xc‖_F·σ_1/(σ_k − σ_{k+1}))): round_trip_bound's terms on
/// ‖X‖_F, plus the rotation of the kept subspace, sinΘ <= ‖E‖_2/(σ_k − σ_{k+1}) (Wedin) acting on
/// Xc (norm σ_1): S for svdkit and the allowance for the reference, on ‖Xc‖_F·σ_1/gap.
inline long double rank_k_bound(std::size_t n, std::size_t d) {
    return std::max(round_trip_bound(n, d), value_error_bound(n, d) + reference_allowance);
}

/// |Σ_i ratio_i − 1| / u with all components: Σσ̂_i² = ‖Xc + E‖_F² is within (2R·u + (R·u)²)·‖Xc‖_F²
/// of the total variance; the two sums (p values, d column norms) round by <= (p + d)·ε <= 2u.
inline long double ratio_sum_bound(std::size_t n, std::size_t d) {
    return 2 * reconstruction_bound(n, d) + 1 + 2;
}

/// |μ̂_j − μ_j| / (u·mean_i |x_ij|): a sum of n terms rounds by at most (n−1)·ε·Σ_i|x_ij|.
constexpr long double mean_bound = 1.0L;

/// |cum_k − exact_k| / u for a cumulative ratio of k <= 3 components on the fraction-rule data,
/// whose λ_1/total is 1/2: each ratio errs by <= (|Δλ_i| + ratio_i·|Δtotal|)/total, i.e. by
/// <= (eigenvalue_share·λ_1/total)·u + ratio_i·ratio_sum_bound·u; summed over 3 and rounded once more.
inline long double cumulative_ratio_bound(std::size_t n, std::size_t d) {
    return 3 * eigenvalue_share(n, d) / 2 + ratio_sum_bound(n, d) + 1;
}

/// The hand case: |q̂ − q| / (u·Q) for a quantity of natural size Q (the largest |x| for the mean,
/// σ_1 for singular values, λ_1 for variances, 1 for ratios, the Wedin factor σ_1/(σ_1 − σ_2) = 2
/// for axes, σ_1 times it for scores): an eigenvalue share (the largest of the SVD's terms) plus a
/// rounding_allowance for pca's own products.
inline long double hand_bound() {
    return eigenvalue_share(4, 2) + rounding_allowance;
}

/// ‖Z(−X) + Z(X)‖_F / (u·(2·rounding_allowance·‖Xc‖_F + σ_1·Σ_i agreement_bound·λ_1/gap_i)):
/// Z(−X) + Z(X) = Xc·(C − C')ᵀ up to the rounding of the two transforms, and
/// ‖Xc(c_i − c'_i)‖ <= σ_1·θ_i with θ_i within agreement_bound. The scale carries it all: 1.
constexpr long double negation_bound = 1.0L;

/// |noise_randomized − noise_reference| / (u·(total + k·λ_1)/(p − k)): the randomized path takes
/// noise = (total − Σ_{i<k} λ̂_i)/(p − k); total errs by <= ratio_sum_bound·u·total, each kept λ̂_i by
/// an eigenvalue share, and the reference's eigenvalues by its allowance.
inline long double randomized_noise_bound(std::size_t n, std::size_t d) {
    return std::max(ratio_sum_bound(n, d), eigenvalue_bound(n, d));
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// u = max(n, d)·ε_T.
template <class T>
long double unit(std::size_t n, std::size_t d) {
    return static_cast<long double>(std::max(n, d)) * eps<T>();
}

/// Requires 0 <= measured <= bound (NaN fails), printing both first.
void require_at_most(const std::string& what, long double measured, long double bound) {
    INFO(what << " = " << static_cast<double>(measured) << " (bound " << static_cast<double>(bound) << ")");
    REQUIRE_THAT(static_cast<double>(measured), WithinAbs(0.0, static_cast<double>(bound)));
}

/// Requires |got − want| <= tol, the difference taken in long double (so a long double result is
/// not rounded to double before it is compared).
void require_close(const std::string& what, long double got, long double want, long double tol) {
    const long double err = std::abs(got - want);
    INFO(what << ": got " << static_cast<double>(got) << ", want " << static_cast<double>(want) << ", |error| "
              << static_cast<double>(err) << " (bound " << static_cast<double>(tol) << ")");
    REQUIRE_THAT(static_cast<double>(err), WithinAbs(0.0, static_cast<double>(tol)));
}

template <class W, class T>
Eigen::Matrix<W, Eigen::Dynamic, 1> to_vec(const std::vector<T>& v) {
    Eigen::Matrix<W, Eigen::Dynamic, 1> out(ix(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) out(ix(i)) = static_cast<W>(v[i]);
    return out;
}

/// The sample covariance (ddof = 1) of the columns of z.
template <class W>
dense<W> sample_covariance(const dense<W>& z) {
    const Eigen::Matrix<W, 1, Eigen::Dynamic> m = z.colwise().mean();
    const dense<W> zc = z.rowwise() - m;
    return zc.transpose() * zc / static_cast<W>(z.rows() - 1);
}

/// Rows of c (k×d) that break the sign rule: the first entry of largest magnitude must be > 0.
template <class T>
std::vector<std::size_t> sign_rule_violations(const svdkit::matrix<T>& c) {
    std::vector<std::size_t> bad;
    for (std::size_t i = 0; i < c.rows(); ++i) {
        std::size_t best = 0;
        for (std::size_t j = 1; j < c.cols(); ++j)
            if (std::abs(c(i, j)) > std::abs(c(i, best))) best = j;
        if (!(c(i, best) > T(0))) bad.push_back(i);
    }
    return bad;
}

template <class T>
void require_sign_rule(const svdkit::matrix<T>& c) {
    const std::vector<std::size_t> bad = sign_rule_violations(c);
    INFO("components breaking the sign rule: " << bad.size() << (bad.empty() ? "" : ", first row ")
                                                 << (bad.empty() ? std::string() : std::to_string(bad[0])));
    REQUIRE(bad.empty());
}

/// min_j≠i |λ_i − λ_j| over all of lambda.
template <class W>
W gap_of(const std::vector<W>& lambda, std::size_t i) {
    W g = std::numeric_limits<W>::infinity();
    for (std::size_t j = 0; j < lambda.size(); ++j)
        if (j != i) g = std::min(g, static_cast<W>(std::abs(lambda[i] - lambda[j])));
    return g;
}

/// Column offsets of moderate size, so that centering matters but does not dominate.
inline std::vector<long double> offsets(std::size_t d) {
    std::vector<long double> mu(d);
    for (std::size_t j = 0; j < d; ++j) mu[j] = static_cast<long double>(j % 5) - 1.5L;
    return mu;
}

/// Gaussian data with the offsets above.
template <class T>
dense<T> gaussian_with_offsets(std::size_t n, std::size_t d, rng_t& rng) {
    dense<T> x = gaussian<T>(n, d, rng);
    const std::vector<long double> mu = offsets(d);
    for (std::size_t j = 0; j < d; ++j) x.col(ix(j)).array() += static_cast<T>(mu[j]);
    return x;
}

struct shape {
    std::size_t n, d;
};

std::string label(shape s) {
    return shape_label(s.n, s.d);
}

}  // namespace

// =============================================================================================
// A case small enough to do by hand
// =============================================================================================

TEMPLATE_TEST_CASE("four points in 2-D, worked by hand", "[pca][hand]", float, double, long double) {
    using T = TestType;
    // Points (rows): (9, 8), (−7, −4), (−2, 6), (4, −2).
    //   mean μ = ((9 − 7 − 2 + 4)/4, (8 − 4 + 6 − 2)/4) = (1, 2).
    //   centered: (8, 6), (−8, −6), (−3, 4), (3, −4): ±2·(4, 3) and ±1·(−3, 4), two orthogonal
    //   directions of length 5, so the axes are (4, 3)/5 and (−3, 4)/5.
    //   XcᵀXc = 2·(8, 6)(8, 6)ᵀ + 2·(−3, 4)(−3, 4)ᵀ = [[146, 72], [72, 104]]; check:
    //   [[146, 72], [72, 104]]·(0.8, 0.6) = (160, 120) = 200·(0.8, 0.6), and the trace 250 = 200 + 50.
    //   σ = (√200, √50) = (10√2, 5√2); covariance (ddof = 1, n − 1 = 3) eigenvalues 200/3, 50/3;
    //   ratios 0.8, 0.2.
    //   Signs: (0.8, 0.6) has its largest entry positive; of ±(−0.6, 0.8) the largest |entry| is the
    //   second, made positive: (−0.6, 0.8).
    //   Scores Xc·axesᵀ: (8, 6) → (6.4 + 3.6, −4.8 + 4.8) = (10, 0); (−8, −6) → (−10, 0);
    //   (−3, 4) → (−2.4 + 2.4, 1.8 + 3.2) = (0, 5); (3, −4) → (0, −5).
    //   Whitened: 10/√(200/3) = √1.5 and 5/√(50/3) = √1.5.
    //   k = 1: noise variance 50/3; inverse_transform(transform(X)) = μ + z₁·(0.8, 0.6):
    //   (9, 8), (−7, −4), (1, 2), (1, 2). A new point (5, 5) is μ + (4, 3): scores (5, 0).
    const svdkit::matrix<T> x{{9, 8}, {-7, -4}, {-2, 6}, {4, -2}};
    const long double u = unit<T>(4, 2);
    const long double sigma1 = 10 * std::sqrt(2.0L);
    const long double lambda1 = 200.0L / 3;
    const long double axis_scale = 2;  // σ_1/(σ_1 − σ_2)
    auto tol = [&](long double scale) { return hand_bound() * u * scale; };
    INFO(type_name<T>());

    svdkit::pca<T> p;
    const svdkit::matrix<T> z = p.fit_transform(x);
    REQUIRE(p.n_components() == 2);
    REQUIRE(p.components().rows() == 2);
    REQUIRE(p.components().cols() == 2);
    REQUIRE(z.rows() == 4);
    REQUIRE(z.cols() == 2);
    require_close("mean[0]", p.mean()[0], 1, tol(9));
    require_close("mean[1]", p.mean()[1], 2, tol(9));
    require_close("singular value 1", p.singular_values()[0], sigma1, tol(sigma1));
    require_close("singular value 2", p.singular_values()[1], 5 * std::sqrt(2.0L), tol(sigma1));
    require_close("explained variance 1", p.explained_variance()[0], lambda1, tol(lambda1));
    require_close("explained variance 2", p.explained_variance()[1], 50.0L / 3, tol(lambda1));
    require_close("ratio 1", p.explained_variance_ratio()[0], 0.8L, tol(1));
    require_close("ratio 2", p.explained_variance_ratio()[1], 0.2L, tol(1));
    require_close("noise variance (all kept)", p.noise_variance(), 0, tol(lambda1));
    const long double axes[2][2] = {{0.8L, 0.6L}, {-0.6L, 0.8L}};
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j)
            require_close("component(" + std::to_string(i) + ", " + std::to_string(j) + ")", p.components()(i, j),
                          axes[i][j], tol(axis_scale));
    const long double scores[4][2] = {{10, 0}, {-10, 0}, {0, 5}, {0, -5}};
    const svdkit::matrix<T> zt = p.transform(x);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            const std::string at = "(" + std::to_string(i) + ", " + std::to_string(j) + ")";
            require_close("fit_transform" + at, z(i, j), scores[i][j], tol(axis_scale * sigma1));
            require_close("transform" + at, zt(i, j), scores[i][j], tol(axis_scale * sigma1));
        }
    const svdkit::matrix<T> fresh{{5, 5}, {1, 2}};
    const svdkit::matrix<T> zf = p.transform(fresh);
    require_close("transform (5, 5), first", zf(0, 0), 5, tol(axis_scale * 5));
    require_close("transform (5, 5), second", zf(0, 1), 0, tol(axis_scale * 5));
    require_close("transform of the mean, first", zf(1, 0), 0, tol(axis_scale * 5));
    require_close("transform of the mean, second", zf(1, 1), 0, tol(axis_scale * 5));

    SECTION("one component: noise variance and the rank-1 reconstruction") {
        svdkit::pca<T> p1(1);
        const svdkit::matrix<T> z1 = p1.fit_transform(x);
        REQUIRE(z1.cols() == 1);
        require_close("noise variance", p1.noise_variance(), 50.0L / 3, tol(lambda1));
        const svdkit::matrix<T> back = p1.inverse_transform(z1);
        const long double want[4][2] = {{9, 8}, {-7, -4}, {1, 2}, {1, 2}};
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 2; ++j)
                require_close("rank-1 reconstruction(" + std::to_string(i) + ", " + std::to_string(j) + ")",
                              back(i, j), want[i][j], tol(9 + axis_scale * sigma1));
    }
    SECTION("whitened scores are ±√1.5 and inverse_transform undoes the whitening") {
        svdkit::pca_options o;
        o.whiten = true;
        svdkit::pca<T> pw(o);
        const svdkit::matrix<T> zw = pw.fit_transform(x);
        const long double r = std::sqrt(1.5L);
        const long double want[4][2] = {{r, 0}, {-r, 0}, {0, r}, {0, -r}};
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 2; ++j)
                require_close("whitened score(" + std::to_string(i) + ", " + std::to_string(j) + ")", zw(i, j),
                              want[i][j], tol(axis_scale * std::sqrt(3.0L)));
        const svdkit::matrix<T> back = pw.inverse_transform(zw);
        const long double pts[4][2] = {{9, 8}, {-7, -4}, {-2, 6}, {4, -2}};
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 2; ++j)
                require_close("whitened round trip(" + std::to_string(i) + ", " + std::to_string(j) + ")",
                              back(i, j), pts[i][j], tol(9 + axis_scale * sigma1));
    }
    SECTION("fractions away from the boundary 0.8") {
        // Cumulative ratios 0.8, 1: f = 0.5 needs one component, f = 0.9 two.
        svdkit::pca<T> half(0.5);
        half.fit(x);
        CHECK(half.n_components() == 1);
        svdkit::pca<T> most(0.9);
        most.fit(x);
        CHECK(most.n_components() == 2);
    }
}

// =============================================================================================
// Properties over shapes
// =============================================================================================

namespace {

enum class data_kind { gaussian, graded };

template <class T>
dense<T> property_data(shape s, data_kind kind) {
    rng_t rng(seed_of(s.n, s.d, 50 + static_cast<std::size_t>(kind)));
    if (kind == data_kind::gaussian) return gaussian_with_offsets<T>(s.n, s.d, rng);
    // σ graded over three decades, along Haar-random axes.
    const std::size_t r = std::min(s.n - 1, s.d);
    return data_with_spectrum<T>(s.n, s.d, spectra::geometric(r, 10.0L, 1e-2L), offsets(s.d), axes_kind::haar, rng).x;
}

}  // namespace

TEMPLATE_TEST_CASE("properties with all components", "[pca][properties]", float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape s = GENERATE(shape{40, 6}, shape{12, 12}, shape{8, 20}, shape{150, 25}, shape{2, 5}, shape{5, 1});
    const data_kind kind = GENERATE(data_kind::gaussian, data_kind::graded);
    INFO(type_name<T>() << ", " << label(s) << (kind == data_kind::gaussian ? " gaussian" : " graded"));
    const dense<T> xd = property_data<T>(s, kind);
    const svdkit::matrix<T> x = to_svdkit(xd);
    const std::size_t n = s.n, d = s.d, p_all = std::min(n, d);
    const long double u = unit<T>(n, d);

    svdkit::pca<T> p;
    const svdkit::matrix<T> zf = p.fit_transform(x);
    REQUIRE(p.n_components() == p_all);
    REQUIRE(p.components().rows() == p_all);
    REQUIRE(p.components().cols() == d);
    REQUIRE(p.explained_variance().size() == p_all);
    REQUIRE(p.mean().size() == d);
    REQUIRE(zf.rows() == n);
    REQUIRE(zf.cols() == p_all);
    CHECK(p.solver_used() == svdkit::pca_solver::full);
    REQUIRE(sorted_non_negative(p.explained_variance()));

    const pca_reference<W> ref = covariance_eigen<W>(xd);
    const dense<W> xw = xd.template cast<W>();
    const long double xc_norm = static_cast<long double>(ref.xc.norm());
    const long double x_norm = static_cast<long double>(xw.norm());
    const long double ev1 = static_cast<long double>(p.explained_variance()[0]);

    // Mean.
    for (std::size_t j = 0; j < d; ++j) {
        const long double scale = static_cast<long double>(xw.col(ix(j)).cwiseAbs().mean());
        require_at_most("|mean error| / (u·mean|x|), column " + std::to_string(j),
                        safe_ratio(std::abs(static_cast<long double>(p.mean()[j]) -
                                            static_cast<long double>(ref.mean(ix(j)))),
                                   u * scale),
                        mean_bound);
    }

    // Orthonormal rows.
    const dense<T> ct = to_dense<T>(p.components()).transpose();
    require_at_most("‖I − C·Cᵀ‖_F / (k·ε)", orthogonality_ratio(ct), orthogonality_bound);
    require_sign_rule(p.components());

    // explained_variance_i = σ_i²/(n − 1), from the same σ: three roundings apart.
    for (std::size_t i = 0; i < p_all; ++i) {
        const long double sv = static_cast<long double>(p.singular_values()[i]);
        const long double want = sv * sv / static_cast<long double>(n - 1);
        require_close("explained variance " + std::to_string(i) + " vs σ²/(n−1)", p.explained_variance()[i], want,
                      3 * eps<T>() * want);
    }

    // Scores uncorrelated, with variances explained_variance().
    {
        const dense<W> cov = sample_covariance<W>(to_dense<W>(zf));
        long double worst = 0;
        for (Eigen::Index i = 0; i < cov.rows(); ++i)
            for (Eigen::Index j = 0; j < cov.cols(); ++j) {
                const long double want = i == j ? static_cast<long double>(p.explained_variance()[sz(i)]) : 0.0L;
                worst = std::max(worst, std::abs(static_cast<long double>(cov(i, j)) - want));
            }
        require_at_most("max|cov(scores) − diag(ev)| / (ev_1·u)", safe_ratio(worst, ev1 * u), score_covariance_bound());
    }

    // fit_transform(X) == transform(X).
    const svdkit::matrix<T> zt = p.transform(x);
    require_at_most("‖fit_transform − transform‖_F / (‖Xc‖_F·u)",
                    safe_ratio(static_cast<long double>((to_dense<W>(zf) - to_dense<W>(zt)).norm()), xc_norm * u),
                    transform_agreement_bound(n, d));

    // inverse_transform(transform(X)) == X, from either scores.
    for (const svdkit::matrix<T>* z : {&zf, &zt}) {
        const dense<W> back = to_dense<W>(p.inverse_transform(*z));
        const long double ratio = safe_ratio(static_cast<long double>((back - xw).norm()), x_norm * u);
        require_at_most(std::string("‖X − inverse_transform(") + (z == &zf ? "fit_transform" : "transform") +
                            "(X))‖_F / (‖X‖_F·u)",
                        ratio, round_trip_bound(n, d));
        note_ratio("pca", type_name<T>(), "round trip", ratio, label(s));
    }

    // Ratios: each ev_i over the total variance, summing to 1.
    {
        long double sum = 0;
        for (T r : p.explained_variance_ratio()) sum += static_cast<long double>(r);
        require_at_most("|Σ ratio − 1| / u", std::abs(sum - 1) / u, ratio_sum_bound(n, d));
    }
    // All components kept: nothing is discarded, the noise variance is 0 (scikit-learn's 0.0).
    REQUIRE(p.noise_variance() == T(0));

}

TEMPLATE_TEST_CASE("k components give the rank-k approximation and the noise variance", "[pca][properties]",
                   float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    struct rank_case {
        shape s;
        std::size_t k;
    };
    const rank_case c = GENERATE(rank_case{{40, 6}, 3}, rank_case{{10, 25}, 4}, rank_case{{60, 12}, 1},
                                 rank_case{{60, 12}, 11}, rank_case{{30, 30}, 0});
    const std::size_t n = c.s.n, d = c.s.d, k = c.k, p_all = std::min(n, d);
    INFO(type_name<T>() << ", " << label(c.s) << ", k = " << k);
    rng_t rng(seed_of(n, d, 60 + k));
    // σ from 10 down to 0.1, geometrically: every gap σ_i − σ_{i+1} is a fixed share of σ_i.
    const std::size_t r = std::min(n - 1, d);
    const dense<T> xd =
        data_with_spectrum<T>(n, d, spectra::geometric(r, 10.0L, 0.1L), offsets(d), axes_kind::haar, rng).x;
    const svdkit::matrix<T> x = to_svdkit(xd);
    const long double u = unit<T>(n, d);

    svdkit::pca<T> p(k);
    const svdkit::matrix<T> zf = p.fit_transform(x);
    REQUIRE(p.n_components() == k);
    REQUIRE(p.components().rows() == k);
    REQUIRE(zf.cols() == k);
    REQUIRE(p.explained_variance().size() == k);
    const dense<T> ct = to_dense<T>(p.components()).transpose();
    require_at_most("‖I − C·Cᵀ‖_F / (k·ε)", orthogonality_ratio(ct), orthogonality_bound);

    const rank_k_result<W> ref = rank_k_reference<W>(xd, k);
    const dense<W> xw = xd.template cast<W>();
    const dense<W> xc = xw.rowwise() - xw.colwise().mean();
    const long double sigma1 = static_cast<long double>(ref.sigma[0]);
    const long double gap = k == 0 ? sigma1 : static_cast<long double>(ref.sigma[k - 1] - ref.sigma[k]);
    const long double scale = static_cast<long double>(xw.norm()) + static_cast<long double>(xc.norm()) * sigma1 / gap;
    for (const svdkit::matrix<T>& z : {zf, p.transform(x)}) {
        const dense<W> back = to_dense<W>(p.inverse_transform(z));
        const long double ratio = safe_ratio(static_cast<long double>((back - ref.x_k).norm()), u * scale);
        require_at_most("‖inverse_transform(Z) − (μ + Xc_k)‖_F / (u·(‖X‖_F + ‖Xc‖_F·σ_1/gap))", ratio,
                        rank_k_bound(n, d));
        note_ratio("pca", type_name<T>(), "rank-k reconstruction", ratio, label(c.s));
    }

    // noise_variance: the mean of the eigenvalues σ_i²/(n−1), i = k … p−1, of the reference.
    const long double dof = static_cast<long double>(n - 1);
    const long double lambda1 = sigma1 * sigma1 / dof;
    long double discarded = 0;
    for (std::size_t i = k; i < p_all; ++i) discarded += static_cast<long double>(ref.sigma[i] * ref.sigma[i]) / dof;
    const long double noise_ref = discarded / static_cast<long double>(p_all - k);
    require_at_most("|noise_variance − mean of discarded eigenvalues| / (λ_1·u)",
                    std::abs(static_cast<long double>(p.noise_variance()) - noise_ref) / (lambda1 * u),
                    eigenvalue_bound(n, d));
    for (std::size_t i = 0; i < k; ++i) {
        const long double lam = static_cast<long double>(ref.sigma[i] * ref.sigma[i]) / dof;
        require_at_most("|explained_variance_" + std::to_string(i) + " − σ_i²/(n−1)| / (λ_1·u)",
                        std::abs(static_cast<long double>(p.explained_variance()[i]) - lam) / (lambda1 * u),
                        eigenvalue_bound(n, d));
    }
}

TEMPLATE_TEST_CASE("whiten gives unit-variance scores and inverse_transform undoes it", "[pca][whiten]", float,
                   double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const shape s = GENERATE(shape{50, 7}, shape{200, 20});
    const std::size_t k = GENERATE(std::size_t{0}, std::size_t{3});  // 0: all components
    const std::size_t n = s.n, d = s.d, kk = k == 0 ? d : k;
    INFO(type_name<T>() << ", " << label(s) << ", k = " << kk);
    rng_t rng(seed_of(n, d, 70));
    const dense<T> xd = gaussian_with_offsets<T>(n, d, rng);
    const svdkit::matrix<T> x = to_svdkit(xd);
    const dense<W> xw = xd.template cast<W>();
    const long double u = unit<T>(n, d);

    svdkit::pca_options o;
    o.whiten = true;
    svdkit::pca<T> pw = k == 0 ? svdkit::pca<T>(o) : svdkit::pca<T>(k, o);
    svdkit::pca<T> plain = k == 0 ? svdkit::pca<T>() : svdkit::pca<T>(k);
    const svdkit::matrix<T> zw = pw.fit_transform(x);
    plain.fit(x);
    REQUIRE(zw.cols() == kk);

    // Whitening changes the scores only: the same axes and variances.
    REQUIRE(identical(pw.components(), plain.components()));
    REQUIRE(identical(pw.explained_variance(), plain.explained_variance()));

    // Unit variance, uncorrelated.
    {
        const dense<W> cov = sample_covariance<W>(to_dense<W>(zw));
        const dense<W> off = cov - dense<W>::Identity(cov.rows(), cov.cols());
        const long double worst = static_cast<long double>(off.cwiseAbs().maxCoeff());
        require_at_most("max|cov(whitened scores) − I| / u", worst / u, score_covariance_bound());
    }
    // transform(X) == fit_transform(X): the unwhitened difference divided by √ev_i per column, at
    // worst by √ev_k = σ_k/√(n−1).
    const svdkit::matrix<T> zt = pw.transform(x);
    {
        const long double sigma_k = static_cast<long double>(pw.singular_values()[kk - 1]);
        const dense<W> xc = xw.rowwise() - xw.colwise().mean();
        const long double scale =
            static_cast<long double>(xc.norm()) * std::sqrt(static_cast<long double>(n - 1)) / sigma_k;
        require_at_most("‖fit_transform − transform‖_F / (u·‖Xc‖_F·√(n−1)/σ_k), whitened",
                        static_cast<long double>((to_dense<W>(zw) - to_dense<W>(zt)).norm()) / (u * scale),
                        transform_agreement_bound(n, d));
    }
    // inverse_transform undoes the whitening: the same reconstruction as without it.
    const dense<W> back_w = to_dense<W>(pw.inverse_transform(zt));
    if (k == 0) {
        require_at_most("‖X − inverse_transform(transform(X))‖_F / (‖X‖_F·u), whitened",
                        static_cast<long double>((back_w - xw).norm()) / (static_cast<long double>(xw.norm()) * u),
                        round_trip_bound(n, d));
    } else {
        const dense<W> back = to_dense<W>(plain.inverse_transform(plain.transform(x)));
        require_at_most("‖whitened − plain rank-k reconstruction‖_F / (‖X‖_F·u)",
                        static_cast<long double>((back_w - back).norm()) / (static_cast<long double>(xw.norm()) * u),
                        round_trip_bound(n, d));
    }
}

// =============================================================================================
// The fraction rule: smallest k with cumulative ratio strictly greater than f
// =============================================================================================

namespace {

/// pca takes f as a double and compares in T, so the values f can take are those representable in
/// both: floats for T = float, doubles otherwise. The least such value >= v (up = true) or the
/// greatest <= v (up = false).
template <class T>
double representable(long double v, bool up) {
    using C = std::conditional_t<std::is_same<T, float>::value, float, double>;
    C c = static_cast<C>(v);
    if (up && static_cast<long double>(c) < v) c = std::nextafter(c, C(2));
    if (!up && static_cast<long double>(c) > v) c = std::nextafter(c, C(-2));
    return static_cast<double>(c);
}

/// A boundary b as pca sees it: the least representable f >= b, and the representable value just
/// below that (which is < b).
struct boundary_pair {
    double at_or_above;
    double below;
};

template <class T>
boundary_pair neighbours(long double b) {
    using C = std::conditional_t<std::is_same<T, float>::value, float, double>;
    const double up = representable<T>(b, true);
    return {up, static_cast<double>(std::nextafter(static_cast<C>(up), C(0)))};
}

template <class T>
std::size_t components_for(double f, const svdkit::matrix<T>& x) {
    svdkit::pca<T> p(f);
    p.fit(x);
    return p.n_components();
}

}  // namespace

TEMPLATE_TEST_CASE("fraction rule at exactly representable boundaries", "[pca][fraction]", float, double,
                   long double) {
    using T = TestType;
    // 33 samples (n − 1 = 32), 6 features. Feature j is 3 everywhere except on its own 4 rows
    // (6 + 4j … 9 + 4j), where it is 3 + a_j, 3 − a_j, 3 + a_j, 3 − a_j. So the mean is 3, the
    // centered columns have disjoint supports (they are orthogonal) with norms σ_j = 2·a_j, and the
    // covariance is diagonal with eigenvalues σ_j²/32.
    // σ (in feature order) = (2, 8, 1, 7, 3, 1): σ² = (4, 64, 1, 49, 9, 1), total 128. Sorted, the
    // ratios are 64, 49, 9, 4, 1, 1 (/128); cumulative 64, 113, 122, 126, 127, 128 (/128):
    // 0.5, 0.8828125, 0.953125, 0.984375, 0.9921875, 1. All are dyadic, and so is every
    // intermediate value of a Householder reduction of this input (each column meets the others'
    // zeros; norms are 2·a_j), so the computed ratios are these numbers exactly.
    const long double a[6] = {1, 4, 0.5L, 3.5L, 1.5L, 0.5L};
    svdkit::matrix<T> x(33, 6, T(3));
    for (std::size_t j = 0; j < 6; ++j)
        for (std::size_t t = 0; t < 4; ++t)
            x(6 + 4 * j + t, j) = static_cast<T>(3 + (t % 2 == 0 ? a[j] : -a[j]));
    INFO(type_name<T>());

    svdkit::pca<T> all;
    all.fit(x);
    const long double want_ratio[6] = {64, 49, 9, 4, 1, 1};
    for (std::size_t i = 0; i < 6; ++i)
        require_close("ratio " + std::to_string(i), all.explained_variance_ratio()[i], want_ratio[i] / 128,
                      ratio_sum_bound(33, 6) * unit<T>(33, 6));

    struct boundary {
        long double cum;
        std::size_t k;  // components whose cumulative ratio is cum
    };
    for (const boundary b : {boundary{64.0L / 128, 1}, boundary{113.0L / 128, 2}, boundary{122.0L / 128, 3}}) {
        const boundary_pair f = neighbours<T>(b.cum);
        INFO("boundary " << static_cast<double>(b.cum) << " (cumulative ratio of " << b.k << " components)");
        CHECK(f.at_or_above == static_cast<double>(b.cum));  // dyadic: representable in every type
        CHECK(components_for<T>(f.below, x) == b.k);          // b.cum > f: b.k components suffice
        CHECK(components_for<T>(f.at_or_above, x) == b.k + 1);  // b.cum == f is not "strictly greater"
        CHECK(components_for<T>(std::nextafter(f.at_or_above, 2.0), x) == b.k + 1);
    }
    // Beyond the last boundary below 1: everything.
    CHECK(components_for<T>(127.5 / 128, x) == 6);
}

TEMPLATE_TEST_CASE("fraction rule on a known spectrum along random axes", "[pca][fraction]", float, double,
                   long double) {
    using T = TestType;
    // σ² ∝ (16, 8, 4, 2, 1, 1)/32: ratios 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125; cumulative
    // 0.5, 0.75, 0.875, 0.9375, 0.96875, 1 in exact arithmetic, up to the rounding of X.
    const std::size_t n = 41, d = 6;
    rng_t rng(seed_of(n, d, 80));
    std::vector<long double> sigma;
    for (long double s2 : {16.0L, 8.0L, 4.0L, 2.0L, 1.0L, 1.0L}) sigma.push_back(std::sqrt(s2));
    const svdkit::matrix<T> x =
        to_svdkit(data_with_spectrum<T>(n, d, sigma, offsets(d), axes_kind::haar, rng).x);
    const long double u = unit<T>(n, d);
    const long double delta = cumulative_ratio_bound(n, d) * u;
    INFO(type_name<T>() << ", margin δ = " << static_cast<double>(delta));

    svdkit::pca<T> all;
    all.fit(x);
    const std::vector<T>& ratio = all.explained_variance_ratio();
    const long double exact_cum[3] = {0.5L, 0.75L, 0.875L};
    T cum = 0;  // accumulated in T, in order, as pca's own rule does
    for (std::size_t k = 1; k <= 3; ++k) {
        cum += ratio[k - 1];
        INFO("k = " << k << ", cumulative ratio " << static_cast<double>(cum) << ", exact "
                    << static_cast<double>(exact_cum[k - 1]));
        require_at_most("|cumulative ratio − exact| / u", std::abs(static_cast<long double>(cum) - exact_cum[k - 1]) / u,
                        cumulative_ratio_bound(n, d));
        // Just below and just above the exact boundary, by more than its rounding error.
        CHECK(components_for<T>(representable<T>(exact_cum[k - 1] - delta, false), x) == k);
        CHECK(components_for<T>(representable<T>(exact_cum[k - 1] + delta, true), x) == k + 1);
        // At the boundary as pca computes it: f equal to the reported cumulative ratio is not
        // strictly exceeded by it, so one more component; the next value below f is.
        const boundary_pair f = neighbours<T>(static_cast<long double>(cum));
        CHECK(components_for<T>(f.at_or_above, x) == k + 1);
        CHECK(components_for<T>(f.below, x) == k);
    }
}

// =============================================================================================
// Oracle: Eigen's SelfAdjointEigenSolver on the covariance matrix
// =============================================================================================

TEMPLATE_TEST_CASE("agrees with the eigendecomposition of the covariance matrix", "[pca][oracle]", float, double,
                   long double) {
    using T = TestType;
    using W = wide_t<T>;
    struct oracle_case {
        shape s;
        std::size_t r;  // rank of the centered data (nonzero variances), also the components compared
    };
    const oracle_case c = GENERATE(oracle_case{{60, 8}, 8}, oracle_case{{200, 12}, 12}, oracle_case{{30, 50}, 8},
                                   oracle_case{{25, 25}, 24});
    const std::size_t n = c.s.n, d = c.s.d, r = c.r;
    INFO(type_name<T>() << ", " << label(c.s) << ", rank " << r);
    rng_t rng(seed_of(n, d, 90));
    // σ from 10 to 1 geometrically: consecutive variances differ by a factor >= 1.2.
    const dense<T> xd =
        data_with_spectrum<T>(n, d, spectra::geometric(r, 10.0L, 1.0L), offsets(d), axes_kind::haar, rng).x;
    const long double u = unit<T>(n, d);

    svdkit::pca<T> p(r);
    p.fit(to_svdkit(xd));
    REQUIRE(p.n_components() == r);
    require_sign_rule(p.components());

    const pca_reference<W> ref = covariance_eigen<W>(xd);
    const long double lambda1 = static_cast<long double>(ref.variances[0]);
    const dense<W> comps = to_dense<W>(p.components());
    long double worst_angle = 0, worst_rel = 0;
    for (std::size_t i = 0; i < r; ++i) {
        const Eigen::Matrix<W, Eigen::Dynamic, 1> ci = comps.row(ix(i)).transpose();
        const Eigen::Matrix<W, Eigen::Dynamic, 1> vi = ref.axes.col(ix(i));
        // The reference's sign rule must pick a clear winner, or the comparison below is about
        // rounding rather than the rule (a property of the generated data, not of svdkit).
        {
            Eigen::Matrix<W, Eigen::Dynamic, 1> mag = vi.cwiseAbs();
            const Eigen::Index top = dominant_index(vi);
            const W first = mag(top);
            mag(top) = 0;
            INFO("axis " << i << ": the two largest |entries| " << static_cast<double>(first) << ", "
                         << static_cast<double>(mag.maxCoeff()));
            REQUIRE(first - mag.maxCoeff() > W(1e-3));
        }
        const long double theta = static_cast<long double>(signed_angle<W>(ci, vi));
        const long double gap = static_cast<long double>(gap_of(ref.variances, i));
        require_at_most("axis " + std::to_string(i) + ": angle·gap/(λ_1·u), angle " +
                            std::to_string(static_cast<double>(theta)),
                        theta * gap / (lambda1 * u), angle_bound(n, d));
        const long double lam = static_cast<long double>(ref.variances[i]);
        const long double err = std::abs(static_cast<long double>(p.explained_variance()[i]) - lam);
        require_at_most("explained variance " + std::to_string(i) + ": |error|/(λ_1·u)", err / (lambda1 * u),
                        eigenvalue_bound(n, d));
        worst_angle = std::max(worst_angle, theta);
        worst_rel = std::max(worst_rel, err / lam);
        note_ratio("pca vs eigh", type_name<T>(), "angle·gap/(λ1·u)", theta * gap / (lambda1 * u), label(c.s));
        note_ratio("pca vs eigh", type_name<T>(), "|Δev|/(λ1·u)", err / (lambda1 * u), label(c.s));
    }
    note_ratio("pca vs eigh", type_name<T>(), "worst angle [rad]", worst_angle, label(c.s));
    note_ratio("pca vs eigh", type_name<T>(), "worst |Δev|/ev", worst_rel, label(c.s));
    // The total variance the ratios are taken over is the covariance trace.
    const long double trace = static_cast<long double>(ref.xc.squaredNorm()) / static_cast<long double>(n - 1);
    // |Δratio_i| <= |Δev_i|/trace + ratio_i·|Δtrace|/trace, with |Δtrace|/trace <= ratio_sum_bound·u
    // and |Δev_i| <= eigenvalue_bound·λ_1·u.
    for (std::size_t i = 0; i < r; ++i) {
        const long double lam = static_cast<long double>(ref.variances[i]);
        require_close("ratio " + std::to_string(i), p.explained_variance_ratio()[i], lam / trace,
                      u * (eigenvalue_bound(n, d) * lambda1 + ratio_sum_bound(n, d) * lam) / trace);
    }
}

// =============================================================================================
// Sign determinism
// =============================================================================================

TEMPLATE_TEST_CASE("full and randomized solvers give the same signs and axes", "[pca][signs][solver]", float,
                   double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    // 600×40 (automatic picks randomized for k = 5), σ_i = 10·2^−i: σ_6/σ_5 = 1/2, and after 10
    // columns of oversampling and the power iterations the randomized subspace is exact to
    // rounding. Axes near e_i, so every sign decision has a wide margin.
    const std::size_t n = 600, d = 40, k = 5;
    rng_t rng(seed_of(n, d, 100));
    std::vector<long double> sigma(d);
    for (std::size_t i = 0; i < d; ++i) sigma[i] = 10.0L * std::pow(0.5L, static_cast<long double>(i));
    const spectrum_data<T> data = data_with_spectrum<T>(n, d, sigma, offsets(d), axes_kind::dominant, rng);
    const svdkit::matrix<T> x = to_svdkit(data.x);
    const long double u = unit<T>(n, d);
    INFO(type_name<T>());

    svdkit::pca_options full_opts;
    full_opts.solver = svdkit::pca_solver::full;
    svdkit::pca<T> full(k, full_opts);
    svdkit::pca<T> automatic(k);
    full.fit(x);
    const svdkit::matrix<T> z_auto = automatic.fit_transform(x);
    REQUIRE(full.solver_used() == svdkit::pca_solver::full);
    REQUIRE(automatic.solver_used() == svdkit::pca_solver::randomized);
    require_sign_rule(full.components());
    require_sign_rule(automatic.components());

    const dense<W> cf = to_dense<W>(full.components());
    const dense<W> cr = to_dense<W>(automatic.components());
    const long double lambda1 = static_cast<long double>(full.explained_variance()[0]);
    for (std::size_t i = 0; i < k; ++i) {
        const Eigen::Matrix<W, Eigen::Dynamic, 1> a = cf.row(ix(i)).transpose(), b = cr.row(ix(i)).transpose();
        INFO("component " << i << ": full·randomized = " << static_cast<double>(a.dot(b)));
        REQUIRE(a.dot(b) > W(0));  // the same sign
        const long double gap = gap_of(data.variances, i);
        require_at_most("component " + std::to_string(i) + ": angle·gap/(λ_1·u)",
                        static_cast<long double>(signed_angle<W>(a, b)) * gap / (lambda1 * u), agreement_bound(n, d));
        require_at_most("explained variance " + std::to_string(i) + ": |full − randomized|/(λ_1·u)",
                        std::abs(static_cast<long double>(full.explained_variance()[i]) -
                                 static_cast<long double>(automatic.explained_variance()[i])) /
                            (lambda1 * u),
                        agreement_bound(n, d));
    }
    // The randomized path's fit_transform (U·Σ from the sketch) and transform (Xc·V) agree: U·Σ and
    // Xc·V differ by (I − QQᵀ)·Xc·V, which on this spectrum the oversampling and power iterations
    // push far below rounding, leaving transform_agreement_bound's terms.
    {
        const dense<W> xw = data.x.template cast<W>();
        const dense<W> xc = xw.rowwise() - xw.colwise().mean();
        require_at_most("‖fit_transform − transform‖_F / (‖Xc‖_F·u), randomized",
                        static_cast<long double>((to_dense<W>(z_auto) - to_dense<W>(automatic.transform(x))).norm()) /
                            (static_cast<long double>(xc.norm()) * u),
                        transform_agreement_bound(n, d));
    }
    // The randomized noise variance (total − kept)/(p − k) against the mean of the discarded
    // covariance eigenvalues.
    const pca_reference<W> ref = covariance_eigen<W>(data.x);
    long double discarded = 0, total = 0;
    for (std::size_t i = 0; i < d; ++i) {
        total += static_cast<long double>(ref.variances[i]);
        if (i >= k) discarded += static_cast<long double>(ref.variances[i]);
    }
    const long double noise_ref = discarded / static_cast<long double>(d - k);
    const long double scale = u * (total + static_cast<long double>(k) * lambda1) / static_cast<long double>(d - k);
    require_at_most("|noise_variance(randomized) − reference| / (u·(total + k·λ_1)/(p − k))",
                    std::abs(static_cast<long double>(automatic.noise_variance()) - noise_ref) / scale,
                    randomized_noise_bound(n, d));
    require_at_most("|noise_variance(full) − reference| / (λ_1·u)",
                    std::abs(static_cast<long double>(full.noise_variance()) - noise_ref) / (lambda1 * u),
                    eigenvalue_bound(n, d));
}

TEMPLATE_TEST_CASE("the sign rule on axes at 45 degrees, where magnitudes tie", "[pca][signs]", float, double,
                   long double) {
    using T = TestType;
    // Axes (1, −1)/√2 and (1, 1)/√2: both entries of each component have the same magnitude in
    // exact arithmetic, and often also as computed; then the first entry must be the positive one.
    // (Where rounding breaks the tie the larger one must be positive: the same rule.)
    const svdkit::matrix<T> anti{{1, -1}, {-1, 1}, {2, -2}, {-2, 2}, {3, -3}};
    const svdkit::matrix<T> both{{1, 1}, {-1, -1}, {2, 2}, {-2, -2}, {1, -1}, {-1, 1}};
    for (const svdkit::matrix<T>* x : {&anti, &both}) {
        svdkit::pca<T> p;
        p.fit(*x);
        const svdkit::matrix<T>& c = p.components();
        INFO(type_name<T>() << (x == &anti ? ", x₂ = −x₁" : ", two diagonal directions") << ": components ("
                            << static_cast<double>(c(0, 0)) << ", " << static_cast<double>(c(0, 1)) << "), ("
                            << static_cast<double>(c(1, 0)) << ", " << static_cast<double>(c(1, 1)) << ")"
                            << (std::abs(c(0, 0)) == std::abs(c(0, 1)) ? ", first tied exactly" : ""));
        require_sign_rule(c);
    }
}

TEMPLATE_TEST_CASE("the same data fitted twice gives bit-identical results", "[pca][signs]", float, double,
                   long double) {
    using T = TestType;
    const svdkit::pca_solver solver = GENERATE(svdkit::pca_solver::full, svdkit::pca_solver::randomized);
    const bool whiten = GENERATE(false, true);
    const std::size_t n = 120, d = 15, k = 4;
    INFO(type_name<T>() << (solver == svdkit::pca_solver::full ? ", full" : ", randomized")
                        << (whiten ? ", whitened" : ""));
    rng_t rng(seed_of(n, d, 110));
    const svdkit::matrix<T> x = to_svdkit(gaussian_with_offsets<T>(n, d, rng));
    svdkit::pca_options o;
    o.solver = solver;
    o.whiten = whiten;
    o.randomized.seed = 12345;
    svdkit::pca<T> a(k, o), b(k, o);
    const svdkit::matrix<T> za = a.fit_transform(x);
    const svdkit::matrix<T> zb = b.fit_transform(x);
    CHECK(identical(za, zb));
    CHECK(identical(a.components(), b.components()));
    CHECK(identical(a.explained_variance(), b.explained_variance()));
    CHECK(identical(a.explained_variance_ratio(), b.explained_variance_ratio()));
    CHECK(identical(a.singular_values(), b.singular_values()));
    CHECK(identical(a.mean(), b.mean()));
    CHECK(identical(a.noise_variance(), b.noise_variance()));
    // Refitting the same object on the same data changes nothing either.
    a.fit(x);
    CHECK(identical(a.components(), b.components()));
    CHECK(identical(a.transform(x), b.transform(x)));
}

TEMPLATE_TEST_CASE("negating X negates the scores, not the axes", "[pca][signs]", float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const std::size_t n = 80, d = 10, k = 4;
    rng_t rng(seed_of(n, d, 120));
    const spectrum_data<T> data =
        data_with_spectrum<T>(n, d, spectra::geometric(d, 10.0L, 1.0L), offsets(d), axes_kind::haar, rng);
    const dense<T> neg = -data.x;
    const long double u = unit<T>(n, d);
    INFO(type_name<T>());

    svdkit::pca<T> p(k), q(k);
    const svdkit::matrix<T> z = p.fit_transform(to_svdkit(data.x));
    const svdkit::matrix<T> zn = q.fit_transform(to_svdkit(neg));
    require_sign_rule(q.components());
    const dense<W> c = to_dense<W>(p.components()), cn = to_dense<W>(q.components());
    const long double lambda1 = static_cast<long double>(p.explained_variance()[0]);
    long double angle_term = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const long double gap = gap_of(data.variances, i);
        const Eigen::Matrix<W, Eigen::Dynamic, 1> a = c.row(ix(i)).transpose(), b = cn.row(ix(i)).transpose();
        require_at_most("component " + std::to_string(i) + " of X vs of −X: angle·gap/(λ_1·u)",
                        static_cast<long double>(signed_angle<W>(a, b)) * gap / (lambda1 * u), agreement_bound(n, d));
        require_at_most("explained variance " + std::to_string(i) + " of X vs of −X: |Δ|/(λ_1·u)",
                        std::abs(static_cast<long double>(p.explained_variance()[i]) -
                                 static_cast<long double>(q.explained_variance()[i])) /
                            (lambda1 * u),
                        agreement_bound(n, d));
        angle_term += agreement_bound(n, d) * lambda1 / gap;
    }
    for (std::size_t j = 0; j < d; ++j)
        require_close("mean of −X, column " + std::to_string(j), q.mean()[j], -static_cast<long double>(p.mean()[j]),
                      mean_bound * u * static_cast<long double>(data.x.col(ix(j)).cwiseAbs().mean()));
    const dense<W> xw = data.x.template cast<W>();
    const dense<W> xc = xw.rowwise() - xw.colwise().mean();
    const long double sigma1 = std::sqrt(lambda1 * static_cast<long double>(n - 1));
    const long double scale = u * (2 * rounding_allowance * static_cast<long double>(xc.norm()) + sigma1 * angle_term);
    require_at_most("‖Z(−X) + Z(X)‖_F / (u·(2·allowance·‖Xc‖_F + σ_1·Σ_i agreement·λ_1/gap_i))",
                    static_cast<long double>((to_dense<W>(zn) + to_dense<W>(z)).norm()) / scale, negation_bound);
}

// =============================================================================================
// Solver choice
// =============================================================================================

TEST_CASE("the automatic solver rule", "[pca][solver]") {
    // Documented rule (scikit-learn's): randomized when max(n_samples, n_features) > 500 and
    // k < 0.8·min(n_samples, n_features); full otherwise, and always for all components or a
    // fraction.
    struct rule_case {
        shape s;
        long k;  // −1: all components; −2: the fraction 0.9
        svdkit::pca_solver want;
    };
    const rule_case c = GENERATE(rule_case{{501, 10}, 2, svdkit::pca_solver::randomized},
                                 rule_case{{500, 10}, 2, svdkit::pca_solver::full},      // max(shape) = 500
                                 rule_case{{10, 501}, 2, svdkit::pca_solver::randomized},  // wide counts too
                                 rule_case{{600, 30}, 23, svdkit::pca_solver::randomized},  // 23 < 24
                                 rule_case{{600, 30}, 24, svdkit::pca_solver::full},        // 24 = 0.8·30
                                 rule_case{{600, 30}, -1, svdkit::pca_solver::full},
                                 rule_case{{600, 30}, -2, svdkit::pca_solver::full});
    INFO(label(c.s) << ", k = " << c.k);
    rng_t rng(seed_of(c.s.n, c.s.d, 130));
    const svdkit::matrix<double> x = to_svdkit(gaussian<double>(c.s.n, c.s.d, rng));
    svdkit::pca<double> p = c.k == -1   ? svdkit::pca<double>()
                            : c.k == -2 ? svdkit::pca<double>(0.9)
                                        : svdkit::pca<double>(c.k);
    p.fit(x);
    CHECK(p.solver_used() == c.want);
}

TEST_CASE("an explicit solver is used as asked", "[pca][solver]") {
    rng_t rng(seed_of(30, 6, 140));
    const svdkit::matrix<double> x = to_svdkit(gaussian<double>(30, 6, rng));
    svdkit::pca_options o;
    o.solver = svdkit::pca_solver::randomized;
    svdkit::pca<double> small_randomized(2, o);
    small_randomized.fit(x);
    CHECK(small_randomized.solver_used() == svdkit::pca_solver::randomized);
    rng_t rng2(seed_of(700, 8, 140));
    const svdkit::matrix<double> big = to_svdkit(gaussian<double>(700, 8, rng2));
    o.solver = svdkit::pca_solver::full;
    svdkit::pca<double> big_full(2, o);
    big_full.fit(big);
    CHECK(big_full.solver_used() == svdkit::pca_solver::full);
}

TEST_CASE("a fraction with the randomized solver is rejected", "[pca][solver][errors]") {
    svdkit::pca_options o;
    o.solver = svdkit::pca_solver::randomized;
    CHECK_THROWS_AS(svdkit::pca<double>(0.9, o), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::pca<double>(0.9, o), Contains("n_components") && Contains("full"));
    o.solver = svdkit::pca_solver::full;
    CHECK_NOTHROW(svdkit::pca<double>(0.9, o));
}

// =============================================================================================
// Bad input
// =============================================================================================

TEST_CASE("fewer than 2 samples", "[pca][errors]") {
    for (std::size_t rows : {std::size_t{0}, std::size_t{1}}) {
        const svdkit::matrix<double> x(rows, 3, 1.0);
        svdkit::pca<double> p;
        INFO(rows << " rows");
        CHECK_THROWS_AS(p.fit(x), std::invalid_argument);
        CHECK_THROWS_WITH(p.fit(x), Contains(shape_label(rows, 3)) && Contains("2 samples"));
        CHECK_THROWS_AS(p.fit_transform(x), std::invalid_argument);
        CHECK_FALSE(p.fitted());
    }
}

TEST_CASE("k out of range", "[pca][errors]") {
    const svdkit::matrix<double> x(3, 5, 1.0);  // min(n_samples, n_features) = 3
    svdkit::pca<double> four(4);
    CHECK_THROWS_AS(four.fit(x), std::invalid_argument);
    CHECK_THROWS_WITH(four.fit(x), Contains("(= 4)") && Contains("(= 3)") && Contains("3x5"));
    svdkit::pca<double> three(3);
    CHECK_NOTHROW(three.fit(x));
    const svdkit::matrix<double> tall(6, 2, 1.0);
    svdkit::pca<double> big(3);
    CHECK_THROWS_WITH(big.fit(tall), Contains("(= 3)") && Contains("(= 2)") && Contains("6x2"));
    CHECK_THROWS_AS(svdkit::pca<double>(-1), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::pca<double>(-1), Contains("-1"));
}

TEST_CASE("a fraction outside (0, 1)", "[pca][errors]") {
    for (double f : {0.0, 1.0, -0.25, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
        INFO("f = " << f);
        CHECK_THROWS_AS(svdkit::pca<double>(f), std::invalid_argument);
        CHECK_THROWS_WITH(svdkit::pca<double>(f), Contains("n_components") && Contains("0 < n_components < 1"));
    }
    CHECK_THROWS_WITH(svdkit::pca<double>(1.5), Contains("1.5"));
    CHECK_THROWS_WITH(svdkit::pca<float>(-0.25f), Contains("-0.25"));
}

TEST_CASE("transform and inverse_transform check the feature and component counts", "[pca][errors]") {
    rng_t rng(seed_of(20, 3, 150));
    const svdkit::matrix<double> x = to_svdkit(gaussian<double>(20, 3, rng));
    svdkit::pca<double> p(2);
    p.fit(x);
    const svdkit::matrix<double> wrong(4, 2, 1.0);
    CHECK_THROWS_AS(p.transform(wrong), std::invalid_argument);
    CHECK_THROWS_WITH(p.transform(wrong), Contains("4x2") && Contains("3 features"));
    const svdkit::matrix<double> z(5, 3, 1.0);
    CHECK_THROWS_AS(p.inverse_transform(z), std::invalid_argument);
    CHECK_THROWS_WITH(p.inverse_transform(z), Contains("5x3") && Contains("2 components"));
}

TEMPLATE_TEST_CASE("NaN and Inf are reported with the entry", "[pca][errors]", float, double, long double) {
    using T = TestType;
    rng_t rng(seed_of(10, 4, 160));
    const svdkit::matrix<T> good = to_svdkit(gaussian<T>(10, 4, rng));
    for (const T bad : {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                        -std::numeric_limits<T>::infinity()}) {
        svdkit::matrix<T> x = good;
        x(7, 2) = bad;
        x(8, 1) = bad;  // a later entry in row-major order: the first one is reported
        INFO(type_name<T>() << ", " << static_cast<double>(bad));
        svdkit::pca<T> p;
        CHECK_THROWS_AS(p.fit(x), svdkit::non_finite_input);
        CHECK_THROWS_AS(p.fit(x), std::domain_error);
        CHECK_THROWS_WITH(p.fit(x), Contains("(7, 2)"));
        try {
            p.fit(x);
        } catch (const svdkit::non_finite_input& e) {
            CHECK(e.row() == 7);
            CHECK(e.col() == 2);
        }
        CHECK_FALSE(p.fitted());

        // A fitted model rejects the same entries in transform and inverse_transform, and a failed
        // fit leaves the previous one untouched.
        p.fit(good);
        const svdkit::matrix<T> comps = p.components();
        CHECK_THROWS_AS(p.transform(x), svdkit::non_finite_input);
        CHECK_THROWS_WITH(p.transform(x), Contains("(7, 2)"));
        svdkit::matrix<T> z(3, 4);
        z(1, 3) = bad;
        CHECK_THROWS_AS(p.inverse_transform(z), svdkit::non_finite_input);
        CHECK_THROWS_WITH(p.inverse_transform(z), Contains("(1, 3)"));
        CHECK_THROWS_AS(p.fit(x), svdkit::non_finite_input);
        CHECK(p.fitted());
        CHECK(identical(p.components(), comps));
    }
}

TEST_CASE("use before fit is a logic_error", "[pca][errors]") {
    const svdkit::pca<double> p(2);
    const svdkit::matrix<double> x(3, 2, 1.0);
    CHECK_FALSE(p.fitted());
    CHECK_THROWS_AS(p.transform(x), std::logic_error);
    CHECK_THROWS_WITH(p.transform(x), Contains("transform") && Contains("fit"));
    CHECK_THROWS_AS(p.inverse_transform(x), std::logic_error);
    CHECK_THROWS_WITH(p.inverse_transform(x), Contains("inverse_transform") && Contains("fit"));
    CHECK_THROWS_WITH(p.components(), Contains("components") && Contains("fit"));
    CHECK_THROWS_WITH(p.explained_variance(), Contains("explained_variance") && Contains("fit"));
    CHECK_THROWS_WITH(p.explained_variance_ratio(), Contains("explained_variance_ratio") && Contains("fit"));
    CHECK_THROWS_WITH(p.singular_values(), Contains("singular_values") && Contains("fit"));
    CHECK_THROWS_WITH(p.mean(), Contains("mean") && Contains("fit"));
    CHECK_THROWS_WITH(p.noise_variance(), Contains("noise_variance") && Contains("fit"));
    CHECK_THROWS_WITH(p.n_components(), Contains("n_components") && Contains("fit"));
    CHECK_THROWS_WITH(p.solver_used(), Contains("solver_used") && Contains("fit"));
    CHECK_THROWS_AS(p.components(), std::logic_error);
    CHECK_THROWS_AS(p.noise_variance(), std::logic_error);
    CHECK_THROWS_AS(p.solver_used(), std::logic_error);
}
