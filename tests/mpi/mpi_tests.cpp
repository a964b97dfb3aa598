// Tests include/svdkit/mpi.hpp: run under mpirun -np 1, 2 and 4 (tests/mpi/CMakeLists.txt).
//
// A plain main (Catch2's main and MPI_Init do not mix well): every rank builds the same matrix
// from the same seed, keeps its rows under several uneven splits (a rank with 0 rows, one with
// fewer than n), calls the distributed entry point, and compares with the single-process svd(),
// pca and randomized_svd of the whole matrix by the measured ratios of tests/support/bounds.hpp.
// U and the scores are gathered to measure them. The fault tests show that every rank throws the
// same exception (and that the communicator still works afterwards). Rank 0 prints one PASS/FAIL
// line per check; the exit code is nonzero on every rank if any check failed on any rank.
#include <svdkit/mpi.hpp>
#include <svdkit/pca.hpp>
#include <svdkit/randomized.hpp>
#include <svdkit/svd.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bounds.hpp"

namespace {

int g_rank = 0, g_size = 1, g_failures = 0;

/// A check that every rank takes part in: passes when it held on all ranks.
void expect(bool ok, const std::string& what, long double measured = -1, long double bound = -1) {
    int bad = ok ? 0 : 1;
    MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    long double worst = measured;
    double w = static_cast<double>(worst);
    MPI_Allreduce(MPI_IN_PLACE, &w, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (bad) ++g_failures;
    if (g_rank == 0) {
        if (bound >= 0)
            std::printf("%s [np %d] %s: %.3g (bound %.3g)\n", bad ? "FAIL" : "PASS", g_size, what.c_str(), w,
                        static_cast<double>(bound));
        else
            std::printf("%s [np %d] %s\n", bad ? "FAIL" : "PASS", g_size, what.c_str());
        std::fflush(stdout);
    }
}

template <class T>
const char* type_name() {
    return sizeof(T) == sizeof(float) ? "float" : (sizeof(T) == sizeof(double) ? "double" : "long double");
}

/// A = Q₁·diag(σ)·Q₂ᵀ (m×n) with σ_i = 0.7^i: distinct, separated singular values, plus a column
/// offset so that centering matters for pca. The same on every rank (same seed).
template <class T>
svdkit::matrix<T> make_matrix(std::size_t m, std::size_t n, unsigned seed, T offset = 0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> nd;
    const std::size_t p = std::min(m, n);
    svdkit::matrix<T> g1(m, p), g2(n, p);
    for (std::size_t i = 0; i < g1.size(); ++i) g1.data()[i] = static_cast<T>(nd(rng));
    for (std::size_t i = 0; i < g2.size(); ++i) g2.data()[i] = static_cast<T>(nd(rng));
    const svdkit::matrix<T> q1 = svdkit::detail::orthonormal_basis(g1), q2 = svdkit::detail::orthonormal_basis(g2);
    std::vector<long double> sigma(p, 1.0L);
    for (std::size_t c = 1; c < p; ++c) sigma[c] = 0.7L * sigma[c - 1];
    svdkit::matrix<T> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            long double x = 0;
            for (std::size_t c = 0; c < p; ++c)
                x += static_cast<long double>(q1(i, c)) * sigma[c] * static_cast<long double>(q2(j, c));
            a(i, j) = static_cast<T>(x) + offset * static_cast<T>(j % 3);
        }
    return a;
}

/// Row counts of the ranks for split `kind`: 0 even-ish but uneven; 1 rank 0 empty and rank 1 with
/// fewer than n rows; 2 everything on the last rank.
std::vector<std::size_t> split(std::size_t m, std::size_t n, int kind) {
    std::vector<std::size_t> rows(static_cast<std::size_t>(g_size), 0);
    if (g_size == 1 || kind == 2) {
        rows.back() = m;
        return rows;
    }
    std::size_t left = m;
    if (kind == 1) {
        rows[0] = 0;
        rows[1] = std::min(left, n / 3);
        left -= rows[1];
        for (int r = 2; r < g_size; ++r) {
            rows[static_cast<std::size_t>(r)] = left / 3;
            left -= rows[static_cast<std::size_t>(r)];
        }
        rows.back() += left;
        return rows;
    }
    for (int r = 0; r < g_size; ++r) {  // rank r gets a share growing with r
        const std::size_t share = r + 1 == g_size ? left : m * static_cast<std::size_t>(r + 1) / (static_cast<std::size_t>(g_size) * (static_cast<std::size_t>(g_size) + 1) / 2);
        rows[static_cast<std::size_t>(r)] = std::min(share, left);
        left -= rows[static_cast<std::size_t>(r)];
    }
    return rows;
}

template <class T>
svdkit::matrix<T> rows_of(const svdkit::matrix<T>& a, const std::vector<std::size_t>& rows, int rank) {
    std::size_t first = 0;
    for (int r = 0; r < rank; ++r) first += rows[static_cast<std::size_t>(r)];
    svdkit::matrix<T> b(rows[static_cast<std::size_t>(rank)], a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < b.rows(); ++i) b(i, j) = a(first + i, j);
    return b;
}

/// The ranks' rows of a distributed m×c matrix, gathered on every rank (row blocks in rank order).
template <class T>
svdkit::matrix<T> gather_rows(const svdkit::matrix<T>& local, const std::vector<std::size_t>& rows, std::size_t c) {
    std::size_t m = 0;
    for (std::size_t r : rows) m += r;
    std::vector<T> mine(local.rows() * c);  // row-major, so blocks concatenate
    for (std::size_t i = 0; i < local.rows(); ++i)
        for (std::size_t j = 0; j < c; ++j) mine[i * c + j] = local(i, j);
    std::vector<int> counts(rows.size()), displs(rows.size());
    int at = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        counts[r] = static_cast<int>(rows[r] * c);
        displs[r] = at;
        at += counts[r];
    }
    std::vector<T> all(m * c);
    MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), svdkit::mpi::detail::datatype<T>(), all.data(),
                   counts.data(), displs.data(), svdkit::mpi::detail::datatype<T>(), MPI_COMM_WORLD);
    svdkit::matrix<T> out(m, c);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < c; ++j) out(i, j) = all[i * c + j];
    return out;
}

