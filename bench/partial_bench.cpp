// Issue 18's benchmark, side by side in one run: the k largest singular triplets by
//
//   partial_svd      svdkit::partial_svd, default partial_options (tolerance 8·ε; subspace and block as detail::choose_lanczos_shape picks them)
//   Spectra          Spectra::PartialSVDSolver (Lanczos on AᵀA or AAᵀ), ncv = 2k + 1 (its docs advise
//                    ncv >= 2·nev), compute() with its defaults (maxit 1000, tol 1e-10), then U and V
//   randomized_svd   svdkit::randomized_svd, default randomized_options (oversampling 10, q power
//                    iterations: 7 when 10·k < min(m, n), else 4)
//   svd() truncated  the full thin svdkit::svd(), cut to k (dense cases and the term-document case,
//                    densified outside the timed region)
//
// on the cases:
//   dense 4000×2000 and 10000×1000   A = U·diag(σ)·Vᵀ, σ_i = exp(−i/10), U and V the Q factors of
//                                    Gaussian matrices (singular vectors in general position)
//   dense 4000×2000, σ_i = exp(−i/5) and exp(−i/2.5)   not in the list: faster decays
//                                    (σ_49 = 5.5e−5·σ₀ and 3.0e−9·σ₀), where AᵀA starts to cost digits
//   sparse 100000×20000, 0.1 %       20 distinct uniformly random columns per row (2·10⁶ non-zeros),
//                                    N(0, 1) values, column j scaled by max(exp(−j/20), 1e−3)
//   term-document                    tf-idf of a directory of text files (--corpus DIR): through
//                                    examples/lsa/term_document.hpp when it is on the include path,
//                                    else through the small loader below (documents × terms)
//
// Each method gets the matrix in its natural form, built outside the timed region: svdkit a
// matrix<double> or a csr_view<double, int> (32-bit indices, as Eigen), Spectra an Eigen::MatrixXd or an
// Eigen::SparseMatrix<double, Eigen::RowMajor>. Methods run interleaved (every rep runs every method
// of the case once, the order rotated per rep), and the table gives the minimum and the median.
//
// Accuracy, measured the same way for every method from its returned (U, σ, V):
//   σ err     max over i < k of |σ_i − σ_i^ref| / σ₀^ref
//   σ_{k−1}   |σ_{k−1} − σ_{k−1}^ref| / σ_{k−1}^ref, the smallest requested value alone
//   resid     max over i < k of ‖Aᵀ·u_i − σ_i·v_i‖₂ / σ₀^ref
// σ^ref is the full thin svd() where it is run; for the 100000×20000 case (a dense SVD would need
// 16 GB) it is partial_svd with k = 60, subspace 200, tolerance 4·ε and another seed, computed once;
// its largest residual (which bounds each σ's distance to a singular value of A) is printed.
//
// Products are counted in vectors (a block of b counts b): partial_svd reports them (including the k
// of its final residual check); Spectra's are 2 per AᵀA operation plus k for the other side's
// vectors, the operation count read from a SymEigsSolver run on Spectra's own SVD operator with the
// same settings (what PartialSVDSolver runs inside; untimed, and its σ checked equal); randomized_svd
// uses l·(2q + 2) with l = min(k + 10, min(m, n)).
//
// Usage: svdkit_bench_partial [--corpus DIR] [--reps N] [--smoke] [--block B]... [--case TEXT]
//   --block B: one more method, partial_svd with partial_options::block_size = B (repeatable).
//   --case TEXT: only the cases whose name contains TEXT ("4000×2000", "sparse", "term").
//   --smoke: small sizes, one rep, exits 1 when partial_svd's σ err exceeds 1e3·ε (the ctest smoke).
#include <algorithm>   // std::sort, std::min, std::max, std::rotate
#include <chrono>      // std::chrono::steady_clock
#include <cmath>       // std::exp, std::fabs, std::log, std::sqrt
#include <cstdint>     // std::int64_t, std::uint64_t
#include <cstdio>      // std::printf, std::fprintf, std::snprintf
#include <cstdlib>     // std::atoi
#include <cstring>     // std::strcmp
#include <exception>   // std::exception
#include <fstream>     // std::ifstream
#include <functional>  // std::function
#include <limits>      // std::numeric_limits
#include <map>         // std::map
#include <random>      // std::mt19937_64, std::normal_distribution, std::uniform_int_distribution
#include <sstream>     // std::ostringstream
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string, std::to_string
#include <type_traits>  // std::remove_reference_t
#include <unordered_map>  // std::unordered_map
#include <utility>     // std::move
#include <vector>      // std::vector

