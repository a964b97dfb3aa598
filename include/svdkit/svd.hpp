// svdkit - svd() and singular_values(): the SVD of any real or complex m×n matrix.
//
// The driver: check and scale the input, reduce it to bidiagonal form (through a QR factorization
// first when it is tall), run the bidiagonal QR iteration, and assemble U and V. Complex input
// (std::complex<R>) goes to detail/complex/complex_svd.hpp: the same steps with complex
// reflectors around the same real bidiagonal solvers (LAPACK zgesdd's way).
//
// References:
// [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §8.6.3 (the SVD algorithm;
//     R-bidiagonalization for m ≫ n).
// [2] T. F. Chan, "An improved algorithm for computing the singular value decomposition",
//     ACM TOMS 8 (1982): QR first when m exceeds about 5n/3.
// [3] LAPACK dgesvd: scaling, the crossover point, the order of the steps; dgesdd: singular vectors
//     of B by divide and conquer, then the reflectors applied to them (dormbr).
// [4] M. Gu, S. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J.
//     Matrix Anal. Appl. 16 (1995); see detail/bidiagonal/divide_and_conquer.hpp.
#ifndef SVDKIT_SVD_HPP
#define SVDKIT_SVD_HPP

#include <algorithm>    // std::copy, std::min, std::max
#include <cmath>        // std::abs, std::frexp, std::ldexp
#include <limits>       // std::numeric_limits
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <functional>   // std::less
#include <string>       // std::string
#include <type_traits>  // std::is_floating_point, std::conditional_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/bidiagonal/dispatch.hpp"
#include "detail/complex/complex_svd.hpp"
#include "detail/driver/tall_or_square.hpp"
#include "detail/jacobi/one_sided.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/kernels/signs.hpp"
#include "detail/reduction/bidiagonalization.hpp"
#include "detail/reduction/householder.hpp"
#include "detail/reduction/two_stage.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace detail {

/// Vectors for one side of a k = 0 problem: thin gives rows×0, full the identity, none 0×0.
template <class T>
void empty_side(std::size_t rows, vectors job, matrix<T>& out) {
    if (job == vectors::full) {
        out.resize(rows, rows);
        for (std::size_t i = 0; i < rows; ++i) out(i, i) = T(1);
    } else if (job == vectors::thin) {
        out.resize(rows, 0);
    } else {
        out.resize(0, 0);
    }
}

/// w ← 2^ex·A, or 2^ex·Aᵀ when A is wide (the SVD of Aᵀ is V·Σ·Uᵀ), w already M×N.
template <class T>
void fill_working(matrix_view<const T> a, bool wide, int ex, matrix<T>& w) {
    const matrix_view<const T> src = wide ? a.transpose() : a;
    for (std::size_t j = 0; j < w.cols(); ++j) {
        T* wj = w.col_ptr(j);
        for (std::size_t i = 0; i < w.rows(); ++i) wj[i] = ex == 0 ? src(i, j) : std::ldexp(src(i, j), ex);
    }
}

/// Whether the view a reaches into the storage of m (its whole capacity): an input that is a view
/// of one of the outputs, as in svd(r.u.view(), opts, r, ws).
template <class T>
bool overlaps(matrix_view<const T> a, const matrix<T>& m) noexcept {
    if (a.rows() == 0 || a.cols() == 0 || m.capacity() == 0) return false;
    const std::ptrdiff_t dr = static_cast<std::ptrdiff_t>(a.rows() - 1) * a.row_stride();
    const std::ptrdiff_t dc = static_cast<std::ptrdiff_t>(a.cols() - 1) * a.col_stride();
    const T* lo = a.data() + std::min<std::ptrdiff_t>(dr, 0) + std::min<std::ptrdiff_t>(dc, 0);
    const T* hi = a.data() + std::max<std::ptrdiff_t>(dr, 0) + std::max<std::ptrdiff_t>(dc, 0);
    const std::less<const T*> before;
    return !before(hi, m.data()) && before(lo, m.data() + m.capacity());
}

