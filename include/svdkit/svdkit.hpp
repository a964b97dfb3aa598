// svdkit - umbrella header: include this one to get the whole library.
//
// svdkit is a header-only C++17 library for the singular value decomposition A = U·Σ·Vᵀ of real
// m×n matrices (float, double, long double), using the C++ standard library only.
// Start with svdkit::svd() (svd.hpp) and svdkit::matrix<T> / svdkit::matrix_view<T> (matrix.hpp);
// selected.hpp computes only some triplets (svd_range, svd_interval);
// on top of it: low_rank.hpp (truncated SVD, Eckart-Young), randomized.hpp (randomized SVD),
// solve.hpp (rank, pinv, lstsq, null_space, range, cond, norm2; tolerance.hpp for the policy),
// pca.hpp (centered PCA with scikit-learn's semantics), partial_svd.hpp (the top k triplets of any
// linear operator: operator.hpp, sparse.hpp's csr_view), streaming.hpp (tall_svd: the SVD of a tall
// matrix given as row blocks), svd_update.hpp (a thin SVD after rows or columns are appended),
// incremental_pca.hpp (PCA updated block by block, as scikit-learn's IncrementalPCA); io.hpp reads
// and writes CSV and .npy.
#ifndef SVDKIT_SVDKIT_HPP
#define SVDKIT_SVDKIT_HPP

#include "bidiagonal_svd.hpp"
#include "errors.hpp"
#include "incremental_pca.hpp"
#include "io.hpp"
#include "low_rank.hpp"
#include "matrix.hpp"
#include "operator.hpp"
#include "partial_svd.hpp"
#include "pca.hpp"
#include "products.hpp"
#include "randomized.hpp"
#include "selected.hpp"
#include "solve.hpp"
#include "sparse.hpp"
#include "streaming.hpp"
#include "svd.hpp"
#include "svd_result.hpp"
#include "svd_update.hpp"
#include "thread_pool.hpp"
#include "tolerance.hpp"
#include "version.hpp"

#endif  // SVDKIT_SVDKIT_HPP
