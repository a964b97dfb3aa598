// svdkit - stage 2 of the two-stage bidiagonalization: an n×n upper band matrix of bandwidth nb
// (B(i, j) = 0 unless 0 <= j − i <= nb) to upper bidiagonal form by bulge chasing.
//
// Sweep i (i = 0 … n−2) makes row i bidiagonal and chases the bulge it creates off the matrix.
// With c₀ = i + 1, r₀ = i, and c_k = c₀ + k·nb, r_k = c_{k−1}, step k is one task:
//
//   right: G_k (length ≤ nb) on columns c_k … c_k+nb−1 zeroes B(r_k, c_k+1 : c_k+nb), applied to
//          rows r_k+1 … c_k+nb−1; this fills B(c_k:, c_k:) below the diagonal (a lower bulge);
//   left:  H_k on rows c_k … c_k+nb−1 zeroes B(c_k+1 : c_k+nb, c_k), applied to columns
//          c_k+1 … c_k+2nb−1; this fills rows c_k… beyond their band (an upper bulge), which
//          step k+1's G removes from row c_k.
//
// Only the first column (row) of each bulge is annihilated; the rest of it lies inside the window
// of sweep i+1 and is removed there ([2], [3]: it keeps every reflector of length ≤ nb and the
// cost at about 8·nb·n² flops). Everything stays inside the lower bandwidth nb−1 and the upper
// bandwidth 2nb−1, so the band is stored by diagonals with room for both bulges: B(i, j) at
// ab[(i − j + ku) + j·ld], ku = 2nb−1, ld = 3nb−1, which is B(i, j) = ab0[i + j·(ld−1)] with
// ab0 = ab + ku: a column-major array of leading dimension ld−1, read through the kernels of
// householder.hpp and gemv.hpp. For n = 2048, nb = 32 this is 1.5 MB: the chase stays in cache.
//
// Householder reflectors rather than Givens rotations (LAPACK dgbbrd): a bulge is an nb×nb block,
// and one reflector per row or column of it replaces nb−1 rotations that each pass over two rows
// or columns; the reflectors' inner products run over contiguous columns, and they are the form a
// blocked back-transformation (for vectors, later) groups into WY blocks ([3], LAPACK xGBTRD).
//
// Data dependences (the pipelined parallel sweep): task (i, k) reads and writes rows
// c_k−nb … c_k+nb−1 and columns c_k … c_k+2nb−1 only. Task (i+1, k) overlaps tasks (i, k), (i, k+1)
// and (i, k+2) (they share entry (c_k+nb, c_k+2nb)) but no task (i, k+3) or later: sweep i+1
// may run once sweep i is three tasks ahead, so about n/(3nb) sweeps can run at once ([2] §4,
// [3]): chase_bulges does this with threads > 1, each thread owning a stretch of the band.
//
// References:
// [1] B. Großer, B. Lang, "Efficient parallel reduction to bidiagonal form", Parallel Computing 25
//     (1999).
// [2] A. Haidar, H. Ltaief, J. Dongarra, "Parallel reduction to condensed forms for symmetric
//     eigenvalue problems using aggregated fine-grained and memory-aware kernels", SC'11 (and
//     "Toward a high performance tile divide and conquer algorithm…", SIAM J. Sci. Comput. 2013):
//     the bulge-chasing kernels and their dependences.
// [3] H. Ltaief, P. Luszczek, J. Dongarra, "High-performance bidiagonal reduction using tile
//     algorithms on homogeneous multicore architectures", ACM TOMS 39(3) (2013), §4 (stage 2 for
//     the SVD); LAPACK 3.7 dgebrd2stage / dgesvd2stage (band → bidiagonal, Householder based).
#ifndef SVDKIT_DETAIL_REDUCTION_BULGE_CHASING_HPP
#define SVDKIT_DETAIL_REDUCTION_BULGE_CHASING_HPP

#include <algorithm>  // std::min, std::fill
#include <atomic>     // std::atomic
#include <cstddef>    // std::size_t, std::ptrdiff_t
#include <thread>     // std::this_thread::yield
#include <vector>     // std::vector

