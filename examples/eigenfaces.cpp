// eigenfaces: principal components of a set of images, shown as images ("eigen-digits").
//
// Each image of s×s pixels is a point in ℝ^(s²): one row of the n×s² matrix X. PCA (svdkit::pca,
// the SVD of the column-centered X) gives the mean image μ and orthonormal components w₁, w₂, …
// (rows of Vᵀ), each again s² numbers: reshaped to s×s they are images of the directions along
// which the set varies most, the "eigenfaces" of Turk and Pentland. An image is rebuilt from
// its first k scores zᵢ = wᵢ·(x − μ) as x̂ = μ + Σ_{i≤k} zᵢ·wᵢ, and by Eckart-Young the total
// squared error of all n images is the least any rank-k model of the centered data can have:
//
//     Σ_images ‖x − x̂‖² = σ²_{k+1} + … + σ²_p = (n − 1)·(λ_{k+1} + … + λ_p),
//
// λᵢ = σᵢ²/(n − 1) the eigenvalues of the covariance matrix C = XcᵀXc/(n − 1), whose sum is the
// total variance (the sum of the per-pixel variances).
//
// The default data are the 1797 handwritten digits of the UCI "Optical Recognition of Handwritten
// Digits" test set (8×8 pixels, values 0..16, CC BY 4.0), shipped as examples/data/digits/digits.csv
// (see examples/data/README.md). The program prints the share of the variance of the first
// components, the cumulative share and both sides of the equation above at k = 1, 5, 10, 20, 40,
// and the error of one rebuilt image; it draws the mean and the first components (blue < 0 < red),
// the scree plot, and the chosen image rebuilt from k components. It checks its claims (exit 1
// on failure): orthonormal components, total variance = sum of pixel variances, the equation
// above for every k, and that each λᵢ is an eigenvalue of C (residual ‖C·wᵢ − λᵢ·wᵢ‖, and a
// power iteration for λ₁). --project-uncentered rebuilds as x̂ = Σ zᵢ·wᵢ with zᵢ = wᵢ·x, the
// classic mistake of leaving the mean in: the equation then fails, and the check says so.
//
//   eigenfaces                                # the shipped digits
//   eigenfaces --image 42 --components 25 --out-dir out
//   eigenfaces --input my_images.csv          # one image a row: s² pixel columns [+ "label"]
//
// References: M. Turk, A. Pentland, "Eigenfaces for recognition", J. Cognitive Neuroscience 3(1)
// (1991); C. Eckart, G. Young, "The approximation of one matrix by another of lower rank",
// Psychometrika 1 (1936); I. T. Jolliffe, J. Cadima, "Principal component analysis: a review and
// recent developments", Phil. Trans. R. Soc. A 374 (2016); E. Alpaydin, C. Kaynak, "Cascading
// classifiers", Kybernetika 34(4) (1998) (the digits); G. H. Golub, C. F. Van Loan, Matrix
// Computations, 4th ed. (2013), §8.2.1 (power method) and §8.6 (SVD backward error);
// C. A. Brewer, ColorBrewer (colorbrewer2.org): the RdBu colours of plot::diverging.
#include <algorithm>  // std::min, std::max, std::find
#include <cmath>      // std::sqrt, std::abs, std::round, std::pow, std::ceil, std::floor, std::sin
#include <cstddef>    // std::size_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/io.hpp>
#include <svdkit/pca.hpp>
#include <svdkit/products.hpp>

#include "cli.hpp"
#include "plot.hpp"

#ifndef SVDKIT_EXAMPLES_DATA_DIR
#define SVDKIT_EXAMPLES_DATA_DIR "examples/data"
#endif

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
constexpr double eps = std::numeric_limits<double>::epsilon();
using real = long double;  // the independent checks accumulate in long double

