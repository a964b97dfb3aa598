// Test support: reproducible test matrices.
//
//   gaussian(m, n, rng)               i.i.d. N(0, 1) entries
//   random_orthonormal(m, k, rng)     m×k with orthonormal columns (Householder QR of a Gaussian)
//   with_singular_values(m, n, σ)     U·diag(σ)·Vᵀ with random orthonormal U, V, built in long double
//   spectra::*                        prescribed σ: geometric/graded, clustered, repeated,
//                                     rank-deficient, zero
//   kahan(n, θ), hilbert(n)           classic ill-conditioned matrices
//   upper_bidiagonal(d, e)            the dense form of a bidiagonal
//
// Every generator takes its random numbers from a std::mt19937_64 seeded by the caller, so every
// test matrix is the same on every run with one standard library. (std::normal_distribution is not
// bit-reproducible across standard libraries; that is fine: no test depends on the exact values.)
#ifndef SVDKIT_TESTS_SUPPORT_GENERATORS_HPP
#define SVDKIT_TESTS_SUPPORT_GENERATORS_HPP

#include <algorithm>  // std::sort
#include <cmath>      // std::pow, std::sin, std::cos
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <functional> // std::greater
#include <random>     // std::mt19937_64, std::normal_distribution
#include <vector>     // std::vector

#include <Eigen/Dense>

#include "dense.hpp"

namespace svdkit_test {

using rng_t = std::mt19937_64;

/// An m×n matrix of independent standard normal entries.
template <class T>
dense<T> gaussian(std::size_t m, std::size_t n, rng_t& rng) {
    std::normal_distribution<double> normal(0.0, 1.0);
    dense<T> a(ix(m), ix(n));
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) a(i, j) = static_cast<T>(normal(rng));
    return a;
}

/// An m×k matrix (k <= m) with orthonormal columns, distributed like the first k columns of a
/// Haar-random orthogonal matrix: the Q factor of a Householder QR of an m×k Gaussian matrix, with
/// column signs chosen so that R has a positive diagonal.
template <class W>
dense<W> random_orthonormal(std::size_t m, std::size_t k, rng_t& rng) {
    const dense<W> g = gaussian<W>(m, k, rng);
    const Eigen::HouseholderQR<dense<W>> qr(g);
    dense<W> q = qr.householderQ() * dense<W>::Identity(ix(m), ix(k));
    for (Eigen::Index j = 0; j < ix(k); ++j)
        if (qr.matrixQR()(j, j) < W(0)) q.col(j) = -q.col(j);
    return q;
}

/// A matrix and the singular values it was built from (sorted non-increasing, in long double).
template <class T>
struct known_matrix {
    dense<T> a;
    std::vector<long double> sigma;
};

/// A = U·diag(σ)·Vᵀ (m×n) with U (m×k) and V (n×k) random with orthonormal columns,
/// k = min(m, n) = sigma.size(), computed in long double and rounded once to T.
///
/// The exact singular values of the rounded A differ from σ by at most ‖A − fl(A)‖₂ <= (ε/2)·‖A‖_F
/// (Weyl), so they are known to that normwise accuracy, not to high relative accuracy.
template <class T>
known_matrix<T> with_singular_values(std::size_t m, std::size_t n, std::vector<long double> sigma, rng_t& rng) {
    std::sort(sigma.begin(), sigma.end(), std::greater<long double>());
    const std::size_t k = sigma.size();
    const dense<long double> u = random_orthonormal<long double>(m, k, rng);
    const dense<long double> v = random_orthonormal<long double>(n, k, rng);
    dense<long double> us = u;
    for (std::size_t j = 0; j < k; ++j) us.col(ix(j)) *= sigma[j];
    const dense<long double> a = us * v.transpose();
    return {a.cast<T>(), sigma};
}

// Compiled once in helpers.cpp (Eigen's Householder QR and products in long double are costly to
// compile, more so under the sanitizers), not in every test file.
#define SVDKIT_TEST_GENERATOR_INSTANCES(KIND, T)                                                  \
    KIND template dense<T> random_orthonormal<T>(std::size_t, std::size_t, rng_t&);               \
    KIND template known_matrix<T> with_singular_values<T>(std::size_t, std::size_t, std::vector<long double>, rng_t&);
