// svdkit - incremental principal component analysis with scikit-learn's IncrementalPCA semantics.
//
// The data X (rows are samples) arrive in row blocks X₁, X₂, …; after each block the model is the
// PCA of the rows seen so far, kept as k components, their singular values, and the running
// column means and variances. Only O(k·n_features + block) memory is used, whatever the number of
// rows. The first block is decomposed as pca does: the thin SVD of X₁ − 1·μ₁ᵀ. A later block B
// of n_b rows, with batch mean μ_b, joins the n_seen rows before it (mean μ, n_total = n_seen + n_b)
// through the SVD of the stacked matrix [1, §3.3]
//
//     Z = [ diag(σ)·components                        ]   k rows: the model so far
//         [ B − 1·μ_bᵀ                                 ]   n_b rows: the block, centered on itself
//         [ √(n_seen·n_b/n_total)·(μ − μ_b)ᵀ           ]   1 row: the shift between the two means
//
// whose Gram matrix ZᵀZ is exactly the scatter matrix of all rows about their common mean when no
// component was discarded before (the identity behind Chan et al.'s pairwise variance [2]). The
// top k right singular vectors of Z are the new components, σ the new singular values, and
//
//     explained_var = σ_i² / (n_total − 1)        ratio_i = σ_i² / Σ_j M2_j
//     noise_var     = mean of σ_i²/(n_total − 1) over the discarded i of this block's Z
//                     (0 when k equals this block's rows or n_features, as scikit-learn)
//
// with M2_j = n_total·var_j the running sum of squared deviations of column j, updated by the
// pairwise formula of [2]: M2 = M2_seen + M2_b + (n_seen·n_b/n_total)·(μ_b − μ)², the block's own
// M2_b by the corrected two-pass sum Σ(x − x̄)² − (Σ(x − x̄))²/n_b.
//
// Relation to svdkit::pca on all the rows: when k covers the rank of the centered data seen (in
// particular k = n_features), nothing is ever discarded and the components, singular values and
// variances equal pca's to rounding. Otherwise each block's truncation drops the variance outside
// the kept k-dimensional subspace, and the result is the incremental approximation scikit-learn
// computes (close to pca's when the discarded σ are small, and exact in the mean and var).
//
// Signs: svd_flip(u_based_decision=False) on each block's Z: in each component the entry of
// largest magnitude (the first, on ties) is positive. So the signs are deterministic and the
// same as scikit-learn's.
//
// Scale: when the largest entry seen lies outside the driver's safe range ([~1e-146, ~1e146] in
// double), the model is kept for the data times 2^e, e the driver's power of two for that entry
// (scaling.hpp), so that no sum of squares of finite data overflows; the stored means, M2 and σ
// are rescaled exactly when a later block needs another power. Within the safe range e = 0 and
// nothing is scaled. Results are returned at the data's scale (a variance above the largest
// finite T is +Inf); components and ratios are unaffected.
//
// References:
// [1] D. A. Ross, J. Lim, R.-S. Lin, M.-H. Yang, "Incremental learning for robust visual
//     tracking", Int. J. Computer Vision 77 (2008): the SVD update with the mean correction row.
// [2] T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a pairwise algorithm for
//     computing sample variances" (1979), and "Algorithms for computing the sample variance:
//     analysis and recommendations", The American Statistician 37 (1983): the pairwise update
//     of the mean and M2, and the corrected two-pass sum.
// [3] scikit-learn 1.2's sklearn.decomposition.IncrementalPCA (n_components, whiten, batch_size,
//     partial_fit) and sklearn.utils.gen_batches: the semantics matched here.
#ifndef SVDKIT_INCREMENTAL_PCA_HPP
#define SVDKIT_INCREMENTAL_PCA_HPP

#include <algorithm>    // std::max
#include <cmath>        // std::abs, std::ldexp, std::sqrt
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument, std::logic_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point
#include <utility>      // std::move, std::swap
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/scaling.hpp"
#include "matrix.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

