// svdkit::detail - the merge step of divide and conquer for the bidiagonal SVD (Gu & Eisenstat [1];
// LAPACK dlasd1-dlasd8 [2]): two solved halves and their joining row into the SVD of the whole
// block. divide_and_conquer.hpp has the splitting and the maths of the broken-arrow matrix M; its
// recursion and its leaves call dc_merge() below.
//
// The merge (dc_merge, dlasd1) is a sequence of steps, each a function below with its maths:
//   1. dc_form_arrow      M's d and z; U's and V's columns put in M's order;
//   2. dc_deflate         ([1, §4], dlasd2) the deflation above: K values are left;
//   3. dc_group_columns   (dlasd2) the kept columns grouped by where they are nonzero;
//   4. dc_secular_roots   ([1, §3], dlasd4) the K roots of f(σ) = 1 + Σ_i z_i²/(d_i² − σ²), one in
//                         each (d_j, d_{j+1}) and one above d_{K−1}, by secular_equation.hpp, with
//                         the differences d_i − σ_j it leaves accurate;
//   5. dc_loewner_zhat    ([1, §3.3], dlasd8) Löwner's ẑ: the σ_j are the exact singular values of
//                         M̂, M with z replaced by ẑ;
//   6. dc_arrow_vectors   (dlasd8) M̂'s singular vectors, orthonormal because ẑ is exact for σ;
//   7. dc_update_factors  (dlasd3) U and V times them (gemm.hpp), where the time goes: each half
//                         multiplied only by the rows that can touch it, about half the flops of
//                         a dense product; every column sorted by its value.
//
//
// Threads (dc_state::threads > 1, the top merges of a parallel call): steps 3-7 split their
// independent pieces (columns to copy, roots, ẑ_i, the arrow's columns, row panels of the
// products) into shares over the pool [3]; every piece is computed as on one thread, so the bits
// do not depend on the thread count.
//
// References:
// [1] M. Gu, S. C. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J. Matrix
//     Anal. Appl. 16 (1995): deflation, Löwner's formula for ẑ.
// [2] LAPACK dlasd1 (merge), dlasd2 (deflation), dlasd3 (vectors), dlasd4 (secular roots, see
//     secular_equation.hpp), dlasd8 (Löwner's ẑ and the arrow's vectors).
// [3] F. Tisseur, J. Dongarra, "A parallel divide and conquer algorithm for the symmetric
//     eigenvalue problem on distributed memory architectures", SIAM J. Sci. Comput. 20 (1999):
//     the roots, ẑ and the vectors of one merge split over processes, each its own share.
#ifndef SVDKIT_DETAIL_BIDIAGONAL_DC_MERGE_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_DC_MERGE_HPP

#include <algorithm>  // std::copy, std::fill, std::max, std::sort
#include <cmath>      // std::abs, std::frexp, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <vector>     // std::vector

#include "qr_iteration.hpp"
#include "secular_equation.hpp"
#include "../../matrix.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/gemm.hpp"
#include "../kernels/numeric.hpp"

