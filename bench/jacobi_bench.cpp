// svdkit's one-sided Jacobi SVD (svd_method::jacobi) next to LAPACK's (LAPACKE dgejsv, the
// preconditioned driver, and dgesvj, plain one-sided Jacobi; OpenBLAS when installed) and Eigen's
// two-sided JacobiSVD (with its default column-pivoting QR preconditioner), and svdkit's default
// method for scale: n×n for n = 256, 512, 1024 and 4000×200, thin U and V, double, one thread.
//
// Two inputs: "gauss" (uniform(−1, 1), the usual case, where Jacobi needs its most sweeps) and
// "graded" (the same matrix with its columns scaled by 10^(−12·j/n): what Jacobi is for).
// Each call decomposes a fresh copy of the same matrix (the copy is outside the timing). Counter:
// sweeps (svdkit's, and dgesvj's from its WORK(4)). Eigen's JacobiSVD is run up to 512 only (at 1024 it takes minutes).
//
// Run:  OPENBLAS_NUM_THREADS=1 ./build/<dir>/bench/svdkit_bench_jacobi [--benchmark_filter=...]
#include <cmath>    // std::pow
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <vector>   // std::vector

#include <Eigen/SVD>
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <lapacke.h>
#include <svdkit/svdkit.hpp>

#if defined(SVDKIT_BENCH_OPENBLAS)
extern "C" void openblas_set_num_threads(int);
#endif

namespace {

std::size_t us(long v) { return static_cast<std::size_t>(v); }

/// Column-major m×n input; graded: column j scaled by 10^(−12·j/n).
std::vector<double> input(int m, int n, bool graded) {
    std::mt19937_64 rng(20231);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<double> a(us(m) * us(n));
    for (int j = 0; j < n; ++j) {
        const double f = graded ? std::pow(10.0, -12.0 * j / n) : 1.0;
        for (int i = 0; i < m; ++i) a[us(j) * us(m) + us(i)] = u(rng) * f;
    }
    return a;
}

void set_args(benchmark::internal::Benchmark* b, bool with_1024) {
    for (int g = 0; g < 2; ++g) {
        b->Args({256, 256, g})->Args({512, 512, g});
        if (with_1024) b->Args({1024, 1024, g})->Args({4000, 200, g});
        else b->Args({4000, 200, g});
    }
    b->ArgNames({"m", "n", "graded"})->Unit(benchmark::kMillisecond);
}

void bm_svdkit(benchmark::State& st, svdkit::svd_method method) {
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const std::vector<double> a = input(m, n, st.range(2) != 0);
    svdkit::matrix<double> x(us(m), us(n));
    svdkit::svd_options o;
    o.method = method;
    o.fallback = false;
    svdkit::svd_workspace<double> ws;
    svdkit::svd_result<double> r;
    for (auto _ : st) {
        st.PauseTiming();
        std::copy(a.begin(), a.end(), x.data());
        st.ResumeTiming();
        svdkit::svd(x, o, r, ws);
        benchmark::DoNotOptimize(r.s.data());
    }
    if (method == svdkit::svd_method::jacobi)
        st.counters["sweeps"] = static_cast<double>(svdkit::detail::workspace_access::scratch(ws).jw.sweeps);
}

void bm_svdkit_jacobi(benchmark::State& st) { bm_svdkit(st, svdkit::svd_method::jacobi); }
void bm_svdkit_automatic(benchmark::State& st) { bm_svdkit(st, svdkit::svd_method::automatic); }

/// dgejsv with JOBA='C' (high relative accuracy), JOBU='U', JOBV='V' (thin), no perturbation,
/// JOBR='N', JOBT='N', JOBP='N' (no restricted range, no transposition choice, no perturbation).
void bm_dgejsv(benchmark::State& st) {
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const std::vector<double> a = input(m, n, st.range(2) != 0);
    std::vector<double> x(a.size()), s(us(n)), u(us(m) * us(n)), v(us(n) * us(n)), stat(7);
    std::vector<lapack_int> istat(3);
    for (auto _ : st) {
        st.PauseTiming();
        std::copy(a.begin(), a.end(), x.begin());
        st.ResumeTiming();
        const lapack_int info = LAPACKE_dgejsv(LAPACK_COL_MAJOR, 'C', 'U', 'V', 'N', 'N', 'N', m, n, x.data(), m,
                                               s.data(), u.data(), m, v.data(), n, stat.data(), istat.data());
        if (info != 0) st.SkipWithError("dgejsv failed");
        benchmark::DoNotOptimize(s.data());
    }
}

/// dgesvj with JOBA='G' (general), JOBU='U' (the left vectors in A), JOBV='V'.
void bm_dgesvj(benchmark::State& st) {
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const std::vector<double> a = input(m, n, st.range(2) != 0);
    std::vector<double> x(a.size()), s(us(n)), v(us(n) * us(n)), stat(6);
    for (auto _ : st) {
        st.PauseTiming();
        std::copy(a.begin(), a.end(), x.begin());
        st.ResumeTiming();
        const lapack_int info =
            LAPACKE_dgesvj(LAPACK_COL_MAJOR, 'G', 'U', 'V', m, n, x.data(), m, s.data(), 0, v.data(), n, stat.data());
        if (info != 0) st.SkipWithError("dgesvj failed");
        benchmark::DoNotOptimize(s.data());
    }
    st.counters["sweeps"] = stat[3];  // dgesvj's WORK(4): the sweeps it needed
}

void bm_eigen_jacobi(benchmark::State& st) {
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const std::vector<double> a = input(m, n, st.range(2) != 0);
    const Eigen::Map<const Eigen::MatrixXd> x(a.data(), m, n);
    for (auto _ : st) {
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinU | Eigen::ComputeThinV);
        benchmark::DoNotOptimize(svd.singularValues().data());
    }
}

#if defined(SVDKIT_BENCH_OPENBLAS)
const bool one_thread = [] {
    openblas_set_num_threads(1);
    return true;
}();
#endif

}  // namespace

BENCHMARK(bm_svdkit_jacobi)->Apply([](benchmark::internal::Benchmark* b) { set_args(b, true); });
BENCHMARK(bm_dgejsv)->Apply([](benchmark::internal::Benchmark* b) { set_args(b, true); });
BENCHMARK(bm_dgesvj)->Apply([](benchmark::internal::Benchmark* b) { set_args(b, true); });
BENCHMARK(bm_eigen_jacobi)->Apply([](benchmark::internal::Benchmark* b) { set_args(b, false); });
BENCHMARK(bm_svdkit_automatic)->Apply([](benchmark::internal::Benchmark* b) { set_args(b, true); });

BENCHMARK_MAIN();
