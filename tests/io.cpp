// Tests include/svdkit/io.hpp: CSV and NumPy .npy reading and writing.
//
//   csv round trip   write_csv then read_csv gives back every value bit for bit (random bit
//                    patterns: subnormals, extremes, -0, ±Inf, NaN) for float, double, long double
//   csv syntax       quoting (delimiters, doubled quotes, line breaks inside quotes), CRLF and
//                    lone CR, a last line with or without a line break, blank lines, BOM, other
//                    delimiters, missing cells (empty, NA, nan) → NaN, header detection, row labels
//   csv errors       every documented error, with its line, column and message checked
//   npy crafted      files built byte by byte here from NumPy's published format description
//                    (NEP 1 / numpy.lib.format), independently of the writer: versions 1.0, 2.0
//                    and 3.0, C and Fortran order, f4/f8 and integer dtypes, 0-D, 1-D, empty
//   npy round trip   write_npy then read_npy, both orders, and the writer's bytes against the spec
//   npy errors       every malformed-file error, with the header field named; sizes rejected
//                    before allocation
#include <catch2/catch.hpp>

#include <cmath>      // std::isnan, std::signbit, std::ldexp
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t, std::uint32_t
#include <cstdio>     // std::remove
#include <cstring>    // std::memcpy
#include <fstream>    // std::ifstream, std::ofstream
#include <iterator>   // std::istreambuf_iterator
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <sstream>    // std::istringstream, std::ostringstream
#include <streambuf>  // std::streambuf
#include <string>     // std::string
#include <utility>    // std::make_pair
#include <vector>     // std::vector

#include <svdkit/io.hpp>
#include <svdkit/svdkit.hpp>

using Catch::Matchers::Contains;

namespace {

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

/// Same value, or both NaN; zeros must also agree in sign (a round trip must keep -0).
template <class T>
bool same_value(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

template <class T>
std::size_t count_different(const svdkit::matrix<T>& a, const svdkit::matrix<T>& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    std::size_t bad = 0;
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i)
            if (!same_value(a(i, j), b(i, j))) ++bad;
    return bad;
}

/// A value from a random bit pattern (float, double) or a random sign, 64-bit significand and
/// exponent over the whole range (long double): this reaches subnormals and the extremes.
template <class T>
T random_value(std::mt19937_64& rng) {
    const std::uint64_t bits = rng();
    if constexpr (sizeof(T) == 4 && std::numeric_limits<T>::is_iec559) {
        const auto b = static_cast<std::uint32_t>(bits >> 32);
        T x;
        std::memcpy(&x, &b, 4);
        return x;
    } else if constexpr (sizeof(T) == 8 && std::numeric_limits<T>::is_iec559) {
        T x;
        std::memcpy(&x, &bits, 8);
        return x;
    } else {
        const int lo = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
        const int hi = std::numeric_limits<T>::max_exponent;
        const int e = lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo));
        const T mant = static_cast<T>(bits >> 1) / static_cast<T>(std::uint64_t{1} << 63);  // [0, 1)
        T x = std::ldexp(mant, e);
        return (rng() & 1) ? -x : x;
    }
}

template <class T>
svdkit::csv_table<T> csv(const std::string& text, svdkit::csv_options opts = {}) {
    std::istringstream in(text);
    return svdkit::read_csv<T>(in, opts);
}

/// An io_error from read_csv, so that its line() and column() can be checked too.
svdkit::io_error csv_error(const std::string& text, svdkit::csv_options opts = {}) {
    try {
        csv<double>(text, opts);
    } catch (const svdkit::io_error& e) {
        return e;
    }
    FAIL("read_csv accepted malformed input:\n" << text);
    return svdkit::io_error("unreachable");
}

// --- .npy files crafted from the published format description --------------------------------
//
// "\x93NUMPY", major and minor version bytes, the header length (little-endian uint16 for 1.0,
// uint32 for 2.0 and 3.0), then the header: an ASCII Python dict literal padded with spaces and
// ended with '\n' so that magic + version + length + header is a multiple of 64 bytes. The data
// follow. Everything here is written from that description, not with svdkit's writer.

std::string le_bytes(std::uint64_t v, std::size_t n) {
    std::string s;
    for (std::size_t k = 0; k < n; ++k) s.push_back(static_cast<char>(static_cast<unsigned char>((v >> (8 * k)) & 0xFF)));
    return s;
}

std::string npy_file(int major, std::string dict, const std::string& data, bool pad = true) {
    const std::size_t len_size = major == 1 ? 2 : 4;
    if (pad) {
        const std::size_t unpadded = 8 + len_size + dict.size() + 1;
        dict.append((64 - unpadded % 64) % 64, ' ');
        dict.push_back('\n');
    }
    std::string f = std::string("\x93NUMPY");
    f.push_back(static_cast<char>(major));
    f.push_back('\0');
    f += le_bytes(dict.size(), len_size);
    return f + dict + data;
}

std::string f8(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, 8);
    return le_bytes(b, 8);
}

std::string f4(float x) {
    std::uint32_t b;
    std::memcpy(&b, &x, 4);
    return le_bytes(b, 4);
}

std::string f8_data(const std::vector<double>& xs) {
    std::string s;
    for (double x : xs) s += f8(x);
    return s;
}

