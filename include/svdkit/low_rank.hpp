// svdkit - truncated SVD and the best rank-k approximation (Eckart-Young-Mirsky).
//
// With A = Σ_i σ_i·u_i·v_iᵀ (σ₀ >= σ₁ >= … >= σ_{p−1} >= 0, p = min(m, n)), the truncation
//
//     A_k = Σ_{i<k} σ_i·u_i·v_iᵀ = U_k·Σ_k·V_kᵀ
//
// is a best rank-k approximation in every unitarily invariant norm, and its errors are known
// exactly [1, 2]:
//
//     ‖A − A_k‖₂ = σ_k,     ‖A − A_k‖_F = sqrt(σ_k² + … + σ_{p−1}²).
//
// (Indices from 0 here: σ_k is the (k+1)-th largest value.) Both are 0 when k >= rank(A).
//
// Complex T = std::complex<R>: A_k = U_k·Σ_k·V_kᴴ, the same theorem (unitarily invariant norms);
// the errors, the fraction and the values are R. truncated_svd then always takes the thin SVD
// (partial_svd is real-only).
//
// Scale: the errors, the fraction kept and A_k are computed from the singular values of 2^e·A
// (scaled_svd, svd.hpp) and scaled back, so a σ beyond the largest finite number makes only the
// numbers that equal it +Inf (an error, a value in factors.s), never a fraction or A_k.
//
// References:
// [1] C. Eckart, G. Young, "The approximation of one matrix by another of lower rank",
//     Psychometrika 1 (1936).
// [2] L. Mirsky, "Symmetric gauge functions and unitarily invariant norms", Quart. J. Math. 11
//     (1960).
// [3] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), Thm 2.4.8.
#ifndef SVDKIT_LOW_RANK_HPP
#define SVDKIT_LOW_RANK_HPP

#include <cmath>        // std::sqrt
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_signed
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/kernels/adjoint_products.hpp"
#include "detail/kernels/numeric.hpp"
#include "detail/kernels/scaling.hpp"
#include "matrix.hpp"
#include "partial_svd.hpp"
#include "svd.hpp"
#include "svd_result.hpp"
#include "tolerance.hpp"

namespace svdkit {
namespace detail {

/// Blocks template argument deduction (std::type_identity_t is C++20).
template <class T>
struct identity {
    using type = T;
};
template <class T>
using identity_t = typename identity<T>::type;

/// sqrt(Σ_{i >= k} s_i²), safe against overflow and underflow.
template <class T>
T tail_norm(const std::vector<T>& s, std::size_t k) {
    return k >= s.size() ? T(0) : norm2(s.size() - k, s.data() + k);
}

}  // namespace detail

/// \brief A rank-k matrix kept in factored form U·diag(s)·Vᵀ (U m×k, V n×k): k·(m+n+1) numbers
/// instead of m·n, and products with it cost O((m+n)·k) per vector instead of O(m·n).
/// For complex T: U·diag(s)·Vᴴ with s real, and apply_transpose applies the adjoint A_kᴴ (as the
/// operator concept, operator.hpp).
template <class T>
struct low_rank_factors {
    matrix<T> u;
    std::vector<detail::real_type_t<T>> s;
    matrix<T> v;

    low_rank_factors() = default;
    explicit low_rank_factors(svd_result<T> r) : u(std::move(r.u)), s(std::move(r.s)), v(std::move(r.v)) {}

    std::size_t rows() const noexcept { return u.rows(); }
    std::size_t cols() const noexcept { return v.rows(); }
    std::size_t rank() const noexcept { return s.size(); }
    /// Numbers stored: k·(m + n + 1).
    std::size_t storage() const noexcept { return rank() * (rows() + cols() + 1); }

