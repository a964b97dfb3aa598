// svd_walkthrough: the full SVD of a small random matrix, step by step, and A rebuilt from it
// one rank-one layer at a time.
//
// The usual first session with an SVD routine: draw a random 6×4 matrix A, ask for its full SVD
// A = U·Σ·Vᵀ (U 6×6 and V 4×4 orthogonal, Σ 6×4 with σ₁ ≥ … ≥ σ₄ ≥ 0 on its diagonal), build Σ
// as that 6×4 rectangle, and check ‖A − UΣVᵀ‖_F. The product is also a sum of rank-one layers,
//
//     A = σ₁u₁v₁ᵀ + σ₂u₂v₂ᵀ + … + σ_r u_r v_rᵀ,          r = min(m, n),
//
// and the partial sum A_k of the first k layers is the best rank-k approximation of A in both the
// 2-norm and the Frobenius norm (Eckart-Young-Mirsky), with the errors given by the σ alone:
//
//     ‖A − A_k‖₂ = σ_{k+1},      ‖A − A_k‖_F = sqrt(σ_{k+1}² + … + σ_r²).
//
// The program prints A, U, s, Vᵀ and Σ, the layers and partial sums, and both errors of each A_k
// next to the values the σ predict. The 2-norms are measured independently of svdkit: by a
// one-sided Jacobi iteration (Hestenes) on A − A_k, whose largest column norm at convergence is
// ‖A − A_k‖₂. It checks every claim against bounds made of ε and the dimensions (exit 1 if one
// fails) and draws the layers adding up as heat maps.
//
// A second picture gives v₁, v₂ and u₁, u₂ a meaning in 2-D: since A·V = U·Σ, row i of A has the
// coordinate σₖ·U(i, k) = (A vₖ)ᵢ along vₖ, so the rows can be drawn in the (v₁, v₂) plane; since
// Aᵀ·U = V·Σᵀ, the columns can be drawn in the (u₁, u₂) plane. Each plane keeps the fraction
// (σ₁² + σ₂²)/(σ₁² + … + σ_r²) of ‖A‖_F². The drawn coordinates are checked against A·vₖ and
// Aᵀ·uₖ computed by svdkit::multiply (svd_walkthrough/vectors_picture.hpp draws them).
//
//   svd_walkthrough                                  # 6×4, standard normal entries, seed 42
//   svd_walkthrough --seed 7 --out-dir pictures
//   svd_walkthrough --matrix "3 0 0; 0 2 0"          # your own matrix, rows separated by ';'
//
// References:
// [1] C. Eckart, G. Young, "The approximation of one matrix by another of lower rank",
//     Psychometrika 1 (1936); L. Mirsky, "Symmetric gauge functions and unitarily invariant
//     norms", Quart. J. Math. 11 (1960): the best rank-k errors in the 2- and Frobenius norms.
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §2.4 (the SVD, its outer
//     product form, Theorem 2.4.8) and §8.6.3 (backward stability: errors of order ε·‖A‖).
// [3] M. R. Hestenes, "Inversion of matrices by biorthogonalization and related results",
//     J. SIAM 6 (1958): the one-sided Jacobi method used here for the independent 2-norms.
#include <algorithm>  // std::max, std::min
#include <cmath>      // std::sqrt, std::log, std::cos, std::fabs, std::frexp, std::ldexp
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <random>     // std::mt19937_64
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "measures.hpp"
#include "plot.hpp"
#include "svd_walkthrough/vectors_picture.hpp"

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
using mat = svdkit::matrix<double>;
constexpr double pi = 3.14159265358979323846;
constexpr double eps = std::numeric_limits<double>::epsilon();
constexpr std::size_t max_dim = 12;  // the picture draws every entry of every layer

const char* const usage_text =
    "usage: svd_walkthrough [--seed N | --matrix \"a b ...; c d ...; ...\"] [--tol C] [--out-dir DIR]\n"
    "\n"
    "The full SVD A = U * Sigma * V^T of a small matrix, A rebuilt as a sum of rank-one layers\n"
    "sigma_i u_i v_i^T, and the errors of the partial sums A_k against sigma_{k+1} (2-norm) and\n"
    "sqrt(sigma_{k+1}^2 + ...) (Frobenius norm). Writes svd_walkthrough_layers.svg, and\n"
    "svd_walkthrough_vectors.svg: the rows of A in the (v1, v2) plane, the columns in (u1, u2).\n"
    "\n"
    "  --seed N        the default 6x4 matrix has standard normal entries drawn with\n"
    "                  std::mt19937_64 seeded with N (default 42), the same on every platform\n"
    "  --matrix TEXT   your own matrix instead: rows separated by ';', entries by spaces or\n"
    "                  commas, each finite; at most 12x12\n"
    "  --tol C         the constant of every check (default 10): each measured error divided\n"
    "                  by eps times the dimensions (and by ||A||_F or sigma_1) must be <= C\n"
    "  --out-dir DIR   where the pictures go (default: the current directory)\n"
    "  -h, --help      show this text\n"
    "\n"
    "Exit status: 0 all checks passed, 1 a check failed, the SVD failed or the picture could not\n"
    "be written, 2 bad command line.\n";

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

// Standard normal numbers from std::mt19937_64, whose output the C++ standard fixes (unlike that
// of std::normal_distribution), by Box-Muller on uniforms in (0, 1): the same A everywhere.
struct rng {
    explicit rng(std::uint64_t seed) : engine(seed) {}
    std::mt19937_64 engine;
    double uniform() { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1p-53; }
    double normal() {
        const double r = std::sqrt(-2 * std::log(uniform())), t = 2 * pi * uniform();
        return r * std::cos(t);
    }
};

// m×n, filled row by row (as NumPy's random.randn(m, n) fills its array).
mat random_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
    rng g(seed);
    mat a(m, n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) a(i, j) = g.normal();
    return a;
}

