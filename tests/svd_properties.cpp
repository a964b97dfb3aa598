// Tests include/svdkit/svd.hpp: the generic property suite.
//
// One TEMPLATE_TEST_CASE over float, double and long double, with GENERATE over shapes
// (1×1, 1×n, n×1, square 2…200, tall, wide), two kinds of input (Gaussian; a prescribed spectrum)
// the three jobs (thin, full, none) and the four methods (svd_options::method: automatic,
// qr_iteration, divide_and_conquer, jacobi). Every case checks the result's shapes, that s is sorted
// and non-negative, reconstruction, orthogonality of U and V, agreement with an oracle (Eigen in
// a wider type), agreement with the spectrum the input was built from, and that every job gives
// the same s. Eigen's BDCSVD is measured on the same matrices for the report (not asserted; the
// main build only).
// The methods other than automatic run the largest shapes only in double, on Gaussian input with
// thin vectors (long double's and float's are the same code, and the suite runs at several -O
// levels and under sanitizers).
#include <catch2/catch.hpp>

#include <cstddef>  // std::size_t
#include <map>      // std::map
#include <string>   // std::string
#include <tuple>    // std::tuple
#include <type_traits>  // std::is_same
#include <vector>   // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

struct shape {
    std::size_t m, n;
};

/// Every type runs every shape; long double (software-slow x87) runs them too, which stays within
/// the time budget because the largest are 200×200 and 1000×7. (The QR by row blocks of tall
/// inputs, m >= 16·n with n >= 96, is checked at the SVD level in householder.cpp.)
std::vector<shape> property_shapes() {
    return {{1, 1},   {1, 17},   {17, 1},   {2, 2},     {3, 3},   {5, 5},
            {10, 10}, {50, 50},  {200, 200}, {300, 20}, {1000, 7}, {20, 300}};
}

enum class input_kind { gaussian, known_spectrum };

const char* kind_name(input_kind k) {
    return k == input_kind::gaussian ? "gaussian" : "graded 1..1e-5";
}

const char* method_name(svdkit::svd_method m) {
    switch (m) {
        case svdkit::svd_method::automatic: return "automatic";
        case svdkit::svd_method::qr_iteration: return "qr_iteration";
        case svdkit::svd_method::divide_and_conquer: return "divide_and_conquer";
        case svdkit::svd_method::jacobi: return "jacobi";
    }
    return "?";
}

const char* job_name(svdkit::vectors job) {
    switch (job) {
        case svdkit::vectors::thin: return "thin";
        case svdkit::vectors::full: return "full";
        case svdkit::vectors::none: return "none";
    }
    return "?";
}

/// A test input and everything about it that does not depend on the job, computed once per
/// (type, shape, kind) and reused by the three jobs.
template <class T>
struct prepared {
    dense<T> a;
    svdkit::matrix<T> as;                 // the same matrix in svdkit storage
    std::vector<long double> oracle;      // oracle_values(a)
    std::vector<long double> known;       // the σ a was built from (empty for Gaussian input)
};

template <class T>
const prepared<T>& prepare(shape sh, input_kind kind) {
    static std::map<std::tuple<std::size_t, std::size_t, int>, prepared<T>> cache;
    const auto key = std::make_tuple(sh.m, sh.n, static_cast<int>(kind));
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    rng_t rng(seed_of(sh.m, sh.n, static_cast<std::size_t>(kind)));
    prepared<T> p;
    if (kind == input_kind::gaussian) {
        p.a = gaussian<T>(sh.m, sh.n, rng);
    } else {
        auto km = with_singular_values<T>(sh.m, sh.n, spectra::geometric(std::min(sh.m, sh.n), 1.0L, 1e-5L), rng);
        p.a = km.a;
        p.known = km.sigma;
    }
    p.as = to_svdkit(p.a);
    p.oracle = oracle_values(p.a);
    return cache.emplace(key, std::move(p)).first->second;
}

/// The four ratios of one result (0 for the vector ratios of a values-only result).
struct ratios {
    long double value = 0, reconstruction = 0, orthogonality_u = 0, orthogonality_v = 0;
};

template <class T>
ratios measure_all(const prepared<T>& in, const dense_svd<T>& r, bool with_vectors) {
    ratios q;
    q.value = value_error_ratio(r.s, in.oracle, sz(in.a.rows()), sz(in.a.cols()));
    if (!with_vectors) return q;
    q.reconstruction = reconstruction_ratio(in.a, r.u, r.s, r.v);
    q.orthogonality_u = orthogonality_ratio(r.u);
    q.orthogonality_v = orthogonality_ratio(r.v);
    return q;
}

/// Notes the four ratios of one result under `algorithm` for the end-of-run table.
template <class T>
void note_all(const std::string& algorithm, const std::string& where, const ratios& q, bool with_vectors) {
    const std::string type = type_name<T>();
    note_ratio(algorithm, type, "value error vs oracle", q.value, where);
    if (!with_vectors) return;
    note_ratio(algorithm, type, "reconstruction", q.reconstruction, where);
    note_ratio(algorithm, type, "orthogonality U", q.orthogonality_u, where);
    note_ratio(algorithm, type, "orthogonality V", q.orthogonality_v, where);
}

}  // namespace

