// plot/pnm.hpp - Netpbm images: a binary PGM writer and a PGM/PPM reader.
//
// The reader turns colour into gray, so the examples can take any PGM or PPM as input.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
//
// References: Netpbm's pgm(5) and ppm(5) format descriptions; ITU-R BT.601 luma weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "image.hpp"

namespace svdkit_examples::plot {

/// Writes `img` as a binary 8-bit PGM (P5); values clamped to [0, 1].
inline void write_pgm(const std::string& path, const gray_image& img) {
    if (img.pixels.size() != img.width * img.height)
        throw std::invalid_argument("plot::write_pgm: pixel count does not match width x height");
    const std::string header = "P5\n" + std::to_string(img.width) + " " + std::to_string(img.height) + "\n255\n";
    std::vector<std::uint8_t> bytes(header.begin(), header.end());
    for (double v : img.pixels) bytes.push_back(detail::to_byte(v));
    detail::write_bytes(path, bytes);
}

/// Reads a Netpbm image: P2 (ASCII gray), P5 (binary gray), P3 (ASCII colour) or P6 (binary
/// colour), maxval 1..65535 (16-bit binary samples are big-endian), '#' comments in the header.
/// Colour becomes gray as 0.299 R + 0.587 G + 0.114 B (BT.601 luma). Values are scaled to [0, 1].
/// Width and height must be in 1..100000.
/// \throws std::runtime_error naming the file and the problem (bad magic, bad or missing header
/// field, sample above maxval, file too short).
inline gray_image read_pnm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open '" + path + "'");
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string where = "'" + path + "': ";
    std::size_t pos = 0;
    auto is_space = [](std::uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    auto skip_space_and_comments = [&] {
        while (pos < bytes.size()) {
            if (is_space(bytes[pos])) {
                ++pos;
            } else if (bytes[pos] == '#') {
                while (pos < bytes.size() && bytes[pos] != '\n' && bytes[pos] != '\r') ++pos;
            } else {
                break;
            }
        }
    };
    // An unsigned decimal number (header fields and ASCII samples).
    auto read_number = [&](const std::string& field) -> unsigned long {
        skip_space_and_comments();
        if (pos >= bytes.size()) throw std::runtime_error(where + "file ends before the " + field);
        if (bytes[pos] < '0' || bytes[pos] > '9')
            throw std::runtime_error(where + "expected a number for the " + field + ", found '" +
                                     std::string(1, static_cast<char>(bytes[pos])) + "' at byte " + std::to_string(pos));
        unsigned long v = 0;
        while (pos < bytes.size() && bytes[pos] >= '0' && bytes[pos] <= '9') {
            v = v * 10 + static_cast<unsigned long>(bytes[pos] - '0');
            if (v > 0xFFFFFFFFul) throw std::runtime_error(where + "the " + field + " is too large");
            ++pos;
        }
        return v;
    };

    if (bytes.size() < 2 || bytes[0] != 'P' || (bytes[1] != '2' && bytes[1] != '3' && bytes[1] != '5' && bytes[1] != '6'))
        throw std::runtime_error(where + "not a PGM/PPM file (expected magic P2, P3, P5 or P6)");
    const char kind = static_cast<char>(bytes[1]);
    pos = 2;
    const bool colour = kind == '3' || kind == '6', binary = kind == '5' || kind == '6';
    const unsigned long w = read_number("width"), h = read_number("height"), maxval = read_number("maxval");
    if (w == 0 || h == 0 || w > 100000 || h > 100000)
        throw std::runtime_error(where + "width and height must be in 1..100000, got " + std::to_string(w) + " x " +
                                 std::to_string(h));
    if (maxval == 0 || maxval > 65535)
        throw std::runtime_error(where + "maxval must be in 1..65535, got " + std::to_string(maxval));
    const std::size_t channels = colour ? 3 : 1;
    const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * channels;
    // Each sample needs at least one byte (binary) or two (ASCII: a digit and a separator), so a
    // header that promises more than the file holds is rejected before any allocation.
    const std::size_t width_bytes = binary ? (maxval > 255 ? 2 : 1) : 2;
    if (bytes.size() - pos < count * width_bytes - (binary ? 0 : 1))
        throw std::runtime_error(where + "file too short: the header promises " + std::to_string(w) + " x " +
                                 std::to_string(h) + (colour ? " colour" : " gray") + " pixels, but only " +
                                 std::to_string(bytes.size() - pos) + " bytes follow it");
    std::vector<double> samples(count);
    if (binary) {
        if (pos >= bytes.size() || !is_space(bytes[pos]))
            throw std::runtime_error(where + "expected one whitespace byte after maxval");
        ++pos;  // exactly one whitespace byte separates the header from the samples
        if (bytes.size() - pos < count * width_bytes)
            throw std::runtime_error(where + "file too short: expected " + std::to_string(count * width_bytes) +
                                     " sample bytes, found " + std::to_string(bytes.size() - pos));
        for (std::size_t i = 0; i < count; ++i) {
            unsigned long v = bytes[pos++];
            if (width_bytes == 2) v = (v << 8) | bytes[pos++];
            if (v > maxval)
                throw std::runtime_error(where + "sample " + std::to_string(i) + " is " + std::to_string(v) +
                                         ", above maxval " + std::to_string(maxval));
            samples[i] = static_cast<double>(v) / static_cast<double>(maxval);
        }
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            const unsigned long v = read_number("sample " + std::to_string(i) + " of " + std::to_string(count));
            if (v > maxval)
                throw std::runtime_error(where + "sample " + std::to_string(i) + " is " + std::to_string(v) +
                                         ", above maxval " + std::to_string(maxval));
            samples[i] = static_cast<double>(v) / static_cast<double>(maxval);
        }
    }
    gray_image img(static_cast<std::size_t>(w), static_cast<std::size_t>(h));
    for (std::size_t i = 0; i < img.pixels.size(); ++i)
        img.pixels[i] = colour ? 0.299 * samples[3 * i] + 0.587 * samples[3 * i + 1] + 0.114 * samples[3 * i + 2]
                               : samples[i];
    return img;
}

}  // namespace svdkit_examples::plot
