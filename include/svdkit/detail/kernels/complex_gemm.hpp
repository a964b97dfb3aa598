// svdkit::detail - products of complex matrices: C = β·C + α·op(A)·op(B) with op ∈ {none,
// transpose, adjoint}, on column-major arrays of std::complex<R> (interleaved, as std::complex
// stores it).
//
// The blocking is the real kernel's (gemm.hpp, after Goto and van de Geijn [1] and BLIS [2]): NC
// panels of C, KC-deep slices of op(B) packed into NR-wide micro-panels, MC×KC blocks of op(A)
// into MR-tall ones, an MR×NR register block. What is complex is the packing and the
// micro-kernel:
// - Packing absorbs op, the conjugation included: an adjoint operand is packed with its imaginary
//   parts negated, so the micro-kernel only ever computes a plain product.
// - Packing splits the planes [3]: per step p, a micro-panel holds MR real parts, then MR
//   imaginary parts (B: NR and NR). Every vector lane then holds a real number of one plane, and
//   the micro-kernel is the real one's with two accumulators per entry of C:
//       Re += aᵣbᵣ − aᵢbᵢ,   Im += aᵣbᵢ + aᵢbᵣ      (4M: four real FMAs per complex multiply-add).
//   No shuffles in the inner loop; the interleaving back to std::complex happens once per KC slice.
// - The 3M method [3, 4] (Re = aᵣbᵣ − aᵢbᵢ, Im = (aᵣ+aᵢ)(bᵣ+bᵢ) − aᵣbᵣ − aᵢbᵢ: three real
//   products, a third packed plane of sums) is here too, as complex_gemm_3m, but complex_gemm is
//   4M, for two reasons. Accuracy: 3M's imaginary part is a difference of sums that can cancel, so
//   its error is bounded only by ε·(|Aᵣ|+|Aᵢ|)(|Bᵣ|+|Bᵢ|) [4], not by ε·(|Aᵣ||Bᵢ| + |Aᵢ||Bᵣ|) as
//   4M's is: an imaginary part much smaller than the real one loses its relative accuracy. Speed:
//   measured on one core (bench/README.md, "Complex products (issue 21)") 3M took 0.90–1.16× 4M's
//   time; its three accumulators and three broadcasts per column and its third packed plane eat
//   the quarter of the FMAs it saves.
//
// The order of the additions depends only on the shapes, never on the thread count: threads take
// whole NR-wide column blocks of C, and each entry sees the same operations in the same order.
//
// References:
// [1] K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34
//     (2008).
// [2] F. Van Zee, R. van de Geijn, "BLIS: a framework for rapidly instantiating BLAS
//     functionality", ACM TOMS 41 (2015).
// [3] F. Van Zee, T. Smith, "Implementing high-performance complex matrix multiplication via the
//     3m and 4m methods", ACM TOMS 44 (2017).
// [4] N. J. Higham, "Stability of a method for multiplying complex matrices with three real
//     matrix multiplications", SIAM J. Matrix Anal. Appl. 13 (1992).
#ifndef SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP
#define SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP

#include <algorithm>  // std::fill, std::min, std::max
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcpy
#include <vector>     // std::vector

#include "../../matrix.hpp"  // is_complex, real_type_t
#include "gemm.hpp"          // grow_pack, gemm_parallel_min_work, SVDKIT_HAS_VECTOR_EXTENSIONS

namespace svdkit {
namespace detail {

/// x·y without the Annex G special cases (finite inputs are all svdkit ever multiplies here).
template <class R>
inline std::complex<R> cmul(std::complex<R> x, std::complex<R> y) noexcept {
    return {x.real() * y.real() - x.imag() * y.imag(), x.real() * y.imag() + x.imag() * y.real()};
}

/// conj(x)·y, the term of a Hermitian inner product.
template <class R>
inline std::complex<R> cmul_conj(std::complex<R> x, std::complex<R> y) noexcept {
    return {x.real() * y.real() + x.imag() * y.imag(), x.real() * y.imag() - x.imag() * y.real()};
}

/// Which operator a product applies to a stored operand: as stored, transposed, or conjugate
/// transposed (the adjoint Aᴴ).
enum class gemm_op { none, transpose, adjoint };

/// Packing buffers and thread count of complex_gemm, reused across calls (as gemm_workspace).
template <class R>
struct complex_gemm_workspace {
    unsigned threads = 1;
    thread_pool* pool = nullptr;  ///< runs the tasks; nullptr: default_thread_pool()
    std::vector<std::vector<R>> pack;  ///< 2 buffers per thread: A's micro-panels, then B's

