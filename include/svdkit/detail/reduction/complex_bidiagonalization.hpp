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
// This is the unblocked reduction (Level 2, 8mn² − 8n³/3 real flops); the back-transformation of
// the singular vectors (apply_complex_bidiagonal_q/p) is blocked through complex_gemm.
//
// References:
// [1] LAPACK zgebd2 (unblocked complex reduction, real bidiagonal), zgebrd/zlabrd (its blocked
//     form, not implemented here yet), zunmbr (applying Q and P).
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.4.8.
#ifndef SVDKIT_DETAIL_REDUCTION_COMPLEX_BIDIAGONALIZATION_HPP
#define SVDKIT_DETAIL_REDUCTION_COMPLEX_BIDIAGONALIZATION_HPP

#include <complex>  // std::complex, std::conj
#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <vector>   // std::vector

#include "complex_householder.hpp"
#include "../kernels/buffer.hpp"
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

    std::size_t capacity_bytes() const noexcept { return hh.capacity_bytes() + bytes_of(w) + bytes_of(pv); }
};

/// Reduces r.a (m×n, m >= n) in place to the real bidiagonal (r.d, r.e) ([1] zgebd2).
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
    for (std::size_t j = 0; j < n; ++j) {
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
