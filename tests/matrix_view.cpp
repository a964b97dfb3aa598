// Tests include/svdkit/matrix.hpp's views as inputs to svd(): row-major buffers, sub-blocks by
// strides and by block(), Eigen matrices wrapped without a copy, negative strides, and
// transposed views. A view must give bit for bit the result of the same matrix copied into a
// matrix<T> (svd() reads its input once into its own workspace, whatever the layout).
#include <catch2/catch.hpp>

#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <vector>   // std::vector

#include <Eigen/Dense>

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
