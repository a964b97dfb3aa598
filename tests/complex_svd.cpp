// svd() and singular_values() of complex matrices (issue 21): std::complex<float>, <double> and
// <long double>, through detail/complex/complex_svd.hpp.
//
// Measured per case, in long double, against the bounds of support/bounds.hpp (the real suites'):
//  - reconstruction ‖A − U·Σ·Vᴴ‖_F/(‖A‖_F·max(m,n)·ε) <= reconstruction_bound(m, n);
//  - unitarity ‖I − UᴴU‖_F/(k·ε) and ‖I − VᴴV‖_F/(k·ε) <= orthogonality_bound;
//  - σ against an independent reference: the real 2m×2n matrix [[Re A, −Im A], [Im A, Re A]] has
//    every σ of A exactly twice, so svdkit's REAL singular_values of it (validated against Eigen by
//    the real suites), computed in long double, give A's σ; max|σ − σ_ref|/(σ₁·max(m,n)·ε) <=
//    value_error_bound(m, n) (plus, for long double, where the reference has the same ε, the
//    reference's own allowance, 2·value_error_bound(2m, 2n) in these units);
//  - on small complex<double> cases also against Eigen's JacobiSVD<MatrixXcd> (a second, unrelated
//    method: both within value_error_bound of the exact σ, so within twice it of each other);
//  - the reflector itself: Hᴴ·[α; x] = [β; 0] with β real, H unitary, also for x = 0 with complex
//    α and for norms below the rescaling threshold;
//  - purely real and purely imaginary inputs against the real SVD of the real matrix, unit-modulus
//    phases on rows and columns (σ unchanged), and a phase-scaled graded bidiagonal to the
//    relative accuracy the real graded test demands (bidiagonal_relative_bound).
// The error contract: NaN/Inf in either part, empty shapes, zero matrices, near-overflow scaling,
// svd_method::jacobi rejected.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::ldexp, std::sqrt
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <string>     // std::string
#include <vector>     // std::vector

#include <Eigen/SVD>

#include <svdkit/detail/reduction/complex_householder.hpp>
#include <svdkit/svd.hpp>

#include "bidiagonal_reference.hpp"
#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

using LC = std::complex<long double>;

template <class C>
using real_of = typename C::value_type;

template <class C>
const char* ctype_name() {
    using R = real_of<C>;
    return std::is_same<R, float>::value ? "complex<float>"
                                         : std::is_same<R, double>::value ? "complex<double>" : "complex<long double>";
}

template <class C>
svdkit::matrix<C> complex_gaussian(std::size_t m, std::size_t n, rng_t& rng) {
    std::normal_distribution<double> normal(0.0, 1.0);
    svdkit::matrix<C> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            const double re = normal(rng), im = normal(rng);
            a(i, j) = C(static_cast<real_of<C>>(re), static_cast<real_of<C>>(im));
        }
    return a;
}

template <class C>
LC to_lc(C z) {
    return LC(static_cast<long double>(z.real()), static_cast<long double>(z.imag()));
}

template <class C>
long double frobenius(const svdkit::matrix<C>& a) {
    long double s = 0;
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) s += std::norm(to_lc(a(i, j)));
    return std::sqrt(s);
}

/// ‖A − U·Σ·Vᴴ‖_F/(‖A‖_F·max(m,n)·ε), over the first k = s.size() columns of U and V.
template <class C>
long double complex_reconstruction_ratio(const svdkit::matrix<C>& a, const svdkit::svd_result<C>& r) {
    const std::size_t m = a.rows(), n = a.cols(), k = r.s.size();
    long double err = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            LC x = to_lc(a(i, j));
            for (std::size_t p = 0; p < k; ++p)
                x -= to_lc(r.u(i, p)) * static_cast<long double>(r.s[p]) * std::conj(to_lc(r.v(j, p)));
            err += std::norm(x);
        }
    return safe_ratio(std::sqrt(err), frobenius(a) * static_cast<long double>(std::max(m, n)) * eps<real_of<C>>());
}

