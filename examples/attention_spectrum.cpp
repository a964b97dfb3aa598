// attention_spectrum: how many dimensions does an attention matrix really use?
//
// A transformer's attention matrix is A = softmax(Q·Kᵀ/√d), the softmax taken along each row, for
// a sequence of n tokens whose queries Q and keys K are n×d. Every row of A is a probability
// distribution (row-stochastic: entries >= 0, rows sum to 1). The scores Q·Kᵀ have rank <= d, but
// the softmax is not linear, so A can have any rank up to n: the singular values tell how much
// of it is really there. This program builds A for
//   (a) random Q and K (entries N(0, 1)): content-based attention without structure;
//   (b) Q = K = s·P with P the sinusoidal position encoding of Vaswani et al. (2017),
//       P(t, 2i) = sin(t/10000^(2i/d)), P(t, 2i+1) = cos(t/10000^(2i/d)): the score of tokens t
//       and u is a sum of cos(ω_i·(t − u)), so A attends to nearby positions (a band);
// and prints, for each, the decay of the singular values and three ways to count "how many":
//   - stable rank        ‖A‖_F² / ‖A‖₂² = Σσᵢ² / σ₁²   (never above the rank; robust to tiny σ)
//   - effective rank     exp(H(p)), pᵢ = σᵢ / Σσⱼ, H the Shannon entropy (Roy & Vetterli 2007)
//   - k for 90 % / 99 %  the fewest leading σᵢ² that add up to 90 % / 99 % of ‖A‖_F²: by
//                        Eckart-Young the best rank-k approximation then has relative
//                        Frobenius error below √0.10 ≈ 32 % / √0.01 = 10 %.
// It draws both spectra on one log-scale SVG. With --input it analyses any matrix instead, from
// a NumPy .npy file or a CSV file, so a real model's attention can be dumped and looked at:
//     numpy.save("attn.npy", attn[layer, head].detach().cpu().numpy())   # an n×n array
//     attention_spectrum --input attn.npy --row-sum-tol 1e-5             # float32 rows
// --check verifies that every row sums to 1 and recomputes the printed ranks without the SVD's
// total: ‖A‖_F² from the entries and σ₁ by power iteration on AᵀA; exit status 1 if either
// disagrees.
//
//   attention_spectrum                               # n = 256, d = 32
//   attention_spectrum --length 512 --dim 64 --check
//   attention_spectrum --input attn.npy --out-dir out
//
// References: A. Vaswani et al., "Attention is all you need", NeurIPS 2017 (scaled dot-product
// attention, sinusoidal position encodings); O. Roy, M. Vetterli, "The effective rank: a measure
// of effective dimensionality", EUSIPCO 2007; M. Rudelson, R. Vershynin, "Sampling from large
// matrices: an approach through geometric functional analysis", J. ACM 54 (2007) (stable rank);
// S. Wang et al., "Linformer: self-attention with linear complexity" (2020) (the low-rank
// observation about attention this program lets you test).
#include <algorithm>  // std::max, std::min
#include <cmath>      // std::exp, std::log, std::sqrt, std::sin, std::cos, std::pow, std::fabs
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::printf, std::fprintf
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "plot.hpp"

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
constexpr double pi = 3.14159265358979323846;

// --check tolerances. The σᵢ of a backward-stable SVD satisfy Σσᵢ² = ‖A‖_F²·(1 + O(n·ε)), and the
// power iteration below stops only when σ₁ has converged to a few ε; 1e-10 leaves a wide margin
// for n up to 10⁴ while catching any real disagreement.
constexpr double agreement_tolerance = 1e-10;
constexpr double default_row_sum_tolerance = 1e-12;  // softmax in double: rows sum to 1 ± n·ε

