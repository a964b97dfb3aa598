// Tests include/svdkit/solve.hpp and include/svdkit/tolerance.hpp: rank, pinv, lstsq, null_space,
// range, cond, norm2, svd_solver, and the one tolerance policy they share.
//
// Inputs: full-rank matrices with a graded spectrum (square, tall, wide) and rank-deficient ones,
// both exactly rank-deficient in T (integer X·Yᵀ, see low_rank_support.hpp) and with exact zeros in
// a prescribed spectrum (rounded to T, so those become noise of order ε·‖A‖). Eigen is the oracle,
// run in wide_t<T> (double for float, long double otherwise) with the threshold svdkit uses.
//
// Units. With d = max(m, n), ε = ε_T, r the rank used, X = A⁺ and ‖X‖₂ = 1/σ_{r−1}, every ratio
// below divides an error by what a backward error ‖ΔA‖_F <= c·d·ε·‖A‖_F in the SVD allows, so each
// bound is a small multiple of the core's reconstruction_bound(m, n) (that c):
//   Penrose 1   ‖A·X·A − A‖_F / (‖A‖_F·d·ε)                      ~ 3 backward errors (E·X·A, A·X·E, E)
//   Penrose 2   ‖X·A·X − X‖_F / (‖X‖_F·‖X‖₂·‖A‖_F·d·ε)           ~ X·E·X
//   Penrose 3,4 ‖(A·X)ᵀ − A·X‖_F / (‖A‖_F·‖X‖₂·d·ε)               ~ E·X (the projector part is symmetric)
//   pinv vs oracle  ‖X − X_E‖_F / (‖X‖₂²·‖A‖_F·d·ε)               Wedin: <= √2·‖ΔA‖_F·‖X‖₂‖X_E‖₂
//   lstsq vs oracle ‖x − x_E‖ / (d·ε·(2‖X‖₂‖A‖_F‖x‖ + ‖X‖₂²‖A‖_F‖r‖ + ‖X‖₂‖b‖))
//                                                                 least-squares perturbation theory
//                                                                 (Higham, ASNA 2nd ed., Thm 20.1)
#include <catch2/catch.hpp>

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::sqrt, std::isfinite, std::isnan, std::ldexp
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument, std::logic_error
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <Eigen/Dense>

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

// Penrose conditions 1-4 in the units above: at most three backward-error terms each (condition 1:
// −E·X·A − A·X·E + E; the others one or two), the E·X·E term being O(κ·ε²).
long double penrose_bound(std::size_t m, std::size_t n) { return 3 * reconstruction_bound(m, n); }

// Against an oracle: Wedin's √2 times the sum of the two backward errors (svdkit's, and Eigen's,
// which in long double is not in a wider type and may be as large).
long double oracle_bound(std::size_t m, std::size_t n) { return 2 * std::sqrt(2.0L) * reconstruction_bound(m, n); }

// ‖Aᵀ(A·x − b)‖/(‖A‖_F·(‖A‖_F·‖x‖ + 2‖b‖)·d·ε): x solves a problem perturbed by ΔA, Δb, so
// Aᵀr = −ΔAᵀ·r + Aᵀ·(ΔA·x − Δb) + (dropped σ_i <= threshold)·‖b‖: two backward errors.
long double normal_equations_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// ‖N_Eᵀ·x‖/(‖x‖·‖A‖_F·‖X‖₂·d·ε), N_E the oracle's null-space basis: x lies in the computed row
// space, whose angle to the exact one is <= ‖ΔA‖/σ_{r−1} (Wedin), plus the oracle's own.
long double min_norm_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// |residual_norms_j − ‖b_j − A·x_j‖|/(d·ε·(‖A‖_F·‖x_j‖ + ‖b_j‖)): the reported value is
// ‖b − U_r·U_rᵀ·b‖, which differs from ‖b − A·x‖ by ‖ΔA·x‖ and the rounding of both residuals.
long double residual_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// ‖A·N‖_F/(‖A‖_F·d·ε) and ‖A − Q·Qᵀ·A‖_F/(‖A‖_F·d·ε): the dropped σ_i (noise, far below the
// threshold for these inputs) plus the backward error: one reconstruction's worth.
long double basis_residual_bound(std::size_t m, std::size_t n) { return reconstruction_bound(m, n); }

// ‖P − P_E‖_F/(√2·‖A‖_F·‖X‖₂·d·ε) for the projectors onto range(A) or null(A): sin Θ <= ‖ΔA‖/σ_{r−1}
// (Wedin) for svdkit and for the oracle.
long double subspace_bound(std::size_t m, std::size_t n) { return 2 * reconstruction_bound(m, n); }

// |cond − cond_E|/(cond_E·κ·d·ε): σ_min moves by at most ‖ΔA‖₂, i.e. by κ·d·ε relative, and σ₀
// by d·ε relative: for both computations.
long double cond_bound(std::size_t m, std::size_t n) { return 2 * value_error_bound(m, n); }

template <class T>
struct solve_case {
    std::string name;
    dense<T> a;
    std::size_t rank;
};

constexpr int case_count = 7;

template <class T>
solve_case<T> make_case(int which) {
    rng_t rng(seed_of(17, 19, static_cast<std::size_t>(which)));
    switch (which) {
        case 0:
            return {"full rank 30x30, sigma 1..1e-3",
                    with_singular_values<T>(30, 30, spectra::geometric(30, 1, 1e-3L), rng).a, 30};
        case 1:
            return {"full rank 50x20 (tall), sigma 1..1e-2",
                    with_singular_values<T>(50, 20, spectra::geometric(20, 1, 1e-2L), rng).a, 20};
        case 2:
            return {"full rank 20x50 (wide), sigma 1..1e-2",
                    with_singular_values<T>(20, 50, spectra::geometric(20, 1, 1e-2L), rng).a, 20};
        case 3:
            return {"rank 12 of 30x30, integer X Y^T", exact_rank<T>(30, 30, 12, rng), 12};
        case 4:
            return {"rank 7 of 50x20 (tall), integer X Y^T", exact_rank<T>(50, 20, 7, rng), 7};
        case 5:
            return {"rank 7 of 20x50 (wide), integer X Y^T", exact_rank<T>(20, 50, 7, rng), 7};
        default:
            return {"rank 8 of 40x20, sigma with exact zeros rounded to T",
                    with_singular_values<T>(40, 20, spectra::rank_deficient(20, 8), rng).a, 8};
    }
}

