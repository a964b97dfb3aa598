// randomized_vs_full: how fast and how accurate svdkit::randomized_svd is against the full svd()
// when only the top k singular triplets are wanted, as the matrix grows.
//
// The test matrices have singular values we know exactly: A = U·diag(σ)·Vᵀ with U and V
// products of four random Householder reflectors each (orthogonal, cheap to apply: 4n² flops
// per reflector instead of the n³ of a random orthogonal matrix from a QR). Two spectra:
//
//     fast:  σᵢ = exp(−(i−1)/10)      (σ₃₀/σ₁ ≈ 0.055: what randomized SVD is made for)
//     slow:  σᵢ = 1/i                 (a heavy tail: the sketch mixes in many directions)
//
// For each size n the program times the thin svd(A) (what a user calls to get U_k, Σ_k, V_k from
// the dense solver; values-only svd would be faster but gives no vectors, so it is not the fair
// competitor) and randomized_svd(A, k) with the library's defaults (oversampling p = 10, power
// iterations q = 7 when 10k < n, else 4), both single-threaded, and measures against the known σ:
//
//     relative error of σᵢ, i = 1..k:     |σ̂ᵢ − σᵢ| / σᵢ
//     residual of the triplets:           max_i ‖A·v̂ᵢ − σ̂ᵢ·ûᵢ‖ / σ₁
//
// Checks (exit 1 when one fails):
//   - full svd: max_i |σ̂ᵢ − σᵢ| <= ε·σ₁·n and residual <= ε·σ₁·n: a backward-stable SVD moves
//     each σ by a small multiple of ε·‖A‖ (Weyl's inequality) [2, §5.2, §5.4].
//   - randomized, the theorem: with P the projector onto the sketch's range (l = k + p columns),
//     Cor. 10.10 of [1] bounds E‖(I − P)A‖ <= E_q for every split l = k' + p', p' >= 2:
//         E_q = [ (1 + sqrt(k'/(p'−1)))·σ_{k'+1}^(2q+1)
//                 + (e·sqrt(l)/p')·sqrt(Σ_{j>k'} σ_j^(2(2q+1))) ]^(1/(2q+1)).
//     randomized_svd returns σ̂ᵢ = σᵢ(PA) and residuals A·v̂ᵢ − σ̂ᵢ·ûᵢ = (I − P)A·v̂ᵢ, so
//     AᵀA = (PA)ᵀ(PA) + ((I−P)A)ᵀ((I−P)A) and Weyl's inequality for eigenvalues give
//         0 <= 1 − σ̂ᵢ/σᵢ <= 1 − sqrt(1 − (E_q/σᵢ)²)      and   residual <= E_q
//     (best split; evaluated on the spectrum in use). E_q bounds the expected error, so this can
//     fail by chance (Markov: P(error > t·E_q) <= 1/t), but it is loose: it fails for a broken
//     solver, not for a slow spectrum (with q = 0 it says nothing beyond σ₃).
//   - randomized, the fast-decay target: q power iterations apply the sketch to (AAᵀ)^q·A, whose
//     singular values are σ^(2q+1) [1, §4.5], so the part of uᵢ the l-column sketch misses, and
//     with it the error of σᵢ (second order in it), scales as
//         relerrᵢ ≈ (σ_{l+1}/σᵢ)^(2(2q+1))
//     (M. Gu [3] proves bounds of this form with σ_{k'+1}, k' + p' = l, and a random factor;
//     with σ_{l+1} it is an estimate, so the factor below is measured headroom).
//     The program requires relerrᵢ <= 100·(that rate for the FAST spectrum) + ε·n·σ₁/σᵢ, whatever
//     --spectrum says (the random factor: measured up to 19 on the fast spectrum, 12 seeds,
//     q = 0..9, n = 200..500; it does not grow with n, as the tail beyond σ_{l+1} sums to a
//     constant). A slower spectrum misses it: --spectrum slow at the default q leaves σ₂₀ wrong
//     by 1e-6 where the target is 1e-12 (a test shows the check failing). With q = 0 even the
//     fast spectrum has σ₂₀ wrong by 9 %, the target allows more than 100 % there, and the
//     slow spectrum's 30 % passes it.
//
//   randomized_vs_full                                  # n = 1000..4000, k = 20: a minute or two
//   randomized_vs_full --sizes 200,400 --spectrum slow --power-iterations 2
//
// Pictures: randomized_vs_full_accuracy.svg (relative error of each σᵢ at the largest n, with the
// bound) is deterministic for a given command; randomized_vs_full_times.svg (time against n) is
// measured on your machine and differs from run to run.
//
// References:
// [1] N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness: probabilistic
//     algorithms for constructing approximate matrix decompositions", SIAM Review 53 (2011)
//     217-288 (Alg. 4.4 and 5.1; Cor. 10.10).
// [2] J. Demmel, Applied Numerical Linear Algebra, SIAM (1997), §5.2 and §5.4.
// [3] M. Gu, "Subspace iteration randomization and singular value problems", SIAM J. Sci.
//     Comput. 37 (2015) A1139-A1173.
#include <algorithm>  // std::max, std::min, std::sort
#include <cmath>      // std::exp, std::sqrt, std::log, std::cos, std::pow
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <ctime>      // std::clock
#include <cstdio>     // std::printf, std::fprintf
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <random>     // std::mt19937_64 (its output is fixed by the standard; no distribution is)
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "plot.hpp"

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
constexpr double eps = std::numeric_limits<double>::epsilon();
constexpr double pi = 3.14159265358979323846;
constexpr std::size_t oversampling = 10;  // randomized_options' default p
constexpr int reflectors = 4;             // per side

