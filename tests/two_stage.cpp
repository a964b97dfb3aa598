// Tests include/svdkit/detail/reduction/two_stage.hpp (and its stages, band_reduction.hpp and
// bulge_chasing.hpp): the two-stage bidiagonalization that singular_values() uses from
// N = two_stage_crossover on (issue 20, part 2).
//
// Measured per case, against the bounds of support/bounds.hpp:
//  - stage 1: σ of the band alone (every entry outside 0 <= j − i <= nb dropped) against the σ A
//    was built from, in the normwise measure of the SVD suites. The reflectors are not kept, so
//    this is what shows that the band holds all of A: an entry left outside it changes σ;
//  - stage 2: every stored entry off the bidiagonal is exactly zero after the chase (an entry is
//    zeroed only where a reflector annihilated it, so a bulge left behind shows up as a nonzero),
//    and σ(d, e) (bisection reference) against σ of the band;
//  - both stages: σ(d, e) against the known σ and against the one-stage reduction's σ (each
//    backward stable: the two differ by at most twice the normwise bound);
//  - the public path: the same bits from svd(none, none) and with two threads;
//  - shapes across the edges: n < nb, n = nb ± 1, n not a multiple of nb, m ≫ n, square, the
//    public path for tall, square and wide (m < n) inputs above the crossover; zero and
//    rank-deficient matrices; a bidiagonal input comes back exactly.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::fabs, std::ldexp, std::pow
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/detail/reduction/two_stage.hpp>
#include <svdkit/svd.hpp>

#include "bidiagonal_reference.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "oracle.hpp"

using namespace svdkit_test;
namespace sd = svdkit::detail;

namespace {

template <class T>
std::vector<long double> bidiagonal_sigma(const std::vector<T>& d, const std::vector<T>& e) {
    std::vector<long double> dl(d.begin(), d.end()), el(e.begin(), e.end());
    return bidiagonal_reference_values<long double>(dl, el);
}

/// max_i |a_i − b_i| / (σ_1·max(m, n)·ε): the normwise measure between two lists of σ.
template <class T>
long double normwise(const std::vector<long double>& a, const std::vector<long double>& b, std::size_t m,
                     std::size_t n) {
    if (a.size() != b.size()) return 1e300L;
    long double worst = 0, top = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::fabs(a[i] - b[i]));
        top = std::max({top, std::fabs(a[i]), std::fabs(b[i])});
    }
    return safe_ratio(worst, top * static_cast<long double>(std::max(m, n)) * eps<T>());
}

struct shape {
    std::size_t m, n, nb;
};

template <class T>
void check_two_stage(shape sh, const std::vector<long double>& sigma_in) {
    const std::size_t m = sh.m, n = sh.n, nb = sh.nb;
    rng_t rng(seed_of(m, n, 20 + nb));
    const known_matrix<T> km = with_singular_values<T>(m, n, sigma_in, rng);
    const std::vector<long double>& sigma = km.sigma;

    // Stage 1 alone: the band's σ are A's.
    svdkit::matrix<T> a = to_svdkit(km.a);
    sd::band_reduction_workspace<T> bw;
    sd::householder_workspace<T> hh;
    sd::reduce_to_band(a, nb, bw, hh);
    dense<T> band = dense<T>::Zero(ix(n), ix(n));
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = (j > nb ? j - nb : 0); i <= j; ++i) band(ix(i), ix(j)) = a(i, j);
    const std::vector<long double> sigma_band = oracle_values<T>(band);
    const long double stage1_t = normwise<T>(sigma_band, sigma, m, n);

    // Stage 2 alone on that band: nothing left off the bidiagonal, σ kept.
    sd::band_storage<T> bs;
    sd::load_band(a, n, std::max<std::size_t>(std::min(nb, n), 1), bs);
    std::vector<T> d, e;
    sd::chase_bulges(bs, d, e);
    std::size_t off = 0;
    const std::size_t lo = bs.nb - 1, hi = 2 * bs.nb - 1;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = (j > hi ? j - hi : 0); i < std::min(n, j + lo + 1); ++i)
            if (i != j && i + 1 != j && bs.at(i, j) != T(0)) ++off;
    const std::vector<long double> sigma_b = bidiagonal_sigma(d, e);
    const long double stage2 = normwise<T>(sigma_b, sigma_band, n, n);

    // Both stages through bidiagonalize_two_stage, next to the one-stage reduction.
    sd::bidiagonal_reduction<T> r2;
    r2.a = to_svdkit(km.a);
    sd::two_stage_workspace<T> ts;
    sd::bidiagonalize_two_stage(r2, ts, hh, nb);
    sd::bidiagonal_reduction<T> r1;
    r1.a = to_svdkit(km.a);
    sd::bidiagonal_workspace<T> ws1;
    sd::bidiagonalize_in_place(r1, ws1);
    const std::vector<long double> s2 = bidiagonal_sigma(r2.d, r2.e);
    const std::vector<long double> s1 = bidiagonal_sigma(r1.d, r1.e);
    const long double vs_known = normwise<T>(s2, sigma, m, n);
    const long double vs_one_stage = normwise<T>(s2, s1, m, n);

    INFO(type_name<T>() << " " << m << "x" << n << " nb " << nb << ": σ(band) vs σ " << stage1_t
                        << ", off-bidiagonal nonzeros " << off << ", σ(B) vs σ(band) " << stage2
                        << ", two-stage vs σ " << vs_known << ", vs one-stage " << vs_one_stage);
    CHECK(stage1_t <= known_value_error_bound(m, n));
    CHECK(off == 0);
    CHECK(stage2 <= value_error_bound(n, n));
    CHECK(vs_known <= known_value_error_bound(m, n));
    CHECK(vs_one_stage <= 2 * value_error_bound(m, n));
    CHECK(r2.d.size() == n);
    CHECK(r2.e.size() == (n > 0 ? n - 1 : 0));
}

}  // namespace