template <class W>
long double fnorm(const dense<W>& x) {
    return static_cast<long double>(x.norm());
}

template <class T>
std::vector<T> column(const dense<T>& b, Eigen::Index j) {
    std::vector<T> v(sz(b.rows()));
    for (Eigen::Index i = 0; i < b.rows(); ++i) v[sz(i)] = b(i, j);
    return v;
}

template <class W, class T>
dense<W> as_column(const std::vector<T>& v) {
    dense<W> c(ix(v.size()), 1);
    for (std::size_t i = 0; i < v.size(); ++i) c(ix(i), 0) = static_cast<W>(v[i]);
    return c;
}

}  // namespace

TEMPLATE_TEST_CASE("rank, pinv: the four Penrose conditions, and Eigen's pseudo-inverse", "[solve][pinv]", float,
                   double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const solve_case<T> c = make_case<T>(GENERATE(range(0, case_count)));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    const long double d = static_cast<long double>(std::max(m, n));
    INFO(type_name<T>() << ": " << c.name);
    const svdkit::matrix<T> a = to_svdkit(c.a);

    const svdkit::rank_result<T> rk = svdkit::rank(a);
    const std::vector<T> s = svdkit::singular_values(a);
    INFO("rank " << rk << "; sigma_0 = " << s[0] << ", sigma_r-1 = " << s[c.rank - 1]
                 << (c.rank < s.size() ? ", sigma_r = " : "") << (c.rank < s.size() ? s[c.rank] : T(0)));
    REQUIRE(rk.rank == c.rank);
    REQUIRE_THAT(static_cast<long double>(rk.threshold),
                 near_rel(d * eps<T>() * static_cast<long double>(s[0]), 4 * eps<T>()));

    const svdkit::ranked_matrix<T> x = svdkit::pinv(a);
    REQUIRE(x.rows() == n);
    REQUIRE(x.cols() == m);
    CHECK(x.rank == c.rank);
    CHECK(identical(x.threshold, rk.threshold));

    const dense<W> aw = c.a.template cast<W>();
    const dense<W> xw = to_dense<W>(x);
    const long double na = fnorm(aw), nx = fnorm(xw);
    const long double nx2 = 1.0L / static_cast<long double>(s[c.rank - 1]);  // ‖X‖₂ = 1/σ_{r−1}
    const dense<W> ax = aw * xw, xa = xw * aw;
    const long double p1 = fnorm(dense<W>(ax * aw - aw)) / (na * d * eps<T>());
    const long double p2 = fnorm(dense<W>(xa * xw - xw)) / (nx * nx2 * na * d * eps<T>());
    const long double p3 = fnorm(dense<W>(ax.transpose() - ax)) / (na * nx2 * d * eps<T>());
    const long double p4 = fnorm(dense<W>(xa.transpose() - xa)) / (na * nx2 * d * eps<T>());
    INFO("Penrose ratios: AXA=A " << static_cast<double>(p1) << ", XAX=X " << static_cast<double>(p2)
                                  << ", (AX)^T=AX " << static_cast<double>(p3) << ", (XA)^T=XA "
                                  << static_cast<double>(p4) << " (bound " << static_cast<double>(penrose_bound(m, n))
                                  << ")");
    CHECK(p1 <= penrose_bound(m, n));
    CHECK(p2 <= penrose_bound(m, n));
    CHECK(p3 <= penrose_bound(m, n));
    CHECK(p4 <= penrose_bound(m, n));
    note_ratio("pinv", type_name<T>(), "Penrose 1 AXA=A", p1, c.name);
    note_ratio("pinv", type_name<T>(), "Penrose 2 XAX=X", p2, c.name);
    note_ratio("pinv", type_name<T>(), "Penrose 3 (AX)^T", p3, c.name);
    note_ratio("pinv", type_name<T>(), "Penrose 4 (XA)^T", p4, c.name);

    // Eigen's COD pseudo-inverse with the same relative threshold.
    const dense<W> xe = cod_pinv(aw, d * eps<T>());
    const long double vs_eigen = fnorm(dense<W>(xw - xe)) / (nx2 * nx2 * na * d * eps<T>());
    INFO("||X - X_Eigen||_F/(||X||_2^2 ||A||_F d eps) = " << static_cast<double>(vs_eigen));
    CHECK(vs_eigen <= oracle_bound(m, n));
    note_ratio("pinv", type_name<T>(), "vs Eigen COD", vs_eigen, c.name);
}

