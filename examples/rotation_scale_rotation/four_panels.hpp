// rotation_scale_rotation/four_panels.hpp - the still picture: x ↦ U(Σ(Vᵀx)) applied to the unit
// circle, one panel per stage (x, Vᵀx, ΣVᵀx, UΣVᵀx = Ax), with v₁, v₂ and e₁, e₂ followed through
// each stage. The shaded quarter disk and its arc arrow show orientation, so that a reflection in U
// or V is visible, not only stated.
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library, svdkit and examples/plot.hpp only.
#pragma once

#include <algorithm>  // std::max
#include <cmath>      // std::hypot
#include <cstddef>    // std::size_t
#include <string>     // std::string, std::to_string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "../plot.hpp"
#include "plane.hpp"
#include "words.hpp"

namespace svdkit_examples::rotation_scale_rotation {

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

// One square panel whose top-left corner is (x0, y0), `size` pixels wide. Equal pixels per unit
// on both axes, so circles look like circles.
inline void draw_panel(plot::svg& doc, double x0, double y0, double size, const panel_spec& p, int id) {
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

inline void write_four_panels(const std::string& path, const picture_input& in) {
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

}  // namespace svdkit_examples::rotation_scale_rotation
