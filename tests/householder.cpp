// Tests include/svdkit/detail/reduction/householder.hpp directly: the Householder QR (unblocked below
// householder_crossover columns; above it, panels factored by recursion with their WY form built
// alongside, then applied to the trailing columns), forming Q, and applying Q; and the QR of a
// tall matrix by row blocks (detail/reduction/tall_qr.hpp).
//
// The SVD suites reach the blocked QR only through the QR-first path of tall matrices with
// n >= 96, which the property suite's shapes cover once (800×96, by two row blocks: tall_qr). Here each
// shape straddles one of the blocking edges: exactly the crossover, panels that do not divide n,
// a last panel narrower than a leaf, a wide matrix (columns beyond the k reflectors), and the
// unblocked path for comparison.
//
// Measured per case, in long double (support/measures.hpp), against the bounds of
// support/bounds.hpp that the SVD suites use:
//  - ‖A − Q·R‖_F/(‖A‖_F·m·ε), with Q·R formed by applying Q to R (apply_q_left) and, separately,
//    by multiplying the explicit thin Q (form_q) with R: Householder QR is backward stable,
//    ‖ΔA‖_F <= O(mn)·u·‖A‖_F in the worst case [Higham, ASNA 2nd ed., Thm 19.4], O(1) in these
//    units in practice;
//  - the same for Q formed over the reflectors themselves (form_q_in_place, thin and full) and
//    multiplied by R in place (multiply_right_in_place), the driver's way of forming U;
//  - ‖I − QᵀQ‖_F/(k·ε) for the thin Q (and the in-place Qs);
//  - the singular values of R (the oracle's) against A's, in the SVD suites' normwise measure:
//    a QR that loses a column or mixes panels keeps Q orthogonal but changes them.
#include <catch2/catch.hpp>

#include <algorithm>  // std::copy, std::max, std::min
#include <cmath>      // std::fabs
#include <cstddef>    // std::size_t
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/detail/reduction/householder.hpp>
#include <svdkit/detail/reduction/tall_qr.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "oracle.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

struct qr_shape {
    std::size_t m, n;
};

