// svdkit - randomized SVD: the k largest singular triplets of a large matrix from a few passes
// over it.
//
// With l = k + p columns (p = oversampling) and q power iterations [1, Alg. 4.4 and 5.1]:
//
//     Ω  : n×l Gaussian;  Q = orth(A·Ω)
//     repeat q times:     Q̃ = orth(Aᵀ·Q);  Q = orth(A·Q̃)     (re-orthonormalized every step)
//     B = Qᵀ·A  (l×n);    B = Ũ·Σ·Vᵀ (the ordinary SVD of a small matrix);  U = Q·Ũ
//
// and the first k columns are kept. The power steps replace the spectrum by σ^(2q+1), so the
// result is accurate when the spectrum decays, and each costs two passes over A
// (4·m·n·l flops). [1, Thm 10.6] bounds the expected error E‖A − Q·Qᵀ·A‖ by the (k+1)-th
// singular value times a modest factor when p >= 2 and q > 0.
//
// Complex T = std::complex<R>: the same steps with Aᴴ for Aᵀ (the operator concept's
// apply_transpose), B = Qᴴ·A = (Aᴴ·Q)ᴴ, and a complex Gaussian Ω whose real and imaginary parts
// are independent N(0, 1/2) (so E|ω_ij|² = 1, as for real T), drawn in the real case's order from
// the same generator: real part, then imaginary part, entry by entry.
//
// References:
// [1] N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness: probabilistic
//     algorithms for constructing approximate matrix decompositions", SIAM Review 53 (2011).
// [2] scikit-learn's randomized_svd: the default number of power iterations (7 when
//     k < 0.1·min(m, n), else 4) and the oversampling of 10.
#ifndef SVDKIT_RANDOMIZED_HPP
#define SVDKIT_RANDOMIZED_HPP

#include <cmath>        // std::cos, std::ldexp, std::log, std::sqrt
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::enable_if_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/complex/complex_svd.hpp"
#include "detail/kernels/adjoint_products.hpp"
#include "detail/kernels/random.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/kernels/signs.hpp"
#include "detail/reduction/complex_householder.hpp"
#include "detail/reduction/householder.hpp"
#include "operator.hpp"
#include "low_rank.hpp"
#include "matrix.hpp"
#include "svd.hpp"

