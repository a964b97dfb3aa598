// measures.hpp - measurements that several examples' self-checks share.
//
// Examples-only helper (not part of the library, not installed). It uses svdkit's public
// products (products.hpp), so a measurement costs one gemm, as a user would write it.
#pragma once

#include <cstddef>  // std::size_t

#include <svdkit/matrix.hpp>
#include <svdkit/products.hpp>

namespace svdkit_examples {

/// ‖QᵀQ − I‖_F: how far the columns of q are from orthonormal (0 in exact arithmetic for the U
/// and V of an SVD; a small multiple of columns·ε in floating point).
inline double orthogonality_error(const svdkit::matrix<double>& q) {
    svdkit::matrix<double> e = svdkit::multiply(q.view().transpose(), q);
    for (std::size_t i = 0; i < e.rows(); ++i) e(i, i) -= 1;
    return svdkit::frobenius_norm(e);
}

}  // namespace svdkit_examples