template <class T>
void check_qr(qr_shape sh) {
    const std::size_t m = sh.m, n = sh.n, k = std::min(m, n);
    rng_t rng(seed_of(m, n, 41));
    const dense<T> a = gaussian<T>(m, n, rng);
    svdkit::matrix<T> f = to_svdkit(a);
    std::vector<T> tau;
    svdkit::detail::householder_workspace<T> ws;
    svdkit::detail::householder_qr(f, tau, ws);
    REQUIRE(tau.size() == k);

    // R: the upper trapezoid of f (k×n), explicit zeros below.
    svdkit::matrix<T> r(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i <= std::min(j, k - 1); ++i) r(i, j) = f(i, j);

    // Q·R by applying the reflectors to [R; 0].
    svdkit::matrix<T> qr = r;
    svdkit::detail::apply_q_left(f.data(), m, tau.data(), k, qr, ws);
    // The thin Q, explicit, times R.
    svdkit::matrix<T> q(m, k);
    svdkit::detail::form_q(f.data(), m, tau.data(), k, q, ws);

    using W = wide_t<T>;
    const dense<W> aw = a.template cast<W>();
    const dense<W> qw = to_dense<W>(q);
    const dense<W> rw = to_dense<W>(r).topRows(ix(k));
    const long double scale = static_cast<long double>(aw.norm()) * static_cast<long double>(m) * eps<T>();
    const long double applied = static_cast<long double>((aw - to_dense<W>(qr)).norm()) / scale;
    const long double formed = static_cast<long double>((aw - qw * rw).norm()) / scale;
    const long double orth = orthogonality_ratio<T>(to_dense<T>(q));
    // The singular values of R are A's.
    const std::vector<long double> sigma = oracle_values<T>(a);
    const std::vector<long double> sigma_r = oracle_values<T>(to_dense<T>(r).topRows(ix(k)));
    long double value = 0;
    for (std::size_t i = 0; i < k; ++i)
        value = std::max(value, std::fabs(sigma_r[i] - sigma[i]) /
                                    (sigma[0] * static_cast<long double>(std::max(m, n)) * eps<T>()));

    // Q formed over the reflectors' own storage (form_q_in_place; thin, and full up to m = 300),
    // then Q·R by multiply_right_in_place when R is square: the driver's U after its QR.
    long double in_place = 0, orth_in_place = 0;
    for (const std::size_t cols : {k, m}) {
        if (cols == m && (m == k || m > 300)) continue;
        svdkit::matrix<T> qi(m, cols);
        for (std::size_t j = 0; j < k; ++j) std::copy(f.col_ptr(j), f.col_ptr(j) + m, qi.col_ptr(j));
        svdkit::detail::form_q_in_place(k, tau.data(), qi, ws);
        orth_in_place = std::max(orth_in_place, orthogonality_ratio<T>(to_dense<T>(qi)));
        if (k != n) continue;
        svdkit::matrix<T> rk(k, k);
        for (std::size_t j = 0; j < k; ++j) std::copy(r.col_ptr(j), r.col_ptr(j) + k, rk.col_ptr(j));
        std::vector<T> panel;
        svdkit::detail::multiply_right_in_place(m, k, qi.data(), m, rk.data(), k, panel, &ws.gemm);
        in_place = std::max(in_place,
                            static_cast<long double>((aw - to_dense<W>(qi).leftCols(ix(k))).norm()) / scale);
    }

    INFO(type_name<T>() << " " << shape_label(m, n) << ": A − Q·R applied " << applied << ", formed " << formed
                        << ", formed in place " << in_place << " (orthogonality " << orth_in_place << ")"
                        << ", orthogonality " << orth << ", σ(R) vs σ(A) " << value);
    CHECK(applied <= rounding_allowance);
    CHECK(formed <= rounding_allowance);
    CHECK(in_place <= rounding_allowance);
    CHECK(orth_in_place <= orthogonality_bound);
    CHECK(orth <= orthogonality_bound);
    CHECK(value <= value_error_bound(m, n));
    const std::string where = "householder.cpp " + shape_label(m, n);
    note_ratio("householder_qr", type_name<T>(), "reconstruction", std::max({applied, formed, in_place}), where);
    note_ratio("householder_qr", type_name<T>(), "orthogonality", std::max(orth, orth_in_place), where);
}

}  // namespace

TEMPLATE_TEST_CASE("householder: QR, Q formed and Q applied are backward stable on every blocking edge",
                   "[householder][qr]", float, double, long double) {
    using svdkit::detail::householder_block;
    using svdkit::detail::householder_crossover;
    using svdkit::detail::householder_leaf;
    static_assert(householder_crossover % householder_block == 0, "the shapes below assume it");
    const qr_shape sh = GENERATE(qr_shape{60, 40},                                   // unblocked
                                 qr_shape{householder_crossover + 1, householder_crossover},  // exactly the crossover
                                 qr_shape{300, 110},                                 // panels 32, 32, 32, 14
                                 qr_shape{513, 3 * householder_block + householder_leaf / 2},  // last panel < a leaf
                                 qr_shape{1000, 200},                                // the shape of the benchmarks' 4000×200
                                 qr_shape{100, 300},                                 // wide: 100 reflectors, 200 more columns
                                 qr_shape{150, 150});                                // square, blocked
    check_qr<TestType>(sh);
}

