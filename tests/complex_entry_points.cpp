// The entry points beyond svd() for complex matrices (issue 21): rank, pinv, lstsq, null_space,
// range, cond, norm2, svd_solver (solve.hpp), truncated_svd, low_rank (low_rank.hpp) and
// randomized_svd (randomized.hpp), for std::complex<float>, <double> and <long double>.
//
// Inputs (small: 7×4 takes the QR first, 4×7 is reduced as Aᴴ, 6×6 directly): A = U·diag(σ)·Vᴴ
// with U, V unitary (Gram-Schmidt twice in long double) and σ graded from 1 to 1e-2, and an
// exactly rank-2 A = X·Yᴴ of small Gaussian integers (every entry exact in T, so rank 2 in T).
// Every check is a ratio computed in long double against the units of the real suites
// (tests/solve.cpp, tests/randomized.cpp), with d = max(m, n), ε of R, X = A⁺, ‖X‖₂ = 1/σ_{r−1}:
//   Penrose 1    ‖A·X·A − A‖_F/(‖A‖_F·d·ε)                   <= 3·reconstruction_bound
//   Penrose 2    ‖X·A·X − X‖_F/(‖X‖_F·‖X‖₂·‖A‖_F·d·ε)         <= 3·reconstruction_bound
//   Penrose 3,4  ‖(A·X)ᴴ − A·X‖_F/(‖A‖_F·‖X‖₂·d·ε)             <= 3·reconstruction_bound
//   lstsq        ‖Aᴴ(A·x − b)‖/(‖A‖_F·(‖A‖_F·‖x‖ + 2‖b‖)·d·ε)  <= 2·reconstruction_bound (the
//                residual is orthogonal to range(A)); the reported residual norm against
//                ‖b − A·x‖ in units d·ε·(‖A‖_F·‖x‖ + ‖b‖), 2·reconstruction_bound
//   bases        ‖A·N‖_F/(‖A‖_F·d·ε), ‖A − Q·Qᴴ·A‖_F/(‖A‖_F·d·ε) <= reconstruction_bound;
//                ‖I − NᴴN‖_F/(c·ε) <= orthogonality_bound
//   cond, norm2  against the σ the matrix was built from: known_value_error_bound in units
//                σ₀·d·ε (norm2) and twice it in units κ²·d·ε (cond: σ_min moves by κ·d·ε relative)
// truncated_svd and low_rank of complex T take the thin svd(), so their triplets are svd()'s bit
// for bit. randomized_svd on σ_i = 2^-i: converged far below rounding (tests/randomized.cpp, case
// (a)), so its values match svd()'s within 2·value_error_bound. A purely real complex input
// matches the real function within the oracle bounds of tests/solve.cpp (two computations).
#include <catch2/catch.hpp>

#include <algorithm>  // std::equal, std::max, std::min
#include <cmath>      // std::abs, std::ldexp, std::pow, std::sqrt
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64, std::normal_distribution, std::uniform_int_distribution
#include <stdexcept>  // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_same
#include <vector>       // std::vector

#include <svdkit/low_rank.hpp>
#include <svdkit/randomized.hpp>
#include <svdkit/solve.hpp>

#include "bounds.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

using LC = std::complex<long double>;
using LM = svdkit::matrix<LC>;
using rng_type = std::mt19937_64;

template <class C>
using real_of = typename C::value_type;

template <class C>
const char* ctype() {
    using R = real_of<C>;
    return std::is_same<R, float>::value ? "complex<float>" : std::is_same<R, double>::value ? "complex<double>"
                                                                                               : "complex<long double>";
}

template <class R>
long double eps_of() {
    return static_cast<long double>(std::numeric_limits<R>::epsilon());
}

template <class C>
LM widen(const svdkit::matrix<C>& a) {
    LM w(a.rows(), a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) w(i, j) = LC(a(i, j).real(), a(i, j).imag());
    return w;
}
template <class C>
std::vector<LC> widen(const std::vector<C>& x) {
    std::vector<LC> w;
    for (const C& z : x) w.emplace_back(z.real(), z.imag());
    return w;
}
template <class C>
svdkit::matrix<C> narrow(const LM& a) {
    using R = real_of<C>;
    svdkit::matrix<C> x(a.rows(), a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i)
            x(i, j) = C(static_cast<R>(a(i, j).real()), static_cast<R>(a(i, j).imag()));
    return x;
}

