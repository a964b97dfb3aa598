// svdkit - a compressed sparse row (CSR) matrix, viewed without a copy, as a linear operator.
//
// Row i holds the entries values[k] at columns col_idx[k] for row_ptr[i] <= k < row_ptr[i+1]
// (the layout of SciPy's csr_matrix, Eigen's row-major SparseMatrix, MKL and cuSPARSE with
// zero-based indices). Column indices need not be sorted within a row; repeated indices add up
// (as SciPy sums duplicates). The view checks the structure once, when it is made, so that a
// malformed index can never read outside the arrays.
//
// References:
// [1] Y. Saad, Iterative Methods for Sparse Linear Systems, 2nd ed. (2003), §3.4 (CSR) and the
//     products y = A·x, y = Aᵀ·x by rows.
#ifndef SVDKIT_SPARSE_HPP
#define SVDKIT_SPARSE_HPP

#include <algorithm>    // std::fill, std::min
#include <cmath>        // std::abs, std::isnan
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_integral
#include <vector>       // std::vector

#include "errors.hpp"
#include "matrix.hpp"
#include "operator.hpp"
#include "detail/kernels/numeric.hpp"
#include "detail/kernels/scaling.hpp"

namespace svdkit {

/// \brief An m×n CSR matrix over the caller's three arrays (no copy: keep them alive), usable as
/// a linear operator (operator.hpp).
///
/// row_ptr has rows + 1 entries; col_idx and values have row_ptr[rows] (= nnz) entries. Index is
/// std::int64_t (the default) or int, or any signed or unsigned integer type.
/// \throws std::invalid_argument when the structure is malformed, naming the offending index:
///         row_ptr[0] != 0, a decreasing row_ptr, a negative nnz, a column index outside
///         [0, cols), or a null array where entries are needed. Values are not checked here;
///         check_finite() (called by partial_svd) throws svdkit::non_finite_input naming the
///         (row, column) of the first NaN/Inf.
/// ```
/// std::vector<std::int64_t> ptr{0, 2, 3}, idx{0, 2, 1};
/// std::vector<double> val{1.0, 2.0, 3.0};
/// svdkit::csr_view<double> a(2, 3, ptr.data(), idx.data(), val.data());   // [[1 0 2], [0 3 0]]
/// ```
template <class T, class Index = std::int64_t>
class csr_view {
    static_assert(!detail::is_complex<T>::value,
                  "svdkit::csr_view is real-only (its products, partial_svd and pca on it are real); for a complex "
                  "sparse matrix write a linear operator (operator.hpp: apply and apply_transpose = A^H)");
    static_assert(std::is_floating_point<T>::value || detail::is_complex<T>::value,
                  "svdkit::csr_view: T must be float, double or long double");
    static_assert(std::is_integral<Index>::value, "svdkit::csr_view: Index must be an integer type");

public:
    using value_type = T;
    using index_type = Index;

    template <class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
    csr_view(R rows, C cols, const Index* row_ptr, const Index* col_idx, const T* values)
        : rows_(detail::checked_extent(rows, "rows", "svdkit::csr_view")),
          cols_(detail::checked_extent(cols, "cols", "svdkit::csr_view")),
          row_ptr_(row_ptr),
          col_idx_(col_idx),
          values_(values) {
        validate();
    }

    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    std::size_t nonzeros() const noexcept { return nnz_; }
    const Index* row_ptr() const noexcept { return row_ptr_; }
    const Index* col_idx() const noexcept { return col_idx_; }
    const T* values() const noexcept { return values_; }

    /// y = A·x (x n×b, y m×b), row by row. A block of b > 1 columns is read through a row-major
    /// copy of x, up to block_width columns at a time, so that each stored entry meets its b
    /// values of x in one cache line instead of b (and A is read once per block_width columns).
    void apply(const matrix<T>& x, matrix<T>& y) const {
        detail::check_product_shapes("svdkit::csr_view::apply", x.rows(), cols_, y.rows(), rows_, x.cols(), y.cols());
        if (x.cols() > 1) {
            apply_block(x, y);
            return;
        }
        for (std::size_t c = 0; c < x.cols(); ++c) {
            const T* xc = x.col_ptr(c);
            T* yc = y.col_ptr(c);
            for (std::size_t i = 0; i < rows_; ++i) {
                T s = 0;
                for (std::size_t k = begin(i); k < begin(i + 1); ++k) s = detail::mul_add(values_[k], xc[col(k)], s);
                yc[i] = s;
            }
        }
    }

    /// y = Aᵀ·x (x m×b, y n×b): row i of A scattered, times x(i, c), into y (for b > 1 into a
    /// row-major block, as apply).
    void apply_transpose(const matrix<T>& x, matrix<T>& y) const {
        detail::check_product_shapes("svdkit::csr_view::apply_transpose", x.rows(), rows_, y.rows(), cols_, x.cols(),
                                     y.cols());
        if (x.cols() > 1) {
            apply_transpose_block(x, y);
            return;
        }
        for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = T(0);
        for (std::size_t c = 0; c < x.cols(); ++c) {
            const T* xc = x.col_ptr(c);
            T* yc = y.col_ptr(c);
            for (std::size_t i = 0; i < rows_; ++i) {
                const T xi = xc[i];
                for (std::size_t k = begin(i); k < begin(i + 1); ++k) yc[col(k)] = detail::mul_add(values_[k], xi, yc[col(k)]);
            }
        }
    }

