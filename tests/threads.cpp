// Issue 8's thread-safety test: svdkit keeps no mutable global or static state, so many calls
// running at once on std::threads must each give exactly the single-threaded result, bit for bit.
//
// Each worker runs the whole list of jobs (svd thin/full/none, singular_values, truncated_svd,
// randomized_svd and pca with fixed seeds, lstsq) on shared read-only inputs, in an order of its
// own, several times, and keeps every result; the main thread compares them with the reference
// computed before any thread started. Catch2's assertions are not thread-safe, so the workers do
// not assert: they only compute. The same program runs under ThreadSanitizer in the
// sanitize.thread test (tests/sanitize/), which reports any data race the comparison could miss.
//
// Issue 20's thread pool (svdkit/thread_pool.hpp) is tested here too, for the same reason: its
// lifecycle, parallel_for (every index once, exceptions, nested calls inline, no deadlock when
// several callers share it), svd() with threads = 2, 3, 0 on the default pool and on a user pool
// from 4 user threads at once (the serial bits), svd() inside a pool task, and the complex
// product kernel on a shared pool. The two-stage reduction's parallel parts (stage 1's row-split
// updates, stage 2's pipelined sweeps) give the serial bits too, alone and from singular values
// with threads = 2, 3 from 4 user threads sharing one pool.
#include <catch2/catch.hpp>

#include <atomic>              // std::atomic
#include <chrono>              // std::chrono::seconds
#include <complex>             // std::complex
#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <cstdint>             // std::uint64_t
#include <cstring>             // std::memcmp
#include <exception>           // std::exception_ptr, std::current_exception
#include <functional>          // std::function
#include <mutex>               // std::mutex
#include <random>              // std::normal_distribution
#include <stdexcept>           // std::runtime_error
#include <string>              // std::string
#include <thread>              // std::thread
#include <tuple>               // std::make_tuple, std::get
#include <vector>              // std::vector

#include <svdkit/svdkit.hpp>

#include "dense.hpp"
#include "generators.hpp"

using namespace svdkit_test;

