// Tests include/svdkit/products.hpp (issue 22): multiply on every storage order and stride
// against a long double reference, frobenius_norm at the ends of the exponent range, and
// reconstruct against the matrix it came from.
//
// Units, ε = ε_T:
//   product    |C − C_ref|_ij / (ε·(|A|·|B|)_ij) <= k + 1   (the dot product bound γ_k, Higham §3.5)
//   norm       |‖A‖_F − ref| / (ε·ref) <= 2 + rows·cols/2    (a scaled sum of squares, one sqrt)
//   rebuilt    ‖A − U·Σ·Vᵀ‖_F / (‖A‖_F·max(m, n)·ε) <= reconstruction_bound (bounds.hpp)
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::isfinite, std::isnan, std::ldexp, std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"

using Catch::Matchers::Contains;
using svdkit_test::reconstruction_bound;

namespace {

template <class T>
svdkit::matrix<T> uniform(std::size_t m, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i)
            a(i, j) = static_cast<T>(static_cast<double>(g() >> 11) * 0x1.0p-53 * 2 - 1);
    return a;
}

// Worst |C − A·B|_ij / (ε·(|A|·|B|)_ij), the reference in long double.
template <class T>
long double product_ratio(const svdkit::matrix<T>& c, svdkit::matrix_view<const T> a, svdkit::matrix_view<const T> b) {
    REQUIRE(c.rows() == a.rows());
    REQUIRE(c.cols() == b.cols());
    long double worst = 0;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < b.cols(); ++j) {
            long double s = 0, abs_s = 0;
            for (std::size_t l = 0; l < a.cols(); ++l) {
                s += static_cast<long double>(a(i, l)) * b(l, j);
                abs_s += std::abs(static_cast<long double>(a(i, l)) * b(l, j));
            }
            const long double err = std::abs(c(i, j) - s);
            if (abs_s == 0) {
                CHECK(err == 0);
                continue;
            }
            worst = std::max(worst, err / (abs_s * std::numeric_limits<T>::epsilon()));
        }
    return worst;
}

}  // namespace

TEMPLATE_TEST_CASE("multiply: every storage order, strides, transposes and shapes", "[products]", float, double,
                   long double) {
    using T = TestType;
    for (const std::size_t k : {1u, 7u, 130u}) {
        const svdkit::matrix<T> a = uniform<T>(37, k, 1 + k), b = uniform<T>(k, 29, 2 + k);
        const long double bound = static_cast<long double>(k) + 1;
        // column-major × column-major, both as matrix<T>
        CHECK(product_ratio(svdkit::multiply(a, b), a.view(), b.view()) <= bound);
        // row-major views of the same numbers (the transposes' memory), and mixed arguments
        const svdkit::matrix<T> at = a.transpose(), bt = b.transpose();
        const svdkit::matrix_view<const T> ar(at.data(), 37, k, svdkit::layout::row_major);
        const svdkit::matrix_view<const T> br(bt.data(), k, 29, svdkit::layout::row_major);
        CHECK(product_ratio(svdkit::multiply(ar, b), a.view(), b.view()) <= bound);
        CHECK(product_ratio(svdkit::multiply(a, br), a.view(), b.view()) <= bound);
        CHECK(product_ratio(svdkit::multiply(ar, br), a.view(), b.view()) <= bound);
        // transposed views (no copy): Aᵀ·A and A·Aᵀ
        CHECK(product_ratio(svdkit::multiply(a.view().transpose(), a), a.view().transpose(), a.view()) <=
              static_cast<long double>(37) + 1);
        CHECK(product_ratio(svdkit::multiply(a, a.view().transpose()), a.view(), a.view().transpose()) <= bound);
        // general strides (every other row of a bigger matrix): the copying path
        const svdkit::matrix<T> big = uniform<T>(74, k, 3 + k);
        const svdkit::matrix_view<const T> every_other(big.data(), 37, k, 2, 74);
        CHECK(product_ratio(svdkit::multiply(every_other, b), every_other, b.view()) <= bound);
    }
    // empty shapes: an inner dimension of 0 gives zeros of the right shape
    const svdkit::matrix<T> e1(3, 0), e2(0, 4);
    const svdkit::matrix<T> z = svdkit::multiply(e1, e2);
    REQUIRE(z.rows() == 3);
    REQUIRE(z.cols() == 4);
    for (std::size_t i = 0; i < z.size(); ++i) CHECK(z.data()[i] == T(0));
    CHECK(svdkit::multiply(e2, svdkit::matrix<T>(4, 5)).rows() == 0);
    // mismatched dimensions name both shapes
    CHECK_THROWS_WITH(svdkit::multiply(svdkit::matrix<T>(2, 3), svdkit::matrix<T>(4, 2)), Contains("2x3") && Contains("4x2"));
}