template <class T>
long double eps() {
    return static_cast<long double>(std::numeric_limits<T>::epsilon());
}

template <class T>
long double value_ratio(const std::vector<T>& s, const std::vector<T>& ref, std::size_t m, std::size_t n) {
    if (s.size() != ref.size()) return std::numeric_limits<long double>::infinity();
    long double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        worst = std::max(worst, std::fabs(static_cast<long double>(s[i]) - static_cast<long double>(ref[i])));
    const long double s0 = ref.empty() ? 1 : static_cast<long double>(ref[0]);
    return worst / (s0 * static_cast<long double>(std::max(m, n)) * eps<T>());
}

template <class T>
long double reconstruction_ratio(const svdkit::matrix<T>& a, const svdkit::matrix<T>& u, const std::vector<T>& s,
                                 const svdkit::matrix<T>& v) {
    long double err = 0, nrm = 0;
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) {
            long double x = static_cast<long double>(a(i, j));
            nrm += x * x;
            for (std::size_t c = 0; c < s.size(); ++c)
                x -= static_cast<long double>(u(i, c)) * static_cast<long double>(s[c]) * static_cast<long double>(v(j, c));
            err += x * x;
        }
    return std::sqrt(err) / (std::sqrt(nrm) * static_cast<long double>(std::max(a.rows(), a.cols())) * eps<T>());
}

template <class T>
long double orthogonality_ratio(const svdkit::matrix<T>& q) {
    long double err = 0;
    for (std::size_t a = 0; a < q.cols(); ++a)
        for (std::size_t b = 0; b < q.cols(); ++b) {
            long double x = a == b ? -1.0L : 0.0L;
            for (std::size_t i = 0; i < q.rows(); ++i) x += static_cast<long double>(q(i, a)) * static_cast<long double>(q(i, b));
            err += x * x;
        }
    return q.cols() == 0 ? 0 : std::sqrt(err) / (static_cast<long double>(q.cols()) * eps<T>());
}

/// True when x has the same bits on every rank (compared with rank 0's copy).
template <class T>
bool same_on_all_ranks(const svdkit::matrix<T>& x) {
    svdkit::matrix<T> root = x;
    MPI_Bcast(root.data(), static_cast<int>(root.size()), svdkit::mpi::detail::datatype<T>(), 0, MPI_COMM_WORLD);
    return std::equal(x.data(), x.data() + x.size(), root.data());
}

