// svdkit - reading and writing matrices as NumPy .npy files.
//
// read_npy turns a .npy file into a matrix<T>, write_npy any matrix_view into one. Every
// malformed input is reported by svdkit::io_error (errors.hpp) naming the header field or the byte
// count. Sizes are checked before anything is allocated, so a corrupt or hostile file cannot make
// the reader allocate more than the data it actually contains. Needs matrix.hpp only.
//
// NumPy .npy: the format of numpy.lib.format, versions 1.0, 2.0 and 3.0. Dtypes read:
// little-endian float32/float64 ('<f4', '<f8') and integers ('|i1', '|u1', '<i2', '<u2', '<i4',
// '<u4', '<i8', '<u8'; '<' may also be written '|' for one-byte types), in C or Fortran order,
// with 0, 1 or 2 dimensions. Each value is converted to T by static_cast (so an int64 beyond
// 2^53 rounds in double, and a float64 beyond float's range becomes ±Inf when T is float).
//
// Complex (T = std::complex<R>): '<c8' (complex64) and '<c16' (complex128) are read and written,
// each value a real part then an imaginary part, as NumPy and std::complex store them. A real
// dtype reads into a complex matrix with imaginary part 0; a complex dtype into a real matrix is
// an io_error naming the dtype (dropping the imaginary part silently would be a wrong answer).
// complex<long double> is written as '<c16', rounded, as long double is written as '<f8' (NumPy
// has no portable extended type). NumPy's own long double files, '<f16' and '<c32' (longdouble,
// clongdouble), are read where long double is the x87 80-bit extended format, as NumPy writes
// them on x86-64 (the 10-byte value in 16 bytes); elsewhere they are an io_error saying so, since
// the same dtype means IEEE binary128 on other platforms and the bytes cannot tell which.
//
// References:
// [1] NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and the
//     numpy.lib.format module documentation (magic string, version bytes, header length, the
//     dict literal with 'descr', 'fortran_order' and 'shape', the 64-byte alignment).
#ifndef SVDKIT_IO_NPY_HPP
#define SVDKIT_IO_NPY_HPP

#include <complex>      // std::complex
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <cstdint>      // std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int*_t
#include <cstring>      // std::memcpy
#include <fstream>      // std::ifstream, std::ofstream
#include <istream>      // std::istream
#include <limits>       // std::numeric_limits
#include <ostream>      // std::ostream
#include <stdexcept>    // std::runtime_error, std::invalid_argument
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::conditional_t, std::is_same, std::void_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include "../errors.hpp"
#include "../matrix.hpp"

namespace svdkit {


/// The largest .npy header read_npy accepts, in bytes. NumPy's own reader refuses headers over
/// 10000 bytes by default; a 2-D array's header is under 128, so this only stops a corrupt
/// header length from becoming a large allocation.
constexpr std::size_t npy_max_header_bytes = std::size_t{1} << 20;

namespace detail {

/// A parsed 'descr': kind 'f' (IEEE float), 'c' (complex: two floats), 'i' (signed) or 'u'
/// (unsigned), and bytes per value (for 'c', of both parts).
struct npy_dtype {
    char kind = 0;
    std::size_t size = 0;
};

/// True where long double is the x87 80-bit extended format (64-bit significand), the format of
/// NumPy's longdouble on x86-64: then '<f16' and '<c32' can be read.
constexpr bool npy_reads_extended() noexcept {
    return std::numeric_limits<long double>::digits == 64 && std::numeric_limits<long double>::max_exponent == 16384 &&
           sizeof(long double) >= 10;
}

/// The descr of a dtype as NumPy writes it ('<c16'), for messages.
inline std::string npy_descr(const npy_dtype& dt) {
    return std::string(dt.size == 1 ? "|" : "<") + dt.kind + std::to_string(dt.size);
}

struct npy_header {
    npy_dtype dtype;
    bool fortran_order = false;
    std::vector<std::size_t> shape;
};

/// A parser for the one Python literal a .npy header holds: a dict with string keys whose values
/// are strings, True/False or tuples of non-negative integers. Errors name the field being read.
class npy_header_parser {
public:
    explicit npy_header_parser(const std::string& text) : s_(text) {}

