// jacobian_directions: the SVD of a Jacobian says which input directions a smooth map is most
// and least sensitive to. Near a point x, f(x + d) ≈ f(x) + J·d, and with J = U·Σ·Vᵀ a small
// step d = r·vᵢ moves f by about r·σᵢ·uᵢ: v₁ is the input direction of largest change (gain σ₁),
// u₁ the output direction it moves f in, v₂ the direction of least change; for a map ℝ³ → ℝ²,
// v₃ spans the null space of J: moving along it leaves f unchanged to first order.
//
// This program computes J at a point analytically and by central differences (side by side),
// its SVD with svdkit::svd, says in words what the singular triplets mean, and draws a small
// circle of input perturbations with its exact image under f (a slightly bent closed curve) and
// under the linearisation f(x) + J·d (an ellipse with semi-axes σ₁r, σ₂r along u₁, u₂).
//
// The maps (each chosen so that the directions have a meaning one can check by eye):
//   --map 2to2  f(x, y) = (ρ, θ), Cartesian to polar coordinates. J = diag(1, 1/ρ)·Q with Q the
//               rotation taking (x, y)/ρ to e₁, so σ = {1, 1/ρ}: the radial direction changes ρ
//               with gain 1, the tangential one changes θ with gain 1/ρ, and the SVD finds the
//               polar frame by itself. (A holomorphic map such as z² + z, i.e.
//               (x² − y² + x, 2xy + y), would be a poor choice: its J is a scaled rotation, so
//               σ₁ = σ₂ and the directions are not defined.)
//   --map 3to2  f(x, y, z) = (x/z, y/z), a pinhole camera. f is constant on rays through the
//               origin, so the null vector v₃ must be ±x/‖x‖, the viewing ray.
//
//   jacobian_directions                             # polar map at (0.3, 0.4), r = 0.15
//   jacobian_directions --point 1,-2 --radius 0.2
//   jacobian_directions --map 3to2 --point 2,1,2
//   jacobian_directions --radius 0.4                # too large: the O(r²) check fails
//   jacobian_directions --fd-step 1e-9              # too small: rounding breaks the O(h²) check
//
// Checks (exit 1 if one fails): ‖J − J_fd‖ ≤ C·h² (C from the third derivatives at x, plus the
// rounding term at h = ε^(1/3)); ‖J·vᵢ − σᵢuᵢ‖ and ‖J·v₃‖ within a few ε·‖J‖_F; the exact image
// of the circle within 1.5 × ½M₂·r² of the ellipse (M₂ the largest ‖D²f(x)(d, d)‖ over the
// circle's unit directions: the r → 0 limit of the distance / r²); σ₁ and σ_min equal to the
// largest and smallest ‖J·d‖ over sampled unit vectors d, within the sampling error.
//
// Exit status: 0 all checks pass, 1 a check fails (or the picture cannot be written), 2 bad command
// line (also a point where f is not smooth, or a radius that reaches such points).
//
// This file is the program (maps, derivatives, SVD, printed report, checks); the picture is drawn
// by jacobian_directions/picture.hpp from the curves computed here.
//
// References: G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed. (2013), §2.4 (the SVD
// and the 2-norm); J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed. (2006), §8.1
// (finite-difference derivatives, the step ε^(1/3) for central differences).
#include <algorithm>   // std::max, std::min
#include <cmath>       // std::hypot, std::atan2, std::cbrt, std::cos, std::sin
#include <cstddef>     // std::size_t
#include <cstdio>      // std::printf
#include <exception>   // std::exception
#include <functional>  // std::function
#include <limits>      // std::numeric_limits
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "jacobian_directions/format.hpp"   // fmt, vec_text
#include "jacobian_directions/picture.hpp"  // the two-panel picture
#include "plot.hpp"

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
using mat = svdkit::matrix<double>;
using vec = std::vector<double>;
using svdkit_examples::jacobian_directions::fmt;
using svdkit_examples::jacobian_directions::picture_input;
using svdkit_examples::jacobian_directions::vec_text;
using svdkit_examples::jacobian_directions::write_picture;
constexpr double pi = 3.14159265358979323846;
constexpr double eps = std::numeric_limits<double>::epsilon();
// The exact image may exceed the quadratic term ½M₂r² by the r³ term; this factor allows it half
// as much again, which holds while r is small next to the scale on which D²f changes (|x| for the
// polar map, |z| for the camera).
constexpr double taylor_safety = 1.5;

