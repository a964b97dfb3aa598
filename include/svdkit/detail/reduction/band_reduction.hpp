// svdkit - stage 1 of the two-stage bidiagonalization: a dense m×n matrix (m >= n) to upper band
// form, A = Q₁·B_band·P₁ᵀ, with B_band(i, j) = 0 unless 0 <= j − i <= nb.
//
// Panel k (columns and rows k…k+b−1, b = nb but the last) takes two steps:
//
//     QR:  A(k:m, k:k+b) = H·[R; 0]             A(k:m, k+b:n) ← Hᵀ·A(k:m, k+b:n)
//     LQ:  A(k:k+b, k+b:n) = [L 0]·Gᵀ           A(k+b:m, k+b:n) ← A(k+b:m, k+b:n)·G
//
// R is upper and L lower triangular, so row i of the panel keeps entries i…i+nb only: the band.
// Each panel's reflectors are factored by the recursive qr_panel (householder.hpp) and applied to
// the trailing matrix at once in compact WY form, H = I − V·T·Vᵀ, the QR and LQ updates of a
// panel merged into one (reduce_to_band), so, unlike the one-stage reduction (half its flops in
// matrix-vector products over the whole trailing matrix), all but the panels' own O(mn·nb) flops
// of the 4mn² − 4n³/3 run in matrix products through the gemm kernel. The LQ step is the QR of the panel's transpose, Z = Aᵀ(k:k+b, k+b:n) = G·[Lᵀ; 0].
// The reflectors are not kept (values only; see two_stage.hpp for what vectors would need).
//
// References:
// [1] B. Großer, B. Lang, "Efficient parallel reduction to bidiagonal form", Parallel Computing 25
//     (1999): dense → band → bidiagonal.
// [2] H. Ltaief, P. Luszczek, J. Dongarra, "High-performance bidiagonal reduction using tile
//     algorithms on homogeneous multicore architectures", ACM TOMS 39(3) (2013), §3 (stage 1).
// [3] LAPACK 3.7 dgebrd2stage / dge2gb-like first stage of dgesvd2stage (QR and LQ panels
//     alternating, trailing updates by dlarfb).
// [4] R. Schreiber, C. Van Loan, SIAM J. Sci. Stat. Comput. 10 (1989): the compact WY form.
#ifndef SVDKIT_DETAIL_REDUCTION_BAND_REDUCTION_HPP
#define SVDKIT_DETAIL_REDUCTION_BAND_REDUCTION_HPP

#include <algorithm>  // std::min, std::copy
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include "householder.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/gemm.hpp"
#include "../../matrix.hpp"
#include "../../thread_pool.hpp"

namespace svdkit {
namespace detail {

/// Scratch of reduce_to_band, reused across calls.
template <class T>
struct band_reduction_workspace {
    std::vector<T> tau;     ///< τ of the current panel's reflectors
    std::vector<T> v1, t1;  ///< the QR panel's V (explicit, rows×b) and T (b×b)
    std::vector<T> v2, t2;  ///< the LQ panel's, likewise
    std::vector<T> z;       ///< the LQ panel, transposed ((n−k−b)×b)
    std::vector<T> w;       ///< V₁ᵀ·C and X = T₁ᵀ·V₁ᵀ·C (b×nt each), X·V₂ (b×b)
    std::vector<T> y;       ///< C'·V₂ ((m−k−b)×b)
    std::vector<T> left;    ///< [V₁ | C'·V₂·T₂] ((m−k−b)×2b)
    std::vector<T> right;   ///< [X; V₂ᵀ] (2b×nt)
    std::vector<gemm_workspace<T>> task_gemm;  ///< packing buffers of each task of a split update