// "1 2 3; 4 5 6" -> [[1, 2, 3], [4, 5, 6]]; every problem is a usage error naming row and column.
mat parse_matrix(const std::string& text) {
    std::vector<std::vector<double>> rows;
    std::size_t start = 0;
    while (true) {
        const std::size_t semi = std::min(text.find(';', start), text.size());
        const std::string row_text = text.substr(start, semi - start);
        const std::string row_name = "--matrix row " + std::to_string(rows.size() + 1);
        std::vector<double> row;
        for (std::size_t pos = 0;;) {
            pos = row_text.find_first_not_of(" \t,", pos);
            if (pos == std::string::npos) break;
            const std::size_t end = std::min(row_text.find_first_of(" \t,", pos), row_text.size());
            row.push_back(cli::number(row_text.substr(pos, end - pos),
                                      row_name + ", column " + std::to_string(row.size() + 1)));
            pos = end;
        }
        if (row.empty()) throw cli::usage_error(row_name + " is empty (rows are separated by ';')");
        if (!rows.empty() && row.size() != rows[0].size())
            throw cli::usage_error(row_name + " has " + std::to_string(row.size()) + " entr" +
                                   (row.size() == 1 ? "y" : "ies") + " but row 1 has " + std::to_string(rows[0].size()));
        rows.push_back(row);
        if (semi == text.size()) break;
        start = semi + 1;
    }
    if (rows.size() > max_dim || rows[0].size() > max_dim)
        throw cli::usage_error("--matrix is " + std::to_string(rows.size()) + "x" + std::to_string(rows[0].size()) +
                               "; at most " + std::to_string(max_dim) + "x" + std::to_string(max_dim) +
                               " (the picture draws every entry)");
    mat a(rows.size(), rows[0].size());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) a(i, j) = rows[i][j];
    return a;
}

// ---------------------------------------------------------------------------------------------
// Printing and small matrix helpers
// ---------------------------------------------------------------------------------------------