namespace svdkit {
namespace detail {

struct bidiagonal_dc_stats {  ///< what one bidiagonal_dc() call did (counts over the whole recursion)
    std::size_t merges = 0;               ///< merge steps (dlasd1 calls)
    std::size_t roots = 0;                ///< secular roots found (values not deflated)
    std::size_t deflated = 0;             ///< values deflated (tiny z or close d)
    std::size_t secular_steps = 0;        ///< zero-finder steps over all roots
    std::size_t max_secular_steps = 0;    ///< the most steps one root needed
};

/// A node of the recursion's top levels, run by task `task` (parallel_dc in divide_and_conquer.hpp).
struct dc_node {
    std::size_t lo, N, sqre, level, task;
};

inline void dc_add_stats(bidiagonal_dc_stats& a, const bidiagonal_dc_stats& b) noexcept {
    a.merges += b.merges;
    a.roots += b.roots;
    a.deflated += b.deflated;
    a.secular_steps += b.secular_steps;
    a.max_secular_steps = std::max(a.max_secular_steps, b.max_secular_steps);
}

/// Scratch of bidiagonal_dc(), reusable across calls: every buffer of the recursion lives here, so
/// that a caller who keeps one (svd_workspace does) allocates nothing after the first call.
template <class T>
struct bidiagonal_dc_workspace {
    uninit_buffer<T> qu, qv;                             // n×n each: M̂'s vectors (written before read)
    uninit_buffer<T> panel;                              // mc×n per slot: a row panel of a product (written before read)
    std::vector<T> dm, zm, vnull, value;                 // per merge, <= n
    std::vector<T> sigma, delta, z, zhat, work;          // the secular problem, <= n (work: n per slot)
    std::vector<T> dl, el;                               // a leaf's (d, e)
    std::vector<unsigned char> type;                     // per merge
    std::vector<std::size_t> order, kept, deflated, phys, pos, final_order;
    std::vector<std::size_t> steps;                      // per slot: secular steps, the most for one root
    matrix<T> lu, lv;                                    // a leaf's U and V
    bidiagonal_qr_workspace<T> qr;                       // a leaf's rotation buffers
    gemm_workspace<T> gemm;                              // the merges' products (slot 0); threads/pool: the call's
    std::vector<gemm_workspace<T>> slot_gemm;            // slots 1…: the other threads' row panels
    /// With threads: the subtrees 1… of the parallel top levels (subtree 0 and the top merges use
    /// this workspace), and the plan of those levels.
    std::vector<bidiagonal_dc_workspace<T>> tasks;
    std::vector<dc_node> merges, subtrees;
    std::vector<bidiagonal_dc_stats> task_stats;

    std::size_t capacity_bytes() const noexcept {
        std::size_t b = bytes_of(panel) + bytes_of(qu) + bytes_of(qv) + bytes_of(type) + bytes_of(lu) + bytes_of(lv) +
                        qr.capacity_bytes() + gemm.capacity_bytes() + bytes_of(steps) + bytes_of(merges) +
                        bytes_of(subtrees) + bytes_of(task_stats);
        for (const auto* x : {&dm, &zm, &vnull, &value, &sigma, &delta, &z, &zhat, &work, &dl, &el}) b += bytes_of(*x);
        for (const auto* x : {&order, &kept, &deflated, &phys, &pos, &final_order}) b += bytes_of(*x);
        for (const auto& g : slot_gemm) b += g.capacity_bytes();
        for (const auto& t : tasks) b += t.capacity_bytes();
        return b;
    }
};

/// State shared by the recursion: the global factors, their leading dimension, the workspace, and
/// the threads a merge may split its own work over (1 inside a parallel subtree).
template <class T>
struct dc_state {
    std::vector<T>& d;
    std::vector<T>& e;
    T* U;  // n×n, leading dimension ld
    T* V;
    std::size_t ld;
    std::size_t leaf_size;
    std::size_t max_secular_iterations;
    bidiagonal_dc_workspace<T>& ws;  // qu: column permutations, then M̂'s left vectors; qv: δ_s − σ_j, then M̂'s right
    bidiagonal_dc_stats stats;
    unsigned threads = 1;
    thread_pool* pool = nullptr;