template <class T>
void check_tall_svd(std::size_t m, std::size_t n, int kind) {
    const svdkit::matrix<T> a = make_matrix<T>(m, n, 7);
    const std::vector<std::size_t> rows = split(m, n, kind);
    const std::string tag = std::string("tall_svd<") + type_name<T>() + "> " + std::to_string(m) + "x" +
                            std::to_string(n) + " split " + std::to_string(kind);
    const svdkit::svd_result<T> ref = svdkit::svd(a);
    const svdkit::matrix<T> mine = rows_of(a, rows, g_rank);
    const svdkit::svd_result<T> r = svdkit::mpi::tall_svd(MPI_COMM_WORLD, mine);
    const std::size_t k = std::min(m, n);
    expect(r.s.size() == k && r.u.rows() == mine.rows() && r.u.cols() == k && r.v.rows() == n && r.v.cols() == k,
           tag + ": shapes");
    const long double vb = svdkit_test::value_error_bound(m, n);
    expect(value_ratio(r.s, ref.s, m, n) <= vb, tag + ": values vs svd()", value_ratio(r.s, ref.s, m, n), vb);
    const svdkit::matrix<T> u = gather_rows(r.u, rows, k);
    const long double rec = reconstruction_ratio(a, u, r.s, r.v), rb = svdkit_test::reconstruction_bound(m, n);
    expect(rec <= rb, tag + ": reconstruction with the gathered U", rec, rb);
    const long double ou = orthogonality_ratio(u), ov = orthogonality_ratio(r.v);
    expect(ou <= svdkit_test::orthogonality_bound, tag + ": orthogonality of the gathered U", ou,
           svdkit_test::orthogonality_bound);
    expect(ov <= svdkit_test::orthogonality_bound, tag + ": orthogonality of V", ov, svdkit_test::orthogonality_bound);
    expect(same_on_all_ranks(r.v), tag + ": V has the same bits on every rank");
    const svdkit::svd_result<T> none = svdkit::mpi::tall_svd(MPI_COMM_WORLD, mine, svdkit::vectors::none);
    expect(none.u.size() == 0 && none.v.size() == 0 && none.s == r.s, tag + ": vectors::none gives the same values");
}

