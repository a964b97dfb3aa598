// svdkit - the SVD of an upper bidiagonal matrix given by its diagonal d and superdiagonal e:
//
//         [ d₀ e₀             ]
//     B = [    d₁ e₁          ] = U_B · Σ · V_Bᵀ,   Σ = diag(σ₀ >= σ₁ >= … >= 0).
//         [        ⋱  ⋱       ]
//         [           d_{n−1} ]
//
// The public face of detail/bidiagonal/: singular values by dqds or the implicit-shift QR
// iteration (dispatch.hpp says which), vectors by that QR iteration. Every σ is computed to high
// relative accuracy, as a bidiagonal's entries determine it.
//
// References:
// [1] J. Demmel, W. Kahan, "Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
//     Comput. 11 (1990).
// [2] K. V. Fernando, B. N. Parlett, "Accurate singular values and differential qd algorithms",
//     Numer. Math. 67 (1994).
// [3] LAPACK dbdsqr and dlasq1, whose roles these play.
#ifndef SVDKIT_BIDIAGONAL_SVD_HPP
#define SVDKIT_BIDIAGONAL_SVD_HPP

#include <type_traits>  // std::is_floating_point
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/bidiagonal/dispatch.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {


/// \brief Singular values of the n×n upper bidiagonal matrix with diagonal d and superdiagonal e.
///
/// Computed by dqds (float, double) or implicit zero-shift/shifted QR (Demmel-Kahan; long double,
/// and double bidiagonals whose entries or σ span more than 2²⁰⁰) to high relative accuracy: every
/// σ_i, however small, has a relative error of a modest multiple of n·ε, since the entries of a
/// bidiagonal determine its singular values to that accuracy. "However small" down to the underflow
/// level, as in LAPACK dbdsqr: below 6·n²·min(T) the error is at most about that, absolutely; and
/// this holds for entries anywhere in T's range (the input is scaled down only when its largest
/// entry is within 2^(4 + bits of n) of overflow, and only that far; tiny inputs are scaled up).
/// \param d the diagonal, n entries.  \param e the superdiagonal, n−1 entries (empty when n <= 1).
/// \returns the n singular values, non-increasing, all >= 0.
/// \throws std::invalid_argument if e.size() != d.size() − 1; svdkit::non_finite_input for a
///         NaN/Inf (named as entry (i, i) or (i, i+1) of B); svdkit::no_convergence past 6·n² steps.
/// Cost: O(n²) flops.
template <class T>
std::vector<T> bidiagonal_singular_values(std::vector<T> d, std::vector<T> e) {
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");
    const int ex = detail::check_bidiagonal(d, e, "svdkit::bidiagonal_singular_values");
    detail::scale_by_power_of_two(d, ex);
    detail::scale_by_power_of_two(e, ex);
    detail::bidiagonal_values_workspace<T> ws;
    detail::bidiagonal_values(d, e, ws, detail::scaled_underflow<T>(ex, d.size()));
    detail::scale_by_power_of_two(d, -ex);
    return d;
}

/// \brief SVD B = U·diag(s)·Vᵀ of the n×n upper bidiagonal matrix with diagonal d and
/// superdiagonal e; u and v are n×n (`job` = thin or full, which coincide here) or empty (none).
/// The vectors come from the QR iteration; `s` is bidiagonal_singular_values(d, e), bit for bit.
/// Same accuracy, errors and cost as bidiagonal_singular_values, plus O(n²) per sweep for vectors.
template <class T>
svd_result<T> bidiagonal_svd(std::vector<T> d, std::vector<T> e, vectors job = vectors::thin) {
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");
    const int ex = detail::check_bidiagonal(d, e, "svdkit::bidiagonal_svd");
    detail::scale_by_power_of_two(d, ex);
    detail::scale_by_power_of_two(e, ex);
    svd_result<T> r;
    const bool want = job != vectors::none;
    if (want) {
        r.u = matrix<T>::identity(d.size());
        r.v = matrix<T>::identity(d.size());
    }
    detail::bidiagonal_values_workspace<T> ws;
    std::vector<T> s_copy, e_copy;
    detail::bidiagonal_qr_vectors<T>(d, e, want ? &r.u : nullptr, want ? &r.v : nullptr, ws, s_copy, e_copy,
                                     detail::scaled_underflow<T>(ex, d.size()));
    detail::scale_by_power_of_two(d, -ex);
    r.s = std::move(d);
    return r;
}

}  // namespace svdkit

#endif  // SVDKIT_BIDIAGONAL_SVD_HPP