#if defined(__has_include)
#if __has_include(<filesystem>)
#include <filesystem>  // std::filesystem::directory_iterator
#endif
#endif

#include <Eigen/Core>
#include <Eigen/QR>
#include <Eigen/SparseCore>
#include <Spectra/SymEigsSolver.h>
#include <Spectra/contrib/PartialSVDSolver.h>

#include <svdkit/svdkit.hpp>

// The LSA example's loader (another branch) when it is reachable; the fallback loader otherwise.
#if __has_include("../examples/lsa/term_document.hpp")
#include "../examples/lsa/term_document.hpp"
#define SVDKIT_BENCH_HAVE_TERM_DOCUMENT 1
#elif __has_include(<examples/lsa/term_document.hpp>)
#include <examples/lsa/term_document.hpp>
#define SVDKIT_BENCH_HAVE_TERM_DOCUMENT 1
#else
#define SVDKIT_BENCH_HAVE_TERM_DOCUMENT 0
#endif

namespace {

svdkit::matrix<double> from_eigen(const Eigen::MatrixXd& e);

using clock_type = std::chrono::steady_clock;
using svdkit::matrix;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// ---------------------------------------------------------------------------------------------
// The matrices
// ---------------------------------------------------------------------------------------------

/// A in CSR with 64-bit indices. svdkit gets a view with 32-bit copies of the indices, the
/// StorageIndex (int) of the Eigen::SparseMatrix that Spectra gets, so that both products read
/// the same bytes per non-zero.
struct csr_data {
    std::size_t rows = 0, cols = 0;
    std::vector<std::int64_t> row_ptr, col_idx;
    std::vector<double> values;
    std::string source;  // how the matrix was made, for the report
    mutable std::vector<int> row_ptr32, col_idx32;
    svdkit::csr_view<double, int> view() const {
        row_ptr32.assign(row_ptr.begin(), row_ptr.end());
        col_idx32.assign(col_idx.begin(), col_idx.end());
        return svdkit::csr_view<double, int>(rows, cols, row_ptr32.data(), col_idx32.data(), values.data());
    }
};

/// m×n (m >= n) A = U·diag(σ)·Vᵀ with σ_i = exp(−i/scale) and U, V the orthonormal Q factors of
/// Gaussian matrices (fixed seed): singular vectors in general position, so that rounding in a
/// product A·x is relative to σ₀ whatever the direction of x (with vectors close to coordinate
/// axes, as a few Householder reflections give, it would be relative to σ_i instead and hide
/// the cost of working on AᵀA). Built with Eigen, outside any timed region.
matrix<double> decaying_dense(std::size_t m, std::size_t n, double scale, std::vector<double>& sigma) {
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
    return from_eigen(a);
}

/// per_row distinct random columns in each row, N(0, 1) values, column j scaled by
/// max(exp(−j/20), 1e−3): a sparse matrix with a decaying head and a full-rank floor.
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

#if !SVDKIT_BENCH_HAVE_TERM_DOCUMENT
/// The fallback term-document loader: every regular file of dir is a document; terms are runs
/// of ASCII letters (lower-cased, length >= 3) in at least min_df documents; entries are
/// tf·(ln((1 + N)/(1 + df)) + 1), each document row scaled to unit length. Rows = documents.
csr_data load_text_directory(const std::string& dir, std::size_t min_df) {
    csr_data c;
#if defined(__cpp_lib_filesystem) || defined(_GLIBCXX_FILESYSTEM)
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<std::map<std::string, double>> docs;
    std::unordered_map<std::string, std::size_t> df;
    for (const std::string& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::map<std::string, double> tf;
        std::string word;
        char ch = 0;
        auto flush = [&] {
            if (word.size() >= 3) tf[word] += 1;
            word.clear();
        };
        while (in.get(ch)) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
                word.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
            else
                flush();
        }
        flush();
        if (tf.empty()) continue;
        for (const auto& t : tf) ++df[t.first];
        docs.push_back(std::move(tf));
    }
    std::map<std::string, std::size_t> column;  // sorted terms → column index
    for (const auto& t : df)
        if (t.second >= min_df) column.emplace(t.first, 0);
    std::size_t j = 0;
    for (auto& t : column) t.second = j++;
    c.rows = docs.size();
    c.cols = column.size();
    c.row_ptr.push_back(0);
    const double nd = static_cast<double>(docs.size());
    for (const auto& d : docs) {
        const std::size_t start = c.values.size();
        for (const auto& t : d) {
            const auto it = column.find(t.first);
            if (it == column.end()) continue;
            c.col_idx.push_back(static_cast<std::int64_t>(it->second));
            c.values.push_back(t.second * (std::log((1 + nd) / (1 + static_cast<double>(df[t.first]))) + 1));
        }
        double ss = 0;
        for (std::size_t q = start; q < c.values.size(); ++q) ss += c.values[q] * c.values[q];
        if (ss > 0)
            for (std::size_t q = start; q < c.values.size(); ++q) c.values[q] /= std::sqrt(ss);
        c.row_ptr.push_back(static_cast<std::int64_t>(c.col_idx.size()));
    }
    std::ostringstream s;
    s << c.rows << " documents × " << c.cols << " terms, " << c.values.size() << " non-zeros (bench loader, "
      << dir << ")";
    c.source = s.str();
#else
    (void)dir;
    (void)min_df;
#endif
    return c;
}
#endif