    /// f(c) for c < slots, on the pool when this merge may use threads. Each c writes only its own
    /// share, so which thread runs it never changes a bit.
    template <class F>
    void run(std::size_t slots, F&& f) const {
        if (slots > 1 && threads > 1)
            (pool != nullptr ? *pool : default_thread_pool()).parallel_for(slots, f);
        else
            for (std::size_t c = 0; c < slots; ++c) f(c);
    }
    /// How many slots to split `count` items into: one per thread when each slot gets at least `least`.
    std::size_t slots_for(std::size_t count, std::size_t least) const noexcept {
        return std::max<std::size_t>(1, std::min<std::size_t>(threads, count / least));
    }
};

/// [c·n/slots, (c+1)·n/slots): share c of n items.
inline std::size_t dc_share(std::size_t n, std::size_t c, std::size_t slots) noexcept { return n * c / slots; }

/// One merge's blocks of the global factors: U's N×N and V's Mv×Mv (Mv = N + sqre) diagonal blocks
/// at (lo, lo). Relative to lo, B₁ has rows 0…k−1, the joining row is k, B₂ has rows k+1…N−1.
template <class T>
struct dc_block {
    T* u;  // u[i + j·ld], i, j < N
    T* v;  // v[i + j·ld], i, j < Mv
    std::size_t ld, lo, N, k, sqre, Mv;
    T* ucol(std::size_t j) const noexcept { return u + j * ld; }
    T* vcol(std::size_t j) const noexcept { return v + j * ld; }
};

/// Where a column of a merge's U and V is nonzero (dlasd2's COLTYP): the null column (col0), rows
/// of B₁ only (top), both halves after a deflating rotation (mixed), rows of B₂ only (bottom).
struct dc_column {
    enum : unsigned char { col0 = 0, top = 1, mixed = 2, bottom = 3 };
};

/// How many kept columns of each kind follow column 0 in the physical order (dlasd2's CTOT).
struct dc_groups {
    std::size_t top, mixed, bottom;
};

/// Merge step 1 (dlasd1, the start of dlasd2): the broken-arrow matrix M of the block, in "M order"
/// (column 0 the null column, 1…k from B₁, k+1…N−1 from B₂):
///     ws.dm = (0, σ(B₁), σ(B₂)),   ws.zm = (α·V₁(k, null), α·V₁(k, ·), β·V₂(0, ·)),
/// and when sqre = 1 the rotation G of the two null columns that moves β·V₂(0, null) into z₀.
/// U's and V's columns are put in the same order in place, and everything outside each column's
/// own half is set to zero, so the blocks are exactly diag(U₁, 1, U₂) and diag(V₁, V₂)·G.
template <class T>
void dc_form_arrow(dc_state<T>& st, const dc_block<T>& blk, T alpha, T beta) {
    const std::size_t N = blk.N, k = blk.k, Mv = blk.Mv;
    std::vector<T>& dm = st.ws.dm;
    std::vector<T>& zm = st.ws.zm;
    dm.assign(N, T(0));
    zm.assign(N, T(0));
    dm[0] = 0;
    zm[0] = alpha * blk.vcol(k)[k];
    for (std::size_t i = 1; i <= k; ++i) {
        dm[i] = st.d[blk.lo + i - 1];
        zm[i] = alpha * blk.vcol(i - 1)[k];
    }
    for (std::size_t i = k + 1; i < N; ++i) {
        dm[i] = st.d[blk.lo + i];
        zm[i] = beta * blk.vcol(i)[k + 1];
    }
    T cn = 1, sn = 0;  // rotation of the two null columns (sqre = 1)
    if (blk.sqre == 1) {
        const T zx = beta * blk.vcol(N)[k + 1];
        const T r = hypot2(zm[0], zx);
        if (r > T(0)) {
            cn = zm[0] / r;
            sn = zx / r;
        }
        zm[0] = r;
    }
    std::vector<T>& vnull = st.ws.vnull;
    vnull.assign(k + 1, T(0));
    std::copy(blk.vcol(k), blk.vcol(k) + k + 1, vnull.begin());
    for (std::size_t i = k; i-- > 0;) {
        std::copy(blk.ucol(i), blk.ucol(i) + k, blk.ucol(i + 1));
        std::fill(blk.ucol(i + 1) + k, blk.ucol(i + 1) + N, T(0));
        std::copy(blk.vcol(i), blk.vcol(i) + k + 1, blk.vcol(i + 1));
        std::fill(blk.vcol(i + 1) + k + 1, blk.vcol(i + 1) + Mv, T(0));
    }
    for (std::size_t i = k + 1; i < N; ++i) {
        std::fill(blk.ucol(i), blk.ucol(i) + k + 1, T(0));
        std::fill(blk.vcol(i), blk.vcol(i) + k + 1, T(0));
    }
    std::fill(blk.ucol(0), blk.ucol(0) + N, T(0));
    blk.ucol(0)[k] = T(1);
    for (std::size_t r = 0; r <= k; ++r) blk.vcol(0)[r] = cn * vnull[r];
    if (blk.sqre == 1) {
        for (std::size_t r = k + 1; r < Mv; ++r) {
            const T x = blk.vcol(N)[r];
            blk.vcol(0)[r] = sn * x;
            blk.vcol(N)[r] = cn * x;
        }
        for (std::size_t r = 0; r <= k; ++r) blk.vcol(N)[r] = -sn * vnull[r];
    } else {
        std::fill(blk.vcol(0) + k + 1, blk.vcol(0) + Mv, T(0));
    }
}

/// Merge step 2 (dlasd2, [1, §4]): deflation, with tol = 8·ε·max(max d_i, |α|, |β|), scanning
/// columns 1…N−1 of M by increasing d_i. |z_i| <= tol: z_i := 0, and d_i is a singular value with
/// unit vectors. d_i − d_prev <= tol (prev the last kept column): the rotation of columns prev, i
/// of U and V with c = z_i/r, s = z_prev/r, r = hypot(z_prev, z_i), gives z_i := r, z_prev := 0,
/// and column prev is deflated. Then z₀ >= tol and the smallest kept d_i >= tol/2.
/// Leaves the K columns of the secular problem in ws.kept (column 0 first, then by increasing d),
/// the others in ws.deflated, each column's dc_column kind in ws.type; returns K.
template <class T>
std::size_t dc_deflate(dc_state<T>& st, const dc_block<T>& blk, T alpha, T beta) {
    const std::size_t N = blk.N, k = blk.k;
    std::vector<T>& dm = st.ws.dm;
    std::vector<T>& zm = st.ws.zm;
    std::vector<unsigned char>& type = st.ws.type;
    type.assign(N, dc_column::col0);
    type[0] = dc_column::col0;
    for (std::size_t i = 1; i < N; ++i) type[i] = i <= k ? dc_column::top : dc_column::bottom;
    std::vector<std::size_t>& order = st.ws.order;
    order.resize(N - 1);
    std::iota(order.begin(), order.end(), std::size_t(1));
    // A stable order by increasing d (ties by index): std::sort with the tie-break gives the same
    // order as std::stable_sort without its temporary buffer.
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return dm[a] < dm[b] || (!(dm[b] < dm[a]) && a < b); });
    T dmax = 0;
    for (std::size_t i = 1; i < N; ++i) dmax = std::max(dmax, dm[i]);
    const T eps = std::numeric_limits<T>::epsilon();
    const T tol = T(8) * eps * std::max(dmax, std::max(std::abs(alpha), std::abs(beta)));
    std::vector<std::size_t>& kept = st.ws.kept;
    std::vector<std::size_t>& deflated = st.ws.deflated;
    kept.reserve(N);
    deflated.reserve(N);
    kept.assign(1, 0);
    deflated.clear();
    std::size_t prev = 0;  // last kept column from 1…N−1 (0: none yet)
    for (const std::size_t i : order) {
        if (std::abs(zm[i]) <= tol) {
            zm[i] = 0;
            deflated.push_back(i);
            continue;
        }
        if (prev != 0 && dm[i] - dm[prev] <= tol) {
            const T r = hypot2(zm[prev], zm[i]);
            const T c = zm[i] / r, s = zm[prev] / r;
            rotate(N, blk.ucol(i), blk.ucol(prev), c, s);
            rotate(blk.Mv, blk.vcol(i), blk.vcol(prev), c, s);
            zm[i] = r;
            zm[prev] = 0;
            if (type[i] != type[prev]) type[i] = dc_column::mixed;
            kept.back() = i;
            deflated.push_back(prev);
        } else {
            kept.push_back(i);
        }
        prev = i;
    }
    const std::size_t K = kept.size();
    ++st.stats.merges;
    st.stats.roots += K;
    st.stats.deflated += N - K;
    if (std::abs(zm[0]) <= tol) zm[0] = tol;
    if (K >= 2 && dm[kept[1]] <= tol / T(2)) dm[kept[1]] = tol / T(2);
    return K;
}

