// Issue 24: every public entry point at the ends of the floating-point range.
//
// The idea: B is a matrix whose largest entry lies in [1/2, 1) and whose entries are multiples
// of 2^-6 (or integers scaled by a power of two), so that A = 2^t·B is exact for every t used
// here, including t near the largest exponent (σ(A) overflows to +Inf) and t = -1000 (double;
// -120 float, -16000 long double). The driver brings both B and A to the same working matrix,
// so every answer for A must be the answer for B scaled by the right power of two, rounded once:
//
//     rank, cond, null_space, range, components, ratios, U, V     the same bits;
//     σ, ‖A‖₂, thresholds, error_2/error_f, A_k, means, scores     ldexp(B's, t)  (+Inf if it overflows);
//     A⁺                                                           ldexp(B's, −t) (subnormal if it underflows);
//     lstsq(A, 2^u·b)                                              x = ldexp(x_B, u − t), residual ldexp(·, u);
//     explained variance, noise variance                           ldexp(B's, 2t).
//
// Comparisons are exact (==, or both NaN); the one sum that is not a single scaling
// (inverse_transform: the rank-k part plus the mean) is compared to a few ulps.
#include <catch2/catch.hpp>

#include <cfloat>     // DBL_MAX, FLT_MAX
#include <cmath>      // std::ldexp, std::isinf, std::isnan, std::abs
#include <cstddef>    // std::size_t
#include <cstdint>    // std::int64_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <new>        // std::bad_alloc
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#if defined(__SANITIZE_ADDRESS__)
#define SVDKIT_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SVDKIT_TEST_UNDER_ASAN 1
#endif
#endif

namespace {

template <class T>
std::vector<int> range_exponents() {
    // near the top (σ overflows), the issue's ±2^1000 (±2^120, ±2^16000), and deep underflow side
    const int top = std::numeric_limits<T>::max_exponent - 1;
    if (std::numeric_limits<T>::max_exponent == 128) return {120, top, -120};
    if (std::numeric_limits<T>::max_exponent == 1024) return {1000, top, -1000};
    return {16000, top, -16000};
}

// Entries k/64, k in [-63, 63], one entry of magnitude >= 1/2: the largest entry in [1/2, 1).
template <class T>
svdkit::matrix<T> grid_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = T(static_cast<int>(g() % 127) - 63) / T(64);
    a(m / 2, n / 2) = T(-47) / T(64);
    return a;
}

// Rank r exactly: X·Yᵀ with small integers, times 2^-6 (entries <= 27·r/64 < 1 for r <= 2).
template <class T>
svdkit::matrix<T> rank_deficient(std::size_t m, std::size_t n, std::size_t r, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<int> x(m * r), y(n * r);
    for (int& v : x) v = static_cast<int>(g() % 7) - 3;
    for (int& v : y) v = static_cast<int>(g() % 7) - 3;
    x[0] = 3;
    y[0] = 3;  // an entry of 9 + ... keeps the matrix nonzero
    svdkit::matrix<T> a(m, n);
    T amax = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            int s = 0;
            for (std::size_t k = 0; k < r; ++k) s += x[i * r + k] * y[j * r + k];
            a(i, j) = T(s);
            amax = std::max(amax, std::abs(a(i, j)));
        }
    int e = 0;
    std::frexp(amax, &e);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = std::ldexp(a(i, j), -e);
    return a;
}

template <class T>
svdkit::matrix<T> scaled(const svdkit::matrix<T>& b, int t) {
    svdkit::matrix<T> a = b;
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = std::ldexp(a.data()[i], t);
    return a;
}

// |x − y| <= ulps·ε·|y|, in T (Catch's Approx works in double, which long double's range exceeds).
template <class T>
bool near(T x, T y, T ulps) {
    return std::abs(x - y) <= ulps * std::numeric_limits<T>::epsilon() * std::abs(y);
}