TEMPLATE_TEST_CASE("lstsq: minimum-norm least squares against Eigen, and its optimality", "[solve][lstsq]", float,
                   double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    const solve_case<T> c = make_case<T>(GENERATE(range(0, case_count)));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    const long double d = static_cast<long double>(std::max(m, n));
    INFO(type_name<T>() << ": " << c.name);
    const svdkit::matrix<T> a = to_svdkit(c.a);
    rng_t rng(seed_of(m, n, 23));
    const dense<T> bd = gaussian<T>(m, 3, rng);  // generic: not in range(A) unless A is wide and full rank

    const svdkit::rank_result<T> rk = svdkit::rank(a);
    const auto mat = svdkit::lstsq(a, to_svdkit(bd));
    const std::vector<T> b0 = column(bd, 0);
    const auto vec = svdkit::lstsq(a, b0);
    REQUIRE(mat.x.rows() == n);
    REQUIRE(mat.x.cols() == 3);
    REQUIRE(vec.x.size() == n);
    REQUIRE(mat.residual_norms.size() == 3);
    REQUIRE(vec.residual_norms.size() == 1);
    // One tolerance policy: the rank and threshold are rank()'s, the values are singular_values().
    CHECK(mat.rank == c.rank);
    CHECK(vec.rank == c.rank);
    CHECK(identical(mat.threshold, rk.threshold));
    CHECK(identical(vec.threshold, rk.threshold));
    CHECK(identical(mat.singular_values, svdkit::singular_values(a)));
    CHECK(identical(vec.singular_values, mat.singular_values));

    const dense<W> aw = c.a.template cast<W>();
    const long double na = fnorm(aw);
    const long double nx2 = 1.0L / static_cast<long double>(mat.singular_values[c.rank - 1]);
    const auto oracle = eigen_threshold_svd(aw, d * eps<T>(), dense<W>(bd.template cast<W>()));
    REQUIRE(oracle.rank == c.rank);
    const dense<W> null_e = oracle.v.rightCols(ix(n - c.rank));

    const dense<W> xs = to_dense<W>(mat.x);
    std::vector<dense<W>> solutions;
    for (Eigen::Index j = 0; j < 3; ++j) solutions.push_back(xs.col(j));
    solutions.push_back(as_column<W>(vec.x));
    for (std::size_t j = 0; j < solutions.size(); ++j) {
        const Eigen::Index bj = j < 3 ? ix(j) : 0;  // the vector overload solved column 0
        const dense<W> b = bd.col(bj).template cast<W>();
        const dense<W>& x = solutions[j];
        const dense<W> r = b - aw * x;
        const long double nxj = fnorm(x), nb = fnorm(b), nr = fnorm(r);
        INFO("right-hand side " << j << (j == 3 ? " (the std::vector overload)" : "") << ": ||x|| = " << nxj
                                << ", ||b - A x|| = " << nr);

        const dense<W> xe = oracle.x.col(bj);  // BDCSVD::solve of that column
        const long double vs_eigen =
            fnorm(dense<W>(x - xe)) / (d * eps<T>() * (2 * nx2 * na * nxj + nx2 * nx2 * na * nr + nx2 * nb));
        INFO("x vs Eigen BDCSVD::solve: ratio " << static_cast<double>(vs_eigen));
        CHECK(vs_eigen <= oracle_bound(m, n));

        const long double normal = fnorm(dense<W>(aw.transpose() * r)) / (na * (na * nxj + 2 * nb) * d * eps<T>());
        INFO("normal equations A^T(Ax - b): ratio " << static_cast<double>(normal));
        CHECK(normal <= normal_equations_bound(m, n));

        long double min_norm = 0;
        if (c.rank < n) min_norm = safe_ratio(fnorm(dense<W>(null_e.transpose() * x)), nxj * na * nx2 * d * eps<T>());
        INFO("minimum norm: ||N^T x||/(||x|| ||A||_F ||X||_2 d eps) = " << static_cast<double>(min_norm));
        CHECK(min_norm <= min_norm_bound(m, n));

        const T reported = j < 3 ? mat.residual_norms[j] : vec.residual_norms[0];
        const long double res = std::fabs(static_cast<long double>(reported) - nr) / (d * eps<T>() * (na * nxj + nb));
        INFO("residual_norms = " << reported << " vs ||b - A x|| = " << nr << ": ratio " << static_cast<double>(res));
        CHECK(res <= residual_bound(m, n));

        note_ratio("lstsq", type_name<T>(), "x vs Eigen BDCSVD", vs_eigen, c.name);
        note_ratio("lstsq", type_name<T>(), "normal equations", normal, c.name);
        note_ratio("lstsq", type_name<T>(), "min norm (x.N)", min_norm, c.name);
        note_ratio("lstsq", type_name<T>(), "residual_norms", res, c.name);
    }

    // Least squares: no nearby x does better (Eigen's svd_least_square does the same). With
    // r = b − A·x and a step δ, ‖b − A(x + δ)‖² = ‖r‖² − 2δᵀAᵀr + ‖Aδ‖², so the residual can drop by
    // at most ‖δ‖·‖Aᵀr‖/‖r‖ (first order; ‖Aᵀr‖ as the normal-equations bound allows) plus the
    // rounding of evaluating both residuals in W. Steps of sqrt(ε)·‖x‖ make the ‖Aδ‖² gain of a
    // genuinely better x visible above both.
    const dense<W> b = bd.col(0).template cast<W>();
    const dense<W>& x = solutions[3];
    const long double nx = fnorm(x), nb = fnorm(b);
    const long double base = fnorm(dense<W>(b - aw * x));
    if (base > 0) {
        const long double step = std::sqrt(eps<T>()) * std::max(nx, 1.0L);
        const long double atr = normal_equations_bound(m, n) * na * (na * nx + 2 * nb) * d * eps<T>();
        const long double evaluation = 4 * d * eps<W>() * (nb + na * (nx + step));
        const long double allowance = step * atr / base + evaluation;
        for (int i = 0; i < 20; ++i) {
            dense<W> dir = gaussian<W>(n, 1, rng);
            dir *= static_cast<W>(step / fnorm(dir));
            const long double moved = fnorm(dense<W>(b - aw * (x + dir)));
            INFO("perturbation " << i << ": ||b - A(x + d)|| = " << moved << " vs " << base << ", allowance "
                                 << allowance);
            CHECK(moved >= base - allowance);
        }
    }
}

