// svdkit - complex Householder reflectors, their compact WY form, and the complex Householder QR.
//
// Convention (LAPACK's for complex data): a reflector is
//
//     H = I − τ·v·vᴴ,   v = [1, v₁, …, v_{n−1}]ᵀ,   τ complex,
//
// with v₀ = 1 implicit. H is unitary but not Hermitian (unless τ is real), so H and Hᴴ = I − τ̄·v·vᴴ
// differ. For a vector [α, xᵀ]ᵀ, make_complex_reflector chooses
//
//     β = −sign(Re α)·‖[α, xᵀ]‖₂ (REAL),   τ = (β − α)/β,   v₁… = x/(α − β),
//
// so that Hᴴ·[α; x] = [β; 0]. β real is the point: a bidiagonal reduced by such reflectors from
// both sides is real, and the real bidiagonal solvers take it unchanged. Only when x = 0 and α is
// already real is H = I (τ = 0); x = 0 with Im α ≠ 0 still gives a reflector, which turns α real.
//
// Products of b reflectors are applied as H₀·…·H_{b−1} = I − V·T·Vᴴ (T upper triangular), through
// complex_gemm: the back-transformation of singular vectors and the QR of tall inputs run on matrix
// products.
//
// References:
// [1] LAPACK zlarfg (β real, rescaling of tiny norms), zlarf (application), zgeqr2/zgeqrf (QR),
//     zlarft/zlarfb (compact WY, forward columnwise), zunmqr (applying Q).
// [2] R. Schreiber, C. Van Loan, "A storage-efficient WY representation for products of
//     Householder transformations", SIAM J. Sci. Stat. Comput. 10 (1989).
// [3] R. B. Lehoucq, "The computation of elementary unitary matrices", ACM TOMS 22 (1996): why
//     LAPACK's complex reflectors make β real.
#ifndef SVDKIT_DETAIL_REDUCTION_COMPLEX_HOUSEHOLDER_HPP
#define SVDKIT_DETAIL_REDUCTION_COMPLEX_HOUSEHOLDER_HPP

#include <algorithm>  // std::fill, std::min
#include <cmath>      // std::abs
#include <complex>    // std::complex, std::conj
#include <cstddef>    // std::size_t, std::ptrdiff_t
#include <limits>     // std::numeric_limits
#include <type_traits>  // std::integral_constant
#include <vector>     // std::vector

#include "../kernels/buffer.hpp"
#include "../kernels/complex_gemm.hpp"
#include "../kernels/complex_gemv.hpp"
#include "../kernels/numeric.hpp"
#include "../../matrix.hpp"

