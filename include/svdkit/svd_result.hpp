// svdkit - what an SVD returns, and which singular vectors to compute.
#ifndef SVDKIT_SVD_RESULT_HPP
#define SVDKIT_SVD_RESULT_HPP

#include <vector>  // std::vector

#include "matrix.hpp"

namespace svdkit {

/// Which singular vectors to compute, for an m×n matrix with k = min(m, n).
enum class vectors {
    none,  ///< values only: u and/or v are left empty (0×0)
    thin,  ///< the first k columns: u is m×k, v is n×k (the default)
    full   ///< complete orthonormal bases: u is m×m, v is n×n
};

/// Separate choices for U and V, for callers that need only one side (e.g. PCA needs only V).
struct svd_options {
    vectors u = vectors::thin;
    vectors v = vectors::thin;
};

/// A = U·diag(s)·Vᵀ.
///
/// `s` holds the k = min(m, n) singular values in non-increasing order, all >= 0. Column j of `u`
/// and of `v` is the left and right singular vector of s[j]. `v` holds V itself, not Vᵀ.
/// Shapes: see svdkit::vectors. `auto [u, s, v] = svdkit::svd(a);` works.
template <class T>
struct svd_result {
    matrix<T> u;
    std::vector<T> s;
    matrix<T> v;
};

}  // namespace svdkit

#endif  // SVDKIT_SVD_RESULT_HPP
