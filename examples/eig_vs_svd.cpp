// eig_vs_svd: the SVD from the eigenvectors of AᵀA, and why libraries do not compute it that way.
//
// The textbook derivation: AᵀA = V·Σ²·Vᵀ is symmetric positive semidefinite, so its eigenvectors
// are the right singular vectors, its eigenvalues are σᵢ², and uᵢ = A·vᵢ/σᵢ (equally, the
// eigenvectors of AAᵀ are the uᵢ). This program follows that route with a small symmetric Jacobi
// eigen-solver and compares it with svdkit::svd:
//
//  1. a well-conditioned 6×4 matrix: both routes agree (σ, U and V, up to sign);
//  2. A = U·diag(σ)·Vᵀ with known σ = 1, 1e-2, …, 1e-12 and random orthogonal U, V: forming
//     AᵀA squares the σ's, so σᵢ² below ε·σ₁² ≈ 2e-16 is lost in rounding before any
//     eigen-solver runs. svd() works on A itself: its error in each σᵢ is a small multiple of
//     ε·σ₁, the rounding already made in storing A; the eigen route's is about ε·σ₁²/σᵢ.
//
// The program checks both statements (exit status 1 if one fails) and writes an SVG of the
// relative errors. Jacobi is used for the eigenvalues precisely because it is the most accurate
// symmetric eigen-solver: the loss is in forming AᵀA, not in the solver.
//
//   eig_vs_svd [--out-dir DIR]
//
// References: G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed., §8.5 (the cyclic
// Jacobi method) and §8.6 (computing the SVD); J. Demmel and K. Veselić, "Jacobi's method is more
// accurate than QR", SIAM J. Matrix Anal. Appl. 13 (1992), for the stopping rule.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <svdkit/svdkit.hpp>

#include "measures.hpp"
#include "plot.hpp"

namespace {

namespace plot = svdkit_examples::plot;
using mat = svdkit::matrix<double>;
constexpr double eps = std::numeric_limits<double>::epsilon();

// ---------------------------------------------------------------------------------------------
// Small dense helpers
// ---------------------------------------------------------------------------------------------

// Products and norms: svdkit::multiply and svdkit::frobenius_norm (products.hpp).
using svdkit::frobenius_norm;
using svdkit::multiply;

using svdkit_examples::orthogonality_error;  // ‖QᵀQ − I‖_F (measures.hpp)

double column_dot(const mat& x, std::size_t i, const mat& y, std::size_t j) {
    double s = 0;
    for (std::size_t r = 0; r < x.rows(); ++r) s += x(r, i) * y(r, j);
    return s;
}

// Deterministic pseudo-random numbers: std::mt19937_64's output is fixed by the standard, unlike
// std::normal_distribution's, so every platform gets the same matrices.
struct rng {
    std::mt19937_64 engine{20240611};
    double uniform() { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1p-53; }  // in (0, 1)
    double normal() {  // Box-Muller
        const double r = std::sqrt(-2 * std::log(uniform())), t = 2 * 3.14159265358979323846 * uniform();
        return r * std::cos(t);
    }
};

mat gaussian(std::size_t m, std::size_t n, rng& g) {
    mat a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = g.normal();
    return a;
}

// m×n with orthonormal columns: modified Gram-Schmidt applied twice to a Gaussian matrix
// (the second pass restores orthogonality to working precision).
mat random_orthonormal(std::size_t m, std::size_t n, rng& g) {
    mat q = gaussian(m, n, g);
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t j = 0; j < n; ++j) {
            for (std::size_t k = 0; k < j; ++k) {
                const double d = column_dot(q, k, q, j);
                for (std::size_t i = 0; i < m; ++i) q(i, j) -= d * q(i, k);
            }
            double norm = std::sqrt(column_dot(q, j, q, j));
            for (std::size_t i = 0; i < m; ++i) q(i, j) /= norm;
        }
    return q;
}

// ---------------------------------------------------------------------------------------------
// The textbook route
// ---------------------------------------------------------------------------------------------

struct eigen_result {
    std::vector<double> values;  // descending
    mat vectors;                 // column i belongs to values[i]
    int sweeps = 0;
};

