// Tests the block products that partial_svd's speed rests on (issue 18): the skinny kernels
// (detail/kernels/skinny.hpp) behind detail::apply_narrow on dense blocks of 2–16 vectors, csr_view's
// row-major block path, partial_svd's one-sided reorthogonalization and in-cycle stopping
// (partial_options::reorthogonalize_both), and its block Lanczos process (partial_options::
// block_size: k below, at and past the block, b past the rank, a small subspace) against the
// dense svd().
//
// Units, with d the length of the sums, ε = ε_T:
//   product   max |Y − Y_ref| / (γ·‖a_row‖·‖x_col‖) <= 1, γ = d·rounding_allowance·ε (a dot product's
//             rounding bound, entry by entry; Y_ref summed in long double)
//   csr block the same bits as the product taken one column at a time (documented: same sums, same order)
//   partial   residual ‖Aᵀu_i − σ_i·v_i‖ / (σ₀·ε) <= 8 + d·rounding_allowance, values against the dense
//             svd() within that plus d·value_error_bound, ‖I − UᵀU‖_F / (k·ε) <= orthogonality_bound.
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::abs, std::cos, std::exp, std::log, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::int64_t, std::uint64_t
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bounds.hpp"

using svdkit_test::orthogonality_bound;
using svdkit_test::rounding_allowance;
using svdkit_test::value_error_bound;

namespace {

double gauss(std::mt19937_64& g) {
    const double u1 = (static_cast<double>(g() >> 11) + 1) * 0x1.0p-53, u2 = static_cast<double>(g() >> 11) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

template <class T>
svdkit::matrix<T> random_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    svdkit::matrix<T> a(m, n);
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<T>(gauss(g));
    return a;
}

// max over entries of |y − Σ a·x| / (d·rounding_allowance·ε·Σ|a·x|): 1 is the dot product bound.
template <class T, class A>
long double product_ratio(const A& a, bool transpose, const svdkit::matrix<T>& x, const svdkit::matrix<T>& y) {
    const std::size_t rows = transpose ? a.cols() : a.rows(), inner = transpose ? a.rows() : a.cols();
    const long double eps = std::numeric_limits<T>::epsilon();
    long double worst = 0;
    for (std::size_t c = 0; c < x.cols(); ++c)
        for (std::size_t i = 0; i < rows; ++i) {
            long double s = 0, sa = 0;
            for (std::size_t j = 0; j < inner; ++j) {
                const long double t = static_cast<long double>(transpose ? a(j, i) : a(i, j)) * x(j, c);
                s += t;
                sa += std::abs(t);
            }
            const long double scale = static_cast<long double>(inner) * rounding_allowance * eps * sa;
            const long double err = std::abs(static_cast<long double>(y(i, c)) - s);
            worst = std::max(worst, scale > 0 ? err / scale : (err > 0 ? 1e30L : 0.0L));
        }
    return worst;
}

template <class T>
void check_dense_blocks() {
    // shapes around the kernels' four-column steps and vector lengths; b across the skinny range
    // and past it (gemm), both storage orders
    for (const auto& mn : std::vector<std::pair<std::size_t, std::size_t>>{{37, 13}, {64, 8}, {9, 30}, {130, 67}}) {
        const std::size_t m = mn.first, n = mn.second;
        const svdkit::matrix<T> a = random_matrix<T>(m, n, 7 * m + n);
        svdkit::matrix<T> at(n, m);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) at(j, i) = a(i, j);
        const svdkit::matrix_view<const T> col_major = a.view(), row_major = at.view().transpose();
        for (const auto& view : {col_major, row_major}) {
            const svdkit::dense_operator<T> op(view);
            for (std::size_t b : {1u, 2u, 3u, 4u, 5u, 8u, 15u, 16u, 17u}) {
                const svdkit::matrix<T> x = random_matrix<T>(n, b, b), xt = random_matrix<T>(m, b, b + 100);
                svdkit::matrix<T> y(m, b), yt(n, b);
                op.apply(x, y);
                op.apply_transpose(xt, yt);
                INFO(m << "x" << n << ", b = " << b << (view.row_stride() == 1 ? ", column-major" : ", row-major"));
                CHECK(product_ratio(a, false, x, y) <= 1);
                CHECK(product_ratio(a, true, xt, yt) <= 1);
                // the same through apply_narrow (the skinny kernels for 2 <= b <= 16)
                svdkit::matrix<T> yn(m, b), ytn(n, b);
                svdkit::detail::apply_narrow(op, false, x, yn);
                svdkit::detail::apply_narrow(op, true, xt, ytn);
                CHECK(product_ratio(a, false, x, yn) <= 1);
                CHECK(product_ratio(a, true, xt, ytn) <= 1);
            }
        }
    }
}

