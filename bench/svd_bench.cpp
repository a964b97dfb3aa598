// A first benchmark of svdkit::svd on square double matrices (n = 64, 256), thin vectors
// and values only, with Eigen's BDCSVD on the same matrices when SVDKIT_BENCH_WITH_EIGEN.
// The inputs are filled from a fixed-seed generator, so every run times the same work.
#include <cstddef>  // std::size_t
#include <random>   // std::mt19937_64, std::uniform_real_distribution

#include <benchmark/benchmark.h>
#include <svdkit/svdkit.hpp>

#if defined(SVDKIT_BENCH_WITH_EIGEN)
#include <Eigen/SVD>
#endif

namespace {

svdkit::matrix<double> random_square(std::size_t n) {
    std::mt19937_64 gen(20260101u + n);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    svdkit::matrix<double> a(n, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) a(i, j) = dist(gen);
    return a;
}

std::size_t size_arg(const benchmark::State& state) { return static_cast<std::size_t>(state.range(0)); }

void svdkit_thin(benchmark::State& state) {
    const svdkit::matrix<double> a = random_square(size_arg(state));
    for (auto _ : state) {
        auto r = svdkit::svd(a, svdkit::vectors::thin);
        benchmark::DoNotOptimize(r);
    }
}

void svdkit_values(benchmark::State& state) {
    const svdkit::matrix<double> a = random_square(size_arg(state));
    for (auto _ : state) {
        auto s = svdkit::singular_values(a);
        benchmark::DoNotOptimize(s);
    }
}

}  // namespace

BENCHMARK(svdkit_thin)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(svdkit_values)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);

#if defined(SVDKIT_BENCH_WITH_EIGEN)
namespace {

Eigen::MatrixXd random_square_eigen(std::size_t n) {
    const svdkit::matrix<double> a = random_square(n);  // the very same entries
    const auto size = static_cast<Eigen::Index>(n);
    return Eigen::Map<const Eigen::MatrixXd>(a.data(), size, size);
}

void eigen_bdcsvd_thin(benchmark::State& state) {
    const Eigen::MatrixXd a = random_square_eigen(size_arg(state));
    for (auto _ : state) {
        Eigen::BDCSVD<Eigen::MatrixXd> svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
        benchmark::DoNotOptimize(svd);
    }
}

void eigen_bdcsvd_values(benchmark::State& state) {
    const Eigen::MatrixXd a = random_square_eigen(size_arg(state));
    for (auto _ : state) {
        Eigen::BDCSVD<Eigen::MatrixXd> svd(a);
        benchmark::DoNotOptimize(svd);
    }
}

}  // namespace

BENCHMARK(eigen_bdcsvd_thin)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(eigen_bdcsvd_values)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);
#endif

BENCHMARK_MAIN();
