// svdkit - the distributed engine: the SVD, PCA and randomized SVD of a matrix whose rows are
// spread over the ranks of an MPI communicator. Optional: include it yourself (svdkit.hpp does
// not) and link the svdkit::mpi CMake target; it is the one svdkit header that needs <mpi.h>.
//
// Rank r holds m_r consecutive rows (rank 0 the first ones); any m_r >= 0, fewer than n or none.
// TSQR over a binary tree [1]: each rank factors its rows, A_r = Q_r·R_r (a Householder QR when
// m_r > n, else R_r = A_r and Q_r = I), then at level d = 1, 2, 4, … rank r (r mod 2d = 0)
// receives the factor of rank r + d and factors the stack, [R_a; R_b] = Q·R (again only when it
// has more than n rows). Rank 0 ends with R (min(m, n)×n), A = (∏ Q)·R, and computes R = U_R·Σ·Vᵀ
// with svd(); Σ and V are broadcast, and U = (∏ Q)·U_R comes back down the tree through the
// stored Q factors, each rank keeping its own rows. Every step is a Householder QR, backward
// stable, so σ and V are those of A + E with ‖E‖_F = O(ε·‖A‖_F) times a modest function of n and
// log₂ p [1, §6]: the single-process svd() of the gathered matrix, to rounding.
//
// Faults are agreed before anything can block: every call starts with one MPI_Allgather of each
// rank's shape, arguments and first non-finite entry, and one MPI_Allreduce of the largest
// |a_ij|, and every rank then reaches the same verdict from the same numbers. So a NaN on one
// rank, ranks that disagree on the column count, or a k out of range on one rank make every rank
// throw the same exception, never a deadlock.
//
// References:
// [1] J. Demmel, L. Grigori, M. Hoemmen, J. Langou, "Communication-optimal parallel and
//     sequential QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012): TSQR on a binary
//     tree, its messages (one n×n factor per rank per level) and its stability.
// [2] N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness", SIAM Review 53
//     (2011), Alg. 4.4 + 5.1: the randomized SVD, here with the sketch distributed by rows.
// [3] scikit-learn's sklearn.decomposition.PCA: the semantics of mpi::pca (as pca.hpp).
#ifndef SVDKIT_MPI_HPP
#define SVDKIT_MPI_HPP

#include <mpi.h>

#include <algorithm>    // std::copy, std::max, std::min
#include <cmath>        // std::abs, std::isnan, std::ldexp, std::sqrt
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument, std::runtime_error
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_same
#include <utility>      // std::move
#include <vector>       // std::vector

#include "detail/kernels/gemm.hpp"
#include "detail/kernels/random.hpp"
#include "detail/kernels/scaling.hpp"
#include "detail/reduction/householder.hpp"
#include "errors.hpp"
#include "matrix.hpp"
#include "randomized.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