TEMPLATE_TEST_CASE("svd: properties over shapes x inputs x jobs", "[svd][properties]", float, double,
                   long double) {
    using T = TestType;
    const shape sh = GENERATE(from_range(property_shapes()));
    const input_kind kind = GENERATE(input_kind::gaussian, input_kind::known_spectrum);
    const svdkit::vectors job = GENERATE(svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none);
    const svdkit::svd_method method = GENERATE(svdkit::svd_method::automatic, svdkit::svd_method::qr_iteration,
                                               svdkit::svd_method::divide_and_conquer, svdkit::svd_method::jacobi);
    const std::size_t m = sh.m, n = sh.n, k = std::min(m, n);
    // The other methods on the large shapes: double, Gaussian input, thin vectors only (the jobs
    // and inputs are automatic's code paths around the method; at every -O level and under the
    // sanitizers the full product tripled the suite's time).
    if (method != svdkit::svd_method::automatic && m * n > 5000 &&
        (!std::is_same<T, double>::value || kind != input_kind::gaussian || job != svdkit::vectors::thin))
        return;
    const std::string where = shape_label(m, n) + " " + kind_name(kind) + " " + job_name(job);
    INFO(type_name<T>() << ", " << where << ", method " << method_name(method));

    const prepared<T>& in = prepare<T>(sh, kind);
    svdkit::svd_options opts{job, job};
    opts.method = method;
    opts.fallback = false;  // a method that fails must show here, not hide behind another
    const svdkit::svd_result<T> r = svdkit::svd(in.as, opts);

    // Shapes per job: thin U m×k, V n×k; full U m×m, V n×n; none: both 0×0. s has k entries.
    REQUIRE(r.s.size() == k);
    const std::size_t u_cols = job == svdkit::vectors::thin ? k : (job == svdkit::vectors::full ? m : 0);
    const std::size_t v_cols = job == svdkit::vectors::thin ? k : (job == svdkit::vectors::full ? n : 0);
    const bool with_vectors = job != svdkit::vectors::none;
    REQUIRE(r.u.rows() == (with_vectors ? m : 0));
    REQUIRE(r.u.cols() == u_cols);
    REQUIRE(r.v.rows() == (with_vectors ? n : 0));
    REQUIRE(r.v.cols() == v_cols);

    CHECK(sorted_non_negative(r.s));

    // The ratios are measured once (long-double products: most of the suite's time) and serve
    // both the checks and the report.
    const dense_svd<T> rd = to_dense_svd(r);
    const ratios q = measure_all(in, rd, with_vectors);
    const long double vs_oracle = q.value;
    INFO("value error vs oracle = " << static_cast<double>(vs_oracle) << " (bound " << static_cast<double>(value_error_bound(m, n)) << ")");
    CHECK(vs_oracle <= value_error_bound(m, n));

    if (!in.known.empty()) {
        const long double vs_known = value_error_ratio(r.s, in.known, m, n);
        INFO("value error vs the built spectrum = " << static_cast<double>(vs_known));
        CHECK(vs_known <= known_value_error_bound(m, n));
    }

    // Every job computes the same s: values do not depend on whether vectors are accumulated
    // (bit for bit for automatic, whose values always come from dqds, and for jacobi, which
    // accumulates V_J beside the columns; qr_iteration and divide and conquer compute the values
    // with the vectors, in another order of operations).
    {
        svdkit::svd_options values_opts{svdkit::vectors::none, svdkit::vectors::none};
        values_opts.method = method;
        values_opts.fallback = false;
        const std::vector<T> values_only = method == svdkit::svd_method::automatic ? svdkit::singular_values(in.as)
                                                                                   : svdkit::svd(in.as, values_opts).s;
        const long double between_jobs = value_error_ratio(r.s, std::vector<long double>(values_only.begin(), values_only.end()), m, n);
        INFO("s(" << job_name(job) << ") vs singular_values(): ratio " << static_cast<double>(between_jobs));
        CHECK(between_jobs <= value_error_bound(m, n));
        if (method == svdkit::svd_method::automatic || method == svdkit::svd_method::jacobi)
            CHECK(identical(r.s, values_only));  // the same code path: expected bit for bit
    }

    if (with_vectors) {
        const long double recon = q.reconstruction;
        INFO("reconstruction ratio = " << static_cast<double>(recon) << " (bound " << static_cast<double>(reconstruction_bound(m, n)) << ")");
        CHECK(recon <= reconstruction_bound(m, n));
        const long double orth_u = q.orthogonality_u;
        INFO("orthogonality ratio of U = " << static_cast<double>(orth_u) << " (bound " << static_cast<double>(orthogonality_bound) << ")");
        CHECK(orth_u <= orthogonality_bound);
        const long double orth_v = q.orthogonality_v;
        INFO("orthogonality ratio of V = " << static_cast<double>(orth_v) << " (bound " << static_cast<double>(orthogonality_bound) << ")");
        CHECK(orth_v <= orthogonality_bound);
    }

    if (method == svdkit::svd_method::automatic) {
        note_all<T>("svdkit", where, q, with_vectors);
#ifndef SVDKIT_TEST_NESTED_BUILD
        // Eigen's ratios are for the report of the main build; the nested builds of
        // tests/sanitize/ (whose output is read only when a test fails) link the same
        // uninstrumented Eigen and would only measure it again.
        note_all<T>("Eigen BDCSVD", where, measure_all(in, eigen_bdcsvd(in.a, job), with_vectors), with_vectors);
#endif
    } else {
        note_all<T>(std::string("svdkit ") + method_name(method), where, q, with_vectors);
    }
}