const char* const usage_text =
    "usage: eigenfaces [--input FILE] [--image I] [--components K] [--out-dir DIR]\n"
    "                  [--project-uncentered]\n"
    "\n"
    "PCA of a set of images: the mean image, the principal components as images, the scree plot,\n"
    "and one image rebuilt from 1, 5, 10, 20 and 40 components; checks Eckart-Young.\n"
    "\n"
    "  --input FILE       a CSV file, one image a row: s*s pixel values (row-major), optionally a\n"
    "                     header and a last column named \"label\"\n"
    "                     (default: " SVDKIT_EXAMPLES_DATA_DIR
    "/digits/digits.csv)\n"
    "  --image I          which image (row, counted from 0) to rebuild (default 0)\n"
    "  --components K     how many components to draw (default 16, or all if fewer)\n"
    "  --out-dir DIR      where the SVG files go (default: the current directory)\n"
    "  --project-uncentered\n"
    "                     rebuild without subtracting the mean (x^ = W_k^T W_k x): a mistake\n"
    "                     that breaks Eckart-Young, so the check fails (exit 1)\n"
    "  -h, --help         show this text\n"
    "\n"
    "Exit status: 0 success, 1 a check failed or a file could not be read or written,\n"
    "2 bad command line.\n";

// ---------------------------------------------------------------------------------------------
// Check bounds, in units of ε, derived from the SVD's backward error: the computed σ̂, Ŵ are
// exact for Xc + E with ‖E‖_F <= b·ε·‖Xc‖_F, b = 4·max(n, f) + 50 (Golub & Van Loan §8.6; the
// constant is the one tests/ and lsa.cpp use for svd()), f the pixel count, p the component count.
// ---------------------------------------------------------------------------------------------
double backward(std::size_t n, std::size_t f) { return 4.0 * static_cast<double>(std::max(n, f)) + 50; }

struct checks {
    std::size_t passed = 0, failed = 0;
    void check(const char* what, double value, double bound) {
        const bool ok = value <= bound;  // false for NaN
        (ok ? passed : failed) += 1;
        std::printf("  %-60s %9.3g  (bound %.3g)  %s\n", what, value, bound, ok ? "ok" : "FAILED");
    }
};

// ---------------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------------

struct image_set {
    svdkit::matrix<double> x;  // n×s², one image a row
    std::vector<std::string> labels;
    std::size_t side = 0;
    double lo = 0, hi = 0;  // smallest and largest pixel value
};

image_set load(const std::string& path) {
    svdkit::csv_table<double> t = svdkit::read_csv<double>(path);
    const bool has_label = !t.names.empty() && t.names.back() == "label";
    const std::size_t f = t.values.cols() - (has_label ? 1 : 0);
    image_set s;
    s.side = static_cast<std::size_t>(std::round(std::sqrt(static_cast<double>(f))));
    if (f == 0 || s.side * s.side != f)
        throw std::runtime_error(path + ": " + std::to_string(f) + " pixel columns is not the pixel count of a " +
                                 "square image (s*s)");
    s.x = svdkit::matrix<double>(t.values.rows(), f);
    s.lo = INFINITY, s.hi = -INFINITY;
    for (std::size_t i = 0; i < t.values.rows(); ++i) {
        for (std::size_t j = 0; j < f; ++j) {
            s.x(i, j) = t.values(i, j);
            s.lo = std::min(s.lo, s.x(i, j)), s.hi = std::max(s.hi, s.x(i, j));
        }
        if (has_label) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", t.values(i, f));
            s.labels.push_back(buf);
        }
    }
    return s;  // NaN (a missing cell) is left for svdkit::pca to report with its position
}

// ---------------------------------------------------------------------------------------------
// Colours and pictures
// ---------------------------------------------------------------------------------------------

std::string hex(double r, double g, double b) {
    auto c = [](double v) { return static_cast<int>(std::round(std::min(255.0, std::max(0.0, v)))); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c(r), c(g), c(b));
    return buf;
}

// Pixel values: lo white, hi black (ink dark, as the digits were written).
std::string gray(double v, double lo, double hi) {
    const double t = hi > lo ? (v - lo) / (hi - lo) : 0;
    const double level = 255 * (1 - std::min(1.0, std::max(0.0, t)));
    return hex(level, level, level);
}