namespace svdkit {
namespace mpi {

namespace detail {

using svdkit::detail::as_view;

template <class T>
MPI_Datatype datatype() {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value ||
                      std::is_same<T, long double>::value,
                  "svdkit::mpi: T must be float, double or long double (MPI_FLOAT, MPI_DOUBLE, MPI_LONG_DOUBLE)");
    if (std::is_same<T, float>::value) return MPI_FLOAT;
    if (std::is_same<T, double>::value) return MPI_DOUBLE;
    return MPI_LONG_DOUBLE;
}

/// An MPI call that failed (with MPI_ERRORS_RETURN set by the user; the default handler aborts).
inline void check(int rc, const char* what) {
    if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("svdkit::mpi: ") + what + " failed");
}

inline int count_of(std::size_t n) {
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::invalid_argument("svdkit::mpi: a message of " + std::to_string(n) +
                                    " values exceeds MPI's int count");
    return static_cast<int>(n);
}

/// A private duplicate of the user's communicator, so our messages never meet theirs.
struct comm_guard {
    MPI_Comm c = MPI_COMM_NULL;
    explicit comm_guard(MPI_Comm user) { check(MPI_Comm_dup(user, &c), "MPI_Comm_dup"); }
    ~comm_guard() {
        if (c != MPI_COMM_NULL) MPI_Comm_free(&c);
    }
    comm_guard(const comm_guard&) = delete;
    comm_guard& operator=(const comm_guard&) = delete;
};

/// What each rank tells all others before any work: the collective verdict is made from these.
struct rank_report {
    std::uint64_t rows, cols, k_ok, k, job, bad, bad_row, bad_col, bad_kind;
};
constexpr int report_fields = 9;

/// The agreed facts of a call: the shapes of every rank, the power-of-two scaling of the data.
struct agreement {
    int rank = 0, size = 1;
    std::vector<std::size_t> rows;  ///< m_r of every rank
    std::size_t m = 0, n = 0, offset = 0, k = 0;
    int ex = 0;  ///< the data are used as 2^ex·A (scaling.hpp), so that no QR overflows
};

/// The k of an entry point that has none (tall_svd).
constexpr long long no_k = std::numeric_limits<long long>::min();

/// Step 0 of every entry point: gathers every rank's report and the largest |a_ij|, then throws
/// the same exception on every rank for the first fault found, in this order: widths differ;
/// the job or k differ; k out of [0, kmax_of(m, n)] (which may itself throw, alike everywhere);
/// a NaN/Inf (non_finite_input naming its row within the gathered matrix). `k` = no_k: no k.
template <class T, class KMax>
agreement agree(MPI_Comm comm, matrix_view<const T> a, long long k, std::uint64_t job, const char* where,
                KMax kmax_of) {
    agreement g;
    check(MPI_Comm_rank(comm, &g.rank), "MPI_Comm_rank");
    check(MPI_Comm_size(comm, &g.size), "MPI_Comm_size");
    rank_report me{a.rows(), a.cols(), k == no_k ? 0u : 1u, static_cast<std::uint64_t>(k), job, 0, 0, 0, 0};
    T amax = 0;
    try {
        amax = svdkit::detail::max_abs_finite(a, where);
    } catch (const non_finite_input& e) {
        const T x = a(e.row(), e.col());
        me.bad = 1;
        me.bad_row = e.row();
        me.bad_col = e.col();
        me.bad_kind = std::isnan(x) ? 0 : (x > 0 ? 1 : 2);
    }
    std::vector<std::uint64_t> all(static_cast<std::size_t>(g.size) * report_fields);
    check(MPI_Allgather(&me, report_fields, MPI_UINT64_T, all.data(), report_fields, MPI_UINT64_T, comm),
          "MPI_Allgather");
    check(MPI_Allreduce(MPI_IN_PLACE, &amax, 1, datatype<T>(), MPI_MAX, comm), "MPI_Allreduce");
    auto field = [&](int r, int f) { return all[static_cast<std::size_t>(r) * report_fields + static_cast<std::size_t>(f)]; };
    // The verdict: the same data on every rank, so the same branch on every rank.
    for (int r = 1; r < g.size; ++r)
        if (field(r, 1) != field(0, 1))
            throw std::invalid_argument(std::string(where) + ": the ranks disagree on the column count (rank 0 has " +
                                        std::to_string(field(0, 1)) + ", rank " + std::to_string(r) + " has " +
                                        std::to_string(field(r, 1)) + "); every rank must pass rows of the same width");
    for (int r = 1; r < g.size; ++r)
        if (field(r, 2) != field(0, 2) || field(r, 3) != field(0, 3) || field(r, 4) != field(0, 4))
            throw std::invalid_argument(std::string(where) + ": the ranks disagree on the arguments (rank 0 and rank " +
                                        std::to_string(r) + " differ in k or the job); pass the same on every rank");
    g.n = static_cast<std::size_t>(field(0, 1));
    g.rows.resize(static_cast<std::size_t>(g.size));
    for (int r = 0; r < g.size; ++r) {
        g.rows[static_cast<std::size_t>(r)] = static_cast<std::size_t>(field(r, 0));
        if (r < g.rank) g.offset += g.rows[static_cast<std::size_t>(r)];
        g.m += g.rows[static_cast<std::size_t>(r)];
    }
    if (k != no_k) {  // the same k on every rank (checked above)
        const std::size_t kmax = kmax_of(g.m, g.n);
        if (k < 0 || static_cast<std::uint64_t>(k) > kmax)
            throw std::invalid_argument(std::string(where) + ": k (= " + std::to_string(k) +
                                        ") must satisfy 0 <= k <= " + std::to_string(kmax) + " for the gathered " +
                                        std::to_string(g.m) + "×" + std::to_string(g.n) + " matrix");
        g.k = static_cast<std::size_t>(k);
    }
    std::uint64_t before = 0;
    for (int r = 0; r < g.size; before += field(r, 0), ++r)
        if (field(r, 5) != 0) {
            static const char* kinds[] = {"NaN", "+Inf", "-Inf"};
            throw non_finite_input(where, static_cast<std::size_t>(before + field(r, 6)),
                                   static_cast<std::size_t>(field(r, 7)), kinds[field(r, 8)]);
        }
    g.ex = svdkit::detail::scaling_exponent(amax);
    return g;
}

/// The rank's rows, copied (the QR works in place), times 2^ex.
template <class T>
matrix<T> scaled_copy(matrix_view<const T> a, int ex) {
    matrix<T> c(a.rows(), a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) c(i, j) = ex == 0 ? a(i, j) : std::ldexp(a(i, j), ex);
    return c;
}

template <class T>
matrix<T> top_rows(const matrix<T>& a, std::size_t first, std::size_t count) {
    matrix<T> b(count, a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        std::copy(a.col_ptr(j) + first, a.col_ptr(j) + first + count, b.col_ptr(j));
    return b;
}

/// One factorization of the tree: the stacked rows and, when there were more than n of them, its
/// reflectors (Q = H₀⋯H_{n−1}); otherwise Q = I and the stack itself is the factor passed up.
template <class T>
struct tsqr_node {
    std::size_t partner_rows = 0;  ///< rows received from (or sent to, for a sender) the partner
    std::size_t own_rows = 0;      ///< rows of this rank's factor on top of the stack
    int partner = -1;
    bool sender = false;  ///< this level sent the factor up (and will receive U's rows back)
    bool has_q = false;
    matrix<T> v;
    std::vector<T> tau;
};

/// [R; ...] → R' by a Householder QR when the stack has more than n rows (keeping its reflectors
/// in `node`), else unchanged. Returns the factor (min(rows, n)×n).
template <class T>
matrix<T> factor(matrix<T> stack, tsqr_node<T>& node, svdkit::detail::householder_workspace<T>& ws) {
    const std::size_t n = stack.cols();
    if (stack.rows() <= n) return stack;
    svdkit::detail::householder_qr(stack, node.tau, ws);
    matrix<T> r(n, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i <= j; ++i) r(i, j) = stack(i, j);
    node.v = std::move(stack);
    node.has_q = true;
    return r;
}

/// z (rows of U in the coordinates of node's factor) → the same in the coordinates of its stack.
template <class T>
matrix<T> apply_node(const tsqr_node<T>& node, const matrix<T>& z, std::size_t stack_rows,
                     svdkit::detail::householder_workspace<T>& ws) {
    if (!node.has_q) return z;
    matrix<T> c(stack_rows, z.cols());  // [z; 0]
    for (std::size_t j = 0; j < z.cols(); ++j) std::copy(z.col_ptr(j), z.col_ptr(j) + z.rows(), c.col_ptr(j));
    svdkit::detail::apply_q_left(node.v.data(), stack_rows, node.tau.data(), node.tau.size(), c, ws);
    return c;
}

/// The TSQR SVD of the agreed, scaled rows `a` (this rank's m_r×n): s and V on every rank, this
/// rank's rows of U when want_u. Collective; the only fault left after agree() is a failure of
/// the final svd() on rank 0, which is broadcast and rethrown on every rank.
template <class T>
svd_result<T> tsqr_svd(MPI_Comm comm, const agreement& g, matrix<T> a, bool want_u, vectors v_job, const char* where) {
    const std::size_t n = g.n;
    const MPI_Datatype dt = datatype<T>();
    svdkit::detail::householder_workspace<T> ws;
    // height of the factor of the subtree of ranks [r, r + width): min(rows in it, n)
    auto height = [&](int r, int width) {
        std::size_t s = 0;
        for (int q = r; q < std::min(g.size, r + width); ++q) s += g.rows[static_cast<std::size_t>(q)];
        return std::min(s, n);
    };
    // step 1: the leaf, A_r = Q_r·R_r.
    tsqr_node<T> leaf;
    const std::size_t mr = a.rows();
    matrix<T> r = factor(std::move(a), leaf, ws);
    // step 2: up the tree.
    std::vector<tsqr_node<T>> nodes;
    for (int d = 1; d < g.size; d *= 2) {
        tsqr_node<T> node;
        node.own_rows = r.rows();
        if (g.rank % (2 * d) == 0) {
            if (g.rank + d >= g.size) continue;
            node.partner = g.rank + d;
            node.partner_rows = height(g.rank + d, d);
            matrix<T> got(node.partner_rows, n);
            check(MPI_Recv(got.data(), count_of(got.size()), dt, node.partner, 0, comm, MPI_STATUS_IGNORE), "MPI_Recv");
            matrix<T> stack(node.own_rows + node.partner_rows, n);
            for (std::size_t j = 0; j < n; ++j) {
                std::copy(r.col_ptr(j), r.col_ptr(j) + r.rows(), stack.col_ptr(j));
                std::copy(got.col_ptr(j), got.col_ptr(j) + got.rows(), stack.col_ptr(j) + r.rows());
            }
            r = factor(std::move(stack), node, ws);
            nodes.push_back(std::move(node));
        } else {
            node.partner = g.rank - d;
            node.sender = true;
            check(MPI_Send(r.data(), count_of(r.size()), dt, node.partner, 0, comm), "MPI_Send");
            nodes.push_back(std::move(node));
            break;
        }
    }
    // step 3: rank 0 has R (min(m, n)×n): its SVD, or the message of its failure, to every rank.
    svd_result<T> out;
    int status = 0;  // 0 ok, 1 no_convergence, 2 another exception
    std::string message;
    std::size_t converged = 0, total = 0;
    if (g.rank == 0) {
        try {
            out = svdkit::detail::svd_impl<T>(r.view(), svd_options{want_u ? vectors::thin : vectors::none, v_job},
                                              where);
        } catch (const no_convergence& e) {
            status = 1, message = e.what(), converged = e.converged(), total = e.total();
        } catch (const std::exception& e) {
            status = 2, message = e.what();
        }
    }
    unsigned long long head[4] = {static_cast<unsigned long long>(status), message.size(), converged, total};
    check(MPI_Bcast(head, 4, MPI_UNSIGNED_LONG_LONG, 0, comm), "MPI_Bcast");
    if (head[0] != 0) {
        message.resize(static_cast<std::size_t>(head[1]));
        check(MPI_Bcast(&message[0], count_of(message.size()), MPI_CHAR, 0, comm), "MPI_Bcast");
        if (head[0] == 1)
            throw no_convergence(where, message, static_cast<std::size_t>(head[2]), static_cast<std::size_t>(head[3]));
        throw std::runtime_error(message);
    }
    const std::size_t k = std::min(g.m, n);
    const std::size_t kv = v_job == vectors::full ? n : (v_job == vectors::thin ? k : 0);
    out.s.resize(k);
    if (v_job == vectors::none)
        out.v = matrix<T>();
    else if (g.rank != 0)
        out.v = matrix<T>(n, kv);
    check(MPI_Bcast(out.s.data(), count_of(k), dt, 0, comm), "MPI_Bcast");
    if (kv > 0) check(MPI_Bcast(out.v.data(), count_of(n * kv), dt, 0, comm), "MPI_Bcast");
    for (T& x : out.s) x = g.ex == 0 ? x : std::ldexp(x, -g.ex);
    if (!want_u) {
        out.u = matrix<T>();
        return out;
    }
    // step 4: down the tree, U = (∏ Q)·U_R, each rank keeping its rows.
    matrix<T> z = g.rank == 0 ? std::move(out.u) : matrix<T>();
    for (std::size_t i = nodes.size(); i-- > 0;) {
        const tsqr_node<T>& node = nodes[i];
        if (node.sender) {
            z = matrix<T>(node.own_rows, k);
            check(MPI_Recv(z.data(), count_of(z.size()), dt, node.partner, 1, comm, MPI_STATUS_IGNORE), "MPI_Recv");
            continue;
        }
        const matrix<T> y = apply_node(node, z, node.own_rows + node.partner_rows, ws);
        const matrix<T> theirs = top_rows(y, node.own_rows, node.partner_rows);
        check(MPI_Send(theirs.data(), count_of(theirs.size()), dt, node.partner, 1, comm), "MPI_Send");
        z = top_rows(y, 0, node.own_rows);
    }
    out.u = apply_node(leaf, z, mr, ws);
    return out;
}

/// x ← Σ over the ranks of x, with the same bits on every rank (reduced on rank 0, then broadcast:
/// an Allreduce need not give every rank the same rounding, and every rank goes on to factor x).
template <class T>
void sum_everywhere(MPI_Comm comm, int rank, matrix<T>& x) {
    const int count = count_of(x.size());
    if (rank == 0)
        check(MPI_Reduce(MPI_IN_PLACE, x.data(), count, datatype<T>(), MPI_SUM, 0, comm), "MPI_Reduce");
    else
        check(MPI_Reduce(x.data(), nullptr, count, datatype<T>(), MPI_SUM, 0, comm), "MPI_Reduce");
    check(MPI_Bcast(x.data(), count, datatype<T>(), 0, comm), "MPI_Bcast");
}

/// The thin U of the row-distributed y (this rank's rows): an orthonormal basis of its columns.
template <class T>
matrix<T> distributed_basis(MPI_Comm comm, const agreement& g, matrix<T> y, const char* where) {
    agreement gy = g;
    gy.n = y.cols();
    gy.ex = 0;
    return tsqr_svd<T>(comm, gy, std::move(y), true, vectors::none, where).u;
}

}  // namespace detail

/// \brief The SVD A = U·Σ·Vᵀ of the m×n matrix whose rows are spread over the ranks of `comm`
/// (rank 0 the first m₀ rows, rank 1 the next m₁, …; any m_r >= 0): TSQR over a binary tree of
/// the ranks, then the SVD of the final n×n factor. Collective: every rank of comm calls it.
///
/// Every rank gets k = min(m, n) singular values (non-increasing) and V as svd() would give them
/// for `job` (thin n×k, full n×n, none); `u` holds this rank's m_r rows of the thin U (m_r×k), or
/// is 0×0 for vectors::none. vectors::full for U (m×m) is not offered. Equal to svd() of the
/// gathered matrix to rounding (backward stable, [1, §6]); V is the same on every rank.
/// \throws (on every rank alike, before any step that could block) std::invalid_argument when
///         the ranks disagree on the column count or on `job`, or job is vectors::full;
///         svdkit::non_finite_input for a NaN/Inf on any rank, naming its row in the gathered
///         matrix; svdkit::no_convergence if the final SVD fails.
/// Cost: O(m_r·n²) flops per rank plus O(n³·log₂ p) on the tree; memory O(m_r·n + n²·log₂ p)
/// (the Q factors are kept for U); messages: one factor of at most n×n per rank per tree level
/// up, and, for U, its rows of U (at most n×k) back down.
/// ```
/// svdkit::svd_result<double> r = svdkit::mpi::tall_svd(MPI_COMM_WORLD, my_rows);
/// // r.s and r.v on every rank; r.u: my rows of U
/// ```
template <class T = svdkit::detail::from_argument, class A = svdkit::detail::braced_argument_t<T>>
svd_result<svdkit::detail::view_value_t<T, A>> tall_svd(MPI_Comm comm, const A& local_rows,
                                                       vectors job = vectors::thin) {
    using V = svdkit::detail::view_value_t<T, A>;
    const char* where = "svdkit::mpi::tall_svd";
    const matrix_view<const V> a = detail::as_view<T>(local_rows);
    detail::comm_guard c(comm);
    const detail::agreement g = detail::agree<V>(c.c, a, detail::no_k, static_cast<std::uint64_t>(job), where,
                                                 [](std::size_t, std::size_t) { return std::size_t(0); });
    if (job == vectors::full)  // the same on every rank: job agreed above
        throw std::invalid_argument(std::string(where) + ": a full U (m×m) is not offered; ask for thin or none");
    return detail::tsqr_svd<V>(c.c, g, detail::scaled_copy(a, g.ex), job == vectors::thin, job, where);
}

/// What mpi::pca returns: scikit-learn's PCA attributes, and this rank's scores.
template <class T>
struct pca_result {
    matrix<T> components;                ///< k×n: the principal axes, one per row, sign-normalized
    std::vector<T> explained_variance;   ///< σ_i²/(m − 1), i < k
    std::vector<T> explained_variance_ratio;  ///< explained_variance_i / total variance
    std::vector<T> singular_values;      ///< the k largest σ of the centered data
    std::vector<T> mean;                 ///< the n column means of the gathered data
    T noise_variance = 0;                ///< mean of the discarded explained variances (0 if k = min(m, n))
    matrix<T> scores;                    ///< this rank's m_r×k rows of (X − 1·μᵀ)·componentsᵀ = U·Σ
    std::size_t n_samples = 0;           ///< m, the rows of all ranks
};

/// \brief PCA of the m×n data whose rows (samples) are spread over the ranks of `comm`, with
/// scikit-learn's semantics as svdkit::pca (full solver): the global mean μ by MPI_Allreduce
/// (with a compensating second sum), then tall_svd of the centered rows X − 1·μᵀ.
///
/// components = the first k rows of Vᵀ, each with its entry of largest magnitude made positive
/// (svd_flip, u_based_decision = False; the scores flip with it); explained_variance =
/// σ_i²/(m − 1); ratio over the total variance Σ_i σ_i²/(m − 1) of all min(m, n) components;
/// noise_variance the mean of the discarded ones. Every rank gets the same components, variances
/// and mean, and its own rows of the scores. Collective.
/// \throws (on every rank alike, before anything could block) std::invalid_argument when the
///         ranks disagree on the column count or on k, for fewer than 2 samples in all, or
///         unless 0 <= k <= min(m, n); svdkit::non_finite_input for a NaN/Inf on any rank.
/// Cost: tall_svd's, plus two MPI_Allreduce of n values for the mean.
/// ```
/// auto p = svdkit::mpi::pca(MPI_COMM_WORLD, my_samples, 2);
/// // p.components (2×n) everywhere; p.scores: my samples' coordinates
/// ```
template <class T = svdkit::detail::from_argument, class A = svdkit::detail::braced_argument_t<T>, class K,
          svdkit::detail::if_integral<K> = 0>
pca_result<svdkit::detail::view_value_t<T, A>> pca(MPI_Comm comm, const A& local_rows, K k) {
    using V = svdkit::detail::view_value_t<T, A>;
    const char* where = "svdkit::mpi::pca";
    const matrix_view<const V> a = detail::as_view<T>(local_rows);
    detail::comm_guard c(comm);
    const long long kk = static_cast<long long>(k);
    const detail::agreement g =
        detail::agree<V>(c.c, a, kk < 0 ? -1 : kk, 0, where, [where](std::size_t m, std::size_t n) {
            if (m < 2)
                throw std::invalid_argument(std::string(where) + ": the gathered data have " + std::to_string(m) +
                                            " samples (rows); at least 2 are needed");
            return std::min(m, n);
        });
    const std::size_t n = g.n, m = g.m, p = std::min(m, n), kc = g.k;
    // step 1: the mean of 2^ex·X, then a second pass that adds the mean of the residuals.
    matrix<V> x = detail::scaled_copy(a, g.ex);
    matrix<V> mu(n, 1);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) mu(j, 0) += x(i, j);
    detail::sum_everywhere(c.c, g.rank, mu);
    for (std::size_t j = 0; j < n; ++j) mu(j, 0) /= static_cast<V>(m);
    matrix<V> res(n, 1);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < x.rows(); ++i) res(j, 0) += x(i, j) - mu(j, 0);
    detail::sum_everywhere(c.c, g.rank, res);
    for (std::size_t j = 0; j < n; ++j) {
        mu(j, 0) += res(j, 0) / static_cast<V>(m);
        for (std::size_t i = 0; i < x.rows(); ++i) x(i, j) -= mu(j, 0);
    }
    // step 2: the SVD of the centered rows (σ come back at the data's scale).
    svd_result<V> r = detail::tsqr_svd<V>(c.c, g, std::move(x), true, vectors::thin, where);
    // step 3: variances, signs, scores.
    pca_result<V> out;
    out.n_samples = m;
    const V dof = static_cast<V>(m - 1);
    std::vector<V> ev_all(p);
    V total = 0;
    for (std::size_t i = 0; i < p; ++i) total += ev_all[i] = r.s[i] * r.s[i] / dof;
    out.components = matrix<V>(kc, n);
    out.scores = matrix<V>(a.rows(), kc);
    for (std::size_t col = 0; col < kc; ++col) {
        std::size_t imax = 0;
        for (std::size_t j = 1; j < n; ++j)
            if (std::abs(r.v(j, col)) > std::abs(r.v(imax, col))) imax = j;
        const V flip = r.v(imax, col) < V(0) ? V(-1) : V(1);
        for (std::size_t j = 0; j < n; ++j) out.components(col, j) = flip * r.v(j, col);
        for (std::size_t i = 0; i < a.rows(); ++i) out.scores(i, col) = flip * r.s[col] * r.u(i, col);
        out.explained_variance.push_back(ev_all[col]);
        out.explained_variance_ratio.push_back(total > V(0) ? ev_all[col] / total : V(0));
        out.singular_values.push_back(r.s[col]);
    }
    if (kc < p) {
        for (std::size_t i = kc; i < p; ++i) out.noise_variance += ev_all[i];
        out.noise_variance /= static_cast<V>(p - kc);
    }
    out.mean.resize(n);
    for (std::size_t j = 0; j < n; ++j) out.mean[j] = g.ex == 0 ? mu(j, 0) : std::ldexp(mu(j, 0), -g.ex);
    return out;
}

