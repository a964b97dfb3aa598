// Tests include/svdkit/detail/bidiagonal/divide_and_conquer.hpp, the divide-and-conquer SVD of an upper bidiagonal:
// reconstruction, orthogonality of U and V, σ against bidiagonal_qr's, and D&C's vectors combined
// with QR's (relatively accurate) σ, on random, graded, clustered, repeated, tiny-z, zero-diagonal
// and zero-superdiagonal bidiagonals of n = 1 … 1000 in float, double and long double; plus the
// leaf-size and iteration hooks, the argument checks and determinism.
//
// Bounds, in the units of measures.hpp (derivations next to each):
//
//  - reconstruction ‖B − UΣVᵀ‖_F/(‖B‖_F·n·ε) <= 4 + 50/n + 16·L/√n, L = number of merge levels.
//    4 + 50/n is the QR iteration's own bound (bounds.hpp: rounding, and dbdsqr-style deflation;
//    the leaves are solved by it). Each merge deflates with tol = 8·ε·max(d_max, |α|, |β|) <=
//    8·ε·‖B‖₂, and every change it makes moves its arrow matrix M by at most √2·tol per column
//    (a z_i set to 0: tol; a rotation of two d closer than tol: the dropped 2×2 error
//    [s²δ, csδ; csδ, −s²δ], δ <= tol, has Frobenius norm √2·s·δ; z₀ raised to tol and the
//    smallest d kept tol/2 from 0: tol each, once per merge), so a merge of N rows moves M by at
//    most √2·tol·√(N + 2). The merges of one level act on disjoint blocks with Σ(N + 2) <= 2n,
//    and M is B's block up to orthogonal factors: a level moves B by at most 16·ε·√n·‖B‖₂, and L
//    levels by 16·L·√n·ε·‖B‖_F; divided by ‖B‖_F·n·ε that is 16·L/√n.
//  - orthogonality ‖I − QᵀQ‖_F/(n·ε) <= 10 (bounds.hpp's orthogonality_bound). A merge multiplies
//    the children's factors by K×K matrices whose columns are exact singular vectors of M̂ (the
//    arrow with Löwner's ẑ) to a relative O(ε) per entry [Gu & Eisenstat 1995, §3.3], so each
//    merge adds O(K·ε) to ‖I − QᵀQ‖_F; over the levels K halves, Σ K <= 2n, ~2·n·ε in all.
//  - values max|σ_i − σ_i^QR|/(σ_max·n·ε) <= 4 + 50/n + 8·L·(√n + 3)/n. By Weyl each σ moves by at
//    most the spectral norm of the backward error: the QR iteration's (value_error_bound = 4 + 50/n,
//    which also covers the QR leaves) plus, per level, max over its blocks of ‖ΔM‖₂ <= tol·(√N + 3)
//    (the z changes form one row: tol·√N; the 2×2 rotation errors are disjoint blocks of norm
//    <= √2·tol; z₀ and the smallest d: tol each), i.e. 8·ε·σ_max·(√n + 3) per level. The secular
//    roots themselves are found to a few ulps of σ_max (inside the 4).
//  - D&C's vectors with QR's σ: ‖B − U_dc·Σ_qr·V_dcᵀ‖_F <= ‖B − U_dc·Σ_dc·V_dcᵀ‖_F + ‖σ_dc − σ_qr‖₂,
//    and by Mirsky/Hoffman-Wielandt for singular values ‖σ_dc − σ(B)‖₂ <= ‖E_dc‖_F and
//    ‖σ_qr − σ(B)‖₂ <= ‖E_qr‖_F, so the ratio is at most twice the D&C bound plus the QR one.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::ldexp, std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::normal_distribution
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <type_traits>  // std::is_same
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/divide_and_conquer.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// Merge levels of the recursion for n rows and leaves of at most `leaf` rows (the split of
/// dc_solve: N → N/2 rows and N − N/2 − 1 rows).
std::size_t merge_levels(std::size_t n, std::size_t leaf) {
    if (n <= leaf) return 0;
    const std::size_t k = n / 2;
    return 1 + std::max(merge_levels(k, leaf), merge_levels(n - k - 1, leaf));
}