namespace {

// sanitize.thread builds this file with -fsanitize=thread (g++ defines __SANITIZE_THREAD__;
// clang++ has __has_feature(thread_sanitizer)).
#if defined(__SANITIZE_THREAD__)
constexpr bool under_thread_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool under_thread_sanitizer = true;
#else
constexpr bool under_thread_sanitizer = false;
#endif
#else
constexpr bool under_thread_sanitizer = false;
#endif

/// Everything a job produces, flattened: matrices and vectors as (shape, values) so that one
/// identical() comparison covers any entry point.
template <class T>
struct outcome {
    std::vector<svdkit::matrix<T>> matrices;
    std::vector<std::vector<T>> vectors;
    std::string error;  // what() of an exception, if the job threw
};

template <class T>
bool same(const outcome<T>& a, const outcome<T>& b) {
    if (a.error != b.error || a.matrices.size() != b.matrices.size() || a.vectors.size() != b.vectors.size())
        return false;
    for (std::size_t i = 0; i < a.matrices.size(); ++i)
        if (!identical(a.matrices[i], b.matrices[i])) return false;
    for (std::size_t i = 0; i < a.vectors.size(); ++i)
        if (!identical(a.vectors[i], b.vectors[i])) return false;
    return true;
}

template <class T>
struct job {
    std::string name;
    std::function<outcome<T>()> run;
};

template <class T>
outcome<T> from_svd(const svdkit::svd_result<T>& r) {
    return {{r.u, r.v}, {r.s}, {}};
}

/// The jobs, over inputs the caller keeps alive and never modifies.
template <class T>
std::vector<job<T>> make_jobs(const std::vector<svdkit::matrix<T>>& inputs) {
    std::vector<job<T>> jobs;
    for (std::size_t idx = 0; idx < inputs.size(); ++idx) {
        const svdkit::matrix<T>* a = &inputs[idx];
        const std::string tag = shape_label(a->rows(), a->cols()) + " ";
        const std::size_t k = std::min(a->rows(), a->cols());
        jobs.push_back({tag + "svd thin", [a] { return from_svd(svdkit::svd(*a)); }});
        jobs.push_back({tag + "svd full", [a] { return from_svd(svdkit::svd(*a, svdkit::vectors::full)); }});
        jobs.push_back({tag + "singular_values", [a] { return outcome<T>{{}, {svdkit::singular_values(*a)}, {}}; }});
        jobs.push_back({tag + "svd of a row-major view", [a] {
                            const svdkit::matrix<T> t = a->transpose();  // t's storage is a row-major a
                            svdkit::matrix_view<const T> v(t.data(), a->rows(), a->cols(), svdkit::layout::row_major);
                            return from_svd(svdkit::svd(v));
                        }});
        jobs.push_back({tag + "truncated_svd", [a, k] { return from_svd(svdkit::truncated_svd(*a, k / 2)); }});
        jobs.push_back({tag + "randomized_svd seed 11", [a, k] {
                            svdkit::randomized_options o;
                            o.seed = 11;
                            return from_svd(svdkit::randomized_svd(*a, k / 3 + 1, o));
                        }});
        jobs.push_back({tag + "lstsq", [a] {
                            std::vector<T> b(a->rows());
                            for (std::size_t i = 0; i < b.size(); ++i) b[i] = T(1) / static_cast<T>(i + 1);
                            const auto r = svdkit::lstsq(*a, b);
                            return outcome<T>{{}, {r.x}, {}};
                        }});
        for (const svdkit::pca_solver solver : {svdkit::pca_solver::full, svdkit::pca_solver::randomized}) {
            jobs.push_back({tag + (solver == svdkit::pca_solver::full ? "pca full" : "pca randomized seed 5"),
                            [a, k, solver] {
                                svdkit::pca_options o;
                                o.solver = solver;
                                o.randomized.seed = 5;
                                svdkit::pca<T> p(k / 2 + 1, o);
                                const svdkit::matrix<T> z = p.fit_transform(*a);
                                return outcome<T>{{z, p.components()},
                                                  {p.explained_variance(), p.singular_values(), p.mean()},
                                                  {}};
                            }});
        }
        // The error path runs concurrently too: the same exception text every time.
        jobs.push_back({tag + "k out of range", [a, k] {
                            outcome<T> o;
                            try {
                                (void)svdkit::truncated_svd(*a, k + 1);
                            } catch (const std::exception& ex) {
                                o.error = ex.what();
                            }
                            return o;
                        }});
    }
    return jobs;
}

template <class T>
void run_concurrently(std::size_t n_threads, std::size_t rounds) {
    rng_t rng(20240808);
    std::vector<svdkit::matrix<T>> inputs;
    // Square, tall enough for the QR-first path, wide (transposed internally), and one large
    // enough for the blocked kernels' multi-block paths.
    for (const auto& shape : std::vector<std::pair<std::size_t, std::size_t>>{{40, 40}, {150, 20}, {25, 90}, {160, 130}})
        inputs.push_back(to_svdkit(gaussian<T>(shape.first, shape.second, rng)));
    const std::vector<job<T>> jobs = make_jobs(inputs);

    std::vector<outcome<T>> reference;
    for (const auto& j : jobs) reference.push_back(j.run());

    // results[t][r][j]: thread t, round r, job j (each thread starts at a different job).
    std::vector<std::vector<std::vector<outcome<T>>>> results(n_threads);
    std::vector<std::exception_ptr> failures(n_threads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < n_threads; ++t) {
        threads.emplace_back([&, t] {
            try {
                results[t].assign(rounds, std::vector<outcome<T>>(jobs.size()));
                for (std::size_t r = 0; r < rounds; ++r)
                    for (std::size_t i = 0; i < jobs.size(); ++i) {
                        const std::size_t j = (i + t * 7 + r * 3) % jobs.size();
                        results[t][r][j] = jobs[j].run();
                    }
            } catch (...) {
                failures[t] = std::current_exception();
            }
        });
    }
    for (auto& th : threads) th.join();

    std::size_t compared = 0;
    for (std::size_t t = 0; t < n_threads; ++t) {
        INFO("thread " << t);
        REQUIRE_FALSE(failures[t]);
        for (std::size_t r = 0; r < rounds; ++r)
            for (std::size_t j = 0; j < jobs.size(); ++j) {
                INFO("round " << r << ", job " << jobs[j].name);
                CHECK(same(results[t][r][j], reference[j]));
                ++compared;
            }
    }
    CHECK(compared == n_threads * rounds * jobs.size());
}

}  // namespace

