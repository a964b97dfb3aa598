// Tests complex matrices outside the decomposition (issue 21): matrix<std::complex<R>> and views
// of interleaved complex memory (matrix.hpp), .npy files of complex dtypes (io/npy.hpp,
// io/npy_rows.hpp, and files written by NumPy: tests/data/complex_npy/make_files.py), and the
// products: multiply, frobenius_norm, reconstruct (products.hpp) and dense_operator / centered
// (operator.hpp), whose apply_transpose is the adjoint for complex T.
//
// Units, ε = ε_R of the real type R, products against a reference loop in __float128:
//   product    |C − C_ref|_ij / (ε·(|A|·|B|)_ij) <= 3·(k + 4), |·| the modulus. Each part of a
//              complex dot product of length k is a real one of length 2k: the schoolbook product
//              errs by at most √2·γ_{k+1} in modulus; Gauss's 3M form (Higham, "Accuracy and
//              Stability of Numerical Algorithms", 2nd ed., §23.2.4), which a fast kernel may use,
//              by at most 2·(k + 4)·ε in each part, since |Re z| + |Im z| <= √2·|z|; 2√2 < 3.
//              The reference sums in __float128 (113 bits; long double where that is as wide:
//              then its own rounding adds at most the schoolbook bound, still under this one).
//   norm       |‖A‖_F − ref| / (ε·ref) <= 2 + rows·cols (the real bound for the 2·rows·cols parts)
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::abs, std::isinf, std::isnan, std::ldexp, std::sqrt
#include <complex>    // std::complex, std::conj
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::remove
#include <cstring>    // std::memcpy
#include <fstream>    // std::ifstream
#include <iterator>   // std::istreambuf_iterator
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <sstream>    // std::stringstream
#include <stdexcept>  // std::invalid_argument, std::out_of_range
#include <string>     // std::string
#include <type_traits>  // std::is_same
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

#include "bidiagonal_reference.hpp"
#include "ratio_report.hpp"

using Catch::Matchers::Contains;

namespace {

template <class C>
using real_t = typename C::value_type;

template <class C>
long double eps() {
    return std::numeric_limits<real_t<C>>::epsilon();
}

// Entries with both parts uniform in [-1, 1).
template <class C>
svdkit::matrix<C> uniform(std::size_t m, std::size_t n, std::uint64_t seed) {
    using R = real_t<C>;
    std::mt19937_64 g(seed);
    auto u = [&g] { return static_cast<R>(static_cast<double>(g() >> 11) * 0x1.0p-53 * 2 - 1); };
    svdkit::matrix<C> a(m, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            const R re = u();
            a(i, j) = C(re, u());
        }
    return a;
}

using W = std::complex<long double>;

template <class C>
W wide(const C& z) {
    return {static_cast<long double>(z.real()), static_cast<long double>(z.imag())};
}

// The reference's working type: __float128 where it is wider than long double (bidiagonal_reference.hpp).
using Q = svdkit_test::reference_real;

// Worst |C − C_ref|_ij / (ε·(|A|·|B|)_ij) over the entries, C_ref = Σ_l a_il·b_lj summed in Q.
// `conj_a`: the reference uses conj(a_il) (a product with an adjoint). An entry whose (|A|·|B|)_ij
// is 0 must be exactly 0.
template <class C>
std::string type_name() {
    return sizeof(real_t<C>) == 4 ? "complex<float>" : sizeof(real_t<C>) == 8 ? "complex<double>" : "complex<long double>";
}

template <class C, class VA, class VB>
long double product_ratio(const char* what, const svdkit::matrix<C>& c, const VA& a, const VB& b,
                          bool conj_a = false) {
    REQUIRE(c.rows() == a.rows());
    REQUIRE(c.cols() == b.cols());
    REQUIRE(a.cols() == b.rows());
    long double worst = 0;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < b.cols(); ++j) {
            Q s_re = 0, s_im = 0;
            long double abs_s = 0;
            for (std::size_t l = 0; l < a.cols(); ++l) {
                const W x = conj_a ? std::conj(wide(a(i, l))) : wide(a(i, l)), y = wide(b(l, j));
                const Q xr = x.real(), xi = x.imag(), yr = y.real(), yi = y.imag();
                s_re += xr * yr - xi * yi;
                s_im += xr * yi + xi * yr;
                abs_s += std::abs(x) * std::abs(y);
            }
            const W cij = wide(c(i, j));
            const long double err = std::hypot(static_cast<long double>(Q(cij.real()) - s_re),
                                               static_cast<long double>(Q(cij.imag()) - s_im));
            if (abs_s == 0) {
                CHECK(err == 0);
                continue;
            }
            worst = std::max(worst, err / (abs_s * eps<C>()));
        }
    // in the report: the ratio per (k + 4), k = a.cols(), whose bound is 3 (the products' unit above)
    svdkit_test::note_ratio(what, type_name<C>(), "|C-ref|/((k+4)e|A||B|)",
                            worst / (static_cast<long double>(a.cols()) + 4), "");
    return worst;
}

