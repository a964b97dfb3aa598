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
#include <limits>     // std::numeric_limits
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

/// Implicit-shift QR on the upper bidiagonal (d, e) ([3], [4] dbdsqr). On return d holds the
/// singular values in non-increasing order, all >= 0, e is zero, and the rotations have been
/// applied to the first n columns of u and v (when not null), so that if A = U·B·Vᵀ held before,
/// A = U·diag(d)·Vᵀ holds after. Returns the number of inner steps used; throws
/// svdkit::no_convergence when more than max_inner_steps would be needed.
/// (d, e) must be finite and scaled so that squares of their entries do not overflow.
/// ws (optional) keeps the rotation buffers for reuse across calls.
template <class T>
std::size_t bidiagonal_qr(std::vector<T>& d, std::vector<T>& e, matrix<T>* u, matrix<T>* v,
                          std::size_t max_inner_steps, bidiagonal_qr_workspace<T>* ws = nullptr) {
    using idx = std::ptrdiff_t;
    const idx n = static_cast<idx>(d.size());
    std::size_t iter = 0;
    bidiagonal_qr_workspace<T> local;
    bidiagonal_qr_workspace<T>& buffers = ws != nullptr ? *ws : local;
    rotation_sequence<T> ru(u, d.size(), buffers.u);
    rotation_sequence<T> rv(v, d.size(), buffers.v);
    if (n > 1) {
        const T eps = constants<T>::unit_roundoff();
        const T unfl = constants<T>::safe_min();
        // tol: the relative size below which an off-diagonal entry counts as zero. LAPACK takes
        // between 10 and 100 ulps (eps^(-1/8)) [4]; 10 ulps costs ~2% more inner steps and cuts
        // the worst reconstruction error on small graded matrices from 11.8 to 1.1 (double) and
        // 9.6 to 1.3 (long double) in units of max(m,n)·ε·‖A‖.
        const T tolmul = T(10);
        const T tol = tolmul * eps;
        const T nt = static_cast<T>(n);

        // Threshold for the absolute part of the deflation test: tol times a lower bound on
        // σ_min from the recurrence of [3, §4] (here over the whole matrix), or a few underflows.
        T sminoa = std::abs(d[0]);
        if (sminoa != T(0)) {
            T mu = sminoa;
            for (idx i = 1; i < n; ++i) {
                mu = std::abs(d[static_cast<std::size_t>(i)]) * (mu / (mu + std::abs(e[static_cast<std::size_t>(i - 1)])));
                sminoa = std::min(sminoa, mu);
                if (sminoa == T(0)) break;
            }
        }
        sminoa = sminoa / std::sqrt(nt);
        const T thresh = std::max(tol * sminoa, T(6) * (nt * (nt * unfl)));

        auto D = [&](idx i) -> T& { return d[static_cast<std::size_t>(i)]; };
        auto E = [&](idx i) -> T& { return e[static_cast<std::size_t>(i)]; };

        idx m = n - 1;  // bottom of the active part: d[0..m] may still hold unconverged values
        idx oldll = -1;
        idx oldm = -1;
        int idir = 0;
        while (m > 0) {
            if (iter >= max_inner_steps)
                throw no_convergence("svdkit::bidiagonal_qr", isolated_values(d, e), d.size(), iter);

            // step 1: find the unreduced block d[ll..m] by scanning up from the bottom for a
            // negligible e; on the way, smax = largest entry of the block.
            T smax = std::abs(D(m));
            idx ll = -1;
            for (idx i = m - 1; i >= 0; --i) {
                const T abss = std::abs(D(i));
                const T abse = std::abs(E(i));
                // An exact zero always splits, whatever thresh is: the convergence tests of
                // step 4 set e to zero and go round again without counting a step, so if a NaN
                // threshold (d[0] = NaN) did not see that zero here, the loop would never end
                // (the hang of Reference-LAPACK issue 1409). For a finite thresh >= 0 this adds nothing.
                if (abse <= thresh || abse == T(0)) {
                    E(i) = T(0);
                    ll = i;
                    break;
                }
                smax = std::max(smax, std::max(abss, abse));
            }
            if (ll == m - 1) {
                // d[m] has split off: it has converged.
                --m;
                continue;
            }
            ++ll;  // first row of the block

            // step 2: a 2×2 block is finished directly.
            if (ll == m - 1) {
                const svd2x2_t<T> r = svd2x2(D(m - 1), E(m - 1), D(m));
                D(m - 1) = r.smax;
                E(m - 1) = T(0);
                D(m) = r.smin;
                rv.push(static_cast<std::size_t>(m - 1), r.cr, r.sr);
                ru.push(static_cast<std::size_t>(m - 1), r.cl, r.sl);
                m -= 2;
                continue;
            }

            // step 3: for a new block, chase towards the smaller end: a graded block then keeps
            // its small entries at the end where deflation happens [3, §3].
            if (ll > oldm || m < oldll) idir = std::abs(D(ll)) >= std::abs(D(m)) ? 1 : 2;

            // step 4: convergence tests [3, §4]. Besides the cheap test on the last e, run the
            // recurrence for a lower bound mu on σ_min of the trailing (or leading) part; any
            // e_j <= tol·mu_j can be set to zero with a relative perturbation of the values.
            T sminl = 0;
            bool split = false;
            if (idir == 1) {
                if (std::abs(E(m - 1)) <= tol * std::abs(D(m))) {
                    E(m - 1) = T(0);
                    continue;
                }
                T mu = std::abs(D(ll));
                sminl = mu;
                for (idx j = ll; j < m; ++j) {
                    if (std::abs(E(j)) <= tol * mu) {
                        E(j) = T(0);
                        split = true;
                        break;
                    }
                    mu = std::abs(D(j + 1)) * (mu / (mu + std::abs(E(j))));
                    sminl = std::min(sminl, mu);
                }
            } else {
                if (std::abs(E(ll)) <= tol * std::abs(D(ll))) {
                    E(ll) = T(0);
                    continue;
                }
                T mu = std::abs(D(m));
                sminl = mu;
                for (idx j = m - 1; j >= ll; --j) {
                    if (std::abs(E(j)) <= tol * mu) {
                        E(j) = T(0);
                        split = true;
                        break;
                    }
                    mu = std::abs(D(j)) * (mu / (mu + std::abs(E(j))));
                    sminl = std::min(sminl, mu);
                }
            }
            if (split) continue;
            oldll = ll;
            oldm = m;

            // step 5: the shift. Zero if the smallest singular value is so small, relative to
            // the largest, that a nonzero shift would destroy its relative accuracy [3, §3];
            // otherwise the smaller singular value of the 2×2 at the far end of the chase.
            T shift = 0;
            if (!(nt * tol * (sminl / smax) <= std::max(eps, T(0.01) * tol))) {
                T sll;
                if (idir == 1) {
                    sll = std::abs(D(ll));
                    shift = svd2x2_values(D(m - 1), E(m - 1), D(m)).smin;
                } else {
                    sll = std::abs(D(m));
                    shift = svd2x2_values(D(ll), E(ll), D(ll + 1)).smin;
                }
                // A shift negligible against the first entry would only cost accuracy.
                if (sll > T(0) && (shift / sll) * (shift / sll) < eps) shift = 0;
            }

            iter += static_cast<std::size_t>(m - ll);

            // step 6: one sweep. Each pair of rotations is applied to u and v as soon as it is
            // made, in the order LAPACK's dlasr would apply the saved sequence.
            if (shift == T(0)) {
                // Zero-shift QR [3, §3, "implicit zero-shift QR"]: no subtractions at all.
                if (idir == 1) {
                    T cs = 1, oldcs = 1, oldsn = 0;
                    for (idx i = ll; i < m; ++i) {
                        const givens<T> g1 = make_givens(D(i) * cs, E(i));
                        cs = g1.c;
                        const T sn = g1.s;
                        if (i > ll) E(i - 1) = oldsn * g1.r;
                        const givens<T> g2 = make_givens(oldcs * g1.r, D(i + 1) * sn);
                        oldcs = g2.c;
                        oldsn = g2.s;
                        D(i) = g2.r;
                        rv.push(static_cast<std::size_t>(i), cs, sn);
                        ru.push(static_cast<std::size_t>(i), oldcs, oldsn);
                    }
                    const T h = D(m) * cs;
                    D(m) = h * oldcs;
                    E(m - 1) = h * oldsn;
                    if (std::abs(E(m - 1)) <= thresh) E(m - 1) = T(0);
                } else {
                    T cs = 1, oldcs = 1, oldsn = 0;
                    for (idx i = m; i > ll; --i) {
                        const givens<T> g1 = make_givens(D(i) * cs, E(i - 1));
                        cs = g1.c;
                        const T sn = g1.s;
                        if (i < m) E(i) = oldsn * g1.r;
                        const givens<T> g2 = make_givens(oldcs * g1.r, D(i - 1) * sn);
                        oldcs = g2.c;
                        oldsn = g2.s;
                        D(i) = g2.r;
                        rv.push(static_cast<std::size_t>(i - 1), oldcs, -oldsn);
                        ru.push(static_cast<std::size_t>(i - 1), cs, -sn);
                    }
                    const T h = D(ll) * cs;
                    D(ll) = h * oldcs;
                    E(ll) = h * oldsn;
                    if (std::abs(E(ll)) <= thresh) E(ll) = T(0);
                }
            } else {
                // Shifted QR [5, Alg. 8.6.1], implicitly: the first rotation is the one that
                // would start QR on BᵀB − shift²·I; the rest chase the bulge it creates.
                if (idir == 1) {
                    T f = (std::abs(D(ll)) - shift) * (sign(T(1), D(ll)) + shift / D(ll));
                    T g = E(ll);
                    for (idx i = ll; i < m; ++i) {
                        const givens<T> gr = make_givens(f, g);
                        if (i > ll) E(i - 1) = gr.r;
                        f = gr.c * D(i) + gr.s * E(i);
                        E(i) = gr.c * E(i) - gr.s * D(i);
                        g = gr.s * D(i + 1);
                        D(i + 1) = gr.c * D(i + 1);
                        const givens<T> gl = make_givens(f, g);
                        D(i) = gl.r;
                        f = gl.c * E(i) + gl.s * D(i + 1);
                        D(i + 1) = gl.c * D(i + 1) - gl.s * E(i);
                        if (i < m - 1) {
                            g = gl.s * E(i + 1);
                            E(i + 1) = gl.c * E(i + 1);
                        }
                        rv.push(static_cast<std::size_t>(i), gr.c, gr.s);
                        ru.push(static_cast<std::size_t>(i), gl.c, gl.s);
                    }
                    E(m - 1) = f;
                    if (std::abs(E(m - 1)) <= thresh) E(m - 1) = T(0);
                } else {
                    T f = (std::abs(D(m)) - shift) * (sign(T(1), D(m)) + shift / D(m));
                    T g = E(m - 1);
                    for (idx i = m; i > ll; --i) {
                        const givens<T> gr = make_givens(f, g);
                        if (i < m) E(i) = gr.r;
                        f = gr.c * D(i) + gr.s * E(i - 1);
                        E(i - 1) = gr.c * E(i - 1) - gr.s * D(i);
                        g = gr.s * D(i - 1);
                        D(i - 1) = gr.c * D(i - 1);
                        const givens<T> gl = make_givens(f, g);
                        D(i) = gl.r;
                        f = gl.c * E(i - 1) + gl.s * D(i - 1);
                        D(i - 1) = gl.c * D(i - 1) - gl.s * E(i - 1);
                        if (i > ll + 1) {
                            g = gl.s * E(i - 2);
                            E(i - 2) = gl.c * E(i - 2);
                        }
                        rv.push(static_cast<std::size_t>(i - 1), gl.c, -gl.s);
                        ru.push(static_cast<std::size_t>(i - 1), gr.c, -gr.s);
                    }
                    E(ll) = f;
                    if (std::abs(E(ll)) <= thresh) E(ll) = T(0);
                }
            }
        }
    }

    ru.flush();
    rv.flush();

    // step 7: make the values non-negative (flipping the matching right vector) and sort them
    // into non-increasing order, permuting the vectors with them. Selection sort: n² compares
    // but at most n column swaps, the expensive part.
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
