// plot/palette.hpp - the colours of chart series.
//
// A series without a colour of its own gets the palette colour of its position. Signed values
// (weights, matrix entries) are drawn with diverging(): blue below 0, white at 0, red above.
//
// References: C. A. Brewer, ColorBrewer (colorbrewer2.org), the RdBu diverging scheme.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace svdkit_examples::plot {

/// A qualitative palette (colour-blind-friendly where it matters: blue, orange, green, ...).
inline const std::string& palette(std::size_t i) {
    static const std::array<std::string, 8> colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                      "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    return colors[i % colors.size()];
}

/// A diverging colour map for t in [-1, 1] (clamped): five stops of ColorBrewer's RdBu, blue at
/// -1, exactly white at 0 (so that "white" reads as "zero"), red at +1, interpolated linearly in
/// RGB; "#rrggbb".
inline std::string diverging(double t) {
    static const double stops[5][3] = {{33, 102, 172}, {103, 169, 207}, {255, 255, 255}, {239, 138, 98}, {178, 24, 43}};
    t = std::min(1.0, std::max(-1.0, t));
    const double u = (t + 1) * 2;  // 0..4
    const int i = std::min(3, static_cast<int>(u));
    const double a = u - i;
    int c[3];
    for (int j = 0; j < 3; ++j)
        c[j] = static_cast<int>(std::round(std::min(255.0, std::max(0.0, stops[i][j] + a * (stops[i + 1][j] - stops[i][j])))));
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
    return buf;
}

}  // namespace svdkit_examples::plot
