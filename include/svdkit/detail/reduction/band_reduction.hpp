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
// the trailing matrix at once in compact WY form, H = I − V·T·Vᵀ: three matrix products through
// the gemm kernel per step, so, unlike the one-stage reduction (half its flops in matrix-vector
// products over the whole trailing matrix), all but O(n²·nb) of the 4mn² − 4n³/3 flops run at
// Level-3 speed. The LQ step is the QR of the panel's transpose, Z = Aᵀ(k:k+b, k+b:n) = G·[Lᵀ; 0].
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

#include <algorithm>  // std::min, std::fill
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include "householder.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/gemm.hpp"
#include "../../matrix.hpp"

namespace svdkit {
namespace detail {

/// Scratch of reduce_to_band, reused across calls.
template <class T>
struct band_reduction_workspace {
    std::vector<T> tau;  ///< τ of the current panel's reflectors
    std::vector<T> z;    ///< the LQ panel, transposed ((n−k−b)×b)
    std::vector<T> v;    ///< the panel's V, explicit (rows×b)
    std::vector<T> t;    ///< the panel's T (b×b)
    std::vector<T> w;    ///< the two intermediates of the WY update (rows×b each)

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(tau) + bytes_of(z) + bytes_of(v) + bytes_of(t) + bytes_of(w);
    }
};

/// QR of the rows×cols array at `a` (leading dimension lda) in place, and the compact WY form of
/// its kk = min(rows, cols) reflectors: V (rows×kk at v, leading dimension rows) and T (kk×kk at t).
/// A tall panel goes through the recursive qr_panel; a wide one (only the last LQ panel can be)
/// factors its first `rows` columns and applies Hᵀ to the rest, unblocked: it is at most b×b.
template <class T>
std::size_t factor_panel(std::size_t rows, std::size_t cols, T* a, std::size_t lda, band_reduction_workspace<T>& bw,
                         householder_workspace<T>& hh) {
    const std::size_t kk = std::min(rows, cols);
    bw.tau.resize(kk);
    bw.v.resize(rows * kk);
    bw.t.resize(kk * kk);
    if (rows >= cols) {
        qr_panel(rows, cols, a, lda, bw.tau.data(), bw.v.data(), rows, bw.t.data(), kk, hh);
        return kk;
    }
    for (std::size_t j = 0; j < kk; ++j) {
        T* ajj = a + j + j * lda;
        bw.tau[j] = make_reflector(rows - j, *ajj, ajj + 1, 1);
        apply_reflector_left(bw.tau[j], ajj + 1, rows - j, cols - j - 1, ajj + lda, lda);
    }
    copy_wy_v(rows, kk, a, lda, bw.v.data(), rows);
    make_wy_t(rows, kk, bw.v.data(), rows, bw.tau.data(), bw.t.data(), kk, hh.z);
    return kk;
}

/// Reduces the leading n×n part of the m×n matrix a (m >= n) to upper band form of bandwidth nb
/// (>= 1) in place: on return a(i, j) for i <= j <= i + nb, i < n, is the band of B_band, with
/// σ(B_band) = σ(A) (orthogonal transformations on both sides, [1], [2]); entries outside the band
/// hold reflector data and must not be read as part of B. Cost 4mn² − 4n³/3 flops, nearly all in
/// matrix products (threads as hh.gemm says: the products split by columns, bit-identically).
template <class T>
void reduce_to_band(matrix<T>& a, std::size_t nb, band_reduction_workspace<T>& bw, householder_workspace<T>& hh) {
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    if (nb == 0) nb = 1;
    for (std::size_t k = 0; k < n; k += nb) {
        const std::size_t b = std::min(nb, n - k);
        const std::size_t nt = n - k - b;  // trailing columns
        // step 1: QR of the column panel A(k:m, k:k+b), Hᵀ applied to A(k:m, k+b:n):
        // C ← C − V·Tᵀ·(Vᵀ·C).
        const std::size_t mq = m - k;
        const std::size_t kq = factor_panel(mq, b, a.col_ptr(k) + k, m, bw, hh);
        if (nt == 0) break;
        T* c = a.col_ptr(k + b) + k;
        bw.w.resize(2 * kq * nt);
        T* w1 = bw.w.data();
        T* w2 = w1 + kq * nt;
        gemm(true, false, kq, nt, mq, T(1), bw.v.data(), mq, c, m, T(0), w1, kq, &hh.gemm);
        gemm(true, false, kq, nt, kq, T(1), bw.t.data(), kq, w1, kq, T(0), w2, kq, &hh.gemm);
        gemm(false, false, mq, nt, kq, T(-1), bw.v.data(), mq, w2, kq, T(1), c, m, &hh.gemm);
        // Rows k…k+b−1 end at column k+b−1+nb at most after the LQ step: nothing to do when the
        // row panel already fits in the band (row k reaches column k+nb = k+b, no further).
        if (nt + b <= nb + 1) continue;
        // step 2: LQ of the row panel A(k:k+b, k+b:n) through the QR of its transpose Z (nt×b).
        bw.z.resize(nt * b);
        T* z = bw.z.data();
        for (std::size_t j = 0; j < b; ++j)
            for (std::size_t i = 0; i < nt; ++i) z[i + j * nt] = a(k + j, k + b + i);
        const std::size_t kl = factor_panel(nt, b, z, nt, bw, hh);
        // The row panel becomes [L 0] with L = Rᵀ (kl×… lower trapezoidal): R(i, j) for i <= j.
        for (std::size_t i = 0; i < nt; ++i)
            for (std::size_t j = 0; j < b; ++j) a(k + j, k + b + i) = (i <= j && i < kl) ? z[i + j * nt] : T(0);
        // A(k+b:m, k+b:n) ← C·G = C − (C·V)·T·Vᵀ.
        const std::size_t mc = m - k - b;
        if (mc == 0) continue;
        T* ct = a.col_ptr(k + b) + k + b;
        bw.w.resize(2 * mc * kl);
        w1 = bw.w.data();
        w2 = w1 + mc * kl;
        gemm(false, false, mc, kl, nt, T(1), ct, m, bw.v.data(), nt, T(0), w1, mc, &hh.gemm);
        gemm(false, false, mc, kl, kl, T(1), w1, mc, bw.t.data(), kl, T(0), w2, mc, &hh.gemm);
        gemm(false, true, mc, nt, kl, T(-1), w2, mc, bw.v.data(), nt, T(1), ct, m, &hh.gemm);
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_BAND_REDUCTION_HPP