plot::style cell_style(const std::string& fill) { return plot::style{"none", 0, fill, 1, "", ""}; }

// An s×s image drawn as cells of `cell` pixels at (x, y), framed.
template <class Colour>
void draw_tile(plot::svg& doc, double x, double y, double cell, std::size_t side, Colour colour) {
    doc.begin_group("shape-rendering=\"crispEdges\"");
    for (std::size_t r = 0; r < side; ++r)
        for (std::size_t c = 0; c < side; ++c)
            doc.rect(x + static_cast<double>(c) * cell, y + static_cast<double>(r) * cell, cell, cell,
                     cell_style(colour(r * side + c)));
    doc.end_group();
    const double w = static_cast<double>(side) * cell;
    doc.rect(x, y, w, w, plot::style{"#888888", 0.8});
}

std::string fixed(double v, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    std::string s = buf;
    if (s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);  // no "-0.0"
    return s;
}

// A colour-bar label: a multiple of 0.025 with 2 or 3 decimals.
std::string tick(double v) {
    std::string s = fixed(v, 3);
    if (s.back() == '0') s.pop_back();
    return s;
}

// The mean image and the first K components as tiles, one colour scale for all components.
void components_picture(const std::string& file, const image_set& d, const svdkit::pca<double>& p, std::size_t k) {
    const std::size_t side = d.side, f = side * side;
    const double cell = std::max(1.0, std::floor(96.0 / static_cast<double>(side))),
                 tile = cell * static_cast<double>(side);
    const std::size_t cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(k))));
    const std::size_t rows = (k + cols - 1) / cols;
    double m = 0;  // the colour scale: ±m, the largest |weight| shown, rounded up to 0.05
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < f; ++j) m = std::max(m, std::abs(p.components()(c, j)));
    m = std::max(0.05, std::ceil(m * 20 - 1e-9) / 20);

    const double top = 70, left = 30, gx = left + tile + 60, pitch_x = tile + 18, pitch_y = tile + 26;
    const double grid_w = static_cast<double>(cols) * pitch_x - 18, grid_h = static_cast<double>(rows) * pitch_y - 8;
    const double bar_x = gx + grid_w + 30, bar_h = std::max(tile * 1.5, std::min(grid_h - 18, 300.0));
    const double width = std::max(bar_x + 100, 760.0), height = top + std::max(grid_h, tile + 70) + 55;
    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, plot::style{"none", 0, "white"});
    doc.text(width / 2, 26, "Mean image and the first " + std::to_string(k) + " principal components",
             plot::text_style{17, "middle", "black", "bold"});
    doc.text(width / 2, 46,
             std::to_string(d.x.rows()) + " images of " + std::to_string(side) + " x " + std::to_string(side) +
                 " pixels; each component is a unit vector of " + std::to_string(f) + " weights, reshaped",
             plot::text_style{12, "middle", "#444444"});

    doc.begin_panel("mean image");
    doc.text(left + tile / 2, top + 12, "mean image", plot::text_style{13, "middle"});
    const double my = top + 20;
    draw_tile(doc, left, my, cell, side, [&](std::size_t j) { return gray(p.mean()[j], d.lo, d.hi); });
    // Its grey scale, lo .. hi.
    const double gy = my + tile + 14;
    doc.begin_group("shape-rendering=\"crispEdges\"");
    for (int i = 0; i < 32; ++i)
        doc.rect(left + tile * i / 32.0, gy, tile / 32.0 + 0.3, 10,
                 cell_style(gray(d.lo + (d.hi - d.lo) * (i + 0.5) / 32, d.lo, d.hi)));
    doc.end_group();
    doc.rect(left, gy, tile, 10, plot::style{"#888888", 0.8});
    doc.text(left, gy + 24, fixed(d.lo, 0), plot::text_style{11, "start"});
    doc.text(left + tile, gy + 24, fixed(d.hi, 0), plot::text_style{11, "end"});
    doc.text(left + tile / 2, gy + 24, "pixel value", plot::text_style{11, "middle", "#444444"});
    doc.end_group();

    doc.begin_panel("components");
    for (std::size_t c = 0; c < k; ++c) {
        const double tx = gx + static_cast<double>(c % cols) * pitch_x,
                     ty = top + 20 + static_cast<double>(c / cols) * pitch_y;
        doc.text(tx + tile / 2, ty - 6,
                 "PC" + std::to_string(c + 1) + "  " + fixed(100 * p.explained_variance_ratio()[c], 1) + " %",
                 plot::text_style{12, "middle"});
        draw_tile(doc, tx, ty, cell, side, [&](std::size_t j) { return plot::diverging(p.components()(c, j) / m); });
    }
    doc.end_group();

    doc.begin_panel("colour bar");
    const double by = top + 20;
    doc.begin_group("shape-rendering=\"crispEdges\"");
    for (int i = 0; i < 64; ++i)
        doc.rect(bar_x, by + bar_h * i / 64.0, 16, bar_h / 64.0 + 0.3, cell_style(plot::diverging(1 - (i + 0.5) / 32)));
    doc.end_group();
    doc.rect(bar_x, by, 16, bar_h, plot::style{"#888888", 0.8});
    for (int i = 0; i <= 4; ++i) {
        const double v = m * (1 - i / 2.0), yy = by + bar_h * i / 4.0;
        doc.line(bar_x + 16, yy, bar_x + 20, yy, plot::style{"black", 1});
        doc.text(bar_x + 23, yy + 4, i == 2 ? "0" : (v > 0 ? "+" : "\u2212") + tick(std::abs(v)),
                 plot::text_style{11, "start"});
    }
    plot::text_style rot{12, "middle", "#444444"};
    rot.rotate = -90;
    doc.text(bar_x + 82, by + bar_h / 2, "component weight", rot);
    doc.end_group();

    const double fy = height - 30;
    doc.text(left, fy,
             "Blue: weight < 0, white: 0, red: > 0 (one scale for all tiles); the percentage is the "
             "component's share of the variance.",
             plot::text_style{11, "start", "#444444"});
    doc.text(left, fy + 15, "A component's sign is arbitrary: scikit-learn's rule makes its largest |weight| positive.",
             plot::text_style{11, "start", "#444444"});
    doc.save(file);
}

