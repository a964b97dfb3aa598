// plot/png.hpp - an 8-bit PNG writer, gray or RGB, uncompressed.
//
// The image data is a zlib stream of DEFLATE "stored" blocks, which every browser and viewer
// shows; the files are larger than compressed ones, which does not matter for the examples'
// small pictures.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
//
// References: W3C, Portable Network Graphics (PNG) Specification, 2nd ed. (chunks, CRC-32);
// RFC 1950 (zlib, Adler-32) and RFC 1951 (DEFLATE stored blocks).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "image.hpp"

namespace svdkit_examples::plot {

namespace detail {

inline std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0) {
    // Reflected CRC-32 (polynomial 0xEDB88320), as PNG chunks use; table built on first use.
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

/// Adler-32 (RFC 1950), the checksum that ends a zlib stream.
inline std::uint32_t adler32(const std::uint8_t* data, std::size_t n) {
    std::uint32_t a = 1, b = 0;
    for (std::size_t i = 0; i < n; ++i) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

inline void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>((v >> shift) & 0xFFu));
}

inline void png_chunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
    put_be32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put_be32(out, crc32(out.data() + start, out.size() - start));  // CRC covers type and data
}

}  // namespace detail

/// The bytes of an 8-bit PNG: channels 1 (gray) or 3 (RGB), `pixels` row-major with
/// width·height·channels bytes. Uncompressed: zlib stored blocks of at most 65535 bytes.
inline std::vector<std::uint8_t> png_bytes(std::size_t width, std::size_t height, int channels,
                                           const std::vector<std::uint8_t>& pixels) {
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("plot::png_bytes: channels must be 1 (gray) or 3 (RGB), got " +
                                    std::to_string(channels));
    if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu)
        throw std::invalid_argument("plot::png_bytes: width and height must be in 1..2^31-1, got " +
                                    std::to_string(width) + " x " + std::to_string(height));
    const std::size_t row_bytes = width * static_cast<std::size_t>(channels);
    if (pixels.size() != row_bytes * height)
        throw std::invalid_argument("plot::png_bytes: expected " + std::to_string(row_bytes * height) +
                                    " pixel bytes, got " + std::to_string(pixels.size()));

    // The raw scanlines, each preceded by filter type 0 (None).
    std::vector<std::uint8_t> raw;
    raw.reserve((row_bytes + 1) * height);
    for (std::size_t r = 0; r < height; ++r) {
        raw.push_back(0);
        raw.insert(raw.end(), pixels.begin() + static_cast<std::ptrdiff_t>(r * row_bytes),
                   pixels.begin() + static_cast<std::ptrdiff_t>((r + 1) * row_bytes));
    }
    // zlib stream (RFC 1950): CMF 0x78 (deflate, 32K window), FLG 0x01 (check bits: 0x7801 % 31 == 0),
    // then DEFLATE stored blocks (RFC 1951, BTYPE 00: LEN, ~LEN, bytes), then Adler-32 of `raw`.
    std::vector<std::uint8_t> z = {0x78, 0x01};
    for (std::size_t pos = 0; pos < raw.size() || pos == 0;) {
        const std::size_t len = std::min<std::size_t>(65535, raw.size() - pos);
        const bool last = pos + len == raw.size();
        z.push_back(last ? 1 : 0);
        const auto l = static_cast<std::uint16_t>(len);
        const auto nl = static_cast<std::uint16_t>(~l);
        z.push_back(static_cast<std::uint8_t>(l & 0xFFu));
        z.push_back(static_cast<std::uint8_t>(l >> 8));
        z.push_back(static_cast<std::uint8_t>(nl & 0xFFu));
        z.push_back(static_cast<std::uint8_t>(nl >> 8));
        z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
        if (last) break;
    }
    detail::put_be32(z, detail::adler32(raw.data(), raw.size()));

    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    std::vector<std::uint8_t> ihdr;
    detail::put_be32(ihdr, static_cast<std::uint32_t>(width));
    detail::put_be32(ihdr, static_cast<std::uint32_t>(height));
    ihdr.push_back(8);                                  // bit depth
    ihdr.push_back(channels == 1 ? 0 : 2);              // colour type: gray or truecolour
    ihdr.push_back(0), ihdr.push_back(0), ihdr.push_back(0);  // deflate, adaptive filtering, no interlace
    detail::png_chunk(out, "IHDR", ihdr);
    detail::png_chunk(out, "IDAT", z);
    detail::png_chunk(out, "IEND", {});
    return out;
}

/// Writes `img` as an 8-bit grayscale PNG; values are clamped to [0, 1] (NaN -> 0).
/// \throws std::invalid_argument for an empty image, std::runtime_error if the file fails.
inline void write_png(const std::string& path, const gray_image& img) {
    if (img.pixels.size() != img.width * img.height)
        throw std::invalid_argument("plot::write_png: image has " + std::to_string(img.pixels.size()) +
                                    " pixels, width x height = " + std::to_string(img.width * img.height));
    std::vector<std::uint8_t> bytes(img.pixels.size());
    std::transform(img.pixels.begin(), img.pixels.end(), bytes.begin(), detail::to_byte);
    detail::write_bytes(path, png_bytes(img.width, img.height, 1, bytes));
}

/// Writes an 8-bit RGB PNG from rgb (3·width·height bytes, row-major, R G B per pixel).
inline void write_png_rgb(const std::string& path, std::size_t width, std::size_t height,
                          const std::vector<std::uint8_t>& rgb) {
    detail::write_bytes(path, png_bytes(width, height, 3, rgb));
}

}  // namespace svdkit_examples::plot
