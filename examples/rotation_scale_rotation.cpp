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
#include <cmath>      // std::atan2, std::fabs, std::sqrt, std::isfinite
#include <cstddef>    // std::size_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <cstdlib>    // std::strtod
#include <cstring>    // std::strcmp
#include <exception>  // std::exception
#include <functional>  // std::function
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "plot.hpp"

namespace {

namespace cli = svdkit_examples::cli;
constexpr double pi = 3.14159265358979323846;

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

double det2(const svdkit::matrix<double>& m) { return m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0); }

// An angle in degrees with two decimals, never "-0.00".
std::string degrees(double x) {
    if (std::fabs(x) < 0.005) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f degrees", x);
    return buf;
}

// What an orthogonal 2×2 matrix Q does to the plane. With θ = atan2(q₁₀, q₀₀), a rotation
// is [[cos θ, −sin θ], [sin θ, cos θ]] and a reflection [[cos θ, sin θ], [sin θ, −cos θ]],
// the mirror image across the line at θ/2 from the x-axis. `transposed` describes Qᵀ.
std::string describe(const svdkit::matrix<double>& q, bool transposed) {
    const double theta = std::atan2(q(1, 0), q(0, 0)) * 180 / pi;
    if (det2(q) > 0) return "a rotation by " + degrees(transposed ? -theta : theta);
    return "a reflection across the line at " + degrees(theta / 2);
}

// Products and norms: svdkit::multiply and svdkit::frobenius_norm (products.hpp).
using svdkit::frobenius_norm;
using svdkit::multiply;

// ‖QᵀQ − I‖_F
double orthogonality_error(const svdkit::matrix<double>& q) {
    svdkit::matrix<double> e = multiply(q.transpose(), q);
    for (std::size_t i = 0; i < e.rows(); ++i) e(i, i) -= 1;
    return frobenius_norm(e);
}

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
// Pictures
// ---------------------------------------------------------------------------------------------

namespace plot = svdkit_examples::plot;

// A 2×2 map [[a, b], [c, d]] of the plane, in the usual mathematical orientation (y up).
struct map2 {
    double a, b, c, d;
    plot::point operator()(double x, double y) const { return {a * x + b * y, c * x + d * y}; }
};
map2 to_map(const svdkit::matrix<double>& m) { return {m(0, 0), m(0, 1), m(1, 0), m(1, 1)}; }
map2 compose(const map2& p, const map2& q) {  // p ∘ q: first q, then p
    return {p.a * q.a + p.b * q.c, p.a * q.b + p.b * q.d, p.c * q.a + p.d * q.c, p.c * q.b + p.d * q.d};
}

const char* const color_v1 = "#1f77b4";  // blue: v₁ and its images
const char* const color_v2 = "#e4572e";  // orange-red: v₂ and its images
const char* const color_basis = "#666666";

struct arrow_spec {
    plot::point tip;  // mathematical coordinates
    std::string color, label;
};

struct panel_spec {
    std::string title;
    std::vector<std::string> caption;
    map2 map;                   // what has been applied to the unit circle so far
    double range;               // the panel shows [-range, range]²
    bool unit_reference;        // draw the unit circle dashed, to show the scale
    bool label_basis;           // label the gray arrows e₁, e₂
    std::vector<arrow_spec> arrows;
};

// The points map(cos t, sin t) for t from t0 to t1.
std::vector<plot::point> arc(const map2& m, double t0, double t1, int steps) {
    std::vector<plot::point> pts;
    for (int i = 0; i <= steps; ++i) {
        const double t = t0 + (t1 - t0) * i / steps;
        pts.push_back(m(std::cos(t), std::sin(t)));
    }
    return pts;
}

// The grid of a square panel at a round step, with the values along the bottom and left edges;
// px maps mathematical coordinates to pixels.
void draw_grid(plot::svg& doc, double x0, double y0, double size, double range,
               const std::function<plot::point(plot::point)>& px) {
    const double step = plot::detail::nice_step(range, 3);
    for (double g = -std::floor(range / step) * step; g <= range + 1e-9 * step; g += step) {
        const bool axis = std::fabs(g) < 1e-9 * step;
        const plot::style gs = axis ? plot::style{"#999999", 1.2} : plot::style{"#e3e3e3", 1};
        doc.line(px({g, -range}).first, y0, px({g, range}).first, y0 + size, gs);
        doc.line(x0, px({-range, g}).second, x0 + size, px({range, g}).second, gs);
        if (!axis && std::fabs(g) < 0.9 * range) {  // none in the corners, where they would collide
            const std::string label = plot::detail::linear_label(g, step);
            doc.text(px({g, 0}).first, y0 + size - 4, label, {9, "middle", "#888888"});
            doc.text(x0 + 3, px({0, g}).second + 3, label, {9, "start", "#888888"});
        }
    }
}

// Labels just beyond arrow tips (pixels; o is the arrows' origin): each label's box (about
// 0.56 em per character wide, 1 em high) is pushed out along its arrow until it clears the tip.
// When tips coincide (v₁ = e₁ in the reflection case) the first label goes there and the next
// one beside it, so that no name is hidden.
struct tip_label {
    plot::point tip;
    std::string text, color;
};
// `clear` is the gap between tip and box in pixels; `backdrop` puts a white box behind each label
// (for labels that lines may cross).
void draw_tip_labels(plot::svg& doc, plot::point o, const std::vector<tip_label>& labels, double clear = 5,
                     bool backdrop = false) {
    struct placed {
        plot::point tip, center;
        double half_w;
    };
    std::vector<placed> done;
    for (const auto& l : labels) {
        const plot::point t = l.tip;
        const double len = std::hypot(t.first - o.first, t.second - o.second);
        if (l.text.empty() || len < 1) continue;
        const double ux = (t.first - o.first) / len, uy = (t.second - o.second) / len;
        const double half_w = 0.5 * plot::detail::text_width(l.text, 14), half_h = 7;
        plot::point c{0, 0};
        auto same = std::find_if(done.rbegin(), done.rend(), [&](const placed& q) {
            return std::hypot(q.tip.first - t.first, q.tip.second - t.second) < 3;
        });
        if (same == done.rend()) {
            const double d = clear + std::min(half_w / std::max(std::fabs(ux), 1e-9), half_h / std::max(std::fabs(uy), 1e-9));
            c = {t.first + d * ux, t.second + d * uy};
        } else {  // next to the label already there, a quarter turn clockwise on the page
            const double px = -uy, py = ux;
            const double d = 4 + (same->half_w + half_w) * std::fabs(px) + 2 * half_h * std::fabs(py);
            c = {same->center.first + d * px, same->center.second + d * py};
        }
        done.push_back({t, c, half_w});
        if (backdrop) doc.rect(c.first - half_w - 1, c.second - 7, 2 * half_w + 2, 15, {"none", 0, "white", 0.85});
        doc.text(c.first, c.second + 5, l.text, {14, "middle", l.color, "bold"});
    }
}