/// ‖I − QᴴQ‖_F/(c·ε) for Q with c columns.
template <class C>
long double unitarity_ratio(const svdkit::matrix<C>& q) {
    const std::size_t c = q.cols();
    if (c == 0) return 0;
    long double s = 0;
    for (std::size_t p = 0; p < c; ++p)
        for (std::size_t t = 0; t < c; ++t) {
            LC g = p == t ? LC(-1) : LC(0);
            for (std::size_t i = 0; i < q.rows(); ++i) g += std::conj(to_lc(q(i, p))) * to_lc(q(i, t));
            s += std::norm(g);
        }
    return std::sqrt(s) / (static_cast<long double>(c) * eps<real_of<C>>());
}

/// A's σ from the real embedding [[Re A, −Im A], [Im A, Re A]] (2m×2n, every σ of A twice), by
/// svdkit's real singular_values in long double: every other value.
template <class C>
std::vector<long double> embedding_values(const svdkit::matrix<C>& a) {
    const std::size_t m = a.rows(), n = a.cols();
    svdkit::matrix<long double> b(2 * m, 2 * n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            const long double re = a(i, j).real(), im = a(i, j).imag();
            b(i, j) = re;
            b(i, j + n) = -im;
            b(i + m, j) = im;
            b(i + m, j + n) = re;
        }
    const std::vector<long double> s2 = svdkit::singular_values(b);
    std::vector<long double> s;
    for (std::size_t i = 0; i < s2.size(); i += 2) s.push_back(s2[i]);
    return s;
}

/// The value bound against the embedding reference: for long double the reference has the same ε,
/// and its own allowance (2m×2n, normalised by σ₁·2·max(m,n)·ε) enters in our units twice over.
template <class C>
long double embedding_value_bound(std::size_t m, std::size_t n) {
    long double b = value_error_bound(m, n);
    if (std::is_same<real_of<C>, long double>::value) b += 2 * value_error_bound(2 * m, 2 * n);
    return b;
}

/// Checks one complex SVD against every property; returns it.
template <class C>
svdkit::svd_result<C> check_complex_svd(const svdkit::matrix<C>& a, svdkit::svd_options opts, const std::string& where,
                                       const std::vector<long double>* reference = nullptr) {
    using R = real_of<C>;
    const std::size_t m = a.rows(), n = a.cols(), k = std::min(m, n);
    INFO(ctype_name<C>() << " " << where << " " << m << "x" << n);
    const svdkit::svd_result<C> r = svdkit::svd(a, opts);
    REQUIRE(r.s.size() == k);
    CHECK(sorted_non_negative(r.s));
    const auto cols_of = [k](svdkit::vectors job, std::size_t rows) {
        return job == svdkit::vectors::full ? rows : job == svdkit::vectors::thin ? k : 0;
    };
    CHECK(r.u.cols() == cols_of(opts.u, m));
    CHECK(r.v.cols() == cols_of(opts.v, n));
    if (opts.u != svdkit::vectors::none) {
        CHECK(r.u.rows() == m);
        const long double ou = unitarity_ratio(r.u);
        CHECK(ou <= orthogonality_bound);
        note_ratio("svdkit", ctype_name<C>(), "unitarity U", ou, where);
    }
    if (opts.v != svdkit::vectors::none) {
        CHECK(r.v.rows() == n);
        const long double ov = unitarity_ratio(r.v);
        CHECK(ov <= orthogonality_bound);
        note_ratio("svdkit", ctype_name<C>(), "unitarity V", ov, where);
    }
    if (opts.u != svdkit::vectors::none && opts.v != svdkit::vectors::none) {
        const long double rec = complex_reconstruction_ratio(a, r);
        CHECK(rec <= reconstruction_bound(m, n));
        note_ratio("svdkit", ctype_name<C>(), "reconstruction", rec, where);
    }
    const std::vector<long double> ref = reference != nullptr ? *reference : embedding_values(a);
    const long double ve = value_error_ratio(r.s, ref, m, n);
    CHECK(ve <= embedding_value_bound<C>(m, n));
    note_ratio("svdkit", ctype_name<C>(), "values vs embedding", ve, where);
    // Every job and method takes σ from the same bidiagonal: singular_values() gives the same bits.
    const std::vector<R> sv = svdkit::singular_values(a);
    CHECK(sv == r.s);
    return r;
}

struct shape {
    std::size_t m, n;
};

}  // namespace

