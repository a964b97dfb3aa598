// svdkit next to LAPACK (LAPACKE gesdd/gesvd; OpenBLAS when libopenblas-dev is installed, since
// Debian's liblapacke then resolves to it) and Eigen 3.4 (BDCSVD; JacobiSVD up to n = 512), on the
// shapes of the speed issue: square n = 8…2048, tall 4000×200 and 20000×100, wide 200×4000; values
// only and thin U, V; double and float; svdkit and gesdd with 1 and 2 threads. Also svdkit's gemm kernel
// against the BLAS dgemm/sgemm on n×n products.
//
// Every benchmark decomposes the same uniform(−1, 1) matrix from a fixed seed and times the call
// only (LAPACK's input copy, which gesdd/gesvd need because they overwrite A, is outside the
// timing). Counters:
//   GFLOP/s  the Golub-Reinsch flop count of the job (GVL4 §8.6.3), the same for every library,
//            so rates compare;
//   peak_MB  svdkit: peak bytes held through operator new during one call (result included),
//            counted by the replaced operator new below; LAPACK: its workspace (lwork·size +
//            liwork·int from a workspace query) plus s, U, Vᵀ and the copy of A it overwrites.
//            (Eigen allocates through malloc, not operator new: not counted.)
//   faults   svdkit and Eigen: minor page faults per call (getrusage), the first touches of memory
//            the allocator had to map anew; each costs ~9.5 us on the VMs these tables come from.
// Ratios must be read from one run: the machines are shared and vary by up to 1.5× between runs.
// bench/compare.py runs this program once and prints the ratio table.
//
// Run:  ./build/<dir>/bench/svdkit_bench_lapack [--benchmark_filter=...]   (configure with
// -DCMAKE_CXX_FLAGS=-march=native for the numbers the speed issue quotes)
#include <atomic>   // std::atomic
#include <cstddef>  // std::size_t
#include <cstdlib>  // std::malloc, std::free
#include <new>      // std::bad_alloc, std::nothrow_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution
#include <string>   // std::string
#include <vector>   // std::vector

#include <sys/resource.h>  // getrusage

#include <Eigen/SVD>
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <lapacke.h>
#include <svdkit/svdkit.hpp>

// OpenBLAS's thread count, set through its API (declared weak: other BLAS builds do not have it).
extern "C" void openblas_set_num_threads(int) __attribute__((weak));
extern "C" int openblas_get_num_threads(void) __attribute__((weak));

// ---- allocation accounting (this program only) ---------------------------------------------
namespace {
std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};
constexpr std::size_t header = 16;  // keeps the block's size; 16 keeps malloc's alignment

void* counted_new(std::size_t size) {
    void* p = std::malloc(size + header);
    if (p == nullptr) throw std::bad_alloc();
    *static_cast<std::size_t*>(p) = size;
    const std::size_t now = live_bytes.fetch_add(size) + size;
    std::size_t peak = peak_bytes.load();
    while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
    }
    return static_cast<char*>(p) + header;
}
void counted_delete(void* q) noexcept {
    if (q == nullptr) return;
    void* p = static_cast<char*>(q) - header;
    live_bytes.fetch_sub(*static_cast<std::size_t*>(p));
    std::free(p);
}
}  // namespace

void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
// The nothrow forms too (std::stable_sort's temporary buffer uses them): left to the runtime, a
// block from its operator new would reach counted_delete's std::free at the wrong address
// (g++ 12 rejects the mismatch at compile time with -Werror=mismatched-new-delete).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return counted_new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t& t) noexcept { return operator new(size, t); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_delete(p); }

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

void set_rate(benchmark::State& st, double flop) {
    st.counters["GFLOP/s"] =
        benchmark::Counter(flop * static_cast<double>(st.iterations()) * 1e-9, benchmark::Counter::kIsRate);
}

struct job {
    std::size_t m, n;
    bool vectors;
};

job job_of(const benchmark::State& st) {
    return {static_cast<std::size_t>(st.range(0)), static_cast<std::size_t>(st.range(1)), st.range(2) != 0};
}

/// Minor page faults of this process so far.
long minor_faults() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return r.ru_minflt;
}

