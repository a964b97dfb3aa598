// svdkit::detail - dense matrix products: a cache-blocked kernel C = β·C + α·op(A)·op(B) on
// column-major arrays, and the matrix<T>-level helpers built on it.
//
// The kernel follows Goto and van de Geijn [1] as BLIS [2] restructured it: loop over NC-column
// panels of C; inside, KC-deep slices of op(B) are packed into NR-wide micro-panels and MC×KC
// blocks of op(A) into MR-tall micro-panels (packing also absorbs the transposes); a micro-kernel
// keeps an MR×NR block of C in registers while it streams the two micro-panels from L1/L2.
// The micro-kernel is portable C++: with GCC or Clang it uses their vector extensions (which
// compile to AVX/FMA at -march=native, SSE2 otherwise), else plain loops.
//
// The order of the additions depends only on the shapes, never on timing or threads: the same
// inputs give the same bits.
//
// References:
// [1] K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34
//     (2008).
// [2] F. Van Zee, R. van de Geijn, "BLIS: a framework for rapidly instantiating BLAS
//     functionality", ACM TOMS 41 (2015).
#ifndef SVDKIT_DETAIL_KERNELS_GEMM_HPP
#define SVDKIT_DETAIL_KERNELS_GEMM_HPP

#include <algorithm>  // std::fill, std::min
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcpy
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include "../../matrix.hpp"
#include "../../thread_pool.hpp"
#include "buffer.hpp"

namespace svdkit {
namespace detail {

inline std::string shape_string(std::size_t r, std::size_t c) { return std::to_string(r) + "x" + std::to_string(c); }

/// Register-block shape and cache-block sizes per scalar type; Wide = false gives the 256-bit
/// kernel's where AVX-512 would pick the 512-bit one (small products, see gemm_wide_min_work).
template <class T, bool Wide = true>
struct gemm_blocking {
#if defined(__AVX__)
    static constexpr std::size_t vector_bytes = 32;
#else
    static constexpr std::size_t vector_bytes = 16;
#endif
    /// Lanes of the vectors of dot(), the gemv kernels and the other vector loops that include
    /// this header: 256-bit vectors whenever AVX is on, AVX-512 included (their sums' order, and
    /// so their bits, follow from it).
    static constexpr std::size_t lanes = vector_bytes / sizeof(T) > 0 ? vector_bytes / sizeof(T) : 1;
#if defined(__AVX512F__)
    /// The micro-kernel's own vectors: 512-bit for float and double where AVX-512 is compiled in.
    /// Measured on one core of the AVX-512 Xeon of bench/README.md ("Values only at 1024²"): the
    /// 256-bit 8×6 kernel ran at 38–42 GFLOP/s (double) and 64–92 (float), the FMA peak of 256-bit
    /// vectors there, against OpenBLAS's 57–70 and 120–140; the 16×12 block at 51–61 and 87–140.
    static constexpr bool wide_kernel = Wide && (sizeof(T) == 4 || sizeof(T) == 8);
#else
    static constexpr bool wide_kernel = false;
#endif
    static constexpr std::size_t kernel_lanes = wide_kernel ? 64 / sizeof(T) : lanes;
    // Two vectors tall; six wide with 16 vector registers (12 accumulators: AVX2, SSE), twelve
    // with AVX-512's 32 (24 accumulators; 16×8, 16×14 and 32×6 measured no faster, 24×8 slower on
    // the 32-row products of the WY updates, 32 rows not being a multiple of 24).
    static constexpr std::size_t mr = 2 * kernel_lanes;
    static constexpr std::size_t nr = wide_kernel ? 12 : 6;
    static constexpr std::size_t kc = 256;
    // An MC×KC block of A: 240 KB (double) or 256 KB (float) in L2, 480 KB (double) with the wide
    // kernel (MC = 128 there measured 0.8–1.0× as fast at n = 1024–2000).
    static constexpr std::size_t mc = mr * (sizeof(T) >= 8 ? 15 : 8) * (sizeof(T) == 4 && !wide_kernel ? 2 : 1);
    static constexpr std::size_t nc = 3072;
};

#if defined(__GNUC__) || defined(__clang__)
#define SVDKIT_HAS_VECTOR_EXTENSIONS 1
#endif

/// Σ_i x[i]·y[i] over n contiguous elements, in independent partial sums: eight scalar ones, or
/// with GCC/Clang four vector registers' worth (32 for float, 16 for double with AVX). One running
/// sum would be a chain of dependent additions that the compiler may not reassociate; with one
/// vector of partial sums the chain still waits on the adder's latency at every step.
template <class T>
T dot(std::size_t n, const T* x, const T* y) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        constexpr std::size_t L = gemm_blocking<T>::lanes;
        typedef T vec __attribute__((vector_size(L * sizeof(T))));
        vec s0{}, s1{}, s2{}, s3{};
        std::size_t i = 0;
        auto load = [](const T* p) {
            vec v;
            std::memcpy(&v, p, sizeof(vec));
            return v;
        };
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 += load(x + i) * load(y + i);
            s1 += load(x + i + L) * load(y + i + L);
            s2 += load(x + i + 2 * L) * load(y + i + 2 * L);
            s3 += load(x + i + 3 * L) * load(y + i + 3 * L);
        }
        for (; i + L <= n; i += L) s0 += load(x + i) * load(y + i);
        const vec v = (s0 + s2) + (s1 + s3);
        T s = 0;
        for (std::size_t l = 0; l < L; ++l) s += v[l];
        for (; i < n; ++i) s += x[i] * y[i];
        return s;
    }