namespace svdkit {

/// Options of randomized_svd.
struct randomized_options {
    std::size_t oversampling = 10;  ///< p: extra columns sampled beyond k
    int power_iterations = -1;      ///< q; -1 = scikit-learn's rule: 7 if k < 0.1·min(m, n), else 4
    std::uint64_t seed = 0;         ///< same seed, same input → the same output, bit for bit
    /// The signs of the k vector pairs, as svd_options::signs (svdkit::sign_rule; none by default).
    sign_rule signs = sign_rule::none;
};

namespace detail {

/// An orthonormal basis of the columns of y (m×l, m >= l): the thin Q of its Householder QR
/// (for complex T by complex reflectors, Q = H₀·…·H_{l−1} applied to the first l columns of I).
template <class T>
matrix<T> orthonormal_basis(matrix<T> y) {
    std::vector<T> tau;
    matrix<T> q(y.rows(), y.cols());
    if constexpr (is_complex<T>::value) {
        complex_householder_workspace<real_type_t<T>> ws;
        complex_householder_qr(y, tau, ws);
        for (std::size_t j = 0; j < q.cols(); ++j) q(j, j) = T(1);
        apply_complex_reflectors_backward(y.data(), y.rows(), tau.data(), y.cols(), y.rows(), q.cols(), q.data(),
                                          q.rows(), ws);
    } else {
        householder_qr(y, tau);
        form_q(y.data(), y.rows(), tau, y.cols(), q);
    }
    return q;
}

/// The n×l test matrix Ω: standard normal entries, or for complex T entries whose real and
/// imaginary parts are N(0, 1/2), each drawn in turn.
template <class T>
matrix<T> gaussian_test_matrix(std::size_t n, std::size_t l, std::uint64_t seed) {
    gaussian_source rng(seed);
    matrix<T> omega(n, l);
    for (std::size_t j = 0; j < l; ++j)
        for (std::size_t i = 0; i < n; ++i) {
            if constexpr (is_complex<T>::value) {
                using R = real_type_t<T>;
                const double half = 0.70710678118654752440;  // sqrt(1/2)
                const double re = rng.next() * half;
                omega(i, j) = T(static_cast<R>(re), static_cast<R>(rng.next() * half));
            } else {
                omega(i, j) = static_cast<T>(rng.next());
            }
        }
    return omega;
}

}  // namespace detail

namespace detail {

/// Halko-Martinsson-Tropp on an operator, with blocks of l = k + oversampling vectors.
template <class T, class Op>
svd_result<T> randomized_operator(const Op& op, std::size_t kk, const randomized_options& opts, const char* where) {
    const std::size_t m = op.rows(), n = op.cols();
    const std::size_t p = m < n ? m : n;
    svd_result<T> out;
    if (kk == 0) {
        out.u = matrix<T>(m, std::size_t{0});
        out.v = matrix<T>(n, std::size_t{0});
        return out;
    }
    const std::size_t q = opts.power_iterations >= 0 ? static_cast<std::size_t>(opts.power_iterations)
                          : (10 * kk < p)             ? 7
                                                      : 4;
    // l = min(k + oversampling, p), written so that a huge oversampling cannot wrap around.
    const std::size_t l = opts.oversampling < p - kk ? kk + opts.oversampling : p;
    auto apply = [&](const matrix<T>& x) {
        matrix<T> y(m, x.cols());
        op.apply(x, y);
        require_finite_product(y, where);
        return y;
    };
    auto apply_transpose = [&](const matrix<T>& x) {
        matrix<T> y(n, x.cols());
        op.apply_transpose(x, y);
        require_finite_product(y, where);
        return y;
    };

    // step 2: the sketch Y = A·Ω and its basis.
    matrix<T> qm = orthonormal_basis(apply(gaussian_test_matrix<T>(n, l, opts.seed)));

    // step 3: power iterations, re-orthonormalizing after each product [1, Alg. 4.4] (Aᴴ for complex T).
    for (std::size_t it = 0; it < q; ++it) {
        const matrix<T> qt = orthonormal_basis(apply_transpose(qm));
        qm = orthonormal_basis(apply(qt));
    }

    // step 4: B = Qᵀ·A = (Aᵀ·Q)ᵀ is small (l×n); its SVD gives the triplets [1, Alg. 5.1].
    // (B = Qᴴ·A = (Aᴴ·Q)ᴴ for complex T, and B = Ũ·Σ·Ṽᴴ gives A ≈ (Q·Ũ)·Σ·Ṽᴴ.)
    const matrix<T> b = adjoint(apply_transpose(qm));
    svd_result<T> rb = svd_impl<T>(b.view(), svd_options{}, where);
    out.u = multiply_any(qm, rb.u);
    out.s = std::move(rb.s);
    out.v = std::move(rb.v);
    truncate(out, kk);
    if constexpr (is_complex<T>::value)
        apply_complex_sign_rule(opts.signs, kk, out.u, out.v);
    else
        apply_sign_rule(opts.signs, kk, out.u, out.v);
    return out;
}

inline void check_power_iterations(const randomized_options& opts) {
    if (opts.power_iterations < -1)
        throw std::invalid_argument("svdkit::randomized_svd: power_iterations (= " +
                                    std::to_string(opts.power_iterations) + ") must be >= 0, or -1 for automatic");
}

}  // namespace detail

/// \brief The k largest singular triplets of A, approximately, by randomized subspace iteration
/// (Halko, Martinsson & Tropp 2011, Alg. 4.4 + 5.1): u is m×k, s has k values (non-increasing,
/// >= 0), v is n×k with orthonormal columns.
///
/// Accurate when σ_k is well separated from the tail, as for data with a decaying spectrum; each
/// power iteration sharpens the separation to σ^(2q+1). Deterministic for a given seed.
/// Complex T = std::complex<R>: a complex Gaussian sketch (parts N(0, 1/2)), power iterations
/// with Aᴴ, s real (std::vector<R>), u and v complex (A ≈ U·Σ·Vᴴ); options and seed as for real
/// T. A dense A is read through products, without a copy, except when its entries lie outside the driver's
/// safe range (about [1e-138, 1e138] in double): then a copy scaled by a power of two is used.
/// \throws std::invalid_argument unless 0 <= k <= min(m, n); svdkit::non_finite_input for NaN/Inf.
/// Cost: (2q + 2) passes over A, 2·m·n·l flops each (l = k + p), plus O((m + n)·l²); memory
/// O((m + n)·l) (plus m·n for the scaled copy of an input at the ends of the range).
template <class T = detail::from_argument, class K, detail::if_integral<K> = 0,
          class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> randomized_svd(const A& a, K k, randomized_options opts = {}) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    const std::size_t kk = detail::checked_rank_k(k, av.rows(), av.cols(), "svdkit::randomized_svd");
    detail::check_power_iterations(opts);
    // The whole input is checked (also for k = 0, like every other entry point). Entries outside
    // the driver's safe range (about [1e-138, 1e138] in double) would overflow or underflow the
    // products: only then is A copied, scaled by a power of two (scaling the Gaussian blocks
    // instead would push them into the subnormals).
    const int ex = detail::scaling_exponent(detail::max_abs_entry_finite(av, "svdkit::randomized_svd"));
    if (ex == 0 || kk == 0)
        return detail::randomized_operator<V>(dense_operator<V>(av), kk, opts, "svdkit::randomized_svd");
    matrix<V> scaled(av.rows(), av.cols());
    for (std::size_t j = 0; j < av.cols(); ++j)
        for (std::size_t i = 0; i < av.rows(); ++i) scaled(i, j) = detail::ldexp_entry(av(i, j), ex);
    svd_result<V> r =
        detail::randomized_operator<V>(dense_operator<V>(scaled.view()), kk, opts, "svdkit::randomized_svd");
    for (auto& si : r.s) si = std::ldexp(si, -ex);
    return r;
}

/// \brief randomized_svd of any linear operator (operator.hpp: a csr_view, centered(op, mean),
/// a type of your own), with blocks of k + oversampling vectors per product.
/// \throws std::invalid_argument unless 0 <= k <= min(m, n); std::domain_error when a product
///         returns NaN/Inf (a NaN/Inf stored in a csr_view is reported as for partial_svd: call
///         check_finite() first to have it named).
template <class Op, class K, detail::if_integral<K> = 0, std::enable_if_t<detail::is_linear_operator<Op>::value, int> = 0>
svd_result<detail::operator_value_t<Op>> randomized_svd(const Op& op, K k, randomized_options opts = {}) {
    using V = detail::operator_value_t<Op>;
    const std::size_t kk = detail::checked_rank_k(k, op.rows(), op.cols(), "svdkit::randomized_svd");
    detail::check_power_iterations(opts);
    return detail::randomized_operator<V>(op, kk, opts, "svdkit::randomized_svd");
}

}  // namespace svdkit

#endif  // SVDKIT_RANDOMIZED_HPP
