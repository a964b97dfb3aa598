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
// Scale: each column's mean is computed on that column scaled by a power of two, and fit
// decomposes 2^e·(X − 1·μᵀ), e the driver's power of two for the centered data (0 within
// [~1e-138, ~1e138] in double), formed after scaling X and μ so that max − (−max) cannot overflow. So no
// finite data make a NaN that would be blamed on the data. Means, singular values and variances
// are scaled back exactly; one above the largest finite number is +Inf, and the ratios,
// components and the other values stay right. transform and inverse_transform scale the same way.
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

#include <algorithm>    // std::max
#include <cmath>        // std::abs, std::frexp, std::isinf, std::ldexp, std::sqrt
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument, std::logic_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/scaling.hpp"
#include "matrix.hpp"
#include "operator.hpp"
#include "partial_svd.hpp"
#include "randomized.hpp"
#include "sparse.hpp"
#include "svd.hpp"

namespace svdkit {

/// How pca computes the decomposition.
enum class pca_solver {
    automatic,   ///< randomized when max(n_samples, n_features) > 500 and k < 0.8·min(…), else full
    full,        ///< the exact thin SVD of the centered data
    randomized,  ///< randomized_svd (Halko et al.): for a few components of a large matrix
    lanczos      ///< partial_svd (Golub-Kahan-Lanczos): a few components to full accuracy; what a
                 ///< sparse or operator fit (fit(csr_view), fit(op)) always uses
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
    static_assert(!detail::is_complex<T>::value,
                  "svdkit::pca is real-only, as scikit-learn's PCA; for complex data take the SVD of the centered "
                  "matrix (svdkit::svd), or run pca on the real and imaginary parts side by side");
    static_assert(std::is_floating_point<T>::value || detail::is_complex<T>::value,
                  "svdkit::pca: T must be float, double or long double");

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
        if (opts.solver == pca_solver::randomized || opts.solver == pca_solver::lanczos)
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

    /// Fits a sparse X (n_samples×n_features, CSR) with implicit centering: the means come from
    /// the stored entries, the components from partial_svd of centered(x, mean), so X − 1·μᵀ
    /// (dense) is never formed. Same results as fit() of the dense X to the solvers' accuracy;
    /// the count or all components (no fraction). Data near overflow are not rescaled here.
    template <class Index>
    pca& fit(const csr_view<T, Index>& x) {
        fit_sparse(x, false);
        return *this;
    }
    template <class Index>
    matrix<T> fit_transform(const csr_view<T, Index>& x) {
        return fit_sparse(x, true);
    }
    /// Fits any linear operator (operator.hpp) with implicit centering: the mean is Aᵀ·1/n_samples,
    /// the total variance comes from products with blocks of the identity on the shorter side
    /// (min(n_samples, n_features) columns, 64 at a time), and the components from
    /// partial_svd(centered(x, mean)); x is never densified. A product that returns NaN/Inf
    /// throws std::domain_error. The count or all components (no fraction); not rescaled near
    /// overflow. Cost: about min(n_samples, n_features)/64 + 2 block products besides partial_svd's.
    template <class Op, std::enable_if_t<detail::is_linear_operator<Op>::value, int> = 0>
    pca& fit(const Op& x) {
        fit_operator(x, false);
        return *this;
    }
    template <class Op, std::enable_if_t<detail::is_linear_operator<Op>::value, int> = 0>
    matrix<T> fit_transform(const Op& x) {
        return fit_operator(x, true);
    }
    /// Scores of an operator's rows (a csr_view, say): (x − 1·μᵀ)·componentsᵀ through products,
    /// never densifying x.
    template <class Op, std::enable_if_t<detail::is_linear_operator<Op>::value, int> = 0>
    matrix<T> transform(const Op& x) const {
        static_assert(std::is_same<detail::operator_value_t<Op>, T>::value,
                      "svdkit::pca::transform: the operator's element type must be the pca's T");
        require_fitted("transform");
        if (x.cols() != n_features_)
            throw std::invalid_argument("svdkit::pca::transform: x is " + detail::shape_string(x.rows(), x.cols()) +
                                        " but the fit had " + std::to_string(n_features_) + " features (columns)");
        detail::check_operator_finite(x, "svdkit::pca::transform");
        matrix<T> z(x.rows(), k_);
        centered(x, mean_).apply(components_.transpose(), z);
        detail::require_finite_product(z, "svdkit::pca::transform");
        if (opts_.whiten) scale_columns(z, inverse_root_variance());
        scale_all(z, opts_.whiten ? -ve_ : 0);
        return z;
    }

