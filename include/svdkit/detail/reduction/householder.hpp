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
//     dgeqr2 (QR), dorg2r (forming Q), dorm2r (applying Q); the blocked dgeqrf, dorgqr, dormqr
//     with dlarft/dlarfb.
// [3] R. Schreiber, C. Van Loan, "A storage-efficient WY representation for products of
//     Householder transformations", SIAM J. Sci. Stat. Comput. 10 (1989): H₀·…·H_{b−1} =
//     I − V·T·Vᵀ with T upper triangular, so b reflectors are applied by matrix products.
// [4] E. Elmroth, F. Gustavson, "Applying recursion to serial and parallel QR factorization
//     leads to better performance", IBM J. Res. Dev. 44 (2000); LAPACK dgeqrt3: a panel
//     factored by halves, its T built alongside, so the panel itself runs on matrix products.
#ifndef SVDKIT_DETAIL_REDUCTION_HOUSEHOLDER_HPP
#define SVDKIT_DETAIL_REDUCTION_HOUSEHOLDER_HPP

#include <algorithm>  // std::copy, std::fill, std::min
#include <cmath>    // std::abs
#include <limits>   // std::numeric_limits
#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <vector>   // std::vector

#include "../kernels/gemm.hpp"
#include "../kernels/gemv.hpp"
#include "../kernels/numeric.hpp"
#include "../../matrix.hpp"

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
        // dot() keeps at least eight partial sums: on long columns (m ≫ n) the rounding of vᵀc
        // grows with m/8 (or less) instead of m, which is what keeps U orthogonal for 20000×3.
        T w = cj[0] + dot(rows - 1, v_ess, cj + 1);
        w *= tau;
        cj[0] -= w;
        for (std::size_t i = 1; i < rows; ++i) cj[i] -= w * v_ess[i - 1];
    }
}

/// apply_reflector_left on the columns of a QR panel, through the 4-column matrix-vector kernels
/// of gemv.hpp: w = τ·(C(0, :) + Cᵀ(1:, :)·v_ess) in one pass over v_ess per four columns, then
/// C −= [1; v_ess]·wᵀ. The same formula, rounded per entry as apply_reflector_left does, except
/// for the order of the inner products' partial sums (2·lanes per column in gemv.hpp's vector
/// form, eight in its portable one; like dot()'s, they keep the rounding of long columns small).
template <class T>
void apply_reflector_left_panel(T tau, const T* v_ess, std::size_t rows, std::size_t cols, T* c, std::size_t ldc,
                                std::vector<T>& w) {
    if (tau == T(0) || rows == 0 || cols == 0) return;
    if (w.size() < cols) w.resize(cols);
    gemv_t(rows - 1, cols, c + 1, ldc, v_ess, w.data());
    for (std::size_t k = 0; k < cols; ++k) {
        T& c0 = c[k * ldc];
        const T wk = tau * (c0 + w[k]);
        c0 -= wk;
        w[k] = -wk;
    }
    ger(rows - 1, cols, v_ess, w.data(), c + 1, ldc);
}

/// Block size of the blocked (WY) Householder routines, and the size below which the
/// unblocked ones are used (the matrix products do not pay for themselves on small blocks).
constexpr std::size_t householder_block = 32;
constexpr std::size_t householder_crossover = 96;
/// The same for applying reflectors to a full block (no leading columns to skip): the unblocked
/// loop passes over all of C once per reflector, so blocks pay off sooner. Measured (SVD of
/// 64×64 and 96×96, reflectors of B applied to U_B and V_B): 15-20% faster than at 96.
constexpr std::size_t householder_apply_crossover = 48;

/// The compact WY form [3] of b consecutive reflectors: H₀·…·H_{b−1} = I − V·T·Vᵀ.
/// V is rows×b unit lower trapezoidal (explicit ones and zeros, ready for the matrix products),
/// T is b×b upper triangular (LAPACK dlarft, forward, columnwise).
template <class T>
struct wy_block {
    matrix<T> v;
    matrix<T> t;
};

