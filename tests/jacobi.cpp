// Tests include/svdkit/detail/jacobi/ through svd() with svd_method::jacobi.
//
// 1. Relative accuracy on graded matrices: A = B·D and D·B (D = diag(10^(−30·j/(n−1))), B with
//    unit columns (rows) and κ(B) <= 100), B·D tall, and graded Hilbert and Vandermonde
//    matrices. Every σᵢ of jacobi within c·κ(B)·ε relatively of a reference in a wider type
//    (one-sided Jacobi in long double for float and double, in __float128 for long double where
//    the compiler has it);
//    κ(B) is measured, not assumed. automatic is measured on the same inputs and reported next
//    to it (not asserted: its promise is normwise only, and it misses the relative one by many
//    orders of magnitude when D's entries are not in decreasing order).
// 2. The backward-stability contract on every shape (empty, 1×n, n×1, tall, wide, square over
//    several blocks), rank-deficient and zero inputs, the three jobs and the three types.
// 3. The sweep cap hook: no_convergence with fallback = false, a correct result with fallback.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min, std::shuffle, std::sort
#include <cmath>      // std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <iostream>   // std::cout
#include <limits>     // std::numeric_limits
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bidiagonal_reference.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "one_sided_jacobi.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// max relative error / (κ(B)·ε) allowed. Measured worst (g++ 12, -O1 driver, -O3 core): 0.137
/// (long double, B·D shuffled), 0.096 double, 0.074 float; automatic reaches 1e9 (float) to 2e19 (long double)
/// on the shuffled families. The bound leaves ~10× for other seeds and compilers.
constexpr long double jacobi_relative_bound = 1.0L;

/// __float128 where the compiler has it (bidiagonal_reference.hpp's choice), else long double.
using quad = reference_real;

/// √x in __float128: the long double root refined by two Newton steps.
quad quad_sqrt(quad x) {
    if (x <= 0) return 0;
    quad y = static_cast<quad>(std::sqrt(static_cast<long double>(x)));
    for (int k = 0; k < 2; ++k) y = (y + x / y) / 2;
    return y;
}

/// The singular values of a (m >= n) by cyclic one-sided Jacobi in __float128 (the reference
/// for long double; as one_sided_jacobi.hpp, relatively accurate on column-graded input).
std::vector<long double> quad_jacobi_values(const dense<long double>& a) {
    const std::size_t m = sz(a.rows()), n = sz(a.cols());
    std::vector<quad> x(m * n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) x[i + j * m] = a(ix(i), ix(j));
    const quad tol = static_cast<quad>(1e-32L);
    for (int sweep = 0; sweep < 60; ++sweep) {
        bool rotated = false;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                quad al = 0, be = 0, ga = 0;
                for (std::size_t i = 0; i < m; ++i) {
                    al += x[i + p * m] * x[i + p * m];
                    be += x[i + q * m] * x[i + q * m];
                    ga += x[i + p * m] * x[i + q * m];
                }
                if (ga == 0 || (ga < 0 ? -ga : ga) <= tol * quad_sqrt(al) * quad_sqrt(be)) continue;
                rotated = true;
                const quad zeta = (be - al) / (2 * ga);
                const quad t = (zeta >= 0 ? 1 : -1) / ((zeta < 0 ? -zeta : zeta) + quad_sqrt(1 + zeta * zeta));
                const quad c = 1 / quad_sqrt(1 + t * t), s = c * t;
                for (std::size_t i = 0; i < m; ++i) {
                    const quad u = x[i + p * m], v = x[i + q * m];
                    x[i + p * m] = c * u - s * v;
                    x[i + q * m] = s * u + c * v;
                }
            }
        if (!rotated) break;
    }
    std::vector<long double> s(n);
    for (std::size_t j = 0; j < n; ++j) {
        quad nn = 0;
        for (std::size_t i = 0; i < m; ++i) nn += x[i + j * m] * x[i + j * m];
        s[j] = static_cast<long double>(quad_sqrt(nn));
    }
    std::sort(s.begin(), s.end(), [](long double u, long double v) { return u > v; });
    return s;
}

