// Tests include/svdkit/detail/kernels/complex_gemm.hpp: the complex product kernel
// C = β·C + α·op(A)·op(B), op ∈ {none, transpose, adjoint}, against a product in higher precision
// (long double for float and double, __float128 for long double where it is wider), on every op
// pair and on the shapes that cross the edges of its blocking (MR, NR, MC, KC, ± 1), with leading
// dimensions larger than the rows, complex α and β (β = 0 over NaN), m, n or k = 0, and threads.
//
// Bound, per entry and per part (real, imaginary). The 4M kernel forms Re(Σ_p a_p·b_p) as one
// real sum of the 2k terms aᵣbᵣ and −aᵢbᵢ (Im: aᵣbᵢ and aᵢbᵣ), in KC-deep slices. With
// u = ε/2 and P_r = Σ_p |aᵣbᵣ| + |aᵢbᵢ|, P_i = Σ_p |aᵣbᵢ| + |aᵢbᵣ|, a sum of 2k terms is off by
// at most γ_2k·P [Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1]; α·S adds
// γ_2 on M_r = |αᵣ|P_r + |αᵢ|P_i (M_i = |αᵣ|P_i + |αᵢ|P_r), β·c one more γ_2 on
// B_r = |βᵣcᵣ| + |βᵢcᵢ| (B_i = |βᵣcᵢ| + |βᵢcᵣ|), and each of the s = ⌈k/KC⌉ slices one rounding
// of the running entry. To first order in u:
//     |Ĉ − C| ≤ (k + 2 + s)·ε·M + (1 + s)·ε·B + ε·|C|   (per part),
// and the ratio error / bound must be ≤ 1. A kernel that drops a block, misses a conjugation,
// swaps the planes or reads past a leading dimension is off by O(M): a ratio of order 1/(k·ε).
//
// The matrix-vector kernels of complex_gemv.hpp (y += A·x, y = Aᴴ·x, A += x·yᵀ) sum, per part,
// the 2n (2m for Aᴴ·x) terms of the products and y in some order: |ŷ − y| ≤ (n + 2)·ε·(P + |y|)
// per part, P as above; the rank-one update is off by at most 2ε·(|a| + |x·y|) per part.
//
// complex_gemm_3m (kept for the benchmark) promises less: its imaginary part is
// (aᵣ+aᵢ)(bᵣ+bᵢ) − aᵣbᵣ − aᵢbᵢ summed, bounded only by Q = Σ_p (|aᵣ|+|aᵢ|)(|bᵣ|+|bᵢ|) [Higham 1992,
// SIMAX 13]: each of its three sums is off by ≤ γ_{k+2}·Q, so per part
//     |Ĉ − C| ≤ (3k/2 + 4 + s)·ε·(|αᵣ|+|αᵢ|)·Q + (1 + s)·ε·B + ε·|C|.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cfloat>     // LDBL_MANT_DIG
#include <cmath>      // std::abs, std::isnan
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64, std::uniform_real_distribution
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/detail/kernels/complex_gemm.hpp>
#include <svdkit/detail/kernels/complex_gemv.hpp>

#include "ratio_report.hpp"

namespace {

using svdkit::detail::gemm_op;

#if defined(__SIZEOF_FLOAT128__) && LDBL_MANT_DIG < 113 && !defined(__clang__)
__extension__ typedef __float128 wide_real;  // soft-float: used for long double's reference only
#else
typedef long double wide_real;
#endif
/// The reference's working type: wider than R.
template <class R>
using ref_t = typename std::conditional<sizeof(R) < sizeof(long double), long double, wide_real>::type;

template <class R>
std::string type_name() {
    return sizeof(R) == 4 ? "float" : sizeof(R) == 8 ? "double" : "long double";
}

const char* op_name(gemm_op op) { return op == gemm_op::none ? "N" : op == gemm_op::transpose ? "T" : "C"; }

template <class R>
std::vector<std::complex<R>> random_array(std::size_t size, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<std::complex<R>> x(size);
    for (auto& v : x) v = {static_cast<R>(u(rng)), static_cast<R>(u(rng))};
    return x;
}

template <class W>
W wabs(W x) {
    return x < W(0) ? -x : x;
}

struct product_case {
    std::size_t m, n, k;
    gemm_op opa, opb;
};

enum class method { m4, m3 };

/// Runs the kernel on one case with ld = rows + 3 (padding that must stay untouched) and returns
/// the worst error / bound ratio over both parts of C. With beta = 0, C starts as NaN.
template <class R>
long double product_ratio(const product_case& c, std::complex<R> alpha, std::complex<R> beta, method how,
                          std::mt19937_64& rng) {
    using W = ref_t<R>;
    const bool ta = c.opa != gemm_op::none, tb = c.opb != gemm_op::none;
    const std::size_t arows = ta ? c.k : c.m, acols = ta ? c.m : c.k;
    const std::size_t brows = tb ? c.n : c.k, bcols = tb ? c.k : c.n;
    const std::size_t lda = arows + 3, ldb = brows + 3, ldc = c.m + 3;
    const auto a = random_array<R>(lda * acols, rng);
    const auto b = random_array<R>(ldb * bcols, rng);
    auto c0 = random_array<R>(ldc * c.n, rng);
    const bool beta_zero = beta == std::complex<R>(0, 0);
    if (beta_zero)
        for (std::size_t j = 0; j < c.n; ++j)
            for (std::size_t i = 0; i < c.m; ++i) c0[i + j * ldc] = {std::numeric_limits<R>::quiet_NaN(), R(1)};
    auto cc = c0;
    if (how == method::m4)
        svdkit::detail::complex_gemm(c.opa, c.opb, c.m, c.n, c.k, alpha, a.data(), lda, b.data(), ldb, beta, cc.data(),
                                     ldc);
    else
        svdkit::detail::complex_gemm_3m(c.opa, c.opb, c.m, c.n, c.k, alpha, a.data(), lda, b.data(), ldb, beta,
                                        cc.data(), ldc);
    const W eps = W(std::numeric_limits<R>::epsilon());
    const W slices = W((c.k + svdkit::detail::complex_gemm_blocking<R>::kc - 1) / svdkit::detail::complex_gemm_blocking<R>::kc);
    const W ar_ = W(alpha.real()), ai_ = W(alpha.imag()), br_ = W(beta.real()), bi_ = W(beta.imag());
    long double worst = 0;
    for (std::size_t j = 0; j < c.n; ++j) {
        for (std::size_t i = 0; i < c.m; ++i) {
            W sr = 0, si = 0, pr = 0, pi = 0, q = 0;
            for (std::size_t p = 0; p < c.k; ++p) {
                const std::complex<R> x = svdkit::detail::op_element(c.opa, a.data(), lda, i, p);
                const std::complex<R> y = svdkit::detail::op_element(c.opb, b.data(), ldb, p, j);
                const W xr = W(x.real()), xi = W(x.imag()), yr = W(y.real()), yi = W(y.imag());
                sr += xr * yr - xi * yi;
                si += xr * yi + xi * yr;
                pr += wabs(xr * yr) + wabs(xi * yi);
                pi += wabs(xr * yi) + wabs(xi * yr);
                q += (wabs(xr) + wabs(xi)) * (wabs(yr) + wabs(yi));
            }
            const std::complex<R> cij = c0[i + j * ldc];
            const W cr = beta_zero ? W(0) : W(cij.real()), ci = beta_zero ? W(0) : W(cij.imag());
            const W ref_r = ar_ * sr - ai_ * si + br_ * cr - bi_ * ci;
            const W ref_i = ar_ * si + ai_ * sr + br_ * ci + bi_ * cr;
            const W kk = W(c.k);
            W mr, mi;
            if (how == method::m4) {
                mr = (kk + 2 + slices) * (wabs(ar_) * pr + wabs(ai_) * pi);
                mi = (kk + 2 + slices) * (wabs(ar_) * pi + wabs(ai_) * pr);
            } else {
                mr = mi = (W(3) * kk / 2 + 4 + slices) * (wabs(ar_) + wabs(ai_)) * q;
            }
            const W tiny = W(std::numeric_limits<R>::min());
            const W bound_r = eps * (mr + (1 + slices) * (wabs(br_ * cr) + wabs(bi_ * ci)) + wabs(ref_r)) + tiny;
            const W bound_i = eps * (mi + (1 + slices) * (wabs(br_ * ci) + wabs(bi_ * cr)) + wabs(ref_i)) + tiny;
            const std::complex<R> got = cc[i + j * ldc];
            if (std::isnan(got.real()) || std::isnan(got.imag())) return std::numeric_limits<long double>::infinity();
            const W er = wabs(W(got.real()) - ref_r), ei = wabs(W(got.imag()) - ref_i);
            worst = std::max(worst, static_cast<long double>(std::max(er / bound_r, ei / bound_i)));
        }
        for (std::size_t i = c.m; i < ldc; ++i) CHECK(cc[i + j * ldc] == c0[i + j * ldc]);
    }
    return worst;
}

constexpr gemm_op all_ops[3] = {gemm_op::none, gemm_op::transpose, gemm_op::adjoint};

template <class R>
void check_edges(method how) {
    using blk = svdkit::detail::complex_gemm_blocking<R, 2>;
    const std::size_t MR = blk::mr, NR = blk::nr, KC = blk::kc, MC = blk::mc;
    std::mt19937_64 rng(20261206u + sizeof(R) + (how == method::m3 ? 1 : 0));
    const std::vector<std::size_t> ms = {1, std::max<std::size_t>(MR, 2) - 1, MR + 1, MC + 1};
    const std::vector<std::size_t> ns = {1, NR - 1, NR, NR + 1, 2 * NR + 3};
    const std::vector<std::size_t> ks = {1, 6, KC + 1};
    const std::complex<R> alphas[3] = {{R(1), R(0)}, {R(-0.75), R(0.5)}, {R(0), R(-1.25)}};
    const std::complex<R> betas[4] = {{R(0), R(0)}, {R(1), R(0)}, {R(0.5), R(-0.25)}, {R(0), R(2)}};
    long double worst = 0;
    std::size_t cases = 0;
    for (const gemm_op opa : all_ops)
        for (const gemm_op opb : all_ops)
            for (const std::size_t m : ms)
                for (const std::size_t n : ns)
                    for (const std::size_t k : ks) {
                        // Two KC slices over two MC blocks with one column only: every edge still
                        // meets every op pair, and the file stays within seconds under ASan.
                        if (k == KC + 1 && m == MC + 1 && n > 1) continue;
                        const product_case c{m, n, k, opa, opb};
                        const std::complex<R> alpha = alphas[cases % 3], beta = betas[cases % 4];
                        const long double r = product_ratio<R>(c, alpha, beta, how, rng);
                        INFO(type_name<R>() << " op(A)=" << op_name(opa) << " op(B)=" << op_name(opb) << " m=" << m
                                            << " n=" << n << " k=" << k << " alpha=" << alpha << " beta=" << beta
                                            << " ratio=" << static_cast<double>(r));
                        CHECK(r <= 1.0L);
                        worst = std::max(worst, r);
                        ++cases;
                    }
    svdkit_test::note_ratio(how == method::m4 ? "complex_gemm" : "complex_gemm_3m", type_name<R>(),
                            "entry error / bound", worst, "complex_gemm.cpp edges");
    CHECK(cases > 9 * ms.size() * ns.size() * 2);
}

}  // namespace

TEMPLATE_TEST_CASE("complex_gemm: every op pair on every blocking edge matches a wider product",
                   "[kernels][complex_gemm]", float, double, long double) {
    check_edges<TestType>(method::m4);
}

TEMPLATE_TEST_CASE("complex_gemm: the 3M variant within its normwise bound", "[kernels][complex_gemm]", float, double,
                   long double) {
    check_edges<TestType>(method::m3);
}

TEMPLATE_TEST_CASE("complex_gemm: m, n or k = 0 and alpha = 0", "[kernels][complex_gemm]", float, double,
                   long double) {
    using R = TestType;
    using C = std::complex<R>;
    std::mt19937_64 rng(5);
    const std::size_t m = 5, n = 4, ldc = 7;
    const auto c0 = random_array<R>(ldc * n, rng);
    const C beta(R(0.5), R(-2));
    const C nan(std::numeric_limits<R>::quiet_NaN(), R(0));
    // k = 0: C = β·C exactly as cmul computes it; A and B are never read (null).
    auto c = c0;
    svdkit::detail::complex_gemm(gemm_op::adjoint, gemm_op::none, m, n, 0, C(2, 1), static_cast<const C*>(nullptr), 1,
                                 static_cast<const C*>(nullptr), 1, beta, c.data(), ldc);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < ldc; ++i)
            CHECK(c[i + j * ldc] == (i < m ? svdkit::detail::cmul(beta, c0[i + j * ldc]) : c0[i + j * ldc]));
    // α = 0: the same, even with NaN in A and B (BLAS: they are not referenced).
    const std::vector<C> a(m * 3, nan), b(3 * n, nan);
    auto d = c0;
    svdkit::detail::complex_gemm(gemm_op::none, gemm_op::none, m, n, 3, C(0, 0), a.data(), m, b.data(), 3, beta,
                                 d.data(), ldc);
    CHECK(d == c);
    // β = 0 and k = 0 overwrite NaN with zeros.
    std::vector<C> e(ldc * n, nan);
    svdkit::detail::complex_gemm(gemm_op::none, gemm_op::transpose, m, n, 0, C(1, 0), static_cast<const C*>(nullptr),
                                 1, static_cast<const C*>(nullptr), 1, C(0, 0), e.data(), ldc);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) CHECK(e[i + j * ldc] == C(0, 0));
    // m = 0 or n = 0: nothing is touched (C may even be null).
    auto f = c0;
    svdkit::detail::complex_gemm(gemm_op::none, gemm_op::none, 0, n, 3, C(1, 0), a.data(), 1, b.data(), 3, C(0, 0),
                                 f.data(), 1);
    svdkit::detail::complex_gemm(gemm_op::none, gemm_op::none, m, 0, 3, C(1, 0), a.data(), m, b.data(), 3, C(0, 0),
                                 f.data(), ldc);
    svdkit::detail::complex_gemm(gemm_op::none, gemm_op::none, 0, 0, 0, C(1, 0), static_cast<const C*>(nullptr), 1,
                                 static_cast<const C*>(nullptr), 1, C(0, 0), static_cast<C*>(nullptr), 1);
    CHECK(f == c0);
}

