// partial_before_after: partial_svd of an earlier checkout ("before") next to this one's ("after")
// in one process, interleaved (the order alternates per rep), on partial_bench.cpp's matrices:
// the term-document matrix of examples/data/lsa_corpus (examples/lsa/term_document.hpp), the
// sparse 100000×20000 (0.1 %, CSR with int indices) and the dense 4000×2000, σ_i = e^(−i/10).
// Prints a markdown row per case and k: the minimum and median time of each side, products,
// restarts, worst reported residual / σ₀, and max |σ_i^before − σ_i^after| / σ₀.
// Options: --block B and --subspace S set partial_options::block_size and subspace of the after
// side (0: its defaults); --k K runs only that k; --spectra adds Spectra's PartialSVDSolver (ncv
// 2k + 1, as partial_bench.cpp) on the dense cases, interleaved with both sides, and prints a
// second table: Spectra ÷ before and Spectra ÷ after (minimum times), and each method's
// max |σ_i − σ_i^true| / σ₀ against the σ the dense matrices are built from.
// Build and run: bench/partial_before_after/run.sh. decaying_dense and random_sparse are copies of
// partial_bench.cpp's (same seeds, same matrices).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>

#include "../../examples/lsa/term_document.hpp"
#include "api.hpp"
#if __has_include(<Spectra/contrib/PartialSVDSolver.h>)
#include <Spectra/contrib/PartialSVDSolver.h>
#define PARTIAL_WITH_SPECTRA 1
#endif

namespace {
struct matrix_d {
    std::size_t r, c;
    std::vector<double> d;
    matrix_d(std::size_t rows, std::size_t cols) : r(rows), c(cols), d(rows * cols) {}
    double& operator()(std::size_t i, std::size_t j) { return d[i + j * r]; }
};
matrix_d from_eigen(const Eigen::MatrixXd& e) {
    matrix_d a(static_cast<std::size_t>(e.rows()), static_cast<std::size_t>(e.cols()));
    for (Eigen::Index j = 0; j < e.cols(); ++j)
        for (Eigen::Index i = 0; i < e.rows(); ++i) a(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) = e(i, j);
    return a;
}
struct csr_data {
    std::size_t rows = 0, cols = 0;
    std::vector<std::int64_t> row_ptr, col_idx;
    std::vector<double> values;
    std::string source;
    std::vector<int> p32, i32;
    void make32() {
        p32.assign(row_ptr.begin(), row_ptr.end());
        i32.assign(col_idx.begin(), col_idx.end());
    }
};

matrix_d decaying_dense(std::size_t m, std::size_t n, double scale, std::vector<double>& sigma,
                        Eigen::MatrixXd* keep = nullptr) {
    std::mt19937_64 gen(20261800u + m + n);
    std::normal_distribution<double> normal(0.0, 1.0);
    const auto em = static_cast<Eigen::Index>(m), en = static_cast<Eigen::Index>(n);
    auto orthonormal = [&](Eigen::Index rows, Eigen::Index cols) {
        Eigen::MatrixXd g(rows, cols);
        for (Eigen::Index j = 0; j < cols; ++j)
            for (Eigen::Index i = 0; i < rows; ++i) g(i, j) = normal(gen);
        const Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
        return Eigen::MatrixXd(qr.householderQ() * Eigen::MatrixXd::Identity(rows, cols));
    };
    const Eigen::MatrixXd u = orthonormal(em, en);
    const Eigen::MatrixXd v = orthonormal(en, en);
    Eigen::VectorXd s(en);
    sigma.resize(n);
    for (std::size_t i = 0; i < n; ++i) sigma[i] = s(static_cast<Eigen::Index>(i)) = std::exp(-static_cast<double>(i) / scale);
    const Eigen::MatrixXd a = (u * s.asDiagonal()) * v.transpose();
    if (keep != nullptr) *keep = a;
    return from_eigen(a);
}

csr_data random_sparse(std::size_t m, std::size_t n, std::size_t per_row) {
    std::mt19937_64 gen(18181818u + m);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_int_distribution<std::int64_t> pick(0, static_cast<std::int64_t>(n) - 1);
    csr_data c;
    c.rows = m;
    c.cols = n;
    c.row_ptr.reserve(m + 1);
    c.row_ptr.push_back(0);
    std::vector<std::int64_t> cols;
    for (std::size_t i = 0; i < m; ++i) {
        cols.clear();
        while (cols.size() < per_row) {
            const std::int64_t j = pick(gen);
            if (std::find(cols.begin(), cols.end(), j) == cols.end()) cols.push_back(j);
        }
        std::sort(cols.begin(), cols.end());
        for (std::int64_t j : cols) {
            c.col_idx.push_back(j);
            c.values.push_back(normal(gen) * std::max(std::exp(-static_cast<double>(j) / 20.0), 1e-3));
        }
        c.row_ptr.push_back(static_cast<std::int64_t>(c.col_idx.size()));
    }
    std::ostringstream s;
    s << m << "×" << n << ", " << c.values.size() << " non-zeros, N(0,1)·max(e^(−j/20), 1e−3)";
    c.source = s.str();
    return c;
}


using clk = std::chrono::steady_clock;
double since(clk::time_point t) { return std::chrono::duration<double>(clk::now() - t).count(); }

struct subject {
    std::string name;
    void* dense[2] = {nullptr, nullptr};  // before, after
    const csr_data* csr = nullptr;
    std::shared_ptr<Eigen::MatrixXd> eigen;  // the dense matrix, for Spectra
    std::vector<double> sigma;               // the σ it is built from
};
std::size_t after_block = 0, after_subspace = 0;
run_result run(const subject& c, int side, std::size_t k) {
    const std::size_t b = side ? after_block : 0, s = side ? after_subspace : 0;
    if (c.csr == nullptr)
        return side ? after_side::run_dense(c.dense[1], k, b, s) : before_side::run_dense(c.dense[0], k, b, s);
    const csr_data& a = *c.csr;
    return side ? after_side::run_csr(a.rows, a.cols, a.p32.data(), a.i32.data(), a.values.data(), k, b, s)
                : before_side::run_csr(a.rows, a.cols, a.p32.data(), a.i32.data(), a.values.data(), k, b, s);
}
#if defined(PARTIAL_WITH_SPECTRA)
run_result run_spectra(const Eigen::MatrixXd& a, std::size_t k) {  // as partial_bench.cpp's, σ only kept
    const auto kk = static_cast<Eigen::Index>(k);
    Spectra::PartialSVDSolver<Eigen::MatrixXd> solver(a, kk, 2 * kk + 1);
    solver.compute();
    const Eigen::VectorXd s = solver.singular_values();
    const Eigen::MatrixXd u = solver.matrix_U(kk);
    const Eigen::MatrixXd v = solver.matrix_V(kk);
    run_result r;
    r.s.assign(s.data(), s.data() + s.size());
    return r;
}
#endif
}  // namespace

