// svdkit - principal component analysis with scikit-learn's semantics.
//
// X is n_samples×n_features (rows are samples). With μ the column means and Xc = X − 1·μᵀ the
// centered data, the thin SVD Xc = U·Σ·Vᵀ gives
//
//     components    = the first k rows of Vᵀ           (principal axes, k×n_features)
//     scores        = Xc·Vₖ = Uₖ·Σₖ                     (transform, n_samples×k)
//     explained_var = σ_i² / (n_samples − 1)             (variance of the data along axis i)
//     ratio_i       = explained_var_i / total variance   (total over all min(n_s, n_f) axes)
//     noise_var     = mean of the discarded explained_var (probabilistic PCA, Tipping & Bishop)
//
// Signs follow scikit-learn's svd_flip(u_based_decision=False): in each component the entry of
// largest magnitude (the first, on ties) is made positive, and the scores flip with it; so the
// same data give the same signs on every machine and with every solver.
//
// References:
// [1] I. T. Jolliffe, J. Cadima, "Principal component analysis: a review and recent developments",
//     Phil. Trans. R. Soc. A 374 (2016): PCA as the SVD of the centered data.
// [2] M. E. Tipping, C. M. Bishop, "Probabilistic principal component analysis", J. R. Stat. Soc.
//     B 61 (1999): the noise variance as the mean of the discarded eigenvalues.
// [3] scikit-learn's sklearn.decomposition.PCA (n_components, whiten, svd_solver, svd_flip,
//     explained_variance_): the semantics matched here.
#ifndef SVDKIT_PCA_HPP
#define SVDKIT_PCA_HPP

#include <cmath>        // std::abs, std::sqrt
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument, std::logic_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/scaling.hpp"
#include "matrix.hpp"
#include "randomized.hpp"
#include "svd.hpp"

namespace svdkit {

/// How pca computes the decomposition.
enum class pca_solver {
    automatic,   ///< randomized when max(n_samples, n_features) > 500 and k < 0.8·min(…), else full
    full,        ///< the exact thin SVD of the centered data
    randomized   ///< randomized_svd (Halko et al.): for a few components of a large matrix
};

/// Options of pca (all optional).
struct pca_options {
    bool whiten = false;                         ///< scale the scores to unit variance
    pca_solver solver = pca_solver::automatic;   ///< see pca_solver
    randomized_options randomized{};             ///< seed, oversampling, power iterations
};

/// \brief Principal component analysis: fit on X (rows are samples), then transform and
/// inverse_transform, with the numbers and signs scikit-learn's PCA gives.
///
/// The number of components is an integer k (0 <= k <= min(n_samples, n_features)), a fraction
/// 0 < f < 1 (the smallest k whose cumulative explained-variance ratio is strictly greater than f,
/// ratios over all components; full solver only), or all components (the default).
/// \throws std::invalid_argument for fewer than 2 samples, k or f out of range, a feature count in
///         transform that differs from the fit; svdkit::non_finite_input (a std::domain_error)
///         for NaN/Inf, naming the entry; std::logic_error for any use before fit().
/// Cost of fit: one thin SVD of the n_samples×n_features centered data (or a randomized one).
/// ```
/// svdkit::pca<double> p(2);          // two components
/// auto scores = p.fit_transform(x);  // n_samples×2
/// p.explained_variance_ratio();      // share of the variance each one explains
/// ```
template <class T>
class pca {
    static_assert(std::is_floating_point<T>::value, "svdkit::pca: T must be float, double or long double");

public:
    /// All min(n_samples, n_features) components.
    explicit pca(pca_options opts = {}) : opts_(opts) {}

    /// k components.
    template <class I, detail::if_integral<I> = 0>
    explicit pca(I k, pca_options opts = {}) : opts_(opts), mode_(mode::count) {
        requested_k_ = detail::checked_extent(k, "n_components", "svdkit::pca");
    }