namespace svdkit {

/// Options of incremental_pca (all optional).
struct incremental_pca_options {
    bool whiten = false;  ///< transform divides the scores by sqrt(explained_variance) (scikit-learn's whiten)
};

/// \brief Incremental PCA: partial_fit on row blocks (or fit in batches), then transform and
/// inverse_transform, with the numbers and signs scikit-learn 1.2's IncrementalPCA gives for the
/// same blocks.
///
/// The number of components is an integer k >= 1, or all of them: the default constructor and
/// k = 0 both mean scikit-learn's n_components=None, k = min(rows, n_features) of the first block,
/// kept for the later ones.
/// ```
/// svdkit::incremental_pca<double> ip(3);
/// while (read_block(block)) ip.partial_fit(block);     // each block: >= 3 rows, same width
/// auto scores = ip.transform(x);                        // n_samples×3
/// ip.explained_variance_ratio();
/// ```
/// \throws from partial_fit and fit, each before the fitted state changes (a failed call leaves
///         the model as it was): std::invalid_argument for a block of 0 rows or 0 columns, a
///         width that differs from the fitted n_features, k > n_features ("1 <= n_components <=
///         n_features"), a block with fewer rows than k (scikit-learn's rule: every block needs
///         n_components <= its rows); svdkit::non_finite_input (a std::domain_error) for NaN/Inf,
///         naming the entry by its row and column in the argument. transform, inverse_transform
///         and the accessors (but n_samples_seen and fitted) throw std::logic_error before a fit.
/// Cost of a block of b rows: one thin SVD of a (k + b + 1)×n_features matrix, values and V only.
template <class T>
class incremental_pca {
    static_assert(!detail::is_complex<T>::value,
                  "svdkit::incremental_pca is real-only, as scikit-learn's IncrementalPCA; for complex data take the "
                  "SVD of the centered matrix (svdkit::svd)");
    static_assert(std::is_floating_point<T>::value || detail::is_complex<T>::value,
                  "svdkit::incremental_pca: T must be float, double or long double");

public:
    /// All components (scikit-learn's n_components=None).
    explicit incremental_pca(incremental_pca_options opts = {}) : opts_(opts) {}

    /// k components; k = 0 means all (n_components=None).
    template <class I, detail::if_integral<I> = 0>
    explicit incremental_pca(I k, incremental_pca_options opts = {})
        : opts_(opts), requested_k_(detail::checked_extent(k, "n_components", "svdkit::incremental_pca")) {}

    /// Updates the model with the rows of `block` (a matrix<T> or a view; width n_features).
    template <class A>
    incremental_pca& partial_fit(const A& block) {
        const matrix_view<const T> b = detail::as_view<T>(block);
        update(b, "svdkit::incremental_pca::partial_fit", true);
        return *this;
    }

    /// Forgets any previous fit, then partial_fit on the row batches of x that scikit-learn's
    /// fit uses: gen_batches(n_samples, batch_size, min_batch_size = k), i.e. consecutive
    /// batches of batch_size rows, a last batch shorter than k merged into the one before
    /// (batch_size = 0: 5·n_features, scikit-learn's default; in "all" mode nothing is merged).
    /// Bit for bit the same as partial_fit on those batches in turn. x is checked whole first
    /// (a NaN is named by its row in x); a failed fit leaves the previous model as it was.
    template <class A>
    incremental_pca& fit(const A& x, std::size_t batch_size = 0) {
        const matrix_view<const T> v = detail::as_view<T>(x);
        const char* where = "svdkit::incremental_pca::fit";
        const std::size_t ns = v.rows(), nf = v.cols();
        check_shape(ns, nf, where);
        detail::max_abs_finite(v, where);
        const std::size_t bs = batch_size != 0 ? batch_size : 5 * nf;
        const std::vector<std::size_t> starts = batch_starts(ns, bs, requested_k_);
        incremental_pca next(requested_k_, opts_);
        for (std::size_t c = 0; c < starts.size(); ++c) {
            const std::size_t end = c + 1 < starts.size() ? starts[c + 1] : ns;
            if (requested_k_ != 0 && requested_k_ <= nf && end - starts[c] < requested_k_)
                throw std::invalid_argument(std::string(where) + ": batch " + std::to_string(c) + " (rows " +
                                            std::to_string(starts[c]) + " to " + std::to_string(end) + ") has " +
                                            std::to_string(end - starts[c]) + " rows but n_components (= " +
                                            std::to_string(requested_k_) + ") must be <= the rows of every batch: " +
                                            "batch_size must satisfy batch_size >= n_components");
            next.update(v.block(starts[c], 0, end - starts[c], nf), where, false);
        }
        *this = std::move(next);
        return *this;
    }