// One square panel whose top-left corner is (x0, y0), `size` pixels wide. Equal pixels per unit
// on both axes, so circles look like circles.
void draw_panel(plot::svg& doc, double x0, double y0, double size, const panel_spec& p, int id) {
    const double cx = x0 + size / 2, cy = y0 + size / 2, k = size / 2 / p.range;
    auto px = [&](plot::point q) { return plot::point{cx + k * q.first, cy - k * q.second}; };
    auto px_all = [&](std::vector<plot::point> pts) {
        for (auto& q : pts) q = px(q);
        return pts;
    };

    doc.begin_panel(p.title);
    doc.text(cx, y0 - 10, p.title, {15, "middle", "black", "bold"});
    doc.raw("<clipPath id=\"panel" + std::to_string(id) + "\"><rect x=\"" + plot::num(x0) + "\" y=\"" +
            plot::num(y0) + "\" width=\"" + plot::num(size) + "\" height=\"" + plot::num(size) + "\"/></clipPath>\n");
    doc.rect(x0, y0, size, size, {"none", 0, "white"});
    doc.begin_group("clip-path=\"url(#panel" + std::to_string(id) + ")\"");

    draw_grid(doc, x0, y0, size, p.range, px);
    // The image of the unit disk, and of its first quarter (between e₁ and e₂): the quarter shows
    // orientation, since a reflection puts it clockwise from the image of e₁ instead of anticlockwise.
    doc.polygon(px_all(arc(p.map, 0, 2 * pi, 240)), {"#333333", 2, "#cfe2f3", 0.9, "", "stroke-linejoin=\"round\""});
    std::vector<plot::point> quarter = arc(p.map, 0, pi / 2, 60);
    quarter.insert(quarter.begin(), {0, 0});
    doc.polygon(px_all(quarter), {"none", 0, "#f6c945", 0.7});
    // A small arc from e₁ towards e₂ with its head at the e₂ end: anticlockwise after a rotation,
    // clockwise after a reflection.
    {
        const std::vector<plot::point> turn = px_all(arc(compose(p.map, {0.45, 0, 0, 0.45}), 0.2, pi / 2 - 0.25, 24));
        doc.polyline(turn, {"#8a6d00", 1.6});
        const plot::point& end = turn.back();
        std::size_t back = turn.size() - 1;  // a point about 10 px back along the arc gives the head's direction
        while (back > 0 && std::hypot(turn[back].first - end.first, turn[back].second - end.second) < 10) --back;
        const plot::point& before = turn[back];
        doc.arrow(before.first, before.second, end.first, end.second, {"#8a6d00", 1.6}, 8);
    }
    if (p.unit_reference) doc.polygon(px_all(arc({1, 0, 0, 1}, 0, 2 * pi, 120)), {"#555555", 1, "none", 1, "4 3"});

    const plot::point o = px({0, 0});
    std::vector<arrow_spec> basis = {{p.map(1, 0), color_basis, p.label_basis ? "e\u2081" : ""},
                                     {p.map(0, 1), color_basis, p.label_basis ? "e\u2082" : ""}};
    // A gray arrow under a coloured one (v₁ = e₁ in the reflection case) is drawn again on top,
    // thin, so that both stay visible (draw_tip_labels keeps both names).
    std::vector<arrow_spec> hidden;
    const std::vector<arrow_spec>* const drawn[] = {&basis, &p.arrows, &hidden};
    const std::vector<arrow_spec>* const named[] = {&p.arrows, &basis};  // v₁ at the tip, e₁ beside it
    for (const auto& b : basis)
        for (const auto& a : p.arrows)
            if (std::hypot(a.tip.first - b.tip.first, a.tip.second - b.tip.second) < 0.02 * p.range) hidden.push_back(b);
    for (const std::vector<arrow_spec>* list : drawn)
        for (const auto& a : *list) {
            const plot::point t = px(a.tip);
            if (list == &hidden) doc.arrow(o.first, o.second, t.first, t.second, {a.color, 1.2}, 7);
            else doc.arrow(o.first, o.second, t.first, t.second, {a.color, list == &basis ? 1.6 : 2.6}, 10);
        }
    doc.end_group();
    // Labels outside the clip, just beyond each tip.
    std::vector<tip_label> labels;
    for (const std::vector<arrow_spec>* list : named)
        for (const auto& a : *list) labels.push_back({px(a.tip), a.label, a.color});
    draw_tip_labels(doc, o, labels);
    doc.rect(x0, y0, size, size, {"#555555", 1});
    for (std::size_t i = 0; i < p.caption.size(); ++i)
        doc.text(cx, y0 + size + 20 + 17 * static_cast<double>(i), p.caption[i], {12, "middle"});
    doc.end_group();
}

std::string fmt(const char* format, double x) {
    char buf[128];
    std::snprintf(buf, sizeof buf, format, x == 0 ? 0.0 : x);  // never "-0"
    return buf;
}