const char* const usage_text =
    "usage: jacobian_directions [--map 2to2|3to2] [--point x,y | x,y,z] [--radius r]\n"
    "                           [--fd-step H] [--out-dir DIR]\n"
    "\n"
    "The Jacobian J of a smooth map at a point, analytic and by finite differences, its SVD,\n"
    "and what the singular vectors mean; draws a circle of input steps and its images.\n"
    "\n"
    "  --map 2to2|3to2  2to2: f(x, y) = (rho, theta), Cartesian to polar (default);\n"
    "                   3to2: f(x, y, z) = (x/z, y/z), a pinhole camera\n"
    "  --point P        the point x: \"x,y\" (default 0.3,0.4) or \"x,y,z\" (default 2,1,2)\n"
    "  --radius r       the radius of the circle of input steps (default 0.15 for 2to2,\n"
    "                   0.3 for 3to2); it must stay below the distance to where f is not\n"
    "                   smooth (|x| for 2to2, |z| for 3to2)\n"
    "  --fd-step H      finite-difference step factor, h_j = H * max(1, |x_j|)\n"
    "                   (default eps^(1/3) = 6.06e-06)\n"
    "  --out-dir DIR    where to write jacobian_directions.svg (2to2) or\n"
    "                   jacobian_directions_3to2.svg (default: the current directory)\n"
    "  -h, --help       show this text\n"
    "\n"
    "Exit status: 0 all checks passed, 1 a check failed or the picture could not be written,\n"
    "2 bad command line.\n";

// ---------------------------------------------------------------------------------------------
// The maps: f, its Jacobian, its second derivatives and the third derivatives along the axes
// ---------------------------------------------------------------------------------------------

struct smooth_map {
    std::string key, formula, svg_title, out_x, out_y;  // out_x/out_y name the output axes
    std::size_t n = 2;                                  // input dimension; the output has 2
    std::function<vec(const vec&)> f;
    std::function<mat(const vec&)> jacobian;              // 2×n
    std::function<std::vector<mat>(const vec&)> hessian;  // D²fᵢ, n×n, for i = 1, 2
    std::function<mat(const vec&)> third;                 // ∂³fᵢ/∂x_j³, 2×n
};

