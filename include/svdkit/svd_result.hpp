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

/// Separate choices for U and V, for callers that need only one side (e.g. PCA needs only V),
/// and the number of threads.
struct svd_options {
    vectors u = vectors::thin;
    vectors v = vectors::thin;
    /// Threads for the large matrix products (the QR of a tall input, divide and conquer, forming
    /// U and V), started per product with std::thread; 0 counts as 1. The result is
    /// bit-identical for every value.
    unsigned threads = 1;
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