// "σ₂ = 2.236", or "σ₂ ≈ 0 (1.986e-16)" when σ is 0 to working precision (below 1e-12·σ₁; an
// exactly singular A usually gives about 1e-16·σ₁), so that a rounding residue is not read as a stretch.
std::string sigma_is(const std::string& name, double s, double s1) {
    if (s == 0) return name + " = 0";
    if (s <= 1e-12 * s1) return name + " \u2248 0 (" + fmt("%.4g", s) + ")";
    return name + " = " + fmt("%.4g", s);
}

// What an orthogonal Q does, in the pictures' words ("rotation by 71.57°", "reflection across ...").
std::string stage_words(const svdkit::matrix<double>& q, bool transposed) {
    std::string d = describe(q, transposed);
    const auto pos = d.find(" degrees");
    if (pos != std::string::npos) d.replace(pos, 8, "\u00b0");
    return d.substr(2);  // drop "a "
}

struct picture_input {
    svdkit::matrix<double> a, u, v;
    std::vector<double> s;
};

void write_four_panels(const std::string& path, const picture_input& in) {
    const double s1 = in.s[0], s2 = in.s[1];
    const map2 vt = to_map(in.v.transpose()), sigma{s1, 0, 0, s2}, u = to_map(in.u);
    const map2 m1{1, 0, 0, 1}, m2 = vt, m3 = compose(sigma, vt), m4 = compose(u, m3);
    const plot::point v1{in.v(0, 0), in.v(1, 0)}, v2{in.v(0, 1), in.v(1, 1)};
    const double big = 1.45 * std::max(1.0, s1);
    const bool flat = s1 == 0 || s2 <= 1e-12 * s1;  // σ₂ is 0 to working precision
    const bool round = s1 - s2 <= 1e-12 * s1;  // σ₁ = σ₂ to working precision: A·circle is a circle
    const std::string det_v = fmt("%+.0f", det2(in.v)), det_u = fmt("%+.0f", det2(in.u));

    std::vector<panel_spec> panels(4);
    panels[0] = {"1. x",
                 {"the unit circle \u2016x\u2016 = 1 and the right", "singular vectors v\u2081, v\u2082 of A"},
                 m1, 1.6, false, true,
                 {{v1, color_v1, "v\u2081"}, {v2, color_v2, "v\u2082"}}};
    panels[1] = {"2. V\u1d40x",
                 {"V\u1d40: " + stage_words(in.v, true), "det V = " + det_v + "; v\u2081, v\u2082 land on the axes"},
                 m2, 1.6, false, false,
                 {{m2(v1.first, v1.second), color_v1, "V\u1d40v\u2081"}, {m2(v2.first, v2.second), color_v2, "V\u1d40v\u2082"}}};
    panels[2] = {"3. \u03a3V\u1d40x",
                 {"\u03a3: stretch by " + sigma_is("\u03c3\u2081", s1, s1) + ", " + sigma_is("\u03c3\u2082", s2, s1),
                  s1 == 0 ? "the circle collapses to the origin"
                  : flat  ? "the circle collapses to a segment"
                  : round ? "the circle stays a circle (\u03c3\u2081 = \u03c3\u2082)"
                          : "the circle becomes an ellipse",
                  "(dashed: the unit circle, for scale)"},
                 m3, big, true, false,
                 {{m3(v1.first, v1.second), color_v1, "\u03c3\u2081e\u2081"}, {m3(v2.first, v2.second), color_v2, "\u03c3\u2082e\u2082"}}};
    panels[3] = {"4. U\u03a3V\u1d40x = Ax",
                 {"U: " + stage_words(in.u, false),
                  s1 == 0 ? "det U = " + det_u + "; A\u00b7circle is the origin"
                  : flat  ? "det U = " + det_u + "; A\u00b7circle is a segment"
                  : round ? "det U = " + det_u + "; A\u00b7circle is a circle, and"
                          : "det U = " + det_u + "; A\u00b7circle has semi-axes",
                  s1 == 0 ? "" : flat ? "of length 2\u03c3\u2081 along u\u2081" : "\u03c3\u2081u\u2081 = Av\u2081 and \u03c3\u2082u\u2082 = Av\u2082",
                  "gray: Ae\u2081, Ae\u2082 (the columns of A)"},
                 m4, big, true, false,
                 {{m4(v1.first, v1.second), color_v1, "\u03c3\u2081u\u2081"}, {m4(v2.first, v2.second), color_v2, "\u03c3\u2082u\u2082"}}};

    const double size = 270, gap = 24, left = 20, top = 74;
    const double width = 2 * left + 4 * size + 3 * gap, height = top + size + 110;
    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    const std::string a_text = "A = [" + fmt("%.6g", in.a(0, 0)) + " " + fmt("%.6g", in.a(0, 1)) + "; " +
                               fmt("%.6g", in.a(1, 0)) + " " + fmt("%.6g", in.a(1, 1)) + "] = U\u03a3V\u1d40: x \u21a6 U(\u03a3(V\u1d40x)), drawn on the unit circle";
    doc.text(width / 2, 26, a_text, {16, "middle", "black", "bold"});
    for (int i = 0; i < 4; ++i) {
        const double x0 = left + i * (size + gap);
        draw_panel(doc, x0, top, size, panels[static_cast<std::size_t>(i)], i);
        if (i < 3) doc.arrow(x0 + size + 4, top + size / 2, x0 + size + gap - 4, top + size / 2, {"#333333", 1.5}, 7);
    }
    // Legend: what the colours mean.
    const double ly = height - 14;
    doc.line(left, ly - 4, left + 24, ly - 4, {color_v1, 3}).text(left + 30, ly, "v\u2081 and its images", {12});
    doc.line(left + 170, ly - 4, left + 194, ly - 4, {color_v2, 3}).text(left + 200, ly, "v\u2082 and its images", {12});
    doc.line(left + 340, ly - 4, left + 364, ly - 4, {color_basis, 2}).text(left + 370, ly, "e\u2081, e\u2082 and their images", {12});
    doc.rect(left + 560, ly - 12, 20, 12, {"none", 0, "#f6c945", 0.7})
        .text(left + 586, ly, "the quarter disk from e\u2081 to e\u2082; its arc arrow turns clockwise after a reflection", {12});
    doc.save(path);
}