long double product_bound(std::size_t k) { return 3.0L * (static_cast<long double>(k) + 4); }

// A k×n view of the conjugate transpose of a (a copy: views cannot conjugate), for references.
template <class C>
svdkit::matrix<C> adjoint_of(const svdkit::matrix<C>& a) {
    svdkit::matrix<C> h(a.cols(), a.rows());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) h(j, i) = std::conj(a(i, j));
    return h;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string data_file(const std::string& name) { return std::string(SVDKIT_TEST_DATA_DIR) + "/complex_npy/" + name; }

template <class T>
svdkit::matrix<T> read_bytes(const std::string& bytes) {
    std::stringstream s(bytes);
    return svdkit::read_npy<T>(s);
}

template <class T>
std::string read_error(const std::string& bytes) {
    try {
        (void)read_bytes<T>(bytes);
    } catch (const svdkit::io_error& e) {
        return e.what();
    }
    return "no error";
}

// A version 1.0 .npy stream with the given header dict and data bytes, padded as NumPy pads.
std::string npy_stream(std::string dict, const std::string& data) {
    const std::size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict.push_back('\n');
    std::string f = "\x93NUMPY";
    f.push_back('\x01');
    f.push_back('\x00');
    f.push_back(static_cast<char>(dict.size() & 0xFF));
    f.push_back(static_cast<char>(dict.size() >> 8));
    return f + dict + data;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// matrix<complex> and matrix_view over complex memory
// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("complex matrix: construction, access, transpose, equality, resize", "[complex][matrix]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    static_assert(std::is_same<svdkit::detail::real_type_t<C>, R>::value, "real_type_t of a complex type");
    static_assert(svdkit::detail::is_element_type<C>::value, "complex types are element types");
    static_assert(!svdkit::detail::is_element_type<std::complex<int>>::value, "std::complex<int> is not");

    const svdkit::matrix<C> z(2, 3);
    REQUIRE(z.rows() == 2);
    REQUIRE(z.cols() == 3);
    for (std::size_t k = 0; k < z.size(); ++k) CHECK(z.data()[k] == C(0, 0));

    const svdkit::matrix<C> f(2, 2, C(1, -2));
    for (std::size_t k = 0; k < f.size(); ++k) CHECK(f.data()[k] == C(1, -2));

    svdkit::matrix<C> a{{C(1, 2), C(3, 4), C(5, 6)}, {C(7, 8), C(9, 10), C(11, 12)}};
    REQUIRE(a.rows() == 2);
    REQUIRE(a.cols() == 3);
    CHECK(a(1, 0) == C(7, 8));
    CHECK(a.at(0, 2) == C(5, 6));
    CHECK_THROWS_AS(a.at(2, 0), std::out_of_range);
    CHECK_THROWS_WITH((svdkit::matrix<C>{{C(1, 0), C(2, 0)}, {C(3, 0)}}), Contains("row 1 has 1 entries"));
    CHECK_THROWS_AS(svdkit::matrix<C>(-1, 2), std::invalid_argument);

    // Interleaved storage: element (i, j) at data()[i + j·rows], its parts at R offsets 2k, 2k + 1.
    const R* parts = reinterpret_cast<const R*>(a.data());
    CHECK(parts[2 * 1] == R(7));  // (1, 0) is element 1
    CHECK(parts[2 * 1 + 1] == R(8));
    CHECK(parts[2 * 4] == R(5));  // (0, 2) is element 4
    CHECK(parts[2 * 4 + 1] == R(6));

    // transpose() is the plain transpose: no conjugation.
    const svdkit::matrix<C> t = a.transpose();
    CHECK(t(2, 1) == C(11, 12));
    CHECK(t.transpose() == a);

    const svdkit::matrix<C> i3 = svdkit::matrix<C>::identity(3);
    CHECK(i3(1, 1) == C(1, 0));
    CHECK(i3(0, 1) == C(0, 0));

    svdkit::matrix<C> b = a;
    CHECK(b == a);
    b(0, 0) = C(1, -2);  // only the imaginary part differs
    CHECK(b != a);
    b.swap(a);
    CHECK(a(0, 0) == C(1, -2));
    a.resize(1, 4);
    CHECK(a.rows() == 1);
    CHECK(a(0, 3) == C(0, 0));
}

