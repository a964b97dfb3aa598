// svdkit - Householder bidiagonalization A = Q·B·Pᵀ of an m×n matrix with m >= n.
//
//         [ d₀ e₀             ]
//     B = [    d₁ e₁          ]   (n×n upper bidiagonal; Q is m×m, P is n×n, both orthogonal)
//         [        ⋱  ⋱       ]
//         [           d_{n−1} ]
//
// Step j applies a left reflector H_j that zeroes A(j+1:m, j), then (for j < n−1) a right
// reflector G_j that zeroes A(j, j+2:n), so that Q = H₀·…·H_{n−1} and P = G₀·…·G_{n−2}.
// Q and P are formed afterwards, and only as far as the caller needs them.
// Cost: 4mn² − 4n³/3 flops for B; Q (thin) and P add about as much again.
//
// Large matrices are reduced in panels of nb columns [3]: while a panel is reduced, the update of
// the rest of the matrix is deferred and accumulated in two tall matrices X and Y, then applied
// at once as A ← A − V·Yᵀ − X·Uᵀ, two matrix products. Half of the flops (the products of the
// trailing matrix with each new reflector, needed to build X and Y) remain matrix-vector work.
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.4.8, Alg. 5.4.2.
// [2] LAPACK dgebd2 (unblocked reduction) and dorgbr (forming Q and Pᵀ).
// [3] J. Dongarra, S. Hammarling, D. Sorensen, "Block reduction of matrices to condensed forms
//     for eigenvalue computations", J. Comput. Appl. Math. 27 (1989); LAPACK dgebrd/dlabrd.
#ifndef SVDKIT_BIDIAGONALIZATION_HPP
#define SVDKIT_BIDIAGONALIZATION_HPP

#include <algorithm>  // std::fill
#include <cstddef>    // std::size_t
#include <utility>    // std::move
#include <vector>     // std::vector

#include "householder.hpp"
#include "matrix.hpp"