std::string fmt(const char* format, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

// Four decimals, values that round to zero as 0.0000 (never -0.0000).
std::string fixed4(double x) { return fmt("%.4f", std::fabs(x) < 5e-5 ? 0.0 : x); }

void print_matrix(const std::string& name, const mat& m) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < m.rows(); ++i)
        for (std::size_t j = 0; j < m.cols(); ++j) width = std::max(width, fixed4(m(i, j)).size());
    std::printf("%s =\n", name.c_str());
    for (std::size_t i = 0; i < m.rows(); ++i) {
        std::printf("  [");
        for (std::size_t j = 0; j < m.cols(); ++j) std::printf(" %*s", static_cast<int>(width), fixed4(m(i, j)).c_str());
        std::printf(" ]\n");
    }
}

mat minus(const mat& a, const mat& b) {
    mat d = a;
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) d(i, j) -= b(i, j);
    return d;
}

using svdkit_examples::orthogonality_error;  // ‖QᵀQ − I‖_F (measures.hpp)

// σᵢ·uᵢ·vᵢᵀ (column i of U and of V), entry by entry.
mat rank_one_term(const svdkit::svd_result<double>& r, std::size_t i, std::size_t m, std::size_t n) {
    mat t(m, n);
    for (std::size_t col = 0; col < n; ++col)
        for (std::size_t row = 0; row < m; ++row) t(row, col) = r.s[i] * r.u(row, i) * r.v(col, i);
    return t;
}

// ‖R‖₂ by one-sided Jacobi [3], independent of svdkit: rotate pairs of columns of R until every
// pair is orthogonal to working precision; the column norms are then R's singular values, and the
// largest is ‖R‖₂. R is first scaled by a power of two so that the squares neither overflow nor
// underflow.
double two_norm_jacobi(const mat& r) {
    double big = 0;
    for (std::size_t j = 0; j < r.cols(); ++j)
        for (std::size_t i = 0; i < r.rows(); ++i) big = std::max(big, std::fabs(r(i, j)));
    if (big == 0) return 0;
    int e = 0;
    std::frexp(big, &e);
    mat w = r;
    for (std::size_t j = 0; j < w.cols(); ++j)
        for (std::size_t i = 0; i < w.rows(); ++i) w(i, j) = std::ldexp(w(i, j), -e);
    auto dot = [&](std::size_t p, std::size_t q) {
        double s = 0;
        for (std::size_t i = 0; i < w.rows(); ++i) s += w(i, p) * w(i, q);
        return s;
    };
    for (int sweep = 0; sweep < 100; ++sweep) {
        bool rotated = false;
        for (std::size_t p = 0; p + 1 < w.cols(); ++p)
            for (std::size_t q = p + 1; q < w.cols(); ++q) {
                const double alpha = dot(p, p), beta = dot(q, q), gamma = dot(p, q);
                if (std::fabs(gamma) <= eps * std::sqrt(alpha * beta)) continue;  // also when alpha·beta = 0
                const double zeta = (beta - alpha) / (2 * gamma);
                const double t = (zeta >= 0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::sqrt(1 + zeta * zeta));
                const double c = 1 / std::sqrt(1 + t * t), s = c * t;
                for (std::size_t i = 0; i < w.rows(); ++i) {
                    const double x = w(i, p), y = w(i, q);
                    w(i, p) = c * x - s * y;
                    w(i, q) = s * x + c * y;
                }
                rotated = true;
            }
        if (!rotated) break;
    }
    double largest = 0;
    for (std::size_t j = 0; j < w.cols(); ++j) largest = std::max(largest, std::sqrt(dot(j, j)));
    return std::ldexp(largest, e);
}

// sqrt(σ_{k+1}² + … + σ_r²), scaled so that the squares cannot overflow or underflow.
double tail(const std::vector<double>& s, std::size_t k) {
    double scale = 0, sum = 0;
    for (std::size_t i = k; i < s.size(); ++i) scale = std::max(scale, s[i]);
    if (scale == 0) return 0;
    for (std::size_t i = k; i < s.size(); ++i) sum += (s[i] / scale) * (s[i] / scale);
    return scale * std::sqrt(sum);
}

// A table entry: 12 decimals, or 4 significant digits in e-notation for the rounding-level values.
std::string column(double x) { return fmt(x == 0 || std::fabs(x) >= 1e-3 ? "%21.12f" : "%21.4e", x); }

