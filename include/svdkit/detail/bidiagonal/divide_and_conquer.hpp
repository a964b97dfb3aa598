// svdkit::detail - the SVD of an upper bidiagonal matrix with vectors by divide and conquer
// (Gu & Eisenstat [1]; the structure of LAPACK dbdsdc / dlasd0-dlasd8 [2]).
//
// Splitting. An upper bidiagonal with N rows and N + sqre columns (sqre = 0: square; sqre = 1: one
// extra column, whose only entry is e[N−1]) is split at row k = N/2:
//
//         [ B₁          0  ]      B₁: rows 0…k−1, columns 0…k     (k × (k+1), sqre₁ = 1)
//     B = [ α·e_kᵀ  β·e_1ᵀ ]      α = d[k], β = e[k] (row k, columns k and k+1)
//         [ 0          B₂  ]      B₂: rows k+1…N−1, columns k+1…  (sqre₂ = sqre)
//
// With B₁ = U₁·[Σ₁ 0]·V₁ᵀ and B₂ = U₂·[Σ₂ 0]·V₂ᵀ solved recursively,
//
//     B = diag(U₁, 1, U₂) · H · diag(V₁, V₂)ᵀ,   row k of H = [α·(last row of V₁), β·(first row of V₂)],
//
// and the other rows of H are [Σ₁ 0] and [Σ₂ 0]. H has one zero column from V₁'s null vector,
// and a second one from V₂'s when sqre = 1; a rotation of those two columns puts all of their
// row-k weight into the first (the second becomes the new null vector). Moving row k to the top and
// that column to the left gives the N×N "broken arrow" matrix
//
//         [ z₀ z₁ … z_{N−1} ]
//     M = [    d₁           ]      d₀ = 0,  d_i the singular values of B₁ and B₂,
//         [       ⋱         ]      z_i = α·V₁(k, ·) or β·V₂(0, ·).
//         [          d_{N−1}]
//
// Deflation ([1, §4], dlasd2). With tol = 8·ε·max(max d_i, |α|, |β|): a z_i (i >= 1) with
// |z_i| <= tol is set to zero, so d_i is a singular value with unit vectors; two d_i, d_j closer than
// tol are made one by a rotation of columns i, j (and rows i, j) that zeroes z_i, which leaves an
// off-diagonal of size |cs·(d_j − d_i)| <= tol/2 that is dropped. A z₀ below tol is raised to tol and
// the smallest remaining d_i (i >= 1) is kept at least tol/2 away from d₀ = 0. Each change moves M
// by at most tol, i.e. it is a backward perturbation of B of 8 ulps of its norm.
//
// The merge (dc_merge, dlasd1; its seven steps in dc_merge.hpp): arrow, deflation, grouping, secular
// roots, Löwner's ẑ, the arrow's vectors, the products with U and V.
//
// Leaves of at most leaf_size (LAPACK's SMLSIZ = 25) rows are solved by bidiagonal_qr(); a leaf with
// an extra column first has it chased out by N rotations from the right (as dlasdq does).
//
// References:
// [1] M. Gu, S. C. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J. Matrix
//     Anal. Appl. 16 (1995): the splitting, deflation, Löwner's formula for ẑ.
// [2] LAPACK dbdsdc, dlasd0 (recursion), dlasd1 (merge), dlasd2 (deflation), dlasd3 (vectors),
//     dlasd4 (secular roots, see secular_equation.hpp), dlasd8 (Löwner's ẑ and the arrow's vectors),
//     dlasdq (leaves with an extra column): the structure followed here.
// [3] F. Tisseur, J. Dongarra, "A parallel divide and conquer algorithm for the symmetric
//     eigenvalue problem on distributed memory architectures", SIAM J. Sci. Comput. 20 (1999):
//     the independent subproblems of the tree's lower levels on separate processors, the merges
//     above them split.
#ifndef SVDKIT_DETAIL_BIDIAGONAL_DIVIDE_AND_CONQUER_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_DIVIDE_AND_CONQUER_HPP

#include <algorithm>  // std::copy, std::fill, std::max, std::sort
#include <cmath>      // std::abs, std::frexp, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t, std::ptrdiff_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include "dc_merge.hpp"
#include "qr_iteration.hpp"
#include "secular_equation.hpp"
#include "../../matrix.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/gemm.hpp"
#include "../kernels/givens.hpp"
#include "../kernels/numeric.hpp"