#include "householder.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/gemv.hpp"
#include "../../matrix.hpp"
#include "../../thread_pool.hpp"

namespace svdkit {
namespace detail {

/// One sweep of a parallel chase, on a cache line of its own: the next task to claim and the
/// tasks finished (those before `claimed`, once equal).
struct alignas(64) sweep_progress {
    std::atomic<std::size_t> claimed{0};
    std::atomic<std::size_t> done{0};
    // Copyable, so that the workspaces holding it stay so: progress lives within one chase (reset
    // at its start), and a copy starts from zero.
    sweep_progress() = default;
    sweep_progress(const sweep_progress&) noexcept {}
    sweep_progress& operator=(const sweep_progress&) noexcept { return *this; }
};

/// An n×n band of bandwidth nb with room for the bulges of the chase (see above), and the
/// chase's short vectors.
template <class T>
struct band_storage {
    std::size_t n = 0;
    std::size_t nb = 0;
    std::vector<T> ab;  ///< ld·n entries, by diagonals
    std::vector<T> v;   ///< the current reflector, explicit (nb entries per task of the chase)
    std::vector<T> w;   ///< G's product C·v (up to 2nb entries per task)
    std::vector<sweep_progress> done;  ///< each sweep's progress in a parallel chase

    std::size_t ku() const noexcept { return 2 * nb - 1; }
    std::size_t ld() const noexcept { return 3 * nb - 1; }
    /// B(i, j) for −(nb−1) <= j − i <= 2nb−1.
    T& at(std::size_t i, std::size_t j) noexcept { return ab[ku() + i + j * (ld() - 1)]; }
    const T& at(std::size_t i, std::size_t j) const noexcept { return ab[ku() + i + j * (ld() - 1)]; }

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(ab) + bytes_of(v) + bytes_of(w) + bytes_of(done);
    }
};

/// Copies the band (0 <= j − i <= nb) of the leading n×n part of `a` into s (nb >= 2), zeros
/// everywhere else in the storage.
template <class T>
void load_band(const matrix<T>& a, std::size_t n, std::size_t nb, band_storage<T>& s) {
    s.n = n;
    s.nb = nb;
    s.ab.assign(s.ld() * n, T(0));
    for (std::size_t j = 0; j < n; ++j) {
        const std::size_t i0 = j > nb ? j - nb : 0;
        for (std::size_t i = i0; i <= j; ++i) s.at(i, j) = a(i, j);
    }
}

/// Task (i, k) of the chase (above): r = r_k, c = c_k of sweep i; v and w are nb and 2nb entries
/// of scratch. B(i, j) = b0[i + j·lda].
template <class T>
void chase_task(T* b0, std::size_t lda, std::size_t n, std::size_t nb, std::size_t r, std::size_t c, T* v, T* w) {
    auto at = [&](std::size_t i, std::size_t j) -> T* { return b0 + i + j * lda; };
    const std::size_t len = std::min(nb, n - c);
    // right: G zeroes B(r, c+1 : c+len) (row r, stride lda) ...
    T* x = at(r, c);
    const T tg = make_reflector(len, *x, x + lda, static_cast<std::ptrdiff_t>(lda));
    if (tg != T(0)) {
        v[0] = T(1);
        for (std::size_t l = 1; l < len; ++l) {
            v[l] = x[l * lda];
            x[l * lda] = T(0);
        }
        // ... and acts on rows r+1 … c+len−1: C ← C − τ·(C·v)·vᵀ.
        const std::size_t mr = c + len - 1 - r;
        T* cr = at(r + 1, c);
        std::fill(w, w + mr, T(0));
        gemv_n(mr, len, cr, lda, v, w);
        for (std::size_t l = 0; l < len; ++l) v[l] *= -tg;
        ger(mr, len, w, v, cr, lda);
    }
    // left: H zeroes B(c+1 : c+len, c) and acts on columns c+1 … c+2nb−1, likewise as
    // C ← C − τ·v·(Cᵀ·v): four columns per pass over v (gemv_t), not a dot() call per column.
    T* y = at(c, c);
    const T th = make_reflector(len, *y, y + 1, 1);
    if (th != T(0)) {
        v[0] = T(1);
        for (std::size_t l = 1; l < len; ++l) {
            v[l] = y[l];
            y[l] = T(0);
        }
        const std::size_t cols = std::min(c + 2 * nb - 1, n - 1) - c;
        T* cr = at(c, c + 1);
        gemv_t(len, cols, cr, lda, v, w);
        for (std::size_t l = 0; l < len; ++l) v[l] *= -th;
        ger(len, cols, v, w, cr, lda);
    }
}

/// Sweeps of the chase run at once when the band has at least this many tasks per sweep (n/nb):
/// with fewer, the lag of 3 tasks between consecutive sweeps leaves little to overlap.
constexpr std::size_t chase_parallel_min_tasks = 12;

/// Tries that find a thread's own next task not ready after which it takes any ready task of a
/// parallel chase (below).
constexpr int chase_steal_after = 256;

/// Reduces the band in s to upper bidiagonal form (d: n entries, e: n−1) by the sweeps described
/// above. σ(B) are kept to backward stability: each reflector is applied to its whole window, and
/// an entry is set to zero only where a reflector annihilated it. An entry whose row or column
/// is already reduced (τ = 0) is left exactly as it is: a bidiagonal band is its own result.
///
/// With threads > 1 the sweeps run pipelined on the pool ([1], [2] §4): task k of sweep i may run
/// once task k−1 of sweep i and task k+2 of sweep i−1 have finished (the dependences above; later
/// tasks of sweep i−1 and all of sweeps i−2, … before it follow), so every entry sees the same
/// reflectors in the same order as in the serial chase: the same bits for any thread count.
///
/// Which thread runs a task: the tasks of sweep i are cut into `tasks` segments of consecutive
/// tasks, and thread t runs segment t of every sweep, so each thread keeps to one stretch of the
/// band (its columns stay in its cache) and sweep i passes from thread t to t+1 as thread t
/// starts sweep i+1 ([1]'s distribution of the band by blocks of columns). Windows of the band
/// move between cores only at the segments' ends, and a thread reads the progress of its own
/// sweep and the one before only. (Claiming any ready task instead, a thread mostly followed the
/// thread on the sweep before, three tasks behind, and every task moved a window of 32 KB between
/// cores: two threads took 1.15–1.2× the time of one at n = 2048; bench/README.md.) After
/// chase_steal_after tries that found its own next task not ready, a thread takes any ready task
/// of the oldest sweep, and goes on doing so while it has none of its own ready: a thread the
/// system preempts (a shared machine) then holds up only the task it is running. Tasks rather
/// than segments are claimed, so nothing waits on a task that no running thread holds, and no
/// order in which the pool runs the threads' shares (one after another included) can deadlock.
template <class T>
void chase_bulges(band_storage<T>& s, std::vector<T>& d, std::vector<T>& e, unsigned threads = 1,
                  thread_pool* pool = nullptr) {
    const std::size_t n = s.n;
    const std::size_t nb = s.nb;
    const std::size_t lda = s.ld() - 1;  // B(i, j) = b0[i + j·lda]
    T* b0 = s.ab.data() + s.ku();
    const std::size_t tasks = nb > 1 && n / nb >= chase_parallel_min_tasks && threads > 1 ? threads : 1;
    // Each thread's v and w on cache lines of their own (measured at n = 2048: sharing a line
    // between two threads' w cost the 2-thread chase 20–30%): a stride of whole lines plus one
    // keeps two threads' parts a line apart whatever the vector's alignment and sizeof(T).
    constexpr std::size_t line = sizeof(T) >= 64 ? 1 : 64 / sizeof(T);
    const auto stride = [&](std::size_t len) { return tasks == 1 ? len : (len + line - 1) / line * line + line; };
    const std::size_t sv = stride(nb), sw = stride(2 * nb);
    s.v.resize(tasks * sv);
    s.w.resize(tasks * sw);
    if (nb > 1 && tasks == 1) {
        for (std::size_t i = 0; i + 1 < n; ++i)
            for (std::size_t r = i, c = i + 1; c < n; r = c, c += nb)
                chase_task(b0, lda, n, nb, r, c, s.v.data(), s.w.data());
    } else if (nb > 1) {
        const std::size_t sweeps = n - 1;
        const auto tasks_of = [&](std::size_t i) { return (n - 1 - i + nb - 1) / nb; };  // c = i+1, i+1+nb, … < n
        if (s.done.size() < sweeps) s.done.resize(sweeps);
        for (std::size_t i = 0; i < sweeps; ++i) {
            s.done[i].claimed.store(0, std::memory_order_relaxed);
            s.done[i].done.store(0, std::memory_order_relaxed);
        }
        std::atomic<std::size_t> oldest{0};  // sweeps before it have every task claimed
        const auto ready = [&](std::size_t i, std::size_t k) {  // task k of sweep i, if unclaimed
            return s.done[i].done.load(std::memory_order_acquire) == k &&
                   (i == 0 || s.done[i - 1].done.load(std::memory_order_acquire) >= std::min(k + 3, tasks_of(i - 1)));
        };
        const auto segment = [&](std::size_t i, std::size_t k) { return k * tasks / tasks_of(i); };
        (pool != nullptr ? *pool : default_thread_pool()).parallel_for(tasks, [&](std::size_t t) {
            T* v = s.v.data() + t * sv;
            T* w = s.w.data() + t * sw;
            std::size_t cur = 0;  // the sweep of this thread's next own task
            bool stealing = false;
            for (int idle = 0;;) {
                // Its own next task: in sweep cur once the threads before it are done there. Only
                // sweeps cur and cur − 1 are read, which it writes itself but at its segment's ends.
                std::size_t i = sweeps, k = 0;
                for (; cur < sweeps; ++cur) {
                    k = s.done[cur].claimed.load(std::memory_order_acquire);
                    if (k < tasks_of(cur) && segment(cur, k) <= t) break;  // else its part is claimed
                }
                if (cur < sweeps && segment(cur, k) == t && ready(cur, k)) {
                    i = cur;
                    stealing = false;
                } else if (cur >= sweeps || stealing || idle >= chase_steal_after) {
                    // Any ready task, of the oldest sweep that has one (the others' tasks).
                    std::size_t lo = oldest.load(std::memory_order_acquire);
                    if (lo >= sweeps) return;
                    for (std::size_t j = lo; j < sweeps; ++j) {
                        k = s.done[j].claimed.load(std::memory_order_acquire);
                        if (k >= tasks_of(j)) {  // fully claimed: move the start of the scan past it
                            if (j == lo && oldest.compare_exchange_strong(lo, lo + 1)) ++lo;
                            continue;
                        }
                        if (ready(j, k)) {
                            i = j;
                            break;
                        }
                        if (k == 0) break;  // no later sweep has started either
                    }
                    stealing = i != sweeps;
                }
                bool ran = false;
                std::size_t expected = k;  // still unclaimed: it is ready (checked above)
                if (i != sweeps && s.done[i].claimed.compare_exchange_strong(expected, k + 1)) {
                    const std::size_t c = i + 1 + k * nb;
                    chase_task(b0, lda, n, nb, k == 0 ? i : c - nb, c, v, w);
                    s.done[i].done.store(k + 1, std::memory_order_release);
                    ran = true;
                }
                // Nothing run: the tasks it waits for are running elsewhere. Spin a little, then
                // give the core away (the machine may have fewer free cores than the pool threads).
                if (ran)
                    idle = 0;
                else if (++idle > 64)
                    std::this_thread::yield();
            }
        });
    }
    d.resize(n);
    e.resize(n > 0 ? n - 1 : 0);
    for (std::size_t j = 0; j < n; ++j) {
        d[j] = b0[j + j * lda];
        if (j + 1 < n) e[j] = b0[j + (j + 1) * lda];
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_BULGE_CHASING_HPP
