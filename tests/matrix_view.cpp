// Tests include/svdkit/matrix.hpp's views as inputs to svd(): row-major buffers, sub-blocks by
// strides and by block(), Eigen matrices wrapped without a copy, negative strides, and
// transposed views. A view must give bit for bit the result of the same matrix copied into a
// matrix<T> (svd() reads its input once into its own workspace, whatever the layout). And every
// entry point that takes a matrix takes a matrix<T>, a matrix_view<T> and a matrix_view<const T>
// through its one signature, with the same result type and bits, and rejects anything else.
#include <catch2/catch.hpp>

#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <cstdio>       // std::remove
#include <fstream>      // std::ifstream
#include <iterator>     // std::istreambuf_iterator
#include <ostream>      // std::ostream
#include <sstream>      // std::ostringstream
#include <string>       // std::string
#include <type_traits>  // std::is_invocable, std::is_same, std::invoke_result_t
#include <utility>      // std::declval
#include <vector>       // std::vector

#include <Eigen/Dense>

#include <svdkit/io.hpp>  // write_csv, write_npy
#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"

using namespace svdkit_test;

namespace {

/// svd(view, job) and svd(copy of the view in a matrix<T>, job) must agree bit for bit.
template <class T, class V>
void require_same_as_copy(const V& view, svdkit::vectors job) {
    const svdkit::matrix<T> copy(view);
    const svdkit::svd_result<T> from_view = svdkit::svd(view, job);
    const svdkit::svd_result<T> from_copy = svdkit::svd(copy, job);
    CHECK(identical(from_view.s, from_copy.s));
    CHECK(identical(from_view.u, from_copy.u));
    CHECK(identical(from_view.v, from_copy.v));
    CHECK(identical(svdkit::singular_values(view), from_copy.s));
}

const svdkit::vectors all_jobs[] = {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none};

}  // namespace

TEMPLATE_TEST_CASE("views: a row-major buffer gives the result of the same matrix copied", "[views]", float, double,
                   long double) {
    using T = TestType;
    const std::size_t m = GENERATE(7u, 4u, 6u), n = GENERATE(4u, 7u);
    rng_t rng(seed_of(m, n, 31));
    const dense<T> a = gaussian<T>(m, n, rng);
    std::vector<T> buf(m * n);  // row-major
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) buf[i * n + j] = a(ix(i), ix(j));
    const svdkit::matrix_view<const T> v(buf.data(), m, n, svdkit::layout::row_major);
    const auto mv = svdkit::make_view(buf, m, n, svdkit::layout::row_major);
    REQUIRE(v.rows() == m);
    REQUIRE(v.cols() == n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            REQUIRE(v(i, j) == a(ix(i), ix(j)));
            REQUIRE(mv(i, j) == a(ix(i), ix(j)));
        }
    for (const svdkit::vectors job : all_jobs) {
        require_same_as_copy<T>(v, job);
        require_same_as_copy<T>(mv, job);
        // And the same as the column-major matrix built from the Eigen original.
        const svdkit::svd_result<T> r = svdkit::svd(v, job), c = svdkit::svd(to_svdkit(a), job);
        CHECK(identical(r.s, c.s));
        CHECK(identical(r.u, c.u));
        CHECK(identical(r.v, c.v));
    }
}