const char* const usage_text =
    "usage: randomized_vs_full [--sizes N1,N2,...] [--k K] [--spectrum fast|slow]\n"
    "                          [--power-iterations Q] [--seed S] [--out-dir DIR]\n"
    "\n"
    "Times svdkit::randomized_svd(A, k) against the thin svdkit::svd(A) on n x n matrices with\n"
    "known singular values, and measures the error of the top k values of each.\n"
    "\n"
    "  --sizes LIST          comma-separated n, each 2k+10 <= n <= 8000 (default 1000,2000,3000,4000)\n"
    "  --k K                 number of triplets wanted, 1 <= K <= 100 (default 20)\n"
    "  --spectrum fast|slow  sigma_i = exp(-(i-1)/10) (default) or 1/i\n"
    "  --power-iterations Q  randomized_svd's q, 0 <= Q <= 20 (default: the library's rule,\n"
    "                        7 when 10k < n, else 4)\n"
    "  --seed S              seeds the test matrix and the sketch (default 1)\n"
    "  --out-dir DIR         where the two SVG files go (default: the current directory)\n"
    "  -h, --help            show this text\n"
    "\n"
    "Checks: full svd within eps*sigma_1*n; randomized within the Halko-Martinsson-Tropp bound\n"
    "and within the accuracy its q reaches on the fast spectrum (so --spectrum slow fails it).\n"
    "randomized_vs_full_times.svg holds this machine's timings.\n"
    "\n"
    "Exit status: 0 success, 1 a check failed or a file could not be written, 2 bad command line.\n";

// A portable normal generator: std::mt19937_64's sequence is fixed by the standard, but
// std::normal_distribution's algorithm is not, so Box-Muller is written out here.
class normal_source {
public:
    explicit normal_source(std::uint64_t seed) : bits_(seed) {}
    double next() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double u1 = uniform_open(), u2 = uniform_open();
        const double r = std::sqrt(-2 * std::log(u1));
        spare_ = r * std::sin(2 * pi * u2);
        has_spare_ = true;
        return r * std::cos(2 * pi * u2);
    }

private:
    double uniform_open() { return (static_cast<double>(bits_() >> 11) + 0.5) * 0x1p-53; }  // in (0, 1)
    std::mt19937_64 bits_;
    double spare_ = 0;
    bool has_spare_ = false;
};

std::vector<double> spectrum(const std::string& kind, std::size_t n) {
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i)
        s[i] = kind == "fast" ? std::exp(-static_cast<double>(i) / 10) : 1.0 / static_cast<double>(i + 1);
    return s;
}