namespace {

/// tall_qr (detail/reduction/tall_qr.hpp): the QR by p row blocks and a QR of their stacked R,
/// and U = Q·X formed block by block, measured as check_qr measures the plain QR: A − Q·R (Q
/// formed with X = I, thin and full, times R), ‖I − QᵀQ‖ (thin and full m×m), σ(R) against
/// σ(A), and Q·X against Q times X for a Gaussian X (the driver's U = Q·U_R). Blocks of unequal
/// height (M not a multiple of p), and a block of zero rows (its R is zero: τ = 0 throughout).
template <class T>
void check_tall_qr(std::size_t m, std::size_t n, std::size_t p, bool zero_block, unsigned threads) {
    rng_t rng(seed_of(m, n, 43));
    dense<T> a = gaussian<T>(m, n, rng);
    if (zero_block) a.bottomRows(ix(m / p)).setZero();
    // A factorization per product: form_u uses up the stack.
    svdkit::thread_pool pool(threads);
    svdkit::detail::tall_qr_workspace<T> ws;
    svdkit::detail::householder_workspace<T> hh;
    hh.gemm.threads = threads;
    hh.gemm.pool = &pool;
    const auto factor = [&] {
        svdkit::matrix<T> f = to_svdkit(a);
        svdkit::detail::tall_qr(m, n, f.data(), m, p, ws, hh);
        REQUIRE(ws.stack.rows() == p * n);
        REQUIRE(hh.gemm.threads == threads);  // lent to the first task, given back
        return f;
    };
    svdkit::matrix<T> qx = factor();
    svdkit::matrix<T> r(n, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i <= j; ++i) r(i, j) = ws.stack(i, j);
    const dense<T> x = gaussian<T>(n, n, rng);
    const svdkit::matrix<T> xs = to_svdkit(x);
    svdkit::detail::tall_qr_form_u(m, n, qx.data(), m, p, xs.data(), n, ws, hh);
    svdkit::matrix<T> eye(n, n);
    for (std::size_t i = 0; i < n; ++i) eye(i, i) = T(1);
    svdkit::matrix<T> q = factor();
    svdkit::detail::tall_qr_form_u(m, n, q.data(), m, p, eye.data(), n, ws, hh);
    // The full Q (m×m) over the reflectors in place, as the driver forms a full U (up to m = 700:
    // its m³ orthogonality check in the wide type is most of this test's time).
    const bool with_full = m <= 700;
    const svdkit::matrix<T> f = factor();
    svdkit::matrix<T> qf(m, with_full ? m : n);
    std::copy(f.data(), f.data() + m * n, qf.data());
    if (with_full) svdkit::detail::tall_qr_form_u_full(m, n, qf.data(), p, eye.data(), n, ws, hh);

    using W = wide_t<T>;
    const dense<W> aw = a.template cast<W>();
    const dense<W> qw = to_dense<W>(q);
    const long double scale = static_cast<long double>(aw.norm()) * static_cast<long double>(m) * eps<T>();
    long double recon = static_cast<long double>((aw - qw * to_dense<W>(r)).norm()) / scale;
    long double orth = orthogonality_ratio<T>(to_dense<T>(q));
    if (with_full) {
        recon = std::max(recon, static_cast<long double>((aw - to_dense<W>(qf).leftCols(ix(n)) * to_dense<W>(r)).norm()) / scale);
        orth = std::max(orth, orthogonality_ratio<T>(to_dense<T>(qf)));
    }
    const long double prod = static_cast<long double>((to_dense<W>(qx) - qw * x.template cast<W>()).norm()) /
                             (static_cast<long double>(x.template cast<W>().norm()) * static_cast<long double>(m) * eps<T>());
    const std::vector<long double> sigma = oracle_values<T>(a);
    const std::vector<long double> sigma_r = oracle_values<T>(to_dense<T>(r));
    long double value = 0;
    for (std::size_t i = 0; i < n; ++i)
        value = std::max(value, std::fabs(sigma_r[i] - sigma[i]) / (sigma[0] * static_cast<long double>(m) * eps<T>()));
    INFO(type_name<T>() << " " << shape_label(m, n) << " p = " << p << (zero_block ? " (a zero block)" : "")
                        << " threads = " << threads << ": A − Q·R " << recon << ", orthogonality " << orth
                        << ", Q·X " << prod << ", σ(R) vs σ(A) " << value);
    CHECK(recon <= rounding_allowance);
    CHECK(orth <= orthogonality_bound);
    CHECK(prod <= rounding_allowance);
    CHECK(value <= value_error_bound(m, n));
    const std::string where = "householder.cpp tall_qr " + shape_label(m, n);
    note_ratio("tall_qr", type_name<T>(), "reconstruction", recon, where);
    note_ratio("tall_qr", type_name<T>(), "orthogonality", orth, where);
}

}  // namespace