// SMIL helpers for the animated pictures. Their frames are computed here and played by <animate> on
// each shape's points rather than by an SVG transform (see write_animation for why).

// Pixel coordinates to a tenth of a pixel: plenty, and it keeps the files small.
std::string pts_text(const std::vector<plot::point>& pts) {
    auto num1 = [](double x) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(x) ? x : 0.0);
        return std::string(std::strcmp(buf, "-0.0") == 0 ? "0.0" : buf);
    };
    std::string out;
    for (const auto& p : pts) out += (out.empty() ? "" : " ") + num1(p.first) + "," + num1(p.second);
    return out;
}

// The head of an arrow from o to t (pixels): a triangle, collapsed to t for a zero-length arrow.
std::vector<plot::point> arrow_head(plot::point o, plot::point t) {
    const double len = std::hypot(t.first - o.first, t.second - o.second);
    std::vector<plot::point> pts(3, t);
    if (len > 0) {
        const double h = std::min(10.0, 0.6 * len), ux = (t.first - o.first) / len, uy = (t.second - o.second) / len;
        const double bx = t.first - h * ux, by = t.second - h * uy, w = 0.45 * h;
        pts[1] = {bx - w * uy, by + w * ux};
        pts[2] = {bx + w * uy, by - w * ux};
    }
    return pts;
}

// A polyline or polygon whose points (one pts_text per frame, evenly spaced) play in a loop;
// a renderer without SMIL shows the first frame.
std::string moving_shape(const char* element, const std::vector<std::string>& frames, const plot::style& st,
                         const std::string& timing) {
    std::string values;
    for (const auto& f : frames) values += (values.empty() ? "" : ";") + f;
    return std::string("<") + element + " points=\"" + frames[0] + "\" stroke=\"" + st.stroke +
           "\" stroke-width=\"" + plot::num(st.stroke_width) + "\" fill=\"" + st.fill + "\"" +
           (st.opacity != 1 ? " opacity=\"" + plot::num(st.opacity) + "\"" : std::string()) +
           (st.dash.empty() ? std::string() : " stroke-dasharray=\"" + st.dash + "\"") + " stroke-linejoin=\"round\"><animate attributeName=\"points\" " + timing + " values=\"" + values +
           "\"/></" + element + ">\n";
}

