// svdkit::detail - which bidiagonal solver runs: singular values by dqds or the QR iteration,
// vectors by the QR iteration or divide and conquer, and the checks and scaling that the public
// bidiagonal entry points (bidiagonal_svd.hpp) and the driver (svd.hpp) share.
//
// Every path takes its σ from bidiagonal_values(), relatively accurate whichever solver runs, so
// every job of svd() and bidiagonal_svd() returns the same σ, bit for bit.
//
// References:
// [1] K. V. Fernando, B. N. Parlett, "Accurate singular values and differential qd algorithms",
//     Numer. Math. 67 (1994): dqds (dqds.hpp).
// [2] J. Demmel, W. Kahan, "Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
//     Comput. 11 (1990): the QR iteration (qr_iteration.hpp).
// [3] M. Gu, S. C. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J.
//     Matrix Anal. Appl. 16 (1995) (divide_and_conquer.hpp); LAPACK dbdsdc/dgesdd: D&C for vectors
//     of large bidiagonals, its σ replaced by relatively accurate ones.
#ifndef SVDKIT_DETAIL_BIDIAGONAL_DISPATCH_HPP
#define SVDKIT_DETAIL_BIDIAGONAL_DISPATCH_HPP

#include <algorithm>    // std::copy, std::fill, std::max, std::min
#include <cmath>        // std::abs, std::frexp, std::isnan, std::ldexp
#include <cstddef>      // std::size_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_same
#include <vector>       // std::vector

#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../kernels/scaling.hpp"
#include "divide_and_conquer.hpp"
#include "dqds.hpp"
#include "qr_iteration.hpp"

namespace svdkit {
namespace detail {

/// Scratch of bidiagonal_values(), reusable across calls.
template <class T>
struct bidiagonal_values_workspace {
    bidiagonal_qr_workspace<T> qr;
    std::vector<double> d, e, z;  ///< dqds's working copy (in double) and its qd array