TEMPLATE_TEST_CASE("threads: concurrent calls give the single-threaded result bit for bit", "[threads]", float,
                   double) {
    // 6 threads on a 2-core machine: more threads than cores, so the calls really interleave.
    // Two rounds (each thread calls every job twice, the second time after other threads' calls)
    // except under ThreadSanitizer, where one round already runs every job on 6 threads at once
    // and a second cost 35 s of CI (issue 17).
    run_concurrently<TestType>(6, under_thread_sanitizer ? 1 : 2);
}

// ---- issue 20: the thread pool ----

namespace {

/// Runs f(t) on n user threads at once and rethrows the first exception any of them threw.
template <class F>
void on_user_threads(std::size_t n, F f) {
    std::vector<std::exception_ptr> failures(n);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < n; ++t)
        threads.emplace_back([&, t] {
            try {
                f(t);
            } catch (...) {
                failures[t] = std::current_exception();
            }
        });
    for (auto& th : threads) th.join();
    for (const auto& e : failures)
        if (e) std::rethrow_exception(e);
}

/// How often parallel_for(n) called each index.
std::vector<int> index_counts(svdkit::thread_pool& pool, std::size_t n) {
    std::vector<std::atomic<int>> hits(n);
    for (auto& h : hits) h = 0;
    pool.parallel_for(n, [&](std::size_t i) { hits[i].fetch_add(1); });
    std::vector<int> counts;
    for (const auto& h : hits) counts.push_back(h.load());
    return counts;
}

svdkit::svd_options options(unsigned threads, svdkit::thread_pool* pool, svdkit::vectors job = svdkit::vectors::thin) {
    svdkit::svd_options o{job, job, threads};
    o.pool = pool;
    return o;
}

}  // namespace

TEST_CASE("thread_pool: lifecycle and size", "[threads][pool]") {
    const unsigned hardware = std::thread::hardware_concurrency();
    CHECK(svdkit::thread_pool(0).size() == (hardware == 0 ? 1u : hardware));
    for (const unsigned n : {1u, 2u, 4u}) {
        for (int round = 0; round < 5; ++round) {  // started and joined again and again, used or not
            svdkit::thread_pool pool(n);
            CHECK(pool.size() == n);
            if (round % 2 == 0) CHECK(index_counts(pool, 10) == std::vector<int>(10, 1));
        }
    }
    // One default pool for the whole process, with a thread per hardware thread.
    CHECK(&svdkit::default_thread_pool() == &svdkit::default_thread_pool());
    CHECK(svdkit::default_thread_pool().size() == svdkit::thread_pool(0).size());
    // How svd_options' (threads, pool) resolve: 1 leaves the pool alone, 0 and counts above the
    // size become the size.
    svdkit::thread_pool four(4);
    svdkit::thread_pool* p = nullptr;
    CHECK(svdkit::detail::resolve_threads(1, p) == 1);
    CHECK(p == nullptr);
    CHECK(svdkit::detail::resolve_threads(0, p) == svdkit::default_thread_pool().size());
    CHECK(p == &svdkit::default_thread_pool());
    p = &four;
    CHECK(svdkit::detail::resolve_threads(0, p) == 4);
    CHECK(svdkit::detail::resolve_threads(3, p) == 3);
    CHECK(svdkit::detail::resolve_threads(9, p) == 4);
    CHECK(p == &four);
}

