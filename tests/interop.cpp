// Tests zero-copy interop (issue 7): svdkit::matrix_view over memory svdkit does not own -
// an Eigen::MatrixXd, a row-major Eigen matrix, an Eigen::Map, a plain row-major double* -
// must give bit for bit the result of the same numbers copied into a svdkit::matrix<double>.
// The pattern is the one examples/eigen_interop.cpp shows.
#include <catch2/catch.hpp>

#include <cstddef>  // std::size_t, std::ptrdiff_t
#include <cstring>  // std::memcmp
#include <vector>   // std::vector

#include <Eigen/Dense>

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"
#include "measures.hpp"

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_bits(const svdkit::matrix<double>& a, const svdkit::matrix<double>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i)
            if (std::memcmp(&a(i, j), &b(i, j), sizeof(double)) != 0) return false;
    return true;
}

/// The reference: the entries of `view` copied one by one into a matrix<double>.
svdkit::matrix<double> copy_of(const svdkit::matrix_view<const double>& view) {
    svdkit::matrix<double> m(view.rows(), view.cols());
    for (std::size_t j = 0; j < view.cols(); ++j)
        for (std::size_t i = 0; i < view.rows(); ++i) m(i, j) = view(i, j);
    return m;
}

void require_same_as_copy(const svdkit::matrix_view<const double>& view) {
    for (svdkit::vectors job : {svdkit::vectors::thin, svdkit::vectors::full, svdkit::vectors::none}) {
        const svdkit::svd_result<double> from_view = svdkit::svd(view, job);
        const svdkit::svd_result<double> from_copy = svdkit::svd(copy_of(view), job);
        INFO("job = " << static_cast<int>(job) << ", " << view.rows() << "x" << view.cols());
        REQUIRE(from_view.s.size() == (view.rows() < view.cols() ? view.rows() : view.cols()));
        CHECK(same_bits(from_view.s, from_copy.s));
        CHECK(same_bits(from_view.u, from_copy.u));
        CHECK(same_bits(from_view.v, from_copy.v));
    }
}

}  // namespace

TEST_CASE("Eigen::MatrixXd (column-major) wrapped without a copy", "[interop][eigen]") {
    const auto rows = GENERATE(1, 3, 7, 20);
    const auto cols = GENERATE(1, 2, 7, 13);
    Eigen::MatrixXd m = Eigen::MatrixXd::Random(rows, cols);
    svdkit::matrix_view<const double> view(m.data(), m.rows(), m.cols(), 1, m.outerStride());
    REQUIRE(view(static_cast<std::size_t>(rows - 1), 0) == m(rows - 1, 0));
    require_same_as_copy(view);
}

TEST_CASE("row-major Eigen matrix wrapped without a copy", "[interop][eigen]") {
    const auto rows = GENERATE(1, 3, 20);
    const auto cols = GENERATE(1, 2, 13);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m =
        Eigen::MatrixXd::Random(rows, cols);
    svdkit::matrix_view<const double> view(m.data(), m.rows(), m.cols(), m.outerStride(), 1);
    REQUIRE(view(0, static_cast<std::size_t>(cols - 1)) == m(0, cols - 1));
    require_same_as_copy(view);
}

TEST_CASE("a block of an Eigen matrix, through Eigen's strides", "[interop][eigen]") {
    Eigen::MatrixXd m = Eigen::MatrixXd::Random(11, 9);
    auto block = m.block(2, 3, 6, 4);  // outerStride() is 11, not 6
    svdkit::matrix_view<const double> view(block.data(), block.rows(), block.cols(), block.innerStride(),
                                           block.outerStride());
    require_same_as_copy(view);
    // And the result is right: the singular values of the block to the suite's normwise bound,
    // max|s_k − σ_k|/(σ_1·max(m, n)·ε) <= value_error_bound(m, n), against the oracle (Eigen in
    // a wider type).
    const std::vector<double> s = svdkit::singular_values(view);
    const Eigen::MatrixXd copy = block;
    const long double ratio = svdkit_test::value_error_ratio(s, svdkit_test::oracle_values(copy), 6, 4);
    INFO("value error ratio " << static_cast<double>(ratio));
    CHECK(ratio <= svdkit_test::value_error_bound(6, 4));
}

TEST_CASE("Eigen::Map over a caller's buffer", "[interop][eigen]") {
    std::vector<double> buffer(5 * 3);
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<double>((i * 7) % 11) - 5.0;
    Eigen::Map<const Eigen::MatrixXd> map(buffer.data(), 5, 3);
    svdkit::matrix_view<const double> view(map.data(), map.rows(), map.cols(), 1, map.outerStride());
    require_same_as_copy(view);
}

TEST_CASE("raw row-major double* buffer", "[interop][raw]") {
    const std::size_t rows = 6, cols = 4;
    std::vector<double> buffer(rows * cols);
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = 1.0 / static_cast<double>(i + 1) - 0.1;
    const double* data = buffer.data();
    svdkit::matrix_view<const double> dense(data, rows, cols, svdkit::layout::row_major);
    svdkit::matrix_view<const double> strided(data, rows, cols, static_cast<std::ptrdiff_t>(cols), 1);
    REQUIRE(dense(1, 2) == buffer[1 * cols + 2]);
    require_same_as_copy(dense);
    require_same_as_copy(strided);
}
