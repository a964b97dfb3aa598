// plot/axes.hpp - chart axes: scales, "nice" ticks and their labels, and the box a chart fills.
//
// Shared by the line and bar charts. A linear axis is widened to multiples of 1, 2 or 5 times
// a power of ten; a log axis to whole decades.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "svg.hpp"

namespace svdkit_examples::plot {

namespace detail {

inline double nan() { return std::numeric_limits<double>::quiet_NaN(); }

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target` intervals.
inline double nice_step(double span, int target) {
    if (!(span > 0)) return 1;
    const double raw = span / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/// A tick label for a linear axis with the given step: just enough decimals.
inline std::string linear_label(double v, double step) {
    if (std::fabs(v) < 1e-9 * step) v = 0;
    char buf[64];
    const double a = std::max(std::fabs(v), step);
    if (a >= 1e6 || step < 1e-4) {
        std::snprintf(buf, sizeof buf, "%.3g", v);
    } else {
        const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    }
    return escape(buf);
}

/// 10^e as markup: plain for 1e-2 ... 1e3, else 10 with a superscript exponent.
inline std::string decade_label(int e) {
    switch (e) {
        case -2: return "0.01";
        case -1: return "0.1";
        case 0: return "1";
        case 1: return "10";
        case 2: return "100";
        case 3: return "1000";
        default:
            return "10<tspan dy=\"-0.45em\" font-size=\"75%\">" + std::to_string(e) + "</tspan>";
    }
}

/// One axis: data range -> pixel range, linear or log10.
struct scale {
    double lo = 0, hi = 1;   // in axis units (log10 of the data on a log axis)
    double p0 = 0, p1 = 1;   // pixels of lo and hi
    bool log = false;
    bool valid(double v) const { return std::isfinite(v) && (!log || v > 0); }
    double operator()(double v) const {
        const double t = log ? std::log10(v) : v;
        return p0 + (t - lo) / (hi - lo) * (p1 - p0);
    }
};

struct tick {
    double value;        // data value
    std::string label;   // markup
};

/// Ticks for [lo, hi] (axis units), after the range was widened to nice values.
inline std::vector<tick> make_ticks(const scale& s, int target) {
    std::vector<tick> out;
    if (s.log) {
        const int e0 = static_cast<int>(std::ceil(s.lo - 1e-9));
        const int e1 = static_cast<int>(std::floor(s.hi + 1e-9));
        const int every = std::max(1, static_cast<int>(std::ceil((e1 - e0) / static_cast<double>(target))));
        for (int e = e0; e <= e1; ++e)
            if (e % every == 0) out.push_back({std::pow(10.0, e), decade_label(e)});  // 1 = 10^0 stays labelled
    } else {
        const double step = nice_step(s.hi - s.lo, target);
        const double first = std::ceil(s.lo / step - 1e-9) * step;
        for (int i = 0; i < 1000; ++i) {
            const double v = first + i * step;
            if (v > s.hi + 1e-9 * step) break;
            out.push_back({v, linear_label(v, step)});
        }
    }
    return out;
}

/// The axis-unit range covering [lo, hi] (data), widened to nice values; fixed ends are kept.
inline std::pair<double, double> axis_range(double lo, double hi, bool log, double fixed_lo, double fixed_hi,
                                            int target) {
    if (log) {
        lo = std::log10(lo);
        hi = std::log10(hi);
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (hi - lo <= 1e-12 * std::max(std::fabs(lo), std::fabs(hi))) {  // one value: give it room
        const double pad = log ? 0.5 : (lo == 0 ? 1 : 0.5 * std::fabs(lo));
        lo -= pad;
        hi += pad;
    }
    if (log) {
        lo = std::floor(lo + 1e-9);
        hi = std::ceil(hi - 1e-9);
    } else {
        const double step = nice_step(hi - lo, target);
        lo = std::floor(lo / step + 1e-9) * step;
        hi = std::ceil(hi / step - 1e-9) * step;
    }
    if (std::isfinite(fixed_lo)) lo = log ? std::log10(fixed_lo) : fixed_lo;
    if (std::isfinite(fixed_hi)) hi = log ? std::log10(fixed_hi) : fixed_hi;
    if (!(hi > lo)) hi = lo + 1;
    return {lo, hi};
}

/// Rough width of a text in pixels (sans-serif averages about 0.55 em per character).
inline double text_width(const std::string& t, double size) {
    std::size_t chars = 0;
    for (char c : t)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++chars;  // count UTF-8 code points, not bytes
    return 0.56 * size * static_cast<double>(chars);
}

}  // namespace detail

/// `text` broken at spaces into lines of at most `max_width` pixels (by detail::text_width at
/// font size `size`); a word longer than a line gets a line of its own. For captions.
inline std::vector<std::string> wrap_text(const std::string& text, double size, double max_width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t space = std::min(text.find(' ', pos), text.size());
        const std::string word = text.substr(pos, space - pos);
        pos = space + 1;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (!line.empty() && detail::text_width(joined, size) > max_width) {
            lines.push_back(line);
            line = word;
        } else {
            line = joined;
        }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

/// Where a chart goes inside a larger svg.
struct box {
    double x = 0, y = 0, width = 0, height = 0;
};

}  // namespace svdkit_examples::plot