TEMPLATE_TEST_CASE("complex views: row-major, strided and interleaved buffers without a copy", "[complex][views]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    // A 2×3 matrix in a row-major std::vector<complex>: (i, j) = (10i + j) + i·(j − i).
    std::vector<C> buf(6);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            buf[i * 3 + j] = C(static_cast<R>(10 * i + j), static_cast<R>(static_cast<int>(j) - static_cast<int>(i)));
    const svdkit::matrix_view<C> v = svdkit::make_view(buf, 2, 3, svdkit::layout::row_major);
    CHECK(v.data() == buf.data());
    CHECK(v(1, 2) == C(12, 1));
    v(0, 1) = C(-1, -1);  // writes through to the buffer
    CHECK(buf[1] == C(-1, -1));
    const svdkit::matrix_view<const C> cv = v;  // read-only conversion
    CHECK(cv(0, 1) == C(-1, -1));
    CHECK_THROWS_WITH(svdkit::make_view(buf, 4, 2), Contains("must equal the buffer size (= 6)"));

    // Copy out of a view: the same elements, column-major.
    const svdkit::matrix<C> m(cv);
    CHECK(m(1, 2) == C(12, 1));
    CHECK(m(0, 1) == C(-1, -1));

    // A raw array of 2·n reals (re, im, re, im, ...), as C, Fortran and NumPy hold complex data.
    R raw[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const svdkit::matrix_view<const C> rv(reinterpret_cast<const C*>(raw), 3, 2);  // column-major 3×2
    CHECK(rv(2, 0) == C(5, 6));
    CHECK(rv(0, 1) == C(7, 8));

    // Strides: every other column of a 2×6 row-major buffer, a block, the transpose view.
    std::vector<C> wide_buf(12);
    for (std::size_t k = 0; k < 12; ++k) wide_buf[k] = C(static_cast<R>(k), -static_cast<R>(k));
    const svdkit::matrix_view<const C> sv(wide_buf.data(), 2, 3, 6, 2);
    CHECK(sv(1, 2) == C(10, -10));
    CHECK(sv.block(1, 1, 1, 2)(0, 1) == C(10, -10));
    CHECK(sv.transpose()(2, 1) == C(10, -10));  // plain transpose
    CHECK_THROWS_AS(sv.block(1, 1, 2, 1), std::out_of_range);
    CHECK_THROWS_WITH((svdkit::matrix_view<const C>(nullptr, 2, 2)), Contains("data is null"));

    // Entry points take a matrix, a view or a read-only view of complex data alike.
    CHECK(svdkit::frobenius_norm(m) == svdkit::frobenius_norm(cv));
    CHECK(svdkit::frobenius_norm(v) == svdkit::frobenius_norm(cv));
    static_assert(std::is_same<decltype(svdkit::frobenius_norm(m)), R>::value, "‖A‖_F is real");
    static_assert(std::is_same<decltype(svdkit::multiply(m, cv.transpose())), svdkit::matrix<C>>::value,
                  "multiply of complex views");
}

// ---------------------------------------------------------------------------------------------
// products.hpp
// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("multiply: complex operands in every storage order, against a wider reference", "[complex][products]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    for (const std::size_t k : {1u, 7u, 70u}) {
        const svdkit::matrix<C> a = uniform<C>(13, k, 11 + k), b = uniform<C>(k, 9, 12 + k);
        const long double bound = product_bound(k);
        CHECK(product_ratio("multiply", svdkit::multiply(a, b), a, b) <= bound);
        // row-major views of the same numbers (their transposes' memory), alone and mixed
        const svdkit::matrix<C> at = a.transpose(), bt = b.transpose();
        const svdkit::matrix_view<const C> ar(at.data(), 13, k, svdkit::layout::row_major);
        const svdkit::matrix_view<const C> br(bt.data(), k, 9, svdkit::layout::row_major);
        CHECK(product_ratio("multiply", svdkit::multiply(ar, b), a, b) <= bound);
        CHECK(product_ratio("multiply", svdkit::multiply(a, br), a, b) <= bound);
        CHECK(product_ratio("multiply", svdkit::multiply(ar, br), a, b) <= bound);
        // general strides (every other row of a taller matrix): copied, then multiplied
        const svdkit::matrix<C> tall = uniform<C>(26, k, 13 + k);
        const svdkit::matrix_view<const C> every_other(tall.data(), 13, k, 2, 26);
        CHECK(product_ratio("multiply", svdkit::multiply(every_other, b), every_other, b) <= bound);
        // Aᵀ·A through a transposed view: the plain transpose, no conjugate
        const svdkit::matrix<C> ata = svdkit::multiply(a.view().transpose(), a);
        CHECK(product_ratio("multiply", ata, a.view().transpose(), a) <= product_bound(13));
    }
    // Aᴴ·A: the reference with conj(a) must match multiply of the copied adjoint, and Aᴴ·A is
    // Hermitian with a real diagonal ‖a_j‖² (the kernel's imaginary part is rounding only).
    const svdkit::matrix<C> a = uniform<C>(20, 5, 21);
    const svdkit::matrix<C> aha = svdkit::multiply(adjoint_of(a), a);
    CHECK(product_ratio("multiply", aha, a.view().transpose(), a, true) <= product_bound(20));
    for (std::size_t j = 0; j < 5; ++j) CHECK(std::abs(aha(j, j).imag()) <= 2 * product_bound(20) * eps<C>());

    // shapes: an empty inner dimension gives zeros; empty outer ones an empty product
    const svdkit::matrix<C> e = svdkit::multiply(svdkit::matrix<C>(3, 0), svdkit::matrix<C>(0, 2));
    REQUIRE(e.rows() == 3);
    REQUIRE(e.cols() == 2);
    for (std::size_t k = 0; k < e.size(); ++k) CHECK(e.data()[k] == C(0, 0));
    CHECK(svdkit::multiply(svdkit::matrix<C>(0, 4), uniform<C>(4, 3, 1)).size() == 0);
    CHECK_THROWS_WITH(svdkit::multiply(svdkit::matrix<C>(3, 4), svdkit::matrix<C>(5, 2)),
                      Contains("cannot multiply 3x4 by 5x2"));
}