struct tally {
    double tol;
    int passed = 0, failed = 0;
    // One check line: the measured ratio against the constant C of --tol.
    void check(const std::string& what, double ratio) {
        const bool ok = ratio <= tol;  // a NaN fails
        std::printf("  %-68s %8.3f <= %g  %s\n", what.c_str(), ratio, tol, ok ? "PASS" : "FAILED");
        (ok ? passed : failed) += 1;
    }
};

// ---------------------------------------------------------------------------------------------
// The picture
// ---------------------------------------------------------------------------------------------

std::string sub_digits(std::size_t k) {  // 12 -> "₁₂"
    static const char* const digits[10] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
                                           "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};
    std::string out;
    for (char c : std::to_string(k)) out += digits[c - '0'];
    return out;
}

// "‖A − A₂‖" followed by a subscript (markup: the F of Frobenius has no Unicode subscript).
std::string norm_markup(const std::string& inside, const std::string& sub) {
    return plot::escape("\u2016" + inside + "\u2016") + "<tspan baseline-shift=\"sub\" font-size=\"8\">" + sub +
           "</tspan>";
}

// sqrt(σ_{k+1}² + … + σ_r²) in words: "√(σ₃²+σ₄²)", "√(σ₂²+…+σ₄²)", "0".
std::string tail_words(std::size_t k, std::size_t r) {
    if (k >= r) return "0";
    if (k + 1 == r) return "\u03c3" + sub_digits(r);
    const std::string first = "\u03c3" + sub_digits(k + 1) + "\u00b2", last = "\u03c3" + sub_digits(r) + "\u00b2";
    return "\u221a(" + first + (k + 2 == r ? "+" : "+\u2026+") + last + ")";
}

// A value for a caption: 4 significant digits, or "≈ 0" at the rounding level, whose digits
// depend on the machine's arithmetic (the shipped picture must be the same everywhere).
std::string value_words(double x, double sigma1) { return x <= 1e-12 * sigma1 ? "\u2248 0" : fmt("%.4g", x); }

struct layer_data {
    mat a;
    std::vector<mat> terms, sums;        // σᵢuᵢvᵢᵀ and A_k, i, k = 1..r
    std::vector<double> s, err2, errf;   // σ, and ‖A − A_k‖₂, ‖A − A_k‖_F for k = 0..r
    std::string source;                  // "seed 42" or "--matrix"
};