csr_data load_corpus(const std::string& dir) {
#if SVDKIT_BENCH_HAVE_TERM_DOCUMENT
    const svdkit_examples::term_document td = svdkit_examples::load_corpus(dir);
    const svdkit::csr_view<double> v = td.view();
    csr_data c;
    c.rows = v.rows();
    c.cols = v.cols();
    c.row_ptr.assign(td.row_ptr.begin(), td.row_ptr.end());
    c.col_idx.assign(td.col_idx.begin(), td.col_idx.end());
    c.values.assign(td.values.begin(), td.values.end());
    std::ostringstream s;
    s << c.rows << "×" << c.cols << " (" << td.documents.size() << " documents, " << td.terms.size()
      << " terms), " << c.values.size() << " non-zeros (examples/lsa load_corpus, " << dir << ")";
    c.source = s.str();
    return c;
#else
    return load_text_directory(dir, 2);
#endif
}

matrix<double> densify(const csr_data& c) {
    matrix<double> a(c.rows, c.cols);
    for (std::size_t i = 0; i < c.rows; ++i)
        for (auto q = c.row_ptr[i]; q < c.row_ptr[i + 1]; ++q)
            a(i, static_cast<std::size_t>(c.col_idx[static_cast<std::size_t>(q)])) +=
                c.values[static_cast<std::size_t>(q)];
    return a;
}

Eigen::MatrixXd to_eigen(const matrix<double>& a) {
    Eigen::MatrixXd e(static_cast<Eigen::Index>(a.rows()), static_cast<Eigen::Index>(a.cols()));
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i)
            e(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = a(i, j);
    return e;
}

using eigen_csr = Eigen::SparseMatrix<double, Eigen::RowMajor>;

eigen_csr to_eigen(const csr_data& c) {
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(c.values.size());
    for (std::size_t i = 0; i < c.rows; ++i)
        for (auto q = c.row_ptr[i]; q < c.row_ptr[i + 1]; ++q)
            t.emplace_back(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c.col_idx[static_cast<std::size_t>(q)]),
                           c.values[static_cast<std::size_t>(q)]);
    eigen_csr e(static_cast<Eigen::Index>(c.rows), static_cast<Eigen::Index>(c.cols));
    e.setFromTriplets(t.begin(), t.end());
    e.makeCompressed();
    return e;
}

matrix<double> from_eigen(const Eigen::MatrixXd& e) {
    matrix<double> a(static_cast<std::size_t>(e.rows()), static_cast<std::size_t>(e.cols()));
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i)
            a(i, j) = e(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    return a;
}

// ---------------------------------------------------------------------------------------------
// The methods
// ---------------------------------------------------------------------------------------------

/// One method's output on one case and k, with its times over the reps.
struct run {
    std::vector<double> times;
    std::size_t products = 0;
    std::vector<double> s;
    matrix<double> u, v;
    std::string note;
    bool failed = false;
};

