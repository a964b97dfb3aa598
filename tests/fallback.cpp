// Tests svd()'s fallback chain (issue 23, part 4): when a method reports no_convergence, svd()
// tries the others (divide and conquer → QR iteration → Jacobi, each one not yet tried) and
// throws svdkit::no_convergence, naming every attempt, only when all have failed;
// svd_options::fallback = false throws the first failure.
//
// No input found in practice makes these methods fail, so each failure is forced through the
// workspace's test hooks (svd_scratch: bd.dc_iteration_cap caps divide and conquer's secular
// iterations, bd.qr_step_cap the QR iteration's inner steps, jw.sweep_cap Jacobi's sweeps). What
// each test checks:
//  - the result after a fallback is the next method's own result, bit for bit (so the chain
//    really went there), and is a correct SVD: reconstruction and orthogonality ratios within
//    tests/support/bounds.hpp's bounds, values against the Eigen oracle;
//  - with every method failing, the message names each attempt in order;
//  - fallback = false: the first method's own no_convergence.
#include <catch2/catch.hpp>

#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "oracle.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;
using svdkit::svd_method;
using svdkit::vectors;

namespace {

struct caps {
    std::size_t dc = 0, qr = 0, jacobi = 0;  // 0: the method's own bound
};

/// svd(a, opts) through a workspace whose test hooks are set to `c`.
template <class T>
svdkit::svd_result<T> capped_svd(const svdkit::matrix<T>& a, svdkit::svd_options opts, caps c) {
    svdkit::svd_workspace<T> ws;
    auto& sc = svdkit::detail::workspace_access::scratch(ws);
    sc.bd.dc_iteration_cap = c.dc;
    sc.bd.qr_step_cap = c.qr;
    sc.jw.sweep_cap = c.jacobi;
    svdkit::svd_result<T> out;
    svdkit::svd(a, opts, out, ws);
    return out;
}

template <class T>
bool same_bits(const svdkit::svd_result<T>& x, const svdkit::svd_result<T>& y) {
    return x.s == y.s && x.u.rows() == y.u.rows() && x.u.cols() == y.u.cols() && x.v.rows() == y.v.rows() &&
           x.v.cols() == y.v.cols() && x.u == y.u && x.v == y.v;
}

/// A correct SVD of a: ratios within the suite's bounds, values against Eigen's.
template <class T>
void check_svd(const dense<T>& a, const svdkit::svd_result<T>& r, vectors job, const char* what) {
    const std::size_t m = sz(a.rows()), n = sz(a.cols());
    const std::size_t k = std::min(m, n);
    REQUIRE(r.s.size() == k);
    CHECK(sorted_non_negative(r.s));
    const dense_svd<T> o = eigen_bdcsvd(a, vectors::none);
    std::vector<long double> sigma(o.s.begin(), o.s.end());
    const long double values = value_error_ratio(r.s, sigma, m, n);
    note_ratio("svd (fallback)", type_name<T>(), "values vs Eigen", values, what);
    CHECK(values <= 2 * value_error_bound(m, n));  // two backward-stable results: each within the bound
    if (job == vectors::none) return;
    const std::size_t uc = job == vectors::full ? m : k, vc = job == vectors::full ? n : k;
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == uc);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == vc);
    const dense<T> u = to_dense<T>(r.u.view()), v = to_dense<T>(r.v.view());
    const long double rec = reconstruction_ratio(a, u, r.s, v);
    const long double ou = orthogonality_ratio(u), ov = orthogonality_ratio(v);
    note_ratio("svd (fallback)", type_name<T>(), "reconstruction", rec, what);
    note_ratio("svd (fallback)", type_name<T>(), "orthogonality", std::max(ou, ov), what);
    CHECK(rec <= reconstruction_bound(m, n));
    CHECK(ou <= orthogonality_bound);
    CHECK(ov <= orthogonality_bound);
}

/// Shapes across the driver's paths: divide and conquer (N >= 48), the QR iteration (N < 48),
/// divide and conquer below its crossover (26 <= N < 48), tall with a QR first, and wide.
struct shape {
    std::size_t m, n;
};
const std::vector<shape> shapes{{60, 60}, {130, 50}, {50, 90}, {20, 12}, {12, 30}, {40, 36}};

template <class T>
dense<T> input(shape s) {
    rng_t rng(seed_of(s.m, s.n, 23));
    return gaussian<T>(s.m, s.n, rng);
}

svdkit::svd_options opts_of(vectors job, svd_method m, bool fallback = true) {
    svdkit::svd_options o{job, job};
    o.method = m;
    o.fallback = fallback;
    return o;
}

}  // namespace

TEMPLATE_TEST_CASE("fallback: divide and conquer fails, the QR iteration's result comes back", "[fallback][dc]",
                   float, double, long double) {
    using T = TestType;
    for (const shape sh : shapes) {
        const dense<T> a = input<T>(sh);
        const svdkit::matrix<T> am = to_svdkit(a);
        for (const vectors job : {vectors::thin, vectors::full}) {
            INFO(sh.m << "x" << sh.n << (job == vectors::full ? " full" : " thin"));
            const caps c{1, 0, 0};
            const svdkit::svd_result<T> r = capped_svd(am, opts_of(job, svd_method::divide_and_conquer), c);
            CHECK(same_bits(r, svdkit::svd(am, opts_of(job, svd_method::qr_iteration))));
            check_svd(a, r, job, "divide and conquer -> QR iteration");
            // automatic takes the same way where it picks divide and conquer (N >= 48)
            if (std::min(sh.m, sh.n) >= 48)
                CHECK(same_bits(capped_svd(am, opts_of(job, svd_method::automatic), c), r));
        }
    }
}