template <class T = double>
svdkit::matrix<T> npy(const std::string& bytes) {
    std::istringstream in(bytes);
    return svdkit::read_npy<T>(in);
}

std::string npy_error(const std::string& bytes) {
    try {
        npy(bytes);
    } catch (const svdkit::io_error& e) {
        return e.what();
    }
    FAIL("read_npy accepted a malformed file");
    return {};
}

/// A read-only stream buffer that cannot seek (like a pipe), over a string.
class pipe_buffer : public std::streambuf {
public:
    explicit pipe_buffer(std::string s) : s_(std::move(s)) { setg(&s_[0], &s_[0], &s_[0] + s_.size()); }

private:
    std::string s_;
};

const std::string dict_2x3 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

}  // namespace

// =============================================================================================
// CSV
// =============================================================================================

TEMPLATE_TEST_CASE("csv: write then read is exact for every value", "[io][csv]", float, double, long double) {
    using T = TestType;
    std::mt19937_64 rng(20240611);
    svdkit::matrix<T> a(40, 7);
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) a(i, j) = random_value<T>(rng);
    // The values a writer is most likely to get wrong.
    a(0, 0) = std::numeric_limits<T>::denorm_min();
    a(0, 1) = std::numeric_limits<T>::max();
    a(0, 2) = -std::numeric_limits<T>::min();
    a(0, 3) = -T(0);
    a(0, 4) = std::numeric_limits<T>::infinity();
    a(0, 5) = -std::numeric_limits<T>::infinity();
    a(0, 6) = std::numeric_limits<T>::quiet_NaN();
    a(1, 0) = T(1) / T(3);
    a(1, 1) = T(0.1);

    svdkit::csv_write_options w;
    w.names = {"a", "b, with comma", "c \"quoted\"", "d", " e ", "f", "g"};
    std::ostringstream out;
    svdkit::write_csv(out, a, w);
    std::istringstream in(out.str());
    const svdkit::csv_table<T> t = svdkit::read_csv<T>(in);
    INFO(out.str().substr(0, 400));
    CHECK(t.names == w.names);
    CHECK(t.row_labels.empty());
    CHECK(count_different(t.values, a) == 0);
}

TEST_CASE("csv: row labels and a custom NaN text round trip", "[io][csv]") {
    svdkit::matrix<double> a{{1, std::numeric_limits<double>::quiet_NaN()}, {3, 4}};
    svdkit::csv_write_options w;
    w.names = {"x", "y"};
    w.row_labels = {"first", "second, too"};
    w.row_label_name = "who";
    w.nan_text = "";
    std::ostringstream out;
    svdkit::write_csv(out, a, w);
    CHECK(out.str() == "who,x,y\nfirst,1,\n\"second, too\",3,4\n");
    svdkit::csv_options r;
    r.row_labels = true;
    const auto t = csv<double>(out.str(), r);
    CHECK(t.names == std::vector<std::string>{"x", "y"});
    CHECK(t.row_labels == std::vector<std::string>{"first", "second, too"});
    CHECK(count_different(t.values, a) == 0);
}

