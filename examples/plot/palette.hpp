// plot/palette.hpp - the colours of chart series.
//
// A series without a colour of its own gets the palette colour of its position.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <array>
#include <cstddef>
#include <string>

namespace svdkit_examples::plot {

/// A qualitative palette (colour-blind-friendly where it matters: blue, orange, green, ...).
inline const std::string& palette(std::size_t i) {
    static const std::array<std::string, 8> colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                      "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    return colors[i % colors.size()];
}

}  // namespace svdkit_examples::plot