    std::size_t capacity_bytes() const noexcept {
        std::size_t b = 0;
        for (const auto& p : pack) b += p.capacity() * sizeof(R);
        return b;
    }
};

/// Element (i, j) of op(A), A column-major with leading dimension lda.
template <class R>
inline std::complex<R> op_element(gemm_op op, const std::complex<R>* A, std::size_t lda, std::size_t i,
                                  std::size_t j) noexcept {
    switch (op) {
        case gemm_op::none: return A[i + j * lda];
        case gemm_op::transpose: return A[j + i * lda];
        default: return std::conj(A[j + i * lda]);
    }
}

/// Register-block shape and cache-block sizes of the complex kernel, per real type R and per
/// method (Planes = 2: 4M; 3: 3M). Each entry of the register block needs 2 accumulators (4M) or
/// 3 (3M); the block is sized to the vector registers there are (32 with AVX-512, 16 otherwise).
template <class R, std::size_t Planes = 2>
struct complex_gemm_blocking {
#if defined(__AVX512F__)
    // 512-bit vectors: measured 1.3–1.7× the GFLOP/s of 256-bit ones (MV = 2, NR = 6) on the AVX-512
    // EPYC of bench/README.md, where 512-bit FMAs have the 256-bit ones' throughput per instruction.
    static constexpr std::size_t vector_bytes = 64;
    static constexpr std::size_t registers = 32;
#elif defined(__AVX__)
    static constexpr std::size_t vector_bytes = 32;
    static constexpr std::size_t registers = 16;
#else
    static constexpr std::size_t vector_bytes = 16;
    static constexpr std::size_t registers = 16;
#endif
    static constexpr std::size_t lanes = vector_bytes / sizeof(R) > 0 ? vector_bytes / sizeof(R) : 1;
    // MV vectors per column of the register block and NR columns, so that the accumulators
    // (MV·NR·2 for 4M, ·3 for 3M) plus MV·Planes vectors of A and the broadcasts of B fit the
    // registers: 4M 1·6·2 + 2 = 14 (+ 2 broadcasts), of 32 or of 16; 3M 1·8·3 + 3 = 27 of 32, or
    // 1·4·3 + 3 = 15 of 16. Measured on one core: AVX-512, MV = 2 with NR = 4 alike and with NR = 6
    // no faster; AVX2 (-mavx2 -mfma), NR = 4 was 1.12–1.24× zgemm's time, NR = 6 1.06–1.12×, and
    // MV = 2, NR = 3 (fewer broadcasts, same 16 registers) 1.1–1.5×.
    static constexpr std::size_t mv = 1;
    static constexpr std::size_t mr = mv * lanes;
    static constexpr std::size_t nr = Planes == 2 ? 6 : (registers >= 32 ? 8 : 4);
    // A packed KC×NR micro-panel of B (Planes·KC·NR reals, 24 KB for double AVX-512) stays in L1;
    // an MC×KC block of A, 2·MC·KC reals (384 KB), in L2.
    static constexpr std::size_t kc = 256;
    static constexpr std::size_t mc =
        (96 * 8 / sizeof(R)) / mr * mr > mr ? (96 * 8 / sizeof(R)) / mr * mr : mr;
    static constexpr std::size_t nc = 3072;
};

/// acc = Σ_p a_p·b_pᵀ over kc packed steps (complex, split planes); then C += α·acc, C
/// interleaved (R* over std::complex<R>, ldc in complex entries). Portable fallback and the path
/// of long double.
template <class R, std::size_t MR, std::size_t NR, std::size_t Planes>
inline void complex_micro_kernel_generic(std::size_t kc, const R* a, const R* b, R* c, std::size_t ldc, R alpha_r,
                                         R alpha_i) noexcept {
    R acc_r[NR][MR] = {}, acc_i[NR][MR] = {}, acc_s[NR][MR] = {};
    for (std::size_t p = 0; p < kc; ++p) {
        const R* ar = a + p * Planes * MR;
        const R* br = b + p * Planes * NR;
        for (std::size_t j = 0; j < NR; ++j)
            for (std::size_t i = 0; i < MR; ++i) {
                if constexpr (Planes == 2) {
                    acc_r[j][i] += ar[i] * br[j];
                    acc_r[j][i] -= ar[MR + i] * br[NR + j];
                    acc_i[j][i] += ar[i] * br[NR + j];
                    acc_i[j][i] += ar[MR + i] * br[j];
                } else {
                    acc_r[j][i] += ar[i] * br[j];
                    acc_i[j][i] += ar[MR + i] * br[NR + j];
                    acc_s[j][i] += ar[2 * MR + i] * br[2 * NR + j];
                }
            }
    }
    for (std::size_t j = 0; j < NR; ++j)
        for (std::size_t i = 0; i < MR; ++i) {
            R re = acc_r[j][i], im = acc_i[j][i];
            if constexpr (Planes == 3) re = acc_r[j][i] - acc_i[j][i], im = acc_s[j][i] - acc_r[j][i] - acc_i[j][i];
            R* cij = c + 2 * (i + j * ldc);
            cij[0] += alpha_r * re - alpha_i * im;
            cij[1] += alpha_r * im + alpha_i * re;
        }
}

#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
/// The same with MV vectors per plane and column of the register block (GCC/Clang extension).
/// Loops over the block are unrolled by pragma so that the accumulators stay in registers (see
/// micro_kernel_vector in gemm.hpp). The finish goes through a small split-form array: GCC turns
/// the interleaving loop into unpack instructions, once per KC slice.
template <class R, std::size_t MV, std::size_t MR, std::size_t NR, std::size_t Planes>
inline void complex_micro_kernel_vector(std::size_t kc, const R* a, const R* b, R* c, std::size_t ldc, R alpha_r,
                                        R alpha_i) noexcept {
    constexpr std::size_t L = MR / MV;
    typedef R vec __attribute__((vector_size(L * sizeof(R))));
    vec acc_r[NR][MV], acc_i[NR][MV], acc_s[NR][Planes == 3 ? MV : 1];
#pragma GCC unroll 16
    for (std::size_t j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) {
            acc_r[j][v] = vec{};
            acc_i[j][v] = vec{};
            if constexpr (Planes == 3) acc_s[j][v] = vec{};
        }
    for (std::size_t p = 0; p < kc; ++p) {
        const R* ap = a + p * Planes * MR;
        const R* bp = b + p * Planes * NR;
        vec ar[MV], ai[MV], as[Planes == 3 ? MV : 1];
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) {
            std::memcpy(&ar[v], ap + v * L, sizeof(vec));
            std::memcpy(&ai[v], ap + MR + v * L, sizeof(vec));
            if constexpr (Planes == 3) std::memcpy(&as[v], ap + 2 * MR + v * L, sizeof(vec));
        }
#pragma GCC unroll 16
        for (std::size_t j = 0; j < NR; ++j) {
            const R br = bp[j], bi = bp[NR + j];
#pragma GCC unroll 4
            for (std::size_t v = 0; v < MV; ++v) {
                if constexpr (Planes == 2) {
                    acc_r[j][v] += ar[v] * br;
                    acc_r[j][v] -= ai[v] * bi;
                    acc_i[j][v] += ar[v] * bi;
                    acc_i[j][v] += ai[v] * br;
                } else {
                    acc_r[j][v] += ar[v] * br;
                    acc_i[j][v] += ai[v] * bi;
                    acc_s[j][v] += as[v] * bp[2 * NR + j];
                }
            }
        }
    }
#pragma GCC unroll 16
    for (std::size_t j = 0; j < NR; ++j) {
        R tr[MR], ti[MR];
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) {
            vec re = acc_r[j][v], im = acc_i[j][v];
            if constexpr (Planes == 3) re = acc_r[j][v] - acc_i[j][v], im = acc_s[j][v] - acc_r[j][v] - acc_i[j][v];
            const vec t_r = alpha_r * re - alpha_i * im;
            const vec t_i = alpha_r * im + alpha_i * re;
            std::memcpy(tr + v * L, &t_r, sizeof(vec));
            std::memcpy(ti + v * L, &t_i, sizeof(vec));
        }
        R* cj = c + 2 * j * ldc;
        for (std::size_t i = 0; i < MR; ++i) {
            cj[2 * i] += tr[i];
            cj[2 * i + 1] += ti[i];
        }
    }
}
#endif