    /// \throws svdkit::non_finite_input naming the first NaN/Inf entry in row-major order.
    void check_finite(const char* where) const {
        for (std::size_t i = 0; i < rows_; ++i) {
            // the entries of one row in column order, so that the first one reported is the leftmost
            std::size_t bad = nnz_;
            for (std::size_t k = begin(i); k < begin(i + 1); ++k)
                if (!(std::abs(values_[k]) <= std::numeric_limits<T>::max()) && (bad == nnz_ || col(k) < col(bad)))
                    bad = k;
            if (bad != nnz_) {
                const T v = values_[bad];
                throw non_finite_input(where, i, col(bad), std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
            }
        }
    }

    /// The columns of x taken together by the block products (their row-major scratch: n·16 values).
    static constexpr std::size_t block_width = 16;

private:
    void apply_block(const matrix<T>& x, matrix<T>& y) const {
        std::vector<T> xr(cols_ * block_width);
        for (std::size_t c0 = 0; c0 < x.cols(); c0 += block_width) {
            const std::size_t b = std::min(block_width, x.cols() - c0);
            for (std::size_t c = 0; c < b; ++c)
                for (std::size_t j = 0; j < cols_; ++j) xr[j * b + c] = x(j, c0 + c);
            for (std::size_t i = 0; i < rows_; ++i) {
                T s[block_width] = {};
                for (std::size_t k = begin(i); k < begin(i + 1); ++k) {
                    const T v = values_[k];
                    const T* xj = xr.data() + col(k) * b;
                    for (std::size_t c = 0; c < b; ++c) s[c] = detail::mul_add(v, xj[c], s[c]);
                }
                for (std::size_t c = 0; c < b; ++c) y(i, c0 + c) = s[c];
            }
        }
    }

    void apply_transpose_block(const matrix<T>& x, matrix<T>& y) const {
        std::vector<T> yr(cols_ * block_width);
        for (std::size_t c0 = 0; c0 < x.cols(); c0 += block_width) {
            const std::size_t b = std::min(block_width, x.cols() - c0);
            std::fill(yr.begin(), yr.end(), T(0));
            for (std::size_t i = 0; i < rows_; ++i) {
                T xi[block_width];
                for (std::size_t c = 0; c < b; ++c) xi[c] = x(i, c0 + c);
                for (std::size_t k = begin(i); k < begin(i + 1); ++k) {
                    const T v = values_[k];
                    T* yj = yr.data() + col(k) * b;
                    for (std::size_t c = 0; c < b; ++c) yj[c] = detail::mul_add(v, xi[c], yj[c]);
                }
            }
            for (std::size_t c = 0; c < b; ++c)
                for (std::size_t j = 0; j < cols_; ++j) y(j, c0 + c) = yr[j * b + c];
        }
    }

    std::size_t begin(std::size_t i) const noexcept { return static_cast<std::size_t>(row_ptr_[i]); }
    std::size_t col(std::size_t k) const noexcept { return static_cast<std::size_t>(col_idx_[k]); }

    [[noreturn]] static void fail(const std::string& what) {
        throw std::invalid_argument("svdkit::csr_view: " + what);
    }

    void validate() {
        if (row_ptr_ == nullptr) fail("row_ptr is null (it needs rows + 1 = " + std::to_string(rows_ + 1) + " entries)");
        if (row_ptr_[0] != 0) fail("row_ptr[0] = " + detail::int_to_string(row_ptr_[0]) + " must be 0");
        for (std::size_t i = 0; i < rows_; ++i)
            if (row_ptr_[i + 1] < row_ptr_[i])
                fail("row_ptr[" + std::to_string(i + 1) + "] = " + detail::int_to_string(row_ptr_[i + 1]) +
                     " is less than row_ptr[" + std::to_string(i) + "] = " + detail::int_to_string(row_ptr_[i]) +
                     " (row_ptr must be non-decreasing)");
        nnz_ = static_cast<std::size_t>(row_ptr_[rows_]);
        if (nnz_ > 0 && (col_idx_ == nullptr || values_ == nullptr))
            fail("col_idx or values is null but row_ptr[rows] = " + std::to_string(nnz_) + " entries are needed");
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t k = begin(i); k < begin(i + 1); ++k) {
                const Index j = col_idx_[k];
                bool ok = true;
                if constexpr (std::is_signed<Index>::value) ok = j >= 0;
                if (ok) ok = static_cast<unsigned long long>(j) < static_cast<unsigned long long>(cols_);
                if (!ok)
                    fail("col_idx[" + std::to_string(k) + "] = " + detail::int_to_string(j) + " (row " +
                         std::to_string(i) + ") is outside [0, " + std::to_string(cols_) + ")");
            }
    }

    std::size_t rows_;
    std::size_t cols_;
    const Index* row_ptr_;
    const Index* col_idx_;
    const T* values_;
    std::size_t nnz_ = 0;
};

namespace detail {
/// Checks run before any product: every stored entry of a dense or CSR operator (and of the one
/// inside centered(), with its mean); a user's operator has its products checked instead.
template <class T>
void check_operator_finite(const dense_operator<T>& op, const char* where) {
    max_abs_finite(op.view(), where);
}
template <class T, class Index>
void check_operator_finite(const csr_view<T, Index>& op, const char* where) {
    op.check_finite(where);
}
template <class Op>
void check_operator_finite(const Op&, const char*) {}
template <class Op>
void check_operator_finite(const centered_operator<Op>& op, const char* where) {
    using T = operator_value_t<Op>;
    for (std::size_t j = 0; j < op.mean().size(); ++j)
        if (!(std::abs(op.mean()[j]) <= std::numeric_limits<T>::max()))
            throw std::invalid_argument(std::string(where) + ": mean[" + std::to_string(j) + "] is not finite");
    check_operator_finite(op.inner(), where);
}
}  // namespace detail

}  // namespace svdkit

#endif  // SVDKIT_SPARSE_HPP
