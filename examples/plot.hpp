// plot.hpp - pictures for svdkit's examples: SVG drawings and charts, PNG images, PGM/PPM input.
//
// Examples-only helper (not part of the library, not installed). Standard library only, so the
// examples need no plotting dependency. Everything lives in namespace svdkit_examples::plot and
// every failure is a std::runtime_error (files) or std::invalid_argument (bad arguments) whose
// message says what was expected.
//
// API in brief
// ------------
// Low-level SVG (coordinates in pixels, origin top-left, y down; viewBox = 0 0 width height):
//
//   plot::svg doc(640, 480);                       // width, height
//   doc.rect(0, 0, 640, 480, {"none", 0, "white"}) // style{stroke, stroke_width, fill, ...}
//      .line(10, 10, 100, 10, {"black", 2})
//      .polyline({{0, 0}, {5, 8}}, {"#1f77b4", 1.5})
//      .polygon(points, style) .path("M 0 0 L 5 5", style)
//      .circle(cx, cy, r, style) .ellipse(cx, cy, rx, ry, angle_deg, style)
//      .arrow(x1, y1, x2, y2, style)              // a line with a filled head at (x2, y2)
//      .text(x, y, "A & B", text_style{12, "middle"});  // text is XML-escaped
//   doc.begin_panel("title of the panel"); ... doc.end_group();   // <g class="panel"><title>..
//   doc.begin_group("transform=\"translate(5 5)\""); ... doc.end_group();  // raw attributes
//   doc.raw("<animate .../>");                     // verbatim markup (e.g. SMIL), caller's duty
//   doc.save("out.svg");                           // standalone, well-formed SVG 1.1 file
//
// Charts (each also has a draw_* form that draws into a box of an existing svg, for panels):
//
//   plot::series s{"sigma_i", xs, ys};             // name, x, y (+ color, lines, markers,
//   s.markers = true;                              //   marker_radius, dash, labels)
//   plot::chart_options o;                         // title, x_label, y_label, log_x, log_y,
//   o.log_y = true;                                //   width, height, x/y_min/max (NaN = auto),
//   plot::line_chart({s}, o).save("f.svg");        //   equal_aspect, legend, zero_lines
//   plot::scatter_chart({s}, o).save("g.svg");     // markers only; s.labels label each point
//   plot::bar_chart({{"Alien", 0.4}, {"Up", -0.2}}, bar_options{...}).save("b.svg");
//                                                  // horizontal or vertical, any sign, sorted
//                                                  // (bar_options::sort) or as given
//
//   Non-finite points (and, on a log axis, points <= 0) are skipped and break the line.
//
// Images (gray values as doubles in [0, 1], row-major, 0 = black):
//
//   plot::gray_image img(width, height);  img.at(row, col) = 0.5;
//   plot::write_png("f.png", img);        // 8-bit grayscale PNG (values clamped to [0, 1])
//   plot::write_png_rgb("h.png", w, h, rgb_bytes);   // 8-bit RGB, rgb_bytes.size() == 3·w·h
//   plot::write_pgm("f.pgm", img);        // binary P5, 8-bit
//   plot::gray_image g = plot::read_pnm("photo.ppm");  // P2/P5 gray, P3/P6 colour -> gray
//
// The PNGs are uncompressed (zlib "stored" blocks), which every browser and viewer shows; they
// are larger than compressed ones, which does not matter for the examples' small pictures.
//
// References: W3C, Scalable Vector Graphics (SVG) 1.1; W3C, Portable Network Graphics (PNG)
// Specification, 2nd ed. (chunks, CRC-32); RFC 1950 (zlib, Adler-32) and RFC 1951 (DEFLATE
// stored blocks); Netpbm's pgm(5) and ppm(5) format descriptions; ITU-R BT.601 luma weights.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace svdkit_examples::plot {

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