namespace svdkit {
namespace detail {

/// aᴴ·x = Σ conj(a_i)·x_i over n entries (a contiguous, x at stride incx), with four independent
/// partial sums of the real and imaginary parts: one sum would run at the adder's latency. The
/// order of the additions depends only on n.
template <class R>
std::complex<R> complex_dot_conj(std::size_t n, const std::complex<R>* a, const std::complex<R>* x,
                                 std::size_t incx) noexcept {
    R re[4] = {0, 0, 0, 0}, im[4] = {0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (std::size_t l = 0; l < 4; ++l) {
            const std::complex<R> ai = a[i + l], xi = x[(i + l) * incx];
            re[l] += ai.real() * xi.real() + ai.imag() * xi.imag();
            im[l] += ai.real() * xi.imag() - ai.imag() * xi.real();
        }
    for (; i < n; ++i) {
        const std::complex<R> ai = a[i], xi = x[i * incx];
        re[0] += ai.real() * xi.real() + ai.imag() * xi.imag();
        im[0] += ai.real() * xi.imag() - ai.imag() * xi.real();
    }
    return {(re[0] + re[1]) + (re[2] + re[3]), (im[0] + im[1]) + (im[2] + im[3])};
}

/// Builds H with Hᴴ·[α; x] = [β; 0], β real ([1] zlarfg). On return alpha holds β (imaginary part
/// 0), x holds v₁…, and the result is τ. n is the full length (α plus the n−1 entries of x, at
/// stride incx); n = 0 gives τ = 0.
template <class R>
std::complex<R> make_complex_reflector(std::size_t n, std::complex<R>& alpha, std::complex<R>* x,
                                       std::ptrdiff_t incx) noexcept {
    using C = std::complex<R>;
    if (n == 0) return C(0);
    const std::size_t nx = n - 1;
    R xnorm = complex_norm2(nx, x, incx);
    R ar = alpha.real(), ai = alpha.imag();
    if (xnorm == R(0) && ai == R(0)) return C(0);
    R beta = -sign(hypot2(hypot2(ar, ai), xnorm), ar);
    // β so small that 1/(α − β) could overflow: scale up by 1/safmin (a bounded number of times).
    const R safmin = constants<R>::safe_min() / std::numeric_limits<R>::epsilon();
    const R rsafmn = R(1) / safmin;
    int knt = 0;
    if (std::abs(beta) < safmin) {
        do {
            ++knt;
            for (std::size_t i = 0; i < nx; ++i) x[static_cast<std::ptrdiff_t>(i) * incx] *= rsafmn;
            beta *= rsafmn;
            ar *= rsafmn;
            ai *= rsafmn;
        } while (std::abs(beta) < safmin && knt < 20);
        xnorm = complex_norm2(nx, x, incx);
        beta = -sign(hypot2(hypot2(ar, ai), xnorm), ar);
    }
    const C tau((beta - ar) / beta, -ai / beta);
    // 1/(α − β) by the library's division (once per reflector; it guards against overflow).
    const C scal = C(1) / C(ar - beta, ai);
    for (std::size_t i = 0; i < nx; ++i) {
        C& xi = x[static_cast<std::ptrdiff_t>(i) * incx];
        xi = cmul(xi, scal);
    }
    for (int j = 0; j < knt; ++j) beta *= safmin;
    alpha = C(beta, R(0));
    return tau;
}

/// C ← H·C for the rows×cols block C (leading dimension ldc), H = I − τ·v·vᴴ, v = [1; v_ess]
/// (v_ess contiguous, rows−1 entries): c_j −= τ·v·(vᴴ·c_j), four columns per pass over v (the
/// kernels of complex_gemv.hpp). Pass conj(τ) to apply Hᴴ.
template <class R>
void apply_complex_reflector_left(std::complex<R> tau, const std::complex<R>* v_ess, std::size_t rows,
                                  std::size_t cols, std::complex<R>* c, std::size_t ldc) noexcept {
    using C = std::complex<R>;
    if ((tau.real() == R(0) && tau.imag() == R(0)) || rows == 0) return;
    // Columns j … j+nc−1 in one pass over v: w = Σ conj(c_ij)·v_i, then c_j −= τ·v·(vᴴ·c_j).
    auto update = [&](std::size_t j, auto width) {
        constexpr std::size_t nc = decltype(width)::value;
        C w[nc] = {};
        complex_dot_cols<R, nc>(rows - 1, c + j * ldc + 1, ldc, v_ess, w);
        for (std::size_t k = 0; k < nc; ++k) {
            C* ck = c + (j + k) * ldc;
            const C wk = cmul(tau, ck[0] + std::conj(w[k]));
            ck[0] -= wk;
            w[k] = -wk;
        }
        complex_ger(rows - 1, nc, v_ess, w, 1, c + j * ldc + 1, ldc);
    };
    std::size_t j = 0;
    for (; j + 4 <= cols; j += 4) update(j, std::integral_constant<std::size_t, 4>{});
    for (; j < cols; ++j) update(j, std::integral_constant<std::size_t, 1>{});
}

/// C ← C·H for the rows×cols block C, H = I − τ·v·vᴴ with v = [1; u_ess] of length cols (u_ess at
/// stride incu): C −= τ·(C·v)·vᴴ. w is scratch (resized to rows + cols).
template <class R>
void apply_complex_reflector_right(std::complex<R> tau, const std::complex<R>* u_ess, std::ptrdiff_t incu,
                                   std::size_t rows, std::size_t cols, std::complex<R>* c, std::size_t ldc,
                                   std::vector<std::complex<R>>& w) {
    using C = std::complex<R>;
    if ((tau.real() == R(0) && tau.imag() == R(0)) || cols == 0) return;
    if (w.size() < rows + cols) w.resize(rows + cols);
    C* cv = w.data();
    C* u = cv + rows;  // u_ess contiguous, then −ū
    for (std::size_t j = 1; j < cols; ++j) u[j - 1] = u_ess[static_cast<std::ptrdiff_t>(j - 1) * incu];
    std::copy(c, c + rows, cv);
    complex_gemv_n(rows, cols - 1, c + ldc, ldc, u, cv);
    for (std::size_t i = 0; i < rows; ++i) cv[i] = cmul(cv[i], tau);
    for (std::size_t i = 0; i < rows; ++i) c[i] -= cv[i];
    for (std::size_t j = 0; j + 1 < cols; ++j) u[j] = -std::conj(u[j]);
    complex_ger(rows, cols - 1, cv, u, 1, c + ldc, ldc);
}

/// Block size of the blocked complex routines, and the reflector count below which the
/// reflectors are applied one at a time.
constexpr std::size_t complex_householder_block = 32;
constexpr std::size_t complex_householder_crossover = 48;

/// Scratch of the complex Householder routines, reused across calls.
template <class R>
struct complex_householder_workspace {
    complex_gemm_workspace<R> gemm;            ///< the products' packing buffers and thread count
    matrix<std::complex<R>> v, t;              ///< the current block's explicit V and its T
    std::vector<std::complex<R>> z, work;      ///< T's inner products; the two b×cols intermediates

    std::size_t capacity_bytes() const noexcept {
        return gemm.capacity_bytes() + bytes_of(v) + bytes_of(t) + bytes_of(z) + bytes_of(work);
    }
};

/// The compact WY form [2] of the b reflectors whose essential parts lie below the diagonal of the
/// rows×b array at `a` (leading dimension lda): H₀·…·H_{b−1} = I − V·T·Vᴴ, V explicit (unit lower
/// trapezoidal) in ws.v, T (b×b, upper triangular) in ws.t, built column by column ([1] zlarft):
/// T(0:j, j) = −τ_j·T(0:j, 0:j)·(V(:, 0:j)ᴴ·v_j), T(j, j) = τ_j.
template <class R>
void make_complex_wy(std::size_t rows, std::size_t b, const std::complex<R>* a, std::size_t lda,
                     const std::complex<R>* tau, complex_householder_workspace<R>& ws) {
    using C = std::complex<R>;
    ws.v.resize(rows, b);
    ws.t.resize(b, b);
    for (std::size_t j = 0; j < b; ++j) {
        C* vj = ws.v.col_ptr(j);
        std::fill(vj, vj + j, C(0));
        vj[j] = C(1);
        for (std::size_t i = j + 1; i < rows; ++i) vj[i] = a[i + j * lda];
    }
    if (ws.z.size() < b) ws.z.resize(b);
    for (std::size_t j = 0; j < b; ++j) {
        C* tj = ws.t.col_ptr(j);
        std::fill(tj + j + 1, tj + b, C(0));
        tj[j] = tau[j];
        if (j == 0) continue;
        // z = V(j:, 0:j)ᴴ·v_j (v_j is zero above row j), j columns per pass over v_j.
        complex_gemv_c(rows - j, j, ws.v.col_ptr(0) + j, rows, ws.v.col_ptr(j) + j, ws.z.data());
        for (std::size_t i = 0; i < j; ++i) {
            C acc(0);
            for (std::size_t l = i; l < j; ++l) acc += cmul(ws.t(i, l), ws.z[l]);
            tj[i] = -cmul(tau[j], acc);
        }
    }
}

/// C ← (I − V·T·Vᴴ)·C, or with Tᴴ when `adjoint` (the product H_{b−1}ᴴ·…·H₀ᴴ), for the
/// ws.v.rows()×cols block C: three products W = Vᴴ·C, W ← op(T)·W, C −= V·W ([1] zlarfb).
template <class R>
void apply_complex_wy_left(complex_householder_workspace<R>& ws, bool adjoint, std::size_t cols,
                           std::complex<R>* c, std::size_t ldc) {
    using C = std::complex<R>;
    const std::size_t rows = ws.v.rows();
    const std::size_t b = ws.v.cols();
    if (cols == 0 || b == 0) return;
    ws.work.resize(2 * b * cols);
    C* w1 = ws.work.data();
    C* w2 = w1 + b * cols;
    complex_gemm(gemm_op::adjoint, gemm_op::none, b, cols, rows, C(1), ws.v.data(), rows, c, ldc, C(0), w1, b,
                 &ws.gemm);
    complex_gemm(adjoint ? gemm_op::adjoint : gemm_op::none, gemm_op::none, b, cols, b, C(1), ws.t.data(), b, w1, b,
                 C(0), w2, b, &ws.gemm);
    complex_gemm(gemm_op::none, gemm_op::none, rows, cols, b, C(-1), ws.v.data(), rows, w2, b, C(1), c, ldc,
                 &ws.gemm);
}

/// C ← H₀·…·H_{k−1}·C (the m×nc block C), reflector j acting on rows j… with its essential part
/// v(j+1…m−1, j) (leading dimension ldv): H_{k−1} first, in WY blocks of complex_householder_block
/// when k is large ([1] zunmqr, 'L', 'N').
template <class R>
void apply_complex_reflectors_backward(const std::complex<R>* v, std::size_t ldv, const std::complex<R>* tau,
                                       std::size_t k, std::size_t m, std::size_t nc, std::complex<R>* c,
                                       std::size_t ldc, complex_householder_workspace<R>& ws) {
    std::size_t kk = k;
    if (k >= complex_householder_crossover && nc > 0) {
        while (kk > 0) {
            const std::size_t b = std::min(complex_householder_block, kk);
            const std::size_t j0 = kk - b;
            make_complex_wy(m - j0, b, v + j0 + j0 * ldv, ldv, tau + j0, ws);
            apply_complex_wy_left(ws, false, nc, c + j0, ldc);
            kk = j0;
        }
    }
    for (std::size_t jj = kk; jj-- > 0;)
        apply_complex_reflector_left(tau[jj], v + jj * ldv + jj + 1, m - jj, nc, c + jj, ldc);
}

/// Householder QR A = H₀·…·H_{k−1}·R of the m×n matrix a in place ([1] zgeqr2/zgeqrf): R (complex,
/// real diagonal) in the upper triangle, reflector j's essential part below the diagonal of column
/// j. Each column receives H_jᴴ (τ̄). Panels of complex_householder_block columns are factored
/// column by column and then applied to the trailing columns at once, Qᴴ = I − V·Tᴴ·Vᴴ.
template <class R>
void complex_householder_qr(matrix<std::complex<R>>& a, std::vector<std::complex<R>>& tau,
                            complex_householder_workspace<R>& ws) {
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    const std::size_t k = std::min(m, n);
    tau.assign(k, std::complex<R>(0));
    const bool blocked = k >= complex_householder_crossover;
    const std::size_t nb = blocked ? complex_householder_block : k;
    for (std::size_t j0 = 0; j0 < k; j0 += nb) {
        const std::size_t jb = std::min(nb, k - j0);
        const std::size_t panel_end = blocked ? j0 + jb : n;  // unblocked: every column at once
        for (std::size_t j = j0; j < j0 + jb; ++j) {
            std::complex<R>* ajj = a.col_ptr(j) + j;
            tau[j] = make_complex_reflector(m - j, *ajj, ajj + 1, 1);
            if (j + 1 < panel_end)
                apply_complex_reflector_left(std::conj(tau[j]), ajj + 1, m - j, panel_end - j - 1, ajj + m, m);
        }
        if (blocked && j0 + jb < n) {
            make_complex_wy(m - j0, jb, a.col_ptr(j0) + j0, m, tau.data() + j0, ws);
            apply_complex_wy_left(ws, true, n - j0 - jb, a.col_ptr(j0 + jb) + j0, m);
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_COMPLEX_HOUSEHOLDER_HPP