/// Merge step 3 (the end of dlasd2): the physical order of the columns, ws.phys: column 0, the kept
/// columns grouped top / mixed / bottom (each group by increasing d), then the deflated ones;
/// ws.pos[i] is the place of M column i. U's and V's columns are permuted to it (through ws.qu,
/// free until dc_arrow_vectors),
/// so that each product of step 7 reads one contiguous run of columns. Returns the group sizes.
template <class T>
dc_groups dc_group_columns(dc_state<T>& st, const dc_block<T>& blk, std::size_t K) {
    const std::size_t N = blk.N, Mv = blk.Mv;
    const std::vector<std::size_t>& kept = st.ws.kept;
    std::vector<std::size_t>& phys = st.ws.phys;
    phys.reserve(N);
    phys.assign(1, 0);
    std::size_t count[4] = {1, 0, 0, 0};
    for (unsigned char t = dc_column::top; t <= dc_column::bottom; ++t)
        for (std::size_t s = 1; s < K; ++s)
            if (st.ws.type[kept[s]] == t) {
                phys.push_back(kept[s]);
                ++count[t];
            }
    for (const std::size_t i : st.ws.deflated) phys.push_back(i);
    std::vector<std::size_t>& pos = st.ws.pos;
    pos.resize(N);
    for (std::size_t p = 0; p < N; ++p) pos[phys[p]] = p;
    T* out = st.ws.qu.data();
    // Column copies, a share of the columns per slot: gather into qu, then back.
    const std::size_t slots = st.slots_for(N, 128);
    auto copies = [&](auto copy) { st.run(slots, [&](std::size_t c) {
        for (std::size_t p = dc_share(N, c, slots); p < dc_share(N, c + 1, slots); ++p) copy(p);
    }); };
    copies([&](std::size_t p) { std::copy(blk.ucol(phys[p]), blk.ucol(phys[p]) + N, out + p * N); });
    copies([&](std::size_t p) { std::copy(out + p * N, out + p * N + N, blk.ucol(p)); });
    copies([&](std::size_t p) { std::copy(blk.vcol(phys[p]), blk.vcol(phys[p]) + Mv, out + p * Mv); });
    copies([&](std::size_t p) { std::copy(out + p * Mv, out + p * Mv + Mv, blk.vcol(p)); });
    return {count[dc_column::top], count[dc_column::mixed], count[dc_column::bottom]};
}