/// Spectra's operation count for A with these settings: the SymEigsSolver that PartialSVDSolver
/// builds inside, on Spectra's own SVD operator, run again (untimed).
template <class EigenMatrix>
std::size_t spectra_operations(const EigenMatrix& a, Eigen::Index k, Eigen::Index ncv, std::vector<double>& sigma) {
    using ref_type = const Eigen::Ref<const EigenMatrix>;
    ref_type ref(a);
    auto count = [&](auto& op) {
        Spectra::SymEigsSolver<std::remove_reference_t<decltype(op)>> eigs(op, k, ncv);
        eigs.init();
        eigs.compute(Spectra::SortRule::LargestAlge, 1000, 1e-10);
        const Eigen::VectorXd ev = eigs.eigenvalues().cwiseSqrt();
        sigma.assign(ev.data(), ev.data() + ev.size());
        return static_cast<std::size_t>(eigs.num_operations());
    };
    if (a.rows() > a.cols()) {
        Spectra::SVDTallMatOp<double, EigenMatrix> op(ref);
        return count(op);
    }
    Spectra::SVDWideMatOp<double, EigenMatrix> op(ref);
    return count(op);
}

template <class EigenMatrix>
void run_spectra(const EigenMatrix& a, std::size_t k, run& out) {
    const auto kk = static_cast<Eigen::Index>(k);
    const clock_type::time_point t0 = clock_type::now();
    Spectra::PartialSVDSolver<EigenMatrix> solver(a, kk, 2 * kk + 1);
    const Eigen::Index nconv = solver.compute();
    const Eigen::VectorXd s = solver.singular_values();
    const Eigen::MatrixXd u = solver.matrix_U(kk);
    const Eigen::MatrixXd v = solver.matrix_V(kk);
    out.times.push_back(seconds_since(t0));
    if (out.s.empty()) {
        out.s.assign(s.data(), s.data() + s.size());
        out.u = from_eigen(u);
        out.v = from_eigen(v);
        std::vector<double> twin;
        const std::size_t ops = spectra_operations(a, kk, 2 * kk + 1, twin);
        out.products = 2 * ops + k;
        std::ostringstream n;
        n << "ncv " << 2 * k + 1 << ", " << ops << " AᵀA ops";
        if (static_cast<std::size_t>(nconv) < k) {
            n << ", only " << nconv << " converged";
            out.failed = true;
        }
        if (twin != out.s) n << ", op count run differs!";
        out.note = n.str();
    }
}

svdkit::dense_operator<double> as_operator(const matrix<double>& a) { return svdkit::dense_operator<double>(a.view()); }
const svdkit::csr_view<double, int>& as_operator(const svdkit::csr_view<double, int>& a) { return a; }

/// An operator that forwards to op and adds up the time spent in its products.
template <class Op>
struct timed_operator {
    using value_type = double;
    const Op& op;
    double* seconds;
    std::size_t rows() const { return op.rows(); }
    std::size_t cols() const { return op.cols(); }
    void apply(const matrix<double>& x, matrix<double>& y) const {
        const clock_type::time_point t0 = clock_type::now();
        svdkit::detail::apply_narrow(op, false, x, y);  // the path partial_svd takes (skinny kernels)
        *seconds += seconds_since(t0);
    }
    void apply_transpose(const matrix<double>& x, matrix<double>& y) const {
        const clock_type::time_point t0 = clock_type::now();
        svdkit::detail::apply_narrow(op, true, x, y);
        *seconds += seconds_since(t0);
    }
};

/// The share of partial_svd's time spent in products, from one more (untimed) run through
/// timed_operator, with the subspace and block that partial_svd chose for op (a wrapper is no
/// dense operator, so its default would be block 1).
template <class Op>
double product_share(const Op& op, std::size_t k, svdkit::partial_options o) {
    const auto shape = svdkit::detail::choose_lanczos_shape(o, k, op.rows(), op.cols(), sizeof(double),
                                                            svdkit::detail::is_dense_operator<Op>::value);
    o.subspace = shape.subspace;
    o.block_size = shape.block;
    double in_products = 0;
    const timed_operator<Op> t{op, &in_products};
    const clock_type::time_point t0 = clock_type::now();
    (void)svdkit::partial_svd(t, k, o);
    return in_products / seconds_since(t0);
}

