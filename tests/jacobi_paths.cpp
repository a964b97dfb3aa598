// Tests the ways one-sided Jacobi (svd_method::jacobi, include/svdkit/detail/jacobi/) finds the
// vectors of the side its sweeps do not give, and the condition estimate that chooses among them.
//
// 1. row_scaled_condition (condition.hpp): the estimate κ̂ = √‖(Rₛᵀ·Rₛ)⁻¹‖₁ of upper triangular R
//    with rows scaled to unit norm. Hager's method gives a lower bound of ‖·‖₁, and
//    ‖B‖₁ <= √n·‖B‖₂ for symmetric B, so κ̂ <= n^{1/4}/σ_min(Rₛ) always; in practice it is within
//    a small factor of 1/σ_min(Rₛ) from below (asserted: 1/10). It does not depend on the row
//    grading: D·R with D spanning 1e±(range of T)/4 gives the estimate of R.
// 2. Each path of jacobi_svd — X = R₂ᵀ with V by a solve with R (solve_r) or accumulated
//    (accumulate_r), X = L₃ with U by a solve with R₂ (solve_r2) or accumulated (accumulate_l3) —
//    is reached (the accumulating ones also through the test hook force_accumulate, and
//    accumulate_r by itself where a σ is below safe_min/ε and U·Σ would underflow), each gives
//    an SVD within the contract's bounds (reconstruction, orthogonality of U and V), and all give
//    the same values bit for bit as the values-only call: the path depends on R alone, and the
//    rotations of X do not depend on whether they are accumulated.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <set>        // std::set
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "oracle.hpp"

using namespace svdkit_test;

TEMPLATE_TEST_CASE("jacobi paths: the row-scaled condition estimate", "[jacobi][condition]", float, double,
                   long double) {
    using T = TestType;
    for (std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(5), std::size_t(17), std::size_t(40)}) {
        for (int kind = 0; kind < 3; ++kind) {
            // kind 0: random upper triangular (κ ~ 2^n at worst, usually 10-1000); 1: with a unit
            // diagonal and small off-diagonal entries (near 1); 2: Kahan's matrix (ill conditioned).
            rng_t rng(seed_of(n, n, 500 + static_cast<std::size_t>(kind)));
            dense<T> r = kind == 2 ? kahan<T>(n, 1.2L) : gaussian<T>(n, n, rng);
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t i = j + 1; i < n; ++i) r(ix(i), ix(j)) = T(0);
            if (kind == 1) {
                r *= T(0.05);
                for (std::size_t i = 0; i < n; ++i) r(ix(i), ix(i)) = T(1);
            }
            // Rₛ, and 1/σ_min(Rₛ) from the oracle.
            dense<T> rs = r;
            for (std::size_t i = 0; i < n; ++i) rs.row(ix(i)) /= rs.row(ix(i)).norm();
            const std::vector<long double> sv = oracle_values(rs);
            const long double inv_smin = 1.0L / sv.back();
            std::vector<T> w1, w2, w3;
            const svdkit::matrix<T> rm = to_svdkit(r);
            const long double est =
                static_cast<long double>(svdkit::detail::row_scaled_condition(n, rm.data(), n, w1, w2, w3));
            INFO(type_name<T>() << " n " << n << " kind " << kind << ": estimate " << static_cast<double>(est)
                                << ", 1/sigma_min(R_s) " << static_cast<double>(inv_smin));
            if (inv_smin < 1.0L / (1e3L * eps<T>())) {  // far from singular in T: the estimate means something
                CHECK(est <= std::pow(static_cast<long double>(n), 0.25L) * inv_smin * (1 + 1e-2L));
                CHECK(est >= inv_smin / 10);
            }
            // Rows graded over a quarter of the exponent range: the same estimate.
            dense<T> g = r;
            const T span = std::pow(T(2), T(std::numeric_limits<T>::max_exponent / 4));
            for (std::size_t i = 0; i < n; ++i)
                g.row(ix(i)) *= n == 1 ? T(1) : std::pow(span, T(1) - T(2) * static_cast<T>(i) / static_cast<T>(n - 1));
            const svdkit::matrix<T> gm = to_svdkit(g);
            const long double est_g =
                static_cast<long double>(svdkit::detail::row_scaled_condition(n, gm.data(), n, w1, w2, w3));
            CHECK(std::abs(est_g - est) <= 1e-2L * est);
        }
    }
    // A zero row: +∞ (no solve is attempted).
    svdkit::matrix<T> z(3, 3);
    z(0, 0) = T(1);
    z(0, 1) = T(2);
    z(2, 2) = T(1);
    std::vector<T> w1, w2, w3;
    CHECK(svdkit::detail::row_scaled_condition(std::size_t(3), z.data(), 3, w1, w2, w3) ==
          std::numeric_limits<T>::infinity());
}