/// The methods svd() tries, in order: the one asked for (automatic: divide and conquer when
/// vectors are wanted and N >= divide_and_conquer_crossover, else the QR iteration), then, with
/// fallback, what automatic would run (after Jacobi), then those not yet tried in the order
/// divide and conquer → QR iteration → Jacobi. For
/// values only, divide and conquer and the QR iteration are one path (σ by dqds or the QR
/// iteration), and divide and conquer of at most bidiagonal_dc_leaf_size rows is the QR
/// iteration of a single leaf: neither is tried twice.
enum class method_kind { dc, qr, jacobi };
struct method_chain {
    method_kind kind[3];
    std::size_t size = 0;
};

inline method_chain make_method_chain(svd_method m, bool vectors_wanted, std::size_t N, bool fallback) {
    const bool dc_differs = vectors_wanted && N > bidiagonal_dc_leaf_size;
    const method_kind automatic =
        vectors_wanted && N >= divide_and_conquer_crossover ? method_kind::dc : method_kind::qr;
    method_kind first = automatic;
    if (m == svd_method::jacobi)
        first = method_kind::jacobi;
    else if (m == svd_method::qr_iteration || (m == svd_method::divide_and_conquer && !dc_differs))
        first = method_kind::qr;
    else if (m == svd_method::divide_and_conquer)
        first = method_kind::dc;
    method_chain c;
    c.kind[c.size++] = first;
    if (!fallback) return c;
    if (first == method_kind::jacobi) c.kind[c.size++] = automatic;  // then what automatic would have run
    for (const method_kind k : {method_kind::dc, method_kind::qr, method_kind::jacobi}) {
        bool tried = false;
        for (std::size_t i = 0; i < c.size; ++i) tried = tried || c.kind[i] == k;
        if (k == method_kind::dc && !dc_differs) tried = true;
        if (!tried) c.kind[c.size++] = k;
    }
    return c;
}