template <class T>
void check_pca(std::size_t m, std::size_t n, std::size_t k, int kind) {
    const svdkit::matrix<T> a = make_matrix<T>(m, n, 11, T(3));
    const std::vector<std::size_t> rows = split(m, n, kind);
    const std::string tag = std::string("pca<") + type_name<T>() + "> " + std::to_string(m) + "x" + std::to_string(n) +
                            " k=" + std::to_string(k) + " split " + std::to_string(kind);
    svdkit::pca<T> ref(k, svdkit::pca_options{false, svdkit::pca_solver::full, {}});
    const svdkit::matrix<T> ref_scores = ref.fit_transform(a);
    const svdkit::matrix<T> mine = rows_of(a, rows, g_rank);
    const auto p = svdkit::mpi::pca(MPI_COMM_WORLD, mine, k);
    const long double vb = svdkit_test::value_error_bound(m, n);
    expect(value_ratio(p.singular_values, ref.singular_values(), m, n) <= vb, tag + ": singular values vs svdkit::pca",
           value_ratio(p.singular_values, ref.singular_values(), m, n), vb);
    // σ² doubles the relative error of σ: 2·the value bound, relative to the largest variance.
    const long double ev = value_ratio(p.explained_variance, ref.explained_variance(), m, n);
    expect(ev <= 2 * vb, tag + ": explained variance", ev, 2 * vb);
    long double ratio_err = 0, mean_err = 0, amax = 0;
    for (std::size_t i = 0; i < k; ++i)
        ratio_err = std::max(ratio_err, std::fabs(static_cast<long double>(p.explained_variance_ratio[i]) -
                                                  static_cast<long double>(ref.explained_variance_ratio()[i])));
    for (std::size_t i = 0; i < a.size(); ++i) amax = std::max(amax, std::fabs(static_cast<long double>(a.data()[i])));
    for (std::size_t j = 0; j < n; ++j)
        mean_err = std::max(mean_err, std::fabs(static_cast<long double>(p.mean[j]) - static_cast<long double>(ref.mean()[j])));
    const long double nm = static_cast<long double>(std::max(m, n));
    expect(ratio_err / (nm * eps<T>()) <= 2 * vb, tag + ": explained variance ratio", ratio_err / (nm * eps<T>()), 2 * vb);
    // Each mean is a sum of m terms of size <= amax: m·ε·amax is the summation's bound (two pairs of sums).
    expect(mean_err / (static_cast<long double>(m) * eps<T>() * amax) <= 2, tag + ": mean",
           mean_err / (static_cast<long double>(m) * eps<T>() * amax), 2);
    const long double nv = std::fabs(static_cast<long double>(p.noise_variance) - static_cast<long double>(ref.noise_variance()));
    expect(nv / (nm * eps<T>() * static_cast<long double>(ref.explained_variance()[0])) <= 2 * vb, tag + ": noise variance",
           nv / (nm * eps<T>() * static_cast<long double>(ref.explained_variance()[0])), 2 * vb);
    // Components and scores move with the gaps: ‖Δv_i‖ <= ‖E‖/gap_i (Wedin), ‖E‖ = vb·nm·ε·σ₀.
    // The gaps of the first k + 1 singular values of the centered data.
    svdkit::matrix<T> centered = a;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) centered(i, j) -= ref.mean()[j];
    const std::vector<T> sv = svdkit::singular_values(centered);
    long double gap = std::numeric_limits<long double>::infinity();
    for (std::size_t i = 0; i < k && i + 1 < sv.size(); ++i)
        gap = std::min(gap, static_cast<long double>(sv[i] - sv[i + 1]));
    long double comp_err = 0;
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < n; ++j)
            comp_err = std::max(comp_err, std::fabs(static_cast<long double>(p.components(i, j)) -
                                                    static_cast<long double>(ref.components()(i, j))));
    const long double s0 = static_cast<long double>(sv[0]);
    const long double comp = comp_err * gap / (s0 * nm * eps<T>());
    expect(comp <= 2 * vb, tag + ": components (error·gap/σ₀)", comp, 2 * vb);
    const svdkit::matrix<T> scores = gather_rows(p.scores, rows, k);
    long double sc_err = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
        sc_err = std::max(sc_err, std::fabs(static_cast<long double>(scores.data()[i]) - static_cast<long double>(ref_scores.data()[i])));
    const long double sc = sc_err * gap / (s0 * s0 * nm * eps<T>());
    expect(scores.rows() == m && sc <= 4 * vb, tag + ": gathered scores (error·gap/σ₀²)", sc, 4 * vb);
}

template <class T>
void check_randomized(std::size_t m, std::size_t n, std::size_t k, int kind) {
    const svdkit::matrix<T> a = make_matrix<T>(m, n, 5);
    const std::vector<std::size_t> rows = split(m, n, kind);
    const std::string tag = std::string("randomized_svd<") + type_name<T>() + "> " + std::to_string(m) + "x" +
                            std::to_string(n) + " k=" + std::to_string(k) + " split " + std::to_string(kind);
    const svdkit::svd_result<T> exact = svdkit::svd(a);
    const svdkit::matrix<T> mine = rows_of(a, rows, g_rank);
    svdkit::randomized_options opts;
    opts.seed = 42;
    const svdkit::svd_result<T> r = svdkit::mpi::randomized_svd(MPI_COMM_WORLD, mine, k, opts);
    std::vector<T> top(exact.s.begin(), exact.s.begin() + static_cast<std::ptrdiff_t>(k));
    const long double vb = svdkit_test::value_error_bound(m, n);
    // σ decays as 0.7^i and q = 7 power steps: the sampling error (0.7^(k+p-i))^15 is far below ε.
    expect(value_ratio(r.s, top, m, n) <= vb, tag + ": top k values vs svd()", value_ratio(r.s, top, m, n), vb);
    const svdkit::matrix<T> u = gather_rows(r.u, rows, k);
    expect(orthogonality_ratio(u) <= svdkit_test::orthogonality_bound, tag + ": orthogonality of the gathered U",
           orthogonality_ratio(u), svdkit_test::orthogonality_bound);
    expect(orthogonality_ratio(r.v) <= svdkit_test::orthogonality_bound, tag + ": orthogonality of V",
           orthogonality_ratio(r.v), svdkit_test::orthogonality_bound);
    // ‖A − U·Σ·Vᵀ‖ is σ_{k+1} at best: measure against the best rank-k error, not ε.
    long double tail = 0, err = 0;
    for (std::size_t i = k; i < exact.s.size(); ++i) tail += static_cast<long double>(exact.s[i]) * static_cast<long double>(exact.s[i]);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            long double x = static_cast<long double>(a(i, j));
            for (std::size_t c = 0; c < k; ++c)
                x -= static_cast<long double>(u(i, c)) * static_cast<long double>(r.s[c]) * static_cast<long double>(r.v(j, c));
            err += x * x;
        }
    const long double excess = (std::sqrt(err) - std::sqrt(tail)) / (static_cast<long double>(exact.s[0]) * static_cast<long double>(std::max(m, n)) * eps<T>());
    expect(excess <= svdkit_test::reconstruction_bound(m, n), tag + ": ‖A − UΣVᵀ‖_F − (best rank-k error), in σ₀·max(m,n)·ε",
           excess, svdkit_test::reconstruction_bound(m, n));
    expect(same_on_all_ranks(r.v), tag + ": V has the same bits on every rank");
}