TEST_CASE("thread_pool: parallel_for runs every index exactly once, on the workers too", "[threads][pool]") {
    for (const unsigned size : {1u, 2u, 3u}) {
        svdkit::thread_pool pool(size);
        for (const std::size_t n : std::vector<std::size_t>{0, 1, 2, 3, 7, 64, 1000}) {
            INFO("pool of " << size << ", n = " << n);
            CHECK(index_counts(pool, n) == std::vector<int>(n, 1));
        }
    }
    // The caller takes index 0 and waits there until another thread has started index 1: only a
    // worker can, so this passes only when the workers take part (bounded wait: a failure, not a hang).
    svdkit::thread_pool pool(2);
    std::mutex m;
    std::condition_variable cv;
    bool second_started = false;
    std::thread::id ids[2];
    pool.parallel_for(2, [&](std::size_t i) {
        ids[i] = std::this_thread::get_id();
        std::unique_lock<std::mutex> lock(m);
        if (i == 1) {
            second_started = true;
            cv.notify_all();
        } else {
            cv.wait_for(lock, std::chrono::seconds(60), [&] { return second_started; });
        }
    });
    CHECK(second_started);
    CHECK(ids[0] != ids[1]);
    // Four user threads share the pool, each with many jobs: all complete, every index once.
    std::vector<std::vector<int>> counts(4);
    on_user_threads(4, [&](std::size_t t) {
        for (int r = 0; r < 50; ++r) counts[t] = index_counts(pool, 5 + t);
    });
    for (std::size_t t = 0; t < 4; ++t) CHECK(counts[t] == std::vector<int>(5 + t, 1));
}

TEST_CASE("thread_pool: an exception in a task reaches the caller, and the pool stays usable", "[threads][pool]") {
    for (const unsigned size : {1u, 3u}) {
        svdkit::thread_pool pool(size);
        std::vector<std::atomic<int>> hits(100);
        for (auto& h : hits) h = 0;
        INFO("pool of " << size);
        CHECK_THROWS_WITH(pool.parallel_for(100,
                                            [&](std::size_t i) {
                                                hits[i].fetch_add(1);
                                                if (i == 37) throw std::runtime_error("task 37");
                                            }),
                          "task 37");
        CHECK(hits[37].load() == 1);
        for (const auto& h : hits) CHECK(h.load() <= 1);  // skipped or run once, never twice
        CHECK(index_counts(pool, 20) == std::vector<int>(20, 1));
    }
}

TEST_CASE("thread_pool: a parallel_for inside a task runs inline", "[threads][pool]") {
    svdkit::thread_pool pool(3);
    std::vector<std::atomic<int>> hits(4 * 5);
    for (auto& h : hits) h = 0;
    std::atomic<int> elsewhere{0};
    pool.parallel_for(4, [&](std::size_t i) {
        const std::thread::id outer = std::this_thread::get_id();
        pool.parallel_for(5, [&](std::size_t j) {
            hits[i * 5 + j].fetch_add(1);
            if (std::this_thread::get_id() != outer) elsewhere.fetch_add(1);
        });
    });
    for (const auto& h : hits) CHECK(h.load() == 1);
    CHECK(elsewhere.load() == 0);
}

