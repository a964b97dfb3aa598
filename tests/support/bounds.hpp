// Test support: the accuracy bounds every SVD test checks its ratios (support/measures.hpp) against.
//
// The ratios are already normalised by what backward stability allows (ε, ‖A‖, max(m, n), the
// number of columns), so each bound is a small constant plus, where the algorithm's design
// allows it, one explicit extra term. A failing bound points at the library: report it, never
// "fix" it by raising a constant.
//
// The two sources of error a Golub–Kahan SVD is allowed:
//  - rounding in the Householder reductions and Givens sweeps: backward error O(√(mn))·ε·‖A‖ in
//    practice, O(mn)·ε·‖A‖ worst case (Higham, ASNA 2nd ed., §19.3); with our normalisation the
//    ratio is O(1), largest on tiny matrices (measured: Eigen's BDCSVD reaches 3.2 on 5×5, both
//    libraries ~0.1 on 200×200; LAPACK's own test suite passes these ratios below 30).
//  - deflation: a QR iteration in the style of LAPACK dbdsqr (svdkit's, [DK90]) sets e_i to zero
//    once |e_i| <= tol·|d_j| with tol = TOLMUL·u, TOLMUL <= 100 (dbdsqr's "desired relative
//    precision"), u = ε/2. Over all deflations that perturbs B by at most tol·‖B‖_F <= 50·ε·‖A‖_F,
//    i.e. by 50/max(m, n) in reconstruction units, and each σ_i by a relative tol <= 50·ε.
#ifndef SVDKIT_TESTS_SUPPORT_BOUNDS_HPP
#define SVDKIT_TESTS_SUPPORT_BOUNDS_HPP

#include <algorithm>  // std::max
#include <cmath>      // std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits

namespace svdkit_test {

// O(1) rounding allowance of a backward-stable SVD in our units: 4 covers small-matrix constants
// (Eigen measures up to 3.2 on 5×5) and is ~40× what either library measures on 200×200.
constexpr long double rounding_allowance = 4.0L;

// dbdsqr-style deflation at relative tolerance TOLMUL·u <= 100·u = 50·ε (see above), in units of ε.
constexpr long double deflation_allowance = 50.0L;

/// ‖A − UΣVᵀ‖_F/(‖A‖_F·max(m,n)·ε): rounding, plus deflation's 50·ε·‖A‖_F spread over max(m, n).
inline long double reconstruction_bound(std::size_t m, std::size_t n) {
    return rounding_allowance + deflation_allowance / static_cast<long double>(std::max<std::size_t>({m, n, 1}));
}

/// max|σ_i − σ_i^oracle|/(σ_1·max(m,n)·ε): by Weyl |Δσ_i| <= ‖E‖_2, with E the backward error
/// above; deflation moves σ_i by at most 50·ε·σ_i <= 50·ε·σ_1.
inline long double value_error_bound(std::size_t m, std::size_t n) {
    return rounding_allowance + deflation_allowance / static_cast<long double>(std::max<std::size_t>({m, n, 1}));
}

/// Against the σ a test matrix was built from (generators.hpp): the oracle bound plus the
/// rounding of the built matrix to T, ‖fl(A) − A‖_2 <= (ε/2)·‖A‖_F <= (ε/2)·max(m,n)·σ_1.
inline long double known_value_error_bound(std::size_t m, std::size_t n) {
    return value_error_bound(m, n) + 0.5L;
}

// ‖I − QᵀQ‖_F/(c·ε) for Q with c columns: reflectors and rotations are orthogonal to a few ε per
// column in practice (Higham Lemma 19.3 allows O(rows·u) worst case). Deflation does not enter.
// 10 is ~10× the square-matrix values (~1) and covers the tall thin case, where each column is
// a product of reflectors of length `rows` >> c (normalising by c, not rows, makes it stricter
// than LAPACK's dort01 ratio there).
constexpr long double orthogonality_bound = 10.0L;

/// |σ_i − σ_i^ref|/(σ_i·ε) on an n×n bidiagonal, where relative accuracy is promised: the
/// deflation tolerance (relative 50·ε) plus O(n) relative rounding per value [DK90, Thm 4 and §6];
/// 4·n leaves room for the sweeps' accumulated rounding. The reference is accurate to ~1e-30.
inline long double bidiagonal_relative_bound(std::size_t n) {
    return deflation_allowance + 4.0L * static_cast<long double>(n);
}

/// The absolute error below which relative accuracy is not promised on a bidiagonal ("in the
/// absence of underflow", LAPACK dbdsqr): its deflation threshold is MAXITR·n²·unfl = 6·n²·min(T);
/// a singular value under T's range can only come back as ~0.
template <class T>
long double bidiagonal_underflow_floor(std::size_t n) {
    return 6.0L * static_cast<long double>(n * n) * static_cast<long double>(std::numeric_limits<T>::min());
}

// Divide and conquer on an n×n bidiagonal (detail/bidiagonal/divide_and_conquer.hpp), whose σ
// are accurate to ε·σ_max only. L = merge_levels(n, leaf) levels of merges above leaves solved by
// the QR iteration:
//  - reconstruction ‖B − UΣVᵀ‖_F/(‖B‖_F·n·ε) <= 4 + 50/n + 16·L/√n. 4 + 50/n is the QR
//    iteration's own bound (reconstruction_bound: the leaves). Each merge deflates with
//    tol = 8·ε·max(d_max, |α|, |β|) <= 8·ε·‖B‖₂, and every change it makes moves its arrow matrix M
//    by at most √2·tol per column (a z_i set to 0: tol; a rotation of two d closer than tol: the
//    dropped 2×2 error [s²δ, csδ; csδ, −s²δ], δ <= tol, has Frobenius norm √2·s·δ; z₀ raised to
//    tol and the smallest d kept tol/2 from 0: tol each, once per merge), so a merge of N rows
//    moves M by at most √2·tol·√(N + 2). The merges of one level act on disjoint blocks with
//    Σ(N + 2) <= 2n, and M is B's block up to orthogonal factors: a level moves B by at most
//    16·ε·√n·‖B‖₂, and L levels by 16·L·√n·ε·‖B‖_F; divided by ‖B‖_F·n·ε that is 16·L/√n.
//  - orthogonality: orthogonality_bound. A merge multiplies the children's factors by K×K
//    matrices whose columns are exact singular vectors of M̂ (the arrow with Löwner's ẑ) to a
//    relative O(ε) per entry [Gu & Eisenstat 1995, §3.3], so each merge adds O(K·ε) to
//    ‖I − QᵀQ‖_F; over the levels K halves, Σ K <= 2n, ~2·n·ε in all.
//  - values max|σ_i − σ_i^exact|/(σ_max·n·ε) <= 4 + 50/n + 8·L·(√n + 3)/n. By Weyl each σ moves by
//    at most the spectral norm of the backward error: the QR iteration's (value_error_bound,
//    which also covers the leaves) plus, per level, max over its blocks of ‖ΔM‖₂ <= tol·(√N + 3)
//    (the z changes form one row: tol·√N; the 2×2 rotation errors are disjoint blocks of norm
//    <= √2·tol; z₀ and the smallest d: tol each), i.e. 8·ε·σ_max·(√n + 3) per level. The secular
//    roots themselves are found to a few ulps of σ_max (inside the 4).
//  - D&C's vectors with other σ' (relatively accurate, as svd() pairs them):
//    ‖B − U·Σ'·Vᵀ‖_F <= ‖B − U·Σ·Vᵀ‖_F + ‖σ − σ'‖₂, and by Mirsky ‖σ − σ(B)‖₂ <= ‖E_dc‖_F while
//    ‖σ' − σ(B)‖₂ <= (50 + 4n)·ε·‖B‖_F, (4 + 50/n) in these units: twice the D&C reconstruction
//    bound plus reconstruction_bound.

/// Merge levels of D&C on n rows with leaves of at most `leaf` rows (its split: N → N/2 rows and
/// N − N/2 − 1 rows).
inline std::size_t merge_levels(std::size_t n, std::size_t leaf) {
    if (n <= leaf) return 0;
    const std::size_t k = n / 2;
    return 1 + std::max(merge_levels(k, leaf), merge_levels(n - k - 1, leaf));
}

/// ‖B − UΣVᵀ‖_F/(‖B‖_F·n·ε) for divide and conquer (above).
inline long double dc_reconstruction_bound(std::size_t n, std::size_t leaf) {
    const long double nn = static_cast<long double>(std::max<std::size_t>(n, 1));
    return reconstruction_bound(n, n) + 16.0L * static_cast<long double>(merge_levels(n, leaf)) / std::sqrt(nn);
}

/// max|σ_i − σ_i^exact|/(σ_max·n·ε) for divide and conquer (above).
inline long double dc_value_bound(std::size_t n, std::size_t leaf) {
    const long double nn = static_cast<long double>(std::max<std::size_t>(n, 1));
    return value_error_bound(n, n) + 8.0L * static_cast<long double>(merge_levels(n, leaf)) * (std::sqrt(nn) + 3) / nn;
}

/// D&C's vectors with relatively accurate σ (svd()'s pairing, above).
inline long double dc_mixed_reconstruction_bound(std::size_t n, std::size_t leaf) {
    return 2 * dc_reconstruction_bound(n, leaf) + reconstruction_bound(n, n);
}

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_BOUNDS_HPP