TEST_CASE("csv: quoted fields with delimiters and doubled quotes and line breaks", "[io][csv]") {
    const auto t = csv<double>(
        "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",  plain  ,\"  kept  \"\n"
        "1,2,3,4,5\n"
        "\"6\", 7 ,\"8\"  ,9,10\n");
    CHECK(t.names == std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines", "plain", "  kept  "});
    REQUIRE(t.values.rows() == 2);
    REQUIRE(t.values.cols() == 5);
    CHECK(t.values(0, 0) == 1);
    CHECK(t.values(1, 0) == 6);
    CHECK(t.values(1, 1) == 7);
    CHECK(t.values(1, 2) == 8);
    CHECK(t.values(1, 4) == 10);
}

TEST_CASE("csv: CRLF and lone CR and the last line with or without a line break", "[io][csv]") {
    const svdkit::matrix<double> want{{1, 2}, {3, 4}};
    for (const std::string text : {"x,y\n1,2\n3,4\n", "x,y\n1,2\n3,4", "x,y\r\n1,2\r\n3,4\r\n", "x,y\r\n1,2\r\n3,4",
                                   "x,y\r1,2\r3,4\r", "\n\nx,y\n\n1,2\r\n\r\n3,4\n\n\n"}) {
        INFO(text);
        const auto t = csv<double>(text);
        CHECK(t.names == std::vector<std::string>{"x", "y"});
        CHECK(count_different(t.values, want) == 0);
    }
}

TEST_CASE("csv: a UTF-8 byte order mark and other delimiters", "[io][csv]") {
    const auto bom = csv<double>("\xEF\xBB\xBFx,y\n1,2\n");
    CHECK(bom.names == std::vector<std::string>{"x", "y"});
    svdkit::csv_options semi;
    semi.delimiter = ';';
    const auto s = csv<double>("x;y\n1.5;-2e3\n", semi);
    CHECK(s.values(0, 0) == 1.5);
    CHECK(s.values(0, 1) == -2000);
    svdkit::csv_options tab;
    tab.delimiter = '\t';
    const auto t = csv<double>("x\ty\n1\t\n", tab);
    CHECK(t.values(0, 0) == 1);
    CHECK(std::isnan(t.values(0, 1)));
}

TEST_CASE("csv: missing cells are NaN and inf is infinite", "[io][csv]") {
    const auto t = csv<double>("a,b,c,d\n,NA,na,NaN\n1,,-nan,\ninf,-Infinity,+INF,3\n");
    REQUIRE(t.values.rows() == 3);
    CHECK(std::isnan(t.values(0, 0)));
    CHECK(std::isnan(t.values(0, 1)));
    CHECK(std::isnan(t.values(0, 2)));
    CHECK(std::isnan(t.values(0, 3)));
    CHECK(t.values(1, 0) == 1);
    CHECK(std::isnan(t.values(1, 1)));
    CHECK(std::isnan(t.values(1, 2)));
    CHECK(std::isnan(t.values(1, 3)));  // a trailing delimiter is an empty last cell
    CHECK(t.values(2, 0) == std::numeric_limits<double>::infinity());
    CHECK(t.values(2, 1) == -std::numeric_limits<double>::infinity());
    CHECK(t.values(2, 2) == std::numeric_limits<double>::infinity());
    CHECK(t.values(2, 3) == 3);
}

TEST_CASE("csv: header detection", "[io][csv]") {
    // automatic: names when no field is a number.
    CHECK(csv<double>("x,y\n1,2\n").names.size() == 2);
    CHECK(csv<double>("x,\n1,2\n").names == std::vector<std::string>{"x", ""});
    const auto numeric = csv<double>("1,2\n3,4\n");
    CHECK(numeric.names.empty());
    CHECK(numeric.values.rows() == 2);
    // A first record of missing values only is data, not a header.
    CHECK(csv<double>("NA,\n3,4\n").values.rows() == 2);
    // present: even numbers are names.
    svdkit::csv_options present;
    present.header = svdkit::csv_header::present;
    const auto years = csv<double>("2019,2020\n1,2\n", present);
    CHECK(years.names == std::vector<std::string>{"2019", "2020"});
    CHECK(years.values.rows() == 1);
    // absent: text in the first record is an error, not names.
    svdkit::csv_options absent;
    absent.header = svdkit::csv_header::absent;
    CHECK_THROWS_WITH(csv<double>("x,y\n1,2\n", absent), Contains("line 1, column 1: 'x' is not a number"));
    // A data record with one bad cell is not taken for a header.
    CHECK_THROWS_WITH(csv<double>("1,oops\n1,2\n"), Contains("line 1, column 2: 'oops' is not a number"));
}

TEST_CASE("csv: empty input and a header only", "[io][csv]") {
    const auto empty = csv<double>("");
    CHECK(empty.values.rows() == 0);
    CHECK(empty.values.cols() == 0);
    const auto only = csv<double>("a,b,c\n");
    CHECK(only.names.size() == 3);
    CHECK(only.values.rows() == 0);
    CHECK(only.values.cols() == 3);
}

TEST_CASE("csv: malformed input names the line and the column", "[io][csv][errors]") {
    {
        // Ragged: line numbers count physical lines, including blank ones and quoted line breaks.
        const svdkit::io_error e = csv_error("\"a\nb\",c\n\n1,2\n1,2,3\n");
        CHECK_THAT(e.what(), Contains("line 5: the record has 3 fields but the first record has 2"));
        CHECK(e.line() == 5);
    }
    {
        const svdkit::io_error e = csv_error("a,b\n1,2\n3\n");
        CHECK_THAT(e.what(), Contains("line 3: the record has 1 fields but the first record has 2"));
        CHECK(e.line() == 3);
    }
    {
        const svdkit::io_error e = csv_error("a,b,c\r\n1,2,3\r\n4,five,6\r\n");
        CHECK_THAT(e.what(), Contains("line 3, column 2 ('b'): 'five' is not a number"));
        CHECK(e.line() == 3);
        CHECK(e.column() == 2);
    }
    {
        // Decimal commas, thousands separators and trailing garbage are not numbers.
        svdkit::csv_options semi;
        semi.delimiter = ';';
        CHECK_THAT(csv_error("1,5;2\n", semi).what(), Contains("line 1, column 1: '1,5' is not a number"));
        CHECK_THAT(csv_error("1\n2x\n").what(), Contains("line 2, column 1: '2x' is not a number"));
    }
    CHECK_THAT(csv_error("1,1e999\n").what(), Contains("line 1, column 2: '1e999' is out of range for double"));
    {
        std::istringstream in("1e39\n");
        CHECK_THROWS_WITH(svdkit::read_csv<float>(in), Contains("line 1, column 1: '1e39' is out of range for float"));
    }
    {
        const svdkit::io_error e = csv_error("a,b\n1,x\"y\"\n");
        CHECK_THAT(e.what(), Contains("line 2, column 2: a '\"' inside an unquoted field"));
        CHECK(e.column() == 2);
    }
    CHECK_THAT(csv_error("a,b\n1,\"2\"x\n").what(),
               Contains("line 2, column 2: unexpected 'x' after the closing quote"));
    {
        const svdkit::io_error e = csv_error("a,b\n1,2\n3,\"4\n5\n");
        CHECK_THAT(e.what(), Contains("line 3, column 2: the quoted field opened here is not closed"));
        CHECK(e.line() == 3);
    }
    CHECK_THAT(csv_error("\xEF" "a,b\n").what(), Contains("starts with byte 0xEF but not with a UTF-8 byte order mark"));
    {
        svdkit::csv_options bad;
        bad.delimiter = '"';
        CHECK_THROWS_AS(csv<double>("1\n", bad), std::invalid_argument);
    }
}

TEST_CASE("csv: csv_reader splits mixed text records", "[io][csv]") {
    std::istringstream in("movieId,title,genres\n1,\"Crouching Tiger, Hidden Dragon (2000)\",Action|Drama\n"
                          "2,\"The \"\"Quoted\"\" One\",Comedy\n");
    svdkit::csv_reader r(in);
    std::vector<std::string> f;
    REQUIRE(r.next(f));
    CHECK(r.line() == 1);
    REQUIRE(r.next(f));
    CHECK(r.line() == 2);
    CHECK(f == std::vector<std::string>{"1", "Crouching Tiger, Hidden Dragon (2000)", "Action|Drama"});
    REQUIRE(r.next(f));
    CHECK(f[1] == "The \"Quoted\" One");
    CHECK_FALSE(r.next(f));
}

TEST_CASE("csv: files on disk", "[io][csv]") {
    const std::string path = "svdkit_io_test.csv";
    const svdkit::matrix<double> a{{1, 2, 3}, {4, 5, 6.25}};
    svdkit::write_csv(path, a);
    const auto t = svdkit::read_csv<double>(path);
    std::remove(path.c_str());
    CHECK(t.names.empty());
    CHECK(count_different(t.values, a) == 0);
    CHECK_THROWS_WITH(svdkit::read_csv<double>("no/such/dir/x.csv"), Contains("cannot open 'no/such/dir/x.csv'"));
    CHECK_THROWS_AS(svdkit::write_csv("no/such/dir/x.csv", a), svdkit::io_error);
}

TEST_CASE("csv: write_csv rejects labels of the wrong length", "[io][csv][errors]") {
    const svdkit::matrix<double> a(2, 3);
    std::ostringstream out;
    svdkit::csv_write_options w;
    w.names = {"a", "b"};
    CHECK_THROWS_WITH(svdkit::write_csv(out, a, w), Contains("names has 2 entries; it must be empty or have one per column (= 3)"));
    w.names.clear();
    w.row_labels = {"r"};
    CHECK_THROWS_WITH(svdkit::write_csv(out, a, w), Contains("row_labels has 1 entries; it must be empty or have one per row (= 2)"));
}

// =============================================================================================
// NumPy .npy
// =============================================================================================

TEST_CASE("npy: crafted version 1.0 file in C order", "[io][npy]") {
    const std::string file = npy_file(1, dict_2x3, f8_data({1, 2, 3, 4, 5, 6.5}));
    REQUIRE(file.size() == 128 + 48);  // a 59-character dict: the data start at byte 128
    const auto a = npy(file);
    const svdkit::matrix<double> want{{1, 2, 3}, {4, 5, 6.5}};
    CHECK(count_different(a, want) == 0);
}

TEST_CASE("npy: crafted version 2.0 and 3.0 files in Fortran order", "[io][npy]") {
    // Column-major data: the same 2×3 matrix is stored 1, 4, 2, 5, 3, 6.5.
    const std::string dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
    const svdkit::matrix<double> want{{1, 2, 3}, {4, 5, 6.5}};
    for (int major : {2, 3}) {
        INFO("version " << major << ".0");
        const std::string file = npy_file(major, dict, f8_data({1, 4, 2, 5, 3, 6.5}));
        REQUIRE(file.size() == 128 + 48);
        CHECK(count_different(npy(file), want) == 0);
    }
}

TEST_CASE("npy: headers as other writers lay them out", "[io][npy]") {
    const svdkit::matrix<double> want{{1, 2, 3}, {4, 5, 6.5}};
    // Keys in another order, double quotes, no trailing comma, 16-byte alignment (NumPy < 1.9),
    // and Python 2's long integers.
    const std::string data = f8_data({1, 2, 3, 4, 5, 6.5});
    CHECK(count_different(npy(npy_file(1, "{\"shape\": (2, 3), \"fortran_order\": False, \"descr\": \"<f8\"}", data)), want) == 0);
    std::string d16 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }";
    d16.append((16 - (10 + d16.size() + 1) % 16) % 16, ' ');
    d16.push_back('\n');
    CHECK(count_different(npy(npy_file(1, d16, data, false)), want) == 0);
}

