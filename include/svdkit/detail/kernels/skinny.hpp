// svdkit::detail - products of a large matrix with a narrow block: Y = A·X and Y = Aᵀ·X for A
// m×n (column-major, leading dimension lda) and X with b columns, b small (a Krylov block).
//
// gemm packs A into panels before multiplying, which pays when A is reused across many columns
// of X; for a block of b <= skinny_max_block columns the packing pass alone costs more than the
// product (4000×2000 doubles: gemm with b = 4 took 7 gemv times). These kernels read A from
// memory once, with register-blocked micro-kernels (the MR×NR tile of gemm's, without packing A):
// - A·X: an MR×NR tile of Y (MR = two vectors of rows) stays in registers across a run of
//   skinny_run columns of A; each column of the run adds A(i:i+MR, j)·X(j, c) for the NR columns c
//   (X's run packed row by row, so each X(j, c) is a broadcast from L1). A is read as skinny_run
//   concurrent column streams, each once per pass; Y is loaded and stored once per run.
// - Aᵀ·X: CA columns of A against NR columns of X, CA·NR vector accumulators running down a
//   chunk of skinny_chunk rows; every NR-column tile of X takes the chunk in turn (A's chunk then
//   comes from L1 after the first tile, X's from L1), the sums kept across chunks.
// The tiles fit the register file: 16 vector registers (SSE2, AVX2) or 32 (AVX-512, used by the
// 256-bit vectors through AVX-512VL), see skinny_tiles. Measured (bench/README.md, "Narrow block
// products at memory speed"; 4000×2000 and 10000×1000, -O3 -march=native): b = 6 in 1.05–1.3 gemv
// times (was 1.4–3.0), 8 in 1.3–1.8 (was 1.6–4.0), 16 in 2.4–3.2 (was 2.7–7.3): the rate of gemm in
// cache (40–49 GFLOP/s) bounds the wider blocks.
//
// The order of the additions depends only on m, n and the vector width, never on b or the tile
// that computes an entry: Y(i, c) of A·X sums j = 0, 1, …, n − 1 in order; Y(j, c) of Aᵀ·X keeps
// one partial sum per vector lane (rows i ≡ l mod L), adds the lanes in order, then the leftover
// rows. The same inputs give the same bits, and a column of Y does not depend on the other columns
// of X (nor on b).
//
// References:
// [1] J. Dongarra, J. Du Croz, S. Hammarling, R. Hanson, "An extended set of FORTRAN basic
//     linear algebra subprograms", ACM TOMS 14 (1988): dgemv, here on several right-hand sides.
// [2] K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34
//     (2008): the register tile of the micro-kernel; packing, which a block of a few columns
//     cannot amortize.
#ifndef SVDKIT_DETAIL_KERNELS_SKINNY_HPP
#define SVDKIT_DETAIL_KERNELS_SKINNY_HPP

#include <algorithm>  // std::min
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcpy

#include "gemm.hpp"  // gemm_blocking, SVDKIT_HAS_VECTOR_EXTENSIONS

