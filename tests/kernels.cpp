// Tests include/svdkit/detail/kernels/gemm.hpp and gemv.hpp directly: the matrix-multiply kernel and the
// matrix-vector kernels that every SVD path runs on. The SVD suites reach them only through their
// results; these tests pin each kernel against a long double reference on the shapes that exercise
// its edges: sizes that are not multiples of the register block (MR×NR) or of the cache blocks
// (MC, KC), every transpose combination, leading dimensions larger than the rows, α and β other
// than 1 and 0, k = 0, and a threaded product (which must give the one-thread bits).
//
// Bound, per entry: |C − C_ref| <= k·ε·(|α|·(|op(A)|·|op(B)|)_ij) + ε·|β·C_ij| + ε·|C_ref_ij|, the standard
// error bound of a dot product of length k [Higham, Accuracy and Stability of Numerical
// Algorithms, 2nd ed., §3.1] plus the roundings of the final scaling and sum. The ratio
// error / bound is reported; it must be <= 1. A kernel that drops a block, double-counts an edge,
// packs the wrong transpose or reads past a leading dimension is off by O(|A|·|B|), a ratio of
// order 1/(k·ε).
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::abs
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64, std::uniform_real_distribution
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include <svdkit/detail/kernels/gemm.hpp>
#include <svdkit/detail/kernels/gemv.hpp>
#include <svdkit/detail/kernels/skinny.hpp>

#include "ratio_report.hpp"

namespace {

template <class T>
std::vector<T> random_array(std::size_t size, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<T> x(size);
    for (T& v : x) v = static_cast<T>(u(rng));
    return x;
}

template <class T>
std::string type_name() {
    return sizeof(T) == 4 ? "float" : sizeof(T) == 8 ? "double" : "long double";
}

struct gemm_case {
    std::size_t m, n, k;
    bool ta, tb;
};

/// Runs gemm on one case with ld = rows + 3 (padding that must stay untouched) and returns the
/// worst error / bound ratio over C; also checks that the padding rows kept their values.
template <class T>
long double gemm_ratio(const gemm_case& c, T alpha, T beta, unsigned threads, std::mt19937_64& rng,
                       std::vector<T>* result = nullptr) {
    const std::size_t arows = c.ta ? c.k : c.m, acols = c.ta ? c.m : c.k;
    const std::size_t brows = c.tb ? c.n : c.k, bcols = c.tb ? c.k : c.n;
    const std::size_t lda = arows + 3, ldb = brows + 3, ldc = c.m + 3;
    const std::vector<T> a = random_array<T>(lda * acols, rng);
    const std::vector<T> b = random_array<T>(ldb * bcols, rng);
    const std::vector<T> c0 = random_array<T>(ldc * c.n, rng);
    std::vector<T> cc = c0;
    svdkit::detail::gemm_workspace<T> ws;
    ws.threads = threads;
    svdkit::detail::gemm(c.ta, c.tb, c.m, c.n, c.k, alpha, a.data(), lda, b.data(), ldb, beta, cc.data(), ldc, &ws);
    if (result != nullptr) *result = cc;
    const long double eps = std::numeric_limits<T>::epsilon();
    long double worst = 0;
    for (std::size_t j = 0; j < c.n; ++j) {
        for (std::size_t i = 0; i < c.m; ++i) {
            long double exact = 0, absolute = 0;
            for (std::size_t p = 0; p < c.k; ++p) {
                const long double x = c.ta ? a[p + i * lda] : a[i + p * lda];
                const long double y = c.tb ? b[j + p * ldb] : b[p + j * ldb];
                exact += x * y;
                absolute += std::abs(x * y);
            }
            const long double cij = static_cast<long double>(c0[i + j * ldc]);
            // β = 0 overwrites C: its old value must not leak in (it would not even if NaN).
            const long double ref = static_cast<long double>(alpha) * exact +
                                    (beta == T(0) ? 0.0L : static_cast<long double>(beta) * cij);
            const long double bound = static_cast<long double>(c.k) * eps * std::abs(static_cast<long double>(alpha)) * absolute +
                                      eps * std::abs(static_cast<long double>(beta) * cij) + eps * std::abs(ref) +
                                      std::numeric_limits<T>::min();
            const long double err = std::abs(static_cast<long double>(cc[i + j * ldc]) - ref);
            worst = std::max(worst, err / bound);
        }
        for (std::size_t i = c.m; i < ldc; ++i) CHECK(cc[i + j * ldc] == c0[i + j * ldc]);
    }
    return worst;
}

template <class T>
void check_gemm_shapes() {
    using blk = svdkit::detail::gemm_blocking<T>;
    const std::size_t MR = blk::mr, NR = blk::nr, KC = blk::kc, MC = blk::mc;
    std::mt19937_64 rng(20261125u + sizeof(T));
    const std::vector<std::size_t> ms = {1, MR - 1, MR, MR + 1, 2 * MR + 3, MC + MR + 1};
    const std::vector<std::size_t> ns = {1, NR - 1, NR, NR + 1, 3 * NR + 2};
    const std::vector<std::size_t> ks = {1, 7, 32, KC + 5};
    long double worst = 0;
    std::size_t cases = 0;
    for (const std::size_t m : ms)
        for (const std::size_t n : ns)
            for (const std::size_t k : ks)
                for (int t = 0; t < 4; ++t) {
                    const gemm_case c{m, n, k, (t & 1) != 0, (t & 2) != 0};
                    const T alpha = (cases % 3 == 0) ? T(1) : T(-0.75);
                    const T beta = (cases % 4 == 0) ? T(0) : (cases % 4 == 1) ? T(1) : T(0.5);
                    const long double r = gemm_ratio<T>(c, alpha, beta, 1, rng);
                    INFO(type_name<T>() << " m=" << m << " n=" << n << " k=" << k << " ta=" << c.ta << " tb=" << c.tb
                                        << " alpha=" << alpha << " beta=" << beta);
                    CHECK(r <= 1.0L);
                    worst = std::max(worst, r);
                    ++cases;
                }
    svdkit_test::note_ratio("gemm", type_name<T>(), "entry error / (k·eps·|A||B|)", worst, "kernels.cpp shapes");
    CHECK(cases == ms.size() * ns.size() * ks.size() * 4);
}

}  // namespace

