// svdkit::detail - the row-scaled condition number of a triangular factor, estimated: it decides
// whether the one-sided Jacobi SVD may skip accumulating its rotations and get the other side's
// vectors from one triangular solve afterwards (one_sided.hpp).
//
// For R (n×n upper, nonsingular) with rows scaled to unit norm, R = D·Rₛ, the estimate is
//
//     κ̂ = √‖(Rₛᵀ·Rₛ)⁻¹‖₁ ≈ ‖Rₛ⁻¹‖₂   (within a factor n^{1/4} either way),
//
// as dgejsv computes it with dpocon on Rₛᵀ taken as a Cholesky factor [1]. Why the row scaling:
// a solve R·x = b is backward stable row by row, (R + δR)·x̂ = b with |δR| <= O(n·ε)·|R|, so
// δR = D·δRₛ with ‖δRₛ‖ <= O(n·ε)·‖Rₛ‖ and the error x̂ − x = −Rₛ⁻¹·δRₛ·x̂ is O(n·ε·κ̂) whatever
// the grading D of R. ‖·‖₁ of the symmetric (Rₛᵀ·Rₛ)⁻¹ by Hager's method with Higham's
// refinements [2, 3] (LAPACK dlacn2): a few pairs of triangular solves, O(n²) each.
//
// References:
// [1] Z. Drmač, K. Veselić, "New fast and accurate Jacobi SVD algorithm II", SIAM J. Matrix
//     Anal. Appl. 29 (2008), §3; LAPACK dgejsv (CONDR1, CONDR2, COND_OK = √n).
// [2] W. W. Hager, "Condition estimates", SIAM J. Sci. Stat. Comput. 5 (1984).
// [3] N. J. Higham, "FORTRAN codes for estimating the one-norm of a real or complex matrix, with
//     applications to condition estimation", ACM TOMS 14 (1988); LAPACK dlacn2.
#ifndef SVDKIT_DETAIL_JACOBI_CONDITION_HPP
#define SVDKIT_DETAIL_JACOBI_CONDITION_HPP

#include <algorithm>  // std::copy, std::fill
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

#include "../kernels/numeric.hpp"
#include "../kernels/triangular.hpp"

namespace svdkit {
namespace detail {

/// κ̂ of the n×n upper triangle at r (leading dimension ldr; nothing below the diagonal is read):
/// see above. +∞ when a row is zero or a solve overflows. `rs` and `x`, `y` are scratch.
template <class T>
T row_scaled_condition(std::size_t n, const T* r, std::size_t ldr, std::vector<T>& rs, std::vector<T>& x,
                       std::vector<T>& y) {
    constexpr T inf = std::numeric_limits<T>::infinity();
    if (n == 0) return T(1);
    // Rₛ = D⁻¹·R in rs (n×n, upper); row norms accumulated column by column (scaled sums).
    rs.assign(n * n, T(0));
    x.assign(n, T(0));  // the row norms
    for (std::size_t j = 0; j < n; ++j) std::copy(r + j * ldr, r + j * ldr + j + 1, rs.data() + j * n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = norm2(n - i, rs.data() + i + i * n, static_cast<std::ptrdiff_t>(n));
        if (!(x[i] > T(0))) return inf;
    }
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i <= j; ++i) rs[i + j * n] /= x[i];
    // B·v = Rₛ⁻¹·(Rₛ⁻ᵀ·v): B is symmetric, so Bᵀ·v is the same product.
    auto apply = [&](std::vector<T>& v) {
        trsv_upper_transposed(n, rs.data(), n, v.data());
        trsv_upper(n, rs.data(), n, v.data());
    };
    auto norm1 = [&](const std::vector<T>& v) {
        T s = 0;
        for (T vi : v) s += std::abs(vi);
        return s;
    };
    // Hager: x = e/n; y = B·x; ξ = sign(y); z = Bᵀ·ξ; move to e_j at j = argmax|z_j| while that
    // promises a larger ‖B·x‖₁ (at most 5 steps, as dlacn2).
    x.assign(n, T(1) / static_cast<T>(n));
    T est = 0;
    std::size_t last = n;
    for (int step = 0; step < 5; ++step) {
        apply(x);  // x ← B·x
        const T e = norm1(x);
        if (!(e < inf)) return inf;
        if (step > 0 && e <= est) break;
        est = e;
        y.resize(n);
        for (std::size_t i = 0; i < n; ++i) y[i] = x[i] >= T(0) ? T(1) : T(-1);
        apply(y);  // z = B·ξ
        std::size_t j = 0;
        for (std::size_t i = 1; i < n; ++i)
            if (std::abs(y[i]) > std::abs(y[j])) j = i;
        // Converged when the gradient promises no ascent: |z_j| <= zᵀx (x = e_last after step 0).
        if (step > 0 && (j == last || std::abs(y[j]) <= y[last])) break;
        x.assign(n, T(0));
        x[j] = T(1);
        last = j;
    }
    // Higham's second vector, x_i = ±(1 + i/(n−1)), for the matrices that mislead Hager's.
    x.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        x[i] = (i % 2 == 0 ? T(1) : T(-1)) * (T(1) + (n > 1 ? static_cast<T>(i) / static_cast<T>(n - 1) : T(0)));
    apply(x);
    const T alt = 2 * norm1(x) / (3 * static_cast<T>(n));
    if (!(alt < inf)) return inf;
    return std::sqrt(std::max(est, alt));
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_JACOBI_CONDITION_HPP
