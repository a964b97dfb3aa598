// rotation_scale_rotation: every 2×2 matrix is a rotation (or reflection), a stretch along
// the axes, and another rotation (or reflection). This program computes A = U·Σ·Vᵀ with
// svdkit::svd, prints the factors and what each one does to the plane, and checks the
// result: ‖A − UΣVᵀ‖_F, the orthogonality of U and V, A·vᵢ = σᵢ·uᵢ, the orientation rule
// det(A) = det(U)·σ₁σ₂·det(V), and optionally the singular values against expected ones
// (--expect, used by the tests). It draws the four stages of x ↦ U(Σ(Vᵀx)) applied to the
// unit circle, as one SVG with four panels and as an animated SVG (SMIL). A third, animated
// picture sweeps a unit vector v round the circle: Av lies along a left singular vector uᵢ, with
// length σᵢ, only when v = ±vᵢ, and AᵀA v lies on v's own line only there (AᵀA vᵢ = σᵢ² vᵢ: the
// right singular vectors are the eigenvectors of AᵀA); the program checks both at the marks.
//
// This file is the program: options, the SVD, the printed story and the checks. The pictures are
// drawn by rotation_scale_rotation/four_panels.hpp, animation.hpp and av_sigma_u.hpp, with shared
// pieces in plane.hpp, smil.hpp and words.hpp there.
//
// References: G. Strang, Introduction to Linear Algebra, 5th ed., §7.1–7.2 (A v = σ u, AᵀA v = σ² v);
// G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed., §2.4 (the SVD).
//
//   rotation_scale_rotation                       # A = [[3, 0], [4, 5]]: σ = 3√5, √5
//   rotation_scale_rotation --matrix "1 2; 2 4"   # singular: σ₂ = 0, the ellipse is a segment
//   rotation_scale_rotation --out-dir pictures    # where the three SVG files go (default: .)
//
// Exit status: 0 when every check passes, 1 when one fails or svd() reports an error (or a
// picture cannot be written), 2 for a bad command line.
#include <algorithm>  // std::max
#include <cerrno>     // errno, ERANGE
#include <cmath>      // std::atan2, std::fabs, std::hypot, std::isfinite
#include <cstddef>    // std::size_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <cstdlib>    // std::strtod
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "measures.hpp"
#include "plot.hpp"
#include "rotation_scale_rotation/animation.hpp"    // the animated A = U Sigma V^T
#include "rotation_scale_rotation/av_sigma_u.hpp"   // the animated A v = sigma u, and its sweep's residuals
#include "rotation_scale_rotation/four_panels.hpp"  // the four-panel still picture
#include "rotation_scale_rotation/words.hpp"        // det2, describe, degrees, pi

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
using namespace svdkit_examples::rotation_scale_rotation;  // the pictures and their words (rotation_scale_rotation/)

// Relative tolerances of the built-in checks. A backward-stable SVD of a 2×2 matrix
// is good to a few units of double's 2.2e-16; these leave a wide margin.
constexpr double reconstruction_tolerance = 1e-12;  // ‖A − UΣVᵀ‖_F ≤ this · ‖A‖_F
constexpr double orthogonality_tolerance = 1e-12;   // ‖UᵀU − I‖_F, ‖VᵀV − I‖_F ≤ this
constexpr double expect_tolerance = 1e-14;          // |σᵢ − eᵢ| ≤ this · eᵢ (or · e₁ when eᵢ = 0)
constexpr double pair_tolerance = 1e-12;            // ‖A·vᵢ − σᵢ·uᵢ‖ ≤ this · ‖A‖_F