/// Scratch space of the blocked Householder routines, reused across calls (and across the steps
/// of one call) so that repeated work of one shape allocates nothing after the first time.
template <class T>
struct householder_workspace {
    gemm_workspace<T> gemm;  ///< packing buffers and thread count of the matrix products
    wy_block<T> wy;          ///< the current block's V and T
    std::vector<T> z;        ///< make_wy's column of inner products; the QR panel's w
    std::vector<T> work;     ///< apply_wy_left's two b×cols intermediates

    std::size_t capacity_bytes() const noexcept {
        return gemm.capacity_bytes() + bytes_of(wy.v) + bytes_of(wy.t) + bytes_of(z) + bytes_of(work);
    }
};

/// V of the WY form, explicit (rows×b at v, leading dimension ldv): zeros above the diagonal, ones
/// on it, and below it the essential parts of the reflectors, which lie below the diagonal of the
/// rows×b array at `a` (leading dimension lda).
template <class T>
void copy_wy_v(std::size_t rows, std::size_t b, const T* a, std::size_t lda, T* v, std::size_t ldv) {
    for (std::size_t j = 0; j < b; ++j) {
        T* vj = v + j * ldv;
        std::fill(vj, vj + j, T(0));
        vj[j] = T(1);
        for (std::size_t i = j + 1; i < rows; ++i) vj[i] = a[i + j * lda];
    }
}

/// T of the WY form (b×b at t, leading dimension ldt; upper triangular, zeros written below) of
/// the b reflectors in the explicit V at v, column by column ([2] dlarft, forward, columnwise):
/// T(0:j, j) = −τ_j·T(0:j, 0:j)·(V(:, 0:j)ᵀ·v_j), T(j, j) = τ_j.
template <class T>
void make_wy_t(std::size_t rows, std::size_t b, const T* v, std::size_t ldv, const T* tau, T* t, std::size_t ldt,
               std::vector<T>& z) {
    if (z.size() < b) z.resize(b);
    for (std::size_t j = 0; j < b; ++j) {
        T* tj = t + j * ldt;
        std::fill(tj + j + 1, tj + b, T(0));
        tj[j] = tau[j];
        if (j == 0) continue;
        // z = V(j:, 0:j)ᵀ·v_j (v_j is zero above row j): rows·b²/2 multiply-adds per block, so
        // through gemv_t, which reads v_j once per four columns with independent partial sums.
        gemv_t(rows - j, j, v + j, ldv, v + j + j * ldv, z.data());
        for (std::size_t i = 0; i < j; ++i) {
            T acc = 0;
            for (std::size_t l = i; l < j; ++l) acc += t[i + l * ldt] * z[l];
            tj[i] = -tau[j] * acc;
        }
    }
}

/// Builds the WY form of b reflectors whose essential parts lie below the diagonal of the
/// rows×b array at `a` (leading dimension lda), reflector j acting on rows j….
template <class T>
void make_wy(std::size_t rows, std::size_t b, const T* a, std::size_t lda, const T* tau, wy_block<T>& w,
             std::vector<T>& z) {
    // copy_wy_v and make_wy_t write every entry of V and T: no zero fill first (a pass over
    // V per block, up to m×b).
    matrix_storage::resize_for_overwrite(w.v, rows, b);
    matrix_storage::resize_for_overwrite(w.t, b, b);
    copy_wy_v(rows, b, a, lda, w.v.data(), rows);
    make_wy_t(rows, b, w.v.data(), rows, tau, w.t.data(), b, z);
}