// The same story as an animation: the plane turns (Vᵀ), stretches (Σ) and turns again (U), in a
// 10-second loop. Each orthogonal factor Q is written Q = R(φ)·diag(1, det Q) with R(φ) a rotation,
// so a reflection first flips the plane (y scaled from 1 through 0 to -1) and then turns.
//
// The frames are computed here and played by SMIL <animate> on each shape's coordinates, rather
// than by animating an SVG transform: a transform would scale the line widths with the plane (and
// non-scaling strokes are not supported by every renderer), and a singular Σ would make the
// transform non-invertible, which hides the element instead of drawing the segment.
// Returns max |entry of (last frame's map − A)| / ‖A‖_F, which the caller checks: the frames
// must end exactly where A sends the plane.
double write_animation(const std::string& path, const picture_input& in) {
    const double total = 10;  // seconds per loop
    const int frames = 81;    // one every 1/8 s, both ends included
    const double s1 = in.s[0], s2 = in.s[1];
    const double range = 1.3 * std::max(1.0, s1), size = 560, k = size / 2 / range;
    const double width = size, height = size + 70, cx = size / 2, cy = 70 + size / 2;
    const svdkit::matrix<double> vt = in.v.transpose();
    const double phi_v = std::atan2(vt(1, 0), vt(0, 0)), phi_u = std::atan2(in.u(1, 0), in.u(0, 0));
    const double dv = det2(in.v) < 0 ? -1 : 1, du = det2(in.u) < 0 ? -1 : 1;
    auto rot = [](double t) { return map2{std::cos(t), -std::sin(t), std::sin(t), std::cos(t)}; };

    // The stages: [start, end) in seconds. A flip takes 0.8 s of its factor's 2 s when there is one.
    const double v0 = 1, v1 = 3, s0 = 3.5, s1t = 5.5, u0 = 6, u1 = 8;
    const double vf = dv < 0 ? v0 + 0.8 : v0, uf = du < 0 ? u0 + 0.8 : u0;
    auto ramp = [](double t, double a, double b) { return b <= a ? 1.0 : std::min(1.0, std::max(0.0, (t - a) / (b - a))); };
    // The map applied to the plane at time t.
    auto map_at = [&](double t) {
        const double tf = ramp(t, v0, vf), tr = ramp(t, vf, v1);
        // Interpolate as (1 − τ)·1 + τ·target, which is exactly the target at τ = 1 (1 + (σ − 1)·τ
        // would round a tiny σ to 0).
        auto blend = [](double target, double tau) { return (1 - tau) + tau * target; };
        map2 m = compose(rot(phi_v * tr), map2{1, 0, 0, blend(dv, tf)});
        const double ts = ramp(t, s0, s1t);
        m = compose(map2{blend(s1, ts), 0, 0, blend(s2, ts)}, m);
        const double gf = ramp(t, u0, uf), gr = ramp(t, uf, u1);
        return compose(rot(phi_u * gr), compose(map2{1, 0, 0, blend(du, gf)}, m));
    };

    // A shape is a list of points in the plane (mathematical coordinates); each frame maps them.
    auto to_px = [&](plot::point q) { return plot::point{cx + k * q.first, cy - k * q.second}; };
    auto frame_points = [&](const std::vector<plot::point>& shape, const map2& m) {
        std::vector<plot::point> pts;
        for (const auto& q : shape) pts.push_back(to_px(m(q.first, q.second)));
        return pts_text(pts);
    };
    auto head_of = [&](plot::point tip, const map2& m) {  // the arrow head, in pixels
        return pts_text(arrow_head(to_px({0, 0}), to_px(m(tip.first, tip.second))));
    };
    std::vector<map2> maps;
    for (int f = 0; f < frames; ++f) maps.push_back(map_at(total * f / (frames - 1)));
    const std::string timing = "dur=\"" + plot::num(total) + "s\" repeatCount=\"indefinite\"";
    auto animated = [&](const char* element, const std::function<std::string(const map2&)>& points,
                        const plot::style& st) {
        std::vector<std::string> values;
        for (const auto& m : maps) values.push_back(points(m));
        return moving_shape(element, values, st, timing);
    };
    auto shape = [&](const char* element, std::vector<plot::point> pts, const plot::style& st) {
        return animated(element, [&, pts](const map2& m) { return frame_points(pts, m); }, st);
    };
    auto arrow = [&](plot::point tip, const char* color, double w) {
        return shape("polyline", {{0, 0}, tip}, {color, w}) +
               animated("polygon", [&, tip](const map2& m) { return head_of(tip, m); }, {"none", 0, color});
    };

    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    // The fixed axes and grid of the page, and where the circle ends: A·circle, dashed.
    const double step = plot::detail::nice_step(range, 3);
    for (double g = -std::floor(range / step) * step; g <= range + 1e-9 * step; g += step) {
        const plot::style st = std::fabs(g) < 1e-9 * step ? plot::style{"#999999", 1.2} : plot::style{"#e6e6e6", 1};
        doc.line(cx + k * g, cy - size / 2, cx + k * g, cy + size / 2, st);
        doc.line(0, cy - k * g, size, cy - k * g, st);
        if (std::fabs(g) > 1e-9 * step && std::fabs(g) < 0.9 * range) {
            const std::string label = plot::detail::linear_label(g, step);
            doc.text(cx + k * g, cy + size / 2 - 5, label, {10, "middle", "#888888"});
            doc.text(4, cy - k * g + 4, label, {10, "start", "#888888"});
        }
    }
    {
        std::vector<plot::point> target;
        for (const auto& q : arc(to_map(in.a), 0, 2 * pi, 240)) target.push_back(to_px(q));
        doc.polygon(target, {"#777777", 1.3, "none", 1, "6 4"});
    }
    // The moving plane: unit grid lines, the disk, its first quarter, e₁, e₂, v₁, v₂ (clipped to
    // the square below the captions, which the stretched grid lines would otherwise cross).
    doc.raw("<clipPath id=\"plane\"><rect x=\"0\" y=\"" + plot::num(cy - size / 2) + "\" width=\"" + plot::num(size) +
            "\" height=\"" + plot::num(size) + "\"/></clipPath>\n");
    doc.begin_group("clip-path=\"url(#plane)\"");
    for (int g = -3; g <= 3; ++g) {
        if (g == 0) continue;
        doc.raw(shape("polyline", {{g, -3}, {g, 3}}, {"#a9c4dd", 1}));
        doc.raw(shape("polyline", {{-3, g}, {3, g}}, {"#a9c4dd", 1}));
    }
    doc.raw(shape("polygon", arc({1, 0, 0, 1}, 0, 2 * pi, 72), {"#333333", 2, "#cfe2f3", 0.85}));
    std::vector<plot::point> quarter = arc({1, 0, 0, 1}, 0, pi / 2, 18);
    quarter.insert(quarter.begin(), {0, 0});
    doc.raw(shape("polygon", quarter, {"none", 0, "#f6c945", 0.75}));
    doc.raw(arrow({1, 0}, color_basis, 1.6)).raw(arrow({0, 1}, color_basis, 1.6));
    doc.raw(arrow({in.v(0, 0), in.v(1, 0)}, color_v1, 2.8)).raw(arrow({in.v(0, 1), in.v(1, 1)}, color_v2, 2.8));
    // A basis vector under vᵢ (the reflection case: v₁ = e₁) shows as a thin gray line inside it.
    std::string first_caption = "x: the unit circle; v\u2081 blue, v\u2082 red, e\u2081, e\u2082 gray";
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = 0; i < 2; ++i)
            if (std::hypot(in.v(0, i) - (j == 0), in.v(1, i) - (j == 1)) < 0.02) {
                doc.raw(shape("polyline", {{0, 0}, {j == 0 ? 1.0 : 0.0, j == 1 ? 1.0 : 0.0}}, {color_basis, 1.1}));
                first_caption = "x: the unit circle; v\u2081 blue, v\u2082 red, e\u2081, e\u2082 gray (thin, inside)";
            }
    doc.end_group();

    // One caption per stage, shown while that stage runs (discrete opacity switches).
    auto key = [&](std::initializer_list<double> times) {
        std::string out;
        for (double t : times) out += (out.empty() ? "" : ";") + plot::num(t / total);
        return out;
    };
    const std::vector<std::pair<double, std::string>> captions = {
        {0, first_caption},
        {v0, "V\u1d40: " + stage_words(in.v, true) + ": v\u2081, v\u2082 go to the axes"},
        {s0, "\u03a3: stretch x by " + sigma_is("\u03c3\u2081", s1, s1) + ", y by " + sigma_is("\u03c3\u2082", s2, s1)},
        {u0, "U: " + stage_words(in.u, false) + ": the result is A\u00b7circle (dashed)"},
    };
    for (std::size_t i = 0; i < captions.size(); ++i) {
        const double t0 = captions[i].first, t1 = i + 1 < captions.size() ? captions[i + 1].first : total;
        const std::string values = t0 == 0 ? "1;0" : t1 == total ? "0;1" : "0;1;0";
        const std::string times = t0 == 0 ? key({0, t1}) : t1 == total ? key({0, t0}) : key({0, t0, t1});
        doc.begin_group(std::string("opacity=\"") + (t0 == 0 ? "1" : "0") + "\"");
        doc.raw("<animate attributeName=\"opacity\" values=\"" + values + "\" keyTimes=\"" + times +
                "\" calcMode=\"discrete\" " + timing + "/>\n");
        doc.text(width / 2, 50, captions[i].second, {16, "middle"});
        doc.end_group();
    }
    doc.text(width / 2, 24, "A = U\u03a3V\u1d40 applied to the plane: turn, stretch, turn", {17, "middle", "black", "bold"});
    doc.save(path);
    const map2 last = maps.back(), a = to_map(in.a);
    const double scale = std::max(frobenius_norm(in.a), std::numeric_limits<double>::min());
    return std::max({std::fabs(last.a - a.a), std::fabs(last.b - a.b), std::fabs(last.c - a.c), std::fabs(last.d - a.d)}) /
           scale;
}