TEMPLATE_TEST_CASE("complex svd: Gaussian tall, wide and square inputs, every job and method", "[complex][svd]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    const shape sh = GENERATE(shape{1, 1}, shape{1, 6}, shape{6, 1}, shape{5, 3}, shape{3, 5}, shape{12, 12},
                              shape{40, 7}, shape{7, 40}, shape{17, 11}, shape{60, 50}, shape{50, 60}, shape{100, 55});
    rng_t rng(seed_of(sh.m, sh.n, 21));
    const svdkit::matrix<C> a = complex_gaussian<C>(sh.m, sh.n, rng);
    const std::vector<long double> ref = embedding_values(a);
    for (const svdkit::vectors job : {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none})
        for (const svdkit::svd_method method :
             {svdkit::svd_method::automatic, svdkit::svd_method::qr_iteration, svdkit::svd_method::divide_and_conquer}) {
            svdkit::svd_options opts{job, job};
            opts.method = method;
            check_complex_svd(a, opts, "gaussian", &ref);
        }
    // One side only.
    check_complex_svd(a, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::thin}, "gaussian v only", &ref);
    check_complex_svd(a, svdkit::svd_options{svdkit::vectors::full, svdkit::vectors::none}, "gaussian u only", &ref);
}

TEMPLATE_TEST_CASE("complex svd: shapes across the blocked reduction and the blocked QR", "[complex][svd][blocked]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    // N >= complex_bidiagonal_crossover (96): panels of 32 and an unblocked tail; 97 and 130 leave
    // a tail of 1 and 34 columns; 200×100 takes the QR first (blocked, k >= 48) and reduces R in
    // panels; 100 × 130 is wide (reduced as Aᴴ).
    const shape sh = GENERATE(shape{97, 96}, shape{130, 100}, shape{100, 130}, shape{200, 100});
    rng_t rng(seed_of(sh.m, sh.n, 27));
    const svdkit::matrix<C> a = complex_gaussian<C>(sh.m, sh.n, rng);
    const std::vector<long double> ref = embedding_values(a);
    check_complex_svd(a, svdkit::svd_options{}, "blocked", &ref);
    svdkit::svd_options qr{svdkit::vectors::full, svdkit::vectors::thin};
    qr.method = svdkit::svd_method::qr_iteration;
    check_complex_svd(a, qr, "blocked, QR iteration, full U", &ref);
}

TEMPLATE_TEST_CASE("complex svd: graded and rank-deficient inputs", "[complex][svd]", std::complex<float>,
                   std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{9, 9}, shape{30, 12}, shape{12, 30}, shape{52, 52});
    rng_t rng(seed_of(sh.m, sh.n, 22));
    // Graded: columns scaled by 10^(−j·6/n), rows by 10^(−i·3/m): σ over ~9 decades.
    svdkit::matrix<C> g = complex_gaussian<C>(sh.m, sh.n, rng);
    for (std::size_t j = 0; j < sh.n; ++j)
        for (std::size_t i = 0; i < sh.m; ++i)
            g(i, j) *= static_cast<R>(std::pow(10.0L, -6.0L * j / sh.n - 3.0L * i / sh.m));
    check_complex_svd(g, svdkit::svd_options{}, "graded");
    // Rank r = min/3: A = X·Yᴴ.
    const std::size_t r = std::max<std::size_t>(1, std::min(sh.m, sh.n) / 3);
    const svdkit::matrix<C> x = complex_gaussian<C>(sh.m, r, rng), y = complex_gaussian<C>(sh.n, r, rng);
    svdkit::matrix<C> a(sh.m, sh.n);
    for (std::size_t j = 0; j < sh.n; ++j)
        for (std::size_t i = 0; i < sh.m; ++i) {
            LC s = 0;
            for (std::size_t p = 0; p < r; ++p) s += to_lc(x(i, p)) * std::conj(to_lc(y(j, p)));
            a(i, j) = C(static_cast<R>(s.real()), static_cast<R>(s.imag()));
        }
    const svdkit::svd_result<C> f = check_complex_svd(a, svdkit::svd_options{svdkit::vectors::full, svdkit::vectors::full},
                                                      "rank-deficient");
    // The trailing σ are rounding: below the normwise bound.
    for (std::size_t i = r; i < f.s.size(); ++i)
        CHECK(static_cast<long double>(f.s[i]) <=
              value_error_bound(sh.m, sh.n) * f.s[0] * std::max(sh.m, sh.n) * eps<R>());
}