TEMPLATE_TEST_CASE("two-stage reduction keeps the singular values on every blocking edge", "[two_stage]", float,
                   double, long double) {
    using T = TestType;
    const shape shapes[] = {
        {1, 1, 8},    {2, 2, 8},     {5, 3, 8},     {7, 7, 8},     {8, 8, 8},      {9, 9, 8},  {17, 17, 8},
        {20, 20, 3},  {40, 33, 8},   {31, 31, 32},  {33, 33, 32},  {32, 32, 32},   {64, 64, 32}, {65, 65, 32},
        {97, 97, 32}, {130, 101, 32}, {300, 40, 16}, {1000, 20, 8}, {120, 120, 2},  {50, 50, 1}};
    for (const shape& sh : shapes) {
        const std::size_t k = std::min(sh.m, sh.n);
        check_two_stage<T>(sh, spectra::geometric(k, 1.0L, 1e-3L));
    }
}

TEMPLATE_TEST_CASE("two-stage reduction of rank-deficient, clustered and zero matrices", "[two_stage]", float,
                   double) {
    using T = TestType;
    check_two_stage<T>({70, 70, 8}, spectra::rank_deficient(70, 20));
    check_two_stage<T>({90, 66, 16}, spectra::rank_deficient(66, 1));
    check_two_stage<T>({66, 66, 16}, spectra::clustered(66, 1e-6L));
    check_two_stage<T>({45, 45, 8}, spectra::repeated(45));
    // The zero matrix: every reflector is the identity, B = 0 exactly.
    svdkit::matrix<T> z(60, 50);
    sd::bidiagonal_reduction<T> r;
    r.a = z;
    sd::two_stage_workspace<T> ts;
    sd::householder_workspace<T> hh;
    sd::bidiagonalize_two_stage(r, ts, hh, 8);
    bool all_zero = r.d.size() == 50 && r.e.size() == 49;
    for (T x : r.d) all_zero = all_zero && x == T(0);
    for (T x : r.e) all_zero = all_zero && x == T(0);
    CHECK(all_zero);
}

TEST_CASE("two-stage reduction returns a bidiagonal input exactly", "[two_stage]") {
    // A graded bidiagonal (σ spanning 10^-200…1): every reflector of both stages meets a vector
    // with nothing to annihilate (τ = 0), so B comes back bit for bit and dqds keeps the relative
    // accuracy it promises for B.
    const std::size_t n = 77;
    std::vector<double> d(n), e(n - 1);
    for (std::size_t i = 0; i < n; ++i) d[i] = std::pow(10.0, -200.0 * static_cast<double>(i) / (n - 1));
    for (std::size_t i = 0; i + 1 < n; ++i) e[i] = 0.5 * d[i + 1];
    sd::bidiagonal_reduction<double> r;
    r.a = to_svdkit(upper_bidiagonal<double>(d, e));
    sd::two_stage_workspace<double> ts;
    sd::householder_workspace<double> hh;
    sd::bidiagonalize_two_stage(r, ts, hh, 16);
    bool same = r.d.size() == n && r.e.size() == n - 1;
    for (std::size_t i = 0; same && i < n; ++i) same = std::fabs(r.d[i]) == d[i] && (i + 1 == n || std::fabs(r.e[i]) == e[i]);
    CHECK(same);
}

/// singular_values() of `a` through a workspace whose two-stage switch is set to `from`, with
/// `threads` threads.
template <class T>
std::vector<T> values_with(const svdkit::matrix<T>& a, std::size_t from, unsigned threads) {
    svdkit::svd_workspace<T> ws;
    sd::workspace_access::scratch(ws).two_stage_from = from;
    svdkit::svd_options o{svdkit::vectors::none, svdkit::vectors::none};
    o.threads = threads;
    svdkit::svd_result<T> r;
    svdkit::svd(a, o, r, ws);
    return r.s;
}

