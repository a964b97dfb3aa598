// Issue 8's reliability checks that are not statistics: no input can hang the QR iteration, no
// public entry point writes to the caller's matrix (on success or on any exception), extreme
// shapes, and dimension arithmetic that cannot overflow.
//
// The stress test (stress.cpp), the concurrency test (threads.cpp), the fuzz targets (fuzz/) and
// the allocation-size check of huge shapes (extreme_alloc.cpp) are separate programs.
#include <catch2/catch.hpp>

#include <chrono>     // std::chrono::seconds
#include <cmath>      // std::isfinite
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <cstring>    // std::memcpy
#include <functional> // std::function
#include <future>     // std::packaged_task, std::future
#include <limits>     // std::numeric_limits
#include <memory>     // std::make_shared
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <thread>     // std::thread
#include <utility>    // std::move
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

// ---------------------------------------------------------------------------------------------
// No hang: non-finite data that reaches the bidiagonal QR iteration.
// ---------------------------------------------------------------------------------------------

/// How one bidiagonal_qr call ended: with a step count, or with no_convergence's counts.
struct qr_ending {
    bool converged;
    std::size_t steps, total, converged_values;
};

/// How long one call on a 6×6 may take before it counts as a hang: it takes microseconds (at most
/// 6n² = 216 inner steps), and far less than this under the sanitizers and -O0 builds too.
constexpr std::chrono::seconds hang_deadline{20};

/// Runs the QR iteration on (d, e) with the default 6n² bound, on a thread of its own. It must
/// come back within hang_deadline: either returning, having used at most the bound, or throwing
/// no_convergence (any other exception fails the test). A call that loops forever fails here,
/// naming the case; its thread is left spinning on its own copy of the data until the process
/// (this test case alone, under ctest) exits.
template <class T>
void require_terminates(std::vector<T> d, std::vector<T> e, bool with_vectors) {
    const std::size_t n = d.size();
    auto call = std::make_shared<std::packaged_task<qr_ending()>>([d = std::move(d), e = std::move(e), with_vectors,
                                                                    n]() mutable {
        svdkit::matrix<T> u = svdkit::matrix<T>::identity(n), v = svdkit::matrix<T>::identity(n);
        try {
            const std::size_t steps =
                svdkit::detail::bidiagonal_qr<T>(d, e, with_vectors ? &u : nullptr, with_vectors ? &v : nullptr);
            return qr_ending{true, steps, 0, 0};
        } catch (const svdkit::no_convergence& ex) {
            return qr_ending{false, 0, ex.total(), ex.converged()};
        }
    });
    std::future<qr_ending> ending = call->get_future();
    std::thread worker([call] { (*call)(); });
    if (ending.wait_for(hang_deadline) != std::future_status::ready) {
        worker.detach();
        FAIL("bidiagonal_qr did not come back within " << hang_deadline.count() << " s: it loops");
    }
    worker.join();
    const qr_ending r = ending.get();  // rethrows anything but no_convergence
    if (r.converged) {
        CHECK(r.steps <= svdkit::detail::default_max_inner_steps(n));
    } else {
        CHECK(r.total == n);
        CHECK(r.converged_values <= n);
    }
}

}  // namespace

TEMPLATE_TEST_CASE("no hang: NaN or Inf anywhere in a bidiagonal cannot make the QR iteration loop forever",
                   "[reliability][nohang]", float, double, long double) {
    // Reference-LAPACK issue 1409: with d[0] = NaN (or Inf/Inf) dbdsqr's threshold becomes NaN, no
    // off-diagonal ever compares <= it, and the convergence test that zeroes e and goes round again
    // without counting a step then cycles forever. svdkit's entry points reject non-finite input
    // before the iteration, but the iteration itself must terminate on anything.
    using T = TestType;
    const T nan = std::numeric_limits<T>::quiet_NaN();
    const T inf = std::numeric_limits<T>::infinity();
    const std::size_t n = 6;
    for (const T bad : {nan, inf, -inf}) {
        for (std::size_t pos = 0; pos < 2 * n - 1; ++pos) {
            // The tail variants: a tiny or zero last e makes the cheap convergence test fire.
            for (const T tail : {T(1), T(1e-30), T(0)}) {
                std::vector<T> d(n, T(1)), e(n - 1, T(0.5));
                e[n - 2] = tail;
                if (pos < n)
                    d[pos] = bad;
                else
                    e[pos - n] = bad;
                INFO("bad value " << static_cast<long double>(bad) << " at " << (pos < n ? "d" : "e") << "["
                                  << (pos < n ? pos : pos - n) << "], last e " << static_cast<long double>(tail));
                require_terminates(d, e, false);
                require_terminates(d, e, true);
            }
        }
    }
}