/// Runs f on every rank; true when every rank threw E with the same message.
template <class E, class F>
bool every_rank_throws(F f, std::string* message = nullptr) {
    int caught = 0;
    std::string what;
    try {
        f();
    } catch (const E& e) {
        caught = 1;
        what = e.what();
    } catch (...) {
        caught = 0;
    }
    int all = caught;
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    // same message: compare lengths and a simple hash
    unsigned long long h = 1469598103934665603ULL;
    for (char c : what) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    unsigned long long lo = h, hi = h;
    MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
    if (message) *message = what;
    return all == 1 && lo == hi;
}

void check_faults() {
    const std::size_t m = 300, n = 12;
    const svdkit::matrix<double> a = make_matrix<double>(m, n, 3);
    const std::vector<std::size_t> rows = split(m, n, 0);
    svdkit::matrix<double> mine = rows_of(a, rows, g_rank);
    const int last = g_size - 1;
    // A NaN in the last rank's rows: every rank throws non_finite_input naming its global row.
    svdkit::matrix<double> bad = mine;
    const std::size_t local_row = rows.back() / 2;  // in the last rank's rows
    if (g_rank == last) bad(local_row, 5) = std::nan("");
    std::string msg;
    expect(every_rank_throws<svdkit::non_finite_input>([&] { svdkit::mpi::tall_svd(MPI_COMM_WORLD, bad); }, &msg),
           "tall_svd: a NaN on the last rank makes every rank throw non_finite_input");
    const std::string row = "(" + std::to_string(m - rows.back() + local_row) + ", 5)";
    expect(msg.find(row) != std::string::npos, "tall_svd: the message names the entry " + row + " of the gathered matrix: " + msg);
    if (g_rank == last) bad(local_row, 5) = std::numeric_limits<double>::infinity();
    expect(every_rank_throws<svdkit::non_finite_input>([&] { svdkit::mpi::pca(MPI_COMM_WORLD, bad, 2); }, &msg) &&
               msg.find("+Inf") != std::string::npos,
           "pca: an Inf on the last rank makes every rank throw non_finite_input (+Inf)");
    expect(every_rank_throws<svdkit::non_finite_input>([&] { svdkit::mpi::randomized_svd(MPI_COMM_WORLD, bad, 2); }),
           "randomized_svd: an Inf on the last rank makes every rank throw non_finite_input");
    // Widths that differ: the last rank passes n − 1 columns.
    svdkit::matrix<double> narrow(mine.rows(), g_rank == last && g_size > 1 ? n - 1 : n);
    for (std::size_t j = 0; j < narrow.cols(); ++j)
        for (std::size_t i = 0; i < narrow.rows(); ++i) narrow(i, j) = mine(i, j);
    if (g_size > 1) {
        expect(every_rank_throws<std::invalid_argument>([&] { svdkit::mpi::tall_svd(MPI_COMM_WORLD, narrow); }, &msg) &&
                   msg.find("column count") != std::string::npos,
               "tall_svd: a rank with another column count makes every rank throw invalid_argument");
        expect(every_rank_throws<std::invalid_argument>([&] { svdkit::mpi::pca(MPI_COMM_WORLD, narrow, 2); }),
               "pca: a rank with another column count makes every rank throw invalid_argument");
        // k that differs between ranks
        expect(every_rank_throws<std::invalid_argument>(
                   [&] { svdkit::mpi::pca(MPI_COMM_WORLD, mine, g_rank == last ? 3 : 2); }),
               "pca: ranks that disagree on k all throw invalid_argument");
    }
    // k out of range (on the last rank only: that is also a disagreement; on one rank, out of range)
    expect(every_rank_throws<std::invalid_argument>(
               [&] { svdkit::mpi::pca(MPI_COMM_WORLD, mine, g_rank == last ? n + 5 : (g_size > 1 ? 2 : n + 5)); }),
           "pca: k out of range on one rank makes every rank throw invalid_argument");
    expect(every_rank_throws<std::invalid_argument>([&] { svdkit::mpi::randomized_svd(MPI_COMM_WORLD, mine, n + 1); }, &msg) &&
               msg.find("0 <= k <= 12") != std::string::npos,
           "randomized_svd: k = n + 1 makes every rank throw invalid_argument naming the range");
    expect(every_rank_throws<std::invalid_argument>(
               [&] { svdkit::mpi::tall_svd(MPI_COMM_WORLD, mine, svdkit::vectors::full); }),
           "tall_svd: vectors::full is refused on every rank");
    // Fewer than 2 samples in all.
    svdkit::matrix<double> one(g_rank == 0 ? 1 : 0, n);
    expect(every_rank_throws<std::invalid_argument>([&] { svdkit::mpi::pca(MPI_COMM_WORLD, one, 1); }),
           "pca: one sample in all makes every rank throw invalid_argument");
    // The communicator still works: a correct call after the faults.
    const svdkit::svd_result<double> r = svdkit::mpi::tall_svd(MPI_COMM_WORLD, mine);
    const std::vector<double> ref = svdkit::singular_values(a);
    expect(value_ratio(r.s, ref, m, n) <= svdkit_test::value_error_bound(m, n), "a correct call after the faults",
           value_ratio(r.s, ref, m, n), svdkit_test::value_error_bound(m, n));
}