    /// A_k·X for an n×c matrix X, as U·(Σ·(Vᴴ·X)).
    matrix<T> apply(const matrix<T>& x) const {
        if (x.rows() != cols())
            throw std::invalid_argument("svdkit::low_rank_factors::apply: the factors are " +
                                        detail::shape_string(rows(), cols()) + " but x is " +
                                        detail::shape_string(x.rows(), x.cols()));
        matrix<T> c = detail::multiply_ah_b(v, x);
        for (std::size_t j = 0; j < c.cols(); ++j)
            for (std::size_t i = 0; i < c.rows(); ++i) c(i, j) *= s[i];
        return detail::multiply_any(u, c);
    }
    /// A_k·x for a vector x of length n.
    std::vector<T> apply(const std::vector<T>& x) const {
        matrix<T> xm(x.size(), std::size_t{1});
        std::copy(x.begin(), x.end(), xm.data());
        const matrix<T> y = apply(xm);
        return std::vector<T>(y.data(), y.data() + y.size());
    }
    /// A_kᵀ·Y for an m×c matrix Y, as V·(Σ·(Uᵀ·Y)); A_kᴴ·Y = V·(Σ·(Uᴴ·Y)) for complex T.
    matrix<T> apply_transpose(const matrix<T>& y) const {
        if (y.rows() != rows())
            throw std::invalid_argument("svdkit::low_rank_factors::apply_transpose: the factors are " +
                                        detail::shape_string(rows(), cols()) + " but y is " +
                                        detail::shape_string(y.rows(), y.cols()));
        matrix<T> c = detail::multiply_ah_b(u, y);
        for (std::size_t j = 0; j < c.cols(); ++j)
            for (std::size_t i = 0; i < c.rows(); ++i) c(i, j) *= s[i];
        return detail::multiply_any(v, c);
    }
    /// A_kᵀ·y for a vector y of length m.
    std::vector<T> apply_transpose(const std::vector<T>& y) const {
        matrix<T> ym(y.size(), std::size_t{1});
        std::copy(y.begin(), y.end(), ym.data());
        const matrix<T> x = apply_transpose(ym);
        return std::vector<T>(x.data(), x.data() + x.size());
    }
    /// The dense m×n matrix A_k = U·diag(s)·Vᵀ (U·diag(s)·Vᴴ for complex T).
    matrix<T> to_matrix() const {
        matrix<T> us = u;
        for (std::size_t j = 0; j < rank(); ++j)
            for (std::size_t i = 0; i < us.rows(); ++i) us(i, j) *= s[j];
        return detail::multiply_a_bh(us, v);
    }
};

/// What low_rank returns: A_k dense and factored, and its errors as Eckart-Young-Mirsky state them.
/// The numbers are real: R for T = std::complex<R>.
template <class T>
struct low_rank_approximation {
    using real_type = detail::real_type_t<T>;
    matrix<T> approximation;    ///< A_k, m×n
    low_rank_factors<T> factors;  ///< U_k, s_k, V_k
    std::size_t k = 0;
    real_type error_2 = 0;        ///< ‖A − A_k‖₂ = σ_k (0 when k >= rank; +Inf when σ_k overflows)
    real_type error_f = 0;        ///< ‖A − A_k‖_F = sqrt(σ_k² + … + σ_{p−1}²) (0 when k >= rank; +Inf on overflow)
    real_type fraction_kept = 1;  ///< ‖A_k‖_F² / ‖A‖_F² = Σ_{i<k} σ_i² / Σ_i σ_i² (1 for A = 0)
    real_type threshold = 0;      ///< σ_i <= threshold count as zero in the errors (the default rank tolerance)
    std::vector<real_type> singular_values;  ///< all p singular values of A
};

namespace detail {
/// Whether truncated_svd computes k triplets of an m×n matrix by partial_svd rather than by
/// the thin SVD: for k small against p = min(m, n), where the Lanczos process, O(m·n) per
/// product and a few hundred products, beats the O(m·n·p) of the thin SVD: 2–6× measured with
/// the deflation check (docs/guide.md, "The top k triplets of large and sparse matrices"). Below 400
/// the thin SVD costs milliseconds and stays bit-for-bit the leading part of svd().
inline bool truncated_by_lanczos(std::size_t m, std::size_t n, std::size_t k) {
    const std::size_t p = m < n ? m : n;
    return k > 0 && p >= 400 && 40 * k <= p;
}
}  // namespace detail

/// \brief The k largest singular triplets: u is m×k, s has k values (non-increasing), v is n×k.
///
/// For k small against min(m, n) (detail::truncated_by_lanczos: min(m, n) >= 400 and
/// k <= min(m, n)/40) the triplets come from partial_svd (Golub-Kahan-Lanczos, default options:
/// residuals ‖Aᵀu_i − σ_i·v_i‖ <= 8·ε·σ₀ plus the products' rounding, σ_i within a few ε·σ₀ of
/// the thin SVD's), checked by a second Lanczos run on A·(I − V_k·V_kᵀ) that no larger σ was
/// missed (a copy of a repeated σ at the boundary); otherwise, or if that check finds one or
/// the Lanczos process does not converge, from one thin svd().
/// The contract is the same either way: σ_i to O(ε·σ₀), U and V orthonormal to O(ε), the first
/// k of a singular value decomposition of A. A repeated σ may come with another basis of its
/// singular subspace than svd() gives (as between any two SVD algorithms).
/// Complex T (std::complex<R>): always the thin svd() (partial_svd is real-only), so the result is
/// the leading part of svd()'s, bit for bit; s is std::vector<R>.
/// \throws std::invalid_argument unless 0 <= k <= min(m, n) (the message gives the range);
///         otherwise as svd().
template <class T = detail::from_argument, class K, detail::if_integral<K> = 0,
          class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> truncated_svd(const A& a, K k) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    const std::size_t kk = detail::checked_rank_k(k, av.rows(), av.cols(), "svdkit::truncated_svd");
    if constexpr (!detail::is_complex<V>::value) {  // partial_svd is real-only
        if (detail::truncated_by_lanczos(av.rows(), av.cols(), kk)) {
            try {
                bool missed = false;
                partial_svd_result<V> pr =
                    detail::partial_svd_view<V>(av, kk, partial_options{}, "svdkit::truncated_svd", &missed);
                if (!missed) return std::move(static_cast<svd_result<V>&>(pr));
            } catch (const no_convergence&) {
                // the thin SVD below never gives up where Lanczos did
            }
        }
    }
    svd_result<V> r = detail::svd_impl<V>(av, svd_options{}, "svdkit::truncated_svd");
    detail::truncate(r, kk);
    return r;
}