long double dc_reconstruction_bound(std::size_t n, std::size_t leaf) {
    const long double nn = static_cast<long double>(std::max<std::size_t>(n, 1));
    return reconstruction_bound(n, n) + 16.0L * static_cast<long double>(merge_levels(n, leaf)) / std::sqrt(nn);
}

long double dc_value_bound(std::size_t n, std::size_t leaf) {
    const long double nn = static_cast<long double>(std::max<std::size_t>(n, 1));
    return value_error_bound(n, n) + 8.0L * static_cast<long double>(merge_levels(n, leaf)) * (std::sqrt(nn) + 3) / nn;
}

enum class kind { random, graded, clustered, repeated, tiny_z, zero_diagonal, all_zero_diagonal, zero_superdiagonal };

const char* kind_name(kind k) {
    switch (k) {
        case kind::random: return "random";
        case kind::graded: return "graded";
        case kind::clustered: return "clustered";
        case kind::repeated: return "repeated";
        case kind::tiny_z: return "tiny-z";
        case kind::zero_diagonal: return "zero-diagonal";
        case kind::all_zero_diagonal: return "all-zero-diagonal";
        case kind::zero_superdiagonal: return "zero-superdiagonal";
    }
    return "?";
}

const kind all_kinds[] = {kind::random,        kind::graded,            kind::clustered,
                          kind::repeated,      kind::tiny_z,            kind::zero_diagonal,
                          kind::all_zero_diagonal, kind::zero_superdiagonal};

const std::size_t sizes_to_300[] = {1, 2, 3, 25, 26, 50, 100, 300};
const std::size_t small_sizes[] = {3, 4, 5, 7, 8, 13, 100};

template <class T>
struct bidiagonal {
    std::vector<T> d, e;
};

/// The test bidiagonals. Each kind aims at one branch of the merge: random (few deflations),
/// graded (σ over ~2·digits decades), clustered (d within ~10 ulps: close-pole rotations), repeated
/// (identical blocks, so children have exactly equal σ), tiny-z (e ~ ε³: z below tol), zero diagonal
/// entries (some or all: σ = 0 and z₀ = 0), zero superdiagonal (diagonal with signs: everything deflates).
template <class T>
bidiagonal<T> make_bidiagonal(kind k, std::size_t n, std::size_t salt) {
    rng_t rng(seed_of(n, static_cast<std::size_t>(k), salt));
    std::normal_distribution<double> normal(0.0, 1.0);
    const double eps = static_cast<double>(std::numeric_limits<T>::epsilon());
    bidiagonal<T> b;
    b.d.resize(n);
    b.e.resize(n == 0 ? 0 : n - 1);
    for (std::size_t i = 0; i < n; ++i) {
        const double g = normal(rng), h = normal(rng);
        const bool has_e = i + 1 < n;
        double di = g, ei = h;
        switch (k) {
            case kind::random: break;
            case kind::graded: {
                // From 1 down to ε², a factor per row, on both diagonals.
                const double scale = std::pow(eps * eps, n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0);
                di = g * scale;
                ei = h * scale / 2;
                break;
            }
            case kind::clustered:
                di = 1 + 10 * eps * g;
                ei = 10 * eps * h;
                break;
            case kind::repeated:
                // Identical blocks of 7 rows (one inner coupling of 0.5), chained by ones.
                di = 1;
                ei = i % 7 == 6 ? 1.0 : (i % 7 == 2 ? 0.5 : 0.0);
                break;
            case kind::tiny_z:
                ei = (i % 11 == 10) ? h : h * eps * eps * eps;
                break;
            case kind::zero_diagonal:
                if (i % 3 == 1) di = 0;
                break;
            case kind::all_zero_diagonal: di = 0; break;
            case kind::zero_superdiagonal: ei = 0; break;
        }
        b.d[i] = static_cast<T>(di);
        if (has_e) b.e[i] = static_cast<T>(ei);
    }
    return b;
}

struct dc_result_ratios {
    long double recon, orth_u, orth_v, values, combined;
};

