// The value table both fuzz targets draw matrix entries from (svd_target.cpp, solve_target.cpp),
// and the wider type their checks are computed in.
#ifndef SVDKIT_FUZZ_ADVERSARIAL_HPP
#define SVDKIT_FUZZ_ADVERSARIAL_HPP

#include <cmath>    // std::ldexp
#include <cstdint>  // std::uint8_t
#include <limits>   // std::numeric_limits

namespace svdkit_fuzz {

/// One entry from one byte: bytes 0-39 a table (±0, subnormals, 1e±300, ±max, ε, repeats of the
/// previous entry, NaN/Inf when allowed, ...), 40-255 ±2^-e.
template <class T>
T adversarial_value(std::uint8_t b, bool allow_non_finite, T previous) {
    using lim = std::numeric_limits<T>;
    const bool big_range = lim::max_exponent > 1000;  // double and long double: 1e±300 exist
    if (b >= 40) {
        // ±2^-e, e = 0 … 107: graded entries over 32 decades (first-row entries like the 1/k! of
        // the companion matrix of Reference-LAPACK issue 316 round to these).
        const T x = std::ldexp(T(1), -static_cast<int>((b - 40) / 2));
        return (b & 1) != 0 ? -x : x;
    }
    switch (b) {
        case 0: return T(0);
        case 1: return -T(0);
        case 2: return lim::denorm_min();
        case 3: return -lim::denorm_min();
        case 4: return lim::min() / T(3);  // subnormal
        case 5: return lim::min();
        case 6: return T(1);
        case 7: return T(-1);
        case 8: return T(0.5);
        case 9: return big_range ? T(1e-300L) : T(1e-30L);
        case 10: return big_range ? T(1e300L) : T(1e30L);
        case 11: return big_range ? T(-1e300L) : T(-1e30L);
        case 12: return lim::max();
        case 13: return -lim::max();
        case 14: return lim::max() / T(64);
        case 15: return lim::epsilon();
        case 16: return T(1) + lim::epsilon();
        case 17: return T(3);
        case 18: return T(3.14159265358979323846L);
        case 19: return big_range ? T(1e-150L) : T(1e-18L);
        case 20: return big_range ? T(1e150L) : T(1e18L);
        case 21: return previous;  // repeated values
        case 22: return -previous;
        case 23: return previous * T(1e-8L);  // huge-to-tiny ratios between neighbours
        case 24: return allow_non_finite ? lim::quiet_NaN() : T(2);
        case 25: return allow_non_finite ? lim::infinity() : T(-2);
        case 26: return allow_non_finite ? -lim::infinity() : T(7);
        default: return static_cast<T>(static_cast<int>(b) - 33) / T(4);  // 27 … 39: -1.5 … 1.5
    }
}

template <class T>
struct wider {
    using type = long double;
};
template <>
struct wider<float> {
    using type = double;
};

}  // namespace svdkit_fuzz

#endif  // SVDKIT_FUZZ_ADVERSARIAL_HPP