TEMPLATE_TEST_CASE("views: a sub-block by strides and by block() gives the result of its copy", "[views]", float,
                   double, long double) {
    using T = TestType;
    rng_t rng(404);
    const svdkit::matrix<T> big = to_svdkit(gaussian<T>(13, 11, rng));
    // Rows 2..8, columns 3..6 (7×4), described twice.
    const svdkit::matrix_view<const T> by_strides(big.data() + 2 + 3 * 13, 7, 4, 1, 13);
    const svdkit::matrix_view<const T> by_block = big.view().block(2, 3, 7, 4);
    svdkit::matrix<T> expected(7, 4);
    for (std::size_t i = 0; i < 7; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            expected(i, j) = big(i + 2, j + 3);
            REQUIRE(by_strides(i, j) == expected(i, j));
            REQUIRE(by_block(i, j) == expected(i, j));
        }
    for (const svdkit::vectors job : all_jobs) {
        const svdkit::svd_result<T> e = svdkit::svd(expected, job);
        for (const auto& v : {by_strides, by_block}) {
            const svdkit::svd_result<T> r = svdkit::svd(v, job);
            CHECK(identical(r.s, e.s));
            CHECK(identical(r.u, e.u));
            CHECK(identical(r.v, e.v));
        }
    }
    // Every other row and every third column: a view with both strides non-unit.
    const svdkit::matrix_view<const T> sparse_grid(big.data(), 7, 4, 2, 3 * 13);
    for (const svdkit::vectors job : all_jobs) require_same_as_copy<T>(sparse_grid, job);
}

TEMPLATE_TEST_CASE("views: Eigen matrices wrapped without a copy give the result of a matrix<T> copy", "[views][eigen]",
                   float, double, long double) {
    using T = TestType;
    rng_t rng(505);
    const dense<T> col_major = gaussian<T>(9, 6, rng);
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = col_major;
    const svdkit::matrix_view<const T> vc(col_major.data(), col_major.rows(), col_major.cols());
    const svdkit::matrix_view<const T> vr(row_major.data(), row_major.rows(), row_major.cols(), svdkit::layout::row_major);
    // An Eigen::Map over a raw buffer, and a view of the mapped block (2..7) × (1..4) through
    // Eigen's own strides.
    std::vector<T> raw(col_major.data(), col_major.data() + col_major.size());
    const Eigen::Map<const dense<T>> map(raw.data(), 9, 6);
    const auto blk = map.block(2, 1, 6, 4);
    const svdkit::matrix_view<const T> vb(blk.data(), blk.rows(), blk.cols(), blk.innerStride(), blk.outerStride());
    REQUIRE(vc.data() == col_major.data());  // zero copy: the view is the Eigen storage
    REQUIRE(vr.data() == row_major.data());
    REQUIRE(vb.data() == raw.data() + 2 + 1 * 9);
    for (const svdkit::vectors job : all_jobs) {
        require_same_as_copy<T>(vc, job);
        require_same_as_copy<T>(vr, job);
        require_same_as_copy<T>(vb, job);
        const svdkit::svd_result<T> c = svdkit::svd(vc, job), r = svdkit::svd(vr, job);
        CHECK(identical(c.s, r.s));
        CHECK(identical(c.u, r.u));
        CHECK(identical(c.v, r.v));
    }
    // A mutable view converts to a const one, and a matrix<T> to a view, implicitly.
    dense<T> mutable_copy = col_major;
    const svdkit::matrix_view<T> mutable_view(mutable_copy.data(), 9, 6);
    const svdkit::matrix_view<const T> as_const = mutable_view;
    CHECK(identical(svdkit::singular_values(as_const), svdkit::singular_values(vc)));
    const svdkit::matrix<T> owned = to_svdkit(col_major);
    const svdkit::matrix_view<const T> from_owned = owned;
    CHECK(identical(svdkit::singular_values(from_owned), svdkit::singular_values(vc)));
}