TEMPLATE_TEST_CASE("fallback: the QR iteration fails too, Jacobi's result comes back", "[fallback][qr]", float,
                   double, long double) {
    using T = TestType;
    for (const shape sh : shapes) {
        const dense<T> a = input<T>(sh);
        const svdkit::matrix<T> am = to_svdkit(a);
        for (const vectors job : {vectors::thin, vectors::full}) {
            INFO(sh.m << "x" << sh.n << (job == vectors::full ? " full" : " thin"));
            const svdkit::svd_result<T> jacobi = svdkit::svd(am, opts_of(job, svd_method::jacobi));
            // a QR cap of one inner step fails the QR iteration and divide and conquer's leaves
            for (const svd_method m : {svd_method::automatic, svd_method::qr_iteration, svd_method::divide_and_conquer}) {
                const svdkit::svd_result<T> r = capped_svd(am, opts_of(job, m), caps{0, 1, 0});
                CHECK(same_bits(r, jacobi));
            }
            check_svd(a, jacobi, job, "QR iteration -> Jacobi");
        }
    }
}

TEMPLATE_TEST_CASE("fallback: Jacobi fails, the bidiagonal methods' result comes back", "[fallback][jacobi]", float,
                   double, long double) {
    using T = TestType;
    for (const shape sh : shapes) {
        const dense<T> a = input<T>(sh);
        const svdkit::matrix<T> am = to_svdkit(a);
        INFO(sh.m << "x" << sh.n);
        const svdkit::svd_result<T> r = capped_svd(am, opts_of(vectors::thin, svd_method::jacobi), caps{0, 0, 1});
        CHECK(same_bits(r, svdkit::svd(am, opts_of(vectors::thin, svd_method::automatic))));
        check_svd(a, r, vectors::thin, "Jacobi -> automatic");
    }
}

TEMPLATE_TEST_CASE("fallback: values only", "[fallback][values]", float, double, long double) {
    using T = TestType;
    for (const shape sh : shapes) {
        const dense<T> a = input<T>(sh);
        const svdkit::matrix<T> am = to_svdkit(a);
        INFO(sh.m << "x" << sh.n);
        // σ come from dqds for float and double (untouched by the QR cap) and from the QR
        // iteration for long double, which then falls back to Jacobi: correct either way.
        const svdkit::svd_result<T> r = capped_svd(am, opts_of(vectors::none, svd_method::automatic), caps{1, 1, 0});
        check_svd(a, r, vectors::none, "values, QR capped");
        if (std::is_same<T, long double>::value)
            CHECK(r.s == svdkit::svd(am, opts_of(vectors::none, svd_method::jacobi)).s);
        else
            CHECK(r.s == svdkit::singular_values(am));
    }
}

TEMPLATE_TEST_CASE("fallback: every method fails: no_convergence names each attempt", "[fallback][all]", float,
                   double, long double) {
    using T = TestType;
    const caps all{1, 1, 1};
    for (const shape sh : {shape{60, 60}, shape{20, 12}}) {
        const svdkit::matrix<T> am = to_svdkit(input<T>(sh));
        INFO(sh.m << "x" << sh.n);
        try {
            (void)capped_svd(am, opts_of(vectors::thin, svd_method::automatic), all);
            FAIL("no exception");
        } catch (const svdkit::no_convergence& e) {
            const std::string what = e.what();
            INFO(what);
            CHECK(what.rfind("svdkit::svd: no method converged (", 0) == 0);
            // each attempt as "<method>: <its own message>", in the order tried
            const std::size_t qr = what.find("QR iteration: svdkit::bidiagonal_qr: ");
            const std::size_t jac = what.find("; Jacobi: svdkit::svd: one-sided Jacobi did not converge");
            CHECK(qr != std::string::npos);
            CHECK(jac != std::string::npos);
            CHECK(qr < jac);
            const std::size_t dc = what.find("divide and conquer: ");
            if (sh.n >= 48) {  // divide and conquer was tried first (it fails in a leaf's QR iteration)
                CHECK(dc == std::string("svdkit::svd: no method converged (").size());
                CHECK(dc < qr);
            } else {
                CHECK(dc == std::string::npos);
            }
            CHECK(e.total() == std::min(sh.m, sh.n));
        }
    }
}

TEMPLATE_TEST_CASE("fallback: off, the first failure is thrown as it is", "[fallback][off]", float, double,
                   long double) {
    using T = TestType;
    const svdkit::matrix<T> am = to_svdkit(input<T>(shape{60, 60}));
    CHECK_THROWS_WITH(capped_svd(am, opts_of(vectors::thin, svd_method::divide_and_conquer, false), caps{1, 0, 0}),
                      Catch::Contains("secular equation") && !Catch::Contains("no method converged"));
    CHECK_THROWS_WITH(capped_svd(am, opts_of(vectors::thin, svd_method::qr_iteration, false), caps{0, 1, 0}),
                      Catch::StartsWith("svdkit::bidiagonal_qr") && Catch::Contains("did not converge"));
    CHECK_THROWS_WITH(capped_svd(am, opts_of(vectors::thin, svd_method::jacobi, false), caps{0, 0, 1}),
                      Catch::Contains("one-sided Jacobi did not converge after 1 sweeps"));
    // with the hooks off, each method converges alone
    for (const svd_method m : {svd_method::qr_iteration, svd_method::divide_and_conquer, svd_method::jacobi})
        CHECK_NOTHROW(capped_svd(am, opts_of(vectors::thin, m, false), caps{}));
}
