// svdkit - svd() and singular_values(): the SVD of any real m×n matrix.
//
// The driver: check and scale the input, reduce it to bidiagonal form (through a QR factorization
// first when it is tall), run the bidiagonal QR iteration, and assemble U and V.
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §8.6.3 (the SVD algorithm;
//     R-bidiagonalization for m ≫ n).
// [2] T. F. Chan, "An improved algorithm for computing the singular value decomposition",
//     ACM TOMS 8 (1982): QR first when m exceeds about 5n/3.
// [3] LAPACK dgesvd: scaling, the crossover point, the order of the steps.
#ifndef SVDKIT_SVD_HPP
#define SVDKIT_SVD_HPP

#include <cmath>        // std::ldexp
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <type_traits>  // std::is_floating_point, std::remove_const_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include "bidiagonal_svd.hpp"
#include "bidiagonalization.hpp"
#include "detail/scaling.hpp"
#include "errors.hpp"
#include "householder.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace detail {

/// Vectors for one side of a k = 0 problem: thin gives rows×0, full the identity, none 0×0.
template <class T>
matrix<T> empty_side(std::size_t rows, vectors job) {
    if (job == vectors::full) return matrix<T>::identity(rows);
    if (job == vectors::thin) return matrix<T>(rows, std::size_t{0});
    return matrix<T>();
}

/// The SVD of the M×N working matrix w (M >= N), already scaled. Left vectors (M×N thin, M×M full)
/// go to `left`, right vectors (N×N) to `right`, values to s.
template <class T>
void svd_tall_or_square(matrix<T> w, vectors job_left, vectors job_right, std::vector<T>& s, matrix<T>& left,
                        matrix<T>& right) {
    const std::size_t M = w.rows();
    const std::size_t N = w.cols();
    const bool want_left = job_left != vectors::none;
    const bool want_right = job_right != vectors::none;
    // Chan's crossover [2]: QR first costs 2MN² + 2N³ against 4MN² − 4N³/3, cheaper for M > 5N/3;
    // LAPACK uses 1.6·N [3]. For N = 1 the QR is the whole reduction.
    const bool qr_first = 10 * M >= 16 * N && N < M;

    if (qr_first) {
        // step 1: A = Q_R·R, then bidiagonalize the N×N triangle R = Q_B·B·Pᵀ [1, §8.6.3].
        std::vector<T> tau;
        householder_qr(w, tau);
        matrix<T> r(N, N);
        for (std::size_t j = 0; j < N; ++j)
            for (std::size_t i = 0; i <= j; ++i) r(i, j) = w(i, j);
        bidiagonal_reduction<T> br = bidiagonalize(std::move(r));
        // step 2: the bidiagonal SVD, rotations accumulated into the small N×N factors.
        matrix<T> ub;
        if (want_left) {
            ub.resize(N, N);
            form_bidiagonal_q(br, ub);
        }
        if (want_right) {
            right.resize(N, N);
            form_bidiagonal_p(br, right);
        }
        bidiagonal_qr(br.d, br.e, want_left ? &ub : nullptr, want_right ? &right : nullptr);
        s = std::move(br.d);
        // step 3: U = Q_R·[U_B 0; 0 I] (the identity block only for full U).
        if (want_left) {
            left.resize(M, job_left == vectors::full ? M : N);
            for (std::size_t j = 0; j < N; ++j)
                for (std::size_t i = 0; i < N; ++i) left(i, j) = ub(i, j);
            for (std::size_t j = N; j < left.cols(); ++j) left(j, j) = T(1);
            apply_q_left(w.data(), M, tau, N, left);
        }
        return;
    }

    // step 1: A = Q·B·Pᵀ directly.
    bidiagonal_reduction<T> br = bidiagonalize(std::move(w));
    if (want_left) {
        left.resize(M, job_left == vectors::full ? M : N);
        form_bidiagonal_q(br, left);
    }
    if (want_right) {
        right.resize(N, N);
        form_bidiagonal_p(br, right);
    }
    // step 2: the bidiagonal SVD; its rotations act on the first N columns of U.
    bidiagonal_qr(br.d, br.e, want_left ? &left : nullptr, want_right ? &right : nullptr);
    s = std::move(br.d);
}

template <class T>
svd_result<T> svd_impl(matrix_view<const T> a, svd_options opts, const std::string& where) {
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    svd_result<T> result;
    // step 0: an empty matrix has no singular values; full bases are identities.
    if (m == 0 || n == 0) {
        result.u = empty_side<T>(m, opts.u);
        result.v = empty_side<T>(n, opts.v);
        return result;
    }
    // step 1: reject NaN/Inf before touching anything, and find the scaling.
    const int ex = scaling_exponent(max_abs_finite(a, where));

    // step 2: copy into a working M×N matrix with M >= N, transposing a wide input (the SVD of Aᵀ
    // is V·Σ·Uᵀ) and scaling by 2^ex on the way.
    const bool wide = m < n;
    const std::size_t M = wide ? n : m;
    const std::size_t N = wide ? m : n;
    matrix<T> w(M, N);
    const matrix_view<const T> src = wide ? a.transpose() : a;
    for (std::size_t j = 0; j < N; ++j) {
        T* wj = w.col_ptr(j);
        for (std::size_t i = 0; i < M; ++i) wj[i] = ex == 0 ? src(i, j) : std::ldexp(src(i, j), ex);
    }

    // step 3: the decomposition of the working matrix.
    matrix<T>& left = wide ? result.v : result.u;
    matrix<T>& right = wide ? result.u : result.v;
    svd_tall_or_square(std::move(w), wide ? opts.v : opts.u, wide ? opts.u : opts.v, result.s, left, right);

    // step 4: undo the scaling (exact: a power of two).
    if (ex != 0)
        for (T& si : result.s) si = std::ldexp(si, -ex);
    return result;
}

}  // namespace detail