    npy_header parse() {
        npy_header h;
        bool have_descr = false, have_order = false, have_shape = false;
        expect('{', "the header must be a Python dict literal starting with '{'");
        for (;;) {
            skip_space();
            if (at('}')) break;
            const std::string key = string_literal("a field name");
            skip_space();
            expect(':', "':' after the field name " + quoted_excerpt(key));
            skip_space();
            if (key == "descr") {
                if (have_descr) fail("the field 'descr' appears twice");
                if (at('['))
                    fail("header field 'descr': structured dtypes (a list of fields) are not supported; save a plain "
                         "numeric array");
                h.dtype = dtype(string_literal("the value of 'descr'"));
                have_descr = true;
            } else if (key == "fortran_order") {
                if (have_order) fail("the field 'fortran_order' appears twice");
                h.fortran_order = boolean("fortran_order");
                have_order = true;
            } else if (key == "shape") {
                if (have_shape) fail("the field 'shape' appears twice");
                h.shape = shape();
                have_shape = true;
            } else {
                fail("unexpected header field " + quoted_excerpt(key) +
                     " (a .npy header has exactly 'descr', 'fortran_order' and 'shape')");
            }
            skip_space();
            if (at(',')) {
                ++pos_;
                continue;
            }
            skip_space();
            if (!at('}')) fail("expected ',' or '}' after the field " + quoted_excerpt(key));
        }
        ++pos_;  // '}'
        // The padding [1]: spaces only, then the one terminating '\n' (read_npy checked it is last).
        while (at(' ')) ++pos_;
        if (!(at('\n') && pos_ + 1 == s_.size()))
            fail("unexpected text after the header dict's closing '}' (only space padding and the final '\\n' may "
                 "follow it)");
        if (!have_descr) fail("the header has no field 'descr'");
        if (!have_order) fail("the header has no field 'fortran_order'");
        if (!have_shape) fail("the header has no field 'shape'");
        return h;
    }

private:
    [[noreturn]] static void fail(const std::string& what) { throw io_error("svdkit::read_npy: " + what); }

    bool at(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
            ++pos_;
    }
    void expect(char c, const std::string& what) {
        skip_space();
        if (!at(c)) fail("malformed header: expected " + what);
        ++pos_;
    }

    std::string string_literal(const std::string& what) {
        if (!at('\'') && !at('"')) fail("malformed header: expected a quoted string as " + what);
        const char q = s_[pos_++];
        const std::size_t end = s_.find(q, pos_);
        if (end == std::string::npos) fail("malformed header: unterminated string in " + what);
        std::string r = s_.substr(pos_, end - pos_);
        if (r.find('\\') != std::string::npos) fail("malformed header: escape sequences in " + what);
        pos_ = end + 1;
        return r;
    }

    bool boolean(const std::string& field) {
        if (s_.compare(pos_, 4, "True") == 0) {
            pos_ += 4;
            return true;
        }
        if (s_.compare(pos_, 5, "False") == 0) {
            pos_ += 5;
            return false;
        }
        fail("header field '" + field + "': expected True or False");
    }

    std::vector<std::size_t> shape() {
        if (!at('(')) fail("header field 'shape': expected a tuple such as (3, 4)");
        ++pos_;
        std::vector<std::size_t> dims;
        for (;;) {
            skip_space();
            if (at(')')) break;
            if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9')
                fail("header field 'shape': expected a non-negative integer in the tuple");
            std::size_t v = 0;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
                const auto d = static_cast<std::size_t>(s_[pos_] - '0');
                if (v > (static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) - d) / 10)
                    fail("header field 'shape': a dimension exceeds PTRDIFF_MAX");
                v = v * 10 + d;
                ++pos_;
            }
            if (at('L')) ++pos_;  // NumPy under Python 2 wrote longs as 3L
            dims.push_back(v);
            skip_space();
            if (at(',')) {
                ++pos_;
                continue;
            }
            skip_space();
            if (!at(')')) fail("header field 'shape': expected ',' or ')' in the tuple");
        }
        ++pos_;
        if (dims.size() > 2)
            fail("header field 'shape': " + std::to_string(dims.size()) +
                 " dimensions; only 0, 1 or 2 fit in a matrix (reshape the array first)");
        return dims;
    }