TEMPLATE_TEST_CASE("frobenius_norm: complex, every storage order, the ends of the range, NaN and Inf",
                   "[complex][products]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    auto reference = [](const svdkit::matrix<C>& a, int scale) {  // ‖2^-scale·A‖_F·2^scale in long double
        long double s = 0;
        for (std::size_t k = 0; k < a.size(); ++k) {
            const long double re = std::ldexp(static_cast<long double>(a.data()[k].real()), -scale);
            const long double im = std::ldexp(static_cast<long double>(a.data()[k].imag()), -scale);
            s += re * re + im * im;
        }
        return std::ldexp(std::sqrt(s), scale);
    };
    const svdkit::matrix<C> a = uniform<C>(17, 11, 3);
    const long double bound = 2 + 17 * 11;
    const long double ref = reference(a, 0);
    auto ratio = [&](R got, long double want) {
        const long double r = std::abs(got - want) / (want * eps<C>());
        svdkit_test::note_ratio("frobenius_norm", type_name<C>(), "|n-ref|/(e*ref)", r, "");
        return r;
    };
    CHECK(ratio(svdkit::frobenius_norm(a), ref) <= bound);
    // the same numbers row-major (contiguous), and by strided rows and columns
    const svdkit::matrix<C> at = a.transpose();
    CHECK(ratio(svdkit::frobenius_norm(svdkit::matrix_view<const C>(at.data(), 17, 11, svdkit::layout::row_major)),
                ref) <= bound);
    const svdkit::matrix<C> big = uniform<C>(34, 22, 4);
    const svdkit::matrix<C> sub(svdkit::matrix_view<const C>(big.data(), 17, 11, 2, 68));  // every other row/col
    const long double sub_ref = reference(sub, 0);
    CHECK(ratio(svdkit::frobenius_norm(svdkit::matrix_view<const C>(big.data(), 17, 11, 2, 68)), sub_ref) <= bound);
    CHECK(ratio(svdkit::frobenius_norm(svdkit::matrix_view<const C>(big.data(), 17, 11, 44, 2)),
                reference(svdkit::matrix<C>(svdkit::matrix_view<const C>(big.data(), 17, 11, 44, 2)), 0)) <= bound);

    // near overflow and underflow: the parts scaled by 2^±(max_exponent − 6) (‖A‖_F < 2^5, so the
    // norm stays finite while every square overflows, or underflows to subnormals)
    const int e = std::numeric_limits<R>::max_exponent - 6;
    for (const int s : {e, -e}) {
        svdkit::matrix<C> x = a;
        for (std::size_t k = 0; k < x.size(); ++k)
            x.data()[k] = C(std::ldexp(a.data()[k].real(), s), std::ldexp(a.data()[k].imag(), s));
        const R got = svdkit::frobenius_norm(x);
        REQUIRE(std::isfinite(got));
        CHECK(ratio(std::ldexp(got, -s), ref) <= bound);
        CHECK(ratio(std::ldexp(svdkit::frobenius_norm(svdkit::matrix_view<const C>(x.data(), 11, 11, 1, 17)), -s),
                    reference(svdkit::matrix<C>(svdkit::matrix_view<const C>(a.data(), 11, 11, 1, 17)), 0)) <=
              bound);
    }

    // NaN or Inf in either part, contiguous and strided
    for (const bool strided : {false, true}) {
        svdkit::matrix<C> x = a;
        auto norm = [&] {
            return strided ? svdkit::frobenius_norm(svdkit::matrix_view<const C>(x.data(), 8, 11, 2, 17))
                           : svdkit::frobenius_norm(x);
        };
        x(4, 3) = C(1, std::numeric_limits<R>::infinity());
        CHECK(std::isinf(norm()));
        x(4, 3) = C(std::numeric_limits<R>::quiet_NaN(), 0);
        CHECK(std::isnan(norm()));
        x(4, 3) = C(std::numeric_limits<R>::infinity(), std::numeric_limits<R>::quiet_NaN());
        CHECK(std::isnan(norm()));
    }
    CHECK(svdkit::frobenius_norm(svdkit::matrix<C>(0, 5)) == R(0));
    CHECK(svdkit::frobenius_norm(svdkit::matrix<C>{{C(3, 4)}}) == R(5));
}