LM mul(const LM& a, const LM& b) {
    LM c(a.rows(), b.cols());
    for (std::size_t j = 0; j < b.cols(); ++j)
        for (std::size_t p = 0; p < a.cols(); ++p)
            for (std::size_t i = 0; i < a.rows(); ++i) c(i, j) += a(i, p) * b(p, j);
    return c;
}
LM adj(const LM& a) {
    LM h(a.cols(), a.rows());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) h(j, i) = std::conj(a(i, j));
    return h;
}
LM sub(LM a, const LM& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] -= b.data()[i];
    return a;
}
long double fro(const LM& a) {
    long double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += std::norm(a.data()[i]);
    return std::sqrt(s);
}
long double ratio(long double num, long double den) {
    return den == 0 ? (num == 0 ? 0.0L : std::numeric_limits<long double>::infinity()) : num / den;
}
/// ‖I − QᴴQ‖_F/(c·ε), c = Q's columns.
template <class C>
long double unitarity(const svdkit::matrix<C>& q) {
    if (q.cols() == 0) return 0;
    const LM w = widen(q);
    LM g = mul(adj(w), w);
    for (std::size_t i = 0; i < g.rows(); ++i) g(i, i) -= 1;
    return fro(g) / (static_cast<long double>(q.cols()) * eps_of<real_of<C>>());
}

/// m×c with orthonormal columns: complex Gaussian columns, Gram-Schmidt twice.
LM random_unitary(std::size_t m, std::size_t c, rng_type& rng) {
    std::normal_distribution<double> g(0.0, 1.0);
    LM q(m, c);
    for (std::size_t j = 0; j < c; ++j) {
        for (std::size_t i = 0; i < m; ++i) q(i, j) = LC(g(rng), g(rng));
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t p = 0; p < j; ++p) {
                LC d = 0;
                for (std::size_t i = 0; i < m; ++i) d += std::conj(q(i, p)) * q(i, j);
                for (std::size_t i = 0; i < m; ++i) q(i, j) -= d * q(i, p);
            }
        long double nn = 0;
        for (std::size_t i = 0; i < m; ++i) nn += std::norm(q(i, j));
        for (std::size_t i = 0; i < m; ++i) q(i, j) /= std::sqrt(nn);
    }
    return q;
}

/// U·diag(σ)·Vᴴ rounded to C, with σ of min(m, n) entries.
template <class C>
svdkit::matrix<C> with_sigma(std::size_t m, std::size_t n, const std::vector<long double>& sigma, rng_type& rng) {
    const std::size_t k = sigma.size();
    LM u = random_unitary(m, k, rng);
    const LM v = random_unitary(n, k, rng);
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < m; ++i) u(i, j) *= sigma[j];
    return narrow<C>(mul(u, adj(v)));
}

/// X·Yᴴ with X m×r, Y n×r of Gaussian integers in [−3, 3]: exact in every T, rank r.
template <class C>
svdkit::matrix<C> integer_rank(std::size_t m, std::size_t n, std::size_t r, rng_type& rng) {
    std::uniform_int_distribution<int> d(-3, 3);
    LM x(m, r), y(n, r);
    for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = LC(d(rng), d(rng));
    for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = LC(d(rng), d(rng));
    return narrow<C>(mul(x, adj(y)));
}

template <class C>
svdkit::matrix<C> gaussian(std::size_t m, std::size_t n, rng_type& rng) {
    std::normal_distribution<double> g(0.0, 1.0);
    LM a(m, n);
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = LC(g(rng), g(rng));
    return narrow<C>(a);
}

std::vector<long double> graded(std::size_t k) {
    std::vector<long double> s(k);
    for (std::size_t i = 0; i < k; ++i) s[i] = std::pow(1e-2L, k > 1 ? static_cast<long double>(i) / (k - 1) : 0.0L);
    return s;
}

struct shape {
    std::size_t m, n;
};

/// One input: its name, the matrix, its exact rank and (for the graded ones) its exact σ.
template <class C>
struct input {
    std::string name;
    svdkit::matrix<C> a;
    std::size_t rank;
    std::vector<long double> sigma;  // empty when not known
};

template <class C>
std::vector<input<C>> inputs(shape sh) {
    rng_type rng(1000 * sh.m + sh.n);
    const std::size_t k = std::min(sh.m, sh.n);
    std::vector<input<C>> v;
    const std::vector<long double> s = graded(k);
    v.push_back({"graded " + std::to_string(sh.m) + "x" + std::to_string(sh.n), with_sigma<C>(sh.m, sh.n, s, rng), k, s});
    v.push_back({"rank 2 " + std::to_string(sh.m) + "x" + std::to_string(sh.n), integer_rank<C>(sh.m, sh.n, 2, rng), 2,
                 {}});
    return v;
}

#define COMPLEX_TYPES std::complex<float>, std::complex<double>, std::complex<long double>

}  // namespace

