// out_of_core_pca: PCA of a .npy file larger than the memory the program allows itself.
//
// The program first writes the file (block by block, never holding it): rows
//
//     x = μ + Σⱼ √λⱼ·zⱼ·qⱼ + 0.1·e,    zⱼ, e standard normal,
//
// with five planted orthonormal directions qⱼ (λ = 400, 225, 100, 49, 16) in n = --cols features
// and a mean μ far from zero (μᵢ = 10 + i/4), as many rows as make the file 2.5× --memory-mb.
// Then it reads the file back in row blocks (npy_row_reader; each block a quarter of the budget)
// and finds the principal components two ways:
//
//   one pass   svdkit::incremental_pca (scikit-learn's IncrementalPCA: each block's SVD stacked on
//              the components kept so far, Ross et al. 2008): approximate when k < n, one read;
//   two passes the column means first, then tall_svd (a flat-tree TSQR) of the centered blocks:
//              the exact PCA of the whole file (σ and V of X − 1·μᵀ, backward stable).
//
// What it prints: the explained variances of both next to the planted λⱼ + 0.01, the angle
// between each one-pass component and the exact one, and between the exact one and the planted qⱼ.
// Checks (exit 1 when one fails):
//   - the file is at least twice the memory budget, and no block read held more than a quarter of
//     it (measured on the blocks the three passes got);
//   - the trace identity of the exact pass: Σᵢσᵢ² = ‖X − 1·μᵀ‖_F² (summed while streaming), to
//     (n + b)·√K·ε relative, the backward error of a flat-tree TSQR over K re-factorizations of
//     (n + b)-row stacks [2, §6] (b = the block rows);
//   - one-pass and two-pass means and variances agree to 1e-12 relative (both are exact
//     formulas, Chan-Golub-LeVeque's pairwise update against plain sums in double);
//   - every one-pass component is within 1° of the exact one. This is a property of the data,
//     not a theorem: one-pass PCA keeps k directions per block and here the discarded energy
//     ((n − 5)·0.01 per row) is 1/500 of the weakest planted λ; --no-centering (the exact pass
//     on X instead of X − 1·μᵀ: its first "component" is the mean) shows the check failing.
//
//   out_of_core_pca                       # 8 MB budget: a 20 MB file, 40 columns
//   out_of_core_pca --memory-mb 512 --cols 100 --out-dir /tmp
//
// A progress bar goes to stderr while writing and reading. The file is deleted at the end unless
// --keep-file is given.
//
// References:
// [1] D. A. Ross, J. Lim, R.-S. Lin, M.-H. Yang, "Incremental learning for robust visual
//     tracking", Int. J. Computer Vision 77 (2008).
// [2] J. Demmel, L. Grigori, M. Hoemmen, J. Langou, "Communication-optimal parallel and
//     sequential QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012).
#include <algorithm>  // std::max, std::min
#include <cmath>      // std::acos, std::cos, std::log, std::sqrt
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::printf, std::fprintf, std::remove, std::fflush
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <random>     // std::mt19937_64
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"

namespace {

namespace cli = svdkit_examples::cli;
using svdkit::matrix;

constexpr double pi = 3.14159265358979323846;
const std::vector<double> planted_lambda{400, 225, 100, 49, 16};
constexpr double noise_sd = 0.1;

/// Standard normal numbers by Box–Muller on mt19937_64's raw bits, so that every platform
/// writes the same file (std::normal_distribution's algorithm is not specified).
class normal_source {
public:
    explicit normal_source(std::uint64_t seed) : rng_(seed) {}
    double next() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double u1 = (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53;
        const double u2 = (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53;
        const double r = std::sqrt(-2 * std::log(u1));
        spare_ = r * std::sin(2 * pi * u2);
        has_spare_ = true;
        return r * std::cos(2 * pi * u2);
    }

private:
    std::mt19937_64 rng_;
    double spare_ = 0;
    bool has_spare_ = false;
};

/// The planted directions: Gram–Schmidt (twice) on seeded normal vectors; n×5.
matrix<double> planted_directions(std::size_t n) {
    normal_source g(2024);
    matrix<double> q(n, planted_lambda.size());
    for (std::size_t j = 0; j < q.cols(); ++j) {
        for (std::size_t i = 0; i < n; ++i) q(i, j) = g.next();
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t p = 0; p < j; ++p) {
                double d = 0;
                for (std::size_t i = 0; i < n; ++i) d += q(i, p) * q(i, j);
                for (std::size_t i = 0; i < n; ++i) q(i, j) -= d * q(i, p);
            }
        double norm = 0;
        for (std::size_t i = 0; i < n; ++i) norm += q(i, j) * q(i, j);
        for (std::size_t i = 0; i < n; ++i) q(i, j) /= std::sqrt(norm);
    }
    return q;
}

/// "\r[=====     ]  50%  label" on stderr.
void progress(const char* label, std::size_t done, std::size_t total) {
    const int width = 30;
    const int filled = total == 0 ? width : static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
    std::fprintf(stderr, "\r[%s%s] %3d%%  %s", std::string(static_cast<std::size_t>(filled), '=').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                 total == 0 ? 100 : static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)), label);
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

