// Fuzz target for svdkit::svd (issue 8): bytes -> a matrix of up to 64×64 entries drawn from an
// adversarial set, then the error contract is checked on the result.
//
// Input layout (missing bytes read as 0):
//   byte 0  element type: 0 double, 1 float, 2 long double (mod 3)
//   byte 1  rows m = 1 + byte % 64          byte 2  cols n = 1 + byte % 64
//   byte 3  bits 0-1: job (thin, full, none, thin); bit 2: NaN/Inf allowed; bit 3: row-major view
//   then one byte per entry, in column-major order, cycling over the bytes given (so short inputs
//   make repeated values); each byte picks from `adversarial_value`: bytes 0-39 a table (±0,
//   subnormals, 1e±300, ±max, ε, repeats of the previous entry, NaN/Inf, ...), 40-255 ±2^-e.
//
// The contract (README "Errors", docs/guide.md):
//   - an input with NaN/Inf throws svdkit::non_finite_input naming the first such entry in
//     row-major order, and nothing else happens;
//   - any other input returns k = min(m, n) values, sorted, >= 0; U and V finite and orthonormal
//     (tests/support/bounds.hpp's orthogonality_bound) and U·Σ·Vᵀ = A to reconstruction_bound(m, n),
//     measured as in tests/support/measures.hpp; singular_values() gives the same values bit for
//     bit; svd(Aᵀ) gives the same values to 2·value_error_bound(m, n);
//   - the one documented exception: a largest singular value above the largest finite T comes
//     back as +Inf (then ‖A‖_F must indeed exceed that).
// A violation calls std::abort() after printing what failed, so libFuzzer and the replay driver
// both report it as a crash.
#include <cmath>      // std::fabs, std::frexp, std::isfinite, std::isnan, std::ldexp, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint8_t
#include <cstdio>     // std::fprintf
#include <cstdlib>    // std::abort
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "adversarial.hpp"
#include "bounds.hpp"

namespace {

using svdkit_fuzz::adversarial_value;
using svdkit_fuzz::wider;

[[noreturn]] void fail(const char* what, std::size_t m, std::size_t n, double value = 0) {
    std::fprintf(stderr, "svd fuzz contract violated on a %zux%zu input: %s (%g)\n", m, n, what, value);
    std::abort();
}

/// ‖A − U_k·diag(s)·V_kᵀ‖_F / (‖A‖_F·max(m,n)·ε) in a wider type, after an exact power-of-two
/// scaling (the definition of tests/support/measures.hpp's reconstruction_ratio, without Eigen).
/// floor: an absolute residual not counted (values in the subnormal range are multiples of
/// denorm_min).
template <class T>
long double reconstruction(const svdkit::matrix<T>& a, const svdkit::svd_result<T>& r, long double floor) {
    using W = typename wider<T>::type;
    const std::size_t m = a.rows(), n = a.cols(), k = r.s.size();
    long double amax = 0;
    for (std::size_t i = 0; i < a.size(); ++i) amax = std::fmax(amax, std::fabs(static_cast<long double>(a.data()[i])));
    for (const T x : r.s) amax = std::fmax(amax, static_cast<long double>(x));
    int ex = 0;
    if (amax > 0) std::frexp(amax, &ex);
    W res2 = 0, a2 = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            W usv = 0;
            for (std::size_t c = 0; c < k; ++c)
                usv += static_cast<W>(r.u(i, c)) * std::ldexp(static_cast<W>(r.s[c]), -ex) * static_cast<W>(r.v(j, c));
            const W aij = std::ldexp(static_cast<W>(a(i, j)), -ex);
            res2 += (aij - usv) * (aij - usv);
            a2 += aij * aij;
        }
    const long double residual = std::fmax(0.0L, static_cast<long double>(std::sqrt(res2)) - std::ldexp(floor, -ex));
    const long double den = static_cast<long double>(std::sqrt(a2)) * static_cast<long double>(m > n ? m : n) *
                            static_cast<long double>(std::numeric_limits<T>::epsilon());
    if (den == 0) return residual == 0 ? 0 : std::numeric_limits<long double>::infinity();
    return residual / den;
}