TEMPLATE_TEST_CASE("complex svd: purely real, purely imaginary and phase-scaled inputs keep the real σ",
                   "[complex][svd][phases]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{8, 5}, shape{5, 8}, shape{25, 25}, shape{60, 49});
    rng_t rng(seed_of(sh.m, sh.n, 23));
    const dense<R> b = gaussian<R>(sh.m, sh.n, rng);
    const svdkit::matrix<R> br = to_svdkit(b);
    // The real matrix's σ, by the real path (validated against Eigen by the real suites).
    const std::vector<R> s_real = svdkit::singular_values(br);
    const std::vector<long double> ref(s_real.begin(), s_real.end());
    // Each of our σ and the real ones are within value_error_bound of the exact σ.
    const long double two_sided = 2 * value_error_bound(sh.m, sh.n);
    svdkit::matrix<C> re(sh.m, sh.n), im(sh.m, sh.n), ph(sh.m, sh.n);
    std::uniform_real_distribution<double> angle(0.0, 6.283185307179586);
    std::vector<C> row_phase(sh.m), col_phase(sh.n);
    for (C& p : row_phase) { const double t = angle(rng); p = C(std::cos(static_cast<R>(t)), std::sin(static_cast<R>(t))); }
    for (C& p : col_phase) { const double t = angle(rng); p = C(std::cos(static_cast<R>(t)), std::sin(static_cast<R>(t))); }
    for (std::size_t j = 0; j < sh.n; ++j)
        for (std::size_t i = 0; i < sh.m; ++i) {
            re(i, j) = C(br(i, j), R(0));
            im(i, j) = C(R(0), br(i, j));
            // e^{iθ_i}·b_ij·e^{iφ_j}, rounded: a relative perturbation of ε per entry, within the bound.
            const LC z = to_lc(row_phase[i]) * static_cast<long double>(br(i, j)) * to_lc(col_phase[j]);
            ph(i, j) = C(static_cast<R>(z.real()), static_cast<R>(z.imag()));
        }
    for (const auto& input : {std::make_pair(&re, "purely real"), std::make_pair(&im, "purely imaginary"),
                              std::make_pair(&ph, "unit-modulus phases")}) {
        const svdkit::svd_result<C> r = check_complex_svd(*input.first, svdkit::svd_options{}, input.second);
        const long double vr = value_error_ratio(r.s, ref, sh.m, sh.n);
        INFO(input.second << " vs the real SVD: " << static_cast<double>(vr));
        CHECK(vr <= two_sided);
        note_ratio("svdkit", ctype_name<C>(), "values vs real SVD", vr, input.second);
    }
    // A purely real input takes exactly the real path's arithmetic on the bidiagonal? Not promised
    // (complex reflectors round differently); only the bound above is.
}

