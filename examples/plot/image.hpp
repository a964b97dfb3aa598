// plot/image.hpp - a grayscale image of doubles, and the byte-level output the image formats share.
//
// Gray values are in [0, 1], row-major, 0 = black; they become 8-bit samples by to_byte().
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace svdkit_examples::plot {

/// A grayscale image: width × height doubles, row-major, 0 = black, 1 = white.
struct gray_image {
    std::size_t width = 0, height = 0;
    std::vector<double> pixels;

    gray_image() = default;
    gray_image(std::size_t w, std::size_t h, double value = 0) : width(w), height(h), pixels(w * h, value) {}
    double& at(std::size_t row, std::size_t col) { return pixels[row * width + col]; }
    double at(std::size_t row, std::size_t col) const { return pixels[row * width + col]; }
};

namespace detail {

/// Writes `bytes` to `path`. \throws std::runtime_error naming the file if it cannot be written.
inline void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("plot: cannot open '" + path + "' for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("plot: error while writing '" + path + "'");
}

/// A gray value as an 8-bit sample: clamped to [0, 1] (NaN -> 0), then rounded.
inline std::uint8_t to_byte(double v) {
    if (!(v > 0)) return 0;  // also NaN
    if (v >= 1) return 255;
    return static_cast<std::uint8_t>(std::lround(v * 255));
}

}  // namespace detail

}  // namespace svdkit_examples::plot
