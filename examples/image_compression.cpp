// image_compression: the best rank-k approximations of a grayscale image.
//
// A grayscale image is an m×n matrix A of brightness values in [0, 1]. Its SVD A = U·Σ·Vᵀ
// writes it as a sum of rank-one images σᵢ·uᵢ·vᵢᵀ, and keeping the first k terms,
// A_k = U_k·Σ_k·V_kᵀ, gives the best approximation of rank k (Eckart-Young-Mirsky), with
//
//     ‖A − A_k‖_F = sqrt(σ_k² + σ_{k+1}² + … ),
//
// stored as k·(m + n + 1) numbers instead of m·n. This program computes one SVD, forms A_k for
// each requested k, writes A_k as a PNG, and prints the storage ratio k(m+n+1)/(mn), the relative
// error ‖A − A_k‖_F/‖A‖_F measured on the pixels, the same error predicted by Eckart-Young from
// the singular values alone, and the PSNR. --check makes a disagreement beyond 1e-10 relative an
// error (exit status 1), which is what the tests run.
//
//   image_compression                          # a built-in 240×360 test picture
//   image_compression --input photo.pgm --ranks 5,20,50 --out-dir out
//   image_compression --tol 0.05               # the smallest k with relative error <= 5 %
//
// References: C. Eckart and G. Young, "The approximation of one matrix by another of lower rank",
// Psychometrika 1 (1936); L. Mirsky, "Symmetric gauge functions and unitarily invariant norms",
// Quart. J. Math. 11 (1960).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "plot.hpp"

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
constexpr double pi = 3.14159265358979323846;

// The printed error and the Eckart-Young value must agree to this, relative. Both are computed
// in double: the measured one sums m·n squared pixel differences of A − A_k, whose entries carry
// rounding errors of about k·ε·‖A‖ each; for the errors printed here (>= 1e-5 relative) that is
// far below 1e-10.
constexpr double agreement_tolerance = 1e-10;
// Below this relative error the pixel-level difference is dominated by rounding (ε·sqrt(mn)·‖A‖
// scale), so a 1e-10 relative comparison would be meaningless: such rows are reported, not checked.
constexpr double smallest_checked_error = 1e-5;

const char* const usage_text =
    "usage: image_compression [--input FILE] [--ranks K1,K2,...] [--tol T] [--out-dir DIR] [--check]\n"
    "                         [--quantized]\n"
    "\n"
    "Best rank-k approximations of a grayscale image by the SVD (Eckart-Young).\n"
    "\n"
    "  --input FILE     a PGM or PPM image (P2, P3, P5, P6; colour becomes gray);\n"
    "                   default: a 240x360 picture drawn by the program\n"
    "  --ranks LIST     comma-separated ranks, each 0 <= k <= min(rows, cols)\n"
    "                   (default: 1,5,10,20,40,80, those that fit)\n"
    "  --tol T          also the smallest k with relative Frobenius error <= T, 0 <= T <= 1\n"
    "  --out-dir DIR    where the PNG and SVG files go (default: the current directory)\n"
    "  --check          exit 1 unless each measured error equals Eckart-Young's to 1e-10\n"
    "                   relative (and the --tol rank is the smallest that meets T)\n"
    "  --quantized      measure the written 8-bit PNG (A_k clamped to [0, 1] and rounded to\n"
    "                   1/255) instead of A_k itself. Eckart-Young does not describe that\n"
    "                   image, so --check then fails: a test uses this to show it can fail\n"
    "  -h, --help       show this text\n"
    "\n"
    "Exit status: 0 success, 1 a check failed or a file could not be read or written,\n"
    "2 bad command line.\n";

std::vector<long> parse_ranks(const std::string& text) {
    std::vector<long> ks;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = std::min(text.find(',', pos), text.size());
        const std::string item = text.substr(pos, comma - pos);
        char* end = nullptr;
        errno = 0;
        const long k = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || end != item.c_str() + item.size() || errno == ERANGE)
            throw cli::usage_error("--ranks \"" + text + "\": '" + item + "' is not an integer");
        ks.push_back(k);
        pos = comma + 1;
    }
    return ks;
}