namespace {

struct path_input {
    const char* name;
    std::size_t m, n;
};

/// The inputs: Gaussian (κ̂(R) about √n: either X), column-graded B·D (κ̂(R) small: X = R₂ᵀ, V
/// solved), a quarter of the columns zero (R's rank r < N: X = L₃), Kahan (graded rows, κ̂ of the pivoted R₂ small), and
/// a column scaled to 1e4·safe_min (σ below safe_min/ε: the solve is refused).
template <class T>
dense<T> path_matrix(const path_input& in, rng_t& rng) {
    const std::string name = in.name;
    if (name == "kahan") return kahan<T>(in.n, 1.2L);
    dense<T> a = gaussian<T>(in.m, in.n, rng);
    if (name == "graded")
        for (std::size_t j = 0; j < in.n; ++j) a.col(ix(j)) *= std::pow(T(10), -T(12) * static_cast<T>(j) / static_cast<T>(in.n));
    if (name == "tiny sigma") a.col(ix(in.n - 1)) *= std::numeric_limits<T>::min() * T(1e4);
    if (name == "zero columns") a.rightCols(ix(in.n / 4)).setZero();
    return a;
}

}  // namespace

TEMPLATE_TEST_CASE("jacobi paths: every path gives an SVD within the bounds and the same values", "[jacobi][paths]",
                   float, double, long double) {
    using T = TestType;
    using svdkit::detail::jacobi_path;
    std::set<jacobi_path> seen;
    const std::vector<path_input> inputs = {{"gauss", 120, 120}, {"gauss", 300, 60},  {"graded", 100, 100},
                                            {"graded", 60, 100}, {"zero columns", 40, 40},  {"kahan", 50, 50},
                                            {"tiny sigma", 8, 8}};
    for (const path_input& in : inputs) {
        rng_t rng(seed_of(in.m, in.n, 2929));
        const dense<T> a = path_matrix<T>(in, rng);
        const svdkit::matrix<T> as = to_svdkit(a);
        const std::size_t m = in.m, n = in.n;
        svdkit::svd_options none{svdkit::vectors::none, svdkit::vectors::none};
        none.method = svdkit::svd_method::jacobi;
        none.fallback = false;
        const std::vector<T> values = svdkit::svd(as, none).s;
        for (int job = 0; job < 3; ++job) {  // U and V, U only, V only
            for (bool force : {false, true}) {
                svdkit::svd_options o{job == 2 ? svdkit::vectors::none : svdkit::vectors::thin,
                                      job == 1 ? svdkit::vectors::none : svdkit::vectors::thin};
                o.method = svdkit::svd_method::jacobi;
                o.fallback = false;
                svdkit::svd_workspace<T> ws;
                auto& jw = svdkit::detail::workspace_access::scratch(ws).jw;
                jw.force_accumulate = force;
                svdkit::svd_result<T> r;
                svdkit::svd(as, o, r, ws);
                const jacobi_path path = jw.path;
                seen.insert(path);
                INFO(type_name<T>() << " " << in.name << " " << shape_label(m, n) << " job " << job << " force "
                                    << force << " path " << static_cast<int>(path));
                CHECK(identical(r.s, values));
                const std::string name = in.name;
                // Paths where they are determined (wide inputs work on the transpose: U and V swap).
                const bool v_side = (job != 1) == (m >= n);  // the working matrix's right vectors wanted
                const bool u_side = (job != 2) == (m >= n);
                if (name == "graded" && m >= n && v_side)
                    CHECK(path == (force ? jacobi_path::accumulate_r : jacobi_path::solve_r));
                if (name == "zero columns" && u_side)
                    CHECK(path == (force ? jacobi_path::accumulate_l3 : jacobi_path::solve_r2));
                if (name == "tiny sigma" && v_side)
                    CHECK(path == jacobi_path::accumulate_r);
                if (job == 0 && force) CHECK((path == jacobi_path::accumulate_r || path == jacobi_path::accumulate_l3));
                (void)u_side;
                // The contract.
                dense<T> u = job == 2 ? dense<T>() : to_dense<T>(r.u);
                dense<T> v = job == 1 ? dense<T>() : to_dense<T>(r.v);
                if (job != 2) CHECK(orthogonality_ratio(u) <= orthogonality_bound);
                if (job != 1) CHECK(orthogonality_ratio(v) <= orthogonality_bound);
                if (job == 0) CHECK(reconstruction_ratio(a, u, r.s, v) <= reconstruction_bound(m, n));
            }
        }
    }
    INFO(type_name<T>());
    CHECK(seen.count(jacobi_path::solve_r) == 1);
    CHECK(seen.count(jacobi_path::solve_r2) == 1);
    CHECK(seen.count(jacobi_path::accumulate_r) == 1);
    CHECK(seen.count(jacobi_path::accumulate_l3) == 1);
    CHECK(seen.count(jacobi_path::values_only) == 1);  // X = R₂ᵀ asked for U only, X = L₃ for V only
}
