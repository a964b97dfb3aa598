// rotation_scale_rotation/av_sigma_u.hpp - the animated picture of A v = σ u and AᵀA v = σ² v, and
// what the program measures along it. A unit vector v sweeps the circle, resting at ±v₁, ±v₂: Av
// lies along a left singular vector uᵢ, with length σᵢ, only there, and AᵀA v lies on v's own line
// only there (the right singular vectors are the eigenvectors of AᵀA). measure_sweep computes, on
// the same sweep the picture plays, the residuals the program checks, so that the picture and the
// checks cannot drift apart.
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library, svdkit and examples/plot.hpp only.
//
// Reference: G. Strang, Introduction to Linear Algebra, 5th ed., §7.1–7.2.
#pragma once

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::atan2, std::cos, std::sin, std::fabs, std::hypot
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <string>     // std::string, std::to_string
#include <utility>    // std::pair, std::make_pair
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "../plot.hpp"
#include "plane.hpp"
#include "smil.hpp"
#include "words.hpp"

namespace svdkit_examples::rotation_scale_rotation {

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

// Two panels: v sweeping the unit circle with Av sweeping the ellipse A·circle, and v with AᵀA v.
// Av lies along a left singular vector only when v = ±v₁ or ±v₂ (Av = ±σᵢuᵢ there), and AᵀA v lies
// on v's own line only there (AᵀA vᵢ = σᵢ² vᵢ): the marks, where v rests and rings flash.
inline void write_av_sigma_u(const std::string& path, const picture_input& in, const sweep& sw) {
    const double s1 = in.s[0], s2 = in.s[1];
    const svdkit::matrix<double> ata = svdkit::multiply(in.a.transpose(), in.a);
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

// What the program checks along the sweep the picture draws (run() in rotation_scale_rotation.cpp
// sets the limits): at the marks v = ±vᵢ, Av must lie along uᵢ with length σᵢ and AᵀA v = σᵢ² v;
// at every frame between them, |v × AᵀA v| says how far AᵀA v is off v's line.
struct sweep_residuals {
    double off_u = 0;       // max over the marks of |Av × uᵢ| (Av along uᵢ)
    double off_length = 0;  // max over the marks of | |Av| − σᵢ |
    double off_eigen = 0;   // max over the marks of ‖AᵀA v − σᵢ² v‖
    double min_cross = std::numeric_limits<double>::infinity();  // min |v × AᵀA v| between the marks
    double max_cross = 0;                                         // max |v × AᵀA v| between the marks
    double min_angle = 180;  // the smallest angle between AᵀA v and v between the marks, in degrees
};

inline sweep_residuals measure_sweep(const picture_input& in, const sweep& sw) {
    const svdkit::matrix<double> ata = svdkit::multiply(in.a.transpose(), in.a);
    const map2 am = to_map(in.a), gm = to_map(ata);
    sweep_residuals r;
    for (int k = 0; k < 4; ++k) {
        const std::size_t i = static_cast<std::size_t>(k % 2);
        const double th = sw.angle(k * (sweep::rest + sweep::move));
        const plot::point x{std::cos(th), std::sin(th)}, ax = am(x.first, x.second), gx = gm(x.first, x.second);
        r.off_u = std::max(r.off_u, std::fabs(ax.first * in.u(1, i) - ax.second * in.u(0, i)));  // |Av × uᵢ|
        r.off_length = std::max(r.off_length, std::fabs(std::hypot(ax.first, ax.second) - in.s[i]));
        r.off_eigen = std::max(r.off_eigen, std::hypot(gx.first - in.s[i] * in.s[i] * x.first,
                                                       gx.second - in.s[i] * in.s[i] * x.second));
    }
    for (int f = 0; f < sweep::frames; ++f) {
        if (sw.mark_at(sweep::time(f)) >= 0) continue;
        const double th = sw.angle(sweep::time(f));
        const plot::point x{std::cos(th), std::sin(th)}, gx = gm(x.first, x.second);
        const double cross = std::fabs(x.first * gx.second - x.second * gx.first);  // |v × AᵀA v|
        r.min_cross = std::min(r.min_cross, cross);
        r.max_cross = std::max(r.max_cross, cross);
        const double angle = std::atan2(cross, x.first * gx.first + x.second * gx.second) * 180 / pi;
        r.min_angle = std::min(r.min_angle, angle);
    }
    return r;
}

}  // namespace svdkit_examples::rotation_scale_rotation