const char* const usage_text =
    "usage: rotation_scale_rotation [--matrix \"a b; c d\"] [--expect \"s1 s2\"] [--out-dir DIR]\n"
    "                               [--name BASE]\n"
    "\n"
    "Writes the 2x2 matrix A as U * Sigma * V^T (its singular value decomposition),\n"
    "says what each factor does to the plane, and draws it.\n"
    "\n"
    "  --matrix \"a b; c d\"  the matrix, row by row (default: \"3 0; 4 5\")\n"
    "  --expect \"s1 s2\"     also check the singular values against s1 >= s2, to 1e-14\n"
    "                       relative (relative to s1 where a value is 0)\n"
    "  --out-dir DIR        where to write rotation_scale_rotation.svg (four panels),\n"
    "                       rotation_scale_rotation_animated.svg and\n"
    "                       rotation_scale_rotation_av_sigma_u.svg (A v = sigma u, animated)\n"
    "                       (default: the current directory)\n"
    "  --name BASE          use BASE.svg, BASE_animated.svg and BASE_av_sigma_u.svg instead\n"
    "  -h, --help           show this text\n"
    "\n"
    "Exit status: 0 all checks passed, 1 a check failed, the SVD reported an error or a\n"
    "picture could not be written, 2 bad command line.\n";

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

// Whitespace- or comma-separated numbers, e.g. "3 0" or "3, 0".
std::vector<double> parse_numbers(const std::string& text, const std::string& what) {
    std::vector<double> values;
    std::size_t pos = 0;
    while (true) {
        pos = text.find_first_not_of(" \t,", pos);
        if (pos == std::string::npos) break;
        const std::size_t end = std::min(text.find_first_of(" \t,", pos), text.size());
        const std::string token = text.substr(pos, end - pos);
        char* stop = nullptr;
        errno = 0;
        const double x = std::strtod(token.c_str(), &stop);
        if (stop != token.c_str() + token.size() || token.empty())
            throw cli::usage_error(what + ": '" + token + "' is not a number");
        if (errno == ERANGE && std::fabs(x) > 1)
            throw cli::usage_error(what + ": '" + token + "' is out of range for double");
        values.push_back(x);
        pos = end;
    }
    return values;
}

// "a b; c d" -> the 2×2 matrix [[a, b], [c, d]].
svdkit::matrix<double> parse_matrix(const std::string& text) {
    std::vector<std::string> rows;
    std::size_t start = 0;
    while (true) {
        const std::size_t semi = text.find(';', start);
        rows.push_back(trim(text.substr(start, semi == std::string::npos ? std::string::npos : semi - start)));
        if (semi == std::string::npos) break;
        start = semi + 1;
    }
    if (rows.size() != 2)
        throw cli::usage_error("--matrix \"" + text + "\": expected 2 rows separated by ';', got " +
                          std::to_string(rows.size()));
    svdkit::matrix<double> a(2, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string what = "--matrix row " + std::to_string(i + 1) + " (\"" + rows[i] + "\")";
        const std::vector<double> row = parse_numbers(rows[i], what);
        if (row.size() != 2)
            throw cli::usage_error(what + ": expected 2 numbers, got " + std::to_string(row.size()));
        a(i, 0) = row[0];
        a(i, 1) = row[1];
    }
    return a;
}

// Fixed four decimals, with values that round to zero printed as 0.0000 (never -0.0000).
std::string fixed4(double x) {
    if (std::fabs(x) < 5e-5) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
}

void print_matrix(const char* name, const svdkit::matrix<double>& m) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < m.rows(); ++i)
        for (std::size_t j = 0; j < m.cols(); ++j) width = std::max(width, fixed4(m(i, j)).size());
    std::printf("%s =\n", name);
    for (std::size_t i = 0; i < m.rows(); ++i) {
        std::printf("  [");
        for (std::size_t j = 0; j < m.cols(); ++j) std::printf(" %*s", static_cast<int>(width), fixed4(m(i, j)).c_str());
        std::printf(" ]\n");
    }
}


// Products and norms: svdkit::multiply and svdkit::frobenius_norm (products.hpp).
using svdkit::frobenius_norm;
using svdkit::multiply;

using svdkit_examples::orthogonality_error;  // ‖QᵀQ − I‖_F (measures.hpp)

bool report(const char* what, double value, double limit) {
    const bool ok = value <= limit;
    std::printf("  %-44s %.2e  (limit %.2e)  %s\n", what, value, limit, ok ? "ok" : "FAILED");
    return ok;
}

