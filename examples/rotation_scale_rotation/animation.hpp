// rotation_scale_rotation/animation.hpp - the animated picture of A = UΣVᵀ: the plane turns (Vᵀ),
// stretches (Σ) and turns again (U), with a caption per stage, ending on A·circle (dashed). It
// returns how far its last frame is from A, for the program to check: the animation must end
// exactly where A sends the plane.
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library, svdkit and examples/plot.hpp only.
#pragma once

#include <algorithm>         // std::min, std::max
#include <cmath>             // std::atan2, std::cos, std::sin, std::fabs, std::floor, std::hypot
#include <cstddef>           // std::size_t
#include <functional>        // std::function
#include <initializer_list>  // std::initializer_list
#include <limits>            // std::numeric_limits
#include <string>            // std::string
#include <utility>           // std::pair
#include <vector>            // std::vector

#include <svdkit/svdkit.hpp>

#include "../plot.hpp"
#include "plane.hpp"
#include "smil.hpp"
#include "words.hpp"

namespace svdkit_examples::rotation_scale_rotation {

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
inline double write_animation(const std::string& path, const picture_input& in) {
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
    const double scale = std::max(svdkit::frobenius_norm(in.a), std::numeric_limits<double>::min());
    return std::max({std::fabs(last.a - a.a), std::fabs(last.b - a.b), std::fabs(last.c - a.c), std::fabs(last.d - a.d)}) /
           scale;
}

}  // namespace svdkit_examples::rotation_scale_rotation
