// Test support: the definitions of the Eigen-heavy parts of pca_reference.hpp, included by
// pca_reference_double.cpp and pca_reference_long_double.cpp, one wide type each, so that a
// parallel build compiles the two side by side.
#ifndef SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_IMPL_HPP
#define SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_IMPL_HPP

#include "pca_reference.hpp"

#include <Eigen/SVD>

namespace svdkit_test {

// Defined in pca_reference_long_double.cpp only (a plain function).
#ifdef SVDKIT_TEST_PCA_REFERENCE_WIDE_DEFINITION
spectrum_data<long double> data_with_spectrum_wide(std::size_t n, std::size_t d, const std::vector<long double>& sigma,
                                                   const std::vector<long double>& mu, axes_kind kind, rng_t& rng) {
    using L = long double;
    const std::size_t r = sigma.size();
    // Q: the Q factor of a Gaussian whose columns were centered, so range(Q) ⟂ 1.
    dense<L> g = gaussian<L>(n, r, rng);
    for (Eigen::Index j = 0; j < g.cols(); ++j) g.col(j).array() -= g.col(j).mean();
    const Eigen::HouseholderQR<dense<L>> qr(g);
    const dense<L> q = qr.householderQ() * dense<L>::Identity(ix(n), ix(r));
    dense<L> v;
    if (kind == axes_kind::haar) {
        v = random_orthonormal<L>(d, r, rng);
    } else {
        dense<L> h = gaussian<L>(d, r, rng);
        const L lift = 2 * std::sqrt(static_cast<L>(d));
        for (std::size_t i = 0; i < r; ++i) h(ix(i), ix(i)) += lift;
        const Eigen::HouseholderQR<dense<L>> qv(h);
        v = qv.householderQ() * dense<L>::Identity(ix(d), ix(r));
    }
    dense<L> qs = q;
    for (std::size_t j = 0; j < r; ++j) qs.col(ix(j)) *= sigma[j];
    dense<L> x = qs * v.transpose();
    for (std::size_t j = 0; j < d; ++j) x.col(ix(j)).array() += mu[j];
    spectrum_data<long double> out;
    out.x = std::move(x);
    for (L s : sigma) out.variances.push_back(s * s / static_cast<L>(n - 1));
    out.axes = v;
    return out;
}
#endif

template <class W>
pca_reference<W> covariance_eigen_of(const dense<W>& xw) {
    pca_reference<W> ref;
    ref.mean = xw.colwise().mean().transpose();
    ref.xc = xw.rowwise() - ref.mean.transpose();
    const dense<W> s = (ref.xc.transpose() * ref.xc) / static_cast<W>(xw.rows() - 1);
    const Eigen::SelfAdjointEigenSolver<dense<W>> eig(s);
    const Eigen::Index d = s.rows();
    ref.axes.resize(d, d);
    for (Eigen::Index i = 0; i < d; ++i) {  // Eigen sorts ascending: reverse
        ref.variances.push_back(eig.eigenvalues()(d - 1 - i));
        ref.axes.col(i) = sign_normalized<W>(eig.eigenvectors().col(d - 1 - i));
    }
    return ref;
}

template <class W>
rank_k_result<W> rank_k_reference_of(const dense<W>& xw, std::size_t k) {
    const Eigen::Matrix<W, 1, Eigen::Dynamic> mu = xw.colwise().mean();
    const dense<W> xc = xw.rowwise() - mu;
    const Eigen::BDCSVD<dense<W>> svd(xc, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::Index kk = ix(k);
    rank_k_result<W> out;
    out.x_k = svd.matrixU().leftCols(kk) * svd.singularValues().head(kk).asDiagonal() *
              svd.matrixV().leftCols(kk).transpose();
    out.x_k.rowwise() += mu;
    for (Eigen::Index i = 0; i < svd.singularValues().size(); ++i) out.sigma.push_back(svd.singularValues()(i));
    return out;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_PCA_REFERENCE_IMPL_HPP