    static npy_dtype dtype(const std::string& d) {
        const std::string supported =
            "supported: '<f4', '<f8', '<c8', '<c16', '<i1'..'<i8', '<u1'..'<u8' (little-endian; '|' for one "
            "byte), and '<f16', '<c32' where long double is x87 extended";
        if (d.size() < 3) fail("header field 'descr': unsupported dtype " + quoted_excerpt(d) + " (" + supported + ")");
        const char order = d[0];
        const char kind = d[1];
        const std::string width = d.substr(2);
        std::size_t size = 0;
        if (width == "1") size = 1;
        else if (width == "2") size = 2;
        else if (width == "4") size = 4;
        else if (width == "8") size = 8;
        else if (width == "16") size = 16;
        else if (width == "32") size = 32;
        const bool known_kind = (kind == 'f' && (size == 4 || size == 8 || size == 16)) ||
                                (kind == 'c' && (size == 8 || size == 16 || size == 32)) ||
                                ((kind == 'i' || kind == 'u') && size != 0 && size <= 8);
        if (order == '>' && known_kind)
            fail("header field 'descr': dtype '" + d +
                 "' is big-endian; convert it first, e.g. a.astype('<" + std::string(1, kind) + width + "') (" +
                 supported + ")");
        const bool order_ok = order == '<' || (order == '|' && size == 1) || (order == '=' && host_is_little());
        if (!known_kind || !order_ok)
            fail("header field 'descr': unsupported dtype " + quoted_excerpt(d) + " (" + supported + ")");
        if (((kind == 'f' && size == 16) || (kind == 'c' && size == 32)) && !npy_reads_extended())
            fail("header field 'descr': dtype " + quoted_excerpt(d) +
                 " (NumPy's long double) is read only where long double is the x87 80-bit extended format, as "
                 "NumPy writes it on x86-64; here long double has a " +
                 std::to_string(std::numeric_limits<long double>::digits) +
                 "-bit significand. Convert it first, e.g. a.astype('<" + (kind == 'c' ? "c16" : "f8") + "')");
        return npy_dtype{kind, size};
    }

    static bool host_is_little() {
        const std::uint16_t one = 1;
        unsigned char b = 0;
        std::memcpy(&b, &one, 1);
        return b == 1;
    }

    std::string s_;
    std::size_t pos_ = 0;
};

inline std::uint64_t load_le(const unsigned char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t k = n; k-- > 0;) v = (v << 8) | p[k];
    return v;
}

/// A real value of the given dtype, stored little-endian at p, converted to T (a real type).
template <class T>
T decode_npy_real(const unsigned char* p, const npy_dtype& dt) {
    static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
                  "svdkit::read_npy needs IEEE-754 float and double");
    if constexpr (npy_reads_extended()) {
        if (dt.kind == 'f' && dt.size == 16) {  // x87 extended: the 10-byte value, then 6 bytes of padding
            long double e = 0;
            std::memcpy(&e, p, 10);
            return static_cast<T>(e);
        }
    }
    const std::uint64_t bits = load_le(p, dt.size);
    if (dt.kind == 'f') {
        if (dt.size == 4) {
            const auto b32 = static_cast<std::uint32_t>(bits);
            float f;
            std::memcpy(&f, &b32, 4);
            return static_cast<T>(f);
        }
        double d;
        std::memcpy(&d, &bits, 8);
        return static_cast<T>(d);
    }
    if (dt.kind == 'u') return static_cast<T>(bits);
    // Two's complement: sign-extend from dt.size bytes.
    if (dt.size < 8 && (bits >> (8 * dt.size - 1)) != 0) {
        const std::uint64_t magnitude = (std::uint64_t{1} << (8 * dt.size)) - bits;
        return -static_cast<T>(magnitude);
    }
    if (dt.size == 8 && (bits >> 63) != 0) return -static_cast<T>(~bits) - T(1);
    return static_cast<T>(bits);
}

/// One value of the given dtype at p, converted to T: a complex dtype is its two parts, each a
/// float of half the size; a real dtype read into a complex T has imaginary part 0. (A complex
/// dtype never reaches a real T: check_npy_dtype rejects it first.)
template <class T>
T decode_npy_value(const unsigned char* p, const npy_dtype& dt) {
    if constexpr (is_complex<T>::value) {
        using R = real_type_t<T>;
        if (dt.kind == 'c') {
            const npy_dtype part{'f', dt.size / 2};
            return T(decode_npy_real<R>(p, part), decode_npy_real<R>(p + part.size, part));
        }
        return T(decode_npy_real<R>(p, dt), R(0));
    } else {
        return decode_npy_real<T>(p, dt);
    }
}

/// A complex dtype read into a real matrix<T>: an io_error naming the dtype and what to read it as.
template <class T>
void check_npy_dtype(const npy_dtype& dt, const std::string& where) {
    if (!is_complex<T>::value && dt.kind == 'c')
        throw io_error(where + ": header field 'descr': unsupported dtype '" + npy_descr(dt) +
                       "' for a real matrix: the file holds complex values; read it into a complex matrix, e.g. "
                       "read_npy<std::complex<" + (dt.size == 8 ? "float" : dt.size == 16 ? "double" : "long double") + ">>");
}