    /// As many components as explain strictly more than `fraction` of the variance (0 < f < 1).
    explicit pca(double fraction, pca_options opts = {}) : opts_(opts), mode_(mode::fraction), fraction_(fraction) {
        if (!(fraction > 0.0 && fraction < 1.0))
            throw std::invalid_argument("svdkit::pca: a fractional n_components (= " + std::to_string(fraction) +
                                        ") must satisfy 0 < n_components < 1");
        if (opts.solver == pca_solver::randomized)
            throw std::invalid_argument(
                "svdkit::pca: a fractional n_components needs every singular value: use pca_solver::full");
    }

    /// Learns the mean and the principal axes of x (n_samples×n_features).
    pca& fit(matrix_view<const T> x) {
        fit_impl(x, false);
        return *this;
    }
    pca& fit(const matrix<T>& x) { return fit(x.view()); }

    /// fit(x), then the scores of x (n_samples×k), computed as U·Σ from the same SVD.
    matrix<T> fit_transform(matrix_view<const T> x) { return fit_impl(x, true); }
    matrix<T> fit_transform(const matrix<T>& x) { return fit_transform(x.view()); }

    /// Scores (x − mean)·componentsᵀ, divided by sqrt(explained_variance) when whitening.
    matrix<T> transform(matrix_view<const T> x) const {
        require_fitted("transform");
        if (x.cols() != n_features_)
            throw std::invalid_argument("svdkit::pca::transform: x is " + detail::shape_string(x.rows(), x.cols()) +
                                        " but the fit had " + std::to_string(n_features_) + " features (columns)");
        detail::max_abs_finite(x, "svdkit::pca::transform");
        matrix<T> xc(x.rows(), x.cols());
        for (std::size_t j = 0; j < x.cols(); ++j)
            for (std::size_t i = 0; i < x.rows(); ++i) xc(i, j) = x(i, j) - mean_[j];
        matrix<T> z = detail::multiply_a_bt(xc, components_);
        if (opts_.whiten) scale_columns(z, inverse_root_variance());
        return z;
    }
    matrix<T> transform(const matrix<T>& x) const { return transform(x.view()); }

    /// Back to feature space: z·components + mean (z·diag(sqrt(explained_variance))·components + mean
    /// when whitening). Exact inverse of transform when all components are kept; otherwise the
    /// rank-k approximation of the centered data, plus the mean.
    matrix<T> inverse_transform(matrix_view<const T> z) const {
        require_fitted("inverse_transform");
        if (z.cols() != k_)
            throw std::invalid_argument("svdkit::pca::inverse_transform: z is " +
                                        detail::shape_string(z.rows(), z.cols()) + " but the fit has " +
                                        std::to_string(k_) + " components (columns)");
        detail::max_abs_finite(z, "svdkit::pca::inverse_transform");
        matrix<T> zz(z);
        if (opts_.whiten) {
            std::vector<T> root(k_);
            for (std::size_t i = 0; i < k_; ++i) root[i] = std::sqrt(explained_variance_[i]);
            scale_columns(zz, root);
        }
        matrix<T> x = detail::multiply(zz, components_);
        for (std::size_t j = 0; j < x.cols(); ++j)
            for (std::size_t i = 0; i < x.rows(); ++i) x(i, j) += mean_[j];
        return x;
    }
    matrix<T> inverse_transform(const matrix<T>& z) const { return inverse_transform(z.view()); }