/// Merge step 4 (dlasd8's calls of dlasd4, [1, §3]), K >= 2: the kept columns scaled by 2^−ex, a
/// power of two near their largest entry (exact), δ_s = d_{kept[s]}·2^−ex, z_s = z_{kept[s]}·2^−ex,
/// ρ = Σ z_s²; then every root σ_j (ws.sigma, still scaled) of f(σ) = 1 + Σ_s z_s²/(δ_s² − σ²) by
/// secular_root(), with the differences δ_s − σ_j in column j of qv (K×K). Returns ex.
template <class T>
int dc_secular_roots(dc_state<T>& st, std::size_t K) {
    const std::vector<std::size_t>& kept = st.ws.kept;
    const std::vector<T>& dm = st.ws.dm;
    const std::vector<T>& zm = st.ws.zm;
    T scale_max = 0;
    for (const std::size_t i : kept) scale_max = std::max(scale_max, std::max(dm[i], std::abs(zm[i])));
    int ex = 0;
    std::frexp(scale_max, &ex);
    std::vector<T>& delta = st.ws.delta;
    std::vector<T>& z = st.ws.z;
    std::vector<T>& sigma = st.ws.sigma;
    std::vector<T>& work = st.ws.work;
    // The roots are independent of each other: a share of them per slot, each slot with its own
    // K values of scratch and its own step counts (Tisseur & Dongarra's parallel merge [3]).
    const std::size_t slots = st.slots_for(K, 128);
    delta.resize(K);
    z.resize(K);
    sigma.resize(K);
    work.resize(K * slots);
    st.ws.steps.assign(2 * slots, 0);
    T rho = 0;
    for (std::size_t s = 0; s < K; ++s) {
        delta[s] = std::ldexp(dm[kept[s]], -ex);
        z[s] = std::ldexp(zm[kept[s]], -ex);
        rho += z[s] * z[s];
    }
    delta[0] = 0;
    T* qv = st.ws.qv.data();
    std::size_t* count = st.ws.steps.data();
    st.run(slots, [&](std::size_t c) {
        for (std::size_t j = dc_share(K, c, slots); j < dc_share(K, c + 1, slots); ++j) {
            std::size_t steps = 0;
            sigma[j] = secular_root(K, delta.data(), z.data(), rho, j, qv + j * K, work.data() + c * K,
                                    st.max_secular_iterations, &steps);
            count[2 * c] += steps;
            count[2 * c + 1] = std::max(count[2 * c + 1], steps);
        }
    });
    for (std::size_t c = 0; c < slots; ++c) {
        st.stats.secular_steps += count[2 * c];
        st.stats.max_secular_steps = std::max(st.stats.max_secular_steps, count[2 * c + 1]);
    }
    return ex;
}