TEMPLATE_TEST_CASE("reconstruct: U·diag(s)·Vᴴ for complex results, all triplets and the first k",
                   "[complex][products]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    // Any U, V and s: reconstruct is a product, checked against its definition (V's imaginary
    // parts are nonzero, so V·diag(s)·Vᵀ instead of Vᴴ would be far off).
    for (const bool full : {false, true}) {
        const std::size_t m = 9, n = 6, ku = full ? m : n;
        svdkit::svd_result<C> r;
        r.u = uniform<C>(m, ku, 31);
        r.v = uniform<C>(n, n, 32);
        for (std::size_t i = 0; i < n; ++i) r.s.push_back(static_cast<R>(n - i) / 2);
        for (const std::size_t k : {n, std::size_t{2}, std::size_t{0}}) {
            const svdkit::matrix<C> got = k == n ? svdkit::reconstruct(r) : svdkit::reconstruct(r, k);
            svdkit::matrix<C> us(m, k);  // U_k·diag(s_k), exact in the reference's long double
            svdkit::matrix<C> vh(k, n);
            for (std::size_t j = 0; j < k; ++j) {
                for (std::size_t i = 0; i < m; ++i) us(i, j) = r.u(i, j);
                for (std::size_t i = 0; i < n; ++i) vh(j, i) = std::conj(r.v(i, j)) * r.s[j];
            }
            REQUIRE(got.rows() == m);
            REQUIRE(got.cols() == n);
            if (k == 0) {
                for (std::size_t q = 0; q < got.size(); ++q) CHECK(got.data()[q] == C(0, 0));
            } else {
                // U·(diag(s)·Vᴴ): the scaling's rounding is one more term of the bound.
                CHECK(product_ratio("reconstruct", got, us, vh) <= product_bound(k + 1));
            }
        }
    }
    svdkit::svd_result<C> values_only;
    values_only.s = {R(1)};
    CHECK_THROWS_WITH(svdkit::reconstruct(values_only), Contains("compute U and V"));
    svdkit::svd_result<C> r;
    r.u = uniform<C>(3, 1, 1);
    r.v = uniform<C>(2, 1, 2);
    r.s = {R(1)};
    CHECK_THROWS_WITH(svdkit::reconstruct(r, 2), Contains("k (= 2) exceeds the 1 singular values"));
}

// ---------------------------------------------------------------------------------------------
// operator.hpp
// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("dense_operator: complex apply is A·X and apply_transpose is Aᴴ·X, in every storage order",
                   "[complex][operator]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    static_assert(svdkit::detail::is_linear_operator<svdkit::dense_operator<C>>::value, "a complex operator");
    const std::size_t m = 12, n = 7;
    const svdkit::matrix<C> a = uniform<C>(m, n, 41);
    const svdkit::matrix<C> at = a.transpose();
    const svdkit::matrix<C> big = uniform<C>(2 * m, 2 * n, 42);
    const svdkit::matrix_view<const C> strided(big.data(), m, n, 2, 4 * static_cast<std::ptrdiff_t>(m));
    const svdkit::matrix<C> strided_copy(strided);
    struct storage {
        const char* name;
        svdkit::matrix_view<const C> view;
        const svdkit::matrix<C>* values;
    };
    const storage cases[] = {
        {"column-major", a.view(), &a},
        {"row-major", svdkit::matrix_view<const C>(at.data(), m, n, svdkit::layout::row_major), &a},
        {"strided", strided, &strided_copy},
    };
    for (const storage& s : cases) {
        INFO(s.name);
        const svdkit::dense_operator<C> op(s.view);
        const svdkit::matrix<C> ah = adjoint_of(*s.values);
        for (const std::size_t b : {std::size_t{1}, std::size_t{3}}) {
            INFO("block of " << b);
            const svdkit::matrix<C> x = uniform<C>(n, b, 43 + b), y_in = uniform<C>(m, b, 44 + b);
            svdkit::matrix<C> y(m, b, C(7, 7)), z(n, b, C(7, 7));  // overwritten entirely
            op.apply(x, y);
            op.apply_transpose(y_in, z);
            CHECK(product_ratio("dense_operator", y, *s.values, x) <= product_bound(n));
            CHECK(product_ratio("dense_operator", z, ah, y_in) <= product_bound(m));
        }
    }
    // make_operator over a matrix: the same numbers as the explicit view
    const auto op = svdkit::make_operator(a);
    svdkit::matrix<C> y(n, 2);
    op.apply_transpose(uniform<C>(m, 2, 50), y);
    CHECK(product_ratio("dense_operator", y, adjoint_of(a), uniform<C>(m, 2, 50)) <= product_bound(m));
    svdkit::matrix<C> wrong(m + 1, 2);
    CHECK_THROWS_WITH(op.apply(uniform<C>(n, 2, 1), wrong), Contains("dense_operator::apply"));
    // an empty inner dimension: zeros
    const svdkit::matrix<C> e(3, 0);
    svdkit::matrix<C> ye(3, 2, C(1, 1));
    svdkit::make_operator(e).apply(svdkit::matrix<C>(0, 2), ye);
    for (std::size_t k = 0; k < ye.size(); ++k) CHECK(ye.data()[k] == C(0, 0));
}