/// The driver: result into `out`, scratch in `sc` (both reused when they are big enough).
///
/// Returns the exponent ex of the power-of-two scaling it applied (0 when none). With
/// keep_scaled, out.s are the singular values of 2^ex·A, which never overflow and whose ratios
/// and rank decisions are exact where those of A's values (+Inf beyond the largest finite
/// number) would not be; the solvers work on these (scaled_svd below). Otherwise out.s are A's.
template <class T>
int svd_impl(matrix_view<const T> a, svd_options opts, const char* where, svd_result<T>& out, svd_scratch<T>& sc,
             bool keep_scaled) {
    static_assert(std::is_floating_point<T>::value, "svdkit: T must be float, double or long double");
    const std::size_t m = a.rows();
    const std::size_t n = a.cols();
    // step 0: an empty matrix has no singular values; full bases are identities.
    if (m == 0 || n == 0) {
        out.s.clear();
        empty_side(m, opts.u, out.u);
        empty_side(n, opts.v, out.v);
        return 0;
    }
    // step 1: the working M×N matrix (M >= N) first, so that a shape that cannot be held fails
    // at once (checked_area, or std::bad_alloc) rather than after an O(m·n) scan of a huge view;
    // then reject NaN/Inf and find the scaling.
    const bool wide = m < n;
    const std::size_t M = wide ? n : m;
    const std::size_t N = wide ? m : n;
    checked_area(M, N, where, sizeof(T));
    // An input that views an output is read again after that output is written (the working
    // copy made in U, a fallback's restart): it is copied first, and the same bits follow.
    matrix<T> own;
    if (overlaps(a, out.u) || overlaps(a, out.v)) {
        matrix_storage::resize_for_overwrite(own, m, n);
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < m; ++i) own(i, j) = a(i, j);
        a = std::as_const(own).view();
    }
    matrix<T>& left = wide ? out.v : out.u;
    matrix<T>& right = wide ? out.u : out.v;
    const vectors job_left = wide ? opts.v : opts.u;
    const vectors job_right = wide ? opts.u : opts.v;
    const method_chain chain = make_method_chain(opts.method, job_left != vectors::none || job_right != vectors::none,
                                                 N, opts.fallback);
    // The working matrix of an attempt: sc.br.a, or after a QR U's own storage when U is wanted
    // (svd_tall_or_square; Jacobi keeps its own copy, sc.w). fill_working writes every entry of
    // it before anything reads it: no zero fill first. A full U's M×M is reserved here, untouched,
    // so that the M×N working matrix at its start stays where it is when U grows to M×M.
    auto working = [&](method_kind kind) -> matrix<T>& {
        matrix<T>& w = !use_qr_first(M, N) ? sc.br.a
                       : kind != method_kind::jacobi && left_is_working(M, N, job_left) ? left
                                                                                            : sc.w;
        if (&w == &left && job_left == vectors::full) matrix_storage::resize_for_overwrite(w, M, M);
        matrix_storage::resize_for_overwrite(w, M, N);
        return w;
    };
    matrix<T>* w = &working(chain.kind[0]);
    const int ex = scaling_exponent(max_abs_finite(a, where));
    sc.bw.hh.gemm.pool = opts.pool;
    sc.bw.hh.gemm.threads = resolve_threads(opts.threads, sc.bw.hh.gemm.pool);

    // step 2: copy into the working matrix, transposing a wide input (the SVD of Aᵀ is V·Σ·Uᵀ)
    // and scaling by 2^ex on the way.
    fill_working(a, wide, ex, *w);

    // step 3: the decomposition of the working matrix, by the methods of the chain in turn until
    // one converges (each attempt starts again from A: the one before overwrote the copy).
    std::string failures;
    for (std::size_t attempt = 0; attempt < chain.size; ++attempt) {
        if (attempt > 0) {
            w = &working(chain.kind[attempt]);
            fill_working(a, wide, ex, *w);
        }
        try {
            if (chain.kind[attempt] == method_kind::jacobi)
                jacobi_svd(*w, job_left, job_right, out.s, left, right, sc.jw, sc.bw.hh.gemm.threads,
                           sc.bw.hh.gemm.pool);
            else
                svd_tall_or_square(sc, M, N, job_left, job_right, chain.kind[attempt] == method_kind::dc, out.s,
                                   left, right);
            break;
        } catch (const no_convergence& e) {
            static const char* const names[] = {"divide and conquer", "QR iteration", "Jacobi"};
            if (!failures.empty()) failures += "; ";
            failures += std::string(names[static_cast<int>(chain.kind[attempt])]) + ": " + e.what();
            if (attempt + 1 == chain.size) {
                if (chain.size == 1) throw;
                throw no_convergence(where, failures, e.converged(), e.total());
            }
        }
    }

    // step 4: undo the scaling (exact: a power of two; +Inf beyond the largest finite number).
    if (ex != 0 && !keep_scaled)
        for (T& si : out.s) si = std::ldexp(si, -ex);

    // step 5: the sign rule (a no-op for sign_rule::none, the default).
    apply_sign_rule(opts.signs, out.s.size(), out.u, out.v);
    return ex;
}

// Opt-in build-time saving (docs/guide.md, "Compile time"): with SVDKIT_EXTERN_TEMPLATES defined,
// a translation unit does not instantiate the driver (and everything beneath it: reduction, QR
// iteration, divide and conquer) for float, double and long double; exactly one translation unit
// of the program must include <svdkit/instantiate.hpp>, which provides those instances. Every
// entry point of the library funnels through this one function (and gemm_columns, householder_qr,
// apply_reflectors_backward, declared the same way), so a program with many files compiles the
// numerical core once instead of once per file.
#define SVDKIT_DETAIL_SVD_INSTANCE(KIND, T) \
    KIND template int svd_impl<T>(matrix_view<const T>, svd_options, const char*, svd_result<T>&, svd_scratch<T>&, \
                                  bool);
/// The real core of one element type (the products, Householder QR and the driver), for the
/// places that instantiate it: instantiate.hpp and the tests' instances.cpp.
#define SVDKIT_DETAIL_CORE_INSTANCES(KIND, T) \
    SVDKIT_DETAIL_GEMM_INSTANCE(KIND, T)      \
    SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(KIND, T) \
    SVDKIT_DETAIL_SVD_INSTANCE(KIND, T)