/// Merge step 5 (dlasd8, [1, §3.3]): Löwner's ẑ, for which the computed σ_j are the exact singular
/// values of the arrow matrix with diagonal δ and first row ẑ:
///     ẑ_i² = (σ_{K−1}² − δ_i²)·Π_{j<i} (σ_j² − δ_i²)/(δ_j² − δ_i²)·Π_{i<=j<K−1} (σ_j² − δ_i²)/(δ_{j+1}² − δ_i²),
/// with the sign of z_i; every factor σ_j² − δ_i² = −(δ_i − σ_j)·(δ_i + σ_j) is built from the
/// stored difference (qv), so ẑ has full relative accuracy. Into ws.zhat.
template <class T>
void dc_loewner_zhat(dc_state<T>& st, std::size_t K) {
    const T* qv = st.ws.qv.data();
    const std::vector<T>& delta = st.ws.delta;
    const std::vector<T>& sigma = st.ws.sigma;
    const std::vector<T>& z = st.ws.z;
    std::vector<T>& zhat = st.ws.zhat;
    zhat.resize(K);
    // The loops run over j outside and i inside: each ẑ_i² still takes its factors in the order
    // j = 0, 1, …, but the K products advance side by side (vectorizable, contiguous in qv)
    // instead of one chain of dependent divisions after another.
    // Each slot takes a share of the i (its ẑ_i see the same factors in the same order).
    const std::size_t slots = st.slots_for(K, 256);
    st.run(slots, [&](std::size_t c) {
        const std::size_t i0 = dc_share(K, c, slots), i1 = dc_share(K, c + 1, slots);
        for (std::size_t i = i0; i < i1; ++i) zhat[i] = -qv[i + (K - 1) * K] * (delta[i] + sigma[K - 1]);  // σ_{K−1}² − δ_i²
        for (std::size_t j = 0; j + 1 < K; ++j) {
            const T* dif_j = qv + j * K;
            const T sj = sigma[j], d0 = delta[j], d1 = delta[j + 1];
            for (std::size_t i = i0; i <= j && i < i1; ++i)  // j >= i: the pole δ_{j+1}
                zhat[i] *= (dif_j[i] * (delta[i] + sj)) / ((delta[i] - d1) * (delta[i] + d1));
            for (std::size_t i = std::max(j + 1, i0); i < i1; ++i)  // j < i: the pole δ_j
                zhat[i] *= (dif_j[i] * (delta[i] + sj)) / ((delta[i] - d0) * (delta[i] + d0));
        }
        for (std::size_t i = i0; i < i1; ++i) zhat[i] = sign(std::sqrt(std::abs(zhat[i])), z[i]);
    });
}

/// Merge step 6 (dlasd8/dlasd3, [1, §3.3]): the singular vectors of M̂ (first row ẑ), from
/// M̂·v = σ·u, M̂ᵀ·u = σ·v:
///     v_j ∝ ( ẑ_s/(δ_s² − σ_j²) )_s,    u_j ∝ ( −1, δ_s·ẑ_s/(δ_s² − σ_j²) )_{s>=1},
/// orthonormal to working precision because ẑ is exact for the computed σ. Column j of qv (which
/// held δ_s − σ_j) and qu receive them, rows in the physical order of step 3; σ_j is scaled back
/// by 2^ex.
template <class T>
void dc_arrow_vectors(dc_state<T>& st, std::size_t K, int ex) {
    const std::vector<T>& delta = st.ws.delta;
    const std::vector<T>& zhat = st.ws.zhat;
    const std::vector<std::size_t>& kept = st.ws.kept;
    const std::vector<std::size_t>& pos = st.ws.pos;
    std::vector<T>& sigma = st.ws.sigma;
    T* qu = st.ws.qu.data();
    T* qv = st.ws.qv.data();
    // Column j needs only column j: a share of the columns per slot, with K values of scratch
    // each (as many slots as dc_secular_roots sized ws.work for).
    const std::size_t slots = st.slots_for(K, 128);
    st.run(slots, [&](std::size_t c) {
    T* work = st.ws.work.data() + c * K;
    for (std::size_t j = dc_share(K, c, slots); j < dc_share(K, c + 1, slots); ++j) {
        T* vj = qv + j * K;  // holds δ_s − σ_j on entry
        for (std::size_t s = 0; s < K; ++s) work[s] = zhat[s] / (vj[s] * (delta[s] + sigma[j]));  // ẑ_s/(δ_s² − σ_j²)
        T nv = 0, nu = 1;
        for (std::size_t s = 0; s < K; ++s) {
            nv += work[s] * work[s];
            if (s > 0) nu += (delta[s] * work[s]) * (delta[s] * work[s]);
        }
        nv = std::sqrt(nv);
        nu = std::sqrt(nu);
        T* uj = qu + j * K;
        for (std::size_t s = 0; s < K; ++s) {
            const std::size_t p = pos[kept[s]];
            vj[p] = work[s] / nv;
            uj[p] = s == 0 ? T(-1) / nu : delta[s] * work[s] / nu;
        }
        sigma[j] = std::ldexp(sigma[j], ex);
    }
    });
}