/// The "faults" counter: page faults per iteration since `before`.
void set_faults(benchmark::State& st, long before) {
    st.counters["faults"] = static_cast<double>(minor_faults() - before) / static_cast<double>(st.iterations());
}

// ---- svdkit ----------------------------------------------------------------------------------
// Two ways to call it, paired with the anchor that does the same:
//  - reuse: svd(a, opts, out, ws) with one svd_workspace and svd_result across iterations, the
//    steady state of a program that decomposes repeatedly. LAPACK is measured that way too
//    (dgesdd_work with its workspace and U, Vᵀ, s allocated once), so svdkit/gesdd compares it.
//  - fresh: svd(a, opts), allocating everything on every call, as Eigen's BDCSVD does when a
//    solver object is constructed per matrix; svdkit/BDCSVD compares it. Its peak_MB counter is
//    the peak of live heap bytes during one call (scratch plus result), next to gesdd's workspace.
//    Fresh calls also pay the page faults of memory the allocator maps anew. How many depends on
//    glibc's state: its mmap and trim thresholds rise once large blocks have been freed, so in
//    this long-running process many fresh calls get memory back without faults, while a one-off
//    call in a new process faults every page (256×256 thin: 19-22 ms against 7.8 ms with a
//    reused workspace, on the VM of the bench/README table). The faults counter tells which.
template <class T>
void bm_svdkit(benchmark::State& st, unsigned threads, bool reuse) {
    const job j = job_of(st);
    const svdkit::matrix<T> a = random_matrix<T>(j.m, j.n);
    const svdkit::vectors v = j.vectors ? svdkit::vectors::thin : svdkit::vectors::none;
    const svdkit::svd_options opts{v, v, threads};
    std::size_t peak = 0;
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> out;
    // The reused workspace and result are sized before timing starts, as gesdd's workspace and
    // outputs are (std::vector fills them, so their pages are mapped then). At n >= 1024 one
    // iteration fills a repetition, and this first call's allocations and page faults would be
    // timed otherwise.
    if (reuse) svdkit::svd(a, opts, out, ws);
    const long faults_before = minor_faults();
    for (auto _ : st) {
        if (reuse) {
            svdkit::svd(a, opts, out, ws);
            benchmark::DoNotOptimize(out.s.data());
        } else {
            const std::size_t before = live_bytes.load();
            peak_bytes = before;
            auto r = svdkit::svd(a, opts);
            benchmark::DoNotOptimize(r.s.data());
            peak = peak_bytes.load() - before;
        }
    }
    set_faults(st, faults_before);
    set_rate(st, flops(j.m, j.n, j.vectors));
    if (!reuse) st.counters["peak_MB"] = static_cast<double>(peak) / 1e6;
}

// ---- Eigen -----------------------------------------------------------------------------------
template <class T, template <class> class Solver>
void bm_eigen(benchmark::State& st) {
    const job j = job_of(st);
    const svdkit::matrix<T> a = random_matrix<T>(j.m, j.n);
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    const Eigen::Map<const M> am(a.data(), static_cast<Eigen::Index>(j.m), static_cast<Eigen::Index>(j.n));
    const long faults_before = minor_faults();
    for (auto _ : st) {
        Solver<M> s(am, j.vectors ? (Eigen::ComputeThinU | Eigen::ComputeThinV) : 0);
        benchmark::DoNotOptimize(s.singularValues().data());
    }
    set_faults(st, faults_before);
    set_rate(st, flops(j.m, j.n, j.vectors));
}
template <class M>
using bdcsvd = Eigen::BDCSVD<M>;
template <class M>
using jacobisvd = Eigen::JacobiSVD<M>;

