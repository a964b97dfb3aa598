// plot_check: checks plot.hpp's file formats, which no viewer in the test suite looks at.
//
//  - PNG: the bytes we write are parsed back by an independent reader written here from the
//    PNG specification (signature, chunk lengths and CRC-32s, IHDR fields, the zlib header,
//    stored blocks with LEN/NLEN, Adler-32), and the pixels must come back unchanged.
//  - CRC-32 and Adler-32 against published check values.
//  - PGM/PPM: round trips through write_pgm, hand-made P5/P6 files (8- and 16-bit, comments),
//    colour-to-gray conversion, and malformed files that must be rejected with a message.
//
// Prints one line per check and "plot checks: N passed, M failed"; exit status 1 if any failed.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "plot.hpp"

namespace {

namespace plot = svdkit_examples::plot;
int passed = 0, failed = 0;

void check(const std::string& what, bool ok) {
    std::printf("  %-68s %s\n", what.c_str(), ok ? "ok" : "FAILED");
    (ok ? passed : failed)++;
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t i) {
    return (std::uint32_t{b[i]} << 24) | (std::uint32_t{b[i + 1]} << 16) | (std::uint32_t{b[i + 2]} << 8) | b[i + 3];
}

// Decodes an 8-bit gray/RGB, non-interlaced PNG whose IDAT holds zlib stored blocks and whose
// scanlines use filter 0: exactly what plot::png_bytes promises. Throws on anything else.
std::vector<std::uint8_t> decode_png(const std::vector<std::uint8_t>& png, std::size_t& w, std::size_t& h, int& channels) {
    const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (png.size() < 8 || !std::equal(signature, signature + 8, png.begin())) throw std::runtime_error("bad signature");
    std::size_t pos = 8;
    std::vector<std::uint8_t> idat;
    bool ended = false, have_header = false;
    while (!ended) {
        if (pos + 12 > png.size()) throw std::runtime_error("truncated chunk");
        const std::uint32_t len = be32(png, pos);
        const std::string type(png.begin() + static_cast<std::ptrdiff_t>(pos + 4), png.begin() + static_cast<std::ptrdiff_t>(pos + 8));
        if (pos + 12 + len > png.size()) throw std::runtime_error("chunk " + type + " overruns the file");
        const std::uint32_t crc = be32(png, pos + 8 + len);
        if (crc != plot::detail::crc32(png.data() + pos + 4, len + 4)) throw std::runtime_error("bad CRC in " + type);
        const std::uint8_t* d = png.data() + pos + 8;
        if (type == "IHDR") {
            if (len != 13) throw std::runtime_error("IHDR length");
            w = be32(png, pos + 8);
            h = be32(png, pos + 12);
            if (d[8] != 8 || (d[9] != 0 && d[9] != 2) || d[10] != 0 || d[11] != 0 || d[12] != 0)
                throw std::runtime_error("unexpected IHDR fields");
            channels = d[9] == 0 ? 1 : 3;
            have_header = true;
        } else if (type == "IDAT") {
            idat.insert(idat.end(), d, d + len);
        } else if (type == "IEND") {
            ended = true;
        }
        pos += 12 + len;
    }
    if (!have_header || pos != png.size()) throw std::runtime_error("missing IHDR or bytes after IEND");
    // zlib: CMF/FLG, stored blocks, Adler-32.
    if (idat.size() < 6 || idat[0] != 0x78 || ((idat[0] << 8) | idat[1]) % 31 != 0) throw std::runtime_error("zlib header");
    std::vector<std::uint8_t> raw;
    std::size_t z = 2;
    for (bool last = false; !last;) {
        if (z + 5 > idat.size()) throw std::runtime_error("truncated stored block");
        last = (idat[z] & 1) != 0;
        if ((idat[z] >> 1) != 0) throw std::runtime_error("not a stored block");
        const unsigned len = idat[z + 1] | (unsigned{idat[z + 2]} << 8), nlen = idat[z + 3] | (unsigned{idat[z + 4]} << 8);
        if ((len ^ 0xFFFFu) != nlen) throw std::runtime_error("LEN/NLEN mismatch");
        z += 5;
        if (z + len > idat.size()) throw std::runtime_error("stored block overruns");
        raw.insert(raw.end(), idat.begin() + static_cast<std::ptrdiff_t>(z), idat.begin() + static_cast<std::ptrdiff_t>(z + len));
        z += len;
    }
    std::uint32_t a = 1, b = 0;
    for (std::uint8_t x : raw) a = (a + x) % 65521u, b = (b + a) % 65521u;
    if (z + 4 != idat.size() || be32(idat, z) != ((b << 16) | a)) throw std::runtime_error("Adler-32");
    const std::size_t row = w * static_cast<std::size_t>(channels);
    if (raw.size() != (row + 1) * h) throw std::runtime_error("scanline bytes");
    std::vector<std::uint8_t> pixels;
    for (std::size_t r = 0; r < h; ++r) {
        if (raw[r * (row + 1)] != 0) throw std::runtime_error("filter type");
        pixels.insert(pixels.end(), raw.begin() + static_cast<std::ptrdiff_t>(r * (row + 1) + 1),
                      raw.begin() + static_cast<std::ptrdiff_t>((r + 1) * (row + 1)));
    }
    return pixels;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool rejects(const std::string& path, const std::string& bytes, const std::string& message_part) {
    write_file(path, bytes);
    try {
        plot::read_pnm(path);
    } catch (const std::runtime_error& e) {
        const bool ok = std::string(e.what()).find(message_part) != std::string::npos;
        if (!ok) std::printf("    (message was: %s)\n", e.what());
        return ok;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";

    // Published check values: CRC-32 of "123456789" is 0xCBF43926; the IEND chunk's CRC in every
    // PNG is 0xAE426082; Adler-32 of "Wikipedia" is 0x11E60398 (RFC 1950's algorithm).
    const std::string digits = "123456789";
    check("CRC-32(\"123456789\") = CBF43926",
          plot::detail::crc32(reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size()) == 0xCBF43926u);
    check("CRC-32(\"IEND\") = AE426082",
          plot::detail::crc32(reinterpret_cast<const std::uint8_t*>("IEND"), 4) == 0xAE426082u);
    {
        const std::string wiki = "Wikipedia";
        check("Adler-32(\"Wikipedia\") = 11E60398",
              plot::detail::adler32(reinterpret_cast<const std::uint8_t*>(wiki.data()), wiki.size()) == 0x11E60398u);
        const std::vector<std::uint8_t> png = plot::png_bytes(1, 1, 1, {7});
        // The zlib stream ends with Adler-32 of the one scanline {0, 7}: a = 1 + 0 + 7 = 8,
        // b = (1 + 0) + (1 + 0 + 7) = 9; IDAT's CRC and IEND's 12 bytes come after it.
        check("1x1 PNG: its zlib stream ends with Adler-32({0, 7}) = 00090008",
              png.size() > 24 && be32(png, png.size() - 12 - 4 - 4) == 0x00090008u);
        std::size_t w = 0, h = 0;
        int c = 0;
        const auto px = decode_png(png, w, h, c);
        check("1x1 PNG decodes to one gray pixel 7", w == 1 && h == 1 && c == 1 && px == std::vector<std::uint8_t>{7});
    }

    // A gray image big enough to need several stored blocks (> 65535 bytes), and an RGB one.
    for (int channels : {1, 3}) {
        const std::size_t w = 301, h = channels == 1 ? 257 : 31;
        std::vector<std::uint8_t> pixels(w * h * static_cast<std::size_t>(channels));
        for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 24);
        std::size_t dw = 0, dh = 0;
        int dc = 0;
        std::string what = std::to_string(w) + "x" + std::to_string(h) + (channels == 1 ? " gray" : " RGB") +
                           " PNG: CRCs, zlib, Adler-32 and pixels read back";
        try {
            const auto back = decode_png(plot::png_bytes(w, h, channels, pixels), dw, dh, dc);
            check(what, back == pixels && dw == w && dh == h && dc == channels);
        } catch (const std::exception& e) {
            std::printf("    (%s)\n", e.what());
            check(what, false);
        }
    }
    bool threw = false;
    try {
        plot::png_bytes(2, 2, 1, {1, 2, 3});
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    check("png_bytes rejects a pixel count that does not match", threw);

    // PGM round trip: 8 bits keep each value to half a step (1/510).
    plot::gray_image img(5, 3);
    for (std::size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<double>(i) / 14.0;
    write_pgm(dir + "/plot_check.pgm", img);
    const plot::gray_image back = plot::read_pnm(dir + "/plot_check.pgm");
    double worst = 0;
    for (std::size_t i = 0; i < img.pixels.size(); ++i) worst = std::max(worst, std::fabs(back.pixels[i] - img.pixels[i]));
    check("write_pgm/read_pnm round trip within 1/510", back.width == 5 && back.height == 3 && worst <= 0.5 / 255 + 1e-15);

    // Hand-made files: 16-bit binary gray with comments, binary colour, ASCII with odd spacing.
    write_file(dir + "/plot_check16.pgm", std::string("P5\n# c1\n2 # c2\n1\n65535\n") + std::string("\xFF\xFF\x80\x00", 4));
    const auto g16 = plot::read_pnm(dir + "/plot_check16.pgm");
    check("P5 16-bit big-endian with comments: 65535 -> 1, 32768 -> 32768/65535",
          g16.width == 2 && g16.height == 1 && g16.pixels[0] == 1.0 && g16.pixels[1] == 32768.0 / 65535.0);
    write_file(dir + "/plot_check.ppm", std::string("P6 2 1 255\n") + std::string("\xFF\x00\x00\x00\x00\xFF", 6));
    const auto rgb = plot::read_pnm(dir + "/plot_check.ppm");
    check("P6 colour to gray: red -> 0.299, blue -> 0.114",
          rgb.width == 2 && std::fabs(rgb.pixels[0] - 0.299) < 1e-15 && std::fabs(rgb.pixels[1] - 0.114) < 1e-15);
    write_file(dir + "/plot_check_ascii.pgm", "P2\n2\t2\n#x\n9\n0 9\n\n3   6");
    const auto ascii = plot::read_pnm(dir + "/plot_check_ascii.pgm");
    check("P2 with tabs, blank lines and a comment in the header",
          ascii.pixels.size() == 4 && ascii.pixels[1] == 1.0 && std::fabs(ascii.pixels[3] - 6.0 / 9.0) < 1e-15);

    // Malformed files: each must be rejected, with a message naming the problem.
    const std::string bad = dir + "/plot_check_bad.pnm";
    check("rejects a PNG renamed .pgm (bad magic)", rejects(bad, "\x89PNG....", "expected magic P2, P3, P5 or P6"));
    check("rejects maxval 0", rejects(bad, "P2 1 1 0 0", "maxval must be in 1..65535, got 0"));
    check("rejects maxval 70000", rejects(bad, "P2 1 1 70000 0", "maxval must be in 1..65535, got 70000"));
    check("rejects a sample above maxval", rejects(bad, "P2 2 1 10 3 11", "sample 1 is 11, above maxval 10"));
    check("rejects a truncated binary file", rejects(bad, std::string("P5 4 4 255\n") + "abc", "file too short"));
    check("rejects a header promising a huge image before allocating",
          rejects(bad, "P5 100000 100000 255\n", "file too short"));
    check("rejects width 0", rejects(bad, "P2 0 1 255", "width and height must be in 1..100000"));
    check("rejects a non-number in the header", rejects(bad, "P2 4 x 255", "expected a number for the height"));
    threw = false;
    try {
        plot::read_pnm(dir + "/no/such/file.pgm");
    } catch (const std::runtime_error& e) {
        threw = std::string(e.what()).find("cannot open") != std::string::npos;
    }
    check("a missing file: 'cannot open' naming it", threw);

    std::printf("plot checks: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