const char* const usage_text =
    "usage: attention_spectrum [--length N] [--dim D] [--pos-scale S] [--seed N]\n"
    "                          [--input FILE] [--out-dir DIR] [--save-npy] [--check]\n"
    "                          [--row-sum-tol T]\n"
    "\n"
    "Singular values, stable rank and effective rank of attention matrices\n"
    "softmax(Q K^T / sqrt(d)): (a) random Q, K and (b) sinusoidal position encodings.\n"
    "\n"
    "  --length N       sequence length n, 2 <= N <= 4096 (default 256)\n"
    "  --dim D          head dimension d, 2 <= D <= 1024, even (default 32)\n"
    "  --pos-scale S    (b) uses Q = K = S * P, 0 <= S <= 100 (default 2)\n"
    "  --seed N         seed of the random Q, K (default 1)\n"
    "  --input FILE     analyse this matrix instead: .npy (float32/float64/int) or CSV\n"
    "  --out-dir DIR    where the SVG (and --save-npy files) go (default: current directory)\n"
    "  --save-npy       also write each analysed matrix as a .npy file\n"
    "  --check          exit 1 unless every row sums to 1 (within --row-sum-tol) and the\n"
    "                   ranks agree with a computation from the entries and a power iteration\n"
    "  --row-sum-tol T  tolerance of the row-sum check, 0 < T < 1 (default 1e-12)\n"
    "  -h, --help       show this text\n"
    "\n"
    "Exit status: 0 success, 1 a check failed or a file could not be read or written,\n"
    "2 bad command line.\n";

// splitmix64 and Box-Muller: the same numbers with every standard library.
class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return (static_cast<double>(next() >> 11) + 0.5) / 9007199254740992.0; }
    double normal() { return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * pi * uniform()); }

private:
    std::uint64_t state_;
};

// softmax(Q·Kᵀ/√d) row by row, with the row maximum subtracted first so exp() cannot overflow.
svdkit::matrix<double> attention(const svdkit::matrix<double>& q, const svdkit::matrix<double>& k) {
    const std::size_t n = q.rows(), m = k.rows(), d = q.cols();
    const double scale = 1 / std::sqrt(static_cast<double>(d));
    svdkit::matrix<double> a(n, m);
    std::vector<double> row(m);
    for (std::size_t i = 0; i < n; ++i) {
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < m; ++j) {
            double s = 0;
            for (std::size_t c = 0; c < d; ++c) s += q(i, c) * k(j, c);
            row[j] = s * scale;
            top = std::max(top, row[j]);
        }
        double sum = 0;
        for (std::size_t j = 0; j < m; ++j) sum += (row[j] = std::exp(row[j] - top));
        for (std::size_t j = 0; j < m; ++j) a(i, j) = row[j] / sum;
    }
    return a;
}

svdkit::matrix<double> random_attention(std::size_t n, std::size_t d, std::uint64_t seed) {
    rng r(seed);
    svdkit::matrix<double> q(n, d), k(n, d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < d; ++c) q(i, c) = r.normal();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < d; ++c) k(i, c) = r.normal();
    return attention(q, k);
}

svdkit::matrix<double> positional_attention(std::size_t n, std::size_t d, double s) {
    svdkit::matrix<double> p(n, d);
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t i = 0; 2 * i < d; ++i) {
            const double w = std::pow(10000.0, -2.0 * static_cast<double>(i) / static_cast<double>(d));
            p(t, 2 * i) = s * std::sin(static_cast<double>(t) * w);
            if (2 * i + 1 < d) p(t, 2 * i + 1) = s * std::cos(static_cast<double>(t) * w);
        }
    return attention(p, p);
}

// ---------------------------------------------------------------------------------------------

struct spectrum_report {
    std::vector<double> sigma;
    double frob2_entries = 0;  // ‖A‖_F² summed from the entries
    double stable_rank = 0, effective_rank = 0;
    std::size_t k90 = 0, k99 = 0;
    double max_row_error = 0;  // max |Σ_j a_ij − 1|
    double min_entry = 0;
};

// The smallest k whose leading σᵢ² reach `share` of `total`.
std::size_t components_for(const std::vector<double>& sigma, double total, double share) {
    double cum = 0;
    for (std::size_t k = 0; k < sigma.size(); ++k) {
        cum += sigma[k] * sigma[k];
        if (cum >= share * total) return k + 1;
    }
    return sigma.size();
}