/// Reference values of a column-graded a (m >= n), in a type wider than T; empty when there is
/// none (long double without __float128).
template <class T>
std::vector<long double> reference_values(const dense<T>& a) {
    const dense<long double> w = a.template cast<long double>();
    if (!std::is_same<T, long double>::value) return one_sided_jacobi_values(w);
    if (reference_digits <= std::numeric_limits<long double>::digits) return {};
    return quad_jacobi_values(w);
}

/// κ₂ of a with its columns scaled to unit norm (in long double).
template <class T>
long double equilibrated_condition(const dense<T>& a) {
    dense<long double> b = a.template cast<long double>();
    for (Eigen::Index j = 0; j < b.cols(); ++j) b.col(j) /= b.col(j).norm();
    const std::vector<long double> s = one_sided_jacobi_values(b);
    return s.front() / s.back();
}

/// D = diag(10^(−decades·j/(n−1))).
inline std::vector<long double> grading(std::size_t n, long double decades) {
    std::vector<long double> d(n);
    for (std::size_t j = 0; j < n; ++j)
        d[j] = std::pow(10.0L, -decades * static_cast<long double>(j) / static_cast<long double>(std::max<std::size_t>(n - 1, 1)));
    return d;
}

/// B (m×n, m >= n): κ(B) = kappa before its columns are scaled to unit norm.
template <class T>
dense<long double> well_conditioned(std::size_t m, std::size_t n, long double kappa, rng_t& rng) {
    dense<long double> b = with_singular_values<long double>(m, n, spectra::geometric(n, 1.0L, 1.0L / kappa), rng).a;
    for (Eigen::Index j = 0; j < b.cols(); ++j) b.col(j) /= b.col(j).norm();
    return b;
}

struct graded_case {
    std::string family;
    bool rows;  // graded by rows (D·B): the reference and κ(B) are taken of Aᵀ
};

/// The graded family `family` in T: n×n unless said otherwise.
template <class T>
dense<T> graded_matrix(const std::string& family, std::size_t n, rng_t& rng) {
    dense<long double> a;
    if ((family.compare(0, 3, "B*D") == 0 && family != "B*D tall") || family.compare(0, 3, "D*B") == 0) {
        a = well_conditioned<T>(n, n, 100.0L, rng);
    } else if (family == "B*D tall") {
        a = well_conditioned<T>(3 * n, n, 100.0L, rng);
    } else if (family == "Hilbert*D") {  // n = 5: κ(B) about 1e5
        a = hilbert<long double>(5);
    } else {  // Vandermonde*D: x_i^j with nodes in [1, 2], 6 columns
        a.resize(ix(n), 6);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < 6; ++j)
                a(ix(i), ix(j)) = std::pow(1.0L + static_cast<long double>(i) / static_cast<long double>(n - 1), static_cast<long double>(j));
    }
    std::vector<long double> dd = grading(sz(a.cols()), 30.0L);
    // Shuffled: the same D in a random order, which QR with column pivoting sorts out and
    // Householder bidiagonalization does not.
    if (family.find("shuffled") != std::string::npos) std::shuffle(dd.begin(), dd.end(), rng);
    for (Eigen::Index j = 0; j < a.cols(); ++j) a.col(j) *= dd[sz(j)];
    if (family.compare(0, 3, "D*B") == 0) a.transposeInPlace();
    return a.cast<T>();
}

}  // namespace