// A unit vector with Gaussian entries: the reflector I − 2wwᵀ.
std::vector<double> random_unit(std::size_t n, normal_source& g) {
    std::vector<double> w(n);
    double ss = 0;
    for (double& x : w) x = g.next(), ss += x * x;
    for (double& x : w) x /= std::sqrt(ss);
    return w;
}

// A = H₁···H₄ · diag(σ) · G₄···G₁ (each H, G = I − 2wwᵀ). Its singular values are σ exactly (up
// to the rounding of the reflections, a few ε·σ₁ per entry).
svdkit::matrix<double> test_matrix(const std::vector<double>& sigma, std::uint64_t seed) {
    const std::size_t n = sigma.size();
    normal_source g(seed);
    svdkit::matrix<double> a(n, n);
    for (std::size_t i = 0; i < n; ++i) a(i, i) = sigma[i];
    std::vector<double> proj(n);
    for (int r = 0; r < reflectors; ++r) {
        // From the left: A ← (I − 2wwᵀ)A, column by column.
        const std::vector<double> w = random_unit(n, g);
        for (std::size_t j = 0; j < n; ++j) {
            double* c = a.col_ptr(j);
            double d = 0;
            for (std::size_t i = 0; i < n; ++i) d += w[i] * c[i];
            for (std::size_t i = 0; i < n; ++i) c[i] -= 2 * d * w[i];
        }
        // From the right: A ← A(I − 2wwᵀ): proj = A·w, then A −= 2·proj·wᵀ.
        const std::vector<double> z = random_unit(n, g);
        std::fill(proj.begin(), proj.end(), 0.0);
        for (std::size_t j = 0; j < n; ++j) {
            const double* c = a.col_ptr(j);
            for (std::size_t i = 0; i < n; ++i) proj[i] += c[i] * z[j];
        }
        for (std::size_t j = 0; j < n; ++j) {
            double* c = a.col_ptr(j);
            for (std::size_t i = 0; i < n; ++i) c[i] -= 2 * proj[i] * z[j];
        }
    }
    return a;
}

// max over i < k of ‖A·vᵢ − sᵢ·uᵢ‖₂.
double max_residual(const svdkit::matrix<double>& a, const svdkit::svd_result<double>& r, std::size_t k) {
    const std::size_t n = a.rows();
    svdkit::matrix<double> vk(a.cols(), k);
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < a.cols(); ++i) vk(i, j) = r.v(i, j);
    const svdkit::matrix<double> av = svdkit::multiply(a, vk);
    double worst = 0;
    for (std::size_t j = 0; j < k; ++j) {
        double ss = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = av(i, j) - r.s[j] * r.u(i, j);
            ss += d * d;
        }
        worst = std::max(worst, std::sqrt(ss));
    }
    return worst;
}

// E_q of [1, Cor. 10.10] for the split l = k' + p' (see the top of the file).
double hmt_expected_error(const std::vector<double>& s, std::size_t kp, std::size_t l, int q) {
    const double e = 2 * q + 1;
    const double pp = static_cast<double>(l - kp);
    // Scale by σ_{k'+1} so the powers σ^(2q+1) cannot underflow.
    const double top = s[kp];
    double tail = 0;
    for (std::size_t j = kp; j < s.size(); ++j) tail += std::pow(s[j] / top, 2 * e);
    const double inner = 1 + std::sqrt(static_cast<double>(kp) / (pp - 1)) +
                         std::exp(1.0) * std::sqrt(static_cast<double>(l)) / pp * std::sqrt(tail);
    return top * std::pow(inner, 1 / e);
}

// Per i < k: the bound on |σ̂ᵢ − σᵢ|/σᵢ, and E_q itself at its best split (for the residual).
struct hmt_bound {
    std::vector<double> rel;  // 1 − sqrt(1 − min(1, (E/σᵢ)²)), best split for each i
    double e_min = 0;         // min over splits of E_q
};