    /// Scores (x − mean)·componentsᵀ, divided by sqrt(explained_variance) when whitening.
    matrix<T> transform(matrix_view<const T> x) const {
        require_fitted("transform");
        if (x.cols() != n_features_)
            throw std::invalid_argument("svdkit::pca::transform: x is " + detail::shape_string(x.rows(), x.cols()) +
                                        " but the fit had " + std::to_string(n_features_) + " features (columns)");
        matrix<T> xc(x.rows(), x.cols());
        detail::max_abs_finite(x, "svdkit::pca::transform");
        const int e = center_scaled(x, mean_, xc);  // xc = 2^e·(x − mean)
        matrix<T> z = detail::multiply_a_bt(xc, components_);
        // whitening divides by sqrt(explained variance) = 2^ve_·sqrt(explained_variance_rel_)
        if (opts_.whiten) scale_columns(z, inverse_root_variance());
        scale_all(z, (opts_.whiten ? -ve_ : 0) - e);
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
        matrix<T> zz(z.rows(), z.cols());
        // w = 2^g·z (·sqrt(explained variance) when whitening, which is 2^ve_·sqrt(the relative one)).
        const int ez = detail::scaling_exponent(detail::max_abs_finite(z, "svdkit::pca::inverse_transform"));
        for (std::size_t j = 0; j < z.cols(); ++j)
            for (std::size_t i = 0; i < z.rows(); ++i) zz(i, j) = ldexp_if(z(i, j), ez);
        if (opts_.whiten) {
            std::vector<T> root(k_);
            for (std::size_t i = 0; i < k_; ++i) root[i] = std::sqrt(explained_variance_rel_[i]);
            scale_columns(zz, root);
        }
        const int g = ez - (opts_.whiten ? ve_ : 0);
        matrix<T> x = detail::multiply(zz, components_);
        for (std::size_t j = 0; j < x.cols(); ++j)
            for (std::size_t i = 0; i < x.rows(); ++i) {
                const T y = ldexp_if(x(i, j), -g);
                // 2^-g·y alone may overflow where the sum with the mean does not: add at scale 2^g.
                x(i, j) = std::isinf(y) ? ldexp_if(x(i, j) + ldexp_if(mean_[j], g), -g) : y + mean_[j];
            }
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

    static T ldexp_if(T x, int e) { return e == 0 ? x : std::ldexp(x, e); }
    static void scale_all(matrix<T>& z, int e) {
        if (e == 0) return;
        for (std::size_t i = 0; i < z.size(); ++i) z.data()[i] = std::ldexp(z.data()[i], e);
    }

    /// Column means, each computed on its column scaled by its own power of two (no overflow
    /// for any finite data, full precision for a column of small values next to huge ones), with
    /// a compensated second pass, so a column with a large offset still centers to (nearly) zero.
    static std::vector<T> column_means(matrix_view<const T> x) {
        const std::size_t ns = x.rows();
        std::vector<T> mu(x.cols(), T(0));
        for (std::size_t j = 0; j < x.cols(); ++j) {
            T cmax = 0;
            for (std::size_t i = 0; i < ns; ++i) cmax = std::max(cmax, std::abs(x(i, j)));
            const int e = detail::scaling_exponent(cmax);
            T s = 0;
            for (std::size_t i = 0; i < ns; ++i) s += ldexp_if(x(i, j), e);
            T m = s / static_cast<T>(ns);
            T r = 0;
            for (std::size_t i = 0; i < ns; ++i) r += ldexp_if(x(i, j), e) - m;
            m += r / static_cast<T>(ns);
            mu[j] = ldexp_if(m, -e);
        }
        return mu;
    }

    /// xc = 2^e·(x − 1·muᵀ), returning e: the driver's scaling (scaling.hpp) of the centered data.
    /// First x and mu are brought to [−1, 1] by 2^e1 when their largest entry is outside the safe
    /// range, so the differences cannot overflow (max − (−max)) nor lose the bits of subnormal
    /// data; then 2^e2 scales the differences as the driver would. For data within the safe range
    /// e1 = e2 = 0 and the entries are x − mu, exactly as without any scaling.
    static int center_scaled(matrix_view<const T> x, const std::vector<T>& mu, matrix<T>& xc) {
        T amax = 0;
        for (const T m : mu) amax = std::max(amax, std::abs(m));
        for (std::size_t j = 0; j < x.cols(); ++j)
            for (std::size_t i = 0; i < x.rows(); ++i) amax = std::max(amax, std::abs(x(i, j)));
        const int e1 = detail::scaling_exponent(amax);
        T dmax = 0;
        for (std::size_t j = 0; j < x.cols(); ++j) {
            const T mj = ldexp_if(mu[j], e1);
            for (std::size_t i = 0; i < x.rows(); ++i) {
                xc(i, j) = ldexp_if(x(i, j), e1) - mj;
                dmax = std::max(dmax, std::abs(xc(i, j)));
            }
        }
        const int e2 = detail::scaling_exponent(dmax);
        if (e2 != 0)
            for (std::size_t i = 0; i < xc.size(); ++i) xc.data()[i] = std::ldexp(xc.data()[i], e2);
        return e1 + e2;
    }

    static void scale_columns(matrix<T>& z, const std::vector<T>& f) {
        for (std::size_t j = 0; j < z.cols(); ++j)
            for (std::size_t i = 0; i < z.rows(); ++i) z(i, j) *= f[j];
    }

    std::vector<T> inverse_root_variance() const {
        // A component of zero variance has all-zero scores: keep them 0 rather than 0/0.
        std::vector<T> f(k_);
        for (std::size_t i = 0; i < k_; ++i)
            f[i] = explained_variance_rel_[i] > T(0) ? T(1) / std::sqrt(explained_variance_rel_[i]) : T(0);
        return f;
    }

    matrix<T> fit_impl(matrix_view<const T> x, bool want_scores) {
        const std::size_t ns = x.rows();
        const std::size_t nf = x.cols();
        // step 1: arguments. Nothing of a previous fit is changed until the new one succeeds.
        if (ns < 2)
            throw std::invalid_argument("svdkit::pca::fit: x is " + detail::shape_string(ns, nf) +
                                        "; at least 2 samples (rows) are needed");
        matrix<T> xc(ns, nf);  // allocated before x is read: a shape too large fails at once
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

        // step 2: the means, and the centered data scaled by 2^ex (the SVD's σ are of 2^ex·Xc).
        std::vector<T> mu = column_means(x);
        const int ex = center_scaled(x, mu, xc);

        // step 3: the SVD of the centered data.
        svd_result<T> r;
        if (solver == pca_solver::randomized) {
            r = randomized_svd(xc.view(), k_hint, opts_.randomized);
        } else if (solver == pca_solver::lanczos) {
            partial_svd_result<T> pr = partial_svd(xc, k_hint);
            r = std::move(static_cast<svd_result<T>&>(pr));
        } else {
            r = detail::svd_impl<T>(xc.view(), svd_options{want_scores ? vectors::thin : vectors::none, vectors::thin},
                                    "svdkit::pca::fit");
        }
        std::vector<T> col_norms(nf);
        for (std::size_t j = 0; j < nf; ++j) col_norms[j] = detail::norm2(ns, xc.col_ptr(j));
        return adopt(r, std::move(mu), ex, col_norms, ns, nf, k_hint, solver, want_scores);
    }

    /// Steps 4-6 of a fit, from the SVD r of 2^ex·(X − 1·μᵀ) and the norms of its columns (or of
    /// its rows: only their sum of squares is used):
    /// variances, the number of components, signs, and the fitted state (changed only here).
    matrix<T> adopt(svd_result<T>& r, std::vector<T> mu, int ex, const std::vector<T>& col_norms, std::size_t ns,
                    std::size_t nf, std::size_t k_hint, pca_solver solver, bool want_scores) {
        const std::size_t p = ns < nf ? ns : nf;
        // Variances relative to 2^(2·e0), σ₀ = f·2^e0 (f in [1/2, 1)): σ_i² and the column sums
        // of squares can neither overflow nor (but for ratios below 1e-300) underflow; the
        // explained variance is ev_rel·2^(2·ve) with ve = e0 − ex. Total variance Σ_j var(column j),
        // ddof = 1, is the denominator of the ratios.
        const T dof = static_cast<T>(ns - 1);
        int e0 = 0;
        if (!r.s.empty() && r.s[0] > T(0)) std::frexp(r.s[0], &e0);
        std::vector<T> ev_all(r.s.size());
        for (std::size_t i = 0; i < r.s.size(); ++i) {
            const T si = ldexp_if(r.s[i], -e0);
            ev_all[i] = si * si / dof;
        }
        T total_var = 0;
        for (std::size_t j = 0; j < col_norms.size(); ++j) {
            const T c = ldexp_if(col_norms[j], -e0);
            total_var += c * c / dof;
        }
        const int ve = e0 - ex;

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
                const int e = opts_.whiten ? 0 : -ex;
                for (std::size_t i = 0; i < ns; ++i) scores(i, c) = ldexp_if(f * r.u(i, c), e);
            }
        }