TEMPLATE_TEST_CASE("null_space, range: orthonormal bases of the right dimensions", "[solve][bases]", float, double,
                   long double) {
    using T = TestType;
    using W = wide_t<T>;
    const solve_case<T> c = make_case<T>(GENERATE(range(0, case_count)));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    const long double d = static_cast<long double>(std::max(m, n));
    INFO(type_name<T>() << ": " << c.name);
    const svdkit::matrix<T> a = to_svdkit(c.a);
    const svdkit::rank_result<T> rk = svdkit::rank(a);

    const svdkit::ranked_matrix<T> nsp = svdkit::null_space(a);
    const svdkit::ranked_matrix<T> rng_ = svdkit::range(a);
    REQUIRE(nsp.rows() == n);
    REQUIRE(nsp.cols() == n - c.rank);
    REQUIRE(rng_.rows() == m);
    REQUIRE(rng_.cols() == c.rank);
    CHECK(nsp.rank == c.rank);
    CHECK(rng_.rank == c.rank);
    CHECK(identical(nsp.threshold, rk.threshold));
    CHECK(identical(rng_.threshold, rk.threshold));

    const long double orth_n = orthogonality_ratio(to_dense<T>(nsp));
    const long double orth_r = orthogonality_ratio(to_dense<T>(rng_));
    INFO("orthogonality ratios: null space " << static_cast<double>(orth_n) << ", range " << static_cast<double>(orth_r));
    CHECK(orth_n <= orthogonality_bound);
    CHECK(orth_r <= orthogonality_bound);

    const dense<W> aw = c.a.template cast<W>();
    const long double na = fnorm(aw);
    const dense<W> nw = to_dense<W>(nsp), qw = to_dense<W>(rng_);
    const long double an = fnorm(dense<W>(aw * nw)) / (na * d * eps<T>());
    const long double aq = fnorm(dense<W>(aw - qw * (qw.transpose() * aw))) / (na * d * eps<T>());
    INFO("||A N||_F ratio " << static_cast<double>(an) << ", ||A - Q Q^T A||_F ratio " << static_cast<double>(aq));
    CHECK(an <= basis_residual_bound(m, n));
    CHECK(aq <= basis_residual_bound(m, n));

    // The same subspaces as Eigen's (projectors compared, so the choice of basis does not matter).
    const std::vector<T> s = svdkit::singular_values(a);
    const long double nx2 = 1.0L / static_cast<long double>(s[c.rank - 1]);
    const auto oracle = eigen_threshold_svd(aw, d * eps<T>(), dense<W>(aw.rows(), 0));
    const dense<W> ne = oracle.v.rightCols(ix(n - c.rank));
    const dense<W> qe = oracle.u.leftCols(ix(c.rank));
    const long double unit = std::sqrt(2.0L) * na * nx2 * d * eps<T>();
    const long double sub_n = fnorm(dense<W>(nw * nw.transpose() - ne * ne.transpose())) / unit;
    const long double sub_r = fnorm(dense<W>(qw * qw.transpose() - qe * qe.transpose())) / unit;
    INFO("projector vs Eigen: null space " << static_cast<double>(sub_n) << ", range " << static_cast<double>(sub_r));
    CHECK(sub_n <= subspace_bound(m, n));
    CHECK(sub_r <= subspace_bound(m, n));
    note_ratio("bases", type_name<T>(), "A N", an, c.name);
    note_ratio("bases", type_name<T>(), "A - Q Q^T A", aq, c.name);
    note_ratio("bases", type_name<T>(), "orthogonality", std::max(orth_n, orth_r), c.name);
    note_ratio("bases", type_name<T>(), "subspace vs Eigen", std::max(sub_n, sub_r), c.name);
}

TEMPLATE_TEST_CASE("cond, norm2: sigma_0/sigma_min and sigma_0", "[solve][cond]", float, double, long double) {
    using T = TestType;
    const solve_case<T> c = make_case<T>(GENERATE(range(0, case_count)));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    const long double d = static_cast<long double>(std::max(m, n));
    INFO(type_name<T>() << ": " << c.name);
    const svdkit::matrix<T> a = to_svdkit(c.a);
    const std::vector<T> s = svdkit::singular_values(a);
    const T cd = svdkit::cond(a);
    const T n2 = svdkit::norm2(a);
    INFO("cond = " << cd << ", norm2 = " << n2);
    CHECK(identical(n2, s[0]));
    CHECK(identical(cd, s.back() == T(0) ? std::numeric_limits<T>::infinity() : s[0] / s.back()));

    const std::vector<long double> oracle = oracle_values(c.a);
    const long double n2_ratio = value_error_ratio(std::vector<T>{n2}, {oracle[0]}, m, n);
    INFO("norm2 vs oracle: ratio " << static_cast<double>(n2_ratio));
    CHECK(n2_ratio <= value_error_bound(m, n));
    if (c.rank == std::min(m, n)) {
        const long double ce = oracle[0] / oracle.back();
        const long double ratio = std::fabs(static_cast<long double>(cd) - ce) / (ce * ce * d * eps<T>());
        INFO("cond vs oracle " << ce << ": ratio " << static_cast<double>(ratio));
        CHECK(ratio <= cond_bound(m, n));
        note_ratio("cond", type_name<T>(), "cond vs oracle", ratio, c.name);
    } else {
        // Rank-deficient: σ_min is at or below the rank threshold max(m, n)·ε·σ₀ (noise, or exactly
        // 0), so cond is at least 1/(max(m, n)·ε), or +∞.
        CHECK(static_cast<long double>(cd) >= 1.0L / (d * eps<T>()));
    }
}

