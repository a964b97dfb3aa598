// svdkit::detail - the SVD of a complex m×n matrix, A = U·Σ·Vᴴ: the driver behind svd() and
// singular_values() for T = std::complex<R>.
//
// The steps are those of the real driver (svd.hpp) and of LAPACK zgesdd: check and scale the
// input (a wide A is replaced by Aᴴ = V·Σ·Uᴴ), Householder QR first when M >= 1.6·N, reduction to a
// REAL bidiagonal B = Qᴴ·A·P by complex reflectors whose β is real, then the existing real
// bidiagonal solvers on B (dqds for σ; the QR iteration or divide and conquer for U_B, V_B), and
// finally U = Q·U_B, V = P·V_B: the real N×N factors promoted to complex and multiplied back
// through the reflectors in WY blocks (zunmbr).
//
// References:
// [1] LAPACK zgesdd (the order of the steps, QR first for tall inputs, real U_B and V_B multiplied
//     back by zunmbr) and zgesvd; zlascl (the scaling).
// [2] T. F. Chan, "An improved algorithm for computing the singular value decomposition",
//     ACM TOMS 8 (1982): QR first when m exceeds about 5n/3.
#ifndef SVDKIT_DETAIL_COMPLEX_COMPLEX_SVD_HPP
#define SVDKIT_DETAIL_COMPLEX_COMPLEX_SVD_HPP

#include <cmath>      // std::abs, std::isnan, std::ldexp
#include <complex>    // std::complex, std::conj
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <type_traits>  // std::is_floating_point
#include <vector>     // std::vector

#include "../bidiagonal/dispatch.hpp"
#include "../kernels/buffer.hpp"
#include "../kernels/scaling.hpp"
#include "../reduction/complex_bidiagonalization.hpp"
#include "../reduction/complex_householder.hpp"
#include "../../errors.hpp"
#include "../../matrix.hpp"
#include "../../svd_result.hpp"

namespace svdkit {
namespace detail {

/// Everything the complex driver needs besides its input and result (kept by svd_workspace).
template <class R>
struct complex_svd_scratch {
    complex_bidiagonal_reduction<R> br;   ///< the working matrix (reduced in place) and B's reflectors
    complex_bidiagonal_workspace<R> bw;   ///< WY blocks and product buffers
    matrix<std::complex<R>> w;            ///< the tall input of the QR-first path, then its reflectors
    std::vector<std::complex<R>> tau;     ///< that QR's τ
    matrix<R> ub, vb;                     ///< the real U_B, V_B (N×N) of the bidiagonal solvers
    bidiagonal_svd_workspace<R> bd;       ///< the bidiagonal solvers' scratch

