// rotation_scale_rotation/plane.hpp - what every picture of rotation_scale_rotation draws the
// plane with: a 2×2 map of the plane and its composition, the image of the unit circle under a map,
// a panel's grid, arrow-tip labels that keep clear of each other, the colours of v₁, v₂ and the
// basis, and the decomposition the pictures are drawn from (with the pictures' sign convention).
// Shared so that the still and the animated pictures look alike.
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library, svdkit and examples/plot.hpp only.
#pragma once

#include <algorithm>   // std::find_if, std::min, std::max
#include <cmath>       // std::cos, std::sin, std::fabs, std::floor, std::hypot
#include <functional>  // std::function
#include <string>      // std::string
#include <vector>      // std::vector

#include <svdkit/svdkit.hpp>

#include "../plot.hpp"

namespace svdkit_examples::rotation_scale_rotation {

// A 2×2 map [[a, b], [c, d]] of the plane, in the usual mathematical orientation (y up).
struct map2 {
    double a, b, c, d;
    plot::point operator()(double x, double y) const { return {a * x + b * y, c * x + d * y}; }
};
inline map2 to_map(const svdkit::matrix<double>& m) { return {m(0, 0), m(0, 1), m(1, 0), m(1, 1)}; }
inline map2 compose(const map2& p, const map2& q) {  // p ∘ q: first q, then p
    return {p.a * q.a + p.b * q.c, p.a * q.b + p.b * q.d, p.c * q.a + p.d * q.c, p.c * q.b + p.d * q.d};
}

inline constexpr const char* color_v1 = "#1f77b4";  // blue: v₁ and its images
inline constexpr const char* color_v2 = "#e4572e";  // orange-red: v₂ and its images
inline constexpr const char* color_basis = "#666666";

// What the pictures draw: A, U and V with the pictures' signs (choose_signs in the program), and σ.
struct picture_input {
    svdkit::matrix<double> a, u, v;
    std::vector<double> s;
};

// The points map(cos t, sin t) for t from t0 to t1.
inline std::vector<plot::point> arc(const map2& m, double t0, double t1, int steps) {
    std::vector<plot::point> pts;
    for (int i = 0; i <= steps; ++i) {
        const double t = t0 + (t1 - t0) * i / steps;
        pts.push_back(m(std::cos(t), std::sin(t)));
    }
    return pts;
}

// The grid of a square panel at a round step, with the values along the bottom and left edges;
// px maps mathematical coordinates to pixels.
inline void draw_grid(plot::svg& doc, double x0, double y0, double size, double range,
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
inline void draw_tip_labels(plot::svg& doc, plot::point o, const std::vector<tip_label>& labels, double clear = 5,
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

}  // namespace svdkit_examples::rotation_scale_rotation
