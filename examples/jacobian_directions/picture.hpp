// jacobian_directions/picture.hpp - the picture of jacobian_directions: two panels at the same
// scale, the input plane with a small circle of steps x + r·d and v₁, v₂ (for a map ℝ³ → ℝ², the
// plane of v₁, v₂ with v₃ pointing out of the page), and the output plane with the exact image
// f(x + r·d) next to the linearisation f(x) + J·r·d, an ellipse with semi-axes σ₁r, σ₂r along u₁,
// u₂. Drawing both curves shows what the SVD of J predicts and how far the map bends from it; the
// program computes the curves and checks the numbers, this file only draws them.
//
// Examples-only helper of examples/jacobian_directions.cpp (not part of the library, not installed).
// Standard library and examples/plot.hpp only.
#pragma once

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::ceil, std::cos, std::sin, std::fabs, std::hypot
#include <cstddef>    // std::size_t
#include <cstdio>     // std::snprintf
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include "../plot.hpp"
#include "format.hpp"

namespace svdkit_examples::jacobian_directions {

inline constexpr double pi = 3.14159265358979323846;

struct curve {
    std::vector<plot::point> pts;  // in the panel's own coordinates
    plot::style st;
};
struct arrow_spec {
    plot::point tip;  // offset from the panel's centre point
    std::string color, label;
};
struct panel_spec {
    std::string title, x_label, y_label, centre_label;
    bool out_of_page = false;  // draw ⊙ at the centre: a direction pointing at the viewer (v₃)
    plot::point centre;  // the panel shows centre ± half on both axes
    double half;
    std::vector<curve> guides;  // open polylines drawn first (thin reference lines)
    std::vector<curve> curves;  // closed curves
    std::vector<arrow_spec> arrows;
};

inline constexpr const char* color_input = "#555555";
inline constexpr const char* color_exact = "#1f77b4";
inline constexpr const char* color_linear = "#ff7f0e";
inline constexpr const char* color_v1 = "#2ca02c";
inline constexpr const char* color_v2 = "#9467bd";

inline void draw_panel(plot::svg& doc, double x0, double y0, double size, const panel_spec& p, int id) {
    const double k = size / (2 * p.half);
    auto px = [&](plot::point q) {
        return plot::point{x0 + k * (q.first - p.centre.first + p.half), y0 + k * (p.half - (q.second - p.centre.second))};
    };
    doc.begin_panel(p.title);
    doc.text(x0 + size / 2, y0 - 12, p.title, {15, "middle", "black", "bold"});
    doc.rect(x0, y0, size, size, {"none", 0, "white"});
    const std::string clip = "clip" + std::to_string(id);
    doc.raw("<clipPath id=\"" + clip + "\"><rect x=\"" + plot::num(x0) + "\" y=\"" + plot::num(y0) + "\" width=\"" +
            plot::num(size) + "\" height=\"" + plot::num(size) + "\"/></clipPath>\n");
    // Grid at a round step, labelled outside the frame (absolute coordinates).
    const double step = plot::detail::nice_step(2 * p.half, 4);
    for (int axis = 0; axis < 2; ++axis) {
        const double c = axis == 0 ? p.centre.first : p.centre.second;
        for (double g = std::ceil((c - p.half) / step) * step; g <= c + p.half + 1e-9 * step; g += step) {
            const std::string label = plot::detail::linear_label(g, step);
            if (axis == 0) {
                const double x = px({g, p.centre.second}).first;
                doc.line(x, y0, x, y0 + size, {"#e6e6e6", 1});
                doc.text(x, y0 + size + 15, label, {11, "middle", "#666666"});
            } else {
                const double y = px({p.centre.first, g}).second;
                doc.line(x0, y, x0 + size, y, {"#e6e6e6", 1});
                doc.text(x0 - 5, y + 4, label, {11, "end", "#666666"});
            }
        }
    }
    doc.text(x0 + size / 2, y0 + size + 34, p.x_label, {13, "middle"});
    plot::text_style ylab{13, "middle"};
    ylab.rotate = -90;
    doc.text(x0 - 48, y0 + size / 2, p.y_label, ylab);

    doc.begin_group("clip-path=\"url(#" + clip + ")\"");
    for (const curve& c : p.guides) {
        std::vector<plot::point> q;
        for (const auto& pt : c.pts) q.push_back(px(pt));
        doc.polyline(q, c.st);
    }
    for (const curve& c : p.curves) {
        std::vector<plot::point> q;
        for (const auto& pt : c.pts) q.push_back(px(pt));
        doc.polygon(q, c.st);
    }
    const plot::point o = px(p.centre);
    for (const arrow_spec& a : p.arrows) {
        const plot::point t = px({p.centre.first + a.tip.first, p.centre.second + a.tip.second});
        doc.arrow(o.first, o.second, t.first, t.second, {a.color, 2.6}, 10);
    }
    doc.circle(o.first, o.second, 3.5, {"none", 0, "black"});
    if (p.out_of_page) doc.circle(o.first, o.second, 10, {"black", 1.6});
    doc.end_group();
    // Labels just beyond each tip on a white box, so that curves passing there do not hide them.
    for (const arrow_spec& a : p.arrows) {
        const plot::point t = px({p.centre.first + a.tip.first, p.centre.second + a.tip.second});
        const double len = std::hypot(t.first - o.first, t.second - o.second);
        if (len < 1) continue;
        const double ux = (t.first - o.first) / len, uy = (t.second - o.second) / len;
        const double half_w = 0.5 * plot::detail::text_width(a.label, 15) + 2, half_h = 9;
        const double d = 4 + std::min(half_w / std::max(std::fabs(ux), 1e-9), half_h / std::max(std::fabs(uy), 1e-9));
        const double lx = t.first + d * ux, ly = t.second + d * uy;
        doc.rect(lx - half_w, ly - half_h, 2 * half_w, 2 * half_h, {"none", 0, "white", 0.85});
        doc.text(lx, ly + 5, a.label, {15, "middle", a.color, "bold"});
    }
    if (p.out_of_page)
        doc.text(o.first, o.second + 30, p.centre_label, {13, "middle"});
    else
        doc.text(o.first - 7, o.second + 17, p.centre_label, {13, "end"});
    doc.rect(x0, y0, size, size, {"#555555", 1});
    doc.end_group();
}

// What the picture shows, all computed by the program.
struct picture_input {
    std::size_t n;                                  // input dimension: 2 (2to2) or 3 (3to2)
    std::vector<double> x;                          // the point
    double xn, r;                                   // ‖x‖, the radius of the circle of steps
    std::vector<double> fx;                         // f(x)
    double s1, s2;                                  // σ₁, σ₂ of J
    std::vector<double> u1, u2, v1, v2, v3;         // singular vectors (v3 only for n = 3)
    std::string svg_title, out_x, out_y;            // the map's title and output axis names
    std::vector<plot::point> exact, linear, input;  // f(x + r·d), f(x) + J·r·d, and the steps x + r·d
    double remainder, m2;                           // max distance between the curves; max ‖D²f(x)(d, d)‖
};

// Draws the picture and writes it to `file` (plot::svg::save throws if it cannot).
inline void write_picture(const std::string& file, const picture_input& p) {
    const std::size_t n = p.n;
    const std::vector<double>& x = p.x;
    const std::vector<double>& fx = p.fx;
    const std::vector<double>& u1 = p.u1;
    const std::vector<double>& u2 = p.u2;
    const std::vector<double>& v1 = p.v1;
    const std::vector<double>& v2 = p.v2;
    const double xn = p.xn, r = p.r, s1 = p.s1, s2 = p.s2, remainder = p.remainder, m2 = p.m2;
    const std::vector<plot::point>& exact = p.exact;
    const std::vector<plot::point>& linear = p.linear;
    const std::vector<plot::point>& input = p.input;
    // Both panels at the same scale, so the gains can be seen.
    double extent = std::max(r, s1 * r);
    for (const auto& q : exact) extent = std::max(extent, std::hypot(q.first - fx[0], q.second - fx[1]));
    const double half = 1.3 * extent;
    char xr[64], rr[32];
    std::snprintf(rr, sizeof rr, "%g", r);
    std::snprintf(xr, sizeof xr, n == 2 ? "(%g, %g)" : "(%g, %g, %g)", x[0], x[1], n == 3 ? x[2] : 0.0);
    panel_spec in, out;
    in.title = n == 2 ? "input plane: x + r·(cos t, sin t)" : "input: the plane of v₁, v₂ through x";
    in.x_label = n == 2 ? "x" : "along v₁ (offset from x)";
    in.y_label = n == 2 ? "y" : "along v₂";
    in.centre = n == 2 ? plot::point{x[0], x[1]} : plot::point{0, 0};
    in.centre_label = n == 2 ? "x" : "x, with v₃ ⊙ out of the page";
    in.out_of_page = n == 3;
    in.half = half;
    in.curves = {{input, {color_input, 2, "#eeeeee", 1, "6 4"}}};
    if (n == 2) {  // the polar frame at x: the ray from the origin and the circle |p| = |x|
        const double far = 2 * (xn + half) / xn;
        std::vector<plot::point> ring;
        for (int k = 0; k <= 360; ++k) ring.push_back({xn * std::cos(2 * pi * k / 360), xn * std::sin(2 * pi * k / 360)});
        in.guides = {{{{0, 0}, {far * x[0], far * x[1]}}, {"#aaaaaa", 1.2, "none", 1, "2 3"}},
                     {ring, {"#aaaaaa", 1.2, "none", 1, "2 3"}}};
    }
    in.arrows = {{{r * (n == 2 ? v1[0] : 1), r * (n == 2 ? v1[1] : 0)}, color_v1, "v₁"},
                 {{r * (n == 2 ? v2[0] : 0), r * (n == 2 ? v2[1] : 1)}, color_v2, "v₂"}};
    out.title = "output plane: f(circle) and its linearisation";
    out.x_label = p.out_x;
    out.y_label = p.out_y;
    out.centre = {fx[0], fx[1]};
    out.centre_label = "f(x)";
    out.half = half;
    out.curves = {{exact, {color_exact, 2.4, "#dbe9f6", 0.9}}, {linear, {color_linear, 2.2, "none", 1, "7 4"}}};
    out.arrows = {{{r * s1 * u1[0], r * s1 * u1[1]}, color_v1, "σ₁u₁"}, {{r * s2 * u2[0], r * s2 * u2[1]}, color_v2, "σ₂u₂"}};

    const double width = 1000, height = 710, size = 400, top_y = 92;
    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    doc.text(width / 2, 28, "The SVD of the Jacobian: " + p.svg_title, {18, "middle", "black", "bold"});
    doc.text(width / 2, 52, "at x = " + std::string(xr) + ", r = " + rr + ":  σ₁ = " + fmt("%.4g", s1) + ",  σ₂ = " +
                                fmt("%.4g", s2) + "  (both panels at the same scale)",
             {14, "middle"});
    draw_panel(doc, 80, top_y, size, in, 0);
    draw_panel(doc, 570, top_y, size, out, 1);
    // Legend.
    const double ly = top_y + size + 62;
    struct item {
        plot::style st;
        std::string text;
    };
    std::vector<item> items = {
        {{color_input, 2, "none", 1, "6 4"},
         std::string(n == 2 ? "input circle x + r·d, d a unit vector" : "input circle x + r·d, d = cos t·v₁ + sin t·v₂") +
             " (r = " + rr + ")"},
        {{color_exact, 2.4}, "f(x + r·d): the exact image, a slightly bent closed curve"},
        {{color_linear, 2.2, "none", 1, "7 4"}, "f(x) + J·r·d: the linearisation, an ellipse with semi-axes σ₁r, σ₂r"},
        {{color_v1, 2.6}, "v₁ → σ₁u₁ (times r): the direction of largest change and where it goes"},
        {{color_v2, 2.6}, "v₂ → σ₂u₂ (times r): the direction of least change"}};
    if (n == 2)
        items.push_back({{"#aaaaaa", 1.2, "none", 1, "2 3"}, "the ray from the origin through x and the circle |p| = |x|"});
    for (std::size_t i = 0; i < items.size(); ++i) {
        const double y = ly + 21 * static_cast<double>(i);
        doc.line(150, y - 5, 196, y - 5, items[i].st);
        doc.text(206, y, items[i].text, {13});
    }
    double note_y = ly + 21 * static_cast<double>(items.size()) + 6;
    if (n == 3) {
        doc.text(width / 2, note_y, "v₃ = " + vec_text(p.v3, "%.3f") +
                                        " ∥ x, the viewing ray: the null direction, f(x ± r·v₃) = f(x)",
                 {13, "middle", "#333333"});
        note_y += 20;
    }
    doc.text(width / 2, note_y,
             "largest distance between the two curves: " + fmt("%.3g", remainder / (r * r)) + "·r²  (Taylor: → " +
                 fmt("%.3g", m2 / 2) + "·r² as r → 0)",
             {13, "middle", "#333333"});
    doc.save(file);
}

}  // namespace svdkit_examples::jacobian_directions
