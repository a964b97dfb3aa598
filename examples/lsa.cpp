// lsa: latent semantic analysis of a directory of text files with svdkit::partial_svd.
//
// LSA (Deerwester et al. 1990) writes a corpus as a documents × terms matrix A of tf-idf weights
// and keeps its top k singular triplets: each triplet is a "concept", a direction v_i in term
// space whose strongest terms name it, with u_i saying how much each document uses it and σ_i how
// much of ‖A‖_F² it carries. A is sparse (a document uses a few per cent of the vocabulary), so
// the top k come from Golub-Kahan-Lanczos on A's products (svdkit::partial_svd on a csr_view)
// instead of a dense SVD of all min(m, n) triplets; the program times both on the same matrix and
// checks that they agree.
//
// The default corpus is examples/data/lsa_corpus/: 266 chapters of the King James Version of the
// Bible (public domain; examples/data/README.md gives the source and how it was made).
//
//   lsa                                  # the shipped corpus, top 10 concepts
//   lsa --corpus ~/notes --k 20 --min-df 3
//   lsa --no-dense                       # only the sparse solver (for corpora too big to densify)
//
// It prints the matrix's shape and density, the concepts (σ_i, share of ‖A‖_F², the 8 strongest
// terms by |v_ij| and the 3 documents with the largest u_ij), the times of partial_svd and of the
// dense thin svd() and their ratio, and self-checks whose bounds come from ε and the dimensions
// (the same ones tests/partial_svd.cpp uses); it writes the spectrum to lsa_spectrum.svg.
// Exit status 1 when a check fails.
//
// Reference: S. Deerwester, S. Dumais, G. Furnas, T. Landauer, R. Harshman, "Indexing by latent
// semantic analysis", J. American Society for Information Science 41 (1990) 391-407.
#include <algorithm>  // std::max, std::min, std::partial_sort
#include <chrono>     // std::chrono::steady_clock
#include <cmath>      // std::abs, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <exception>  // std::exception
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <optional>   // std::optional
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "cli.hpp"
#include "lsa/term_document.hpp"
#include "measures.hpp"
#include "plot.hpp"

#ifndef SVDKIT_EXAMPLES_DATA_DIR
#define SVDKIT_EXAMPLES_DATA_DIR "examples/data"
#endif

namespace {

namespace cli = svdkit_examples::cli;
namespace plot = svdkit_examples::plot;
using svdkit_examples::term_document;

const char* const usage_text =
    "usage: lsa [--corpus DIR] [--k N] [--min-df N] [--repeat N] [--out-dir DIR] [--no-dense]\n"
    "           [--tol T]\n"
    "\n"
    "Latent semantic analysis: the top k singular triplets (concepts) of the tf-idf\n"
    "document-term matrix of the text files in DIR, by svdkit::partial_svd on a sparse\n"
    "csr_view, timed against a dense thin svd() of the same matrix.\n"
    "\n"
    "  --corpus DIR   every regular file of DIR is a document (default:\n"
    "                 " SVDKIT_EXAMPLES_DATA_DIR "/lsa_corpus)\n"
    "  --k N          how many concepts, 1 <= N <= min(documents, terms) (default 10)\n"
    "  --min-df N     keep terms that occur in at least N documents, 1 <= N (default 2)\n"
    "  --repeat N     time each SVD N times and report the fastest, 1 <= N <= 100 (default 3)\n"
    "  --out-dir DIR  where lsa_spectrum.svg goes (default: current directory)\n"
    "  --no-dense     skip the dense svd(): no timing ratio, no comparison of the values\n"
    "  --tol T        partial_svd's tolerance, 0 < T < 1 (default: the library's, 8 eps);\n"
    "                 the checks' bounds assume the default, so a loose T fails them\n"
    "  -h, --help     show this text\n"
    "\n"
    "Exit status: 0 success, 1 a check failed or a file could not be read or written,\n"
    "2 bad command line.\n";

constexpr double eps = std::numeric_limits<double>::epsilon();

// Check bounds, in units of ε (σ₀·ε for values and residuals), as in tests/partial_svd.cpp with
// d = max(m, n): partial_svd stops at residuals <= 8·ε·σ₀ and measuring a residual adds the
// rounding of a length-d dot product per entry (4·d); a Ritz value lies within its residual of a
// singular value, and the dense svd()'s values within its backward error (4·d + 50 for its
// deflation); orthogonality ‖I − QᵀQ‖_F <= 10·k·ε.
double residual_bound(std::size_t d) { return 8 + 4 * static_cast<double>(d); }
double value_bound(std::size_t d) { return residual_bound(d) + 4 * static_cast<double>(d) + 50; }
constexpr double orthogonality_bound = 10;

struct checks {
    std::size_t passed = 0, failed = 0;
    // One line: what was measured, its value and bound in the given unit, and the verdict.
    void check(const char* what, double value, double bound, const char* unit) {
        const bool ok = value <= bound;  // false for NaN
        (ok ? passed : failed) += 1;
        std::printf("  %-44s %9.3g %s (bound %.3g)  %s\n", what, value, unit, bound, ok ? "ok" : "FAILED");
    }
};

using svdkit_examples::orthogonality_error;  // ‖QᵀQ − I‖_F (measures.hpp)

// A triplet's sign is arbitrary (−u_i, −v_i is as good): make each v_i's largest |entry| positive,
// so that a concept is named by the terms it is made of rather than by its opposite.
void orient(svdkit::svd_result<double>& r) {
    for (std::size_t c = 0; c < r.s.size(); ++c) {
        std::size_t top = 0;
        for (std::size_t j = 1; j < r.v.rows(); ++j)
            if (std::abs(r.v(j, c)) > std::abs(r.v(top, c))) top = j;
        if (r.v(top, c) >= 0) continue;
        for (std::size_t j = 0; j < r.v.rows(); ++j) r.v(j, c) = -r.v(j, c);
        for (std::size_t i = 0; i < r.u.rows(); ++i) r.u(i, c) = -r.u(i, c);
    }
}

// The indices of the `count` largest key(i), i < n, largest first (ties: smaller index first).
template <class Key>
std::vector<std::size_t> strongest(std::size_t n, std::size_t count, Key key) {
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    count = std::min(count, n);
    std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(count), idx.end(),
                      [&](std::size_t a, std::size_t b) { return key(a) > key(b) || (key(a) == key(b) && a < b); });
    idx.resize(count);
    return idx;
}

