// svdkit - reduction of a complex m×n matrix (m >= n) to a REAL upper bidiagonal B = Qᴴ·A·P.
//
// Step j applies H_jᴴ from the left, zeroing A(j+1:m, j), then (for j < n−1) G_j from the right,
// zeroing A(j, j+2:n). Every reflector is built by make_complex_reflector, whose β is real, so
// d_j = β of H_j and e_j = β of G_j are real: the phases of A are absorbed into Q and P, and the
// real bidiagonal solvers run on B unchanged. With B = U_B·Σ·V_Bᵀ (real),
//
//     A = Q·B·Pᴴ = (Q·U_B)·Σ·(P·V_B)ᴴ,   Q = H₀·…·H_{n−1},   P = G₀·…·G_{n−2}.
//
// G_j is made from the conjugated row: for a row xᵀ, Hᴴ·x̄ = β·e₀ gives xᵀ·H = β·e₀ᵀ (β real), so
// G_j = H of the conjugated row. Its essential part u is left in row j right of the superdiagonal
// as make_complex_reflector wrote it (u itself, not ū: LAPACK zgebrd conjugates it back; we need
// it only to apply P).
//
// Large matrices are reduced in panels of nb columns [3]: while a panel is reduced, the update of
// the trailing matrix is deferred and accumulated in X and Y, then applied at once as
// A ← A − V·Yᴴ − X·Uᴴ, two complex_gemm products (Level 3 once the kernel is fast). The panel's own
// products with the trailing matrix (building X and Y) stay matrix-vector work, as in LAPACK.
// The last columns (fewer than complex_bidiagonal_crossover) are reduced unblocked. Cost: about
// 16mn² − 16n³/3 real flops (four times the real reduction's).
//
// References:
// [1] LAPACK zgebd2 (unblocked complex reduction, real bidiagonal), zgebrd/zlabrd (the blocked
//     form: the panel, its conjugations of rows of V and X), zunmbr (applying Q and P).
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.4.8.
// [3] J. Dongarra, S. Hammarling, D. Sorensen, "Block reduction of matrices to condensed forms
//     for eigenvalue computations", J. Comput. Appl. Math. 27 (1989).
#ifndef SVDKIT_DETAIL_REDUCTION_COMPLEX_BIDIAGONALIZATION_HPP
#define SVDKIT_DETAIL_REDUCTION_COMPLEX_BIDIAGONALIZATION_HPP

#include <complex>  // std::complex, std::conj
#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <vector>   // std::vector

#include "complex_householder.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/complex_gemv.hpp"
#include "../../matrix.hpp"

namespace svdkit {
namespace detail {

/// The reduction of complex_bidiagonalize_in_place(): the real bidiagonal (d, e) and the
/// reflectors that define Q and P.
template <class R>
struct complex_bidiagonal_reduction {
    std::vector<R> d;                    ///< diagonal of B, n entries
    std::vector<R> e;                    ///< superdiagonal of B, n−1 entries (empty when n = 0)
    std::vector<std::complex<R>> tauq;   ///< τ of H_j, n entries
    std::vector<std::complex<R>> taup;   ///< τ of G_j, n entries (the last is 0)
    matrix<std::complex<R>> a;           ///< H_j's vectors below the diagonal, G_j's right of the superdiagonal

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(d) + bytes_of(e) + bytes_of(tauq) + bytes_of(taup) + bytes_of(a);
    }
};

/// Scratch of the complex reduction and of applying Q and P.
template <class R>
struct complex_bidiagonal_workspace {
    complex_householder_workspace<R> hh;  ///< WY blocks and product buffers
    std::vector<std::complex<R>> w;       ///< C·u of the right reflectors
    matrix<std::complex<R>> pv;           ///< G_j's vectors as columns, for applying P
    matrix<std::complex<R>> x, y;         ///< the panel's deferred-update factors X and Y