/// Runs bidiagonal_dc and bidiagonal_qr on one bidiagonal, checks every ratio against its bound and
/// notes it for the report.
template <class T>
dc_result_ratios check_dc(const bidiagonal<T>& b, const std::string& where,
                          std::size_t leaf = svdkit::detail::bidiagonal_dc_leaf_size) {
    const std::size_t n = b.d.size();
    INFO(type_name<T>() << ", " << where << ", n = " << n << ", leaf size " << leaf);
    std::vector<T> d = b.d, e = b.e;
    svdkit::matrix<T> u, v;
    svdkit::detail::bidiagonal_dc_stats stats;
    svdkit::detail::bidiagonal_dc(d, e, u, v, svdkit::detail::bidiagonal_dc_max_secular_iterations, leaf, &stats);
    INFO("merges " << stats.merges << ", roots " << stats.roots << ", deflated " << stats.deflated
                   << ", secular steps max " << stats.max_secular_steps);
    REQUIRE(d.size() == n);
    REQUIRE(u.rows() == n);
    REQUIRE(u.cols() == n);
    REQUIRE(v.rows() == n);
    REQUIRE(v.cols() == n);
    CHECK(sorted_non_negative(d));
    CHECK(all_finite(u));
    CHECK(all_finite(v));
    for (const T x : e) CHECK(x == T(0));

    std::vector<T> dq = b.d, eq = b.e;
    (void)svdkit::detail::bidiagonal_qr<T>(dq, eq, nullptr, nullptr);

    const dense<T> bd = upper_bidiagonal(b.d, b.e);
    const dense<T> ud = to_dense<T>(u), vd = to_dense<T>(v);
    dc_result_ratios r{};
    r.recon = reconstruction_ratio(bd, ud, d, vd);
    r.orth_u = orthogonality_ratio(ud);
    r.orth_v = orthogonality_ratio(vd);
    std::vector<long double> sq(dq.begin(), dq.end());
    r.values = value_error_ratio(d, sq, n, n);
    r.combined = reconstruction_ratio(bd, ud, dq, vd);

    const long double rb = dc_reconstruction_bound(n, leaf), vb = dc_value_bound(n, leaf);
    const long double cb = 2 * rb + reconstruction_bound(n, n);
    INFO("reconstruction " << static_cast<double>(r.recon) << " (bound " << static_cast<double>(rb) << "), orthogonality U "
                           << static_cast<double>(r.orth_u) << ", V " << static_cast<double>(r.orth_v) << " (bound "
                           << static_cast<double>(orthogonality_bound) << "), values vs QR "
                           << static_cast<double>(r.values) << " (bound " << static_cast<double>(vb)
                           << "), D&C vectors with QR values " << static_cast<double>(r.combined) << " (bound "
                           << static_cast<double>(cb) << ")");
    CHECK(r.recon <= rb);
    CHECK(r.orth_u <= orthogonality_bound);
    CHECK(r.orth_v <= orthogonality_bound);
    CHECK(r.values <= vb);
    CHECK(r.combined <= cb);
    // The production leaf size and the deep recursions of the leaf-size hook are reported apart.
    const std::string what = where + " n=" + std::to_string(n);
    const std::string algorithm =
        leaf == svdkit::detail::bidiagonal_dc_leaf_size ? "bidiagonal_dc" : "bidiagonal_dc, leaves <= 3";
    note_ratio(algorithm, type_name<T>(), "reconstruction", r.recon, what);
    note_ratio(algorithm, type_name<T>(), "orthogonality U", r.orth_u, what);
    note_ratio(algorithm, type_name<T>(), "orthogonality V", r.orth_v, what);
    note_ratio(algorithm, type_name<T>(), "value error vs QR", r.values, what);
    note_ratio(algorithm, type_name<T>(), "recon. with QR values", r.combined, what);
    return r;
}

}  // namespace

