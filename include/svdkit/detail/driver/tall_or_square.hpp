// svdkit - the real driver's first steps: its scratch, the bidiagonal reduction of the working
// matrix (after a QR when it is tall), and the SVD of an M×N working matrix with M >= N.
//
// Part of the driver (svd.hpp includes it; so does selected.hpp through it): split off so that
// each header stays one concept and under 600 lines.
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §8.6.3 (the SVD algorithm;
//     R-bidiagonalization for m ≫ n).
// [2] T. F. Chan, "An improved algorithm for computing the singular value decomposition",
//     ACM TOMS 8 (1982): QR first when m exceeds about 5n/3.
// [3] LAPACK dgesvd: scaling, the crossover point, the order of the steps; dgesdd: singular vectors
//     of B by divide and conquer, then the reflectors applied to them (dormbr).
#ifndef SVDKIT_DETAIL_DRIVER_TALL_OR_SQUARE_HPP
#define SVDKIT_DETAIL_DRIVER_TALL_OR_SQUARE_HPP

#include <algorithm>  // std::copy, std::fill
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include "../bidiagonal/dispatch.hpp"
#include "../jacobi/one_sided.hpp"
#include "../reduction/bidiagonalization.hpp"
#include "../reduction/householder.hpp"
#include "../reduction/tall_qr.hpp"
#include "../reduction/two_stage.hpp"
#include "../../matrix.hpp"
#include "../../svd_result.hpp"

namespace svdkit {
namespace detail {

/// Everything svd() needs besides its input and its result, kept between calls by svd_workspace.
template <class T>
struct svd_scratch {
    bidiagonal_reduction<T> br;      ///< the working matrix (reduced in place) and B's reflectors
    bidiagonal_workspace<T> bw;      ///< panels, WY blocks, gemm packing, forming Q and P
    matrix<T> w;                     ///< the tall input of the QR-first path, then its reflectors
    std::vector<T> tau;              ///< that QR's τ
    matrix<T> ub;                    ///< U_B (N×N) unless it is computed in U itself (square A)
    matrix<T> vb;                    ///< V_B (N×N) when V is not wanted (else it is computed in V)
    bidiagonal_svd_workspace<T> bd;  ///< the bidiagonal solvers' (dqds, QR iteration, divide and conquer)
    jacobi_workspace<T> jw;          ///< one-sided Jacobi's (svd_method::jacobi, the last fallback)
    two_stage_workspace<T> ts;       ///< the two-stage reduction's (values only, N >= two_stage_from)
    tall_qr_workspace<T> tq;         ///< the QR by row blocks (tall_qr.hpp) of a tall input
    /// Values only from this N on go through the two-stage reduction (benchmarks and tests set it
    /// through workspace_access to time or check either path on the same call).
    std::size_t two_stage_from = two_stage_crossover;

    /// Each member reports its own buffers, so a buffer added to any layer is counted.
    std::size_t capacity_bytes() const noexcept {
        return br.capacity_bytes() + bw.capacity_bytes() + bytes_of(w) + bytes_of(tau) + bytes_of(ub) + bytes_of(vb) +
               bd.capacity_bytes() + jw.capacity_bytes() + ts.capacity_bytes() + tq.capacity_bytes();
    }
};

/// Chan's crossover [2]: QR first costs 2MN² + 2N³ against 4MN² − 4N³/3, cheaper for M > 5N/3;
/// LAPACK uses 1.6·N [3]. For N = 1 the QR is the whole reduction.
inline bool use_qr_first(std::size_t M, std::size_t N) noexcept { return 10 * M >= 16 * N && N < M; }

/// Step 1 of the driver (and of svd_range): the working matrix, *w (sc.w when null) when qr_first
/// (then its QR first: R into sc.br.a) or sc.br.a itself, reduced to bidiagonal form in sc.br. For values only
/// (no Q or P needed) from N = sc.two_stage_from (two_stage_crossover) on, by the two-stage reduction (two_stage.hpp):
/// its Level-3 first stage avoids the one-stage reduction's memory-bound matrix-vector half.
///
/// qr_blocks > 1 (tall_qr_blocks, for every job): that QR by row blocks
/// (tall_qr.hpp), its R in sc.tq.stack, each block's reflectors in the working matrix.
template <class T>
void reduce_to_bidiagonal(svd_scratch<T>& sc, std::size_t N, bool qr_first, bool values_only = false,
                          matrix<T>* w = nullptr, std::size_t qr_blocks = 1) {
    if (qr_first) {
        matrix<T>& qr = w != nullptr ? *w : sc.w;
        const T* r = qr.data();
        std::size_t ldr = qr.rows();
        if (qr_blocks > 1) {
            tall_qr(qr.rows(), N, qr.data(), qr.rows(), qr_blocks, sc.tq, sc.bw.hh);
            r = sc.tq.stack.data();
            ldr = sc.tq.stack.rows();
        } else {
            householder_qr(qr, sc.tau, sc.bw.hh);
        }
        // R, and zeros below it: every entry written, so no fill beforehand.
        matrix_storage::resize_for_overwrite(sc.br.a, N, N);
        for (std::size_t j = 0; j < N; ++j) {
            for (std::size_t i = 0; i <= j; ++i) sc.br.a(i, j) = r[i + j * ldr];
            for (std::size_t i = j + 1; i < N; ++i) sc.br.a(i, j) = T(0);
        }
    }
    if (values_only && N >= sc.two_stage_from)
        bidiagonalize_two_stage(sc.br, sc.ts, sc.bw.hh);
    else
        bidiagonalize_in_place(sc.br, sc.bw);
}

/// `left` ← [U_B 0; 0 I]: U_B (N×N) on top of M rows, and for a full U (M×M) the identity in
/// the remaining columns, ready for the reflectors of Q to be applied to it.
template <class T>
void embed_left(const matrix<T>& ub, std::size_t M, vectors job, matrix<T>& left) {
    const std::size_t N = ub.rows();
    // Every entry is written below (U_B or a zero, the identity's ones), so no fill first.
    matrix_storage::resize_for_overwrite(left, M, job == vectors::full ? M : N);
    for (std::size_t j = 0; j < left.cols(); ++j) {
        T* lj = left.col_ptr(j);
        if (j < N) std::copy(ub.col_ptr(j), ub.col_ptr(j) + N, lj);
        std::fill(lj + (j < N ? N : 0), lj + M, T(0));
        if (j >= N) lj[j] = T(1);
    }
}

/// The SVD of the M×N working matrix (M >= N), already scaled and stored in sc.br.a, or when
/// use_qr_first(M, N) in `left` itself if left vectors are wanted (left_is_working, its capacity
/// M×M for a full U), else in sc.w. Left vectors (M×N thin, M×M full) go to `left`, right vectors
/// (N×N) to `right`, values to s.
///
/// Step 1 reduces to B = Q_B·B·Pᵀ, directly or after A = Q_R·R [1, §8.6.3] (then Q_B·B·Pᵀ is
/// R's reduction, and U = Q_R·[Q_B·U_B 0; 0 I]). Step 2 is the bidiagonal SVD: by divide and
/// conquer with the reflectors applied afterwards to the small factors U_B, V_B ([3] dgesdd's
/// path), or, for small N, by the QR iteration with its rotations applied to Q_B and P formed
/// first ([3] dgesvd's path). use_dc picks the first (when vectors are wanted).
///
/// After a QR, U is formed as dgesdd does [3]: Q_R explicitly over its own reflectors, then its
/// first N columns times Q_B·U_B. The working copy then lives in U's storage and a fresh call
/// touches one M×N array fewer (a page fault per 4 KB: at 4000×200, 1563 faults, ~15 ms on this
/// benchmark machine, more than a third of the call).
inline bool left_is_working(std::size_t M, std::size_t N, vectors job_left) noexcept {
    return use_qr_first(M, N) && job_left != vectors::none;
}

template <class T>
void svd_tall_or_square(svd_scratch<T>& sc, std::size_t M, std::size_t N, vectors job_left, vectors job_right,
                        bool use_dc, std::vector<T>& s, matrix<T>& left, matrix<T>& right) {
    const bool want_left = job_left != vectors::none;
    const bool want_right = job_right != vectors::none;
    bidiagonal_reduction<T>& br = sc.br;
    const bool qr_first = use_qr_first(M, N);
    const bool in_left = left_is_working(M, N, job_left);
    const std::size_t qr_blocks = qr_first ? tall_qr_blocks(M, N) : 1;

    // step 1
    reduce_to_bidiagonal(sc, N, qr_first, !want_left && !want_right, in_left ? &left : nullptr, qr_blocks);

    // step 2; the left factor of the bidiagonal stage is the N×N U_B after a QR, else U itself.
    matrix<T>& lb = qr_first ? sc.ub : left;
    if ((want_left || want_right) && use_dc) {
        // D&C writes U_B and V_B (N×N) straight into the outputs when those are N×N too (square
        // A, or V): no copy, and two fewer N×N blocks of scratch to fault in on a fresh call.
        const bool ub_in_left = want_left && !qr_first && M == N;
        matrix<T>& ub = ub_in_left ? left : sc.ub;
        matrix<T>& vb = want_right ? right : sc.vb;
        sc.bd.threads = sc.bw.hh.gemm.threads;
        sc.bd.pool = sc.bw.hh.gemm.pool;
        {
            // D&C's products use the reduction's packing buffers (lent, and given back on the way
            // out, throw or not): one set of them to fault in on a fresh call instead of two.
            using packs = decltype(sc.bw.hh.gemm.pack);
            struct lend_packs {
                packs& a;
                packs& b;
                ~lend_packs() { a.swap(b); }
            } lend{sc.bd.dcw.gemm.pack, sc.bw.hh.gemm.pack};
            lend.a.swap(lend.b);
            bidiagonal_svd_dc(sc.bd, sc.br.d, sc.br.e, s, ub, vb);
        }
        if (want_left) {
            if (!qr_first && !ub_in_left) embed_left(sc.ub, M, job_left, left);
            apply_bidiagonal_q(br, lb, sc.bw);
        }
        if (want_right) apply_bidiagonal_p(br, right, sc.bw);
    } else {
        if (want_left) {
            lb.resize(qr_first ? N : M, qr_first || job_left != vectors::full ? N : M);
            form_bidiagonal_q(br, lb, sc.bw);
        }
        if (want_right) {
            right.resize(N, N);
            form_bidiagonal_p(br, right, sc.bw);
        }
        // the rotations act on the first N columns of U (or on U_B)
        bidiagonal_svd_qr(sc.bd, sc.br.d, sc.br.e, s, want_left ? &lb : nullptr, want_right ? &right : nullptr);
    }
    if (!want_right) right.resize(0, 0);

    // step 3 after a QR: U = Q_R·[U_B 0; 0 I] (the identity block only for full U), Q_R formed
    // where its reflectors are (the capacity for a full U reserved by svd_impl: nothing moves).
    if (!want_left) {
        left.resize(0, 0);
    } else if (qr_blocks > 1 && job_left == vectors::full) {
        matrix_storage::resize_for_overwrite(left, M, M);
        tall_qr_form_u_full(M, N, left.data(), qr_blocks, sc.ub.data(), N, sc.tq, sc.bw.hh);
    } else if (qr_blocks > 1) {
        tall_qr_form_u(M, N, left.data(), M, qr_blocks, sc.ub.data(), N, sc.tq, sc.bw.hh);
    } else if (qr_first) {
        matrix_storage::resize_for_overwrite(left, M, job_left == vectors::full ? M : N);
        form_q_in_place(N, sc.tau.data(), left, sc.bw.hh);
        multiply_right_in_place(M, N, left.data(), M, sc.ub.data(), N, sc.bw.hh.work, &sc.bw.hh.gemm);
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_DRIVER_TALL_OR_SQUARE_HPP