TEMPLATE_TEST_CASE("thread_pool: svd() from 4 user threads at once, on the default and a user pool: the serial bits",
                   "[threads][pool]", float, double) {
    rng_t rng(2026);
    // Products large enough to be split (the square path, and a tall one through the QR first);
    // full vectors for a larger back-transformation.
    std::vector<svdkit::matrix<TestType>> inputs;
    for (const auto& shape : std::vector<std::pair<std::size_t, std::size_t>>{{200, 170}, {400, 120}})
        inputs.push_back(to_svdkit(gaussian<TestType>(shape.first, shape.second, rng)));
    std::vector<svdkit::svd_result<TestType>> serial;
    for (const auto& a : inputs) serial.push_back(svdkit::svd(a, options(1, nullptr, svdkit::vectors::full)));

    svdkit::thread_pool user_pool(3);  // 3 threads whatever the machine: threads = 3 really splits in 3
    for (svdkit::thread_pool* pool : {static_cast<svdkit::thread_pool*>(nullptr), &user_pool}) {
        const std::vector<unsigned> counts{2u, 3u, 0u};
        // results[t][c][i]: user thread t, thread count c, input i.
        std::vector<std::vector<std::vector<svdkit::svd_result<TestType>>>> results(4);
        on_user_threads(4, [&](std::size_t t) {
            for (const unsigned c : counts) {
                results[t].emplace_back();
                for (std::size_t i = 0; i < inputs.size(); ++i)
                    results[t].back().push_back(
                        svdkit::svd(inputs[(i + t) % inputs.size()], options(c, pool, svdkit::vectors::full)));
            }
        });
        for (std::size_t t = 0; t < 4; ++t)
            for (std::size_t c = 0; c < counts.size(); ++c)
                for (std::size_t i = 0; i < inputs.size(); ++i) {
                    INFO((pool == nullptr ? "default pool" : "user pool") << ", user thread " << t << ", threads = "
                                                                          << counts[c] << ", input " << i);
                    const auto& r = results[t][c][i];
                    const auto& e = serial[(i + t) % inputs.size()];
                    CHECK((identical(r.s, e.s) && identical(r.u, e.u) && identical(r.v, e.v)));
                }
    }
    // svd() inside the tasks of a pool (its products then run inline) and threads = 0 there.
    std::vector<svdkit::svd_result<TestType>> nested(4);
    user_pool.parallel_for(4, [&](std::size_t t) {
        const unsigned threads = t % 2 == 0 ? 0u : 2u;
        nested[t] = svdkit::svd(inputs[t % inputs.size()], options(threads, &user_pool, svdkit::vectors::full));
    });
    for (std::size_t t = 0; t < 4; ++t) {
        INFO("nested call " << t);
        const auto& e = serial[t % inputs.size()];
        CHECK((identical(nested[t].s, e.s) && identical(nested[t].u, e.u) && identical(nested[t].v, e.v)));
    }
}

TEST_CASE("thread_pool: the complex product kernel on a shared pool gives the one-thread bits", "[threads][pool]") {
    using C = std::complex<double>;
    const std::size_t m = 150, n = 140, k = 120;  // 4mnk well above twice the split threshold
    rng_t rng(7);
    std::normal_distribution<double> normal;
    std::vector<C> a(m * k), b(k * n);
    for (std::vector<C>* x : {&a, &b})
        for (C& z : *x) z = C(normal(rng), normal(rng));
    const auto product = [&](unsigned threads, svdkit::thread_pool* pool) {
        std::vector<C> c(m * n);
        svdkit::detail::complex_gemm_workspace<double> ws;
        ws.threads = threads;
        ws.pool = pool;
        svdkit::detail::complex_gemm(svdkit::detail::gemm_op::none, svdkit::detail::gemm_op::adjoint, m, n, k, C(1),
                                     a.data(), m, b.data(), n, C(0), c.data(), m, &ws);
        return c;
    };
    const std::vector<C> one = product(1, nullptr);
    svdkit::thread_pool pool(3);
    std::vector<std::vector<C>> results(4);
    on_user_threads(4, [&](std::size_t t) { results[t] = product(t % 2 == 0 ? 3u : 2u, t < 2 ? &pool : nullptr); });
    for (std::size_t t = 0; t < 4; ++t) {
        INFO("user thread " << t);
        CHECK(std::memcmp(results[t].data(), one.data(), one.size() * sizeof(C)) == 0);
    }
}

/// d and e of the two-stage reduction of a with bandwidth nb on `threads` threads of `pool`
/// (nullptr: the default pool).
template <class T>
std::vector<std::vector<T>> two_stage_bidiagonal(const svdkit::matrix<T>& a, std::size_t nb, unsigned threads,
                                                 svdkit::thread_pool* pool) {
    namespace sd = svdkit::detail;
    sd::bidiagonal_reduction<T> r;
    r.a = a;
    sd::two_stage_workspace<T> ts;
    sd::householder_workspace<T> hh;
    hh.gemm.threads = threads;
    hh.gemm.pool = pool;
    sd::bidiagonalize_two_stage(r, ts, hh, nb);
    return {r.d, r.e};
}