    /// Principal axes, one per row (k×n_features), orthonormal, sign-normalized.
    const matrix<T>& components() const { return require_fitted("components"), components_; }
    /// σ_i²/(n_samples − 1) for the k kept components.
    const std::vector<T>& explained_variance() const { return require_fitted("explained_variance"), explained_variance_; }
    /// explained_variance_i / total variance (total over all components).
    const std::vector<T>& explained_variance_ratio() const {
        return require_fitted("explained_variance_ratio"), explained_variance_ratio_;
    }
    /// The k largest singular values of the centered data.
    const std::vector<T>& singular_values() const { return require_fitted("singular_values"), singular_values_; }
    /// Column means of the fitted data (n_features).
    const std::vector<T>& mean() const { return require_fitted("mean"), mean_; }
    /// Mean variance of the discarded components (0 when k = min(n_samples, n_features)).
    T noise_variance() const { return require_fitted("noise_variance"), noise_variance_; }
    /// k, the number of components kept.
    std::size_t n_components() const { return require_fitted("n_components"), k_; }
    std::size_t n_samples() const { return require_fitted("n_samples"), n_samples_; }
    std::size_t n_features() const { return require_fitted("n_features"), n_features_; }
    bool fitted() const noexcept { return fitted_; }
    /// The solver the fit used (automatic resolved to full or randomized).
    pca_solver solver_used() const { return require_fitted("solver_used"), solver_used_; }

private:
    enum class mode { all, count, fraction };

    void require_fitted(const char* what) const {
        if (!fitted_) throw std::logic_error(std::string("svdkit::pca::") + what + ": call fit() first");
    }

    static void scale_columns(matrix<T>& z, const std::vector<T>& f) {
        for (std::size_t j = 0; j < z.cols(); ++j)
            for (std::size_t i = 0; i < z.rows(); ++i) z(i, j) *= f[j];
    }

    std::vector<T> inverse_root_variance() const {
        // A component of zero variance has all-zero scores: keep them 0 rather than 0/0.
        std::vector<T> f(k_);
        for (std::size_t i = 0; i < k_; ++i)
            f[i] = explained_variance_[i] > T(0) ? T(1) / std::sqrt(explained_variance_[i]) : T(0);
        return f;
    }