TEMPLATE_TEST_CASE("kernels: gemm matches a long double product on every edge of its blocking", "[kernels][gemm]",
                   float, double, long double) {
    check_gemm_shapes<TestType>();
}

TEMPLATE_TEST_CASE("kernels: gemm with k = 0 scales C by beta only", "[kernels][gemm]", float, double) {
    std::mt19937_64 rng(7);
    const std::size_t m = 5, n = 4;
    std::vector<TestType> c = random_array<TestType>(m * n, rng);
    const std::vector<TestType> c0 = c;
    svdkit::detail::gemm(false, false, m, n, 0, TestType(2), static_cast<const TestType*>(nullptr), m,
                         static_cast<const TestType*>(nullptr), 1, TestType(0.5), c.data(), m);
    for (std::size_t i = 0; i < c.size(); ++i) CHECK(c[i] == TestType(0.5) * c0[i]);
    // β = 0 overwrites, NaN included.
    std::vector<TestType> d(m * n, std::numeric_limits<TestType>::quiet_NaN());
    svdkit::detail::gemm(false, false, m, n, 0, TestType(2), static_cast<const TestType*>(nullptr), m,
                         static_cast<const TestType*>(nullptr), 1, TestType(0), d.data(), m);
    for (const TestType x : d) CHECK(x == TestType(0));
}

TEMPLATE_TEST_CASE("kernels: a threaded gemm gives the one-thread bits", "[kernels][gemm][threads]", float, double) {
    // Large enough to pass gemm_parallel_min_work, with a column count that does not split evenly.
    const gemm_case c{97, 53, 430, true, false};
    std::mt19937_64 rng1(11), rng2(11);
    std::vector<TestType> one, two;
    const long double r1 = gemm_ratio<TestType>(c, TestType(-1), TestType(1), 1, rng1, &one);
    const long double r2 = gemm_ratio<TestType>(c, TestType(-1), TestType(1), 2, rng2, &two);
    CHECK(r1 <= 1.0L);
    CHECK(r2 <= 1.0L);
    REQUIRE(one.size() == two.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < one.size(); ++i) differ += one[i] != two[i];
    CHECK(differ == 0);
}