void write_layers(const std::string& path, const layer_data& d) {
    const std::size_t m = d.a.rows(), n = d.a.cols(), r = d.s.size();
    double vmax = 0;  // one symmetric scale for every panel, so the colours compare
    auto widen = [&](const mat& x) {
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < m; ++i) vmax = std::max(vmax, std::fabs(x(i, j)));
    };
    widen(d.a);
    for (const mat& t : d.terms) widen(t);
    for (const mat& t : d.sums) widen(t);
    if (vmax == 0) vmax = 1;

    const double cell = std::min(150.0 / static_cast<double>(n), 210.0 / static_cast<double>(m));
    const double pw = cell * static_cast<double>(n), ph = cell * static_cast<double>(m);
    const double slot = 190, gap = 40;
    const double content = static_cast<double>(r + 1) * slot + static_cast<double>(r) * gap;
    const double width = std::max(content + 60, 800.0), left = (width - content) / 2;  // room for the header
    const double row1_top = 118, row2_top = row1_top + ph + 64, height = row2_top + ph + 88;
    auto slot_x = [&](std::size_t i) { return left + static_cast<double>(i) * (slot + gap); };
    auto panel_x = [&](std::size_t i) { return slot_x(i) + (slot - pw) / 2; };

    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    auto layer_name = [](std::size_t i) {
        return "\u03c3" + sub_digits(i) + "u" + sub_digits(i) + "v" + sub_digits(i) + "\u1d40";
    };
    const std::string sum = r == 1 ? layer_name(1)
                            : r == 2 ? layer_name(1) + " + " + layer_name(2)
                                     : layer_name(1) + " + \u2026 + " + layer_name(r);
    doc.text(width / 2, 28,
             "A = " + sum + ", layer by layer (" + std::to_string(m) + "\u00d7" + std::to_string(n) + ", " + d.source + ")",
             {17, "middle", "black", "bold"});
    doc.text(width / 2, 50,
             "top: the rank-one layers \u03c3\u1d62u\u1d62v\u1d62\u1d40;  bottom: their partial sums A\u2096, the best "
             "rank-k approximations, ending in A itself",
             {13, "middle", "#333333"});
    doc.text(width / 2, 68, "every panel uses the same colour scale (right); each A\u2096's errors are printed under it",
             {13, "middle", "#333333"});

    auto heat = [&](const mat& x, double x0, double y0, const std::string& title) {
        doc.begin_panel(title);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j)
                doc.rect(x0 + cell * static_cast<double>(j), y0 + cell * static_cast<double>(i), cell, cell,
                         {"none", 0, plot::diverging(x(i, j) / vmax)});
        doc.rect(x0, y0, pw, ph, {"#555555", 1});
        doc.end_group();
    };

    // Row 1: the layers, each with an arrow down into the partial sum it completes.
    for (std::size_t i = 0; i < r; ++i) {
        const double cx = slot_x(i) + slot / 2;
        doc.text(cx, row1_top - 26, "layer " + std::to_string(i + 1) + ": " + layer_name(i + 1), {14, "middle", "black", "bold"});
        const std::string sv = value_words(d.s[i], d.s[0]);
        doc.text(cx, row1_top - 9, "\u03c3" + sub_digits(i + 1) + (sv.rfind("\u2248", 0) == 0 ? " " : " = ") + sv, {12, "middle"});
        heat(d.terms[i], panel_x(i), row1_top, "layer " + std::to_string(i + 1));
        doc.arrow(cx, row1_top + ph + 6, cx, row2_top - 6, {"#333333", 1.5}, 8);
        if (i > 0) doc.text(cx + 8, (row1_top + ph + row2_top) / 2 + 5, "+", {16, "start", "#333333", "bold"});
    }
    // The colour bar, in the last slot of row 1.
    {
        const double bx = slot_x(r) + slot / 2 - 30, bw = 18, steps = 64;
        doc.text(slot_x(r) + slot / 2, row1_top - 9, "colour scale", {12, "middle"});
        for (int k = 0; k < steps; ++k)
            doc.rect(bx, row1_top + ph * k / steps, bw, ph / steps + 0.5, {"none", 0, plot::diverging(1 - 2 * (k + 0.5) / steps)});
        doc.rect(bx, row1_top, bw, ph, {"#555555", 1});
        for (int k = -2; k <= 2; ++k) {
            const double y = row1_top + ph * (2 - k) / 4.0;
            doc.line(bx + bw, y, bx + bw + 5, y, {"#555555", 1});
            doc.text(bx + bw + 8, y + 4, k == 0 ? "0" : fmt("%+.3g", vmax * k / 2), {11});
        }
    }
    // Row 2: the partial sums A_k (A_{k-1} + layer k), then A itself.
    for (std::size_t k = 1; k <= r + 1; ++k) {
        const std::size_t slot_i = k - 1;
        const double cx = slot_x(slot_i) + slot / 2, ty = row2_top + ph + 20;
        if (k <= r) {
            heat(d.sums[k - 1], panel_x(slot_i), row2_top, "A_" + std::to_string(k));
            doc.text(cx, ty, "A" + sub_digits(k) + (k == 1 ? " = layer 1" : " = A" + sub_digits(k - 1) + " + layer " + std::to_string(k)),
                     {14, "middle", "black", "bold"});
            const std::string ak = "A \u2212 A" + sub_digits(k);
            // σ_{k+1} and the tail are what the errors should be; the values printed are measured.
            const std::string e2 = value_words(d.err2[k], d.s[0]), ef = value_words(d.errf[k], d.s[0]);
            auto words = [&](const std::string& v, const std::string& expected) {
                return v.rfind("\u2248", 0) == 0 ? " " + v : " = " + v + " = " + expected;
            };
            doc.text_markup(cx, ty + 17, norm_markup(ak, "2") + plot::escape(words(e2, "\u03c3" + sub_digits(k + 1))), {12, "middle"});
            doc.text_markup(cx, ty + 33, norm_markup(ak, "F") + plot::escape(words(ef, tail_words(k, r))), {12, "middle"});
        } else {
            heat(d.a, panel_x(slot_i), row2_top, "A");
            doc.text(cx, ty, "A (the input)", {14, "middle", "black", "bold"});
            doc.text_markup(cx, ty + 17, norm_markup("A", "2") + plot::escape(" = " + fmt("%.4g", d.err2[0]) + " = \u03c3\u2081"), {12, "middle"});
            doc.text_markup(cx, ty + 33, norm_markup("A", "F") + plot::escape(" = " + fmt("%.4g", d.errf[0]) + " = " + tail_words(0, r)), {12, "middle"});
        }
        if (k > 1) {  // from the previous panel: "+ layer k" arrows, and "=" before A
            const double x1 = slot_x(slot_i - 1) + (slot + pw) / 2 + 4, x2 = panel_x(slot_i) - 4, y = row2_top + ph / 2;
            if (k <= r)
                doc.arrow(x1, y, x2, y, {"#333333", 1.5}, 8);
            else
                doc.text((x1 + x2) / 2, y + 8, "=", {24, "middle", "#333333", "bold"});
        }
    }
    doc.save(path);
}