// Cartesian → polar. θ is measured from the chosen point's angle θ₀ (a branch of atan2 that is
// continuous everywhere except on the ray opposite x, which the circle never reaches).
smooth_map polar_map(const vec& x0) {
    smooth_map m;
    m.key = "2to2";
    m.formula = "f(x, y) = (rho, theta) = (sqrt(x^2 + y^2), atan2(y, x))";
    m.svg_title = "f(x, y) = (ρ, θ), Cartesian to polar";
    m.out_x = "ρ";
    m.out_y = "θ (radians)";
    const double a = x0[0], b = x0[1], theta0 = std::atan2(b, a);
    m.f = [=](const vec& p) {
        return vec{std::hypot(p[0], p[1]), theta0 + std::atan2(a * p[1] - b * p[0], a * p[0] + b * p[1])};
    };
    // ∇ρ = (x, y)/ρ, ∇θ = (−y, x)/ρ². D²ρ = (ρ²I − ppᵀ)/ρ³; with θ = Im log z (z = x + iy),
    // ∂²θ/∂x² = Im(−1/z²) = −∂²θ/∂y² and ∂²θ/∂x∂y = −Re(1/z²).
    m.jacobian = [](const vec& p) {
        const double x = p[0], y = p[1], r = std::hypot(x, y), r2 = r * r;
        return mat{{x / r, y / r}, {-y / r2, x / r2}};
    };
    m.hessian = [](const vec& p) {
        const double x = p[0], y = p[1], r2 = x * x + y * y, r3 = r2 * std::sqrt(r2), r4 = r2 * r2;
        return std::vector<mat>{mat{{y * y / r3, -x * y / r3}, {-x * y / r3, x * x / r3}},
                                mat{{2 * x * y / r4, (y * y - x * x) / r4}, {(y * y - x * x) / r4, -2 * x * y / r4}}};
    };
    // ∂³ρ/∂x³ = −3xy²/ρ⁵, ∂³ρ/∂y³ = −3x²y/ρ⁵; ∂³θ/∂x³ = Im(2/z³), ∂³θ/∂y³ = Im(−2i/z³).
    m.third = [](const vec& p) {
        const double x = p[0], y = p[1], r2 = x * x + y * y, r5 = r2 * r2 * std::sqrt(r2), r6 = r2 * r2 * r2;
        return mat{{-3 * x * y * y / r5, -3 * x * x * y / r5},
                   {2 * y * (y * y - 3 * x * x) / r6, 2 * x * (3 * y * y - x * x) / r6}};
    };
    return m;
}

// The pinhole camera (x, y, z) ↦ (x/z, y/z).
smooth_map camera_map() {
    smooth_map m;
    m.key = "3to2";
    m.formula = "f(x, y, z) = (x/z, y/z)";
    m.svg_title = "f(x, y, z) = (x/z, y/z), a pinhole camera";
    m.out_x = "x/z";
    m.out_y = "y/z";
    m.n = 3;
    m.f = [](const vec& p) { return vec{p[0] / p[2], p[1] / p[2]}; };
    m.jacobian = [](const vec& p) {
        const double x = p[0], y = p[1], z = p[2];
        return mat{{1 / z, 0, -x / (z * z)}, {0, 1 / z, -y / (z * z)}};
    };
    m.hessian = [](const vec& p) {
        const double x = p[0], y = p[1], z = p[2], z2 = z * z, z3 = z2 * z;
        return std::vector<mat>{mat{{0, 0, -1 / z2}, {0, 0, 0}, {-1 / z2, 0, 2 * x / z3}},
                                mat{{0, 0, 0}, {0, 0, -1 / z2}, {0, -1 / z2, 2 * y / z3}}};
    };
    m.third = [](const vec& p) {
        const double z4 = p[2] * p[2] * p[2] * p[2];
        return mat{{0, 0, -6 * p[0] / z4}, {0, 0, -6 * p[1] / z4}};
    };
    return m;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

vec column(const mat& a, std::size_t j) {
    vec c(a.rows());
    for (std::size_t i = 0; i < a.rows(); ++i) c[i] = a(i, j);
    return c;
}
double dot(const vec& a, const vec& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}
double norm(const vec& v) { return std::sqrt(dot(v, v)); }
vec times(const mat& a, const vec& d) {  // a·d
    vec out(a.rows(), 0.0);
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) out[i] += a(i, j) * d[j];
    return out;
}
vec axpy(vec x, double r, const vec& d) {  // x + r·d
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += r * d[i];
    return x;
}
// ‖(dᵀH₁d, dᵀH₂d)‖ = ‖D²f(x)(d, d)‖
double second_term(const std::vector<mat>& h, const vec& d) {
    return std::hypot(dot(d, times(h[0], d)), dot(d, times(h[1], d)));
}

// One check's line: value <= limit, or lo <= value <= limit when a lower end is given.
bool report(const std::string& what, double value, double limit, std::optional<double> lo = std::nullopt) {
    const bool ok = value <= limit && (!lo || value >= *lo);
    const std::string range = lo ? "in [" + fmt("%.1e", *lo) + ", " + fmt("%.1e", limit) + "]" : "limit " + fmt("%.2e", limit);
    std::printf("  %-58s %.2e  (%s)  %s\n", what.c_str(), value, range.c_str(), ok ? "PASS" : "FAILED");
    return ok;
}

