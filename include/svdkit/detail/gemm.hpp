// svdkit::detail - dense matrix products for the layers above the core SVD (low rank, randomized
// SVD, solvers): C = A·B, C = Aᵀ·B, C = A·Bᵀ on column-major matrices.
//
// Plain loops arranged for column-major storage, not a tuned kernel: C = A·B streams columns of A
// four output columns at a time (each loaded element of A is used four times), C = Aᵀ·B is a dot
// product of contiguous columns with eight independent partial sums (so the compiler can
// vectorize it without reassociating a single reduction).
#ifndef SVDKIT_DETAIL_GEMM_HPP
#define SVDKIT_DETAIL_GEMM_HPP

#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string

#include "../matrix.hpp"

namespace svdkit {
namespace detail {

inline std::string shape_string(std::size_t r, std::size_t c) { return std::to_string(r) + "x" + std::to_string(c); }

/// Σ_i x[i]·y[i] over n contiguous elements, in eight interleaved partial sums.
template <class T>
T dot(std::size_t n, const T* x, const T* y) noexcept {
    T acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t r = 0; r < 8; ++r) acc[r] += x[i + r] * y[i + r];
    T s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; i < n; ++i) s += x[i] * y[i];
    return s;
}

/// C = A·B.
template <class T>
matrix<T> multiply(const matrix<T>& a, const matrix<T>& b) {
    if (a.cols() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) + " by " +
                                    shape_string(b.rows(), b.cols()));
    const std::size_t m = a.rows(), n = b.cols(), k = a.cols();
    matrix<T> c(m, n);
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        T* c0 = c.col_ptr(j);
        T* c1 = c.col_ptr(j + 1);
        T* c2 = c.col_ptr(j + 2);
        T* c3 = c.col_ptr(j + 3);
        for (std::size_t p = 0; p < k; ++p) {
            const T b0 = b(p, j), b1 = b(p, j + 1), b2 = b(p, j + 2), b3 = b(p, j + 3);
            const T* ap = a.col_ptr(p);
            for (std::size_t i = 0; i < m; ++i) {
                const T x = ap[i];
                c0[i] += x * b0;
                c1[i] += x * b1;
                c2[i] += x * b2;
                c3[i] += x * b3;
            }
        }
    }
    for (; j < n; ++j) {
        T* cj = c.col_ptr(j);
        for (std::size_t p = 0; p < k; ++p) {
            const T bp = b(p, j);
            const T* ap = a.col_ptr(p);
            for (std::size_t i = 0; i < m; ++i) cj[i] += ap[i] * bp;
        }
    }
    return c;
}

/// C = Aᵀ·B.
template <class T>
matrix<T> multiply_at_b(const matrix<T>& a, const matrix<T>& b) {
    if (a.rows() != b.rows())
        throw std::invalid_argument("svdkit::multiply: cannot multiply the transpose of " +
                                    shape_string(a.rows(), a.cols()) + " by " + shape_string(b.rows(), b.cols()));
    matrix<T> c(a.cols(), b.cols());
    for (std::size_t j = 0; j < b.cols(); ++j)
        for (std::size_t i = 0; i < a.cols(); ++i) c(i, j) = dot(a.rows(), a.col_ptr(i), b.col_ptr(j));
    return c;
}

/// C = A·Bᵀ.
template <class T>
matrix<T> multiply_a_bt(const matrix<T>& a, const matrix<T>& b) {
    if (a.cols() != b.cols())
        throw std::invalid_argument("svdkit::multiply: cannot multiply " + shape_string(a.rows(), a.cols()) +
                                    " by the transpose of " + shape_string(b.rows(), b.cols()));
    return multiply(a, b.transpose());
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_GEMM_HPP
