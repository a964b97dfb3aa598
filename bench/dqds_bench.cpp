// Singular values of an n×n upper bidiagonal alone: detail::bidiagonal_dqds (dqds) vs
// detail::bidiagonal_qr without vectors (implicit zero-shift/shifted QR) vs LAPACK dlasq1 (dqds,
// the routine dgesdd/dbdsqr use for values only), n = 64 … 2048.
//
// The input is the Gaussian bidiagonal model of bidiagonal_bench.cpp: d_i ~ χ_{n−i}, e_i ~ χ_{n−i−1}
// (what Householder bidiagonalization of an n×n Gaussian matrix produces in distribution). A fixed
// seed; each benchmark times one call from a fresh copy of (d, e); dqds keeps its 4n workspace
// across calls (the reuse a caller can do). The "transforms/n" counter is dqds's iteration count
// per singular value. Ratios must be read from one run (shared machine).
//
// Run:  ./build/<dir>/bench/svdkit_bench_dqds
#include <cmath>    // std::sqrt
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::chi_squared_distribution
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/dqds.hpp>

extern "C" void dlasq1_(int* n, double* d, double* e, double* work, int* info);

namespace {

struct bidiagonal {
    std::vector<double> d, e;
};

bidiagonal gaussian_bidiagonal(std::size_t n) {
    std::mt19937_64 g(2024);
    bidiagonal b;
    for (std::size_t i = 0; i < n; ++i) {
        std::chi_squared_distribution<double> cd(static_cast<double>(n - i));
        b.d.push_back(std::sqrt(cd(g)));
        if (i + 1 < n) {
            std::chi_squared_distribution<double> ce(static_cast<double>(n - i - 1));
            b.e.push_back(std::sqrt(ce(g)));
        }
    }
    return b;
}

void bm_dqds(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal b = gaussian_bidiagonal(n);
    std::vector<double> work;
    std::size_t transforms = 0;
    for (auto _ : st) {
        std::vector<double> d = b.d, e = b.e;
        transforms = svdkit::detail::bidiagonal_dqds(d, e, work);
        benchmark::DoNotOptimize(d.data());
    }
    st.counters["transforms/n"] = static_cast<double>(transforms) / static_cast<double>(n);
}

void bm_qr(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal b = gaussian_bidiagonal(n);
    for (auto _ : st) {
        std::vector<double> d = b.d, e = b.e;
        svdkit::detail::bidiagonal_qr<double>(d, e, nullptr, nullptr);
        benchmark::DoNotOptimize(d.data());
    }
}

void bm_dlasq1(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal b = gaussian_bidiagonal(n);
    std::vector<double> work(4 * n);
    for (auto _ : st) {
        std::vector<double> d = b.d, e = b.e;
        int nn = static_cast<int>(n), info = 0;
        dlasq1_(&nn, d.data(), e.data(), work.data(), &info);
        if (info != 0) st.SkipWithError("dlasq1 failed");
        benchmark::DoNotOptimize(d.data());
    }
}

void sizes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 256L, 1024L, 2048L}) b->Arg(n);
    b->ArgNames({"n"})->Unit(benchmark::kMicrosecond)->UseRealTime();
}

}  // namespace

BENCHMARK(bm_dqds)->Apply(sizes);
BENCHMARK(bm_dlasq1)->Apply(sizes);
BENCHMARK(bm_qr)->Apply(sizes);

BENCHMARK_MAIN();
