// plot/line_chart.hpp - line and scatter charts of named data series.
//
// Each chart has a draw_* form that draws into a box of an existing svg (for panels) and a
// standalone form. Non-finite points (and, on a log axis, points <= 0) are skipped and break
// the line.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "axes.hpp"
#include "palette.hpp"
#include "svg.hpp"

namespace svdkit_examples::plot {

/// One named data series: series{name, x, y}; set the other members as needed.
struct series {
    series() = default;
    series(std::string name_, std::vector<double> x_ = {}, std::vector<double> y_ = {})
        : name(std::move(name_)), x(std::move(x_)), y(std::move(y_)) {}
    std::string name;                 ///< legend text (empty: not in the legend)
    std::vector<double> x, y;         ///< same length
    std::string color;                ///< empty: the palette colour of its position
    bool lines = true;                ///< join consecutive points
    bool markers = false;             ///< a dot at each point
    double marker_radius = 3;
    std::string dash;                 ///< stroke-dasharray of the line
    std::vector<std::string> labels;  ///< optional text next to each point (empty or same length)
    double line_width = 2;
    /// Optional (dx, dy) in pixels from each point to the start of its label's baseline (empty or
    /// same length as labels; empty: up and to the right of the marker). For a label that would
    /// sit on another curve.
    std::vector<point> label_offsets;
};

/// Axis, title and legend options.
struct chart_options {
    std::string title, x_label, y_label;
    bool log_x = false, log_y = false;
    double width = 720, height = 450;  ///< of a standalone chart (line_chart / scatter_chart)
    double x_min = detail::nan(), x_max = detail::nan();  ///< fixed axis ends (NaN: automatic)
    double y_min = detail::nan(), y_max = detail::nan();
    bool equal_aspect = false;  ///< one data unit is the same length on both axes (linear only)
    std::string legend = "auto";  ///< "auto" (where it covers the fewest points), "top-right", "top-left",
                                  ///< "bottom-right", "bottom-left", "middle-right", "middle-left" or "none"
    bool zero_lines = false;           ///< draw the lines x = 0 and y = 0 when inside the axes
    int x_ticks = 7, y_ticks = 6;      ///< about how many tick intervals
    /// Axis labels as SVG text markup (not escaped), used instead of x_label / y_label when not
    /// empty: e.g. a subscript F as <tspan dy="4" font-size="10">F</tspan><tspan dy="-4"> ...
    std::string x_label_markup, y_label_markup;
};

/// Draws a chart of `data` into `where` of `doc`. \throws std::invalid_argument when a series'
/// x and y (or labels) differ in length.
inline void draw_line_chart(svg& doc, const box& where, const std::vector<series>& data, const chart_options& o) {
    for (const auto& s : data) {
        if (s.x.size() != s.y.size())
            throw std::invalid_argument("plot::line_chart: series '" + s.name + "' has " + std::to_string(s.x.size()) +
                                        " x values but " + std::to_string(s.y.size()) + " y values");
        if (!s.labels.empty() && s.labels.size() != s.x.size())
            throw std::invalid_argument("plot::line_chart: series '" + s.name + "' has " +
                                        std::to_string(s.labels.size()) + " labels for " +
                                        std::to_string(s.x.size()) + " points (give none or one per point)");
        if (!s.label_offsets.empty() && s.label_offsets.size() != s.labels.size())
            throw std::invalid_argument("plot::line_chart: series '" + s.name + "' has " +
                                        std::to_string(s.label_offsets.size()) + " label offsets for " +
                                        std::to_string(s.labels.size()) + " labels (give none or one per label)");
    }
    // Data range over the points the axes can show.
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (const auto& s : data)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            const double x = s.x[i], y = s.y[i];
            if (!std::isfinite(x) || !std::isfinite(y) || (o.log_x && x <= 0) || (o.log_y && y <= 0)) continue;
            xlo = std::min(xlo, x), xhi = std::max(xhi, x), ylo = std::min(ylo, y), yhi = std::max(yhi, y);
        }
    if (!(xlo <= xhi)) xlo = o.log_x ? 1 : 0, xhi = o.log_x ? 10 : 1;
    if (!(ylo <= yhi)) ylo = o.log_y ? 1 : 0, yhi = o.log_y ? 10 : 1;
    // Markers and their labels need room: keep them off the frame by 4 % of the span.
    if (std::any_of(data.begin(), data.end(), [](const series& s) { return s.markers || !s.labels.empty(); })) {
        auto pad = [](double& lo, double& hi, bool log) {
            if (log) {
                const double f = std::pow(hi / lo, 0.04);
                lo /= f, hi *= f;
            } else {
                const double d = 0.04 * (hi - lo);
                lo -= d, hi += d;
            }
        };
        pad(xlo, xhi, o.log_x);
        pad(ylo, yhi, o.log_y);
    }