TEMPLATE_TEST_CASE("cond: +inf when sigma_min is exactly zero", "[solve][cond]", float, double, long double) {
    using T = TestType;
    const T inf = std::numeric_limits<T>::infinity();
    CHECK(svdkit::cond(svdkit::matrix<T>{{T(1), T(0)}, {T(2), T(0)}, {T(3), T(0)}}) == inf);  // a zero column
    CHECK(svdkit::cond(svdkit::matrix<T>{{T(1), T(2), T(3)}, {T(0), T(0), T(0)}}) == inf);    // a zero row
    CHECK(svdkit::cond(svdkit::matrix<T>(3, 2)) == inf);                                     // zero matrix
    CHECK(svdkit::cond(svdkit::matrix<T>(1, 1)) == inf);
    CHECK(svdkit::cond(svdkit::matrix<T>{{T(-4)}}) == T(1));
    CHECK(svdkit::cond(svdkit::matrix<T>{{T(3), T(0)}, {T(0), T(-0.5)}}) == T(6));
    // The empty matrix has no condition number.
    for (const auto& e : {svdkit::matrix<T>(0, 0), svdkit::matrix<T>(0, 3), svdkit::matrix<T>(3, 0)})
        CHECK_THROWS_WITH(svdkit::cond(e), Contains("svdkit::cond") && Contains("empty"));
}

TEMPLATE_TEST_CASE("tolerance: one policy for rank, pinv, lstsq, null_space, range, and overrides", "[solve][tolerance]",
                   float, double, long double) {
    using T = TestType;
    // σ = 8, 4, 2, 1, ½, …, 2^-6 (10 values) on a 30×10 matrix, then its transpose.
    std::vector<long double> sigma(10);
    for (std::size_t i = 0; i < 10; ++i) sigma[i] = std::ldexp(1.0L, 3 - static_cast<int>(i));
    rng_t rng(seed_of(30, 10, 29));
    const dense<T> base = with_singular_values<T>(30, 10, sigma, rng).a;
    const bool transposed = GENERATE(false, true);
    const dense<T> ad = transposed ? dense<T>(base.transpose()) : base;
    const svdkit::matrix<T> a = to_svdkit(ad);
    const std::size_t m = sz(ad.rows()), n = sz(ad.cols());
    const std::vector<T> s = svdkit::singular_values(a);
    const std::vector<T> b(m, T(1));
    const svdkit::matrix<T> bm(m, 2, T(1));

    struct policy {
        const char* name;
        svdkit::tolerance tol;
        std::size_t rank;     // σ above the threshold, by construction (no σ is within 1e-6 of one)
        long double threshold;  // what the result must report
    };
    const long double s0 = static_cast<long double>(s[0]);
    const std::vector<policy> policies{
        {"default max(m,n) eps", svdkit::tolerance(), 10, 30 * eps<T>() * s0},
        {"plain number 0.2 (relative)", 0.2L, 3, 0.2L * s0},
        {"relative(0.2)", svdkit::tolerance::relative(0.2L), 3, 0.2L * s0},
        {"relative(0.01)", svdkit::tolerance::relative(0.01L), 7, 0.01L * s0},
        {"absolute(0.75)", svdkit::tolerance::absolute(0.75L), 4, 0.75L},
        {"absolute(0.1)", svdkit::tolerance::absolute(0.1L), 7, 0.1L},
        {"absolute(0)", svdkit::tolerance::absolute(0), 10, 0},
        {"relative(1)", svdkit::tolerance::relative(1), 0, s0},
        {"absolute(100)", svdkit::tolerance::absolute(100), 0, 100},
    };
    for (const policy& p : policies) {
        INFO(type_name<T>() << " " << shape_label(m, n) << ", tolerance " << p.name);
        const auto rk = svdkit::rank(a, p.tol);
        INFO("rank " << rk);
        CHECK(rk.rank == p.rank);
        REQUIRE_THAT(static_cast<long double>(rk.threshold), near_rel(p.threshold, 2 * eps<T>()));
        // Every function reports the same rank and, bit for bit, the same threshold.
        const auto x = svdkit::pinv(a, p.tol);
        const auto lv = svdkit::lstsq(a, b, p.tol);
        const auto lm = svdkit::lstsq(a, bm, p.tol);
        const auto ns = svdkit::null_space(a, p.tol);
        const auto rg = svdkit::range(a, p.tol);
        svdkit::svd_solver<T> solver(a);
        solver.set_tolerance(p.tol);
        const std::vector<std::pair<std::size_t, T>> reported{{x.rank, x.threshold},   {lv.rank, lv.threshold},
                                                              {lm.rank, lm.threshold}, {ns.rank, ns.threshold},
                                                              {rg.rank, rg.threshold}, {solver.rank().rank, solver.threshold()}};
        for (const auto& rt : reported) {
            CHECK(rt.first == rk.rank);
            CHECK(identical(rt.second, rk.threshold));
        }
        CHECK(ns.cols() == n - p.rank);
        CHECK(rg.cols() == p.rank);
        if (p.rank == 0) {
            // Nothing above the threshold: A⁺ = 0, x = 0, residual = ‖b‖.
            CHECK(svdkit::matrix<T>(x) == svdkit::matrix<T>(n, m));
            CHECK(lv.x == std::vector<T>(n, T(0)));
            REQUIRE_THAT(static_cast<long double>(lv.residual_norms[0]),
                         near_rel(std::sqrt(static_cast<long double>(m)), 2 * eps<T>()));
        }
    }

    // Bad tolerances are rejected where they are made.
    CHECK_THROWS_WITH(svdkit::tolerance::relative(-0.1L), Contains("rtol") && Contains("must be finite and >= 0"));
    CHECK_THROWS_WITH(svdkit::tolerance::absolute(-1), Contains("atol") && Contains("must be finite and >= 0"));
    CHECK_THROWS_AS(svdkit::tolerance::absolute(std::numeric_limits<long double>::quiet_NaN()), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::tolerance::absolute(std::numeric_limits<long double>::infinity()), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::rank(a, -1.0L), std::invalid_argument);
}