#endif
    T acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t r = 0; r < 8; ++r) acc[r] += x[i + r] * y[i + r];
    T s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; i < n; ++i) s += x[i] * y[i];
    return s;
}

/// acc(MR×NR) = Σ_p a_p·b_pᵀ over kc packed steps; then C += α·acc. Portable fallback.
/// With Direct, b is not packed: b_p(j) is b[p + j·ldb], column j of op(B) read in place.
template <class T, std::size_t MR, std::size_t NR, bool Direct = false>
inline void micro_kernel_generic(std::size_t kc, const T* a, const T* b, std::size_t ldb, T* c, std::size_t ldc,
                                 T alpha) noexcept {
    T acc[NR][MR] = {};
    for (std::size_t p = 0; p < kc; ++p)
        for (std::size_t j = 0; j < NR; ++j) {
            const T bj = Direct ? b[p + j * ldb] : b[p * NR + j];
            for (std::size_t i = 0; i < MR; ++i) acc[j][i] += a[p * MR + i] * bj;
        }
    for (std::size_t j = 0; j < NR; ++j)
        for (std::size_t i = 0; i < MR; ++i) c[i + j * ldc] += alpha * acc[j][i];
}

#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
/// The same with the accumulators as MR/L vector registers of L lanes per column (GCC/Clang
/// extension). The loops over NR and MR/L are unrolled by pragma: left as loops over arrays of
/// vectors, GCC 12 kept the accumulators in a stack array, zeroed by two memset calls and
/// reloaded for the update of C on every call of the kernel (a fixed cost that K = 32 products,
/// common here, pay in full).
template <class T, std::size_t MR, std::size_t NR, std::size_t L, bool Direct = false>
inline void micro_kernel_vector(std::size_t kc, const T* a, const T* b, std::size_t ldb, T* c, std::size_t ldc,
                                T alpha) noexcept {
    constexpr std::size_t MV = MR / L;
    typedef T vec __attribute__((vector_size(L * sizeof(T))));
    vec acc[NR][MV];
#pragma GCC unroll 16
    for (std::size_t j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) acc[j][v] = vec{};
    for (std::size_t p = 0; p < kc; ++p) {
        vec av[MV];
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) std::memcpy(&av[v], a + p * MR + v * L, sizeof(vec));
#pragma GCC unroll 16
        for (std::size_t j = 0; j < NR; ++j) {
            const T bj = Direct ? b[p + j * ldb] : b[p * NR + j];
#pragma GCC unroll 4
            for (std::size_t v = 0; v < MV; ++v) acc[j][v] += av[v] * bj;
        }
    }