/// \brief The singular value decomposition A = U·Σ·Vᵀ of an m×n matrix.
///
/// With k = min(m, n): Σ = diag(σ₀, …, σ_{k−1}), σ₀ >= σ₁ >= … >= 0, returned in `s`; U and V have
/// orthonormal columns (`u` is m×k and `v` is n×k for vectors::thin, m×m and n×n for
/// vectors::full, 0×0 for vectors::none). `v` holds V itself, not Vᵀ.
///
/// Algorithm: Householder bidiagonalization (after a Householder QR when m >= 1.6·n), then
/// Golub-Kahan implicit-shift QR with Demmel-Kahan zero shifts on the bidiagonal. The result
/// is backward stable: U·Σ·Vᵀ = A + E with ‖E‖ = O(max(m,n)·ε·‖A‖), and U, V are orthonormal to
/// O(k·ε). Inputs near overflow or underflow are scaled by a power of two first, so no Inf/NaN
/// appears on the way. (A singular value that is itself larger than the largest finite T, as for
/// a 2×2 matrix of 1e308s in double, cannot be represented and comes back as +Inf.) Deterministic: the same input gives the same output, bit for bit.
///
/// \param a any m×n matrix or view (not modified).
/// \param opts which vectors to compute for U and for V (svd(a, job) takes one choice for both).
/// \throws svdkit::non_finite_input (a std::domain_error) if `a` holds a NaN or ±Inf; the message
///         names the first one (row-major reading order). svdkit::no_convergence (a
///         std::runtime_error) if the QR iteration exceeds 6·k² inner steps (never seen in practice).
/// An empty input (m = 0 or n = 0) returns k = 0: `s` empty, thin `u` m×0 and `v` n×0, full `u`
/// and `v` the identities.
/// Cost: O(m·n·k) flops, about 4mn² − 4n³/3 for values only (m >= n), plus O(mn²) for vectors.
/// ```
/// svdkit::matrix<double> a{{3, 0}, {4, 5}};
/// auto r = svdkit::svd(a);   // r.s = {3√5, √5}; a == r.u · diag(r.s) · r.vᵀ
/// ```
template <class T>
svd_result<std::remove_const_t<T>> svd(matrix_view<T> a, svd_options opts) {
    using V = std::remove_const_t<T>;
    return detail::svd_impl<V>(matrix_view<const V>(a), opts, "svdkit::svd");
}

/// \brief svd() with the same choice of vectors for U and V (thin by default).
template <class T>
svd_result<std::remove_const_t<T>> svd(matrix_view<T> a, vectors job = vectors::thin) {
    return svd(a, svd_options{job, job});
}

template <class T>
svd_result<T> svd(const matrix<T>& a, svd_options opts) {
    return detail::svd_impl<T>(a.view(), opts, "svdkit::svd");
}

template <class T>
svd_result<T> svd(const matrix<T>& a, vectors job = vectors::thin) {
    return svd(a, svd_options{job, job});
}

/// \brief The k = min(m, n) singular values of a, non-increasing, all >= 0.
///
/// Same algorithm, accuracy and error contract as svd() with vectors::none; no U or V is formed.
template <class T>
std::vector<std::remove_const_t<T>> singular_values(matrix_view<T> a) {
    using V = std::remove_const_t<T>;
    return detail::svd_impl<V>(matrix_view<const V>(a), svd_options{vectors::none, vectors::none},
                               "svdkit::singular_values")
        .s;
}

template <class T>
std::vector<T> singular_values(const matrix<T>& a) {
    return singular_values(a.view());
}

}  // namespace svdkit

#endif  // SVDKIT_SVD_HPP