TEMPLATE_TEST_CASE("views: a transposed view swaps U and V and keeps s", "[views][transpose]", float, double,
                   long double) {
    using T = TestType;
    const std::size_t m = GENERATE(12u, 5u, 9u), n = GENERATE(5u, 12u, 9u);
    rng_t rng(seed_of(m, n, 606));
    const svdkit::matrix<T> a = to_svdkit(gaussian<T>(m, n, rng));
    const svdkit::svd_result<T> r = svdkit::svd(a);
    const svdkit::svd_result<T> t = svdkit::svd(a.view().transpose());
    INFO(type_name<T>() << ", A is " << shape_label(m, n));
    REQUIRE(t.u.rows() == n);
    REQUIRE(t.v.rows() == m);
    // Aᵀ = V·Σ·Uᵀ: the same singular values, U and V swapped.
    const long double ds = value_error_ratio(t.s, std::vector<long double>(r.s.begin(), r.s.end()), m, n);
    INFO("s(Aᵀ) vs s(A): value error ratio " << static_cast<double>(ds));
    CHECK(ds <= value_error_bound(m, n));
    const dense_svd<T> td = to_dense_svd(t);
    const dense<T> at = to_dense<T>(a).transpose();
    const long double recon = reconstruction_ratio(at, td.u, td.s, td.v);
    INFO("reconstruction ratio of Aᵀ = " << static_cast<double>(recon));
    CHECK(recon <= reconstruction_bound(m, n));
    // A copy of the transpose gives the transposed view's result bit for bit, and so does the
    // matrix<T>::transpose() copy.
    require_same_as_copy<T>(a.view().transpose(), svdkit::vectors::thin);
    const svdkit::svd_result<T> c = svdkit::svd(a.transpose());
    CHECK(identical(c.s, t.s));
    CHECK(identical(c.u, t.u));
    CHECK(identical(c.v, t.v));
    if (m != n) {
        // svd() reduces a wide matrix through its transpose, so for m != n one of the two runs is
        // the other's with the roles swapped: s bit for bit, U and V exchanged bit for bit.
        CHECK(identical(t.s, r.s));
        CHECK(identical(t.u, r.v));
        CHECK(identical(t.v, r.u));
    }
}

TEMPLATE_TEST_CASE("views: negative strides (rows reversed) permute the rows of U and keep s", "[views]", float,
                   double, long double) {
    using T = TestType;
    rng_t rng(707);
    const svdkit::matrix<T> a = to_svdkit(gaussian<T>(8, 5, rng));
    // Row i of the view is row 7 − i of a.
    const svdkit::matrix_view<const T> reversed(a.data() + 7, 8, 5, -1, 8);
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 5; ++j) REQUIRE(reversed(i, j) == a(7 - i, j));
    require_same_as_copy<T>(reversed, svdkit::vectors::thin);
    const svdkit::svd_result<T> r = svdkit::svd(a), p = svdkit::svd(reversed);
    const long double ds = value_error_ratio(p.s, std::vector<long double>(r.s.begin(), r.s.end()), 8, 5);
    INFO("s(PA) vs s(A): value error ratio " << static_cast<double>(ds));
    CHECK(ds <= value_error_bound(8, 5));
    const dense_svd<T> pd = to_dense_svd(p);
    const long double recon = reconstruction_ratio(to_dense<T>(reversed), pd.u, pd.s, pd.v);
    CHECK(recon <= reconstruction_bound(8, 5));
}