TEMPLATE_TEST_CASE("complex svd: a phase-scaled graded bidiagonal keeps every σ to high relative accuracy",
                   "[complex][svd][relative]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    const std::size_t n = GENERATE(std::size_t{5}, std::size_t{20}, std::size_t{47}, std::size_t{60});
    const bidiagonal<R> bd = make_bidiagonal<R>(bidiagonal_kind::graded, n, 21);
    rng_t rng(seed_of(n, 24, 21));
    std::uniform_real_distribution<double> angle(0.0, 6.283185307179586);
    svdkit::matrix<C> a(n, n);
    std::vector<long double> d, e;  // the moduli of the entries as stored: the reference's input
    for (std::size_t i = 0; i < n; ++i) {
        const double t = angle(rng);
        const LC z = LC(std::cos(t), std::sin(t)) * static_cast<long double>(bd.d[i]);
        a(i, i) = C(static_cast<R>(z.real()), static_cast<R>(z.imag()));
        d.push_back(std::abs(to_lc(a(i, i))));
        if (i + 1 < n) {
            const double u = angle(rng);
            const LC w = LC(std::cos(u), std::sin(u)) * static_cast<long double>(bd.e[i]);
            a(i, i + 1) = C(static_cast<R>(w.real()), static_cast<R>(w.imag()));
            e.push_back(std::abs(to_lc(a(i, i + 1))));
        }
    }
    // |B| and B·phases have the same σ (D₁·|B|·D₂ with unitary diagonals D₁, D₂ after a
    // re-phasing of the rows and columns one by one).
    const std::vector<long double> reference = bidiagonal_reference_values(d, e);
    for (const svdkit::svd_method method : {svdkit::svd_method::automatic, svdkit::svd_method::qr_iteration}) {
        svdkit::svd_options opts{svdkit::vectors::thin, svdkit::vectors::thin};
        opts.method = method;
        const svdkit::svd_result<C> r = svdkit::svd(a, opts);
        const long double rel = relative_error_ratio(r.s, reference, bidiagonal_underflow_floor<R>(n));
        INFO(ctype_name<C>() << " n = " << n << ": relative error / eps = " << static_cast<double>(rel));
        CHECK(rel <= bidiagonal_relative_bound(n));
        note_ratio("svdkit", ctype_name<C>(), "graded bidiagonal relative", rel, "n = " + std::to_string(n));
        const long double rec = complex_reconstruction_ratio(a, r);
        CHECK(rec <= reconstruction_bound(n, n));
    }
}

TEMPLATE_TEST_CASE("complex svd: sign rule, workspace and views", "[complex][svd][signs][workspace]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    const shape sh = GENERATE(shape{9, 4}, shape{4, 9}, shape{50, 50});
    rng_t rng(seed_of(sh.m, sh.n, 25));
    const svdkit::matrix<C> a = complex_gaussian<C>(sh.m, sh.n, rng);
    svdkit::svd_options opts{};
    opts.signs = svdkit::sign_rule::largest_positive;
    const svdkit::svd_result<C> r = check_complex_svd(a, opts, "largest_positive");
    for (std::size_t j = 0; j < r.s.size(); ++j) {
        std::size_t best = 0;
        R best_abs = 0;
        for (std::size_t i = 0; i < r.u.rows(); ++i)
            if (std::abs(r.u(i, j)) > best_abs) {
                best_abs = std::abs(r.u(i, j));
                best = i;
            }
        CHECK(r.u(best, j).imag() == R(0));
        CHECK(r.u(best, j).real() > R(0));
    }
    // The workspace overloads give svd()'s bits, also when the workspace is reused.
    const svdkit::svd_result<C> plain = svdkit::svd(a, svdkit::vectors::thin);
    svdkit::svd_workspace<C> ws;
    svdkit::svd_result<C> out;
    for (int rep = 0; rep < 2; ++rep) {
        svdkit::svd(a, svdkit::svd_options{}, out, ws);
        CHECK(out.s == plain.s);
        CHECK(std::equal(out.u.data(), out.u.data() + out.u.size(), plain.u.data()));
        CHECK(std::equal(out.v.data(), out.v.data() + out.v.size(), plain.v.data()));
    }
    CHECK(ws.capacity_bytes() > 0);
    std::vector<R> values;
    svdkit::singular_values(a, values, ws);
    CHECK(values == plain.s);
    // A row-major view of the same entries (no copy) gives the same bits.
    std::vector<C> buf(sh.m * sh.n);
    for (std::size_t i = 0; i < sh.m; ++i)
        for (std::size_t j = 0; j < sh.n; ++j) buf[i * sh.n + j] = a(i, j);
    const svdkit::matrix_view<const C> view(buf.data(), sh.m, sh.n, svdkit::layout::row_major);
    const svdkit::svd_result<C> rv = svdkit::svd(view);
    CHECK(rv.s == plain.s);
    CHECK(std::equal(rv.u.data(), rv.u.data() + rv.u.size(), plain.u.data()));
}