template <class R, std::size_t MV, std::size_t MR, std::size_t NR, std::size_t Planes>
inline void complex_micro_kernel(std::size_t kc, const R* a, const R* b, R* c, std::size_t ldc, R alpha_r,
                                 R alpha_i) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(R) == 4 || sizeof(R) == 8) {
        complex_micro_kernel_vector<R, MV, MR, NR, Planes>(kc, a, b, c, ldc, alpha_r, alpha_i);
        return;
    }
#endif
    complex_micro_kernel_generic<R, MR, NR, Planes>(kc, a, b, c, ldc, alpha_r, alpha_i);
}

/// Sizes (in reals) of the packing buffers for an m×n×k product.
template <class R, std::size_t Planes>
std::size_t complex_gemm_pack_size_a(std::size_t m, std::size_t k) noexcept {
    using blk = complex_gemm_blocking<R, Planes>;
    return Planes * std::min(blk::mc, (m + blk::mr - 1) / blk::mr * blk::mr) * std::min(blk::kc, k);
}
template <class R, std::size_t Planes>
std::size_t complex_gemm_pack_size_b(std::size_t n, std::size_t k) noexcept {
    using blk = complex_gemm_blocking<R, Planes>;
    return Planes * std::min(blk::nc, (n + blk::nr - 1) / blk::nr * blk::nr) * std::min(blk::kc, k);
}

