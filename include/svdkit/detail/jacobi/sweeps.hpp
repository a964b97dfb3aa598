// svdkit::detail - the sweeps of one-sided Jacobi on scaled columns, with de Rijk's pivoting
// and the rotations accumulated per pair of column blocks.
//
// Hestenes' method on X (n×r): each rotation diagonalizes the Gram matrix [a c; c b] of a pair
// (a = ‖x_p‖², b = ‖x_q‖², c = x_pᵀx_q), which makes the pair orthogonal; a pair is rotated only
// when its cosine γ = c/√(a·b) exceeds tol = √n·ε ([2] dgesvj's test), and a sweep that rotates
// nothing, or (after the first) only by tiny angles (dgesvj's stopping test), ends the
// iteration. Then X = U·Σ·Vᵀ with σ_j = ‖x_j‖, u_j = x_j/σ_j and V the product of the rotations.
//
// Accuracy [1, 2]: each rotation is a relatively small perturbation of its two columns, so for
// X = B·D every σ keeps relative accuracy O(κ(B)·ε). That needs the column norms and cosines
// without underflow however small the columns are, so the columns are held as x_j = y_j·2^{e_j}
// with ‖y_j‖ in [1/16, 16]: the sums of squares and inner products run on y (no underflow), and
// a rotation between columns of very different size applies 2^{e_q−e_p}-scaled coefficients
// (exact powers of two). Norms are updated by the rotation's formula (a' = a − t·c,
// b' = b + t·c) and recomputed from the column where that cancels, and at every sweep's start.
//
// Order (de Rijk [3]): at each sweep's start the columns are sorted by decreasing norm, and
// within each diagonal block, pair (p, ·) starts by swapping the largest remaining column into
// p. Blocks of jacobi_block columns are visited row-cyclically, (I, I), (I, I+1), …; the
// rotations (and swaps) of one block pair are recorded, and V's columns of the pair are updated
// after it: when most pairs rotated (early sweeps), by accumulating them into a small orthogonal
// Z and one matrix product V_IJ ← V_IJ·Z (gemm); when few did (late sweeps), one by one, which is
// then cheaper than the product (measured: gemm always, 1.6× dgejsv's time at 512²; never,
// 1.2×; this rule, 1.13×).
//
// Cost: a pair costs its inner product; a rotated one also the rotation, which computes in the
// same pass the inner product the next pair (p, q+1) starts with (rotate_columns), so each
// column is read once per rotated pair. The rotation's scalar part has one division for ζ and
// one for t (its chain of divisions took as long as the vector loop at n = 512).
//
// References:
// [1] J. Demmel, K. Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal.
//     Appl. 13 (1992).
// [2] Z. Drmač, K. Veselić, "New fast and accurate Jacobi SVD algorithm II", SIAM J. Matrix
//     Anal. Appl. 29 (2008); LAPACK dgesvj (tolerance, scaled norms, block-cyclic order).
// [3] P. P. M. de Rijk, "A one-sided Jacobi algorithm for computing the singular value
//     decomposition on a vector computer", SIAM J. Sci. Stat. Comput. 10 (1989).
#ifndef SVDKIT_DETAIL_JACOBI_SWEEPS_HPP
#define SVDKIT_DETAIL_JACOBI_SWEEPS_HPP

#include <algorithm>  // std::copy, std::fill, std::min, std::stable_sort, std::swap_ranges
#include <cmath>      // std::abs, std::ilogb, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <cstring>    // std::memcpy
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <vector>     // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../kernels/gemm.hpp"
#include "../kernels/numeric.hpp"