TEMPLATE_TEST_CASE("lstsq: mismatched rows name both shapes", "[solve][lstsq][errors]", float, double, long double) {
    using T = TestType;
    const svdkit::matrix<T> a(4, 3, T(1));
    CHECK_THROWS_MATCHES(svdkit::lstsq(a, std::vector<T>(5, T(1))), std::invalid_argument,
                         Catch::Matchers::Message(
                             "svdkit::lstsq: a is 4x3 but b is 5x1; their row counts must match"));
    CHECK_THROWS_WITH(svdkit::lstsq(a, svdkit::matrix<T>(2, 2)), Contains("4x3") && Contains("2x2"));
    CHECK_THROWS_WITH(svdkit::lstsq(a.view(), std::vector<T>{}), Contains("4x3") && Contains("0x1"));
    const svdkit::svd_solver<T> solver(a);
    CHECK_THROWS_WITH(solver.solve(std::vector<T>(3)), Contains("4x3") && Contains("3x1"));
    CHECK_THROWS_WITH(solver.solve(svdkit::matrix<T>(5, 1)), Contains("4x3") && Contains("5x1"));
}

TEMPLATE_TEST_CASE("solvers: empty inputs", "[solve][edge]", float, double, long double) {
    using T = TestType;
    const std::size_t m = GENERATE(std::size_t{0}, std::size_t{3});
    const std::size_t n = GENERATE(std::size_t{0}, std::size_t{4});
    if (m != 0 && n != 0) return;  // only the empty shapes
    INFO(shape_label(m, n));
    const svdkit::matrix<T> a(m, n);

    const auto rk = svdkit::rank(a);
    CHECK(rk.rank == 0);
    CHECK(rk.threshold == T(0));
    const auto x = svdkit::pinv(a);
    CHECK(x.rows() == n);
    CHECK(x.cols() == m);
    CHECK(x.rank == 0);
    const std::vector<T> b(m, T(2));
    const auto l = svdkit::lstsq(a, b);
    CHECK(l.x == std::vector<T>(n, T(0)));
    CHECK(l.rank == 0);
    CHECK(l.singular_values.empty());
    REQUIRE(l.residual_norms.size() == 1);
    CHECK(l.residual_norms[0] == T(2) * std::sqrt(static_cast<T>(m)));  // b itself is the residual
    const auto lm = svdkit::lstsq(a, svdkit::matrix<T>(m, 2));
    CHECK(lm.x.rows() == n);
    CHECK(lm.x.cols() == 2);
    // The null space of an m×0 map is {0} (n×0); of a 0×n map, all of Rⁿ.
    const auto ns = svdkit::null_space(a);
    CHECK(ns.rows() == n);
    CHECK(ns.cols() == n);
    if (n > 0) CHECK(orthogonality_ratio(to_dense<T>(ns)) == 0);
    const auto rg = svdkit::range(a);
    CHECK(rg.rows() == m);
    CHECK(rg.cols() == 0);
    CHECK(svdkit::norm2(a) == T(0));
    CHECK_THROWS_AS(svdkit::cond(a), std::invalid_argument);
    const svdkit::svd_solver<T> solver(a, {}, true);
    CHECK(solver.rank().rank == 0);
    CHECK(solver.null_space().cols() == n);
    CHECK_THROWS_AS(solver.cond(), std::invalid_argument);
}

TEMPLATE_TEST_CASE("solvers: 1x1, n x 1 and 1 x n inputs", "[solve][edge]", float, double, long double) {
    using T = TestType;
    // [a]: rank 1, A⁺ = [1/a], x = b/a, null space {0}, range ±1, cond 1, ‖A‖ = |a|.
    const svdkit::matrix<T> one{{T(-4)}};
    CHECK(svdkit::rank(one).rank == 1);
    CHECK(svdkit::pinv(one)(0, 0) == T(-0.25));
    CHECK(svdkit::lstsq(one, std::vector<T>{T(2)}).x == std::vector<T>{T(-0.5)});
    CHECK(svdkit::lstsq(one, std::vector<T>{T(2)}).residual_norms == std::vector<T>{T(0)});
    CHECK(svdkit::null_space(one).cols() == 0);
    const auto r1 = svdkit::range(one);
    REQUIRE(r1.cols() == 1);
    CHECK(std::fabs(r1(0, 0)) == T(1));
    CHECK(svdkit::cond(one) == T(1));
    CHECK(svdkit::norm2(one) == T(4));

    // [0]: rank 0, A⁺ = [0], x = 0 with residual |b|, null space and range as for the zero map.
    const svdkit::matrix<T> zero(1, 1);
    CHECK(svdkit::rank(zero).rank == 0);
    CHECK(svdkit::pinv(zero)(0, 0) == T(0));
    const auto lz = svdkit::lstsq(zero, std::vector<T>{T(-3)});
    CHECK(lz.x == std::vector<T>{T(0)});
    CHECK(lz.residual_norms == std::vector<T>{T(3)});
    const auto nz = svdkit::null_space(zero);
    REQUIRE(nz.cols() == 1);
    CHECK(std::fabs(nz(0, 0)) == T(1));
    CHECK(svdkit::range(zero).cols() == 0);
    CHECK(svdkit::norm2(zero) == T(0));

    // A column c (n×1) and a row cᵀ: rank 1, A⁺ = cᵀ/‖c‖² (and its transpose), cond 1.
    const svdkit::matrix<T> col{{T(3)}, {T(0)}, {T(4)}};
    const svdkit::matrix<T> row{{T(3), T(0), T(4)}};
    for (const auto* a : {&col, &row}) {
        const bool is_col = a->cols() == 1;
        INFO((is_col ? "3x1" : "1x3"));
        CHECK(svdkit::rank(*a).rank == 1);
        const auto x = svdkit::pinv(*a);
        REQUIRE(x.rows() == a->cols());
        REQUIRE(x.cols() == a->rows());
        for (std::size_t i = 0; i < 3; ++i) {
            const T got = is_col ? x(0, i) : x(i, 0);
            const T want = (*a).data()[i] / T(25);
            INFO("entry " << i << ": " << got << " vs " << want);
            REQUIRE_THAT(static_cast<long double>(got), near_abs(want, 4 * eps<T>()));
        }
        CHECK(svdkit::null_space(*a).cols() == (is_col ? 0u : 2u));
        CHECK(svdkit::range(*a).cols() == 1);
        REQUIRE_THAT(static_cast<long double>(svdkit::norm2(*a)), near_rel(5, 2 * eps<T>()));
        REQUIRE_THAT(static_cast<long double>(svdkit::cond(*a)), near_rel(1, 0));
    }
}

