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
//   s.label_offsets moves each label; o.x_label_markup / o.y_label_markup take SVG markup
//   (e.g. a subscript tspan); plot::clip_to_y_range(s, lo, hi, log_x, log_y) ends a line at the
//   frame; bar_options::fit_values widens the axis so printed values clear the bar labels;
//   plot::wrap_text(text, size, max_width) breaks a caption into lines.
//
// Colours: plot::palette(i) for series; plot::diverging(t), t in [-1, 1], for signed values
// (heat maps of weights or entries: blue < 0, white = 0, red > 0).
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
// The headers, one concept each (include this file, or only the one you need):
//   plot/svg.hpp         the SVG document and its primitives; num() and escape()
//   plot/palette.hpp     the series colours
//   plot/axes.hpp        scales, ticks and tick labels, the box a chart fills (plot::detail)
//   plot/line_chart.hpp  line and scatter charts
//   plot/bar_chart.hpp   bar charts
//   plot/image.hpp       gray_image
//   plot/png.hpp         the PNG writer
//   plot/pnm.hpp         the PGM writer and the PGM/PPM reader
// Each cites its references (SVG 1.1, PNG, RFC 1950/1951, Netpbm, BT.601).
#pragma once

#include "plot/axes.hpp"
#include "plot/bar_chart.hpp"
#include "plot/image.hpp"
#include "plot/line_chart.hpp"
#include "plot/palette.hpp"
#include "plot/png.hpp"
#include "plot/pnm.hpp"
#include "plot/svg.hpp"
