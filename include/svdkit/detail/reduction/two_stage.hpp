// svdkit - the two-stage bidiagonalization A = Q·B·Pᵀ (values only): dense → band of bandwidth
// nb by Level-3 QR/LQ panels (band_reduction.hpp), then band → bidiagonal by bulge chasing
// (bulge_chasing.hpp).
//
// Why: the one-stage reduction (bidiagonalization.hpp, LAPACK dgebrd) spends half its 4mn² − 4n³/3
// flops in matrix-vector products with the whole trailing matrix, so it runs at memory speed for
// large n. Here stage 1 does the same flops in matrix products, and stage 2 adds about 8·nb·n²
// flops on a band that stays in cache ([1], [2]). It pays off above two_stage_crossover.
//
// Vectors are not offered yet. They would need, on each side:
//  - stage 1's reflectors kept: each QR panel's V below the diagonal and each LQ panel's V right
//    of the band (where they lie now, as the one-stage reduction keeps its own in r.a), with their
//    T or τ, and U ← Q₁·U', V ← P₁·V' applied panel by panel in WY form (dormbr-like, Level 3);
//  - stage 2's reflectors kept too: sweep i makes about 2(n−i)/nb of them, each of length ≤ nb,
//    so n²/2 entries per side, stored by sweep and step (LAPACK dsb2st_kernels/dgebrd2stage keep
//    them in a V array of that size with their τ);
//  - the back-transformation U' = Q₂·U_B, V' = P₂·V_B through them, in blocks: the reflectors of
//    consecutive sweeps at the same step k overlap in a staircase of rows c_k … c_k+2nb and
//    can be grouped into one WY block of nb reflectors ([2] §5, LAPACK dormtr-2stage logic), so
//    that it runs as matrix products and parallelizes over the columns of U_B. That is 2n³ more
//    flops per side for a square matrix, on top of Q₁'s 2n³: the vectors' part doubles, which is
//    why [2] and LAPACK find it worthwhile only with many cores or few vectors.
//
// References:
// [1] B. Großer, B. Lang, "Efficient parallel reduction to bidiagonal form", Parallel Computing 25
//     (1999).
// [2] H. Ltaief, P. Luszczek, J. Dongarra, "High-performance bidiagonal reduction using tile
//     algorithms on homogeneous multicore architectures", ACM TOMS 39(3) (2013).
// [3] A. Haidar, H. Ltaief, J. Dongarra, SC'11 and SIAM J. Sci. Comput. 35 (2013): the two-stage
//     symmetric reduction this mirrors.
// [4] LAPACK 3.7 dgesvd2stage / dgebrd2stage.
#ifndef SVDKIT_DETAIL_REDUCTION_TWO_STAGE_HPP
#define SVDKIT_DETAIL_REDUCTION_TWO_STAGE_HPP

#include <cstddef>  // std::size_t

#include "band_reduction.hpp"
#include "bidiagonalization.hpp"
#include "bulge_chasing.hpp"
#include "householder.hpp"
#include "../../matrix.hpp"

namespace svdkit {
namespace detail {

/// Bandwidth nb of the two-stage reduction, and the N (columns of the working matrix, after the
/// QR of a tall input) from which singular_values() and svd(none, none) use it. Measured
/// (bench/two_stage_bench.cpp, double, 1 thread; bench/README.md): nb = 24…48 give the same stage
/// 1 within noise at n = 1024 and 2048, and stage 2 grows with nb (20 ms at 32, 40 at 64 for
/// n = 1024). Values only, two-stage ÷ one-stage: 1.23 at n = 128, 1.21 at 192, 1.05 at 256,
/// 1.00 at 384, 0.91 at 512, 0.91 at 1024, 0.60 at 2048.
constexpr std::size_t two_stage_band = 32;
constexpr std::size_t two_stage_crossover = 384;

/// Scratch of bidiagonalize_two_stage.
template <class T>
struct two_stage_workspace {
    band_reduction_workspace<T> stage1;
    band_storage<T> stage2;

    std::size_t capacity_bytes() const noexcept { return stage1.capacity_bytes() + stage2.capacity_bytes(); }
};

/// The bidiagonal (r.d, r.e) of r.a (m×n, m >= n; overwritten) by the two stages, bandwidth nb
/// (clamped to [1, n]). r.tauq and r.taup are left empty: no Q or P can be formed from this
/// reduction. Both stages use hh.gemm's thread count and pool: stage 1 its products, stage 2 the
/// pipelined sweeps (bulge_chasing.hpp); the bits are the same for any count.
template <class T>
void bidiagonalize_two_stage(bidiagonal_reduction<T>& r, two_stage_workspace<T>& ws, householder_workspace<T>& hh,
                             std::size_t nb = two_stage_band) {
    const std::size_t n = r.a.cols();
    r.tauq.clear();
    r.taup.clear();
    if (nb > n) nb = n;
    if (nb == 0) nb = 1;
    // step 1: dense → band ([1], [2] §3).
    reduce_to_band(r.a, nb, ws.stage1, hh);
    // step 2: band → bidiagonal ([2] §4).
    load_band(r.a, n, nb, ws.stage2);
    chase_bulges(ws.stage2, r.d, r.e, hh.gemm.threads, hh.gemm.pool);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_REDUCTION_TWO_STAGE_HPP