// The scree plot: each component's share of the variance, and the cumulative share.
void scree_picture(const std::string& file, const svdkit::pca<double>& p, const std::vector<std::size_t>& ks) {
    std::vector<double> idx, ratio, cum;
    double c = 0;
    for (std::size_t i = 0; i < p.n_components(); ++i) {
        c += p.explained_variance_ratio()[i];
        idx.push_back(static_cast<double>(i + 1));
        ratio.push_back(p.explained_variance_ratio()[i]);
        cum.push_back(c);
    }
    plot::chart_options o;
    o.title = "Scree plot: share of the variance per component";
    o.x_label = "component i";
    o.y_label = "explained variance ratio";
    o.x_min = 0, o.x_max = static_cast<double>(p.n_components()) + 1;
    o.y_min = 0, o.y_max = 1.05;
    o.legend = "middle-right";
    plot::series r("ratio of component i", idx, ratio);
    r.markers = true;
    r.marker_radius = 2.5;
    plot::series cu("cumulative, components 1..i", idx, cum);
    plot::series mk("", {}, {});
    for (std::size_t k : ks) {
        mk.x.push_back(static_cast<double>(k));
        mk.y.push_back(cum[k - 1]);
        mk.labels.push_back("k=" + std::to_string(k) + ": " + fixed(100 * cum[k - 1], 1) + " %");
    }
    mk.lines = false, mk.markers = true, mk.marker_radius = 4, mk.color = "#d62728";
    plot::line_chart({r, cu, mk}, o).save(file);
}