namespace svdkit {
namespace detail {

/// The reduction of bidiagonalize(): the bidiagonal (d, e) and the reflectors that define Q and P.
template <class T>
struct bidiagonal_reduction {
    std::vector<T> d;     ///< diagonal of B, n entries
    std::vector<T> e;     ///< superdiagonal of B, n−1 entries (empty when n = 0)
    std::vector<T> tauq;  ///< τ of H_j, n entries
    std::vector<T> taup;  ///< τ of G_j, n entries (the last is 0)
    matrix<T> a;          ///< the reduced matrix: H_j's vectors below the diagonal, G_j's right of the superdiagonal
    std::vector<T> work;  ///< scratch for the panel reduction
};

/// Scratch space of bidiagonalize() and of forming Q and P, reusable across calls.
template <class T>
struct bidiagonal_workspace {
    householder_workspace<T> hh;  ///< the blocked reflector products (and their gemm buffers)
    matrix<T> x, y;               ///< the panel's deferred-update factors X and Y
    std::vector<T> tmp;           ///< the panel's inner products
    std::vector<T> work, row;     ///< the unblocked tail: C·v and a contiguous copy of row j
    matrix<T> pv;                 ///< G_j's vectors as columns, for forming P
    matrix<T> p1;                 ///< P' = P(1:n, 1:n)
};

/// Reduces the panel A(s:m, s:s+nb) of a (m >= n) and accumulates X ((m−s)×nb) and Y ((n−s)×nb)
/// such that the trailing matrix is A(s+nb:, s+nb:) − V·Yᵀ − X·Uᵀ ([3] dlabrd, m >= n branch).
/// On return the unit entries of the reflectors are stored explicitly in A(i, i) and A(i, i+1).
template <class T>
void reduce_panel(matrix<T>& a, std::size_t s, std::size_t nb, bidiagonal_reduction<T>& r, matrix<T>& x,
                  matrix<T>& y, std::vector<T>& tmp) {
    const std::size_t lda = a.rows();
    const std::size_t m = a.rows() - s;  // rows of the active part A'
    const std::size_t n = a.cols() - s;  // columns of the active part A'
    T* A = a.data() + s + s * lda;
    auto at = [&](std::size_t i, std::size_t j) -> T& { return A[i + j * lda]; };
    x.resize(m, nb);
    y.resize(n, nb);
    tmp.assign(nb + 1, T(0));
    for (std::size_t i = 0; i < nb; ++i) {
        // step 1: bring column i up to date: A'(i:m, i) −= A'(i:m, 0:i)·Y(i, 0:i)ᵀ + X(i:m, 0:i)·A'(0:i, i).
        for (std::size_t j = 0; j < i; ++j) {
            const T yij = y(i, j);
            const T aji = at(j, i);
            const T* aj = &at(0, j);
            const T* xj = x.col_ptr(j);
            T* ai = &at(0, i);
            for (std::size_t k = i; k < m; ++k) ai[k] -= aj[k] * yij + xj[k] * aji;
        }
        // step 2: H_i zeroes A'(i+1:m, i).
        T* aii = &at(i, i);
        r.tauq[s + i] = make_reflector(m - i, *aii, aii + 1, 1);
        r.d[s + i] = *aii;
        if (i + 1 >= n) continue;
        *aii = T(1);
        const T* v = aii;  // v = A'(i:m, i), length m − i
        const std::size_t mv = m - i;
        // step 3: Y(i+1:n, i) = τ_q·(A'(i:m, i+1:n)ᵀ·v − Y(i+1:n, 0:i)·(A'(i:m, 0:i)ᵀ·v)
        //                                 − A'(0:i, i+1:n)ᵀ·(X(i:m, 0:i)ᵀ·v)).
        T* yi = y.col_ptr(i);
        for (std::size_t c = i + 1; c < n; ++c) yi[c] = dot(mv, &at(i, c), v);
        for (std::size_t j = 0; j < i; ++j) tmp[j] = dot(mv, &at(i, j), v);
        for (std::size_t j = 0; j < i; ++j) {
            const T t = tmp[j];
            const T* yj = y.col_ptr(j);
            for (std::size_t c = i + 1; c < n; ++c) yi[c] -= yj[c] * t;
        }
        for (std::size_t j = 0; j < i; ++j) tmp[j] = dot(mv, x.col_ptr(j) + i, v);
        for (std::size_t c = i + 1; c < n; ++c) {
            T acc = 0;
            for (std::size_t j = 0; j < i; ++j) acc += at(j, c) * tmp[j];
            yi[c] = r.tauq[s + i] * (yi[c] - acc);
        }
        // step 4: bring row i up to date: A'(i, i+1:n) −= Y(i+1:n, 0:i+1)·A'(i, 0:i+1)ᵀ + A'(0:i, i+1:n)ᵀ·X(i, 0:i)ᵀ.
        for (std::size_t c = i + 1; c < n; ++c) {
            T acc = 0;
            for (std::size_t j = 0; j <= i; ++j) acc += y(c, j) * at(i, j);
            for (std::size_t j = 0; j < i; ++j) acc += at(j, c) * x(i, j);
            at(i, c) -= acc;
        }
        // step 5: G_i zeroes A'(i, i+2:n).
        T* aii1 = &at(i, i + 1);
        r.taup[s + i] = make_reflector(n - i - 1, *aii1, aii1 + lda, static_cast<std::ptrdiff_t>(lda));
        r.e[s + i] = *aii1;
        *aii1 = T(1);
        // u = A'(i, i+1:n) (stride lda), copied for contiguous access.
        const std::size_t nu = n - i - 1;
        std::vector<T>& u = r.work;
        u.resize(nu);
        for (std::size_t c = 0; c < nu; ++c) u[c] = at(i, i + 1 + c);
        // step 6: X(i+1:m, i) = τ_p·(A'(i+1:m, i+1:n)·u − A'(i+1:m, 0:i+1)·(Y(i+1:n, 0:i+1)ᵀ·u)
        //                                   − X(i+1:m, 0:i)·(A'(0:i, i+1:n)·u)).
        T* xi = x.col_ptr(i);
        std::fill(xi, xi + m, T(0));
        for (std::size_t c = 0; c < nu; ++c) {
            const T uc = u[c];
            const T* ac = &at(0, i + 1 + c);
            for (std::size_t k = i + 1; k < m; ++k) xi[k] += ac[k] * uc;
        }
        for (std::size_t j = 0; j <= i; ++j) tmp[j] = dot(nu, y.col_ptr(j) + i + 1, u.data());
        for (std::size_t j = 0; j <= i; ++j) {
            const T t = tmp[j];
            const T* aj = &at(0, j);
            for (std::size_t k = i + 1; k < m; ++k) xi[k] -= aj[k] * t;
        }
        for (std::size_t j = 0; j < i; ++j) {
            T acc = 0;
            for (std::size_t c = 0; c < nu; ++c) acc += at(j, i + 1 + c) * u[c];
            tmp[j] = acc;
        }
        for (std::size_t j = 0; j < i; ++j) {
            const T t = tmp[j];
            const T* xj = x.col_ptr(j);
            for (std::size_t k = i + 1; k < m; ++k) xi[k] -= xj[k] * t;
        }
        for (std::size_t k = i + 1; k < m; ++k) xi[k] *= r.taup[s + i];
    }
}

/// Reduces the m×n matrix a (m >= n, taken by value and overwritten) to upper bidiagonal form
/// ([1, Alg. 5.4.2], [2] dgebd2; in panels for large matrices, [3] dgebrd).
/// In place: reduces r.a (m×n, m >= n) and fills r.d, r.e, r.tauq, r.taup, using ws for scratch.
template <class T>
void bidiagonalize_in_place(bidiagonal_reduction<T>& r, bidiagonal_workspace<T>& ws) {
    matrix<T>& a = r.a;
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    r.d.assign(n, T(0));
    r.e.assign(n > 0 ? n - 1 : 0, T(0));
    r.tauq.assign(n, T(0));
    r.taup.assign(n, T(0));
    std::size_t s = 0;
    if (n >= householder_crossover) {
        const std::size_t nb = householder_block;
        matrix<T>& x = ws.x;
        matrix<T>& y = ws.y;
        while (n - s >= householder_crossover) {
            reduce_panel(a, s, nb, r, x, y, ws.tmp);
            // The deferred update of the trailing matrix: two products.
            const std::size_t mt = m - s - nb, nt = n - s - nb;
            T* trail = a.col_ptr(s + nb) + s + nb;
            gemm(false, true, mt, nt, nb, T(-1), a.col_ptr(s) + s + nb, m, y.data() + nb, y.rows(), T(1), trail, m,
                 &ws.hh.gemm);
            gemm(false, false, mt, nt, nb, T(-1), x.data() + nb, x.rows(), a.col_ptr(s + nb) + s, m, T(1), trail, m,
                 &ws.hh.gemm);
            // Put d and e back where the unit entries of the reflectors were.
            for (std::size_t i = s; i < s + nb; ++i) {
                a(i, i) = r.d[i];
                a(i, i + 1) = r.e[i];
            }
            s += nb;
        }
    }
    std::vector<T>& work = ws.work;
    std::vector<T>& row = ws.row;
    work.resize(m);
    row.resize(n);
    for (std::size_t j = s; j < n; ++j) {
        // step 1: H_j zeroes A(j+1:m, j) and is applied to the trailing columns.
        T* ajj = a.col_ptr(j) + j;
        r.tauq[j] = make_reflector(m - j, *ajj, ajj + 1, 1);
        r.d[j] = *ajj;
        if (j + 1 < n) apply_reflector_left(r.tauq[j], ajj + 1, m - j, n - j - 1, a.col_ptr(j + 1) + j, m);
        if (j + 1 >= n) break;
        // step 2: G_j zeroes A(j, j+2:n) and is applied to the trailing rows.
        T* aj1 = a.col_ptr(j + 1) + j;
        r.taup[j] = make_reflector(n - j - 1, *aj1, aj1 + m, static_cast<std::ptrdiff_t>(m));
        r.e[j] = *aj1;
        // The row vector has stride m; a contiguous copy makes the update stream through memory.
        for (std::size_t c = j + 2; c < n; ++c) row[c - j - 2] = a(j, c);
        apply_reflector_right(r.taup[j], row.data(), m - j - 1, n - j - 1, a.col_ptr(j + 1) + j + 1, m,
                              work.data());
    }
}

/// Reduces the m×n matrix a (m >= n, taken by value and overwritten) to upper bidiagonal form.
template <class T>
bidiagonal_reduction<T> bidiagonalize(matrix<T> a) {
    bidiagonal_reduction<T> r;
    r.a = std::move(a);
    bidiagonal_workspace<T> ws;
    bidiagonalize_in_place(r, ws);
    r.work.clear();
    r.work.shrink_to_fit();
    return r;
}

/// The first q.cols() columns of Q (n <= q.cols() <= m); q must be sized m×ncols.
template <class T>
void form_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& q, bidiagonal_workspace<T>& ws) {
    form_q(r.a.data(), r.a.rows(), r.tauq.data(), r.d.size(), q, ws.hh);
}

template <class T>
void form_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& q) {
    bidiagonal_workspace<T> ws;
    form_bidiagonal_q(r, q, ws);
}

