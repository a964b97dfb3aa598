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
// trailing matrix with each new reflector, needed to build X and Y) remain matrix-vector work;
// both products of a step are made in one pass over the trailing matrix [4], four columns at a
// time (detail/gemv.hpp).
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.4.8, Alg. 5.4.2.
// [2] LAPACK dgebd2 (unblocked reduction) and dorgbr (forming Q and Pᵀ).
// [3] J. Dongarra, S. Hammarling, D. Sorensen, "Block reduction of matrices to condensed forms
//     for eigenvalue computations", J. Comput. Appl. Math. 27 (1989); LAPACK dgebrd/dlabrd.
// [4] G. Howell, J. Demmel, C. Fulton, S. Hammarling, K. Marmol, "Cache efficient
//     bidiagonalization using BLAS 2.5 operators", ACM TOMS 34 (2008).
#ifndef SVDKIT_DETAIL_REDUCTION_BIDIAGONALIZATION_HPP
#define SVDKIT_DETAIL_REDUCTION_BIDIAGONALIZATION_HPP

#include <algorithm>  // std::fill
#include <cmath>      // std::abs
#include <cstddef>    // std::size_t, std::ptrdiff_t
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

#include "../kernels/gemv.hpp"
#include "householder.hpp"
#include "../../matrix.hpp"
#include "../../thread_pool.hpp"

namespace svdkit {
namespace detail {

/// The reduction of bidiagonalize_in_place(): the bidiagonal (d, e) and the reflectors that define Q and P.
template <class T>
struct bidiagonal_reduction {
    std::vector<T> d;     ///< diagonal of B, n entries
    std::vector<T> e;     ///< superdiagonal of B, n−1 entries (empty when n = 0)
    std::vector<T> tauq;  ///< τ of H_j, n entries
    std::vector<T> taup;  ///< τ of G_j, n entries (the last is 0)
    matrix<T> a;          ///< the reduced matrix: H_j's vectors below the diagonal, G_j's right of the superdiagonal
    std::vector<T> work;  ///< scratch for the panel reduction

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(d) + bytes_of(e) + bytes_of(tauq) + bytes_of(taup) + bytes_of(a) + bytes_of(work);
    }
};

/// Scratch space of bidiagonalize_in_place() and of forming Q and P, reusable across calls.
template <class T>
struct bidiagonal_workspace {
    householder_workspace<T> hh;  ///< the blocked reflector products (and their gemm buffers)
    matrix<T> x, y;               ///< the panel's deferred-update factors X and Y
    std::vector<T> tmp;           ///< the panel's short vectors, known parts of its products, and A'·u
    std::vector<T> work, row;     ///< the unblocked tail: C·v and a contiguous copy of row j
    matrix<T> pv;                 ///< G_j's vectors as columns, for forming P
    matrix<T> p1;                 ///< P' = P(1:n, 1:n)