// ---- LAPACK ----------------------------------------------------------------------------------
lapack_int gesdd(char jz, lapack_int m, lapack_int n, double* a, double* s, double* u, double* vt, double* w,
                 lapack_int lw, lapack_int* iw) {
    return LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, jz, m, n, a, m, s, u, m, vt, m < n ? m : n, w, lw, iw);
}
lapack_int gesdd(char jz, lapack_int m, lapack_int n, float* a, float* s, float* u, float* vt, float* w,
                 lapack_int lw, lapack_int* iw) {
    return LAPACKE_sgesdd_work(LAPACK_COL_MAJOR, jz, m, n, a, m, s, u, m, vt, m < n ? m : n, w, lw, iw);
}
lapack_int gesvd(char jz, lapack_int m, lapack_int n, double* a, double* s, double* u, double* vt, double* w,
                 lapack_int lw, lapack_int*) {
    return LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, jz, jz, m, n, a, m, s, u, m, vt, m < n ? m : n, w, lw);
}
lapack_int gesvd(char jz, lapack_int m, lapack_int n, float* a, float* s, float* u, float* vt, float* w,
                 lapack_int lw, lapack_int*) {
    return LAPACKE_sgesvd_work(LAPACK_COL_MAJOR, jz, jz, m, n, a, m, s, u, m, vt, m < n ? m : n, w, lw);
}

/// gesdd (divide and conquer) or gesvd (QR iteration) with a workspace from the routine's query.
template <class T, bool divide_and_conquer>
void bm_lapack(benchmark::State& st) {
    const job j = job_of(st);
    const svdkit::matrix<T> a = random_matrix<T>(j.m, j.n);
    const std::size_t k = j.m < j.n ? j.m : j.n;
    const auto lm = static_cast<lapack_int>(j.m), ln = static_cast<lapack_int>(j.n);
    const char jz = j.vectors ? 'S' : 'N';
    std::vector<T> s(k), u(j.vectors ? j.m * k : 1), vt(j.vectors ? k * j.n : 1);
    std::vector<lapack_int> iw(8 * k);
    svdkit::matrix<T> w = a;
    T query = 0;
    auto call = [&](T* work, lapack_int lwork) {
        return divide_and_conquer ? gesdd(jz, lm, ln, w.data(), s.data(), u.data(), vt.data(), work, lwork, iw.data())
                                  : gesvd(jz, lm, ln, w.data(), s.data(), u.data(), vt.data(), work, lwork, iw.data());
    };
    if (call(&query, -1) != 0) st.SkipWithError("workspace query failed");
    std::vector<T> work(static_cast<std::size_t>(query) + 1);
    for (auto _ : st) {
        st.PauseTiming();
        w = a;  // gesdd/gesvd overwrite their input
        st.ResumeTiming();
        if (call(work.data(), static_cast<lapack_int>(work.size())) != 0) st.SkipWithError("LAPACK failed");
        benchmark::DoNotOptimize(s.data());
    }
    set_rate(st, flops(j.m, j.n, j.vectors));
    const double bytes = static_cast<double>(work.size() * sizeof(T) + (divide_and_conquer ? iw.size() * sizeof(lapack_int) : 0) +
                                             (s.size() + u.size() + vt.size() + a.size()) * sizeof(T));
    st.counters["peak_MB"] = bytes / 1e6;
}

/// gesdd with two BLAS threads (OpenBLAS; skipped elsewhere), next to svdkit's t2: main() sets one
/// thread for everything else, so this sets two for its own run and puts one back.
template <class T>
void bm_gesdd_t2(benchmark::State& st) {
    if (openblas_set_num_threads == nullptr) {
        st.SkipWithError("not OpenBLAS: no thread count to set");
        return;
    }
    openblas_set_num_threads(2);
    bm_lapack<T, true>(st);
    openblas_set_num_threads(1);
}

// ---- the shapes ------------------------------------------------------------------------------
constexpr long largest_square = 2048;