/// \brief The k largest singular triplets of the row-distributed m×n A, approximately, by
/// randomized subspace iteration [2] (as svdkit::randomized_svd, the same options): the sketch
/// Y = A·Ω is distributed like A (Ω, n×l, l = k + oversampling, drawn from opts.seed on every
/// rank alike), orthonormalized by TSQR over the ranks; the products Aᵀ·Q and B = Qᵀ·A are sums of
/// the ranks' A_rᵀ·Q_r; B's small SVD is computed on every rank from the same bits.
///
/// Every rank gets s (k values) and V (n×k), and its rows of U (m_r×k). Collective.
/// opts.signs must be sign_rule::none (the rule decides on U, which no rank holds whole).
/// \throws (on every rank alike) std::invalid_argument when the ranks disagree on the column
///         count or k, unless 0 <= k <= min(m, n), for power_iterations < -1 or a sign rule;
///         svdkit::non_finite_input for a NaN/Inf on any rank.
/// Cost per power iteration: 2·m_r·n·l flops per rank, one reduction and broadcast of n×l values,
/// and a TSQR of an m×l sketch.
template <class T = svdkit::detail::from_argument, class A = svdkit::detail::braced_argument_t<T>, class K,
          svdkit::detail::if_integral<K> = 0>
svd_result<svdkit::detail::view_value_t<T, A>> randomized_svd(MPI_Comm comm, const A& local_rows, K k,
                                                             randomized_options opts = {}) {
    using V = svdkit::detail::view_value_t<T, A>;
    const char* where = "svdkit::mpi::randomized_svd";
    const matrix_view<const V> a = detail::as_view<T>(local_rows);
    detail::comm_guard c(comm);
    const long long kk = static_cast<long long>(k);
    // The options are agreed with the job field: power iterations, oversampling and seed.
    const std::uint64_t job = static_cast<std::uint64_t>(opts.power_iterations + 1) ^
                              (static_cast<std::uint64_t>(opts.oversampling) << 20) ^ (opts.seed * std::uint64_t{0x9e3779b97f4a7c15u}) ^
                              (opts.signs == sign_rule::none ? 0u : 1u);
    const detail::agreement g = detail::agree<V>(c.c, a, kk < 0 ? -1 : kk, job, where,
                                                 [](std::size_t m, std::size_t n) { return std::min(m, n); });
    svdkit::detail::check_power_iterations(opts);
    if (opts.signs != sign_rule::none)
        throw std::invalid_argument(std::string(where) + ": a sign rule is not offered (it decides on U, which is "
                                    "spread over the ranks); pass sign_rule::none");
    const std::size_t m = g.m, n = g.n, p = std::min(m, n), kc = g.k;
    svd_result<V> out;
    if (kc == 0) {
        out.u = matrix<V>(a.rows(), std::size_t{0});
        out.v = matrix<V>(n, std::size_t{0});
        return out;
    }
    const std::size_t q = opts.power_iterations >= 0 ? static_cast<std::size_t>(opts.power_iterations)
                          : (10 * kc < p)             ? 7
                                                      : 4;
    const std::size_t l = opts.oversampling < p - kc ? kc + opts.oversampling : p;
    const matrix<V> x = detail::scaled_copy(a, g.ex);
    // step 1: Ω as randomized_svd draws it (the same seed gives the same Ω on every rank).
    svdkit::detail::gaussian_source rng(opts.seed);
    matrix<V> omega(n, l);
    for (std::size_t j = 0; j < l; ++j)
        for (std::size_t i = 0; i < n; ++i) omega(i, j) = static_cast<V>(rng.next());
    matrix<V> qm = detail::distributed_basis(c.c, g, svdkit::detail::multiply(x, omega), where);
    // step 2: power iterations, re-orthonormalized after each product [2, Alg. 4.4].
    for (std::size_t it = 0; it < q; ++it) {
        matrix<V> z = svdkit::detail::multiply_at_b(x, qm);  // A_rᵀ·Q_r, summed over the ranks
        detail::sum_everywhere(c.c, g.rank, z);
        const matrix<V> qt = svdkit::detail::orthonormal_basis(std::move(z));
        qm = detail::distributed_basis(c.c, g, svdkit::detail::multiply(x, qt), where);
    }
    // step 3: B = Qᵀ·A = (Σ_r A_rᵀ·Q_r)ᵀ (l×n), its SVD on every rank, U_r = Q_r·Ũ [2, Alg. 5.1].
    matrix<V> z = svdkit::detail::multiply_at_b(x, qm);
    detail::sum_everywhere(c.c, g.rank, z);
    const matrix<V> b = z.transpose();
    svd_result<V> rb = svdkit::detail::svd_impl<V>(b.view(), svd_options{}, where);
    out.u = svdkit::detail::multiply(qm, rb.u);
    out.s = std::move(rb.s);
    out.v = std::move(rb.v);
    svdkit::detail::truncate(out, kc);
    for (V& si : out.s) si = g.ex == 0 ? si : std::ldexp(si, -g.ex);
    return out;
}

}  // namespace mpi
}  // namespace svdkit

#endif  // SVDKIT_MPI_HPP