#pragma GCC unroll 16
    for (std::size_t j = 0; j < NR; ++j) {
        T* cj = c + j * ldc;
#pragma GCC unroll 4
        for (std::size_t v = 0; v < MV; ++v) {
            vec cv;
            std::memcpy(&cv, cj + v * L, sizeof(vec));
            cv += alpha * acc[j][v];
            std::memcpy(cj + v * L, &cv, sizeof(vec));
        }
    }
}
#endif

template <class T, std::size_t MR, std::size_t NR, std::size_t L, bool Direct = false>
inline void micro_kernel(std::size_t kc, const T* a, const T* b, std::size_t ldb, T* c, std::size_t ldc,
                         T alpha) noexcept {
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        micro_kernel_vector<T, MR, NR, L, Direct>(kc, a, b, ldb, c, ldc, alpha);
        return;
    }
#endif
    micro_kernel_generic<T, MR, NR, Direct>(kc, a, b, ldb, c, ldc, alpha);
}

/// Reusable state of gemm(): the packing buffers (one pair per task), the number of tasks a large
/// product is split into and the pool that runs them. A caller that multiplies repeatedly passes
/// the same workspace, so that after the first call of the largest shape no packing buffer is
/// allocated again.
template <class T>
struct gemm_workspace {
    unsigned threads = 1;  ///< tasks for large products (0 or 1: the calling thread only)
    thread_pool* pool = nullptr;  ///< runs them; nullptr: default_thread_pool()
    /// 2 buffers per thread: A's micro-panels, then B's. Not zero-filled: packing writes every
    /// element the micro-kernel reads (edges padded with explicit zeros), so a fill would only
    /// be a pass over fresh pages, and growing would copy contents nothing reads again.
    std::vector<uninit_buffer<T>> pack;

    std::size_t capacity_bytes() const noexcept {
        std::size_t b = 0;
        for (const auto& p : pack) b += bytes_of(p);
        return b;
    }
};

/// Up to this many rows of C (one MC block), gemm_columns reads op(B) in place, unpacked (the
/// 256-bit kernel of small products: up to its own MC).
template <class T>
constexpr std::size_t gemm_direct_b_max_rows = gemm_blocking<T>::mc;

/// Products of fewer multiply-adds than this run the 256-bit kernel where AVX-512 would pick the
/// 512-bit one (gemm_blocking<T, false>). Measured on the AVX-512 Xeon (bench/README.md,
/// "Values only at 1024²"): every product of a 64×64 thin SVD is at most 64³, and with them on
/// the 512-bit kernel the call took 3% longer although its products ran faster, the scalar code
/// after them (secular equation, dqds) slower, as after 512-bit work on Intel cores.
constexpr std::size_t gemm_wide_min_work = std::size_t(1) << 19;

/// Products smaller than this many multiply-adds stay on the calling thread: handing tasks to pool
/// workers (a wake-up, and a second core that starts with cold caches) costs microseconds to tens
/// of them, about 10⁵–10⁶ multiply-adds at this kernel's speed.
constexpr std::size_t gemm_parallel_min_work = std::size_t(1) << 21;

/// Sizes of the packing buffers for an m×n×k product.
template <class T>
std::size_t gemm_pack_size_a(std::size_t m, std::size_t k) noexcept {
    using blk = gemm_blocking<T>;
    return std::min(blk::mc, (m + blk::mr - 1) / blk::mr * blk::mr) * std::min(blk::kc, k);
}
template <class T>
std::size_t gemm_pack_size_b(std::size_t n, std::size_t k) noexcept {
    using blk = gemm_blocking<T>;
    return std::min(blk::nc, (n + blk::nr - 1) / blk::nr * blk::nr) * std::min(blk::kc, k);
}