TEMPLATE_TEST_CASE("complex rank, pinv: the rank of constructed matrices and the four Penrose conditions",
                   "[complex][solve][pinv]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{6, 6});
    for (const input<C>& in : inputs<C>(sh)) {
        INFO(ctype<C>() << " " << in.name);
        const std::size_t m = sh.m, n = sh.n, d = std::max(m, n);
        const svdkit::rank_result<R> rk = svdkit::rank(in.a);
        CHECK(rk.rank == in.rank);
        const svdkit::ranked_matrix<C> x = svdkit::pinv(in.a);
        REQUIRE(x.rows() == n);
        REQUIRE(x.cols() == m);
        CHECK(x.rank == in.rank);
        CHECK(x.threshold == rk.threshold);
        const std::vector<R> s = svdkit::singular_values(in.a);
        const long double x2 = 1 / static_cast<long double>(s[in.rank - 1]);
        const LM a = widen(in.a), xw = widen<C>(x), ax = mul(a, xw), xa = mul(xw, a);
        const long double e = d * eps_of<R>(), fa = fro(a);
        const long double p1 = ratio(fro(sub(mul(ax, a), a)), fa * e);
        const long double p2 = ratio(fro(sub(mul(xa, xw), xw)), fro(xw) * x2 * fa * e);
        const long double p3 = ratio(fro(sub(adj(ax), ax)), fa * x2 * e);
        const long double p4 = ratio(fro(sub(adj(xa), xa)), fa * x2 * e);
        INFO("Penrose ratios " << static_cast<double>(p1) << " " << static_cast<double>(p2) << " "
                               << static_cast<double>(p3) << " " << static_cast<double>(p4));
        const long double bound = 3 * reconstruction_bound(m, n);
        CHECK(p1 <= bound);
        CHECK(p2 <= bound);
        CHECK(p3 <= bound);
        CHECK(p4 <= bound);
        note_ratio("complex pinv", ctype<C>(), "Penrose max", std::max({p1, p2, p3, p4}), in.name);
    }
}

TEMPLATE_TEST_CASE("complex lstsq: the residual is orthogonal to range(A), x has least norm, svd_solver agrees",
                   "[complex][solve][lstsq]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{6, 6});
    for (const input<C>& in : inputs<C>(sh)) {
        INFO(ctype<C>() << " " << in.name);
        const std::size_t m = sh.m, n = sh.n, d = std::max(m, n);
        rng_type rng(7 * m + n);
        const svdkit::matrix<C> b = gaussian<C>(m, 2, rng);
        const svdkit::lstsq_result<C, svdkit::matrix<C>> r = svdkit::lstsq(in.a, b);
        REQUIRE(r.x.rows() == n);
        REQUIRE(r.x.cols() == 2);
        CHECK(r.rank == in.rank);
        CHECK(r.singular_values == svdkit::singular_values(in.a));
        const LM a = widen(in.a), aw_h = adj(a);
        const svdkit::ranked_matrix<C> nsp = svdkit::null_space(in.a);
        const std::vector<R> s = svdkit::singular_values(in.a);
        const long double x2 = 1 / static_cast<long double>(s[in.rank - 1]), e = d * eps_of<R>(), fa = fro(a);
        for (std::size_t j = 0; j < 2; ++j) {
            LM bj(m, std::size_t{1}), xj(n, std::size_t{1});
            for (std::size_t i = 0; i < m; ++i) bj(i, 0) = LC(b(i, j).real(), b(i, j).imag());
            for (std::size_t i = 0; i < n; ++i) xj(i, 0) = LC(r.x(i, j).real(), r.x(i, j).imag());
            const LM res = sub(bj, mul(a, xj));
            const long double nx = fro(xj), nb = fro(bj), nr = fro(res);
            const long double normal = ratio(fro(mul(aw_h, res)), fa * (fa * nx + 2 * nb) * e);
            const long double reported =
                ratio(std::abs(static_cast<long double>(r.residual_norms[j]) - nr), e * (fa * nx + nb));
            // x ⟂ null(A): x lies in the computed row space, within Wedin's angle of the exact one.
            const long double min_norm = ratio(fro(mul(adj(widen<C>(nsp)), xj)), nx * fa * x2 * e);
            INFO("rhs " << j << ": A^H r ratio " << static_cast<double>(normal) << ", residual_norms ratio "
                        << static_cast<double>(reported) << ", min-norm ratio " << static_cast<double>(min_norm));
            CHECK(normal <= 2 * reconstruction_bound(m, n));
            CHECK(reported <= 2 * reconstruction_bound(m, n));
            CHECK(min_norm <= 2 * reconstruction_bound(m, n));
            note_ratio("complex lstsq", ctype<C>(), "A^H r", normal, in.name);
            note_ratio("complex lstsq", ctype<C>(), "min norm", min_norm, in.name);
            // The vector overload, and one svd_solver for both columns, give the same bits.
            std::vector<C> bv(m);
            for (std::size_t i = 0; i < m; ++i) bv[i] = b(i, j);
            const svdkit::lstsq_result<C, std::vector<C>> rv = svdkit::lstsq(in.a, bv);
            bool same = rv.x.size() == n;
            for (std::size_t i = 0; i < n && same; ++i) same = rv.x[i] == r.x(i, j);
            CHECK(same);
        }
        const svdkit::svd_solver<C> solver(in.a);
        const auto rs = solver.solve(b);
        CHECK(rs.x.size() == r.x.size());
        CHECK(std::equal(rs.x.data(), rs.x.data() + rs.x.size(), r.x.data()));
        const svdkit::ranked_matrix<C> ps = solver.pinv(), pf = svdkit::pinv(in.a);
        CHECK(std::equal(ps.data(), ps.data() + ps.size(), pf.data()));
        CHECK(solver.rank().rank == in.rank);
    }
}