template <class T>
bool same(T x, T y) {
    return x == y || (std::isnan(x) && std::isnan(y));
}

// The number of entries where got differs from ldexp(ref, e), with the first one described.
template <class T>
std::size_t mismatches(const T* got, const T* ref, std::size_t count, int e, std::string& first) {
    std::size_t bad = 0;
    for (std::size_t i = 0; i < count; ++i)
        if (!same(got[i], std::ldexp(ref[i], e))) {
            if (bad++ == 0)
                first = "entry " + std::to_string(i) + ": got " + std::to_string(static_cast<double>(got[i])) +
                        ", expected ldexp(" + std::to_string(static_cast<double>(ref[i])) + ", " + std::to_string(e) +
                        ")";
        }
    return bad;
}

#define CHECK_SCALED(got, ref, e)                                                                             \
    do {                                                                                                      \
        REQUIRE((got).size() == (ref).size());                                                                \
        std::string first_;                                                                                   \
        const std::size_t bad_ = mismatches((got).data(), (ref).data(), (ref).size(), (e), first_);           \
        INFO(#got " vs ldexp(" #ref ", " #e "): " << first_);                                                 \
        CHECK(bad_ == 0);                                                                                     \
    } while (false)

#define CHECK_SCALAR(got, ref, e)                                                                             \
    do {                                                                                                      \
        INFO(#got " = " << static_cast<double>(got) << ", ldexp(" #ref ", " #e ") = "                        \
                        << static_cast<double>(std::ldexp((ref), (e))));                                     \
        CHECK(same((got), std::ldexp((ref), (e))));                                                           \
    } while (false)

template <class T>
std::vector<svdkit::matrix<T>> base_matrices() {
    return {grid_matrix<T>(7, 5, 1), grid_matrix<T>(5, 7, 2), rank_deficient<T>(8, 6, 2, 3),
            rank_deficient<T>(5, 9, 1, 4)};
}

}  // namespace

TEMPLATE_TEST_CASE("range: svd, rank, cond, norm2 and the solver's bases scale exactly", "[range]", float, double,
                   long double) {
    using T = TestType;
    for (const auto& b : base_matrices<T>())
        for (int t : range_exponents<T>()) {
            CAPTURE(b.rows(), b.cols(), t);
            const svdkit::matrix<T> a = scaled(b, t);
            const auto rb = svdkit::svd(b, svdkit::vectors::thin);
            const auto ra = svdkit::svd(a, svdkit::vectors::thin);
            CHECK_SCALED(ra.s, rb.s, t);
            CHECK_SCALED(ra.u, rb.u, 0);
            CHECK_SCALED(ra.v, rb.v, 0);
            CHECK_SCALED(svdkit::singular_values(a), rb.s, t);

            const auto kb = svdkit::rank(b);
            const auto ka = svdkit::rank(a);
            CHECK(ka.rank == kb.rank);
            CHECK(ka.rank > 0);
            CHECK_SCALAR(ka.threshold, kb.threshold, t);
            CHECK(same(svdkit::cond(a), svdkit::cond(b)));
            CHECK_SCALAR(svdkit::norm2(a), svdkit::norm2(b), t);
            // an absolute tolerance is the user's number: the same decision at the scaled threshold
            const T atol = std::ldexp(rb.s[0] / T(2), t);
            CHECK(svdkit::rank(a, svdkit::tolerance::absolute(atol)).rank ==
                  svdkit::rank(b, svdkit::tolerance::absolute(rb.s[0] / T(2))).rank);

            const auto pb = svdkit::pinv(b);
            const auto pa = svdkit::pinv(a);
            CHECK(pa.rank == pb.rank);
            CHECK_SCALED(pa, pb, -t);

            const auto nb = svdkit::null_space(b);
            const auto na = svdkit::null_space(a);
            CHECK(na.rank == nb.rank);
            CHECK_SCALED(na, nb, 0);
            const auto gb = svdkit::range(b);
            const auto ga = svdkit::range(a);
            CHECK(ga.rank == gb.rank);
            CHECK_SCALED(ga, gb, 0);

            svdkit::svd_solver<T> sa(a), sb(b);
            CHECK(sa.rank().rank == sb.rank().rank);
            CHECK(same(sa.cond(), sb.cond()));
            CHECK_SCALAR(sa.norm2(), sb.norm2(), t);
            CHECK_SCALED(sa.singular_values(), sb.singular_values(), t);
        }
}

