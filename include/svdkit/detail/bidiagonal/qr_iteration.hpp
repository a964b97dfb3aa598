// svdkit::detail - the SVD of an upper bidiagonal matrix by implicit-shift QR iteration
// (Golub-Kahan / Golub-Reinsch, with Demmel-Kahan's zero shift and convergence criteria).
//
//         [ d₀ e₀             ]
//     B = [    d₁ e₁          ] = U_B · Σ · V_Bᵀ,   Σ = diag(σ₀ >= σ₁ >= … >= 0).
//         [        ⋱  ⋱       ]
//         [           d_{n−1} ]
//
// Each sweep applies a chain of Givens rotations that chases a bulge along the unreduced block
// d[ll..m], e[ll..m−1] from the top to the bottom, or from the bottom to the top when the block is
// graded the other way ("chasing direction chosen per block", [3, §3]). The shift is the smaller
// singular value of the trailing (or leading) 2×2; when it would be swamped by rounding compared
// with the smallest singular value estimate, the sweep uses a zero shift [3, §3], which involves no
// subtraction and keeps every singular value to high *relative* accuracy: each one, tiny or not,
// is computed to a few ulps times n [3, Thm 4]. Off-diagonal entries are set to zero when the
// relative criteria of [3, §4] (recurrences for a lower bound on σ_min) say they are negligible.
//
// Every inner step is counted; past 6·n² of them (LAPACK's bound) svdkit::no_convergence is thrown,
// so the iteration always terminates.
//
// bidiagonal_qr() at the bottom is the driver. Its steps - find an unreduced block, test it for
// convergence, choose the direction and the shift, sweep; at the end fix the signs and sort - are
// the functions above it, in that order.
//
// Values only go to dqds (dqds.hpp) when it is safe (dispatch.hpp, dqds_values): O(n²) like this
// iteration, relatively accurate like it, and about four times faster.
//
// References:
// [1] G. H. Golub, W. Kahan, "Calculating the singular values and pseudo-inverse of a matrix",
//     SIAM J. Numer. Anal. B 2 (1965).
// [2] G. H. Golub, C. Reinsch, "Singular value decomposition and least squares solutions",
//     Numer. Math. 14 (1970).
// [3] J. Demmel, W. Kahan, "Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
//     Comput. 11 (1990): zero-shift QR, convergence criteria, relative accuracy.
// [4] LAPACK dbdsqr, whose structure (thresholds, direction choice, 6·n² bound) this follows.
// [5] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §8.6.2, Alg. 8.6.1-8.6.2.
// [6] F. Van Zee, R. van de Geijn, G. Quintana-Ortí, "Restructuring the tridiagonal and
//     bidiagonal QR algorithms for performance", ACM TOMS 40 (2014).
#ifndef SVDKIT_DETAIL_BIDIAGONAL_QR_ITERATION_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_QR_ITERATION_HPP

#include <algorithm>  // std::max, std::min, std::swap_ranges
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t, std::ptrdiff_t
#include <utility>    // std::swap
#include <vector>     // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/givens.hpp"
#include "../kernels/numeric.hpp"
#include "../kernels/svd2x2.hpp"

namespace svdkit {
namespace detail {


/// The rotations of the QR sweeps, recorded and applied to the columns of U (or V) later, a
/// block of rows at a time. Each row of U is transformed independently of the others, so
/// applying every recorded rotation to rows r0…r0+RB before moving to the next rows does exactly
/// the arithmetic of applying them one by one (the same bits), while the row block stays in cache
/// across many sweeps instead of streaming the whole of U through memory once per sweep
/// (the idea of [6]'s wavefront application, in its simplest form).
/// One recorded rotation of rotation_sequence: columns k and k+1, cosine c, sine s.
template <class T>
struct recorded_rotation {
    std::size_t k;
    T c;
    T s;
};

/// Storage of bidiagonal_qr()'s delayed rotations, reusable across calls.
template <class T>
struct bidiagonal_qr_workspace {
    std::vector<recorded_rotation<T>> u, v;
    std::size_t step_cap = 0;  ///< test hook (tests/fallback.cpp): when nonzero, caps max_inner_steps

