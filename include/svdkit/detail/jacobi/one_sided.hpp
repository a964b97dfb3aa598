// svdkit::detail - the preconditioned one-sided Jacobi SVD of the driver's working matrix
// (svd_method::jacobi, and the last method of svd()'s fallback chain).
//
// Drmač and Veselić's algorithm [1, 2] (LAPACK dgejsv) for W (M×N, M >= N):
//
//   1. Pᵣ·W·P = Q·R: rows sorted by their largest entry, Householder QR with column pivoting
//      (pivoted_qr.hpp; of R₀ after a plain blocked QR W = Q₀·R₀ when M >= 2N). R is N×N upper
//      triangular with |R(0,0)| >= |R(1,1)| >= ….
//   2. Rank: the rows of R from the first i with |R(i,i)| < safe_min on are dropped (r = i):
//      the trailing block they hold has norm below √N·safe_min, under the range where relative
//      accuracy means anything. An exactly rank-deficient W has R(i,i) = 0 there. Nothing else
//      is truncated, so tiny but representable σ keep their relative accuracy.
//   3. The second QR, chosen on κ̂, the row-scaled condition number of R (condition.hpp), as
//      dgejsv does: when κ̂(R) < √r and r = N, R(0:r, :)ᵀ = Q₂·R₂ and X = R₂ᵀ; otherwise with
//      column pivoting, R(0:r, :)ᵀ·P₂ = Q₂·R₂, then the LQ R₂ = L₃·Q₃ and X = L₃. The choice
//      looks at R only, so the values do not depend on the vectors asked for.
//   4. One-sided Jacobi on X (r×r, lower triangular), with de Rijk's pivoting (sweeps.hpp):
//      X·V_J = U_J·Σ. The QRs are the preconditioning: X's columns are nearly orthogonal
//      already, so few sweeps are needed [1, §5; 2, §3].
//   5. U_J (X's normalized columns, completed where one is zero) is one side of R: its left
//      vectors when X = R₂ᵀ, its right ones Q₂·U_J when X = L₃. The other side, R⁻¹·(U_J·Σ)
//      (X = R₂ᵀ) or P₂·Q₃ᵀ·V_J = P₂·R₂⁻¹·(U_J·Σ) (X = L₃), comes from one triangular solve with
//      R or R₂ where its κ̂ < √r ([2] §5, "V by a solve": the solve loses O(n·ε·κ̂) in those
//      vectors, nothing in the values; measured orthogonality 1.7-2 in units of k·ε at
//      N = 512-1024), else from V_J, the rotations accumulated per block pair and then
//      re-orthogonalized by its QR (dgejsv's last line of defence; also where a σ is below
//      safe_min/ε and U_J·Σ would underflow). Accumulating costs ~2·r³ flops per sweep, more
//      than the sweeps themselves. Then W = Pᵣᵀ·Q·[U_R 0; 0 I]·Σ·(P·[V_R 0; 0 I])ᵀ; the columns
//      r… (σ = 0, or the rest of a full basis) are Q's and Q₂'s own, orthonormal to the others
//      by construction.
//
// Guarantee (measured in tests/jacobi.cpp): for W = B·D or D·B with D diagonal and B well
// conditioned, every σᵢ (in the absence of underflow) to relative error O(κ(B)·ε), measured
// below 0.14·κ(B)·ε (κ(D) = 1e30, κ(B) <= 100, and Hilbert/Vandermonde with κ(B) ≈ 3e5); U and
// V orthonormal to O(k·ε) (the side taken from X's columns to O(√r·k·ε): each pair is left at a
// cosine up to tol = √r·ε; measured 4.5 at r = 512, 6.6 at 1024), and the vectors of σᵢ at
// relative gap δᵢ from the others accurate to O(κ(B)·ε/δᵢ).
//
// References:
// [1] Z. Drmač, K. Veselić, "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix
//     Anal. Appl. 29 (2008).
// [2] Z. Drmač, K. Veselić, "New fast and accurate Jacobi SVD algorithm II", SIAM J. Matrix
//     Anal. Appl. 29 (2008); LAPACK dgejsv, dgesvj.
// [3] J. Demmel, K. Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal.
//     Appl. 13 (1992).
#ifndef SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP
#define SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP

#include <algorithm>  // std::copy, std::fill, std::min, std::minmax_element
#include <cmath>      // std::abs, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <utility>    // std::swap
#include <vector>     // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../../svd_result.hpp"
#include "../kernels/numeric.hpp"
#include "../kernels/triangular.hpp"
#include "../reduction/householder.hpp"
#include "condition.hpp"
#include "pivoted_qr.hpp"
#include "sweeps.hpp"

namespace svdkit {
namespace detail {

/// The sweeps allowed before no_convergence (LAPACK dgesvj's bound).
constexpr std::size_t jacobi_max_sweeps = 30;

/// Which matrix the sweeps ran on (X = R₂ᵀ or L₃, see jacobi_svd step 3) and how the side they
/// do not give was found: by a triangular solve or from the accumulated rotations.
enum class jacobi_path { values_only, solve_r, accumulate_r, solve_r2, accumulate_l3 };

/// Scratch of jacobi_svd(), kept between calls by svd_workspace.
template <class T>
struct jacobi_workspace {
    matrix<T> v;                     ///< V_J, the accumulated rotations (r×r)
    matrix<T> basis;                 ///< completing a basis where σ = 0; V_J's QR
    matrix<T> uj;                    ///< U_J, X's normalized columns
    matrix<T> r0;                    ///< R₀ of a tall W's first QR (N×N)
    matrix<T> r2;                    ///< the second QR: R's rows transposed, then R₂ and Q₂'s reflectors
    matrix<T> l3;                    ///< the QR of R₂ᵀ = Q̃·L₃ᵀ (dgejsv's LQ of R₂)
    std::vector<T> tau0, tau, tau2, tau3, tau_v, norms;
    std::vector<T> column;           ///< the condition estimate's row-scaled triangle
    std::vector<std::size_t> order, jpvt, jpvt2, rows;
    householder_workspace<T> hh;
    pivoted_qr_workspace<T> qr;
    jacobi_columns<T> cols;
    std::size_t sweep_cap = 0;  ///< test hook (tests/fallback.cpp): when nonzero, at most this many sweeps
    std::size_t sweeps = 0;     ///< the last call's sweeps (for tests and benchmarks)
    bool force_accumulate = false;             ///< test hook: accumulate V_J even where a solve would do
    jacobi_path path = jacobi_path::values_only;  ///< the last call's path (for tests and benchmarks)

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(v) + bytes_of(basis) + bytes_of(uj) + bytes_of(r0) + bytes_of(r2) + bytes_of(l3) + bytes_of(tau0) + bytes_of(tau3) + bytes_of(tau) + bytes_of(tau2) +
               bytes_of(tau_v) + bytes_of(norms) + bytes_of(column) + bytes_of(order) + bytes_of(jpvt) + bytes_of(jpvt2) + bytes_of(rows) + hh.capacity_bytes() + qr.capacity_bytes() + cols.capacity_bytes();
    }
};

/// Columns `from`… of u (M×cols, the first `from` orthonormal) ← an orthonormal completion: Q of
/// the QR of those first columns, applied to [0; I].
template <class T>
void complete_basis(matrix<T>& u, std::size_t from, jacobi_workspace<T>& ws) {
    const std::size_t M = u.rows(), cols = u.cols();
    if (from >= cols) return;
    ws.basis.resize(M, from);
    for (std::size_t j = 0; j < from; ++j) std::copy(u.col_ptr(j), u.col_ptr(j) + M, ws.basis.col_ptr(j));
    householder_qr(ws.basis, ws.tau_v, ws.hh);
    matrix<T> x(M, cols - from);
    for (std::size_t j = 0; j < cols - from; ++j) x(from + j, j) = T(1);
    apply_q_left(ws.basis.data(), M, ws.tau_v.data(), from, x, ws.hh);
    for (std::size_t j = from; j < cols; ++j) std::copy(x.col_ptr(j - from), x.col_ptr(j - from) + M, u.col_ptr(j));
}

/// Rows of a (rows.size() of them) ← row i of a goes to row rows[i] (undoing sort_rows_by_max).
template <class T>
void unpermute_rows(matrix<T>& a, const std::vector<std::size_t>& rows, std::vector<T>& column) {
    const std::size_t m = rows.size();
    column.resize(m);
    for (std::size_t j = 0; j < a.cols(); ++j) {
        T* aj = a.col_ptr(j);
        for (std::size_t i = 0; i < m; ++i) column[rows[i]] = aj[i];
        std::copy(column.begin(), column.end(), aj);
    }
}

/// X (r×r, lower) ← Uᵀ for the r×r upper triangle at u (leading dimension ldu), loaded into the
/// sweeps' scaled columns.
template <class T>
void jacobi_load_transposed(jacobi_workspace<T>& ws, std::size_t r, const T* u, std::size_t ldu) {
    matrix<T>& y = ws.cols.y;  // X(i, j) = U(j, i), i >= j; zeros above (resize)
    y.resize(r, r);
    for (std::size_t j = 0; j < r; ++j)
        for (std::size_t i = j; i < r; ++i) y(i, j) = u[j + i * ldu];
    jacobi_scale_loaded(ws.cols);
}

/// dst (rows×r) ← X's columns unscaled, x_j = y_j·2^{e_j}, in the order of ws.order.
template <class T>
void jacobi_unscaled(const jacobi_workspace<T>& ws, std::size_t r, matrix<T>& dst, std::size_t rows) {
    const jacobi_columns<T>& c = ws.cols;
    dst.resize(rows, r);
    std::fill(dst.data(), dst.data() + rows * r, T(0));
    for (std::size_t j = 0; j < r; ++j) {
        const std::size_t k = ws.order[j];
        const T* yk = c.y.col_ptr(k);
        T* dj = dst.col_ptr(j);
        for (std::size_t i = 0; i < r; ++i) dj[i] = std::ldexp(yk[i], c.e[k]);
    }
}

/// Scales the first `cols` columns of a to unit norm (the solved vectors are unit to O(κ̂·ε)).
template <class T>
void normalize_columns(matrix<T>& a, std::size_t cols) {
    for (std::size_t j = 0; j < cols; ++j) {
        T* aj = a.col_ptr(j);
        const T nrm = norm2(a.rows(), aj);
        if (nrm > T(0))
            for (std::size_t i = 0; i < a.rows(); ++i) aj[i] /= nrm;
    }
}

/// The SVD of the M×N working matrix w (M >= N, finite, scaled by the driver; consumed): values
/// into s (non-increasing), left vectors into `left` (M×N thin, M×M full, 0×0 none), right
/// vectors into `right` (N×N, or 0×0 for none). Throws no_convergence after jacobi_max_sweeps
/// (or ws.sweep_cap) sweeps. `threads` and `pool` are passed to the matrix products.
template <class T>
void jacobi_svd(matrix<T>& w, vectors job_left, vectors job_right, std::vector<T>& s, matrix<T>& left,
                matrix<T>& right, jacobi_workspace<T>& ws, unsigned threads = 1, thread_pool* pool = nullptr) {
    const std::size_t M = w.rows(), N = w.cols();
    const bool want_u = job_left != vectors::none, want_v = job_right != vectors::none;
    ws.hh.gemm.threads = ws.cols.gemm.threads = threads;
    ws.hh.gemm.pool = ws.cols.gemm.pool = pool;

    // 1. Pᵣ·W·P = Q·R. A tall W (M >= 2N) is first reduced by the blocked, unpivoted Householder
    //    QR, W = Q₀·R₀, and the pivoted one runs on R₀ (N×N): the Level 2 pivoted QR of the whole
    //    of W would cost more than the sweeps (4000×200: 2.4× dgejsv's time). Householder QR is
    //    column-wise backward stable with or without pivoting, so B·D keeps its promise; the
    //    pivoting is there for the grading of R that the sweeps need. Row-wise stability (D·B)
    //    needs the column pivoting with the row sorting [Cox-Higham], so rows whose largest
    //    entries span more than 1/√ε take the pivoted QR of the whole of W.
    sort_rows_by_max(w, ws.rows, ws.qr);
    bool tall = M >= 2 * N;
    if (tall) {
        const auto mm = std::minmax_element(ws.qr.row_max.begin(), ws.qr.row_max.end());
        tall = *mm.second <= *mm.first / std::sqrt(std::numeric_limits<T>::epsilon());
    }
    if (tall) {
        householder_qr(w, ws.tau0, ws.hh);
        ws.r0.resize(N, N);
        for (std::size_t j = 0; j < N; ++j) std::copy(w.col_ptr(j), w.col_ptr(j) + j + 1, ws.r0.col_ptr(j));
    }
    matrix<T>& a = tall ? ws.r0 : w;
    pivoted_qr(a, ws.tau, ws.jpvt, ws.qr);

    // 2. The rank r: R's rows from the first negligible diagonal entry on are dropped.
    std::size_t r = 0;
    while (r < N && std::abs(a(r, r)) >= std::numeric_limits<T>::min()) ++r;

    // 3. The second QR, of R's first r rows transposed, and the matrix X of the sweeps [2, §3, §5]
    //    (dgejsv's choice, made on the row-scaled condition numbers κ̂ of condition.hpp against
    //    √r, and on R alone, so that the values do not depend on the vectors asked for):
    //    - κ̂(R) < √r and r = N: R(0:r, :)ᵀ = Q₂·R₂, X = R₂ᵀ, and R = X·Q₂ᵀ;
    //    - else R(0:r, :)ᵀ·P₂ = Q₂·R₂ with column pivoting, then R₂ = L₃·Q₃ (an LQ, as the QR of
    //      R₂ᵀ), X = L₃, and R = P₂·Q₃ᵀ·X ᵀ·Q₂ᵀ: one more step of preconditioning.
    //    X's columns are closer to orthogonal than Rᵀ's, so fewer sweeps are needed. Householder QR
    //    is column-wise backward stable, so R's rows (graded by the pivoting) keep their relative
    //    accuracy.
    matrix<T>& r2 = ws.r2;
    r2.resize(N, r);
    for (std::size_t i = 0; i < r; ++i) {
        T* ci = r2.col_ptr(i);
        std::fill(ci, ci + i, T(0));
        for (std::size_t j = i; j < N; ++j) ci[j] = a(i, j);
    }
    const T cond_ok = std::sqrt(static_cast<T>(r));
    bool x_is_l3 = false, solve = false;
    if (r > 1 && !(r == N && row_scaled_condition(N, a.data(), a.rows(), ws.column, ws.norms, ws.tau_v) < cond_ok)) {
        x_is_l3 = true;
        pivoted_qr(r2, ws.tau2, ws.jpvt2, ws.qr);
        solve = row_scaled_condition(r, r2.data(), N, ws.column, ws.norms, ws.tau_v) < cond_ok;
        ws.l3.resize(r, r);
        for (std::size_t j = 0; j < r; ++j)
            for (std::size_t i = 0; i < r; ++i) ws.l3(i, j) = i >= j ? r2(j, i) : T(0);
        householder_qr(ws.l3, ws.tau3, ws.hh);
    } else {
        householder_qr(r2, ws.tau2, ws.hh);
        solve = r == N && r > 1;
    }
    if (ws.force_accumulate) solve = false;
    auto load_x = [&] {
        if (x_is_l3)
            jacobi_load_transposed(ws, r, ws.l3.data(), r);
        else
            jacobi_load_transposed(ws, r, r2.data(), N);
    };
    load_x();

    // 4. Jacobi: X·V_J = U_J·Σ. U_J (X's normalized columns) gives R's left vectors when X = R₂ᵀ
    //    and its right ones Q₂·U_J when X = L₃; the other side is R⁻¹·(U_J·Σ) (X = R₂ᵀ) or
    //    P₂·Q₃ᵀ·V_J = P₂·R₂⁻¹·(U_J·Σ) (X = L₃), found by one triangular solve when that is
    //    accurate (`solve`: κ̂ < √r; it loses O(n·ε·κ̂) in the vectors and nothing in the values),
    //    else from V_J, the product of the rotations, accumulated (about 2·r³ flops per sweep,
    //    more than the sweeps themselves).
    const bool want_other = x_is_l3 ? want_u : want_v;
    const std::size_t max_sweeps = ws.sweep_cap != 0 ? std::min(ws.sweep_cap, jacobi_max_sweeps) : jacobi_max_sweeps;
    jacobi_columns<T>& c = ws.cols;
    std::size_t nonzero = 0;
    for (;;) {
        matrix<T>* vj = nullptr;
        if (want_other && !solve) {
            ws.v.resize(r, r);
            std::fill(ws.v.data(), ws.v.data() + r * r, T(0));
            for (std::size_t j = 0; j < r; ++j) ws.v(j, j) = T(1);
            vj = &ws.v;
        }
        ws.sweeps = jacobi_sweeps(ws.cols, vj, max_sweeps);

        // σ_j = ‖x_j‖ = ‖y_j‖·2^{e_j}, sorted non-increasing (stable); zeros beyond r.
        ws.order.resize(r);
        std::iota(ws.order.begin(), ws.order.end(), std::size_t(0));
        std::stable_sort(ws.order.begin(), ws.order.end(), [&](std::size_t x, std::size_t y) { return jacobi_larger(c, x, y); });
        s.assign(N, T(0));
        nonzero = 0;
        for (std::size_t j = 0; j < r; ++j) {
            const std::size_t k = ws.order[j];
            s[j] = std::ldexp(c.nrm[k], c.e[k]);
            if (c.nrm[k] != T(0)) nonzero = j + 1;
        }
        // A solve needs U_J·Σ without underflow: every σ above safe_min/ε. Otherwise (or if κ̂
        // was wrong and σ = 0 within the rank) the same sweeps run again, accumulating: the
        // rotations of X, so the values, are the same bits.
        if (!want_other || !solve ||
            (nonzero == r && s[r - 1] >= std::numeric_limits<T>::min() / std::numeric_limits<T>::epsilon()))
            break;
        solve = false;
        load_x();
    }

    ws.path = !want_other ? jacobi_path::values_only
              : x_is_l3   ? (solve ? jacobi_path::solve_r2 : jacobi_path::accumulate_l3)
                          : (solve ? jacobi_path::solve_r : jacobi_path::accumulate_r);
    if (want_other && !solve && r > 1) {
        // V_J went through about r rotations per column per sweep, accumulated in blocks: its
        // columns are orthonormal only to O(√(sweeps·r)·ε) (measured 14-21 in units of k·ε at
        // r = 256-512 on Gaussian input, where the bound of the other methods is 10). Its Q
        // factor, signed like V_J (R ≈ diag(±1)), is V_J moved by that much and orthonormal to
        // O(ε) per column.
        ws.basis.resize(r, r);
        std::copy(ws.v.data(), ws.v.data() + r * r, ws.basis.data());
        householder_qr(ws.basis, ws.tau_v, ws.hh);
        form_q(ws.basis.data(), r, ws.tau_v.data(), r, ws.v, ws.hh);
        for (std::size_t j = 0; j < r; ++j)
            if (ws.basis(j, j) < T(0))
                for (std::size_t i = 0; i < r; ++i) ws.v(i, j) = -ws.v(i, j);
    }
    // U_J = X's normalized columns; a zero column (σ = 0 within the rank) gets a completion.
    matrix<T>& uj = ws.uj;
    if (x_is_l3 ? want_v : want_u) {
        uj.resize(r, r);
        for (std::size_t j = 0; j < nonzero; ++j) {
            const std::size_t k = ws.order[j];
            const T* yk = c.y.col_ptr(k);
            T* uk = uj.col_ptr(j);
            for (std::size_t i = 0; i < r; ++i) uk[i] = yk[i] / c.nrm[k];
        }
        for (std::size_t j = nonzero; j < r; ++j) std::fill(uj.col_ptr(j), uj.col_ptr(j) + r, T(0));
        complete_basis(uj, nonzero, ws);
    }
    // The other side's r×r factor, in ws.v: solved, or V_J in σ's order (then Q₃ᵀ = Q̃ of the
    // QR of R₂ᵀ applied when X = L₃), and P₂ undone when X = L₃.
    if (want_other && r > 0) {
        if (solve) {
            jacobi_unscaled(ws, r, ws.basis, r);
            if (x_is_l3)
                trsm_upper(r, r, r2.data(), N, ws.basis.data(), r, &ws.cols.gemm);
            else
                trsm_upper(r, r, a.data(), a.rows(), ws.basis.data(), r, &ws.cols.gemm);
            normalize_columns(ws.basis, r);
        } else {
            ws.basis.resize(r, r);
            for (std::size_t j = 0; j < r; ++j) std::copy(ws.v.col_ptr(ws.order[j]), ws.v.col_ptr(ws.order[j]) + r, ws.basis.col_ptr(j));
            if (x_is_l3) apply_q_left(ws.l3.data(), r, ws.tau3.data(), r, ws.basis, ws.hh);
        }
        if (x_is_l3) unpermute_rows(ws.basis, ws.jpvt2, ws.norms);
        std::swap(ws.v, ws.basis);  // no copy: both are scratch
    }
    const matrix<T>& u_r = x_is_l3 ? ws.v : uj;  // R's left and right vectors (r×r)
    const matrix<T>& v_r = x_is_l3 ? uj : ws.v;

    // 5. The vectors: Pᵣᵀ·Q·[U_R 0; 0 I] and P·[V_R 0; 0 I], with V_R = Q₂·(…) unless R itself was
    //    solved with; the columns r… (σ = 0, or the rest of a full basis) are Q's and Q₂'s own,
    //    orthonormal to the others by construction.
    if (want_v) {
        right.resize(N, N);
        std::fill(right.data(), right.data() + N * N, T(0));
        for (std::size_t j = 0; j < r; ++j) std::copy(v_r.col_ptr(j), v_r.col_ptr(j) + r, right.col_ptr(j));
        for (std::size_t j = r; j < N; ++j) right(j, j) = T(1);
        if (x_is_l3 || !solve) apply_q_left(r2.data(), N, ws.tau2.data(), r, right, ws.hh);
        unpermute_rows(right, ws.jpvt, ws.norms);  // row i of P·V is row jpvt[i] of V
    } else {
        right.resize(0, 0);
    }
    if (!want_u) {
        left.resize(0, 0);
        return;
    }
    const std::size_t cols = job_left == vectors::full ? M : N;
    if (tall && cols == N) {
        // Thin U of a tall W: U = Q₀·(Q_R₀·[U_R 0; 0 I]), the N×N factor first (in r2, free now),
        // then Q₀ formed over its reflectors in w (consumed) and one M×N×N product, as dgesdd
        // forms U after its QR: half the flops of applying Q₀'s blocks to the whole of U go
        // through the long product, at the gemm kernel's best shape.
        matrix<T>& top = ws.r2;
        top.resize(N, N);
        for (std::size_t j = 0; j < r; ++j) std::copy(u_r.col_ptr(j), u_r.col_ptr(j) + r, top.col_ptr(j));
        for (std::size_t j = r; j < N; ++j) top(j, j) = T(1);
        apply_reflectors_backward(a.data(), a.rows(), ws.tau.data(), N, N, N, top.data(), N, false, ws.hh);
        form_q_in_place(N, ws.tau0.data(), w, ws.hh);
        matrix_storage::resize_for_overwrite(left, M, N);  // the product writes all of it
        gemm(false, false, M, N, N, T(1), w.data(), M, top.data(), N, T(0), left.data(), M, &ws.hh.gemm);
    } else {
        left.resize(M, cols);
        for (std::size_t j = 0; j < r; ++j) std::copy(u_r.col_ptr(j), u_r.col_ptr(j) + r, left.col_ptr(j));
        for (std::size_t j = r; j < cols; ++j) left(j, j) = T(1);
        // Q = Q₀·diag(Q_R₀, I) when tall: Q_R₀ acts on the first N rows.
        apply_reflectors_backward(a.data(), a.rows(), ws.tau.data(), N, a.rows(), cols, left.data(), M, false, ws.hh);
        if (tall) apply_q_left(w.data(), M, ws.tau0.data(), N, left, ws.hh);
    }
    unpermute_rows(left, ws.rows, ws.norms);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP
