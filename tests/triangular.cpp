// Tests include/svdkit/detail/kernels/triangular.hpp: B ← R⁻¹·B (trsm_upper, recursive through
// gemm) and the one-vector solves x ← R⁻¹·x, x ← R⁻ᵀ·x, against their backward error bound.
//
// Back substitution is backward stable row by row: (R + δR)·x̂ = b with |δR| <= γ_n·|R|,
// γ_n = n·ε/(1 − n·ε) [Higham, ASNA 2nd ed., Thm 8.5]; the blocked form splits the same sums
// differently and keeps the bound (each entry of x is still one inner product of a row of R with
// x̂, summed in some order). So |b − R·x̂| <= γ_n·|R|·|x̂| elementwise; the test measures
// max_i |b − R·x̂|_i / (|R|·|x̂|)_i / (n·ε) in a wider type and asserts <= 1.1 (the 1 − n·ε
// denominator), over n across the leaf size (1, 31, 32, 33, 100, 150), several right-hand sides,
// a leading dimension larger than n, and rows graded over 1e±20 (the solve's use in the Jacobi
// SVD): the bound is invariant under row scaling.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::abs, std::pow
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "dense.hpp"
#include "generators.hpp"

using namespace svdkit_test;

namespace {

/// max_i |b − R·x|_i / ((|R|·|x|)_i·n·ε) in wide_t<T>; R upper n×n at r (ldr), x and b n×k.
template <class T>
long double solve_ratio(std::size_t n, std::size_t k, const std::vector<T>& r, std::size_t ldr, const std::vector<T>& x,
                        const std::vector<T>& b, bool transposed) {
    using W = wide_t<T>;
    long double worst = 0;
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t i = 0; i < n; ++i) {
            W res = b[i + c * n], mag = 0;
            for (std::size_t j = 0; j < n; ++j) {
                const W rij = transposed ? (i >= j ? W(r[j + i * ldr]) : W(0)) : (j >= i ? W(r[i + j * ldr]) : W(0));
                res -= rij * W(x[j + c * n]);
                mag += std::abs(rij * W(x[j + c * n]));
            }
            if (mag > 0)
                worst = std::max(worst, static_cast<long double>(std::abs(res) / mag) /
                                            (static_cast<long double>(n) * eps<T>()));
        }
    return worst;
}

}  // namespace

TEMPLATE_TEST_CASE("triangular: solves with an upper triangular matrix within the backward error bound",
                   "[kernels][triangular]", float, double, long double) {
    using T = TestType;
    for (std::size_t n : {std::size_t(1), std::size_t(31), std::size_t(32), std::size_t(33), std::size_t(100), std::size_t(150)}) {
        for (bool graded : {false, true}) {
            const std::size_t ldr = n + 3, k = 7;
            rng_t rng(seed_of(n, k, graded ? 71 : 70));
            const dense<T> g = gaussian<T>(n, n, rng), rhs = gaussian<T>(n, k, rng);
            std::vector<T> r(ldr * n, T(0)), b(n * k);
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t i = 0; i <= j; ++i) {
                    // A dominant diagonal keeps R's κ modest (so x is not all rounding).
                    T rij = g(ix(i), ix(j)) / static_cast<T>(n);
                    if (i == j) rij = T(1) + std::abs(rij);
                    if (graded) rij *= std::pow(T(10), T(20) - T(40) * static_cast<T>(i) / static_cast<T>(std::max<std::size_t>(n - 1, 1)));
                    r[i + j * ldr] = rij;
                }
            for (std::size_t c = 0; c < k; ++c)
                for (std::size_t i = 0; i < n; ++i) b[i + c * n] = rhs(ix(i), ix(c));
            INFO(type_name<T>() << " n " << n << (graded ? " graded" : ""));
            // trsm_upper, with and without a gemm workspace.
            for (bool with_ws : {false, true}) {
                std::vector<T> x = b;
                svdkit::detail::gemm_workspace<T> gws;
                svdkit::detail::trsm_upper(n, k, r.data(), ldr, x.data(), n, with_ws ? &gws : nullptr);
                const long double ratio = solve_ratio(n, k, r, ldr, x, b, false);
                INFO("trsm_upper ratio " << static_cast<double>(ratio));
                CHECK(ratio <= 1.1L);
            }
            // One column at a time, both ways.
            std::vector<T> x = b, y = b;
            for (std::size_t c = 0; c < k; ++c) {
                svdkit::detail::trsv_upper(n, r.data(), ldr, x.data() + c * n);
                svdkit::detail::trsv_upper_transposed(n, r.data(), ldr, y.data() + c * n);
            }
            CHECK(solve_ratio(n, k, r, ldr, x, b, false) <= 1.1L);
            CHECK(solve_ratio(n, k, r, ldr, y, b, true) <= 1.1L);
        }
    }
    // Nothing to solve: no access at all.
    svdkit::detail::trsm_upper<T>(0, 3, nullptr, 1, nullptr, 1);
    svdkit::detail::trsm_upper<T>(3, 0, nullptr, 3, nullptr, 3);
}