TEMPLATE_TEST_CASE("kernels: reading op(B) unpacked gives the packed path's bits", "[kernels][gemm]", float, double) {
    // Up to MC rows of C, gemm reads op(B) in place (gemm_direct_b_max_rows); one row more and it
    // packs B. Rows 0…MC−1 are the same first MC block in both products, so they must agree bit
    // for bit, full micro-panels and the ragged last one (n = 3·NR + 2), beyond one KC slice.
    using T = TestType;
    using blk = svdkit::detail::gemm_blocking<T>;
    static_assert(svdkit::detail::gemm_direct_b_max_rows<T> == blk::mc, "the test straddles that bound");
    const std::size_t mc = blk::mc, n = 3 * blk::nr + 2, k = blk::kc + 37;
    for (const bool ta : {false, true}) {
        std::mt19937_64 rng(31 + ta);
        const std::size_t m = mc + 1;
        const std::vector<T> a = random_array<T>(m * k, rng);  // op(A) is m×k either way
        const std::vector<T> b = random_array<T>(k * n, rng);
        std::vector<T> packed(m * n, T(0)), direct(mc * n, T(0));
        const std::size_t lda = ta ? k : m;
        svdkit::detail::gemm(ta, false, m, n, k, T(1), a.data(), lda, b.data(), k, T(0), packed.data(), m);
        // The first mc rows of op(A): the same array, ta selecting how they are addressed.
        svdkit::detail::gemm(ta, false, mc, n, k, T(1), a.data(), lda, b.data(), k, T(0), direct.data(), mc);
        std::size_t differ = 0;
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < mc; ++i) differ += packed[i + j * m] != direct[i + j * mc];
        INFO("ta=" << ta);
        CHECK(differ == 0);
    }
}

TEMPLATE_TEST_CASE("kernels: gemv_t, gemv_n and ger match long double on every remainder", "[kernels][gemv]", float,
                   double, long double) {
    using T = TestType;
    std::mt19937_64 rng(99);
    const long double eps = std::numeric_limits<T>::epsilon();
    long double worst = 0;
    for (const std::size_t m : {1u, 3u, 8u, 17u, 64u, 131u})
        for (const std::size_t n : {1u, 2u, 3u, 4u, 5u, 9u}) {
            const std::size_t lda = m + 2;
            const std::vector<T> a = random_array<T>(lda * n, rng);
            const std::vector<T> xm = random_array<T>(m, rng), xn = random_array<T>(n, rng);
            // gemv_t: y(n) = Aᵀ·x (overwrites y)
            std::vector<T> yt(n, std::numeric_limits<T>::quiet_NaN());
            svdkit::detail::gemv_t(m, n, a.data(), lda, xm.data(), yt.data());
            for (std::size_t j = 0; j < n; ++j) {
                long double s = 0, abs_s = 0;
                for (std::size_t i = 0; i < m; ++i) {
                    s += static_cast<long double>(a[i + j * lda]) * xm[i];
                    abs_s += std::abs(static_cast<long double>(a[i + j * lda]) * xm[i]);
                }
                const long double r = std::abs(yt[j] - s) / (m * eps * abs_s + std::numeric_limits<T>::min());
                INFO("gemv_t m=" << m << " n=" << n << " j=" << j);
                CHECK(r <= 1.0L);
                worst = std::max(worst, r);
            }
            // gemv_n: y(m) += A·x
            const std::vector<T> y0 = random_array<T>(m, rng);
            std::vector<T> yn = y0;
            svdkit::detail::gemv_n(m, n, a.data(), lda, xn.data(), yn.data());
            for (std::size_t i = 0; i < m; ++i) {
                long double s = y0[i], abs_s = std::abs(static_cast<long double>(y0[i]));
                for (std::size_t j = 0; j < n; ++j) {
                    s += static_cast<long double>(a[i + j * lda]) * xn[j];
                    abs_s += std::abs(static_cast<long double>(a[i + j * lda]) * xn[j]);
                }
                const long double r = std::abs(yn[i] - s) / ((n + 1) * eps * abs_s + std::numeric_limits<T>::min());
                INFO("gemv_n m=" << m << " n=" << n << " i=" << i);
                CHECK(r <= 1.0L);
                worst = std::max(worst, r);
            }
            // ger: A += x·yᵀ (the rank-one update of the QR panels), padding rows untouched
            std::vector<T> g = a;
            svdkit::detail::ger(m, n, xm.data(), xn.data(), g.data(), lda);
            for (std::size_t j = 0; j < n; ++j) {
                for (std::size_t i = 0; i < m; ++i) {
                    const long double ref = static_cast<long double>(a[i + j * lda]) +
                                            static_cast<long double>(xm[i]) * xn[j];
                    const long double bound = 2 * eps * (std::abs(static_cast<long double>(a[i + j * lda])) +
                                                         std::abs(static_cast<long double>(xm[i]) * xn[j])) +
                                              std::numeric_limits<T>::min();
                    INFO("ger m=" << m << " n=" << n << " i=" << i << " j=" << j);
                    CHECK(std::abs(g[i + j * lda] - ref) <= bound);
                }
                for (std::size_t i = m; i < lda; ++i) CHECK(g[i + j * lda] == a[i + j * lda]);
            }
        }
    svdkit_test::note_ratio("gemv", type_name<T>(), "entry error / (len·eps·|A||x|)", worst, "kernels.cpp");
}