namespace svdkit {
namespace detail {

/// Leaves of the recursion have at most this many rows (LAPACK's SMLSIZ).
constexpr std::size_t bidiagonal_dc_leaf_size = 25;

/// Bound on the zero finder's steps for one root of the secular equation. Bisection alone needs
/// about log₂(exponent range) + digits steps (~80 for double, ~95 for long double); the rational
/// steps typically take 2-5.
constexpr std::size_t bidiagonal_dc_max_secular_iterations = 200;

/// Leaf: rows lo…lo+N−1 (columns lo…lo+N−1+sqre) by bidiagonal_qr(), into the diagonal blocks.
template <class T>
void dc_leaf(dc_state<T>& st, std::size_t lo, std::size_t N, std::size_t sqre) {
    const std::size_t Mv = N + sqre;
    std::vector<T>& dl = st.ws.dl;
    std::vector<T>& el = st.ws.el;
    dl.assign(st.d.begin() + static_cast<std::ptrdiff_t>(lo), st.d.begin() + static_cast<std::ptrdiff_t>(lo + N));
    el.assign(N - 1 + sqre, T(0));
    for (std::size_t i = 0; i + 1 < N + sqre; ++i) el[i] = st.e[lo + i];
    matrix<T>& u = st.ws.lu;
    matrix<T>& v = st.ws.lv;
    u.resize(N, N);
    v.resize(Mv, Mv);
    for (std::size_t i = 0; i < N; ++i) u(i, i) = T(1);
    for (std::size_t i = 0; i < Mv; ++i) v(i, i) = T(1);
    if (sqre == 1) {
        // Chase the extra column's entry el[N−1] (at (N−1, N)) out with rotations of columns
        // (i, N), i = N−1 … 0: each zeroes the entry in row i and moves c·(its e) up to row i−1.
        // B·G₁⋯G_N = [B' 0], so V = G₁⋯G_N·diag(V', 1).
        T f = el[N - 1];  // entry (i, N) to eliminate
        for (std::size_t ii = N; ii-- > 0;) {
            const givens<T> g = make_givens(dl[ii], f);
            dl[ii] = g.r;
            rotate(Mv, v.col_ptr(ii), v.col_ptr(N), g.c, g.s);
            if (ii > 0) {
                f = -g.s * el[ii - 1];
                el[ii - 1] = g.c * el[ii - 1];
            }
        }
        el.resize(N - 1);
    }
    bidiagonal_qr(dl, el, &u, &v, default_max_inner_steps(N), &st.ws.qr);
    for (std::size_t i = 0; i < N; ++i) st.d[lo + i] = dl[i];
    for (std::size_t j = 0; j < N; ++j) std::copy(u.col_ptr(j), u.col_ptr(j) + N, st.U + lo + (lo + j) * st.ld);
    for (std::size_t j = 0; j < Mv; ++j) std::copy(v.col_ptr(j), v.col_ptr(j) + Mv, st.V + lo + (lo + j) * st.ld);
}


/// Rows lo…lo+N−1 (columns up to lo+N−1+sqre) of the bidiagonal: recursion (dlasd0).
template <class T>
void dc_solve(dc_state<T>& st, std::size_t lo, std::size_t N, std::size_t sqre) {
    if (N <= st.leaf_size) {
        dc_leaf(st, lo, N, sqre);
        return;
    }
    const std::size_t k = N / 2;  // N >= 3: B₁ has k >= 1 rows, B₂ has N − k − 1 >= 1
    dc_solve(st, lo, k, 1);
    dc_solve(st, lo + k + 1, N - k - 1, sqre);
    dc_merge(st, lo, N, k, sqre);
}

/// Below this many rows a call stays on one thread: the whole recursion takes well under a
/// millisecond, about what handing its halves to another core costs.
constexpr std::size_t bidiagonal_dc_parallel_min = 128;

/// The top `levels` levels of the recursion from (lo, N, sqre) into st.ws: the merges (in pre-order)
/// and the subtrees below them, each node tagged with the task whose workspace it uses. The left
/// child keeps its parent's task, the right one takes the next free half of the parent's range.
inline void dc_plan(std::vector<dc_node>& merges, std::vector<dc_node>& subtrees, std::size_t lo, std::size_t N,
                    std::size_t sqre, std::size_t level, std::size_t levels, std::size_t task, std::size_t leaf_size) {
    if (level == levels || N <= leaf_size) {
        subtrees.push_back({lo, N, sqre, level, task});
        return;
    }
    const std::size_t k = N / 2;
    merges.push_back({lo, N, sqre, level, task});
    dc_plan(merges, subtrees, lo, k, 1, level + 1, levels, task, leaf_size);
    dc_plan(merges, subtrees, lo + k + 1, N - k - 1, sqre, level + 1, levels, task + (std::size_t(1) << (levels - level - 1)),
            leaf_size);
}

/// dc_solve() of the whole bidiagonal on st.threads threads (Tisseur & Dongarra [3]; dlasd0's
/// tree, cut at its top `levels` levels): the 2^levels subtrees below are independent and run as
/// tasks on the pool, each on a workspace of its own with one thread; then the merges above them,
/// level by level, those of one level side by side; the last (the root's) on this workspace
/// with every thread (its roots, vectors and products split, dc_merge.hpp). The tree is the
/// serial one and every node is computed as one thread computes it: the bits do not depend on
/// the thread count.
template <class T>
void dc_solve_parallel(dc_state<T>& st) {
    bidiagonal_dc_workspace<T>& w = st.ws;
    const std::size_t n = st.d.size();
    std::size_t levels = 1;
    while ((std::size_t(1) << levels) < st.threads && levels < 4) ++levels;
    const std::size_t tasks = std::size_t(1) << levels;
    w.merges.clear();
    w.subtrees.clear();
    dc_plan(w.merges, w.subtrees, 0, n, 0, 0, levels, 0, st.leaf_size);
    if (w.tasks.size() < tasks - 1) w.tasks.resize(tasks - 1);
    w.task_stats.assign(tasks, bidiagonal_dc_stats{});
    // Each task's buffers sized here, on the calling thread, for the largest node it runs.
    std::vector<std::size_t>& largest = w.order;  // free until the root's merge
    largest.assign(tasks, 0);
    for (const dc_node& x : w.subtrees) largest[x.task] = std::max(largest[x.task], x.N);
    for (const dc_node& x : w.merges)
        if (x.level > 0) largest[x.task] = std::max(largest[x.task], x.N);
    for (std::size_t t = 1; t < tasks; ++t) {
        bidiagonal_dc_workspace<T>& tw = w.tasks[t - 1];
        const std::size_t m = largest[t];
        tw.gemm.threads = 1;
        if (m > st.leaf_size) {
            tw.panel.resize(gemm_blocking<T>::mc * m);
            tw.qu.resize(m * (m + 1));  // a node with an extra column permutes V's m + 1 rows
            tw.qv.resize(m * (m + 1));
        }
    }
    auto state_of = [&](const dc_node& x) {
        return dc_state<T>{st.d, st.e, st.U, st.V, st.ld, st.leaf_size, st.max_secular_iterations,
                           x.task == 0 ? w : w.tasks[x.task - 1], {}};
    };
    thread_pool& pool = st.pool != nullptr ? *st.pool : default_thread_pool();
    pool.parallel_for(w.subtrees.size(), [&](std::size_t i) {
        const dc_node& x = w.subtrees[i];
        dc_state<T> s = state_of(x);
        dc_solve(s, x.lo, x.N, x.sqre);
        dc_add_stats(w.task_stats[x.task], s.stats);
    });
    for (std::size_t level = levels; level-- > 1;) {
        // This level's merges (no two share a task: each task's first node is at one level).
        std::vector<dc_node>& now = w.subtrees;
        now.clear();
        for (const dc_node& x : w.merges)
            if (x.level == level) now.push_back(x);
        pool.parallel_for(now.size(), [&](std::size_t i) {
            const dc_node& x = now[i];
            dc_state<T> s = state_of(x);
            dc_merge(s, x.lo, x.N, x.N / 2, x.sqre);
            dc_add_stats(w.task_stats[x.task], s.stats);
        });
    }
    for (const bidiagonal_dc_stats& t : w.task_stats) dc_add_stats(st.stats, t);
    dc_merge(st, 0, n, n / 2, 0);
}

/// SVD of the n×n upper bidiagonal with diagonal d and superdiagonal e by divide and conquer.
/// On return d holds σ in non-increasing order, all >= 0, e is zero, and u, v (resized to n×n)
/// hold B = U·diag(σ)·Vᵀ (V itself, as bidiagonal_qr). The σ are accurate to a few ulps of σ_max
/// (absolutely, not relatively); the vectors are orthonormal to working precision.
/// leaf_size (>= 2): subproblems of at most that many rows go to bidiagonal_qr(). Throws
/// svdkit::no_convergence when a secular root needs more than max_secular_iterations steps (or
/// when bidiagonal_qr() does not converge on a leaf); std::invalid_argument for e.size() != n − 1
/// or leaf_size < 2. (d, e) must be finite and scaled so that squares of their entries do not
/// overflow (as for bidiagonal_qr()). When stats is not null, it receives what the call did.
/// With ws, every buffer comes from it (none is allocated once it has served this n), and
/// ws->gemm.threads (> 1) and ws->gemm.pool run the call on that many threads of the pool
/// (dc_solve_parallel; the same bits for every thread count). An exception from a task is
/// rethrown here once the others have finished (with threads, which failing root or leaf it
/// names may vary).
template <class T>
void bidiagonal_dc(std::vector<T>& d, std::vector<T>& e, matrix<T>& u, matrix<T>& v,
                   std::size_t max_secular_iterations = bidiagonal_dc_max_secular_iterations,
                   std::size_t leaf_size = bidiagonal_dc_leaf_size, bidiagonal_dc_stats* stats = nullptr,
                   bidiagonal_dc_workspace<T>* ws = nullptr) {
    const std::size_t n = d.size();
    if (e.size() != (n == 0 ? 0 : n - 1))
        throw std::invalid_argument("svdkit::detail::bidiagonal_dc: e.size() (= " + std::to_string(e.size()) +
                                    ") must be d.size() - 1 (= " + std::to_string(n == 0 ? 0 : n - 1) + ")");
    if (leaf_size < 2)
        throw std::invalid_argument("svdkit::detail::bidiagonal_dc: leaf_size must be >= 2, got " +
                                    std::to_string(leaf_size));
    // No zero fill: the leaves write their diagonal blocks whole, and each merge the rest of its
    // block (dc_form_arrow zeroes all outside its children's), so every entry is written before read.
    matrix_storage::resize_for_overwrite(u, n, n);
    matrix_storage::resize_for_overwrite(v, n, n);
    if (stats != nullptr) *stats = bidiagonal_dc_stats{};
    if (n == 0) return;
    bidiagonal_dc_workspace<T> local;
    bidiagonal_dc_workspace<T>& w = ws != nullptr ? *ws : local;
    dc_state<T> st{d, e, u.data(), v.data(), n, leaf_size, max_secular_iterations, w, {}};
    // The call's threads; its products then run one per thread (each merge splits its rows), so
    // the workspace's own gemm stays on one thread, restored on every way out.
    struct restore_threads {
        unsigned& threads;
        const unsigned saved;
        ~restore_threads() { threads = saved; }
    } restore{w.gemm.threads, w.gemm.threads};
    st.pool = w.gemm.pool;
    // Inside a pool task every parallel_for runs inline: the task workspaces would only cost memory.
    const bool split = w.gemm.threads > 1 && n >= bidiagonal_dc_parallel_min && n > leaf_size && !in_pool_task();
    st.threads = split ? resolve_threads(w.gemm.threads, st.pool) : 1;
    w.gemm.threads = 1;
    if (n > leaf_size) {
        w.panel.resize(gemm_blocking<T>::mc * n * st.threads);
        w.qu.resize(n * n);
        w.qv.resize(n * n);
        if (w.slot_gemm.size() + 1 < st.threads) w.slot_gemm.resize(st.threads - 1);
    }
    if (st.threads > 1)
        dc_solve_parallel(st);
    else
        dc_solve(st, 0, n, 0);
    std::fill(e.begin(), e.end(), T(0));
    if (stats != nullptr) *stats = st.stats;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_DIVIDE_AND_CONQUER_HPP