TEMPLATE_TEST_CASE("complex null_space, range: orthonormal bases, A·N = 0, Q·Qᴴ·A = A", "[complex][solve][bases]",
                   COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{6, 6});
    for (const input<C>& in : inputs<C>(sh)) {
        INFO(ctype<C>() << " " << in.name);
        const std::size_t m = sh.m, n = sh.n;
        const svdkit::ranked_matrix<C> nsp = svdkit::null_space(in.a);
        const svdkit::ranked_matrix<C> rg = svdkit::range(in.a);
        REQUIRE(nsp.rows() == n);
        REQUIRE(nsp.cols() == n - in.rank);
        REQUIRE(rg.rows() == m);
        REQUIRE(rg.cols() == in.rank);
        const long double on = unitarity(static_cast<const svdkit::matrix<C>&>(nsp));
        const long double orr = unitarity(static_cast<const svdkit::matrix<C>&>(rg));
        CHECK(on <= orthogonality_bound);
        CHECK(orr <= orthogonality_bound);
        const LM a = widen(in.a), q = widen<C>(rg);
        const long double e = std::max(m, n) * eps_of<R>(), fa = fro(a);
        const long double an = ratio(fro(mul(a, widen<C>(nsp))), fa * e);
        const long double aq = ratio(fro(sub(a, mul(q, mul(adj(q), a)))), fa * e);
        INFO("A N ratio " << static_cast<double>(an) << ", A - Q Q^H A ratio " << static_cast<double>(aq));
        CHECK(an <= reconstruction_bound(m, n));
        CHECK(aq <= reconstruction_bound(m, n));
        note_ratio("complex bases", ctype<C>(), "A N", an, in.name);
        note_ratio("complex bases", ctype<C>(), "A - Q Q^H A", aq, in.name);
    }
}

TEMPLATE_TEST_CASE("complex cond, norm2: real, σ₀/σ_min and σ₀ of the built spectrum", "[complex][solve][cond]",
                   COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{6, 6});
    const input<C> in = inputs<C>(sh)[0];
    INFO(ctype<C>() << " " << in.name);
    const R c = svdkit::cond(in.a);
    const R n2 = svdkit::norm2(in.a);
    static_assert(std::is_same<decltype(svdkit::cond(in.a)), R>::value, "cond is real");
    static_assert(std::is_same<decltype(svdkit::norm2(in.a)), R>::value, "norm2 is real");
    // the same values-only path as singular_values(): the same bits
    const std::vector<R> s = svdkit::singular_values(in.a);
    CHECK(n2 == s[0]);
    CHECK(c == s[0] / s.back());
    const long double d = std::max(sh.m, sh.n), e = d * eps_of<R>();
    const long double kappa = in.sigma[0] / in.sigma.back();
    const long double rn = std::abs(n2 - in.sigma[0]) / (in.sigma[0] * e);
    const long double rc = std::abs(c - kappa) / (kappa * kappa * e);
    INFO("norm2 ratio " << static_cast<double>(rn) << ", cond ratio " << static_cast<double>(rc));
    CHECK(rn <= known_value_error_bound(sh.m, sh.n));
    CHECK(rc <= 2 * known_value_error_bound(sh.m, sh.n));
    note_ratio("complex cond", ctype<C>(), "cond vs built", rc, in.name);
    const svdkit::svd_solver<C> solver(in.a);
    CHECK(solver.cond() == c);
    CHECK(solver.norm2() == n2);
    // a zero matrix: σ_min = 0 exactly, cond = +inf, norm2 = 0; an empty one has no condition number
    const svdkit::matrix<C> z(sh.m, sh.n);
    CHECK(svdkit::cond(z) == std::numeric_limits<R>::infinity());
    CHECK(svdkit::norm2(z) == R(0));
    CHECK(svdkit::rank(z).rank == 0);
    CHECK_THROWS_AS(svdkit::cond(svdkit::matrix<C>(0, 3)), std::invalid_argument);
}