/// C ← (I − V·T·Vᵀ)·C, or with Tᵀ when `transpose` (that is, the product H_{b−1}·…·H₀),
/// for the w.v.rows()×cols block C. Cost: 4·rows·cols·b + 2·b²·cols flops, in matrix products.
template <class T>
void apply_wy_left(const wy_block<T>& w, bool transpose, std::size_t cols, T* c, std::size_t ldc,
                   std::vector<T>& work, gemm_workspace<T>* gws = nullptr) {
    const std::size_t rows = w.v.rows();
    const std::size_t b = w.v.cols();
    if (cols == 0 || b == 0) return;
    work.resize(2 * b * cols);
    T* w1 = work.data();
    T* w2 = work.data() + b * cols;
    gemm(true, false, b, cols, rows, T(1), w.v.data(), rows, c, ldc, T(0), w1, b, gws);       // W = Vᵀ·C
    gemm(transpose, false, b, cols, b, T(1), w.t.data(), b, w1, b, T(0), w2, b, gws);          // W = op(T)·W
    gemm(false, false, rows, cols, b, T(-1), w.v.data(), rows, w2, b, T(1), c, ldc, gws);       // C −= V·W
}

/// C ← H₀·…·H_{k−1}·C, applying H_{k−1} first: in blocks of householder_block through their WY
/// form when large, one by one for the rest. With `skip_leading` (forming Q from the identity),
/// H_j skips columns < j, which are still unit vectors untouched by it.
template <class T>
void apply_reflectors_backward(const T* v, std::size_t ldv, const T* tau, std::size_t k, std::size_t m,
                               std::size_t nc, T* c, std::size_t ldc, bool skip_leading,
                               householder_workspace<T>& ws) {
    std::size_t kk = k;  // reflectors 0…kk−1 are still to be applied, last first
    if (k >= (skip_leading ? householder_crossover : householder_apply_crossover) && nc >= householder_block) {
        // Blocks end at k; the first one, H₀…, may be shorter. It is applied in WY form too: left
        // to the unblocked loop, its up to b reflectors would each pass over all of C at
        // matrix-vector speed (a third of the time of applying 200 reflectors to 4000×200).
        // Each block spans more rows than the one after it, so W's V is sized once for the
        // largest (m×b) instead of reallocated k/b times.
        if (ws.wy.v.capacity() < m * householder_block)
            matrix_storage::resize_for_overwrite(ws.wy.v, m, householder_block);
        while (kk > 0) {
            const std::size_t b = std::min(householder_block, kk);
            const std::size_t j0 = kk - b;
            const std::size_t c0 = skip_leading ? j0 : 0;
            make_wy(m - j0, b, v + j0 + j0 * ldv, ldv, tau + j0, ws.wy, ws.z);
            apply_wy_left(ws.wy, false, nc - c0, c + c0 * ldc + j0, ldc, ws.work, &ws.gemm);
            kk = j0;
        }
    }
    for (std::size_t jj = kk; jj-- > 0;) {
        const std::size_t c0 = skip_leading ? jj : 0;
        apply_reflector_left(tau[jj], v + jj * ldv + jj + 1, m - jj, nc - c0, c + c0 * ldc + jj, ldc);
    }
}

/// Forms the first q.cols() columns of Q = H₀·H₁·…·H_{k−1} (an m×m orthogonal matrix, m = q.rows()),
/// where reflector j acts on rows j…m−1 and its essential part is v(j+1…m−1, j) of the m×k
/// column-major array v (leading dimension ldv). Requires k <= q.cols() <= m.
/// Backward accumulation [1, §5.1.6]: applying H_{k−1} first keeps column c < j of the partial
/// product equal to e_c, so each H_j only touches rows and columns j…. Large problems apply
/// the reflectors in blocks of householder_block through their WY form ([2] dorgqr).
template <class T>
void form_q(const T* v, std::size_t ldv, const T* tau, std::size_t k, matrix<T>& q, householder_workspace<T>& ws) {
    std::fill(q.data(), q.data() + q.size(), T(0));
    for (std::size_t i = 0; i < q.cols(); ++i) q(i, i) = T(1);
    apply_reflectors_backward(v, ldv, tau, k, q.rows(), q.cols(), q.data(), q.rows(), true, ws);
}

template <class T>
void form_q(const T* v, std::size_t ldv, const std::vector<T>& tau, std::size_t k, matrix<T>& q) {
    householder_workspace<T> ws;
    form_q(v, ldv, tau.data(), k, q, ws);
}