// "a,b[,c]" -> numbers (count checked later, when --map is known).
vec parse_point(const std::string& text) {
    vec p;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        p.push_back(cli::number(item, "--point '" + text + "'"));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return p;
}

// ---------------------------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------------------------

struct options {
    std::string map = "2to2";
    vec point;
    double radius = 0;  // 0: the map's default, 0.15 (2to2) or 0.3 (3to2)
    double fd_factor = std::cbrt(eps);
    std::string out_dir = ".";
};

int run(const options& opt) {
    const smooth_map m = opt.map == "2to2" ? polar_map(opt.point) : camera_map();
    const vec& x = opt.point;
    const std::size_t n = m.n;
    const double r = opt.radius;
    const vec fx = m.f(x);
    const mat j = m.jacobian(x);

    std::printf("map: %s\npoint: x = %s, f(x) = %s\n\n", m.formula.c_str(), vec_text(x, "%g").c_str(),
                vec_text(fx).c_str());

    // Central differences with the step made exact in floating point ((x + h) − x).
    mat j_fd(2, n), c_bound(2, n), err(2, n);
    const mat third = m.third(x);
    double h_max = 0;
    for (std::size_t col = 0; col < n; ++col) {
        const double scale = std::max(1.0, std::fabs(x[col]));
        volatile double up = x[col] + opt.fd_factor * scale;
        const double h = up - x[col];
        h_max = std::max(h_max, h);
        vec xp = x, xm = x;
        xp[col] += h;
        xm[col] -= h;
        const vec fp = m.f(xp), fm = m.f(xm);
        for (std::size_t i = 0; i < 2; ++i) {
            j_fd(i, col) = (fp[i] - fm[i]) / (2 * h);
            err(i, col) = j(i, col) - j_fd(i, col);
            // Error = h²/6·∂³fᵢ/∂x_j³ + O(h⁴), plus rounding ≈ ε·|fᵢ|/h; at h₀ = ε^(1/3)·scale the
            // latter is ε·|fᵢ|/h₀³·h₀² = |fᵢ|/scale³·h₀². C takes twice the first and 8× the second.
            c_bound(i, col) = (std::fabs(third(i, col)) / 3 + 8 * (std::fabs(fx[i]) + 1) / (scale * scale * scale)) * h * h;
        }
    }
    std::printf("Jacobian J = df/dx at x:\n  %-*s   %-*s   J - J_fd\n", static_cast<int>(16 * n + 3), "analytic J",
                static_cast<int>(16 * n + 3), "central differences J_fd");
    for (std::size_t i = 0; i < 2; ++i) {
        std::string a = "[", b = "[", c = "[";
        for (std::size_t col = 0; col < n; ++col) {
            a += fmt(" %15.10f", j(i, col));
            b += fmt(" %15.10f", j_fd(i, col));
            c += fmt(" %9.1e", err(i, col));
        }
        std::printf("  %s ]   %s ]   %s ]\n", a.c_str(), b.c_str(), c.c_str());
    }
    std::printf("  (step h_j = %.3g * max(1, |x_j|); the difference is O(h^2): h^2 = %.2e)\n\n", opt.fd_factor,
                h_max * h_max);

    // The SVD, with each pair (uᵢ, vᵢ) signed so that uᵢ's largest entry is positive, and for
    // 3to2 the null vector pointing away from the origin (v₃·x > 0).
    svdkit::svd_result<double> s = svdkit::svd(j, svdkit::vectors::full);
    for (std::size_t i = 0; i < 2; ++i) {
        const bool flip = std::fabs(s.u(1, i)) > std::fabs(s.u(0, i)) + 1e-12 ? s.u(1, i) < 0 : s.u(0, i) < 0;
        if (!flip) continue;
        for (std::size_t k = 0; k < 2; ++k) s.u(k, i) = -s.u(k, i);
        for (std::size_t k = 0; k < n; ++k) s.v(k, i) = -s.v(k, i);
    }
    if (n == 3 && dot(column(s.v, 2), x) < 0)
        for (std::size_t k = 0; k < 3; ++k) s.v(k, 2) = -s.v(k, 2);
    const vec u1 = column(s.u, 0), u2 = column(s.u, 1), v1 = column(s.v, 0), v2 = column(s.v, 1);
    const double s1 = s.s[0], s2 = s.s[1];

    std::printf("SVD J = U Sigma V^T (svdkit::svd):\n  sigma1 = %.10f, sigma2 = %.10f\n", s1, s2);
    std::printf("  u1 = %s, u2 = %s\n  v1 = %s, v2 = %s\n", vec_text(u1).c_str(), vec_text(u2).c_str(),
                vec_text(v1).c_str(), vec_text(v2).c_str());
    if (n == 3) std::printf("  v3 = %s (null space)\n", vec_text(column(s.v, 2)).c_str());

    std::printf("\nWhat it means:\n");
    std::printf("  v1 = %s is the input direction of largest change: a step of length r\n"
                "     along it moves f by about sigma1 * r = %.4g r, in the direction u1 = %s.\n",
                vec_text(v1, "%.4f").c_str(), s1, vec_text(u1, "%.4f").c_str());
    std::printf("  v2 = %s is the direction of least change%s:\n     gain sigma2 = %.4g, towards u2 = %s.\n",
                vec_text(v2, "%.4f").c_str(), n == 3 ? " outside the null space" : "", s2,
                vec_text(u2, "%.4f").c_str());
    if (s2 > s1 * (1 - 1e-8))
        std::printf("  sigma1 = sigma2: every direction has the same gain, so v1 and v2 are not unique here.\n");
    const double xn = norm(x);
    if (m.key == "2to2") {
        const double c1 = std::fabs(dot(v1, x)) / xn;
        std::printf("  Here v1 is %s and v2 %s:\n"
                    "  the SVD has found the polar frame. Radial steps change rho with gain 1, tangential\n"
                    "  ones change theta with gain 1/rho = %.4g; the larger of the two is sigma1.\n",
                    c1 > 0.5 ? "radial (along x)" : "tangential (along the circle through x)",
                    c1 > 0.5 ? "tangential" : "radial", 1 / xn);
    } else {
        const vec v3 = column(s.v, 2);
        std::printf("  v3 = %s spans the null space: J v3 = 0, so steps along it do not change f to\n"
                    "     first order. cos(v3, x) = %.10f: v3 is the viewing ray through the camera centre,\n"
                    "     on which f is constant.\n",
                    vec_text(v3, "%.4f").c_str(), dot(v3, x) / xn);
    }

    // Checks.
    std::printf("\nchecks:\n");
    bool ok = true;
    const double fd_error = svdkit::frobenius_norm(err), fd_limit = svdkit::frobenius_norm(c_bound);
    ok &= report("finite differences ||J - J_fd||_F <= C h^2", fd_error, fd_limit);
    const double norm_j = svdkit::frobenius_norm(j), pair_limit = 10 * static_cast<double>(n) * eps * norm_j;
    double pair_error = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        vec e = times(j, column(s.v, i));
        for (std::size_t k = 0; k < 2; ++k) e[k] -= s.s[i] * s.u(k, i);
        pair_error = std::max(pair_error, norm(e));
    }
    ok &= report("pairs max ||J v_i - sigma_i u_i||  (10 n eps ||J||_F)", pair_error, pair_limit);
    if (n == 3) ok &= report("null vector ||J v3||", norm(times(j, column(s.v, 2))), pair_limit);

    // The circle of input steps: in the plane for 2to2, in the plane of v₁, v₂ for 3to2.
    const std::vector<mat> hess = m.hessian(x);
    const int steps = 720;
    std::vector<vec> dirs;
    for (int k = 0; k < steps; ++k) {
        const double t = 2 * pi * k / steps;
        dirs.push_back(n == 2 ? vec{std::cos(t), std::sin(t)} : axpy(vec(3, 0.0), std::cos(t), v1));
        if (n == 3) dirs.back() = axpy(dirs.back(), std::sin(t), v2);
    }
    double remainder = 0, m2 = 0;
    std::vector<plot::point> exact, linear, input;
    for (const vec& d : dirs) {
        const vec fd = m.f(axpy(x, r, d)), jd = times(j, d);
        remainder = std::max(remainder, std::hypot(fd[0] - fx[0] - r * jd[0], fd[1] - fx[1] - r * jd[1]));
        m2 = std::max(m2, second_term(hess, d));
        exact.push_back({fd[0], fd[1]});
        linear.push_back({fx[0] + r * jd[0], fx[1] + r * jd[1]});
        input.push_back(n == 2 ? plot::point{x[0] + r * d[0], x[1] + r * d[1]}
                               : plot::point{r * dot(d, v1), r * dot(d, v2)});
    }
    const double round_term = 16 * eps * (norm(fx) + r * norm_j) / (r * r);
    std::printf("  circle of radius r = %g: max ||f(x + r d) - (f(x) + J r d)|| = %.4e = %.4f r^2\n", r, remainder,
                remainder / (r * r));
    std::printf("  (Taylor: the r -> 0 limit of that ratio is max ||D2f(x)(d, d)|| / 2 = %.4f)\n", m2 / 2);
    ok &= report("image of the circle vs the ellipse, distance / r^2", remainder / (r * r),
                 taylor_safety * m2 / 2 + round_term);
    if (n == 3) {
        const vec v3 = column(s.v, 2);
        double line = 0;
        for (double sign : {-1.0, 1.0}) line = std::max(line, norm(axpy(m.f(axpy(x, sign * r, v3)), -1, fx)));
        std::printf("  along the null vector: max ||f(x +- r v3) - f(x)|| = %.3e (second-order term %.3e)\n", line,
                    second_term(hess, v3) * r * r / 2);
        ok &= report("null direction, ||f(x +- r v3) - f(x)|| / r^2", line / (r * r),
                     taylor_safety * second_term(hess, v3) / 2 + round_term);
    }

    // σ₁ = max ‖J d‖ and σ_min = min ‖J d‖ over unit d, sampled: on the circle (2to2) every unit
    // vector is within δ = π/N of a sample; on the sphere grid (3to2, P rings × Q meridians, rings
    // at (i + ½)π/P) within δ = π/(2P) + π/Q. The sampled max then lies in [σ₁ cos δ, σ₁] and the
    // sampled min in [σ_min, sqrt(σ_min² + σ₁² sin² δ)].
    std::vector<vec> units;
    double delta = 0;
    if (n == 2) {
        units = dirs;
        delta = pi / steps;
    } else {
        const int rings = 180, meridians = 360;
        for (int i = 0; i < rings; ++i)
            for (int k = 0; k < meridians; ++k) {
                const double phi = (i + 0.5) * pi / rings, lam = 2 * pi * k / meridians;
                units.push_back({std::sin(phi) * std::cos(lam), std::sin(phi) * std::sin(lam), std::cos(phi)});
            }
        delta = pi / (2 * rings) + pi / meridians;
    }
    double gain_max = 0, gain_min = std::numeric_limits<double>::infinity();
    for (const vec& d : units) {
        const double g = norm(times(j, d));
        gain_max = std::max(gain_max, g);
        gain_min = std::min(gain_min, g);
    }
    const double s_min = n == 2 ? s2 : 0.0, tiny = 8 * eps * s1;
    std::printf("  over %zu unit directions d: max ||J d|| = %.10f, min ||J d|| = %.10f (sampling angle %.2e)\n",
                units.size(), gain_max, gain_min, delta);
    ok &= report("sampled: sigma1 - max ||J d||", s1 - gain_max, s1 * (1 - std::cos(delta)) + tiny, -tiny);
    const double top = std::sqrt(s_min * s_min + s1 * s1 * std::sin(delta) * std::sin(delta));
    ok &= report(std::string("sampled: min ||J d|| - ") + (n == 2 ? "sigma2" : "sigma3 (= 0)"), gain_min - s_min,
                 top - s_min + tiny, -tiny);

    // The picture (jacobian_directions/picture.hpp).
    const picture_input pic{n, x, xn, r, fx, s1, s2, u1, u2, v1, v2, n == 3 ? column(s.v, 2) : vec{},
                            m.svg_title, m.out_x, m.out_y, exact, linear, input, remainder, m2};
    const std::string file = opt.out_dir + "/jacobian_directions" + (n == 3 ? "_3to2" : "") + ".svg";
    try {
        write_picture(file, pic);
        std::printf("\npicture: %s\n", file.c_str());
    } catch (const std::exception& e) {
        std::printf("\npicture: FAILED: %s\n", e.what());
        ok = false;
    }
    std::printf("%s\n", ok ? "all checks passed" : "SOME CHECKS FAILED");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    options opt;
    bool point_given = false;
    cli::parser args(usage_text);
    args.accept_equals()
        .value("--map",
               [&](const std::string& v) {
                   if (v != "2to2" && v != "3to2") throw cli::usage_error("--map must be 2to2 or 3to2, got '" + v + "'");
                   opt.map = v;
               })
        .value("--point",
               [&](const std::string& v) {
                   opt.point = parse_point(v);
                   point_given = true;
               })
        .value("--radius",
               [&](const std::string& v) {
                   opt.radius = cli::number(v, "--radius");
                   if (!(opt.radius > 0)) throw cli::usage_error("--radius must be > 0, got " + v);
               })
        .value("--fd-step",
               [&](const std::string& v) {
                   opt.fd_factor = cli::number(v, "--fd-step");
                   if (!(opt.fd_factor > 0 && opt.fd_factor < 0.1))
                       throw cli::usage_error("--fd-step must be in (0, 0.1), got " + v);
               })
        .value("--out-dir", [&](const std::string& v) {
            if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
            opt.out_dir = v;
        });
    // The point and radius are checked once --map is known: the right count, and a circle that
    // stays where f is smooth (away from the origin for polar, from the plane z = 0 for the camera).
    const auto check_all = [&] {
        const std::size_t n = opt.map == "2to2" ? 2 : 3;
        if (!point_given) opt.point = n == 2 ? vec{0.3, 0.4} : vec{2, 1, 2};
        if (opt.radius == 0) opt.radius = n == 2 ? 0.15 : 0.3;
        if (opt.point.size() != n)
            throw cli::usage_error("--point: expected " + std::to_string(n) + " numbers (" +
                                   (n == 2 ? "x,y" : "x,y,z") + ") for --map " + opt.map + ", got " +
                                   std::to_string(opt.point.size()));
        const double dist = n == 2 ? std::hypot(opt.point[0], opt.point[1]) : std::fabs(opt.point[2]);
        if (dist == 0)
            throw cli::usage_error(std::string("--point ") + (n == 2 ? "0,0: f is not differentiable at the origin"
                                                                      : "with z = 0: the camera map divides by z"));
        if (!(opt.radius < dist))
            throw cli::usage_error(std::string("--radius must be below the distance from the point to ") +
                                   (n == 2 ? "the origin" : "the plane z = 0") + " (" + fmt("%g", dist) +
                                   "), where f is not smooth; got " + fmt("%g", opt.radius));
    };
    if (const std::optional<int> status = args.parse(argc, argv, check_all)) return *status;
    try {
        return run(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    }
    return 1;
}