/// The angle in degrees between the lines spanned by column a of x and column b of y.
double angle_deg(const matrix<double>& x, std::size_t a, const matrix<double>& y, std::size_t b) {
    double d = 0, nx = 0, ny = 0;
    for (std::size_t i = 0; i < x.rows(); ++i) {
        d += x(i, a) * y(i, b);
        nx += x(i, a) * x(i, a);
        ny += y(i, b) * y(i, b);
    }
    const double c = std::min(1.0, std::abs(d) / std::sqrt(nx * ny));
    return std::acos(c) * 180 / pi;
}

struct checks {
    bool all = true;
    void verdict(const char* what, double value, const char* bound_text, bool ok) {
        std::printf("%-62s %10.3g %-14s %s\n", what, value, bound_text, ok ? "PASS" : "FAILED");
        all = all && ok;
    }
};

const char* const usage_text =
    "usage: out_of_core_pca [--memory-mb M] [--cols N] [--out-dir DIR] [--keep-file] [--no-centering]\n"
    "\n"
    "Writes a .npy file 2.5x the memory budget M (default 8 MB; 1..65536), N columns (default 40;\n"
    "8..2000), with five planted principal directions, then finds its principal components by\n"
    "incremental PCA (one pass) and by the exact two-pass PCA (column means, then tall_svd of the\n"
    "centered row blocks), reading blocks of a quarter of the budget. Prints both, checks them\n"
    "(exit 1 if a check fails). The file goes to DIR (default .) and is removed unless --keep-file.\n"
    "--no-centering: skip the centering in the exact pass (a check then fails).\n";

}  // namespace

