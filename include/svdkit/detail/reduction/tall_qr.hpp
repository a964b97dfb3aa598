// svdkit - the QR factorization of a tall matrix by row blocks (TSQR), for the QR-first path.
//
// Split the M×N working matrix (M >> N) into p blocks of rows and factor each on its own:
//
//     A = [A₀; A₁; …; A_{p−1}],   A_i = Q_i·R_i,
//     [R₀; R₁; …; R_{p−1}] = Q_s·R   (one more Householder QR, of the p·N×N stack),
//     so  A = diag(Q₀, …, Q_{p−1})·Q_s·R,
//
// and U = Q·X for an N×N X (the SVD of R's left vectors) in the same two steps:
//
//     Y = Q_s·[X; 0]  (p·N×N),   U_i = Q_i·Y_i  (Y_i: rows i·N… of Y).
//
// Why: the p block factorizations, and the p blocks of U, are independent, so they run as whole
// tasks, one per thread, with no synchronization inside. The monolithic Householder QR splits only
// its trailing updates, and with 2 threads gained 5 % on 4000×200 (15.1 → 14.4 ms; two 2000×200
// blocks on two threads: 6.5 ms). A block also stays nearer the cache: the two blocks one after
// the other take 12.9 ms. The price is the stack's QR and Y, about N/(M/p) more of the work.
//
// p comes from the shape alone (tall_qr_blocks), never from the thread count: every thread count
// computes the same bits, and so does every job: values only, thin and full U share R.
//
// A full U (M×M) is Q·[X 0; 0 I] with the full Q = diag(Q₀, …, Q_{p−1})·P·[Q_s 0; 0 I], where P
// takes the stack's rows (block i's first N rows) to the top. Its last M−N columns need only be
// an orthonormal complement, so each block's rows N… get their own unit columns: block i then
// touches columns 0…p·N−1 and its own m_i − N, and the full U costs about 4·N·(p·N·M + Σ m_i²)
// flops instead of the plain QR's 4·N·M².
//
// References:
// [1] J. Demmel, L. Grigori, M. Hoemmen, J. Langou, "Communication-optimal parallel and sequential
//     QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012): TSQR, here its flat tree of depth
//     one.
// [2] LAPACK 3.7 dlatsqr / dlamtsqr: the sequential tall-skinny QR by row blocks.
#ifndef SVDKIT_DETAIL_REDUCTION_TALL_QR_HPP
#define SVDKIT_DETAIL_REDUCTION_TALL_QR_HPP

#include <algorithm>  // std::copy, std::fill, std::min
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include "householder.hpp"
#include "../../matrix.hpp"
#include "../../thread_pool.hpp"

namespace svdkit {
namespace detail {

/// Scratch of tall_qr and tall_qr_form_u, besides the caller's householder_workspace (which the
/// first task and the stack use: one call on one thread needs no second set of packing buffers).
template <class T>
struct tall_qr_workspace {
    std::vector<householder_workspace<T>> hh;  ///< tasks 1, 2, …: packing buffers, WY blocks of their own
    std::vector<std::vector<T>> tau;           ///< each block's τ
    matrix<T> stack;                           ///< the blocks' R stacked (p·N×N), then R and Q_s's reflectors
    std::vector<T> tau_stack;                  ///< Q_s's τ
    matrix<T> y;                               ///< Q_s·[X 0; 0 I] for a full U
    matrix<T> v;                               ///< the blocks' reflectors, copied out for a full U