    std::size_t capacity_bytes() const noexcept {
        return hh.capacity_bytes() + bytes_of(x) + bytes_of(y) + bytes_of(tmp) + bytes_of(work) + bytes_of(row) +
               bytes_of(pv) + bytes_of(p1);
    }
};

/// Panel width of the blocked reduction, and the number of columns below which the rest is reduced
/// unblocked (the deferred update's matrix products do not pay for themselves on fewer). Widths
/// 16…48 and crossovers 48…160 measured within noise of these at n = 48…2048.
constexpr std::size_t bidiagonal_block = 32;
constexpr std::size_t bidiagonal_crossover = 96;

/// The panel's fused pass over the trailing matrix splits its columns into up to this many
/// segments (one per 128 columns), which threads may run side by side; and does so on the pool
/// only from this many entries of the trailing matrix on (below, a hand-over costs more than
/// half the pass). Measured (svd() thin, 2 threads, medians of 21 and 5 calls, three
/// interleaved rounds on the AVX-512 Xeon): 2^16 → 2^18 took 512² from 49.4–51.6 to 44.7–47.7 ms
/// (its 512 one-column passes each paid a hand-over), 1024² 284–335 → 278–312 ms; 2^19 within
/// noise of 2^18.
constexpr std::size_t bidiagonal_fused_segments = 4;
constexpr std::size_t bidiagonal_parallel_min = std::size_t(1) << 18;

/// Reduces the panel A(s:m, s:s+nb) of a (m >= n) and accumulates X ((m−s)×nb) and Y ((n−s)×nb)
/// such that the trailing matrix is A(s+nb:, s+nb:) − V·Yᵀ − X·Uᵀ ([3] dlabrd, m >= n branch).
/// On return the unit entries of the reflectors are stored explicitly in A(i, i) and A(i, i+1).
///
/// The two products of each step with the trailing matrix, A'ᵀ·v (for Y) and A'·u (for X), are
/// made in one pass over its columns [4]: once column c's inner product with v is known, so are
/// Y(c, i) and the updated row entry A'(i, c), and column c, still in cache, is added into
/// w = Σ_c A'(i+1:m, c)·A'(i, c). G_i's vector is u = [1; A'(i, i+2:n)·σ] with σ = 1/(α − β)
/// (α the row's first entry, β the new one), so A'·u = A'(:, i+1) + σ·w. When make_reflector
/// had to rescale a tiny row, or G_i = I, A'·u is formed from u afterwards instead.
template <class T>
void reduce_panel(matrix<T>& a, std::size_t s, std::size_t nb, bidiagonal_reduction<T>& r, matrix<T>& x,
                  matrix<T>& y, std::vector<T>& tmp, thread_pool* pool = nullptr) {
    const std::size_t lda = a.rows();
    const std::size_t m = a.rows() - s;  // rows of the active part A'
    const std::size_t n = a.cols() - s;  // columns of the active part A'
    T* A = a.data() + s + s * lda;
    auto at = [&](std::size_t i, std::size_t j) -> T& { return A[i + j * lda]; };
    x.resize(m, nb);
    y.resize(n, nb);
    const std::size_t ldx = x.rows();
    const std::size_t ldy = y.rows();
    // Scratch: four short vectors (one entry per panel column), two of the row's length, w.
    tmp.resize(4 * (nb + 1) + 2 * n + bidiagonal_fused_segments * m);
    T* t1 = tmp.data();
    T* t2 = t1 + (nb + 1);
    T* c1 = t2 + (nb + 1);
    T* c2 = c1 + (nb + 1);
    T* pre_y = c2 + (nb + 1);  // the part of Y(i+1:n, i)/τ_q known before the pass
    T* pre_row = pre_y + n;    // the part of the row update known before the pass
    T* w = pre_row + n;  // then the other segments' parts of w, m each
    std::vector<T>& u = r.work;
    u.resize(n);
    // |β| at least this means make_reflector did not rescale (see the fused pass above).
    const T safmin = constants<T>::safe_min() / std::numeric_limits<T>::epsilon();
    for (std::size_t i = 0; i < nb; ++i) {
        // step 1: bring column i up to date: A'(i:m, i) −= A'(i:m, 0:i)·Y(i, 0:i)ᵀ + X(i:m, 0:i)·A'(0:i, i).
        if (i > 0) {
            for (std::size_t j = 0; j < i; ++j) c1[j] = -y(i, j);
            gemv_n(m - i, i, &at(i, 0), lda, c1, &at(i, i));
            for (std::size_t j = 0; j < i; ++j) c2[j] = -at(j, i);
            gemv_n(m - i, i, x.col_ptr(0) + i, ldx, c2, &at(i, i));
        }
        // step 2: H_i zeroes A'(i+1:m, i).
        T* aii = &at(i, i);
        const T tq = make_reflector(m - i, *aii, aii + 1, 1);
        r.tauq[s + i] = tq;
        r.d[s + i] = *aii;
        if (i + 1 >= n) continue;
        *aii = T(1);
        const T* v = aii;  // v = A'(i:m, i), length m − i
        const std::size_t mv = m - i;
        const std::size_t nu = n - i - 1;  // length of row i's active part, A'(i, i+1:n)
        const std::size_t mw = m - i - 1;  // length of X's new column, X(i+1:m, i)
        // step 3 (the known part): Y(i+1:n, i) = τ_q·(A'(i:m, i+1:n)ᵀ·v − pre_y) with
        // pre_y = Y(i+1:n, 0:i)·(A'(i:m, 0:i)ᵀ·v) + A'(0:i, i+1:n)ᵀ·(X(i:m, 0:i)ᵀ·v).
        gemv_t(mv, i, &at(i, 0), lda, v, t1);
        gemv_t(mv, i, x.col_ptr(0) + i, ldx, v, t2);
        gemv_t(i, nu, &at(0, i + 1), lda, t2, pre_y);
        gemv_n(nu, i, y.col_ptr(0) + i + 1, ldy, t1, pre_y);
        // step 4 (the known part): A'(i, i+1:n) −= Y(i+1:n, i) + pre_row (A'(i, i) = 1) with
        // pre_row = Y(i+1:n, 0:i)·A'(i, 0:i)ᵀ + A'(0:i, i+1:n)ᵀ·X(i, 0:i)ᵀ.
        for (std::size_t j = 0; j < i; ++j) {
            c1[j] = at(i, j);
            c2[j] = x(i, j);
        }
        gemv_t(i, nu, &at(0, i + 1), lda, c2, pre_row);
        gemv_n(nu, i, y.col_ptr(0) + i + 1, ldy, c1, pre_row);
        // The fused pass over A'(i:m, i+1:n): steps 3 and 4 column by column, and w.
        T* yi = y.col_ptr(i);
        auto finish = [&](std::size_t c, T dv) -> T {
            const std::size_t k = c - i - 1;
            const T yc = tq * (dv - pre_y[k]);
            yi[c] = yc;
            const T rc = at(i, c) - pre_row[k] - yc;
            at(i, c) = rc;
            return rc;
        };
        finish(i + 1, dot(mv, &at(i, i + 1), v));  // u's unit entry: not part of w
        // Columns i+2…n−1 in `segs` segments (whole groups of four but the last), each with its
        // own part of w, added up in segment order: how many depends on the width alone, so the
        // bits do not depend on whether the segments run on one thread or on several.
        const std::size_t cols = n - i - 2;
        const std::size_t segs = std::min(bidiagonal_fused_segments, std::max<std::size_t>(1, cols / 128));
        auto segment = [&](std::size_t g) {
            T* wg = w + g * m;
            std::fill(wg, wg + mw, T(0));
            std::size_t c = i + 2 + cols * g / segs / 4 * 4;
            const std::size_t end = g + 1 == segs ? n : i + 2 + cols * (g + 1) / segs / 4 * 4;
            for (; c + 4 <= end; c += 4) {
                T dv[4], rc[4];
                dot4(mv, &at(i, c), lda, v, dv);
                for (std::size_t k = 0; k < 4; ++k) rc[k] = finish(c + k, dv[k]);
                axpy4(mw, &at(i + 1, c), lda, rc, wg);
            }
            for (; c < end; ++c) {
                const T rc = finish(c, dot(mv, &at(i, c), v));
                const T* ac = &at(i + 1, c);
                for (std::size_t k = 0; k < mw; ++k) wg[k] += ac[k] * rc;
            }
        };
        if (pool != nullptr && segs > 1 && mv * cols >= bidiagonal_parallel_min)
            pool->parallel_for(segs, segment);
        else
            for (std::size_t g = 0; g < segs; ++g) segment(g);
        for (std::size_t g = 1; g < segs; ++g)
            for (std::size_t k = 0; k < mw; ++k) w[k] += w[g * m + k];
        // step 5: G_i zeroes A'(i, i+2:n).
        T* aii1 = &at(i, i + 1);
        const T alpha = *aii1;
        const T tp = make_reflector(nu, *aii1, aii1 + lda, static_cast<std::ptrdiff_t>(lda));
        const T beta = *aii1;
        r.taup[s + i] = tp;
        r.e[s + i] = beta;
        *aii1 = T(1);
        // u = A'(i, i+1:n) (stride lda), copied for contiguous access.
        for (std::size_t k = 0; k < nu; ++k) u[k] = at(i, i + 1 + k);
        // step 6: X(i+1:m, i) = τ_p·(A'(i+1:m, i+1:n)·u − A'(i+1:m, 0:i+1)·(Y(i+1:n, 0:i+1)ᵀ·u)
        //                                   − X(i+1:m, 0:i)·(A'(0:i, i+1:n)·u)).
        T* xi = x.col_ptr(i);
        std::fill(xi, xi + i + 1, T(0));
        T* xv = xi + i + 1;
        const T* a1 = &at(i + 1, i + 1);
        if (tp != T(0) && std::abs(beta) >= 2 * safmin) {
            const T sigma = T(1) / (alpha - beta);  // as make_reflector scaled u
            for (std::size_t k = 0; k < mw; ++k) xv[k] = a1[k] + sigma * w[k];
        } else {
            std::fill(xv, xv + mw, T(0));
            gemv_n(mw, nu, a1, lda, u.data(), xv);
        }
        gemv_t(nu, i + 1, y.col_ptr(0) + i + 1, ldy, u.data(), t1);
        for (std::size_t j = 0; j <= i; ++j) t1[j] = -t1[j];
        gemv_n(mw, i + 1, &at(i + 1, 0), lda, t1, xv);
        std::fill(t2, t2 + i, T(0));
        gemv_n(i, nu, &at(0, i + 1), lda, u.data(), t2);
        for (std::size_t j = 0; j < i; ++j) t2[j] = -t2[j];
        gemv_n(mw, i, x.col_ptr(0) + i + 1, ldx, t2, xv);
        for (std::size_t k = 0; k < mw; ++k) xv[k] *= tp;
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
    if (n >= bidiagonal_crossover) {
        const std::size_t nb = bidiagonal_block;
        matrix<T>& x = ws.x;
        matrix<T>& y = ws.y;
        // The trailing updates run on ws's threads (gemm splits them by column blocks, the same
        // bits for every count). They were kept on the calling thread while values-only calls of
        // N >= 384 took this path (split, the next panel's gemv read back what the other core
        // had written: 8-10 % slower at 1024²); now calls with vectors do (and values-only ones
        // below N = 384, whose products are too small to split), and there the
        // split measured 2048² thin 2.10-2.17 -> 1.96-2.01 s and 1024² 331-346 -> 318-334 ms on
        // two threads (compare.py --quiet, bench/README.md). The panel's matrix-vector pass
        // splits too (reduce_panel's segments).
        thread_pool* pool = ws.hh.gemm.pool;
        if (ws.hh.gemm.threads <= 1 || resolve_threads(ws.hh.gemm.threads, pool) <= 1) pool = nullptr;
        while (n - s >= bidiagonal_crossover) {
            reduce_panel(a, s, nb, r, x, y, ws.tmp, pool);
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
    // The rest unblocked ([2] dgebd2), each reflector applied as an inner product of the block
    // with its vector (gemv_t/gemv_n, four columns per pass) and a rank-one update (ger).
    std::vector<T>& work = ws.work;
    std::vector<T>& row = ws.row;
    work.resize(m > n ? m : n);
    row.resize(n);
    for (std::size_t j = s; j < n; ++j) {
        // step 1: H_j zeroes A(j+1:m, j) and is applied to the trailing columns.
        T* ajj = a.col_ptr(j) + j;
        const T tq = make_reflector(m - j, *ajj, ajj + 1, 1);
        r.tauq[j] = tq;
        r.d[j] = *ajj;
        if (j + 1 >= n) break;
        const std::size_t mv = m - j;
        const std::size_t nt = n - j - 1;
        if (tq != T(0)) {
            *ajj = T(1);  // v = A(j:m, j) with its unit entry
            T* c = a.col_ptr(j + 1) + j;
            std::size_t k = 0;
            for (; k + 4 <= nt; k += 4) {  // four columns: their inner products, then their update
                T wk[4];
                dot4(mv, c + k * m, m, ajj, wk);
                for (T& t : wk) t *= -tq;
                ger(mv, 4, ajj, wk, c + k * m, m);
            }
            for (; k < nt; ++k) {
                const T wk = -tq * dot(mv, c + k * m, ajj);
                ger(mv, 1, ajj, &wk, c + k * m, m);
            }
            *ajj = r.d[j];
        }
        // step 2: G_j zeroes A(j, j+2:n) and is applied to the trailing rows.
        T* aj1 = a.col_ptr(j + 1) + j;
        const T tp = make_reflector(nt, *aj1, aj1 + m, static_cast<std::ptrdiff_t>(m));
        r.taup[j] = tp;
        r.e[j] = *aj1;
        if (tp == T(0)) continue;
        // u = [1; A(j, j+2:n)], copied: the row has stride m. C ← C + (C·u)·(−τ·u)ᵀ.
        row[0] = T(1);
        for (std::size_t c = j + 2; c < n; ++c) row[c - j - 1] = a(j, c);
        const std::size_t mc = m - j - 1;
        T* c = a.col_ptr(j + 1) + j + 1;
        std::fill(work.begin(), work.begin() + static_cast<std::ptrdiff_t>(mc), T(0));
        gemv_n(mc, nt, c, m, row.data(), work.data());
        for (std::size_t k = 0; k < nt; ++k) row[k] *= -tp;
        ger(mc, nt, work.data(), row.data(), c, m);
    }
}

/// The first q.cols() columns of Q (n <= q.cols() <= m); q must be sized m×ncols.
template <class T>
void form_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& q, bidiagonal_workspace<T>& ws) {
    form_q(r.a.data(), r.a.rows(), r.tauq.data(), r.d.size(), q, ws.hh);
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

/// C ← Q·C for C with m rows ([2] dormbr, 'Q', 'L', 'N'): how the left singular vectors of B
/// become those of A without forming Q. Cost about 4·m·n·c − 2·n²·c for c columns, in WY blocks.
template <class T>
void apply_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& c, bidiagonal_workspace<T>& ws) {
    apply_q_left(r.a.data(), r.a.rows(), r.tauq.data(), r.d.size(), c, ws.hh);
}

/// C ← P·C for C with n rows ([2] dormbr, 'P', 'L', 'N'). P = diag(1, P'), so row 0 of C stays
/// and P' acts on rows 1….
///
/// G_j's essential part lies in row j of r.a, right of the superdiagonal; the blocked application
/// wants it in a column. It is transposed into column j below the subdiagonal, where H_j's vector
/// was, rather than into an (n−1)×(n−1) copy, which would be the largest block of scratch of a
/// thin SVD (one n² block more than gesdd's footprint, each page of it faulted in by a fresh
/// call). So this overwrites Q's reflectors: apply or form Q before it, never after.
template <class T>
void apply_bidiagonal_p(bidiagonal_reduction<T>& r, matrix<T>& c, bidiagonal_workspace<T>& ws) {
    const std::size_t n = r.d.size();
    if (n <= 1) return;
    matrix<T>& a = r.a;
    for (std::size_t j = 0; j + 2 < n; ++j)
        for (std::size_t col = j + 2; col < n; ++col) a(col, j) = a(j, col);
    // Reflector j of P' (acting on rows j… of C's rows 1…) has its essential part at a(j+2…, j),
    // so P''s array starts at a(1, 0) with a's leading dimension.
    apply_reflectors_backward(a.col_ptr(0) + 1, a.rows(), r.taup.data(), n - 1, n - 1, c.cols(), c.data() + 1,
                              c.rows(), false, ws.hh);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_BIDIAGONALIZATION_HPP