// ---------------------------------------------------------------------------------------------
// The built-in picture: structure at several scales, so that the singular values decay at
// different rates. Smooth gradients are nearly rank 2; axis-aligned rectangles are low rank;
// the disk, the diagonal hatching, the rings and the waves are not, and need many terms.
// ---------------------------------------------------------------------------------------------

double scene(double x, double y, double w, double h) {
    const double horizon = 0.70 * h;
    double v = 0.80 - 0.40 * y / h + 0.10 * x / w;  // sky: a smooth gradient
    // The sun with fine rings around it.
    const double r = std::hypot(x - 0.18 * w, y - 0.24 * h), sun = 0.11 * h;
    if (r < sun) v = 0.98 - 0.12 * r / sun;
    else if (r < 1.9 * sun) v += 0.07 * std::cos(2 * pi * (r - sun) / 5.0) * (1.9 * sun - r) / (0.9 * sun);
    // Buildings: plain blocks with window grids, one hatched diagonally, one with a checkerboard.
    struct building {
        double x0, x1, top, shade;
        int pattern;  // 0 windows, 1 diagonal hatching, 2 checkerboard
    };
    const building city[] = {{0.36, 0.47, 0.30, 0.30, 0}, {0.49, 0.58, 0.42, 0.45, 1}, {0.60, 0.73, 0.22, 0.25, 0},
                             {0.75, 0.83, 0.48, 0.55, 2}, {0.85, 0.97, 0.36, 0.35, 0}};
    for (const auto& b : city) {
        if (x < b.x0 * w || x >= b.x1 * w || y < b.top * h || y >= horizon) continue;
        v = b.shade;
        const double lx = x - b.x0 * w, ly = y - b.top * h;
        if (b.pattern == 0 && std::fmod(lx, 9) > 3 && std::fmod(lx, 9) < 7 && std::fmod(ly, 12) > 4 &&
            std::fmod(ly, 12) < 9)
            v = 0.88;  // windows
        if (b.pattern == 1 && std::fmod(lx + ly, 7) < 2.5) v = 0.12;
        if (b.pattern == 2 && (static_cast<int>(lx / 6) + static_cast<int>(ly / 6)) % 2 == 0) v = 0.85;
    }
    // Water below the horizon: waves whose wavelength shrinks towards the horizon.
    if (y >= horizon) {
        const double depth = (y - horizon) / (h - horizon);  // 0 at the horizon, 1 at the bottom
        v = 0.30 + 0.12 * depth + 0.10 * std::sin(2 * pi * x / (6 + 30 * depth) + 3 * std::sin(y / 7.0));
        // The sun's reflection: a bright vertical band broken by the waves.
        if (std::fabs(x - 0.18 * w) < 0.06 * w * (0.5 + depth) && std::sin(y * 1.3 + x * 0.2) > 0.2) v = 0.85;
    }
    return std::min(1.0, std::max(0.0, v));
}

plot::gray_image draw_default(std::size_t rows, std::size_t cols) {
    plot::gray_image img(cols, rows);
    const int ss = 3;  // 3×3 samples per pixel: smooth edges
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) {
            double sum = 0;
            for (int a = 0; a < ss; ++a)
                for (int b = 0; b < ss; ++b)
                    sum += scene(static_cast<double>(j) + (b + 0.5) / ss, static_cast<double>(i) + (a + 0.5) / ss,
                                 static_cast<double>(cols), static_cast<double>(rows));
            img.at(i, j) = sum / (ss * ss);
        }
    return img;
}

// ---------------------------------------------------------------------------------------------

// ‖M‖_F² as a sum in long double (m·n terms: a double sum would lose digits we compare).
long double sum_squares(const svdkit::matrix<double>& m) {
    long double s = 0;
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (std::size_t i = 0; i < m.rows(); ++i) s += static_cast<long double>(m(i, j)) * m(i, j);
    return s;
}

struct row {
    std::size_t k;
    double storage, measured, eckart_young, psnr;
    bool checked, agrees;
    std::string file;
};

std::string k_file(std::size_t k) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "image_compression_k%03zu.png", k);
    return buf;
}