int main(int argc, char** argv) {
    std::size_t memory_mb = 8, n = 40;
    std::string out_dir = ".";
    bool keep_file = false, center = true;
    cli::parser p(usage_text);
    p.value("--memory-mb", [&](const std::string& v) { memory_mb = cli::whole_number<std::size_t>(v, "--memory-mb", 1, 65536); })
        .value("--cols", [&](const std::string& v) { n = cli::whole_number<std::size_t>(v, "--cols", 8, 2000); })
        .value("--out-dir", [&](const std::string& v) { out_dir = v; })
        .flag("--keep-file", [&] { keep_file = true; })
        .flag("--no-centering", [&] { center = false; });
    if (const std::optional<int> status = p.parse(argc, argv)) return *status;

    const std::size_t k = planted_lambda.size();
    const double budget = static_cast<double>(memory_mb) * 1024 * 1024;
    const std::size_t block_rows = static_cast<std::size_t>(budget / 4 / (8.0 * static_cast<double>(n)));
    if (block_rows < 2 * n)  // a TSQR stack of n + b rows wants b >= n; 2n keeps the re-factorizations few
        return p.fail(cli::usage_error("--memory-mb " + std::to_string(memory_mb) + " is too small for --cols " +
                                       std::to_string(n) + ": a block (a quarter of it) must hold 2*cols rows"));
    const std::size_t m = static_cast<std::size_t>(2.5 * budget / (8.0 * static_cast<double>(n))) + 1;
    const std::string path = out_dir + "/out_of_core_pca.npy";
    const matrix<double> q = planted_directions(n);

    // 1. Write the file, block by block.
    try {
        svdkit::npy_row_writer<double> out(path, m, n);
        normal_source g(7);
        for (std::size_t i0 = 0; i0 < m; i0 += block_rows) {
            matrix<double> b(std::min(block_rows, m - i0), n);
            for (std::size_t i = 0; i < b.rows(); ++i) {
                for (std::size_t c = 0; c < n; ++c) b(i, c) = 10 + static_cast<double>(c) / 4 + noise_sd * g.next();
                for (std::size_t j = 0; j < k; ++j) {
                    const double z = std::sqrt(planted_lambda[j]) * g.next();
                    for (std::size_t c = 0; c < n; ++c) b(i, c) += z * q(c, j);
                }
            }
            out.write_rows(b);
            progress("writing", i0 + b.rows(), m);
        }
        out.close();
    } catch (const svdkit::io_error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    const double file_mb = static_cast<double>(m) * static_cast<double>(n) * 8 / (1024 * 1024);
    std::printf("file %s: %zu x %zu doubles, %.1f MB; memory budget %zu MB; blocks of %zu rows (%.2f MB)\n\n",
                path.c_str(), m, n, file_mb, memory_mb, block_rows,
                static_cast<double>(block_rows) * static_cast<double>(n) * 8 / (1024 * 1024));

    // 2. One pass: incremental PCA.
    std::size_t largest = 0;  // the most rows any block held, over the three passes
    svdkit::incremental_pca<double> ipca(k);
    {
        svdkit::npy_row_reader<double> in(path);
        while (!in.done()) {
            // a last block shorter than k would be refused (as scikit-learn does): leave it k rows
            const std::size_t left = in.rows() - in.rows_read();
            const std::size_t take = left > block_rows && left - block_rows < k ? left - k : std::min(left, block_rows);
            const matrix<double> b = in.read_rows(take);
            largest = std::max(largest, b.rows());
            ipca.partial_fit(b);
            progress("one pass (incremental PCA)", in.rows_read(), in.rows());
        }
    }
    // 3. Two passes: the means, then tall_svd of the centered blocks (and ‖X − 1·μᵀ‖_F² on the way).
    std::vector<double> mean(n, 0.0);
    {
        svdkit::npy_row_reader<double> in(path);
        while (!in.done()) {
            const matrix<double> b = in.read_rows(block_rows);
            largest = std::max(largest, b.rows());
            for (std::size_t c = 0; c < n; ++c)
                for (std::size_t i = 0; i < b.rows(); ++i) mean[c] += b(i, c);
            progress("pass 1 of 2 (means)", in.rows_read(), in.rows());
        }
        for (double& x : mean) x /= static_cast<double>(m);
    }
    svdkit::tall_svd<double> t(n);
    std::vector<double> sum_sq(n, 0.0);  // Σᵢ (x_ic − μ_c)², for the variances
    std::size_t blocks = 0;
    {
        svdkit::npy_row_reader<double> in(path);
        while (!in.done()) {
            matrix<double> b = in.read_rows(block_rows);
            largest = std::max(largest, b.rows());
            for (std::size_t c = 0; c < n; ++c)
                for (std::size_t i = 0; i < b.rows(); ++i) {
                    const double centered = b(i, c) - mean[c];
                    sum_sq[c] += centered * centered;
                    if (center) b(i, c) = centered;
                }
            t.add_rows(b);
            ++blocks;
            progress("pass 2 of 2 (tall_svd)", in.rows_read(), in.rows());
        }
    }
    const svdkit::svd_result<double> exact = t.finish();
    if (!keep_file) std::remove(path.c_str());

    // 4. Report.
    const double dof = static_cast<double>(m - 1);
    matrix<double> comp1(n, k);  // one-pass components as columns
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t c = 0; c < n; ++c) comp1(c, j) = ipca.components()(j, c);
    std::printf("component  planted lambda+0.01  exact (2 passes)  incremental (1 pass)  angle 1-pass/exact  "
                "angle exact/planted\n");
    double worst_angle = 0;
    for (std::size_t j = 0; j < k; ++j) {
        const double a1 = angle_deg(comp1, j, exact.v, j), a2 = angle_deg(exact.v, j, q, j);
        worst_angle = std::max(worst_angle, a1);
        std::printf("%9zu  %19.2f  %16.3f  %20.3f  %17.4f°  %18.4f°\n", j + 1,
                    planted_lambda[j] + noise_sd * noise_sd, exact.s[j] * exact.s[j] / dof,
                    ipca.explained_variance()[j], a1, a2);
    }
    std::printf("\n");

    checks ck;
    ck.verdict("file size / memory budget", file_mb / static_cast<double>(memory_mb), "(>= 2)",
               file_mb >= 2 * static_cast<double>(memory_mb));
    const double block_share = static_cast<double>(largest) * static_cast<double>(n) * 8 / budget;
    ck.verdict("largest block / memory budget", block_share, "(<= 0.25)", block_share <= 0.25);
    double frobenius2 = 0;  // ‖X − 1·μᵀ‖_F² (of what went into tall_svd: X itself with --no-centering)
    if (center)
        for (const double x : sum_sq) frobenius2 += x;
    else  // Σ(x − μ)² + m·μ²
        for (std::size_t c = 0; c < n; ++c) frobenius2 += sum_sq[c] + static_cast<double>(m) * mean[c] * mean[c];
    double sum_s2 = 0;
    for (const double s : exact.s) sum_s2 += s * s;
    const double eps = std::numeric_limits<double>::epsilon();
    const double trace_bound = static_cast<double>(n + block_rows) * std::sqrt(static_cast<double>(blocks)) * eps;
    ck.verdict("|sum sigma_i^2 - ||X - 1 mu^T||_F^2| / ||.||_F^2 / trace bound",
               std::abs(sum_s2 - frobenius2) / frobenius2 / trace_bound, "(<= 1)",
               std::abs(sum_s2 - frobenius2) <= trace_bound * frobenius2);
    double mean_diff = 0, var_diff = 0;
    for (std::size_t c = 0; c < n; ++c) {
        mean_diff = std::max(mean_diff, std::abs(ipca.mean()[c] - mean[c]) / std::abs(mean[c]));
        const double var = sum_sq[c] / static_cast<double>(m);  // scikit-learn's var_: ddof = 0
        var_diff = std::max(var_diff, std::abs(ipca.var()[c] - var) / var);
    }
    ck.verdict("max relative difference of the means, 1 pass vs 2", mean_diff, "(<= 1e-12)", mean_diff <= 1e-12);
    ck.verdict("max relative difference of the variances, 1 pass vs 2", var_diff, "(<= 1e-12)", var_diff <= 1e-12);
    ck.verdict("max angle between 1-pass and exact components (degrees)", worst_angle, "(<= 1)", worst_angle <= 1);
    std::printf("\n%s\n", ck.all ? "all checks passed" : "check FAILED");
    return ck.all ? 0 : 1;
}
