// rotation_scale_rotation/smil.hpp - the helpers of the two animated pictures (SMIL): point lists
// to a tenth of a pixel, arrow heads as polygons, a shape whose points play frame by frame, and a
// group shown only during given time intervals. The frames are computed in C++ and played by
// <animate> on each shape's points rather than by an SVG transform (see animation.hpp for why).
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library and examples/plot.hpp only.
#pragma once

#include <algorithm>  // std::any_of, std::min, std::sort, std::unique
#include <cmath>      // std::hypot, std::isfinite
#include <cstdio>     // std::snprintf
#include <cstring>    // std::strcmp
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include "../plot.hpp"
#include "words.hpp"

namespace svdkit_examples::rotation_scale_rotation {

// Pixel coordinates to a tenth of a pixel: plenty, and it keeps the files small.
inline std::string pts_text(const std::vector<plot::point>& pts) {
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
inline std::vector<plot::point> arrow_head(plot::point o, plot::point t) {
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
inline std::string moving_shape(const char* element, const std::vector<std::string>& frames, const plot::style& st,
                         const std::string& timing) {
    std::string values;
    for (const auto& f : frames) values += (values.empty() ? "" : ";") + f;
    return std::string("<") + element + " points=\"" + frames[0] + "\" stroke=\"" + st.stroke +
           "\" stroke-width=\"" + plot::num(st.stroke_width) + "\" fill=\"" + st.fill + "\"" +
           (st.opacity != 1 ? " opacity=\"" + plot::num(st.opacity) + "\"" : std::string()) +
           (st.dash.empty() ? std::string() : " stroke-dasharray=\"" + st.dash + "\"") + " stroke-linejoin=\"round\"><animate attributeName=\"points\" " + timing + " values=\"" + values +
           "\"/></" + element + ">\n";
}

// Opens a group that is visible only while t lies in one of the [start, end) intervals (a discrete
// opacity animation); the caller closes it with "</g>".
inline std::string shown_during(const std::vector<std::pair<double, double>>& on, double total) {
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

}  // namespace svdkit_examples::rotation_scale_rotation