/// Rows [r0, r1) of a factor block x (N columns) replaced in place, a row panel at a time, by [their
/// product with Q (K columns; product(a, rows, P, ldp) puts rows a… of it in P), their deflated
/// columns K…N−1] in ws.final_order. A new row depends on its old row only, so an mc-row panel does
/// for dlasd3's n×n copies (U2, VT2); a gemm on fewer rows gives each entry the same bits.
template <class T, class Product>
void dc_rows_in_place(dc_state<T>& st, T* x, std::size_t ld, std::size_t r0, std::size_t r1, std::size_t N,
                      std::size_t K, Product product) {
    constexpr std::size_t rb = gemm_blocking<T>::mc, mr = gemm_blocking<T>::mr;
    const std::vector<std::size_t>& order = st.ws.final_order;
    // With threads, a share of the rows (whole micro-panels) per slot, each slot with its own
    // panel and packing buffers: the rows are independent, and so is every slot's copy-back.
    const std::size_t rows = r1 - r0, micro = (rows + mr - 1) / mr;
    const std::size_t slots = rows * K * K >= 2 * gemm_parallel_min_work ? st.slots_for(micro, 2) : 1;
    st.run(slots, [&](std::size_t c) {
        T* P = st.ws.panel.data() + c * rb * N;
        gemm_workspace<T>* gw = c == 0 ? &st.ws.gemm : &st.ws.slot_gemm[c - 1];
        const std::size_t end = r0 + std::min(rows, dc_share(micro, c + 1, slots) * mr);
        for (std::size_t a = r0 + std::min(rows, dc_share(micro, c, slots) * mr); a < end; a += rb) {
            const std::size_t h = std::min(rb, end - a);
            product(a, h, P, h, gw);
            for (std::size_t p = K; p < N; ++p) std::copy(x + a + p * ld, x + a + p * ld + h, P + p * h);
            for (std::size_t f = 0; f < N; ++f) std::copy(P + order[f] * h, P + order[f] * h + h, x + a + f * ld);
        }
    });
}