/// Packs rows [i0, i0 + w) × steps [p0, p0 + kc) of op(X) (X = A, rows of op(A) are i; or X = B
/// read as op(B)ᵀ, i being columns of op(B)) into one W-wide split micro-panel: per step p, W real
/// parts, W imaginary parts (and with Planes = 3, W sums). Rows past w are zeros.
/// `trans` says whether element (i, p) is stored at X[p + i·ld] (else X[i + p·ld]).
template <class R, std::size_t W, std::size_t Planes>
void complex_pack_panel(bool trans, bool conj, const std::complex<R>* X, std::size_t ld, std::size_t i0,
                        std::size_t w, std::size_t p0, std::size_t kc, R* dst) {
    const R s = conj ? R(-1) : R(1);
    auto put = [&](R* d, std::size_t i, std::complex<R> x) {
        d[i] = x.real();
        d[W + i] = s * x.imag();
        if constexpr (Planes == 3) d[2 * W + i] = x.real() + s * x.imag();
    };
    constexpr std::size_t step = Planes * W;
    // Full panels read X along its columns (contiguous), whichever way the panel runs through it:
    // a gather across W columns per step p made packing a tenth of a k = 32 product.
    if (w == W && trans) {
        for (std::size_t i = 0; i < W; ++i) {
            const std::complex<R>* src = X + p0 + (i0 + i) * ld;
            for (std::size_t p = 0; p < kc; ++p) put(dst + p * step, i, src[p]);
        }
    } else if (w == W) {
        for (std::size_t p = 0; p < kc; ++p) {
            const std::complex<R>* src = X + i0 + (p0 + p) * ld;
            for (std::size_t i = 0; i < W; ++i) put(dst + p * step, i, src[i]);
        }
    } else {
        for (std::size_t p = 0; p < kc; ++p)
            for (std::size_t i = 0; i < W; ++i)
                put(dst + p * step, i, i < w ? (trans ? X[(p0 + p) + (i0 + i) * ld] : X[(i0 + i) + (p0 + p) * ld])
                                             : std::complex<R>{});
    }
}