#if defined(SVDKIT_EXTERN_TEMPLATES)
SVDKIT_DETAIL_SVD_INSTANCE(extern, float)
SVDKIT_DETAIL_SVD_INSTANCE(extern, double)
SVDKIT_DETAIL_SVD_INSTANCE(extern, long double)
#endif

/// The driver for T = std::complex<R> (detail/complex/complex_svd.hpp): the same steps, with a
/// real bidiagonal in the middle. Chosen by overload resolution on the scratch type.
template <class T>
int svd_impl(matrix_view<const T> a, svd_options opts, const char* where, svd_result<T>& out,
             complex_svd_scratch<real_type_t<T>>& sc, bool keep_scaled) {
    return complex_svd_impl(a, opts, where, out, sc, keep_scaled);
}

/// The scratch of svd() for T: svd_scratch for real T, complex_svd_scratch for std::complex.
template <class T>
using svd_scratch_for = std::conditional_t<is_complex<T>::value, complex_svd_scratch<real_type_t<T>>, svd_scratch<T>>;

template <class T>
svd_result<T> svd_impl(matrix_view<const T> a, svd_options opts, const char* where) {
    svd_result<T> result;
    if (opts.cache_workspace) {
        // svd_options::cache_workspace: scratch kept by this thread until it exits. No call
        // re-enters svd_impl on the same thread while it runs, so one scratch per thread serves.
        thread_local svd_scratch_for<T> cached;
        svd_impl(a, opts, where, result, cached, false);
        return result;
    }
    svd_scratch_for<T> sc;
    svd_impl(a, opts, where, result, sc, false);
    return result;
}

/// The SVD of 2^exponent·A, the power of two the driver chose (0 when A needed none): the
/// form in which the solvers (rank, pinv, lstsq, …, low_rank, pca) decide and compute, so that
/// a σ beyond the largest finite number never enters a threshold, a ratio or an inverse.
/// unscale(x) maps a value of the scaled problem back to A's (exact; ±Inf or subnormal where
/// A's value is not representable).
/// For complex T the values (and unscale's argument) are of the real type R.
template <class T>
struct scaled_svd {
    using real = real_type_t<T>;
    svd_result<T> f;  ///< U, V of A; s of 2^exponent·A
    int exponent = 0;

    real unscale(real x) const { return exponent == 0 ? x : std::ldexp(x, -exponent); }
    /// A's singular values (+Inf where they overflow), as svd() returns them.
    std::vector<real> values() const {
        std::vector<real> s = f.s;
        for (real& x : s) x = unscale(x);
        return s;
    }
};

template <class T>
scaled_svd<T> svd_scaled(matrix_view<const T> a, svd_options opts, const char* where) {
    scaled_svd<T> r;
    svd_scratch_for<T> sc;
    r.exponent = svd_impl(a, opts, where, r.f, sc, true);
    return r;
}

/// The largest entry of A (max(|Re|, |Im|) for complex T, the measure the complex driver scales
/// by), or svdkit::non_finite_input naming the first NaN/Inf (and, for complex T, its part).
template <class T>
real_type_t<T> max_abs_entry_finite(matrix_view<const T> a, const char* where) {
    if constexpr (is_complex<T>::value)
        return complex_max_abs_finite(a, where);
    else
        return max_abs_finite(a, where);
}

/// Grants the svd() overloads access to svd_workspace's scratch.
struct workspace_access {
    template <class W>
    static auto& scratch(W& ws) noexcept {
        return ws.scratch_;
    }
};

}  // namespace detail