TEST_CASE("npy: float32 and integer dtypes are converted", "[io][npy]") {
    const auto f = npy<double>(npy_file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }",
                                        f4(0.1f) + f4(-2.5f) + f4(3e38f)));
    CHECK(f(0, 0) == static_cast<double>(0.1f));
    CHECK(f(0, 1) == -2.5);
    CHECK(f(0, 2) == static_cast<double>(3e38f));

    const auto i4 = npy(npy_file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 3), }",
                                 le_bytes(7, 4) + le_bytes(0xFFFFFFFFu, 4) + le_bytes(0x80000000u, 4)));
    CHECK(i4(0, 0) == 7);
    CHECK(i4(0, 1) == -1);
    CHECK(i4(0, 2) == -2147483648.0);

    const auto i8 = npy(npy_file(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                                 le_bytes(std::uint64_t{1} << 40, 8) + le_bytes(~std::uint64_t{0}, 8) +
                                     le_bytes(std::uint64_t{1} << 63, 8)));
    REQUIRE(i8.rows() == 3);
    REQUIRE(i8.cols() == 1);  // 1-D arrays are columns
    CHECK(i8(0, 0) == 1099511627776.0);
    CHECK(i8(1, 0) == -1);
    CHECK(i8(2, 0) == -9223372036854775808.0);

    const auto u1 = npy(npy_file(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", "\xFF\x02"));
    CHECK(u1(0, 0) == 255);
    CHECK(u1(1, 0) == 2);
    const auto i1 = npy(npy_file(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }", "\xFF\x80"));
    CHECK(i1(0, 0) == -1);
    CHECK(i1(1, 0) == -128);
    const auto u8 = npy(npy_file(1, "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", le_bytes(~std::uint64_t{0}, 8)));
    CHECK(u8(0, 0) == 18446744073709551615.0);
    const auto i2 = npy<float>(npy_file(1, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,), }", le_bytes(0x8001, 2)));
    CHECK(i2(0, 0) == -32767.0f);
}

TEST_CASE("npy: 0-D and empty arrays", "[io][npy]") {
    const auto scalar = npy(npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", f8(42)));
    REQUIRE(scalar.rows() == 1);
    REQUIRE(scalar.cols() == 1);
    CHECK(scalar(0, 0) == 42);
    const auto empty = npy(npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", ""));
    CHECK(empty.rows() == 0);
    CHECK(empty.cols() == 3);
    const auto empty1 = npy(npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", ""));
    CHECK(empty1.rows() == 0);
    CHECK(empty1.cols() == 1);
}

// A string buffer that counts the writes it is handed (zero-byte writes included).
struct counting_buffer : std::stringbuf {
    std::size_t writes = 0;
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        ++writes;
        return std::stringbuf::xsputn(s, n);
    }
};

TEST_CASE("npy: an empty matrix with a huge extent writes the header and nothing else", "[io][npy]") {
    // The io fuzzer found 4294967296×0: write_npy looped over four billion rows writing zero bytes
    // each (70 s). An empty matrix's data is written with no loop at all, in either order.
    const std::size_t huge = std::size_t{1} << 32;
    for (const auto& shape : {std::make_pair(huge, std::size_t{0}), std::make_pair(std::size_t{0}, huge)}) {
        for (svdkit::layout order : {svdkit::layout::row_major, svdkit::layout::column_major}) {
            const svdkit::matrix<double> a(shape.first, shape.second);
            counting_buffer buf;
            std::ostream out(&buf);
            svdkit::write_npy(out, a, svdkit::npy_write_options{order});
            CHECK(buf.writes <= 2);
            const auto back = npy<double>(buf.str());
            CHECK(back.rows() == shape.first);
            CHECK(back.cols() == shape.second);
        }
    }
}

TEMPLATE_TEST_CASE("npy: write then read in both orders", "[io][npy]", float, double) {
    using T = TestType;
    std::mt19937_64 rng(7);
    svdkit::matrix<T> a(5, 3);
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) a(i, j) = random_value<T>(rng);
    a(0, 0) = std::numeric_limits<T>::quiet_NaN();
    a(1, 0) = -std::numeric_limits<T>::infinity();
    for (svdkit::layout order : {svdkit::layout::row_major, svdkit::layout::column_major}) {
        std::ostringstream out;
        svdkit::write_npy(out, a, svdkit::npy_write_options{order});
        CHECK(count_different(npy<T>(out.str()), a) == 0);
    }
}

TEST_CASE("npy: the writer's bytes follow the format description", "[io][npy]") {
    const svdkit::matrix<double> a{{1, 2, 3}, {4, 5, 6.5}};
    std::ostringstream c_out, f_out;
    svdkit::write_npy(c_out, a);
    svdkit::write_npy(f_out, a, svdkit::npy_write_options{svdkit::layout::column_major});
    CHECK(c_out.str() == npy_file(1, dict_2x3, f8_data({1, 2, 3, 4, 5, 6.5})));
    CHECK(f_out.str() ==
          npy_file(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f8_data({1, 4, 2, 5, 3, 6.5})));
    // float is '<f4'; long double is stored as '<f8' (rounded to double).
    std::ostringstream fl;
    svdkit::write_npy(fl, svdkit::matrix<float>{{0.1f}});
    CHECK(fl.str() == npy_file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", f4(0.1f)));
    std::ostringstream ld;
    svdkit::write_npy(ld, svdkit::matrix<long double>{{1.0L / 3}});
    CHECK(ld.str() == npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", f8(1.0 / 3)));
    const auto back = npy<long double>(ld.str());
    CHECK(back(0, 0) == static_cast<long double>(1.0 / 3));
}

TEST_CASE("npy: several arrays in one stream are read in turn", "[io][npy]") {
    std::ostringstream out;
    svdkit::write_npy(out, svdkit::matrix<double>{{1, 2}});
    svdkit::write_npy(out, svdkit::matrix<double>{{3}, {4}});
    std::istringstream in(out.str());
    const auto first = svdkit::read_npy<double>(in);
    const auto second = svdkit::read_npy<double>(in);
    CHECK(count_different(first, svdkit::matrix<double>{{1, 2}}) == 0);
    CHECK(count_different(second, svdkit::matrix<double>{{3}, {4}}) == 0);
}

TEST_CASE("npy: files on disk", "[io][npy]") {
    const std::string path = "svdkit_io_test.npy";
    const svdkit::matrix<float> a{{1, 2}, {3, 4}, {5, 6}};
    svdkit::write_npy(path, a);
    const auto b = svdkit::read_npy<float>(path);
    std::remove(path.c_str());
    CHECK(count_different(a, b) == 0);
    CHECK_THROWS_WITH(svdkit::read_npy<double>("no/such/dir/x.npy"), Contains("cannot open 'no/such/dir/x.npy'"));
}

TEST_CASE("npy_row_reader: row blocks of any size give read_npy's matrix, C and Fortran order", "[io][npy][rows]") {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> uni(-1, 1);
    svdkit::matrix<double> a(37, 5);
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = uni(rng);
    for (const svdkit::layout order : {svdkit::layout::row_major, svdkit::layout::column_major}) {
        const std::string path = "svdkit_io_rows_test.npy";
        svdkit::write_npy(path, a, svdkit::npy_write_options{order});
        for (const std::size_t block : {std::size_t(1), std::size_t(7), std::size_t(37), std::size_t(100)}) {
            INFO((order == svdkit::layout::row_major ? "C order" : "Fortran order") << ", blocks of " << block);
            svdkit::npy_row_reader<double> reader(path);
            CHECK(reader.rows() == 37);
            CHECK(reader.cols() == 5);
            std::size_t i0 = 0;
            while (!reader.done()) {
                const svdkit::matrix<double> b = reader.read_rows(block);
                REQUIRE(b.rows() == std::min(block, 37 - i0));
                REQUIRE(b.cols() == 5);
                for (std::size_t i = 0; i < b.rows(); ++i)
                    for (std::size_t j = 0; j < 5; ++j) CHECK(b(i, j) == a(i0 + i, j));
                i0 += b.rows();
                CHECK(reader.rows_read() == i0);
            }
            CHECK(i0 == 37);
            CHECK(reader.read_rows(3).rows() == 0);  // past the end: empty blocks
        }
        // float: the same values rounded, as read_npy<float> gives them
        svdkit::npy_row_reader<float> rf(path);
        CHECK(count_different(rf.read_rows(37), svdkit::read_npy<float>(path)) == 0);
        std::remove(path.c_str());
    }
}

TEST_CASE("npy_row_writer: rows written in blocks load as write_npy's file", "[io][npy][rows]") {
    const svdkit::matrix<double> a{{1, 2, 3}, {4, 5, 6.5}, {-7, 8e300, 9e-310}, {0, -0.0, 1}};
    const std::string path = "svdkit_io_rows_writer.npy";
    {
        svdkit::npy_row_writer<double> w(path, 4, 3);
        w.write_rows(svdkit::matrix<double>{{1, 2, 3}});
        w.write_rows(svdkit::matrix<double>(0, 3));
        w.write_rows(svdkit::matrix<double>{{4, 5, 6.5}, {-7, 8e300, 9e-310}, {0, -0.0, 1}});
        CHECK_THROWS_WITH(w.write_rows(svdkit::matrix<double>(1, 3)), Contains("0 rows of 3 columns are left"));
        w.close();
    }
    std::ostringstream expected;
    svdkit::write_npy(expected, a);
    std::ifstream in(path, std::ios::binary);
    const std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(got == expected.str());  // byte for byte
    in.close();
    {  // too few rows: close() says so
        svdkit::npy_row_writer<float> w(path, 3, 2);
        CHECK_THROWS_WITH(w.write_rows(svdkit::matrix<float>(1, 3)), Contains("a 1x3 block does not fit"));
        w.write_rows(svdkit::matrix<float>(2, 2));
        CHECK_THROWS_WITH(w.close(), Contains("2 of the 3 rows the header promises were written"));
    }
    std::remove(path.c_str());
    CHECK_THROWS_WITH(svdkit::npy_row_writer<double>("no/such/dir/x.npy", 1, 1), Contains("cannot open"));
}

TEST_CASE("npy_row_reader: bad files fail at construction, naming the file", "[io][npy][rows][errors]") {
    const std::string path = "svdkit_io_rows_bad.npy";
    CHECK_THROWS_WITH(svdkit::npy_row_reader<double>("no/such/dir/x.npy"), Contains("cannot open 'no/such/dir/x.npy'"));
    {  // the data cut short: found before any row is read
        std::ofstream out(path, std::ios::binary);
        const std::string file = npy_file(1, dict_2x3, f8_data({1, 2, 3, 4, 5}));
        out.write(file.data(), static_cast<std::streamsize>(file.size()));
    }
    CHECK_THROWS_WITH(svdkit::npy_row_reader<double>(path),
                      Contains(path + ": svdkit::npy_row_reader: truncated data: shape (2, 3) needs 48 bytes but only 40"));
    {  // not .npy at all: the header parser's message, naming the row reader
        std::ofstream out(path, std::ios::binary);
        out << "x,y\n1,2\n";
    }
    CHECK_THROWS_WITH(svdkit::npy_row_reader<double>(path), Contains(path + ": svdkit::npy_row_reader: not a .npy file"));
    {  // a header error from the dict parser names the row reader too
        std::ofstream out(path, std::ios::binary);
        const std::string file = npy_file(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", f8_data({1, 2, 3, 4, 5, 6}));
        out.write(file.data(), static_cast<std::streamsize>(file.size()));
    }
    CHECK_THROWS_WITH(svdkit::npy_row_reader<double>(path), Contains("svdkit::npy_row_reader: ") && !Contains("read_npy"));
    std::remove(path.c_str());
}

TEST_CASE("npy: malformed files name the problem", "[io][npy][errors]") {
    const std::string data6 = f8_data({1, 2, 3, 4, 5, 6});
    CHECK_THAT(npy_error("PK\x03\x04 not npy"), Contains("not a .npy file"));
    CHECK_THAT(npy_error(""), Contains("not a .npy file"));
    CHECK_THAT(npy_error("\x93NUMPY\x01"), Contains("ends inside the version bytes"));
    {
        std::string v = npy_file(1, dict_2x3, data6);
        v[6] = '\x04';
        CHECK_THAT(npy_error(v), Contains("unsupported format version 4.0 (supported: 1.0, 2.0, 3.0)"));
        v[6] = '\x01';
        v[7] = '\x01';
        CHECK_THAT(npy_error(v), Contains("unsupported format version 1.1"));
    }
    CHECK_THAT(npy_error(std::string("\x93NUMPY\x01\x00\x10", 9)), Contains("ends inside the header length"));
    CHECK_THAT(npy_error(std::string("\x93NUMPY\x02\x00", 8) + le_bytes(0xFFFFFFFFu, 4)),
               Contains("the header length (= 4294967295 bytes) exceeds the limit"));
    CHECK_THAT(npy_error(npy_file(1, dict_2x3, data6).substr(0, 40)), Contains("the file ends before"));

    auto with_dict = [&](const std::string& dict) { return npy_error(npy_file(1, dict, data6)); };
    CHECK_THAT(with_dict("['descr', '<f8']"), Contains("must be a Python dict literal"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False}"), Contains("the header has no field 'shape'"));
    CHECK_THAT(with_dict("{'fortran_order': False, 'shape': (2, 3)}"), Contains("the header has no field 'descr'"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'shape': (2, 3)}"), Contains("the header has no field 'fortran_order'"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}"),
               Contains("unexpected header field 'extra'"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("the field 'descr' appears twice"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} junk"),
               Contains("unexpected text after the header dict"));
    CHECK_THAT(with_dict("{'descr': '<f8' 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("expected ',' or '}' after the field 'descr'"));
    CHECK_THAT(with_dict("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("header field 'descr': dtype '>f8' is big-endian; convert it first, e.g. a.astype('<f8')"));
    CHECK_THAT(with_dict("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("header field 'descr': unsupported dtype '<c16'"));
    CHECK_THAT(with_dict("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("header field 'descr': unsupported dtype '<f2'"));
    CHECK_THAT(with_dict("{'descr': '|f8', 'fortran_order': False, 'shape': (2, 3)}"),
               Contains("header field 'descr': unsupported dtype '|f8'"));
    CHECK_THAT(with_dict("{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (2,)}"),
               Contains("header field 'descr': structured dtypes"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}"),
               Contains("header field 'fortran_order': expected True or False"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3)}"),
               Contains("header field 'shape': 3 dimensions; only 0, 1 or 2 fit in a matrix"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 3)}"),
               Contains("header field 'shape': expected a non-negative integer"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}"),
               Contains("header field 'shape': expected a tuple"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 3)}"),
               Contains("header field 'shape': a dimension exceeds PTRDIFF_MAX"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904)}"),
               Contains("header field 'shape': (4611686018427387904, 4611686018427387904) holds more elements than "
                        "fit in memory"));
    // Too little data: caught before allocating, from the stream's size.
    CHECK_THAT(npy_error(npy_file(1, dict_2x3, data6.substr(0, 47))),
               Contains("truncated data: shape (2, 3) needs 48 bytes but only 47 follow the header"));
    CHECK_THAT(with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000, 100000)}"),
               Contains("shape (100000000, 100000) needs 80000000000000 bytes but only 48 follow the header"));
}

TEST_CASE("npy: a stream that cannot seek is read in bounded chunks", "[io][npy][errors]") {
    // A pipe cannot say how much is left, so a lying shape is caught when the data run out.
    pipe_buffer ok(npy_file(1, dict_2x3, f8_data({1, 2, 3, 4, 5, 6})));
    std::istream ok_in(&ok);
    CHECK(svdkit::read_npy<double>(ok_in)(1, 2) == 6);
    pipe_buffer lie(npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000, 100000)}",
                             f8_data({1, 2, 3})));
    std::istream lie_in(&lie);
    CHECK_THROWS_WITH(svdkit::read_npy<double>(lie_in),
                      Contains("needs 80000000000000 bytes but only 24 follow the header"));
}

// Issue 24: a header that does not end in '\n' (its length field one byte short, so that the
// '\n' and the data are read at the wrong offset) is an error, not a matrix of garbage.
TEST_CASE("npy: the header must end with space padding and a newline", "[io][npy][range]") {
    std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }";
    dict.append((64 - (10 + dict.size() + 1) % 64) % 64, ' ');
    dict.push_back('\n');
    const std::string good = npy_file(1, dict, f8(1.0), false);
    REQUIRE(npy(good)(0, 0) == 1.0);
    // the same bytes with the length field one less: the header now ends in ' '
    std::string short_len = good;
    short_len[8] = static_cast<char>(static_cast<unsigned char>(short_len[8]) - 1);
    CHECK_THAT(npy_error(short_len), Contains("does not end in '\\n'"));
    // text other than spaces between the dict and the '\n'
    std::string junk = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), } x";
    junk.append((64 - (10 + junk.size() + 1) % 64) % 64, ' ');
    junk.push_back('\n');
    CHECK_THAT(npy_error(npy_file(1, junk, f8(1.0), false)), Contains("after the header dict's closing '}'"));
    // a newline inside the padding
    std::string nl = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }\n";
    nl.append((64 - (10 + nl.size() + 1) % 64) % 64, ' ');
    nl.push_back('\n');
    CHECK_THAT(npy_error(npy_file(1, nl, f8(1.0), false)), Contains("after the header dict's closing '}'"));
}

TEST_CASE("io: messages quote at most ~60 characters of user data, escaped", "[io][range]") {
    // a rejected CSV cell of 1 MiB, with a NUL byte and a quote in it
    std::string cell(std::size_t{1} << 20, 'x');
    cell[3] = '\0';
    cell[5] = '\'';
    const svdkit::io_error e = csv_error("1," + cell + "\n");
    const std::string msg = e.what();
    CHECK(msg.size() < 300);
    CHECK(msg.find('\0') == std::string::npos);
    CHECK_THAT(msg, Contains("'xxx\\x00x\\'xxx"));
    CHECK_THAT(msg, Contains("(1048576 characters)"));
    // an npy header field name of 200 characters
    std::string dict = "{'" + std::string(200, 'k') + "': 1, 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
    const std::string m2 = npy_error(npy_file(1, dict, f8(1.0)));
    CHECK(m2.size() < 300);
    CHECK_THAT(m2, Contains("(200 characters)"));
}

TEST_CASE("csv: a first column of names is detected as row labels", "[io][csv]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // the shipped ratings file's shape: a header, names down the side, missing ratings
    const auto t = csv<double>("person,Die Hard,\"Crouching Tiger, Hidden Dragon\"\np01,5,\np02,4,3\n");
    CHECK(t.row_label_name == "person");
    CHECK(t.names == std::vector<std::string>{"Die Hard", "Crouching Tiger, Hidden Dragon"});
    CHECK(t.row_labels == std::vector<std::string>{"p01", "p02"});
    CHECK(count_different(t.values, svdkit::matrix<double>{{5, nan}, {4, 3}}) == 0);
    // pandas' to_csv: an empty header cell above the index; and no header at all
    const auto p = csv<double>(",a,b\nr1,1,2\nr2,3,4\n");
    CHECK(p.row_label_name.empty());
    CHECK(p.names == std::vector<std::string>{"a", "b"});
    CHECK(p.row_labels == std::vector<std::string>{"r1", "r2"});
    const auto n = csv<double>("r1,1,2\nr2,3,4\n");
    CHECK(n.names.empty());
    CHECK(n.row_labels == std::vector<std::string>{"r1", "r2"});
    CHECK(count_different(n.values, svdkit::matrix<double>{{1, 2}, {3, 4}}) == 0);
    // numbers down the first column stay data; so does a column that is text only in places,
    // which is reported at its first text cell (1-based line and column)
    CHECK(csv<double>("1,2\n3,4\n").values.cols() == 2);
    CHECK(csv<double>("1,2\n3,4\n").row_labels.empty());
    CHECK_THROWS_WITH(csv<double>("a,b,c\nr1,1,2\n3,4,5\n"), Contains("line 2, column 1 ('a'): 'r1' is not a number"));
    CHECK_THROWS_WITH(csv<double>("a,b,c\n3,4,5\nr1,1,2\n"), Contains("line 3, column 1 ('a'): 'r1' is not a number"));
    // the first record's bad cell after a text first field: the first field is reported
    CHECK_THROWS_WITH(csv<double>("r1,1,oops\nr2,3,4\n", [] {
                          svdkit::csv_options o;
                          o.header = svdkit::csv_header::absent;
                          return o;
                      }()),
                      Contains("line 1, column 1: 'r1'"));
    // one record and no header: a text first field is a malformed number, not a name
    CHECK_THROWS_WITH(csv<double>("r1,1,2\n"), Contains("line 1, column 1: 'r1' is not a number"));
    // detection off: the names are an error, as before it existed
    svdkit::csv_options off;
    off.detect_row_labels = false;
    CHECK_THROWS_WITH(csv<double>("r1,1,2\n", off), Contains("line 1, column 1: 'r1' is not a number"));
    // row_labels = true also reports the header cell above the labels
    svdkit::csv_options on;
    on.row_labels = true;
    CHECK(csv<double>("who,x\n1,2\n", on).row_label_name == "who");
    CHECK(csv<double>("who,x\n1,2\n", on).row_labels == std::vector<std::string>{"1"});
}