    std::size_t capacity_bytes() const noexcept { return bytes_of(u) + bytes_of(v); }
};

template <class T>
class rotation_sequence {
public:
    /// storage: where the rotations are kept (its capacity is reused; its contents are not).
    rotation_sequence(matrix<T>* target, std::size_t n, std::vector<recorded_rotation<T>>& storage)
        : target_(target), rot_(storage) {
        rot_.clear();
        if (target_ != nullptr) {
            capacity_ = 64 * n + 64;
            rot_.reserve(capacity_);
        }
    }
    /// Records x ← c·x + s·y, y ← c·y − s·x on columns k and k+1.
    void push(std::size_t k, T c, T s) {
        if (target_ == nullptr) return;
        rot_.push_back({k, c, s});
        if (rot_.size() >= capacity_) flush();
    }
    /// Applies every recorded rotation, in order.
    void flush() noexcept {
        if (target_ == nullptr || rot_.empty()) return;
        const std::size_t rows = target_->rows();
        for (std::size_t r0 = 0; r0 < rows; r0 += rb) {
            const std::size_t len = rows - r0 < rb ? rows - r0 : rb;
            // A sweep makes runs of rotations on neighbouring column pairs (k, k+1), (k+1, k+2), …
            // (or downwards). Within a run, the column shared by consecutive rotations stays in a
            // small buffer: one load and one store per rotation instead of two of each.
            std::size_t i = 0;
            while (i < rot_.size()) {
                std::size_t j = i + 1;
                if (j < rot_.size() && rot_[j].k == rot_[i].k + 1) {
                    while (j < rot_.size() && rot_[j].k == rot_[j - 1].k + 1) ++j;
                    run_up(i, j, r0, len);
                } else if (j < rot_.size() && rot_[j].k + 1 == rot_[i].k) {
                    while (j < rot_.size() && rot_[j].k + 1 == rot_[j - 1].k) ++j;
                    run_down(i, j, r0, len);
                } else {
                    T* x = target_->col_ptr(rot_[i].k) + r0;
                    rotate(len, x, x + rows, rot_[i].c, rot_[i].s);
                }
                i = j;
            }
        }
        rot_.clear();
    }

private:
    static constexpr std::size_t rb = 64;  // rows per block: 64 doubles of a column, 512 bytes

    // Rotations first…last−1 act on (k, k+1), (k+1, k+2), …: carry the right-hand column.
    void run_up(std::size_t first, std::size_t last, std::size_t r0, std::size_t len) noexcept {
        T carry[rb];
        const T* x0 = target_->col_ptr(rot_[first].k) + r0;
        for (std::size_t r = 0; r < len; ++r) carry[r] = x0[r];
        for (std::size_t g = first; g < last; ++g) {
            T* x = target_->col_ptr(rot_[g].k) + r0;
            const T* y = target_->col_ptr(rot_[g].k + 1) + r0;
            const T c = rot_[g].c, s = rot_[g].s;
            for (std::size_t r = 0; r < len; ++r) {
                const T xr = carry[r];
                const T yr = y[r];
                x[r] = c * xr + s * yr;
                carry[r] = c * yr - s * xr;
            }
        }
        T* y_last = target_->col_ptr(rot_[last - 1].k + 1) + r0;
        for (std::size_t r = 0; r < len; ++r) y_last[r] = carry[r];
    }

    // Rotations first…last−1 act on (k, k+1), (k−1, k), …: carry the left-hand column.
    void run_down(std::size_t first, std::size_t last, std::size_t r0, std::size_t len) noexcept {
        T carry[rb];
        const T* y0 = target_->col_ptr(rot_[first].k + 1) + r0;
        for (std::size_t r = 0; r < len; ++r) carry[r] = y0[r];
        for (std::size_t g = first; g < last; ++g) {
            const T* x = target_->col_ptr(rot_[g].k) + r0;
            T* y = target_->col_ptr(rot_[g].k + 1) + r0;
            const T c = rot_[g].c, s = rot_[g].s;
            for (std::size_t r = 0; r < len; ++r) {
                const T xr = x[r];
                const T yr = carry[r];
                y[r] = c * yr - s * xr;
                carry[r] = c * xr + s * yr;
            }
        }
        T* x_last = target_->col_ptr(rot_[last - 1].k) + r0;
        for (std::size_t r = 0; r < len; ++r) x_last[r] = carry[r];
    }