// The narrow-block kernels (skinny.hpp) against a long double product: every b of the block range
// (each splits into other register tiles), m around the row tile (two vectors, one vector, the
// scalar rows) and the Aᵀ·X row chunk, n around the A·X column run and the Aᵀ·X column group,
// lda, ldx and ldy past the rows (padding that must stay untouched), Y filled with NaN first (it is
// overwritten, never read). The bound is a dot product's, entry by entry. And the header's promise:
// a column of Y is the same bits whatever b (the order of the additions depends on m and n only).
TEMPLATE_TEST_CASE("kernels: skinny_n and skinny_t match long double on every tile edge", "[kernels][skinny]", float,
                   double, long double) {
    using T = TestType;
    namespace d = svdkit::detail;
    constexpr std::size_t L = d::skinny_vector<T>::lanes, run = d::skinny_run, ca = d::skinny_tiles::ca;
    constexpr std::size_t chunk = d::skinny_chunk, bmax = d::skinny_max_block;
    std::mt19937_64 rng(1812);
    const long double eps = std::numeric_limits<T>::epsilon();
    const T nan = std::numeric_limits<T>::quiet_NaN();
    long double worst = 0;
    const std::vector<std::size_t> ms = {1, L + 1, 2 * L - 1, 2 * L, 2 * L + L + 1, chunk + 3, 2 * chunk + L + 1};
    const std::vector<std::size_t> ns = {1, ca - 1, ca + 1, run - 1, run, 2 * run + ca + 1};
    for (const std::size_t m : ms)
        for (const std::size_t n : ns) {
            const std::size_t lda = m + 3;
            const std::vector<T> a = random_array<T>(lda * n, rng);
            for (const bool t : {false, true}) {
                const std::size_t in = t ? m : n, out = t ? n : m, ldx = in + 2, ldy = out + 1;
                const std::vector<T> x = random_array<T>(ldx * bmax, rng);
                std::vector<T> first_col;  // column 0 of Y from b = 1
                for (std::size_t b = 1; b <= bmax; ++b) {
                    std::vector<T> y(ldy * b, nan);
                    for (std::size_t c = 0; c < b; ++c) y[c * ldy + out] = T(7);  // the padding row
                    if (t) d::skinny_t(m, n, b, a.data(), lda, x.data(), ldx, y.data(), ldy);
                    else d::skinny_n(m, n, b, a.data(), lda, x.data(), ldx, y.data(), ldy);
                    INFO(type_name<T>() << (t ? " skinny_t" : " skinny_n") << " m=" << m << " n=" << n << " b=" << b);
                    bool padding = true, same = true;
                    long double r = 0;
                    for (std::size_t c = 0; c < b; ++c) {
                        padding = padding && y[c * ldy + out] == T(7);
                        for (std::size_t i = 0; i < out; ++i) {
                            long double s = 0, abs_s = 0;
                            for (std::size_t q = 0; q < in; ++q) {
                                const long double p = static_cast<long double>(t ? a[q + i * lda] : a[i + q * lda]) *
                                                      x[q + c * ldx];
                                s += p;
                                abs_s += std::abs(p);
                            }
                            const long double e = std::abs(static_cast<long double>(y[i + c * ldy]) - s);
                            const long double bound = in * eps * abs_s + std::numeric_limits<T>::min();
                            r = std::max(r, e <= bound ? e / bound : 1e30L);  // NaN left in y fails too
                        }
                    }
                    if (b == 1) first_col.assign(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(out));
                    for (std::size_t i = 0; i < out; ++i) same = same && y[i] == first_col[i];
                    CHECK(r <= 1.0L);
                    CHECK(padding);
                    CHECK(same);
                    worst = std::max(worst, r);
                }
            }
        }
    svdkit_test::note_ratio("skinny", type_name<T>(), "entry error / (len·eps·|A||x|)", worst, "kernels.cpp");
}
