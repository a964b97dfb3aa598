// svd_walkthrough/vectors_picture.hpp - svd_walkthrough's second picture: the rows of A in the
// plane of v₁, v₂ and the columns of A in the plane of u₁, u₂ (svd_walkthrough_vectors.svg).
//
// Since A·V = U·Σ, row i of A has the coordinate (A vₖ)ᵢ = σₖ·U(i, k) along vₖ: its dot product
// with vₖ. Since Aᵀ·U = V·Σᵀ, column j has σₖ·V(j, k) along uₖ. Drawn in the (v₁, v₂) plane, the
// rows are the best 2-D picture of them (the plane is the best-fitting 2-D subspace through the
// origin), and the squared lengths of the projections add up to σ₁² + σ₂², the fraction
// (σ₁² + σ₂²)/(σ₁² + … + σ_r²) of ‖A‖_F²; the same holds for the columns in the (u₁, u₂) plane.
//
// Examples-only helper of svd_walkthrough.cpp (not part of the library); standard library,
// svdkit and plot.hpp.
//
// Reference: G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed. (2013), §2.4.
#pragma once

#include <algorithm>  // std::max, std::min
#include <array>      // std::array
#include <cmath>      // std::fabs, std::floor, std::log10, std::pow, std::sqrt, std::hypot
#include <cstddef>    // std::size_t
#include <cstdio>     // std::snprintf
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "../plot.hpp"

namespace svdkit_examples::walkthrough {

/// Points in the plane of the first two singular vectors of one side.
struct plane {
    std::size_t axes = 0;                       ///< 2, or 1 when that side has a single vector
    std::vector<std::array<double, 2>> points;  ///< coordinates along the first two vectors
};

/// rows = true: the rows of A along v₁, v₂ (σₖ·U(i, k)); false: the columns along u₁, u₂
/// (σₖ·V(j, k)). Beyond r = min(m, n) the coordinate is 0: A·vₖ = 0 (Aᵀ·uₖ = 0) there.
inline plane project(const svdkit::svd_result<double>& f, std::size_t m, std::size_t n, bool rows) {
    plane p;
    const std::size_t count = rows ? m : n, dim = rows ? n : m, r = f.s.size();
    const svdkit::matrix<double>& w = rows ? f.u : f.v;
    p.axes = std::min<std::size_t>(2, dim);
    for (std::size_t i = 0; i < count; ++i) {
        std::array<double, 2> x{0, 0};
        for (std::size_t k = 0; k < p.axes; ++k) x[k] = k < r ? f.s[k] * w(i, k) : 0.0;
        p.points.push_back(x);
    }
    return p;
}

/// (σ₁² + σ₂²)/(σ₁² + … + σ_r²), scaled by σ₁ against overflow; 1 for r = 1, 0 for A = 0.
inline double plane_share(const std::vector<double>& s) {
    if (s.empty() || s[0] == 0) return 0;
    double kept = 0, all = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const double t = (s[i] / s[0]) * (s[i] / s[0]);
        all += t;
        if (i < 2) kept += t;
    }
    return kept / all;
}

struct vectors_data {
    std::size_t m = 0, n = 0;
    std::vector<double> s;
    plane rows, cols;
    std::string source;  // "seed 42" or "from --matrix"
};