/// C ← Q·C with Q = H₀·…·H_{k−1} stored as in form_q; C has m rows ([2] dormqr, 'L', 'N').
template <class T>
void apply_q_left(const T* v, std::size_t ldv, const T* tau, std::size_t k, matrix<T>& c,
                  householder_workspace<T>& ws) {
    apply_reflectors_backward(v, ldv, tau, k, c.rows(), c.cols(), c.data(), c.rows(), false, ws);
}

/// Overwrites the m×c array at q (leading dimension ldq; k <= c <= m), which holds k reflectors
/// below the diagonal of its first k columns as householder_qr leaves them (R above it, no longer
/// needed), with the first c columns of Q = H₀·…·H_{k−1} ([2] dorgqr): Q takes the reflectors' place, so a caller that
/// wants Q·X needs no second m×k array. Backward accumulation [1, §5.1.6] in WY blocks from the
/// last: make_wy copies a block's V out before its own columns become e_j and then Q's, and
/// columns of Q right of the block are zero above its first row.
template <class T>
void form_q_in_place(std::size_t m, std::size_t c, std::size_t k, const T* tau, T* q, std::size_t ldq,
                     householder_workspace<T>& ws) {
    const auto unit_column = [&](std::size_t j) {  // column j of q ← e_j
        T* qj = q + j * ldq;
        std::fill(qj, qj + m, T(0));
        qj[j] = T(1);
    };
    for (std::size_t j = k; j < c; ++j) unit_column(j);
    if (ws.wy.v.capacity() < m * householder_block)
        matrix_storage::resize_for_overwrite(ws.wy.v, m, householder_block);
    for (std::size_t kk = k; kk > 0;) {
        const std::size_t b = std::min(householder_block, kk);
        const std::size_t j0 = kk - b;
        make_wy(m - j0, b, q + j0 * ldq + j0, ldq, tau + j0, ws.wy, ws.z);
        for (std::size_t j = j0; j < j0 + b; ++j) unit_column(j);
        apply_wy_left(ws.wy, false, c - j0, q + j0 * ldq + j0, ldq, ws.work, &ws.gemm);
        kk = j0;
    }
}
/// The same for the whole of the matrix q (m×c, leading dimension m).
template <class T>
void form_q_in_place(std::size_t k, const T* tau, matrix<T>& q, householder_workspace<T>& ws) {
    form_q_in_place(q.rows(), q.cols(), k, tau, q.data(), q.rows(), ws);
}

/// A(:, 0:l) ← A(:, 0:n)·B for the leading m×n block of a (leading dimension lda) and B (n×l,
/// l <= n, leading dimension ldb), by panels of gemm_blocking<T>::mc rows copied to `panel`
/// first: the product needs one panel of scratch instead of a second m×l array (and its page
/// faults). Columns l…n−1 of A are left as they were.
template <class T>
void multiply_right_in_place(std::size_t m, std::size_t n, std::size_t l, T* a, std::size_t lda, const T* b,
                             std::size_t ldb, std::vector<T>& panel, gemm_workspace<T>* gws) {
    const std::size_t rows = std::min(m, gemm_blocking<T>::mc);
    if (rows == 0 || n == 0 || l == 0) return;
    if (panel.size() < rows * n) panel.resize(rows * n);
    for (std::size_t i0 = 0; i0 < m; i0 += rows) {
        const std::size_t h = std::min(rows, m - i0);
        for (std::size_t j = 0; j < n; ++j) std::copy(a + i0 + j * lda, a + i0 + h + j * lda, panel.data() + j * h);
        gemm(false, false, h, l, n, T(1), panel.data(), h, b, ldb, T(0), a + i0, lda, gws);
    }
}
/// A(:, 0:n) ← A(:, 0:n)·B for B n×n (above with l = n).
template <class T>
void multiply_right_in_place(std::size_t m, std::size_t n, T* a, std::size_t lda, const T* b, std::size_t ldb,
                             std::vector<T>& panel, gemm_workspace<T>* gws) {
    multiply_right_in_place(m, n, n, a, lda, b, ldb, panel, gws);
}

