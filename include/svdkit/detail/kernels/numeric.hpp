// svdkit::detail - machine constants and small scalar helpers shared by every algorithm.
//
// References:
// [1] LAPACK dlamch: safe minimum, epsilon; LAPACK 3.10 la_constants (rtmin, rtmax).
// [2] E. Anderson, "Algorithm 978: Safe scaling in the Level 1 BLAS", ACM TOMS 44 (2017):
//     the thresholds below which squaring underflows and above which it overflows.
#ifndef SVDKIT_DETAIL_KERNELS_NUMERIC_HPP
#define SVDKIT_DETAIL_KERNELS_NUMERIC_HPP

#include <cmath>    // std::abs, std::fma, std::isnan, std::sqrt, FP_FAST_FMA
#include <complex>  // std::complex
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <type_traits>  // std::is_same

namespace svdkit {
namespace detail {

template <class T>
struct constants {
    /// Unit roundoff u = ε/2: the relative error of one correctly rounded operation.
    static T unit_roundoff() noexcept { return std::numeric_limits<T>::epsilon() / T(2); }
    /// Smallest normal number: 1/safe_min() does not overflow.
    static T safe_min() noexcept { return std::numeric_limits<T>::min(); }
    static T safe_max() noexcept { return T(1) / safe_min(); }
    /// Squares of values in (rt_min, rt_max) neither underflow nor overflow, with room for sums.
    static T rt_min() noexcept { return std::sqrt(safe_min()); }
    static T rt_max() noexcept { return std::sqrt(safe_max() / T(2)); }
};

/// a·b + c, fused (one rounding) where the target has a fast fma for T (FP_FAST_FMA*), else
/// rounded twice: the same choice in every loop that calls it. A plain `c + a·b` is left to the
/// compiler's contraction, which may fuse it in one loop and not in another (GCC -march=native:
/// csr_view's single-vector product was not fused where its block product was), so two
/// computations meant to give the same bits would differ.
template <class T>
inline T mul_add(T a, T b, T c) noexcept {
#if defined(FP_FAST_FMA) && defined(FP_FAST_FMAF)
    if constexpr (std::is_same<T, double>::value || std::is_same<T, float>::value) return std::fma(a, b, c);
#elif defined(FP_FAST_FMA)
    if constexpr (std::is_same<T, double>::value) return std::fma(a, b, c);
#endif
#if defined(FP_FAST_FMAL)
    if constexpr (std::is_same<T, long double>::value) return std::fma(a, b, c);
#endif
    return a * b + c;
}

/// Fortran's SIGN(a, b): |a| with the sign of b (b = +0 or -0 counts as positive).
template <class T>
inline T sign(T a, T b) noexcept {
    return b >= T(0) ? std::abs(a) : -std::abs(a);
}

/// Σ (x_i / scale)² over n elements at stride inc, summed pairwise: the halves are summed
/// separately and added, down to blocks of 32 summed in order. The rounding error then grows like
/// log₂(n)·ε instead of n·ε, which matters for the reflectors of very long columns (a 100000×1
/// matrix): their orthogonality is only as good as this norm.
template <class T>
T sum_of_squares(std::size_t n, const T* x, std::ptrdiff_t inc, T scale) noexcept {
    if (n <= 32) {
        T sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T xi = x[static_cast<std::ptrdiff_t>(i) * inc] / scale;
            sum += xi * xi;
        }
        return sum;
    }
    const std::size_t half = n / 2;
    return sum_of_squares(half, x, inc, scale) +
           sum_of_squares(n - half, x + static_cast<std::ptrdiff_t>(half) * inc, inc, scale);
}

/// ‖x‖₂ of n elements at stride inc, without overflow or harmful underflow.
///
/// The fast path is the (pairwise) sum of squares; when it leaves the range where squaring is
/// exact enough (too small or too large, or not finite), the sum is recomputed scaled by max|x_i|.
/// This keeps the common case at one pass, as a blocked kernel would, and still gives the
/// safe answer of LAPACK's dnrm2/dlassq [2] for entries near under- or overflow.
template <class T>
T norm2(std::size_t n, const T* x, std::ptrdiff_t inc = 1) noexcept {
    const T sum = sum_of_squares(n, x, inc, T(1));
    const T tiny = constants<T>::rt_min();
    const T lo = tiny * tiny / std::numeric_limits<T>::epsilon();  // below: squares lost to underflow matter
    const T hi = constants<T>::safe_max() / T(4);
    if (sum >= lo && sum <= hi) return std::sqrt(sum);
    if (std::isnan(sum)) return sum;  // a NaN entry (squares cannot make one): the scan below would skip it
    T scale = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T a = std::abs(x[static_cast<std::ptrdiff_t>(i) * inc]);
        if (a > scale) scale = a;
    }
    if (scale == T(0) || !(scale <= std::numeric_limits<T>::max())) return scale;
    return scale * std::sqrt(sum_of_squares(n, x, inc, scale));
}

/// sqrt(a² + b²) without overflow or harmful underflow.
template <class T>
inline T hypot2(T a, T b) noexcept {
    a = std::abs(a);
    b = std::abs(b);
    const T w = a > b ? a : b;
    const T z = a > b ? b : a;
    if (z == T(0) || w > std::numeric_limits<T>::max()) return w;
    const T q = z / w;
    return w * std::sqrt(T(1) + q * q);
}

/// ‖x‖₂ of n complex numbers at stride inc (in elements): the norm of their 2n reals, read as R
/// ([complex.numbers]: a std::complex<R> may be accessed as the array R[2] {real, imaginary}).
template <class R>
R complex_norm2(std::size_t n, const std::complex<R>* x, std::ptrdiff_t inc) noexcept {
    const R* re = reinterpret_cast<const R*>(x);
    if (inc == 1) return norm2(2 * n, re);
    const R a = norm2(n, re, 2 * inc), b = norm2(n, re + 1, 2 * inc);  // real parts, imaginary parts
    return (std::isnan(a) || std::isnan(b)) ? std::numeric_limits<R>::quiet_NaN() : hypot2(a, b);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_NUMERIC_HPP