TEMPLATE_TEST_CASE("range: lstsq scales A and b independently", "[range]", float, double, long double) {
    using T = TestType;
    for (const auto& b : base_matrices<T>()) {
        const svdkit::matrix<T> rhs1 = grid_matrix<T>(b.rows(), 1, 9);
        const std::vector<T> rhs(rhs1.data(), rhs1.data() + rhs1.size());
        svdkit::matrix<T> rhs2 = grid_matrix<T>(b.rows(), 2, 10);
        const auto xb = svdkit::lstsq(b, rhs);
        const auto xb2 = svdkit::lstsq(b, rhs2);
        for (int t : range_exponents<T>())
            for (int u : {0, t}) {
                for (int ta : {t, 0}) {
                    if (ta == 0 && u == 0) continue;
                    CAPTURE(b.rows(), b.cols(), ta, u);
                    const svdkit::matrix<T> a = scaled(b, ta);
                    std::vector<T> rhs_u(rhs);
                    for (T& v : rhs_u) v = std::ldexp(v, u);
                    const auto xa = svdkit::lstsq(a, rhs_u);
                    CHECK(xa.rank == xb.rank);
                    CHECK_SCALED(xa.x, xb.x, u - ta);
                    CHECK_SCALED(xa.residual_norms, xb.residual_norms, u);
                    CHECK_SCALAR(xa.threshold, xb.threshold, ta);
                    const auto xa2 = svdkit::lstsq(a, scaled(rhs2, u));
                    CHECK_SCALED(xa2.x, xb2.x, u - ta);
                    CHECK_SCALED(xa2.residual_norms, xb2.residual_norms, u);
                }
            }
    }
}

TEMPLATE_TEST_CASE("range: truncated_svd, low_rank, low_rank_for_error, randomized_svd scale exactly", "[range]",
                   float, double, long double) {
    using T = TestType;
    for (const auto& b : base_matrices<T>())
        for (int t : range_exponents<T>()) {
            CAPTURE(b.rows(), b.cols(), t);
            const svdkit::matrix<T> a = scaled(b, t);
            const auto tb = svdkit::truncated_svd(b, 2);
            const auto ta = svdkit::truncated_svd(a, 2);
            CHECK_SCALED(ta.s, tb.s, t);
            CHECK_SCALED(ta.u, tb.u, 0);

            for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
                const auto lb = svdkit::low_rank(b, k);
                const auto la = svdkit::low_rank(a, k);
                CAPTURE(k);
                CHECK_SCALAR(la.error_2, lb.error_2, t);
                CHECK_SCALAR(la.error_f, lb.error_f, t);
                CHECK(la.fraction_kept == lb.fraction_kept);
                CHECK(la.fraction_kept >= T(0));
                CHECK(la.fraction_kept <= T(1));
                CHECK_SCALAR(la.threshold, lb.threshold, t);
                CHECK_SCALED(la.approximation, lb.approximation, t);
                CHECK_SCALED(la.factors.s, lb.factors.s, t);
                CHECK_SCALED(la.factors.v, lb.factors.v, 0);
                CHECK_SCALED(la.singular_values, lb.singular_values, t);
            }
            const auto eb = svdkit::low_rank_for_error(b, T(0.3));
            const auto ea = svdkit::low_rank_for_error(a, T(0.3));
            CHECK(ea.k == eb.k);
            CHECK_SCALED(ea.approximation, eb.approximation, t);

            const auto qb = svdkit::randomized_svd(b, 2);
            const auto qa = svdkit::randomized_svd(a, 2);
            CHECK_SCALED(qa.s, qb.s, t);
            CHECK_SCALED(qa.v, qb.v, 0);
        }
}