TEMPLATE_TEST_CASE("frobenius_norm: accurate, and free of overflow and underflow", "[products]", float, double,
                   long double) {
    using T = TestType;
    const long double eps = std::numeric_limits<T>::epsilon();
    const svdkit::matrix<T> a = uniform<T>(40, 30, 7);
    long double ref = 0;
    for (std::size_t i = 0; i < a.size(); ++i) ref += static_cast<long double>(a.data()[i]) * a.data()[i];
    ref = std::sqrt(ref);
    const long double bound = 2 + static_cast<long double>(a.size()) / 2;
    CHECK(std::abs(svdkit::frobenius_norm(a) - ref) / (eps * ref) <= bound);
    CHECK(std::abs(svdkit::frobenius_norm(a.view().transpose()) - ref) / (eps * ref) <= bound);
    // not contiguous: every other row of a bigger matrix (columns, combined), and its transpose (rows)
    svdkit::matrix<T> big(80, 30);
    for (std::size_t j = 0; j < 30; ++j)
        for (std::size_t i = 0; i < 40; ++i) big(2 * i, j) = a(i, j), big(2 * i + 1, j) = T(1e3);
    const svdkit::matrix_view<const T> strided(big.data(), 40, 30, 2, 80);
    CHECK(std::abs(svdkit::frobenius_norm(strided) - ref) / (eps * ref) <= bound);
    CHECK(std::abs(svdkit::frobenius_norm(strided.transpose()) - ref) / (eps * ref) <= bound);
    big(6, 7) = std::numeric_limits<T>::infinity();
    CHECK(svdkit::frobenius_norm(strided) == std::numeric_limits<T>::infinity());
    big(0, 2) = std::numeric_limits<T>::quiet_NaN();  // in a line before the Inf: NaN still wins
    CHECK(std::isnan(svdkit::frobenius_norm(strided)));
    CHECK(std::isnan(svdkit::frobenius_norm(strided.transpose())));
    // the same numbers scaled to near overflow and into the subnormal range: exactly scaled norms
    // (powers of two), where squaring would overflow or flush to zero
    for (const int e : {std::numeric_limits<T>::max_exponent - 8, std::numeric_limits<T>::min_exponent - 4}) {
        svdkit::matrix<T> s(a.rows(), a.cols());
        for (std::size_t i = 0; i < a.size(); ++i) s.data()[i] = std::ldexp(a.data()[i], e);
        const long double scaled = std::ldexp(ref, e);
        const long double got = svdkit::frobenius_norm(s);
        CHECK(std::isfinite(got));
        // below the normal range the entries themselves lost digits: allow their rounding
        const long double slack = e < 0 ? std::ldexp(1.0L, std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits) *
                                              static_cast<long double>(a.size())
                                        : 0;
        CHECK(std::abs(got - scaled) <= bound * eps * scaled + slack);
    }
    // edge values: empty and zero give 0, Inf gives Inf, NaN gives NaN (wherever it sits)
    CHECK(svdkit::frobenius_norm(svdkit::matrix<T>(0, 3)) == T(0));
    CHECK(svdkit::frobenius_norm(svdkit::matrix<T>(2, 3)) == T(0));
    svdkit::matrix<T> x = a;
    x(3, 4) = std::numeric_limits<T>::infinity();
    CHECK(svdkit::frobenius_norm(x) == std::numeric_limits<T>::infinity());
    x(5, 6) = std::numeric_limits<T>::quiet_NaN();
    CHECK(std::isnan(svdkit::frobenius_norm(x)));
}

TEMPLATE_TEST_CASE("reconstruct: A from its thin or full SVD, and the best rank-k approximation", "[products]",
                   float, double, long double) {
    using T = TestType;
    const long double eps = std::numeric_limits<T>::epsilon();
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{30, 12}, {12, 30}, {1, 9}}) {
        const std::size_t m = shape.first, n = shape.second, p = std::min(m, n);
        svdkit::matrix<T> a = uniform<T>(m, n, 11 + m);
        for (std::size_t j = 0; j < n; ++j)  // a decaying spectrum, so the tail is far from ‖A‖
            for (std::size_t i = 0; i < m; ++i) a(i, j) *= static_cast<T>(std::pow(0.7, double(j)));
        const long double norm_a = svdkit::frobenius_norm(a);
        for (const auto job : {svdkit::vectors::thin, svdkit::vectors::full}) {
            const svdkit::svd_result<T> r = svdkit::svd(a, job);
            const svdkit::matrix<T> b = svdkit::reconstruct(r);
            long double d = 0;
            for (std::size_t i = 0; i < a.size(); ++i) {
                const long double x = static_cast<long double>(a.data()[i]) - b.data()[i];
                d += x * x;
            }
            CHECK(std::sqrt(d) / (norm_a * static_cast<long double>(std::max(m, n)) * eps) <= reconstruction_bound(m, n));
            // rank k: ‖A − A_k‖_F² = Σ_{i>=k} σ_i² (Eckart-Young), to the same backward error
            for (std::size_t k = 0; k <= p; ++k) {
                const svdkit::matrix<T> ak = svdkit::reconstruct(r, k);
                long double e = 0, tail = 0;
                for (std::size_t i = 0; i < a.size(); ++i) {
                    const long double x = static_cast<long double>(a.data()[i]) - ak.data()[i];
                    e += x * x;
                }
                for (std::size_t i = k; i < p; ++i) tail += static_cast<long double>(r.s[i]) * r.s[i];
                CHECK(std::abs(std::sqrt(e) - std::sqrt(tail)) / (norm_a * static_cast<long double>(std::max(m, n)) * eps) <=
                      2 * reconstruction_bound(m, n));
            }
        }
    }
    // errors: k beyond the values, a values-only result
    const svdkit::matrix<T> a = uniform<T>(5, 4, 3);
    const svdkit::svd_result<T> r = svdkit::svd(a);
    CHECK_THROWS_WITH(svdkit::reconstruct(r, 5), Contains("k (= 5)"));
    CHECK_THROWS_WITH(svdkit::reconstruct(svdkit::svd(a, svdkit::vectors::none)), Contains("vectors::thin"));
}