    std::size_t capacity_bytes() const noexcept { return qr.capacity_bytes() + bytes_of(d) + bytes_of(e) + bytes_of(z); }
};

/// The ratio below which a computed σ_min/σ_max, or a nonzero entry's |x|/max, sends a double
/// bidiagonal from dqds to the QR iteration: 2⁻²⁰⁰ ≈ 6e-61 (see dqds_values).
constexpr double dqds_double_range = 6.223015277861142e-61;

/// The precision float's dqds (run in double) deflates to: 2⁻²⁹. Deflation then moves each σ by
/// a relative 2⁻²⁷ at most, a sixteenth of float's ε, so the σ rounded to float are as good as
/// with double's tolerance, and the bottom of the array deflates one transform sooner about
/// half the time (measured at n = 64…1024: 3.9 → 3.2 transforms per value, 15% less time).
constexpr double dqds_float_target_eps = 1.862645149230957e-09;

/// Singular values by dqds (dqds.hpp) computed in double, into d (non-increasing), when
/// that is known to keep relative accuracy; returns false (d, e untouched) otherwise.
///
/// Why double, and why the range test. dqds works with the squares of the entries, so its
/// intermediate ratios q_{k+1}/q̂_k span the square of the bidiagonal's dynamic range. When that
/// leaves the normal range of the working type, products go subnormal and relative accuracy is
/// lost: measured, float dqds was off by up to 10⁷ ulps once σ_min/σ_max < ~1e-20, and double dqds
/// once it was < ~1e-150 (σ_max·1e-150 squared is below double's underflow threshold after
/// dqds's scaling). A float bidiagonal's whole range (2⁻¹⁴⁹…2¹²⁸) squared fits in double, so float
/// always runs dqds in double: no test is needed, and the result is within an ulp of the exact σ.
/// A double bidiagonal runs it in double when every nonzero entry and the computed σ_min are
/// within 2⁻²⁰⁰ of the largest: the squares dqds works with, their ratios and products then stay
/// within about 2⁻⁸⁰⁰ of its largest square (2⁹⁷⁰ after its scaling), far above double's underflow
/// at 2⁻¹⁰²². Otherwise, and for an exact σ = 0, the QR iteration runs instead.
/// Long double uses the QR iteration (there is no wider type to run dqds in).
template <class T>
bool dqds_values(std::vector<T>& d, std::vector<T>& e, bidiagonal_values_workspace<T>& ws) {
    if constexpr (std::is_same<T, float>::value || std::is_same<T, double>::value) {
        const bool checked = std::is_same<T, double>::value;
        ws.d.assign(d.begin(), d.end());
        ws.e.assign(e.begin(), e.end());
        if (checked) {
            double amax = 0, amin = std::numeric_limits<double>::infinity();
            for (const std::vector<double>* x : {&ws.d, &ws.e})
                for (const double xi : *x) {
                    const double a = std::abs(xi);
                    amax = std::max(amax, a);
                    if (a > 0) amin = std::min(amin, a);
                }
            if (amax == 0 || amin < amax * dqds_double_range) return false;
        }
        try {
            bidiagonal_dqds(ws.d, ws.e, ws.z, default_dqds_iterations(ws.d.size()),
                            checked ? std::numeric_limits<double>::epsilon() : dqds_float_target_eps);
        } catch (const no_convergence&) {
            return false;  // the QR iteration gets its own chance (and its own step bound)
        }
        if (checked && !(ws.d.back() >= ws.d.front() * dqds_double_range)) return false;
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<T>(ws.d[i]);
        std::fill(e.begin(), e.end(), T(0));
        return true;
    } else {
        (void)d;
        (void)e;
        (void)ws;
        return false;
    }
}

/// Singular values only, in place (d ← σ non-increasing, e ← 0). By dqds (Fernando & Parlett;
/// dqds.hpp) for float and double, four times faster than the QR iteration without vectors
/// at n = 64…256; by that QR iteration for long double and for the double bidiagonals that
/// dqds_values turns away. Both are relatively accurate: each σ, however small, to a few ulps of
/// itself. Every job of svd() takes its σ from here, so that all of them return the same σ, bit for
/// bit. Same precondition as bidiagonal_qr; unfl: see bidiagonal_qr (and scaled_underflow).
template <class T>
void bidiagonal_values(std::vector<T>& d, std::vector<T>& e, bidiagonal_values_workspace<T>& ws,
                       T unfl = constants<T>::safe_min()) {
    if (d.empty()) return;
    if (d.size() >= 3 && dqds_values(d, e, ws)) return;
    bidiagonal_qr(d, e, static_cast<matrix<T>*>(nullptr), static_cast<matrix<T>*>(nullptr),
                  default_max_inner_steps(d.size()), &ws.qr, unfl);
}

/// The QR iteration with vectors (rotations applied to u and v, either may be null), then σ
/// replaced by bidiagonal_values' for the same (d, e). The two differ by a few ulps of each σ
/// (both are relatively accurate and sorted), so U·diag(σ)·Vᵀ still reproduces B to the QR
/// iteration's accuracy, and every job returns the same σ.
template <class T>
void bidiagonal_qr_vectors(std::vector<T>& d, std::vector<T>& e, matrix<T>* u, matrix<T>* v,
                           bidiagonal_values_workspace<T>& ws, std::vector<T>& s_copy, std::vector<T>& e_copy,
                           T unfl = constants<T>::safe_min()) {
    if (u == nullptr && v == nullptr) {  // no vectors: the QR sweeps would be thrown away
        bidiagonal_values(d, e, ws, unfl);
        return;
    }
    s_copy.assign(d.begin(), d.end());
    e_copy.assign(e.begin(), e.end());
    bidiagonal_qr(d, e, u, v, default_max_inner_steps(d.size()), &ws.qr, unfl);
    bidiagonal_values(s_copy, e_copy, ws, unfl);
    std::copy(s_copy.begin(), s_copy.end(), d.begin());
}

/// How many powers of two check_bidiagonal keeps the largest entry of a wide-range bidiagonal of n
/// rows below overflow: 4 + the bits of n (‖B‖_F <= √(2n)·max|B|, and the sweeps' intermediate
/// f, r of a rotation reach a few times that).
inline int overflow_guard(std::size_t n) noexcept {
    int guard = 4;
    for (std::size_t k = n; k > 0; k >>= 1) ++guard;
    return guard;
}

/// Checks (d, e) for a public entry point and returns the scaling exponent (see scaling.hpp).
template <class T>
int check_bidiagonal(const std::vector<T>& d, const std::vector<T>& e, const char* where) {
    const std::size_t n = d.size();
    const std::size_t expected = n == 0 ? 0 : n - 1;
    if (e.size() != expected)
        throw std::invalid_argument(std::string(where) + ": e.size() (= " + std::to_string(e.size()) +
                                    ") must be d.size() - 1 (= " + std::to_string(expected) + ")");
    // Entry (i, i) is d[i] and (i, i+1) is e[i]: report in row-major order of B.
    T amax = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T x[2] = {d[i], i + 1 < n ? e[i] : T(0)};
        for (int k = 0; k < 2; ++k) {
            if (std::isnan(x[k])) throw non_finite_input(where, i, i + static_cast<std::size_t>(k), "NaN");
            if (!(std::abs(x[k]) <= std::numeric_limits<T>::max()))
                throw non_finite_input(where, i, i + static_cast<std::size_t>(k), x[k] > 0 ? "+Inf" : "-Inf");
            amax = std::max(amax, std::abs(x[k]));
        }
    }
    int ex = scaling_exponent(amax);
    // Scaling the largest entry down to [1/2, 1) would push the small entries and σ of B into the
    // subnormal range or below it, losing the relative accuracy promised: the smallest entry of
    // d = (M/1000, m·1000), e = (m·1000) (σ₂ = m·1000 came back 0), or a small σ of entries that
    // all stay normal (d = (2^614, t, …, t), e = (t, −2t, …, −2t), t = 2^-378, n = 100: σ_min =
    // 3.8e-144 came back 0; tests/bidiagonal_families.cpp). So scale down only as far as keeps the
    // largest entry 2^overflow_guard(n) below overflow, which the solvers tolerate: the QR
    // iteration never squares an entry (its rotations and 2×2 kernels are overflow-safe, as in
    // LAPACK dbdsqr, which does not scale at all) and dqds scales its own copy by a power of two.
    if (ex < 0) {
        int ea = 0;
        std::frexp(amax, &ea);  // amax < 2^ea
        ex = std::min(0, std::numeric_limits<T>::max_exponent - overflow_guard(n) - ea);
    }
    return ex;
}

/// The underflow level for the QR iteration (bidiagonal_qr's unfl) on a bidiagonal of n rows that
/// check_bidiagonal scaled by 2^ex: safe_min·2^ex when it was scaled down (by 2^overflow_guard(n)
/// at most), so that the absolute deflation floor 6·n²·unfl is that of the caller's problem.
/// Otherwise a σ of the input between 6·n²·safe_min and 2^(−ex) times that, a normal number with
/// all its digits determined by the entries, was lost (found by tests/bidiagonal_families.cpp: a
/// double bidiagonal graded from max/2 to 2·min, n = 95, scaled by 2⁻¹¹, returned σ₉₃ = 1.6e-302
/// for 1.57e-301). The max() only documents the bound: a floor deep in the subnormal range could
/// let the iteration crawl through subnormal arithmetic.
template <class T>
T scaled_underflow(int ex, std::size_t n) {
    const T safmin = constants<T>::safe_min();
    return ex < 0 ? std::ldexp(safmin, std::max(ex, -overflow_guard(n))) : safmin;
}

template <class T>
void scale_by_power_of_two(std::vector<T>& x, int exponent) {
    if (exponent != 0)
        for (T& xi : x) xi = std::ldexp(xi, exponent);
}

/// Everything the bidiagonal stage of svd() needs, kept between calls by svd_workspace.
template <class T>
struct bidiagonal_svd_workspace {
    std::vector<T> dc_d, dc_e;          ///< the copy of (d, e) that divide and conquer (or dqds) consumes
    bidiagonal_dc_workspace<T> dcw;     ///< divide and conquer's buffers
    bidiagonal_values_workspace<T> vw;  ///< σ (dqds or QR), and the QR iteration's delayed rotations
    unsigned threads = 1;               ///< for divide and conquer's matrix products
    thread_pool* pool = nullptr;        ///< runs them (nullptr: default_thread_pool())
    /// Test hooks (tests/fallback.cpp): when nonzero, cap the QR iteration's inner steps and
    /// divide and conquer's secular-equation iterations, to force their no_convergence.
    std::size_t qr_step_cap = 0, dc_iteration_cap = 0;