// ---------------------------------------------------------------------------------------------
// Sign choice
// ---------------------------------------------------------------------------------------------

// Negates column j of U and of V together, which leaves U·Σ·Vᵀ unchanged.
void negate_pair(svdkit::matrix<double>& u, svdkit::matrix<double>& v, std::size_t j) {
    for (std::size_t i = 0; i < 2; ++i) {
        u(i, j) = -u(i, j);
        v(i, j) = -v(i, j);
    }
}

// The SVD fixes each pair (column j of U, column j of V) only up to a common sign. Negating one
// pair flips the sign of det(U) and of det(V); negating both pairs turns U and V by 180 degrees.
// The pictures use one canonical choice so that the same A always gives the same story: V a
// rotation (Vᵀ, the first stage, never mirrors the plane) by an angle in (-90, 90] degrees.
// Then det(U) = sign(det A) carries any reflection. Returns what was changed ("" if nothing).
std::string choose_signs(svdkit::matrix<double>& u, svdkit::matrix<double>& v) {
    bool negated[2] = {false, false};
    if (det2(v) < 0) {
        negate_pair(u, v, 1);
        negated[1] = !negated[1];
    }
    const double theta = std::atan2(v(1, 0), v(0, 0)) * 180 / pi;
    if (theta <= -90 || theta > 90) {
        for (std::size_t j = 0; j < 2; ++j) {
            negate_pair(u, v, j);
            negated[j] = !negated[j];
        }
    }
    if (negated[0] && negated[1]) return "negate both columns of U and of V";
    if (negated[0] || negated[1]) return std::string("negate column ") + (negated[0] ? "1" : "2") + " of U and of V";
    return "";
}

// ---------------------------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------------------------