inline std::string shape_text(const std::vector<std::size_t>& shape) {
    std::string r = "(";
    for (std::size_t k = 0; k < shape.size(); ++k) r += (k ? ", " : "") + std::to_string(shape[k]);
    return r + (shape.size() == 1 ? ",)" : ")");
}

/// Steps 1-3 of reading a .npy stream (magic string, version, header, shape checked against
/// overflow for values of value_size bytes), leaving the stream at the first data byte. A 1-D
/// array is rows×1, a 0-D one 1×1. Errors are io_error prefixed with `where`.
inline npy_header read_npy_header(std::istream& in, const char* where, std::size_t value_size, std::size_t& rows,
                                  std::size_t& cols) {
    auto read_exact = [&in](unsigned char* dst, std::size_t n) -> std::size_t {
        in.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in.gcount());
    };
    const std::string w(where);
    // step 1: magic string and version [2].
    unsigned char pre[8];
    const std::size_t got = read_exact(pre, 8);
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (got < 6 || std::memcmp(pre, magic, 6) != 0)
        throw io_error(w + ": not a .npy file: it does not start with the magic string \"\\x93NUMPY\"");
    if (got < 8) throw io_error(w + ": truncated file: it ends inside the version bytes");
    const unsigned major = pre[6], minor = pre[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        throw io_error(w + ": unsupported format version " + std::to_string(major) + "." +
                       std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
    // step 2: the header length (uint16 in version 1, uint32 after) and the header itself.
    unsigned char len_bytes[4] = {0, 0, 0, 0};
    const std::size_t len_size = major == 1 ? 2 : 4;
    if (read_exact(len_bytes, len_size) != len_size)
        throw io_error(w + ": truncated file: it ends inside the header length");
    const auto header_len = static_cast<std::size_t>(detail::load_le(len_bytes, len_size));
    if (header_len > npy_max_header_bytes)
        throw io_error(w + ": the header length (= " + std::to_string(header_len) +
                       " bytes) exceeds the limit of " + std::to_string(npy_max_header_bytes) + " bytes");
    std::string header(header_len, ' ');
    if (header_len != 0 && read_exact(reinterpret_cast<unsigned char*>(&header[0]), header_len) != header_len)
        throw io_error(w + ": truncated file: the header length says " + std::to_string(header_len) +
                       " bytes but the file ends before");
    // The format ends the header with '\n' after the space padding; a header that does not is
    // read at the wrong length, and its data would be taken from the wrong offset.
    if (header.empty() || header.back() != '\n')
        throw io_error(w + ": the header (" + std::to_string(header_len) +
                       " bytes, as the header length says) does not end in '\\n' as the .npy format requires: "
                       "the header length or the header is corrupt");
    npy_header h;
    try {
        h = npy_header_parser(header).parse();
    } catch (const io_error& e) {  // the parser names read_npy; name the caller instead
        const std::string prefix = "svdkit::read_npy: ", what = e.what();
        if (w == "svdkit::read_npy" || what.compare(0, prefix.size(), prefix) != 0) throw;
        throw io_error(w + ": " + what.substr(prefix.size()));
    }

    // step 3: the shape, checked against overflow before anything is allocated.
    rows = 1;
    cols = 1;
    if (h.shape.size() == 1) rows = h.shape[0];
    if (h.shape.size() == 2) {
        rows = h.shape[0];
        cols = h.shape[1];
    }
    const std::size_t limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) /
                              (h.dtype.size > value_size ? h.dtype.size : value_size);
    if (cols != 0 && rows > limit / cols)
        throw io_error(w + ": header field 'shape': " + detail::shape_text(h.shape) +
                       " holds more elements than fit in memory");
    return h;
}

/// What a matrix<V> is written as: the stored type S (float or double, or std::complex of one:
/// long double is rounded to double) and its descr.
template <class V>
struct npy_stored {
    using type = std::conditional_t<std::is_same<V, float>::value, float, double>;
    static constexpr const char* descr = std::is_same<V, float>::value ? "<f4" : "<f8";
};
template <class R>
struct npy_stored<std::complex<R>> {
    using type = std::complex<typename npy_stored<R>::type>;
    static constexpr const char* descr = std::is_same<R, float>::value ? "<c8" : "<c16";
};