TEMPLATE_TEST_CASE("complex truncated_svd, low_rank: svd()'s leading triplets and Eckart-Young's errors",
                   "[complex][low_rank]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7}, shape{6, 6});
    const input<C> in = inputs<C>(sh)[0];
    INFO(ctype<C>() << " " << in.name);
    const std::size_t m = sh.m, n = sh.n, p = std::min(m, n);
    const svdkit::svd_result<C> full = svdkit::svd(in.a);
    for (std::size_t k = 0; k <= p; ++k) {
        INFO("k = " << k);
        const svdkit::svd_result<C> t = svdkit::truncated_svd(in.a, k);
        REQUIRE(t.s.size() == k);
        REQUIRE(t.u.rows() == m);
        REQUIRE(t.u.cols() == k);
        REQUIRE(t.v.rows() == n);
        REQUIRE(t.v.cols() == k);
        CHECK(std::equal(t.s.begin(), t.s.end(), full.s.begin()));
        CHECK(std::equal(t.u.data(), t.u.data() + t.u.size(), full.u.data()));
        CHECK(std::equal(t.v.data(), t.v.data() + t.v.size(), full.v.data()));

        const svdkit::low_rank_approximation<C> lr = svdkit::low_rank(in.a, k);
        CHECK(lr.k == k);
        CHECK(lr.singular_values == full.s);
        CHECK(std::equal(lr.factors.s.begin(), lr.factors.s.end(), full.s.begin()));
        CHECK(lr.error_2 == (k < p ? full.s[k] : R(0)));
        long double tail = 0, all = 0;
        for (std::size_t i = 0; i < p; ++i) {
            const long double si = full.s[i];
            all += si * si;
            if (i >= k) tail += si * si;
        }
        const long double e = std::max(m, n) * eps_of<R>();
        CHECK(std::abs(lr.error_f - std::sqrt(tail)) <= 4 * eps_of<R>() * full.s[0]);
        CHECK(std::abs(lr.fraction_kept - (1 - tail / all)) <= 4 * p * eps_of<R>());
        // A_k against U_k·Σ_k·V_kᴴ in long double, and ‖A − A_k‖₂ against error_2 = σ_k: the SVD's
        // backward error (one reconstruction_bound) plus the rounding of forming A_k (another).
        LM us = widen(full.u);
        LM uk(m, k), vk(n, k);
        for (std::size_t j = 0; j < k; ++j) {
            for (std::size_t i = 0; i < m; ++i) uk(i, j) = us(i, j) * static_cast<long double>(full.s[j]);
            for (std::size_t i = 0; i < n; ++i) vk(i, j) = LC(full.v(i, j).real(), full.v(i, j).imag());
        }
        const LM a = widen(in.a), ak = widen(lr.approximation);
        const long double fa = fro(a);
        const long double formed = ratio(fro(sub(ak, mul(uk, adj(vk)))), fa * e);
        const LM diff = sub(a, ak);
        const long double d2 = diff.empty() ? 0.0L : svdkit::singular_values(diff)[0];
        const long double ey = ratio(std::abs(d2 - static_cast<long double>(lr.error_2)), fa * e);
        INFO("A_k formed ratio " << static_cast<double>(formed) << ", |‖A − A_k‖₂ − σ_k| ratio "
                                 << static_cast<double>(ey));
        CHECK(formed <= reconstruction_bound(m, n));
        CHECK(ey <= 2 * reconstruction_bound(m, n));
        note_ratio("complex low_rank", ctype<C>(), "Eckart-Young 2-norm", ey, in.name);
        // the factors apply A_k and its adjoint A_kᴴ
        rng_type rng(k + 1);
        const svdkit::matrix<C> x = gaussian<C>(n, 2, rng), y = gaussian<C>(m, 2, rng);
        const LM ax = widen(lr.factors.apply(x)), ahy = widen(lr.factors.apply_transpose(y));
        CHECK(ratio(fro(sub(ax, mul(ak, widen(x)))), fa * fro(widen(x)) * e) <= 2 * reconstruction_bound(m, n));
        CHECK(ratio(fro(sub(ahy, mul(adj(ak), widen(y)))), fa * fro(widen(y)) * e) <= 2 * reconstruction_bound(m, n));
    }
    // the smallest k with ‖A − A_k‖_F <= rel_tol·‖A‖_F
    long double fa2 = 0;
    for (const R si : full.s) fa2 += static_cast<long double>(si) * si;
    const svdkit::low_rank_approximation<C> lf = svdkit::low_rank_for_error(in.a, R(0.1));
    CHECK(lf.k == svdkit::choose_rank(full.s, R(0.1)));
    CHECK(lf.k > 0);
    CHECK(lf.error_f <= 0.1L * std::sqrt(fa2) * (1 + 4 * eps_of<R>()));
}

