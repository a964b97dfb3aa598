// svd_range (issue 23, part 2) next to the full thin svd() and LAPACKE dgesvdx (RANGE = 'I'; OpenBLAS
// when installed) on n×n doubles, n = 1000 and 2000: the 5 and 50 largest triplets, and 5 from the
// middle of the spectrum. The target: 5 triplets of 2000² in at most half the time of the
// full thin svd().
//
// Every benchmark decomposes the same uniform(−1, 1) matrix from a fixed seed, one thread
// (svd_options::threads = 1; run with OPENBLAS_NUM_THREADS=1 for LAPACK). LAPACK's input copy (it
// overwrites A) is outside the timing. Read the ratios from one run: the machines are shared.
//
// Run:  OPENBLAS_NUM_THREADS=1 ./build/<dir>/bench/svdkit_bench_selected --benchmark_filter=/2000
//       (seconds per call at n = 2000: use few repetitions)
#include <algorithm>  // std::copy
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <lapacke.h>
#include <svdkit/svdkit.hpp>

namespace {

svdkit::matrix<double> random_matrix(std::size_t n) {
    std::mt19937_64 g(12345);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    svdkit::matrix<double> a(n, n);
    for (std::size_t k = 0; k < a.size(); ++k) a.data()[k] = u(g);
    return a;
}

/// The first index of the range: 0 (the largest) or the middle of the spectrum.
std::size_t first_of(std::size_t n, std::size_t k, bool middle) { return middle ? n / 2 - k / 2 : 0; }

// args: n, k, middle (0/1)
void svdkit_svd_range(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto k = static_cast<std::size_t>(state.range(1));
    const std::size_t first = first_of(n, k, state.range(2) != 0);
    const svdkit::matrix<double> a = random_matrix(n);
    for (auto _ : state) {
        svdkit::svd_result<double> r = svdkit::svd_range(a, first, first + k - 1);
        benchmark::DoNotOptimize(r.s.data());
    }
}

void svdkit_svd_thin(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const svdkit::matrix<double> a = random_matrix(n);
    for (auto _ : state) {
        svdkit::svd_result<double> r = svdkit::svd(a);
        benchmark::DoNotOptimize(r.s.data());
    }
}

/// The floor: the reduction and the values, no vectors.
void svdkit_singular_values(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const svdkit::matrix<double> a = random_matrix(n);
    for (auto _ : state) {
        std::vector<double> s = svdkit::singular_values(a);
        benchmark::DoNotOptimize(s.data());
    }
}

void lapack_dgesvdx(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto k = static_cast<std::size_t>(state.range(1));
    const std::size_t first = first_of(n, k, state.range(2) != 0);
    const svdkit::matrix<double> a = random_matrix(n);
    const auto ln = static_cast<lapack_int>(n);
    std::vector<double> w(a.size()), s(n), u(n * k), vt(k * n);
    std::vector<lapack_int> superb(12 * n);
    for (auto _ : state) {
        state.PauseTiming();
        std::copy(a.data(), a.data() + a.size(), w.begin());
        state.ResumeTiming();
        lapack_int ns = 0;
        const lapack_int info = LAPACKE_dgesvdx(LAPACK_COL_MAJOR, 'V', 'V', 'I', ln, ln, w.data(), ln, 0.0, 0.0,
                                                static_cast<lapack_int>(first + 1), static_cast<lapack_int>(first + k),
                                                &ns, s.data(), u.data(), ln, vt.data(), static_cast<lapack_int>(k),
                                                superb.data());
        if (info != 0 || ns != static_cast<lapack_int>(k)) state.SkipWithError("dgesvdx failed");
        benchmark::DoNotOptimize(s.data());
    }
}

void range_args(benchmark::internal::Benchmark* b) {
    for (const long n : {1000, 2000}) {
        b->Args({n, 5, 0});
        b->Args({n, 50, 0});
        b->Args({n, 5, 1});
    }
    b->ArgNames({"n", "k", "middle"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(svdkit_svd_range)->Apply(range_args);
BENCHMARK(lapack_dgesvdx)->Apply(range_args);
BENCHMARK(svdkit_svd_thin)->ArgName("n")->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(svdkit_singular_values)->ArgName("n")->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
