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

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_BOUNDS_HPP