/// Makes a packing buffer hold at least `size` elements. Only ever grows it, and without copying
/// or filling (its contents are dead between products): a workspace shared by products of
/// alternating shapes (divide and conquer's merges) reallocates only for a new largest shape.
/// Past a few pages, it jumps to `most` (the largest size the blocking allows) at once: pages
/// never written cost no page fault, while each regrowth to a merely larger size would map (and
/// fault in) fresh memory again for the part already in use.
template <class T>
void grow_pack(uninit_buffer<T>& buf, std::size_t size, std::size_t most) {
    if (buf.size() < size) buf.resize(size * sizeof(T) > 32768 ? std::max(size, most) : size);
}
/// The packing buffers of op(A) and op(B) for an m×n×k product, each grown toward its blocking's
/// ceiling (gemm_columns and the threaded gemm size them alike).
template <class T>
void grow_pack_a(uninit_buffer<T>& buf, std::size_t m, std::size_t k) {
    grow_pack(buf, gemm_pack_size_a<T>(m, k), gemm_blocking<T>::mc * gemm_blocking<T>::kc);
}
template <class T>
void grow_pack_b(uninit_buffer<T>& buf, std::size_t n, std::size_t k) {
    grow_pack(buf, gemm_pack_size_b<T>(n, k), gemm_blocking<T>::kc * gemm_blocking<T>::nc);
}
/// The same for a std::vector (the complex kernel's buffers): resize() zero-fills the new part.
template <class T>
void grow_pack(std::vector<T>& buf, std::size_t size) {
    if (buf.size() < size) buf.resize(size);
}