void shapes_up_to(benchmark::internal::Benchmark* b, long largest, bool rectangular) {
    for (long n : {8L, 16L, 32L, 64L, 256L, 512L, 1024L, 2048L}) {
        if (n > largest) break;
        b->Args({n, n, 0});
        b->Args({n, n, 1});
    }
    if (rectangular) {
        b->Args({4000, 200, 1});
        b->Args({20000, 100, 0});
        b->Args({200, 4000, 0});
    }
    b->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
}
void all_shapes(benchmark::internal::Benchmark* b) { shapes_up_to(b, largest_square, true); }
void up_to_512(benchmark::internal::Benchmark* b) { shapes_up_to(b, 512, true); }
// float: the thin-vector targets (square 256…2048 and 4000×200) and values at 1024.
void float_shapes(benchmark::internal::Benchmark* b) {
    for (long n : {256L, 1024L, 2048L}) b->Args({n, n, 1});
    b->Args({1024, 1024, 0});
    b->Args({4000, 200, 1});
    b->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
}
// Two threads: where products are large enough to split.
void threaded_shapes(benchmark::internal::Benchmark* b) {
    for (long n : {512L, 1024L, 2048L}) {
        b->Args({n, n, 0});
        b->Args({n, n, 1});
    }
    b->Args({4000, 200, 1});
    b->ArgNames({"m", "n", "vectors"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

// ---- the matrix-multiply kernel against the BLAS ----------------------------------------------
template <class T>
void bm_gemm_svdkit(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const svdkit::matrix<T> a = random_matrix<T>(n, n), b = random_matrix<T>(n, n);
    svdkit::matrix<T> c(n, n);
    svdkit::detail::gemm_workspace<T> ws;
    for (auto _ : st) {
        svdkit::detail::gemm(false, false, n, n, n, T(1), a.data(), n, b.data(), n, T(0), c.data(), n, &ws);
        benchmark::DoNotOptimize(c.data());
    }
    set_rate(st, 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n));
}
void blas_gemm(int n, const double* a, const double* b, double* c) {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
}
void blas_gemm(int n, const float* a, const float* b, float* c) {
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
}
template <class T>
void bm_gemm_blas(benchmark::State& st) {
    const auto n = static_cast<std::size_t>(st.range(0));
    const svdkit::matrix<T> a = random_matrix<T>(n, n), b = random_matrix<T>(n, n);
    svdkit::matrix<T> c(n, n);
    for (auto _ : st) {
        blas_gemm(static_cast<int>(n), a.data(), b.data(), c.data());
        benchmark::DoNotOptimize(c.data());
    }
    set_rate(st, 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n));
}

// BENCHMARK_CAPTURE takes a plain name: one wrapper per scalar type.
void bm_svdkit_double(benchmark::State& st, unsigned threads, bool reuse) { bm_svdkit<double>(st, threads, reuse); }
void bm_svdkit_float(benchmark::State& st, unsigned threads, bool reuse) { bm_svdkit<float>(st, threads, reuse); }

}  // namespace

BENCHMARK_CAPTURE(bm_svdkit_double, t1, 1u, true)->Apply(all_shapes);
BENCHMARK_CAPTURE(bm_svdkit_double, fresh, 1u, false)->Apply(all_shapes);
BENCHMARK_TEMPLATE(bm_lapack, double, true)->Apply(all_shapes);
BENCHMARK_TEMPLATE(bm_eigen, double, bdcsvd)->Apply(all_shapes);
BENCHMARK_TEMPLATE(bm_eigen, double, jacobisvd)->Apply(up_to_512);
BENCHMARK_TEMPLATE(bm_lapack, double, false)->Apply(up_to_512);
BENCHMARK_CAPTURE(bm_svdkit_double, t2, 2u, true)->Apply(threaded_shapes);
BENCHMARK_TEMPLATE(bm_gesdd_t2, double)->Apply(threaded_shapes);

BENCHMARK_CAPTURE(bm_svdkit_float, t1, 1u, true)->Apply(float_shapes);
BENCHMARK_CAPTURE(bm_svdkit_float, fresh, 1u, false)->Apply(float_shapes);
BENCHMARK_TEMPLATE(bm_lapack, float, true)->Apply(float_shapes);
BENCHMARK_TEMPLATE(bm_eigen, float, bdcsvd)->Apply(float_shapes);
BENCHMARK_CAPTURE(bm_svdkit_float, t2, 2u, true)->Apply(float_shapes);
BENCHMARK_TEMPLATE(bm_gesdd_t2, float)->Apply(float_shapes);

BENCHMARK_TEMPLATE(bm_gemm_svdkit, double)->Arg(64)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_gemm_blas, double)->Arg(64)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_gemm_svdkit, float)->Arg(64)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(bm_gemm_blas, float)->Arg(64)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

// One BLAS thread, as the speed issue's anchors are measured: OpenBLAS reads OPENBLAS_NUM_THREADS
// at load time, so set it through its API.

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