namespace {

// One call of each entry point that takes a matrix, as a generic lambda whose return type is the
// call itself: std::is_invocable then tells whether the call compiles for an argument type (the
// static_asserts, a rejection being a `false` and not a compile error), and the same lambda runs
// it (the bit comparisons).
const auto call_svd = [](const auto& a) -> decltype(svdkit::svd(a)) { return svdkit::svd(a); };
const auto call_svd_job = [](const auto& a) -> decltype(svdkit::svd(a, svdkit::vectors::full)) {
    return svdkit::svd(a, svdkit::vectors::full);
};
const auto call_svd_options = [](const auto& a) -> decltype(svdkit::svd(a, svdkit::svd_options{})) {
    return svdkit::svd(a, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::full});
};
const auto call_svd_workspace =
    [](const auto& a) -> decltype(svdkit::svd(a, svdkit::svd_options{}, std::declval<svdkit::svd_result<double>&>(),
                                              std::declval<svdkit::svd_workspace<double>&>()),
                                  svdkit::svd_result<double>()) {
    svdkit::svd_result<double> out;
    svdkit::svd_workspace<double> ws;
    svdkit::svd(a, svdkit::svd_options{}, out, ws);
    return out;
};
const auto call_singular_values = [](const auto& a) -> decltype(svdkit::singular_values(a)) {
    return svdkit::singular_values(a);
};
const auto call_singular_values_workspace =
    [](const auto& a) -> decltype(svdkit::singular_values(a, std::declval<std::vector<double>&>(),
                                                          std::declval<svdkit::svd_workspace<double>&>()),
                                  std::vector<double>()) {
    std::vector<double> out;
    svdkit::svd_workspace<double> ws;
    svdkit::singular_values(a, out, ws);
    return out;
};
const auto call_truncated_svd = [](const auto& a) -> decltype(svdkit::truncated_svd(a, 2)) {
    return svdkit::truncated_svd(a, 2);
};
const auto call_low_rank = [](const auto& a) -> decltype(svdkit::low_rank(a, 2)) { return svdkit::low_rank(a, 2); };
const auto call_low_rank_for_error = [](const auto& a) -> decltype(svdkit::low_rank_for_error(a, 0.5)) {
    return svdkit::low_rank_for_error(a, 0.5);
};
const auto call_randomized_svd = [](const auto& a) -> decltype(svdkit::randomized_svd(a, 2)) {
    return svdkit::randomized_svd(a, 2);
};
const auto call_rank = [](const auto& a) -> decltype(svdkit::rank(a)) { return svdkit::rank(a); };
const auto call_pinv = [](const auto& a) -> decltype(svdkit::pinv(a)) { return svdkit::pinv(a); };
const auto call_lstsq_vector = [](const auto& a) -> decltype(svdkit::lstsq(a, std::vector<double>())) {
    return svdkit::lstsq(a, std::vector<double>{1, -2, 3, -4, 5});
};
const auto call_lstsq_matrix = [](const auto& a) -> decltype(svdkit::lstsq(a, svdkit::matrix<double>())) {
    return svdkit::lstsq(a, svdkit::matrix<double>{{1, 0}, {-2, 1}, {3, 0}, {-4, 1}, {5, 0}});
};
const auto call_null_space = [](const auto& a) -> decltype(svdkit::null_space(a)) { return svdkit::null_space(a); };
const auto call_range = [](const auto& a) -> decltype(svdkit::range(a)) { return svdkit::range(a); };
const auto call_cond = [](const auto& a) -> decltype(svdkit::cond(a)) { return svdkit::cond(a); };
const auto call_norm2 = [](const auto& a) -> decltype(svdkit::norm2(a)) { return svdkit::norm2(a); };
const auto call_write_csv_stream =
    [](const auto& a) -> decltype(svdkit::write_csv(std::declval<std::ostream&>(), a), std::string()) {
    std::ostringstream out;
    svdkit::write_csv(out, a);
    return out.str();
};
const auto call_write_npy_stream =
    [](const auto& a) -> decltype(svdkit::write_npy(std::declval<std::ostream&>(), a), std::string()) {
    std::ostringstream out;
    svdkit::write_npy(out, a);
    return out.str();
};

/// The bytes of the file at `path`, which is then removed.
std::string take_file(const std::string& path) {
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::remove(path.c_str());
    return bytes;
}
const auto call_write_csv_path = [](const auto& a) -> decltype(svdkit::write_csv(std::string(), a), std::string()) {
    const std::string path = "svdkit_matrix_view_entry_points.csv";
    svdkit::write_csv(path, a);
    return take_file(path);
};
const auto call_write_npy_path = [](const auto& a) -> decltype(svdkit::write_npy(std::string(), a), std::string()) {
    const std::string path = "svdkit_matrix_view_entry_points.npy";
    svdkit::write_npy(path, a);
    return take_file(path);
};

/// F takes every kind of matrix argument, as an lvalue, a const lvalue or a temporary, and gives
/// the same result type for all of them.
template <class F>
constexpr bool takes_every_matrix() {
    using M = svdkit::matrix<double>;
    using R = std::invoke_result_t<F, const M&>;
    return std::is_invocable<F, M&>::value && std::is_invocable<F, const M&>::value && std::is_invocable<F, M>::value &&
           std::is_invocable<F, svdkit::matrix_view<double>>::value &&
           std::is_invocable<F, svdkit::matrix_view<const double>>::value &&
           std::is_invocable<F, svdkit::ranked_matrix<double>>::value &&  // a class derived from matrix<T>
           std::is_same<std::invoke_result_t<F, svdkit::matrix_view<double>>, R>::value &&
           std::is_same<std::invoke_result_t<F, svdkit::matrix_view<const double>>, R>::value &&
           std::is_same<std::invoke_result_t<F, M>, R>::value;
}

