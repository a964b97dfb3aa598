// Issue 21: svdkit's complex product kernel (detail::complex_gemm, 4M on split planes, and
// detail::complex_gemm_3m) next to OpenBLAS cblas_zgemm / cblas_cgemm on one thread, and next to
// svdkit's real gemm on a real product of the same shape (a complex product is 4× its real flops:
// 8·m·n·k against 2·m·n·k, so equal GFLOP/s means the complex kernel runs as fast per flop).
//
// Shapes m×n×k: square 256, 512, 1024; the SVD's back-transformation panels: 4000×200×200
// (a tall m×k times k×k), 4000×64×64 and 4000×200×32 (k ≤ 64, large m), 1024×1024×32
// (large × large with k = 32); and W = Vᴴ·C of the blocked reflector updates (bm_adjoint: the
// adjoint of a tall 4000×32 or 4000×64 panel times 4000×200, and 1024×32 times 1024×1024).
//
// Counter GFLOPS: 8·m·n·k per second (the complex product's real flops). One thread everywhere.
// Run:  ./build/<preset>/bench/svdkit_bench_complex_gemm --benchmark_enable_random_interleaving
//       --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <complex>  // std::complex
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <cblas.h>
#include <svdkit/detail/kernels/complex_gemm.hpp>
#include <svdkit/detail/kernels/gemm.hpp>

namespace {

template <class T>
std::vector<T> random_values(std::size_t size, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<T> x(size);
    for (auto& v : x) {
        if constexpr (svdkit::detail::is_complex<T>::value)
            v = T(static_cast<typename T::value_type>(u(rng)), static_cast<typename T::value_type>(u(rng)));
        else
            v = static_cast<T>(u(rng));
    }
    return x;
}

struct shape {
    std::size_t m, n, k;
};
shape shape_of(const benchmark::State& st) {
    return {static_cast<std::size_t>(st.range(0)), static_cast<std::size_t>(st.range(1)),
            static_cast<std::size_t>(st.range(2))};
}

void set_flops(benchmark::State& st, double flops) {
    st.counters["GFLOPS"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

/// svdkit complex_gemm (ThreeM = false) or complex_gemm_3m, C = A·B, a reused workspace.
template <class R, bool ThreeM>
void bm_svdkit_complex(benchmark::State& st) {
    using C = std::complex<R>;
    const shape s = shape_of(st);
    const auto a = random_values<C>(s.m * s.k, 1), b = random_values<C>(s.k * s.n, 2);
    std::vector<C> c(s.m * s.n);
    svdkit::detail::complex_gemm_workspace<R> ws;
    for (auto _ : st) {
        if (ThreeM)
            svdkit::detail::complex_gemm_3m(svdkit::detail::gemm_op::none, svdkit::detail::gemm_op::none, s.m, s.n,
                                            s.k, C(1), a.data(), s.m, b.data(), s.k, C(0), c.data(), s.m, &ws);
        else
            svdkit::detail::complex_gemm(svdkit::detail::gemm_op::none, svdkit::detail::gemm_op::none, s.m, s.n, s.k,
                                         C(1), a.data(), s.m, b.data(), s.k, C(0), c.data(), s.m, &ws);
        benchmark::DoNotOptimize(c.data());
    }
    set_flops(st, 8.0 * double(s.m) * double(s.n) * double(s.k));
}

void blas_complex(const shape& s, const std::complex<double>* a, const std::complex<double>* b,
                  std::complex<double>* c) {
    const std::complex<double> one(1), zero(0);
    cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, int(s.m), int(s.n), int(s.k), &one, a, int(s.m), b,
                int(s.k), &zero, c, int(s.m));
}
void blas_complex(const shape& s, const std::complex<float>* a, const std::complex<float>* b,
                  std::complex<float>* c) {
    const std::complex<float> one(1), zero(0);
    cblas_cgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, int(s.m), int(s.n), int(s.k), &one, a, int(s.m), b,
                int(s.k), &zero, c, int(s.m));
}

/// OpenBLAS zgemm (double) or cgemm (float).
template <class R>
void bm_blas_complex(benchmark::State& st) {
    using C = std::complex<R>;
    const shape s = shape_of(st);
    const auto a = random_values<C>(s.m * s.k, 1), b = random_values<C>(s.k * s.n, 2);
    std::vector<C> c(s.m * s.n);
    for (auto _ : st) {
        blas_complex(s, a.data(), b.data(), c.data());
        benchmark::DoNotOptimize(c.data());
    }
    set_flops(st, 8.0 * double(s.m) * double(s.n) * double(s.k));
}

/// W = Vᴴ·C as the blocked reflector updates form it: op(A) = adjoint of a tall m_v×k panel V,
/// op(B) = C tall m_v×n, so the product is k×n with the long dimension m_v inside. Arguments
/// (k, n, m_v), svdkit vs zgemm/cgemm with CblasConjTrans.
template <class R, bool Blas>
void bm_adjoint(benchmark::State& st) {
    using C = std::complex<R>;
    const std::size_t k = static_cast<std::size_t>(st.range(0)), n = static_cast<std::size_t>(st.range(1)),
                      mv = static_cast<std::size_t>(st.range(2));
    const auto v = random_values<C>(mv * k, 1), c = random_values<C>(mv * n, 2);
    std::vector<C> w(k * n);
    svdkit::detail::complex_gemm_workspace<R> ws;
    const C one(1), zero(0);
    for (auto _ : st) {
        if constexpr (!Blas)
            svdkit::detail::complex_gemm(svdkit::detail::gemm_op::adjoint, svdkit::detail::gemm_op::none, k, n, mv,
                                         one, v.data(), mv, c.data(), mv, zero, w.data(), k, &ws);
        else if constexpr (sizeof(R) == 8)
            cblas_zgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, int(k), int(n), int(mv), &one, v.data(), int(mv),
                        c.data(), int(mv), &zero, w.data(), int(k));
        else
            cblas_cgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, int(k), int(n), int(mv), &one, v.data(), int(mv),
                        c.data(), int(mv), &zero, w.data(), int(k));
        benchmark::DoNotOptimize(w.data());
    }
    set_flops(st, 8.0 * double(k) * double(n) * double(mv));
}