TEMPLATE_TEST_CASE("centered: complex A − 1·μᵀ and its adjoint Aᴴ·Y − conj(μ)·(1ᵀ·Y)", "[complex][operator]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    const std::size_t m = 10, n = 4;
    const svdkit::matrix<C> a = uniform<C>(m, n, 61);
    const svdkit::matrix<C> mu_row = uniform<C>(1, n, 62);
    const std::vector<C> mu(mu_row.data(), mu_row.data() + n);
    const auto op = svdkit::centered(svdkit::make_operator(a), mu);
    const svdkit::matrix<C> x = uniform<C>(n, 2, 63), w = uniform<C>(m, 2, 64);
    svdkit::matrix<C> y(m, 2), z(n, 2);
    op.apply(x, y);
    op.apply_transpose(w, z);
    // (A − 1·μᵀ)·X = [A, −1·μᵀ]·[X; X], a dot product of 2n terms whose |·|-sum, (|A| + |1·μᵀ|)·|X|,
    // is the scale of the operator's rounding (it never forms A − 1·μᵀ); the same for the adjoint,
    // [Aᴴ, −conj(μ)·1ᵀ]·[W; W] with 2m terms.
    svdkit::matrix<C> a_aug(m, 2 * n), x_aug(2 * n, 2), ah_aug(n, 2 * m), w_aug(2 * m, 2);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) {
            a_aug(i, j) = a(i, j);
            a_aug(i, n + j) = -mu[j];
            ah_aug(j, i) = std::conj(a(i, j));
            ah_aug(j, m + i) = -std::conj(mu[j]);
        }
    for (std::size_t c = 0; c < 2; ++c) {
        for (std::size_t j = 0; j < n; ++j) x_aug(j, c) = x_aug(n + j, c) = x(j, c);
        for (std::size_t i = 0; i < m; ++i) w_aug(i, c) = w_aug(m + i, c) = w(i, c);
    }
    CHECK(product_ratio("centered", y, a_aug, x_aug) <= product_bound(2 * n));
    CHECK(product_ratio("centered", z, ah_aug, w_aug) <= product_bound(2 * m));
}

// ---------------------------------------------------------------------------------------------
// .npy
// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("npy: complex round trips in C and Fortran order, NaN/Inf parts, empty shapes",
                   "[complex][npy]", std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    svdkit::matrix<C> a = uniform<C>(5, 3, 71);
    a(1, 2) = C(std::numeric_limits<R>::infinity(), -std::numeric_limits<R>::infinity());
    a(3, 0) = C(R(0.5), std::numeric_limits<R>::quiet_NaN());
    a(4, 1) = C(-R(0), std::numeric_limits<R>::denorm_min());
    // long double is stored as double: the values come back rounded to double
    using S = std::conditional_t<std::is_same<R, float>::value, float, double>;
    const char* descr = std::is_same<R, float>::value ? "'descr': '<c8'" : "'descr': '<c16'";
    for (const svdkit::layout order : {svdkit::layout::row_major, svdkit::layout::column_major}) {
        std::stringstream s;
        svdkit::write_npy(s, a, svdkit::npy_write_options{order});
        CHECK_THAT(s.str().substr(0, 64), Contains(descr));
        CHECK(s.str().size() == 128 + 15 * 2 * sizeof(S));  // header padded to 128, then the parts
        const svdkit::matrix<C> b = svdkit::read_npy<C>(s);
        REQUIRE(b.rows() == 5);
        REQUIRE(b.cols() == 3);
        for (std::size_t k = 0; k < a.size(); ++k) {
            const C want(static_cast<R>(static_cast<S>(a.data()[k].real())),
                         static_cast<R>(static_cast<S>(a.data()[k].imag())));
            const C got = b.data()[k];
            INFO("entry " << k);
            CHECK((got.real() == want.real() || (std::isnan(got.real()) && std::isnan(want.real()))));
            CHECK((got.imag() == want.imag() || (std::isnan(got.imag()) && std::isnan(want.imag()))));
            CHECK(std::signbit(got.real()) == std::signbit(want.real()));
        }
    }
    // A strided view is written as the matrix it shows; an empty one as its shape.
    const svdkit::matrix<C> big = uniform<C>(6, 6, 72);
    const svdkit::matrix_view<const C> sv(big.data(), 3, 3, 2, 12);
    std::stringstream s;
    svdkit::write_npy(s, sv);
    const svdkit::matrix<C> back = svdkit::read_npy<C>(s);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            CHECK(back(i, j) == C(static_cast<R>(static_cast<S>(sv(i, j).real())),
                                  static_cast<R>(static_cast<S>(sv(i, j).imag()))));
    std::stringstream e;
    svdkit::write_npy(e, svdkit::matrix<C>(0, 4));
    const svdkit::matrix<C> eb = svdkit::read_npy<C>(e);
    CHECK(eb.rows() == 0);
    CHECK(eb.cols() == 4);
}