/// partial_svd with partial_options{} (block 0: its default block size) or another block size.
template <class Op>
void run_partial(const Op& op, std::size_t k, run& out, std::size_t block = 0) {
    svdkit::partial_options o;
    o.block_size = block;
    const clock_type::time_point t0 = clock_type::now();
    svdkit::partial_svd_result<double> r = svdkit::partial_svd(op, k, o);
    out.times.push_back(seconds_since(t0));
    if (out.s.empty()) {
        out.products = r.products;
        out.s = r.s;
        out.u = std::move(r.u);
        out.v = std::move(r.v);
        const auto share = static_cast<int>(100 * product_share(as_operator(op), k, o) + 0.5);
        const auto shape = svdkit::detail::choose_lanczos_shape(
            o, k, op.rows(), op.cols(), sizeof(double), svdkit::detail::is_dense_operator<decltype(as_operator(op))>::value);
        out.note = "subspace " + std::to_string(shape.subspace) + ", block " + std::to_string(shape.block) + ", " +
                   std::to_string(r.restarts) + " restarts, " + std::to_string(share) + " % of the time in products";
    }
}

template <class Op>
void run_randomized(const Op& op, std::size_t k, std::size_t p, run& out) {
    const clock_type::time_point t0 = clock_type::now();
    svdkit::svd_result<double> r = svdkit::randomized_svd(op, k);
    out.times.push_back(seconds_since(t0));
    if (out.s.empty()) {
        const std::size_t l = std::min(k + 10, p);
        const std::size_t q = 10 * k < p ? 7 : 4;
        out.products = l * (2 * q + 2);
        out.s = std::move(r.s);
        out.u = std::move(r.u);
        out.v = std::move(r.v);
        out.note = "l " + std::to_string(l) + ", q " + std::to_string(q);
    }
}

void run_full(const matrix<double>& a, run& out) {
    const clock_type::time_point t0 = clock_type::now();
    svdkit::svd_result<double> r = svdkit::svd(a);
    out.times.push_back(seconds_since(t0));
    if (out.s.empty()) {
        out.products = 0;
        out.s = std::move(r.s);
        out.u = std::move(r.u);
        out.v = std::move(r.v);
        out.note = "all " + std::to_string(out.s.size()) + " triplets";
    }
}

// ---------------------------------------------------------------------------------------------
// Accuracy and the table
// ---------------------------------------------------------------------------------------------

struct accuracy {
    double sigma = 0, smallest = 0, resid = 0;
};

/// The three measures of the header, for the first k triplets of r, with svdkit's product on op.
template <class Op>
accuracy measure(const Op& op, const run& r, std::size_t k, const std::vector<double>& ref) {
    accuracy a;
    const double s0 = ref[0];
    const std::size_t kk = std::min(k, r.s.size());
    for (std::size_t i = 0; i < kk; ++i) a.sigma = std::max(a.sigma, std::fabs(r.s[i] - ref[i]) / s0);
    a.smallest = kk == k ? std::fabs(r.s[k - 1] - ref[k - 1]) / ref[k - 1] : std::numeric_limits<double>::infinity();
    if (kk == 0) return a;
    matrix<double> uk(op.rows(), kk), y(op.cols(), kk);
    std::copy(r.u.data(), r.u.data() + op.rows() * kk, uk.data());
    op.apply_transpose(uk, y);
    for (std::size_t i = 0; i < kk; ++i) {
        double ss = 0;
        for (std::size_t j = 0; j < op.cols(); ++j) {
            const double d = y(j, i) - r.s[i] * r.v(j, i);
            ss += d * d;
        }
        a.resid = std::max(a.resid, std::sqrt(ss) / s0);
    }
    return a;
}

double median(std::vector<double> x) {
    std::sort(x.begin(), x.end());
    const std::size_t n = x.size();
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

double minimum(const std::vector<double>& x) { return *std::min_element(x.begin(), x.end()); }

std::string sci(double x) {
    if (!(x < std::numeric_limits<double>::infinity())) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", x);
    return buf;
}

std::string secs(double x) {
    char buf[32];
    if (x >= 10) std::snprintf(buf, sizeof buf, "%.1f", x);
    else if (x >= 0.1) std::snprintf(buf, sizeof buf, "%.2f", x);
    else if (x >= 0.001) std::snprintf(buf, sizeof buf, "%.4f", x);
    else std::snprintf(buf, sizeof buf, "%.1e", x);
    return buf;
}

std::string ratio(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, x >= 10 ? "%.0f×" : "%.1f×", x);
    return buf;
}

bool smoke_ok = true;
std::vector<std::size_t> extra_blocks;  // --block B: partial_svd with block_size B as one more method
std::string case_filter;                // --case TEXT: only the cases whose name contains TEXT

