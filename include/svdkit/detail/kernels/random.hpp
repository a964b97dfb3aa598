// svdkit - the Gaussian deviates of the randomized and Lanczos methods: the same numbers on every
// standard library.
//
// References:
// [1] G. E. P. Box, M. E. Muller, "A note on the generation of random normal deviates",
//     Ann. Math. Statist. 29 (1958).
#ifndef SVDKIT_DETAIL_KERNELS_RANDOM_HPP
#define SVDKIT_DETAIL_KERNELS_RANDOM_HPP

#include <cmath>    // std::ldexp, std::log, std::sin, std::cos, std::sqrt
#include <cstdint>  // std::uint64_t
#include <random>   // std::mt19937_64

namespace svdkit {
namespace detail {

/// Standard normal deviates from std::mt19937_64 (whose output sequence the standard fixes) by
/// the Box-Muller transform, so the sketch does not depend on the library's
/// std::normal_distribution.
class gaussian_source {
public:
    explicit gaussian_source(std::uint64_t seed) : engine_(seed) {}
    double next() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        // u1 in (0, 1], u2 in [0, 1), from the top 53 bits.
        const double u1 = std::ldexp(static_cast<double>((engine_() >> 11) + 1), -53);
        const double u2 = std::ldexp(static_cast<double>(engine_() >> 11), -53);
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double two_pi = 6.283185307179586476925286766559;
        spare_ = r * std::sin(two_pi * u2);
        has_spare_ = true;
        return r * std::cos(two_pi * u2);
    }

private:
    std::mt19937_64 engine_;
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_RANDOM_HPP