namespace svdkit {
namespace detail {

/// Columns per block of the block-pair order: Z is at most 2·32 square, and V_IJ·Z a product with
/// inner dimension 64, long enough for the gemm kernel.
constexpr std::size_t jacobi_block = 32;

/// The columns in scaled form and the scratch of the sweeps.
template <class T>
struct jacobi_columns {
    matrix<T> y;               ///< n×r: x_j = y_j·2^{e[j]}
    std::vector<int> e;        ///< the exponents
    std::vector<T> nrm;        ///< ‖y_j‖
    /// A block pair's rotations (p, q, cs, sn; cs = 2 marks a swap of p and q), in order.
    struct rotation {
        std::size_t p, q;
        T cs, sn;
    };
    std::vector<rotation> rot;
    std::vector<T> z;          ///< a block pair's rotations accumulated (w×w)
    std::vector<T> vt;         ///< V_IJ·Z before it is copied back
    std::vector<T> column, vcolumn;  ///< a column of Y and of V in flight (sorting)
    std::vector<std::size_t> order;
    gemm_workspace<T> gemm;

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(y) + bytes_of(e) + bytes_of(nrm) + bytes_of(rot) + bytes_of(z) + bytes_of(vt) + bytes_of(column) + bytes_of(vcolumn) +
               bytes_of(order) + gemm.capacity_bytes();
    }
};

/// y_j ← y_j·2^{−k} with k chosen so that ‖y_j‖ lands in [1/2, 2), e[j] += k (exact). Returns
/// the factor 2^{−k}.
template <class T>
T jacobi_renormalize(jacobi_columns<T>& c, std::size_t j) {
    if (c.nrm[j] == T(0)) return T(1);
    const int k = std::ilogb(c.nrm[j]);
    if (k == 0) return T(1);
    const T f = std::ldexp(T(1), -k);
    T* yj = c.y.col_ptr(j);
    const std::size_t n = c.y.rows();
    for (std::size_t i = 0; i < n; ++i) yj[i] *= f;
    c.nrm[j] = norm2(n, yj);
    c.e[j] += k;
    return f;
}

/// True when ‖x_p‖ > ‖x_q‖ (the scaled norms compared without forming either).
template <class T>
bool jacobi_larger(const jacobi_columns<T>& c, std::size_t p, std::size_t q) {
    if (c.nrm[q] == T(0)) return c.nrm[p] > T(0);
    if (c.nrm[p] == T(0)) return false;
    return std::ldexp(c.nrm[p] / c.nrm[q], c.e[p] - c.e[q]) > T(1);
}

/// The exponents and norms of the columns just placed in c.y (n×r): x_j = y_j·2^{e_j}, ‖y_j‖ in [1/2, 2).
template <class T>
void jacobi_scale_loaded(jacobi_columns<T>& c) {
    const std::size_t n = c.y.rows(), r = c.y.cols();
    c.e.assign(r, 0);
    c.nrm.resize(r);
    for (std::size_t j = 0; j < r; ++j) {
        c.nrm[j] = norm2(n, c.y.col_ptr(j));
        jacobi_renormalize(c, j);
    }
}

/// Loads X (n×r, column j at x + j·ldx) into scaled form.
template <class T>
void jacobi_load(jacobi_columns<T>& c, std::size_t n, std::size_t r, const T* x, std::size_t ldx) {
    c.y.resize(n, r);
    for (std::size_t j = 0; j < r; ++j) std::copy(x + j * ldx, x + j * ldx + n, c.y.col_ptr(j));
    jacobi_scale_loaded(c);
}

/// Swaps columns p and q of the scaled X.
template <class T>
void jacobi_swap(jacobi_columns<T>& c, std::size_t p, std::size_t q) {
    std::swap_ranges(c.y.col_ptr(p), c.y.col_ptr(p) + c.y.rows(), c.y.col_ptr(q));
    std::swap(c.e[p], c.e[q]);
    std::swap(c.nrm[p], c.nrm[q]);
}

/// y_p, y_q ← (cs·y_p − sq·y_q, sp·y_p + cs·y_q), n entries each; with `next` (not null) also
/// returns y_p'ᵀ·next, the inner product the next pair (p, q+1) starts with, from the same pass:
/// y_p' is then in registers, and the sweeps read each column once per pair instead of twice.
/// With GCC/Clang the loop runs on vector registers (the widest the target has), two vectors per
/// step and two partial sums; the order of the additions depends only on n.
template <class T>
T rotate_columns(std::size_t n, T* yp, T* yq, T cs, T sq, T sp, const T* next) noexcept {
    std::size_t i = 0;
    T s = 0;
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
#if defined(__AVX512F__)
        constexpr std::size_t bytes = 64;
#elif defined(__AVX__)
        constexpr std::size_t bytes = 32;
#else
        constexpr std::size_t bytes = 16;
#endif
        constexpr std::size_t L = bytes / sizeof(T);
        typedef T vec __attribute__((vector_size(bytes)));
        auto load = [](const T* p) {
            vec v;
            std::memcpy(&v, p, sizeof(vec));
            return v;
        };
        auto store = [](T* p, vec v) { std::memcpy(p, &v, sizeof(vec)); };
        const vec vc = vec{} + cs, vq = vec{} + sq, vp = vec{} + sp;
        vec s0{}, s1{};
        if (next != nullptr) {
            for (; i + 2 * L <= n; i += 2 * L) {
                const vec a0 = load(yp + i), b0 = load(yq + i), a1 = load(yp + i + L), b1 = load(yq + i + L);
                const vec p0 = vc * a0 - vq * b0, p1 = vc * a1 - vq * b1;
                store(yp + i, p0);
                store(yp + i + L, p1);
                store(yq + i, vp * a0 + vc * b0);
                store(yq + i + L, vp * a1 + vc * b1);
                s0 += p0 * load(next + i);
                s1 += p1 * load(next + i + L);
            }
            const vec v = s0 + s1;
            for (std::size_t l = 0; l < L; ++l) s += v[l];
        } else {
            for (; i + 2 * L <= n; i += 2 * L) {
                const vec a0 = load(yp + i), b0 = load(yq + i), a1 = load(yp + i + L), b1 = load(yq + i + L);
                store(yp + i, vc * a0 - vq * b0);
                store(yp + i + L, vc * a1 - vq * b1);
                store(yq + i, vp * a0 + vc * b0);
                store(yq + i + L, vp * a1 + vc * b1);
            }
        }
    }
#endif
    for (; i < n; ++i) {
        const T a = yp[i], b = yq[i];
        yp[i] = cs * a - sq * b;
        yq[i] = sp * a + cs * b;
        if (next != nullptr) s += yp[i] * next[i];
    }
    return s;
}