TEMPLATE_TEST_CASE("npy: real dtypes read into complex matrices with imaginary part 0", "[complex][npy]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    std::stringstream s;
    const svdkit::matrix<double> x{{0.25, -1.5}, {3, 1e10}};
    svdkit::write_npy(s, x);
    const svdkit::matrix<C> z = svdkit::read_npy<C>(s);
    for (std::size_t k = 0; k < 4; ++k) CHECK(z.data()[k] == C(static_cast<R>(x.data()[k]), R(0)));
    // integers too (a '<i2' column)
    const std::string i2 = npy_stream("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }",
                                   std::string("\xff\xff\x05\x00", 4));
    const svdkit::matrix<C> zi = read_bytes<C>(i2);
    CHECK(zi(0, 0) == C(-1, 0));
    CHECK(zi(1, 0) == C(5, 0));
    // the file written by NumPy
    const svdkit::matrix<C> f = svdkit::read_npy<C>(data_file("f8_2x2.npy"));
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j)
            CHECK(f(i, j) == C(static_cast<R>(static_cast<double>(2 * i + j + 1) / 10), R(0)));
}

TEST_CASE("npy: a complex file read into a real matrix is an io_error naming the dtype", "[complex][npy]") {
    std::stringstream s;
    svdkit::write_npy(s, svdkit::matrix<std::complex<double>>(2, 2));
    CHECK_THAT(read_error<double>(s.str()), Contains("unsupported dtype '<c16' for a real matrix"));
    CHECK_THAT(read_error<double>(s.str()), Contains("read_npy<std::complex<double>>"));
    std::stringstream f;
    svdkit::write_npy(f, svdkit::matrix<std::complex<float>>(2, 2));
    CHECK_THAT(read_error<float>(f.str()), Contains("unsupported dtype '<c8' for a real matrix"));
    CHECK_THAT(read_error<long double>(slurp(data_file("c32_2x2.npy"))), Contains("dtype '<c32'"));
    CHECK_THROWS_WITH(svdkit::read_npy<double>(data_file("c16_3x2_f.npy")), Contains("c16_3x2_f.npy: "));
    CHECK_THROWS_WITH(svdkit::npy_row_reader<float>(data_file("c8_2x3.npy")),
                      Contains("npy_row_reader: header field 'descr': unsupported dtype '<c8' for a real matrix"));
    // Complex widths that do not exist, and big-endian complex
    const std::string data(32, '\0');
    CHECK_THAT(read_error<std::complex<double>>(
                   npy_stream("{'descr': '<c4', 'fortran_order': False, 'shape': (2,), }", data)),
               Contains("unsupported dtype '<c4'"));
    CHECK_THAT(read_error<std::complex<double>>(
                   npy_stream("{'descr': '>c16', 'fortran_order': False, 'shape': (2,), }", data)),
               Contains("dtype '>c16' is big-endian; convert it first, e.g. a.astype('<c16')"));
    CHECK_THAT(read_error<std::complex<double>>(
                   npy_stream("{'descr': '<i16', 'fortran_order': False, 'shape': (2,), }", data)),
               Contains("unsupported dtype '<i16'"));
    // a complex file cut short inside a value
    CHECK_THAT(read_error<std::complex<double>>(
                   npy_stream("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", data.substr(0, 24))),
               Contains("needs 32 bytes but only 24 follow the header"));
}

TEST_CASE("npy: files written by NumPy: '<c8', '<c16' in both orders and 1-D, and svdkit writes NumPy's bytes",
          "[complex][npy][numpy]") {
    using cf = std::complex<float>;
    using cd = std::complex<double>;
    const svdkit::matrix<cf> a = svdkit::read_npy<cf>(data_file("c8_2x3.npy"));
    REQUIRE(a.rows() == 2);
    REQUIRE(a.cols() == 3);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            const float k = static_cast<float>(3 * i + j);
            CHECK(a(i, j) == cf(k + 1, k / 4 - 1));
        }
    auto c16_value = [](std::size_t k) {
        return cd(static_cast<double>(k + 1) / 10, -static_cast<double>(k + 1) / 3);
    };
    const svdkit::matrix<cd> b = svdkit::read_npy<cd>(data_file("c16_3x2_f.npy"));  // Fortran order
    const svdkit::matrix<cd> bt = svdkit::read_npy<cd>(data_file("c16_2x3.npy"));   // C order, transposed
    REQUIRE(b.rows() == 3);
    REQUIRE(bt.rows() == 2);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            CHECK(b(i, j) == c16_value(2 * i + j));
            CHECK(bt(j, i) == c16_value(2 * i + j));
        }
    // svdkit's file of the same matrix is NumPy's, byte for byte, in either order
    std::stringstream c_order, f_order;
    svdkit::write_npy(c_order, bt);
    svdkit::write_npy(f_order, b, svdkit::npy_write_options{svdkit::layout::column_major});
    CHECK(c_order.str() == slurp(data_file("c16_2x3.npy")));
    CHECK(f_order.str() == slurp(data_file("c16_3x2_f.npy")));
    // complex<float> into complex<double> and complex<long double>: widened exactly
    const svdkit::matrix<std::complex<long double>> al =
        svdkit::read_npy<std::complex<long double>>(data_file("c8_2x3.npy"));
    CHECK(al(1, 2) == std::complex<long double>(6, 0.25L));
    // a 1-D complex array is a column
    const svdkit::matrix<cd> v = svdkit::read_npy<cd>(data_file("c16_4.npy"));
    REQUIRE(v.rows() == 4);
    REQUIRE(v.cols() == 1);
    for (std::size_t k = 0; k < 4; ++k) CHECK(v(k, 0) == cd(static_cast<double>(k) / 10, static_cast<double>(k)));
}