/// ‖I − QᵀQ‖_F / (c·ε) (measures.hpp's orthogonality_ratio).
template <class T>
long double orthogonality(const svdkit::matrix<T>& q) {
    using W = typename wider<T>::type;
    const std::size_t c = q.cols();
    if (c == 0) return 0;
    W sum = 0;
    for (std::size_t a = 0; a < c; ++a)
        for (std::size_t b = 0; b < c; ++b) {
            W dot = 0;
            for (std::size_t i = 0; i < q.rows(); ++i) dot += static_cast<W>(q(i, a)) * static_cast<W>(q(i, b));
            const W g = (a == b ? W(1) : W(0)) - dot;
            sum += g * g;
        }
    return static_cast<long double>(std::sqrt(sum)) /
           (static_cast<long double>(c) * static_cast<long double>(std::numeric_limits<T>::epsilon()));
}

/// Documented: a σ₀ above the largest finite T comes back as +Inf. σ₀ <= ‖A‖_F, and a computed σ₀
/// may exceed the true one by value_error_bound·max(m,n)·ε·σ₀, so +Inf is allowed only when
/// ‖A‖_F·(1 + that) reaches the largest finite T (computed in long double, scaled: no overflow).
template <class T>
bool overflow_allowed(const svdkit::matrix<T>& a) {
    long double amax = 0, s2 = 0;
    for (std::size_t i = 0; i < a.size(); ++i) amax = std::fmax(amax, std::fabs(static_cast<long double>(a.data()[i])));
    if (amax == 0) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const long double x = static_cast<long double>(a.data()[i]) / amax;
        s2 += x * x;
    }
    const long double fro = amax * std::sqrt(s2);
    const std::size_t mn = a.rows() > a.cols() ? a.rows() : a.cols();
    const long double slack = svdkit_test::value_error_bound(a.rows(), a.cols()) * static_cast<long double>(mn) *
                              static_cast<long double>(std::numeric_limits<T>::epsilon());
    return fro * (1 + slack) >= static_cast<long double>(std::numeric_limits<T>::max());
}