TEMPLATE_TEST_CASE("bidiagonal_dc: every kind of bidiagonal up to n = 300", "[bidiagonal_dc][accuracy]", float, double,
                   long double) {
    using T = TestType;
    for (const kind k : all_kinds)
        for (const std::size_t n : sizes_to_300) {
            const bidiagonal<T> b = make_bidiagonal<T>(k, n, 1);
            (void)check_dc(b, kind_name(k));
        }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: n = 1000", "[bidiagonal_dc][accuracy][large]", float, double) {
    using T = TestType;
    // The checks cost ~6·10⁹ flops in long double per case (two products U·Σ·Vᵀ, two Gram
    // matrices): 25 s per case here, minutes under the sanitizers. Every kind already runs at
    // n <= 300 in every type; at n = 1000 (five merge levels) the two kinds that take the most
    // different paths through the merges run: random (few deflations, many secular roots) and
    // clustered (mostly deflation by close d).
    for (const kind k : {kind::random, kind::clustered}) {
        const bidiagonal<T> b = make_bidiagonal<T>(k, 1000, 2);
        (void)check_dc(b, kind_name(k));
    }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: tiny leaves give deep recursions with the same accuracy", "[bidiagonal_dc][leaf]",
                   float, double, long double) {
    using T = TestType;
    // leaf size 2: every merge of 3 to 100 rows is exercised, including ones whose children are
    // merges themselves with an extra column on both sides.
    for (const kind k : all_kinds)
        for (const std::size_t n : small_sizes) {
            const bidiagonal<T> b = make_bidiagonal<T>(k, n, 3);
            (void)check_dc(b, kind_name(k), 2);
            (void)check_dc(b, kind_name(k), 3);
        }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: inputs scaled by powers of two far from 1", "[bidiagonal_dc][scaling]", float, double,
                   long double) {
    using T = TestType;
    // Within the contract (squares of the entries must not overflow, as for bidiagonal_qr), the
    // merges scale each secular problem by a power of two and measure every tolerance relative to
    // the block: the same ratios must hold at 2^±e, with e near half the exponent range.
    const int e = std::numeric_limits<T>::max_exponent / 2 - 8;
    for (const int sign : {-1, 1})
        for (const kind k : {kind::random, kind::graded, kind::clustered}) {
            bidiagonal<T> b = make_bidiagonal<T>(k, 120, 7);
            for (T& x : b.d) x = std::ldexp(x, sign * e);
            for (T& x : b.e) x = std::ldexp(x, sign * e);
            (void)check_dc(b, std::string(kind_name(k)) + (sign < 0 ? " times 2^-" : " times 2^") + std::to_string(e));
        }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: the merges deflate where they should", "[bidiagonal_dc][deflation]", float, double,
                   long double) {
    using T = TestType;
    const std::size_t n = 100;
    auto run = [&](kind k) {
        const bidiagonal<T> b = make_bidiagonal<T>(k, n, 4);
        std::vector<T> d = b.d, e = b.e;
        svdkit::matrix<T> u, v;
        svdkit::detail::bidiagonal_dc_stats stats;
        svdkit::detail::bidiagonal_dc(d, e, u, v, svdkit::detail::bidiagonal_dc_max_secular_iterations,
                                      svdkit::detail::bidiagonal_dc_leaf_size, &stats);
        INFO(kind_name(k) << ": merges " << stats.merges << ", roots " << stats.roots << ", deflated "
                          << stats.deflated << ", secular steps " << stats.secular_steps << " (max "
                          << stats.max_secular_steps << ")");
        CHECK(stats.merges == 3);  // 100 → 50 + 49 → 24 + 25 and 24 + 24 rows: three merges
        CHECK(stats.roots + stats.deflated == 100 + 50 + 49);
        CHECK(stats.max_secular_steps <= svdkit::detail::bidiagonal_dc_max_secular_iterations);
        return stats;
    };
    // A diagonal matrix: every z but z₀ is zero, so each merge is left with one secular root.
    CHECK(run(kind::zero_superdiagonal).roots == 3);
    // Clustered d: the children's σ agree to ~10 ulps, so most values deflate by rotation.
    CHECK(run(kind::clustered).deflated > 100);
    // Random (Gaussian entries): Li's middle way converges quadratically, so each root takes a
    // handful of steps (measured 4.3-5.2 on average, at most 16, for n = 100 … 2048 in all three
    // types); 8 on average and 30 at most would mean the zero finder has lost its fast convergence.
    const svdkit::detail::bidiagonal_dc_stats r = run(kind::random);
    CHECK(r.roots >= 3);
    CHECK(r.secular_steps <= 8 * r.roots);
    CHECK(r.max_secular_steps <= 30);
}