    std::size_t capacity_bytes() const noexcept {
        return bytes_of(dc_d) + bytes_of(dc_e) + dcw.capacity_bytes() + vw.capacity_bytes();
    }
};

/// From this size on, singular vectors come from divide and conquer [3] instead of the QR
/// iteration: the QR iteration spends ~6N² rotations on each of U and V (memory-bound, Level 1),
/// D&C does its work in matrix products.
constexpr std::size_t divide_and_conquer_crossover = 48;

/// The SVD of the bidiagonal (d, e) with vectors by divide and conquer: σ into s (from
/// bidiagonal_values, dqds or the QR iteration without vectors, which are relatively accurate: tiny
/// σ keep their digits, which D&C's σ, accurate to ε·σ_max only, may not), U_B into ub, V_B into
/// vb (each N×N). The vectors belong to D&C's σ, which differ from those by O(ε·σ_max): U_B·diag(s)·V_Bᵀ still
/// equals B to O(N·ε·‖B‖), as backward stability needs. (d, e) are consumed.
template <class T>
void bidiagonal_svd_dc(bidiagonal_svd_workspace<T>& ws, std::vector<T>& d, std::vector<T>& e, std::vector<T>& s,
                       matrix<T>& ub, matrix<T>& vb) {
    ws.dc_d.assign(d.begin(), d.end());
    ws.dc_e.assign(e.begin(), e.end());
    // D&C's vectors are accurate to ε·‖B‖, and its arithmetic breaks down on subnormal entries
    // (found by the fuzzer: a float rank-one matrix leaves entries near 2^-145 in B, and a column
    // of V came back zero). So scale (exactly, by a power of two: the vectors do not change) to
    // max|B| in [1/2, 1), and set entries below ε²·max|B| to zero: a perturbation far below
    // D&C's own deflation tolerance (8ε·max) that keeps every quantity of the recursion normal.
    T amax = 0;
    for (const T x : ws.dc_d) amax = std::max(amax, std::abs(x));
    for (const T x : ws.dc_e) amax = std::max(amax, std::abs(x));
    if (amax > T(0)) {
        int ex = 0;
        std::frexp(amax, &ex);
        const T eps = std::numeric_limits<T>::epsilon();
        const T tiny = eps * eps;
        for (std::vector<T>* x : {&ws.dc_d, &ws.dc_e})
            for (T& xi : *x) {
                xi = std::ldexp(xi, -ex);
                if (std::abs(xi) < tiny) xi = T(0);
            }
    }
    ws.dcw.gemm.threads = ws.threads;
    ws.dcw.gemm.pool = ws.pool;
    ws.dcw.qr.step_cap = ws.vw.qr.step_cap = ws.qr_step_cap;
    bidiagonal_dc(ws.dc_d, ws.dc_e, ub, vb, ws.dc_iteration_cap != 0 ? ws.dc_iteration_cap : bidiagonal_dc_max_secular_iterations, bidiagonal_dc_leaf_size,
                  static_cast<bidiagonal_dc_stats*>(nullptr), &ws.dcw);
    bidiagonal_values(d, e, ws.vw);
    s.assign(d.begin(), d.end());
}

/// The SVD of the bidiagonal (d, e) by the QR iteration, its rotations applied to u and v (when
/// not null; none: values only, by bidiagonal_values). Every job takes σ from bidiagonal_values,
/// so every job returns the same σ, bit for bit. (d, e) are consumed.
template <class T>
void bidiagonal_svd_qr(bidiagonal_svd_workspace<T>& ws, std::vector<T>& d, std::vector<T>& e, std::vector<T>& s,
                       matrix<T>* u, matrix<T>* v) {
    ws.vw.qr.step_cap = ws.qr_step_cap;
    if (u != nullptr || v != nullptr)
        bidiagonal_qr_vectors(d, e, u, v, ws.vw, ws.dc_d, ws.dc_e);
    else
        bidiagonal_values(d, e, ws.vw);
    s.assign(d.begin(), d.end());
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_BIDIAGONAL_DISPATCH_HPP
