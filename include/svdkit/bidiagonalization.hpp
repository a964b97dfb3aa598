// svdkit - Householder bidiagonalization A = Q·B·Pᵀ of an m×n matrix with m >= n.
//
//         [ d₀ e₀             ]
//     B = [    d₁ e₁          ]   (n×n upper bidiagonal; Q is m×m, P is n×n, both orthogonal)
//         [        ⋱  ⋱       ]
//         [           d_{n−1} ]
//
// Step j applies a left reflector H_j that zeroes A(j+1:m, j), then (for j < n−1) a right
// reflector G_j that zeroes A(j, j+2:n), so that Q = H₀·…·H_{n−1} and P = G₀·…·G_{n−2}.
// Q and P are formed afterwards, and only as far as the caller needs them.
// Cost: 4mn² − 4n³/3 flops for B; Q (thin) and P add about as much again.
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §5.4.8, Alg. 5.4.2.
// [2] LAPACK dgebd2 (unblocked reduction) and dorgbr (forming Q and Pᵀ).
#ifndef SVDKIT_BIDIAGONALIZATION_HPP
#define SVDKIT_BIDIAGONALIZATION_HPP

#include <algorithm>  // std::fill
#include <cstddef>    // std::size_t
#include <utility>    // std::move
#include <vector>     // std::vector

#include "householder.hpp"
#include "matrix.hpp"

namespace svdkit {
namespace detail {

/// The reduction of bidiagonalize(): the bidiagonal (d, e) and the reflectors that define Q and P.
template <class T>
struct bidiagonal_reduction {
    std::vector<T> d;     ///< diagonal of B, n entries
    std::vector<T> e;     ///< superdiagonal of B, n−1 entries (empty when n = 0)
    std::vector<T> tauq;  ///< τ of H_j, n entries
    std::vector<T> taup;  ///< τ of G_j, n entries (the last is 0)
    matrix<T> a;          ///< the reduced matrix: H_j's vectors below the diagonal, G_j's right of the superdiagonal
};

/// Reduces the m×n matrix a (m >= n, taken by value and overwritten) to upper bidiagonal form
/// ([1, Alg. 5.4.2], [2] dgebd2).
template <class T>
bidiagonal_reduction<T> bidiagonalize(matrix<T> a) {
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    bidiagonal_reduction<T> r;
    r.d.assign(n, T(0));
    r.e.assign(n > 0 ? n - 1 : 0, T(0));
    r.tauq.assign(n, T(0));
    r.taup.assign(n, T(0));
    std::vector<T> work(m);
    std::vector<T> row(n);
    for (std::size_t j = 0; j < n; ++j) {
        // step 1: H_j zeroes A(j+1:m, j) and is applied to the trailing columns.
        T* ajj = a.col_ptr(j) + j;
        r.tauq[j] = make_reflector(m - j, *ajj, ajj + 1, 1);
        r.d[j] = *ajj;
        if (j + 1 < n) apply_reflector_left(r.tauq[j], ajj + 1, m - j, n - j - 1, a.col_ptr(j + 1) + j, m);
        if (j + 1 >= n) break;
        // step 2: G_j zeroes A(j, j+2:n) and is applied to the trailing rows.
        T* aj1 = a.col_ptr(j + 1) + j;
        r.taup[j] = make_reflector(n - j - 1, *aj1, aj1 + m, static_cast<std::ptrdiff_t>(m));
        r.e[j] = *aj1;
        // The row vector has stride m; a contiguous copy makes the update stream through memory.
        for (std::size_t c = j + 2; c < n; ++c) row[c - j - 2] = a(j, c);
        apply_reflector_right(r.taup[j], row.data(), m - j - 1, n - j - 1, a.col_ptr(j + 1) + j + 1, m,
                              work.data());
    }
    r.a = std::move(a);
    return r;
}

/// The first q.cols() columns of Q (n <= q.cols() <= m); q must be sized m×ncols.
template <class T>
void form_bidiagonal_q(const bidiagonal_reduction<T>& r, matrix<T>& q) {
    form_q(r.a.data(), r.a.rows(), r.tauq, r.d.size(), q);
}

/// P (n×n) into p, which must be sized n×n.
template <class T>
void form_bidiagonal_p(const bidiagonal_reduction<T>& r, matrix<T>& p) {
    const std::size_t n = r.d.size();
    if (n == 0) return;
    // G_j acts on coordinates j+1…n−1, its essential part is row j right of the superdiagonal.
    // Copied into columns of an (n−1)×(n−1) array, P = diag(1, P') with P' formed like any Q.
    const std::size_t n1 = n - 1;
    matrix<T> vt(n1, n1);
    for (std::size_t j = 0; j < n1; ++j)
        for (std::size_t c = j + 2; c < n; ++c) vt(c - 1, j) = r.a(j, c);
    matrix<T> p1(n1, n1);
    std::vector<T> tau(r.taup.begin(), r.taup.begin() + static_cast<std::ptrdiff_t>(n1));
    form_q(vt.data(), n1, tau, n1, p1);
    std::fill(p.data(), p.data() + p.size(), T(0));
    p(0, 0) = T(1);
    for (std::size_t j = 0; j < n1; ++j)
        for (std::size_t i = 0; i < n1; ++i) p(i + 1, j + 1) = p1(i, j);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_BIDIAGONALIZATION_HPP
