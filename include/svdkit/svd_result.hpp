// svdkit - what an SVD returns, and which singular vectors to compute.
#ifndef SVDKIT_SVD_RESULT_HPP
#define SVDKIT_SVD_RESULT_HPP

#include <algorithm>    // std::copy
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_signed
#include <vector>       // std::vector

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

namespace detail {

/// k as a size_t, or std::invalid_argument giving the valid range 0 <= k <= min(rows, cols).
template <class K, if_integral<K> = 0>
std::size_t checked_rank_k(K k, std::size_t rows, std::size_t cols, const char* where) {
    const std::size_t p = rows < cols ? rows : cols;
    bool ok = true;
    if constexpr (std::is_signed<K>::value) ok = k >= 0;
    if (ok) ok = static_cast<unsigned long long>(k) <= static_cast<unsigned long long>(p);
    if (!ok)
        throw std::invalid_argument(std::string(where) + ": k (= " + std::to_string(k) +
                                    ") must satisfy 0 <= k <= min(rows, cols) (= " + std::to_string(p) + ")");
    return static_cast<std::size_t>(k);
}

/// Keeps the first k singular triplets of a thin SVD.
template <class T>
void truncate(svd_result<T>& r, std::size_t k) {
    auto keep_columns = [k](matrix<T>& x) {
        matrix<T> y(x.rows(), k);
        std::copy(x.data(), x.data() + x.rows() * k, y.data());
        x.swap(y);
    };
    keep_columns(r.u);
    keep_columns(r.v);
    r.s.resize(k);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_SVD_RESULT_HPP
