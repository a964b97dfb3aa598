// Issue 20, part 2: the two-stage bidiagonal reduction, values only, one thread.
//
// Per shape (1024², 2048², 4000×200, 200×4000), registered one after the other so that the
// methods of a shape run back to back in one process (the machines are shared: compare within
// one run only):
//   values/one_stage   svdkit::singular_values, the two-stage path switched off
//   values/two_stage   svdkit::singular_values, the two-stage path forced on (any N)
//   values/dgesdd      LAPACKE dgesdd('N') (OpenBLAS, 1 thread)
//   reduce/one_stage   detail::bidiagonalize_in_place on the M×N working matrix (no QR first)
//   reduce/two_stage   detail::bidiagonalize_two_stage on the same
//   reduce/dgebrd      LAPACKE dgebrd on the m×n matrix
// Workspaces are reused across iterations (warm allocator); the input copy is outside the timing.
//
// The thread dimension (1024², 2048², 4096²; issue 20, part 2/3), all values only:
//   threads/svdkit/threads:T   svdkit svd(none, none) with svd_options::threads = T (default pool)
//   threads/dgesdd/threads:T   LAPACKE dgesdd('N') after openblas_set_num_threads(T)
// (OpenBLAS goes back to 1 thread after each.) The machines are shared: run these with
// --benchmark_enable_random_interleaving=true and several repetitions, and compare ratios.
//
// Run:  ./build/<dir>/bench/svdkit_bench_two_stage [--benchmark_filter=...]
//       ./build/<dir>/bench/svdkit_bench_two_stage --benchmark_filter='threads/.*m:(1024|2048)/'
//           --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <random>   // std::mt19937_64
#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <lapacke.h>
#include <svdkit/svd.hpp>

namespace {

svdkit::matrix<double> make_input(std::size_t m, std::size_t n) {
    std::mt19937_64 rng(20);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    svdkit::matrix<double> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = u(rng);
    return a;
}

void values(benchmark::State& state, bool two_stage) {
    const auto m = static_cast<std::size_t>(state.range(0));
    const auto n = static_cast<std::size_t>(state.range(1));
    const svdkit::matrix<double> a = make_input(m, n);
    svdkit::svd_workspace<double> ws;
    svdkit::detail::workspace_access::scratch(ws).two_stage_from =
        two_stage ? 0 : std::numeric_limits<std::size_t>::max();
    std::vector<double> s;
    for (auto _ : state) {
        svdkit::singular_values(a.view(), s, ws);
        benchmark::DoNotOptimize(s.data());
    }
}

extern "C" void openblas_set_num_threads(int) __attribute__((weak));

/// svdkit values only with svd_options::threads = range(2).
void values_threads(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const svdkit::matrix<double> a = make_input(n, n);
    svdkit::svd_workspace<double> ws;
    svdkit::svd_result<double> out;
    svdkit::svd_options opts{svdkit::vectors::none, svdkit::vectors::none, static_cast<unsigned>(state.range(2))};
    for (auto _ : state) {
        svdkit::svd(a.view(), opts, out, ws);
        benchmark::DoNotOptimize(out.s.data());
    }
}

void values_dgesdd(benchmark::State& state);

/// dgesdd('N') with OpenBLAS at range(2) threads.
void values_dgesdd_threads(benchmark::State& state) {
    if (openblas_set_num_threads != nullptr) openblas_set_num_threads(static_cast<int>(state.range(2)));
    values_dgesdd(state);
    if (openblas_set_num_threads != nullptr) openblas_set_num_threads(1);
}

void values_dgesdd(benchmark::State& state) {
    const auto m = static_cast<lapack_int>(state.range(0));
    const auto n = static_cast<lapack_int>(state.range(1));
    const svdkit::matrix<double> a = make_input(static_cast<std::size_t>(m), static_cast<std::size_t>(n));
    svdkit::matrix<double> w = a;
    std::vector<double> s(static_cast<std::size_t>(std::min(m, n)));
    double q = 0;
    std::vector<lapack_int> iw(8 * static_cast<std::size_t>(std::min(m, n)));
    LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, w.data(), m, s.data(), nullptr, 1, nullptr, 1, &q, -1,
                        iw.data());
    std::vector<double> work(static_cast<std::size_t>(q));
    for (auto _ : state) {
        state.PauseTiming();
        w = a;
        state.ResumeTiming();
        LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, w.data(), m, s.data(), nullptr, 1, nullptr, 1, work.data(),
                            static_cast<lapack_int>(work.size()), iw.data());
        benchmark::DoNotOptimize(s.data());
    }
}