spectrum_report analyse(const svdkit::matrix<double>& a) {
    spectrum_report r;
    r.sigma = svdkit::singular_values(a);
    long double f2 = 0;
    r.min_entry = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < a.rows(); ++i) {
        long double row = 0;
        for (std::size_t j = 0; j < a.cols(); ++j) {
            row += a(i, j);
            f2 += static_cast<long double>(a(i, j)) * a(i, j);
            r.min_entry = std::min(r.min_entry, a(i, j));
        }
        r.max_row_error = std::max(r.max_row_error, static_cast<double>(std::fabs(row - 1.0L)));
    }
    r.frob2_entries = static_cast<double>(f2);
    const double s1 = r.sigma.empty() ? 0 : r.sigma[0];
    if (s1 > 0) {
        r.stable_rank = r.frob2_entries / (s1 * s1);
        // Roy & Vetterli: the entropy of the normalized singular values, exponentiated. 0·log 0 = 0.
        double l1 = 0;
        for (double s : r.sigma) l1 += s;
        double h = 0;
        for (double s : r.sigma)
            if (s > 0) h -= (s / l1) * std::log(s / l1);
        r.effective_rank = std::exp(h);
    }
    r.k90 = components_for(r.sigma, r.frob2_entries, 0.90);
    r.k99 = components_for(r.sigma, r.frob2_entries, 0.99);
    return r;
}

// σ₁ = ‖A‖₂ by power iteration on AᵀA: no SVD involved. The Rayleigh quotient ‖Ax‖²/‖x‖² rises
// monotonically to σ₁²; stop when it has not moved by more than ε relative for 10 steps in a row.
double power_sigma1(const svdkit::matrix<double>& a) {
    const std::size_t n = a.rows(), m = a.cols();
    std::vector<double> x(m, 1.0), y(n), z(m);
    double last = 0;
    int quiet = 0;
    for (int it = 0; it < 100000 && quiet < 10; ++it) {
        for (std::size_t i = 0; i < n; ++i) {
            double s = 0;
            for (std::size_t j = 0; j < m; ++j) s += a(i, j) * x[j];
            y[i] = s;
        }
        double yy = 0, xx = 0;
        for (double v : y) yy += v * v;
        for (double v : x) xx += v * v;
        const double rq = yy / xx;
        quiet = std::fabs(rq - last) <= 2.2e-16 * rq ? quiet + 1 : 0;
        last = rq;
        for (std::size_t j = 0; j < m; ++j) z[j] = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < m; ++j) z[j] += a(i, j) * y[i];
        double zz = 0;
        for (double v : z) zz += v * v;
        if (zz == 0) return 0;
        const double inv = 1 / std::sqrt(zz);
        for (std::size_t j = 0; j < m; ++j) x[j] = z[j] * inv;
    }
    return std::sqrt(last);
}

