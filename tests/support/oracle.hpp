// Test support: Eigen as the oracle. Compiled once in oracle_*.cpp (explicitly instantiated for
// float, double and long double), so the test files do not each instantiate Eigen's SVDs.
#ifndef SVDKIT_TESTS_SUPPORT_ORACLE_HPP
#define SVDKIT_TESTS_SUPPORT_ORACLE_HPP

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include <svdkit/svd_result.hpp>

#include "dense.hpp"

namespace svdkit_test {

/// An SVD in Eigen storage: U (m×?), s (non-increasing), V (n×?). U and V empty when not computed.
template <class T>
struct dense_svd {
    dense<T> u;
    std::vector<T> s;
    dense<T> v;
};

/// Oracle singular values of A, in long double: Eigen's BDCSVD in wide_t<T> for float and double
/// (a wider type, so its own error is negligible next to T's), and Eigen's JacobiSVD for long double
/// (no wider type is available; Jacobi shares no code path with bidiagonalization and is accurate
/// to O(ε) normwise).
template <class T>
std::vector<long double> oracle_values(const dense<T>& a);

/// Singular values of A from Eigen's JacobiSVD in wide_t<T> (slow, O(ε)-accurate normwise, and more
/// accurate than that on graded matrices): the oracle named by the Kahan and Hilbert tests.
template <class T>
std::vector<long double> jacobi_values(const dense<T>& a);

/// Eigen's BDCSVD of A in T itself with U and V as requested (thin, full, none): the baseline
/// reported next to svdkit's ratios.
template <class T>
dense_svd<T> eigen_bdcsvd(const dense<T>& a, svdkit::vectors job);

/// Eigen's CompleteOrthogonalDecomposition pseudo-inverse of A in W, with the pivot threshold set
/// (before compute, which fixes the rank) to rel_threshold relative to the largest pivot.
template <class W>
dense<W> cod_pinv(const dense<W>& a, long double rel_threshold);

/// Eigen's BDCSVD of A in W with thin U and full V, its rank threshold set to rel_threshold
/// (relative to σ_max): the rank, U, V, and x = BDCSVD::solve(b), the minimum-norm least-squares
/// solution of every column of b (b may have no columns).
template <class W>
struct threshold_svd {
    std::size_t rank = 0;
    dense<W> u;
    dense<W> v;
    dense<W> x;
};
template <class W>
threshold_svd<W> eigen_threshold_svd(const dense<W>& a, long double rel_threshold, const dense<W>& b);

extern template dense<double> cod_pinv<double>(const dense<double>&, long double);
extern template dense<long double> cod_pinv<long double>(const dense<long double>&, long double);
extern template threshold_svd<double> eigen_threshold_svd<double>(const dense<double>&, long double,
                                                                  const dense<double>&);
extern template threshold_svd<long double> eigen_threshold_svd<long double>(const dense<long double>&, long double,
                                                                            const dense<long double>&);
extern template std::vector<long double> oracle_values<float>(const dense<float>&);
extern template std::vector<long double> oracle_values<double>(const dense<double>&);
extern template std::vector<long double> oracle_values<long double>(const dense<long double>&);
extern template std::vector<long double> jacobi_values<float>(const dense<float>&);
extern template std::vector<long double> jacobi_values<double>(const dense<double>&);
extern template std::vector<long double> jacobi_values<long double>(const dense<long double>&);
extern template dense_svd<float> eigen_bdcsvd<float>(const dense<float>&, svdkit::vectors);
extern template dense_svd<double> eigen_bdcsvd<double>(const dense<double>&, svdkit::vectors);
extern template dense_svd<long double> eigen_bdcsvd<long double>(const dense<long double>&, svdkit::vectors);

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_ORACLE_HPP