// ---------------------------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------------------------

int run(const mat& a, const std::string& source, double tol, const std::string& out_dir) {
    const std::size_t m = a.rows(), n = a.cols(), r = std::min(m, n), big_dim = std::max(m, n);
    print_matrix("A (" + std::to_string(m) + "x" + std::to_string(n) + ", " + source + ")", a);

    // The full SVD: U is m×m and V n×n (the thin one would stop U at r columns).
    const svdkit::svd_result<double> f = svdkit::svd(a, svdkit::vectors::full);
    const double norm_a = svdkit::frobenius_norm(a);
    if (!std::isfinite(norm_a) || !std::isfinite(f.s[0])) {
        std::fprintf(stderr, "error: ||A||_F or sigma_1 is beyond the range of double; scale the matrix down\n");
        return 1;
    }
    std::printf("\nfull SVD: svdkit::svd(A, svdkit::vectors::full)\n");
    print_matrix("U (" + std::to_string(m) + "x" + std::to_string(m) + ")", f.u);
    std::printf("s =\n  [");
    for (double x : f.s) std::printf(" %s", fixed4(x).c_str());
    std::printf(" ]\n");
    print_matrix("V^T (" + std::to_string(n) + "x" + std::to_string(n) + ")", f.v.transpose());

    // Σ as the m×n rectangle that makes U·Σ·Vᵀ conformable: s on the diagonal, zeros elsewhere.
    mat sigma(m, n);
    for (std::size_t i = 0; i < r; ++i) sigma(i, i) = f.s[i];
    print_matrix("Sigma (" + std::to_string(m) + "x" + std::to_string(n) + ", s on the diagonal)", sigma);

    // A tiny floor keeps the ratios finite (0) for the zero matrix.
    const double tiny = std::numeric_limits<double>::min();
    const double scale_f = std::max(norm_a, tiny), scale_2 = std::max(f.s[0], tiny);
    const mat usvt = svdkit::multiply(svdkit::multiply(f.u, sigma), f.v.view().transpose());
    const double recon = svdkit::frobenius_norm(minus(a, usvt));
    std::printf("\n||A - U Sigma V^T||_F = %.3e   (||A||_F = %.6f)\n", recon, norm_a);

    tally t{tol};
    std::printf("\nchecks of the factorization (bounds: C = %g times eps and the dimensions):\n", tol);
    t.check("||A - U Sigma V^T||_F / (||A||_F max(m,n) eps)", recon / (scale_f * static_cast<double>(big_dim) * eps));
    t.check("||I - U^T U||_F / (m eps)", orthogonality_error(f.u) / (static_cast<double>(m) * eps));
    t.check("||I - V^T V||_F / (n eps)", orthogonality_error(f.v) / (static_cast<double>(n) * eps));

    // The layers σᵢuᵢvᵢᵀ and their partial sums A_k.
    layer_data d{a, {}, {}, f.s, {}, {}, source};
    std::printf("\nthe rank-one layers sigma_i u_i v_i^T (each of rank 1) and their partial sums A_k:\n");
    mat partial(m, n);
    for (std::size_t i = 0; i < r; ++i) {
        d.terms.push_back(rank_one_term(f, i, m, n));
        for (std::size_t col = 0; col < n; ++col)
            for (std::size_t row = 0; row < m; ++row) partial(row, col) += d.terms[i](row, col);
        d.sums.push_back(partial);
        print_matrix("sigma_" + std::to_string(i + 1) + " u_" + std::to_string(i + 1) + " v_" + std::to_string(i + 1) +
                         "^T  (sigma_" + std::to_string(i + 1) + " = " + fixed4(f.s[i]) + ")",
                     d.terms[i]);
        print_matrix("A_" + std::to_string(i + 1), partial);
    }

    // The errors of A_0 = 0, A_1, …, A_r, measured on the matrices.
    std::printf("\nerrors of the best rank-k approximations (2-norm by one-sided Jacobi on A - A_k, not svdkit):\n");
    std::printf("  %2s  %21s  %21s   %21s  %21s\n", "k", "||A - A_k||_2", "sigma_{k+1}", "||A - A_k||_F",
                "sqrt(sum_{i>k} s_i^2)");
    for (std::size_t k = 0; k <= r; ++k) {
        const mat res = k == 0 ? a : minus(a, d.sums[k - 1]);
        d.err2.push_back(two_norm_jacobi(res));
        d.errf.push_back(svdkit::frobenius_norm(res));
        std::printf("  %2zu  %s  %s   %s  %s\n", k, column(d.err2[k]).c_str(), column(k < r ? f.s[k] : 0.0).c_str(),
                    column(d.errf[k]).c_str(), column(tail(f.s, k)).c_str());
    }

    std::printf("\nchecks of the layers:\n");
    // Rounding: A − A_k carries errors of order k·ε·‖A‖ in each entry, from U, V and the sums.
    double worst2 = 0, worstf = 0, worst_rec = 0;
    for (std::size_t k = 0; k <= r; ++k) {
        worst2 = std::max(worst2, std::fabs(d.err2[k] - (k < r ? f.s[k] : 0.0)) / (scale_2 * static_cast<double>(big_dim) * eps));
        worstf = std::max(worstf, std::fabs(d.errf[k] - tail(f.s, k)) / (scale_f * static_cast<double>(big_dim) * eps));
        if (k > 0) {  // the sum of the first k layers is what svdkit::reconstruct(r, k) returns
            const double diff = svdkit::frobenius_norm(minus(d.sums[k - 1], svdkit::reconstruct(f, k)));
            worst_rec = std::max(worst_rec, diff / (scale_f * static_cast<double>(big_dim) * eps));
        }
    }
    t.check("max_k |  ||A - A_k||_2 - sigma_{k+1} | / (sigma_1 max(m,n) eps)", worst2);
    t.check("max_k |  ||A - A_k||_F - tail_k | / (||A||_F max(m,n) eps)", worstf);
    t.check("A_" + std::to_string(r) + " = A:  ||A - A_" + std::to_string(r) + "||_F / (||A||_F max(m,n) eps)",
            d.errf[r] / (scale_f * static_cast<double>(big_dim) * eps));
    t.check("max_k ||A_k - svdkit::reconstruct(r, k)||_F / (||A||_F max(m,n) eps)", worst_rec);

    // The singular vectors as axes: the drawn coordinates σₖU(i, k) and σₖV(j, k) against A·vₖ and
    // Aᵀ·uₖ multiplied out here; both carry errors of order max(m,n)·ε·‖A‖.
    namespace wt = svdkit_examples::walkthrough;
    wt::vectors_data vd{m, n, f.s, wt::project(f, m, n, true), wt::project(f, m, n, false), source};
    auto first_columns = [](const mat& q, std::size_t k) {
        mat c(q.rows(), k);
        for (std::size_t j = 0; j < k; ++j)
            for (std::size_t i = 0; i < q.rows(); ++i) c(i, j) = q(i, j);
        return c;
    };
    const mat av = svdkit::multiply(a, first_columns(f.v, vd.rows.axes));
    const mat atu = svdkit::multiply(a.view().transpose(), first_columns(f.u, vd.cols.axes));
    auto worst = [&](const wt::plane& p, const mat& direct) {
        double w = 0;
        for (std::size_t i = 0; i < p.points.size(); ++i)
            for (std::size_t k = 0; k < p.axes; ++k) w = std::max(w, std::fabs(p.points[i][k] - direct(i, k)));
        return w / (scale_f * static_cast<double>(big_dim) * eps);
    };
    std::printf("\nthe singular vectors as axes (A V = U Sigma, A^T U = V Sigma^T):\n");
    for (std::size_t i = 0; i < m; ++i)
        std::printf("  row %zu of A along v1, v2: (%s, %s)\n", i + 1, fixed4(vd.rows.points[i][0]).c_str(),
                    vd.rows.axes == 2 ? fixed4(vd.rows.points[i][1]).c_str() : "-");
    for (std::size_t j = 0; j < n; ++j)
        std::printf("  column %zu of A along u1, u2: (%s, %s)\n", j + 1, fixed4(vd.cols.points[j][0]).c_str(),
                    vd.cols.axes == 2 ? fixed4(vd.cols.points[j][1]).c_str() : "-");
    std::printf("  the (v1, v2) and (u1, u2) planes keep (s1^2 + s2^2) / sum s_i^2 = %.6f of ||A||_F^2\n",
                wt::plane_share(f.s));
    t.check("rows at (s_k U(i,k)) = A v_k:  max diff / (||A||_F max(m,n) eps)", worst(vd.rows, av));
    t.check("columns at (s_k V(j,k)) = A^T u_k:  max diff / (||A||_F max(m,n) eps)", worst(vd.cols, atu));

    const std::string dir = out_dir.empty() ? std::string(".") : out_dir;
    try {
        write_layers(dir + "/svd_walkthrough_layers.svg", d);
        std::printf("\npicture: %s\n", (dir + "/svd_walkthrough_layers.svg").c_str());
        wt::write_vectors(dir + "/svd_walkthrough_vectors.svg", vd);
        std::printf("picture: %s\n", (dir + "/svd_walkthrough_vectors.svg").c_str());
    } catch (const std::exception& e) {
        std::printf("\npicture: FAILED: %s\n", e.what());
        t.failed += 1;
    }
    std::printf("walkthrough checks: %d passed, %d failed\n", t.passed, t.failed);
    return t.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t seed = 42;
    bool seed_given = false;
    std::optional<mat> a;
    double tol = 10;
    std::string out_dir = ".";
    cli::parser args(usage_text);
    args.accept_equals()
        .value("--seed",
               [&](const std::string& v) {
                   seed = cli::whole_number<std::uint64_t>(v, "--seed", 0, cli::max_whole);
                   seed_given = true;
               })
        .value("--matrix", [&](const std::string& v) { a = parse_matrix(v); })
        .value("--tol",
               [&](const std::string& v) {
                   tol = cli::number(v, "--tol");
                   if (!(tol > 0)) throw cli::usage_error("--tol must be > 0, got " + v);
               })
        .value("--out-dir", [&](const std::string& v) {
            if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
            out_dir = v;
        });
    const auto both = [&] {
        if (seed_given && a) throw cli::usage_error("--seed and --matrix exclude each other");
    };
    if (const std::optional<int> status = args.parse(argc, argv, both)) return *status;

    const std::string source = a ? "from --matrix" : "seed " + std::to_string(seed);
    try {
        return run(a ? *a : random_matrix(6, 4, seed), source, tol, out_dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    }
    return 1;
}