/// Runs every method of one case for k in ks, interleaved over reps, and prints its table rows.
/// dense is the svdkit matrix for the full svd() (empty: not run); op the svdkit operator, em the
/// Eigen form for Spectra; ref the reference σ (empty: taken from the full svd()).
/// subject is what partial_svd and randomized_svd get (a matrix<double> through their dense
/// overloads, or a csr_view).
template <class Subject, class EigenMatrix>
void bench_case(const std::string& name, const Subject& subject, const EigenMatrix& em, const matrix<double>* dense,
                std::vector<double> ref, const std::vector<std::size_t>& ks, int reps, bool smoke,
                const std::vector<double>* exact = nullptr) {
    const auto op = as_operator(subject);
    const std::size_t p = std::min(op.rows(), op.cols());
    std::vector<run> partial(ks.size()), spectra(ks.size()), randomized(ks.size());
    std::vector<std::vector<run>> blocked(ks.size(), std::vector<run>(extra_blocks.size()));
    run full;
    // one task per (method, k); the order rotates each rep
    std::vector<std::function<void()>> tasks;
    if (dense) tasks.emplace_back([&] { run_full(*dense, full); });
    for (std::size_t t = 0; t < ks.size(); ++t) {
        const std::size_t k = ks[t];
        tasks.emplace_back([&, t, k] { run_partial(subject, k, partial[t]); });
        tasks.emplace_back([&, t, k] { run_spectra(em, k, spectra[t]); });
        tasks.emplace_back([&, t, k] { run_randomized(subject, k, p, randomized[t]); });
        for (std::size_t e = 0; e < extra_blocks.size(); ++e)
            tasks.emplace_back([&, t, k, e] { run_partial(subject, k, blocked[t][e], extra_blocks[e]); });
    }
    for (int rep = 0; rep < reps; ++rep) {
        for (auto& task : tasks) task();
        std::rotate(tasks.begin(), tasks.begin() + 1, tasks.end());
        std::fprintf(stderr, "  %s: rep %d done\n", name.c_str(), rep + 1);
    }
    if (ref.empty()) ref = full.s;
    if (exact) {
        double worst = 0;
        for (std::size_t i = 0; i < ref.size(); ++i) worst = std::max(worst, std::fabs(ref[i] - (*exact)[i]) / (*exact)[0]);
        std::printf("<!-- %s: the reference svd()'s σ against the constructed σ: max |σ_i − σ_i^exact|/σ₀ = %.1e -->\n",
                    name.c_str(), worst);
    }
    for (std::size_t t = 0; t < ks.size(); ++t) {
        const std::size_t k = ks[t];
        const double tp = minimum(partial[t].times);
        auto row = [&](const char* method, const run& r) {
            const accuracy a = measure(op, r, k, ref);
            std::printf("| %s | %zu | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name.c_str(), k, method,
                        secs(minimum(r.times)).c_str(), secs(median(r.times)).c_str(),
                        ratio(minimum(r.times) / tp).c_str(), r.products ? std::to_string(r.products).c_str() : "—",
                        sci(a.sigma).c_str(), sci(a.smallest).c_str(), sci(a.resid).c_str(), r.note.c_str());
            return a;
        };
        const accuracy ap = row("partial_svd", partial[t]);
        row("Spectra PartialSVDSolver", spectra[t]);
        row("randomized_svd", randomized[t]);
        if (dense) row("svd() truncated", full);
        for (std::size_t e = 0; e < extra_blocks.size(); ++e)
            row(("partial_svd, block_size " + std::to_string(extra_blocks[e])).c_str(), blocked[t][e]);
        if (smoke && !(ap.sigma <= 1e3 * std::numeric_limits<double>::epsilon())) smoke_ok = false;
    }
    std::fflush(stdout);
}