/// complex_gemm restricted to the columns [j0, j1) of op(B) and C, with the given packing buffers.
/// Each entry of C sees the same sequence of operations whatever the column range, so splitting
/// the columns over threads gives the same bits as one call.
template <class R, std::size_t Planes>
void complex_gemm_columns(gemm_op opa, gemm_op opb, std::size_t m, std::size_t j0, std::size_t j1, std::size_t k,
                          std::complex<R> alpha, const std::complex<R>* A, std::size_t lda,
                          const std::complex<R>* B, std::size_t ldb, std::complex<R> beta, std::complex<R>* C,
                          std::size_t ldc, std::vector<R>& apack, std::vector<R>& bpack) {
    const std::size_t n = j1 - j0;
    if (m == 0 || n == 0) return;
    const bool tb = opb != gemm_op::none;
    B += tb ? j0 : j0 * ldb;
    C += j0 * ldc;
    const R zero(0), one(1);
    if (!(beta.real() == one && beta.imag() == zero))
        for (std::size_t j = 0; j < n; ++j) {
            std::complex<R>* cj = C + j * ldc;
            if (beta.real() == zero && beta.imag() == zero)
                std::fill(cj, cj + m, std::complex<R>{});  // β = 0 overwrites, NaN included
            else
                for (std::size_t i = 0; i < m; ++i) cj[i] = cmul(beta, cj[i]);
        }
    if (k == 0 || (alpha.real() == zero && alpha.imag() == zero)) return;
    using blk = complex_gemm_blocking<R, Planes>;
    constexpr std::size_t MV = blk::mv, MR = blk::mr, NR = blk::nr;
    const std::size_t KC = blk::kc, MC = blk::mc, NC = blk::nc;
    // op(A)(i, p) is stored at A[p + i·lda] when A is transposed; op(B)(p, j), read as the
    // panel's row j, at B[p + j·ldb] when B is NOT transposed.
    const bool ta = opa != gemm_op::none, ca = opa == gemm_op::adjoint, cb = opb == gemm_op::adjoint;
    grow_pack(apack, complex_gemm_pack_size_a<R, Planes>(m, k));
    grow_pack(bpack, complex_gemm_pack_size_b<R, Planes>(n, k));
    R edge[2 * MR * NR];
    R* const c_reals = reinterpret_cast<R*>(C);  // std::complex<R> is array-of-2-R ([complex.numbers])
    for (std::size_t jc = 0; jc < n; jc += NC) {
        const std::size_t nc = std::min(NC, n - jc);
        for (std::size_t pc = 0; pc < k; pc += KC) {
            const std::size_t kc = std::min(KC, k - pc);
            for (std::size_t jr = 0; jr < nc; jr += NR)
                complex_pack_panel<R, NR, Planes>(!tb, cb, B, ldb, jc + jr, std::min(NR, nc - jr), pc, kc,
                                                  bpack.data() + Planes * jr * kc);
            for (std::size_t ic = 0; ic < m; ic += MC) {
                const std::size_t mc = std::min(MC, m - ic);
                for (std::size_t ir = 0; ir < mc; ir += MR)
                    complex_pack_panel<R, MR, Planes>(ta, ca, A, lda, ic + ir, std::min(MR, mc - ir), pc, kc,
                                                      apack.data() + Planes * ir * kc);
                for (std::size_t jr = 0; jr < nc; jr += NR) {
                    const std::size_t nr = std::min(NR, nc - jr);
                    for (std::size_t ir = 0; ir < mc; ir += MR) {
                        const std::size_t mr = std::min(MR, mc - ir);
                        R* cc = c_reals + 2 * ((ic + ir) + (jc + jr) * ldc);
                        // A partial block goes through `edge` and is added to C afterwards; 0 + α·acc
                        // is exactly α·acc, so the edge path rounds like the full one.
                        const bool full = mr == MR && nr == NR;
                        R* dst = full ? cc : edge;
                        if (!full) std::fill(edge, edge + 2 * MR * NR, zero);
                        complex_micro_kernel<R, MV, MR, NR, Planes>(kc, apack.data() + Planes * ir * kc,
                                                                    bpack.data() + Planes * jr * kc, dst,
                                                                    full ? ldc : MR, alpha.real(), alpha.imag());
                        if (!full)
                            for (std::size_t j = 0; j < nr; ++j)
                                for (std::size_t i = 0; i < 2 * mr; ++i) cc[i + 2 * j * ldc] += edge[i + 2 * j * MR];
                    }
                }
            }
        }
    }
}