/// F takes nothing that is not a matrix of float, double or long double.
template <class F>
constexpr bool rejects_non_matrices() {
    return !std::is_invocable<F, int>::value && !std::is_invocable<F, double>::value &&
           !std::is_invocable<F, std::vector<double>>::value && !std::is_invocable<F, const double*>::value &&
           !std::is_invocable<F, Eigen::MatrixXd>::value && !std::is_invocable<F, svdkit::matrix<int>>::value &&
           !std::is_invocable<F, svdkit::matrix_view<const int>>::value;
}

template <class F>
constexpr bool accepts_exactly_matrices() {
    return takes_every_matrix<F>() && rejects_non_matrices<F>();
}

static_assert(accepts_exactly_matrices<decltype(call_svd)>(), "svd(a)");
static_assert(accepts_exactly_matrices<decltype(call_svd_job)>(), "svd(a, job)");
static_assert(accepts_exactly_matrices<decltype(call_svd_options)>(), "svd(a, opts)");
static_assert(accepts_exactly_matrices<decltype(call_svd_workspace)>(), "svd(a, opts, out, ws)");
static_assert(accepts_exactly_matrices<decltype(call_singular_values)>(), "singular_values(a)");
static_assert(accepts_exactly_matrices<decltype(call_singular_values_workspace)>(), "singular_values(a, out, ws)");
static_assert(accepts_exactly_matrices<decltype(call_truncated_svd)>(), "truncated_svd");
static_assert(accepts_exactly_matrices<decltype(call_low_rank)>(), "low_rank");
static_assert(accepts_exactly_matrices<decltype(call_low_rank_for_error)>(), "low_rank_for_error");
static_assert(accepts_exactly_matrices<decltype(call_randomized_svd)>(), "randomized_svd");
static_assert(accepts_exactly_matrices<decltype(call_rank)>(), "rank");
static_assert(accepts_exactly_matrices<decltype(call_pinv)>(), "pinv");
static_assert(accepts_exactly_matrices<decltype(call_lstsq_vector)>(), "lstsq(a, vector)");
static_assert(accepts_exactly_matrices<decltype(call_lstsq_matrix)>(), "lstsq(a, matrix)");
static_assert(accepts_exactly_matrices<decltype(call_null_space)>(), "null_space");
static_assert(accepts_exactly_matrices<decltype(call_range)>(), "range");
static_assert(accepts_exactly_matrices<decltype(call_cond)>(), "cond");
static_assert(accepts_exactly_matrices<decltype(call_norm2)>(), "norm2");
static_assert(accepts_exactly_matrices<decltype(call_write_csv_stream)>(), "write_csv(stream, a)");
static_assert(accepts_exactly_matrices<decltype(call_write_csv_path)>(), "write_csv(path, a)");
static_assert(accepts_exactly_matrices<decltype(call_write_npy_stream)>(), "write_npy(stream, a)");
static_assert(accepts_exactly_matrices<decltype(call_write_npy_path)>(), "write_npy(path, a)");

// The result types, spelled out once (the lambdas above only compare them with each other).
template <class F>
using result_for_matrix = std::invoke_result_t<F, const svdkit::matrix<double>&>;
static_assert(std::is_same<result_for_matrix<decltype(call_svd)>, svdkit::svd_result<double>>::value, "");
static_assert(std::is_same<result_for_matrix<decltype(call_singular_values)>, std::vector<double>>::value, "");
static_assert(std::is_same<result_for_matrix<decltype(call_low_rank_for_error)>,
                           svdkit::low_rank_approximation<double>>::value,
              "");