TEMPLATE_TEST_CASE("complex svd: the error contract and edge shapes", "[complex][svd][errors]", std::complex<float>,
                   std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    rng_t rng(seed_of(6, 4, 26));
    svdkit::matrix<C> a = complex_gaussian<C>(6, 4, rng);
    // NaN or Inf in either part, named by row and column.
    const R nan = std::numeric_limits<R>::quiet_NaN(), inf = std::numeric_limits<R>::infinity();
    for (const C bad : {C(nan, 0), C(0, nan), C(inf, 1), C(1, -inf)}) {
        svdkit::matrix<C> b = a;
        b(4, 2) = bad;
        b(5, 3) = bad;  // later in reading order: the first one is named
        try {
            (void)svdkit::svd(b);
            FAIL("no exception");
        } catch (const svdkit::non_finite_input& e) {
            CHECK(e.row() == 4);
            CHECK(e.col() == 2);
            CHECK(std::string(e.what()).find(bad.real() == bad.real() && std::abs(bad.real()) <= 1 ? "imaginary" : "real") !=
                  std::string::npos);
        }
        CHECK_THROWS_AS(svdkit::singular_values(b), svdkit::non_finite_input);
    }
    // Jacobi is real-only.
    svdkit::svd_options jac{};
    jac.method = svdkit::svd_method::jacobi;
    CHECK_THROWS_AS(svdkit::svd(a, jac), std::invalid_argument);
    // Empty shapes: k = 0, full bases the identity.
    for (const shape sh : {shape{0, 3}, shape{3, 0}, shape{0, 0}}) {
        const svdkit::matrix<C> z(sh.m, sh.n);
        const svdkit::svd_result<C> t = svdkit::svd(z);
        CHECK(t.s.empty());
        CHECK((t.u.rows() == sh.m && t.u.cols() == 0));
        CHECK((t.v.rows() == sh.n && t.v.cols() == 0));
        const svdkit::svd_result<C> f = svdkit::svd(z, svdkit::vectors::full);
        CHECK((f.u.rows() == sh.m && f.u.cols() == sh.m && f.v.rows() == sh.n && f.v.cols() == sh.n));
        CHECK(unitarity_ratio(f.u) == 0);
        CHECK(unitarity_ratio(f.v) == 0);
        CHECK(svdkit::singular_values(z).empty());
    }
    // The zero matrix: σ = 0, U and V still unitary.
    for (const shape sh : {shape{5, 3}, shape{3, 5}, shape{20, 4}}) {
        const svdkit::matrix<C> z(sh.m, sh.n);
        const svdkit::svd_result<C> f = svdkit::svd(z, svdkit::vectors::full);
        for (const R s : f.s) CHECK(s == R(0));
        CHECK(unitarity_ratio(f.u) <= orthogonality_bound);
        CHECK(unitarity_ratio(f.v) <= orthogonality_bound);
    }
    // Near overflow and underflow: scaled by a power of two on the way, σ scaled back exactly.
    const int emax = std::numeric_limits<R>::max_exponent, emin = std::numeric_limits<R>::min_exponent;
    for (const int p : {emax - 4, emin + 8}) {
        svdkit::matrix<C> big(6, 4);
        for (std::size_t j = 0; j < 4; ++j)
            for (std::size_t i = 0; i < 6; ++i) big(i, j) = C(std::ldexp(a(i, j).real(), p), std::ldexp(a(i, j).imag(), p));
        const svdkit::svd_result<C> r = svdkit::svd(big);
        INFO("scaled by 2^" << p);
        std::vector<R> unscaled;
        for (const R s : r.s) {
            CHECK(std::isfinite(s));
            unscaled.push_back(std::ldexp(s, -p));
        }
        CHECK(value_error_ratio(unscaled, embedding_values(a), 6, 4) <= embedding_value_bound<C>(6, 4));
        CHECK(unitarity_ratio(r.u) <= orthogonality_bound);
        CHECK(unitarity_ratio(r.v) <= orthogonality_bound);
    }
}