TEMPLATE_TEST_CASE("jacobi: every singular value to relative accuracy c*kappa(B)*eps on graded matrices",
                   "[jacobi][graded]", float, double, long double) {
    using T = TestType;
    const std::string family = GENERATE(as<std::string>{}, "B*D", "D*B", "B*D shuffled", "D*B shuffled", "B*D tall",
                                        "Hilbert*D", "Vandermonde*D");
    const bool by_rows = family.compare(0, 3, "D*B") == 0;
    const std::size_t n = 24;
    rng_t rng(seed_of(n, family.size(), 23));
    const dense<T> a = graded_matrix<T>(family, n, rng);
    const dense<T> at = a.transpose();
    const dense<T>& col_graded = by_rows ? at : a;  // the orientation whose columns are graded
    const std::vector<long double> ref = reference_values<T>(col_graded);
    if (ref.empty()) {
        WARN("no type wider than long double here (__float128): graded long double not checked");
        return;
    }
    const long double kappa = equilibrated_condition<T>(col_graded);
    const svdkit::matrix<T> as = to_svdkit(a);

    svdkit::svd_options o;
    o.method = svdkit::svd_method::jacobi;
    o.fallback = false;
    const svdkit::svd_result<T> r = svdkit::svd(as, o);
    const svdkit::svd_result<T> ra = svdkit::svd(as);
    // floor: the smallest σ are ~1e-30·σ₁ (normal in float too); the float Vandermonde and
    // Hilbert values below its normal range are not promised.
    const long double floor = 8 * static_cast<long double>(std::numeric_limits<T>::min());
    const long double rel_j = relative_error_ratio(r.s, ref, floor) / kappa;
    const long double rel_a = relative_error_ratio(ra.s, ref, floor) / kappa;
    note_ratio("jacobi", type_name<T>(), "rel/kappa " + family, rel_j, shape_label(sz(a.rows()), sz(a.cols())));
    note_ratio("automatic", type_name<T>(), "rel/kappa " + family, rel_a, shape_label(sz(a.rows()), sz(a.cols())));
    std::cout << type_name<T>() << " " << family << " kappa(B) = " << static_cast<double>(kappa)
              << ": max rel. error / (kappa(B)*eps): jacobi " << static_cast<double>(rel_j) << ", automatic "
              << static_cast<double>(rel_a) << "\n";
    INFO(family << ", kappa(B) = " << static_cast<double>(kappa) << ", sigma_min/sigma_max = "
                << static_cast<double>(ref.back() / ref.front()));
    CHECK(sorted_non_negative(r.s));
    CHECK(rel_j <= jacobi_relative_bound);
    // The vectors still satisfy the normwise contract.
    const dense_svd<T> rd = to_dense_svd(r);
    CHECK(reconstruction_ratio(a, rd.u, rd.s, rd.v) <= reconstruction_bound(sz(a.rows()), sz(a.cols())));
    CHECK(orthogonality_ratio(rd.u) <= orthogonality_bound);
    CHECK(orthogonality_ratio(rd.v) <= orthogonality_bound);
}

namespace {

struct shape {
    std::size_t m, n;
    const char* input;  // "gauss", "rank 3", "zero"
};

template <class T>
dense<T> shaped_input(const shape& sh, rng_t& rng) {
    const std::string in = sh.input;
    if (in == "zero") return dense<T>::Zero(ix(sh.m), ix(sh.n));
    if (in == "rank 3")
        return with_singular_values<T>(sh.m, sh.n, spectra::rank_deficient(std::min(sh.m, sh.n), 3), rng).a;
    return gaussian<T>(sh.m, sh.n, rng);
}

}  // namespace

