// Issue 4's timing requirement: svdkit::randomized_svd with k = 20 (default options: oversampling
// 10, and 7 power iterations since k < 0.1·min(m, n)) against the full thin svd() and
// singular_values() of the same 4000×1000 double matrix.
//
// The matrix is A = H_L·[Σ; 0]·H_Rᵀ with σ_i = exp(−i/10) (a decaying spectrum: σ_20 ≈ 0.14,
// σ_100 ≈ 5e-5), and H_L, H_R products of six Householder reflectors with random normal vectors
// from a fixed seed (orthogonal, so the singular values are exactly Σ up to rounding, and dense).
// Each run also reports, as counters, the randomized result's worst relative error on the k
// values (max_j |σ̃_j − σ_j|/σ_j) so that the speed is never quoted without the accuracy.
//
// The first size is the one the issue asks about; the second shows how the gap grows with size.
#include <cmath>    // std::exp, std::fabs
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::normal_distribution
#include <vector>   // std::vector

#include <benchmark/benchmark.h>
#include <svdkit/svdkit.hpp>

namespace {

constexpr std::size_t rank_k = 20;

struct test_matrix {
    svdkit::matrix<double> a;
    std::vector<double> sigma;
};

/// x ← (I − 2·v·vᵀ/‖v‖²)·x for every column x of a (from the left), v of length a.rows().
void reflect_rows(svdkit::matrix<double>& a, const std::vector<double>& v) {
    double vv = 0;
    for (double x : v) vv += x * x;
    for (std::size_t j = 0; j < a.cols(); ++j) {
        double dot = 0;
        for (std::size_t i = 0; i < a.rows(); ++i) dot += v[i] * a(i, j);
        const double f = 2 * dot / vv;
        for (std::size_t i = 0; i < a.rows(); ++i) a(i, j) -= f * v[i];
    }
}

/// Every row y of a ← y·(I − 2·v·vᵀ/‖v‖²), v of length a.cols().
void reflect_cols(svdkit::matrix<double>& a, const std::vector<double>& v) {
    double vv = 0;
    for (double x : v) vv += x * x;
    std::vector<double> av(a.rows(), 0.0);  // a·v
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) av[i] += a(i, j) * v[j];
    for (std::size_t j = 0; j < a.cols(); ++j) {
        const double f = 2 * v[j] / vv;
        for (std::size_t i = 0; i < a.rows(); ++i) a(i, j) -= f * av[i];
    }
}

test_matrix make_matrix(std::size_t m, std::size_t n) {
    std::mt19937_64 gen(20260401u + m + n);
    std::normal_distribution<double> normal(0.0, 1.0);
    test_matrix t{svdkit::matrix<double>(m, n), std::vector<double>(n)};
    for (std::size_t i = 0; i < n; ++i) {
        t.sigma[i] = std::exp(-static_cast<double>(i) / 10.0);
        t.a(i, i) = t.sigma[i];
    }
    for (int r = 0; r < 6; ++r) {
        std::vector<double> u(m), v(n);
        for (double& x : u) x = normal(gen);
        for (double& x : v) x = normal(gen);
        reflect_rows(t.a, u);
        reflect_cols(t.a, v);
    }
    return t;
}

/// The two benchmark matrices, built once.
const test_matrix& matrix_for(const benchmark::State& state) {
    static const test_matrix big = make_matrix(4000, 1000);
    static const test_matrix small = make_matrix(1000, 250);
    return state.range(0) == 4000 ? big : small;
}

void randomized_svd_k20(benchmark::State& state) {
    const test_matrix& t = matrix_for(state);
    svdkit::svd_result<double> r;
    for (auto _ : state) {
        r = svdkit::randomized_svd(t.a, rank_k);
        benchmark::DoNotOptimize(r);
    }
    double worst = 0;
    for (std::size_t j = 0; j < r.s.size(); ++j) {
        const double e = std::fabs(r.s[j] - t.sigma[j]) / t.sigma[j];
        worst = e > worst ? e : worst;
    }
    state.counters["max_rel_err"] = worst;
}

void svd_thin(benchmark::State& state) {
    const test_matrix& t = matrix_for(state);
    for (auto _ : state) {
        auto r = svdkit::svd(t.a, svdkit::vectors::thin);
        benchmark::DoNotOptimize(r);
    }
}

void singular_values(benchmark::State& state) {
    const test_matrix& t = matrix_for(state);
    for (auto _ : state) {
        auto s = svdkit::singular_values(t.a);
        benchmark::DoNotOptimize(s);
    }
}

}  // namespace

BENCHMARK(randomized_svd_k20)->Args({4000, 1000})->Args({1000, 250})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(svd_thin)->Args({4000, 1000})->Args({1000, 250})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(singular_values)->Args({4000, 1000})->Args({1000, 250})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