// ---------------------------------------------------------------------------------------------
// A v = σ u and AᵀA v = σ² v
// ---------------------------------------------------------------------------------------------

// The sweep of a unit vector v = (cos θ, sin θ) round the circle in a 12-second loop. It starts at
// v₁ and rests 1 s at each mark v₁, v₂, −v₁, −v₂ (a quarter turn apart: with the pictures' signs V
// is a rotation, so v₂ is v₁ turned by +90°), moving 2 s between marks with a smooth start and stop.
struct sweep {
    double alpha;  // the angle of v₁
    static constexpr double rest = 1, move = 2, total = 4 * (rest + move);
    // The mark (0..3 for v₁, v₂, −v₁, −v₂) v rests at at time t, or −1 while it moves. The loop
    // ends where it starts, at v₁.
    int mark_at(double t) const {
        const int k = static_cast<int>(t / (rest + move));
        return k >= 4 ? 0 : t - k * (rest + move) <= rest ? k : -1;
    }
    double angle(double t) const {
        const int k = std::min(3, static_cast<int>(t / (rest + move)));
        const double tau = std::min(1.0, std::max(0.0, (t - k * (rest + move) - rest) / move));
        return alpha + pi / 2 * (k + tau * tau * (3 - 2 * tau));  // exactly α + k·90° at mark k
    }
    static constexpr int frames = 97;  // one every 1/8 s, both ends included
    static double time(int f) { return total * f / (frames - 1); }
};

// Opens a group that is visible only while t lies in one of the [start, end) intervals (a discrete
// opacity animation); the caller closes it with "</g>".
std::string shown_during(const std::vector<std::pair<double, double>>& on, double total) {
    auto visible = [&](double t) {
        return std::any_of(on.begin(), on.end(), [t](const std::pair<double, double>& i) { return t >= i.first && t < i.second; });
    };
    std::vector<double> times = {0};
    for (const auto& i : on)
        for (double t : {i.first, i.second})
            if (t > 0 && t < total) times.push_back(t);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    std::string values, keys;
    for (double t : times) {
        values += std::string(values.empty() ? "" : ";") + (visible(t) ? "1" : "0");
        keys += (keys.empty() ? "" : ";") + fmt("%.4f", t / total);  // 1/12 s steps: two decimals are too coarse
    }
    return std::string("<g opacity=\"") + (visible(0) ? "1" : "0") + "\"><animate attributeName=\"opacity\" values=\"" +
           values + "\" keyTimes=\"" + keys + "\" calcMode=\"discrete\" dur=\"" + plot::num(total) +
           "s\" repeatCount=\"indefinite\"/>\n";
}