static_assert(std::is_same<result_for_matrix<decltype(call_rank)>, svdkit::rank_result<double>>::value, "");
static_assert(std::is_same<result_for_matrix<decltype(call_pinv)>, svdkit::ranked_matrix<double>>::value, "");
static_assert(std::is_same<result_for_matrix<decltype(call_lstsq_vector)>,
                           svdkit::lstsq_result<double, std::vector<double>>>::value,
              "");
static_assert(std::is_same<result_for_matrix<decltype(call_lstsq_matrix)>,
                           svdkit::lstsq_result<double, svdkit::matrix<double>>>::value,
              "");
static_assert(std::is_same<result_for_matrix<decltype(call_cond)>, double>::value, "");

// An explicit element type keeps its meaning: svd<double>(x) takes x as a view of double.
static_assert(std::is_same<decltype(svdkit::svd<double>(std::declval<const svdkit::matrix<double>&>())),
                           svdkit::svd_result<double>>::value,
              "");
static_assert(std::is_same<decltype(svdkit::svd<const double>(std::declval<svdkit::matrix_view<const double>>())),
                           svdkit::svd_result<double>>::value,
              "");
static_assert(std::is_same<decltype(svdkit::truncated_svd<float>(std::declval<svdkit::matrix<float>&>(), 1)),
                           svdkit::svd_result<float>>::value,
              "");

/// Bit-for-bit equality of every kind of result.
bool same(double a, double b) { return identical(a, b); }
bool same(const std::string& a, const std::string& b) { return a == b; }
bool same(const std::vector<double>& a, const std::vector<double>& b) { return identical(a, b); }
bool same(const svdkit::matrix<double>& a, const svdkit::matrix<double>& b) { return identical(a, b); }
bool same(const svdkit::svd_result<double>& a, const svdkit::svd_result<double>& b) {
    return identical(a.s, b.s) && identical(a.u, b.u) && identical(a.v, b.v);
}
bool same(const svdkit::rank_result<double>& a, const svdkit::rank_result<double>& b) {
    return a.rank == b.rank && identical(a.threshold, b.threshold);
}
bool same(const svdkit::ranked_matrix<double>& a, const svdkit::ranked_matrix<double>& b) {
    return same(static_cast<const svdkit::matrix<double>&>(a), static_cast<const svdkit::matrix<double>&>(b)) &&
           a.rank == b.rank && identical(a.threshold, b.threshold);
}
template <class X>
bool same(const svdkit::lstsq_result<double, X>& a, const svdkit::lstsq_result<double, X>& b) {
    return same(a.x, b.x) && a.rank == b.rank && identical(a.threshold, b.threshold) &&
           identical(a.singular_values, b.singular_values) && identical(a.residual_norms, b.residual_norms);
}
bool same(const svdkit::low_rank_approximation<double>& a, const svdkit::low_rank_approximation<double>& b) {
    return identical(a.approximation, b.approximation) && identical(a.factors.u, b.factors.u) &&
           identical(a.factors.s, b.factors.s) && identical(a.factors.v, b.factors.v) && a.k == b.k &&
           identical(a.error_2, b.error_2) && identical(a.error_f, b.error_f) &&
           identical(a.fraction_kept, b.fraction_kept) && identical(a.threshold, b.threshold) &&
           identical(a.singular_values, b.singular_values);
}

/// `call` gives the same bits for `a` as a matrix<double> (lvalue and temporary), as a
/// matrix_view<double>, as a matrix_view<const double>, and as a row-major view of a copy.
template <class F>
void require_same_for_every_argument(const char* what, const F& call, const svdkit::matrix<double>& a) {
    INFO(what);
    svdkit::matrix<double> mutable_copy = a;
    const svdkit::matrix_view<double> mutable_view = mutable_copy.view();
    const svdkit::matrix_view<const double> const_view = a.view();
    std::vector<double> row_major(a.size());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) row_major[i * a.cols() + j] = a(i, j);
    const svdkit::matrix_view<const double> row_major_view(row_major.data(), a.rows(), a.cols(),
                                                           svdkit::layout::row_major);
    const auto expected = call(a);
    CHECK(same(call(svdkit::matrix<double>(a)), expected));
    CHECK(same(call(mutable_view), expected));
    CHECK(same(call(const_view), expected));
    CHECK(same(call(row_major_view), expected));
}

}  // namespace