    std::size_t capacity_bytes() const noexcept {
        return br.capacity_bytes() + bw.capacity_bytes() + bytes_of(w) + bytes_of(tau) + bytes_of(ub) + bytes_of(vb) +
               bd.capacity_bytes();
    }
};

/// max(|Re a_ij|, |Im a_ij|) over A, or svdkit::non_finite_input naming the first NaN/Inf in
/// row-major reading order and the part (real or imaginary) that holds it.
template <class R>
R complex_max_abs_finite(matrix_view<const std::complex<R>> a, const char* where) {
    checked_area(a.rows(), a.cols(), where, sizeof(std::complex<R>));
    R amax = 0;
    bool finite = true;
    for (std::size_t j = 0; j < a.cols() && finite; ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) {
            const std::complex<R> z = a(i, j);
            const R x = std::abs(z.real()) > std::abs(z.imag()) ? std::abs(z.real()) : std::abs(z.imag());
            if (!(x <= std::numeric_limits<R>::max()) || std::isnan(z.real()) || std::isnan(z.imag())) {
                finite = false;
                break;
            }
            if (x > amax) amax = x;
        }
    if (finite) return amax;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) {
            const std::complex<R> z = a(i, j);
            for (int part = 0; part < 2; ++part) {
                const R x = part == 0 ? z.real() : z.imag();
                const char* name = part == 0 ? (std::isnan(x) ? "NaN (real part)" : x > 0 ? "+Inf (real part)"
                                                                                          : "-Inf (real part)")
                                             : (std::isnan(x) ? "NaN (imaginary part)"
                                                              : x > 0 ? "+Inf (imaginary part)" : "-Inf (imaginary part)");
                if (!(std::abs(x) <= std::numeric_limits<R>::max())) throw non_finite_input(where, i, j, name);
            }
        }
    return amax;  // not reached
}

/// Vectors for one side of a k = 0 problem: thin gives rows×0, full the identity, none 0×0.
template <class R>
void complex_empty_side(std::size_t rows, vectors job, matrix<std::complex<R>>& out) {
    out.resize(job == vectors::full ? rows : job == vectors::thin ? rows : 0, job == vectors::full ? rows : 0);
    if (job == vectors::full)
        for (std::size_t i = 0; i < rows; ++i) out(i, i) = std::complex<R>(1);
}

/// w ← 2^ex·A, or 2^ex·Aᴴ when A is wide (the SVD of Aᴴ is V·Σ·Uᴴ), w already M×N.
template <class R>
void fill_complex_working(matrix_view<const std::complex<R>> a, bool wide, int ex, matrix<std::complex<R>>& w) {
    for (std::size_t j = 0; j < w.cols(); ++j) {
        std::complex<R>* wj = w.col_ptr(j);
        for (std::size_t i = 0; i < w.rows(); ++i) {
            const std::complex<R> z = wide ? std::conj(a(j, i)) : a(i, j);
            wj[i] = ex == 0 ? z : std::complex<R>(std::ldexp(z.real(), ex), std::ldexp(z.imag(), ex));
        }
    }
}

/// The real N×N factor x promoted to complex in the top-left of `out` (rows×cols, zero elsewhere),
/// with ones on the diagonal of the columns beyond N (the identity block of a full U).
template <class R>
void promote_factor(const matrix<R>& x, std::size_t rows, std::size_t cols, matrix<std::complex<R>>& out) {
    const std::size_t N = x.rows();
    out.resize(rows, cols);
    for (std::size_t j = 0; j < N; ++j)
        for (std::size_t i = 0; i < N; ++i) out(i, j) = std::complex<R>(x(i, j), R(0));
    for (std::size_t j = N; j < cols; ++j) out(j, j) = std::complex<R>(1);
}

/// The SVD of the M×N working matrix (M >= N), scaled and stored in sc.w when QR comes first, else
/// in sc.br.a. Left vectors (M×N thin, M×M full) to `left`, right (N×N) to `right`, σ to s.
template <class R>
void complex_svd_tall_or_square(complex_svd_scratch<R>& sc, std::size_t M, std::size_t N, vectors job_left,
                                vectors job_right, bool use_dc, unsigned threads, std::vector<R>& s,
                                matrix<std::complex<R>>& left, matrix<std::complex<R>>& right) {
    const bool want_left = job_left != vectors::none;
    const bool want_right = job_right != vectors::none;
    const bool qr_first = 10 * M >= 16 * N && N < M;  // the real driver's crossover (use_qr_first)
    // step 1: A = Q_R·R first when tall, then R (or A) = Q_B·B·Pᴴ.
    if (qr_first) {
        complex_householder_qr(sc.w, sc.tau, sc.bw.hh);
        sc.br.a.resize(N, N);
        for (std::size_t j = 0; j < N; ++j)
            for (std::size_t i = 0; i <= j; ++i) sc.br.a(i, j) = sc.w(i, j);
    }
    complex_bidiagonalize_in_place(sc.br, sc.bw);
    // step 2: the real bidiagonal SVD, B = U_B·Σ·V_Bᵀ.
    if (!want_left && !want_right) {
        bidiagonal_svd_qr<R>(sc.bd, sc.br.d, sc.br.e, s, nullptr, nullptr);
    } else if (use_dc) {
        sc.bd.threads = threads;
        sc.bd.pool = sc.bw.hh.gemm.pool;
        bidiagonal_svd_dc(sc.bd, sc.br.d, sc.br.e, s, sc.ub, sc.vb);
    } else {
        for (matrix<R>* x : {&sc.ub, &sc.vb}) {
            x->resize(N, N);
            for (std::size_t i = 0; i < N; ++i) (*x)(i, i) = R(1);
        }
        bidiagonal_svd_qr<R>(sc.bd, sc.br.d, sc.br.e, s, want_left ? &sc.ub : nullptr, want_right ? &sc.vb : nullptr);
    }
    // step 3: U = Q_R·[Q_B·U_B 0; 0 I] (Q_R only after a QR), V = P·V_B.
    if (want_left) {
        promote_factor(sc.ub, M, job_left == vectors::full ? M : N, left);
        if (qr_first) {
            apply_complex_reflectors_backward(sc.br.a.data(), N, sc.br.tauq.data(), N, N, left.cols(), left.data(), M,
                                              sc.bw.hh);
            apply_complex_reflectors_backward(sc.w.data(), M, sc.tau.data(), N, M, left.cols(), left.data(), M,
                                              sc.bw.hh);
        } else {
            apply_complex_bidiagonal_q(sc.br, left, sc.bw);
        }
    } else {
        left.resize(0, 0);
    }
    if (want_right) {
        promote_factor(sc.vb, N, N, right);
        apply_complex_bidiagonal_p(sc.br, right, sc.bw);
    } else {
        right.resize(0, 0);
    }
}

/// sign_rule::largest_positive for complex vectors: the entry of largest modulus of uᵢ (the first
/// of equal ones; of vᵢ when U is not computed) is made real and positive by multiplying uᵢ and vᵢ
/// by the same unit phase φ = z̄/|z|, which leaves uᵢ·σᵢ·vᵢᴴ unchanged. Unlike the real rule's
/// negation, the multiplication rounds (a few ε per entry); the deciding entry is set to |z| exactly.
template <class R>
void apply_complex_sign_rule(sign_rule rule, std::size_t k, matrix<std::complex<R>>& u,
                             matrix<std::complex<R>>& v) {
    using C = std::complex<R>;
    if (rule == sign_rule::none) return;
    const bool have_u = u.cols() >= k && u.rows() > 0 && u.cols() > 0;
    const bool have_v = v.cols() >= k && v.rows() > 0 && v.cols() > 0;
    if (!have_u && !have_v) return;
    matrix<C>& x = have_u ? u : v;
    for (std::size_t j = 0; j < k; ++j) {
        const C* c = x.col_ptr(j);
        std::size_t best = 0;
        R best_abs = R(0);
        for (std::size_t i = 0; i < x.rows(); ++i) {
            const R a = hypot2(c[i].real(), c[i].imag());
            if (a > best_abs) {
                best_abs = a;
                best = i;
            }
        }
        if (!(best_abs > R(0)) || (c[best].imag() == R(0) && c[best].real() > R(0))) continue;
        const C phase(c[best].real() / best_abs, -c[best].imag() / best_abs);
        for (matrix<C>* y : {&u, &v}) {
            if (y == &u ? !have_u : !have_v) continue;
            C* cy = y->col_ptr(j);
            for (std::size_t i = 0; i < y->rows(); ++i) cy[i] = cmul(cy[i], phase);
        }
        x(best, j) = C(best_abs, R(0));
    }
}

/// The complex driver: as the real svd_impl (svd.hpp), result into `out`, scratch in `sc`.
/// Returns the power-of-two exponent of the scaling applied (0 when none); with keep_scaled, out.s
/// are the σ of 2^ex·A. svd_method::jacobi is real-only: std::invalid_argument.
template <class R>
int complex_svd_impl(matrix_view<const std::complex<R>> a, svd_options opts, const char* where,
                     svd_result<std::complex<R>>& out, complex_svd_scratch<R>& sc, bool keep_scaled) {
    static_assert(std::is_floating_point<R>::value, "svdkit: complex T must be std::complex<float>, "
                                                    "std::complex<double> or std::complex<long double>");
    if (opts.method == svd_method::jacobi)
        throw std::invalid_argument(std::string(where) +
                                    ": svd_method::jacobi is for real matrices only; use automatic, qr_iteration or "
                                    "divide_and_conquer for complex T");
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    if (m == 0 || n == 0) {
        out.s.clear();
        complex_empty_side(m, opts.u, out.u);
        complex_empty_side(n, opts.v, out.v);
        return 0;
    }
    // step 1: the working M×N matrix first (a shape that cannot be held fails before the scan),
    // then reject NaN/Inf and find the scaling.
    const bool wide = m < n;
    const std::size_t M = wide ? n : m;
    const std::size_t N = wide ? m : n;
    checked_area(M, N, where, sizeof(std::complex<R>));
    const bool qr_first = 10 * M >= 16 * N && N < M;
    matrix<std::complex<R>>& w = qr_first ? sc.w : sc.br.a;
    w.resize(M, N);
    const int ex = scaling_exponent(complex_max_abs_finite(a, where));
    sc.bw.hh.gemm.pool = opts.pool;
    const unsigned threads = resolve_threads(opts.threads, sc.bw.hh.gemm.pool);
    sc.bw.hh.gemm.threads = threads;

    // step 2: the methods in turn (divide and conquer, then the QR iteration, or the reverse),
    // each from a fresh copy of A.
    matrix<std::complex<R>>& left = wide ? out.v : out.u;
    matrix<std::complex<R>>& right = wide ? out.u : out.v;
    const vectors job_left = wide ? opts.v : opts.u;
    const vectors job_right = wide ? opts.u : opts.v;
    const bool vectors_wanted = job_left != vectors::none || job_right != vectors::none;
    const bool dc_differs = vectors_wanted && N > bidiagonal_dc_leaf_size;
    bool first_dc = vectors_wanted && N >= divide_and_conquer_crossover;
    if (opts.method == svd_method::qr_iteration) first_dc = false;
    if (opts.method == svd_method::divide_and_conquer) first_dc = dc_differs;
    const std::size_t attempts = opts.fallback && (dc_differs || first_dc) ? 2 : 1;
    std::string failures;
    for (std::size_t attempt = 0; attempt < attempts; ++attempt) {
        const bool use_dc = attempt == 0 ? first_dc : !first_dc;
        w.resize(M, N);
        fill_complex_working(a, wide, ex, w);
        try {
            complex_svd_tall_or_square(sc, M, N, job_left, job_right, use_dc, threads, out.s, left, right);
            break;
        } catch (const no_convergence& e) {
            if (!failures.empty()) failures += "; ";
            failures += std::string(use_dc ? "divide and conquer: " : "QR iteration: ") + e.what();
            if (attempt + 1 == attempts) {
                if (attempts == 1) throw;
                throw no_convergence(where, failures, e.converged(), e.total());
            }
        }
    }
    // step 3: undo the scaling (exact), then the sign rule.
    if (ex != 0 && !keep_scaled)
        for (R& si : out.s) si = std::ldexp(si, -ex);
    apply_complex_sign_rule(opts.signs, out.s.size(), out.u, out.v);
    return ex;
}

// SVDKIT_EXTERN_TEMPLATES (svd.hpp, instantiate.hpp): the complex driver, with the real bidiagonal
// solvers and the complex reduction beneath it, is compiled once too.
#define SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(KIND, R)                                                          \
    KIND template int complex_svd_impl<R>(matrix_view<const std::complex<R>>, svd_options, const char*, \
                                          svd_result<std::complex<R>>&, complex_svd_scratch<R>&, bool);
#if defined(SVDKIT_EXTERN_TEMPLATES)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(extern, float)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(extern, double)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(extern, long double)
#endif

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_COMPLEX_COMPLEX_SVD_HPP
