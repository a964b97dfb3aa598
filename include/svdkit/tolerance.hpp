// svdkit - the one tolerance policy shared by rank, pinv, lstsq, null_space and range.
//
// A singular value σ_i counts as zero when σ_i <= threshold, where
//
//     threshold = rtol · σ_max      (relative, the default, rtol = max(m, n)·ε), or
//     threshold = atol              (absolute, when asked for).
//
// The default is NumPy's matrix_rank and SciPy's pinv/null_space default, so svdkit's rank, pinv
// and lstsq never disagree with one another about which values are zero (NumPy's lstsq, whose
// default rcond is ε, does disagree with its own matrix_rank). Every result reports the
// threshold it used.
#ifndef SVDKIT_TOLERANCE_HPP
#define SVDKIT_TOLERANCE_HPP

#include <cmath>      // std::isnan, std::ldexp
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <ostream>    // std::ostream
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

namespace svdkit {

/// Which singular values count as zero. Build one with tolerance::relative(r),
/// tolerance::absolute(a), or take the default (relative, r = max(m, n)·ε).
/// A plain number passed where a tolerance is expected means a *relative* tolerance.
class tolerance {
public:
    enum class kind { default_relative, relative, absolute };

    /// The default: rtol = max(m, n)·ε.
    tolerance() noexcept = default;
    /// A relative tolerance, as a plain number: σ_i <= rtol·σ_max count as zero.
    tolerance(long double rtol) : tolerance(kind::relative, rtol) {}  // NOLINT: implicit on purpose

    static tolerance relative(long double rtol) { return tolerance(kind::relative, rtol); }
    static tolerance absolute(long double atol) { return tolerance(kind::absolute, atol); }

    kind type() const noexcept { return kind_; }
    long double value() const noexcept { return value_; }

    /// The threshold for an m×n matrix whose largest singular value is smax.
    template <class T>
    T threshold(std::size_t m, std::size_t n, T smax) const noexcept {
        switch (kind_) {
            case kind::absolute:
                return static_cast<T>(value_);
            case kind::relative:
                return static_cast<T>(value_) * smax;
            case kind::default_relative:
            default:
                return static_cast<T>(m > n ? m : n) * std::numeric_limits<T>::epsilon() * smax;
        }
    }

    /// The threshold for the scaled matrix 2^exponent·A whose largest singular value is smax
    /// (scaled_svd in svd.hpp): a relative threshold follows smax, an absolute one is scaled by
    /// 2^exponent (in long double, whose range holds every T's, then rounded once).
    template <class T>
    T scaled_threshold(std::size_t m, std::size_t n, T smax, int exponent) const noexcept {
        if (kind_ == kind::absolute) return static_cast<T>(std::ldexp(value_, exponent));
        return threshold<T>(m, n, smax);
    }

private:
    tolerance(kind k, long double v) : kind_(k), value_(v) {
        if (!(v >= 0) || !(v <= std::numeric_limits<long double>::max()))
            throw std::invalid_argument(std::string("svdkit::tolerance: ") +
                                        (k == kind::absolute ? "atol" : "rtol") + " (= " + std::to_string(v) +
                                        ") must be finite and >= 0");
    }

    kind kind_ = kind::default_relative;
    long double value_ = 0;
};

/// The number of singular values of s (sorted non-increasing) above the threshold.
template <class T>
std::size_t count_above(const std::vector<T>& s, T threshold) noexcept {
    std::size_t r = 0;
    while (r < s.size() && s[r] > threshold) ++r;
    return r;
}

/// A numerical rank and the threshold that decided it. Converts to std::size_t, so
/// `svdkit::rank(a) == 3` reads as expected.
template <class T>
struct rank_result {
    std::size_t rank = 0;
    T threshold = 0;
    operator std::size_t() const noexcept { return rank; }  // NOLINT: implicit on purpose
};

template <class T>
std::ostream& operator<<(std::ostream& os, const rank_result<T>& r) {
    return os << r.rank << " (threshold " << r.threshold << ")";
}

}  // namespace svdkit

#endif  // SVDKIT_TOLERANCE_HPP