        // step 6: back to the data's scale (exact; +Inf beyond the largest finite number).
        std::vector<T> sv(r.s.begin(), r.s.begin() + static_cast<std::ptrdiff_t>(k));
        for (T& v : sv) v = ldexp_if(v, -ex);
        std::vector<T> ev_data(ev);
        for (T& v : ev_data) v = ldexp_if(v, 2 * ve);

        mean_ = std::move(mu);
        components_ = std::move(comps);
        explained_variance_ = std::move(ev_data);
        explained_variance_rel_ = std::move(ev);
        explained_variance_ratio_ = std::move(ratio);
        singular_values_ = std::move(sv);
        noise_variance_ = ldexp_if(noise, 2 * ve);
        ve_ = ve;
        k_ = k;
        n_samples_ = ns;
        n_features_ = nf;
        solver_used_ = solver;
        fitted_ = true;
        return scores;
    }

    /// The argument checks of a fit that never densifies x (sparse or operator); returns k.
    std::size_t check_implicit_fit(std::size_t ns, std::size_t nf) const {
        const std::size_t p = ns < nf ? ns : nf;
        if (ns < 2)
            throw std::invalid_argument("svdkit::pca::fit: x is " + detail::shape_string(ns, nf) +
                                        "; at least 2 samples (rows) are needed");
        if (mode_ == mode::fraction)
            throw std::invalid_argument("svdkit::pca::fit: a fractional n_components needs every singular value; "
                                        "a sparse or operator fit computes k of them (give an integer n_components)");
        if (mode_ == mode::count && requested_k_ > p)
            throw std::invalid_argument("svdkit::pca::fit: n_components (= " + std::to_string(requested_k_) +
                                        ") must satisfy 0 <= n_components <= min(n_samples, n_features) (= " +
                                        std::to_string(p) + ") for x of " + detail::shape_string(ns, nf));
        return mode_ == mode::count ? requested_k_ : p;
    }