// The chosen image, the mean (k = 0) and the image rebuilt from k = 1, 5, ... components.
void strip_picture(const std::string& file, const image_set& d, std::size_t image, const std::vector<double>& mean,
                   const std::vector<std::size_t>& ks, const std::vector<std::vector<double>>& rebuilt,
                   const std::vector<double>& errors, bool uncentered) {
    const std::size_t side = d.side;
    const double cell = std::max(1.0, std::floor(128.0 / static_cast<double>(side))),
                 tile = cell * static_cast<double>(side), gap = 22;
    const std::size_t tiles = ks.size() + 2;
    const double width = std::max(30 + static_cast<double>(tiles) * (tile + gap) - gap + 30, 640.0), top = 80,
                 height = top + tile + 62;
    plot::svg doc(width, height);
    doc.rect(0, 0, width, height, plot::style{"none", 0, "white"});
    const std::string what = d.labels.empty() ? "" : " (label " + d.labels[image] + ")";
    doc.text(width / 2, 26, "Image " + std::to_string(image) + what + " rebuilt from its first k principal components",
             plot::text_style{17, "middle", "black", "bold"});
    doc.text(
        width / 2, 46,
        uncentered
            ? "WRONG on purpose: x\u0302 = z\u2081w\u2081 + \u2026 + z\u2096w\u2096 with z\u1d62 = w\u1d62\u00b7x (the "
              "mean left in)"
            : "x\u0302 = mean + z\u2081w\u2081 + \u2026 + z\u2096w\u2096,  z\u1d62 = w\u1d62\u00b7(x \u2212 mean);  "
              "error = \u2016x \u2212 x\u0302\u2016 (pixel units)",
        plot::text_style{12, "middle", uncentered ? "#d62728" : "#444444"});
    for (std::size_t t = 0; t < tiles; ++t) {
        const double x = 30 + static_cast<double>(t) * (tile + gap);
        std::string caption, below;
        const std::vector<double>* v = nullptr;
        std::vector<double> original(d.x.cols());
        if (t == 0) {
            for (std::size_t j = 0; j < original.size(); ++j) original[j] = d.x(image, j);
            v = &original, caption = "original";
        } else if (t == 1) {
            v = &mean, caption = "k = 0 (the mean)";
            double e = 0;
            for (std::size_t j = 0; j < mean.size(); ++j) e += (d.x(image, j) - mean[j]) * (d.x(image, j) - mean[j]);
            below = "error " + fixed(std::sqrt(e), 2);
        } else {
            v = &rebuilt[t - 2], caption = "k = " + std::to_string(ks[t - 2]);
            below = "error " + fixed(errors[t - 2], 2);
        }
        doc.begin_panel(caption);
        doc.text(x + tile / 2, top - 8, caption, plot::text_style{13, "middle"});
        draw_tile(doc, x, top, cell, side, [&](std::size_t j) { return gray((*v)[j], d.lo, d.hi); });
        if (!below.empty()) doc.text(x + tile / 2, top + tile + 18, below, plot::text_style{12, "middle"});
        doc.end_group();
    }
    doc.text(30, height - 16,
             "Grey scale: " + fixed(d.lo, 0) + " white to " + fixed(d.hi, 0) +
                 " black; rebuilt values outside that range are drawn at its ends.",
             plot::text_style{11, "start", "#444444"});
    doc.save(file);
}

// ---------------------------------------------------------------------------------------------