/// Writes a version 1.0 header for a (rows, cols) array of the dtype `descr` ('<f8', '<c16', ...).
inline void write_npy_header(std::ostream& out, const std::string& descr, bool fortran, std::size_t rows,
                             std::size_t cols) {
    std::string dict = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                       std::to_string(rows) + ", " + std::to_string(cols) + "), }";
    // magic (6) + version (2) + length (2) + dict + padding + '\n' ≡ 0 (mod 64).
    const std::size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict.push_back('\n');
    std::string head = "\x93NUMPY";
    head.push_back('\x01');
    head.push_back('\x00');
    head.push_back(static_cast<char>(dict.size() & 0xFF));
    head.push_back(static_cast<char>((dict.size() >> 8) & 0xFF));
    head += dict;
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
}

/// v (float or double) as little-endian bytes at dst.
template <class S>
void encode_npy_value(S v, char* dst) {
    using B = std::conditional_t<std::is_same<S, float>::value, std::uint32_t, std::uint64_t>;
    B bits;
    std::memcpy(&bits, &v, sizeof(S));
    for (std::size_t b = 0; b < sizeof(S); ++b)
        dst[b] = static_cast<char>(static_cast<unsigned char>((bits >> (8 * b)) & 0xFF));
}

/// v (std::complex of float or double) as its real part, then its imaginary part.
template <class S>
void encode_npy_value(std::complex<S> v, char* dst) {
    encode_npy_value(v.real(), dst);
    encode_npy_value(v.imag(), dst + sizeof(S));
}

/// x (any element type) as the stored type S: a complex value part by part.
template <class S, class V>
S to_npy_stored(const V& x) {
    if constexpr (is_complex<V>::value)
        return S(static_cast<typename S::value_type>(x.real()), static_cast<typename S::value_type>(x.imag()));
    else
        return static_cast<S>(x);
}

}  // namespace detail

/// \brief Reads one array from a NumPy .npy stream into a matrix<T>.
///
/// A 2-D array of shape (r, c) becomes an r×c matrix whatever its order; a 1-D array of n values
/// becomes an n×1 column; a 0-D array a 1×1 matrix. Supported: format versions 1.0, 2.0 and 3.0,
/// dtypes '<f4', '<f8' and the little-endian integers (see the top of this header), each value
/// converted to T with static_cast. NaN and Inf are kept. The stream is left just after the
/// array's data, so several arrays saved one after another in one file can be read in turn.
/// For complex T also '<c8' and '<c16' (and '<c32' where long double is x87 extended: see the
/// top of this header); a real dtype gives imaginary parts 0.
/// \throws svdkit::io_error naming the problem: not a .npy file (bad magic string), an
/// unsupported version, a header longer than npy_max_header_bytes or not a well-formed dict, the
/// header field at fault ('descr': big-endian or unsupported dtype; 'fortran_order'; 'shape':
/// more than 2 dimensions or more elements than fit in memory), or data shorter than the shape
/// says, or a complex dtype read into a real T. A too-short seekable stream is detected before
/// anything is allocated.
/// ```
/// // Python: numpy.save("a.npy", numpy.random.rand(5, 3))
/// svdkit::matrix<double> a = svdkit::read_npy<double>("a.npy");   // 5×3
/// ```
template <class T>
matrix<T> read_npy(std::istream& in) {
    static_assert(detail::is_element_type<T>::value,
                  "svdkit::read_npy: T must be float, double or long double, or std::complex of one of them");
    auto read_exact = [&in](unsigned char* dst, std::size_t n) -> std::size_t {
        in.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in.gcount());
    };
    std::size_t rows = 0, cols = 0;
    const detail::npy_header h = detail::read_npy_header(in, "svdkit::read_npy", sizeof(T), rows, cols);
    detail::check_npy_dtype<T>(h.dtype, "svdkit::read_npy");
    const std::size_t count = rows * cols;
    const std::size_t bytes = count * h.dtype.size;

    // step 4: the data. A seekable stream tells how much is left, so a lying shape is caught
    // before the allocation; otherwise the bytes are read in bounded chunks as they arrive.
    const std::istream::pos_type here = in.tellg();
    if (here != std::istream::pos_type(-1)) {
        in.seekg(0, std::ios::end);
        const std::istream::pos_type end = in.tellg();
        in.seekg(here);
        if (end != std::istream::pos_type(-1) && end >= here) {
            const auto available = static_cast<unsigned long long>(end - here);
            if (available < bytes)
                throw io_error("svdkit::read_npy: truncated data: shape " + detail::shape_text(h.shape) +
                               " needs " + std::to_string(bytes) + " bytes but only " + std::to_string(available) +
                               " follow the header");
        }
    }
    std::vector<unsigned char> data;
    const std::size_t chunk = std::size_t{1} << 20;
    while (data.size() < bytes) {
        const std::size_t want = bytes - data.size() < chunk ? bytes - data.size() : chunk;
        const std::size_t old = data.size();
        data.resize(old + want);
        const std::size_t n = read_exact(data.data() + old, want);
        if (n != want)
            throw io_error("svdkit::read_npy: truncated data: shape " + detail::shape_text(h.shape) + " needs " +
                           std::to_string(bytes) + " bytes but only " + std::to_string(old + n) +
                           " follow the header");
    }
    matrix<T> a(rows, cols);
    // C order: element k is (k / cols, k % cols); Fortran order: (k % rows, k / rows), which is
    // matrix<T>'s own column-major order. A 1-D or 0-D array is the same in both.
    const bool c_order = !h.fortran_order && h.shape.size() == 2;
    for (std::size_t k = 0; k < count; ++k) {
        const T v = detail::decode_npy_value<T>(data.data() + k * h.dtype.size, h.dtype);
        if (c_order)
            a(k / cols, k % cols) = v;
        else
            a.data()[k] = v;
    }
    return a;
}