namespace detail {

inline std::string sub(std::size_t k) {  // 2 -> "₂" (k < 10 here)
    static const char* const digits[10] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
                                           "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};
    return digits[k % 10];
}

// A tick step of 1, 2 or 5 times a power of ten, about span/3.
inline double nice_step(double span) {
    const double raw = span / 3, p = std::pow(10.0, std::floor(std::log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

inline std::string tick_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", std::fabs(x) < 1e-12 ? 0.0 : x);
    return buf;
}

}  // namespace detail

/// Writes the two panels; throws on a write failure.
inline void write_vectors(const std::string& path, const vectors_data& d) {
    namespace plot = svdkit_examples::plot;
    const std::size_t r = d.s.size();
    const double sigma1 = r > 0 ? d.s[0] : 0.0;
    // Coordinates at the rounding level are drawn as 0: their digits depend on the machine's
    // arithmetic, and the shipped picture must be the same everywhere.
    const double floor_ = 1e-12 * sigma1;
    auto clean = [&](double x) { return std::fabs(x) <= floor_ ? 0.0 : x; };
    std::size_t rank = 0;
    for (double x : d.s) rank += x > floor_ ? 1 : 0;

    double extent = 0;  // one scale for both panels: the projections have the same total length²
    for (const plane* p : {&d.rows, &d.cols})
        for (const auto& x : p->points) extent = std::max({extent, std::fabs(clean(x[0])), std::fabs(clean(x[1]))});
    if (extent == 0) extent = 1;
    extent *= 1.2;

    const double side = 400, top = 130, gap = 100, left = 50;
    const double width = 2 * side + gap + 2 * left, height = top + side + 100;
    const double ppu = side / 2 / extent;  // pixels per unit, equal on both axes
    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, {"none", 0, "white"});
    doc.text(width / 2, 30,
             "The singular vectors as axes (" + std::to_string(d.m) + "\u00d7" + std::to_string(d.n) + ", " + d.source + ")",
             {17, "middle", "black", "bold"});
    doc.text(width / 2, 52,
             "left: each row of A measured along v\u2081, v\u2082 (A v\u2096 = \u03c3\u2096u\u2096);  right: each "
             "column measured along u\u2081, u\u2082 (A\u1d40u\u2096 = \u03c3\u2096v\u2096)",
             {13, "middle", "#333333"});
    doc.text(width / 2, 70, "both panels: equal scale on both axes and in both panels; the thick arrows are the unit vectors",
             {13, "middle", "#333333"});

    const double share = plane_share(d.s);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", 100 * share);
    auto share_markup = [&] {
        const std::string all = r == 1 ? "\u03c3\u2081\u00b2" : "\u03c3\u2081\u00b2+\u2026+\u03c3" + detail::sub(r) + "\u00b2";
        const std::string kept = r == 1 ? "\u03c3\u2081\u00b2" : "\u03c3\u2081\u00b2+\u03c3\u2082\u00b2";
        if (sigma1 == 0) return plot::escape("A = 0: every point is at the origin");
        const std::string ratio = r == 1 ? kept + "/" + all : "(" + kept + ")/(" + all + ")";
        return plot::escape("this plane keeps " + ratio + " = " + pct + " of \u2016A\u2016") +
               "<tspan baseline-shift=\"sub\" font-size=\"9\">F</tspan><tspan baseline-shift=\"super\" font-size=\"9\">2</tspan>";
    };

    auto panel = [&](const plane& p, bool rows, double x0) {
        const double cx = x0 + side / 2, cy = top + side / 2;
        const std::string vec = rows ? "v" : "u", item = rows ? "r" : "c";
        const std::string colour = rows ? plot::palette(0) : plot::palette(1);
        auto sx = [&](double x) { return cx + x * ppu; };
        auto sy = [&](double y) { return cy - y * ppu; };
        doc.begin_panel(rows ? "rows of A in the (v1, v2) plane" : "columns of A in the (u1, u2) plane");
        doc.text(cx, top - 30,
                 rows ? "rows of A in the (v\u2081, v\u2082) plane" : "columns of A in the (u\u2081, u\u2082) plane",
                 {15, "middle", "black", "bold"});
        doc.text(cx, top - 12,
                 rows ? "row i sits at (\u03c3\u2081U\u1d62\u2081, \u03c3\u2082U\u1d62\u2082) = (a\u1d62\u00b7v\u2081, a\u1d62\u00b7v\u2082)"
                      : "column j sits at (\u03c3\u2081V\u2c7c\u2081, \u03c3\u2082V\u2c7c\u2082) = (a\u2c7c\u00b7u\u2081, a\u2c7c\u00b7u\u2082)",
                 {12, "middle", "#333333"});
        doc.rect(x0, top, side, side, {"#bbbbbb", 1});
        // Axes with ticks, both through the origin; the second only where that vector exists.
        const double step = detail::nice_step(extent);
        doc.line(x0, cy, x0 + side, cy, {"#999999", 1});
        if (p.axes == 2) doc.line(cx, top, cx, top + side, {"#999999", 1});
        for (double t = -std::floor(extent / step) * step; t <= extent + 1e-9 * step; t += step) {
            if (std::fabs(t) < 1e-9 * step) continue;
            doc.line(sx(t), cy - 3, sx(t), cy + 3, {"#999999", 1});
            doc.text(sx(t), cy + 15, detail::tick_text(t), {10, "middle", "#777777"});
            if (p.axes == 2) {
                doc.line(cx - 3, sy(t), cx + 3, sy(t), {"#999999", 1});
                doc.text(cx - 6, sy(t) + 4, detail::tick_text(t), {10, "end", "#777777"});
            }
        }
        // The unit vectors: true length when it is readable, otherwise a fixed length (said below).
        const bool unit_fits = ppu >= 10 && ppu <= side / 2 - 20;
        const double unit_px = unit_fits ? ppu : side / 2 - 40;
        doc.arrow(cx, cy, cx + unit_px, cy, {"#222222", 3}, 11);
        // Label boxes placed so far (x, y of the centre, half width, half height): a new label
        // takes the first candidate spot that overlaps none of them.
        std::vector<std::array<double, 4>> boxes;
        auto place = [&](const std::vector<std::array<double, 2>>& spots, double half_w) {
            for (const auto& c : spots) {
                bool clear = c[0] - half_w >= x0 && c[0] + half_w <= x0 + side && c[1] - 7 >= top && c[1] + 7 <= top + side;
                for (const auto& b : boxes)
                    if (std::fabs(c[0] - b[0]) < half_w + b[2] + 1 && std::fabs(c[1] - b[1]) < 7 + b[3] + 1) clear = false;
                if (clear) {
                    boxes.push_back({c[0], c[1], half_w, 7});
                    return c;
                }
            }
            boxes.push_back({spots[0][0], spots[0][1], half_w, 7});
            return spots[0];
        };
        auto unit_label = place({{cx + unit_px / 2, cy + 14}, {cx + unit_px / 2, cy - 12}}, 9);
        doc.text(unit_label[0], unit_label[1] + 5, vec + detail::sub(1), {15, "middle", "#222222", "bold"});
        if (p.axes == 2) {
            doc.arrow(cx, cy, cx, cy - unit_px, {"#222222", 3}, 11);
            auto l2 = place({{cx - 14, cy - unit_px / 2}, {cx + 14, cy - unit_px / 2}}, 9);
            doc.text(l2[0], l2[1] + 5, vec + detail::sub(2), {15, "middle", "#222222", "bold"});
        }
        // The items: faint projections onto both axes, then the points (rows) or arrows (columns).
        for (std::size_t i = 0; i < p.points.size(); ++i) {
            const double x = clean(p.points[i][0]), y = clean(p.points[i][1]);
            if (rows && p.axes == 2) {
                doc.line(sx(x), sy(y), sx(x), cy, {colour, 1, "none", 0.45, "3 3"});
                doc.line(sx(x), sy(y), cx, sy(y), {colour, 1, "none", 0.45, "3 3"});
            }
            if (rows)
                doc.circle(sx(x), sy(y), 4.5, {"white", 1, colour});
            else
                doc.arrow(cx, cy, sx(x), sy(y), {colour, 2}, 9);
            // The label just beyond the point, away from the origin; on a single axis, labels
            // alternate above and below so that neighbours do not overlap.
            const double len = std::hypot(x, y), ox = len > 0 ? x / len : 1, oy = len > 0 ? y / len : 0;
            const std::string name = item + std::to_string(i + 1);
            const double hw = 4.0 * static_cast<double>(name.size());
            std::vector<std::array<double, 2>> spots;
            if (p.axes == 2 && y != 0) spots.push_back({sx(x) + 16 * ox, sy(y) - 16 * oy});
            for (double dy : {-13.0, 15.0, -27.0, 29.0})
                for (double dx : {0.0, 18.0, -18.0}) spots.push_back({sx(x) + dx, sy(y) + dy});
            spots.push_back({sx(x) + 20, sy(y)});
            spots.push_back({sx(x) - 20, sy(y)});
            const auto at = place(spots, hw);
            doc.text(at[0], at[1] + 4, name, {12, "middle", colour, "bold"});
        }
        doc.end_group();

        // Captions: the share of ‖A‖_F², and what is missing when a vector or σ is absent.
        double y = top + side + 24;
        doc.text_markup(cx, y, share_markup(), {12, "middle", "#333333"});
        if (sigma1 != 0)
            doc.text(cx, y += 18, std::string("(the sum of the ") + (rows ? "rows'" : "columns'") + " squared lengths in it)",
                     {12, "middle", "#333333"});
        std::string note;
        if (p.axes < 2)
            note = rows ? "A has 1 column: v\u2081 is its only right singular vector"
                        : "A has 1 row: u\u2081 is its only left singular vector";
        else if (sigma1 != 0 && rank < 2)
            note = std::string("rank 1: \u03c3\u2082 ") + (r >= 2 ? "\u2248 0" : "does not exist") +
                   ", so every " + (rows ? "row" : "column") + " lies on the " + vec + detail::sub(1) + " axis";
        if (!note.empty()) doc.text(cx, y += 18, note, {12, "middle", "#aa3300"});
        if (!unit_fits) doc.text(cx, y += 18, "(the thick unit arrows are not to scale: 1 unit = " + detail::tick_text(ppu) + " px)",
                                 {12, "middle", "#333333"});
    };
    panel(d.rows, true, left);
    panel(d.cols, false, left + side + gap);
    doc.save(path);
}

}  // namespace svdkit_examples::walkthrough