SVDKIT_TEST_GENERATOR_INSTANCES(extern, float)
SVDKIT_TEST_GENERATOR_INSTANCES(extern, double)
SVDKIT_TEST_GENERATOR_INSTANCES(extern, long double)

/// Prescribed singular-value distributions, each of length k, in long double.
namespace spectra {

/// σ_i = hi·(lo/hi)^(i/(k−1)): evenly spaced on a log scale from hi down to lo ("graded").
inline std::vector<long double> geometric(std::size_t k, long double hi, long double lo) {
    std::vector<long double> s(k, hi);
    for (std::size_t i = 1; i < k; ++i)
        s[i] = hi * std::pow(lo / hi, static_cast<long double>(i) / static_cast<long double>(k - 1));
    return s;
}

/// Half the values packed within a relative width `width` around 1, the rest around 1e-3
/// (two tight clusters: distinct values that no gap-dependent method can separate easily).
inline std::vector<long double> clustered(std::size_t k, long double width) {
    std::vector<long double> s(k);
    for (std::size_t i = 0; i < k; ++i) {
        const long double centre = i < k / 2 ? 1.0L : 1e-3L;
        s[i] = centre * (1.0L + width * static_cast<long double>(i % 7) / 7.0L);
    }
    return s;
}

/// Values repeated exactly: 3 (a third of them), 1 (a third), 1e-2 (the rest).
inline std::vector<long double> repeated(std::size_t k) {
    std::vector<long double> s(k);
    for (std::size_t i = 0; i < k; ++i) s[i] = i < k / 3 ? 3.0L : (i < 2 * k / 3 ? 1.0L : 1e-2L);
    return s;
}

/// Rank r: r values geometric from 1 down to 1e-2, then exact zeros.
inline std::vector<long double> rank_deficient(std::size_t k, std::size_t r) {
    std::vector<long double> s(k, 0.0L);
    const std::vector<long double> g = geometric(r, 1.0L, 1e-2L);
    for (std::size_t i = 0; i < r && i < k; ++i) s[i] = g[i];
    return s;
}

}  // namespace spectra

/// Kahan's matrix K_n(θ) = diag(1, s, s², …, s^(n−1))·(I − c·N), N strictly upper triangular of
/// ones, s = sin θ, c = cos θ: triangular, badly conditioned, graded by rows (GVL4 §5.4.3).
template <class T>
dense<T> kahan(std::size_t n, long double theta) {
    const long double s = std::sin(theta), c = std::cos(theta);
    dense<long double> k = dense<long double>::Zero(ix(n), ix(n));
    long double scale = 1.0L;
    for (std::size_t i = 0; i < n; ++i, scale *= s) {
        k(ix(i), ix(i)) = scale;
        for (std::size_t j = i + 1; j < n; ++j) k(ix(i), ix(j)) = -c * scale;
    }
    return k.cast<T>();
}

/// The n×n Hilbert matrix H(i, j) = 1/(i + j + 1) (0-based), rounded to T.
template <class T>
dense<T> hilbert(std::size_t n) {
    dense<T> h(ix(n), ix(n));
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) h(ix(i), ix(j)) = static_cast<T>(1.0L / static_cast<long double>(i + j + 1));
    return h;
}

/// The dense n×n upper bidiagonal with diagonal d (size n) and superdiagonal e (size n−1).
template <class T>
dense<T> upper_bidiagonal(const std::vector<T>& d, const std::vector<T>& e) {
    const std::size_t n = d.size();
    dense<T> b = dense<T>::Zero(ix(n), ix(n));
    for (std::size_t i = 0; i < n; ++i) b(ix(i), ix(i)) = d[i];
    for (std::size_t i = 0; i + 1 < n; ++i) b(ix(i), ix(i + 1)) = e[i];
    return b;
}

/// A seed derived from a test's parameters, so each case has its own fixed stream.
inline std::uint64_t seed_of(std::size_t m, std::size_t n, std::size_t salt) {
    return 0x5eed5eedULL ^ (static_cast<std::uint64_t>(m) * 1000003ULL) ^ (static_cast<std::uint64_t>(n) * 7919ULL) ^
           (static_cast<std::uint64_t>(salt) << 40);
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_GENERATORS_HPP