// Eigenvalues and eigenvectors of a symmetric matrix by the cyclic Jacobi method: each rotation
// zeroes one off-diagonal pair (p, q), with the angle chosen as in Rutishauser's formulation so
// that it is at most 45 degrees (no cancellation in the update). A sweep visits every pair; the
// iteration stops when every |a_pq| <= ε·sqrt(|a_pp·a_qq|) (Demmel-Veselić's relative criterion).
// \throws std::runtime_error if 60 sweeps are not enough (quadratic convergence makes that
// unheard of; the limit only guarantees termination).
eigen_result symmetric_eigen(mat a) {
    const std::size_t n = a.rows();
    if (a.cols() != n) throw std::invalid_argument("symmetric_eigen: the matrix must be square");
    mat v(n, n);
    for (std::size_t i = 0; i < n; ++i) v(i, i) = 1;
    eigen_result out;
    for (out.sweeps = 1;; ++out.sweeps) {
        if (out.sweeps > 60) throw std::runtime_error("symmetric_eigen: no convergence in 60 Jacobi sweeps");
        bool rotated = false;
        for (std::size_t p = 0; p + 1 < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a(p, q);
                if (std::fabs(apq) <= eps * std::sqrt(std::fabs(a(p, p) * a(q, q))) || apq == 0) continue;
                rotated = true;
                const double theta = (a(q, q) - a(p, p)) / (2 * apq);
                const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // A ← A·J (columns p, q)
                    const double akp = a(k, p), akq = a(k, q);
                    a(k, p) = c * akp - s * akq;
                    a(k, q) = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {  // A ← Jᵀ·A (rows p, q)
                    const double apk = a(p, k), aqk = a(q, k);
                    a(p, k) = c * apk - s * aqk;
                    a(q, k) = s * apk + c * aqk;
                }
                a(p, q) = a(q, p) = 0;  // zero by construction; rounding would leave ~ε·|a_pq|
                for (std::size_t k = 0; k < n; ++k) {  // V ← V·J
                    const double vkp = v(k, p), vkq = v(k, q);
                    v(k, p) = c * vkp - s * vkq;
                    v(k, q) = s * vkp + c * vkq;
                }
            }
        if (!rotated) break;
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a(x, x) > a(y, y); });
    out.values.resize(n);
    out.vectors = mat(n, n);
    for (std::size_t j = 0; j < n; ++j) {
        out.values[j] = a(order[j], order[j]);
        for (std::size_t i = 0; i < n; ++i) out.vectors(i, j) = v(i, order[j]);
    }
    return out;
}

// The SVD "via AᵀA": V and λ from the eigen-solver, σᵢ = sqrt(max(λᵢ, 0)) (rounding can make a
// tiny λ negative), uᵢ = A·vᵢ/σᵢ (left as zeros where σᵢ = 0).
svdkit::svd_result<double> svd_via_normal_equations(const mat& a, int* sweeps = nullptr) {
    const eigen_result e = symmetric_eigen(multiply(a.transpose(), a));
    if (sweeps) *sweeps = e.sweeps;
    svdkit::svd_result<double> r;
    const std::size_t n = a.cols();
    r.v = e.vectors;
    r.s.resize(n);
    for (std::size_t i = 0; i < n; ++i) r.s[i] = std::sqrt(std::max(e.values[i], 0.0));
    const mat av = multiply(a, r.v);
    r.u = mat(a.rows(), n);
    for (std::size_t j = 0; j < n; ++j)
        if (r.s[j] > 0)
            for (std::size_t i = 0; i < a.rows(); ++i) r.u(i, j) = av(i, j) / r.s[j];
    return r;
}

// max over columns of 1 − |xᵢ·yᵢ|: 0 when each pair is the same unit vector up to sign.
double max_sign_free_distance(const mat& x, const mat& y, std::size_t columns) {
    double worst = 0;
    for (std::size_t j = 0; j < columns; ++j) worst = std::max(worst, 1 - std::fabs(column_dot(x, j, y, j)));
    return worst;
}

bool verdict(const char* what, bool ok) {
    std::printf("  %-82s %s\n", what, ok ? "PASS" : "FAIL");
    return ok;
}

// ---------------------------------------------------------------------------------------------