/// gemm_columns with the blocking Blk (gemm_blocking<T> or gemm_blocking<T, false>), whose
/// packed panels fit the buffers grow_pack_a/b size for gemm_blocking<T>.
template <class T, class Blk>
void gemm_columns_blocked(bool ta, bool tb, std::size_t m, std::size_t j0, std::size_t j1, std::size_t k, T alpha,
                          const T* A, std::size_t lda, const T* B, std::size_t ldb, T beta, T* C, std::size_t ldc,
                          uninit_buffer<T>& apack, uninit_buffer<T>& bpack) {
    const std::size_t n = j1 - j0;
    if (m == 0 || n == 0) return;
    B += tb ? j0 : j0 * ldb;
    C += j0 * ldc;
    if (beta != T(1))
        for (std::size_t j = 0; j < n; ++j) {
            T* cj = C + j * ldc;
            if (beta == T(0))
                std::fill(cj, cj + m, T(0));
            else
                for (std::size_t i = 0; i < m; ++i) cj[i] *= beta;
        }
    if (k == 0 || alpha == T(0)) return;
    constexpr std::size_t MR = Blk::mr, NR = Blk::nr, L = Blk::kernel_lanes;
    const std::size_t KC = Blk::kc, MC = Blk::mc, NC = Blk::nc;
    auto a_at = [&](std::size_t i, std::size_t p) { return ta ? A[p + i * lda] : A[i + p * lda]; };
    auto b_at = [&](std::size_t p, std::size_t j) { return tb ? B[j + p * ldb] : B[p + j * ldb]; };
    // grow_pack keeps the capacity: a reused workspace does not allocate here. (The threaded
    // caller sizes them beforehand, so no worker thread ever allocates.)
    grow_pack_a(apack, m, k);
    grow_pack_b(bpack, n, k);
    T* const abuf = apack.data();
    T* const bbuf = bpack.data();
    T edge[MR * NR];
    // When C's rows fit one MC block, a packed slice of op(B) is read by one pass over them only:
    // packing would copy it and save nothing. The micro-kernel then reads B's NR columns in place
    // (contiguous streams, L1-resident across the pass). Measured on the W = Vᵀ·C products of the
    // WY updates (32×200, k = 4000): 73 → 103 GFLOP/s float, 41 → 52 double. The products and
    // sums are the same either way, so the bits do not depend on this choice.
    const bool direct_b = !tb && m <= MC;
    for (std::size_t jc = 0; jc < n; jc += NC) {
        const std::size_t nc = std::min(NC, n - jc);
        for (std::size_t pc = 0; pc < k; pc += KC) {
            const std::size_t kc = std::min(KC, k - pc);
            // Pack op(B)(pc:pc+kc, jc:jc+nc) into NR-wide micro-panels, zero-padded.
            // Full micro-panels get branch-free loops: with few rows of C (the W = Vᵀ·C products
            // of the WY updates) packing B is a tenth of the work.
            for (std::size_t jr = 0; jr < nc; jr += NR) {
                const std::size_t nr = std::min(NR, nc - jr);
                T* dst = bbuf + jr * kc;
                if (nr == NR && direct_b) continue;
                if (nr == NR && !tb) {
                    for (std::size_t j = 0; j < NR; ++j) {
                        const T* src = B + pc + (jc + jr + j) * ldb;
                        for (std::size_t p = 0; p < kc; ++p) dst[p * NR + j] = src[p];
                    }
                } else if (nr == NR) {
                    for (std::size_t p = 0; p < kc; ++p) {
                        const T* src = B + (jc + jr) + (pc + p) * ldb;
                        for (std::size_t j = 0; j < NR; ++j) dst[p * NR + j] = src[j];
                    }
                } else {
                    for (std::size_t p = 0; p < kc; ++p)
                        for (std::size_t j = 0; j < NR; ++j)
                            dst[p * NR + j] = j < nr ? b_at(pc + p, jc + jr + j) : T(0);
                }
            }
            for (std::size_t ic = 0; ic < m; ic += MC) {
                const std::size_t mc = std::min(MC, m - ic);
                // Pack op(A)(ic:ic+mc, pc:pc+kc) into MR-tall micro-panels, zero-padded.
                for (std::size_t ir = 0; ir < mc; ir += MR) {
                    const std::size_t mr = std::min(MR, mc - ir);
                    T* dst = abuf + ir * kc;
                    if (!ta && mr == MR) {
                        for (std::size_t p = 0; p < kc; ++p) {
                            const T* src = A + (ic + ir) + (pc + p) * lda;
                            for (std::size_t i = 0; i < MR; ++i) dst[p * MR + i] = src[i];
                        }
                    } else if (mr == MR) {
                        for (std::size_t i = 0; i < MR; ++i) {
                            const T* src = A + pc + (ic + ir + i) * lda;
                            for (std::size_t p = 0; p < kc; ++p) dst[p * MR + i] = src[p];
                        }
                    } else {
                        for (std::size_t p = 0; p < kc; ++p)
                            for (std::size_t i = 0; i < MR; ++i)
                                dst[p * MR + i] = i < mr ? a_at(ic + ir + i, pc + p) : T(0);
                    }
                }
                for (std::size_t jr = 0; jr < nc; jr += NR) {
                    const std::size_t nr = std::min(NR, nc - jr);
                    for (std::size_t ir = 0; ir < mc; ir += MR) {
                        const std::size_t mr = std::min(MR, mc - ir);
                        T* cc = C + (ic + ir) + (jc + jr) * ldc;
                        const T* ap = abuf + ir * kc;
                        // A partial block goes through `edge` and is added to C afterwards; 0 + α·acc
                        // is exactly α·acc, so the edge path rounds like the full one.
                        const bool full = mr == MR && nr == NR;
                        T* dst = full ? cc : edge;
                        const std::size_t ldd = full ? ldc : MR;
                        if (!full) std::fill(edge, edge + MR * NR, T(0));
                        if (direct_b && nr == NR)
                            micro_kernel<T, MR, NR, L, true>(kc, ap, B + pc + (jc + jr) * ldb, ldb, dst, ldd, alpha);
                        else
                            micro_kernel<T, MR, NR, L>(kc, ap, bbuf + jr * kc, NR, dst, ldd, alpha);
                        if (!full)
                            for (std::size_t j = 0; j < nr; ++j)
                                for (std::size_t i = 0; i < mr; ++i) cc[i + j * ldc] += edge[i + j * MR];
                    }
                }
            }
        }
    }
}