    /// The first row of each batch of scikit-learn's gen_batches(n, batch_size, min_batch_size):
    /// batches of batch_size rows; a batch is skipped (left to the last one) when fewer than
    /// min_batch_size rows would follow it.
    static std::vector<std::size_t> batch_starts(std::size_t n, std::size_t batch_size, std::size_t min_batch_size) {
        if (batch_size == 0) throw std::invalid_argument("svdkit::incremental_pca: batch_size must be >= 1");
        std::vector<std::size_t> starts;
        std::size_t start = 0;
        for (std::size_t c = 0; c < n / batch_size; ++c) {
            const std::size_t end = start + batch_size;
            if (end + min_batch_size > n) continue;
            starts.push_back(start);
            start = end;
        }
        if (start < n) starts.push_back(start);
        return starts;
    }

    /// Scores (x − mean)·componentsᵀ (n_samples×k), divided by sqrt(explained_variance) when
    /// whitening (a component of zero variance gives scores 0).
    template <class A>
    matrix<T> transform(const A& x) const {
        const matrix_view<const T> v = detail::as_view<T>(x);
        require_fitted("transform");
        if (v.cols() != nf_)
            throw std::invalid_argument("svdkit::incremental_pca::transform: x is " +
                                        detail::shape_string(v.rows(), v.cols()) + " but the fit had " +
                                        std::to_string(nf_) + " features (columns)");
        detail::max_abs_finite(v, "svdkit::incremental_pca::transform");
        matrix<T> xc(v.rows(), nf_);
        for (std::size_t j = 0; j < nf_; ++j)
            for (std::size_t i = 0; i < v.rows(); ++i) xc(i, j) = v(i, j) - mean_[j];
        matrix<T> z = detail::multiply_a_bt(xc, components_);
        if (opts_.whiten)
            for (std::size_t c = 0; c < k_; ++c) {
                const T f = explained_variance_[c] > T(0) ? T(1) / std::sqrt(explained_variance_[c]) : T(0);
                for (std::size_t i = 0; i < z.rows(); ++i) z(i, c) *= f;
            }
        return z;
    }

    /// Back to feature space: y·components + mean (y·diag(sqrt(explained_variance))·components +
    /// mean when whitening). The exact inverse of transform when k = n_features; otherwise the
    /// projection onto the k components, plus the mean.
    template <class A>
    matrix<T> inverse_transform(const A& y) const {
        const matrix_view<const T> v = detail::as_view<T>(y);
        require_fitted("inverse_transform");
        if (v.cols() != k_)
            throw std::invalid_argument("svdkit::incremental_pca::inverse_transform: y is " +
                                        detail::shape_string(v.rows(), v.cols()) + " but the fit has " +
                                        std::to_string(k_) + " components (columns)");
        detail::max_abs_finite(v, "svdkit::incremental_pca::inverse_transform");
        matrix<T> w(v.rows(), k_);
        for (std::size_t c = 0; c < k_; ++c) {
            const T f = opts_.whiten ? std::sqrt(explained_variance_[c]) : T(1);
            for (std::size_t i = 0; i < v.rows(); ++i) w(i, c) = v(i, c) * f;
        }
        matrix<T> x = detail::multiply(w, components_);
        for (std::size_t j = 0; j < nf_; ++j)
            for (std::size_t i = 0; i < x.rows(); ++i) x(i, j) += mean_[j];
        return x;
    }

    /// Principal axes, one per row (k×n_features), orthonormal, sign-normalized.
    const matrix<T>& components() const { return require_fitted("components"), components_; }
    /// σ_i²/(n_samples_seen − 1) for the k kept components (0 after a single sample).
    const std::vector<T>& explained_variance() const {
        return require_fitted("explained_variance"), explained_variance_;
    }
    /// σ_i² / Σ_j (n_samples_seen·var_j): the share of the total variance (0 when that is 0).
    const std::vector<T>& explained_variance_ratio() const {
        return require_fitted("explained_variance_ratio"), explained_variance_ratio_;
    }
    /// The k singular values of the last update's Z (those of the centered data seen, when
    /// nothing was discarded).
    const std::vector<T>& singular_values() const { return require_fitted("singular_values"), singular_values_; }
    /// Column means of all rows seen (n_features).
    const std::vector<T>& mean() const { return require_fitted("mean"), mean_; }
    /// Column variances of all rows seen, ddof = 0 (scikit-learn's var_).
    const std::vector<T>& var() const { return require_fitted("var"), var_; }
    /// Mean variance of the discarded components of the last update (see the file comment).
    T noise_variance() const { return require_fitted("noise_variance"), noise_variance_; }
    /// Rows seen since construction or the last fit(); 0 before any.
    std::size_t n_samples_seen() const noexcept { return n_seen_; }
    /// k, the number of components kept.
    std::size_t n_components() const { return require_fitted("n_components"), k_; }
    std::size_t n_features() const { return require_fitted("n_features"), nf_; }
    bool fitted() const noexcept { return n_seen_ != 0; }

private:
    void require_fitted(const char* what) const {
        if (n_seen_ == 0)
            throw std::logic_error(std::string("svdkit::incremental_pca::") + what +
                                   ": call partial_fit() or fit() first");
    }