    template <class Op>
    matrix<T> fit_operator(const Op& x, bool want_scores) {
        static_assert(std::is_same<detail::operator_value_t<Op>, T>::value,
                      "svdkit::pca::fit: the operator's element type must be the pca's T");
        const char* where = "svdkit::pca::fit";
        const std::size_t ns = x.rows();
        const std::size_t nf = x.cols();
        const std::size_t k_hint = check_implicit_fit(ns, nf);
        detail::check_operator_finite(x, where);
        // μ = Aᵀ·1/ns: one product.
        matrix<T> ones(ns, 1), sums(nf, 1);
        for (std::size_t i = 0; i < ns; ++i) ones(i, 0) = T(1);
        x.apply_transpose(ones, sums);
        detail::require_finite_product(sums, where);
        std::vector<T> mu(nf);
        for (std::size_t j = 0; j < nf; ++j) mu[j] = sums(j, 0) / static_cast<T>(ns);
        const auto xc = centered(x, mu);
        // ‖Xc‖_F² (the total variance's numerator) as the norms of Xc·E on the shorter side, E
        // 64 columns of the identity at a time: exact, where a trace estimator would only be close.
        const std::size_t p = ns < nf ? ns : nf;
        const std::size_t block = p < 64 ? p : 64;
        std::vector<T> norms;
        norms.reserve(p);
        matrix<T> e(ns < nf ? ns : nf, block), y(ns < nf ? nf : ns, block);
        for (std::size_t j0 = 0; j0 < p; j0 += block) {
            const std::size_t b = p - j0 < block ? p - j0 : block;
            if (b != e.cols()) e = matrix<T>(e.rows(), b), y = matrix<T>(y.rows(), b);
            for (std::size_t c = 0; c < b; ++c)
                for (std::size_t i = 0; i < e.rows(); ++i) e(i, c) = i == j0 + c ? T(1) : T(0);
            if (ns < nf)
                xc.apply_transpose(e, y);  // rows of Xc
            else
                xc.apply(e, y);  // columns of Xc
            detail::require_finite_product(y, where);
            for (std::size_t c = 0; c < b; ++c) norms.push_back(detail::norm2(y.rows(), y.col_ptr(c)));
        }
        partial_svd_result<T> pr = partial_svd(xc, k_hint);
        svd_result<T>& r = pr;
        return adopt(r, std::move(mu), 0, norms, ns, nf, k_hint, pca_solver::lanczos, want_scores);
    }

