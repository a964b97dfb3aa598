// Fuzz target for what is built on the SVD (issue 24): rank, cond, norm2, pinv, lstsq,
// null_space, range, svd_solver, low_rank and pca on matrices of up to 24×24 entries drawn from
// the adversarial table (adversarial.hpp: ±0, subnormals, 1e±300, ±max, NaN/Inf, ...).
//
// Input layout (missing bytes read as 0):
//   byte 0  element type: 0 double, 1 float, 2 long double (mod 3)
//   byte 1  rows m = 1 + byte % 24          byte 2  cols n = 1 + byte % 24
//   byte 3  bit 2: NaN/Inf allowed; bits 4-7: k for low_rank and pca (mod min(m, n) + 1)
//   then one byte per entry (column-major, cycling), as in svd_target.cpp; the right-hand side
//   of lstsq is the first column of A reversed.
//
// The contract:
//   - a NaN/Inf input throws svdkit::non_finite_input from every entry point, naming the first
//     such entry in row-major order;
//   - a finite input never gives a NaN anywhere and never throws (pca: with 2 or more rows);
//     rank is the same from rank(), svd_solver, pinv, range and null_space (n − rank columns),
//     and 0 exactly when A is zero; cond >= 1 (or +Inf); norm2 = σ₀ of singular_values();
//     low_rank: 0 <= fraction_kept <= 1, error_2 = σ_k or 0 (σ_k at or below the threshold);
//     pca: no NaN in scores, mean, components or (from finite scores) inverse_transform;
//     explained-variance ratios >= 0, each and their sum at most 1 + 16·max(m,n)·ε (Σσ_i² is
//     ‖X_c‖_F² up to the SVD's backward error, O(max(m,n)·ε) relative).
// A violation prints what failed and calls std::abort().
#include <cmath>      // std::isnan, std::isfinite
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint8_t
#include <cstdio>     // std::fprintf
#include <cstdlib>    // std::abort
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "adversarial.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::size_t m, std::size_t n, double value = 0) {
    std::fprintf(stderr, "solve fuzz contract violated on a %zux%zu input: %s (%g)\n", m, n, what, value);
    std::abort();
}

template <class T>
bool any_nan(const T* x, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        if (std::isnan(x[i])) return true;
    return false;
}

struct context {
    std::size_t m, n;
    bool finite;
    std::size_t bad_i, bad_j;
};

/// Runs f(); for a non-finite input it must throw non_finite_input naming the first such entry,
/// for a finite one it must not throw. Returns whether f ran to completion.
template <class F>
bool guarded(const context& c, const char* name, F&& f) {
    try {
        f();
    } catch (const svdkit::non_finite_input& e) {
        if (c.finite) {
            std::fprintf(stderr, "%s: %s\n", name, e.what());
            fail("non_finite_input on a finite input", c.m, c.n);
        }
        if (e.row() != c.bad_i || e.col() != c.bad_j) fail("non_finite_input names the wrong entry", c.m, c.n);
        return false;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        fail("an undocumented exception", c.m, c.n);
    }
    if (!c.finite) fail("a non-finite input was accepted", c.m, c.n);
    return true;
}