TEST_CASE("npy: NumPy's clongdouble '<c32' and longdouble '<f16' where long double is x87 extended",
          "[complex][npy][numpy]") {
    using cl = std::complex<long double>;
    if constexpr (svdkit::detail::npy_reads_extended()) {
        const svdkit::matrix<cl> c = svdkit::read_npy<cl>(data_file("c32_2x2.npy"));
        REQUIRE(c.rows() == 2);
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 2; ++j) {
                const long double k = static_cast<long double>(2 * i + j);
                CHECK(c(i, j) == cl((k + 1) / 3, -(k + 2) / 7));  // every bit of the 64-bit significand
            }
        // into complex<double>: rounded once
        const svdkit::matrix<std::complex<double>> d = svdkit::read_npy<std::complex<double>>(data_file("c32_2x2.npy"));
        CHECK(d(0, 0) == std::complex<double>(static_cast<double>(1.0L / 3), static_cast<double>(-2.0L / 7)));
        // the real '<f16', crafted from the same bytes layout: 10 bytes of value, 6 of padding
        std::string data(32, '\x55');
        const long double x = 1.0L / 3, y = -1e-4000L;
        std::memcpy(&data[0], &x, 10);
        std::memcpy(&data[16], &y, 10);
        const std::string f16 = npy_stream("{'descr': '<f16', 'fortran_order': False, 'shape': (2,), }", data);
        const svdkit::matrix<long double> r = read_bytes<long double>(f16);
        CHECK(r(0, 0) == x);
        CHECK(r(1, 0) == y);
        CHECK(read_bytes<cl>(f16)(1, 0) == cl(y, 0));
        // written back, long double goes out as '<c16' (rounded), as the real path writes '<f8'
        std::stringstream s;
        svdkit::write_npy(s, c);
        CHECK_THAT(s.str().substr(0, 64), Contains("'descr': '<c16'"));
        CHECK(svdkit::read_npy<cl>(s)(1, 1) == cl(static_cast<double>(4.0L / 3), static_cast<double>(-5.0L / 7)));
    } else {
        CHECK_THROWS_WITH(svdkit::read_npy<cl>(data_file("c32_2x2.npy")),
                          Contains("is read only where long double is the x87 80-bit extended format"));
    }
}

TEMPLATE_TEST_CASE("npy_row_writer and npy_row_reader: complex rows in blocks", "[complex][npy][rows]",
                   std::complex<float>, std::complex<double>, std::complex<long double>) {
    using C = TestType;
    using R = real_t<C>;
    using S = std::conditional_t<std::is_same<R, float>::value, float, double>;
    const std::string path = std::string("svdkit_complex_io_rows_") + (sizeof(R) == 4 ? "c8" : sizeof(R) == 8 ? "c16" : "cld") + ".npy";
    const svdkit::matrix<C> a = uniform<C>(7, 3, 81);
    {
        svdkit::npy_row_writer<C> w(path, 7, 3);
        w.write_rows(svdkit::matrix_view<const C>(a.data(), 4, 3, 1, 7));      // rows 0..3
        w.write_rows(svdkit::matrix_view<const C>(a.data() + 4, 3, 3, 1, 7));  // rows 4..6
        w.close();
    }
    const svdkit::matrix<C> whole = svdkit::read_npy<C>(path);
    svdkit::npy_row_reader<C> reader(path);
    std::size_t row = 0;
    while (!reader.done()) {
        const svdkit::matrix<C> block = reader.read_rows(3);
        for (std::size_t i = 0; i < block.rows(); ++i, ++row)
            for (std::size_t j = 0; j < 3; ++j) {
                const C want(static_cast<R>(static_cast<S>(a(row, j).real())),
                             static_cast<R>(static_cast<S>(a(row, j).imag())));
                CHECK(block(i, j) == want);
                CHECK(whole(row, j) == want);
            }
    }
    CHECK(row == 7);
    std::remove(path.c_str());
    // A Fortran-order file written by NumPy, read in blocks of 2 rows (one seek per column)
    svdkit::npy_row_reader<C> fr(data_file("c16_3x2_f.npy"));
    const svdkit::matrix<C> top = fr.read_rows(2), rest = fr.read_rows(2);
    REQUIRE(top.rows() == 2);
    REQUIRE(rest.rows() == 1);
    CHECK(rest(0, 1) == C(static_cast<R>(0.6), static_cast<R>(-6.0 / 3)));
    CHECK(top(1, 0) == C(static_cast<R>(0.3), static_cast<R>(-1.0)));
}
