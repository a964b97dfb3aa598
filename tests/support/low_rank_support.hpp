// Test support for the tests of low_rank.hpp, randomized.hpp and solve.hpp (issue 4):
//
//   exact_rank<T>(m, n, r, rng)   X·Yᵀ with small-integer X (m×r), Y (n×r): rank exactly r in T
//   spectral_norm(d)              ‖d‖₂ by svdkit::singular_values in d's own (wide) type
//   near_abs(t, margin),          Catch2 matchers on long double: Catch's WithinAbs/WithinRel take
//   near_rel(t, rel)              doubles, and rounding a long double to double (2^-53 relative)
//                                 would swamp a long double tolerance of a few ε (1e-19).
#ifndef SVDKIT_TESTS_SUPPORT_LOW_RANK_SUPPORT_HPP
#define SVDKIT_TESTS_SUPPORT_LOW_RANK_SUPPORT_HPP

#include <catch2/catch.hpp>

#include <cmath>    // std::fabs
#include <cstddef>  // std::size_t
#include <sstream>  // std::ostringstream
#include <string>   // std::string
#include <vector>   // std::vector

#include <Eigen/Dense>

#include <svdkit/svdkit.hpp>

#include "dense.hpp"
#include "generators.hpp"

namespace svdkit_test {

/// An m×n matrix of rank exactly r (r <= min(m, n)) in every floating type: X·Yᵀ with integer
/// entries of X and Y in [-3, 3], so every entry of the product is an integer of magnitude
/// <= 9r, exact in float for r < 2^20. Redrawn until X and Y have full column rank r (checked
/// with a full-pivoting LU in long double, exact on such small integers), so rank(X·Yᵀ) = r.
/// The integers come from rng() directly, so the matrix is the same with every standard library.
template <class T>
dense<T> exact_rank(std::size_t m, std::size_t n, std::size_t r, rng_t& rng) {
    auto draw = [&rng](std::size_t rows, std::size_t cols) {
        dense<long double> x(ix(rows), ix(cols));
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = static_cast<long double>(rng() % 7) - 3.0L;
        return x;
    };
    for (;;) {
        const dense<long double> x = draw(m, r);
        const dense<long double> y = draw(n, r);
        if (sz(Eigen::FullPivLU<dense<long double>>(x).rank()) != r) continue;
        if (sz(Eigen::FullPivLU<dense<long double>>(y).rank()) != r) continue;
        const dense<long double> a = x * y.transpose();  // exact: integers below 2^64
        return a.cast<T>();
    }
}

// Compiled once in helpers.cpp (full-pivoting LU in long double), not in every test file.
#define SVDKIT_TEST_LOW_RANK_INSTANCES(KIND, T) \
    KIND template dense<T> exact_rank<T>(std::size_t, std::size_t, std::size_t, rng_t&);
SVDKIT_TEST_LOW_RANK_INSTANCES(extern, float)
SVDKIT_TEST_LOW_RANK_INSTANCES(extern, double)
SVDKIT_TEST_LOW_RANK_INSTANCES(extern, long double)

/// ‖d‖₂ = σ₀(d), computed by svdkit itself in d's element type (the caller passes a matrix already
/// widened to wide_t<T>, so the 2-norm of a difference carries only wide-type rounding).
template <class W>
long double spectral_norm(const dense<W>& d) {
    if (d.size() == 0) return 0;
    const std::vector<W> s = svdkit::singular_values(to_svdkit(d));
    return static_cast<long double>(s.front());
}

/// |actual − target| <= margin, evaluated in long double.
class near_abs_matcher : public Catch::MatcherBase<long double> {
public:
    near_abs_matcher(long double target, long double margin) : target_(target), margin_(margin) {}
    bool match(const long double& actual) const override { return std::fabs(actual - target_) <= margin_; }
    std::string describe() const override {
        std::ostringstream os;
        os.precision(21);
        os << "is within " << margin_ << " of " << target_;
        return os.str();
    }

private:
    long double target_, margin_;
};

/// |actual − target| <= rel·max(|actual|, |target|), evaluated in long double (Catch's WithinRel rule).
class near_rel_matcher : public Catch::MatcherBase<long double> {
public:
    near_rel_matcher(long double target, long double rel) : target_(target), rel_(rel) {}
    bool match(const long double& actual) const override {
        const long double scale = std::fabs(actual) > std::fabs(target_) ? std::fabs(actual) : std::fabs(target_);
        return std::fabs(actual - target_) <= rel_ * scale;
    }
    std::string describe() const override {
        std::ostringstream os;
        os.precision(21);
        os << "is within a relative " << rel_ << " of " << target_;
        return os.str();
    }

private:
    long double target_, rel_;
};

inline near_abs_matcher near_abs(long double target, long double margin) { return {target, margin}; }
inline near_rel_matcher near_rel(long double target, long double rel) { return {target, rel}; }

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_LOW_RANK_SUPPORT_HPP
