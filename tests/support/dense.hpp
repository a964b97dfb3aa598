// Test support: Eigen dense matrices as the oracle's storage, conversions to and from svdkit,
// the "wider" type each measurement is computed in, and small shared helpers.
#ifndef SVDKIT_TESTS_SUPPORT_DENSE_HPP
#define SVDKIT_TESTS_SUPPORT_DENSE_HPP

#include <cmath>    // std::isnan, std::signbit
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <string>   // std::string
#include <vector>   // std::vector

#include <Eigen/Dense>

#include <svdkit/svdkit.hpp>

namespace svdkit_test {

/// A dynamic-size column-major Eigen matrix of T (float, double, long double, ...).
template <class T>
using dense = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

/// The type a measurement on a T result is computed in, so that the rounding of the check itself
/// stays well below the bound being checked: double for float, long double otherwise (there is no
/// cheaper wider type than long double for long double, whose checks then carry their own
/// rounding, ~sqrt(k)·ε, far below the bounds used).
template <class T>
struct wide {
    using type = long double;
};
template <>
struct wide<float> {
    using type = double;
};
template <class T>
using wide_t = typename wide<T>::type;

template <class T>
constexpr long double eps() {
    return static_cast<long double>(std::numeric_limits<T>::epsilon());
}

template <class T>
const char* type_name();
template <>
inline const char* type_name<float>() {
    return "float";
}
template <>
inline const char* type_name<double>() {
    return "double";
}
template <>
inline const char* type_name<long double>() {
    return "long double";
}

/// size_t -> Eigen::Index without a sign-conversion warning.
inline Eigen::Index ix(std::size_t i) {
    return static_cast<Eigen::Index>(i);
}
/// Eigen::Index -> size_t without a sign-conversion warning.
inline std::size_t sz(Eigen::Index i) {
    return static_cast<std::size_t>(i);
}

/// Copies an Eigen matrix into an svdkit matrix (same element type).
template <class T>
svdkit::matrix<T> to_svdkit(const dense<T>& a) {
    svdkit::matrix<T> b(sz(a.rows()), sz(a.cols()));
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) b(sz(i), sz(j)) = a(i, j);
    return b;
}

/// Copies any svdkit view into an Eigen matrix of element type W (a widening cast).
template <class W, class T>
dense<W> to_dense(svdkit::matrix_view<T> a) {
    dense<W> b(ix(a.rows()), ix(a.cols()));
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) b(ix(i), ix(j)) = static_cast<W>(a(i, j));
    return b;
}
template <class W, class T>
dense<W> to_dense(const svdkit::matrix<T>& a) {
    return to_dense<W>(a.view());
}

/// A "m x n" label for INFO() and the report.
inline std::string shape_label(std::size_t m, std::size_t n) {
    return std::to_string(m) + "x" + std::to_string(n);
}

/// The same value in every bit that carries one: equal and with the same sign (so -0 differs from
/// +0), or both NaN. (long double has padding bytes, so memcmp is not an option.)
template <class T>
bool identical(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

/// identical() element by element, and the same shape.
template <class T>
bool identical(const svdkit::matrix<T>& a, const svdkit::matrix<T>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!identical(a.data()[i], b.data()[i])) return false;
    return true;
}
template <class T>
bool identical(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!identical(a[i], b[i])) return false;
    return true;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_DENSE_HPP
