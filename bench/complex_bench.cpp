// svdkit's SVD of complex matrices next to LAPACK's (LAPACKE zgesdd / cgesdd, OpenBLAS when
// installed, one thread) and Eigen's BDCSVD, for std::complex<double> and std::complex<float>:
// n×n for n = 256 and 1024, and 4000×200; thin U and V ("thin") and values only ("values").
//
// Input: real and imaginary parts uniform(−1, 1). Each call decomposes a fresh copy of the same
// matrix (the copy is outside the timing; LAPACK overwrites its input); svdkit runs through a
// reused svd_workspace, LAPACK through LAPACKE's own work arrays, Eigen as users call it.
// The ratio table of bench/README.md ("Complex matrices (issue 21)") is made from one run.
//
// Run:  OPENBLAS_NUM_THREADS=1 ./build/<dir>/bench/svdkit_bench_complex [--benchmark_filter=...]
#include <algorithm>  // std::copy
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <random>     // std::mt19937_64, std::uniform_real_distribution
#include <vector>     // std::vector

#include <Eigen/SVD>
#include <benchmark/benchmark.h>
#include <lapacke.h>
#include <svdkit/svdkit.hpp>

#if defined(SVDKIT_BENCH_OPENBLAS)
extern "C" void openblas_set_num_threads(int);
#endif

namespace {

std::size_t us(long v) { return static_cast<std::size_t>(v); }

template <class R>
std::vector<std::complex<R>> input(int m, int n) {
    std::mt19937_64 rng(2109);
    std::uniform_real_distribution<R> u(R(-1), R(1));
    std::vector<std::complex<R>> a(us(m) * us(n));
    for (auto& x : a) {
        const R re = u(rng);
        x = {re, u(rng)};
    }
    return a;
}

void set_args(benchmark::internal::Benchmark* b) {
    for (int vectors = 1; vectors >= 0; --vectors)
        b->Args({256, 256, vectors})->Args({1024, 1024, vectors})->Args({4000, 200, vectors});
    b->ArgNames({"m", "n", "thin"})->Unit(benchmark::kMillisecond);
}

template <class R>
void bm_svdkit(benchmark::State& st) {
    using C = std::complex<R>;
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const bool thin = st.range(2) != 0;
    const std::vector<C> a = input<R>(m, n);
    svdkit::matrix<C> x(us(m), us(n));
    std::copy(a.begin(), a.end(), x.data());
    const svdkit::vectors job = thin ? svdkit::vectors::thin : svdkit::vectors::none;
    svdkit::svd_workspace<C> ws;
    svdkit::svd_result<C> r;
    for (auto _ : st) {
        svdkit::svd(x, svdkit::svd_options{job, job}, r, ws);
        benchmark::DoNotOptimize(r.s.data());
    }
}

// LAPACKE_zgesdd / LAPACKE_cgesdd with JOBZ = 'S' (thin) or 'N' (values).
lapack_int gesdd(char jobz, int m, int n, std::complex<double>* a, double* s, std::complex<double>* u,
                 std::complex<double>* vt) {
    const int k = m < n ? m : n;
    return LAPACKE_zgesdd(LAPACK_COL_MAJOR, jobz, m, n, reinterpret_cast<lapack_complex_double*>(a), m, s,
                          reinterpret_cast<lapack_complex_double*>(u), m, reinterpret_cast<lapack_complex_double*>(vt),
                          k);
}
lapack_int gesdd(char jobz, int m, int n, std::complex<float>* a, float* s, std::complex<float>* u,
                 std::complex<float>* vt) {
    const int k = m < n ? m : n;
    return LAPACKE_cgesdd(LAPACK_COL_MAJOR, jobz, m, n, reinterpret_cast<lapack_complex_float*>(a), m, s,
                          reinterpret_cast<lapack_complex_float*>(u), m, reinterpret_cast<lapack_complex_float*>(vt),
                          k);
}

template <class R>
void bm_gesdd(benchmark::State& st) {
    using C = std::complex<R>;
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const bool thin = st.range(2) != 0;
    const int k = m < n ? m : n;
    const std::vector<C> a = input<R>(m, n);
    std::vector<C> x(a.size()), u(us(m) * us(k)), vt(us(k) * us(n));
    std::vector<R> s(us(k));
    for (auto _ : st) {
        st.PauseTiming();
        std::copy(a.begin(), a.end(), x.begin());
        st.ResumeTiming();
        if (gesdd(thin ? 'S' : 'N', m, n, x.data(), s.data(), u.data(), vt.data()) != 0)
            st.SkipWithError("gesdd failed");
        benchmark::DoNotOptimize(s.data());
    }
}

template <class R>
void bm_eigen(benchmark::State& st) {
    using C = std::complex<R>;
    using M = Eigen::Matrix<C, Eigen::Dynamic, Eigen::Dynamic>;
    const int m = static_cast<int>(st.range(0)), n = static_cast<int>(st.range(1));
    const bool thin = st.range(2) != 0;
    const std::vector<C> a = input<R>(m, n);
    const Eigen::Map<const M> x(a.data(), m, n);
    for (auto _ : st) {
        Eigen::BDCSVD<M> svd(x, thin ? (Eigen::ComputeThinU | Eigen::ComputeThinV) : 0);
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

BENCHMARK(bm_svdkit<double>)->Apply(set_args);
BENCHMARK(bm_gesdd<double>)->Apply(set_args);
BENCHMARK(bm_eigen<double>)->Apply(set_args);
BENCHMARK(bm_svdkit<float>)->Apply(set_args);
BENCHMARK(bm_gesdd<float>)->Apply(set_args);
BENCHMARK(bm_eigen<float>)->Apply(set_args);

BENCHMARK_MAIN();