TEMPLATE_TEST_CASE("complex randomized_svd: fast decay matches svd(), seeds fix the bits, power steps use Aᴴ",
                   "[complex][randomized]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{30, 20}, shape{20, 30});
    const std::size_t m = sh.m, n = sh.n, p = std::min(m, n), k = 4;
    rng_type rng(31 * m + n);
    std::vector<long double> sigma(p);
    for (std::size_t i = 0; i < p; ++i) sigma[i] = std::ldexp(1.0L, -static_cast<int>(i));
    const svdkit::matrix<C> a = with_sigma<C>(m, n, sigma, rng);
    INFO(ctype<C>() << " " << m << "x" << n);
    const std::vector<R> s = svdkit::singular_values(a);
    const svdkit::svd_result<C> r = svdkit::randomized_svd(a, k);
    REQUIRE(r.s.size() == k);
    REQUIRE(r.u.rows() == m);
    REQUIRE(r.u.cols() == k);
    REQUIRE(r.v.rows() == n);
    REQUIRE(r.v.cols() == k);
    const long double e = std::max(m, n) * eps_of<R>();
    long double worst = 0;
    for (std::size_t j = 0; j < k; ++j)
        worst = std::max(worst, std::abs(static_cast<long double>(r.s[j]) - s[j]) / (s[0] * e));
    // ‖A·V − U·Σ‖_F/(σ₀·d·ε): the Ritz residual of converged triplets.
    LM us = widen(r.u);
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < m; ++i) us(i, j) *= static_cast<long double>(r.s[j]);
    const long double res = fro(sub(mul(widen(a), widen(r.v)), us)) / (s[0] * e);
    INFO("values ratio " << static_cast<double>(worst) << ", residual ratio " << static_cast<double>(res));
    CHECK(worst <= 2 * value_error_bound(m, n));
    CHECK(res <= 2 * reconstruction_bound(m, n));
    CHECK(unitarity(r.u) <= 2 * orthogonality_bound);
    CHECK(unitarity(r.v) <= 2 * orthogonality_bound);
    note_ratio("complex randomized", ctype<C>(), "values vs svd", worst, "2^-i");
    note_ratio("complex randomized", ctype<C>(), "A V - U S", res, "2^-i");
    // Same seed, same bits; the operator overload reads the same products.
    const svdkit::svd_result<C> again = svdkit::randomized_svd(a, k);
    CHECK(again.s == r.s);
    CHECK(std::equal(again.u.data(), again.u.data() + again.u.size(), r.u.data()));
    const svdkit::svd_result<C> op = svdkit::randomized_svd(svdkit::make_operator(a), k);
    CHECK(op.s == r.s);
    CHECK(std::equal(op.v.data(), op.v.data() + op.v.size(), r.v.data()));
    // Another seed and q = 2: (σ_l/σ_j)^(2(2q+1)) <= 2^-110, still converged below rounding.
    svdkit::randomized_options o;
    o.seed = 5;
    o.power_iterations = 2;
    o.signs = svdkit::sign_rule::largest_positive;
    const svdkit::svd_result<C> other = svdkit::randomized_svd(a, k, o);
    long double worst_other = 0;
    for (std::size_t j = 0; j < k; ++j)
        worst_other = std::max(worst_other, std::abs(static_cast<long double>(other.s[j]) - s[j]) / (s[0] * e));
    CHECK(worst_other <= 2 * value_error_bound(m, n));
    for (std::size_t j = 0; j < k; ++j) {  // the sign rule: the largest entry of u_j real and positive
        std::size_t best = 0;
        for (std::size_t i = 1; i < m; ++i)
            if (std::abs(other.u(i, j)) > std::abs(other.u(best, j))) best = i;
        CHECK(other.u(best, j).imag() == R(0));
        CHECK(other.u(best, j).real() > R(0));
    }
}

TEST_CASE("complex randomized_svd: the test matrix has independent N(0, 1/2) real and imaginary parts",
          "[complex][randomized]") {
    const svdkit::matrix<std::complex<double>> w = svdkit::detail::gaussian_test_matrix<std::complex<double>>(4000, 1, 0);
    long double re2 = 0, im2 = 0, reim = 0, re = 0;
    for (std::size_t i = 0; i < w.rows(); ++i) {
        re += w(i, 0).real();
        re2 += w(i, 0).real() * w(i, 0).real();
        im2 += w(i, 0).imag() * w(i, 0).imag();
        reim += w(i, 0).real() * w(i, 0).imag();
    }
    const long double N = 4000;
    // Each sample moment has standard deviation <= 0.5·sqrt(2/N) = 0.011: 5 of those.
    CHECK(std::abs(re2 / N - 0.5L) < 0.056L);
    CHECK(std::abs(im2 / N - 0.5L) < 0.056L);
    CHECK(std::abs(reim / N) < 0.04L);
    CHECK(std::abs(re / N) < 0.06L);
}

