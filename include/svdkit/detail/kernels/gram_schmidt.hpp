// svdkit::detail - classical Gram-Schmidt run twice, for Krylov bases (partial_svd).
//
// Each vector is orthogonalized against the kept columns with two passes of classical
// Gram-Schmidt (each a gemv_t and a gemv_n over the basis): the second pass removes what the
// rounding of the first left, so the result is orthogonal to O(ε) whatever the loss in the first [1].
//
// References:
// [1] L. Giraud, J. Langou, M. Rozložník, J. van den Eshof, "Rounding error analysis of the
//     classical Gram-Schmidt orthogonalization process", Numer. Math. 101 (2005): two passes
//     suffice.
// [2] R. M. Larsen, "Lanczos bidiagonalization with partial reorthogonalization", PROPACK,
//     DAIMI PB-537 (1998).
// [3] J. W. Daniel, W. B. Gragg, L. Kaufman, G. W. Stewart, "Reorthogonalization and stable
//     algorithms for updating the Gram-Schmidt QR factorization", Math. Comp. 30 (1976): the
//     test for a second pass (η = 1/√2, as ARPACK's dsaitr uses), not used here (above).
#ifndef SVDKIT_DETAIL_KERNELS_GRAM_SCHMIDT_HPP
#define SVDKIT_DETAIL_KERNELS_GRAM_SCHMIDT_HPP

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include "../../matrix.hpp"
#include "gemv.hpp"
#include "numeric.hpp"
#include "random.hpp"

namespace svdkit {
namespace detail {

/// x ← x − Q·(Qᵀ·x) twice over the first c columns of the m-row block q (leading dimension m),
/// classical Gram-Schmidt, each pass one gemv_t and one gemv_n. Always two passes: a second pass
/// only where the first removed much ([3], η = 1/√2) saves half of partial_svd's
/// reorthogonalization but was measured to lose the copy of an exactly doubled value (kron(I₂, B),
/// float, k = 2) that the second pass's rounding brings into the Krylov space (partial_svd.hpp on
/// multiplicity). The coefficients on the columns c0 … c−1 (both passes summed) are added to
/// h_kept[0 … c−c0) when h_kept is given (the in-block entries of a block's Gram-Schmidt QR,
/// which belong in B).
/// `h` is the caller's scratch for the c coefficients (grown when short, so that a Krylov loop
/// allocates it once instead of once per vector).
template <class T>
void project_out(std::size_t m, const T* q, std::size_t c0, std::size_t c, T* x, T* h_kept, std::vector<T>& h) {
    if (c == 0) return;
    if (h.size() < c) h.resize(c);
    for (int pass = 0; pass < 2; ++pass) {
        gemv_t(m, c, q, m, x, h.data());
        if (h_kept)
            for (std::size_t i = c0; i < c; ++i) h_kept[i - c0] += h[i];
        for (std::size_t j = 0; j < c; ++j) h[j] = -h[j];
        gemv_n(m, c, q, m, h.data(), x);
    }
}
template <class T>
void project_out(std::size_t m, const T* q, std::size_t c0, std::size_t c, T* x, T* h_kept) {
    std::vector<T> h;
    project_out(m, q, c0, c, x, h_kept, h);
}

/// x ← x − Q·(Qᵀ·x) twice for the first c columns of Q (project_out).
template <class T>
void reorthogonalize(const matrix<T>& q, std::size_t c, T* x) {
    project_out<T>(q.rows(), q.data(), c, c, x, nullptr);
}

/// Gram-Schmidt (two passes per column) over the first c columns of q: vectors formed as
/// products with small orthogonal factors (U·P at a restart, the final U_k) drift from
/// orthonormality by O(subspace·ε) each time; this brings them back to O(ε) per column.
template <class T>
void orthonormalize_columns(matrix<T>& q, std::size_t c) {
    for (std::size_t j = 0; j < c; ++j) {
        T* x = q.col_ptr(j);
        reorthogonalize(q, j, x);
        const T nx = norm2(q.rows(), x);
        if (nx > T(0))
            for (std::size_t i = 0; i < q.rows(); ++i) x[i] /= nx;
    }
}

/// A unit vector orthogonal to the first c columns of q, from the generator (a breakdown's restart).
template <class T>
void random_orthogonal(const matrix<T>& q, std::size_t c, gaussian_source& rng, T* x) {
    const std::size_t m = q.rows();
    for (int attempt = 0; attempt < 4; ++attempt) {
        for (std::size_t i = 0; i < m; ++i) x[i] = static_cast<T>(rng.next());
        reorthogonalize(q, c, x);
        const T nx = norm2(m, x);
        if (nx > T(0)) {
            for (std::size_t i = 0; i < m; ++i) x[i] /= nx;
            return;
        }
    }
    for (std::size_t i = 0; i < m; ++i) x[i] = T(0);  // c = m: no direction is left
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_GRAM_SCHMIDT_HPP