/// gemm() restricted to the columns [j0, j1) of op(B) and C, with the given packing buffers;
/// `wide`: the whole product has at least gemm_wide_min_work multiply-adds (gemm decides it once,
/// so that every column range of a split product runs the same kernel). Each entry of C sees the
/// same sequence of operations whatever the column range, so splitting the columns over threads
/// gives the same bits as one call.
template <class T>
void gemm_columns(bool ta, bool tb, std::size_t m, std::size_t j0, std::size_t j1, std::size_t k, T alpha,
                  const T* A, std::size_t lda, const T* B, std::size_t ldb, T beta, T* C, std::size_t ldc,
                  uninit_buffer<T>& apack, uninit_buffer<T>& bpack, bool wide) {
    if constexpr (gemm_blocking<T>::wide_kernel)
        if (!wide)
            return gemm_columns_blocked<T, gemm_blocking<T, false>>(ta, tb, m, j0, j1, k, alpha, A, lda, B, ldb, beta,
                                                                    C, ldc, apack, bpack);
    gemm_columns_blocked<T, gemm_blocking<T>>(ta, tb, m, j0, j1, k, alpha, A, lda, B, ldb, beta, C, ldc, apack,
                                              bpack);
}

// SVDKIT_EXTERN_TEMPLATES: see svd.hpp and instantiate.hpp.
#define SVDKIT_DETAIL_GEMM_INSTANCE(KIND, T)                                                                        \
    KIND template void gemm_columns<T>(bool, bool, std::size_t, std::size_t, std::size_t, std::size_t, T, const T*, \
                                       std::size_t, const T*, std::size_t, T, T*, std::size_t, uninit_buffer<T>&,   \
                                       uninit_buffer<T>&, bool);
#if defined(SVDKIT_EXTERN_TEMPLATES)
SVDKIT_DETAIL_GEMM_INSTANCE(extern, float)
SVDKIT_DETAIL_GEMM_INSTANCE(extern, double)
SVDKIT_DETAIL_GEMM_INSTANCE(extern, long double)
#endif

/// C = β·C + α·op(A)·op(B), with op(A) m×k and op(B) k×n; ta/tb select the transposes.
/// Column-major with leading dimensions lda, ldb, ldc. β = 0 overwrites C (NaNs in C ignored).
/// With a workspace, its packing buffers are reused, and when ws->threads > 1 a large product is
/// split by columns of C into that many tasks on ws->pool (each computes its columns exactly as
/// one thread would: the result is bit-identical for every thread count).
template <class T>
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* A, std::size_t lda,
          const T* B, std::size_t ldb, T beta, T* C, std::size_t ldc, gemm_workspace<T>* ws = nullptr) {
    if (m == 0 || n == 0) return;
    const bool wide = m * n * k >= gemm_wide_min_work;
    if (ws == nullptr) {
        uninit_buffer<T> apack, bpack;
        gemm_columns(ta, tb, m, 0, n, k, alpha, A, lda, B, ldb, beta, C, ldc, apack, bpack, wide);
        return;
    }
    constexpr std::size_t NR = gemm_blocking<T>::nr;
    const std::size_t blocks = (n + NR - 1) / NR;
    std::size_t threads = ws->threads == 0 ? 1 : ws->threads;
    // Whole NR-wide column blocks per task, and enough work for each to pay for its hand-over.
    threads = std::min(threads, blocks);
    threads = std::min(threads, std::max<std::size_t>(1, m * n * k / gemm_parallel_min_work));
    if (ws->pack.size() < 2 * threads) ws->pack.resize(2 * threads);
    if (threads <= 1) {
        gemm_columns(ta, tb, m, 0, n, k, alpha, A, lda, B, ldb, beta, C, ldc, ws->pack[0], ws->pack[1], wide);
        return;
    }
    auto first_column = [&](std::size_t t) { return std::min(n, (blocks * t / threads) * NR); };
    for (std::size_t t = 0; t < threads; ++t) {
        grow_pack_a(ws->pack[2 * t], m, k);
        grow_pack_b(ws->pack[2 * t + 1], first_column(t + 1) - first_column(t), k);
    }
    auto run = [&](std::size_t t) {
        gemm_columns(ta, tb, m, first_column(t), first_column(t + 1), k, alpha, A, lda, B, ldb, beta, C, ldc,
                     ws->pack[2 * t], ws->pack[2 * t + 1], wide);
    };
    (ws->pool != nullptr ? *ws->pool : default_thread_pool()).parallel_for(threads, run);
}