    matrix<T> fit_impl(matrix_view<const T> x, bool want_scores) {
        const std::size_t ns = x.rows();
        const std::size_t nf = x.cols();
        // step 1: arguments. Nothing of a previous fit is changed until the new one succeeds.
        if (ns < 2)
            throw std::invalid_argument("svdkit::pca::fit: x is " + detail::shape_string(ns, nf) +
                                        "; at least 2 samples (rows) are needed");
        detail::max_abs_finite(x, "svdkit::pca::fit");
        const std::size_t p = ns < nf ? ns : nf;
        if (mode_ == mode::count && requested_k_ > p)
            throw std::invalid_argument("svdkit::pca::fit: n_components (= " + std::to_string(requested_k_) +
                                        ") must satisfy 0 <= n_components <= min(n_samples, n_features) (= " +
                                        std::to_string(p) + ") for x of " + detail::shape_string(ns, nf));
        const std::size_t k_hint = mode_ == mode::count ? requested_k_ : p;
        pca_solver solver = opts_.solver;
        if (solver == pca_solver::automatic)
            solver = (mode_ != mode::fraction && (ns > 500 || nf > 500) && 5 * k_hint < 4 * p) ? pca_solver::randomized
                                                                                             : pca_solver::full;

        // step 2: center. The means are computed in T with a compensated second pass, so a
        // column with a large offset still centers to (nearly) zero mean.
        std::vector<T> mu(nf, T(0));
        matrix<T> xc(ns, nf);
        for (std::size_t j = 0; j < nf; ++j) {
            T s = 0;
            for (std::size_t i = 0; i < ns; ++i) s += x(i, j);
            T m = s / static_cast<T>(ns);
            T r = 0;
            for (std::size_t i = 0; i < ns; ++i) r += x(i, j) - m;
            m += r / static_cast<T>(ns);
            mu[j] = m;
            for (std::size_t i = 0; i < ns; ++i) xc(i, j) = x(i, j) - m;
        }
        // Total variance Σ_j var(column j), ddof = 1: the denominator of the ratios.
        const T dof = static_cast<T>(ns - 1);
        T total_var = 0;
        for (std::size_t j = 0; j < nf; ++j) {
            const T c = detail::norm2(ns, xc.col_ptr(j));
            total_var += c * c / dof;
        }

        // step 3: the SVD of the centered data.
        svd_result<T> r;
        if (solver == pca_solver::randomized) {
            r = randomized_svd(xc.view(), k_hint, opts_.randomized);
        } else {
            r = detail::svd_impl<T>(xc.view(), svd_options{want_scores ? vectors::thin : vectors::none, vectors::thin},
                                    "svdkit::pca::fit");
        }
        std::vector<T> ev_all(r.s.size());
        for (std::size_t i = 0; i < r.s.size(); ++i) ev_all[i] = r.s[i] * r.s[i] / dof;

        // step 4: how many components.
        std::size_t k = k_hint;
        if (mode_ == mode::fraction) {
            // scikit-learn: searchsorted(cumsum(ratio), f, side="right") + 1.
            T cum = 0;
            k = p;
            for (std::size_t i = 0; i < p; ++i) {
                cum += total_var > T(0) ? ev_all[i] / total_var : T(0);
                if (cum > static_cast<T>(fraction_)) {
                    k = i + 1;
                    break;
                }
            }
        }

        // step 5: signs (svd_flip, u_based_decision = False) and the fitted state.
        matrix<T> comps(k, nf);
        std::vector<T> flip(k, T(1));
        for (std::size_t c = 0; c < k; ++c) {
            std::size_t imax = 0;
            for (std::size_t j = 1; j < nf; ++j)
                if (std::abs(r.v(j, c)) > std::abs(r.v(imax, c))) imax = j;
            flip[c] = r.v(imax, c) < T(0) ? T(-1) : T(1);
            for (std::size_t j = 0; j < nf; ++j) comps(c, j) = flip[c] * r.v(j, c);
        }
        std::vector<T> ev(ev_all.begin(), ev_all.begin() + static_cast<std::ptrdiff_t>(k));
        std::vector<T> ratio(k);
        for (std::size_t i = 0; i < k; ++i) ratio[i] = total_var > T(0) ? ev[i] / total_var : T(0);
        T noise = 0;
        if (k < p) {
            if (solver == pca_solver::full) {
                for (std::size_t i = k; i < p; ++i) noise += ev_all[i];
            } else {
                // Only k values are known: the rest of the variance is the total minus the kept.
                noise = total_var;
                for (std::size_t i = 0; i < k; ++i) noise -= ev[i];
                if (noise < T(0)) noise = T(0);
            }
            noise /= static_cast<T>(p - k);
        }

        matrix<T> scores;
        if (want_scores) {
            scores = matrix<T>(ns, k);
            const T root_dof = std::sqrt(dof);
            for (std::size_t c = 0; c < k; ++c) {
                // U·Σ, or U·sqrt(n−1) when whitening (scores of unit variance).
                const T f = flip[c] * (opts_.whiten ? (r.s[c] > T(0) ? root_dof : T(0)) : r.s[c]);
                for (std::size_t i = 0; i < ns; ++i) scores(i, c) = f * r.u(i, c);
            }
        }

        mean_ = std::move(mu);
        components_ = std::move(comps);
        explained_variance_ = std::move(ev);
        explained_variance_ratio_ = std::move(ratio);
        singular_values_.assign(r.s.begin(), r.s.begin() + static_cast<std::ptrdiff_t>(k));
        noise_variance_ = noise;
        k_ = k;
        n_samples_ = ns;
        n_features_ = nf;
        solver_used_ = solver;
        fitted_ = true;
        return scores;
    }

    pca_options opts_;
    mode mode_ = mode::all;
    std::size_t requested_k_ = 0;
    double fraction_ = 0;

    bool fitted_ = false;
    std::size_t k_ = 0;
    std::size_t n_samples_ = 0;
    std::size_t n_features_ = 0;
    pca_solver solver_used_ = pca_solver::full;
    std::vector<T> mean_;
    matrix<T> components_;
    std::vector<T> explained_variance_;
    std::vector<T> explained_variance_ratio_;
    std::vector<T> singular_values_;
    T noise_variance_ = 0;
};

}  // namespace svdkit

#endif  // SVDKIT_PCA_HPP