TEST_CASE("no hang: the matrix of Reference-LAPACK issue 1409 is rejected before any iteration",
          "[reliability][nohang]") {
    // The 3×3 that made dgesdd hang: one Inf among ones.
    const double inf = std::numeric_limits<double>::infinity();
    const svdkit::matrix<double> a{{inf, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    for (const svdkit::vectors job : {svdkit::vectors::full, svdkit::vectors::thin, svdkit::vectors::none}) {
        try {
            (void)svdkit::svd(a, job);
            FAIL("svd accepted an infinite entry");
        } catch (const svdkit::non_finite_input& ex) {
            CHECK(ex.row() == 0);
            CHECK(ex.col() == 0);
        }
    }
    CHECK_THROWS_AS(svdkit::bidiagonal_singular_values<double>({inf, 1, 1}, {1, 1}), svdkit::non_finite_input);
}

// ---------------------------------------------------------------------------------------------
// Inputs untouched.
// ---------------------------------------------------------------------------------------------

namespace {

/// A checksum of every bit that carries a value (long double's padding bytes excluded), in order.
template <class T>
std::uint64_t checksum(const std::vector<T>& buf) {
    constexpr std::size_t bytes = std::numeric_limits<T>::digits == 64 ? 10 : sizeof(T);  // x87: 10 value bytes
    std::uint64_t h = 0xcbf29ce484222325ULL;                                            // FNV-1a
    for (const T& x : buf) {
        unsigned char raw[sizeof(T)];
        std::memcpy(raw, &x, sizeof(T));
        for (std::size_t b = 0; b < bytes; ++b) {
            h ^= raw[b];
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

/// Calls f on a view of part of `buf` and checks that every element of the whole buffer (inside
/// the view and around it) has the same bits afterwards, whether f returned or threw. Returns
/// what f threw, as a string ("" when it returned).
template <class T>
std::string call_and_check_untouched(std::vector<T>& buf, const std::function<void()>& f) {
    const std::uint64_t before = checksum(buf);
    const std::vector<T> copy = buf;
    std::string thrown;
    try {
        f();
    } catch (const std::exception& ex) {
        thrown = ex.what();
        if (thrown.empty()) thrown = "(empty what())";
    }
    CHECK(checksum(buf) == before);
    CHECK(identical(buf, copy));
    return thrown;
}

/// Every public entry point that reads a matrix, called through `a` (a mutable view: nothing stops
/// the library from writing through it except its contract). `expect_throw`: the input is
/// non-finite, so every call must throw (and still leave the buffer alone).
template <class T>
void every_entry_point(std::vector<T>& buf, svdkit::matrix_view<T> a, bool expect_throw, const std::string& label) {
    const std::size_t m = a.rows(), n = a.cols(), k = std::min(m, n);
    std::vector<std::pair<std::string, std::function<void()>>> calls;
    for (const svdkit::vectors job : {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none})
        calls.push_back({"svd job " + std::to_string(static_cast<int>(job)), [=] { (void)svdkit::svd(a, job); }});
    calls.push_back({"svd options {none, full}",
                     [=] { (void)svdkit::svd(a, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::full}); }});
    calls.push_back({"singular_values", [=] { (void)svdkit::singular_values(a); }});
    calls.push_back({"truncated_svd", [=] { (void)svdkit::truncated_svd(a, k / 2); }});
    calls.push_back({"low_rank", [=] { (void)svdkit::low_rank(a, k / 2); }});
    calls.push_back({"low_rank_for_error", [=] { (void)svdkit::low_rank_for_error(a, T(0.1)); }});
    calls.push_back({"randomized_svd", [=] {
                         svdkit::randomized_options o;
                         o.seed = 7;
                         (void)svdkit::randomized_svd(a, k / 2, o);
                     }});
    calls.push_back({"rank", [=] { (void)svdkit::rank(a); }});
    calls.push_back({"pinv", [=] { (void)svdkit::pinv(a); }});
    calls.push_back({"null_space", [=] { (void)svdkit::null_space(a); }});
    calls.push_back({"range", [=] { (void)svdkit::range(a); }});
    calls.push_back({"cond", [=] { (void)svdkit::cond(a); }});
    calls.push_back({"norm2", [=] { (void)svdkit::norm2(a); }});
    calls.push_back({"lstsq vector", [=] {
                         const std::vector<T> b(m, T(1));
                         (void)svdkit::lstsq(a, b);
                     }});
    calls.push_back({"lstsq matrix", [=] {
                         const svdkit::matrix<T> b(m, 2, T(1));
                         (void)svdkit::lstsq(a, b);
                     }});
    calls.push_back({"svd_solver", [=] {
                         svdkit::svd_solver<T> s(a);
                         (void)s.solve(std::vector<T>(m, T(1)));
                     }});
    calls.push_back({"pca fit", [=] {
                         svdkit::pca<T> p;
                         p.fit(a);
                     }});
    calls.push_back({"pca fit_transform, transform, inverse_transform", [=] {
                         svdkit::pca<T> p(std::size_t{1});
                         const svdkit::matrix<T> z = p.fit_transform(a);
                         (void)p.transform(a);
                         (void)p.inverse_transform(z);
                     }});
    calls.push_back({"pca randomized", [=] {
                         svdkit::pca_options o;
                         o.solver = svdkit::pca_solver::randomized;
                         o.randomized.seed = 3;
                         svdkit::pca<T> p(std::size_t{1}, o);
                         p.fit(a);
                     }});
    // Bad arguments on top of the data: these throw std::invalid_argument on any input.
    calls.push_back({"truncated_svd k too large", [=] { (void)svdkit::truncated_svd(a, k + 1); }});
    calls.push_back({"randomized_svd negative k", [=] { (void)svdkit::randomized_svd(a, -1); }});
    calls.push_back({"lstsq wrong b size", [=] { (void)svdkit::lstsq(a, std::vector<T>(m + 1, T(1))); }});
    for (const auto& call : calls) {
        INFO(label << ": " << call.first);
        const std::string thrown = call_and_check_untouched(buf, call.second);
        INFO("threw: " << thrown);
        const bool bad_argument = call.first.find("too large") != std::string::npos ||
                                  call.first.find("negative") != std::string::npos ||
                                  call.first.find("wrong") != std::string::npos;
        if (expect_throw || bad_argument) CHECK(!thrown.empty());
        // pca needs 2 samples; everything else accepts any finite input of these shapes.
        if (!expect_throw && !bad_argument && !(call.first.rfind("pca", 0) == 0 && m < 2)) CHECK(thrown.empty());
    }
}

}  // namespace

TEMPLATE_TEST_CASE("inputs untouched: no entry point writes to the caller's buffer, on success or exception",
                   "[reliability][untouched]", float, double, long double) {
    using T = TestType;
    rng_t rng(8);
    for (const auto& shape : std::vector<std::pair<std::size_t, std::size_t>>{{7, 4}, {4, 7}, {5, 5}, {1, 6}, {30, 3}}) {
        const std::size_t m = shape.first, n = shape.second;
        // A buffer bigger than the matrix, so a write just outside the view is caught too: the
        // view is the m×n block at (1, 2) of a (m+3)×(n+4) column-major buffer.
        const std::size_t ld = m + 3;
        std::vector<T> buf(ld * (n + 4));
        const dense<T> g = gaussian<T>(ld, n + 4, rng);
        for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = g.data()[i];
        svdkit::matrix_view<T> whole(buf.data(), ld, n + 4);
        const svdkit::matrix_view<T> block = whole.block(1, 2, m, n);
        every_entry_point(buf, block, false, "finite " + shape_label(m, n) + " block");
        // The same memory as a row-major n×m matrix (the transpose view).
        every_entry_point(buf, block.transpose(), false, "finite transposed " + shape_label(n, m));

        // Non-finite entries inside the view: every call throws and the buffer is unchanged.
        for (const T bad : {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity()}) {
            const T saved = block(m - 1, 0);
            block(m - 1, 0) = bad;
            every_entry_point(buf, block, true, "non-finite " + shape_label(m, n) + " block");
            block(m - 1, 0) = saved;
        }
    }
    // An owning matrix, passed as const matrix<T>& to the overloads that take one.
    svdkit::matrix<T> a = to_svdkit(gaussian<T>(6, 4, rng));
    std::vector<T> as_vector(a.data(), a.data() + a.size());
    const svdkit::matrix<T> before = a;
    (void)svdkit::svd(a);
    (void)svdkit::singular_values(a);
    (void)svdkit::truncated_svd(a, 2);
    (void)svdkit::low_rank(a, 2);
    (void)svdkit::randomized_svd(a, 2);
    (void)svdkit::pinv(a);
    (void)svdkit::lstsq(a, std::vector<T>(6, T(1)));
    svdkit::pca<T>(std::size_t{2}).fit(a);
    CHECK(identical(a, before));
}

// ---------------------------------------------------------------------------------------------
// Extreme shapes.
// ---------------------------------------------------------------------------------------------

namespace {

template <class T>
void check_extreme(std::size_t m, std::size_t n, std::uint64_t seed) {
    rng_t rng(seed);
    const dense<T> a = gaussian<T>(m, n, rng);
    const svdkit::matrix<T> as = to_svdkit(a);
    const std::size_t k = std::min(m, n);
    const std::string where = shape_label(m, n);
    INFO(type_name<T>() << " " << where);

    const svdkit::svd_result<T> r = svdkit::svd(as);
    REQUIRE(r.s.size() == k);
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    CHECK(sorted_non_negative(r.s));
    const dense_svd<T> rd = to_dense_svd(r);
    const long double recon = reconstruction_ratio(a, rd.u, rd.s, rd.v);
    const long double orth_u = orthogonality_ratio(rd.u);
    const long double orth_v = orthogonality_ratio(rd.v);
    // The suite's orthogonality ratio divides by the number of columns c, LAPACK's dort01 by the
    // column length L (rounding in products of length L can grow with L: Higham, ASNA §19.3).
    // svdkit's reflector products keep eight partial sums (detail::dot) and its norms are
    // pairwise, so even for 20000×3 the suite's c-normalised bound holds: both are checked.
    const long double orth_u_rows = orth_u * static_cast<long double>(r.u.cols()) / static_cast<long double>(m);
    const long double orth_v_rows = orth_v * static_cast<long double>(r.v.cols()) / static_cast<long double>(n);
    const long double values = value_error_ratio(r.s, oracle_values(a), m, n);
    INFO("reconstruction " << static_cast<double>(recon) << ", orthogonality U " << static_cast<double>(orth_u)
                           << " (per row " << static_cast<double>(orth_u_rows) << "), V " << static_cast<double>(orth_v)
                           << " (per row " << static_cast<double>(orth_v_rows) << "), values vs oracle "
                           << static_cast<double>(values));
    CHECK(recon <= reconstruction_bound(m, n));
    CHECK(orth_u_rows <= orthogonality_bound);
    CHECK(orth_v_rows <= orthogonality_bound);
    CHECK(orth_u <= orthogonality_bound);
    CHECK(orth_v <= orthogonality_bound);
    CHECK(values <= value_error_bound(m, n));
    CHECK(identical(svdkit::singular_values(as), r.s));
    note_ratio("svdkit", type_name<T>(), "extreme: reconstruction", recon, where);
    note_ratio("svdkit", type_name<T>(), "extreme: orthogonality / c", std::max(orth_u, orth_v), where);
    note_ratio("svdkit", type_name<T>(), "extreme: orthogonality / rows", std::max(orth_u_rows, orth_v_rows), where);
    note_ratio("svdkit", type_name<T>(), "extreme: value error", values, where);
}

}  // namespace

TEMPLATE_TEST_CASE("extreme shapes: 1x100000, 100000x1, 20000x3 and 3x20000 meet every bound",
                   "[reliability][extreme]", float, double) {
    using T = TestType;
    check_extreme<T>(1, 100000, 1);
    check_extreme<T>(100000, 1, 2);
    check_extreme<T>(20000, 3, 3);
    check_extreme<T>(3, 20000, 4);
}

// ---------------------------------------------------------------------------------------------
// Dimension arithmetic.
// ---------------------------------------------------------------------------------------------

TEST_CASE("dimensions: an m*n that overflows is refused with std::invalid_argument before any allocation",
          "[reliability][dims]") {
    using Catch::Matchers::Contains;
    const std::size_t big = std::size_t{1} << 32;  // big·big = 2^64: wraps to 0 in std::size_t
    CHECK_THROWS_AS(svdkit::matrix<double>(big, big), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<double>(big, big), Contains("4294967296"));
    CHECK_THROWS_AS(svdkit::matrix<float>(big, big, 1.0f), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<float>(big, big, 1.0f), Contains("overflows"));
    // 2^31 × 2^31 = 2^62 elements fits in std::size_t, but 2^62 doubles are 2^65 bytes.
    const std::size_t half = std::size_t{1} << 31;
    CHECK_THROWS_AS(svdkit::matrix<double>(half, half), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<double>(half, half), Contains("2147483648"));
    CHECK_THROWS_AS(svdkit::matrix<long double>(half, half), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix<long double>(half, half), Contains("overflows"));
    svdkit::matrix<double> small(2, 2);
    CHECK_THROWS_AS(small.resize(big, big), std::invalid_argument);
    CHECK_THROWS_WITH(small.resize(big, big), Contains("overflows"));
    CHECK(small.rows() == 2);  // a refused resize leaves the matrix as it was
    CHECK(small.cols() == 2);
    double x = 0;
    CHECK_THROWS_AS(svdkit::matrix_view<double>(&x, big, big), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<double>(&x, big, big), Contains("overflows"));
    // A strided view may repeat elements (zero strides), but its size() must still be exact:
    // 2^33 × 2^33 would wrap to 0, and copying it into a matrix would then write past a 0-element
    // allocation.
    CHECK_THROWS_AS(svdkit::matrix_view<const double>(&x, big * 2, big * 2, 0, 0), std::invalid_argument);
    CHECK_THROWS_WITH(svdkit::matrix_view<const double>(&x, big * 2, big * 2, 0, 0), Contains("overflows"));
    std::vector<double> buf(4, 1.0);
    CHECK_THROWS_AS((void)svdkit::make_view(buf, big, big), std::invalid_argument);
    CHECK_THROWS_WITH((void)svdkit::make_view(buf, big, big), Contains("overflows"));
    // A product that wraps to the buffer size must not be accepted: 2^62 · 4 ≡ 0 (mod 2^64).
    std::vector<double> empty;
    CHECK_THROWS_AS((void)svdkit::make_view(empty, std::size_t{1} << 62, 4), std::invalid_argument);
    CHECK_THROWS_WITH((void)svdkit::make_view(empty, std::size_t{1} << 62, 4), Contains("overflows"));
}

TEST_CASE("dimensions: a view whose m*n exceeds 32-bit int is indexed in 64-bit arithmetic", "[reliability][dims]") {
    // 65537 × 65536 = 2^32 + 65536 elements: a view over a real buffer of that size would need 32 GiB,
    // so use strides that fold the index space back onto a small buffer: element (i, j) sits at
    // i·1 + j·(−1) + base, which stays in [0, 2·65537) while the products i·stride reach 2^32.
    const std::size_t m = 65537, n = 65536;
    std::vector<double> buf(2 * m + 1);
    for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<double>(i);
    const double* base = buf.data() + m;
    const svdkit::matrix_view<const double> v(base, m, n, 1, -1);
    CHECK(v.size() == m * n);
    CHECK(v.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) * 2);
    CHECK(v(m - 1, n - 1) == static_cast<double>(m + (m - 1) - (n - 1)));
    CHECK(v.at(m - 1, 0) == static_cast<double>(m + m - 1));
    const auto b = v.block(m - 2, n - 3, 2, 3);
    CHECK(b(1, 2) == v(m - 1, n - 1));
    CHECK(v.transpose()(n - 1, m - 1) == v(m - 1, n - 1));
    CHECK_THROWS_AS(v.at(m, 0), std::out_of_range);
}