// Two panels: v sweeping the unit circle with Av sweeping the ellipse A·circle, and v with AᵀA v.
// Av lies along a left singular vector only when v = ±v₁ or ±v₂ (Av = ±σᵢuᵢ there), and AᵀA v lies
// on v's own line only there (AᵀA vᵢ = σᵢ² vᵢ): the marks, where v rests and rings flash.
void write_av_sigma_u(const std::string& path, const picture_input& in, const sweep& sw) {
    const double s1 = in.s[0], s2 = in.s[1];
    const svdkit::matrix<double> ata = multiply(in.a.transpose(), in.a);
    const map2 a = to_map(in.a), g = to_map(ata), id{1, 0, 0, 1};
    const plot::point v1{in.v(0, 0), in.v(1, 0)}, v2{in.v(0, 1), in.v(1, 1)};
    const plot::point u1{in.u(0, 0), in.u(1, 0)}, u2{in.u(0, 1), in.u(1, 1)};
    const bool round = s1 - s2 <= 1e-12 * s1, flat = !round && s2 <= 1e-12 * s1;
    const double size = 400, gap = 50, left = 20, top = 84;
    const double width = 2 * left + 2 * size + gap, height = top + size + 118;
    const char* const color_v = "#222222";
    const char* const color_av = "#7b3294";
    const char* const color_ata = "#1a9850";
    const std::string timing = "dur=\"" + plot::num(sweep::total) + "s\" repeatCount=\"indefinite\"";
    std::vector<std::pair<double, double>> rests(4), moves;
    for (int k = 0; k < 4; ++k) {
        rests[static_cast<std::size_t>(k)] = {k * (sweep::rest + sweep::move), k * (sweep::rest + sweep::move) + sweep::rest};
        moves.push_back({rests[static_cast<std::size_t>(k)].second, (k + 1) * (sweep::rest + sweep::move)});
    }
    std::vector<plot::point> vs;  // v at each frame
    for (int f = 0; f < sweep::frames; ++f) {
        const double th = sw.angle(sweep::time(f));
        vs.push_back({std::cos(th), std::sin(th)});
    }

    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    doc.text(width / 2, 26, "A v = \u03c3 u and A\u1d40A v = \u03c3\u00b2 v: only at the singular vectors",
             {17, "middle", "black", "bold"});
    // m: the map drawn in the panel (A, or AᵀA); mark_len: |m vᵢ| (σᵢ or σᵢ²); lines: the singular
    // directions where m v must land at the marks.
    struct panel {
        std::string title;
        std::vector<std::string> caption;
        map2 m;
        double range;
        plot::point line1, line2;
        std::string name1, name2;  // σ₁u₁, ... : the arrows m v₁, m v₂
        const char* color_mv;
        bool v_line;  // draw v's own line (AᵀA v must land on it)
    };
    const std::vector<panel> panels = {
        {"1. v and Av: A v = \u03c3 u",
         {"black: v sweeping the unit circle; purple: Av on A\u00b7circle",
          flat ? "Av always lies along u\u2081 (\u03c3\u2082 \u2248 0: A\u00b7circle is a segment);"
               : "Av lies along u\u2081 or u\u2082 (dotted) only at v = \u00b1v\u2081, \u00b1v\u2082 (dots),",
          round  ? "where Av = \u00b1\u03c3\u1d62u\u1d62 (\u03c3\u2081 = \u03c3\u2082: every v is such a mark)"
          : flat ? "at v = \u00b1v\u2081, \u00b1v\u2082 (dots) Av = \u00b1\u03c3\u1d62u\u1d62: its ends and its middle"
                 : "where Av = \u00b1\u03c3\u1d62u\u1d62: the semi-axes of the ellipse"},
         a, 1.5 * std::max(1.0, s1), u1, u2, "\u03c3\u2081u\u2081", "\u03c3\u2082u\u2082", color_av, false},
        {"2. v and A\u1d40Av: A\u1d40A v = \u03c3\u00b2 v",
         {"black: v, its line dashed; green: A\u1d40Av on A\u1d40A\u00b7circle",
          "A\u1d40Av falls on v's line only at v = \u00b1v\u2081, \u00b1v\u2082 (dotted),",
          "where A\u1d40Av = \u03c3\u1d62\u00b2v\u1d62: the eigenvectors of A\u1d40A"},
         g, 1.5 * std::max(1.0, s1 * s1), v1, v2, "\u03c3\u2081\u00b2v\u2081", "\u03c3\u2082\u00b2v\u2082", color_ata, true},
    };
    for (std::size_t i = 0; i < panels.size(); ++i) {
        const panel& p = panels[i];
        const double x0 = left + static_cast<double>(i) * (size + gap), cx = x0 + size / 2, cy = top + size / 2;
        const double k = size / 2 / p.range;
        auto px = [&](plot::point q) { return plot::point{cx + k * q.first, cy - k * q.second}; };
        auto px_all = [&](std::vector<plot::point> pts) {
            for (auto& q : pts) q = px(q);
            return pts;
        };
        const plot::point o = px({0, 0});
        doc.begin_panel(p.title);
        doc.text(cx, top - 10, p.title, {15, "middle", "black", "bold"});
        doc.raw("<clipPath id=\"avsu" + std::to_string(i) + "\"><rect x=\"" + plot::num(x0) + "\" y=\"" + plot::num(top) +
                "\" width=\"" + plot::num(size) + "\" height=\"" + plot::num(size) + "\"/></clipPath>\n");
        doc.rect(x0, top, size, size, {"none", 0, "white"});
        doc.begin_group("clip-path=\"url(#avsu" + std::to_string(i) + ")\"");
        draw_grid(doc, x0, top, size, p.range, px);
        const double far = 2 * p.range;
        for (const auto& [d, c] : {std::make_pair(p.line1, color_v1), std::make_pair(p.line2, color_v2)}) {
            const plot::point a0 = px({-far * d.first, -far * d.second}), a1 = px({far * d.first, far * d.second});
            doc.line(a0.first, a0.second, a1.first, a1.second, {c, 1.3, "none", 1, "2 4"});
        }
        doc.polygon(px_all(arc(p.m, 0, 2 * pi, 240)), {p.color_mv, 2, p.color_mv, 1, "", "fill-opacity=\"0.1\" stroke-linejoin=\"round\""});
        doc.polygon(px_all(arc(id, 0, 2 * pi, 120)), {"#444444", 1.4});
        // The arrows m v₁, m v₂, the marks on both curves, and the rings that flash at each rest.
        const plot::point m1 = p.m(v1.first, v1.second), m2 = p.m(v2.first, v2.second);
        doc.arrow(o.first, o.second, px(m1).first, px(m1).second, {color_v1, 2.2}, 10);
        doc.arrow(o.first, o.second, px(m2).first, px(m2).second, {color_v2, 2.2}, 10);
        const plot::point marks_v[4] = {v1, v2, {-v1.first, -v1.second}, {-v2.first, -v2.second}};
        for (int m = 0; m < 4; ++m) {
            const plot::point q = marks_v[m], mq = p.m(q.first, q.second);
            const char* c = m % 2 == 0 ? color_v1 : color_v2;
            for (int which = i == 0 ? 0 : 1; which < 2; ++which) {  // panel 2: the unit circle is tiny next to σ₁²
                const plot::point at = which == 0 ? q : mq;
                doc.circle(px(at).first, px(at).second, 4.5, {"white", 1.2, c});
                doc.raw(shown_during({rests[static_cast<std::size_t>(m)]}, sweep::total));
                doc.circle(px(at).first, px(at).second, 10, {c, 2.5});
                doc.raw("</g>\n");
            }
        }
        // The moving arrows: v (and its line in panel 2), then m v.
        std::vector<std::string> line_f, v_f, v_head, mv_f, mv_head;
        for (const auto& v : vs) {
            const plot::point tv = px(v), mv = px(p.m(v.first, v.second));
            line_f.push_back(pts_text({px({-far * v.first, -far * v.second}), px({far * v.first, far * v.second})}));
            v_f.push_back(pts_text({o, tv}));
            v_head.push_back(pts_text(arrow_head(o, tv)));
            mv_f.push_back(pts_text({o, mv}));
            mv_head.push_back(pts_text(arrow_head(o, mv)));
        }
        if (p.v_line) doc.raw(moving_shape("polyline", line_f, {color_v, 1.2, "none", 1, "7 4"}, timing));
        doc.raw(moving_shape("polyline", mv_f, {p.color_mv, 3}, timing));
        doc.raw(moving_shape("polygon", mv_head, {"none", 0, p.color_mv}, timing));
        doc.raw(moving_shape("polyline", v_f, {color_v, 2.4}, timing));
        doc.raw(moving_shape("polygon", v_head, {"none", 0, color_v}, timing));
        doc.end_group();
        std::vector<tip_label> labels = {{px(m1), p.name1, color_v1}, {px(m2), p.name2, color_v2}};
        if (i == 0) {
            labels.push_back({px(v1), "v\u2081", color_v1});
            labels.push_back({px(v2), "v\u2082", color_v2});
        }
        draw_tip_labels(doc, o, labels, 18, true);  // clear of the rings
        doc.rect(x0, top, size, size, {"#555555", 1});
        for (std::size_t c = 0; c < p.caption.size(); ++c)
            doc.text(cx, top + size + 20 + 17 * static_cast<double>(c), p.caption[c], {12, "middle"});
        doc.end_group();
    }
    // What the moment shows, under both panels.
    const std::string names[4] = {"v\u2081", "v\u2082", "\u2212v\u2081", "\u2212v\u2082"};
    const double cap_y = top + size + 20 + 17 * 3 + 26;
    for (int m = 0; m < 4; ++m) {
        const std::size_t j = static_cast<std::size_t>(m % 2);
        const std::string i_text = j == 0 ? "\u2081" : "\u2082", sign = m < 2 ? "" : "\u2212";
        const std::string text = "v = " + names[m] + ":  Av = " + sign + "\u03c3" + i_text + "u" + i_text + ", |Av| = " +
                                 sigma_is("\u03c3" + i_text, in.s[j], s1) + ";  A\u1d40Av = \u03c3" + i_text + "\u00b2v, " +
                                 sigma_is("\u03c3" + i_text + "\u00b2", in.s[j] * in.s[j], s1 * s1);
        doc.raw(shown_during({rests[static_cast<std::size_t>(m)]}, sweep::total));
        doc.text(width / 2, cap_y, text, {15, "middle", j == 0 ? color_v1 : color_v2, "bold"});
        doc.raw("</g>\n");
    }
    doc.raw(shown_during(moves, sweep::total));
    doc.text(width / 2, cap_y,
             round  ? "\u03c3\u2081 = \u03c3\u2082: every unit v is a singular vector, so A\u1d40Av stays on v's line"
             : flat ? "between the marks: Av stays on u\u2081's line (A is singular), but A\u1d40Av leaves v's line"
                    : "between the marks: Av is along neither u\u2081 nor u\u2082, and A\u1d40Av leaves v's line",
             {15, "middle", "#333333"});
    doc.raw("</g>\n");
    doc.text(width / 2, 52, "v rests 1 s at each mark \u00b1v\u2081, \u00b1v\u2082 (rings) in a " +
             plot::num(sweep::total) + "-second loop; the right singular vectors v\u1d62 of A are the eigenvectors of A\u1d40A",
             {13, "middle", "#333333"});
    doc.save(path);
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
    const svdkit::matrix<double> ata = multiply(a.transpose(), a);
    const map2 am = to_map(a), gm = to_map(ata);
    const double eps = std::numeric_limits<double>::epsilon();
    double off_u = 0, off_length = 0, off_eigen = 0;
    for (int k = 0; k < 4; ++k) {
        const std::size_t i = static_cast<std::size_t>(k % 2);
        const double th = sw.angle(k * (sweep::rest + sweep::move));
        const plot::point x{std::cos(th), std::sin(th)}, ax = am(x.first, x.second), gx = gm(x.first, x.second);
        off_u = std::max(off_u, std::fabs(ax.first * u(1, i) - ax.second * u(0, i)));  // |Av × uᵢ|
        off_length = std::max(off_length, std::fabs(std::hypot(ax.first, ax.second) - r.s[i]));
        off_eigen = std::max(off_eigen, std::hypot(gx.first - r.s[i] * r.s[i] * x.first, gx.second - r.s[i] * r.s[i] * x.second));
    }
    ok &= report("marks: max |Av x u_i| (Av along u_i)", off_u, 16 * eps * norm_a);
    ok &= report("marks: max | |Av| - sigma_i |", off_length, 16 * eps * norm_a);
    ok &= report("marks: max ||A^T A v - sigma_i^2 v||", off_eigen, 16 * eps * norm_a * norm_a);
    double min_cross = std::numeric_limits<double>::infinity(), min_angle = 180, max_cross = 0;
    for (int f = 0; f < sweep::frames; ++f) {
        if (sw.mark_at(sweep::time(f)) >= 0) continue;
        const double th = sw.angle(sweep::time(f));
        const plot::point x{std::cos(th), std::sin(th)}, gx = gm(x.first, x.second);
        const double cross = std::fabs(x.first * gx.second - x.second * gx.first);  // |v × AᵀA v|
        min_cross = std::min(min_cross, cross);
        max_cross = std::max(max_cross, cross);
        min_angle = std::min(min_angle, std::atan2(cross, x.first * gx.first + x.second * gx.second) * 180 / pi);
    }
    if (r.s[0] - r.s[1] > 1e-12 * r.s[0]) {
        // |v × AᵀA v| = (σ₁² − σ₂²)|cos φ sin φ| for v at angle φ from v₁: far above rounding off the marks.
        const bool off_line = min_cross > 1000 * eps * norm_a * norm_a;
        std::printf("  %-44s %.2e  (must exceed %.2e)  %s\n", "between marks: min |A^T A v x v|", min_cross,
                    1000 * eps * norm_a * norm_a, off_line ? "ok" : "FAILED");
        std::printf("  %-44s %s)\n", "  (smallest angle between A^T A v and v:", degrees(min_angle).c_str());
        ok &= off_line;
    } else {  // σ₁ = σ₂: AᵀA = σ²I, so AᵀA v stays on v's line all the way round
        ok &= report("sigma1 = sigma2: max |A^T A v x v| (on v's line)", max_cross, 16 * eps * norm_a * norm_a);
    }

    const picture_input pic{a, u, v, r.s};
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