template <class Index>
void check_csr_blocks() {
    const std::size_t m = 53, n = 29;
    std::mt19937_64 g(5);
    std::vector<Index> ptr{0}, idx;
    std::vector<double> val;
    svdkit::matrix<double> dense(m, n);
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j < n; ++j)
            if ((g() >> 11) % 5 == 0) {
                idx.push_back(static_cast<Index>(j));
                val.push_back(gauss(g));
                dense(i, j) += val.back();
            }
        if (i % 7 == 3) {  // a repeated index: entries add up
            idx.push_back(0);
            val.push_back(1.5);
            dense(i, 0) += 1.5;
        }
        ptr.push_back(static_cast<Index>(idx.size()));
    }
    const svdkit::csr_view<double, Index> a(m, n, ptr.data(), idx.data(), val.data());
    for (std::size_t b : {2u, 5u, 16u, 17u, 33u}) {  // within, at and past the block width
        const svdkit::matrix<double> x = random_matrix<double>(n, b, b), xt = random_matrix<double>(m, b, b + 1);
        svdkit::matrix<double> y(m, b), yt(n, b);
        a.apply(x, y);
        a.apply_transpose(xt, yt);
        INFO("b = " << b);
        CHECK(product_ratio(dense, false, x, y) <= 1);
        CHECK(product_ratio(dense, true, xt, yt) <= 1);
        bool same = true;
        for (std::size_t c = 0; c < b; ++c) {
            svdkit::matrix<double> x1(n, 1), y1(m, 1), xt1(m, 1), yt1(n, 1);
            for (std::size_t j = 0; j < n; ++j) x1(j, 0) = x(j, c);
            for (std::size_t i = 0; i < m; ++i) xt1(i, 0) = xt(i, c);
            a.apply(x1, y1);
            a.apply_transpose(xt1, yt1);
            for (std::size_t i = 0; i < m; ++i) same = same && y1(i, 0) == y(i, c);
            for (std::size_t j = 0; j < n; ++j) same = same && yt1(j, 0) == yt(j, c);
        }
        CHECK(same);
    }
}

// partial_svd against the dense svd(): values, residuals (reported and measured), orthogonality.
template <class Op>
void check_partial(const Op& op, const svdkit::matrix<double>& dense, std::size_t k, const svdkit::partial_options& o) {
    const std::size_t m = dense.rows(), n = dense.cols(), d = std::max(m, n);
    const long double eps = std::numeric_limits<double>::epsilon();
    const auto r = svdkit::partial_svd(op, k, o);
    const auto full = svdkit::singular_values(dense);
    REQUIRE(r.s.size() == k);
    const long double s0 = full[0];
    const long double rb = 8 + static_cast<long double>(d) * rounding_allowance;
    const long double vb = rb + static_cast<long double>(d) * value_error_bound(m, n);
    long double worst_value = 0, worst_residual = 0, worst_atu = 0;
    for (std::size_t i = 0; i < k; ++i) {
        worst_value = std::max(worst_value, std::abs(static_cast<long double>(r.s[i]) - full[i]) / (s0 * eps));
        worst_residual = std::max(worst_residual, static_cast<long double>(r.residuals[i]) / (s0 * eps));
        long double atu = 0;
        for (std::size_t c = 0; c < n; ++c) {
            long double x = 0;
            for (std::size_t q = 0; q < m; ++q) x += static_cast<long double>(dense(q, c)) * r.u(q, i);
            x -= static_cast<long double>(r.s[i]) * r.v(c, i);
            atu += x * x;
        }
        worst_atu = std::max(worst_atu, std::sqrt(atu) / (s0 * eps));
    }
    long double ou = 0, ov = 0;
    for (std::size_t a = 0; a < k; ++a)
        for (std::size_t b = 0; b < k; ++b) {
            long double du = 0, dv = 0;
            for (std::size_t i = 0; i < m; ++i) du += static_cast<long double>(r.u(i, a)) * r.u(i, b);
            for (std::size_t i = 0; i < n; ++i) dv += static_cast<long double>(r.v(i, a)) * r.v(i, b);
            ou += ((a == b) - du) * ((a == b) - du);
            dv = (a == b) - dv;
            ov += dv * dv;
        }
    INFO(m << "x" << n << ", k = " << k << (o.reorthogonalize_both ? ", both sides" : ", one-sided") << ": value "
           << static_cast<double>(worst_value) << " (bound " << static_cast<double>(vb) << "), residual "
           << static_cast<double>(worst_residual) << ", ‖Aᵀu − σv‖ measured " << static_cast<double>(worst_atu)
           << " (bound " << static_cast<double>(rb) << "), products " << r.products << ", restarts " << r.restarts);
    CHECK(worst_value <= vb);
    CHECK(worst_residual <= rb);
    CHECK(worst_atu <= rb);
    CHECK(std::sqrt(ou) / (static_cast<long double>(k) * eps) <= orthogonality_bound);
    CHECK(std::sqrt(ov) / (static_cast<long double>(k) * eps) <= orthogonality_bound);
}

}  // namespace