TEMPLATE_TEST_CASE("tall_qr: QR by row blocks, its R and its Q·X are backward stable", "[householder][qr][tall_qr]",
                   float, double, long double) {
    // The block rule: shape only, powers of two, every block at least 4·p·N rows.
    using svdkit::detail::tall_qr_blocks;
    CHECK(tall_qr_blocks(4000, 200) == 2);
    CHECK(tall_qr_blocks(3199, 200) == 1);
    CHECK(tall_qr_blocks(3200, 200) == 2);
    CHECK(tall_qr_blocks(12799, 200) == 2);
    CHECK(tall_qr_blocks(12800, 200) == 4);
    CHECK(tall_qr_blocks(51200, 200) == 8);
    CHECK(tall_qr_blocks(1000000, 200) == 8);
    CHECK(tall_qr_blocks(100000, svdkit::detail::householder_crossover - 1) == 1);
    // The blocks' first rows cover M exactly, heights differing by at most one.
    for (const std::size_t p : {2u, 3u, 8u}) {
        CHECK(svdkit::detail::tall_qr_row(1001, p, 0) == 0);
        CHECK(svdkit::detail::tall_qr_row(1001, p, p) == 1001);
        for (std::size_t i = 0; i < p; ++i) {
            const std::size_t h = svdkit::detail::tall_qr_row(1001, p, i + 1) - svdkit::detail::tall_qr_row(1001, p, i);
            CHECK((h == 1001 / p || h == 1001 / p + 1));
        }
    }
    // p = 2 and 3 (unequal heights), on 1 and 2 threads; a zero block; p = 4 with blocks of
    // exactly N rows (the smallest a block may have).
    check_tall_qr<TestType>(801, 96, 2, false, 1);
    check_tall_qr<TestType>(801, 96, 3, false, 2);
    check_tall_qr<TestType>(700, 100, 2, true, 2);
    check_tall_qr<TestType>(400, 100, 4, false, 2);
}

TEMPLATE_TEST_CASE("svd of a tall input by row blocks: every job the same σ, U and V orthonormal",
                   "[householder][qr][tall_qr][svd]", float, double) {
    // 1600×96: two row blocks (tall_qr_blocks), so svd() goes through tall_qr for values only,
    // thin and full U alike; the property suite's shapes are below the rule.
    using T = TestType;
    const std::size_t m = 1600, n = 96;
    REQUIRE(svdkit::detail::tall_qr_blocks(m, n) == 2);
    rng_t rng(seed_of(m, n, 47));
    const dense<T> a = gaussian<T>(m, n, rng);
    const svdkit::matrix<T> as = to_svdkit(a);
    const std::vector<T> values = svdkit::singular_values(as);
    const svdkit::svd_result<T> thin = svdkit::svd(as);
    const svdkit::svd_result<T> full = svdkit::svd(as, svdkit::vectors::full);
    CHECK(values == thin.s);  // bit for bit: every job factors the same blocks
    CHECK(values == full.s);
    REQUIRE(full.u.rows() == m);
    REQUIRE(full.u.cols() == m);

    const std::vector<long double> sigma = oracle_values<T>(a);
    const long double value = value_error_ratio(values, sigma, m, n);
    const long double recon = std::max(reconstruction_ratio(a, to_dense<T>(thin.u), thin.s, to_dense<T>(thin.v)),
                                       reconstruction_ratio(a, to_dense<T>(full.u), full.s, to_dense<T>(full.v)));
    const long double orth = std::max(orthogonality_ratio<T>(to_dense<T>(thin.u)), orthogonality_ratio<T>(to_dense<T>(thin.v)));
    // The full U's m×m orthogonality through 8 Gaussian probes X (‖X − Uᵀ·U·X‖_F against ‖X‖_F·ε,
    // in the wide type): a complement column that is not orthonormal moves U·X off, at O(m²)
    // per probe instead of the O(m³) of UᵀU.
    using W = wide_t<T>;
    const dense<W> uw = to_dense<W>(full.u);
    const dense<W> x = gaussian<T>(m, 8, rng).template cast<W>();
    const long double probe = static_cast<long double>((x - uw.transpose() * (uw * x)).norm()) /
                              (static_cast<long double>(x.norm()) * eps<T>());
    INFO(type_name<T>() << " 1600x96: σ vs oracle " << value << ", reconstruction " << recon << ", orthogonality "
                        << orth << ", full U probe " << probe);
    CHECK(value <= value_error_bound(m, n));
    CHECK(recon <= reconstruction_bound(m, n));
    CHECK(orth <= orthogonality_bound);
    CHECK(probe <= orthogonality_bound);
}