void print_header() {
    std::printf("| case | k | method | time min (s) | median (s) | time / partial_svd | products | σ err | "
                "σ_{k−1} rel err | resid | settings, work |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
}

bool wanted(const std::string& name) { return case_filter.empty() || name.find(case_filter) != std::string::npos; }

void dense_case(std::size_t m, std::size_t n, double scale, const std::vector<std::size_t>& ks, int reps, bool smoke) {
    std::string name = "dense " + std::to_string(m) + "×" + std::to_string(n);
    if (scale != 10) {
        char buf[48];
        std::snprintf(buf, sizeof buf, ", σ_i = e^(−i/%g)", scale);
        name += buf;
    }
    if (!wanted(name)) return;
    std::vector<double> exact;
    const matrix<double> a = decaying_dense(m, n, scale, exact);
    const Eigen::MatrixXd e = to_eigen(a);
    bench_case(name, a, e, &a, {}, ks, reps, smoke, &exact);
}

/// A sparse case without a dense SVD: the reference from a tighter partial_svd, computed once.
void sparse_case(const std::string& name, const csr_data& c, const std::vector<std::size_t>& ks, int reps,
                 bool smoke, bool with_full) {
    const eigen_csr e = to_eigen(c);
    const svdkit::csr_view<double, int> view = c.view();
    std::fprintf(stderr, "%s: %s\n", name.c_str(), c.source.c_str());
    if (with_full) {
        const matrix<double> a = densify(c);
        bench_case(name, view, e, &a, {}, ks, reps, smoke);
        return;
    }
    const std::size_t kmax = *std::max_element(ks.begin(), ks.end());
    svdkit::partial_options o;
    o.seed = 4242;
    o.tolerance = 4 * std::numeric_limits<double>::epsilon();
    o.subspace = std::min(std::min(c.rows, c.cols) - 1, 4 * kmax);
    const std::size_t kref = std::min(kmax + 10, o.subspace - 1);
    const clock_type::time_point t0 = clock_type::now();
    const svdkit::partial_svd_result<double> r = svdkit::partial_svd(view, kref, o);
    double worst = 0;
    for (double x : r.residuals) worst = std::max(worst, x / r.s[0]);
    std::fprintf(stderr, "%s: reference partial_svd k %zu, subspace %zu, tolerance 4ε: %.1f s, %zu products, "
                 "largest residual/σ₀ %.1e\n", name.c_str(), kref, o.subspace, seconds_since(t0), r.products, worst);
    std::printf("<!-- %s reference: partial_svd k = %zu, subspace %zu, tolerance 4ε, seed 4242; "
                "largest residual/σ₀ %.1e -->\n", name.c_str(), kref, o.subspace, worst);
    bench_case(name, view, e, nullptr, r.s, ks, reps, smoke);
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus;
    int reps = 3;
    bool smoke = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc) corpus = argv[++i];
        else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--smoke")) smoke = true;
        else if (!std::strcmp(argv[i], "--block") && i + 1 < argc)
            extra_blocks.push_back(static_cast<std::size_t>(std::max(1, std::atoi(argv[++i]))));
        else if (!std::strcmp(argv[i], "--case") && i + 1 < argc) case_filter = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--corpus DIR] [--reps N] [--smoke] [--block B]... [--case TEXT]\n", argv[0]);
            return 2;
        }
    }
    try {
        print_header();
        if (smoke) {
            const std::vector<std::size_t> ks{5};
            dense_case(300, 120, 10, ks, 1, true);
            sparse_case("sparse 3000×600", random_sparse(3000, 600, 6), ks, 1, true, false);
        } else {
            const std::vector<std::size_t> ks{10, 50};
            dense_case(4000, 2000, 10, ks, reps, false);
            dense_case(10000, 1000, 10, ks, reps, false);
            // Not in the list: faster decays, σ_49 = 5.5e-5·σ₀ and 3.0e-9·σ₀, to find where
            // working on AᵀA starts to cost digits of the smallest requested σ.
            dense_case(4000, 2000, 5, ks, reps, false);
            dense_case(4000, 2000, 2.5, ks, reps, false);
            if (wanted("sparse 100000×20000")) {
                const csr_data c = random_sparse(100000, 20000, 20);
                sparse_case("sparse 100000×20000", c, ks, reps, false, false);
            }
        }
        if (!corpus.empty() && wanted("term-document")) {
            const csr_data c = load_corpus(corpus);
            if (c.rows == 0 || c.cols == 0) throw std::runtime_error("no documents/terms in " + corpus);
            const std::string name = "term-document " + std::to_string(c.rows) + "×" + std::to_string(c.cols);
            std::printf("<!-- %s: %s -->\n", name.c_str(), c.source.c_str());
            sparse_case(name, c, smoke ? std::vector<std::size_t>{5} : std::vector<std::size_t>{10, 50},
                        smoke ? 1 : reps, smoke, true);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    if (smoke && !smoke_ok) {
        std::fprintf(stderr, "smoke: partial_svd's σ error exceeds 1e3·ε\n");
        return 1;
    }
    return 0;
}