TEMPLATE_TEST_CASE("complex_gemm: two threads give the one-thread bits", "[kernels][complex_gemm][threads]", float,
                   double, long double) {
    using R = TestType;
    using C = std::complex<R>;
    // Large enough to pass gemm_parallel_min_work / 4, with a column count that splits unevenly
    // over NR-wide blocks, op(A) an adjoint and op(B) a transpose read across their leading dims.
    const std::size_t m = 131, n = 83, k = 150;
    static_assert(4 * 131 * 83 * 150 >= 2 * svdkit::detail::gemm_parallel_min_work, "two threads must start");
    std::mt19937_64 rng(11);
    const auto a = random_array<R>((k + 1) * m, rng);
    const auto b = random_array<R>((n + 2) * k, rng);
    const auto c0 = random_array<R>((m + 1) * n, rng);
    std::vector<std::vector<C>> out;
    for (const unsigned threads : {0u, 1u, 2u}) {  // 0: no workspace
        auto c = c0;
        svdkit::detail::complex_gemm_workspace<R> ws;
        ws.threads = threads;
        svdkit::detail::complex_gemm(gemm_op::adjoint, gemm_op::transpose, m, n, k, C(R(0.5), R(-1)), a.data(), k + 1,
                                     b.data(), n + 2, C(R(-1), R(0.25)), c.data(), m + 1, threads == 0 ? nullptr : &ws);
        if (threads == 2) CHECK(ws.pack.size() >= 4);  // the workspace held two threads' buffers
        if (threads > 0) CHECK(ws.capacity_bytes() > 0);
        out.push_back(c);
    }
    std::size_t differ_1 = 0, differ_none = 0;
    for (std::size_t i = 0; i < c0.size(); ++i) {
        differ_1 += out[1][i] != out[2][i];
        differ_none += out[0][i] != out[2][i];
    }
    CHECK(differ_1 == 0);
    CHECK(differ_none == 0);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < c0.size(); ++i) changed += out[2][i] != c0[i];
    CHECK(changed == m * n);  // every entry of C was computed, the padding row (not counted) aside
}