TEMPLATE_TEST_CASE("complex entry points: NaN/Inf in either part and mismatched shapes are rejected",
                   "[complex][errors]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const R nan = std::numeric_limits<R>::quiet_NaN(), inf = std::numeric_limits<R>::infinity();
    for (const C bad : {C(nan, 0), C(0, nan), C(inf, 1), C(1, -inf)}) {
        svdkit::matrix<C> a(5, 3);
        a(0, 0) = C(1, 1);
        a(3, 2) = bad;
        CHECK_THROWS_AS(svdkit::rank(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::pinv(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::lstsq(a, std::vector<C>(5, C(1))), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::null_space(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::range(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::cond(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::norm2(a), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::truncated_svd(a, 2), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::low_rank(a, 2), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::randomized_svd(a, 2), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::randomized_svd(a, 0), svdkit::non_finite_input);
        CHECK_THROWS_AS(svdkit::svd_solver<C>(a), svdkit::non_finite_input);
        // a NaN/Inf in b
        svdkit::matrix<C> good(5, 3);
        good(1, 1) = C(2, -1);
        std::vector<C> b(5, C(1, 1));
        b[4] = bad;
        CHECK_THROWS_AS(svdkit::lstsq(good, b), svdkit::non_finite_input);
    }
    const svdkit::matrix<C> a(5, 3);
    CHECK_THROWS_AS(svdkit::lstsq(a, std::vector<C>(4)), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::lstsq(a, svdkit::matrix<C>(6, 2)), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::truncated_svd(a, 4), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::low_rank(a, -1), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::randomized_svd(a, 4), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::low_rank_for_error(a, R(2)), std::invalid_argument);
    const svdkit::low_rank_approximation<C> lr = svdkit::low_rank(a, 1);
    CHECK_THROWS_AS(lr.factors.apply(svdkit::matrix<C>(2, 1)), std::invalid_argument);
    CHECK_THROWS_AS(svdkit::svd_solver<C>(svdkit::matrix<C>(2, 5)).null_space(), std::logic_error);
}

TEMPLATE_TEST_CASE("complex entry points: a purely real complex input gives the real functions' answers",
                   "[complex][real]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7});
    const std::size_t m = sh.m, n = sh.n, p = std::min(m, n);
    rng_type rng(17 * m + n);
    std::normal_distribution<double> g(0.0, 1.0);
    svdkit::matrix<R> ar(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) ar(i, j) = static_cast<R>(g(rng) * std::pow(10.0, -static_cast<double>(j) / static_cast<double>(n)));
    svdkit::matrix<C> ac(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) ac(i, j) = C(ar(i, j), 0);
    std::vector<R> br(m);
    std::vector<C> bc(m);
    for (std::size_t i = 0; i < m; ++i) bc[i] = C(br[i] = static_cast<R>(g(rng)), 0);
    INFO(ctype<C>() << " " << m << "x" << n);
    const long double d = std::max(m, n), e = d * eps_of<R>();
    const std::vector<R> sr = svdkit::singular_values(ar);
    const long double s0 = sr[0], x2 = 1 / static_cast<long double>(sr[p - 1]);
    long double fa = 0;
    for (std::size_t i = 0; i < ar.size(); ++i) fa += static_cast<long double>(ar.data()[i]) * ar.data()[i];
    fa = std::sqrt(fa);
    const long double oracle = 2 * std::sqrt(2.0L) * reconstruction_bound(m, n);

    CHECK(svdkit::rank(ac).rank == svdkit::rank(ar).rank);
    CHECK(std::abs(static_cast<long double>(svdkit::norm2(ac)) - svdkit::norm2(ar)) / (s0 * e) <=
          2 * value_error_bound(m, n));
    const long double kappa = svdkit::cond(ar);
    CHECK(std::abs(static_cast<long double>(svdkit::cond(ac)) - kappa) / (kappa * kappa * e) <=
          2 * value_error_bound(m, n));
    const std::vector<R> tc = svdkit::truncated_svd(ac, 2).s, tr = svdkit::truncated_svd(ar, 2).s;
    for (std::size_t j = 0; j < 2; ++j)
        CHECK(std::abs(static_cast<long double>(tc[j]) - tr[j]) / (s0 * e) <= 2 * value_error_bound(m, n));
    const std::vector<R> rc = svdkit::randomized_svd(ac, 2).s, rr = svdkit::randomized_svd(ar, 2).s;
    for (std::size_t j = 0; j < 2; ++j)
        CHECK(std::abs(static_cast<long double>(rc[j]) - rr[j]) / (s0 * e) <= 4 * value_error_bound(m, n));
    // pinv: Wedin's bound for two computations (tests/solve.cpp's oracle bound)
    const svdkit::ranked_matrix<C> pc = svdkit::pinv(ac);
    const svdkit::ranked_matrix<R> pr = svdkit::pinv(ar);
    long double dp = 0, imag = 0;
    for (std::size_t i = 0; i < pc.size(); ++i) {
        dp += std::pow(static_cast<long double>(pc.data()[i].real()) - pr.data()[i], 2);
        imag += std::pow(static_cast<long double>(pc.data()[i].imag()), 2);
    }
    const long double pinv_ratio = std::sqrt(dp + imag) / (x2 * x2 * fa * e);
    INFO("pinv vs real pinv ratio " << static_cast<double>(pinv_ratio));
    CHECK(pinv_ratio <= oracle);
    note_ratio("complex real input", ctype<C>(), "pinv vs real", pinv_ratio, "real");
    // lstsq: least-squares perturbation theory in tests/solve.cpp's units
    const auto xc = svdkit::lstsq(ac, bc);
    const auto xr = svdkit::lstsq(ar, br);
    long double dx = 0, nx = 0, nb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        dx += std::norm(LC(xc.x[i].real(), xc.x[i].imag()) - LC(xr.x[i]));
        nx += static_cast<long double>(xr.x[i]) * xr.x[i];
    }
    for (std::size_t i = 0; i < m; ++i) nb += static_cast<long double>(br[i]) * br[i];
    const long double nr = xr.residual_norms[0];
    const long double lstsq_ratio =
        std::sqrt(dx) / (e * (2 * x2 * fa * std::sqrt(nx) + x2 * x2 * fa * nr + x2 * std::sqrt(nb)));
    INFO("lstsq vs real lstsq ratio " << static_cast<double>(lstsq_ratio));
    CHECK(lstsq_ratio <= oracle);
    CHECK(std::abs(static_cast<long double>(xc.residual_norms[0]) - nr) / (e * (fa * std::sqrt(nx) + std::sqrt(nb))) <=
          4 * reconstruction_bound(m, n));
    // null_space of the wide case: the projectors N·Nᴴ agree (Wedin, two computations)
    const svdkit::ranked_matrix<C> nc = svdkit::null_space(ac);
    const svdkit::ranked_matrix<R> nrl = svdkit::null_space(ar);
    REQUIRE(nc.cols() == nrl.cols());
    const LM ncw = widen<C>(nc);
    LM nrw(nrl.rows(), nrl.cols());
    for (std::size_t i = 0; i < nrl.size(); ++i) nrw.data()[i] = LC(nrl.data()[i]);
    const long double sub_ratio =
        fro(sub(mul(ncw, adj(ncw)), mul(nrw, adj(nrw)))) / (std::sqrt(2.0L) * fa * x2 * e);
    INFO("null-space projectors ratio " << static_cast<double>(sub_ratio));
    CHECK(sub_ratio <= 2 * 2 * reconstruction_bound(m, n));
}

TEMPLATE_TEST_CASE("complex entry points: inputs scaled near overflow and underflow give the scaled answers",
                   "[complex][scaling]", COMPLEX_TYPES) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{7, 4}, shape{4, 7});
    const std::size_t m = sh.m, n = sh.n, d = std::max(m, n);
    const input<C> in = inputs<C>(sh)[0];
    rng_type rng(3 * m + n);
    const svdkit::matrix<C> b = gaussian<C>(m, 1, rng);
    const long double e = d * eps_of<R>(), x2 = 1 / in.sigma.back(), fa = fro(widen(in.a));
    const svdkit::ranked_matrix<C> p0 = svdkit::pinv(in.a);
    const auto l0 = svdkit::lstsq(in.a, b);
    const std::vector<R> r0 = svdkit::randomized_svd(in.a, 2).s;
    // entries up to 2^(max_exponent − 8) and down to 2^(−max_exponent/2): both outside the safe range
    for (const int ex : {std::numeric_limits<R>::max_exponent - 8, -std::numeric_limits<R>::max_exponent / 2}) {
        INFO(ctype<C>() << " 2^" << ex << " * " << in.name);
        svdkit::matrix<C> a = in.a;
        for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = svdkit::detail::ldexp_entry(a.data()[i], ex);
        CHECK(svdkit::rank(a).rank == in.rank);
        CHECK(std::abs(std::ldexp(static_cast<long double>(svdkit::norm2(a)), -ex) - in.sigma[0]) / (in.sigma[0] * e) <=
              known_value_error_bound(m, n));
        const long double kappa = in.sigma[0] / in.sigma.back();
        CHECK(std::abs(static_cast<long double>(svdkit::cond(a)) - kappa) / (kappa * kappa * e) <=
              2 * known_value_error_bound(m, n));
        // 2^e·pinv(2^e·A) against pinv(A), and 2^e·lstsq(2^e·A, b) against lstsq(A, b): two computations
        LM p = widen<C>(svdkit::pinv(a));
        for (std::size_t i = 0; i < p.size(); ++i) p.data()[i] *= std::ldexp(1.0L, ex);
        const long double pr = fro(sub(p, widen<C>(p0))) / (x2 * x2 * fa * e);
        LM x = widen(svdkit::lstsq(a, b).x);
        for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] *= std::ldexp(1.0L, ex);
        const LM x0 = widen(l0.x);
        const long double lr = fro(sub(x, x0)) / (e * (2 * x2 * fa * fro(x0) + x2 * x2 * fa * l0.residual_norms[0] +
                                                        x2 * fro(widen(b))));
        INFO("pinv ratio " << static_cast<double>(pr) << ", lstsq ratio " << static_cast<double>(lr));
        CHECK(pr <= 2 * std::sqrt(2.0L) * reconstruction_bound(m, n));
        CHECK(lr <= 2 * std::sqrt(2.0L) * reconstruction_bound(m, n));
        const std::vector<R> rs = svdkit::randomized_svd(a, 2).s;
        for (std::size_t j = 0; j < 2; ++j)
            CHECK(std::abs(std::ldexp(static_cast<long double>(rs[j]), -ex) - r0[j]) / (in.sigma[0] * e) <=
                  4 * value_error_bound(m, n));
        const svdkit::low_rank_approximation<C> lr2 = svdkit::low_rank(a, 2);
        CHECK(std::abs(std::ldexp(static_cast<long double>(lr2.error_2), -ex) - in.sigma[2]) / (in.sigma[0] * e) <=
              known_value_error_bound(m, n));
    }
}