/// svdkit's real gemm on the real (2m)×(2n)×k product: 8·m·n·k flops, the complex one's.
template <class R>
void bm_svdkit_real(benchmark::State& st) {
    const shape s{2 * shape_of(st).m, 2 * shape_of(st).n, shape_of(st).k};
    const auto a = random_values<R>(s.m * s.k, 1), b = random_values<R>(s.k * s.n, 2);
    std::vector<R> c(s.m * s.n);
    svdkit::detail::gemm_workspace<R> ws;
    for (auto _ : st) {
        svdkit::detail::gemm(false, false, s.m, s.n, s.k, R(1), a.data(), s.m, b.data(), s.k, R(0), c.data(), s.m,
                             &ws);
        benchmark::DoNotOptimize(c.data());
    }
    set_flops(st, 2.0 * double(s.m) * double(s.n) * double(s.k));
}

void shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"m", "n", "k"});
    for (const auto& s : {shape{256, 256, 256}, shape{512, 512, 512}, shape{1024, 1024, 1024}, shape{4000, 200, 200},
                          shape{4000, 64, 64}, shape{4000, 200, 32}, shape{1024, 1024, 32}})
        b->Args({long(s.m), long(s.n), long(s.k)});
    b->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

void adjoint_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"k", "n", "mv"});
    b->Args({32, 200, 4000})->Args({64, 200, 4000})->Args({32, 1024, 1024});
    b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK_TEMPLATE(bm_adjoint, double, false)->Apply(adjoint_shapes);
BENCHMARK_TEMPLATE(bm_adjoint, double, true)->Apply(adjoint_shapes);
BENCHMARK_TEMPLATE(bm_adjoint, float, false)->Apply(adjoint_shapes);
BENCHMARK_TEMPLATE(bm_adjoint, float, true)->Apply(adjoint_shapes);
BENCHMARK_TEMPLATE(bm_svdkit_complex, double, false)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit_complex, double, true)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_blas_complex, double)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit_real, double)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit_complex, float, false)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit_complex, float, true)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_blas_complex, float)->Apply(shapes);
BENCHMARK_TEMPLATE(bm_svdkit_real, float)->Apply(shapes);

extern "C" void openblas_set_num_threads(int) __attribute__((weak));

int main(int argc, char** argv) {
    if (openblas_set_num_threads != nullptr) openblas_set_num_threads(1);  // one thread, as svdkit
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