TEMPLATE_TEST_CASE("jacobi: backward stability over shapes, inputs and jobs", "[jacobi][properties]", float, double,
                   long double) {
    using T = TestType;
    const shape sh = GENERATE(values<shape>({{0, 0, "gauss"},   {0, 4, "gauss"},    {4, 0, "gauss"},    {1, 1, "gauss"},
                                             {1, 17, "gauss"},  {17, 1, "gauss"},   {2, 2, "gauss"},    {33, 33, "gauss"},
                                             {70, 70, "gauss"}, {150, 40, "gauss"}, {40, 150, "gauss"}, {50, 50, "rank 3"},
                                             {30, 12, "rank 3"}, {12, 30, "rank 3"}, {20, 20, "zero"},  {7, 3, "zero"}}));
    const svdkit::vectors job = GENERATE(svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none);
    const std::size_t m = sh.m, n = sh.n, k = std::min(m, n);
    INFO(type_name<T>() << " " << shape_label(m, n) << " " << sh.input << " job " << static_cast<int>(job));
    rng_t rng(seed_of(m, n, 2323));
    const dense<T> a = shaped_input<T>(sh, rng);
    const svdkit::matrix<T> as = to_svdkit(a);
    svdkit::svd_options o{job, job};
    o.method = svdkit::svd_method::jacobi;
    o.fallback = false;
    const svdkit::svd_result<T> r = svdkit::svd(as, o);

    REQUIRE(r.s.size() == k);
    const bool vec = job != svdkit::vectors::none;
    const std::size_t uc = job == svdkit::vectors::full ? m : (vec ? k : 0);
    const std::size_t vc = job == svdkit::vectors::full ? n : (vec ? k : 0);
    REQUIRE(r.u.rows() == (vec ? m : 0));
    REQUIRE(r.u.cols() == uc);
    REQUIRE(r.v.rows() == (vec ? n : 0));
    REQUIRE(r.v.cols() == vc);
    CHECK(sorted_non_negative(r.s));
    if (k == 0) return;
    const std::vector<long double> oracle = oracle_values(a);
    const long double ve = value_error_ratio(r.s, oracle, m, n);
    INFO("value error vs oracle " << static_cast<double>(ve));
    CHECK(ve <= value_error_bound(m, n));
    if (std::string(sh.input) == "zero") CHECK(r.s.front() == T(0));
    // The values do not depend on the job, bit for bit (V_J is accumulated beside X, not in it).
    svdkit::svd_options none{svdkit::vectors::none, svdkit::vectors::none};
    none.method = svdkit::svd_method::jacobi;
    CHECK(identical(svdkit::svd(as, none).s, r.s));
    const std::string where = shape_label(m, n) + " " + sh.input;
    note_ratio("jacobi", type_name<T>(), "value error vs oracle", ve, where);
    if (!vec) return;
    const dense_svd<T> rd = to_dense_svd(r);
    const long double rec = reconstruction_ratio(a, rd.u, rd.s, rd.v);
    const long double ou = orthogonality_ratio(rd.u), ov = orthogonality_ratio(rd.v);
    INFO("reconstruction " << static_cast<double>(rec) << ", orthogonality U " << static_cast<double>(ou) << ", V "
                           << static_cast<double>(ov));
    CHECK(rec <= reconstruction_bound(m, n));
    CHECK(ou <= orthogonality_bound);
    CHECK(ov <= orthogonality_bound);
    note_ratio("jacobi", type_name<T>(), "reconstruction", rec, where);
    note_ratio("jacobi", type_name<T>(), "orthogonality U", ou, where);
    note_ratio("jacobi", type_name<T>(), "orthogonality V", ov, where);
}

TEMPLATE_TEST_CASE("jacobi: the sweep cap gives no_convergence without fallback, a correct SVD with it",
                   "[jacobi][fallback]", float, double, long double) {
    using T = TestType;
    rng_t rng(seed_of(40, 40, 77));
    const dense<T> a = gaussian<T>(40, 40, rng);
    const svdkit::matrix<T> as = to_svdkit(a);
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> r;
    svdkit::svd_options o;
    o.method = svdkit::svd_method::jacobi;
    o.fallback = false;
    // Uncapped it converges, in a few sweeps.
    svdkit::svd(as, o, r, ws);
    const std::size_t sweeps = svdkit::detail::workspace_access::scratch(ws).jw.sweeps;
    INFO("sweeps uncapped: " << sweeps);
    CHECK(sweeps >= 2);
    CHECK(sweeps <= 12);
    svdkit::detail::workspace_access::scratch(ws).jw.sweep_cap = 1;
    try {
        svdkit::svd(as, o, r, ws);
        FAIL("no exception with one sweep allowed");
    } catch (const svdkit::no_convergence& e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("one-sided Jacobi") != std::string::npos);
        CHECK(what.find("sweeps") != std::string::npos);
    }
    // With fallback, the next method (divide and conquer) gives the SVD.
    o.fallback = true;
    svdkit::svd(as, o, r, ws);
    const dense_svd<T> rd = to_dense_svd(r);
    CHECK(reconstruction_ratio(a, rd.u, rd.s, rd.v) <= reconstruction_bound(40, 40));
    CHECK(orthogonality_ratio(rd.u) <= orthogonality_bound);
    CHECK(value_error_ratio(r.s, oracle_values(a), 40, 40) <= value_error_bound(40, 40));
}