int run(const plot::gray_image& img, std::vector<long> ranks_in, double tol, bool have_tol, const std::string& dir,
        bool check, bool quantized) {
    const std::size_t m = img.height, n = img.width, p = std::min(m, n);
    svdkit::matrix<double> a(m, n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) a(i, j) = img.at(i, j);
    std::vector<std::size_t> ranks;
    for (long k : ranks_in) {
        if (k < 0 || static_cast<unsigned long>(k) > p)
            throw cli::usage_error("--ranks: " + std::to_string(k) + " is outside 0 <= k <= min(rows, cols) = " +
                              std::to_string(p));
        ranks.push_back(static_cast<std::size_t>(k));
    }

    const svdkit::svd_result<double> r = svdkit::svd(a);  // thin: U m×p, V n×p
    const long double norm2_a = sum_squares(a);
    const double norm_a = std::sqrt(static_cast<double>(norm2_a));
    std::printf("image: %zu x %zu pixels (m x n), ||A||_F = %.6g, sigma_1 = %.6g, sigma_%zu = %.3g\n", m, n, norm_a,
                r.s.empty() ? 0.0 : r.s[0], p, r.s.empty() ? 0.0 : r.s.back());
    // Values below max(m, n)·ε·σ₁ are rounding noise (the usual rank threshold, as in svdkit::rank).
    const double noise = static_cast<double>(std::max(m, n)) * std::numeric_limits<double>::epsilon() *
                         (r.s.empty() ? 0.0 : r.s[0]);
    const auto numerical_rank = std::count_if(r.s.begin(), r.s.end(), [&](double x) { return x > noise; });
    std::printf("numerical rank (sigma_i > max(m, n) * eps * sigma_1 = %.2g): %td of %zu\n", noise, numerical_rank, p);

    // Eckart-Young from the singular values alone: tail[k] = Σ_{i>=k} σ_i² (from the small end).
    std::vector<long double> tail(p + 1, 0);
    for (std::size_t i = p; i-- > 0;) tail[i] = tail[i + 1] + static_cast<long double>(r.s[i]) * r.s[i];

    std::size_t k_tol = 0;
    bool tol_ok = true;
    if (have_tol) {
        k_tol = svdkit::choose_rank(r.s, tol);
        // The rule: the smallest k whose Eckart-Young error is <= tol.
        const double at = norm_a > 0 ? std::sqrt(static_cast<double>(tail[k_tol])) / norm_a : 0;
        const double before = k_tol > 0 && norm_a > 0 ? std::sqrt(static_cast<double>(tail[k_tol - 1])) / norm_a : -1;
        tol_ok = at <= tol * (1 + agreement_tolerance) && (k_tol == 0 || before > tol * (1 - agreement_tolerance));
        std::printf("--tol %g: choose_rank gives k = %zu (error %.6g at k, %s at k - 1)%s\n", tol, k_tol, at,
                    k_tol == 0 ? "none" : std::to_string(before).c_str(),
                    tol_ok ? "" : "  FAILED: not the smallest k meeting the target");
        if (std::find(ranks.begin(), ranks.end(), k_tol) == ranks.end()) ranks.push_back(k_tol);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());

    plot::write_png(dir + "/image_compression_original.png", img);
    std::vector<row> rows;
    for (std::size_t k : ranks) {
        svdkit::svd_result<double> t{r.u, r.s, r.v};
        // Keep the first k triplets and rebuild A_k = U_k·diag(σ)·V_kᵀ with svdkit's factored form.
        svdkit::matrix<double> uk(m, k), vk(n, k);
        for (std::size_t j = 0; j < k; ++j) {
            for (std::size_t i = 0; i < m; ++i) uk(i, j) = r.u(i, j);
            for (std::size_t i = 0; i < n; ++i) vk(i, j) = r.v(i, j);
        }
        t.u = uk;
        t.v = vk;
        t.s.resize(k);
        const svdkit::low_rank_factors<double> f(std::move(t));
        svdkit::matrix<double> ak = f.to_matrix();
        if (quantized)  // what the PNG holds: clamped and rounded to multiples of 1/255
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t i = 0; i < m; ++i) ak(i, j) = std::round(std::min(1.0, std::max(0.0, ak(i, j))) * 255) / 255;

        svdkit::matrix<double> diff = a;
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < m; ++i) diff(i, j) -= ak(i, j);
        const long double err2 = sum_squares(diff);
        row rw;
        rw.k = k;
        rw.storage = static_cast<double>(k * (m + n + 1)) / static_cast<double>(m * n);
        rw.measured = norm_a > 0 ? std::sqrt(static_cast<double>(err2)) / norm_a : 0;
        rw.eckart_young = norm_a > 0 ? std::sqrt(static_cast<double>(tail[k])) / norm_a : 0;
        // PSNR for a peak value of 1: 10·log10(1 / mean squared error), on the unrounded A_k.
        const double mse = static_cast<double>(err2) / static_cast<double>(m * n);
        rw.psnr = mse > 0 ? 10 * std::log10(1 / mse) : INFINITY;
        rw.checked = rw.eckart_young >= smallest_checked_error;
        rw.agrees = !rw.checked || std::fabs(rw.measured - rw.eckart_young) <= agreement_tolerance * rw.eckart_young;
        plot::gray_image out(n, m);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) out.at(i, j) = ak(i, j);
        rw.file = k_file(k);
        plot::write_png(dir + "/" + rw.file, out);
        rows.push_back(rw);
    }

    std::printf("\n%5s %9s %16s %16s %10s %8s  %s\n", "k", "storage", "error (pixels)", "Eckart-Young", "|diff|/EY",
                "PSNR dB", "file");
    bool all_agree = true;
    for (const auto& rw : rows) {
        char diff[32];
        if (rw.checked)
            std::snprintf(diff, sizeof diff, "%.1e", std::fabs(rw.measured - rw.eckart_young) / rw.eckart_young);
        else
            std::snprintf(diff, sizeof diff, "%s", "n/a");
        std::printf("%5zu %9.4f %16.10e %16.10e %10s %8.2f  %s%s%s\n", rw.k, rw.storage, rw.measured, rw.eckart_young,
                    diff, rw.psnr, rw.file.c_str(), rw.k == k_tol && have_tol ? "  (from --tol)" : "",
                    rw.agrees ? "" : "  MISMATCH");
        all_agree &= rw.agrees;
    }
    std::printf("storage = k(m+n+1)/(mn); error = ||A - A_k||_F/||A||_F measured on the pixels%s;\n"
                "Eckart-Young = sqrt(sum_{i>=k} sigma_i^2)/||A||_F; PSNR = 10 log10(1/MSE) for pixels in [0, 1].\n"
                "(n/a: errors below %.0e are at rounding level and are not compared.)\n",
                quantized ? " of the 8-bit PNG" : " of A_k", smallest_checked_error);

    // Pictures: the singular values, and error and storage against k.
    std::vector<double> idx, sig, ks, err, store;
    for (std::size_t i = 0; i < p; ++i) {
        idx.push_back(static_cast<double>(i + 1));
        sig.push_back(r.s[i]);
    }
    for (std::size_t k = 0; k <= p; ++k) {
        ks.push_back(static_cast<double>(k));
        err.push_back(norm_a > 0 ? std::sqrt(static_cast<double>(tail[k])) / norm_a : 0);
        store.push_back(static_cast<double>(k * (m + n + 1)) / static_cast<double>(m * n));
    }
    plot::chart_options so;
    so.title = "Singular values of the image (" + std::to_string(m) + " x " + std::to_string(n) + ")";
    so.x_label = "index i";
    so.y_label = "singular value \u03c3\u1d62";
    so.log_y = true;
    so.legend = "none";
    plot::series sv("\u03c3\u1d62", idx, sig);
    plot::line_chart({sv}, so).save(dir + "/image_compression_singular_values.svg");

    plot::chart_options eo;
    eo.title = "Best rank-k approximation: error and storage";
    eo.x_label = "rank k";
    // The Frobenius subscripts as lowered small text (Unicode has no subscript F). The gaps after
    // them are dx shifts: a renderer may drop a space that opens a <tspan> (librsvg does).
    auto sub_f = [](int gap) {
        return "<tspan dy=\"4\" font-size=\"10\">F</tspan><tspan dy=\"-4\" dx=\"" + std::to_string(gap) + "\">";
    };
    eo.y_label_markup = "\u2016A \u2212 A\u2096\u2016" + sub_f(4) + "/ \u2016A\u2016</tspan>" + sub_f(14) +
                        "and   k(m+n+1)/(mn)</tspan>";
    eo.legend = "bottom-right";  // right of where the error curve leaves the axes
    eo.log_y = true;
    eo.y_max = 1.5;
    eo.x_min = 0;
    eo.x_max = static_cast<double>(p);
    eo.y_min = std::max(1e-6, err[std::min<std::size_t>(p, p - 1)] * 0.5);
    plot::series e = plot::clip_to_y_range(plot::series("relative error (Eckart-Young)", ks, err), eo.y_min,
                                           eo.y_max, false, true);
    // Beyond k = mn/(m+n+1) the factors cost more than the pixels; the curve stops at the frame.
    plot::series st = plot::clip_to_y_range(plot::series("storage ratio", ks, store), eo.y_min, eo.y_max, false, true);
    st.dash = "6 4";
    plot::series mk("measured on A\u2096", {}, {});
    mk.marker_radius = 4.5;
    for (const auto& rw : rows)
        if (rw.k > 0 && rw.measured > 0) {
            mk.x.push_back(static_cast<double>(rw.k));
            mk.y.push_back(rw.measured);
            mk.labels.push_back("k=" + std::to_string(rw.k));
            // Up and to the right, unless the storage curve passes there (where it crosses the
            // error curve, within a factor 2.5): then well below, in the gap under both curves.
            const bool near_storage = std::fabs(std::log10(rw.storage / rw.measured)) < std::log10(2.5);
            mk.label_offsets.push_back(near_storage ? plot::point{-3, mk.marker_radius + 22}
                                                    : plot::point{mk.marker_radius + 2, -mk.marker_radius - 1});
        }
    mk.lines = false;
    mk.markers = true;
    mk.color = "#d62728";
    plot::line_chart({e, st, mk}, eo).save(dir + "/image_compression_error.svg");
    std::printf("\nwrote %s/: image_compression_original.png, image_compression_kNNN.png (one per k),\n"
                "image_compression_singular_values.svg, image_compression_error.svg\n",
                dir.c_str());

    if (!check) return 0;
    const bool ok = all_agree && tol_ok;
    std::printf("check %s: measured errors %s Eckart-Young's to %.0e relative%s\n", ok ? "passed" : "FAILED",
                all_agree ? "equal" : "mismatch", agreement_tolerance,
                have_tol ? (tol_ok ? "; --tol rank is minimal" : "; --tol rank is NOT minimal") : "");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, dir = ".";
    std::vector<long> ranks;
    bool ranks_given = false, check = false, have_tol = false;
    double tol = 0;
    bool quantized = false;
    cli::parser args(usage_text);
    args.value("--input", [&](const std::string& v) { input = v; })
        .value("--ranks",
               [&](const std::string& v) {
                   ranks = parse_ranks(v);
                   ranks_given = true;
               })
        .value("--tol",
               [&](const std::string& v) {
                   tol = cli::number(v, "--tol");
                   if (!(tol >= 0 && tol <= 1)) throw cli::usage_error("--tol must satisfy 0 <= T <= 1, got " + v);
                   have_tol = true;
               })
        .value("--out-dir",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
                   dir = v;
               })
        .flag("--check", [&] { check = true; })
        .flag("--quantized", [&] { quantized = true; });
    if (const std::optional<int> status = args.parse(argc, argv)) return *status;

    try {
        const plot::gray_image img = input.empty() ? draw_default(240, 360) : plot::read_pnm(input);
        if (!ranks_given)
            for (long k : {1L, 5L, 10L, 20L, 40L, 80L})
                if (static_cast<std::size_t>(k) <= std::min(img.width, img.height)) ranks.push_back(k);
        return run(img, ranks, tol, have_tol, dir, check, quantized);
    } catch (const cli::usage_error& e) {
        return args.fail(e);  // a --ranks value the image is too small for
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