namespace svdkit {
namespace detail {

/// The widest block the skinny kernels serve (wider blocks go to gemm, whose packing then pays).
constexpr std::size_t skinny_max_block = 16;

/// Columns of A per run of the A·X kernel: Y's tile is loaded and stored once per run, and the
/// run's columns are read as that many concurrent streams.
constexpr std::size_t skinny_run = 16;

/// How far ahead in its column (bytes) the A·X kernel asks for A: the hardware prefetcher alone
/// let 16 concurrent column streams fall behind (b = 2 and 4: 1.15–1.2 gemv times without,
/// 0.9–1.0 with; 512 B to 2 KB measured alike).
constexpr std::size_t skinny_prefetch = 1024;

/// The vector type of the kernels: GCC/Clang vector extensions of gemm_blocking<T>::lanes
/// elements for float and double, else T itself (one lane: the same loops, scalar).
template <class T, bool = (sizeof(T) == 4 || sizeof(T) == 8)>
struct skinny_vector {
    static constexpr std::size_t lanes = 1;
    using type = T;
};
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
template <class T>
struct skinny_vector<T, true> {
    static constexpr std::size_t lanes = gemm_blocking<T>::lanes;
    typedef T type __attribute__((vector_size(lanes * sizeof(T))));
};
#endif

/// Register tiles: nr = most columns of Y in one A·X tile (2·nr accumulators + 3 registers),
/// ca×nr = the Aᵀ·X tile (ca·nr accumulators + ca + 1 registers).
struct skinny_tiles {
#if defined(__AVX512F__)
    static constexpr std::size_t nr = 12, ca = 4, nr_t = 6;
#else
    static constexpr std::size_t nr = 6, ca = 3, nr_t = 4;
#endif
};

template <class V, class T>
inline V skinny_load(const T* p) noexcept {
    V v;
    std::memcpy(&v, p, sizeof(V));
    return v;
}

/// Y(i:i+MR, c:c+NR) (+)= Σ_{j < r} A(i:i+MR, j)·xp[j·b + c…], MR = MV vectors: the A·X tile. a
/// points at A(i, j0), xp at the packed run (row j of the run at xp + j·b, offset by c), y at
/// Y(i, c). `first`: the tile starts from zero (the first run) instead of Y.
template <std::size_t MV, std::size_t NR, class T>
inline void skinny_n_tile(std::size_t r, const T* a, std::size_t lda, const T* xp, std::size_t b, T* y,
                          std::size_t ldy, bool first) noexcept {
    using V = typename skinny_vector<T>::type;
    constexpr std::size_t L = skinny_vector<T>::lanes;
    V acc[MV][NR];
    for (std::size_t c = 0; c < NR; ++c)
        for (std::size_t v = 0; v < MV; ++v) acc[v][c] = first ? V{} : skinny_load<V>(y + c * ldy + v * L);
    for (std::size_t j = 0; j < r; ++j) {
        V av[MV];
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
        __builtin_prefetch(a + j * lda + skinny_prefetch / sizeof(T));
#endif
        for (std::size_t v = 0; v < MV; ++v) av[v] = skinny_load<V>(a + j * lda + v * L);
        for (std::size_t c = 0; c < NR; ++c) {
            const T xj = xp[j * b + c];
            for (std::size_t v = 0; v < MV; ++v) acc[v][c] += av[v] * xj;
        }
    }
    for (std::size_t c = 0; c < NR; ++c)
        for (std::size_t v = 0; v < MV; ++v) std::memcpy(y + c * ldy + v * L, &acc[v][c], sizeof(V));
}

/// The tile of MV vectors of rows against columns c0…c0+w of Y, w <= skinny_tiles::nr.
template <std::size_t MV, class T>
inline void skinny_n_rows(std::size_t w, std::size_t r, const T* a, std::size_t lda, const T* xp, std::size_t b,
                          T* y, std::size_t ldy, bool first) noexcept {
    switch (w) {
#define SVDKIT_SKINNY_N_CASE(W) \
    case W: skinny_n_tile<MV, W>(r, a, lda, xp, b, y, ldy, first); break;
        SVDKIT_SKINNY_N_CASE(1)
        SVDKIT_SKINNY_N_CASE(2)
        SVDKIT_SKINNY_N_CASE(3)
        SVDKIT_SKINNY_N_CASE(4)
        SVDKIT_SKINNY_N_CASE(5)
        SVDKIT_SKINNY_N_CASE(6)
#if defined(__AVX512F__)
        SVDKIT_SKINNY_N_CASE(7)
        SVDKIT_SKINNY_N_CASE(8)
        SVDKIT_SKINNY_N_CASE(9)
        SVDKIT_SKINNY_N_CASE(10)
        SVDKIT_SKINNY_N_CASE(11)
        SVDKIT_SKINNY_N_CASE(12)
#endif
#undef SVDKIT_SKINNY_N_CASE
        default: break;
    }
}

/// b split into column tiles of at most `most`, as even as possible (b = 8 → 4 + 4 with most 6):
/// the width of tile t of count(b, most) tiles.
inline std::size_t skinny_tile_count(std::size_t b, std::size_t most) noexcept { return (b + most - 1) / most; }
inline std::size_t skinny_tile_width(std::size_t b, std::size_t tiles, std::size_t t) noexcept {
    return b / tiles + (t < b % tiles ? 1 : 0);
}

/// Y = A·X: A m×n (lda), X n×b (ldx), Y m×b (ldy), overwritten; b <= skinny_max_block.
template <class T>
void skinny_n(std::size_t m, std::size_t n, std::size_t b, const T* a, std::size_t lda, const T* x, std::size_t ldx,
              T* y, std::size_t ldy) noexcept {
    constexpr std::size_t L = skinny_vector<T>::lanes, mr = 2 * L;
    if (n == 0) {
        for (std::size_t c = 0; c < b; ++c)
            for (std::size_t i = 0; i < m; ++i) y[c * ldy + i] = T(0);
        return;
    }
    const std::size_t tiles = skinny_tile_count(b, skinny_tiles::nr);
    T xp[skinny_run * skinny_max_block];
    for (std::size_t j0 = 0; j0 < n; j0 += skinny_run) {
        const std::size_t r = std::min(skinny_run, n - j0);
        const bool first = j0 == 0;
        for (std::size_t j = 0; j < r; ++j)
            for (std::size_t c = 0; c < b; ++c) xp[j * b + c] = x[c * ldx + j0 + j];
        const T* aj = a + j0 * lda;
        std::size_t i = 0;
        for (; i + mr <= m; i += mr)
            for (std::size_t t = 0, c = 0; t < tiles; c += skinny_tile_width(b, tiles, t), ++t)
                skinny_n_rows<2>(skinny_tile_width(b, tiles, t), r, aj + i, lda, xp + c, b, y + c * ldy + i, ldy,
                                 first);
        if (L > 1 && i + L <= m) {
            for (std::size_t t = 0, c = 0; t < tiles; c += skinny_tile_width(b, tiles, t), ++t)
                skinny_n_rows<1>(skinny_tile_width(b, tiles, t), r, aj + i, lda, xp + c, b, y + c * ldy + i, ldy,
                                 first);
            i += L;
        }
        for (; i < m; ++i)  // the rows past the last vector, in the same order of j
            for (std::size_t c = 0; c < b; ++c) {
                T s = first ? T(0) : y[c * ldy + i];
                for (std::size_t j = 0; j < r; ++j) s += aj[j * lda + i] * xp[j * b + c];
                y[c * ldy + i] = s;
            }
    }
}

/// acc[k][c] += Σ_{i0 <= i < i1, step L} A(i:i+L, k)·X(i:i+L, c) for the CA columns of A at a and
/// the NR columns of X at x: the Aᵀ·X tile, one running sum per lane, over one chunk of rows.
template <std::size_t CA, std::size_t NR, class T, class V>
inline void skinny_t_tile(std::size_t i0, std::size_t i1, const T* a, std::size_t lda, const T* x, std::size_t ldx,
                          V* acc_out) noexcept {
    constexpr std::size_t L = skinny_vector<T>::lanes;
    V acc[CA][NR];
    for (std::size_t c = 0; c < NR; ++c)
        for (std::size_t k = 0; k < CA; ++k) acc[k][c] = acc_out[c * CA + k];
    for (std::size_t i = i0; i < i1; i += L) {
        V av[CA];
        for (std::size_t k = 0; k < CA; ++k) av[k] = skinny_load<V>(a + k * lda + i);
        for (std::size_t c = 0; c < NR; ++c) {
            const V xv = skinny_load<V>(x + c * ldx + i);
            for (std::size_t k = 0; k < CA; ++k) acc[k][c] += av[k] * xv;
        }
    }
    for (std::size_t c = 0; c < NR; ++c)
        for (std::size_t k = 0; k < CA; ++k) acc_out[c * CA + k] = acc[k][c];
}

template <std::size_t CA, class T, class V>
inline void skinny_t_cols(std::size_t w, std::size_t i0, std::size_t i1, const T* a, std::size_t lda, const T* x,
                          std::size_t ldx, V* acc) noexcept {
    switch (w) {
#define SVDKIT_SKINNY_T_CASE(W) \
    case W: skinny_t_tile<CA, W>(i0, i1, a, lda, x, ldx, acc); break;
        SVDKIT_SKINNY_T_CASE(1)
        SVDKIT_SKINNY_T_CASE(2)
        SVDKIT_SKINNY_T_CASE(3)
        SVDKIT_SKINNY_T_CASE(4)
#if defined(__AVX512F__)
        SVDKIT_SKINNY_T_CASE(5)
        SVDKIT_SKINNY_T_CASE(6)
#endif
#undef SVDKIT_SKINNY_T_CASE
        default: break;
    }
}

/// Rows per chunk of the Aᵀ·X kernel: every column tile of X runs over a chunk of A's CA columns
/// before the next chunk, so the later tiles read A from L1 (whole columns per tile left memory
/// idle during the later tiles: b = 8 in 1.7 gemv times, 1.4–1.5 with chunks of 128–512 rows).
constexpr std::size_t skinny_chunk = 256;

/// Y(j:j+CA, :) = A(:, j:j+CA)ᵀ·X for the CA columns of A at a against all b columns of X.
template <std::size_t CA, class T>
inline void skinny_t_group(std::size_t m, std::size_t b, const T* a, std::size_t lda, const T* x, std::size_t ldx,
                           T* y, std::size_t ldy) noexcept {
    using V = typename skinny_vector<T>::type;
    constexpr std::size_t L = skinny_vector<T>::lanes;
    const std::size_t tiles = skinny_tile_count(b, skinny_tiles::nr_t), mv = m - m % L;
    V acc[CA * skinny_max_block];  // the sums of X's column c at acc + c·CA
    for (std::size_t q = 0; q < CA * b; ++q) acc[q] = V{};
    for (std::size_t i0 = 0; i0 < mv; i0 += skinny_chunk) {
        const std::size_t i1 = std::min(mv, i0 + skinny_chunk);
        for (std::size_t t = 0, c = 0; t < tiles; c += skinny_tile_width(b, tiles, t), ++t)
            skinny_t_cols<CA>(skinny_tile_width(b, tiles, t), i0, i1, a, lda, x + c * ldx, ldx, acc + c * CA);
    }
    for (std::size_t c = 0; c < b; ++c)
        for (std::size_t k = 0; k < CA; ++k) {
            const V& v = acc[c * CA + k];
            T s;
            if constexpr (L == 1) {
                s = v;
            } else {
                s = v[0];
                for (std::size_t l = 1; l < L; ++l) s += v[l];
            }
            for (std::size_t q = mv; q < m; ++q) s += a[k * lda + q] * x[c * ldx + q];
            y[c * ldy + k] = s;
        }
}

/// Y = Aᵀ·X: A m×n (lda), X m×b (ldx), Y n×b (ldy), overwritten; b <= skinny_max_block.
template <class T>
void skinny_t(std::size_t m, std::size_t n, std::size_t b, const T* a, std::size_t lda, const T* x, std::size_t ldx,
              T* y, std::size_t ldy) noexcept {
    constexpr std::size_t ca = skinny_tiles::ca;
    std::size_t j = 0;
    for (; j + ca <= n; j += ca) skinny_t_group<ca>(m, b, a + j * lda, lda, x, ldx, y + j, ldy);
    switch (n - j) {  // the last columns, fewer than ca
        case 1: skinny_t_group<1>(m, b, a + j * lda, lda, x, ldx, y + j, ldy); break;
        case 2: skinny_t_group<2>(m, b, a + j * lda, lda, x, ldx, y + j, ldy); break;
        case 3: skinny_t_group<3>(m, b, a + j * lda, lda, x, ldx, y + j, ldy); break;
        default: break;
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_SKINNY_HPP