int run(const svdkit::matrix<double>& a, const std::vector<double>& expected, const std::string& out_dir,
        const std::string& name) {
    const svdkit::svd_result<double> r = svdkit::svd(a, svdkit::vectors::full);
    if (r.s.size() != 2 || r.u.rows() != 2 || r.u.cols() != 2 || r.v.rows() != 2 || r.v.cols() != 2) {
        std::fprintf(stderr, "error: svd of a 2x2 matrix returned %zu values, U %zux%zu, V %zux%zu\n", r.s.size(),
                     r.u.rows(), r.u.cols(), r.v.rows(), r.v.cols());
        return 1;
    }
    if (!std::isfinite(r.s[0])) {  // finite entries, but σ₁ ≥ ‖A‖_F/√2 can exceed the largest double
        std::fprintf(stderr, "error: sigma1 = %g is beyond the range of double (entries too close to %g); "
                             "scale the matrix down\n", r.s[0], std::numeric_limits<double>::max());
        return 1;
    }
    svdkit::matrix<double> sigma(2, 2);
    sigma(0, 0) = r.s[0];
    sigma(1, 1) = r.s[1];

    print_matrix("A", a);
    std::printf("\nA = U * Sigma * V^T with\n");
    print_matrix("U", r.u);
    print_matrix("Sigma", sigma);
    print_matrix("V", r.v);

    std::printf("\nsingular values: sigma1 = %.16g, sigma2 = %.16g\n", r.s[0], r.s[1]);
    const double det_u = det2(r.u);
    const double det_v = det2(r.v);
    std::printf("det(U) = %+.4f: U is a %s\n", det_u, det_u > 0 ? "rotation (+1)" : "reflection (-1)");
    std::printf("det(V) = %+.4f: V is a %s\n", det_v, det_v > 0 ? "rotation (+1)" : "reflection (-1)");
    if (det_u * det_v < 0 && det2(a) < 0)
        std::printf("(det(A) = %s < 0, so one of U and V has to be a reflection.)\n", fixed4(det2(a)).c_str());

    // The same decomposition with the pictures' sign convention (see choose_signs).
    svdkit::matrix<double> u = r.u;
    svdkit::matrix<double> v = r.v;
    const std::string changed = choose_signs(u, v);
    if (changed.empty()) {
        std::printf("\nThese signs already follow the pictures' convention (V a rotation by less than 90 degrees).\n");
    } else {
        std::printf("\nNegating column j of both U and V leaves U * Sigma * V^T unchanged. The pictures\n"
                    "use V a rotation by less than 90 degrees, so they %s:\n", changed.c_str());
        print_matrix("U'", u);
        print_matrix("V'", v);
    }

    // σ₂ below 1e-12·σ₁ is zero to working precision (an exactly singular A usually gives ~1e-16·σ₁).
    const char* remark = r.s[0] == 0                 ? " (A is zero: every x goes to the origin)"
                         : r.s[1] <= 1e-12 * r.s[0] ? " (in effect 0: A flattens the plane onto a line)"
                                                    : "";
    std::printf("\nSo A x = U (Sigma (V^T x)):\n");
    std::printf("  1. V^T is %s (det V = %+.0f): it takes v1, v2 to the axes e1, e2;\n", describe(v, true).c_str(), det2(v));
    std::printf("  2. Sigma scales the first axis by %s and the second by %s%s;\n", fixed4(r.s[0]).c_str(),
                fixed4(r.s[1]).c_str(), remark);
    std::printf("  3. U is %s (det U = %+.0f): it takes e1, e2 to u1, u2.\n", describe(u, false).c_str(), det2(u));

    std::printf("\nchecks:\n");
    const svdkit::matrix<double> usvt = multiply(multiply(r.u, sigma), r.v.transpose());
    svdkit::matrix<double> diff = a;
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = 0; i < 2; ++i) diff(i, j) -= usvt(i, j);
    const double norm_a = frobenius_norm(a);
    bool ok = report("reconstruction ||A - U Sigma V^T||_F", frobenius_norm(diff), reconstruction_tolerance * norm_a);
    ok &= report("orthogonality ||U^T U - I||_F", orthogonality_error(r.u), orthogonality_tolerance);
    ok &= report("orthogonality ||V^T V - I||_F", orthogonality_error(r.v), orthogonality_tolerance);
    ok &= report("ordering max(0, sigma2 - sigma1, -sigma2)", std::max({0.0, r.s[1] - r.s[0], -r.s[1]}), 0);
    // A·vᵢ = σᵢ·uᵢ for the pictures' (sign-adjusted) pairs: the adjustment must keep them pairs.
    double pair_error = 0;
    for (std::size_t j = 0; j < 2; ++j)
        pair_error = std::max(pair_error, std::hypot(a(0, 0) * v(0, j) + a(0, 1) * v(1, j) - r.s[j] * u(0, j),
                                                     a(1, 0) * v(0, j) + a(1, 1) * v(1, j) - r.s[j] * u(1, j)));
    ok &= report("pairs ||A v_i - sigma_i u_i|| (as drawn)", pair_error, pair_tolerance * norm_a);
    // Orientation: det(A) = det(U)·σ₁σ₂·det(V), so sign(det U · det V) = sign(det A) unless A is
    // singular to working precision (|det A| tiny next to ‖A‖²), where either sign is right.
    const double det_a = det2(a);
    if (std::fabs(det_a) > 1e-12 * norm_a * norm_a) {
        const bool same = (det2(u) * det2(v) > 0) == (det_a > 0);
        std::printf("  %-44s %s  %s\n", "orientation sign(det U det V) = sign(det A)", same ? "yes" : "no",
                    same ? "ok" : "FAILED");
        ok &= same;
    }
    if (!expected.empty()) {
        for (std::size_t i = 0; i < 2; ++i) {
            const double scale = expected[i] != 0 ? std::fabs(expected[i]) : std::fabs(expected[0]);
            const std::string what = "sigma" + std::to_string(i + 1) + " vs --expect " + std::to_string(expected[i]);
            ok &= report(what.c_str(), std::fabs(r.s[i] - expected[i]), expect_tolerance * scale);
        }
    }

    // A v = σ u and AᵀA v = σ² v along the sweep the picture draws: at its marks v = ±vᵢ, Av lies
    // along uᵢ with length σᵢ and AᵀA v = σᵢ² v, to rounding (v carries an error of a few ε from
    // cos and sin of α + k·90°, A·v and AᵀA·v add a few ε‖A‖ and ε‖A‖², and so does the SVD);
    // between the marks AᵀA v must leave v's line, unless σ₁ = σ₂ makes every v a singular vector.
    std::printf("\nA v = sigma u, A^T A v = sigma^2 v along the animated sweep (v = +-v1, +-v2 at the marks):\n");
    const sweep sw{std::atan2(v(1, 0), v(0, 0))};
    const picture_input pic{a, u, v, r.s};
    const sweep_residuals sr = measure_sweep(pic, sw);
    const double eps = std::numeric_limits<double>::epsilon();
    ok &= report("marks: max |Av x u_i| (Av along u_i)", sr.off_u, 16 * eps * norm_a);
    ok &= report("marks: max | |Av| - sigma_i |", sr.off_length, 16 * eps * norm_a);
    ok &= report("marks: max ||A^T A v - sigma_i^2 v||", sr.off_eigen, 16 * eps * norm_a * norm_a);
    if (r.s[0] - r.s[1] > 1e-12 * r.s[0]) {
        // |v × AᵀA v| = (σ₁² − σ₂²)|cos φ sin φ| for v at angle φ from v₁: far above rounding off the marks.
        const bool off_line = sr.min_cross > 1000 * eps * norm_a * norm_a;
        std::printf("  %-44s %.2e  (must exceed %.2e)  %s\n", "between marks: min |A^T A v x v|", sr.min_cross,
                    1000 * eps * norm_a * norm_a, off_line ? "ok" : "FAILED");
        std::printf("  %-44s %s)\n", "  (smallest angle between A^T A v and v:", degrees(sr.min_angle).c_str());
        ok &= off_line;
    } else {  // σ₁ = σ₂: AᵀA = σ²I, so AᵀA v stays on v's line all the way round
        ok &= report("sigma1 = sigma2: max |A^T A v x v| (on v's line)", sr.max_cross, 16 * eps * norm_a * norm_a);
    }

    const std::string dir = out_dir.empty() ? "." : out_dir;
    const std::string still = dir + "/" + name + ".svg", moving = dir + "/" + name + "_animated.svg";
    const std::string av = dir + "/" + name + "_av_sigma_u.svg";
    try {
        write_four_panels(still, pic);
        const double frame_error = write_animation(moving, pic);
        write_av_sigma_u(av, pic, sw);
        std::printf("\npictures: %s (four panels), %s (animated),\n          %s (A v = sigma u, animated)\n",
                    still.c_str(), moving.c_str(), av.c_str());
        ok &= report("animation: last frame vs A, max|entry|/||A||_F", frame_error, reconstruction_tolerance);
    } catch (const std::exception& e) {
        std::printf("\npictures: FAILED: %s\n", e.what());
        ok = false;
    }
    std::printf("%s\n", ok ? "all checks passed" : "SOME CHECKS FAILED");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    svdkit::matrix<double> a{{3, 0}, {4, 5}};
    std::vector<double> expected;
    std::string out_dir = ".", name = "rotation_scale_rotation";
    cli::parser args(usage_text);
    args.accept_equals()
        .value("--matrix", [&](const std::string& v) { a = parse_matrix(v); })
        .value("--expect",
               [&](const std::string& v) {
                   expected = parse_numbers(v, "--expect \"" + v + "\"");
                   if (expected.size() != 2)
                       throw cli::usage_error("--expect \"" + v + "\": expected 2 numbers, got " +
                                              std::to_string(expected.size()));
               })
        .value("--out-dir",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
                   out_dir = v;
               })
        .value("--name", [&](const std::string& v) {
            if (v.empty() || v.find('/') != std::string::npos)
                throw cli::usage_error("--name needs a file name without '/', got '" + v + "'");
            name = v;
        });
    if (const std::optional<int> status = args.parse(argc, argv)) return *status;

    try {
        return run(a, expected, out_dir, name);
    } catch (const svdkit::non_finite_input& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: svdkit::svd failed: %s\n", e.what());
    }
    return 1;
}
