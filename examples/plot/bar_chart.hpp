// plot/bar_chart.hpp - bar charts of labelled values, horizontal or vertical, of any sign.
//
// Like the line charts, a draw_* form for a box of an existing svg and a standalone form.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "axes.hpp"
#include "svg.hpp"

namespace svdkit_examples::plot {

/// One labelled bar: bar{label, value} or bar{label, value, color}.
struct bar {
    bar() = default;
    bar(std::string label_, double value_, std::string color_ = "")
        : label(std::move(label_)), value(value_), color(std::move(color_)) {}
    std::string label;
    double value = 0;
    std::string color;  ///< empty: bar_options' positive / negative colour
};

struct bar_options {
    std::string title, value_label;
    bool horizontal = true;  ///< bars grow left/right from a vertical zero line, labels at the left
    enum class order { as_given, descending, ascending, by_magnitude } sort = order::as_given;
    double width = 720;
    double height = 0;  ///< 0: enough for the bars (22 px each when horizontal)
    std::string positive_color = "#1f77b4", negative_color = "#d62728";
    bool show_values = true;  ///< print each value at the end of its bar
    /// Horizontal bars: widen the value axis until each printed value clears the bar labels at
    /// the left and the right edge (off: a long negative bar's value can overlap its label).
    bool fit_values = false;
};

/// The pixel size a bar chart of n bars gets when bar_options::height is 0.
inline double bar_chart_height(std::size_t n, const bar_options& o) {
    if (o.height > 0) return o.height;
    return o.horizontal ? 80 + 22 * static_cast<double>(n) : 420;
}

/// Draws bars into `where` of `doc`. Non-finite values are drawn as empty bars labelled "n/a".
inline void draw_bar_chart(svg& doc, const box& where, std::vector<bar> bars, const bar_options& o) {
    auto key = [](double v) { return std::isfinite(v) ? v : -INFINITY; };
    switch (o.sort) {
        case bar_options::order::descending:
            std::stable_sort(bars.begin(), bars.end(), [&](const bar& a, const bar& b) { return key(a.value) > key(b.value); });
            break;
        case bar_options::order::ascending:
            std::stable_sort(bars.begin(), bars.end(), [&](const bar& a, const bar& b) { return key(a.value) < key(b.value); });
            break;
        case bar_options::order::by_magnitude:
            std::stable_sort(bars.begin(), bars.end(),
                             [&](const bar& a, const bar& b) { return key(std::fabs(a.value)) > key(std::fabs(b.value)); });
            break;
        case bar_options::order::as_given: break;
    }
    double lo = 0, hi = 0;
    for (const auto& b : bars)
        if (std::isfinite(b.value)) lo = std::min(lo, b.value), hi = std::max(hi, b.value);
    if (lo == hi) hi = 1;
    detail::scale s;
    std::tie(s.lo, s.hi) = detail::axis_range(lo, hi, false, detail::nan(), detail::nan(), 6);

    double label_w = 0;
    for (const auto& b : bars) label_w = std::max(label_w, detail::text_width(b.label, 12));
    const double title_h = o.title.empty() ? 12 : 34;
    const double n = static_cast<double>(std::max<std::size_t>(bars.size(), 1));
    const text_style tick_text{11, "middle", "#333333"};
    const std::string value_fmt = "%.3g";
    auto value_text = [&](double v) {
        if (!std::isfinite(v)) return std::string("n/a");
        char buf[64];
        std::snprintf(buf, sizeof buf, value_fmt.c_str(), v);
        return std::string(buf);
    };

    if (o.horizontal) {
        const double left = std::min(label_w + 16, 0.45 * where.width), right = 50;
        const box area{where.x + left, where.y + title_h, where.width - left - right,
                       where.height - title_h - (o.value_label.empty() ? 30 : 50)};
        s.p0 = area.x, s.p1 = area.x + area.width;
        if (o.show_values && o.fit_values) {
            // Each pass lowers (raises) the data end by the pixels a value overflows, converted at
            // the current scale; the axis then rounds outwards to nice values, so a few passes do.
            for (int pass = 0; pass < 8; ++pass) {
                double need_lo = 0, need_hi = 0;  // pixels missing on each side
                for (const auto& b : bars) {
                    if (!std::isfinite(b.value)) continue;
                    const double w = detail::text_width(value_text(b.value), 10) + 3 + 4;
                    if (b.value < 0) need_lo = std::max(need_lo, area.x - (s(b.value) - w));
                    else need_hi = std::max(need_hi, s(b.value) + w - (area.x + area.width + right));
                }
                if (need_lo <= 0 && need_hi <= 0) break;
                const double per_px = (s.hi - s.lo) / area.width;
                if (need_lo > 0) lo = std::min(lo, s.lo) - need_lo * per_px;
                if (need_hi > 0) hi = std::max(hi, s.hi) + need_hi * per_px;
                std::tie(s.lo, s.hi) = detail::axis_range(lo, hi, false, detail::nan(), detail::nan(), 6);
            }
        }
        for (const auto& t : detail::make_ticks(s, 6)) {
            doc.line(s(t.value), area.y, s(t.value), area.y + area.height, {"#dddddd", 1});
            doc.text_markup(s(t.value), area.y + area.height + 16, t.label, tick_text);
        }
        const double slot = area.height / n;
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const bar& b = bars[i];
            const double y = area.y + slot * static_cast<double>(i);
            const double v = std::isfinite(b.value) ? b.value : 0;
            const std::string color = !b.color.empty() ? b.color : v < 0 ? o.negative_color : o.positive_color;
            const double x0 = s(std::min(0.0, v)), x1 = s(std::max(0.0, v));
            doc.rect(x0, y + 0.15 * slot, x1 - x0, 0.7 * slot, {"none", 0, color});
            doc.text(area.x - 6, y + 0.5 * slot + 4, b.label, {12, "end"});
            if (o.show_values)
                doc.text(v < 0 ? x0 - 3 : x1 + 3, y + 0.5 * slot + 4, value_text(b.value),
                         {10, v < 0 ? "end" : "start", "#444444"});
        }
        doc.line(s(0), area.y, s(0), area.y + area.height, {"#333333", 1});
        if (!o.value_label.empty())
            doc.text(area.x + area.width / 2, area.y + area.height + 38, o.value_label, {13, "middle"});
    } else {
        // Vertical bars: labels below, turned 45 degrees so long names fit.
        const double bottom = std::min(label_w * 0.72 + 16, 0.4 * where.height);
        const double left = o.value_label.empty() ? 56 : 74;
        const box area{where.x + left, where.y + title_h + 10, where.width - left - 18,
                       where.height - title_h - 10 - bottom};  // 10: room for the value above a top bar
        s.p0 = area.y + area.height, s.p1 = area.y;
        for (const auto& t : detail::make_ticks(s, 6)) {
            doc.line(area.x, s(t.value), area.x + area.width, s(t.value), {"#dddddd", 1});
            text_style ts = tick_text;
            ts.anchor = "end";
            doc.text_markup(area.x - 6, s(t.value) + 4, t.label, ts);
        }
        const double slot = area.width / n;
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const bar& b = bars[i];
            const double x = area.x + slot * static_cast<double>(i);
            const double v = std::isfinite(b.value) ? b.value : 0;
            const std::string color = !b.color.empty() ? b.color : v < 0 ? o.negative_color : o.positive_color;
            const double y0 = s(std::max(0.0, v)), y1 = s(std::min(0.0, v));
            doc.rect(x + 0.15 * slot, y0, 0.7 * slot, y1 - y0, {"none", 0, color});
            text_style ls{12, "end"};
            ls.rotate = -45;
            doc.text(x + 0.5 * slot + 4, area.y + area.height + 14, b.label, ls);
            if (o.show_values && slot >= 24)
                doc.text(x + 0.5 * slot, v < 0 ? y1 + 12 : y0 - 3, value_text(b.value), {10, "middle", "#444444"});
        }
        doc.line(area.x, s(0), area.x + area.width, s(0), {"#333333", 1});
        if (!o.value_label.empty()) {
            text_style ts{13, "middle"};
            ts.rotate = -90;
            doc.text(where.x + 18, area.y + area.height / 2, o.value_label, ts);
        }
    }
    if (!o.title.empty()) doc.text(where.x + where.width / 2, where.y + 22, o.title, {15, "middle", "black", "bold"});
}

/// A standalone bar chart (o.width wide; o.height, or enough for the bars when 0).
inline svg bar_chart(const std::vector<bar>& bars, const bar_options& o) {
    const double h = bar_chart_height(bars.size(), o);
    svg doc(o.width, h);
    doc.rect(0, 0, o.width, h, {"none", 0, "white"});
    draw_bar_chart(doc, {0, 0, o.width, h}, bars, o);
    return doc;
}

}  // namespace svdkit_examples::plot