std::string strip_txt(const std::string& name) {
    const std::string ext = ".txt";
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0
               ? name.substr(0, name.size() - ext.size())
               : name;
}

void print_concepts(const term_document& td, const svdkit::svd_result<double>& r) {
    const double total = static_cast<double>(td.rows());  // ‖A‖_F²: every row has unit norm
    std::printf("\ntop %zu concepts (sign: each concept's strongest term is positive)\n", r.s.size());
    for (std::size_t c = 0; c < r.s.size(); ++c) {
        std::printf("%3zu  sigma = %.4f  (%.2f %% of ||A||_F^2)\n", c + 1, r.s[c], 100 * r.s[c] * r.s[c] / total);
        std::printf("     terms:");
        for (std::size_t j : strongest(td.cols(), 8, [&](std::size_t t) { return std::abs(r.v(t, c)); }))
            std::printf(" %s %+.3f", td.terms[j].c_str(), r.v(j, c));
        std::printf("\n     documents:");
        for (std::size_t i : strongest(td.rows(), 3, [&](std::size_t d) { return r.u(d, c); }))
            std::printf(" %s", strip_txt(td.documents[i]).c_str());
        std::printf("\n");
    }
}

svdkit::matrix<double> densify(const term_document& td) {
    svdkit::matrix<double> a(td.rows(), td.cols());
    for (std::size_t i = 0; i < td.rows(); ++i)
        for (auto p = static_cast<std::size_t>(td.row_ptr[i]); p < static_cast<std::size_t>(td.row_ptr[i + 1]); ++p)
            a(i, static_cast<std::size_t>(td.col_idx[p])) += td.values[p];
    return a;
}

// The fastest of `repeat` runs of f, in seconds; the last run's result stays in `out`.
template <class R, class F>
double best_time(std::size_t repeat, R& out, F f) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < repeat; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        out = f();
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        best = std::min(best, dt.count());
    }
    return best;
}

// max_i ‖A·v_i − σ_i·u_i‖₂, by our own product (partial_svd reports the other side, Aᵀu − σv).
double av_residual(const term_document& td, const svdkit::svd_result<double>& r) {
    svdkit::matrix<double> av(td.rows(), r.s.size());
    td.view().apply(r.v, av);
    double worst = 0;
    for (std::size_t c = 0; c < r.s.size(); ++c) {
        double sum = 0;
        for (std::size_t i = 0; i < td.rows(); ++i) {
            const double e = av(i, c) - r.s[c] * r.u(i, c);
            sum += e * e;
        }
        worst = std::max(worst, std::sqrt(sum));
    }
    return worst;
}

