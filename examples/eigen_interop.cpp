// svdkit on Eigen's matrices without copying them: a matrix_view over Eigen-owned memory.
//
// A svdkit::matrix_view is a pointer plus (rows, cols, row_stride, col_stride), in elements.
// An Eigen dense matrix is exactly that: column-major has row stride 1 and column stride
// outerStride(); row-major has row stride outerStride() and column stride 1. So svd() reads
// Eigen's storage directly; the only allocations are svd()'s own (its result and workspace).
// Built only when Eigen 3 is installed; svdkit itself never needs Eigen.
#include <cstdio>

#include <Eigen/Dense>

#include <svdkit/svdkit.hpp>

int main() {
    // Column-major (Eigen's default).
    Eigen::MatrixXd m(3, 2);
    m << 1, 2,
         3, 4,
         5, 6;
    svdkit::matrix_view<const double> a(m.data(), m.rows(), m.cols(), 1, m.outerStride());
    svdkit::svd_result<double> r = svdkit::svd(a);
    std::printf("column-major: singular values %.4f %.4f\n", r.s[0], r.s[1]);

    // Row-major: the strides swap.
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m;
    svdkit::matrix_view<const double> b(rm.data(), rm.rows(), rm.cols(), rm.outerStride(), 1);
    svdkit::svd_result<double> q = svdkit::svd(b);
    std::printf("row-major:    singular values %.4f %.4f\n", q.s[0], q.s[1]);

    // The factors are svdkit::matrix<double>, column-major; Eigen can map them back, again
    // without a copy, to check A = U·diag(s)·Vᵀ in Eigen's own arithmetic.
    Eigen::Map<const Eigen::MatrixXd> u(r.u.data(), static_cast<Eigen::Index>(r.u.rows()),
                                        static_cast<Eigen::Index>(r.u.cols()));
    Eigen::Map<const Eigen::MatrixXd> v(r.v.data(), static_cast<Eigen::Index>(r.v.rows()),
                                        static_cast<Eigen::Index>(r.v.cols()));
    Eigen::Map<const Eigen::VectorXd> s(r.s.data(), static_cast<Eigen::Index>(r.s.size()));
    const double error = (u * s.asDiagonal() * v.transpose() - m).norm() / m.norm();
    const bool same = r.s == q.s;  // same numbers in, same bits out, whatever the layout
    std::printf("||A - U S V^T|| / ||A|| = %.1e; row-major gives identical values: %s\n", error,
                same ? "yes" : "no");
    return error < 1e-14 && same ? 0 : 1;
}
