// Issue 20, part 1: svd() with svd_options::threads, the cost that the persistent pool removes.
//
//   thin_1024/threads:t   one thin svd() of a 1024×1024 double matrix: the large products split
//                         over t threads
//   batch_128/threads:t   200 thin svd() calls on 128×128 matrices: many small products, where
//                         starting threads per product (before the pool) cost the most
//   batch_256/threads:t   25 thin svd() calls on 256×256
//   gemm_split/threads:t  one 192×128 · 128×192 product (detail::gemm with a workspace): just above
//                         the size the kernel splits at, so the hand-over cost shows; a 256² svd()
//                         splits no product (each is below 2·gemm_parallel_min_work multiply-adds)
//
// The program uses only svd() and svd_options::threads, so the same file builds against a
// checkout from before the pool (the "before" column of bench/README.md). Run with
// --benchmark_enable_random_interleaving --benchmark_repetitions=N and read the medians.
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <svdkit/svdkit.hpp>

namespace {

svdkit::matrix<double> random_square(std::size_t n, unsigned seed) {
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    svdkit::matrix<double> a(n, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) a(i, j) = dist(gen);
    return a;
}

svdkit::svd_options with_threads(long threads) {
    svdkit::svd_options o;
    o.threads = static_cast<unsigned>(threads);
    return o;
}

void thin_1024(benchmark::State& state) {
    const svdkit::matrix<double> a = random_square(1024, 1);
    const svdkit::svd_options o = with_threads(state.range(0));
    for (auto _ : state) {
        auto r = svdkit::svd(a, o);
        benchmark::DoNotOptimize(r);
    }
}

void batch(benchmark::State& state, std::size_t n, std::size_t calls) {
    std::vector<svdkit::matrix<double>> inputs;
    for (std::size_t i = 0; i < 8; ++i) inputs.push_back(random_square(n, 100 + static_cast<unsigned>(i)));
    const svdkit::svd_options o = with_threads(state.range(0));
    for (auto _ : state) {
        for (std::size_t c = 0; c < calls; ++c) {
            auto r = svdkit::svd(inputs[c % inputs.size()], o);
            benchmark::DoNotOptimize(r);
        }
    }
}

void gemm_split(benchmark::State& state) {
    const std::size_t m = 192, n = 192, k = 128;
    const svdkit::matrix<double> a = random_square(m, 3), b = random_square(m, 4);  // k rows of b used
    svdkit::matrix<double> c(m, n);
    svdkit::detail::gemm_workspace<double> ws;
    ws.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        svdkit::detail::gemm(false, false, m, n, k, 1.0, a.data(), m, b.data(), m, 0.0, c.data(), m, &ws);
        benchmark::DoNotOptimize(c.data());
    }
}

void batch_128(benchmark::State& state) { batch(state, 128, 200); }
void batch_256(benchmark::State& state) { batch(state, 256, 25); }

}  // namespace

BENCHMARK(thin_1024)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(batch_128)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(batch_256)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(gemm_split)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

BENCHMARK_MAIN();