int main(int argc, char** argv) {
    std::string corpus = "examples/data/lsa_corpus", only;
    int reps = 5;
    bool spectra = false;
    std::size_t only_k = 0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--spectra")) spectra = true;
        else if (i + 1 >= argc) break;
        else if (!std::strcmp(argv[i], "--reps")) reps = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--case")) only = argv[++i];
        else if (!std::strcmp(argv[i], "--corpus")) corpus = argv[++i];
        else if (!std::strcmp(argv[i], "--block")) after_block = static_cast<std::size_t>(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--subspace")) after_subspace = static_cast<std::size_t>(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--k")) only_k = static_cast<std::size_t>(std::atoi(argv[++i]));
    }
#if !defined(PARTIAL_WITH_SPECTRA)
    if (spectra) std::fprintf(stderr, "built without Spectra: --spectra ignored\n");
    spectra = false;
#endif
    auto want = [&](const char* n) { return only.empty() || std::string(n).find(only) != std::string::npos; };
    std::vector<subject> cases;
    csr_data td, sp;
    if (want("term")) {
        const auto t = svdkit_examples::load_corpus(corpus);
        td.rows = t.rows();
        td.cols = t.cols();
        td.row_ptr = t.row_ptr;
        td.col_idx = t.col_idx;
        td.values = t.values;
        td.make32();
        subject c;
        c.name = "term-document " + std::to_string(td.rows) + "×" + std::to_string(td.cols);
        c.csr = &td;
        cases.push_back(c);
    }
    if (want("sparse")) {
        sp = random_sparse(100000, 20000, 20);
        sp.make32();
        subject c;
        c.name = "sparse 100000×20000";
        c.csr = &sp;
        cases.push_back(c);
    }
    for (const auto& mn : {std::make_pair(std::size_t{4000}, std::size_t{2000}), std::make_pair(std::size_t{10000}, std::size_t{1000})}) {
        const std::string name = "dense " + std::to_string(mn.first) + "×" + std::to_string(mn.second);
        if (!want(name.c_str())) continue;
        subject c;
        c.name = name;
        c.eigen = std::make_shared<Eigen::MatrixXd>();
        const matrix_d a = decaying_dense(mn.first, mn.second, 10.0, c.sigma, spectra ? c.eigen.get() : nullptr);
        c.dense[0] = before_side::make_dense(a.d.data(), mn.first, mn.second);
        c.dense[1] = after_side::make_dense(a.d.data(), mn.first, mn.second);
        cases.push_back(c);
    }
    if (after_block || after_subspace)
        std::printf("after: block_size %zu, subspace %zu (0: default)\n\n", after_block, after_subspace);
    std::string spectra_rows;
    std::printf("| case | k | before min (s) | median | after min (s) | median | before ÷ after | products | "
                "restarts | resid/σ₀ before, after | max Δσ/σ₀ |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const subject& c : cases)
        for (std::size_t k : {std::size_t{10}, std::size_t{50}}) {
            if (only_k && k != only_k) continue;
            const bool with_spectra = spectra && c.csr == nullptr;
            const int methods = with_spectra ? 3 : 2;  // before, after, Spectra
            std::vector<double> t[3];
            run_result r[3];
            for (int rep = 0; rep < reps; ++rep)
                for (int q = 0; q < methods; ++q) {
                    const int side = (q + rep) % methods;
                    const auto t0 = clk::now();
#if defined(PARTIAL_WITH_SPECTRA)
                    if (side == 2) r[2] = run_spectra(*c.eigen, k);
                    else
#endif
                        r[side] = run(c, side, k);
                    t[side].push_back(since(t0));
                }
            if (with_spectra) {
                std::sort(t[2].begin(), t[2].end());
                double err[3] = {0, 0, 0};
                for (int s = 0; s < 3; ++s)
                    for (std::size_t i = 0; i < k; ++i)
                        err[s] = std::max(err[s], std::fabs(r[s].s[i] - c.sigma[i]) / c.sigma[0]);
                std::sort(t[0].begin(), t[0].end());
                std::sort(t[1].begin(), t[1].end());
                char line[512];
                std::snprintf(line, sizeof line, "| %s | %zu | %.4f | %.4f | %.4f | %.2f× | **%.2f×** | %.1e / %.1e / %.1e |\n",
                              c.name.c_str(), k, t[2][0], t[0][0], t[1][0], t[2][0] / t[0][0], t[2][0] / t[1][0], err[0],
                              err[1], err[2]);
                spectra_rows += line;
            }
            double res[2] = {0, 0}, ds = 0;
            for (int s = 0; s < 2; ++s) {
                std::sort(t[s].begin(), t[s].end());
                for (double x : r[s].residuals) res[s] = std::max(res[s], x / r[s].s[0]);
            }
            for (std::size_t i = 0; i < k; ++i) ds = std::max(ds, std::fabs(r[0].s[i] - r[1].s[i]) / r[0].s[0]);
            std::printf("| %s | %zu | %.4f | %.4f | %.4f | %.4f | %.2f× | %zu / %zu | %zu / %zu | %.2e, %.2e | %.1e |\n",
                        c.name.c_str(), k, t[0][0], t[0][t[0].size() / 2], t[1][0], t[1][t[1].size() / 2],
                        t[0][0] / t[1][0], r[0].products, r[1].products, r[0].restarts, r[1].restarts, res[0], res[1],
                        ds);
            std::fflush(stdout);
        }
    if (!spectra_rows.empty())
        std::printf("\n| case | k | Spectra min (s) | before min (s) | after min (s) | Spectra ÷ before | Spectra ÷ after | "
                    "σ err before / after / Spectra |\n|---|---|---|---|---|---|---|---|\n%s",
                    spectra_rows.c_str());
}