/// One rotation of columns p, q (if their cosine exceeds tol), given cpq = y_pᵀ·y_q. Returns
/// whether it rotated; the rotation (cs, sn) acting on the unscaled columns is left in cs, sn,
/// max(mx_cos, |γ|), max(mx_sin, |sn|) in mx_cos, mx_sin, and, when it rotated and `next` is
/// not null, y_p'ᵀ·next in next_dot.
template <class T>
bool jacobi_rotate(jacobi_columns<T>& c, std::size_t p, std::size_t q, T cpq, T tol, T& cs, T& sn, T& mx_cos,
                   T& mx_sin, const T* next, T& next_dot) {
    const std::size_t n = c.y.rows();
    if (c.nrm[p] == T(0) || c.nrm[q] == T(0)) return false;
    T* yp = c.y.col_ptr(p);
    T* yq = c.y.col_ptr(q);
    const T np = c.nrm[p], nq = c.nrm[q];  // cpq = C = y_pᵀ·y_q
    // |γ| = |C|/(‖y_p‖·‖y_q‖) > tol, tested without a division (the norms are in [1/16, 16]):
    // in the late sweeps nearly every pair stops here.
    if (!(std::abs(cpq) > tol * (np * nq))) return false;
    const T gamma = cpq / (np * nq);
    const int d = c.e[q] - c.e[p];
    const int far = 2 * std::numeric_limits<T>::digits;
    const T A = np * np, B = nq * nq;  // ‖x_p‖² = A·4^{e_p}, ‖x_q‖² = B·4^{e_q}
    T t, Ap, Bq;                       // tan φ, and A, B after the rotation
    T p2 = T(0), p2inv = T(0);         // 2^d and 2^{−d} when representable
    if (d < -far || d > far) {
        // ρ = ‖x_q‖/‖x_p‖ = r0·2^d below ε² (t = −γ·ρ to working precision) or above 1/ε²
        // (t = γ/ρ); a' = a·(1 − t·γ·ρ), b' = b·(1 + t·γ/ρ).
        const T r0 = nq / np;
        T t_rho, t_over_rho;
        if (d < 0) {
            t = -gamma * std::ldexp(r0, d);
            t_rho = T(0);
            t_over_rho = -gamma;
        } else {
            t = std::ldexp(gamma / r0, -d);
            t_rho = gamma;
            t_over_rho = T(0);
        }
        Ap = A * (T(1) - t_rho * gamma);
        Bq = B * (T(1) + t_over_rho * gamma);
    } else {
        // In units of 4^{e_p} (exact powers of two, |d| <= 2·digits well inside the range):
        // ζ = (b − a)/(2c) = (B·2^d − A·2^{−d})/(2C), t = sign(ζ)/(|ζ| + √(1+ζ²)) (1/(2ζ) to
        // working precision beyond 1/√ε, where ζ² could overflow), and a' = a − t·c, b' = b + t·c:
        // A' = A − t·C·2^d, B' = B + t·C·2^{−d}. One division for ζ, one for t.
        p2 = d == 0 ? T(1) : std::ldexp(T(1), d);
        p2inv = d == 0 ? T(1) : std::ldexp(T(1), -d);
        const T zeta = (B * p2 - A * p2inv) / (2 * cpq);
        const T az = std::abs(zeta);
        t = az > T(1) / std::sqrt(std::numeric_limits<T>::epsilon()) ? T(1) / (2 * zeta)
                                                                     : (zeta >= T(0) ? T(1) : T(-1)) / (az + std::sqrt(T(1) + zeta * zeta));
        Ap = A - t * cpq * p2;
        Bq = B + t * cpq * p2inv;
    }
    cs = T(1) / std::sqrt(T(1) + t * t);
    sn = cs * t;
    mx_cos = std::max(mx_cos, std::abs(gamma));
    mx_sin = std::max(mx_sin, std::abs(sn));
    // x_p' = cs·x_p − sn·x_q, x_q' = sn·x_p + cs·x_q, in y: coefficients scaled by 2^{±d}.
    const T sq = p2 != T(0) ? sn * p2 : std::ldexp(sn, d), sp = p2 != T(0) ? sn * p2inv : std::ldexp(sn, -d);
    next_dot = rotate_columns(n, yp, yq, cs, sq, sp, next);
    // The norms from the updated Gram entries, recomputed from the columns where they cancel.
    c.nrm[p] = Ap > A / 2 ? std::sqrt(Ap) : norm2(n, yp);
    c.nrm[q] = Bq > B / 2 ? std::sqrt(Bq) : norm2(n, yq);
    if (!(c.nrm[p] >= T(1) / 16 && c.nrm[p] <= T(16))) next_dot *= jacobi_renormalize(c, p);  // exact
    if (!(c.nrm[q] >= T(1) / 16 && c.nrm[q] <= T(16))) jacobi_renormalize(c, q);
    return true;
}

