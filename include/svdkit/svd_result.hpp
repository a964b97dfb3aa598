// svdkit - what an SVD returns, and which singular vectors to compute.
#ifndef SVDKIT_SVD_RESULT_HPP
#define SVDKIT_SVD_RESULT_HPP

#include <algorithm>    // std::copy
#include <cstddef>      // std::size_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_signed
#include <vector>       // std::vector

#include "matrix.hpp"
#include "thread_pool.hpp"

namespace svdkit {

/// Which singular vectors to compute, for an m×n matrix with k = min(m, n).
enum class vectors {
    none,  ///< values only: u and/or v are left empty (0×0)
    thin,  ///< the first k columns: u is m×k, v is n×k (the default)
    full   ///< complete orthonormal bases: u is m×m, v is n×n
};

/// The sign of each pair of singular vectors. An SVD determines (uᵢ, vᵢ) only up to a common
/// sign (−uᵢ, −vᵢ is as good a pair), and which one comes out depends on the path the algorithm
/// took; a sign rule makes results comparable between runs, shapes and libraries.
enum class sign_rule {
    none,             ///< the signs the algorithm produced (the default; results unchanged, bit for bit)
    /// For each pair, flip uᵢ and vᵢ together so that the entry of largest magnitude of uᵢ is
    /// positive; among entries of equal magnitude the one with the lower row index decides.
    /// When U is not computed but V is (u = vectors::none), the same rule decides on vᵢ instead;
    /// values only: nothing changes. An all-zero deciding column is left as it is (svdkit's
    /// decompositions return unit vectors even for σᵢ = 0 of a zero matrix, so this is a guard,
    /// not a case met in practice). Only the first min(m, n) columns form pairs: the extra
    /// columns of a full U or V are not flipped. The rule sees the computed entries: two entries
    /// equal in exact arithmetic may differ in the last bit, and then the larger one decides. This is scikit-learn's svd_flip with
    /// u_based_decision=True (sklearn.utils.extmath.svd_flip). The flip is an exact negation:
    /// U·Σ·Vᵀ is unchanged, bit for bit. For complex T the pair is fixed only up to a common unit
    /// phase e^{iθ}: uᵢ and vᵢ are both multiplied by φ = z̄/|z|, z the entry of largest modulus
    /// of uᵢ (of vᵢ without U), which makes that entry real and positive; U·Σ·Vᴴ is unchanged up
    /// to the rounding of that multiplication (a few ε per entry).
    largest_positive
};

/// The method svd() uses (docs/guide.md, "Choosing a method", compares them). Every method is
/// backward stable; jacobi also gives each σ to high *relative* accuracy on graded matrices.
enum class svd_method {
    /// Householder bidiagonalization, σ by dqds (or the QR iteration), vectors by the QR
    /// iteration for k < 48 and by divide and conquer from there on: the fastest (the default).
    automatic,
    /// As automatic, but the vectors always by the implicit-shift QR iteration (LAPACK dgesvd's
    /// choice): slower for large k, no secular equations.
    qr_iteration,
    /// As automatic, but the vectors always by divide and conquer (LAPACK dgesdd's choice), also
    /// for k < 48 (below its leaf size it runs the QR iteration on the whole bidiagonal anyway).
    divide_and_conquer,
    /// Preconditioned one-sided Jacobi (Drmač & Veselić 2008, LAPACK dgejsv): for A = B·D with D
    /// diagonal and B well conditioned, every σᵢ to relative accuracy O(κ(B)·ε), however small.
    /// A few times slower than automatic.
    jacobi
};

/// Separate choices for U and V, for callers that need only one side (e.g. PCA needs only V),
/// the number of threads and the pool that runs them, the sign rule and the method.
struct svd_options {
    vectors u = vectors::thin;
    vectors v = vectors::thin;
    /// Threads for the large matrix products (the QR of a tall input, divide and conquer, forming
    /// U and V): each such product is split by whole column blocks of its output into this many
    /// tasks, run by `pool`. 1 (the default) runs everything on the calling thread and never
    /// creates a pool; 0 means every thread of the pool (the default pool has one per hardware
    /// thread); a count above pool->size() is clamped to it. The result is bit-identical for
    /// every value (each output entry is computed by the same operations whatever the split).
    unsigned threads = 1;
    /// The signs of the singular vector pairs (svdkit::sign_rule); none keeps the algorithm's.
    sign_rule signs = sign_rule::none;
    /// The method (svdkit::svd_method); automatic by default.
    svd_method method = svd_method::automatic;
    /// When the method reports no convergence, try the others before giving up: divide and
    /// conquer → QR iteration → Jacobi (each one not yet tried, in that order), and throw
    /// svdkit::no_convergence, naming every attempt, only when all have failed. With false,
    /// the first failure throws.
    bool fallback = true;
    /// The pool that runs the tasks when threads != 1; nullptr (the default) means
    /// svdkit::default_thread_pool(), created on first use and shared by the whole process. The
    /// pool must outlive the call. Any number of calls, from any threads, may share one pool:
    /// a caller whose pool is busy runs its tasks itself, and a call made from inside a pool
    /// task runs its products inline.
    thread_pool* pool = nullptr;
    /// Opt-in: svd(a, opts) (the overloads that allocate their result) takes its scratch from a
    /// cache kept per calling thread and per element type, instead of allocating and freeing it
    /// on every call. A later call on the same thread with a shape no larger then allocates only
    /// its result and pays no page faults for scratch. The cached memory (that of the largest
    /// shape seen, about m·n + 2·n² entries plus packing buffers) stays allocated until the
    /// thread exits. Results are the same, bit for bit. (svd_workspace gives the same reuse with
    /// the lifetime in the caller's hands.)
    bool cache_workspace = false;
};

/// A = U·diag(s)·Vᵀ.
///
/// `s` holds the k = min(m, n) singular values in non-increasing order, all >= 0. Column j of `u`
/// and of `v` is the left and right singular vector of s[j]. `v` holds V itself, not Vᵀ.
/// Shapes: see svdkit::vectors. `auto [u, s, v] = svdkit::svd(a);` works.
/// A = U·diag(s)·Vᵀ, or A = U·diag(s)·Vᴴ for complex T: v holds V itself (not Vᴴ), and s is real
/// (std::vector<R> for T = std::complex<R>).
template <class T>
struct svd_result {
    matrix<T> u;
    std::vector<detail::real_type_t<T>> s;
    matrix<T> v;
};

namespace detail {

/// k as a size_t, or std::invalid_argument giving the valid range 0 <= k <= min(rows, cols).
template <class K, if_integral<K> = 0>
std::size_t checked_rank_k(K k, std::size_t rows, std::size_t cols, const char* where) {
    const std::size_t p = rows < cols ? rows : cols;
    bool ok = true;
    if constexpr (std::is_signed<K>::value) ok = k >= 0;
    if (ok) ok = static_cast<unsigned long long>(k) <= static_cast<unsigned long long>(p);
    if (!ok)
        throw std::invalid_argument(std::string(where) + ": k (= " + std::to_string(k) +
                                    ") must satisfy 0 <= k <= min(rows, cols) (= " + std::to_string(p) + ")");
    return static_cast<std::size_t>(k);
}

/// Keeps the first k singular triplets of a thin SVD.
template <class T>
void truncate(svd_result<T>& r, std::size_t k) {
    auto keep_columns = [k](matrix<T>& x) {
        matrix<T> y(x.rows(), k);
        std::copy(x.data(), x.data() + x.rows() * k, y.data());
        x.swap(y);
    };
    keep_columns(r.u);
    keep_columns(r.v);
    r.s.resize(k);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_SVD_RESULT_HPP