/// A view as an operand of the column-major gemm kernel: column-major memory as it is, row-major
/// memory as the transpose of a column-major matrix. False for other strides (the caller copies
/// or loops).
template <class T>
bool gemm_operand(const matrix_view<const T>& a, bool& trans, std::size_t& ld) {
    const auto rows = static_cast<std::ptrdiff_t>(a.rows() > 0 ? a.rows() : 1);
    const auto cols = static_cast<std::ptrdiff_t>(a.cols() > 0 ? a.cols() : 1);
    if (a.row_stride() == 1 && a.col_stride() >= rows) {
        trans = false;
        ld = static_cast<std::size_t>(a.col_stride());
        return true;
    }
    if (a.col_stride() == 1 && a.row_stride() >= cols) {
        trans = true;
        ld = static_cast<std::size_t>(a.row_stride());
        return true;
    }
    return false;
}

/// C = A·B for views in any storage order (svdkit::multiply, products.hpp): gemm reads column-
/// and row-major operands in place; a view with general strides is copied once.
template <class T>
matrix<T> multiply_views(const matrix_view<const T>& a, const matrix_view<const T>& b) {
    if (a.cols() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) + " by " +
                                    shape_string(b.rows(), b.cols()) + " (the inner dimensions " +
                                    std::to_string(a.cols()) + " and " + std::to_string(b.rows()) + " differ)");
    matrix<T> c(a.rows(), b.cols());  // zeros: the answer when the inner dimension is 0
    if (a.rows() == 0 || b.cols() == 0 || a.cols() == 0) return c;
    const auto dense_copy = [](const matrix_view<const T>& v) {
        matrix<T> d(v.rows(), v.cols());
        for (std::size_t j = 0; j < v.cols(); ++j)
            for (std::size_t i = 0; i < v.rows(); ++i) d(i, j) = v(i, j);
        return d;
    };
    bool ta = false, tb = false;
    std::size_t lda = 0, ldb = 0;
    matrix<T> ca, cb;  // copies, only for views gemm cannot read
    const T* pa = a.data();
    const T* pb = b.data();
    if (!gemm_operand(a, ta, lda)) ca = dense_copy(a), pa = ca.data(), lda = ca.rows();
    if (!gemm_operand(b, tb, ldb)) cb = dense_copy(b), pb = cb.data(), ldb = cb.rows();
    gemm(ta, tb, a.rows(), b.cols(), a.cols(), T(1), pa, lda, pb, ldb, T(0), c.data(), c.rows());
    return c;
}

/// C = A·B.
template <class T>
matrix<T> multiply(const matrix<T>& a, const matrix<T>& b) {
    return multiply_views<T>(a.view(), b.view());
}

/// C = Aᵀ·B.
template <class T>
matrix<T> multiply_at_b(const matrix<T>& a, const matrix<T>& b) {
    if (a.rows() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply the transpose of " +
                                    shape_string(a.rows(), a.cols()) + " by " + shape_string(b.rows(), b.cols()));
    matrix<T> c(a.cols(), b.cols());
    gemm(true, false, a.cols(), b.cols(), a.rows(), T(1), a.data(), a.rows(), b.data(), b.rows(), T(0), c.data(),
         c.rows());
    return c;
}

/// C = A·Bᵀ.
template <class T>
matrix<T> multiply_a_bt(const matrix<T>& a, const matrix<T>& b) {
    if (a.cols() != b.cols())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) +
                                    " by the transpose of " + shape_string(b.rows(), b.cols()));
    matrix<T> c(a.rows(), b.rows());
    gemm(false, true, a.rows(), b.rows(), a.cols(), T(1), a.data(), a.rows(), b.data(), b.rows(), T(0), c.data(),
         c.rows());
    return c;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_GEMM_HPP
