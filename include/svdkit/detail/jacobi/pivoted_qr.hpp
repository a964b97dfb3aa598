// svdkit::detail - the preconditioner of the one-sided Jacobi SVD: rows sorted by their largest
// entry, then Householder QR with column pivoting.
//
//     Pᵣ·A·P = Q·R,   |R(0,0)| >= |R(1,1)| >= … (Businger-Golub: at step i the column of largest
//                      remaining norm is brought to position i)
//
// Column pivoting makes R graded like A's columns, and sorting the rows by decreasing ∞-norm
// first makes Householder QR row-wise backward stable as well [3], so a row-graded A = D·B loses
// no relative accuracy here either ([1] §4.4, dgejsv's row pivoting).
//
// The remaining column norms are downdated after each step, ‖a_j‖² ← ‖a_j‖² − a_ij², and
// recomputed from the column whenever cancellation has made the downdated value unreliable: the
// test of [2] (dlaqp2), which compares the downdated norm with the norm last computed directly.
//
// References:
// [1] Z. Drmač, K. Veselić, "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix
//     Anal. Appl. 29 (2008), §3-§4; LAPACK dgejsv.
// [2] Z. Drmač, Z. Bujanović, "On the failure of rank-revealing QR factorization software - a
//     case study", ACM TOMS 35 (2008); LAPACK dlaqp2 (the safe norm downdating).
// [3] A. J. Cox, N. J. Higham, "Stability of Householder QR factorization for weighted least
//     squares problems" (1998): row sorting + column pivoting is row-wise backward stable.
// [4] P. Businger, G. H. Golub, "Linear least squares solutions by Householder
//     transformations", Numer. Math. 7 (1965).
#ifndef SVDKIT_DETAIL_JACOBI_PIVOTED_QR_HPP
#define SVDKIT_DETAIL_JACOBI_PIVOTED_QR_HPP

#include <algorithm>  // std::max, std::stable_sort, std::swap_ranges
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <vector>     // std::vector

#include "../../matrix.hpp"
#include "../kernels/numeric.hpp"
#include "../reduction/householder.hpp"

namespace svdkit {
namespace detail {

/// Scratch of pivoted_qr().
template <class T>
struct pivoted_qr_workspace {
    std::vector<T> vn1, vn2;  ///< downdated and last directly computed remaining column norms
    std::vector<T> row_max, column;
    std::vector<T> z;  ///< apply_reflector_left_panel's inner products

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(vn1) + bytes_of(vn2) + bytes_of(row_max) + bytes_of(column) + bytes_of(z);
    }
};

/// Sorts the rows of the m×n matrix a by decreasing max_j |a_ij| (stable: ties keep their order).
/// rows[i] is the original index of row i afterwards.
template <class T>
void sort_rows_by_max(matrix<T>& a, std::vector<std::size_t>& rows, pivoted_qr_workspace<T>& ws) {
    const std::size_t m = a.rows(), n = a.cols();
    ws.row_max.assign(m, T(0));
    for (std::size_t j = 0; j < n; ++j) {
        const T* aj = a.col_ptr(j);
        for (std::size_t i = 0; i < m; ++i) ws.row_max[i] = std::max(ws.row_max[i], std::abs(aj[i]));
    }
    rows.resize(m);
    std::iota(rows.begin(), rows.end(), std::size_t(0));
    std::stable_sort(rows.begin(), rows.end(),
                     [&](std::size_t x, std::size_t y) { return ws.row_max[x] > ws.row_max[y]; });
    bool moved = false;
    for (std::size_t i = 0; i < m && !moved; ++i) moved = rows[i] != i;
    if (!moved) return;
    ws.column.resize(m);
    for (std::size_t j = 0; j < n; ++j) {
        T* aj = a.col_ptr(j);
        for (std::size_t i = 0; i < m; ++i) ws.column[i] = aj[rows[i]];
        std::copy(ws.column.begin(), ws.column.end(), aj);
    }
}

/// Householder QR with column pivoting of the m×n matrix a (m >= n) in place: on return R is in
/// the upper triangle and the reflectors below it, as householder_qr leaves them, with
/// A(:, jpvt[0]), A(:, jpvt[1]), … = Q·R. Level 2 (dgeqp2 with dlaqp2's downdating): each step
/// applies its reflector to the remaining columns through the gemv/ger kernels.
template <class T>
void pivoted_qr(matrix<T>& a, std::vector<T>& tau, std::vector<std::size_t>& jpvt, pivoted_qr_workspace<T>& ws) {
    const std::size_t m = a.rows(), n = a.cols();
    const std::size_t k = std::min(m, n);
    tau.assign(k, T(0));
    jpvt.resize(n);
    std::iota(jpvt.begin(), jpvt.end(), std::size_t(0));
    ws.vn1.resize(n);
    ws.vn2.resize(n);
    for (std::size_t j = 0; j < n; ++j) ws.vn1[j] = ws.vn2[j] = norm2(m, a.col_ptr(j));
    // dlaqp2's threshold: below √ε of the last direct value, the downdated norm has lost half its
    // digits and is recomputed.
    const T tol3z = std::sqrt(std::numeric_limits<T>::epsilon());
    for (std::size_t i = 0; i < k; ++i) {
        std::size_t pvt = i;
        for (std::size_t j = i + 1; j < n; ++j)
            if (ws.vn1[j] > ws.vn1[pvt]) pvt = j;
        if (pvt != i) {
            std::swap_ranges(a.col_ptr(pvt), a.col_ptr(pvt) + m, a.col_ptr(i));
            std::swap(jpvt[pvt], jpvt[i]);
            ws.vn1[pvt] = ws.vn1[i];
            ws.vn2[pvt] = ws.vn2[i];
        }
        T* aii = a.col_ptr(i) + i;
        tau[i] = make_reflector(m - i, *aii, aii + 1, 1);
        if (i + 1 < n) apply_reflector_left_panel(tau[i], aii + 1, m - i, n - i - 1, a.col_ptr(i + 1) + i, m, ws.z);
        for (std::size_t j = i + 1; j < n; ++j) {
            if (ws.vn1[j] == T(0)) continue;
            const T r = std::abs(a(i, j)) / ws.vn1[j];
            const T temp = std::max(T(0), (T(1) - r) * (T(1) + r));
            const T q = ws.vn1[j] / ws.vn2[j];
            if (temp * q * q <= tol3z) {
                ws.vn1[j] = i + 1 < m ? norm2(m - i - 1, a.col_ptr(j) + i + 1) : T(0);
                ws.vn2[j] = ws.vn1[j];
            } else {
                ws.vn1[j] *= std::sqrt(temp);
            }
        }
    }
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_JACOBI_PIVOTED_QR_HPP