bool well_conditioned(rng& g) {
    const std::size_t m = 6, n = 4;
    const mat a = gaussian(m, n, g);
    int sweeps = 0;
    const auto e = svd_via_normal_equations(a, &sweeps);
    const auto s = svdkit::svd(a);
    std::printf("1. A well-conditioned 6x4 matrix (Gaussian entries): kappa(A) = %.3g\n\n", s.s[0] / s.s[n - 1]);
    std::printf("  %3s %22s %22s %12s\n", "i", "sigma: svdkit::svd", "sigma: eig(A^T A)", "rel. diff");
    double worst = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = std::fabs(e.s[i] - s.s[i]) / s.s[i];
        worst = std::max(worst, d);
        std::printf("  %3zu %22.16f %22.16f %12.2e\n", i + 1, s.s[i], e.s[i], d);
    }
    // The left vectors from the other textbook route, the eigenvectors of AAᵀ, for comparison.
    const eigen_result left = symmetric_eigen(multiply(a, a.transpose()));
    const double dv = max_sign_free_distance(e.v, s.v, n), du = max_sign_free_distance(e.u, s.u, n);
    const double du2 = max_sign_free_distance(left.vectors, s.u, n);
    std::printf("\n  Jacobi sweeps on A^T A: %d\n", sweeps);
    std::printf("  max_i 1 - |v_i . v_i'| (eigenvectors of A^T A vs svd's V):    %.2e\n", dv);
    std::printf("  max_i 1 - |u_i . u_i'| (u_i = A v_i / sigma_i vs svd's U):   %.2e\n", du);
    std::printf("  max_i 1 - |u_i . u_i'| (eigenvectors of A A^T vs svd's U):   %.2e\n", du2);
    mat sig(n, n);
    for (std::size_t i = 0; i < n; ++i) sig(i, i) = e.s[i];
    mat res = multiply(multiply(e.u, sig), e.v.transpose());
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) res(i, j) -= a(i, j);
    std::printf("  eigen route: ||A - U Sigma V^T||_F / ||A||_F = %.2e, ||U^T U - I||_F = %.2e\n\n",
                frobenius_norm(res) / frobenius_norm(a), orthogonality_error(e.u));
    // With κ(A) of a few units, squaring costs nothing visible: both agree to ~κ²·ε.
    bool ok = verdict("well-conditioned: sigma agree to 1e-13 relative", worst <= 1e-13);
    ok &= verdict("well-conditioned: U and V agree up to sign (1 - |cos| <= 1e-12)",
                  dv <= 1e-12 && du <= 1e-12 && du2 <= 1e-12);
    return ok;
}

