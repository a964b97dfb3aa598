// Results into caller-provided storage: svd(a, opts, out, ws) and singular_values(a, out, ws).
//
// The contract: the same bits as svd(a, opts); a reused result and workspace serve any sequence
// of shapes; once they have served one shape, another call of that shape allocates nothing; the
// threads option changes no bit (and, on a started pool, allocates nothing either). Allocations
// are counted by replacing the global operator new in this test program (only while a counting
// window is open).
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <random>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include <svdkit/svd.hpp>

namespace {

std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

void* counted_alloc(std::size_t size) {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}

/// Allocations made by f().
template <class F>
std::size_t allocations_in(F&& f) {
    allocations = 0;
    counting = true;
    f();
    counting = false;
    return allocations.load();
}

template <class T>
svdkit::matrix<T> random_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = static_cast<T>(u(rng));
    return a;
}

template <class T>
bool same_bits(const svdkit::svd_result<T>& x, const svdkit::svd_result<T>& y) {
    return x.s == y.s && x.u == y.u && x.v == y.v && x.u.rows() == y.u.rows() && x.u.cols() == y.u.cols() &&
           x.v.rows() == y.v.rows() && x.v.cols() == y.v.cols();
}

}  // namespace

// The whole replaceable set except the aligned forms (nothing here over-aligns), so that every
// block is malloc'd and free'd by this file: leaving the nothrow forms to the runtime made
// AddressSanitizer report Catch2's new(std::nothrow) blocks freed here (alloc-dealloc mismatch).
void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return counted_alloc(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using svdkit::vectors;

// Shapes for every path of the driver: square (blocked and unblocked reduction), tall below and
// above the QR-first crossover, wide (through the transpose), vectors and degenerate sizes.
static const std::vector<std::pair<std::size_t, std::size_t>> shapes = {
    {1, 1}, {1, 7}, {7, 1}, {5, 5}, {40, 30}, {30, 40}, {150, 20}, {20, 150}, {130, 120}, {300, 110}, {0, 4}, {4, 0}};

TEMPLATE_TEST_CASE("svd into caller storage equals svd(), bit for bit, for every shape and job", "[workspace]", float,
                   double, long double) {
    svdkit::svd_workspace<TestType> ws;
    svdkit::svd_result<TestType> out;
    std::vector<TestType> values;
    std::uint64_t seed = 1;
    // One workspace and one result for the whole sequence: shapes grow and shrink, and the
    // jobs change between calls, so leftovers of a previous call must never leak into a result.
    for (const vectors ju : {vectors::thin, vectors::full, vectors::none}) {
        for (const vectors jv : {vectors::thin, vectors::none, vectors::full}) {
            for (const auto& [m, n] : shapes) {
                const svdkit::matrix<TestType> a = random_matrix<TestType>(m, n, seed++);
                const svdkit::svd_options opts{ju, jv};
                const svdkit::svd_result<TestType> expected = svdkit::svd(a, opts);
                svdkit::svd(a, opts, out, ws);
                INFO("m = " << m << ", n = " << n << ", jobs " << int(ju) << "/" << int(jv));
                CHECK(same_bits(out, expected));
                svdkit::singular_values(a.view(), values, ws);
                CHECK(values == expected.s);
            }
        }
    }
    CHECK(ws.capacity_bytes() > 0);
}

TEMPLATE_TEST_CASE("an input that is one of the outputs gives the same bits", "[workspace]", double) {
    // svd(r.u, opts, r, ws): the working copy may be made in U (tall inputs), and a fallback
    // restarts from A, so the driver must read A before it writes the outputs it lives in.
    svdkit::svd_workspace<TestType> ws;
    std::uint64_t seed = 77;
    for (const vectors job : {vectors::thin, vectors::full}) {
        for (const auto& [m, n] : {std::pair<std::size_t, std::size_t>{150, 20}, {20, 150}, {130, 120}}) {
            for (const bool in_u : {true, false}) {
                const svdkit::matrix<TestType> a = random_matrix<TestType>(m, n, seed++);
                const svdkit::svd_options opts{job, job};
                svdkit::svd_result<TestType> out;
                svdkit::matrix<TestType>& holder = in_u ? out.u : out.v;
                holder = a;
                svdkit::svd(holder, opts, out, ws);
                INFO("m = " << m << ", n = " << n << ", job " << int(job) << (in_u ? ", input in u" : ", input in v"));
                CHECK(same_bits(out, svdkit::svd(a, opts)));
            }
        }
    }
}

TEMPLATE_TEST_CASE("a reused workspace and result allocate nothing for a repeated shape", "[workspace]", float,
                   double) {
    // 300×110 goes through the QR-first path, 130×120 and 120×130 through the blocked reduction
    // (n >= 96), 40×30 the unblocked one.
    for (const auto& [m, n] : {std::pair<std::size_t, std::size_t>{300, 110}, {130, 120}, {120, 130}, {40, 30}}) {
        for (const vectors job : {vectors::thin, vectors::full, vectors::none}) {
            const svdkit::matrix<TestType> a = random_matrix<TestType>(m, n, 7);
            const svdkit::matrix<TestType> b = random_matrix<TestType>(m, n, 8);
            svdkit::svd_workspace<TestType> ws;
            svdkit::svd_result<TestType> out;
            svdkit::svd(a, svdkit::svd_options{job, job}, out, ws);
            const std::size_t first = allocations_in([&] { svdkit::svd(a, svdkit::svd_options{job, job}, out, ws); });
            const std::size_t second = allocations_in([&] { svdkit::svd(b, svdkit::svd_options{job, job}, out, ws); });
            INFO("m = " << m << ", n = " << n << ", job " << int(job));
            CHECK(first == 0);
            CHECK(second == 0);
            CHECK(same_bits(out, svdkit::svd(b, svdkit::svd_options{job, job})));
            std::vector<TestType> values;
            svdkit::singular_values(a, values, ws);
            CHECK(allocations_in([&] { svdkit::singular_values(b, values, ws); }) == 0);
        }
    }
    // The counter itself works: a fresh call does allocate.
    const svdkit::matrix<TestType> a = random_matrix<TestType>(50, 40, 9);
    CHECK(allocations_in([&] { (void)svdkit::svd(a); }) > 0);
}

TEMPLATE_TEST_CASE("svd_options::cache_workspace: same bits, and a repeated shape allocates only its result",
                   "[workspace]", float, double) {
    for (const auto& [m, n] : {std::pair<std::size_t, std::size_t>{300, 110}, {130, 120}, {120, 130}}) {
        for (const vectors job : {vectors::thin, vectors::none}) {
            const svdkit::matrix<TestType> a = random_matrix<TestType>(m, n, 10);
            svdkit::svd_options cached{job, job};
            cached.cache_workspace = true;
            const auto plain = svdkit::svd(a, svdkit::svd_options{job, job});
            INFO("m = " << m << ", n = " << n << ", job " << int(job));
            CHECK(same_bits(svdkit::svd(a, cached), plain));
            svdkit::svd_result<TestType> again;
            // u, s and v themselves (s only for values): the scratch comes from the thread's cache.
            CHECK(allocations_in([&] { again = svdkit::svd(a, cached); }) <= (job == vectors::none ? 1u : 3u));
            CHECK(same_bits(again, plain));
            CHECK(allocations_in([&] { (void)svdkit::svd(a, svdkit::svd_options{job, job}); }) > 3);
        }
    }
}

TEMPLATE_TEST_CASE("the threads option changes no bit of the result", "[workspace][threads]", float, double) {
    // Sizes where the products are large enough to be split (the kernel keeps small ones on the
    // calling thread), on the square, QR-first and wide paths.
    for (const auto& [m, n] : {std::pair<std::size_t, std::size_t>{420, 400}, {900, 300}, {300, 700}}) {
        const svdkit::matrix<TestType> a = random_matrix<TestType>(m, n, 11);
        const svdkit::svd_result<TestType> one = svdkit::svd(a, svdkit::svd_options{vectors::thin, vectors::thin, 1});
        svdkit::thread_pool pool(3);  // 3 threads on any machine: threads = 3 and 0 split in 3
        for (const unsigned threads : {2u, 3u, 0u}) {
            svdkit::svd_workspace<TestType> ws;
            svdkit::svd_result<TestType> out;
            svdkit::svd_options o{vectors::thin, vectors::thin, threads};
            o.pool = threads == 2 ? nullptr : &pool;  // 2: the default pool
            svdkit::svd(a, o, out, ws);
            INFO("m = " << m << ", n = " << n << ", threads " << threads);
            CHECK(same_bits(out, one));
            // Handing the tasks to the pool allocates nothing: a reused workspace still allocates nothing.
            if (threads == 0) CHECK(allocations_in([&] { svdkit::svd(a, o, out, ws); }) == 0);
        }
        const svdkit::svd_result<TestType> full2 = svdkit::svd(a, svdkit::svd_options{vectors::full, vectors::full, 2});
        CHECK(same_bits(full2, svdkit::svd(a, vectors::full)));
    }
}

TEST_CASE("a workspace stays usable after a call throws", "[workspace]") {
    svdkit::svd_workspace<double> ws;
    svdkit::svd_result<double> out;
    svdkit::matrix<double> a = random_matrix<double>(60, 50, 3);
    const svdkit::matrix<double> clean = a;
    a(10, 20) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(svdkit::svd(a, svdkit::svd_options{}, out, ws), svdkit::non_finite_input);
    svdkit::svd(clean, svdkit::svd_options{}, out, ws);
    CHECK(same_bits(out, svdkit::svd(clean)));
}
