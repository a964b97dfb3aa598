// Test support: one-sided (Hestenes) Jacobi SVD values in long double, a slow second reference.
//
// Rotating pairs of columns until all are mutually orthogonal leaves the singular values as the
// column norms. Demmel & Veselić (1992): for A = C·D with D diagonal and C well conditioned (a
// graded matrix), each σ_i comes out with a relative error of O(κ(C)·ε), however small σ_i is.
// support_checks.cpp uses it to cross-check bidiagonal_reference.hpp on graded bidiagonals.
// (Eigen's JacobiSVD is two-sided and does not have this property.)
//
// References:
//   [1] M. R. Hestenes (1958), "Inversion of matrices by biorthogonalization and related results",
//       J. SIAM 6(1), 51–90.
//   [2] J. Demmel, K. Veselić (1992), "Jacobi's method is more accurate than QR", SIAM J. Matrix
//       Anal. Appl. 13(4), 1204–1245.
#ifndef SVDKIT_TESTS_SUPPORT_ONE_SIDED_JACOBI_HPP
#define SVDKIT_TESTS_SUPPORT_ONE_SIDED_JACOBI_HPP

#include <algorithm>   // std::sort
#include <cmath>       // std::fabs, std::sqrt
#include <functional>  // std::greater
#include <limits>      // std::numeric_limits
#include <vector>      // std::vector

#include "dense.hpp"

namespace svdkit_test {

/// The singular values of a (m >= n), non-increasing, by cyclic one-sided Jacobi in long double.
inline std::vector<long double> one_sided_jacobi_values(dense<long double> a) {
    using column = Eigen::Matrix<long double, Eigen::Dynamic, 1>;
    const Eigen::Index n = a.cols();
    const long double tol = std::numeric_limits<long double>::epsilon();
    for (int sweep = 0; sweep < 100; ++sweep) {
        bool rotated = false;
        for (Eigen::Index p = 0; p < n; ++p)
            for (Eigen::Index q = p + 1; q < n; ++q) {
                const long double alpha = a.col(p).squaredNorm(), beta = a.col(q).squaredNorm();
                const long double gamma = a.col(p).dot(a.col(q));
                if (std::fabs(gamma) <= tol * std::sqrt(alpha) * std::sqrt(beta)) continue;  // already orthogonal
                rotated = true;
                // The rotation that diagonalises [alpha gamma; gamma beta] (Rutishauser's formulas).
                const long double zeta = (beta - alpha) / (2 * gamma);
                const long double t = (zeta >= 0 ? 1 : -1) / (std::fabs(zeta) + std::sqrt(1 + zeta * zeta));
                const long double c = 1 / std::sqrt(1 + t * t), s = c * t;
                const column ap = a.col(p), aq = a.col(q);
                a.col(p) = c * ap - s * aq;
                a.col(q) = s * ap + c * aq;
            }
        if (!rotated) break;
    }
    std::vector<long double> sv;
    for (Eigen::Index j = 0; j < n; ++j) sv.push_back(a.col(j).norm());
    std::sort(sv.begin(), sv.end(), std::greater<long double>());
    return sv;
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_ONE_SIDED_JACOBI_HPP
