// Issue 8's thread-safety test: svdkit keeps no mutable global or static state, so many calls
// running at once on std::threads must each give exactly the single-threaded result, bit for bit.
//
// Each worker runs the whole list of jobs (svd thin/full/none, singular_values, truncated_svd,
// randomized_svd and pca with fixed seeds, lstsq) on shared read-only inputs, in an order of its
// own, several times, and keeps every result; the main thread compares them with the reference
// computed before any thread started. Catch2's assertions are not thread-safe, so the workers do
// not assert: they only compute. The same program runs under ThreadSanitizer in the
// sanitize.thread test (tests/sanitize/), which reports any data race the comparison could miss.
#include <catch2/catch.hpp>

#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <exception>  // std::exception_ptr, std::current_exception
#include <functional> // std::function
#include <string>     // std::string
#include <thread>     // std::thread
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "dense.hpp"
#include "generators.hpp"

using namespace svdkit_test;

namespace {

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
    run_concurrently<TestType>(6, 2);
}