bool graded(rng& g, const std::string& dir) {
    const std::size_t m = 9, n = 7;
    std::vector<double> sigma(n);
    for (std::size_t i = 0; i < n; ++i) sigma[i] = std::pow(10.0, -2.0 * static_cast<double>(i));  // 1 … 1e-12
    const mat u0 = random_orthonormal(m, n, g), v0 = random_orthonormal(n, n, g);
    mat us = u0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) us(i, j) *= sigma[j];
    const mat a = multiply(us, v0.transpose());

    const auto e = svd_via_normal_equations(a);
    const auto s = svdkit::svd(a);
    std::printf("2. A = U diag(sigma) V^T, 9x7, known sigma = 1, 1e-2, ..., 1e-12, random orthogonal U, V\n\n");
    std::printf("  %3s %10s %18s %18s %14s %14s\n", "i", "sigma", "svd rel. error", "eig rel. error", "eps*s1/si",
                "eps*(s1/si)^2");
    std::vector<double> err_svd(n), err_eig(n);
    bool svd_ok = true, eig_lost = true;
    double worst_ratio = 0;
    for (std::size_t i = 0; i < n; ++i) {
        err_svd[i] = std::fabs(s.s[i] - sigma[i]) / sigma[i];
        err_eig[i] = std::fabs(e.s[i] - sigma[i]) / sigma[i];
        std::printf("  %3zu %10.0e %18.2e %18.2e %14.1e %14.1e\n", i + 1, sigma[i], err_svd[i], err_eig[i],
                    eps * sigma[0] / sigma[i], eps * (sigma[0] / sigma[i]) * (sigma[0] / sigma[i]));
        // svd(): the error is absolute, a small multiple of ε·σ₁ (storing A already rounds it by
        // that much). The ratio is printed; the bound is the test suite's, plus the rounding of
        // forming A = U·diag(σ)·Vᵀ (n terms per entry).
        const double ratio = std::fabs(s.s[i] - sigma[i]) / (eps * sigma[0] * static_cast<double>(std::max(m, n)));
        worst_ratio = std::max(worst_ratio, ratio);
        svd_ok &= ratio <= 4 + 50.0 / static_cast<double>(std::max(m, n)) + static_cast<double>(n);
        // The eigen route: σᵢ² <= 1e-20 sits far below the rounding of AᵀA (≈ ε·σ₁² = 2e-16), so
        // nothing of it survives: not even the first digit.
        if (sigma[i] <= 1e-10) eig_lost &= err_eig[i] > 0.5;
    }
    const double eig_orth = orthogonality_error(e.u), svd_orth = orthogonality_error(s.u);
    std::printf("\n  max_i |sigma_i(svd) - sigma_i| / (eps * sigma_1 * max(m, n)) = %.2f\n", worst_ratio);
    std::printf("  orthogonality ||U^T U - I||_F: svd %.2e, eigen route (u_i = A v_i / sigma_i) %.2e\n\n", svd_orth,
                eig_orth);
    bool ok = verdict("graded: svd's error in every sigma_i is O(eps * sigma_1) (ratio above <= 4 + 50/9 + 7)", svd_ok);
    ok &= verdict("graded: svd's sigma_7 = 1e-12 is right to 1e-2 relative", err_svd[n - 1] <= 1e-2);
    ok &= verdict("graded: eig(A^T A) has no correct digit in sigma_i <= 1e-10 (rel. error > 0.5)", eig_lost);
    ok &= verdict("graded: svd's U stays orthogonal (<= 1e-13), the eigen route's does not (> 1e-3)",
                  svd_orth <= 1e-13 && eig_orth > 1e-3);

    // The picture: relative error against σ, both routes, and the two rounding levels.
    plot::chart_options o;
    o.title = "Relative error in \u03c3\u1d62: svd(A) vs eig(A\u1d40A)  (9\u00d77, known \u03c3)";
    o.x_label = "known singular value \u03c3\u1d62";
    o.y_label = "relative error |\u03c3\u0302\u1d62 \u2212 \u03c3\u1d62| / \u03c3\u1d62";
    o.log_x = o.log_y = true;
    o.y_min = 1e-17;
    o.y_max = 1e8;
    o.legend = "top-right";  // the top-right corner (large sigma, large error) is empty
    auto floor_at = [](std::vector<double> v) {  // an exact result (error 0) is drawn at the bottom
        for (double& x : v) x = std::max(x, 1e-17);
        return v;
    };
    std::vector<double> level1(n), level2(n);
    for (std::size_t i = 0; i < n; ++i) {
        level1[i] = eps * sigma[0] / sigma[i];
        level2[i] = eps * (sigma[0] / sigma[i]) * (sigma[0] / sigma[i]);
    }
    plot::series ps("svdkit::svd(A)", sigma, floor_at(err_svd));
    ps.markers = true;
    ps.marker_radius = 4.5;
    plot::series pe("eigenvalues of A\u1d40A (Jacobi), \u03c3 = \u221a\u03bb", sigma, floor_at(err_eig));
    pe.markers = true;
    pe.marker_radius = 4.5;
    plot::series l1("\u03b5\u00b7\u03c3\u2081/\u03c3\u1d62: the rounding of storing A", sigma, level1);
    l1.dash = "6 4";
    l1.color = "#1f77b4";
    l1.line_width = 1.2;
    // ε·(σ₁/σᵢ)² reaches 2e8 at σ₇, above the axis: the guide line stops at the frame.
    plot::series l2 = plot::clip_to_y_range(
        plot::series("\u03b5\u00b7(\u03c3\u2081/\u03c3\u1d62)\u00b2: the rounding of forming A\u1d40A", sigma, level2),
        o.y_min, o.y_max, true, true);
    l2.dash = "6 4";
    l2.color = "#ff7f0e";
    l2.line_width = 1.2;
    ps.color = "#1f77b4";
    pe.color = "#ff7f0e";
    o.width = 760;
    o.height = 480;
    const std::string path = dir + "/eig_vs_svd.svg";
    plot::line_chart({ps, pe, l1, l2}, o).save(path);
    std::printf("\n  wrote %s\n", path.c_str());
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = ".";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::printf("usage: eig_vs_svd [--out-dir DIR]\n\n"
                        "Compares the SVD computed from the eigenvectors of A^T A with svdkit::svd on a\n"
                        "well-conditioned and a graded matrix; writes DIR/eig_vs_svd.svg (default DIR: .).\n"
                        "Exit status: 0 every comparison holds, 1 one does not, 2 bad command line.\n");
            return 0;
        }
        if (arg == "--out-dir" && i + 1 < argc && argv[i + 1][0] != '\0') {
            dir = argv[++i];
        } else {
            std::fprintf(stderr, "error: unknown argument or missing value: '%s'\nusage: eig_vs_svd [--out-dir DIR]\n",
                         arg.c_str());
            return 2;
        }
    }
    try {
        rng g;
        bool ok = well_conditioned(g);
        ok &= graded(g, dir);
        std::printf("%s\n", ok ? "all comparisons hold" : "SOME COMPARISONS FAILED");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