int run(const image_set& d, std::size_t image, std::size_t k_draw, const std::string& dir, bool uncentered,
        const std::string& source, const cli::parser& args) {
    const std::size_t n = d.x.rows(), f = d.x.cols();
    if (n < 2) throw std::runtime_error(source + ": at least 2 images are needed, got " + std::to_string(n));
    if (image >= n)
        return args.fail(cli::usage_error("--image must be in 0.." + std::to_string(n - 1) + " (the file has " +
                                          std::to_string(n) + " images), got " + std::to_string(image)));
    svdkit::pca_options po;
    po.solver = svdkit::pca_solver::full;  // every component: the checks need the whole spectrum
    svdkit::pca<double> p(po);
    const svdkit::matrix<double> z = p.fit_transform(d.x);
    const std::size_t pc = p.n_components();
    if (k_draw == 0) k_draw = std::min<std::size_t>(16, pc);  // the default
    if (k_draw > pc)
        return args.fail(cli::usage_error("--components must be in 1.." + std::to_string(pc) + " for " +
                                          std::to_string(n) + " images of " + std::to_string(f) + " pixels, got " +
                                          std::to_string(k_draw)));

    std::printf("data: %s\n      %zu images of %zu x %zu pixels, values %g..%g%s\n", source.c_str(), n, d.side, d.side,
                d.lo, d.hi, d.labels.empty() ? "" : ", with labels");
    // Total variance, independently: the per-pixel variances (ddof = 1) in long double.
    std::vector<real> mu(f, 0);
    for (std::size_t j = 0; j < f; ++j) {
        for (std::size_t i = 0; i < n; ++i) mu[j] += d.x(i, j);
        mu[j] /= static_cast<real>(n);
    }
    std::vector<real> xc(n * f);  // centered data, row-major, for the checks
    real total = 0, frob2 = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < f; ++j) {
            xc[i * f + j] = d.x(i, j) - mu[j];
            frob2 += xc[i * f + j] * xc[i * f + j];
        }
    total = frob2 / static_cast<real>(n - 1);
    real sum_lambda = 0;
    for (double l : p.explained_variance()) sum_lambda += l;
    std::printf("total variance (sum of the %zu pixel variances) = %.6f; svdkit::pca, %zu components\n\n", f,
                static_cast<double>(total), pc);

    std::printf("  component   variance   ratio      cumulative\n");
    double cum = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(pc, 10); ++i) {
        cum += p.explained_variance_ratio()[i];
        std::printf("  PC%-8zu %9.4f   %.6f   %.6f\n", i + 1, p.explained_variance()[i],
                    p.explained_variance_ratio()[i], cum);
    }

    // Rebuild every image from k components: the scores beyond k set to 0, then inverse_transform.
    // Uncentered (the mistake): scores w_i·x of the raw images, rebuilt without adding the mean.
    std::vector<std::size_t> ks;
    for (std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{10}, std::size_t{20}, std::size_t{40}})
        if (k <= pc) ks.push_back(k);
    std::vector<real> tail(pc + 1, 0);  // (n − 1)·Σ_{i>k} λ_i = Σ_{i>k} σ_i²
    for (std::size_t i = pc; i-- > 0;)
        tail[i] = tail[i + 1] + static_cast<real>(p.singular_values()[i]) * p.singular_values()[i];
    std::vector<std::vector<double>> rebuilt;
    std::vector<double> errors;
    double worst_ey = 0;
    std::printf(
        "\n  k   cumulative  sum of ||x - x^||^2 (all images)  (n-1)*sum_{i>k} lambda_i  image %zu: ||x - x^||\n",
        image);
    for (std::size_t k : ks) {
        svdkit::matrix<double> xk;
        if (uncentered) {
            svdkit::matrix<double> zu(n, pc);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t c = 0; c < k; ++c) {
                    double s = 0;
                    for (std::size_t j = 0; j < f; ++j) s += p.components()(c, j) * d.x(i, j);
                    zu(i, c) = s;
                }
            xk = svdkit::multiply(zu, p.components());
        } else {
            svdkit::matrix<double> zk = z;
            for (std::size_t c = k; c < pc; ++c)
                for (std::size_t i = 0; i < n; ++i) zk(i, c) = 0;
            xk = p.inverse_transform(zk);
        }
        real err = 0, one = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < f; ++j) {
                const real e = static_cast<real>(d.x(i, j)) - xk(i, j);
                err += e * e;
                if (i == image) one += e * e;
            }
        std::vector<double> img(f);
        for (std::size_t j = 0; j < f; ++j) img[j] = xk(image, j);
        rebuilt.push_back(img);
        errors.push_back(std::sqrt(static_cast<double>(one)));
        double c = 0;
        for (std::size_t i = 0; i < k; ++i) c += p.explained_variance_ratio()[i];
        std::printf("  %-3zu %.6f    %28.6f  %24.6f  %18.6f\n", k, c, static_cast<double>(err),
                    static_cast<double>(tail[k]), errors.back());
        worst_ey = std::max(worst_ey, static_cast<double>(std::abs(err - tail[k]) / frob2) / eps);
    }

    // Pictures.
    components_picture(dir + "/eigenfaces_components.svg", d, p, k_draw);
    scree_picture(dir + "/eigenfaces_scree.svg", p, ks);
    strip_picture(dir + "/eigenfaces_reconstruction.svg", d, image, p.mean(), ks, rebuilt, errors, uncentered);
    std::printf("\nwrote %s/: eigenfaces_components.svg, eigenfaces_scree.svg, eigenfaces_reconstruction.svg\n",
                dir.c_str());

    // Checks. b: the SVD's backward error in units of ε‖Xc‖_F (see backward()).
    const double b = backward(n, f), rp = std::sqrt(static_cast<double>(pc));
    std::printf("\nchecks (units of eps; bounds derived in the source):\n");
    checks ck;
    // (1) ‖I − WWᵀ‖_F: Ŵ comes from Householder products, orthonormal to a small multiple of p·ε.
    real orth = 0;
    for (std::size_t a = 0; a < pc; ++a)
        for (std::size_t c = 0; c < pc; ++c) {
            real s = 0;
            for (std::size_t j = 0; j < f; ++j) s += static_cast<real>(p.components()(a, j)) * p.components()(c, j);
            orth += (s - (a == c ? 1 : 0)) * (s - (a == c ? 1 : 0));
        }
    ck.check("||I - W W^T||_F / (p eps)", std::sqrt(static_cast<double>(orth)) / (static_cast<double>(pc) * eps), 10);
    // (2) Σλ̂ = ‖Xc + E‖_F²/(n − 1): off the total variance by 2b·ε relative, plus the roundings of
    // forming Xc and summing (f + p terms).
    ck.check("|sum lambda_i - total variance| / (total eps)",
             static_cast<double>(std::abs(sum_lambda - total) / total) / eps, 2 * b + static_cast<double>(f + pc));
    // (3) Eckart-Young: both sides are exact for Xc + E, and move by ‖E‖·(2·Σσ_i) <= 2√p·b·ε‖Xc‖_F²
    // (the tail) and 2b·ε‖Xc‖_F² (the rebuilt images), plus the rounding of the rebuilt pixels
    // ((f + p)·ε each, twice through the square).
    ck.check("max_k |sum ||x - x^||^2 - (n-1) tail_k| / (||Xc||_F^2 eps)", worst_ey,
             (2 * rp + 2) * b + 2 * static_cast<double>(f + pc));
    // (4) λ̂_i is an eigenvalue of C = XcᵀXc/(n − 1): ‖C·ŵ − λ̂·ŵ‖ = ‖(XcᵀE + EᵀXc + EᵀE)ŵ‖/(n − 1)
    // <= 2·σ₁·b·ε‖Xc‖_F/(n − 1) <= 2√p·b·ε·λ₁, since ‖Xc‖_F <= √p·σ₁.
    auto apply_c = [&](const std::vector<real>& v) {  // C·v = Xcᵀ(Xc·v)/(n − 1)
        std::vector<real> t(n, 0), out(f, 0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < f; ++j) t[i] += xc[i * f + j] * v[j];
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < f; ++j) out[j] += xc[i * f + j] * t[i];
        for (real& o : out) o /= static_cast<real>(n - 1);
        return out;
    };
    const double lambda1 = p.explained_variance()[0];
    double worst_res = 0;
    for (std::size_t c = 0; c < pc; ++c) {
        std::vector<real> w(f);
        for (std::size_t j = 0; j < f; ++j) w[j] = p.components()(c, j);
        const std::vector<real> cw = apply_c(w);
        real r2 = 0;
        for (std::size_t j = 0; j < f; ++j)
            r2 += (cw[j] - p.explained_variance()[c] * w[j]) * (cw[j] - p.explained_variance()[c] * w[j]);
        worst_res = std::max(worst_res, std::sqrt(static_cast<double>(r2)) / (lambda1 * eps));
    }
    ck.check("max_i ||C w_i - lambda_i w_i|| / (lambda_1 eps)", worst_res, 2 * rp * b + static_cast<double>(f));
    // (5) λ₁ by the power method on C from a fixed start v₀, t steps: the Rayleigh quotient is within
    // tan²θ₀·(λ₂/λ₁)^(2t)·λ₁ of λ₁ (Golub & Van Loan §8.2.1), θ₀ the angle of v₀ to w₁ (measured).
    const int steps = 500;
    std::vector<real> v(f);
    for (std::size_t j = 0; j < f; ++j) v[j] = 1 + 0.5 * std::sin(1.0 + static_cast<double>(j));
    real c0 = 0, nv = 0;
    for (std::size_t j = 0; j < f; ++j) c0 += v[j] * p.components()(0, j), nv += v[j] * v[j];
    const double cos0 = static_cast<double>(std::abs(c0) / std::sqrt(nv));
    real rq = 0;
    for (int s = 0; s < steps; ++s) {
        real norm = 0;
        for (real x : v) norm += x * x;
        for (real& x : v) x /= std::sqrt(norm);
        const std::vector<real> cv = apply_c(v);
        rq = 0;
        for (std::size_t j = 0; j < f; ++j) rq += v[j] * cv[j];
        v = cv;
    }
    const double gap = pc > 1 ? p.explained_variance()[1] / lambda1 : 0;
    const double conv = (1 - cos0 * cos0) / std::max(cos0 * cos0, 1e-300) * std::pow(gap, 2.0 * steps) / eps;
    std::printf("  power method: %d steps, lambda_1 = %.10f (svdkit: %.10f), cos(theta_0) = %.3f\n", steps,
                static_cast<double>(rq), lambda1, cos0);
    ck.check("|lambda_1(power) - lambda_1| / (lambda_1 eps)",
             static_cast<double>(std::abs(rq - lambda1) / lambda1) / eps,
             2 * rp * b + static_cast<double>(f) + std::min(conv, 1e300));
    std::printf("eigenfaces checks: %zu passed, %zu failed\n", ck.passed, ck.failed);
    if (uncentered && ck.failed > 0)
        std::printf(
            "(--project-uncentered: the scores w_i . x keep the mean's part outside the k components,\n"
            " n*||(I - W_k^T W_k) mean||^2 more than Eckart-Young allows)\n");
    return ck.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, dir = ".";
    std::size_t image = 0, k_draw = 0;  // 0: min(16, components)
    bool uncentered = false;
    cli::parser args(usage_text);
    args.value("--input", [&](const std::string& v) { input = v; })
        .value("--image",
               [&](const std::string& v) {
                   image = cli::whole_number<std::size_t>(v, "--image", 0, cli::max_whole, ">= 0");
               })
        .value("--components",
               [&](const std::string& v) {
                   k_draw = cli::whole_number<std::size_t>(v, "--components", 1, cli::max_whole, ">= 1");
               })
        .value("--out-dir",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
                   dir = v;
               })
        .flag("--project-uncentered", [&] { uncentered = true; });
    if (const std::optional<int> status = args.parse(argc, argv)) return *status;

    try {
        const std::string path = input.empty() ? std::string(SVDKIT_EXAMPLES_DATA_DIR) + "/digits/digits.csv" : input;
        return run(load(path), image, k_draw, dir, uncentered, path, args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