/// Panels at most this wide are factored column by column in qr_panel. Measured (QR of
/// 4000×200, best of 80): leaf 16 4.6-4.7 ms float, 8.5-9.0 double; leaf 8 (two levels of
/// products with k = 8, too small for the kernel) 5.1-5.9 and 8.7-8.8; leaf 32 (no recursion,
/// T built by make_wy_t's recurrence) 4.9-5.4 and 9.3-10.6.
constexpr std::size_t householder_leaf = 16;

/// QR of the m×n panel at `a` (m >= n) in place, as dgeqr2 leaves it, and the WY form of its n
/// reflectors: V (m×n, explicit unit lower trapezoid) at `v` and T (n×n upper triangular, zeros
/// below) at `t`, so that H₀·…·H_{n−1} = I − V·T·Vᵀ ([4] dgeqrt3). Recursion on halves:
///
///     [A₁ A₂] → Q₁·[R₁ ·],  A₂ ← Q₁ᵀ·A₂ = A₂ − V₁·T₁ᵀ·(V₁ᵀ·A₂),  A₂(n₁:, :) → Q₂·R₂,
///     T = [T₁  −T₁·(V₁ᵀ·V₂)·T₂; 0  T₂],
///
/// where V₂ is zero in the first n₁ rows. Column by column, the panel's own update would be
/// 2·m·n² flops at matrix-vector speed, plus m·n² more to build T afterwards (make_wy); here
/// both become matrix products, and only leaves of householder_leaf columns are Level 2.
template <class T>
void qr_panel(std::size_t m, std::size_t n, T* a, std::size_t lda, T* tau, T* v, std::size_t ldv, T* t,
              std::size_t ldt, householder_workspace<T>& ws) {
    if (n <= householder_leaf) {
        for (std::size_t j = 0; j < n; ++j) {
            T* ajj = a + j + j * lda;
            tau[j] = make_reflector(m - j, *ajj, ajj + 1, 1);
            if (j + 1 < n) apply_reflector_left_panel(tau[j], ajj + 1, m - j, n - j - 1, ajj + lda, lda, ws.z);
        }
        copy_wy_v(m, n, a, lda, v, ldv);
        make_wy_t(m, n, v, ldv, tau, t, ldt, ws.z);
        return;
    }
    // n₁ a multiple of the leaf width, so that every leaf is full but the last.
    const std::size_t n1 = std::max(householder_leaf, n / 2 / householder_leaf * householder_leaf);
    const std::size_t n2 = n - n1;
    qr_panel(m, n1, a, lda, tau, v, ldv, t, ldt, ws);
    // A₂ ← A₂ − V₁·T₁ᵀ·(V₁ᵀ·A₂). Nothing in ws.work is live across the recursive calls.
    if (ws.work.size() < 2 * n1 * n2) ws.work.resize(2 * n1 * n2);
    T* w1 = ws.work.data();
    T* w2 = w1 + n1 * n2;
    T* a2 = a + n1 * lda;
    gemm(true, false, n1, n2, m, T(1), v, ldv, a2, lda, T(0), w1, n1, &ws.gemm);
    gemm(true, false, n1, n2, n1, T(1), t, ldt, w1, n1, T(0), w2, n1, &ws.gemm);
    gemm(false, false, m, n2, n1, T(-1), v, ldv, w2, n1, T(1), a2, lda, &ws.gemm);
    T* v2 = v + n1 * ldv;
    T* t2 = t + n1 + n1 * ldt;
    qr_panel(m - n1, n2, a2 + n1, lda, tau + n1, v2 + n1, ldv, t2, ldt, ws);
    for (std::size_t j = 0; j < n2; ++j) std::fill(v2 + j * ldv, v2 + j * ldv + n1, T(0));
    // T₁₂ = −T₁·(V₁ᵀ·V₂)·T₂, V₂ being zero above row n₁.
    gemm(true, false, n1, n2, m - n1, T(1), v + n1, ldv, v2 + n1, ldv, T(0), w1, n1, &ws.gemm);
    gemm(false, false, n1, n2, n1, T(1), t, ldt, w1, n1, T(0), w2, n1, &ws.gemm);
    gemm(false, false, n1, n2, n2, T(-1), w2, n1, t2, ldt, T(0), t + n1 * ldt, ldt, &ws.gemm);
    for (std::size_t j = 0; j < n1; ++j) std::fill(t + n1 + j * ldt, t + n + j * ldt, T(0));
}