TEMPLATE_TEST_CASE("two-stage reduction: row-split updates and pipelined sweeps give the one-thread bits",
                   "[threads][pool][two_stage]", float, double) {
    rng_t rng(20);
    // 420×400 with nb = 16: stage 1's updates split into row ranges over the tasks, and 25 tasks
    // per sweep in stage 2 (the pipelined chase); nb = 32 on the public path (400/32 = 12 tasks).
    const svdkit::matrix<TestType> a = to_svdkit(gaussian<TestType>(420, 400, rng));
    const auto reduce = [&](unsigned threads, svdkit::thread_pool* pool) { return two_stage_bidiagonal(a, 16, threads, pool); };
    const auto serial = reduce(1, nullptr);
    const svdkit::matrix<TestType> sq = to_svdkit(gaussian<TestType>(400, 400, rng));
    const std::vector<TestType> values = svdkit::singular_values(sq);
    svdkit::thread_pool pool(3);
    CHECK(reduce(2, nullptr) == serial);
    CHECK(reduce(3, &pool) == serial);
    std::vector<std::vector<std::vector<TestType>>> reduced(4);
    std::vector<svdkit::svd_result<TestType>> results(4);
    on_user_threads(4, [&](std::size_t t) {
        reduced[t] = reduce(t % 2 == 0 ? 3u : 2u, &pool);
        results[t] = svdkit::svd(sq, options(t % 2 == 0 ? 3u : 2u, &pool, svdkit::vectors::none));
    });
    for (std::size_t t = 0; t < 4; ++t) {
        INFO("user thread " << t);
        CHECK(reduced[t] == serial);
        CHECK(identical(results[t].s, values));
    }
}

TEMPLATE_TEST_CASE("two-stage reduction: stage 1's updates split over 2 and 3 tasks, odd nb: the one-thread bits",
                   "[threads][pool][two_stage]", float, double) {
    rng_t rng(21);
    // Stage 1 splits a panel's update by rows when it has 2 or more tasks: mc·nt·2nb >= 2·2²¹
    // multiply-adds (update_trailing_rows). With 720×560 that holds for 16 panels with 2 tasks and
    // 11 with 3 at nb = 16, 17 and 10 at nb = 13 (a bandwidth that is no multiple of the product
    // kernel's nr = 6, with a last panel of 1 column); the case above reaches 3 tasks on none.
    // Stage 2 chases 35 and 43 tasks a sweep in 2 and 3 segments, one per thread.
    const svdkit::matrix<TestType> a = to_svdkit(gaussian<TestType>(720, 560, rng));
    for (const std::size_t nb : {std::size_t(16), std::size_t(13)}) {
        const auto reduce = [&](unsigned threads, svdkit::thread_pool* pool) { return two_stage_bidiagonal(a, nb, threads, pool); };
        INFO("nb = " << nb);
        const auto serial = reduce(1, nullptr);
        svdkit::thread_pool pool(3);
        CHECK(reduce(2, &pool) == serial);
        CHECK(reduce(3, &pool) == serial);
    }
}