TEMPLATE_TEST_CASE("range: pca fits, transforms and inverts scaled data exactly", "[range][pca]", float, double,
                   long double) {
    using T = TestType;
    // rows are samples; a mean far from zero (entries all >= 1/4) makes centering matter
    svdkit::matrix<T> x = grid_matrix<T>(9, 4, 11);
    for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = (x.data()[i] + T(1)) / T(2);
    x(0, 0) = T(63) / T(64);
    for (bool whiten : {false, true})
        for (int t : range_exponents<T>()) {
            CAPTURE(whiten, t);
            svdkit::pca_options o;
            o.whiten = whiten;
            o.solver = svdkit::pca_solver::full;
            svdkit::pca<T> pb(2, o), pa(2, o);
            const svdkit::matrix<T> xa = scaled(x, t);
            const svdkit::matrix<T> zb = pb.fit_transform(x);
            const svdkit::matrix<T> za = pa.fit_transform(xa);
            CHECK_SCALED(za, zb, whiten ? 0 : t);
            CHECK_SCALED(pa.components(), pb.components(), 0);
            CHECK_SCALED(pa.mean(), pb.mean(), t);
            CHECK_SCALED(pa.singular_values(), pb.singular_values(), t);
            CHECK_SCALED(pa.explained_variance(), pb.explained_variance(), 2 * t);
            CHECK_SCALED(pa.explained_variance_ratio(), pb.explained_variance_ratio(), 0);
            CHECK_SCALAR(pa.noise_variance(), pb.noise_variance(), 2 * t);
            CHECK_SCALED(pa.transform(xa), pb.transform(x), whiten ? 0 : t);

            // inverse_transform adds the rank-2 part and the mean: one rounding each side, so a
            // few ulps of the result's own magnitude (relative, or of the smallest normal).
            const svdkit::matrix<T> yb = pb.inverse_transform(zb);
            const svdkit::matrix<T> ya = pa.inverse_transform(za);
            REQUIRE(ya.size() == yb.size());
            std::size_t bad = 0;
            for (std::size_t i = 0; i < ya.size(); ++i) {
                const T want = std::ldexp(yb.data()[i], t);
                const T got = ya.data()[i];
                const T ulp = std::max(std::abs(want) * std::numeric_limits<T>::epsilon(),
                                       std::numeric_limits<T>::denorm_min());
                if (std::isinf(want) ? got != want : !(std::abs(got - want) <= 4 * ulp)) ++bad;
            }
            CHECK(bad == 0);
        }
}

// The cases the issue lists, one by one.
TEST_CASE("range: the issue's examples give the right answers", "[range]") {
    const double big = 1.5e308;
    const svdkit::matrix<double> a{{big}, {big}};
    const svdkit::matrix<double> b{{big, big}, {big, -big}};
    CHECK(svdkit::rank(a).rank == 1);
    CHECK(svdkit::rank(b).rank == 2);
    CHECK(svdkit::cond(a) == 1.0);
    CHECK(near(svdkit::cond(b), 1.0, 4.0));
    CHECK(std::isinf(svdkit::norm2(b)));
    const auto pa = svdkit::pinv(a);
    CHECK(pa.rank == 1);
    // 1/(3e308) is subnormal in double: within one step of the subnormal grid of the exact value
    const double want = static_cast<double>(1.0L / 3e308L);
    CHECK(want > 0.0);
    CHECK(std::abs(pa(0, 0) - want) <= std::numeric_limits<double>::denorm_min());
    CHECK(pa(0, 0) == pa(0, 1));
    CHECK(svdkit::null_space(b).cols() == 0);
    CHECK(svdkit::range(b).cols() == 2);
    const auto x = svdkit::lstsq(b, std::vector<double>{big, 0.0});
    CHECK(near(x.x[0], 0.5, 4.0));
    CHECK(near(x.x[1], 0.5, 4.0));
    CHECK(x.rank == 2);
    const auto l = svdkit::low_rank(b, 1);
    CHECK(std::isinf(l.error_2));
    CHECK(near(l.fraction_kept, 0.5, 4.0));
    CHECK(svdkit::rank(svdkit::matrix<float>{{3e38f}, {3e38f}}).rank == 1);

    // 60×50 with entries up to DBL_MAX/4: full rank, finite condition number
    svdkit::matrix<double> c = grid_matrix<double>(60, 50, 5);
    for (std::size_t i = 0; i < c.size(); ++i) c.data()[i] *= DBL_MAX / 4;
    CHECK(svdkit::rank(c).rank == svdkit::rank(grid_matrix<double>(60, 50, 5)).rank);
    CHECK(std::isfinite(svdkit::cond(c)));
}