/// The smallest k whose relative Frobenius error sqrt(Σ_{i>=k} σ_i²)/‖A‖_F is <= rel_tol, for
/// singular values s sorted non-increasing (0 for a zero or empty matrix). rel_tol in [0, 1].
template <class T>
std::size_t choose_rank(const std::vector<T>& s, detail::identity_t<T> rel_tol) {
    if (!(rel_tol >= T(0) && rel_tol <= T(1)))
        throw std::invalid_argument("svdkit::choose_rank: rel_tol (= " + std::to_string(static_cast<double>(rel_tol)) +
                                    ") must satisfy 0 <= rel_tol <= 1");
    if (s.empty() || s[0] == T(0)) return 0;
    // tail[k] = Σ_{i>=k} (σ_i/σ₀)², accumulated from the small end (scaled: no overflow).
    std::vector<T> tail(s.size() + 1, T(0));
    for (std::size_t i = s.size(); i-- > 0;) tail[i] = tail[i + 1] + (s[i] / s[0]) * (s[i] / s[0]);
    const T bound = rel_tol * std::sqrt(tail[0]);
    for (std::size_t k = 0; k < s.size(); ++k)
        if (std::sqrt(tail[k]) <= bound) return k;
    return s.size();
}

namespace detail {
/// From the SVD of 2^e·A (d.f.s scaled, d.exponent = e).
template <class T>
low_rank_approximation<T> low_rank_from_svd(scaled_svd<T> d, std::size_t k, std::size_t m, std::size_t n) {
    using R = real_type_t<T>;
    svd_result<T>& r = d.f;
    low_rank_approximation<T> out;
    out.k = k;
    out.singular_values = d.values();
    // Values at or below the default rank threshold are rounding noise of zeros: count them as
    // zero, so that the errors are exactly 0 when k >= rank (the theorem's statement).
    const R threshold = tolerance().threshold<R>(m, n, r.s.empty() ? R(0) : r.s[0]);
    out.threshold = d.unscale(threshold);
    std::vector<R> sig = r.s;
    for (R& x : sig)
        if (x <= threshold) x = R(0);
    out.error_2 = d.unscale(k < sig.size() ? sig[k] : R(0));
    out.error_f = d.unscale(tail_norm(sig, k));
    // Σ_{i<k} σ_i² / Σ_i σ_i², both scaled by σ₀² (no overflow, no cancellation).
    R head = 0, all = 0;
    for (std::size_t i = 0; i < sig.size() && sig[0] > R(0); ++i) {
        const R q = (sig[i] / sig[0]) * (sig[i] / sig[0]);
        all += q;
        if (i < k) head += q;
    }
    out.fraction_kept = (sig.empty() || sig[0] == R(0)) ? R(1) : head / all;
    truncate(r, k);
    out.factors = low_rank_factors<T>(std::move(r));
    // A_k from the scaled factors, then 2^-e: no Inf·0 where a σ overflows.
    out.approximation = out.factors.to_matrix();
    if (d.exponent != 0) {
        T* x = out.approximation.data();
        for (std::size_t i = 0; i < out.approximation.size(); ++i) x[i] = ldexp_entry(x[i], -d.exponent);
        for (R& si : out.factors.s) si = d.unscale(si);
    }
    return out;
}
}  // namespace detail