template <class T>
void run(const std::uint8_t* data, std::size_t size) {
    auto byte = [&](std::size_t i) -> std::uint8_t { return i < size ? data[i] : 0; };
    const std::size_t m = 1 + byte(1) % 24, n = 1 + byte(2) % 24, p = m < n ? m : n;
    const bool allow_non_finite = (byte(3) & 4) != 0;
    const std::size_t k = (byte(3) >> 4) % (p + 1);

    svdkit::matrix<T> a(m, n);
    T previous = T(1);
    const std::size_t payload = size > 4 ? size - 4 : 0;
    bool zero = true;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            previous =
                svdkit_fuzz::adversarial_value<T>(payload == 0 ? 0 : data[4 + (i + j * m) % payload], allow_non_finite,
                                                  previous);
            a(i, j) = previous;
            zero = zero && previous == T(0);
        }
    context c{m, n, true, 0, 0};
    for (std::size_t i = 0; i < m && c.finite; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (!std::isfinite(a(i, j))) {
                c = context{m, n, false, i, j};
                break;
            }
    std::vector<T> b(m);
    for (std::size_t i = 0; i < m; ++i) b[i] = a(m - 1 - i, 0);

    std::size_t r = 0;
    if (!guarded(c, "rank", [&] { r = svdkit::rank(a).rank; })) {
        guarded(c, "cond", [&] { svdkit::cond(a); });
        guarded(c, "pinv", [&] { svdkit::pinv(a); });
        guarded(c, "lstsq", [&] { svdkit::lstsq(a, b); });
        guarded(c, "low_rank", [&] { svdkit::low_rank(a, k); });
        if (m >= 2) guarded(c, "pca", [&] { svdkit::pca<T>(k).fit(a); });
        return;
    }
    if (r > p || (r == 0) != zero) fail("rank out of range, or 0 for a nonzero matrix", m, n, static_cast<double>(r));
    const std::vector<T> s = svdkit::singular_values(a);
    guarded(c, "cond", [&] {
        const T x = svdkit::cond(a);
        if (!(x >= T(1))) fail("cond below 1 or NaN", m, n, static_cast<double>(x));
    });
    guarded(c, "norm2", [&] {
        if (!(svdkit::norm2(a) == s[0])) fail("norm2 differs from the largest singular value", m, n);
    });
    guarded(c, "pinv", [&] {
        const auto x = svdkit::pinv(a);
        if (x.rank != r) fail("pinv's rank differs from rank()", m, n);
        if (any_nan(x.data(), x.size())) fail("NaN in pinv", m, n);
    });
    guarded(c, "lstsq", [&] {
        const auto x = svdkit::lstsq(a, b);
        if (x.rank != r) fail("lstsq's rank differs from rank()", m, n);
        if (any_nan(x.x.data(), x.x.size()) || std::isnan(x.residual_norms[0])) fail("NaN in lstsq", m, n);
    });
    guarded(c, "null_space, range", [&] {
        const auto z = svdkit::null_space(a);
        const auto q = svdkit::range(a);
        if (z.cols() != n - r || q.cols() != r) fail("null_space or range of the wrong width", m, n);
        if (any_nan(z.data(), z.size()) || any_nan(q.data(), q.size())) fail("NaN in a basis", m, n);
    });
    guarded(c, "low_rank", [&] {
        const auto l = svdkit::low_rank(a, k);
        if (!(l.fraction_kept >= T(0) && l.fraction_kept <= T(1))) fail("fraction_kept outside [0, 1]", m, n);
        if (std::isnan(l.error_2) || std::isnan(l.error_f)) fail("NaN error", m, n);
        if (!(l.error_2 == T(0) || (k < p && l.error_2 == s[k]))) fail("error_2 is neither 0 nor sigma_k", m, n);
        if (any_nan(l.approximation.data(), l.approximation.size())) fail("NaN in A_k", m, n);
    });
    if (m >= 2)
        guarded(c, "pca", [&] {
            svdkit::pca<T> pc(k);
            const svdkit::matrix<T> z = pc.fit_transform(a);
            if (any_nan(z.data(), z.size()) || any_nan(pc.mean().data(), pc.mean().size()) ||
                any_nan(pc.components().data(), pc.components().size()))
                fail("NaN in pca's scores, mean or components", m, n);
            const T one_plus = T(1) + T(16 * (m > n ? m : n)) * std::numeric_limits<T>::epsilon();
            T sum = 0;
            for (const T x : pc.explained_variance_ratio()) {
                if (!(x >= T(0) && x <= one_plus))
                    fail("explained_variance_ratio outside [0, 1]", m, n, static_cast<double>(x));
                sum += x;
            }
            if (!(sum <= one_plus)) fail("ratios sum above 1", m, n, static_cast<double>(sum));
            // scores beyond the largest finite T are ±Inf (documented); inverse_transform takes finite ones
            bool z_finite = true;
            for (std::size_t i = 0; i < z.size(); ++i) z_finite = z_finite && std::isfinite(z.data()[i]);
            if (z_finite) {
                const svdkit::matrix<T> back = pc.inverse_transform(z);
                if (any_nan(back.data(), back.size())) fail("NaN in inverse_transform", m, n);
            }
        });
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