TEMPLATE_TEST_CASE("range: pca centers data near the largest finite number without a NaN", "[range][pca]", float,
                   double, long double) {
    using T = TestType;
    const T big = std::numeric_limits<T>::max();
    const svdkit::matrix<T> x{{big, T(0)}, {big, T(1)}};
    svdkit::pca<T> p;
    REQUIRE_NOTHROW(p.fit(x));
    CHECK(p.mean()[0] == big);
    CHECK(p.mean()[1] == T(0.5));
    CHECK(near(p.explained_variance()[0], T(0.5), T(4)));
    // centering {max, -max, -max} in one column: the centered entry 4/3·max is not representable
    // in T, but the scaled computation is, so the variance is +Inf (documented), not a NaN
    const svdkit::matrix<T> y{{big, T(1)}, {-big, T(2)}, {-big, T(4)}};
    svdkit::pca<T> q;
    REQUIRE_NOTHROW(q.fit(y));
    CHECK(near(q.mean()[0], -big / 3, T(8)));
    CHECK(std::isinf(q.explained_variance()[0]));
    CHECK(q.explained_variance_ratio()[0] > T(0.99));
    // the first score, 4/3·max, is not representable: ±Inf, as documented, and no NaN anywhere
    const svdkit::matrix<T> z = q.transform(y);
    for (std::size_t i = 0; i < z.size(); ++i) CHECK(!std::isnan(z.data()[i]));
    CHECK(std::isinf(z(0, 0)));
    // where the scores are representable, the round trip is exact to rounding: back to max
    const svdkit::matrix<T> back = p.inverse_transform(p.transform(x));
    CHECK(near(back(0, 0), big, T(4)));
    CHECK(near(back(1, 0), big, T(4)));
    CHECK(near(back(1, 1), T(1), T(4)));
}

TEST_CASE("range: a huge view over one element fails at once", "[range]") {
    double one = 1.0;
    const std::int64_t n = std::int64_t{1} << 31;
    const svdkit::matrix_view<const double> v(&one, n, n, 0, 0);
    CHECK_THROWS_AS(svdkit::svd(v), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::singular_values(v), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::rank(v), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::randomized_svd(v, 1), std::invalid_argument);
    svdkit::pca<double> p;
    CHECK_THROWS_AS(p.fit(v), std::invalid_argument);
#if !defined(SVDKIT_TEST_UNDER_ASAN)
    // 2^26 × 2^26 doubles fit the index type but not this machine: std::bad_alloc, also at once
    // (not under ASan, whose operator new reports such a request as a fatal error instead)
    const std::int64_t h = std::int64_t{1} << 26;
    const svdkit::matrix_view<const double> w(&one, h, h, 0, 0);
    CHECK_THROWS_AS(svdkit::singular_values(w), std::bad_alloc);
#endif
}