TEST_CASE("views: every entry point gives the same bits for a matrix, a view and a read-only view",
          "[views][entry_points]") {
    rng_t rng(808);
    // 5×4 of rank 3 (column 3 = column 0 + column 1), so null_space and range are not trivial.
    svdkit::matrix<double> a = to_svdkit(gaussian<double>(5, 4, rng));
    for (std::size_t i = 0; i < 5; ++i) a(i, 3) = a(i, 0) + a(i, 1);
    REQUIRE(svdkit::rank(a) == 3);
    require_same_for_every_argument("svd(a)", call_svd, a);
    require_same_for_every_argument("svd(a, job)", call_svd_job, a);
    require_same_for_every_argument("svd(a, opts)", call_svd_options, a);
    require_same_for_every_argument("svd(a, opts, out, ws)", call_svd_workspace, a);
    require_same_for_every_argument("singular_values(a)", call_singular_values, a);
    require_same_for_every_argument("singular_values(a, out, ws)", call_singular_values_workspace, a);
    require_same_for_every_argument("truncated_svd", call_truncated_svd, a);
    require_same_for_every_argument("low_rank", call_low_rank, a);
    require_same_for_every_argument("low_rank_for_error", call_low_rank_for_error, a);
    require_same_for_every_argument("randomized_svd", call_randomized_svd, a);
    require_same_for_every_argument("rank", call_rank, a);
    require_same_for_every_argument("pinv", call_pinv, a);
    require_same_for_every_argument("lstsq(a, vector)", call_lstsq_vector, a);
    require_same_for_every_argument("lstsq(a, matrix)", call_lstsq_matrix, a);
    require_same_for_every_argument("null_space", call_null_space, a);
    require_same_for_every_argument("range", call_range, a);
    require_same_for_every_argument("cond", call_cond, a);
    require_same_for_every_argument("norm2", call_norm2, a);
    require_same_for_every_argument("write_csv(stream, a)", call_write_csv_stream, a);
    require_same_for_every_argument("write_csv(path, a)", call_write_csv_path, a);
    require_same_for_every_argument("write_npy(stream, a)", call_write_npy_stream, a);
    require_same_for_every_argument("write_npy(path, a)", call_write_npy_path, a);
    // The results are not empty: a comparison of nothing would pass anyway.
    CHECK(call_null_space(a).cols() == 1);
    CHECK(call_write_csv_path(a).size() > 20);
    CHECK(call_write_npy_path(a).size() == 128 + 5 * 4 * 8);
}

TEST_CASE("views: explicit element types and braced arguments keep their meaning", "[views][entry_points]") {
    const svdkit::matrix<double> a{{3, 0}, {4, 5}};
    const svdkit::svd_result<double> r = svdkit::svd(a);
    // svd<double>(x): x taken as a view of double (a matrix, a view, or braces building a matrix).
    CHECK(same(svdkit::svd<double>(a), r));
    CHECK(same(svdkit::svd<const double>(a.view()), r));
    CHECK(same(svdkit::svd<double>({{3, 0}, {4, 5}}), r));
    CHECK(identical(svdkit::singular_values<double>({{3, 0}, {4, 5}}), r.s));
    CHECK(same(svdkit::truncated_svd<double>(a, 1).u, svdkit::truncated_svd(a, 1).u));
    // A temporary argument lives until the result has been copied out.
    CHECK(same(svdkit::svd(svdkit::matrix<double>{{3, 0}, {4, 5}}), r));
    CHECK(same(svdkit::pinv(svdkit::matrix<double>(a)), svdkit::pinv(a)));
    // A braced b is the std::vector right-hand side.
    CHECK(same(svdkit::lstsq(a, {1.0, 2.0}), svdkit::lstsq(a, std::vector<double>{1, 2})));
    CHECK(svdkit::lstsq(a, {1.0, 2.0}).x.size() == 2);
}