TEMPLATE_TEST_CASE("solvers: NaN/Inf input gives svdkit::non_finite_input", "[solve][errors]", float, double,
                   long double) {
    using T = TestType;
    const T bad = GENERATE(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                           -std::numeric_limits<T>::infinity());
    INFO("bad entry " << bad);
    svdkit::matrix<T> a(4, 3, T(1));
    a(2, 1) = bad;
    const std::vector<T> b(4, T(1));
    CHECK_THROWS_AS(svdkit::rank(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::pinv(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::lstsq(a, b), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::lstsq(a, svdkit::matrix<T>(4, 2)), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::null_space(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::range(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::cond(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::norm2(a), svdkit::non_finite_input);
    CHECK_THROWS_AS(svdkit::svd_solver<T>(a), svdkit::non_finite_input);
    CHECK_THROWS_WITH(svdkit::pinv(a), Contains("(2, 1)"));

    // A finite A with a non-finite right-hand side.
    const svdkit::matrix<T> good{{T(1), T(0), T(0)}, {T(0), T(1), T(0)}, {T(0), T(0), T(1)}, {T(1), T(1), T(1)}};
    std::vector<T> bb(4, T(1));
    bb[3] = bad;
    svdkit::matrix<T> bm(4, 2, T(1));
    bm(1, 1) = bad;
    CHECK_THROWS_AS(svdkit::lstsq(good, bb), svdkit::non_finite_input);
    CHECK_THROWS_WITH(svdkit::lstsq(good, bm), Contains("(1, 1)"));
    const svdkit::svd_solver<T> solver(good);
    CHECK_THROWS_AS(solver.solve(bb), svdkit::non_finite_input);
    CHECK_THROWS_AS(solver.solve(bm), svdkit::non_finite_input);
}

TEMPLATE_TEST_CASE("svd_solver: one decomposition answers as the free functions do", "[solve][solver]", float, double,
                   long double) {
    using T = TestType;
    const solve_case<T> c = make_case<T>(GENERATE(0, 3, 5));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    INFO(type_name<T>() << ": " << c.name);
    const svdkit::matrix<T> a = to_svdkit(c.a);
    rng_t rng(seed_of(m, n, 31));
    const svdkit::matrix<T> b = to_svdkit(gaussian<T>(m, 2, rng));
    const std::vector<T> bv(b.col_ptr(0), b.col_ptr(0) + m);

    const svdkit::svd_solver<T> s(a, svdkit::tolerance(), true);
    const svdkit::svd_result<T>* before = &s.decomposition();
    const std::vector<T> s_before = s.decomposition().s;
    CHECK(s.rows() == m);
    CHECK(s.cols() == n);
    CHECK(identical(s.singular_values(), svdkit::singular_values(a)));
    CHECK(s.rank().rank == svdkit::rank(a).rank);
    CHECK(identical(s.threshold(), svdkit::rank(a).threshold));
    CHECK(identical(static_cast<const svdkit::matrix<T>&>(s.pinv()), static_cast<const svdkit::matrix<T>&>(svdkit::pinv(a))));
    CHECK(identical(s.solve(b).x, svdkit::lstsq(a, b).x));
    CHECK(identical(s.solve(b).residual_norms, svdkit::lstsq(a, b).residual_norms));
    CHECK(identical(s.solve(bv).x, svdkit::lstsq(a, bv).x));
    CHECK(identical(static_cast<const svdkit::matrix<T>&>(s.range()), static_cast<const svdkit::matrix<T>&>(svdkit::range(a))));
    CHECK(identical(static_cast<const svdkit::matrix<T>&>(s.null_space()),
                    static_cast<const svdkit::matrix<T>&>(svdkit::null_space(a))));
    CHECK(identical(s.norm2(), svdkit::norm2(a)));
    CHECK(identical(s.cond(), svdkit::cond(a)));
    // Nothing above recomputed or changed the decomposition.
    CHECK(&s.decomposition() == before);
    CHECK(identical(s.decomposition().s, s_before));

    // A new tolerance re-decides the rank from the same values, as the free functions do.
    svdkit::svd_solver<T> t(a, svdkit::tolerance(), true);
    t.set_tolerance(svdkit::tolerance::relative(0.5L));
    CHECK(t.rank().rank == svdkit::rank(a, 0.5L).rank);
    CHECK(identical(t.solve(bv).x, svdkit::lstsq(a, bv, 0.5L).x));
    CHECK(identical(static_cast<const svdkit::matrix<T>&>(t.pinv()),
                    static_cast<const svdkit::matrix<T>&>(svdkit::pinv(a, 0.5L))));
    CHECK(identical(t.decomposition().s, s_before));

    // Without full V, a wide A's null space is refused (tall or square is fine).
    const svdkit::svd_solver<T> thin(a);
    if (n > m)
        CHECK_THROWS_WITH(thin.null_space(), Contains("full_v"));
    else
        CHECK(identical(static_cast<const svdkit::matrix<T>&>(thin.null_space()),
                        static_cast<const svdkit::matrix<T>&>(svdkit::null_space(a))));

    // compute() replaces the decomposition.
    svdkit::svd_solver<T> u;
    CHECK_THROWS_AS(u.rank(), std::logic_error);
    CHECK_THROWS_AS(u.solve(bv), std::logic_error);
    CHECK_THROWS_AS(u.set_tolerance(svdkit::tolerance()), std::logic_error);
    u.compute(a);
    CHECK(identical(u.solve(bv).x, svdkit::lstsq(a, bv).x));
    u.compute(svdkit::matrix<T>{{T(2)}});
    CHECK(u.rank().rank == 1);
    CHECK(u.norm2() == T(2));
}

TEMPLATE_TEST_CASE("solvers: inputs near underflow and overflow", "[solve][scaling]", float, double, long double) {
    using T = TestType;
    using W = wide_t<T>;
    // A·2^±e with e = 3/4 of the exponent range: far outside [smlnum, bignum] (the library scales
    // by a power of two), yet A⁺ = 2^∓e·(unscaled A⁺) and every entry stays normal. The rank does not
    // change, the threshold scales, and A⁺ and x scale back to the unscaled results within the
    // pinv-vs-oracle bound (two svdkit computations).
    const solve_case<T> c = make_case<T>(GENERATE(1, 5));
    const std::size_t m = sz(c.a.rows()), n = sz(c.a.cols());
    const long double d = static_cast<long double>(std::max(m, n));
    const int e = 3 * std::numeric_limits<T>::max_exponent / 4;
    const svdkit::matrix<T> a = to_svdkit(c.a);
    const auto x = svdkit::pinv(a);
    const std::vector<T> b(m, T(1));
    const auto l = svdkit::lstsq(a, b);
    const std::vector<T> s = svdkit::singular_values(a);
    const long double na = fnorm(dense<W>(c.a.template cast<W>()));
    const long double nx2 = 1.0L / static_cast<long double>(s[c.rank - 1]);
    for (const int sign : {-1, 1}) {
        INFO(type_name<T>() << ": " << c.name << ", scaled by 2^" << sign * e);
        svdkit::matrix<T> as = a;
        for (std::size_t i = 0; i < as.size(); ++i) as.data()[i] = std::ldexp(as.data()[i], sign * e);
        const auto rk = svdkit::rank(as);
        CHECK(rk.rank == c.rank);
        REQUIRE_THAT(static_cast<long double>(rk.threshold),
                     near_rel(std::ldexp(d * eps<T>() * static_cast<long double>(s[0]), sign * e), 4 * eps<T>()));
        dense<W> xs = to_dense<W>(svdkit::pinv(as));
        for (Eigen::Index i = 0; i < xs.size(); ++i) xs.data()[i] = std::ldexp(xs.data()[i], sign * e);
        const long double px = fnorm(dense<W>(xs - to_dense<W>(x))) / (nx2 * nx2 * na * d * eps<T>());
        INFO("2^e pinv(2^e A) vs pinv(A): ratio " << static_cast<double>(px));
        CHECK(px <= oracle_bound(m, n));
        const auto ls = svdkit::lstsq(as, b);
        dense<W> lx = as_column<W>(ls.x);
        for (Eigen::Index i = 0; i < lx.size(); ++i) lx(i) = std::ldexp(lx(i), sign * e);
        const long double pl = fnorm(dense<W>(lx - as_column<W>(l.x))) / (nx2 * nx2 * na * d * eps<T>() * std::sqrt(static_cast<long double>(m)));
        INFO("2^e lstsq(2^e A, b) vs lstsq(A, b): ratio " << static_cast<double>(pl));
        CHECK(pl <= oracle_bound(m, n));
        CHECK_FALSE(std::isnan(svdkit::cond(as)));
        CHECK(std::isfinite(svdkit::norm2(as)));
    }
}

TEMPLATE_TEST_CASE("solvers: views give the same result as matrices", "[solve][view]", float, double, long double) {
    using T = TestType;
    const solve_case<T> c = make_case<T>(5);  // wide, rank-deficient
    const svdkit::matrix<T> a = to_svdkit(c.a);
    const std::size_t m = a.rows(), n = a.cols();
    std::vector<T> row_major(m * n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) row_major[i * n + j] = a(i, j);
    const svdkit::matrix_view<const T> v(row_major.data(), m, n, svdkit::layout::row_major);
    const std::vector<T> b(m, T(1));
    const auto as_matrix = [](const svdkit::ranked_matrix<T>& x) -> const svdkit::matrix<T>& { return x; };

    CHECK(svdkit::rank(v).rank == svdkit::rank(a).rank);
    CHECK(identical(svdkit::rank(v).threshold, svdkit::rank(a).threshold));
    CHECK(identical(as_matrix(svdkit::pinv(v)), as_matrix(svdkit::pinv(a))));
    CHECK(identical(svdkit::lstsq(v, b).x, svdkit::lstsq(a, b).x));
    CHECK(identical(svdkit::lstsq(v, svdkit::matrix<T>(m, 2, T(1))).x, svdkit::lstsq(a, svdkit::matrix<T>(m, 2, T(1))).x));
    CHECK(identical(as_matrix(svdkit::null_space(v)), as_matrix(svdkit::null_space(a))));
    CHECK(identical(as_matrix(svdkit::range(v)), as_matrix(svdkit::range(a))));
    CHECK(identical(svdkit::cond(v), svdkit::cond(a)));
    CHECK(identical(svdkit::norm2(v), svdkit::norm2(a)));
    CHECK(identical(svdkit::svd_solver<T>(v).solve(b).x, svdkit::lstsq(a, b).x));
}