TEST_CASE("dense_operator: blocks through the skinny kernels match the dot product bound", "[block_products]") {
    check_dense_blocks<double>();
    check_dense_blocks<float>();
}

TEST_CASE("csr_view: block products equal the column-by-column ones, bit for bit", "[block_products][sparse]") {
    check_csr_blocks<std::int64_t>();
    check_csr_blocks<int>();
}

TEST_CASE("partial_svd: one-sided and two-sided reorthogonalization meet the same contract", "[block_products]") {
    // very rectangular both ways (the long side is the one left to the recurrence), a slow and a
    // fast decay (U's loss of orthogonality grows with the condition of B), dense and CSR
    for (bool both : {false, true}) {
        svdkit::partial_options o;
        o.reorthogonalize_both = both;
        for (const double rate : {0.97, 0.6}) {
            svdkit::matrix<double> tall = random_matrix<double>(600, 60, 11);
            for (std::size_t j = 0; j < 60; ++j)
                for (std::size_t i = 0; i < 600; ++i) tall(i, j) *= std::pow(rate, double(j));
            svdkit::matrix<double> wide(60, 600);
            for (std::size_t j = 0; j < 60; ++j)
                for (std::size_t i = 0; i < 600; ++i) wide(j, i) = tall(i, j);
            check_partial(svdkit::make_operator(tall), tall, 8, o);
            check_partial(svdkit::make_operator(wide), wide, 15, o);
        }
        // a sparse 400×50 with 10 % entries
        std::mt19937_64 g(3);
        std::vector<std::int64_t> ptr{0}, idx;
        std::vector<double> val;
        svdkit::matrix<double> dense(400, 50);
        for (std::size_t i = 0; i < 400; ++i) {
            for (std::size_t j = 0; j < 50; ++j)
                if ((g() >> 11) % 10 == 0) {
                    idx.push_back(static_cast<std::int64_t>(j));
                    val.push_back(gauss(g) * std::pow(0.9, double(j)));
                    dense(i, j) = val.back();
                }
            ptr.push_back(static_cast<std::int64_t>(idx.size()));
        }
        check_partial(svdkit::csr_view<double>(400, 50, ptr.data(), idx.data(), val.data()), dense, 6, o);
    }
    // same seed, same bits, in either mode
    const svdkit::matrix<double> a = random_matrix<double>(300, 40, 9);
    for (bool both : {false, true}) {
        svdkit::partial_options o;
        o.reorthogonalize_both = both;
        const auto r1 = svdkit::partial_svd(a, 5, o), r2 = svdkit::partial_svd(a, 5, o);
        CHECK(r1.s == r2.s);
        CHECK(r1.products == r2.products);
    }
}

TEST_CASE("partial_svd: block Lanczos (block_size) meets the same contract at the block's edge cases",
          "[block_products]") {
    // k < b, k not a multiple of b, b past the rank (breakdowns inside the first block's QR), a
    // subspace too small for the block (b reduced), both reorthogonalization modes, dense and CSR
    svdkit::matrix<double> tall = random_matrix<double>(300, 70, 21);
    for (std::size_t j = 0; j < 70; ++j)
        for (std::size_t i = 0; i < 300; ++i) tall(i, j) *= std::pow(0.9, double(j));
    svdkit::matrix<double> wide(70, 300);
    for (std::size_t j = 0; j < 70; ++j)
        for (std::size_t i = 0; i < 300; ++i) wide(j, i) = tall(i, j);
    svdkit::matrix<double> rank3(120, 60);  // three outer products: rank 3, k up to 5 > rank
    for (std::size_t t = 0; t < 3; ++t) {
        const svdkit::matrix<double> x = random_matrix<double>(120, 1, 40 + t), y = random_matrix<double>(60, 1, 50 + t);
        for (std::size_t j = 0; j < 60; ++j)
            for (std::size_t i = 0; i < 120; ++i) rank3(i, j) += std::pow(0.5, double(t)) * x(i, 0) * y(j, 0);
    }
    for (bool both : {false, true})
        for (std::size_t b : {2u, 3u, 4u, 8u}) {
            svdkit::partial_options o;
            o.block_size = b;
            o.reorthogonalize_both = both;
            check_partial(svdkit::make_operator(tall), tall, 2, o);  // k < b for b > 2
            check_partial(svdkit::make_operator(tall), tall, 7, o);  // k not a multiple of b
            check_partial(svdkit::make_operator(wide), wide, 5, o);
            check_partial(svdkit::make_operator(rank3), rank3, 5, o);  // b and k past the rank
            o.subspace = 9;  // at most subspace − k = 2 per block
            check_partial(svdkit::make_operator(tall), tall, 7, o);
        }
    // a triple top value across the k = 2 boundary: a block of 3 sees all three copies
    svdkit::matrix<double> d(90, 70);
    for (std::size_t i = 0; i < 70; ++i) d(i, i) = i < 3 ? 1.0 : 0.5 * std::pow(0.98, double(i));
    svdkit::partial_options o3;
    o3.block_size = 3;
    for (std::size_t k : {1u, 2u, 3u, 4u}) check_partial(svdkit::make_operator(d), d, k, o3);
    // same seed, same bits; the iteration bound still ends in no_convergence
    const svdkit::matrix<double> a = random_matrix<double>(300, 40, 9);
    const auto r1 = svdkit::partial_svd(a, 5, o3), r2 = svdkit::partial_svd(a, 5, o3);
    CHECK(r1.s == r2.s);
    CHECK(std::equal(r1.u.data(), r1.u.data() + r1.u.size(), r2.u.data()));
    svdkit::partial_options bound = o3;
    bound.max_restarts = 1;
    bound.subspace = 8;
    CHECK_THROWS_AS(svdkit::partial_svd(random_matrix<double>(200, 150, 4), 5, bound), svdkit::no_convergence);
}