    std::size_t capacity_bytes() const noexcept {
        std::size_t b = bytes_of(stack) + bytes_of(tau_stack) + bytes_of(y) + bytes_of(v);
        for (const auto& h : hh) b += h.capacity_bytes();
        for (const auto& t : tau) b += bytes_of(t);
        return b;
    }
};

/// At most this many blocks (the stack is p·N×N and is factored on one thread).
constexpr std::size_t tall_qr_max_blocks = 8;

/// The number of row blocks for an M×N tall_qr: the largest power of two p <= tall_qr_max_blocks
/// with M >= 4·p²·N, so that the stack's QR and Y, about p·N/M of the work and serial, stay below
/// 1/(4p) of it; 1 (the plain Householder QR) when N is below the blocked QR's crossover.
/// Measured (svd() thin, min of 30; one-thread calls with a reused workspace within noise of p = 1
/// at p = 2): 2 threads, 4000×200 p = 2 22 ms, p = 4 25 ms (p = 1: 34 ms); 10000×300 p = 4
/// 106 ms, p = 8 117 ms (p = 1: 140–150 ms); 8000×500 p = 2 229 ms, p = 4 248 ms (p = 1:
/// 261–271 ms). 2000×200 gained on two threads at p = 2 (19 → 14 ms) but lost on one in a fresh
/// process (bench/oneoff.sh: 24.8 → 28.6 ms, the stack's pages and its QR): one thread is the
/// default, so below 16·N rows no blocks.
inline std::size_t tall_qr_blocks(std::size_t M, std::size_t N) noexcept {
    std::size_t p = 1;
    if (N < householder_crossover) return p;
    while (2 * p <= tall_qr_max_blocks && M / N >= 4 * (2 * p) * (2 * p)) p *= 2;
    return p;
}

/// First row of block i of p over M rows (the blocks differ in height by at most one row).
inline std::size_t tall_qr_row(std::size_t M, std::size_t p, std::size_t i) noexcept { return M / p * i + std::min(i, M % p); }

/// Runs f(i, h) for the p blocks: in min(threads, p) tasks of consecutive blocks on the pool, or
/// on the calling thread, h the task's householder_workspace (hh0, the caller's, for the first
/// task; its products on one thread meanwhile: the blocks are the parallelism). Each block's
/// arithmetic is the same whichever task and workspace run it.
template <class T, class F>
void for_each_block(std::size_t p, householder_workspace<T>& hh0, tall_qr_workspace<T>& ws, F f) {
    const unsigned threads = hh0.gemm.threads;
    const std::size_t tasks = std::min<std::size_t>(threads > 1 ? threads : 1, p);
    if (ws.hh.size() + 1 < tasks) ws.hh.resize(tasks - 1);
    struct one_thread {
        householder_workspace<T>& h;
        unsigned saved;
        ~one_thread() { h.gemm.threads = saved; }
    } keep{hh0, threads};
    hh0.gemm.threads = 1;
    const auto run = [&](std::size_t t) {
        householder_workspace<T>& h = t == 0 ? hh0 : ws.hh[t - 1];
        h.gemm.threads = 1;
        for (std::size_t i = p * t / tasks; i < p * (t + 1) / tasks; ++i) f(i, h);
    };
    if (tasks <= 1)
        run(0);
    else
        (hh0.gemm.pool != nullptr ? *hh0.gemm.pool : default_thread_pool()).parallel_for(tasks, run);
}

/// QR of the M×N array at a (leading dimension lda) by p row blocks (p = tall_qr_blocks(M, N),
/// each block at least N rows): on return each block holds its own QR as householder_qr leaves it,
/// and ws.stack (p·N×N) holds R in its upper triangle and Q_s's reflectors below it. hh0's
/// threads and pool run the blocks, then the stack's QR.
template <class T>
void tall_qr(std::size_t M, std::size_t N, T* a, std::size_t lda, std::size_t p, tall_qr_workspace<T>& ws,
             householder_workspace<T>& hh0) {
    if (ws.tau.size() < p) ws.tau.resize(p);
    for_each_block(p, hh0, ws, [&](std::size_t i, householder_workspace<T>& h) {
        const std::size_t r0 = tall_qr_row(M, p, i);
        householder_qr(tall_qr_row(M, p, i + 1) - r0, N, a + r0, lda, ws.tau[i], h);
    });
    // [R₀; …; R_{p−1}]: every entry written (R_i and the zeros below it), so no fill first.
    matrix_storage::resize_for_overwrite(ws.stack, p * N, N);
    for (std::size_t i = 0; i < p; ++i) {
        const T* ai = a + tall_qr_row(M, p, i);
        for (std::size_t j = 0; j < N; ++j) {
            T* s = ws.stack.col_ptr(j) + i * N;
            std::copy(ai + j * lda, ai + j * lda + j + 1, s);
            std::fill(s + j + 1, s + N, T(0));
        }
    }
    householder_qr(ws.stack, ws.tau_stack, hh0);
}

/// a ← Q·X (M×N, the thin factor) after tall_qr(M, N, a, lda, p, ws, hh0), X N×N at x (leading
/// dimension ldx): Y = Q_s·[X; 0] formed where the stack is (its thin Q_s, then times X, as the
/// plain path forms U: no second p·N×N array), then each block's Q_i in its place times Y_i.
/// Uses up ws.stack.
template <class T>
void tall_qr_form_u(std::size_t M, std::size_t N, T* a, std::size_t lda, std::size_t p, const T* x,
                    std::size_t ldx, tall_qr_workspace<T>& ws, householder_workspace<T>& hh0) {
    const std::size_t pn = p * N;
    form_q_in_place(N, ws.tau_stack.data(), ws.stack, hh0);
    multiply_right_in_place(pn, N, ws.stack.data(), pn, x, ldx, hh0.work, &hh0.gemm);
    for_each_block(p, hh0, ws, [&](std::size_t i, householder_workspace<T>& h) {
        const std::size_t r0 = tall_qr_row(M, p, i);
        const std::size_t mi = tall_qr_row(M, p, i + 1) - r0;
        form_q_in_place(mi, N, N, ws.tau[i].data(), a + r0, lda, h);
        multiply_right_in_place(mi, N, a + r0, lda, ws.stack.data() + i * N, pn, h.z, &h.gemm);
    });
}

/// The full U (M×M, leading dimension M) after tall_qr(M, N, a, M, p, ws, …) left the blocks'
/// reflectors in a's first N columns: a ← Q·[X 0; 0 I] as described above, X N×N at x.
template <class T>
void tall_qr_form_u_full(std::size_t M, std::size_t N, T* a, std::size_t p, const T* x, std::size_t ldx,
                         tall_qr_workspace<T>& ws, householder_workspace<T>& hh0) {
    const std::size_t pn = p * N;
    // The reflectors out of the way (C is built over them).
    matrix_storage::resize_for_overwrite(ws.v, M, N);
    std::copy(a, a + M * N, ws.v.data());
    // Z = Q_s·[X 0; 0 I] (p·N×p·N).
    ws.y.resize(pn, pn);  // zeros
    for (std::size_t j = 0; j < N; ++j) std::copy(x + j * ldx, x + j * ldx + N, ws.y.col_ptr(j));
    for (std::size_t j = N; j < pn; ++j) ws.y(j, j) = T(1);
    apply_q_left(ws.stack.data(), pn, ws.tau_stack.data(), N, ws.y, hh0);
    // C = P·Z plus each block's unit columns, then each block's rows times Q_i; block i's unit
    // columns start at p·N + r0_i − i·N.
    for_each_block(p, hh0, ws, [&](std::size_t i, householder_workspace<T>& h) {
        const std::size_t r0 = tall_qr_row(M, p, i);
        const std::size_t mi = tall_qr_row(M, p, i + 1) - r0;
        const std::size_t c0 = pn + r0 - i * N;
        for (std::size_t j = 0; j < M; ++j) {
            T* cj = a + j * M + r0;
            std::fill(cj, cj + mi, T(0));
            if (j < pn) std::copy(ws.y.col_ptr(j) + i * N, ws.y.col_ptr(j) + (i + 1) * N, cj);
            if (j >= c0 && j < c0 + mi - N) cj[N + (j - c0)] = T(1);
        }
        const T* vi = ws.v.data() + r0;
        apply_reflectors_backward(vi, M, ws.tau[i].data(), N, mi, pn, a + r0, M, false, h);
        apply_reflectors_backward(vi, M, ws.tau[i].data(), N, mi, mi - N, a + c0 * M + r0, M, false, h);
    });
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_TALL_QR_HPP
