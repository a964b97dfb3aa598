// Test support for tests/pca.cpp: data whose covariance spectrum is chosen by construction, and an
// independent PCA computed with Eigen in a wider type (the oracle).
//
//   data_with_spectrum(n, d, σ, μ, axes, rng)   X = 1·μᵀ + Q·diag(σ)·Vᵀ with Q ⟂ 1: known mean,
//                                                covariance eigenvalues σ_i²/(n−1) along V's columns
//   covariance_eigen<W>(x)                       mean, centered X, eigenvalues (descending) and
//                                                sign-normalized eigenvectors of the sample
//                                                covariance (ddof = 1), by SelfAdjointEigenSolver in W
//   rank_k_reference<W>(x, k)                    μ + (centered X)_k, the rank-k truncation by BDCSVD
//   dominant_index(v), sign_normalized(v)        the sign convention of issue 5 (scikit-learn's
//                                                svd_flip: largest |entry| positive, first on ties)
//
// Nothing here calls svdkit::pca.
#ifndef SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_HPP
#define SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_HPP

#include <algorithm>  // std::max, std::min, std::reverse
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <utility>    // std::move
#include <vector>     // std::vector

#include <Eigen/Dense>

#include "dense.hpp"
#include "generators.hpp"

namespace svdkit_test {

/// The index of the first entry of largest magnitude.
template <class Vec>
Eigen::Index dominant_index(const Vec& v) {
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < v.size(); ++i)
        if (std::abs(v(i)) > std::abs(v(best))) best = i;
    return best;
}

/// v or −v, whichever has its dominant entry (dominant_index) positive.
template <class W>
Eigen::Matrix<W, Eigen::Dynamic, 1> sign_normalized(Eigen::Matrix<W, Eigen::Dynamic, 1> v) {
    if (v.size() > 0 && v(dominant_index(v)) < W(0)) v = -v;
    return v;
}

/// How the principal axes V of generated data are drawn.
enum class axes_kind {
    haar,      ///< Haar-random orthonormal columns
    dominant,  ///< column i close to e_i (|v_ii| ≈ 0.9, the rest ≈ 0.45/√d): sign decisions with
               ///< a wide margin, so every correct solver must agree on them
};

/// Generated PCA data and what is known about it exactly (before rounding to T).
template <class T>
struct spectrum_data {
    dense<T> x;                          ///< n×d, rows are samples
    std::vector<long double> variances;  ///< σ_i²/(n−1), descending (r of them; the other d−r are 0)
    dense<long double> axes;             ///< d×r, column i the axis of variances[i]
};

/// X = 1·μᵀ + Q·diag(σ)·Vᵀ (n×d), built in long double and rounded once to T. Q (n×r, r = σ.size()
/// <= min(n − 1, d)) has orthonormal columns orthogonal to the all-ones vector, so in exact
/// arithmetic the column means of X are μ and its sample covariance (ddof = 1) is
/// V·diag(σ²/(n−1))·Vᵀ. σ must be given in non-increasing order. The construction is in
/// data_with_spectrum_wide (compiled once, for every T: it is all long double).
spectrum_data<long double> data_with_spectrum_wide(std::size_t n, std::size_t d, const std::vector<long double>& sigma,
                                                   const std::vector<long double>& mu, axes_kind kind, rng_t& rng);
template <class T>
spectrum_data<T> data_with_spectrum(std::size_t n, std::size_t d, const std::vector<long double>& sigma,
                                    const std::vector<long double>& mu, axes_kind kind, rng_t& rng) {
    spectrum_data<long double> w = data_with_spectrum_wide(n, d, sigma, mu, kind, rng);
    spectrum_data<T> out;
    out.x = w.x.template cast<T>();
    out.variances = std::move(w.variances);
    out.axes = std::move(w.axes);
    return out;
}

/// An independent PCA of x (n×d): everything computed in W from x converted to W.
template <class W>
struct pca_reference {
    Eigen::Matrix<W, Eigen::Dynamic, 1> mean;  ///< column means
    dense<W> xc;                               ///< x − 1·meanᵀ
    std::vector<W> variances;                  ///< all d covariance eigenvalues, descending
    dense<W> axes;                             ///< d×d, column i the eigenvector of variances[i],
                                               ///< sign-normalized
};

/// The covariance S = Xcᵀ·Xc/(n−1) and its eigendecomposition by Eigen's SelfAdjointEigenSolver
/// (a tridiagonal QR algorithm: independent of svdkit's bidiagonal SVD).
template <class W>
pca_reference<W> covariance_eigen_of(const dense<W>& xw);  // x already in W
template <class W, class T>
pca_reference<W> covariance_eigen(const dense<T>& x) {
    return covariance_eigen_of<W>(x.template cast<W>());
}

/// μ + (X − 1·μᵀ)_k in W, with (·)_k the best rank-k approximation (the first k singular triplets
/// of Eigen's BDCSVD of the centered data), and the singular values of the centered data.
template <class W>
struct rank_k_result {
    dense<W> x_k;
    std::vector<W> sigma;
};

template <class W>
rank_k_result<W> rank_k_reference_of(const dense<W>& xw, std::size_t k);  // x already in W
template <class W, class T>
rank_k_result<W> rank_k_reference(const dense<T>& x, std::size_t k) {
    return rank_k_reference_of<W>(x.template cast<W>(), k);
}

// The Eigen work (QR, eigensolver, BDCSVD in the wide types: the most expensive templates of the
// suite to compile) is compiled once per wide type W, in pca_reference_double.cpp and
// pca_reference_long_double.cpp; T only converts on the way in or out.
#define SVDKIT_TEST_PCA_REFERENCE_INSTANCES(KIND, W)                                    \
    KIND template pca_reference<W> covariance_eigen_of<W>(const dense<W>&);              \
    KIND template rank_k_result<W> rank_k_reference_of<W>(const dense<W>&, std::size_t);
SVDKIT_TEST_PCA_REFERENCE_INSTANCES(extern, double)
SVDKIT_TEST_PCA_REFERENCE_INSTANCES(extern, long double)

/// The angle between unit vectors a and b, with sign: near 0 when they agree, near π when b ≈ −a.
/// atan2(‖a − (a·b)b‖, a·b) is accurate for small angles, where acos(a·b) is not.
template <class W>
W signed_angle(const Eigen::Matrix<W, Eigen::Dynamic, 1>& a, const Eigen::Matrix<W, Eigen::Dynamic, 1>& b) {
    const W c = a.dot(b);
    const W s = (a - c * b).norm();
    return std::atan2(s, c);
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_HPP
