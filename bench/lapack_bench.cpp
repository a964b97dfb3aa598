// svdkit next to LAPACK (LAPACKE dgesdd/sgesdd, whichever BLAS Debian's liblapacke links: OpenBLAS
// when libopenblas-dev is installed) and Eigen's BDCSVD, on the shapes of the speed issue: square
// n = 64…1024, tall 4000×200 and 20000×100, wide 200×4000; values only and thin U, V; double
// and float. Uniform(−1, 1) inputs from a fixed seed; each benchmark times one decomposition.
// The GFLOP/s counter uses the Golub-Reinsch flop count of the job (GVL4 §8.6.3 table), so rates
// are comparable across libraries. Ratios must be read from one run (a shared machine varies).
//
// Run:  ./build/<dir>/bench/svdkit_bench_lapack --benchmark_filter=...   (build with
// -DCMAKE_CXX_FLAGS="-march=native" for the numbers the speed issue quotes)
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <string>   // std::string
#include <vector>   // std::vector

#include <Eigen/SVD>
#include <benchmark/benchmark.h>
#include <lapacke.h>
#include <svdkit/svdkit.hpp>

namespace {

template <class T>
svdkit::matrix<T> random_matrix(std::size_t m, std::size_t n) {
    std::mt19937_64 g(12345);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    svdkit::matrix<T> a(m, n);
    for (std::size_t k = 0; k < a.size(); ++k) a.data()[k] = static_cast<T>(u(g));
    return a;
}

// Golub-Reinsch flop counts for m >= n (GVL4 §8.6.3): values only 4mn² − 4n³/3, thin U and V
// 14mn² + 8n³ (with R-bidiagonalization for the tall case; close enough for a rate).
double flops(std::size_t m0, std::size_t n0, bool vectors) {
    const double m = static_cast<double>(m0 > n0 ? m0 : n0), n = static_cast<double>(m0 > n0 ? n0 : m0);
    return vectors ? 14 * m * n * n + 8 * n * n * n : 4 * m * n * n - 4 * n * n * n / 3;
}

void set_rate(benchmark::State& st, std::size_t m, std::size_t n, bool vectors) {
    st.counters["GFLOP/s"] =
        benchmark::Counter(flops(m, n, vectors) * static_cast<double>(st.iterations()) * 1e-9, benchmark::Counter::kIsRate);
}

template <class T>
void bm_svdkit(benchmark::State& st) {
    const auto m = static_cast<std::size_t>(st.range(0)), n = static_cast<std::size_t>(st.range(1));
    const bool vec = st.range(2) != 0;
    const svdkit::matrix<T> a = random_matrix<T>(m, n);
    for (auto _ : st) {
        auto r = svdkit::svd(a, vec ? svdkit::vectors::thin : svdkit::vectors::none);
        benchmark::DoNotOptimize(r.s.data());
    }
    set_rate(st, m, n, vec);
}

template <class T>
void bm_eigen(benchmark::State& st) {
    const auto m = static_cast<std::size_t>(st.range(0)), n = static_cast<std::size_t>(st.range(1));
    const bool vec = st.range(2) != 0;
    const svdkit::matrix<T> a = random_matrix<T>(m, n);
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    const Eigen::Map<const M> am(a.data(), static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(n));
    for (auto _ : st) {
        Eigen::BDCSVD<M> s(am, vec ? (Eigen::ComputeThinU | Eigen::ComputeThinV) : 0);
        benchmark::DoNotOptimize(s.singularValues().data());
    }
    set_rate(st, m, n, vec);
}

lapack_int gesdd(char job, lapack_int m, lapack_int n, double* a, double* s, double* u, double* vt) {
    return LAPACKE_dgesdd(LAPACK_COL_MAJOR, job, m, n, a, m, s, u, m, vt, m < n ? m : n);
}
lapack_int gesdd(char job, lapack_int m, lapack_int n, float* a, float* s, float* u, float* vt) {
    return LAPACKE_sgesdd(LAPACK_COL_MAJOR, job, m, n, a, m, s, u, m, vt, m < n ? m : n);
}

template <class T>
void bm_lapack(benchmark::State& st) {
    const auto m = static_cast<std::size_t>(st.range(0)), n = static_cast<std::size_t>(st.range(1));
    const bool vec = st.range(2) != 0;
    const svdkit::matrix<T> a = random_matrix<T>(m, n);
    const std::size_t k = m < n ? m : n;
    std::vector<T> s(k), u(vec ? m * k : 1), vt(vec ? k * n : 1);
    for (auto _ : st) {
        st.PauseTiming();
        svdkit::matrix<T> w = a;  // dgesdd overwrites its input
        st.ResumeTiming();
        const lapack_int info = gesdd(vec ? 'S' : 'N', static_cast<lapack_int>(m), static_cast<lapack_int>(n), w.data(),
                                      s.data(), u.data(), vt.data());
        if (info != 0) st.SkipWithError("gesdd failed");
        benchmark::DoNotOptimize(s.data());
    }
    set_rate(st, m, n, vec);
}

void shapes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 256L, 512L, 1024L}) {
        b->Args({n, n, 0});
        b->Args({n, n, 1});
    }
    b->Args({4000, 200, 1});
    b->Args({20000, 100, 0});
    b->Args({200, 4000, 0});
    b->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK_TEMPLATE(bm_svdkit, double)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_eigen, double)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_lapack, double)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit, float)->Args({1024, 1024, 1})->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_eigen, float)->Args({1024, 1024, 1})->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_lapack, float)->Args({1024, 1024, 1})->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