TEMPLATE_TEST_CASE("complex reflector: Hᴴ·[α; x] = [β; 0] with β real, H unitary, tiny norms rescaled",
                   "[complex][householder]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_of<C>;
    rng_t rng(seed_of(7, 1, 28));
    const R tiny = std::numeric_limits<R>::min() * R(8);  // below zlarfg's safmin: the rescaling loop
    struct input {
        std::size_t n;
        R scale;
        bool zero_x;
    };
    for (const input in : {input{1, 1, true}, input{5, 1, false}, input{5, 1, true}, input{9, tiny, false},
                           input{40, 1, false}}) {
        const svdkit::matrix<C> g = complex_gaussian<C>(in.n, 1, rng);
        std::vector<C> x0(in.n);
        for (std::size_t i = 0; i < in.n; ++i) x0[i] = in.zero_x && i > 0 ? C(0) : g(i, 0) * in.scale;
        std::vector<C> x = x0;
        const C tau = svdkit::detail::make_complex_reflector(in.n, x[0], x.data() + 1, 1);
        INFO(ctype_name<C>() << " n = " << in.n << " scale " << static_cast<double>(in.scale));
        CHECK(x[0].imag() == R(0));
        // ‖[α; x]‖ = |β|, and Hᴴ·x0 (applied in long double) = β·e₀.
        long double norm = 0;
        for (const C z : x0) norm += std::norm(to_lc(z) / static_cast<long double>(in.scale));
        CHECK(std::fabs(std::fabs(static_cast<long double>(x[0].real()) / in.scale) - std::sqrt(norm)) <=
              4 * eps<R>() * std::sqrt(norm));
        std::vector<LC> v(in.n);
        v[0] = 1;
        for (std::size_t i = 1; i < in.n; ++i) v[i] = to_lc(x[i]);
        LC w = 0;  // vᴴ·x0
        for (std::size_t i = 0; i < in.n; ++i) w += std::conj(v[i]) * to_lc(x0[i]) / static_cast<long double>(in.scale);
        long double resid = 0;
        for (std::size_t i = 0; i < in.n; ++i) {
            const LC hx = to_lc(x0[i]) / static_cast<long double>(in.scale) - std::conj(to_lc(tau)) * v[i] * w;
            const LC target = i == 0 ? LC(static_cast<long double>(x[0].real()) / in.scale) : LC(0);
            resid += std::norm(hx - target);
        }
        CHECK(std::sqrt(resid) <= 8 * eps<R>() * std::sqrt(norm) * static_cast<long double>(in.n));
        // H unitary: HᴴH = I ⇔ 2·Re τ = |τ|²·‖v‖².
        long double vv = 0;
        for (const LC z : v) vv += std::norm(z);
        const LC t = to_lc(tau);
        CHECK(std::fabs(2 * t.real() - std::norm(t) * vv) <= 8 * eps<R>() * static_cast<long double>(in.n));
        if (in.zero_x && in.n > 1) CHECK(std::abs(tau) > R(0));  // a complex α still gets a reflector
    }
    // A real α and x = 0: H = I.
    C alpha(R(-3), R(0));
    C rest[2] = {C(0), C(0)};
    CHECK(svdkit::detail::make_complex_reflector(3, alpha, rest, 1) == C(0));
    CHECK(alpha == C(R(-3), R(0)));
}

TEST_CASE("complex svd: σ against Eigen's JacobiSVD<MatrixXcd> on small inputs", "[complex][svd][eigen]") {
    using C = std::complex<double>;
    using M = Eigen::Matrix<C, Eigen::Dynamic, Eigen::Dynamic>;
    const shape sh = GENERATE(shape{1, 1}, shape{4, 7}, shape{9, 5}, shape{16, 16}, shape{30, 12});
    rng_t rng(seed_of(sh.m, sh.n, 29));
    const svdkit::matrix<C> a = complex_gaussian<C>(sh.m, sh.n, rng);
    M e(static_cast<Eigen::Index>(sh.m), static_cast<Eigen::Index>(sh.n));
    for (std::size_t j = 0; j < sh.n; ++j)
        for (std::size_t i = 0; i < sh.m; ++i) e(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = a(i, j);
    const Eigen::JacobiSVD<M> js(e);
    std::vector<long double> ref;
    for (Eigen::Index i = 0; i < js.singularValues().size(); ++i) ref.push_back(js.singularValues()(i));
    const std::vector<double> s = svdkit::singular_values(a);
    const long double ve = value_error_ratio(s, ref, sh.m, sh.n);
    INFO(sh.m << "x" << sh.n << ": vs Eigen JacobiSVD " << static_cast<double>(ve));
    CHECK(ve <= 2 * value_error_bound(sh.m, sh.n));
    note_ratio("svdkit", ctype_name<C>(), "values vs Eigen JacobiSVD", ve, shape_label(sh.m, sh.n));
}
