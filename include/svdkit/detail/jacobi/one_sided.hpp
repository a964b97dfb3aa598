// svdkit::detail - one-sided Jacobi SVD of the driver's working matrix (svd_method::jacobi, and
// the last method of svd()'s fallback chain).
//
// Hestenes' method: rotate pairs of columns of W (M×N, M >= N) until they are mutually
// orthogonal to working accuracy; then σⱼ = ‖wⱼ‖, uⱼ = wⱼ/σⱼ, and V is the product of the
// rotations. Each rotation diagonalizes the 2×2 Gram matrix [a c; c b] of its pair (a = ‖w_p‖²,
// b = ‖w_q‖², c = w_pᵀw_q) and so never mixes columns by more than their own correlation; on
// A = B·D (D diagonal, B well conditioned) every σᵢ comes out to relative accuracy O(κ(B)·ε)
// [1, 2].
//
// References:
// [1] J. Demmel, K. Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal.
//     Appl. 13 (1992).
// [2] J. Demmel, Applied Numerical Linear Algebra (1997), Algorithm 5.5 (one-sided Jacobi).
// [3] LAPACK dgesvj: the convergence test |c| <= M·ε·√(a·b) per pair, at most 30 sweeps.
#ifndef SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP
#define SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP

#include <algorithm>  // std::copy, std::sort, std::min
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <vector>     // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../../svd_result.hpp"
#include "../kernels/numeric.hpp"
#include "../reduction/householder.hpp"

namespace svdkit {
namespace detail {

/// The sweeps allowed before no_convergence (LAPACK dgesvj's bound).
constexpr std::size_t jacobi_max_sweeps = 30;

/// Scratch of jacobi_svd(), kept between calls by svd_workspace.
template <class T>
struct jacobi_workspace {
    matrix<T> v;                     ///< the accumulated rotations (N×N)
    matrix<T> basis;                 ///< completing U where σ = 0 or U is full
    std::vector<T> tau, norms;
    std::vector<std::size_t> order;
    householder_workspace<T> hh;
    std::size_t sweep_cap = 0;  ///< test hook (tests/fallback.cpp): when nonzero, at most this many sweeps

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(v) + bytes_of(basis) + bytes_of(tau) + bytes_of(norms) + bytes_of(order) + hh.capacity_bytes();
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
    householder_qr(ws.basis, ws.tau, ws.hh);
    matrix<T> x(M, cols - from);
    for (std::size_t j = 0; j < cols - from; ++j) x(from + j, j) = T(1);
    apply_q_left(ws.basis.data(), M, ws.tau.data(), from, x, ws.hh);
    for (std::size_t j = from; j < cols; ++j) std::copy(x.col_ptr(j - from), x.col_ptr(j - from) + M, u.col_ptr(j));
}

/// The SVD of the M×N working matrix w (M >= N, finite, scaled by the driver; consumed): values
/// into s (non-increasing), left vectors into `left` (M×N thin, M×M full, 0×0 none), right
/// vectors into `right` (N×N, or 0×0 for none). Throws no_convergence after jacobi_max_sweeps.
template <class T>
void jacobi_svd(matrix<T>& w, vectors job_left, vectors job_right, std::vector<T>& s, matrix<T>& left,
                matrix<T>& right, jacobi_workspace<T>& ws) {
    const std::size_t M = w.rows(), N = w.cols();
    const bool want_v = job_right != vectors::none;
    matrix<T>& v = ws.v;
    if (want_v) {
        v.resize(N, N);
        for (std::size_t j = 0; j < N; ++j) std::fill(v.col_ptr(j), v.col_ptr(j) + N, T(0)), v(j, j) = T(1);
    }
    const T tol = std::numeric_limits<T>::epsilon();
    const std::size_t max_sweeps = ws.sweep_cap != 0 ? std::min(ws.sweep_cap, jacobi_max_sweeps) : jacobi_max_sweeps;
    auto dot = [M](const T* x, const T* y) {
        T r = 0;
        for (std::size_t i = 0; i < M; ++i) r += x[i] * y[i];
        return r;
    };
    auto rotate_columns = [](std::size_t len, T* x, T* y, T cs, T sn) {
        for (std::size_t i = 0; i < len; ++i) {
            const T t = x[i];
            x[i] = cs * t - sn * y[i];
            y[i] = sn * t + cs * y[i];
        }
    };
    bool converged = N < 2;
    std::size_t sweep = 0;
    while (!converged) {
        if (sweep == max_sweeps)
            throw no_convergence("svdkit::svd", 0, N, sweep, "one-sided Jacobi", "sweeps");
        ++sweep;
        converged = true;
        for (std::size_t p = 0; p + 1 < N; ++p)
            for (std::size_t q = p + 1; q < N; ++q) {
                T* wp = w.col_ptr(p);
                T* wq = w.col_ptr(q);
                const T a = dot(wp, wp), b = dot(wq, wq), c = dot(wp, wq);
                if (c == T(0) || std::abs(c) <= tol * std::sqrt(a) * std::sqrt(b)) continue;
                converged = false;
                const T zeta = (b - a) / (2 * c);
                const T t = (zeta >= 0 ? T(1) : T(-1)) / (std::abs(zeta) + hypot2(T(1), zeta));
                const T cs = T(1) / std::sqrt(T(1) + t * t);
                const T sn = cs * t;
                rotate_columns(M, wp, wq, cs, sn);
                if (want_v) rotate_columns(N, v.col_ptr(p), v.col_ptr(q), cs, sn);
            }
    }
    // σⱼ = ‖wⱼ‖, sorted non-increasing (stable: equal σ keep their column order).
    ws.norms.resize(N);
    for (std::size_t j = 0; j < N; ++j) ws.norms[j] = norm2(M, w.col_ptr(j));
    ws.order.resize(N);
    std::iota(ws.order.begin(), ws.order.end(), std::size_t(0));
    std::stable_sort(ws.order.begin(), ws.order.end(),
                     [&](std::size_t x, std::size_t y) { return ws.norms[x] > ws.norms[y]; });
    s.resize(N);
    for (std::size_t j = 0; j < N; ++j) s[j] = ws.norms[ws.order[j]];
    if (want_v) {
        right.resize(N, N);
        for (std::size_t j = 0; j < N; ++j)
            std::copy(v.col_ptr(ws.order[j]), v.col_ptr(ws.order[j]) + N, right.col_ptr(j));
    } else {
        right.resize(0, 0);
    }
    if (job_left == vectors::none) {
        left.resize(0, 0);
        return;
    }
    left.resize(M, job_left == vectors::full ? M : N);
    std::size_t r = 0;  // columns with σ > 0 come first (sorted): their uⱼ = wⱼ/σⱼ
    for (; r < N && s[r] > T(0); ++r) {
        const T* wj = w.col_ptr(ws.order[r]);
        T* uj = left.col_ptr(r);
        for (std::size_t i = 0; i < M; ++i) uj[i] = wj[i] / s[r];
    }
    complete_basis(left, r, ws);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_JACOBI_ONE_SIDED_HPP