/// x_a, x_b (len entries each) ← the rotation (cs, sn) of them.
template <class T>
void rotate_pair(std::size_t len, T* xa, T* xb, T cs, T sn) {
    for (std::size_t i = 0; i < len; ++i) {
        const T x = xa[i], y = xb[i];
        xa[i] = cs * x - sn * y;
        xb[i] = sn * x + cs * y;
    }
}

/// Applies a block pair's recorded rotations and swaps to V's columns [i0, i0+bi) and
/// [j0, j0+bj) (bj = 0: a diagonal block). Many rotations: accumulated into the w×w Z
/// (w = bi + bj), then V_IJ ← V_IJ·Z by gemm. Few: one by one on V, as the product would cost
/// 2·nv·w² flops for at most 6·nv per rotation.
template <class T>
void apply_block_rotations(jacobi_columns<T>& c, matrix<T>& v, std::size_t i0, std::size_t bi, std::size_t j0,
                           std::size_t bj) {
    const std::size_t nv = v.rows(), w = bi + bj;
    if (c.rot.empty()) return;
    if (4 * c.rot.size() < w * w) {
        for (const auto& g : c.rot) {
            if (g.cs == T(2))
                std::swap_ranges(v.col_ptr(g.p), v.col_ptr(g.p) + nv, v.col_ptr(g.q));
            else
                rotate_pair(nv, v.col_ptr(g.p), v.col_ptr(g.q), g.cs, g.sn);
        }
        return;
    }
    auto local = [&](std::size_t g) { return g < i0 + bi ? g - i0 : bi + g - j0; };
    c.z.assign(w * w, T(0));
    for (std::size_t k = 0; k < w; ++k) c.z[k + k * w] = T(1);
    for (const auto& g : c.rot) {
        T* za = c.z.data() + local(g.p) * w;
        T* zb = c.z.data() + local(g.q) * w;
        if (g.cs == T(2))
            std::swap_ranges(za, za + w, zb);
        else
            rotate_pair(w, za, zb, g.cs, g.sn);
    }
    if (c.vt.size() < nv * w) c.vt.resize(nv * w);
    gemm(false, false, nv, w, bi, T(1), v.col_ptr(i0), nv, c.z.data(), w, T(0), c.vt.data(), nv, &c.gemm);
    if (bj > 0)
        gemm(false, false, nv, w, bj, T(1), v.col_ptr(j0), nv, c.z.data() + bi, w, T(1), c.vt.data(), nv, &c.gemm);
    std::copy(c.vt.data(), c.vt.data() + nv * bi, v.col_ptr(i0));
    if (bj > 0) std::copy(c.vt.data() + nv * bi, c.vt.data() + nv * w, v.col_ptr(j0));
}

/// Sorts the columns (and V's) by decreasing norm, and recomputes the norms.
template <class T>
void jacobi_sort(jacobi_columns<T>& c, matrix<T>* v) {
    const std::size_t n = c.y.rows(), r = c.y.cols();
    for (std::size_t j = 0; j < r; ++j) {
        c.nrm[j] = norm2(n, c.y.col_ptr(j));
        jacobi_renormalize(c, j);
    }
    c.order.resize(r);
    std::iota(c.order.begin(), c.order.end(), std::size_t(0));
    std::stable_sort(c.order.begin(), c.order.end(), [&](std::size_t a, std::size_t b) { return jacobi_larger(c, a, b); });
    // Apply the permutation by cycles, one column in flight.
    std::vector<std::size_t>& o = c.order;
    for (std::size_t start = 0; start < r; ++start) {
        if (o[start] == start || o[start] >= r) continue;
        // position j takes column o[j]: follow j → o[j] → …
        std::size_t j = start;
        c.column.assign(c.y.col_ptr(j), c.y.col_ptr(j) + n);
        if (v != nullptr) c.vcolumn.assign(v->col_ptr(j), v->col_ptr(j) + v->rows());
        const int e0 = c.e[j];
        const T n0 = c.nrm[j];
        while (o[j] != start) {
            const std::size_t from = o[j];
            std::copy(c.y.col_ptr(from), c.y.col_ptr(from) + n, c.y.col_ptr(j));
            if (v != nullptr) std::copy(v->col_ptr(from), v->col_ptr(from) + v->rows(), v->col_ptr(j));
            c.e[j] = c.e[from];
            c.nrm[j] = c.nrm[from];
            o[j] = r;  // done
            j = from;
        }
        std::copy(c.column.begin(), c.column.end(), c.y.col_ptr(j));
        if (v != nullptr) std::copy(c.vcolumn.begin(), c.vcolumn.end(), v->col_ptr(j));
        c.e[j] = e0;
        c.nrm[j] = n0;
        o[j] = r;
    }
}