    matrix<T>* target_;
    std::size_t capacity_ = 0;
    std::vector<recorded_rotation<T>>& rot_;
};

/// The number of singular values of (d, e) that stand in 1×1 blocks (both neighbouring e zero).
template <class T>
std::size_t isolated_values(const std::vector<T>& d, const std::vector<T>& e) noexcept {
    std::size_t count = 0;
    for (std::size_t i = 0; i < d.size(); ++i)
        if ((i == 0 || e[i - 1] == T(0)) && (i + 1 == d.size() || e[i] == T(0))) ++count;
    return count;
}

/// The default bound on inner steps: 6·n² (LAPACK dbdsqr's MAXITR·N²).
inline std::size_t default_max_inner_steps(std::size_t n) noexcept { return 6 * n * n; }

// The steps of bidiagonal_qr(), in the order the driver takes them. Each works on the unreduced
// block d[ll..m], e[ll..m−1] (0 <= ll < m) through raw pointers to the whole of d and e, so that
// indices are the ones of the matrix, as in [4].

/// Which way a sweep chases the bulge: down from row ll to row m (LAPACK's idir = 1), or up from
/// row m to row ll (idir = 2).
enum class chase_direction { down, up };

/// The absolute part of the deflation test [4]: an |e_i| <= this is negligible in any block. It
/// is tol times the lower bound min_i μ_i / √n <= σ_min [3, §4] from the recurrence
///     μ₀ = |d₀|,  μ_i = |d_i| · μ_{i−1} / (μ_{i−1} + |e_{i−1}|)   (min_i μ_i = 1/‖B⁻¹‖₁),
/// here over the whole matrix, or a few underflows (6·n²·unfl, unfl = safe_min unless the caller
/// scaled B: see bidiagonal_qr) when that is larger.
template <class T>
T deflation_threshold(const T* d, const T* e, std::ptrdiff_t n, T tol, T unfl = constants<T>::safe_min()) noexcept {
    const T nt = static_cast<T>(n);
    T sminoa = std::abs(d[0]);
    if (sminoa != T(0)) {
        T mu = sminoa;
        for (std::ptrdiff_t i = 1; i < n; ++i) {
            mu = std::abs(d[i]) * (mu / (mu + std::abs(e[i - 1])));
            sminoa = std::min(sminoa, mu);
            if (sminoa == T(0)) break;
        }
    }
    sminoa = sminoa / std::sqrt(nt);
    return std::max(tol * sminoa, T(6) * (nt * (nt * unfl)));
}

/// The unreduced block that ends at row m: its first row ll, and smax = the largest |d_i|, |e_i|
/// in it (an estimate of σ_max of the block, for the choice of shift).
template <class T>
struct unreduced_block {
    std::ptrdiff_t ll;  // == m: d[m] has split off, it has converged
    T smax;
};

/// Scans up from e[m−1] for the first |e_i| <= thresh, sets that e_i to zero and returns the block
/// below it, ll = i + 1 (ll = 0 when there is none).
template <class T>
unreduced_block<T> find_unreduced_block(const T* d, T* e, std::ptrdiff_t m, T thresh) noexcept {
    T smax = std::abs(d[m]);
    for (std::ptrdiff_t i = m - 1; i >= 0; --i) {
        const T abss = std::abs(d[i]);
        const T abse = std::abs(e[i]);
        // An exact zero always splits, whatever thresh is: the relative tests set e to zero and
        // go round again without counting a step, so if a NaN threshold (d[0] = NaN) did not see
        // that zero here, the loop would never end (the hang of Reference-LAPACK issue 1409).
        // For a finite thresh >= 0 this adds nothing.
        if (abse <= thresh || abse == T(0)) {
            e[i] = T(0);
            return {i + 1, smax};
        }
        smax = std::max(smax, std::max(abss, abse));
    }
    return {0, smax};
}

/// A 2×2 block d[m−1..m] is finished directly by its SVD (svd2x2, LAPACK dlasv2): signed values,
/// the right rotation to V and the left one to U.
template <class T>
void solve_2x2_block(T* d, T* e, std::ptrdiff_t m, rotation_sequence<T>& ru, rotation_sequence<T>& rv) {
    const svd2x2_t<T> r = svd2x2(d[m - 1], e[m - 1], d[m]);
    d[m - 1] = r.smax;
    e[m - 1] = T(0);
    d[m] = r.smin;
    rv.push(static_cast<std::size_t>(m - 1), r.cr, r.sr);
    ru.push(static_cast<std::size_t>(m - 1), r.cl, r.sl);
}

/// For a new block, chase towards the smaller end: a graded block then keeps its small entries at
/// the end where deflation happens [3, §3].
template <class T>
chase_direction choose_chase_direction(const T* d, std::ptrdiff_t ll, std::ptrdiff_t m) noexcept {
    return std::abs(d[ll]) >= std::abs(d[m]) ? chase_direction::down : chase_direction::up;
}

/// The outcome of the relative convergence tests on a block.
template <class T>
struct relative_deflation {
    bool split;  // an e_j was negligible and is now zero: find the blocks again
    T sminl;     // otherwise the least μ_j, within a factor √(m−ll+1) of σ_min of the block
};

/// The relative convergence tests of [3, §4] for a sweep downwards, in the order of [4]: the cheap
/// one, |e_{m−1}| <= tol·|d_m|, then along the recurrence
///     μ_ll = |d_ll|,  μ_{j+1} = |d_{j+1}| · μ_j / (μ_j + |e_j|),
/// |e_j| <= tol·μ_j. Setting such an e_j to zero changes no singular value by more than a modest
/// multiple of tol relative to itself [3, §4]. The first negligible e_j found is set to zero.
template <class T>
relative_deflation<T> relative_deflation_down(const T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T tol) noexcept {
    if (std::abs(e[m - 1]) <= tol * std::abs(d[m])) {
        e[m - 1] = T(0);
        return {true, T(0)};
    }
    T mu = std::abs(d[ll]);
    T sminl = mu;
    for (std::ptrdiff_t j = ll; j < m; ++j) {
        if (std::abs(e[j]) <= tol * mu) {
            e[j] = T(0);
            return {true, sminl};
        }
        mu = std::abs(d[j + 1]) * (mu / (mu + std::abs(e[j])));
        sminl = std::min(sminl, mu);
    }
    return {false, sminl};
}

/// relative_deflation_down() mirrored for a sweep upwards: |e_ll| <= tol·|d_ll|, then the
/// recurrence from the bottom, λ_m = |d_m|, λ_j = |d_j| · λ_{j+1} / (λ_{j+1} + |e_j|) (min_j λ_j =
/// 1/‖B⁻¹‖_∞ of the block), and |e_j| <= tol·λ_{j+1}.
template <class T>
relative_deflation<T> relative_deflation_up(const T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T tol) noexcept {
    if (std::abs(e[ll]) <= tol * std::abs(d[ll])) {
        e[ll] = T(0);
        return {true, T(0)};
    }
    T mu = std::abs(d[m]);
    T sminl = mu;
    for (std::ptrdiff_t j = m - 1; j >= ll; --j) {
        if (std::abs(e[j]) <= tol * mu) {
            e[j] = T(0);
            return {true, sminl};
        }
        mu = std::abs(d[j]) * (mu / (mu + std::abs(e[j])));
        sminl = std::min(sminl, mu);
    }
    return {false, sminl};
}

/// The shift of the next sweep. Zero when the block's smallest singular value is so small against
/// its largest that a nonzero shift would destroy its relative accuracy [3, §3]:
///     n·tol·sminl/smax <= max(ε, tol/100)   (n of the whole matrix, nt, as in [4]);
/// otherwise the smaller singular value of the 2×2 at the end the chase goes to, unless that is
/// negligible against the entry where it starts (d_ll down, d_m up), (shift/|d|)² < ε: it would
/// then only cost accuracy.
template <class T>
T qr_shift(const T* d, const T* e, std::ptrdiff_t ll, std::ptrdiff_t m, chase_direction dir, T sminl,
           T smax, T nt, T tol) noexcept {
    const T eps = constants<T>::unit_roundoff();
    if (nt * tol * (sminl / smax) <= std::max(eps, T(0.01) * tol)) return T(0);
    T sll, shift;
    if (dir == chase_direction::down) {
        sll = std::abs(d[ll]);
        shift = svd2x2_values(d[m - 1], e[m - 1], d[m]).smin;
    } else {
        sll = std::abs(d[m]);
        shift = svd2x2_values(d[ll], e[ll], d[ll + 1]).smin;
    }
    if (sll > T(0) && (shift / sll) * (shift / sll) < eps) shift = 0;
    return shift;
}

/// One implicit zero-shift QR sweep down the block [3, §3]: B ← Qᵀ·B·P, the rotations of P on
/// columns (i, i+1) recorded for V and those of Q on rows (i, i+1) for U. With shift 0 the first
/// rotation is the one that zeroes e_ll against d_ll, and every new entry comes out as a product of
/// cosines, sines and old entries: no subtraction at all, so each one, however small, keeps its
/// relative accuracy. Ends with the absolute deflation test on the new e_{m−1}.
template <class T>
void zero_shift_sweep_down(T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T thresh,
                           rotation_sequence<T>& ru, rotation_sequence<T>& rv) {
    T cs = 1, oldcs = 1, oldsn = 0;
    for (std::ptrdiff_t i = ll; i < m; ++i) {
        const givens<T> g1 = make_givens(d[i] * cs, e[i]);
        cs = g1.c;
        const T sn = g1.s;
        if (i > ll) e[i - 1] = oldsn * g1.r;
        const givens<T> g2 = make_givens(oldcs * g1.r, d[i + 1] * sn);
        oldcs = g2.c;
        oldsn = g2.s;
        d[i] = g2.r;
        rv.push(static_cast<std::size_t>(i), cs, sn);
        ru.push(static_cast<std::size_t>(i), oldcs, oldsn);
    }
    const T h = d[m] * cs;
    d[m] = h * oldcs;
    e[m - 1] = h * oldsn;
    if (std::abs(e[m - 1]) <= thresh) e[m - 1] = T(0);
}

/// zero_shift_sweep_down() mirrored, chasing from row m up to row ll: it is the sweep down of
/// J·Bᵀ·J (J the reversal, an upper bidiagonal with d and e read backwards), so the rotations that
/// went to V go to U and vice versa, and each is recorded on columns (i−1, i) with s negated, as
/// the reversal swaps the two columns. Ends with the absolute deflation test on the new e_ll.
template <class T>
void zero_shift_sweep_up(T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T thresh,
                         rotation_sequence<T>& ru, rotation_sequence<T>& rv) {
    T cs = 1, oldcs = 1, oldsn = 0;
    for (std::ptrdiff_t i = m; i > ll; --i) {
        const givens<T> g1 = make_givens(d[i] * cs, e[i - 1]);
        cs = g1.c;
        const T sn = g1.s;
        if (i < m) e[i] = oldsn * g1.r;
        const givens<T> g2 = make_givens(oldcs * g1.r, d[i - 1] * sn);
        oldcs = g2.c;
        oldsn = g2.s;
        d[i] = g2.r;
        rv.push(static_cast<std::size_t>(i - 1), oldcs, -oldsn);
        ru.push(static_cast<std::size_t>(i - 1), cs, -sn);
    }
    const T h = d[ll] * cs;
    d[ll] = h * oldcs;
    e[ll] = h * oldsn;
    if (std::abs(e[ll]) <= thresh) e[ll] = T(0);
}

/// One implicit-shift QR sweep down the block [5, Alg. 8.6.1]: the first right rotation is the one
/// that would start QR on BᵀB − shift²·I, i.e. it zeroes the second entry of
///     ( (|d_ll| − shift)·(sign(d_ll) + shift/d_ll),  e_ll )  =  ( (d_ll² − shift²)/d_ll, e_ll ),
/// (the first column of BᵀB − shift²·I divided by d_ll, formed without squaring [4]); the
/// bulge it creates below the diagonal is chased down by alternate left and right rotations.
/// Ends with the absolute deflation test on the new e_{m−1}.
template <class T>
void shifted_sweep_down(T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T shift, T thresh,
                        rotation_sequence<T>& ru, rotation_sequence<T>& rv) {
    T f = (std::abs(d[ll]) - shift) * (sign(T(1), d[ll]) + shift / d[ll]);
    T g = e[ll];
    for (std::ptrdiff_t i = ll; i < m; ++i) {
        const givens<T> gr = make_givens(f, g);
        if (i > ll) e[i - 1] = gr.r;
        f = gr.c * d[i] + gr.s * e[i];
        e[i] = gr.c * e[i] - gr.s * d[i];
        g = gr.s * d[i + 1];
        d[i + 1] = gr.c * d[i + 1];
        const givens<T> gl = make_givens(f, g);
        d[i] = gl.r;
        f = gl.c * e[i] + gl.s * d[i + 1];
        d[i + 1] = gl.c * d[i + 1] - gl.s * e[i];
        if (i < m - 1) {
            g = gl.s * e[i + 1];
            e[i + 1] = gl.c * e[i + 1];
        }
        rv.push(static_cast<std::size_t>(i), gr.c, gr.s);
        ru.push(static_cast<std::size_t>(i), gl.c, gl.s);
    }
    e[m - 1] = f;
    if (std::abs(e[m - 1]) <= thresh) e[m - 1] = T(0);
}

/// shifted_sweep_down() mirrored, the sweep down of J·Bᵀ·J as in zero_shift_sweep_up() (gr goes to
/// U, gl to V, s negated): the shift enters at d_m, e_{m−1} and the bulge is chased up to row ll.
/// Ends with the absolute deflation test on the new e_ll.
template <class T>
void shifted_sweep_up(T* d, T* e, std::ptrdiff_t ll, std::ptrdiff_t m, T shift, T thresh,
                      rotation_sequence<T>& ru, rotation_sequence<T>& rv) {
    T f = (std::abs(d[m]) - shift) * (sign(T(1), d[m]) + shift / d[m]);
    T g = e[m - 1];
    for (std::ptrdiff_t i = m; i > ll; --i) {
        const givens<T> gr = make_givens(f, g);
        if (i < m) e[i] = gr.r;
        f = gr.c * d[i] + gr.s * e[i - 1];
        e[i - 1] = gr.c * e[i - 1] - gr.s * d[i];
        g = gr.s * d[i - 1];
        d[i - 1] = gr.c * d[i - 1];
        const givens<T> gl = make_givens(f, g);
        d[i] = gl.r;
        f = gl.c * e[i - 1] + gl.s * d[i - 1];
        d[i - 1] = gl.c * d[i - 1] - gl.s * e[i - 1];
        if (i > ll + 1) {
            g = gl.s * e[i - 2];
            e[i - 2] = gl.c * e[i - 2];
        }
        rv.push(static_cast<std::size_t>(i - 1), gl.c, -gl.s);
        ru.push(static_cast<std::size_t>(i - 1), gr.c, -gr.s);
    }
    e[ll] = f;
    if (std::abs(e[ll]) <= thresh) e[ll] = T(0);
}

/// The end: make the values non-negative (flipping the matching column of V) and sort them into
/// non-increasing order, permuting the columns of U and V with them. Selection sort: n² compares
/// but at most n column swaps, the expensive part.
template <class T>
void fix_signs_and_sort(std::vector<T>& d, matrix<T>* u, matrix<T>* v) noexcept {
    const std::size_t nn = d.size();
    for (std::size_t i = 0; i < nn; ++i) {
        if (d[i] < T(0)) {
            d[i] = -d[i];
            if (v != nullptr)
                for (std::size_t r = 0; r < v->rows(); ++r) (*v)(r, i) = -(*v)(r, i);
        }
        d[i] = std::abs(d[i]);  // turns -0 into +0
    }
    for (std::size_t i = 0; i + 1 < nn; ++i) {
        std::size_t imax = i;
        for (std::size_t j = i + 1; j < nn; ++j)
            if (d[j] > d[imax]) imax = j;
        if (imax == i) continue;
        std::swap(d[i], d[imax]);
        if (u != nullptr) std::swap_ranges(u->col_ptr(i), u->col_ptr(i) + u->rows(), u->col_ptr(imax));
        if (v != nullptr) std::swap_ranges(v->col_ptr(i), v->col_ptr(i) + v->rows(), v->col_ptr(imax));
    }
}

/// Implicit-shift QR on the upper bidiagonal (d, e) ([3], [4] dbdsqr). On return d holds the
/// singular values in non-increasing order, all >= 0, e is zero, and the rotations have been
/// applied to the first n columns of u and v (when not null), so that if A = U·B·Vᵀ held before,
/// A = U·diag(d)·Vᵀ holds after. Returns the number of inner steps used; throws
/// svdkit::no_convergence when more than max_inner_steps would be needed.
/// (d, e) must be finite, with max|B| at most 2^(−overflow_guard(n)) times T's overflow threshold
/// (dispatch.hpp): the iteration squares no entry (its 2×2 kernels and rotations work with ratios,
/// as dbdsqr's), so only ‖B‖ <= √(2n)·max|B| and a rotation's few multiples of it must stay finite.
/// ws (optional) keeps the rotation buffers for reuse across calls.
/// unfl: the underflow level of the absolute deflation floor 6·n²·unfl ([4]'s "in the absence of
/// underflow"), safe_min by default. A caller that scaled its bidiagonal down by 2^ex passes
/// safe_min·2^ex, so that the floor is its own problem's: otherwise every σ between 6·n²·safe_min
/// and 2^(−ex) times that would lose its relative accuracy to the scaling (dispatch.hpp,
/// scaled_underflow).
template <class T>
std::size_t bidiagonal_qr(std::vector<T>& d, std::vector<T>& e, matrix<T>* u, matrix<T>* v,
                          std::size_t max_inner_steps, bidiagonal_qr_workspace<T>* ws = nullptr,
                          T unfl = constants<T>::safe_min()) {
    using idx = std::ptrdiff_t;
    const idx n = static_cast<idx>(d.size());
    std::size_t iter = 0;
    bidiagonal_qr_workspace<T> local;
    bidiagonal_qr_workspace<T>& buffers = ws != nullptr ? *ws : local;
    if (buffers.step_cap != 0 && buffers.step_cap < max_inner_steps) max_inner_steps = buffers.step_cap;
    rotation_sequence<T> ru(u, d.size(), buffers.u);
    rotation_sequence<T> rv(v, d.size(), buffers.v);
    if (n > 1) {
        // tol: the relative size below which an off-diagonal entry counts as zero. LAPACK takes
        // between 10 and 100 ulps (eps^(-1/8)) [4]; 10 ulps costs ~2% more inner steps and cuts
        // the worst reconstruction error on small graded matrices from 11.8 to 1.1 (double) and
        // 9.6 to 1.3 (long double) in units of max(m,n)·ε·‖A‖.
        const T tol = T(10) * constants<T>::unit_roundoff();
        const T nt = static_cast<T>(n);
        T* const pd = d.data();
        T* const pe = e.data();
        const T thresh = deflation_threshold(pd, pe, n, tol, unfl);

        idx m = n - 1;  // bottom of the active part: d[0..m] may still hold unconverged values
        idx oldll = -1, oldm = -1;  // the block of the last sweep
        chase_direction dir = chase_direction::down;
        while (m > 0) {
            if (iter >= max_inner_steps)
                throw no_convergence("svdkit::bidiagonal_qr", isolated_values(d, e), d.size(), iter);
            const unreduced_block<T> block = find_unreduced_block(pd, pe, m, thresh);
            const idx ll = block.ll;
            if (ll == m) {  // d[m] has converged
                --m;
                continue;
            }
            if (ll == m - 1) {
                solve_2x2_block(pd, pe, m, ru, rv);
                m -= 2;
                continue;
            }
            if (ll > oldm || m < oldll) dir = choose_chase_direction(pd, ll, m);
            const relative_deflation<T> test = dir == chase_direction::down
                                                   ? relative_deflation_down(pd, pe, ll, m, tol)
                                                   : relative_deflation_up(pd, pe, ll, m, tol);
            if (test.split) continue;
            oldll = ll;
            oldm = m;
            const T shift = qr_shift(pd, pe, ll, m, dir, test.sminl, block.smax, nt, tol);
            iter += static_cast<std::size_t>(m - ll);
            if (shift == T(0)) {
                if (dir == chase_direction::down) zero_shift_sweep_down(pd, pe, ll, m, thresh, ru, rv);
                else zero_shift_sweep_up(pd, pe, ll, m, thresh, ru, rv);
            } else {
                if (dir == chase_direction::down) shifted_sweep_down(pd, pe, ll, m, shift, thresh, ru, rv);
                else shifted_sweep_up(pd, pe, ll, m, shift, thresh, ru, rv);
            }
        }
    }
    ru.flush();
    rv.flush();
    fix_signs_and_sort(d, u, v);
#ifdef SVDKIT_TEST_QR_STEPS_HOOK
    SVDKIT_TEST_QR_STEPS_HOOK(d.size(), iter);  // test-only: tests/stress.cpp records the step counts
#endif
    return iter;
}

template <class T>
std::size_t bidiagonal_qr(std::vector<T>& d, std::vector<T>& e, matrix<T>* u, matrix<T>* v) {
    return bidiagonal_qr(d, e, u, v, default_max_inner_steps(d.size()));
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_QR_ITERATION_HPP