TEMPLATE_TEST_CASE("parallel divide and conquer and panel pass: the one-thread bits for 2, 3 and 5 threads",
                   "[threads][pool]", float, double) {
    using T = TestType;
    // Divide and conquer alone (its subtrees as tasks, its top merges split), on bidiagonals with
    // repeated entries (deflation, rotations between halves) and odd sizes (subtrees with an
    // extra column): the same σ, U, V and merge statistics for every thread count.
    svdkit::thread_pool pool(5);  // 5 threads whatever the machine: three levels of subtrees
    rng_t rng(20);
    std::normal_distribution<double> normal;
    for (const std::size_t n : {std::size_t(130), std::size_t(301)}) {
        std::vector<T> d(n), e(n - 1);
        for (T& x : d) x = static_cast<T>(normal(rng));
        for (T& x : e) x = static_cast<T>(normal(rng));
        for (std::size_t i = 0; i < n; i += 7) d[i] = d[(i * 5) % n];
        auto solve = [&](unsigned threads) {
            std::vector<T> dd = d, ee = e;
            svdkit::matrix<T> u, v;
            svdkit::detail::bidiagonal_dc_workspace<T> ws;
            ws.gemm.threads = threads;
            ws.gemm.pool = &pool;
            svdkit::detail::bidiagonal_dc_stats stats;
            svdkit::detail::bidiagonal_dc(dd, ee, u, v, svdkit::detail::bidiagonal_dc_max_secular_iterations,
                                          svdkit::detail::bidiagonal_dc_leaf_size, &stats, &ws);
            return std::make_tuple(dd, u, v, stats);
        };
        const auto one = solve(1);
        for (const unsigned threads : {2u, 3u, 5u}) {
            INFO("n = " << n << ", threads = " << threads);
            const auto r = solve(threads);
            CHECK((identical(std::get<0>(r), std::get<0>(one)) && identical(std::get<1>(r), std::get<1>(one)) &&
                   identical(std::get<2>(r), std::get<2>(one))));
            const auto &s = std::get<3>(r), &s1 = std::get<3>(one);
            CHECK((s.merges == s1.merges && s.roots == s1.roots && s.deflated == s1.deflated &&
                   s.secular_steps == s1.secular_steps && s.max_secular_steps == s1.max_secular_steps));
            CHECK(s.deflated > 0);
        }
    }
    // svd(): 540×500, so the panel's fused pass runs in segments side by side (its first columns
    // reach bidiagonal_parallel_min: 540·498 entries) and divide and conquer in parallel; a
    // reused workspace too.
    static_assert(540 * 498 >= svdkit::detail::bidiagonal_parallel_min, "the segments must run on the pool");
    const svdkit::matrix<T> a = to_svdkit(gaussian<T>(540, 500, rng));
    const svdkit::svd_result<T> serial = svdkit::svd(a, options(1, nullptr));
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> out;
    for (const unsigned threads : {2u, 3u, 5u, 2u}) {
        INFO("threads = " << threads);
        svdkit::svd(a, options(threads, &pool), out, ws);
        CHECK((identical(out.s, serial.s) && identical(out.u, serial.u) && identical(out.v, serial.v)));
    }
}

TEMPLATE_TEST_CASE("tall QR by row blocks: the one-thread bits for 2, 3 and 5 threads", "[threads][pool][tall_qr]",
                   float, double) {
    using T = TestType;
    // 1600×96: 2 row blocks (tall_qr_blocks), 6400×96: 4; thin U (blocks formed in parallel),
    // values only (R alone), and a full U (blocks over their own columns; the smaller shape in
    // double only: its 1600² U dominates the run under ThreadSanitizer); a reused workspace too.
    svdkit::thread_pool pool(5);
    rng_t rng(21);
    for (const std::size_t m : {std::size_t(1600), std::size_t(6400)}) {
        REQUIRE(svdkit::detail::tall_qr_blocks(m, 96) == (m == 1600 ? 2u : 4u));
        const svdkit::matrix<T> a = to_svdkit(gaussian<T>(m, 96, rng));
        for (const svdkit::vectors job : {svdkit::vectors::thin, svdkit::vectors::none, svdkit::vectors::full}) {
            if (job == svdkit::vectors::full && (m > 1600 || !std::is_same<T, double>::value)) continue;
            const svdkit::svd_result<T> serial = svdkit::svd(a, options(1, nullptr, job));
            svdkit::svd_workspace<T> ws;
            svdkit::svd_result<T> out;
            for (const unsigned threads : {2u, 3u, 5u, 2u}) {
                INFO("m = " << m << ", job " << static_cast<int>(job) << ", threads = " << threads);
                svdkit::svd(a, options(threads, &pool, job), out, ws);
                CHECK((identical(out.s, serial.s) && identical(out.u, serial.u) && identical(out.v, serial.v)));
            }
        }
    }
}