TEST_CASE("partial_svd: the default block rule, and the shape it picks run on a small matrix", "[block_products]") {
    // The rule engages only on dense operators of 32 MiB or more, which no unit test should
    // decompose; so the rule is checked as a function, and the shape it picks (block 6, subspace
    // k + 48) is run on a small matrix through the options.
    using svdkit::detail::choose_lanczos_shape;
    svdkit::partial_options o;
    auto s = choose_lanczos_shape(o, 10, 4000, 2000, sizeof(double), true);  // 61 MiB
    CHECK(s.block == 6);
    CHECK(s.subspace == 58);  // raised from max(2k, k + 16) = 26 to k + 8 blocks
    s = choose_lanczos_shape(o, 50, 4000, 2000, sizeof(double), true);
    CHECK(s.block == 6);
    CHECK(s.subspace == 100);  // 2k is already past k + 48
    s = choose_lanczos_shape(o, 10, 4096, 1024, sizeof(double), true);  // exactly 32 MiB
    CHECK(s.block == 6);
    s = choose_lanczos_shape(o, 10, 4095, 1024, sizeof(double), true);  // just below
    CHECK(s.block == 1);
    CHECK(s.subspace == 26);
    s = choose_lanczos_shape(o, 10, 4000, 2000, sizeof(float), true);  // 30.5 MiB of float
    CHECK(s.block == 1);
    s = choose_lanczos_shape(o, 10, 4000, 2000, sizeof(double), false);  // the same size, not dense
    CHECK(s.block == 1);
    CHECK(s.subspace == 26);
    s = choose_lanczos_shape(o, 10, 800000, 50, sizeof(double), true);  // k + 48 >= min(m, n): not raised
    CHECK(s.subspace == 26);
    CHECK(s.block == 1);  // 16 past k: too few blocks
    o.subspace = 45;  // a given subspace takes the block with 36 (6 blocks) past k
    s = choose_lanczos_shape(o, 10, 4000, 2000, sizeof(double), true);
    CHECK(s.subspace == 45);
    CHECK(s.block == 1);
    o.subspace = 46;
    s = choose_lanczos_shape(o, 10, 4000, 2000, sizeof(double), true);
    CHECK(s.subspace == 46);
    CHECK(s.block == 6);
    o.subspace = 60;  // a given block is clamped to subspace − k, subspace / 2 and 16
    o.block_size = 40;
    CHECK(choose_lanczos_shape(o, 10, 500, 300, sizeof(double), false).block == 16);
    o.subspace = 20;
    CHECK(choose_lanczos_shape(o, 10, 500, 300, sizeof(double), false).block == 10);
    o.subspace = 5;  // raised to k + 1: one vector past k
    s = choose_lanczos_shape(o, 10, 500, 300, sizeof(double), false);
    CHECK(s.subspace == 11);
    CHECK(s.block == 1);

    svdkit::matrix<double> a = random_matrix<double>(900, 400, 61);  // σ decaying as the bench's
    for (std::size_t j = 0; j < 400; ++j)
        for (std::size_t i = 0; i < 900; ++i) a(i, j) *= std::exp(-double(j) / 10);
    svdkit::partial_options picked;
    picked.block_size = 6;
    picked.subspace = 58;
    check_partial(svdkit::make_operator(a), a, 10, picked);
    picked.subspace = 100;
    check_partial(svdkit::make_operator(a), a, 50, picked);
}