    std::size_t capacity_bytes() const noexcept {
        return hh.capacity_bytes() + bytes_of(w) + bytes_of(pv) + bytes_of(x) + bytes_of(y);
    }
};

/// Panel width of the blocked complex reduction, and the number of columns below which the rest
/// is reduced unblocked (the real reduction's values).
constexpr std::size_t complex_bidiagonal_block = 32;
constexpr std::size_t complex_bidiagonal_crossover = 96;

/// y ← β·y + α·op(A)·x, op(A) = A (rows×cols as stored) or, with `adjoint`, Aᴴ (cols×rows);
/// strides incx, incy for x and y. β = 0 overwrites y. The products run on the contiguous
/// kernels of complex_gemv.hpp; strided vectors are gathered into buf (rows + cols entries).
template <class R>
void complex_gemv(bool adjoint, std::size_t rows, std::size_t cols, std::complex<R> alpha, const std::complex<R>* a,
                  std::size_t lda, const std::complex<R>* x, std::size_t incx, std::complex<R> beta,
                  std::complex<R>* y, std::size_t incy, std::complex<R>* buf) noexcept {
    using C = std::complex<R>;
    const bool beta_zero = beta.real() == R(0) && beta.imag() == R(0);
    if (!adjoint) {
        C* xb = buf;  // α·x, contiguous
        C* yy = incy == 1 ? y : buf + cols;
        for (std::size_t j = 0; j < cols; ++j) xb[j] = cmul(alpha, x[j * incx]);
        const bool beta_one = beta.real() == R(1) && beta.imag() == R(0);
        if (!(beta_one && incy == 1))
            for (std::size_t i = 0; i < rows; ++i) yy[i] = beta_zero ? C(0) : cmul(beta, y[i * incy]);
        complex_gemv_n(rows, cols, a, lda, xb, yy);
        if (incy != 1)
            for (std::size_t i = 0; i < rows; ++i) y[i * incy] = yy[i];
    } else {
        const C* xx = x;
        if (incx != 1) {
            for (std::size_t i = 0; i < rows; ++i) buf[i] = x[i * incx];
            xx = buf;
        }
        C* t = buf + rows;
        complex_gemv_c(rows, cols, a, lda, xx, t);
        for (std::size_t j = 0; j < cols; ++j)
            y[j * incy] = beta_zero ? cmul(alpha, t[j]) : cmul(beta, y[j * incy]) + cmul(alpha, t[j]);
    }
}

/// Reduces the panel A(s:m, s:s+nb) of r.a (m >= n) and accumulates X ((m−s)×nb) and Y ((n−s)×nb)
/// such that the trailing matrix is A(s+nb:, s+nb:) − V·Yᴴ − X·Uᴴ ([1] zlabrd, m >= n branch, its
/// steps in its order). During the panel, row i right of the superdiagonal holds ū (the rows of
/// Uᴴ), as in zlabrd; the unit entries are explicit in A(i, i) and A(i, i+1).
template <class R>
void reduce_complex_panel(complex_bidiagonal_reduction<R>& r, std::size_t s, std::size_t nb, matrix<std::complex<R>>& x,
                          matrix<std::complex<R>>& y, std::vector<std::complex<R>>& gemv_buf) {
    using C = std::complex<R>;
    const C one(1), minus_one(-1), zero(0);
    const std::size_t lda = r.a.rows();
    const std::size_t m = r.a.rows() - s;
    const std::size_t n = r.a.cols() - s;
    C* A = r.a.data() + s + s * lda;
    auto at = [&](std::size_t i, std::size_t j) -> C* { return A + i + j * lda; };
    x.resize(m, nb);
    y.resize(n, nb);
    // buf: complex_gemv's scratch (m + n); row: row i of the panel, conjugated and contiguous
    // (n); xs: a short conjugated row of Y, A or X as a contiguous vector (nb).
    if (gemv_buf.size() < m + 2 * n + nb) gemv_buf.resize(m + 2 * n + nb);
    C* const buf = gemv_buf.data();
    C* const row = buf + m + n;
    C* const xs = row + n;
    auto conj_row = [&](std::size_t len, const C* src, std::size_t inc) {
        for (std::size_t k = 0; k < len; ++k) xs[k] = std::conj(src[k * inc]);
    };
    const std::size_t ldx = m, ldy = n;
    auto X = [&](std::size_t i, std::size_t j) -> C* { return x.data() + i + j * ldx; };
    auto Y = [&](std::size_t i, std::size_t j) -> C* { return y.data() + i + j * ldy; };
    for (std::size_t i = 0; i < nb; ++i) {
        // step 1: column i up to date: A(i:m, i) −= V(i:m, 0:i)·Y(i, 0:i)ᴴ + X(i:m, 0:i)·Uᴴ(0:i, i).
        conj_row(i, Y(i, 0), ldy);
        complex_gemv(false, m - i, i, minus_one, at(i, 0), lda, xs, 1, one, at(i, i), 1, buf);
        complex_gemv(false, m - i, i, minus_one, X(i, 0), ldx, at(0, i), 1, one, at(i, i), 1, buf);
        // step 2: H_iᴴ zeroes A(i+1:m, i).
        const C tq = make_complex_reflector(m - i, *at(i, i), at(i, i) + 1, 1);
        r.tauq[s + i] = tq;
        r.d[s + i] = at(i, i)->real();
        if (i + 1 >= n) continue;
        *at(i, i) = one;
        const std::size_t nu = n - i - 1;
        // step 3: Y(i+1:n, i) = τ_q·(A'ᴴ·v − Y·(Vᴴ·v) − Uᴴᴴ·(Xᴴ·v)), with Y(0:i, i) as scratch.
        complex_gemv(true, m - i, nu, one, at(i, i + 1), lda, at(i, i), 1, zero, Y(i + 1, i), 1, buf);
        complex_gemv(true, m - i, i, one, at(i, 0), lda, at(i, i), 1, zero, Y(0, i), 1, buf);
        complex_gemv(false, nu, i, minus_one, Y(i + 1, 0), ldy, Y(0, i), 1, one, Y(i + 1, i), 1, buf);
        complex_gemv(true, m - i, i, one, X(i, 0), ldx, at(i, i), 1, zero, Y(0, i), 1, buf);
        complex_gemv(true, i, nu, minus_one, at(0, i + 1), lda, Y(0, i), 1, one, Y(i + 1, i), 1, buf);
        for (std::size_t k = 0; k < nu; ++k) *Y(i + 1 + k, i) = cmul(*Y(i + 1 + k, i), tq);
        // step 4: row i up to date, conjugated (G_i is made from the conjugated row) and worked on
        // contiguously in `row`: one strided pass over A to read it, one to write u back.
        for (std::size_t k = 0; k < nu; ++k) row[k] = std::conj(*at(i, i + 1 + k));
        conj_row(i + 1, at(i, 0), lda);
        complex_gemv(false, nu, i + 1, minus_one, Y(i + 1, 0), ldy, xs, 1, one, row, 1, buf);
        conj_row(i, X(i, 0), ldx);
        complex_gemv(true, i, nu, minus_one, at(0, i + 1), lda, xs, 1, one, row, 1, buf);
        // step 5: G_i zeroes A(i, i+2:n); row i keeps ū (with the unit entry), as zlabrd leaves it.
        const C tp = make_complex_reflector(nu, row[0], row + 1, 1);
        r.taup[s + i] = tp;
        r.e[s + i] = row[0].real();
        row[0] = one;
        for (std::size_t k = 0; k < nu; ++k) *at(i, i + 1 + k) = std::conj(row[k]);
        // step 6: X(i+1:m, i) = τ_p·(A'·u − V·(Yᴴ·u) − X·(Uᴴ·u)), with X(0:i+1, i) as scratch.
        const std::size_t mw = m - i - 1;
        complex_gemv(false, mw, nu, one, at(i + 1, i + 1), lda, row, 1, zero, X(i + 1, i), 1, buf);
        complex_gemv(true, nu, i + 1, one, Y(i + 1, 0), ldy, row, 1, zero, X(0, i), 1, buf);
        complex_gemv(false, mw, i + 1, minus_one, at(i + 1, 0), lda, X(0, i), 1, one, X(i + 1, i), 1, buf);
        complex_gemv(false, i, nu, one, at(0, i + 1), lda, row, 1, zero, X(0, i), 1, buf);
        complex_gemv(false, mw, i, minus_one, X(i + 1, 0), ldx, X(0, i), 1, one, X(i + 1, i), 1, buf);
        for (std::size_t k = 0; k < mw; ++k) *X(i + 1 + k, i) = cmul(*X(i + 1 + k, i), tp);
    }
}

/// Reduces r.a (m×n, m >= n) in place to the real bidiagonal (r.d, r.e): in panels while at least
/// complex_bidiagonal_crossover columns remain ([1] zgebrd), the rest unblocked ([1] zgebd2).
template <class R>
void complex_bidiagonalize_in_place(complex_bidiagonal_reduction<R>& r, complex_bidiagonal_workspace<R>& ws) {
    using C = std::complex<R>;
    matrix<C>& a = r.a;
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    r.d.assign(n, R(0));
    r.e.assign(n > 0 ? n - 1 : 0, R(0));
    r.tauq.assign(n, C(0));
    r.taup.assign(n, C(0));
    std::size_t s = 0;
    while (n - s >= complex_bidiagonal_crossover) {
        const std::size_t nb = complex_bidiagonal_block;
        reduce_complex_panel(r, s, nb, ws.x, ws.y, ws.w);
        // The deferred update of the trailing matrix: A ← A − V·Yᴴ − X·Uᴴ, two products.
        const std::size_t mt = m - s - nb, nt = n - s - nb;
        C* trail = a.col_ptr(s + nb) + s + nb;
        complex_gemm(gemm_op::none, gemm_op::adjoint, mt, nt, nb, C(-1), a.col_ptr(s) + s + nb, m, ws.y.data() + nb,
                     ws.y.rows(), C(1), trail, m, &ws.hh.gemm);
        complex_gemm(gemm_op::none, gemm_op::none, mt, nt, nb, C(-1), ws.x.data() + nb, ws.x.rows(),
                     a.col_ptr(s + nb) + s, m, C(1), trail, m, &ws.hh.gemm);
        // d and e back where the unit entries were; the rows' ū back to u (the unblocked storage).
        for (std::size_t i = s; i < s + nb; ++i) {
            a(i, i) = C(r.d[i], R(0));
            a(i, i + 1) = C(r.e[i], R(0));
        }
        for (std::size_t c = s + 2; c < n; ++c)  // column by column: contiguous runs of the nb rows
            for (std::size_t i = s; i < s + nb && i + 2 <= c; ++i) a(i, c) = std::conj(a(i, c));
        s += nb;
    }
    // The rest unblocked ([1] zgebd2).
    for (std::size_t j = s; j < n; ++j) {
        // step 1: H_jᴴ zeroes A(j+1:m, j) and is applied to the trailing columns.
        C* ajj = a.col_ptr(j) + j;
        r.tauq[j] = make_complex_reflector(m - j, *ajj, ajj + 1, 1);
        r.d[j] = ajj->real();
        if (j + 1 >= n) break;
        apply_complex_reflector_left(std::conj(r.tauq[j]), ajj + 1, m - j, n - j - 1, ajj + m, m);
        // step 2: G_j, made from the conjugated row A(j, j+1:n), zeroes A(j, j+2:n) from the right.
        C* aj1 = a.col_ptr(j + 1) + j;
        const std::size_t nt = n - j - 1;
        for (std::size_t k = 0; k < nt; ++k) aj1[k * m] = std::conj(aj1[k * m]);
        r.taup[j] = make_complex_reflector(nt, *aj1, aj1 + m, static_cast<std::ptrdiff_t>(m));
        r.e[j] = aj1->real();
        apply_complex_reflector_right(r.taup[j], aj1 + m, static_cast<std::ptrdiff_t>(m), m - j - 1, nt, aj1 + 1, m,
                                      ws.w);
    }
}

/// C ← Q·C for C with m rows ([1] zunmbr, 'Q', 'L', 'N'): U = Q·[U_B; 0] without forming Q.
template <class R>
void apply_complex_bidiagonal_q(const complex_bidiagonal_reduction<R>& r, matrix<std::complex<R>>& c,
                                complex_bidiagonal_workspace<R>& ws) {
    apply_complex_reflectors_backward(r.a.data(), r.a.rows(), r.tauq.data(), r.d.size(), c.rows(), c.cols(),
                                      c.data(), c.rows(), ws.hh);
}

/// C ← P·C for C with n rows ([1] zunmbr, 'P', 'L', 'N'). P = diag(1, P'): row 0 of C stays and
/// P' acts on rows 1…; G_j's vector (row j of r.a) is copied into column j of ws.pv first.
template <class R>
void apply_complex_bidiagonal_p(const complex_bidiagonal_reduction<R>& r, matrix<std::complex<R>>& c,
                                complex_bidiagonal_workspace<R>& ws) {
    const std::size_t n = r.d.size();
    if (n <= 1) return;
    const std::size_t n1 = n - 1;
    ws.pv.resize(n1, n1);
    for (std::size_t j = 0; j + 1 < n1; ++j)
        for (std::size_t col = j + 2; col < n; ++col) ws.pv(col - 1, j) = r.a(j, col);
    apply_complex_reflectors_backward(ws.pv.data(), n1, r.taup.data(), n1, n1, c.cols(), c.data() + 1, c.rows(),
                                      ws.hh);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_COMPLEX_BIDIAGONALIZATION_HPP
