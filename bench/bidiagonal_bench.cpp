// The bidiagonal SVD with vectors alone: svdkit's divide and conquer (detail::bidiagonal_dc), its
// QR iteration (detail::bidiagonal_qr with U and V) and LAPACK dbdsdc (LAPACKE, OpenBLAS when
// libopenblas-dev is installed), on the same n×n upper bidiagonals, n = 256 … 2048.
//
// The input is what Householder bidiagonalization of an n×n Gaussian matrix produces in
// distribution: d_i ~ χ_{n−i}, e_i ~ χ_{n−i−1} (Golub-Kahan bidiagonalization of a Gaussian matrix
// keeps the entries independent; Edelman's bidiagonal model). A fixed seed; each benchmark times one
// decomposition from a fresh copy of (d, e). Ratios must be read from one run (shared machine).
//
// Run:  ./build/<dir>/bench/svdkit_bench_bidiagonal   (configure with -DCMAKE_CXX_FLAGS=-march=native
// for the numbers the speed issue quotes)
#include <cmath>    // std::sqrt
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::chi_squared_distribution
#include <string>   // std::string, std::to_string
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <lapacke.h>
#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/divide_and_conquer.hpp>

namespace {

template <class T>
struct bidiagonal {
    std::vector<T> d, e;
};

template <class T>
bidiagonal<T> gaussian_bidiagonal(std::size_t n) {
    std::mt19937_64 g(2024);
    bidiagonal<T> b;
    for (std::size_t i = 0; i < n; ++i) {
        std::chi_squared_distribution<double> cd(static_cast<double>(n - i));
        b.d.push_back(static_cast<T>(std::sqrt(cd(g))));
        if (i + 1 < n) {
            std::chi_squared_distribution<double> ce(static_cast<double>(n - i - 1));
            b.e.push_back(static_cast<T>(std::sqrt(ce(g))));
        }
    }
    return b;
}

template <class T>
void bm_dc(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal<T> b = gaussian_bidiagonal<T>(n);
    svdkit::matrix<T> u, v;
    for (auto _ : st) {
        std::vector<T> d = b.d, e = b.e;
        svdkit::detail::bidiagonal_dc(d, e, u, v);
        benchmark::DoNotOptimize(d.data());
        benchmark::DoNotOptimize(u.data());
    }
}

template <class T>
void bm_qr(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal<T> b = gaussian_bidiagonal<T>(n);
    for (auto _ : st) {
        std::vector<T> d = b.d, e = b.e;
        svdkit::matrix<T> u = svdkit::matrix<T>::identity(n), v = svdkit::matrix<T>::identity(n);
        svdkit::detail::bidiagonal_qr(d, e, &u, &v);
        benchmark::DoNotOptimize(d.data());
        benchmark::DoNotOptimize(u.data());
    }
}

lapack_int bdsdc(lapack_int n, double* d, double* e, double* u, double* vt) {
    return LAPACKE_dbdsdc(LAPACK_COL_MAJOR, 'U', 'I', n, d, e, u, n, vt, n, nullptr, nullptr);
}
lapack_int bdsdc(lapack_int n, float* d, float* e, float* u, float* vt) {
    return LAPACKE_sbdsdc(LAPACK_COL_MAJOR, 'U', 'I', n, d, e, u, n, vt, n, nullptr, nullptr);
}

template <class T>
void bm_lapack(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const bidiagonal<T> b = gaussian_bidiagonal<T>(n);
    std::vector<T> u(n * n), vt(n * n);
    for (auto _ : st) {
        std::vector<T> d = b.d, e = b.e;
        const lapack_int info = bdsdc(static_cast<lapack_int>(n), d.data(), e.data(), u.data(), vt.data());
        if (info != 0) st.SkipWithError("bdsdc failed");
        benchmark::DoNotOptimize(d.data());
        benchmark::DoNotOptimize(u.data());
    }
}

void sizes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 256L, 512L, 1024L, 2048L}) b->Arg(n);
    b->ArgNames({"n"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK_TEMPLATE(bm_dc, double)->Apply(sizes);
BENCHMARK_TEMPLATE(bm_lapack, double)->Apply(sizes);
BENCHMARK_TEMPLATE(bm_qr, double)->Apply(sizes);
BENCHMARK_TEMPLATE(bm_dc, float)->Arg(1024)->ArgNames({"n"})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_lapack, float)->Arg(1024)->ArgNames({"n"})->Unit(benchmark::kMillisecond)->UseRealTime();

// dbdsdc's products go through the BLAS: pin OpenBLAS to one thread through its API (weak symbols,
// absent from other BLAS builds), as the speed issue's anchors are single-threaded.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));
extern "C" int openblas_get_num_threads(void) __attribute__((weak));

int main(int argc, char** argv) {
    if (openblas_set_num_threads != nullptr) openblas_set_num_threads(1);
    benchmark::AddCustomContext("blas_threads", openblas_get_num_threads != nullptr
                                                    ? std::to_string(openblas_get_num_threads())
                                                    : std::string("unknown (not OpenBLAS)"));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