/// A coordinate for an SVG attribute: at most two decimals, no trailing zeros, never "-0".
/// Non-finite values become 0 (an SVG reader rejects "nan"; callers skip such points anyway).
inline std::string num(double x) {
    if (!std::isfinite(x)) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

/// Text escaped for XML character data and attribute values.
inline std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

/// A qualitative palette (colour-blind-friendly where it matters: blue, orange, green, ...).
inline const std::string& palette(std::size_t i) {
    static const std::array<std::string, 8> colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                      "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    return colors[i % colors.size()];
}

// ---------------------------------------------------------------------------------------------
// Low-level SVG writer
// ---------------------------------------------------------------------------------------------

/// How a shape is stroked and filled: style{stroke, stroke_width, fill, opacity, dash, extra}.
struct style {
    style() = default;
    // A constructor rather than an aggregate, so that style{"red", 2} leaves the rest defaulted
    // without -Wmissing-field-initializers.
    style(std::string stroke_, double stroke_width_ = 1, std::string fill_ = "none", double opacity_ = 1,
          std::string dash_ = "", std::string extra_ = "")
        : stroke(std::move(stroke_)), stroke_width(stroke_width_), fill(std::move(fill_)), opacity(opacity_),
          dash(std::move(dash_)), extra(std::move(extra_)) {}
    std::string stroke = "black";  ///< stroke colour ("none" for no outline)
    double stroke_width = 1;       ///< in user units (pixels)
    std::string fill = "none";     ///< fill colour
    double opacity = 1;            ///< applies to the whole element
    std::string dash;              ///< stroke-dasharray, e.g. "5 3"; empty = solid
    std::string extra;             ///< further raw attributes, e.g. "vector-effect=\"non-scaling-stroke\""
};

/// How text is drawn: text_style{size, anchor, fill, weight}; (x, y) is the baseline point
/// named by `anchor`. Set rotate / family as members.
struct text_style {
    text_style() = default;
    text_style(double size_, std::string anchor_ = "start", std::string fill_ = "black", std::string weight_ = "normal")
        : size(size_), anchor(std::move(anchor_)), fill(std::move(fill_)), weight(std::move(weight_)) {}
    double size = 12;              ///< font size in pixels
    std::string anchor = "start";  ///< "start", "middle" or "end"
    std::string fill = "black";
    std::string weight = "normal";  ///< "normal" or "bold"
    double rotate = 0;              ///< degrees, clockwise, about (x, y)
    std::string family = "sans-serif";
};

/// A point in pixel coordinates.
using point = std::pair<double, double>;

/// A standalone SVG document built element by element. Methods return *this for chaining.
class svg {
public:
    /// width, height > 0 (pixels); the viewBox is 0 0 width height.
    svg(double width, double height) : width_(width), height_(height) {
        if (!(width > 0 && height > 0 && std::isfinite(width) && std::isfinite(height)))
            throw std::invalid_argument("plot::svg: width and height must be finite and > 0, got " + num(width) +
                                        " x " + num(height));
    }

    double width() const noexcept { return width_; }
    double height() const noexcept { return height_; }

    svg& line(double x1, double y1, double x2, double y2, const style& s = {}) {
        body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"" +
                 attrs(s) + "/>\n";
        return *this;
    }

    svg& polyline(const std::vector<point>& pts, const style& s = {}) {
        body_ += "<polyline points=\"" + points(pts) + "\"" + attrs(s) + "/>\n";
        return *this;
    }

    svg& polygon(const std::vector<point>& pts, const style& s = {}) {
        body_ += "<polygon points=\"" + points(pts) + "\"" + attrs(s) + "/>\n";
        return *this;
    }

    /// d is SVG path data, e.g. "M 0 0 L 10 10 Z".
    svg& path(const std::string& d, const style& s = {}) {
        body_ += "<path d=\"" + escape(d) + "\"" + attrs(s) + "/>\n";
        return *this;
    }

    svg& circle(double cx, double cy, double r, const style& s = {}) {
        body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"" + attrs(s) + "/>\n";
        return *this;
    }

    /// An ellipse with semi-axes rx, ry, its rx axis turned by angle_deg (clockwise on screen).
    svg& ellipse(double cx, double cy, double rx, double ry, double angle_deg, const style& s = {}) {
        body_ += "<ellipse cx=\"0\" cy=\"0\" rx=\"" + num(rx) + "\" ry=\"" + num(ry) + "\" transform=\"translate(" +
                 num(cx) + " " + num(cy) + ") rotate(" + num(angle_deg) + ")\"" + attrs(s) + "/>\n";
        return *this;
    }

    svg& rect(double x, double y, double w, double h, const style& s = {}) {
        body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) +
                 "\" height=\"" + num(std::max(h, 0.0)) + "\"" + attrs(s) + "/>\n";
        return *this;
    }

    /// Plain text (escaped). Multi-line text needs one call per line.
    svg& text(double x, double y, const std::string& t, const text_style& ts = {}) {
        return text_markup(x, y, escape(t), ts);
    }

    /// Text whose content is already markup (e.g. "10<tspan ...>3</tspan>"); not escaped.
    svg& text_markup(double x, double y, const std::string& markup, const text_style& ts = {}) {
        body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-family=\"" + escape(ts.family) +
                 "\" font-size=\"" + num(ts.size) + "\" text-anchor=\"" + escape(ts.anchor) + "\" fill=\"" +
                 escape(ts.fill) + "\"";
        if (ts.weight != "normal") body_ += " font-weight=\"" + escape(ts.weight) + "\"";
        if (ts.rotate != 0) body_ += " transform=\"rotate(" + num(ts.rotate) + " " + num(x) + " " + num(y) + ")\"";
        body_ += ">" + markup + "</text>\n";
        return *this;
    }

    /// A line from (x1, y1) to (x2, y2) with a filled triangular head of length `head` at the end.
    /// A zero-length arrow draws nothing (it has no direction).
    svg& arrow(double x1, double y1, double x2, double y2, const style& s = {}, double head = 9) {
        const double dx = x2 - x1, dy = y2 - y1;
        const double len = std::hypot(dx, dy);
        if (!(len > 0)) return *this;
        const double ux = dx / len, uy = dy / len;
        const double h = std::min(head, 0.6 * len);  // short arrows keep a visible shaft
        const double bx = x2 - h * ux, by = y2 - h * uy;
        const double w = 0.45 * h;
        line(x1, y1, bx, by, s);
        style head_style = s;
        head_style.fill = s.stroke;
        head_style.stroke = "none";
        return polygon({{x2, y2}, {bx - w * uy, by + w * ux}, {bx + w * uy, by - w * ux}}, head_style);
    }

    /// Opens <g attributes>; `attributes` is raw markup such as transform="translate(10 20)".
    svg& begin_group(const std::string& attributes = "") {
        body_ += attributes.empty() ? "<g>\n" : "<g " + attributes + ">\n";
        ++depth_;
        return *this;
    }

    /// Opens a panel: <g class="panel"> with a <title> (tools and tests count panels by class).
    svg& begin_panel(const std::string& title) {
        begin_group("class=\"panel\"");
        body_ += "<title>" + escape(title) + "</title>\n";
        return *this;
    }

    svg& end_group() {
        if (depth_ == 0) throw std::logic_error("plot::svg::end_group: no open group");
        --depth_;
        body_ += "</g>\n";
        return *this;
    }

    /// Verbatim markup (animations, gradients, ...). The caller keeps it well formed.
    svg& raw(const std::string& markup) {
        body_ += markup;
        return *this;
    }

    /// The whole document. \throws std::logic_error if a group is still open.
    std::string str() const {
        if (depth_ != 0)
            throw std::logic_error("plot::svg: " + std::to_string(depth_) + " group(s) still open");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
               num(width_) + "\" height=\"" + num(height_) + "\" viewBox=\"0 0 " + num(width_) + " " + num(height_) +
               "\">\n" + body_ + "</svg>\n";
    }

    /// Writes str() to `path`. \throws std::runtime_error naming the file if it cannot be written.
    void save(const std::string& path) const {
        const std::string text = str();
        std::ofstream out(path, std::ios::binary);
        if (!out) throw std::runtime_error("plot: cannot open '" + path + "' for writing");
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) throw std::runtime_error("plot: error while writing '" + path + "'");
    }