/// P (n×n) into p, which must be sized n×n.
template <class T>
void form_bidiagonal_p(const bidiagonal_reduction<T>& r, matrix<T>& p, bidiagonal_workspace<T>& ws) {
    const std::size_t n = r.d.size();
    if (n == 0) return;
    // G_j acts on coordinates j+1…n−1, its essential part is row j right of the superdiagonal.
    // Copied into columns of an (n−1)×(n−1) array, P = diag(1, P') with P' formed like any Q.
    const std::size_t n1 = n - 1;
    matrix<T>& vt = ws.pv;
    matrix<T>& p1 = ws.p1;
    vt.resize(n1, n1);
    for (std::size_t j = 0; j < n1; ++j)
        for (std::size_t c = j + 2; c < n; ++c) vt(c - 1, j) = r.a(j, c);
    p1.resize(n1, n1);
    form_q(vt.data(), n1, r.taup.data(), n1, p1, ws.hh);
    std::fill(p.data(), p.data() + p.size(), T(0));
    p(0, 0) = T(1);
    for (std::size_t j = 0; j < n1; ++j)
        for (std::size_t i = 0; i < n1; ++i) p(i + 1, j + 1) = p1(i, j);
}

template <class T>
void form_bidiagonal_p(const bidiagonal_reduction<T>& r, matrix<T>& p) {
    bidiagonal_workspace<T> ws;
    form_bidiagonal_p(r, p, ws);
}