hmt_bound randomized_bound(const std::vector<double>& s, std::size_t k, int q) {
    const std::size_t l = std::min(k + oversampling, s.size());
    hmt_bound b;
    b.e_min = std::numeric_limits<double>::infinity();
    for (std::size_t kp = 1; kp + 2 <= l; ++kp) b.e_min = std::min(b.e_min, hmt_expected_error(s, kp, l, q));
    for (std::size_t i = 0; i < k; ++i) {
        const double x = std::min(1.0, b.e_min / s[i]);
        b.rel.push_back(1 - std::sqrt(1 - x * x));
    }
    return b;
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
    std::vector<std::size_t> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = std::min(text.find(',', pos), text.size());
        out.push_back(cli::whole_number<std::size_t>(text.substr(pos, comma - pos), "--sizes: each n", 1, 8000));
        pos = comma + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct row {
    std::size_t n;
    int q;
    double t_full, t_rand;
    double err_full, err_rand;            // max_i |σ̂ᵢ − σᵢ|/σᵢ
    double abs_full;                      // max_i |σ̂ᵢ − σᵢ|
    double res_full, res_rand;            // max_i ‖A v̂ᵢ − σ̂ᵢ ûᵢ‖ / σ₁
    std::vector<double> rel_full, rel_rand;
    hmt_bound bound;              // the theorem, on the spectrum in use
    std::vector<double> target;   // the fast-decay target for each relerrᵢ
};

// The fast-decay target for relerrᵢ, i < k: 100·(σ_{l+1}/σᵢ)^(2(2q+1)) of the fast spectrum plus
// the rounding level ε·n·σ₁/σᵢ (see the top of the file).
std::vector<double> fast_target(std::size_t n, std::size_t k, int q) {
    const std::vector<double> s = spectrum("fast", n);
    const std::size_t l = std::min(k + oversampling, n - 1);
    std::vector<double> t;
    for (std::size_t i = 0; i < k; ++i)
        t.push_back(100 * std::pow(s[l] / s[i], 2.0 * (2 * q + 1)) + eps * static_cast<double>(n) * s[0] / s[i]);
    return t;
}

// Processor time of this process: on a shared machine the wall clock also counts the time other
// programs hold the cores; both solvers run on one thread, so on an idle machine the two agree.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes{1000, 2000, 3000, 4000};
    std::size_t k = 20;
    std::string kind = "fast", dir = ".";
    int q_opt = -1;
    std::uint64_t seed = 1;
    cli::parser args(usage_text);
    args.value("--sizes", [&](const std::string& v) { sizes = parse_sizes(v); })
        .value("--k", [&](const std::string& v) { k = cli::whole_number<std::size_t>(v, "--k", 1, 100); })
        .value("--spectrum",
               [&](const std::string& v) {
                   if (v != "fast" && v != "slow") throw cli::usage_error("--spectrum must be fast or slow, got " + v);
                   kind = v;
               })
        .value("--power-iterations",
               [&](const std::string& v) { q_opt = cli::whole_number<int>(v, "--power-iterations", 0, 20); })
        .value("--seed",
               [&](const std::string& v) { seed = cli::whole_number<std::uint64_t>(v, "--seed", 0, cli::max_whole); })
        .value("--out-dir", [&](const std::string& v) {
            if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
            dir = v;
        });
    if (const std::optional<int> status = args.parse(argc, argv, [&] {
            for (std::size_t n : sizes)
                if (n < 2 * k + oversampling)
                    throw cli::usage_error("--sizes: n = " + std::to_string(n) + " is below 2k + " +
                                           std::to_string(oversampling) + " = " + std::to_string(2 * k + oversampling) +
                                           " (the sketch would be most of the matrix)");
        }))
        return *status;

    try {
        std::printf("A = U diag(sigma) V^T, n x n, U and V products of %d Householder reflectors (seed %llu)\n",
                    reflectors, static_cast<unsigned long long>(seed));
        std::printf("spectrum %s: %s; k = %zu, oversampling p = %zu, both solvers on 1 thread\n", kind.c_str(),
                    kind == "fast" ? "sigma_i = exp(-(i-1)/10)" : "sigma_i = 1/i", k, oversampling);
        std::printf("full = svdkit::svd(A) (thin U, V); randomized = svdkit::randomized_svd(A, k)\n\n");
        std::printf("%6s %3s %10s %10s %8s %12s %12s %12s %12s\n", "n", "q", "t full s", "t rand s", "speed-up",
                    "relerr full", "relerr rand", "resid full", "resid rand");
        std::vector<row> rows;
        for (std::size_t n : sizes) {
            const std::vector<double> sigma = spectrum(kind, n);
            const svdkit::matrix<double> a = test_matrix(sigma, seed);
            row r;
            r.n = n;
            r.q = q_opt >= 0 ? q_opt : (10 * k < n ? 7 : 4);  // the rule randomized_options documents
            double t0 = cpu_seconds();
            const svdkit::svd_result<double> full = svdkit::svd(a);
            r.t_full = cpu_seconds() - t0;
            svdkit::randomized_options ro;
            ro.power_iterations = r.q;
            ro.seed = seed;
            t0 = cpu_seconds();
            const svdkit::svd_result<double> rnd = svdkit::randomized_svd(a, k, ro);
            r.t_rand = cpu_seconds() - t0;

            r.err_full = r.err_rand = r.abs_full = 0;
            for (std::size_t i = 0; i < k; ++i) {
                r.rel_full.push_back(std::abs(full.s[i] - sigma[i]) / sigma[i]);
                r.rel_rand.push_back(std::abs(rnd.s[i] - sigma[i]) / sigma[i]);
                r.err_full = std::max(r.err_full, r.rel_full.back());
                r.err_rand = std::max(r.err_rand, r.rel_rand.back());
                r.abs_full = std::max(r.abs_full, std::abs(full.s[i] - sigma[i]));
            }
            r.res_full = max_residual(a, full, k) / sigma[0];
            r.res_rand = max_residual(a, rnd, k) / sigma[0];
            r.bound = randomized_bound(sigma, k, r.q);
            r.target = fast_target(n, k, r.q);
            std::printf("%6zu %3d %10.3f %10.3f %8.1f %12.2e %12.2e %12.2e %12.2e\n", n, r.q, r.t_full, r.t_rand,
                        r.t_full / r.t_rand, r.err_full, r.err_rand, r.res_full, r.res_rand);
            std::fflush(stdout);
            rows.push_back(std::move(r));
        }
        std::printf("relerr = max_{i<=k} |s_i - sigma_i| / sigma_i against the known sigma;\n"
                    "resid = max_{i<=k} ||A v_i - s_i u_i|| / sigma_1; times in CPU seconds (this machine).\n\n");

        // The checks, one verdict line each, on the worst ratio over all sizes and i <= k.
        double full_ratio = 0, full_res_ratio = 0, hmt_ratio = 0, hmt_res_ratio = 0, target_ratio = 0;
        for (const row& r : rows) {
            const double scale = eps * static_cast<double>(r.n);  // ε·σ₁·n with σ₁ = 1
            full_ratio = std::max(full_ratio, r.abs_full / scale);
            full_res_ratio = std::max(full_res_ratio, r.res_full / scale);
            for (std::size_t i = 0; i < k; ++i) {
                hmt_ratio = std::max(hmt_ratio, r.rel_rand[i] / r.bound.rel[i]);
                target_ratio = std::max(target_ratio, r.rel_rand[i] / r.target[i]);
            }
            hmt_res_ratio = std::max(hmt_res_ratio, r.res_rand / r.bound.e_min);
        }
        auto verdict = [](const char* what, double ratio) {
            std::printf("%-66s %9.3g (<= 1)  %s\n", what, ratio, ratio <= 1 ? "PASS" : "FAILED");
            return ratio <= 1;
        };
        bool ok = verdict("full svd:   max |s_i - sigma_i| / (eps sigma_1 n)", full_ratio);
        ok &= verdict("full svd:   max resid / (eps n)", full_res_ratio);
        ok &= verdict("randomized: max relerr_i / HMT bound_i (this spectrum)", hmt_ratio);
        ok &= verdict("randomized: max resid / HMT E_q (this spectrum)", hmt_res_ratio);
        ok &= verdict("randomized: max relerr_i / fast-decay target_i", target_ratio);
        std::printf("(HMT: Halko-Martinsson-Tropp 2011, Cor. 10.10; target_i = 100 (sigma_%zu/sigma_i)^(2(2q+1))\n"
                    " + eps n sigma_1/sigma_i on the fast spectrum, the rate of the power scheme)\n",
                    std::min(k + oversampling, rows.back().n - 1) + 1);

        // Picture 1: relative error of each σᵢ at the largest n, with the theorem and the target.
        const row& big = rows.back();
        std::vector<double> idx;
        for (std::size_t i = 0; i < k; ++i) idx.push_back(static_cast<double>(i + 1));
        // An exact 0 has no place on a log axis: it is drawn at ε/8, below every rounding error.
        auto floored = [](std::vector<double> v) {
            for (double& x : v) x = std::max(x, eps / 8);
            return v;
        };
        plot::series sf("full svd", idx, floored(big.rel_full)), sr("randomized_svd", idx, floored(big.rel_rand)),
            sb("HMT bound (Cor. 10.10)", idx, big.bound.rel), st("fast-decay target", idx, big.target);
        sf.markers = sr.markers = true;
        sb.dash = "6 4";
        sb.color = "#888888";
        st.dash = "2 3";
        st.color = "#2ca02c";
        plot::chart_options ao;
        ao.title = "Relative error of each singular value, n = " + std::to_string(big.n) + ", " + kind +
                   " spectrum, q = " + std::to_string(big.q);
        ao.x_label = "index i   (an exact 0 is drawn at \u03b5/8)";
        ao.y_label = "|\u03c3\u0302\u1d62 \u2212 \u03c3\u1d62| / \u03c3\u1d62";
        ao.log_y = true;
        plot::line_chart({sf, sr, sb, st}, ao).save(dir + "/randomized_vs_full_accuracy.svg");

        // Picture 2: time against n (log-log), measured on this machine.
        std::vector<double> ns, tf, tr;
        for (const row& r : rows) {
            ns.push_back(static_cast<double>(r.n));
            tf.push_back(r.t_full);
            tr.push_back(r.t_rand);
        }
        plot::series pf("full svd (thin U, V)", ns, tf), pr("randomized_svd, k = " + std::to_string(k), ns, tr);
        pf.markers = pr.markers = true;
        // The speed-up as text under each randomized point (an unnamed series of labels only, so
        // that the text sits below the orange line instead of on it).
        plot::series speedup;
        speedup.lines = false;
        for (const row& r : rows) {
            char label[64];
            std::snprintf(label, sizeof label, "n = %zu: %.1f\u00d7 faster", r.n, r.t_full / r.t_rand);
            speedup.x.push_back(static_cast<double>(r.n));
            speedup.y.push_back(r.t_rand / 2.5);
            speedup.labels.push_back(label);
        }
        // Guides through the largest n: the full svd costs O(n³), randomized_svd O(n²·l·(2q + 2)).
        plot::series g3("\u221d n\u00b3", {}, {}), g2("\u221d n\u00b2", {}, {});
        for (const row& r : rows) {
            const double f = static_cast<double>(r.n) / static_cast<double>(big.n);
            g3.x.push_back(static_cast<double>(r.n)), g3.y.push_back(big.t_full * f * f * f);
            g2.x.push_back(static_cast<double>(r.n)), g2.y.push_back(big.t_rand * f * f);
        }
        g3.dash = g2.dash = "4 4";
        g3.line_width = g2.line_width = 1.2;
        g3.color = "#1f77b4", g2.color = "#ff7f0e";
        plot::chart_options to;
        to.title = "Time against size (measured on this machine; yours differ)";
        to.x_label = "n (A is n \u00d7 n)";
        to.y_label = "CPU seconds (1 thread)";
        to.log_x = to.log_y = true;
        // Start a little left of the smallest n rather than at the decade below it (a log axis is
        // widened to whole decades), so that 1000..4000 is not squeezed into the right half.
        to.x_min = ns.front() / 1.2;
        plot::line_chart({pf, pr, g3, g2, speedup}, to).save(dir + "/randomized_vs_full_times.svg");
        std::printf("\nwrote %s/randomized_vs_full_accuracy.svg and %s/randomized_vs_full_times.svg\n", dir.c_str(),
                    dir.c_str());

        std::printf("%s\n", ok ? "all checks passed" : "check FAILED");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