/// read_npy from the file at `path`; svdkit::io_error when it cannot be opened.
template <class T>
matrix<T> read_npy(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw io_error("svdkit::read_npy: cannot open '" + path + "' for reading");
    try {
        return read_npy<T>(file);
    } catch (const io_error& e) {
        throw io_error(path + ": " + e.what());
    }
}

/// How write_npy writes (all optional).
struct npy_write_options {
    layout order = layout::row_major;  ///< row_major: fortran_order False (NumPy's default); column_major: True
};

/// \brief Writes `a` as a NumPy .npy file (format version 1.0) of shape (rows, cols).
///
/// float is written as '<f4', double as '<f8', and long double as '<f8' (rounded to double:
/// NumPy has no portable little-endian extended type); std::complex<float> as '<c8',
/// std::complex<double> as '<c16', and std::complex<long double> as '<c16' (rounded likewise). The header is padded with spaces so that
/// the data starts at a multiple of 64 bytes, as NumPy does; numpy.load reads the file.
/// \throws svdkit::io_error when the stream fails.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
std::void_t<detail::view_value_t<T, A>>  // void; a matrix argument only
write_npy(std::ostream& out, const A& a, const npy_write_options& opts = {}) {
    using V = detail::view_value_t<T, A>;
    const matrix_view<const V> av = detail::as_view<T>(a);
    using S = typename detail::npy_stored<V>::type;  // the stored type
    const bool fortran = opts.order == layout::column_major;
    detail::write_npy_header(out, detail::npy_stored<V>::descr, fortran, av.rows(), av.cols());
    const std::size_t outer = fortran ? av.cols() : av.rows();
    const std::size_t inner = fortran ? av.rows() : av.cols();
    // One row (C order) or column (Fortran) at a time, and nothing at all for an empty matrix,
    // whose other extent may be huge: the fuzzer found 0×4294967296 (a 34 GB row buffer for no
    // data) and 4294967296×0 (four billion writes of zero bytes, 70 s).
    const bool empty = outer == 0 || inner == 0;
    std::vector<char> buf(empty ? 0 : inner * sizeof(S));
    for (std::size_t o = 0; o < (empty ? 0 : outer); ++o) {
        for (std::size_t k = 0; k < inner; ++k) {
            detail::encode_npy_value(detail::to_npy_stored<S>(fortran ? av(k, o) : av(o, k)), &buf[k * sizeof(S)]);
        }
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    }
    if (!out) throw io_error("svdkit::write_npy: writing to the stream failed");
}

/// write_npy to the file at `path` (created or truncated); svdkit::io_error when that fails.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
std::void_t<detail::view_value_t<T, A>>  // void; a matrix argument only
write_npy(const std::string& path, const A& a, const npy_write_options& opts = {}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw io_error("svdkit::write_npy: cannot open '" + path + "' for writing");
    write_npy(file, detail::as_view<T>(a), opts);
    file.close();
    if (!file) throw io_error("svdkit::write_npy: writing '" + path + "' failed");
}

}  // namespace svdkit

#endif  // SVDKIT_IO_NPY_HPP