private:
    static std::string points(const std::vector<point>& pts) {
        std::string out;
        for (const auto& p : pts) {
            if (!out.empty()) out += ' ';
            out += num(p.first) + "," + num(p.second);
        }
        return out;
    }
    static std::string attrs(const style& s) {
        std::string out = " stroke=\"" + escape(s.stroke) + "\" stroke-width=\"" + num(s.stroke_width) +
                          "\" fill=\"" + escape(s.fill) + "\"";
        if (s.opacity != 1) out += " opacity=\"" + num(s.opacity) + "\"";
        if (!s.dash.empty()) out += " stroke-dasharray=\"" + escape(s.dash) + "\"";
        if (!s.extra.empty()) out += " " + s.extra;
        return out;
    }

    double width_, height_;
    std::string body_;
    int depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Axes: ticks and scales
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Line and scatter charts
// ---------------------------------------------------------------------------------------------

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
};

/// Where a chart goes inside a larger svg.
struct box {
    double x = 0, y = 0, width = 0, height = 0;
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
    const double left = o.y_label.empty() ? 56 : 74, bottom = o.x_label.empty() ? 34 : 54, right = 18;
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
            if (!s.labels[i].empty() && sx.valid(s.x[i]) && sy.valid(s.y[i]))
                doc.text(sx(s.x[i]) + s.marker_radius + 2, sy(s.y[i]) - s.marker_radius - 1, s.labels[i],
                         {10, "start", "#222222"});
    }
    doc.rect(plot_area.x, plot_area.y, plot_area.width, plot_area.height, {"#333333", 1});

    // Title and axis labels.
    if (!o.title.empty())
        doc.text(where.x + where.width / 2, where.y + 22, o.title, {15, "middle", "black", "bold"});
    if (!o.x_label.empty())
        doc.text(plot_area.x + plot_area.width / 2, plot_area.y + plot_area.height + 40, o.x_label, {13, "middle"});
    if (!o.y_label.empty()) {
        text_style ts{13, "middle"};
        ts.rotate = -90;
        doc.text(where.x + 18, plot_area.y + plot_area.height / 2, o.y_label, ts);
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

// ---------------------------------------------------------------------------------------------
// Bar charts
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

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

inline void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("plot: cannot open '" + path + "' for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("plot: error while writing '" + path + "'");
}

inline std::uint8_t to_byte(double v) {
    if (!(v > 0)) return 0;  // also NaN
    if (v >= 1) return 255;
    return static_cast<std::uint8_t>(std::lround(v * 255));
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