TEMPLATE_TEST_CASE("singular_values through the two-stage path: tall, square, wide", "[two_stage]", float, double) {
    using T = TestType;
    // The driver's path forced on at any N (svd_scratch::two_stage_from = 0): the scaled copy,
    // the transpose of a wide input, the QR first of a tall one, then the two stages and dqds.
    const shape shapes[] = {{150, 150, 0}, {280, 110, 0}, {120, 130, 0}, {90, 170, 0}, {3, 40, 0}};
    for (const shape& sh : shapes) {
        rng_t rng(seed_of(sh.m, sh.n, 77));
        const known_matrix<T> km =
            with_singular_values<T>(sh.m, sh.n, spectra::geometric(std::min(sh.m, sh.n), 1.0L, 1e-5L), rng);
        const svdkit::matrix<T> a = to_svdkit(km.a);
        const std::vector<T> s = values_with(a, 0, 1);
        const svdkit::svd_result<T> thin = svdkit::svd(a, svdkit::vectors::thin);  // the one-stage path
        const long double known = value_error_ratio(s, km.sigma, sh.m, sh.n);
        std::vector<long double> st(thin.s.begin(), thin.s.end()), sv(s.begin(), s.end());
        const long double vs_thin = normwise<T>(sv, st, sh.m, sh.n);
        INFO(type_name<T>() << " " << sh.m << "x" << sh.n << ": vs σ " << known << ", vs thin svd " << vs_thin);
        CHECK(sorted_non_negative(s));
        CHECK(known <= known_value_error_bound(sh.m, sh.n));
        CHECK(vs_thin <= 2 * value_error_bound(sh.m, sh.n));
        // The products split by columns over threads: the same bits for any thread count.
        CHECK(values_with(a, 0, 2) == s);
    }
}

TEST_CASE("singular_values switches to the two-stage reduction at two_stage_crossover", "[two_stage]") {
    const std::size_t c = sd::two_stage_crossover;
    rng_t rng(seed_of(c, c, 78));
    const svdkit::matrix<double> a = to_svdkit(gaussian<double>(c, c, rng));
    const std::vector<double> s = svdkit::singular_values(a);
    const std::vector<double> two = values_with(a, 0, 1);
    const std::vector<double> one = values_with(a, std::size_t(-1), 1);
    // Both paths agree to the normwise bound; the default is the two-stage one, bit for bit.
    std::vector<long double> l1(one.begin(), one.end()), l2(two.begin(), two.end());
    const long double diff = normwise<double>(l1, l2, c, c);
    INFO("one-stage vs two-stage at n = " << c << ": " << diff);
    CHECK(diff <= 2 * value_error_bound(c, c));
    CHECK(s == two);
    CHECK(svdkit::svd(a, svdkit::vectors::none).s == two);
    // Below the crossover the default is the one-stage path.
    const svdkit::matrix<double> b = to_svdkit(gaussian<double>(c - 1, c - 1, rng));
    CHECK(svdkit::singular_values(b) == values_with(b, std::size_t(-1), 1));
}

TEST_CASE("two-stage path on inputs near overflow and underflow", "[two_stage]") {
    // The driver scales by a power of two before reducing, so neither stage sees an entry that
    // could overflow or lose its precision in underflow: σ of 2^±1000·A are 2^±1000·σ(A) to the
    // normwise bound.
    rng_t rng(seed_of(100, 80, 79));
    const known_matrix<double> km = with_singular_values<double>(100, 80, spectra::geometric(80, 1.0L, 1e-6L), rng);
    for (const int ex : {1000, -1000, -1060}) {
        svdkit::matrix<double> a = to_svdkit(km.a);
        for (std::size_t j = 0; j < a.cols(); ++j)
            for (std::size_t i = 0; i < a.rows(); ++i) a(i, j) = std::ldexp(a(i, j), ex);
        std::vector<long double> sigma = km.sigma;
        for (long double& x : sigma) x = std::ldexp(x, ex);
        const std::vector<double> s = values_with(a, 0, 1);
        // Below the normal range the input itself was rounded to multiples of denorm_min: that
        // much absolute error per entry is not the method's (floor = ‖ΔA‖₂ <= max(m,n)·denorm_min).
        const long double floor = ex < -1022 ? 100.0L * std::numeric_limits<double>::denorm_min() : 0.0L;
        const long double ratio = value_error_ratio(s, sigma, 100, 80, floor);
        INFO("2^" << ex << "·A: " << ratio);
        CHECK(ratio <= known_value_error_bound(100, 80));
    }
}
