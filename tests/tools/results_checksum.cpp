// A fingerprint of svdkit's numerical results, for changes that must not change a single bit
// (a refactor, a move of code between headers).
//
// Runs svd() (thin, full, values; one and two threads; workspace reused), the bidiagonal solvers,
// and the uses (low_rank, randomized_svd, pinv, lstsq, pca) on fixed inputs for float, double and
// long double, and prints one FNV-1a hash per type over every output value. Build it at the commit
// before the change and at the commit after, with the same compiler and flags, and compare:
//
//     cmake --build build/test --target results_checksum && build/test/tests/results_checksum
//
// Uses the public API only, so the same source builds on both sides of a move.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include <svdkit/svdkit.hpp>

namespace {

struct fnv {
    std::uint64_t h = 1469598103934665603ull;
    std::uint64_t count = 0;
    void byte(unsigned char b) {
        h ^= b;
        h *= 1099511628211ull;
    }
    void word(std::uint64_t w) {
        for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(w >> (8 * i)));
    }
    // Hash the value, not its bytes: long double has padding bytes with no defined content.
    template <class T>
    void value(T x) {
        ++count;
        if (std::isnan(x)) return word(0x7ff8dead);
        int e = 0;
        const long double f = std::frexp(static_cast<long double>(x), &e);
        word(static_cast<std::uint64_t>(static_cast<std::int64_t>(std::ldexp(f, 64 - 1))));
        word(static_cast<std::uint64_t>(e));
        word(std::signbit(x) ? 1u : 0u);
    }
    template <class T>
    void values(const std::vector<T>& v) {
        word(v.size());
        for (T x : v) value(x);
    }
    template <class T>
    void values(const svdkit::matrix<T>& a) {
        word(a.rows());
        word(a.cols());
        for (std::size_t j = 0; j < a.cols(); ++j)
            for (std::size_t i = 0; i < a.rows(); ++i) value(a(i, j));
    }
    template <class T>
    void values(const svdkit::svd_result<T>& r) {
        values(r.u);
        values(r.s);
        values(r.v);
    }
};

template <class T>
svdkit::matrix<T> uniform(std::size_t m, std::size_t n, std::mt19937_64& rng) {
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i)
            a(i, j) = static_cast<T>(static_cast<double>(rng() >> 11) * 0x1.0p-52 - 1.0);
    return a;
}

// Columns scaled from 1 down to 1e-6: small singular values, dqds and deflation at work.
template <class T>
svdkit::matrix<T> graded(std::size_t m, std::size_t n, std::mt19937_64& rng) {
    svdkit::matrix<T> a = uniform<T>(m, n, rng);
    for (std::size_t j = 0; j < n; ++j) {
        const T s = static_cast<T>(std::pow(1e-6, n > 1 ? double(j) / double(n - 1) : 0.0));
        for (std::size_t i = 0; i < m; ++i) a(i, j) *= s;
    }
    return a;
}

template <class T>
std::uint64_t run(std::uint64_t& count) {
    fnv h;
    std::mt19937_64 rng(20261204);
    const std::size_t shapes[][2] = {{1, 1},    {1, 17},   {17, 1},   {2, 2},   {3, 3},    {5, 5},
                                     {10, 10},  {47, 47},  {48, 48},  {50, 50}, {97, 97},  {200, 200},
                                     {300, 20}, {1000, 7}, {20, 300}, {300, 120}, {120, 300}, {260, 250}};
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> reused;
    for (const auto& sh : shapes) {
        for (int kind = 0; kind < 2; ++kind) {
            const svdkit::matrix<T> a = kind == 0 ? uniform<T>(sh[0], sh[1], rng) : graded<T>(sh[0], sh[1], rng);
            h.values(svdkit::svd(a, svdkit::vectors::thin));
            h.values(svdkit::svd(a, svdkit::vectors::full));
            h.values(svdkit::singular_values(a));
            h.values(svdkit::svd(a, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::thin, 2}));
            svdkit::svd(a.view(), svdkit::svd_options{}, reused, ws);
            h.values(reused);
            const std::size_t k = std::min(sh[0], sh[1]);
            h.values(svdkit::truncated_svd(a, (k + 1) / 2));
            if (k >= 4) h.values(svdkit::randomized_svd(a, k / 4));
            const auto p = svdkit::pinv(a);
            h.values(static_cast<const svdkit::matrix<T>&>(p));
            std::vector<T> b(sh[0], T(1));
            h.values(svdkit::lstsq(a, b).x);
            if (sh[0] >= 2 && sh[1] >= 1) {
                svdkit::pca<T> pc(std::min<std::size_t>(k, 3));
                h.values(pc.fit_transform(a));
            }
        }
    }
    // The bidiagonal solvers directly: random, graded and clustered bidiagonals, n across the
    // QR-iteration / divide-and-conquer crossover.
    for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{10}, std::size_t{25},
                                std::size_t{47}, std::size_t{48}, std::size_t{49}, std::size_t{100}, std::size_t{130},
                                std::size_t{257}}) {
        for (int kind = 0; kind < 3; ++kind) {
            std::vector<T> d(n), e(n > 0 ? n - 1 : 0);
            for (std::size_t i = 0; i < n; ++i) {
                const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
                d[i] = static_cast<T>(kind == 0 ? u + 0.5 : kind == 1 ? std::pow(1e-3, double(i) / double(n)) * (u + 0.5) : 1.0 + 1e-9 * u);
            }
            for (auto& x : e) {
                const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
                x = static_cast<T>(kind == 2 ? 1e-8 * u : u);
            }
            h.values(svdkit::bidiagonal_singular_values(d, e));
            h.values(svdkit::bidiagonal_svd(d, e, svdkit::vectors::thin));
        }
    }
    count = h.count;
    return h.h;
}

}  // namespace

int main() {
    std::uint64_t cf = 0, cd = 0, cl = 0;
    const std::uint64_t f = run<float>(cf), d = run<double>(cd), l = run<long double>(cl);
    std::printf("float       %016llx  (%llu values)\n", static_cast<unsigned long long>(f), static_cast<unsigned long long>(cf));
    std::printf("double      %016llx  (%llu values)\n", static_cast<unsigned long long>(d), static_cast<unsigned long long>(cd));
    std::printf("long double %016llx  (%llu values)\n", static_cast<unsigned long long>(l), static_cast<unsigned long long>(cl));
}
