// svdkit::detail - input checks and the power-of-two scaling that keeps the SVD away from
// overflow and underflow.
//
// A matrix whose largest entry lies outside [smlnum, bignum] = [sqrt(safmin)/ε, 1/smlnum] is
// scaled so that its largest entry lies in [1/2, 1), as LAPACK dgesvd does with dlascl; the
// singular values are scaled back at the end. The factor is a power of two, so scaling and
// unscaling are exact (except for entries that are subnormal at either end, which are below
// ε·‖A‖ anyway).
//
// References:
// [1] LAPACK dgesvd (the choice of smlnum and bignum) and dlascl.
#ifndef SVDKIT_DETAIL_KERNELS_SCALING_HPP
#define SVDKIT_DETAIL_KERNELS_SCALING_HPP

#include <cmath>    // std::abs, std::frexp, std::isnan, std::ldexp, std::sqrt
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <string>   // std::string

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "numeric.hpp"

namespace svdkit {
namespace detail {

/// max |a_ij|, or svdkit::non_finite_input naming the first NaN/Inf in row-major reading order.
/// The shape is checked first (checked_area): a view too large for any copy fails before its
/// entries are read.
template <class T>
T max_abs_finite(matrix_view<const T> a, const char* where) {
    checked_area(a.rows(), a.cols(), where, sizeof(T));
    T amax = 0;
    bool finite = true;
    // Storage order first (fast); only when something is wrong, find the entry to report.
    for (std::size_t j = 0; j < a.cols() && finite; ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) {
            const T x = std::abs(a(i, j));
            if (!(x <= std::numeric_limits<T>::max())) {
                finite = false;
                break;
            }
            if (x > amax) amax = x;
        }
    if (finite) return amax;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) {
            const T x = a(i, j);
            if (std::isnan(x)) throw non_finite_input(where, i, j, "NaN");
            if (!(std::abs(x) <= std::numeric_limits<T>::max()))
                throw non_finite_input(where, i, j, x > 0 ? "+Inf" : "-Inf");
        }
    return amax;  // not reached
}

/// The exponent e such that multiplying by 2^e brings amax into [1/2, 1), or 0 when amax is
/// already within [smlnum, bignum] (or is zero) and no scaling is needed.
template <class T>
int scaling_exponent(T amax) noexcept {
    if (amax == T(0)) return 0;
    const T smlnum = std::sqrt(constants<T>::safe_min()) / std::numeric_limits<T>::epsilon();
    const T bignum = T(1) / smlnum;
    if (amax >= smlnum && amax <= bignum) return 0;
    int e = 0;
    std::frexp(amax, &e);  // amax = f·2^e, f in [1/2, 1)
    return -e;
}

/// x·2^e, exact (barring subnormals at either end); for complex x both parts.
template <class T>
T ldexp_entry(T x, int e) noexcept {
    if constexpr (is_complex<T>::value)
        return T(std::ldexp(x.real(), e), std::ldexp(x.imag(), e));
    else
        return std::ldexp(x, e);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_SCALING_HPP