void reduce(benchmark::State& state, bool two_stage) {
    const auto m = static_cast<std::size_t>(state.range(0));
    const auto n = static_cast<std::size_t>(state.range(1));
    const svdkit::matrix<double> a0 = make_input(m, n);
    // The working matrix as the driver makes it: M×N, M >= N (a wide input transposed).
    const std::size_t M = m < n ? n : m, N = m < n ? m : n;
    svdkit::matrix<double> a(M, N);
    for (std::size_t j = 0; j < N; ++j)
        for (std::size_t i = 0; i < M; ++i) a(i, j) = m < n ? a0(j, i) : a0(i, j);
    svdkit::detail::bidiagonal_reduction<double> r;
    svdkit::detail::bidiagonal_workspace<double> bw;
    svdkit::detail::two_stage_workspace<double> ts;
    for (auto _ : state) {
        state.PauseTiming();
        r.a = a;
        state.ResumeTiming();
        if (two_stage)
            svdkit::detail::bidiagonalize_two_stage(r, ts, bw.hh);
        else
            svdkit::detail::bidiagonalize_in_place(r, bw);
        benchmark::DoNotOptimize(r.d.data());
    }
}

void reduce_dgebrd(benchmark::State& state) {
    const auto m = static_cast<lapack_int>(state.range(0));
    const auto n = static_cast<lapack_int>(state.range(1));
    const svdkit::matrix<double> a = make_input(static_cast<std::size_t>(m), static_cast<std::size_t>(n));
    svdkit::matrix<double> w = a;
    const auto k = static_cast<std::size_t>(std::min(m, n));
    std::vector<double> d(k), e(k), tq(k), tp(k);
    double q = 0;
    LAPACKE_dgebrd_work(LAPACK_COL_MAJOR, m, n, w.data(), m, d.data(), e.data(), tq.data(), tp.data(), &q, -1);
    std::vector<double> work(static_cast<std::size_t>(q));
    for (auto _ : state) {
        state.PauseTiming();
        w = a;
        state.ResumeTiming();
        LAPACKE_dgebrd_work(LAPACK_COL_MAJOR, m, n, w.data(), m, d.data(), e.data(), tq.data(), tp.data(),
                            work.data(), static_cast<lapack_int>(work.size()));
        benchmark::DoNotOptimize(d.data());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (openblas_set_num_threads != nullptr) openblas_set_num_threads(1);
    const long shapes[][2] = {{1024, 1024}, {2048, 2048}, {4000, 200}, {200, 4000}, {128, 128}, {192, 192}, {256, 256}, {384, 384}, {512, 512}};
    for (const auto& sh : shapes) {
        const std::string tag = "/m:" + std::to_string(sh[0]) + "/n:" + std::to_string(sh[1]);
        const auto add = [&](const std::string& name, auto fn) {
            benchmark::RegisterBenchmark((name + tag).c_str(), fn)
                ->Args({sh[0], sh[1]})
                ->Unit(benchmark::kMillisecond)
                ->Repetitions(3)
                ->ReportAggregatesOnly(true);
        };
        add("values/one_stage", [](benchmark::State& s) { values(s, false); });
        add("values/two_stage", [](benchmark::State& s) { values(s, true); });
        add("values/dgesdd", values_dgesdd);
        add("reduce/one_stage", [](benchmark::State& s) { reduce(s, false); });
        add("reduce/two_stage", [](benchmark::State& s) { reduce(s, true); });
        add("reduce/dgebrd", reduce_dgebrd);
    }
    using bench_fn = void (*)(benchmark::State&);
    const std::pair<const char*, bench_fn> threaded[] = {{"threads/svdkit", values_threads},
                                                         {"threads/dgesdd", values_dgesdd_threads}};
    for (const long n : {1024L, 2048L, 4096L})
        for (const long t : {1L, 2L}) {
            const std::string tag =
                "/m:" + std::to_string(n) + "/n:" + std::to_string(n) + "/threads:" + std::to_string(t);
            for (const auto& [name, fn] : threaded)
                benchmark::RegisterBenchmark((name + tag).c_str(), fn)
                    ->Args({n, n, t})
                    ->Unit(benchmark::kMillisecond)
                    ->UseRealTime()
                    ->MinTime(n >= 4096 ? 0.1 : 0.5);
        }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