// The builder's promises: sorted unique terms, ascending columns per row, unit rows.
void check_matrix(const term_document& td, checks& ck) {
    std::size_t disorder = 0, longest = 0;
    for (std::size_t j = 1; j < td.cols(); ++j)
        if (!(td.terms[j - 1] < td.terms[j])) ++disorder;
    double worst = 0;
    for (std::size_t i = 0; i < td.rows(); ++i) {
        const auto b = static_cast<std::size_t>(td.row_ptr[i]), e = static_cast<std::size_t>(td.row_ptr[i + 1]);
        double sum = 0;
        for (std::size_t p = b; p < e; ++p) {
            if (p > b && td.col_idx[p - 1] >= td.col_idx[p]) ++disorder;
            sum += td.values[p] * td.values[p];
        }
        worst = std::max(worst, std::abs(std::sqrt(sum) - 1));
        longest = std::max(longest, e - b);
    }
    ck.check("terms sorted, columns ascending in each row", static_cast<double>(disorder), 0, "out of order");
    // a sum of `longest` squares, a square root and a division: (longest + 3)·ε relative
    ck.check("rows of A have unit 2-norm: max |norm - 1|", worst / eps, static_cast<double>(longest) + 3, "eps");
}

void write_spectrum(const std::string& path, const term_document& td, const std::vector<double>& partial,
                    const std::vector<double>& dense) {
    std::vector<plot::series> curves;
    if (!dense.empty()) {
        plot::series all("dense svd(): all " + std::to_string(dense.size()) + " singular values");
        for (std::size_t i = 0; i < dense.size(); ++i) {
            all.x.push_back(static_cast<double>(i + 1));
            all.y.push_back(dense[i]);
        }
        curves.push_back(all);
    }
    plot::series top("partial_svd: the top " + std::to_string(partial.size()) + " (the concepts)");
    for (std::size_t i = 0; i < partial.size(); ++i) {
        top.x.push_back(static_cast<double>(i + 1));
        top.y.push_back(partial[i]);
    }
    top.lines = false;
    top.markers = true;
    top.marker_radius = 4;
    curves.push_back(top);
    plot::chart_options o;
    o.title = "Singular values of the tf-idf matrix: " + std::to_string(td.rows()) + " documents \u00d7 " +
              std::to_string(td.cols()) + " terms";
    // A log index axis gives the k concepts as much room as the long flat tail after them.
    o.x_label = "index i (log scale)";
    o.y_label = "singular value \u03c3\u1d62";
    o.log_x = true;
    o.x_min = 0.8;
    o.x_max = 1.2 * static_cast<double>(std::max(partial.size(), dense.size()));
    o.y_min = 0;
    o.legend = "top-right";
    plot::line_chart(curves, o).save(path);
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus = std::string(SVDKIT_EXAMPLES_DATA_DIR) + "/lsa_corpus", dir = ".";
    std::size_t k = 10, min_df = 2, repeat = 3;
    bool dense = true;
    double tol = 0;  // 0: partial_svd's default
    cli::parser args(usage_text);
    args.value("--corpus",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--corpus needs a directory name");
                   corpus = v;
               })
        .value("--k", [&](const std::string& v) { k = cli::whole_number<std::size_t>(v, "--k", 1, cli::max_whole); })
        .value("--min-df",
               [&](const std::string& v) { min_df = cli::whole_number<std::size_t>(v, "--min-df", 1, cli::max_whole); })
        .value("--repeat", [&](const std::string& v) { repeat = cli::whole_number<std::size_t>(v, "--repeat", 1, 100); })
        .value("--out-dir",
               [&](const std::string& v) {
                   if (v.empty()) throw cli::usage_error("--out-dir needs a directory name");
                   dir = v;
               })
        .flag("--no-dense", [&] { dense = false; })
        .value("--tol", [&](const std::string& v) {
            tol = cli::number(v, "--tol");
            if (!(tol > 0 && tol < 1)) throw cli::usage_error("--tol must satisfy 0 < T < 1, got " + v);
        });
    if (const std::optional<int> status = args.parse(argc, argv)) return *status;

    try {
        const term_document td = svdkit_examples::load_corpus(corpus, min_df);
        const std::size_t m = td.rows(), n = td.cols(), d = std::max(m, n);
        if (k > std::min(m, n))
            return args.fail(cli::usage_error("--k must be at most min(documents, terms) = " +
                                              std::to_string(std::min(m, n)) + ", got " + std::to_string(k)));
        std::printf("corpus: %s (%zu files", corpus.c_str(), td.files);
        if (!td.skipped.empty()) std::printf("; %zu without a kept term left out, e.g. %s", td.skipped.size(), td.skipped[0].c_str());
        std::printf(")\n");
        std::printf("matrix: %zu documents x %zu terms (min_df = %zu), %zu non-zeros, density %.2f %%\n", m, n, min_df,
                    td.nonzeros(), 100.0 * static_cast<double>(td.nonzeros()) / (static_cast<double>(m) * static_cast<double>(n)));
        std::printf("weights: tf * (ln((1 + n)/(1 + df)) + 1), each row scaled to unit 2-norm, so ||A||_F^2 = %zu\n", m);

        const svdkit::csr_view<double> a = td.view();
        svdkit::partial_options po;
        po.tolerance = tol;
        svdkit::partial_svd_result<double> r;
        const double t_partial = best_time(repeat, r, [&] { return svdkit::partial_svd(a, k, po); });
        svdkit::svd_result<double> concepts = r;  // the triplets, oriented for printing
        orient(concepts);
        print_concepts(td, concepts);

        std::vector<double> all;
        double t_dense = 0, worst_value = 0;
        if (dense) {
            const svdkit::matrix<double> ad = densify(td);
            svdkit::svd_result<double> f;
            t_dense = best_time(repeat, f, [&] { return svdkit::svd(ad); });
            all = f.s;
            for (std::size_t i = 0; i < k; ++i) worst_value = std::max(worst_value, std::abs(r.s[i] - all[i]) / all[0]);
        }

        std::printf("\ntimes (fastest of %zu runs):\n", repeat);
        const std::string partial_label = "partial_svd, csr_view, k = " + std::to_string(k) + ":";
        std::printf("  %-34s %10.3f ms  (%zu products, %zu restarts)\n", partial_label.c_str(), 1e3 * t_partial,
                    r.products, r.restarts);
        if (dense) {
            const std::string dense_label = "svd(), dense " + std::to_string(m) + " x " + std::to_string(n) + ", thin:";
            std::printf("  %-34s %10.3f ms  (all %zu triplets)\n", dense_label.c_str(), 1e3 * t_dense, std::min(m, n));
            std::printf("  %-34s %10.1f x\n", "dense / partial:", t_dense / t_partial);
            std::printf("accuracy: max_i |sigma_i(partial) - sigma_i(dense)| / sigma_0 = %.2e (%.1f eps)\n",
                        worst_value, worst_value / eps);
        }
        double worst_residual = 0;
        for (double x : r.residuals) worst_residual = std::max(worst_residual, x);
        // partial_svd reports the A^T u side; on a wide A (m < n) it runs on A^T, where that side is
        // zero by construction, so the other side is measured here as well.
        const double worst_av = av_residual(td, r);
        std::printf("residuals: max_i ||A^T u_i - sigma_i v_i|| / sigma_0 = %.2e (%.1f eps, reported by partial_svd)\n",
                    worst_residual / r.s[0], worst_residual / r.s[0] / eps);
        std::printf("           max_i ||A v_i - sigma_i u_i|| / sigma_0   = %.2e (%.1f eps, measured here)\n",
                    worst_av / r.s[0], worst_av / r.s[0] / eps);

        std::printf("\nchecks (bounds from eps and d = max(m, n) = %zu, k = %zu):\n", d, k);
        checks ck;
        check_matrix(td, ck);
        ck.check("||I - U^T U||_F / (k eps)", orthogonality_error(r.u) / (static_cast<double>(k) * eps),
                 orthogonality_bound, "");
        ck.check("||I - V^T V||_F / (k eps)", orthogonality_error(r.v) / (static_cast<double>(k) * eps),
                 orthogonality_bound, "");
        ck.check("max ||A^T u_i - s_i v_i|| / (s_0 eps), reported", worst_residual / (r.s[0] * eps),
                 residual_bound(d), "");
        ck.check("max ||A v_i - s_i u_i|| / (s_0 eps), measured", worst_av / (r.s[0] * eps),
                 residual_bound(d), "");
        std::size_t unordered = 0;
        for (std::size_t i = 1; i < k; ++i)
            if (!(r.s[i] <= r.s[i - 1])) ++unordered;
        ck.check("sigma_i non-increasing", static_cast<double>(unordered), 0, "out of order");
        if (dense) ck.check("max |s_i(partial) - s_i(dense)| / (s_0 eps)", worst_value / eps, value_bound(d), "");
        std::printf("lsa checks: %zu passed, %zu failed\n", ck.passed, ck.failed);

        const std::string svg_path = dir + "/lsa_spectrum.svg";
        write_spectrum(svg_path, td, r.s, all);
        std::printf("\nwrote %s\n", svg_path.c_str());
        return ck.failed == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