template <class T>
void run(const std::uint8_t* data, std::size_t size) {
    auto byte = [&](std::size_t i) -> std::uint8_t { return i < size ? data[i] : 0; };
    const std::size_t m = 1 + byte(1) % 64, n = 1 + byte(2) % 64, k = m < n ? m : n;
    const std::uint8_t flags = byte(3);
    const svdkit::vectors jobs[4] = {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none,
                                     svdkit::vectors::thin};
    const svdkit::vectors job = jobs[flags & 3];
    const bool allow_non_finite = (flags & 4) != 0;
    const bool row_major = (flags & 8) != 0;

    svdkit::matrix<T> a(m, n);
    T previous = T(1);
    const std::size_t payload = size > 4 ? size - 4 : 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            const std::size_t idx = i + j * m;
            previous = adversarial_value<T>(payload == 0 ? 0 : data[4 + idx % payload], allow_non_finite, previous);
            a(i, j) = previous;
        }
    // The first non-finite entry in row-major reading order, if any.
    bool finite = true;
    std::size_t bad_i = 0, bad_j = 0;
    for (std::size_t i = 0; i < m && finite; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (!std::isfinite(a(i, j))) {
                finite = false;
                bad_i = i;
                bad_j = j;
                break;
            }

    // The input as the caller hands it over: the matrix itself or a row-major copy seen through a view.
    std::vector<T> rm(m * n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) rm[i * n + j] = a(i, j);
    const std::vector<T> rm_before = rm;
    const svdkit::matrix<T> a_before = a;
    const svdkit::matrix_view<const T> view(rm.data(), m, n, svdkit::layout::row_major);

    svdkit::svd_result<T> r;
    try {
        r = row_major ? svdkit::svd(view, job) : svdkit::svd(a, job);
    } catch (const svdkit::non_finite_input& e) {
        if (finite) fail("non_finite_input on a finite input", m, n);
        if (e.row() != bad_i || e.col() != bad_j) fail("non_finite_input names the wrong entry", m, n);
        return;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "exception: %s\n", e.what());
        fail("an undocumented exception", m, n);
    }
    if (!finite) fail("a non-finite input was accepted", m, n);
    for (std::size_t i = 0; i < rm.size(); ++i)
        if (!(rm[i] == rm_before[i]) || !(a.data()[i] == a_before.data()[i])) fail("the input was modified", m, n);

    if (r.s.size() != k) fail("wrong number of singular values", m, n, static_cast<double>(r.s.size()));
    for (std::size_t i = 0; i < k; ++i) {
        if (!(r.s[i] >= T(0))) fail("a singular value is negative or NaN", m, n, static_cast<double>(r.s[i]));
        if (i > 0 && r.s[i] > r.s[i - 1]) fail("singular values not sorted", m, n);
    }
    const std::vector<T> values = svdkit::singular_values(a);
    for (std::size_t i = 0; i < k; ++i)
        if (!(values[i] == r.s[i])) fail("singular_values() differs from svd().s", m, n);

    if (!std::isfinite(r.s[0])) {
        if (!overflow_allowed(a)) fail("+Inf singular value for a matrix whose norm is well inside T's range", m, n);
        return;
    }

    const std::size_t u_cols = job == svdkit::vectors::full ? m : (job == svdkit::vectors::none ? 0 : k);
    const std::size_t v_cols = job == svdkit::vectors::full ? n : (job == svdkit::vectors::none ? 0 : k);
    if (r.u.cols() != u_cols || r.v.cols() != v_cols) fail("wrong shape of U or V", m, n);
    if (job != svdkit::vectors::none) {
        for (std::size_t i = 0; i < r.u.size(); ++i)
            if (!std::isfinite(r.u.data()[i])) fail("U is not finite", m, n);
        for (std::size_t i = 0; i < r.v.size(); ++i)
            if (!std::isfinite(r.v.data()[i])) fail("V is not finite", m, n);
        const long double floor = std::sqrt(static_cast<long double>(k)) *
                                  static_cast<long double>(std::numeric_limits<T>::denorm_min());
        const long double recon = reconstruction(a, r, floor);
        if (!(recon <= svdkit_test::reconstruction_bound(m, n)))
            fail("reconstruction ratio above reconstruction_bound", m, n, static_cast<double>(recon));
        const long double ou = orthogonality(r.u), ov = orthogonality(r.v);
        if (!(ou <= svdkit_test::orthogonality_bound)) fail("U not orthonormal", m, n, static_cast<double>(ou));
        if (!(ov <= svdkit_test::orthogonality_bound)) fail("V not orthonormal", m, n, static_cast<double>(ov));
    }
    // σ(Aᵀ) = σ(A): each within value_error_bound of the truth, so within twice that of each other.
    const std::vector<T> st = svdkit::singular_values(a.transpose());
    if (!std::isfinite(st[0])) {
        if (!overflow_allowed(a)) fail("+Inf singular value of A^T for a norm well inside T's range", m, n);
        return;
    }
    long double worst = 0;
    for (std::size_t i = 0; i < k; ++i)
        worst = std::fmax(worst, std::fabs(static_cast<long double>(st[i]) - static_cast<long double>(r.s[i])));
    const long double unit = static_cast<long double>(r.s[0]) * static_cast<long double>(m > n ? m : n) *
                             static_cast<long double>(std::numeric_limits<T>::epsilon());
    const long double floor = static_cast<long double>(std::numeric_limits<T>::denorm_min());
    if (worst > floor && !(worst <= 2 * svdkit_test::value_error_bound(m, n) * unit))
        fail("svd(A^T) and svd(A) disagree beyond the bound", m, n, static_cast<double>(worst / unit));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    switch (size == 0 ? 0 : data[0] % 3) {
        case 0: run<double>(data, size); break;
        case 1: run<float>(data, size); break;
        default: run<long double>(data, size); break;
    }
    return 0;
}