void check_empty() {
    // No rows anywhere, and a matrix with no columns: shapes as svd() gives them.
    svdkit::matrix<double> none(0, 5);
    const svdkit::svd_result<double> r = svdkit::mpi::tall_svd(MPI_COMM_WORLD, none);
    expect(r.s.empty() && r.u.rows() == 0 && r.u.cols() == 0 && r.v.rows() == 5 && r.v.cols() == 0,
           "tall_svd of 0 rows in all: k = 0, V is 5x0");
    svdkit::matrix<double> thin(g_rank == 0 ? 4 : 2, 0);
    const svdkit::svd_result<double> t = svdkit::mpi::tall_svd(MPI_COMM_WORLD, thin);
    expect(t.s.empty() && t.u.rows() == thin.rows() && t.u.cols() == 0 && t.v.rows() == 0,
           "tall_svd of no columns: k = 0, U is m_r x 0");
}

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    try {
        for (int kind = 0; kind < 3; ++kind) check_tall_svd<double>(3000, 40, kind);
        check_tall_svd<float>(3000, 40, 1);
        check_tall_svd<long double>(600, 20, 1);
        check_tall_svd<double>(25, 40, 0);  // fewer rows than columns in all
        check_tall_svd<double>(90, 40, 1);
        for (int kind = 0; kind < 2; ++kind) check_pca<double>(2000, 30, 5, kind);
        check_pca<float>(2000, 30, 30, 1);
        check_randomized<double>(2000, 60, 8, 1);
        check_randomized<float>(2000, 60, 8, 0);
        check_faults();
        check_empty();
    } catch (const std::exception& e) {
        std::printf("FAIL [rank %d of %d] unexpected exception: %s\n", g_rank, g_size, e.what());
        std::fflush(stdout);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    int failures = g_failures;
    MPI_Allreduce(MPI_IN_PLACE, &failures, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (g_rank == 0) std::printf("%s: %d failed checks on %d ranks\n", failures ? "FAIL" : "PASS", failures, g_size);
    MPI_Finalize();
    return failures ? 1 : 0;
}