/// \brief The singular value decomposition A = U·Σ·Vᵀ of an m×n matrix.
///
/// With k = min(m, n): Σ = diag(σ₀, …, σ_{k−1}), σ₀ >= σ₁ >= … >= 0, returned in `s`; U and V have
/// orthonormal columns (`u` is m×k and `v` is n×k for vectors::thin, m×m and n×n for
/// vectors::full, 0×0 for vectors::none). `v` holds V itself, not Vᵀ.
///
/// Algorithm: Householder bidiagonalization (after a Householder QR when m >= 1.6·n, run in U's
/// own storage when U is wanted, Q formed there and multiplied by the small factor as in LAPACK
/// dgesdd, so a tall call needs no second m×n array; for values
/// only with min(m, n) >= 384, in two stages: to a band by blocked QR/LQ panels, then to
/// bidiagonal form by bulge chasing, detail/reduction/two_stage.hpp); then the
/// singular values of the bidiagonal by dqds (float, double; Golub-Kahan implicit-shift QR with
/// Demmel-Kahan zero shifts for long double and for double bidiagonals spanning more than 2²⁰⁰),
/// and its vectors by that QR iteration (k < 48) or by divide and conquer (svd_options::method
/// picks one of these, or one-sided Jacobi, instead). The result
/// is backward stable: U·Σ·Vᵀ = A + E with ‖E‖ = O(max(m,n)·ε·‖A‖), and U, V are orthonormal to
/// O(k·ε).
///
/// Complex T = std::complex<R> (R = float, double, long double; interleaved storage, any
/// matrix_view of it): A = U·Σ·Vᴴ with U, V unitary and complex, `s` real (std::vector<R>), and `v`
/// holds V itself, not Vᴴ. Algorithm as LAPACK zgesdd: complex Householder reflectors whose β is
/// real reduce A (after a QR when m >= 1.6·n) to a REAL bidiagonal, the real solvers above give
/// its σ and vectors, and those are multiplied back through the reflectors in WY blocks. Same
/// accuracy statements with ε of R, same error contract (a NaN or Inf in either the real or the
/// imaginary part of an entry throws non_finite_input naming the entry and the part), same shapes
/// for each job. svd_method::jacobi is real-only: std::invalid_argument for complex T.
/// sign_rule::largest_positive multiplies uᵢ and vᵢ by one unit phase so that the entry of largest
/// modulus of uᵢ is real and positive (this rounds, unlike the real rule's exact negation). Inputs near overflow or underflow are scaled by a power of two first, so no Inf/NaN
/// appears on the way. (A singular value that is itself larger than the largest finite T, as for
/// a 2×2 matrix of 1e308s in double, cannot be represented and comes back as +Inf; the solvers built on svd(), rank, pinv, lstsq,
/// cond, low_rank, pca, work on the scaled values and stay right.) Deterministic: the same input
/// gives the same output, bit for bit.
///
/// \param a any m×n matrix or view (not modified).
/// \param opts which vectors to compute for U and for V (svd(a, job) takes one choice for both),
///        threads, the sign rule of the vector pairs (svdkit::sign_rule; none by default), the
///        method (svdkit::svd_method; automatic by default) and whether to fall back.
/// \throws svdkit::non_finite_input (a std::domain_error) if `a` holds a NaN or ±Inf; the message
///         names the first one (row-major reading order). svdkit::no_convergence (a
///         std::runtime_error) only when every method has failed: a method that exceeds its
///         bound (the QR iteration 6·k² inner steps, a secular root of divide and conquer 200
///         steps, Jacobi 30 sweeps; never seen in practice) hands over to the next, divide and
///         conquer → QR iteration → Jacobi, and the message names every attempt
///         (svd_options::fallback = false: the first failure is thrown as it is).
///         std::invalid_argument if m·n·sizeof(T) bytes exceed PTRDIFF_MAX, std::bad_alloc if the
///         working copy cannot be allocated: both before any entry is read, so a huge strided view
///         fails at once.
/// An empty input (m = 0 or n = 0) returns k = 0: `s` empty, thin `u` m×0 and `v` n×0, full `u`
/// and `v` the identities.
/// Cost: O(m·n·k) flops, about 4mn² − 4n³/3 for values only (m >= n), plus O(mn²) for vectors.
/// ```
/// svdkit::matrix<double> a{{3, 0}, {4, 5}};
/// auto r = svdkit::svd(a);   // r.s = {3√5, √5}; a == r.u · diag(r.s) · r.vᵀ
/// ```
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd(const A& a, svd_options opts) {
    return detail::svd_impl<detail::view_value_t<T, A>>(detail::as_view<T>(a), opts, "svdkit::svd");
}