    /// The checks that do not depend on the entries; nothing is changed.
    void check_shape(std::size_t rows, std::size_t cols, const char* where) const {
        if (cols == 0)
            throw std::invalid_argument(std::string(where) + ": the data are " + detail::shape_string(rows, cols) +
                                        "; at least 1 feature (column) is needed");
        if (fitted() && cols != nf_)
            throw std::invalid_argument(std::string(where) + ": the block has " + std::to_string(cols) +
                                        " columns but the fit has " + std::to_string(nf_) + " features (columns)");
        if (requested_k_ > cols)
            throw std::invalid_argument(std::string(where) + ": n_components (= " + std::to_string(requested_k_) +
                                        ") must satisfy 1 <= n_components <= n_features (= " + std::to_string(cols) +
                                        ")");
        if (rows == 0)
            throw std::invalid_argument(std::string(where) + ": the data are " + detail::shape_string(rows, cols) +
                                        "; at least 1 sample (row) is needed");
    }

    /// One block (steps 1-5 of the file comment). Every result goes to locals first; the state
    /// changes only in step 5, by moves that cannot throw.
    void update(matrix_view<const T> b, const char* where, bool check) {
        const std::size_t nb = b.rows(), nf = b.cols();
        // step 1: arguments.
        if (check) check_shape(nb, nf, where);
        const T amax = std::max(amax_, detail::max_abs_finite(b, where));
        if (requested_k_ != 0 && requested_k_ > nb)
            throw std::invalid_argument(std::string(where) + ": n_components (= " + std::to_string(requested_k_) +
                                        ") must satisfy n_components <= the block's rows (= " + std::to_string(nb) +
                                        "): every block needs at least n_components rows");
        const bool first = n_seen_ == 0;
        const std::size_t k = requested_k_ != 0 ? requested_k_ : (first ? (nb < nf ? nb : nf) : k_);
        // The model so far at the new scale 2^ex (exact: amax only grows, so ex only decreases
        // and the stored values shrink, by a power of two).
        const int ex = detail::scaling_exponent(amax);
        std::vector<T> mean_old(mean_s_), m2_old(m2_s_), sv_old(sv_s_);
        if (ex != ex_) {
            for (T& v : mean_old) v = std::ldexp(v, ex - ex_);
            for (T& v : m2_old) v = std::ldexp(v, 2 * (ex - ex_));
            for (T& v : sv_old) v = std::ldexp(v, ex - ex_);
        }
        auto at = [&](std::size_t i, std::size_t j) { return ex == 0 ? b(i, j) : std::ldexp(b(i, j), ex); };

        // step 2: the block's mean and M2 (corrected two-pass [2]), then the pairwise update.
        const T n_old = static_cast<T>(n_seen_), n_b = static_cast<T>(nb);
        const std::size_t n_total = n_seen_ + nb;
        const T n_tot = static_cast<T>(n_total);
        std::vector<T> batch_mean(nf), mean(nf), m2(nf), var(nf);
        for (std::size_t j = 0; j < nf; ++j) {
            T s = 0;
            for (std::size_t i = 0; i < nb; ++i) s += at(i, j);
            const T t = s / n_b;
            T corr = 0, ss = 0;
            for (std::size_t i = 0; i < nb; ++i) {
                const T d = at(i, j) - t;
                corr += d;
                ss += d * d;
            }
            batch_mean[j] = t + corr / n_b;
            const T m2_b = ss - corr * corr / n_b;
            if (first) {
                mean[j] = batch_mean[j];
                m2[j] = m2_b;
            } else {
                const T delta = batch_mean[j] - mean_old[j];
                mean[j] = mean_old[j] + delta * (n_b / n_tot);
                m2[j] = m2_old[j] + m2_b + delta * delta * (n_old * n_b / n_tot);
            }
            var[j] = std::ldexp(m2[j] / n_tot, -2 * ex);
        }

        // step 3: Z, the rows whose SVD is the updated model [1].
        const std::size_t top = first ? 0 : k_;
        matrix<T> z(top + nb + (first ? 0 : 1), nf);
        const T shift = first ? T(0) : std::sqrt(n_old * n_b / n_tot);
        for (std::size_t j = 0; j < nf; ++j) {
            for (std::size_t c = 0; c < top; ++c) z(c, j) = sv_old[c] * components_(c, j);
            for (std::size_t i = 0; i < nb; ++i) z(top + i, j) = at(i, j) - batch_mean[j];
            if (!first) z(top + nb, j) = shift * (mean_old[j] - batch_mean[j]);
        }

        // step 4: its thin SVD (values and V), svd_flip on V, and the variances.
        svd_result<T> r = detail::svd_impl<T>(z.view(), svd_options{vectors::none, vectors::thin}, where);
        const std::size_t p = r.s.size();  // min(rows of Z, nf) >= k
        matrix<T> comps(k, nf);
        for (std::size_t c = 0; c < k; ++c) {
            std::size_t imax = 0;
            for (std::size_t j = 1; j < nf; ++j)
                if (std::abs(r.v(j, c)) > std::abs(r.v(imax, c))) imax = j;
            const T flip = r.v(imax, c) < T(0) ? T(-1) : T(1);
            for (std::size_t j = 0; j < nf; ++j) comps(c, j) = flip * r.v(j, c);
        }
        T total = 0;
        for (std::size_t j = 0; j < nf; ++j) total += m2[j];
        const T dof = n_tot - T(1);
        std::vector<T> ev(k), ratio(k), sv_s(r.s.begin(), r.s.begin() + static_cast<std::ptrdiff_t>(k)), sv(k);
        for (std::size_t c = 0; c < k; ++c) {
            const T s2 = r.s[c] * r.s[c];
            ev[c] = dof > T(0) ? std::ldexp(s2 / dof, -2 * ex) : T(0);
            ratio[c] = total > T(0) ? s2 / total : T(0);
            sv[c] = std::ldexp(r.s[c], -ex);
        }
        T noise = 0;
        if (k != nb && k != nf && p > k && dof > T(0)) {
            for (std::size_t c = k; c < p; ++c) noise += r.s[c] * r.s[c] / dof;
            noise = std::ldexp(noise / static_cast<T>(p - k), -2 * ex);
        }
        std::vector<T> mean_data(mean);
        for (T& v : mean_data) v = std::ldexp(v, -ex);

        // step 5: the new state (moves only: nothing below can throw).
        mean_s_ = std::move(mean);
        m2_s_ = std::move(m2);
        sv_s_ = std::move(sv_s);
        amax_ = amax;
        ex_ = ex;
        mean_ = std::move(mean_data);
        var_ = std::move(var);
        components_ = std::move(comps);
        singular_values_ = std::move(sv);
        explained_variance_ = std::move(ev);
        explained_variance_ratio_ = std::move(ratio);
        noise_variance_ = noise;
        k_ = k;
        nf_ = nf;
        n_seen_ = n_total;
    }

    incremental_pca_options opts_;
    std::size_t requested_k_ = 0;  // 0: all

    std::size_t n_seen_ = 0;  // 0: not fitted
    std::size_t k_ = 0;
    std::size_t nf_ = 0;
    // The model of the data times 2^ex_ (ex_ = scaling_exponent(amax_), 0 within the safe range):
    std::vector<T> mean_s_;
    std::vector<T> m2_s_;  // Σ (x − mean)² per column: n_seen·var, kept unrounded by the division
    std::vector<T> sv_s_;
    T amax_ = 0;  // largest |entry| seen
    int ex_ = 0;
    // ... and at the data's scale, as returned:
    std::vector<T> mean_;
    std::vector<T> var_;
    matrix<T> components_;
    std::vector<T> singular_values_;
    std::vector<T> explained_variance_;
    std::vector<T> explained_variance_ratio_;
    T noise_variance_ = 0;
};

}  // namespace svdkit

#endif  // SVDKIT_INCREMENTAL_PCA_HPP