    const double title_h = o.title.empty() ? 12 : 34;
    const bool has_x_label = !o.x_label.empty() || !o.x_label_markup.empty();
    const bool has_y_label = !o.y_label.empty() || !o.y_label_markup.empty();
    const double left = has_y_label ? 74 : 56, bottom = has_x_label ? 54 : 34, right = 18;
    detail::scale sx, sy;
    sx.log = o.log_x, sy.log = o.log_y;
    std::tie(sx.lo, sx.hi) = detail::axis_range(xlo, xhi, o.log_x, o.x_min, o.x_max, o.x_ticks);
    std::tie(sy.lo, sy.hi) = detail::axis_range(ylo, yhi, o.log_y, o.y_min, o.y_max, o.y_ticks);
    box plot_area{where.x + left, where.y + title_h, where.width - left - right, where.height - title_h - bottom};
    if (o.equal_aspect && !o.log_x && !o.log_y) {
        // Shrink the longer side so one unit has the same length on both axes; centre the result.
        const double ppu = std::min(plot_area.width / (sx.hi - sx.lo), plot_area.height / (sy.hi - sy.lo));
        const double w = ppu * (sx.hi - sx.lo), h = ppu * (sy.hi - sy.lo);
        plot_area.x += 0.5 * (plot_area.width - w);
        plot_area.y += 0.5 * (plot_area.height - h);
        plot_area.width = w, plot_area.height = h;
    }
    sx.p0 = plot_area.x, sx.p1 = plot_area.x + plot_area.width;
    sy.p0 = plot_area.y + plot_area.height, sy.p1 = plot_area.y;

    // Frame, grid and ticks.
    doc.rect(plot_area.x, plot_area.y, plot_area.width, plot_area.height, {"none", 0, "white"});
    const style grid{"#dddddd", 1};
    const text_style tick_text{11, "middle", "#333333"};
    for (const auto& t : detail::make_ticks(sx, o.x_ticks)) {
        const double px = sx(t.value);
        doc.line(px, plot_area.y, px, plot_area.y + plot_area.height, grid);
        doc.line(px, plot_area.y + plot_area.height, px, plot_area.y + plot_area.height + 4, {"#333333", 1});
        doc.text_markup(px, plot_area.y + plot_area.height + 17, t.label, tick_text);
    }
    text_style ytick = tick_text;
    ytick.anchor = "end";
    for (const auto& t : detail::make_ticks(sy, o.y_ticks)) {
        const double py = sy(t.value);
        doc.line(plot_area.x, py, plot_area.x + plot_area.width, py, grid);
        doc.line(plot_area.x - 4, py, plot_area.x, py, {"#333333", 1});
        doc.text_markup(plot_area.x - 7, py + 4, t.label, ytick);
    }
    if (o.zero_lines) {
        const style zero{"#888888", 1};
        if (!o.log_x && sx.lo < 0 && sx.hi > 0) doc.line(sx(0), plot_area.y, sx(0), plot_area.y + plot_area.height, zero);
        if (!o.log_y && sy.lo < 0 && sy.hi > 0) doc.line(plot_area.x, sy(0), plot_area.x + plot_area.width, sy(0), zero);
    }