/// Merge step 7 (dlasd3): the block's new factors, U·Q_u and V·Q_v with Q the K×K vectors of M̂
/// (qu, qv) on the kept columns and the identity on the deflated ones, then every column sorted by
/// its value, descending, and the values into d. Each half of U and V is multiplied only by the
/// rows of Q that can touch it: U's rows 0…k−1 by the top and mixed columns, row k by column 0
/// (e_k), rows k+1…N−1 by the mixed and bottom columns; V likewise, with column 0 in the top half
/// (and, when sqre = 1, in the bottom half too: a rank-1 term). About half a dense product's flops.
template <class T>
void dc_update_factors(dc_state<T>& st, const dc_block<T>& blk, std::size_t K, dc_groups g) {
    const std::size_t ld = blk.ld, N = blk.N, k = blk.k, Mv = blk.Mv;
    const std::size_t ct = g.top, cm = g.mixed, cb = g.bottom;
    const T* qu = st.ws.qu.data();
    const T* qv = st.ws.qv.data();
    // The final order: every value, descending; roots are columns 0…K−1 of the product, deflated ones after.
    std::vector<std::size_t>& final_order = st.ws.final_order;
    final_order.resize(N);
    std::iota(final_order.begin(), final_order.end(), std::size_t(0));
    std::vector<T>& value = st.ws.value;
    value.resize(N);
    for (std::size_t j = 0; j < K; ++j) value[j] = st.ws.sigma[j];
    for (std::size_t p = K; p < N; ++p) value[p] = st.ws.dm[st.ws.phys[p]];
    std::sort(final_order.begin(), final_order.end(), [&](std::size_t a, std::size_t b) {
        return value[a] > value[b] || (!(value[b] > value[a]) && a < b);  // stable: ties by index
    });
    T *u = blk.ucol(0), *v = blk.vcol(0);
    dc_rows_in_place(st, u, ld, 0, k, N, K, [&](std::size_t a, std::size_t h, T* P, std::size_t ldp, gemm_workspace<T>* gw) {
        gemm(false, false, h, K, ct + cm, T(1), blk.ucol(1) + a, ld, qu + 1, K, T(0), P, ldp, gw);
    });
    dc_rows_in_place(st, u, ld, k, k + 1, N, K, [&](std::size_t, std::size_t, T* P, std::size_t, gemm_workspace<T>*) {
        for (std::size_t j = 0; j < K; ++j) P[j] = qu[j * K];
    });
    dc_rows_in_place(st, u, ld, k + 1, N, N, K, [&](std::size_t a, std::size_t h, T* P, std::size_t ldp, gemm_workspace<T>* gw) {
        gemm(false, false, h, K, cm + cb, T(1), blk.ucol(1 + ct) + a, ld, qu + 1 + ct, K, T(0), P, ldp, gw);
    });
    dc_rows_in_place(st, v, ld, 0, k + 1, N, K, [&](std::size_t a, std::size_t h, T* P, std::size_t ldp, gemm_workspace<T>* gw) {
        gemm(false, false, h, K, 1 + ct + cm, T(1), v + a, ld, qv, K, T(0), P, ldp, gw);
    });
    dc_rows_in_place(st, v, ld, k + 1, Mv, N, K, [&](std::size_t a, std::size_t h, T* P, std::size_t ldp, gemm_workspace<T>* gw) {
        gemm(false, false, h, K, cm + cb, T(1), blk.vcol(1 + ct) + a, ld, qv + 1 + ct, K, T(0), P, ldp, gw);
        if (blk.sqre == 1)
            for (std::size_t j = 0; j < K; ++j) {
                const T q = qv[j * K];
                for (std::size_t r = 0; r < h; ++r) P[r + j * ldp] += v[a + r] * q;
            }
    });
    for (std::size_t f = 0; f < N; ++f) st.d[blk.lo + f] = value[final_order[f]];
}

/// Merge (dlasd1): B₁ (rows lo…lo+k−1) and B₂ (rows lo+k+1…lo+N−1) are solved in their diagonal
/// blocks of U and V; combine them with row lo+k (α = d[lo+k], β = e[lo+k]) into the SVD of the
/// whole block: arrow, deflation, grouping, secular roots, Löwner's ẑ, the arrow's vectors, products.
template <class T>
void dc_merge(dc_state<T>& st, std::size_t lo, std::size_t N, std::size_t k, std::size_t sqre) {
    const dc_block<T> blk{st.U + lo + lo * st.ld, st.V + lo + lo * st.ld, st.ld, lo, N, k, sqre, N + sqre};
    const T alpha = st.d[lo + k];
    const T beta = st.e[lo + k];
    dc_form_arrow(st, blk, alpha, beta);
    const std::size_t K = dc_deflate(st, blk, alpha, beta);
    const dc_groups groups = dc_group_columns(st, blk, K);
    if (K == 1) {
        // M̂ = [z₀]: σ = |z₀|, u = 1, v = sign(z₀).
        st.ws.sigma.assign(1, std::abs(st.ws.zm[0]));
        st.ws.qu[0] = T(1);
        st.ws.qv[0] = st.ws.zm[0] < T(0) ? T(-1) : T(1);
    } else {
        const int ex = dc_secular_roots(st, K);
        dc_loewner_zhat(st, K);
        dc_arrow_vectors(st, K, ex);
    }
    dc_update_factors(st, blk, K, groups);
}
}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_DC_MERGE_HPP