// Prints the report of one matrix; with `check`, runs the checks and returns false if one fails.
bool report(const std::string& title, const svdkit::matrix<double>& a, const spectrum_report& r, bool check,
            double row_tol) {
    std::printf("\n%s\n", title.c_str());
    std::printf("  %zu x %zu, row sums: max |sum_j a_ij - 1| = %.2e, smallest entry %.3g\n", a.rows(), a.cols(),
                r.max_row_error, r.min_entry);
    std::printf("  singular values sigma_i / sigma_1 (sigma_1 = %.6f):\n   ", r.sigma.empty() ? 0.0 : r.sigma[0]);
    for (std::size_t i = 1; i <= r.sigma.size(); i *= 2)
        std::printf(" i=%zu: %.3g%s", i, r.sigma[i - 1] / r.sigma[0], 2 * i <= r.sigma.size() ? "," : "");
    if (r.sigma.size() > 1 && (r.sigma.size() & (r.sigma.size() - 1)) != 0)
        std::printf(", i=%zu: %.3g", r.sigma.size(), r.sigma.back() / r.sigma[0]);
    std::printf("\n");
    std::printf("  stable rank ||A||_F^2 / ||A||_2^2       = %.4f\n", r.stable_rank);
    std::printf("  effective rank exp(H(sigma / sum sigma)) = %.4f\n", r.effective_rank);
    std::printf("  components for 90%% of ||A||_F^2: k90 = %zu; for 99%%: k99 = %zu (of %zu)\n", r.k90, r.k99,
                r.sigma.size());
    if (!check) return true;

    bool ok = true;
    auto verdict = [&ok](bool pass) {
        ok = ok && pass;
        return pass ? "ok" : "FAILED";
    };
    const bool rows_ok = r.max_row_error <= row_tol && r.min_entry >= 0;
    std::printf("  check: rows are probability distributions (entries >= 0, sums within %.0e of 1)   %s\n", row_tol,
                verdict(rows_ok));
    double sum_sq = 0;
    for (double s : r.sigma) sum_sq += s * s;
    const double frob_diff = std::fabs(sum_sq - r.frob2_entries) / r.frob2_entries;
    std::printf("  check: sum sigma_i^2 = %.15g vs ||A||_F^2 from the entries %.15g: rel. diff %.1e   %s\n", sum_sq,
                r.frob2_entries, frob_diff, verdict(frob_diff <= agreement_tolerance));
    const double p1 = power_sigma1(a);
    const double s1_diff = std::fabs(p1 - r.sigma[0]) / r.sigma[0];
    std::printf("  check: sigma_1 = %.15g vs power iteration %.15g: rel. diff %.1e   %s\n", r.sigma[0], p1, s1_diff,
                verdict(s1_diff <= agreement_tolerance));
    // The printed stable rank from the independent σ₁ and ‖A‖_F²; and the k's must be the first
    // k whose cumulative share reaches the target, with k − 1 below it.
    const double direct_stable = r.frob2_entries / (p1 * p1);
    const double sr_diff = std::fabs(direct_stable - r.stable_rank) / direct_stable;
    std::printf("  check: stable rank from ||A||_F^2 and the power iteration = %.4f: rel. diff %.1e   %s\n",
                direct_stable, sr_diff, verdict(sr_diff <= 3 * agreement_tolerance));
    auto share_up_to = [&](std::size_t k) {
        double c = 0;
        for (std::size_t i = 0; i < k; ++i) c += r.sigma[i] * r.sigma[i];
        return c / r.frob2_entries;
    };
    const bool k_ok = share_up_to(r.k90) >= 0.90 && share_up_to(r.k90 - 1) < 0.90 && share_up_to(r.k99) >= 0.99 &&
                      share_up_to(r.k99 - 1) < 0.99;
    std::printf("  check: share of ||A||_F^2 in k90 - 1, k90 = %.4f, %.4f; in k99 - 1, k99 = %.4f, %.4f   %s\n",
                share_up_to(r.k90 - 1), share_up_to(r.k90), share_up_to(r.k99 - 1), share_up_to(r.k99),
                verdict(k_ok));
    return ok;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

plot::series spectrum_series(const std::string& name, const std::vector<double>& sigma) {
    plot::series s(name);
    for (std::size_t i = 0; i < sigma.size(); ++i) {
        s.x.push_back(static_cast<double>(i + 1));
        s.y.push_back(sigma[i]);
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 256, d = 32;
    std::uint64_t seed = 1;
    double pos_scale = 2, row_tol = default_row_sum_tolerance;
    std::string input, dir = ".";
    bool check = false, save = false;
    cli::parser args(usage_text);
    args.value("--length", [&](const std::string& v) { n = cli::whole_number<std::size_t>(v, "--length", 2, 4096); })
        .value("--dim",
               [&](const std::string& v) {
                   d = cli::whole_number<std::size_t>(v, "--dim", 2, 1024);
                   if (d % 2 != 0)
                       throw cli::usage_error("--dim must be even (sin/cos pairs), got " + std::to_string(d));
               })
        .value("--pos-scale",
               [&](const std::string& v) {
                   pos_scale = cli::number(v, "--pos-scale");
                   if (!(pos_scale >= 0 && pos_scale <= 100))
                       throw cli::usage_error("--pos-scale must satisfy 0 <= S <= 100, got " + v);
               })
        .value("--seed",
               [&](const std::string& v) { seed = cli::whole_number<std::uint64_t>(v, "--seed", 0, cli::max_whole); })
        .value("--input", [&](const std::string& v) { input = v; })
        .value("--out-dir",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
                   dir = v;
               })
        .flag("--save-npy", [&] { save = true; })
        .flag("--check", [&] { check = true; })
        .value("--row-sum-tol", [&](const std::string& v) {
            row_tol = cli::number(v, "--row-sum-tol");
            if (!(row_tol > 0 && row_tol < 1))
                throw cli::usage_error("--row-sum-tol must satisfy 0 < T < 1, got " + v);
        });
    if (const std::optional<int> status = args.parse(argc, argv)) return *status;

    try {
        struct item {
            std::string name, title, file;
            svdkit::matrix<double> a;
        };
        std::vector<item> items;
        std::string chart_title;
        if (!input.empty()) {
            svdkit::matrix<double> a;
            if (ends_with(input, ".npy")) {
                a = svdkit::read_npy<double>(input);
            } else {
                a = svdkit::read_csv<double>(input).values;
                for (std::size_t j = 0; j < a.cols(); ++j)
                    for (std::size_t i = 0; i < a.rows(); ++i)
                        if (std::isnan(a(i, j)))
                            throw std::runtime_error(input + ": entry (" + std::to_string(i) + ", " + std::to_string(j) +
                                                     ") is empty or NA; an attention matrix has no missing entries");
            }
            if (a.rows() == 0 || a.cols() == 0) throw std::runtime_error(input + ": the matrix is empty");
            items.push_back({"input", "input: " + input, "attention_input", std::move(a)});
            chart_title = "Singular values of " + input;
        } else {
            std::printf("attention A = softmax(Q K^T / sqrt(d)), row-wise; n = %zu tokens, d = %zu\n", n, d);
            items.push_back({"(a) random Q, K", "(a) random Q, K: entries N(0, 1), seed " + std::to_string(seed),
                             "attention_random", random_attention(n, d, seed)});
            char t[160];
            std::snprintf(t, sizeof t, "(b) positional: Q = K = %g * sinusoidal encoding P (Vaswani et al. 2017)",
                          pos_scale);
            items.push_back({"(b) positional (sinusoidal)", t, "attention_positional",
                             positional_attention(n, d, pos_scale)});
            chart_title = "Singular values of softmax(QK\u1d40/\u221ad), n = " + std::to_string(n) +
                          ", d = " + std::to_string(d);
        }

        bool ok = true;
        std::vector<plot::series> curves;
        double smallest = std::numeric_limits<double>::infinity(), x_max = 1;
        for (item& it : items) {
            const spectrum_report r = analyse(it.a);
            ok = report(it.title, it.a, r, check, row_tol) && ok;
            plot::series s = spectrum_series(it.name, r.sigma);
            char label[160];
            std::snprintf(label, sizeof label, "%s: stable rank %.1f, effective rank %.1f, k90 = %zu, k99 = %zu",
                          it.name.c_str(), r.stable_rank, r.effective_rank, r.k90, r.k99);
            s.name = label;
            s.color = plot::palette(curves.size() / 2);
            // Dots where 90 % and 99 % of ||A||_F^2 are reached, labelled, in the curve's colour.
            plot::series marks("");
            marks.x = {static_cast<double>(r.k90), static_cast<double>(r.k99)};
            marks.y = {r.sigma[r.k90 - 1], r.sigma[r.k99 - 1]};
            marks.labels = {"90 %", "99 %"};
            marks.lines = false;
            marks.markers = true;
            marks.marker_radius = 4;
            marks.color = s.color;
            curves.push_back(s);
            curves.push_back(marks);
            x_max = std::max(x_max, static_cast<double>(r.sigma.size()));
            // Values below about ε·σ₁ are rounding noise; the axis stops a decade below that.
            for (double v : r.sigma)
                if (v > 1e-17 * r.sigma[0]) smallest = std::min(smallest, v);
            if (save) {
                const std::string path = dir + "/" + it.file + ".npy";
                svdkit::write_npy(path, it.a);
                std::printf("  wrote %s\n", path.c_str());
            }
        }
        plot::chart_options o;
        o.title = chart_title;
        o.x_label = "index i";
        o.y_label = "singular value \u03c3\u1d62 (log scale)";
        o.log_y = true;
        o.y_min = std::max(smallest, 1e-17);
        o.x_min = 0;
        o.x_max = x_max;
        o.legend = "top-right";
        const std::string svg_path = dir + "/attention_spectrum.svg";
        plot::line_chart(curves, o).save(svg_path);
        std::printf("\nwrote %s\n", svg_path.c_str());
        if (check) std::printf("%s\n", ok ? "all checks passed" : "check FAILED");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