    template <class Index>
    matrix<T> fit_sparse(const csr_view<T, Index>& x, bool want_scores) {
        const std::size_t ns = x.rows();
        const std::size_t nf = x.cols();
        const std::size_t k_hint = check_implicit_fit(ns, nf);
        x.check_finite("svdkit::pca::fit");
        // Means and the centered columns' sums of squares from the stored entries alone: a column
        // with z stored entries has ns − z zeros, each contributing μ_j² (no cancellation).
        std::vector<T> mu(nf, T(0)), ss(nf, T(0));
        std::vector<std::size_t> stored(nf, 0);
        for (std::size_t i = 0; i < ns; ++i)
            for (auto k = static_cast<std::size_t>(x.row_ptr()[i]); k < static_cast<std::size_t>(x.row_ptr()[i + 1]);
                 ++k) {
                const auto j = static_cast<std::size_t>(x.col_idx()[k]);
                mu[j] += x.values()[k];
                ++stored[j];
            }
        for (T& m : mu) m /= static_cast<T>(ns);
        for (std::size_t i = 0; i < ns; ++i)
            for (auto k = static_cast<std::size_t>(x.row_ptr()[i]); k < static_cast<std::size_t>(x.row_ptr()[i + 1]);
                 ++k) {
                const auto j = static_cast<std::size_t>(x.col_idx()[k]);
                const T d = x.values()[k] - mu[j];
                ss[j] += d * d;
            }
        std::vector<T> col_norms(nf);
        for (std::size_t j = 0; j < nf; ++j)
            col_norms[j] = std::sqrt(ss[j] + static_cast<T>(ns - stored[j]) * mu[j] * mu[j]);
        partial_svd_result<T> pr = partial_svd(centered(x, mu), k_hint);
        svd_result<T>& r = pr;
        return adopt(r, std::move(mu), 0, col_norms, ns, nf, k_hint, pca_solver::lanczos, want_scores);
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
    std::vector<T> explained_variance_rel_;  // explained_variance_ = this·2^(2·ve_): what whitening uses
    int ve_ = 0;
    std::vector<T> explained_variance_ratio_;
    std::vector<T> singular_values_;
    T noise_variance_ = 0;
};

}  // namespace svdkit

#endif  // SVDKIT_PCA_HPP