TEMPLATE_TEST_CASE("bidiagonal_dc: argument checks and the secular iteration bound", "[bidiagonal_dc][errors]", float,
                   double, long double) {
    using T = TestType;
    svdkit::matrix<T> u, v;
    SECTION("e of the wrong length") {
        std::vector<T> d(5, T(1)), e(5, T(1));
        CHECK_THROWS_AS(svdkit::detail::bidiagonal_dc(d, e, u, v), std::invalid_argument);
        std::vector<T> d0, e0(1, T(1));
        CHECK_THROWS_AS(svdkit::detail::bidiagonal_dc(d0, e0, u, v), std::invalid_argument);
    }
    SECTION("a leaf size below 2") {
        std::vector<T> d(5, T(1)), e(4, T(1));
        CHECK_THROWS_AS(svdkit::detail::bidiagonal_dc(d, e, u, v, 200, 1), std::invalid_argument);
    }
    SECTION("n = 0 gives empty factors") {
        std::vector<T> d, e;
        svdkit::detail::bidiagonal_dc(d, e, u, v);
        CHECK(u.rows() == 0);
        CHECK(v.cols() == 0);
    }
    SECTION("a bound of one step per root is exceeded: no_convergence") {
        const bidiagonal<T> b = make_bidiagonal<T>(kind::random, 60, 5);
        std::vector<T> d = b.d, e = b.e;
        svdkit::detail::bidiagonal_dc_stats stats;
        svdkit::detail::bidiagonal_dc(d, e, u, v, svdkit::detail::bidiagonal_dc_max_secular_iterations,
                                      svdkit::detail::bidiagonal_dc_leaf_size, &stats);
        INFO("the default bound is enough; the most steps one root took: " << stats.max_secular_steps);
        CHECK(stats.max_secular_steps > 1);  // so a bound of 1 must fail
        d = b.d;
        e = b.e;
        bool thrown = false;
        try {
            svdkit::detail::bidiagonal_dc(d, e, u, v, 1);
        } catch (const svdkit::no_convergence& ex) {
            thrown = true;
            INFO("what(): " << ex.what());
            CHECK(ex.converged() < ex.total());
        }
        CHECK(thrown);
    }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: deterministic bit for bit", "[bidiagonal_dc][determinism]", float, double,
                   long double) {
    using T = TestType;
    const bidiagonal<T> b = make_bidiagonal<T>(kind::random, 200, 6);
    std::vector<T> d1 = b.d, e1 = b.e, d2 = b.d, e2 = b.e;
    svdkit::matrix<T> u1, v1, u2, v2;
    svdkit::detail::bidiagonal_dc(d1, e1, u1, v1);
    svdkit::detail::bidiagonal_dc(d2, e2, u2, v2);
    CHECK(d1 == d2);
    CHECK(u1 == u2);
    CHECK(v1 == v2);
    // A reused workspace (svd() keeps one) holds stale data from a larger problem: same bits.
    svdkit::detail::bidiagonal_dc_workspace<T> ws;
    const bidiagonal<T> big = make_bidiagonal<T>(kind::graded, 300, 6);
    std::vector<T> d3 = big.d, e3 = big.e, d4 = b.d, e4 = b.e;
    svdkit::matrix<T> u3, v3, u4, v4;
    svdkit::detail::bidiagonal_dc(d3, e3, u3, v3, svdkit::detail::bidiagonal_dc_max_secular_iterations,
                                  svdkit::detail::bidiagonal_dc_leaf_size, nullptr, &ws);
    svdkit::detail::bidiagonal_dc(d4, e4, u4, v4, svdkit::detail::bidiagonal_dc_max_secular_iterations,
                                  svdkit::detail::bidiagonal_dc_leaf_size, nullptr, &ws);
    CHECK(d4 == d1);
    CHECK(u4 == u1);
    CHECK(v4 == v1);
}