    std::size_t task_bytes() const noexcept {
        std::size_t t = 0;
        for (const auto& g : task_gemm) t += g.capacity_bytes();
        return t;
    }
    std::size_t capacity_bytes() const noexcept {
        return bytes_of(tau) + bytes_of(v1) + bytes_of(t1) + bytes_of(v2) + bytes_of(t2) + bytes_of(z) + bytes_of(w) +
               bytes_of(y) + bytes_of(left) + bytes_of(right) + task_bytes();
    }
};

/// QR of the rows×cols array at `a` (leading dimension lda) in place, and the compact WY form of
/// its kk = min(rows, cols) reflectors: V (rows×kk into v, leading dimension rows) and T (kk×kk
/// into t). A tall panel goes through the recursive qr_panel; a wide one (only the last LQ panel
/// can be) factors its first `rows` columns and applies Hᵀ to the rest, unblocked: it is at most
/// b×b. Returns kk.
template <class T>
std::size_t factor_panel(std::size_t rows, std::size_t cols, T* a, std::size_t lda, std::vector<T>& tau,
                         std::vector<T>& v, std::vector<T>& t, householder_workspace<T>& hh) {
    const std::size_t kk = std::min(rows, cols);
    tau.resize(kk);
    v.resize(rows * kk);
    t.resize(kk * kk);
    if (rows >= cols) {
        qr_panel(rows, cols, a, lda, tau.data(), v.data(), rows, t.data(), kk, hh);
        return kk;
    }
    for (std::size_t j = 0; j < kk; ++j) {
        T* ajj = a + j + j * lda;
        tau[j] = make_reflector(rows - j, *ajj, ajj + 1, 1);
        apply_reflector_left(tau[j], ajj + 1, rows - j, cols - j - 1, ajj + lda, lda);
    }
    copy_wy_v(rows, kk, a, lda, v.data(), rows);
    make_wy_t(rows, kk, v.data(), rows, tau.data(), t.data(), kk, hh.z);
    return kk;
}

/// The operands of steps 5 and 6 of reduce_to_band for the mc rows of C' = C(b:, :) (below).
template <class T>
struct update_rows {
    T* c;           ///< C(b:, :), leading dimension ldc
    std::size_t ldc;
    const T* v1;    ///< V₁(b:, :), leading dimension ldv1, kq columns
    std::size_t ldv1;
    const T* v2;    ///< V₂ (nt×kl)
    std::size_t ldv2;
    const T* xv;    ///< X·V₂ (kq×kl)
    std::size_t kq;
    const T* t2;    ///< T₂ (kl×kl)
    std::size_t kl;
    const T* rt;    ///< [X; V₂ᵀ] ((kq+kl)×nt)
    std::size_t kk;
    T* y;           ///< Y (mc×kl)
    T* lf;          ///< [V₁(b:, :)  Y·T₂] (mc×kk)
    std::size_t mc;
    std::size_t nt;
};

/// Rows [i0, i1) of steps 5 and 6: Y = C'·V₂ − V₁·(X·V₂), the left factor [V₁  Y·T₂], then
/// C' −= left·[X; V₂ᵀ], all on these rows only. Each entry sees the same operations as in whole-matrix products
/// (gemm's sums run over k in the same blocks whatever the rows, and α = ±1 makes its edge path
/// round like the full one): any row split gives the same bits.
template <class T>
void update_row_range(const update_rows<T>& u, std::size_t i0, std::size_t i1, gemm_workspace<T>* g) {
    const std::size_t h = i1 - i0;
    if (h == 0) return;
    T* cb = u.c + i0;
    T* yb = u.y + i0;
    T* lb = u.lf + i0;
    gemm(false, false, h, u.kl, u.nt, T(1), cb, u.ldc, u.v2, u.ldv2, T(0), yb, u.mc, g);
    gemm(false, false, h, u.kl, u.kq, T(-1), u.v1 + i0, u.ldv1, u.xv, u.kq, T(1), yb, u.mc, g);
    for (std::size_t j = 0; j < u.kq; ++j) std::copy(u.v1 + i0 + j * u.ldv1, u.v1 + i1 + j * u.ldv1, lb + j * u.mc);
    gemm(false, false, h, u.kl, u.kl, T(1), yb, u.mc, u.t2, u.kl, T(0), lb + u.kq * u.mc, u.mc, g);
    gemm(false, false, h, u.nt, u.kk, T(-1), lb, u.mc, u.rt, u.kk, T(1), cb, u.ldc, g);
}

/// Steps 5 and 6 over all mc rows, split over g->threads tasks on the pool by contiguous ranges
/// of rows (a multiple of the kernel's MR each): a row split needs no shared packing of C', which
/// a column split of the tall C'·V₂ repeats in every task (measured: 1.16× from two threads on
/// that product). One task runs the whole-matrix products, as before the split. Smaller row
/// blocks that keep C' in cache from Y to the update (one pass from memory instead of two) were
/// measured 3–9% slower on one thread at 1024² and 2048² (loaded machine), so they are not used.
/// Bit-identical for any thread count (update_row_range).
template <class T>
void update_trailing_rows(const update_rows<T>& u, gemm_workspace<T>* g, band_reduction_workspace<T>& bw) {
    constexpr std::size_t MR = gemm_blocking<T>::mr;
    const std::size_t row_blocks = (u.mc + MR - 1) / MR;
    std::size_t tasks = g->threads == 0 ? 1 : g->threads;
    tasks = std::min(tasks, row_blocks);
    tasks = std::min(tasks, std::max<std::size_t>(1, u.mc * u.nt * u.kk / gemm_parallel_min_work));
    if (tasks <= 1) {
        update_row_range(u, 0, u.mc, g);
        return;
    }
    if (bw.task_gemm.size() < tasks) bw.task_gemm.resize(tasks);
    thread_pool& pool = g->pool != nullptr ? *g->pool : default_thread_pool();
    const auto first_row = [&](std::size_t t) { return std::min(u.mc, row_blocks * t / tasks * MR); };
    pool.parallel_for(tasks, [&](std::size_t t) {
        // threads = 1 in the task's workspace: its products stay on this thread.
        update_row_range(u, first_row(t), first_row(t + 1), &bw.task_gemm[t]);
    });
}

/// Reduces the leading n×n part of the m×n matrix a (m >= n) to upper band form of bandwidth nb
/// (>= 1) in place: on return a(i, j) for i <= j <= i + nb, i < n, is the band of B_band, with
/// σ(B_band) = σ(A) (orthogonal transformations on both sides, [1], [2]); entries outside the band
/// hold reflector data and must not be read as part of B. Cost 4mn² − 4n³/3 flops, nearly all in
/// matrix products (threads as hh.gemm says: V₁ᵀ·C split by columns, steps 5 and 6 by rows;
/// bit-identical for any count).
///
/// The two updates of a panel are merged so that the trailing matrix C = A(k:m, k+b:n) is passed
/// over three times, not four: with Q₁ = I − V₁·T₁·V₁ᵀ and Q₂ = I − V₂·T₂·V₂ᵀ,
///
///     X = T₁ᵀ·(V₁ᵀ·C)                      (pass 1: C read)
///     C(0:b, :) −= V₁(0:b, :)·X            (only the LQ panel's rows, before its factorization)
///     Y = C'·V₂ = C(b:, :)·V₂ − V₁(b:, :)·(X·V₂)     (pass 2: C read)
///     C(b:, :) −= [V₁(b:, :)  Y·T₂]·[X; V₂ᵀ]          (pass 3: one product of depth 2b)
///
/// which is Q₁ᵀ·C·Q₂ on rows b…, C' = Q₁ᵀ·C (the LAPACK dlabrd idea of one deferred rank-2b
/// update, here with whole panels).
template <class T>
void reduce_to_band(matrix<T>& a, std::size_t nb, band_reduction_workspace<T>& bw, householder_workspace<T>& hh) {
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    if (nb == 0) nb = 1;
    gemm_workspace<T>* g = &hh.gemm;
    for (std::size_t k = 0; k < n; k += nb) {
        const std::size_t b = std::min(nb, n - k);
        const std::size_t nt = n - k - b;  // trailing columns
        const std::size_t mq = m - k;      // rows of the QR panel and of C
        // step 1: QR of the column panel A(k:m, k:k+b).
        const std::size_t kq = factor_panel(mq, b, a.col_ptr(k) + k, m, bw.tau, bw.v1, bw.t1, hh);
        if (nt == 0) break;
        T* c = a.col_ptr(k + b) + k;
        const T* v1 = bw.v1.data();
        // step 2: X = T₁ᵀ·(V₁ᵀ·C).
        bw.w.resize(2 * kq * nt + kq * b);
        T* w1 = bw.w.data();
        T* x = w1 + kq * nt;
        gemm(true, false, kq, nt, mq, T(1), v1, mq, c, m, T(0), w1, kq, g);
        gemm(true, false, kq, nt, kq, T(1), bw.t1.data(), kq, w1, kq, T(0), x, kq, g);
        // Rows k…k+b−1 end at column k+b−1+nb at most after the LQ step, so nothing more is
        // needed when the row panel already fits in the band (row k reaches column k+nb).
        if (nt + b <= nb + 1) {
            gemm(false, false, mq, nt, kq, T(-1), v1, mq, x, kq, T(1), c, m, g);
            continue;
        }
        // step 3: the LQ panel's rows up to date, C(0:b, :) −= V₁(0:b, :)·X.
        gemm(false, false, b, nt, kq, T(-1), v1, mq, x, kq, T(1), c, m, g);
        // step 4: LQ of the row panel through the QR of its transpose Z (nt×b); the row panel
        // becomes [L 0] with L = Rᵀ.
        bw.z.resize(nt * b);
        T* z = bw.z.data();
        for (std::size_t i = 0; i < nt; ++i)  // column i of the row panel: b contiguous entries
            for (std::size_t j = 0; j < b; ++j) z[i + j * nt] = c[j + i * m];
        const std::size_t kl = factor_panel(nt, b, z, nt, bw.tau, bw.v2, bw.t2, hh);
        for (std::size_t i = 0; i < nt; ++i)
            for (std::size_t j = 0; j < b; ++j) c[j + i * m] = (i <= j && i < kl) ? z[i + j * nt] : T(0);
        const std::size_t mc = mq - b;  // rows below the panel
        if (mc == 0) continue;
        const T* v2 = bw.v2.data();
        // step 5: X·V₂ (kq×kl), and the right factor [X; V₂ᵀ] of step 6.
        T* xv = x + kq * nt;
        gemm(false, false, kq, kl, nt, T(1), x, kq, v2, nt, T(0), xv, kq, g);
        const std::size_t kk = kq + kl;
        bw.right.resize(kk * nt);
        T* rt = bw.right.data();
        for (std::size_t j = 0; j < nt; ++j) {
            std::copy(x + j * kq, x + (j + 1) * kq, rt + j * kk);
            for (std::size_t l = 0; l < kl; ++l) rt[kq + l + j * kk] = v2[j + l * nt];
        }
        // steps 5 and 6 by ranges of rows of C(b:, :): every product below is row-local.
        bw.y.resize(mc * kl);
        bw.left.resize(mc * kk);
        const update_rows<T> rows{c + b, m, v1 + b, mq, v2, nt, xv, kq, bw.t2.data(), kl, rt, kk,
                                  bw.y.data(), bw.left.data(), mc, nt};
        update_trailing_rows(rows, g, bw);
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_BAND_REDUCTION_HPP