/// Householder QR of the m×n matrix a (m >= n) in place ([1, Alg. 5.2.1], [2] dgeqr2/dgeqrf): on
/// return R is in the upper triangle and the essential part of reflector j below the diagonal of
/// column j, with A = H₀·…·H_{n−1}·R. Panels of householder_block columns are factored by
/// recursion (qr_panel) and applied to the rest of the matrix in WY form.
template <class T>
void householder_qr(std::size_t m, std::size_t n, T* a, std::size_t lda, std::vector<T>& tau,
                    householder_workspace<T>& ws) {
    const std::size_t k = m < n ? m : n;
    tau.assign(k, T(0));
    if (k < householder_crossover) {
        // Unblocked ([2] dgeqr2): each reflector reaches the other panel columns, then any
        // columns beyond k (a wide matrix).
        for (std::size_t j = 0; j < k; ++j) {
            T* ajj = a + j * lda + j;
            tau[j] = make_reflector(m - j, *ajj, ajj + 1, 1);
            if (j + 1 < k) apply_reflector_left_panel(tau[j], ajj + 1, m - j, k - j - 1, a + (j + 1) * lda + j, lda, ws.z);
        }
        if (k < n)
            for (std::size_t j = 0; j < k; ++j)
                apply_reflector_left(tau[j], a + j * lda + j + 1, m - j, n - k, a + k * lda + j, lda);
        return;
    }
    for (std::size_t j0 = 0; j0 < k; j0 += householder_block) {
        const std::size_t jb = std::min(householder_block, k - j0);
        // The panel by recursion [4], which leaves its WY form in ws.wy for the trailing columns:
        // Qᵀ = H_{jb−1}·…·H₀ = I − V·Tᵀ·Vᵀ at once.
        // qr_panel writes every entry of V and T (zeros included): no zero fill first.
        matrix_storage::resize_for_overwrite(ws.wy.v, m - j0, jb);
        matrix_storage::resize_for_overwrite(ws.wy.t, jb, jb);
        qr_panel(m - j0, jb, a + j0 * lda + j0, lda, tau.data() + j0, ws.wy.v.data(), m - j0, ws.wy.t.data(), jb, ws);
        if (j0 + jb < n) apply_wy_left(ws.wy, true, n - j0 - jb, a + (j0 + jb) * lda + j0, lda, ws.work, &ws.gemm);
    }
}

/// The same for the whole of the matrix a (leading dimension a.rows()).
template <class T>
void householder_qr(matrix<T>& a, std::vector<T>& tau, householder_workspace<T>& ws) {
    householder_qr(a.rows(), a.cols(), a.data(), a.rows(), tau, ws);
}

// SVDKIT_EXTERN_TEMPLATES: see svd.hpp and instantiate.hpp.
#define SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(KIND, T)                                                            \
    KIND template void householder_qr<T>(matrix<T>&, std::vector<T>&, householder_workspace<T>&);             \
    KIND template void apply_reflectors_backward<T>(const T*, std::size_t, const T*, std::size_t, std::size_t, \
                                                    std::size_t, T*, std::size_t, bool, householder_workspace<T>&);
#if defined(SVDKIT_EXTERN_TEMPLATES)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(extern, float)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(extern, double)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(extern, long double)
#endif

template <class T>
void householder_qr(matrix<T>& a, std::vector<T>& tau) {
    householder_workspace<T> ws;
    householder_qr(a, tau, ws);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_HOUSEHOLDER_HPP
