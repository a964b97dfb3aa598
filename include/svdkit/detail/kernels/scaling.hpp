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
#include <cstring>  // std::memcpy
#include <limits>   // std::numeric_limits
#include <string>   // std::string

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "gemm.hpp"  // gemm_blocking, SVDKIT_HAS_VECTOR_EXTENSIONS
#include "numeric.hpp"

namespace svdkit {
namespace detail {

/// max(amax, |entries|) over R runs of n contiguous entries (run r at p + r·ld), read together
/// (R concurrent streams: one stream alone ran at a third of memory speed, 9–10 ms for 64 MB
/// against 3 for a four-column gemv); finite becomes false at a NaN/Inf. Without branches, on
/// vector registers with GCC/Clang: the loop with a break per entry took 18–20 ms (partial_svd's
/// input check, 21 % of its time on dense 4000×2000, k = 10). A maximum does not depend on the
/// order it is taken in: the result is the same bits.
template <std::size_t R, class T>
T max_abs_runs(const T* p, std::ptrdiff_t ld, std::size_t n, T amax, bool& finite) noexcept {
    const T big = std::numeric_limits<T>::max();
    std::size_t i = 0;
#if defined(SVDKIT_HAS_VECTOR_EXTENSIONS)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) {
        constexpr std::size_t L = gemm_blocking<T>::lanes, C = R < 4 ? 4 / R : 1;  // C·R chains
        typedef T vec __attribute__((vector_size(L * sizeof(T))));
        typedef decltype(vec{} < vec{}) mask;
        const vec bigv = vec{} + big;
        vec vmax[R][C] = {};
        mask ok = vec{} == vec{};  // all bits set while every entry is finite
        for (; i + C * L <= n; i += C * L)
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t h = 0; h < C; ++h) {
                    vec x;
                    const T* q = p + static_cast<std::ptrdiff_t>(r) * ld + static_cast<std::ptrdiff_t>(i + h * L);
                    std::memcpy(&x, q, sizeof(vec));
                    const vec ax = x < vec{} ? -x : x;
                    ok &= ax <= bigv;
                    vmax[r][h] = ax > vmax[r][h] ? ax : vmax[r][h];
                }
        for (std::size_t l = 0; l < L; ++l) {
            finite = finite && ok[l] != 0;
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t h = 0; h < C; ++h)
                    if (vmax[r][h][l] > amax) amax = vmax[r][h][l];
        }
    }
#endif
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t q = i; q < n; ++q) {
            const T x = std::abs(p[static_cast<std::ptrdiff_t>(r) * ld + static_cast<std::ptrdiff_t>(q)]);
            finite = finite && x <= big;
            if (x > amax) amax = x;
        }
    return amax;
}

/// max_abs_runs over `runs` runs, four at a time.
template <class T>
T max_abs_strided(const T* p, std::ptrdiff_t ld, std::size_t runs, std::size_t n, bool& finite) noexcept {
    T amax = 0;
    std::size_t r = 0;
    for (; r + 4 <= runs && finite; r += 4)
        amax = max_abs_runs<4>(p + static_cast<std::ptrdiff_t>(r) * ld, ld, n, amax, finite);
    for (; r < runs && finite; ++r)
        amax = max_abs_runs<1>(p + static_cast<std::ptrdiff_t>(r) * ld, ld, n, amax, finite);
    return amax;
}

/// max |a_ij|, or svdkit::non_finite_input naming the first NaN/Inf in row-major reading order.
/// The shape is checked first (checked_area): a view too large for any copy fails before its
/// entries are read.
template <class T>
T max_abs_finite(matrix_view<const T> a, const char* where) {
    checked_area(a.rows(), a.cols(), where, sizeof(T));
    T amax = 0;
    bool finite = true;
    // Storage order first (fast); only when something is wrong, find the entry to report.
    if (a.row_stride() == 1) {
        amax = max_abs_strided(a.data(), a.col_stride(), a.cols(), a.rows(), finite);
    } else if (a.col_stride() == 1) {
        amax = max_abs_strided(a.data(), a.row_stride(), a.rows(), a.cols(), finite);
    } else {
        for (std::size_t j = 0; j < a.cols() && finite; ++j)
            for (std::size_t i = 0; i < a.rows(); ++i) {
                const T x = std::abs(a(i, j));
                if (!(x <= std::numeric_limits<T>::max())) {
                    finite = false;
                    break;
                }
                if (x > amax) amax = x;
            }
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