/// C ← Q·C for C with m rows ([2] dormbr, 'Q', 'L', 'N'): how the left singular vectors of B
/// become those of A without forming Q. Cost about 4·m·n·c − 2·n²·c for c columns, in WY blocks.
template <class T>
void apply_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& c, bidiagonal_workspace<T>& ws) {
    apply_q_left(r.a.data(), r.a.rows(), r.tauq.data(), r.d.size(), c, ws.hh);
}

/// C ← P·C for C with n rows ([2] dormbr, 'P', 'L', 'N'). P = diag(1, P'), so row 0 of C stays
/// and P' (G_j's vectors copied into columns, as in form_bidiagonal_p) acts on rows 1….
template <class T>
void apply_bidiagonal_p(const bidiagonal_reduction<T>& r, matrix<T>& c, bidiagonal_workspace<T>& ws) {
    const std::size_t n = r.d.size();
    if (n <= 1) return;
    const std::size_t n1 = n - 1;
    matrix<T>& vt = ws.pv;
    vt.resize(n1, n1);
    for (std::size_t j = 0; j < n1; ++j)
        for (std::size_t col = j + 2; col < n; ++col) vt(col - 1, j) = r.a(j, col);
    apply_reflectors_backward(vt.data(), n1, r.taup.data(), n1, n1, c.cols(), c.data() + 1, c.rows(), false, ws.hh);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_BIDIAGONALIZATION_HPP