/// The threaded driver of complex_gemm and complex_gemm_3m (Planes = 2 or 3).
template <class R, std::size_t Planes>
void complex_gemm_planes(gemm_op opa, gemm_op opb, std::size_t m, std::size_t n, std::size_t k,
                         std::complex<R> alpha, const std::complex<R>* A, std::size_t lda, const std::complex<R>* B,
                         std::size_t ldb, std::complex<R> beta, std::complex<R>* C, std::size_t ldc,
                         complex_gemm_workspace<R>* ws) {
    if (m == 0 || n == 0) return;
    if (ws == nullptr) {
        std::vector<R> apack, bpack;
        complex_gemm_columns<R, Planes>(opa, opb, m, 0, n, k, alpha, A, lda, B, ldb, beta, C, ldc, apack, bpack);
        return;
    }
    constexpr std::size_t NR = complex_gemm_blocking<R, Planes>::nr;
    const std::size_t blocks = (n + NR - 1) / NR;
    std::size_t threads = ws->threads == 0 ? 1 : ws->threads;
    // Whole NR-wide column blocks per task, and enough work for each to pay for its hand-over
    // (a complex multiply-add is four real ones).
    threads = std::min(threads, blocks);
    threads = std::min(threads, std::max<std::size_t>(1, 4 * m * n * k / gemm_parallel_min_work));
    if (ws->pack.size() < 2 * threads) ws->pack.resize(2 * threads);
    if (threads <= 1) {
        complex_gemm_columns<R, Planes>(opa, opb, m, 0, n, k, alpha, A, lda, B, ldb, beta, C, ldc, ws->pack[0],
                                        ws->pack[1]);
        return;
    }
    auto first_column = [&](std::size_t t) { return std::min(n, (blocks * t / threads) * NR); };
    for (std::size_t t = 0; t < threads; ++t) {  // sized here: no worker thread allocates
        grow_pack(ws->pack[2 * t], complex_gemm_pack_size_a<R, Planes>(m, k));
        grow_pack(ws->pack[2 * t + 1],
                  complex_gemm_pack_size_b<R, Planes>(first_column(t + 1) - first_column(t), k));
    }
    auto run = [&](std::size_t t) {
        complex_gemm_columns<R, Planes>(opa, opb, m, first_column(t), first_column(t + 1), k, alpha, A, lda, B, ldb,
                                        beta, C, ldc, ws->pack[2 * t], ws->pack[2 * t + 1]);
    };
    (ws->pool != nullptr ? *ws->pool : default_thread_pool()).parallel_for(threads, run);
}

/// C = β·C + α·op(A)·op(B), op(A) m×k, op(B) k×n, column-major with leading dimensions lda, ldb,
/// ldc (in complex entries). β = 0 overwrites C (NaNs in C ignored); α = 0 or k = 0 only scales C
/// by β. ws may be null; with a workspace its packing buffers are reused, and when ws->threads > 1
/// a large product is split by columns of C into that many tasks on ws->pool, with the same bits
/// as one thread. 4M on split planes (see the top of this file).
template <class R>
void complex_gemm(gemm_op opa, gemm_op opb, std::size_t m, std::size_t n, std::size_t k, std::complex<R> alpha,
                  const std::complex<R>* A, std::size_t lda, const std::complex<R>* B, std::size_t ldb,
                  std::complex<R> beta, std::complex<R>* C, std::size_t ldc,
                  complex_gemm_workspace<R>* ws = nullptr) {
    complex_gemm_planes<R, 2>(opa, opb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, ws);
}

/// complex_gemm by the 3M method [4]: the same contract, three real FMAs per complex multiply-add,
/// a normwise (not componentwise) error bound. Kept for measurement (bench/complex_gemm_bench.cpp).
template <class R>
void complex_gemm_3m(gemm_op opa, gemm_op opb, std::size_t m, std::size_t n, std::size_t k, std::complex<R> alpha,
                     const std::complex<R>* A, std::size_t lda, const std::complex<R>* B, std::size_t ldb,
                     std::complex<R> beta, std::complex<R>* C, std::size_t ldc,
                     complex_gemm_workspace<R>* ws = nullptr) {
    complex_gemm_planes<R, 3>(opa, opb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, ws);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_COMPLEX_GEMM_HPP