/// \brief The best rank-k approximation A_k = U_k·Σ_k·V_kᵀ with its exact errors
/// error_2 = σ_k and error_f = sqrt(Σ_{i>=k} σ_i²) (Eckart-Young-Mirsky), and the fraction of
/// ‖A‖_F² it keeps. \throws std::invalid_argument unless 0 <= k <= min(m, n).
/// Cost: one thin svd() plus 2·m·n·k to form A_k.
template <class T = detail::from_argument, class K, detail::if_integral<K> = 0,
          class A = detail::braced_argument_t<T>>
low_rank_approximation<detail::view_value_t<T, A>> low_rank(const A& a, K k) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    const std::size_t kk = detail::checked_rank_k(k, av.rows(), av.cols(), "svdkit::low_rank");
    return detail::low_rank_from_svd(detail::svd_scaled<V>(av, svd_options{}, "svdkit::low_rank"), kk, av.rows(),
                                     av.cols());
}

/// \brief The lowest-rank truncation whose relative Frobenius error ‖A − A_k‖_F/‖A‖_F is at most
/// rel_tol (k from choose_rank). \throws std::invalid_argument unless 0 <= rel_tol <= 1.
/// rel_tol is real (R for complex T = std::complex<R>).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
low_rank_approximation<detail::view_value_t<T, A>> low_rank_for_error(
    const A& a, detail::real_type_t<detail::view_value_t<T, A>> rel_tol) {
    using V = detail::view_value_t<T, A>;
    using R = detail::real_type_t<V>;
    if (!(rel_tol >= R(0) && rel_tol <= R(1)))
        throw std::invalid_argument("svdkit::low_rank_for_error: rel_tol (= " +
                                    std::to_string(static_cast<double>(rel_tol)) + ") must satisfy 0 <= rel_tol <= 1");
    const matrix_view<const V> av = detail::as_view<T>(a);
    detail::scaled_svd<V> d = detail::svd_scaled<V>(av, svd_options{}, "svdkit::low_rank_for_error");
    const std::size_t k = choose_rank(d.f.s, rel_tol);  // on the scaled values: ratios only
    return detail::low_rank_from_svd(std::move(d), k, av.rows(), av.cols());
}

}  // namespace svdkit

#endif  // SVDKIT_LOW_RANK_HPP