/// Runs sweeps on the loaded columns until one rotates nothing (or only by tiny angles); V (r×r,
/// or null) accumulates the rotations. Returns the number of sweeps; throws no_convergence after max_sweeps.
template <class T>
std::size_t jacobi_sweeps(jacobi_columns<T>& c, matrix<T>* v, std::size_t max_sweeps) {
    const std::size_t n = c.y.rows(), r = c.y.cols();
    if (r < 2) return 0;
    const T tol = std::sqrt(static_cast<T>(n)) * std::numeric_limits<T>::epsilon();
    const std::size_t nb = (r + jacobi_block - 1) / jacobi_block;
    for (std::size_t sweep = 0;; ++sweep) {
        jacobi_sort(c, v);
        if (sweep == max_sweeps) {
            // One more pass of the test alone: converged if no pair is above tol.
            bool any = false;
            for (std::size_t p = 0; p + 1 < r && !any; ++p)
                for (std::size_t q = p + 1; q < r && !any; ++q)
                    any = c.nrm[p] != T(0) && c.nrm[q] != T(0) &&
                          std::abs(dot(n, c.y.col_ptr(p), c.y.col_ptr(q)) / c.nrm[p] / c.nrm[q]) > tol;
            if (!any) return sweep;
            throw no_convergence("svdkit::svd", 0, r, sweep, "one-sided Jacobi", "sweeps");
        }
        std::size_t rotations = 0;
        T mx_cos = 0, mx_sin = 0;
        for (std::size_t bi = 0; bi < nb; ++bi) {
            const std::size_t i0 = bi * jacobi_block, ib = std::min(jacobi_block, r - i0);
            for (std::size_t bj = bi; bj < nb; ++bj) {
                const std::size_t j0 = bj * jacobi_block, jb = bj == bi ? 0 : std::min(jacobi_block, r - j0);
                c.rot.clear();
                std::size_t here = 0;
                // Pairs (p, q) for q in [q0, q1): each rotation also returns the inner product
                // the next pair starts with.
                auto pairs = [&](std::size_t p, std::size_t q0, std::size_t q1) {
                    T cpq = dot(n, c.y.col_ptr(p), c.y.col_ptr(q0));
                    for (std::size_t q = q0; q < q1; ++q) {
                        const T* next = q + 1 < q1 ? c.y.col_ptr(q + 1) : nullptr;
                        T cs, sn, next_dot = 0;
                        if (jacobi_rotate(c, p, q, cpq, tol, cs, sn, mx_cos, mx_sin, next, next_dot)) {
                            ++here;
                            if (v != nullptr) c.rot.push_back({p, q, cs, sn});
                            cpq = next_dot;
                        } else if (next != nullptr) {
                            cpq = dot(n, c.y.col_ptr(p), next);
                        }
                    }
                };
                if (jb == 0) {
                    for (std::size_t p = i0; p + 1 < i0 + ib; ++p) {
                        std::size_t big = p;
                        for (std::size_t q = p + 1; q < i0 + ib; ++q)
                            if (jacobi_larger(c, q, big)) big = q;
                        if (big != p) {
                            jacobi_swap(c, p, big);
                            if (v != nullptr) c.rot.push_back({p, big, T(2), T(0)});
                        }
                        pairs(p, p + 1, i0 + ib);
                    }
                } else {
                    for (std::size_t p = i0; p < i0 + ib; ++p) pairs(p, j0, j0 + jb);
                }
                if (v != nullptr) apply_block_rotations(c, *v, i0, ib, j0, jb);
                rotations += here;
            }
        }
        if (rotations == 0) return sweep + 1;
        // dgesvj's test [2]: after the first sweep, one whose rotations all had cosines below
        // √r·tol and r·max|γ|·max|sin| below tol leaves every pair's cosine O(tol) (a rotation
        // by φ moves another pair's cosine by O(|sin φ|·|γ|)), so the sweep that would find
        // nothing to rotate is skipped. The values move by O(γ²) relatively.
        if (sweep > 0 && mx_cos < std::sqrt(static_cast<T>(r)) * tol && static_cast<T>(r) * mx_cos * mx_sin < tol) {
            for (std::size_t j = 0; j < r; ++j) c.nrm[j] = norm2(n, c.y.col_ptr(j));  // σ from the columns, not the updates
            return sweep + 1;
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_JACOBI_SWEEPS_HPP