    // The data, clipped to the plot area (a fixed axis range may cut lines).
    static int clip_counter = 0;
    const std::string clip_id = "plotclip" + std::to_string(++clip_counter);
    doc.raw("<clipPath id=\"" + clip_id + "\"><rect x=\"" + num(plot_area.x - 4) + "\" y=\"" + num(plot_area.y - 4) +
            "\" width=\"" + num(plot_area.width + 8) + "\" height=\"" + num(plot_area.height + 8) +
            "\"/></clipPath>\n");
    doc.begin_group("clip-path=\"url(#" + clip_id + ")\"");
    for (std::size_t k = 0; k < data.size(); ++k) {
        const series& s = data[k];
        const std::string color = s.color.empty() ? palette(k) : s.color;
        if (s.lines) {
            std::vector<point> run;
            auto flush = [&] {
                if (run.size() >= 2) doc.polyline(run, {color, s.line_width, "none", 1, s.dash, "stroke-linejoin=\"round\""});
                run.clear();
            };
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                if (sx.valid(s.x[i]) && sy.valid(s.y[i]))
                    run.emplace_back(sx(s.x[i]), sy(s.y[i]));
                else
                    flush();
            }
            flush();
        }
        if (s.markers)
            for (std::size_t i = 0; i < s.x.size(); ++i)
                if (sx.valid(s.x[i]) && sy.valid(s.y[i]))
                    doc.circle(sx(s.x[i]), sy(s.y[i]), s.marker_radius, {"white", 0.6, color});
    }
    doc.end_group();
    for (std::size_t k = 0; k < data.size(); ++k) {  // labels after all points, so no point hides one
        const series& s = data[k];
        for (std::size_t i = 0; i < s.labels.size(); ++i)
            if (!s.labels[i].empty() && sx.valid(s.x[i]) && sy.valid(s.y[i])) {
                const point d = s.label_offsets.empty() ? point{s.marker_radius + 2, -s.marker_radius - 1}
                                                        : s.label_offsets[i];
                doc.text(sx(s.x[i]) + d.first, sy(s.y[i]) + d.second, s.labels[i], {10, "start", "#222222"});
            }
    }
    doc.rect(plot_area.x, plot_area.y, plot_area.width, plot_area.height, {"#333333", 1});

    // Title and axis labels.
    if (!o.title.empty())
        doc.text(where.x + where.width / 2, where.y + 22, o.title, {15, "middle", "black", "bold"});
    if (has_x_label)
        doc.text_markup(plot_area.x + plot_area.width / 2, plot_area.y + plot_area.height + 40,
                        o.x_label_markup.empty() ? escape(o.x_label) : o.x_label_markup, {13, "middle"});
    if (has_y_label) {
        text_style ts{13, "middle"};
        ts.rotate = -90;
        doc.text_markup(where.x + 18, plot_area.y + plot_area.height / 2,
                        o.y_label_markup.empty() ? escape(o.y_label) : o.y_label_markup, ts);
    }

    // Legend.
    std::vector<std::size_t> named;
    for (std::size_t k = 0; k < data.size(); ++k)
        if (!data[k].name.empty()) named.push_back(k);
    if (o.legend != "none" && !named.empty()) {
        double text_w = 0;
        for (std::size_t k : named) text_w = std::max(text_w, detail::text_width(data[k].name, 12));
        const double row_h = 18, w = text_w + 44, h = row_h * static_cast<double>(named.size()) + 8;
        auto corner = [&](const std::string& where_) {
            const bool at_left = where_.find("left") != std::string::npos;
            const bool at_bottom = where_.find("bottom") != std::string::npos;
            const bool at_middle = where_.find("middle") != std::string::npos;
            return point{at_left ? plot_area.x + 8 : plot_area.x + plot_area.width - w - 8,
                         at_middle   ? plot_area.y + (plot_area.height - h) / 2
                         : at_bottom ? plot_area.y + plot_area.height - h - 8
                                     : plot_area.y + 8};
        };
        std::string place = o.legend;
        if (place == "auto") {  // the corner that covers the fewest data points (and labels)
            std::size_t best = std::numeric_limits<std::size_t>::max();
            for (const char* c : {"top-right", "top-left", "bottom-right", "bottom-left", "middle-right", "middle-left"}) {
                const point p = corner(c);
                std::size_t covered = 0;
                for (const auto& s : data)
                    for (std::size_t i = 0; i < s.x.size(); ++i) {
                        if (!sx.valid(s.x[i]) || !sy.valid(s.y[i])) continue;
                        const double px = sx(s.x[i]), py = sy(s.y[i]);
                        const double label_w = s.labels.empty() ? 0 : detail::text_width(s.labels[i], 10) + 6;
                        if (px + label_w >= p.first - 6 && px <= p.first + w + 6 && py >= p.second - 14 &&
                            py <= p.second + h + 6)
                            ++covered;
                    }
                if (covered < best) best = covered, place = c;
            }
        }
        const auto [lx, ly] = corner(place);
        doc.rect(lx, ly, w, h, {"#999999", 1, "white", 0.9});
        for (std::size_t r = 0; r < named.size(); ++r) {
            const series& s = data[named[r]];
            const std::string color = s.color.empty() ? palette(named[r]) : s.color;
            const double cy = ly + 4 + row_h * (static_cast<double>(r) + 0.5);
            if (s.lines) doc.line(lx + 6, cy, lx + 30, cy, {color, s.line_width, "none", 1, s.dash});
            if (s.markers) doc.circle(lx + 18, cy, s.marker_radius, {"white", 0.6, color});
            doc.text(lx + 36, cy + 4, s.name, {12, "start"});
        }
    }
}