TEMPLATE_TEST_CASE("complex_gemv: A·x, Aᴴ·x and x·yᵀ within the summation bound, padding untouched",
                   "[kernels][complex_gemv]", float, double, long double) {
    using R = TestType;
    using C = std::complex<R>;
    using W = ref_t<R>;
    namespace d = svdkit::detail;
    std::mt19937_64 rng(2126u + sizeof(R));
    const W eps = W(std::numeric_limits<R>::epsilon()), tiny = W(std::numeric_limits<R>::min());
    long double worst = 0;
    // Rows across the vector widths (1, 2, 4, 8 entries per vector and their tails), columns
    // across the four-column groups.
    for (const std::size_t m : {1u, 3u, 4u, 5u, 8u, 9u, 17u, 37u})
        for (const std::size_t n : {1u, 3u, 4u, 6u, 9u}) {
            const std::size_t lda = m + 3;
            const auto a0 = random_array<R>(lda * n, rng);
            const auto xn = random_array<R>(n, rng), xm = random_array<R>(m, rng), y0 = random_array<R>(m, rng);
            auto yn = y0;  // y += A·x
            d::complex_gemv_n(m, n, a0.data(), lda, xn.data(), yn.data());
            std::vector<C> yc(n, C(R(7), R(7)));  // y = Aᴴ·x overwrites
            d::complex_gemv_c(m, n, a0.data(), lda, xm.data(), yc.data());
            auto a1 = a0;  // A += x·yᵀ, y at stride 2
            const auto y2 = random_array<R>(2 * n, rng);
            d::complex_ger(m, n, xm.data(), y2.data(), 2, a1.data(), lda);
            auto ratio = [&](W ref_r, W ref_i, W mag_r, W mag_i, W terms, C got) {
                const W br = terms * eps * mag_r + tiny, bi = terms * eps * mag_i + tiny;
                return static_cast<long double>(
                    std::max(wabs(W(got.real()) - ref_r) / br, wabs(W(got.imag()) - ref_i) / bi));
            };
            long double r = 0;
            for (std::size_t i = 0; i < m; ++i) {
                W sr = W(y0[i].real()), si = W(y0[i].imag()), pr = wabs(sr), pi = wabs(si);
                for (std::size_t k = 0; k < n; ++k) {
                    const W ar = W(a0[i + k * lda].real()), ai = W(a0[i + k * lda].imag());
                    const W xr = W(xn[k].real()), xi = W(xn[k].imag());
                    sr += ar * xr - ai * xi;
                    si += ar * xi + ai * xr;
                    pr += wabs(ar * xr) + wabs(ai * xi);
                    pi += wabs(ar * xi) + wabs(ai * xr);
                }
                r = std::max(r, ratio(sr, si, pr, pi, W(n + 2), yn[i]));
            }
            for (std::size_t k = 0; k < n; ++k) {
                W sr = 0, si = 0, pr = 0, pi = 0;
                for (std::size_t i = 0; i < m; ++i) {
                    const W ar = W(a0[i + k * lda].real()), ai = W(a0[i + k * lda].imag());
                    const W xr = W(xm[i].real()), xi = W(xm[i].imag());
                    sr += ar * xr + ai * xi;
                    si += ar * xi - ai * xr;
                    pr += wabs(ar * xr) + wabs(ai * xi);
                    pi += wabs(ar * xi) + wabs(ai * xr);
                }
                r = std::max(r, ratio(sr, si, pr, pi, W(m + 2), yc[k]));
                for (std::size_t i = 0; i < lda; ++i) {
                    const C aik = a0[i + k * lda];
                    if (i >= m) {
                        CHECK(a1[i + k * lda] == aik);
                        continue;
                    }
                    const W ar = W(aik.real()), ai = W(aik.imag()), xr = W(xm[i].real()), xi = W(xm[i].imag());
                    const W yr = W(y2[2 * k].real()), yi = W(y2[2 * k].imag());
                    r = std::max(r, ratio(ar + xr * yr - xi * yi, ai + xr * yi + xi * yr,
                                          wabs(ar) + wabs(xr * yr) + wabs(xi * yi),
                                          wabs(ai) + wabs(xr * yi) + wabs(xi * yr), W(2), a1[i + k * lda]));
                }
            }
            INFO(type_name<R>() << " m=" << m << " n=" << n << " ratio=" << static_cast<double>(r));
            CHECK(r <= 1.0L);
            worst = std::max(worst, r);
        }
    svdkit_test::note_ratio("complex_gemv", type_name<R>(), "entry error / bound", worst, "complex_gemm.cpp gemv");
    CHECK(worst > 0);  // the kernels did round: the comparison is not vacuous
}
