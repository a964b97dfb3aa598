// svdkit - Householder reflectors and the Householder QR factorization.
//
// Convention (used everywhere in svdkit): a reflector is
//
//     H = I − τ v vᵀ,   v = [1, v₁, …, v_{n−1}]ᵀ,
//
// with v₀ = 1 implicit, so only the essential part v₁… is stored. For a vector [α, xᵀ]ᵀ,
// make_reflector chooses β = −sign(α)·‖[α, xᵀ]‖₂ (no cancellation in α − β) and
//
//     H [α; x] = [β; 0],   τ = (β − α)/β,   v₁… = x/(α − β).
//
// When x = 0 it returns τ = 0 (H = I) and leaves α untouched, so an already-reduced column is
// passed through exactly: a bidiagonal input is bidiagonalized to itself.
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.1.2-5.1.4
//     (Householder vectors), §5.2.2 (Householder QR), §5.1.6 (backward accumulation of Q).
// [2] LAPACK dlarfg (reflector with rescaling of tiny norms), dlarf (application),
//     dgeqr2 (QR), dorg2r (forming Q), dorm2r (applying Q).
#ifndef SVDKIT_HOUSEHOLDER_HPP
#define SVDKIT_HOUSEHOLDER_HPP

#include <algorithm>  // std::fill
#include <cmath>    // std::abs
#include <limits>   // std::numeric_limits
#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <vector>   // std::vector

#include "detail/numeric.hpp"
#include "matrix.hpp"

namespace svdkit {
namespace detail {

/// Builds H with H·[α; x] = [β; 0] ([2] dlarfg). On return alpha holds β, x holds v₁…, and the
/// result is τ. n is the full length (α plus the n−1 entries of x, at stride incx).
template <class T>
T make_reflector(std::size_t n, T& alpha, T* x, std::ptrdiff_t incx) noexcept {
    if (n <= 1) return T(0);
    const std::size_t nx = n - 1;
    T xnorm = norm2(nx, x, incx);
    if (xnorm == T(0)) return T(0);
    T beta = -sign(hypot2(alpha, xnorm), alpha);
    // If β is so small that 1/(α−β) could overflow, scale up (a bounded number of times: each
    // step multiplies by 1/safmin, and 20 steps exceed any representable ratio).
    const T safmin = constants<T>::safe_min() / std::numeric_limits<T>::epsilon();
    const T rsafmn = T(1) / safmin;
    int knt = 0;
    if (std::abs(beta) < safmin) {
        do {
            ++knt;
            for (std::size_t i = 0; i < nx; ++i) x[static_cast<std::ptrdiff_t>(i) * incx] *= rsafmn;
            beta *= rsafmn;
            alpha *= rsafmn;
        } while (std::abs(beta) < safmin && knt < 20);
        xnorm = norm2(nx, x, incx);
        beta = -sign(hypot2(alpha, xnorm), alpha);
    }
    const T tau = (beta - alpha) / beta;
    const T scal = T(1) / (alpha - beta);
    for (std::size_t i = 0; i < nx; ++i) x[static_cast<std::ptrdiff_t>(i) * incx] *= scal;
    for (int j = 0; j < knt; ++j) beta *= safmin;
    alpha = beta;
    return tau;
}

/// C ← H·C for the rows×cols column-major block C (leading dimension ldc), H = I − τ v vᵀ with
/// v = [1; v_ess] (v_ess contiguous, rows−1 entries). Cost 4·rows·cols.
template <class T>
void apply_reflector_left(T tau, const T* v_ess, std::size_t rows, std::size_t cols, T* c, std::size_t ldc) noexcept {
    if (tau == T(0) || rows == 0) return;
    for (std::size_t j = 0; j < cols; ++j) {
        T* cj = c + j * ldc;
        T w = cj[0];
        for (std::size_t i = 1; i < rows; ++i) w += v_ess[i - 1] * cj[i];
        w *= tau;
        cj[0] -= w;
        for (std::size_t i = 1; i < rows; ++i) cj[i] -= w * v_ess[i - 1];
    }
}

/// C ← C·H for the rows×cols block C, H = I − τ v vᵀ, v = [1; v_ess] (cols−1 entries).
/// work must hold `rows` elements. Column-oriented: w = C·v, then C ← C − τ w vᵀ.
template <class T>
void apply_reflector_right(T tau, const T* v_ess, std::size_t rows, std::size_t cols, T* c, std::size_t ldc,
                           T* work) noexcept {
    if (tau == T(0) || cols == 0) return;
    for (std::size_t i = 0; i < rows; ++i) work[i] = c[i];
    for (std::size_t j = 1; j < cols; ++j) {
        const T vj = v_ess[j - 1];
        const T* cj = c + j * ldc;
        for (std::size_t i = 0; i < rows; ++i) work[i] += vj * cj[i];
    }
    for (std::size_t i = 0; i < rows; ++i) c[i] -= tau * work[i];
    for (std::size_t j = 1; j < cols; ++j) {
        const T tv = tau * v_ess[j - 1];
        T* cj = c + j * ldc;
        for (std::size_t i = 0; i < rows; ++i) cj[i] -= tv * work[i];
    }
}

/// Forms the first q.cols() columns of Q = H₀·H₁·…·H_{k−1} (an m×m orthogonal matrix, m = q.rows()),
/// where reflector j acts on rows j…m−1 and its essential part is v(j+1…m−1, j) of the m×k
/// column-major array v (leading dimension ldv). Requires k <= q.cols() <= m.
/// Backward accumulation [1, §5.1.6]: applying H_{k−1} first keeps column c < j of the partial
/// product equal to e_c, so each H_j only touches rows and columns j….
template <class T>
void form_q(const T* v, std::size_t ldv, const std::vector<T>& tau, std::size_t k, matrix<T>& q) {
    const std::size_t m = q.rows();
    const std::size_t nc = q.cols();
    std::fill(q.data(), q.data() + q.size(), T(0));
    for (std::size_t i = 0; i < nc; ++i) q(i, i) = T(1);
    for (std::size_t jj = k; jj-- > 0;) {
        apply_reflector_left(tau[jj], v + jj * ldv + jj + 1, m - jj, nc - jj, q.col_ptr(jj) + jj, m);
    }
}

/// C ← Q·C with Q = H₀·…·H_{k−1} stored as in form_q; C has m rows ([2] dorm2r, 'L', 'N').
template <class T>
void apply_q_left(const T* v, std::size_t ldv, const std::vector<T>& tau, std::size_t k, matrix<T>& c) {
    const std::size_t m = c.rows();
    for (std::size_t jj = k; jj-- > 0;) {
        apply_reflector_left(tau[jj], v + jj * ldv + jj + 1, m - jj, c.cols(), c.data() + jj, m);
    }
}

/// Householder QR of the m×n matrix a (m >= n) in place ([1, Alg. 5.2.1], [2] dgeqr2): on return
/// R is in the upper triangle and the essential part of reflector j below the diagonal of
/// column j, with A = H₀·…·H_{n−1}·R.
template <class T>
void householder_qr(matrix<T>& a, std::vector<T>& tau) {
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    const std::size_t k = m < n ? m : n;
    tau.assign(k, T(0));
    for (std::size_t j = 0; j < k; ++j) {
        T* ajj = a.col_ptr(j) + j;
        tau[j] = make_reflector(m - j, *ajj, ajj + 1, 1);
        if (j + 1 < n) apply_reflector_left(tau[j], ajj + 1, m - j, n - j - 1, a.col_ptr(j + 1) + j, m);
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_HOUSEHOLDER_HPP