/// \brief svd() with the same choice of vectors for U and V (thin by default).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
svd_result<detail::view_value_t<T, A>> svd(const A& a, vectors job = vectors::thin) {
    return detail::svd_impl<detail::view_value_t<T, A>>(detail::as_view<T>(a), svd_options{job, job}, "svdkit::svd");
}

/// \brief Storage that svd() and singular_values() reuse from one call to the next.
///
/// Decomposing many matrices of one shape in a loop? Pass the same workspace and the same result
/// object each time: after the first call, a call with the same shape and options allocates no
/// memory at all (with threads != 1 too, once the thread pool has started). Scratch grows
/// to the largest shape seen and is released by the destructor. The scratch of a thin svd() of an
/// m×n matrix (m >= n >= 48) is about m·n + 2·n² entries (the working copy, divide and conquer's
/// blocks) plus packing buffers of a few MB: capacity_bytes() gives 33.7 MB for 1024×1024 double.
/// For m >= 1.6·n the working copy is made in U itself when U is wanted (the QR comes first and U
/// is formed where its reflectors were), so only the n×n blocks and the buffers remain.
///
/// Not thread-safe: give each thread its own workspace (it holds no other state).
/// ```
/// svdkit::svd_workspace<double> ws;
/// svdkit::svd_result<double> r;
/// for (const auto& a : batch) svdkit::svd(a.view(), {}, r, ws);   // no allocation after the first
/// ```
template <class T>
class svd_workspace {
public:
    static_assert(detail::is_element_type<T>::value,
                  "svdkit: T must be float, double, long double or std::complex of one of them");
    svd_workspace() = default;

    /// Bytes of scratch currently reserved (capacities, not sizes).
    std::size_t capacity_bytes() const noexcept { return scratch_.capacity_bytes(); }

private:
    friend struct detail::workspace_access;
    detail::svd_scratch_for<T> scratch_;
};

/// \brief svd() into caller-provided storage: the result goes to `out` (its matrices and vector
/// are resized, reusing their memory), the scratch comes from `ws`.
///
/// Same algorithm, results (bit for bit) and error contract as svd(a, opts). After a throw, `out`
/// holds unspecified (valid) values. With a workspace and result reused for matrices of one
/// shape, no call after the first allocates (see svd_workspace).
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
void svd(const A& a, svd_options opts, svd_result<detail::view_value_t<T, A>>& out,
         svd_workspace<detail::view_value_t<T, A>>& ws) {
    detail::svd_impl<detail::view_value_t<T, A>>(detail::as_view<T>(a), opts, "svdkit::svd", out,
                                                 detail::workspace_access::scratch(ws), false);
}

/// \brief The k = min(m, n) singular values of a, non-increasing, all >= 0 (real: std::vector<R>
/// for a complex a of std::complex<R>).
///
/// Same algorithm, accuracy and error contract as svd() with vectors::none; no U or V is formed.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
std::vector<detail::real_type_t<detail::view_value_t<T, A>>> singular_values(const A& a) {
    using V = detail::view_value_t<T, A>;
    return detail::svd_impl<V>(detail::as_view<T>(a), svd_options{vectors::none, vectors::none},
                               "svdkit::singular_values")
        .s;
}

/// \brief singular_values() into `out` (resized, reusing its memory), with scratch from `ws`:
/// no allocation once `out` and `ws` have served a matrix of this shape.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
void singular_values(const A& a, std::vector<detail::real_type_t<detail::view_value_t<T, A>>>& out,
                     svd_workspace<detail::view_value_t<T, A>>& ws) {
    using V = detail::view_value_t<T, A>;
    svd_result<V> r;
    r.s.swap(out);
    detail::svd_impl<V>(detail::as_view<T>(a), svd_options{vectors::none, vectors::none}, "svdkit::singular_values",
                        r, detail::workspace_access::scratch(ws), false);
    out.swap(r.s);
}

}  // namespace svdkit

#endif  // SVDKIT_SVD_HPP