/// `s` with its line kept to lo <= y <= hi: a segment that leaves the range ends where it crosses
/// the edge (interpolated on the axes' scales, log or linear) and a non-finite point breaks the
/// line where it is outside. For guide lines and curves that would otherwise be cut only by the
/// chart's clip margin, a few pixels outside the frame. Labels and their offsets are dropped.
inline series clip_to_y_range(series s, double lo, double hi, bool log_x = false, bool log_y = false) {
    if (s.x.size() != s.y.size())
        throw std::invalid_argument("plot::clip_to_y_range: series '" + s.name + "' has " +
                                    std::to_string(s.x.size()) + " x values but " + std::to_string(s.y.size()) +
                                    " y values");
    auto fx = [&](double v) { return log_x ? std::log10(v) : v; };
    auto fy = [&](double v) { return log_y ? std::log10(v) : v; };
    auto gx = [&](double v) { return log_x ? std::pow(10.0, v) : v; };
    auto gy = [&](double v) { return log_y ? std::pow(10.0, v) : v; };
    auto ok = [&](double x, double y) { return std::isfinite(fx(x)) && std::isfinite(fy(y)); };
    const double ylo = fy(lo), yhi = fy(hi);
    std::vector<double> xs, ys;
    auto push = [&](double x, double y) {  // in data units; skips a repeat of the last point
        if (!xs.empty() && xs.back() == x && ys.back() == y) return;
        xs.push_back(x), ys.push_back(y);
    };
    auto gap = [&] {
        if (!xs.empty() && std::isfinite(xs.back())) push(detail::nan(), detail::nan());
    };
    const std::size_t n = s.x.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (!ok(s.x[i], s.y[i])) {
            gap();
            continue;
        }
        const double y = fy(s.y[i]);
        if (n == 1) {
            if (y >= ylo && y <= yhi) push(s.x[i], s.y[i]);
            break;
        }
        if (i + 1 == n || !ok(s.x[i + 1], s.y[i + 1])) {  // the last point of a run
            if (y >= ylo && y <= yhi) push(s.x[i], s.y[i]);
            else gap();
            continue;
        }
        // The segment from point i to point i + 1, as t in [0, 1], cut to the range.
        const double x0 = fx(s.x[i]), x1 = fx(s.x[i + 1]), y1 = fy(s.y[i + 1]);
        double t0 = 0, t1 = 1;
        const double dy = y1 - y;
        if (dy == 0) {
            if (y < ylo || y > yhi) t0 = 1, t1 = 0;
        } else {
            const double ta = (ylo - y) / dy, tb = (yhi - y) / dy;
            t0 = std::max(t0, std::min(ta, tb));
            t1 = std::min(t1, std::max(ta, tb));
        }
        if (t0 > t1) {  // wholly outside
            gap();
            continue;
        }
        auto at = [&](double t, double& xo, double& yo) {
            xo = t == 0 ? s.x[i] : t == 1 ? s.x[i + 1] : gx(x0 + t * (x1 - x0));
            yo = t == 0 ? s.y[i] : t == 1 ? s.y[i + 1] : gy(y + t * dy);
        };
        double xa, ya, xb, yb;
        at(t0, xa, ya);
        at(t1, xb, yb);
        if (t0 > 0) gap();
        push(xa, ya);
        push(xb, yb);
        if (t1 < 1) gap();
    }
    while (!xs.empty() && !std::isfinite(xs.back())) xs.pop_back(), ys.pop_back();
    s.x = std::move(xs);
    s.y = std::move(ys);
    s.labels.clear();
    s.label_offsets.clear();
    return s;
}

/// A standalone line chart of o.width × o.height pixels.
inline svg line_chart(const std::vector<series>& data, const chart_options& o) {
    svg doc(o.width, o.height);
    doc.rect(0, 0, o.width, o.height, {"none", 0, "white"});
    draw_line_chart(doc, {0, 0, o.width, o.height}, data, o);
    return doc;
}

/// A standalone scatter plot: like line_chart, with markers and without lines.
inline svg scatter_chart(std::vector<series> data, const chart_options& o) {
    for (auto& s : data) s.lines = false, s.markers = true;
    return line_chart(data, o);
}

}  // namespace svdkit_examples::plot
