// plot/svg.hpp - a standalone SVG document built element by element.
//
// Coordinates are pixels, origin top-left, y down; the viewBox is 0 0 width height. Every
// number is written by num() and every text by escape(), so the file is well-formed XML.
//
// Part of plot.hpp, the examples' picture helper (its API is summarised there); standard
// library only.
//
// References: W3C, Scalable Vector Graphics (SVG) 1.1; W3C, Extensible Markup Language (XML) 1.0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
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

}  // namespace svdkit_examples::plot
