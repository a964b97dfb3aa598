// Tests include/svdkit/detail/bidiagonal/divide_and_conquer.hpp, the divide-and-conquer SVD of an
// upper bidiagonal, where it differs from the other bidiagonal solvers: n = 1000 (five merge
// levels), the leaf-size hook (deep recursions), inputs scaled far from 1, the merge statistics
// (deflation, secular steps), the argument checks and determinism. Its accuracy on every kind of
// bidiagonal for n up to 200 (long double: 120), in every type, is checked by the generic suite
// (bidiagonal_solvers.cpp), against exact singular values.
//
// Bounds (derived in support/bounds.hpp, with L = merge_levels(n, leaf)): reconstruction
// dc_reconstruction_bound = 4 + 50/n + 16·L/√n, orthogonality orthogonality_bound, values
// against bidiagonal_qr's dc_value_bound = 4 + 50/n + 8·L·(√n + 3)/n, and D&C's vectors with
// QR's (relatively accurate) σ dc_mixed_reconstruction_bound.
#include <catch2/catch.hpp>

#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/divide_and_conquer.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// The kinds that take D&C's merges down different paths: random (few deflations), graded (σ
/// over ~2·digits decades), clustered (d within ~10 ulps: close-pole rotations), chained blocks
/// (children with exactly equal σ), tiny e (z below tol), zero diagonal entries (some or all: σ = 0
/// and z₀ = 0), zero superdiagonal (everything deflates).
const bidiagonal_kind dc_kinds[] = {bidiagonal_kind::random,         bidiagonal_kind::graded,
                                    bidiagonal_kind::clustered,      bidiagonal_kind::chained_blocks,
                                    bidiagonal_kind::tiny_e,         bidiagonal_kind::zero_diagonal,
                                    bidiagonal_kind::all_zero_diagonal, bidiagonal_kind::zero_superdiagonal};

const std::size_t small_sizes[] = {3, 4, 5, 7, 8, 13, 100};

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
    const long double cb = dc_mixed_reconstruction_bound(n, leaf);
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

TEMPLATE_TEST_CASE("bidiagonal_dc: n = 1000", "[bidiagonal_dc][accuracy][large]", float, double) {
    using T = TestType;
    // The checks cost ~6·10⁹ flops in long double per case (two products U·Σ·Vᵀ, two Gram
    // matrices): 25 s per case here, minutes under the sanitizers. Every kind already runs at
    // n <= 200 in every type (bidiagonal_solvers.cpp; long double to 120); at n = 1000 (five merge levels) the two
    // kinds that take the most different paths through the merges run: random (few deflations,
    // many secular roots) and clustered (mostly deflation by close d).
    for (const bidiagonal_kind k : {bidiagonal_kind::random, bidiagonal_kind::clustered}) {
        const bidiagonal<T> b = make_bidiagonal<T>(k, 1000, 2);
        (void)check_dc(b, kind_name(k));
    }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: tiny leaves give deep recursions with the same accuracy", "[bidiagonal_dc][leaf]",
                   float, double, long double) {
    using T = TestType;
    // leaf size 2: every merge of 3 to 100 rows is exercised, including ones whose children are
    // merges themselves with an extra column on both sides.
    for (const bidiagonal_kind k : dc_kinds)
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
        for (const bidiagonal_kind k : {bidiagonal_kind::random, bidiagonal_kind::graded, bidiagonal_kind::clustered}) {
            const bidiagonal<T> b = scaled(make_bidiagonal<T>(k, 120, 7), sign * e);
            (void)check_dc(b, std::string(kind_name(k)) + (sign < 0 ? " times 2^-" : " times 2^") + std::to_string(e));
        }
}

TEMPLATE_TEST_CASE("bidiagonal_dc: the merges deflate where they should", "[bidiagonal_dc][deflation]", float, double,
                   long double) {
    using T = TestType;
    const std::size_t n = 100;
    auto run = [&](bidiagonal_kind k) {
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
    CHECK(run(bidiagonal_kind::zero_superdiagonal).roots == 3);
    // Clustered d: the children's σ agree to ~10 ulps, so most values deflate by rotation.
    CHECK(run(bidiagonal_kind::clustered).deflated > 100);
    // Random (Gaussian entries): Li's middle way converges quadratically, so each root takes a
    // handful of steps (measured 4.3-5.2 on average, at most 16, for n = 100 … 2048 in all three
    // types); 8 on average and 30 at most would mean the zero finder has lost its fast convergence.
    const svdkit::detail::bidiagonal_dc_stats r = run(bidiagonal_kind::random);
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
        const bidiagonal<T> b = make_bidiagonal<T>(bidiagonal_kind::random, 60, 5);
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
    const bidiagonal<T> b = make_bidiagonal<T>(bidiagonal_kind::random, 200, 6);
    std::vector<T> d1 = b.d, e1 = b.e, d2 = b.d, e2 = b.e;
    svdkit::matrix<T> u1, v1, u2, v2;
    svdkit::detail::bidiagonal_dc(d1, e1, u1, v1);
    svdkit::detail::bidiagonal_dc(d2, e2, u2, v2);
    CHECK(d1 == d2);
    CHECK(u1 == u2);
    CHECK(v1 == v2);
    // A reused workspace (svd() keeps one) holds stale data from a larger problem: same bits.
    svdkit::detail::bidiagonal_dc_workspace<T> ws;
    const bidiagonal<T> big = make_bidiagonal<T>(bidiagonal_kind::graded, 300, 6);
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
