// svdkit - reading and writing matrices as CSV text and as NumPy .npy files.
//
// Only storage lives here (this header needs matrix.hpp and nothing that decomposes): a reader
// turns a file into a matrix<T>, a writer turns any matrix_view into a file, and every malformed
// input is reported by svdkit::io_error naming where it went wrong (line and column for CSV,
// the header field for .npy). Sizes are checked before anything is allocated, so a corrupt or
// hostile file cannot make a reader allocate more than the data it actually contains.
//
// CSV, as read here (RFC 4180 plus the usual relaxations):
//   - fields are separated by csv_options::delimiter (',' by default); records end with "\n",
//     "\r\n" or a lone "\r"; the last record may or may not end with a line break;
//   - a field in double quotes may contain the delimiter, line breaks and doubled quotes ("" is
//     one "); spaces and tabs around an unquoted field are dropped;
//   - empty lines are skipped (so in a one-column table a missing value must be written NA);
//   - a UTF-8 byte order mark at the very start is skipped (spreadsheets write one);
//   - a number is whatever the C locale's strtod accepts, in full; an empty cell, "NA" and "nan"
//     (any case, optionally signed) are missing values and become NaN; "inf"/"infinity" with an
//     optional sign are ±Inf. Nothing else is accepted (no thousands separators, no decimal commas).
//
// NumPy .npy: the format of numpy.lib.format, versions 1.0, 2.0 and 3.0. Dtypes read:
// little-endian float32/float64 ('<f4', '<f8') and integers ('|i1', '|u1', '<i2', '<u2', '<i4',
// '<u4', '<i8', '<u8'; '<' may also be written '|' for one-byte types), in C or Fortran order,
// with 0, 1 or 2 dimensions. Each value is converted to T by static_cast (so an int64 beyond
// 2^53 rounds in double, and a float64 beyond float's range becomes ±Inf when T is float).
//
// References:
// [1] Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values (CSV) Files",
//     RFC 4180 (2005).
// [2] NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and the
//     numpy.lib.format module documentation (magic string, version bytes, header length, the
//     dict literal with 'descr', 'fortran_order' and 'shape', the 64-byte alignment).
#ifndef SVDKIT_IO_HPP
#define SVDKIT_IO_HPP

#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <cstdint>      // std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int*_t
#include <cstring>      // std::memcpy
#include <fstream>      // std::ifstream, std::ofstream
#include <istream>      // std::istream
#include <limits>       // std::numeric_limits
#include <locale>       // std::locale::classic
#include <ostream>      // std::ostream
#include <sstream>      // std::istringstream, std::ostringstream
#include <stdexcept>    // std::runtime_error, std::invalid_argument
#include <streambuf>    // std::streambuf
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::conditional_t, std::is_floating_point, std::is_same
#include <utility>      // std::move
#include <vector>       // std::vector

#include "matrix.hpp"

namespace svdkit {

/// Thrown when a file cannot be opened, read or written, or its content is malformed.
///
/// The message says what was wrong and where: for CSV "line L, column C" (both 1-based; the line
/// is the physical line, the column the field number), for .npy the header field or the byte
/// count. line() and column() repeat the CSV position and are 0 when there is none.
class io_error : public std::runtime_error {
public:
    explicit io_error(const std::string& message, std::size_t line = 0, std::size_t column = 0)
        : std::runtime_error(message), line_(line), column_(column) {}
    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }

private:
    std::size_t line_;
    std::size_t column_;
};

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Whether the first record of a CSV file holds column names.
enum class csv_header {
    automatic,  ///< a header when no field of the first record is a number and one is other text
    present,    ///< the first record is always the header
    absent      ///< every record is data
};

/// How read_csv reads (all optional).
struct csv_options {
    char delimiter = ',';                     ///< field separator; not '"', '\r' or '\n'
    csv_header header = csv_header::automatic;
    bool row_labels = false;                  ///< the first column holds row names, not numbers
};

/// What read_csv returns.
template <class T>
struct csv_table {
    /// Column names from the header (without the row-label column's name); empty without a header.
    std::vector<std::string> names;
    /// The first column's text when csv_options::row_labels is set; empty otherwise.
    std::vector<std::string> row_labels;
    /// One row per data record; missing cells are NaN (fill them as the application sees fit).
    matrix<T> values;
};

/// \brief Splits CSV text into records of raw fields (quotes removed, "" → "), one at a time.
///
/// The building block of read_csv, public for files that mix text and numbers (say a table of
/// titles): it applies the quoting rules listed at the top of io.hpp and nothing else. Empty
/// lines are skipped. Throws svdkit::io_error for a quote inside an unquoted field, text after a
/// closing quote, or a quoted field still open at the end of the input.
/// ```
/// std::istringstream in("id,title\n1,\"Crouching Tiger, Hidden Dragon\"\n");
/// svdkit::csv_reader r(in);
/// std::vector<std::string> f;
/// while (r.next(f)) { /* f[1] is the title, comma included */ }
/// ```
class csv_reader {
public:
    /// Reads from `in`, which must outlive the reader. Throws std::invalid_argument for a
    /// delimiter of '"', '\r' or '\n'.
    explicit csv_reader(std::istream& in, char delimiter = ',') : in_(in.rdbuf()), delimiter_(delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n')
            throw std::invalid_argument("svdkit::csv_reader: the delimiter must not be '\"', '\\r' or '\\n'");
        if (in_ == nullptr) throw std::invalid_argument("svdkit::csv_reader: the stream has no buffer");
    }

    /// The next record's fields (the vector is overwritten); false at the end of the input.
    bool next(std::vector<std::string>& fields) {
        fields.clear();
        skip_bom_once();
        // Skip empty lines, so that they are neither records nor counted as data.
        int c = peek();
        while (c == '\n' || c == '\r') {
            take_line_break(c);
            c = peek();
        }
        if (c == eof) return false;
        record_line_ = line_;
        std::string field;
        for (;;) {
            // One field: quoted or not.
            field.clear();
            c = peek();
            while (c == ' ' || c == '\t') {
                if (static_cast<char>(c) == delimiter_) break;
                field.push_back(static_cast<char>(get()));
                c = peek();
            }
            if (c == '"') {
                field.clear();  // spaces before an opening quote are not part of the field
                const std::size_t open_line = line_;
                const std::size_t column = fields.size() + 1;
                get();
                for (;;) {
                    c = get();
                    if (c == eof)
                        throw io_error("svdkit::csv_reader: line " + std::to_string(open_line) + ", column " +
                                           std::to_string(column) +
                                           ": the quoted field opened here is not closed before the end of the input",
                                       open_line, column);
                    if (c == '"') {
                        if (peek() == '"') {
                            get();
                            field.push_back('"');
                            continue;
                        }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && peek() != '\n')) ++line_;
                    field.push_back(static_cast<char>(c));
                }
                c = peek();
                while ((c == ' ' || c == '\t') && static_cast<char>(c) != delimiter_) {
                    get();
                    c = peek();
                }
                if (c != eof && c != '\n' && c != '\r' && static_cast<char>(c) != delimiter_)
                    throw io_error("svdkit::csv_reader: line " + std::to_string(line_) + ", column " +
                                       std::to_string(column) + ": unexpected '" + printable(c) +
                                       "' after the closing quote (expected the delimiter or the end of the line)",
                                   line_, column);
            } else {
                while (c != eof && c != '\n' && c != '\r' && static_cast<char>(c) != delimiter_) {
                    if (c == '"') {
                        const std::size_t column = fields.size() + 1;
                        throw io_error("svdkit::csv_reader: line " + std::to_string(line_) + ", column " +
                                           std::to_string(column) +
                                           ": a '\"' inside an unquoted field (quote the whole field and double "
                                           "the quotes inside it)",
                                       line_, column);
                    }
                    field.push_back(static_cast<char>(get()));
                    c = peek();
                }
                const std::size_t first_kept = field.find_first_not_of(" \t");
                if (first_kept == std::string::npos)
                    field.clear();
                else
                    field = field.substr(first_kept, field.find_last_not_of(" \t") + 1 - first_kept);
            }
            fields.push_back(field);
            if (c == eof) return true;
            if (c == '\n' || c == '\r') {
                take_line_break(c);
                return true;
            }
            get();  // the delimiter: another field follows (possibly empty)
        }
    }

    /// The 1-based line on which the record last returned by next() started.
    std::size_t line() const noexcept { return record_line_; }

private:
    static constexpr int eof = std::char_traits<char>::eof();

    int peek() { return in_->sgetc(); }
    int get() { return in_->sbumpc(); }

    void take_line_break(int c) {
        get();
        if (c == '\r' && peek() == '\n') get();
        ++line_;
    }

    void skip_bom_once() {
        if (bom_checked_) return;
        bom_checked_ = true;
        if (peek() != 0xEF) return;
        // Three bytes EF BB BF; anything else starting with EF is left alone only if we can put
        // it back, which a streambuf does not promise: so consume it and report it.
        get();
        if (get() != 0xBB || get() != 0xBF)
            throw io_error("svdkit::csv_reader: line 1, column 1: the input starts with byte 0xEF but not with a UTF-8 "
                           "byte order mark",
                           1, 1);
    }

    static std::string printable(int c) {
        if (c >= 0x20 && c < 0x7F) return std::string(1, static_cast<char>(c));
        const char* hex = "0123456789ABCDEF";
        return std::string("\\x") + hex[(c >> 4) & 0xF] + hex[c & 0xF];
    }

    std::streambuf* in_;
    char delimiter_;
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
    bool bom_checked_ = false;
};

namespace detail {

template <class T>
const char* type_name() {
    if (std::is_same<T, float>::value) return "float";
    if (std::is_same<T, double>::value) return "double";
    return "long double";
}

inline std::string lower_ascii(const std::string& s) {
    std::string r = s;
    for (char& ch : r)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return r;
}

/// The outcome of reading one CSV cell as a number.
enum class cell_status { ok, missing, not_a_number, out_of_range };

/// Parses a whole cell (already trimmed) into `out`: missing markers give NaN, inf/infinity ±Inf,
/// anything else must be consumed completely by the C locale's floating-point extraction.
/// `scratch` is reused between calls (constructing a stream per cell would dominate the cost).
template <class T>
cell_status parse_cell(const std::string& cell, T& out, std::istringstream& scratch) {
    // Whitespace around a number is not part of it (a quoted field keeps its spaces as text).
    const std::size_t first = cell.find_first_not_of(" \t\r\n");
    const std::string text =
        first == std::string::npos ? std::string() : cell.substr(first, cell.find_last_not_of(" \t\r\n") + 1 - first);
    const std::string low = lower_ascii(text);
    const std::string body = (!low.empty() && (low[0] == '+' || low[0] == '-')) ? low.substr(1) : low;
    const bool negative = !low.empty() && low[0] == '-';
    if (low.empty() || low == "na" || body == "nan") {
        out = std::numeric_limits<T>::quiet_NaN();
        return cell_status::missing;
    }
    if (body == "inf" || body == "infinity") {
        out = negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        return cell_status::ok;
    }
    scratch.clear();
    scratch.str(text);
    T v = T(0);
    scratch >> v;
    if (scratch.fail()) {
        // The standard's num_get stores ±max and sets failbit for a value out of range.
        if (v == std::numeric_limits<T>::max() || v == -std::numeric_limits<T>::max())
            return cell_status::out_of_range;
        return cell_status::not_a_number;
    }
    if (scratch.peek() != std::char_traits<char>::eof()) return cell_status::not_a_number;
    out = v;
    return cell_status::ok;
}

}  // namespace detail

/// \brief Reads a CSV table of numbers into a matrix<T>: one matrix row per record.
///
/// With a header (csv_options::header; by default detected: the first record is a header when
/// none of its fields is a number and at least one is text other than a missing marker) the names go to `names`. With
/// csv_options::row_labels the first field of each record goes to `row_labels` as text. Empty
/// cells, NA and nan become NaN (documented so the caller can fill them); see the top of io.hpp
/// for the full syntax.
/// \throws svdkit::io_error with "line L, column C" for a cell that is not a number, a number out
/// of T's range, a record whose field count differs from the first record's, and the quoting
/// errors of csv_reader. std::invalid_argument for a bad delimiter.
/// ```
/// std::istringstream in("x,y\n1,2\n3,\n");
/// auto t = svdkit::read_csv<double>(in);   // t.names = {"x", "y"}; t.values = [[1, 2], [3, NaN]]
/// ```
template <class T>
csv_table<T> read_csv(std::istream& in, const csv_options& opts = {}) {
    static_assert(std::is_floating_point<T>::value, "svdkit::read_csv: T must be float, double or long double");
    csv_reader reader(in, opts.delimiter);
    std::istringstream scratch;
    scratch.imbue(std::locale::classic());
    csv_table<T> table;
    std::vector<T> values;  // row-major while reading
    std::vector<std::string> fields;
    std::size_t width = 0;  // fields per record, fixed by the first record
    std::size_t rows = 0;
    const std::size_t first_value = opts.row_labels ? 1 : 0;
    bool first = true;
    while (reader.next(fields)) {
        const std::size_t line = reader.line();
        if (first) {
            width = fields.size();
            if (opts.row_labels && width < 1)
                throw io_error("svdkit::read_csv: line " + std::to_string(line) + ": no row-label column", line, 1);
            bool header = opts.header == csv_header::present;
            if (opts.header == csv_header::automatic) {
                // A header only when no field is a number and some field is text: a data record
                // with one bad cell is then reported as an error rather than taken for names.
                bool any_number = false, any_text = false;
                for (std::size_t j = first_value; j < width; ++j) {
                    T dummy = T(0);
                    const detail::cell_status st = detail::parse_cell(fields[j], dummy, scratch);
                    any_number = any_number || st == detail::cell_status::ok || st == detail::cell_status::out_of_range;
                    any_text = any_text || st == detail::cell_status::not_a_number;
                }
                header = any_text && !any_number;
            }
            first = false;
            if (header) {
                table.names.assign(fields.begin() + static_cast<std::ptrdiff_t>(first_value), fields.end());
                continue;
            }
        }
        if (fields.size() != width)
            throw io_error("svdkit::read_csv: line " + std::to_string(line) + ": the record has " +
                               std::to_string(fields.size()) + " fields but the first record has " +
                               std::to_string(width) + " (every record must have the same number)",
                           line, (fields.size() < width ? fields.size() : width) + 1);
        if (opts.row_labels) table.row_labels.push_back(fields[0]);
        for (std::size_t j = first_value; j < width; ++j) {
            T v = T(0);
            const detail::cell_status st = detail::parse_cell(fields[j], v, scratch);
            if (st == detail::cell_status::not_a_number || st == detail::cell_status::out_of_range) {
                std::string where = "svdkit::read_csv: line " + std::to_string(line) + ", column " +
                                    std::to_string(j + 1);
                if (j - first_value < table.names.size()) where += " ('" + table.names[j - first_value] + "')";
                throw io_error(where + ": '" + fields[j] + "' " +
                                   (st == detail::cell_status::out_of_range
                                        ? std::string("is out of range for ") + detail::type_name<T>()
                                        : std::string("is not a number (nor empty, NA, nan or inf)")),
                               line, j + 1);
            }
            values.push_back(v);
        }
        ++rows;
    }
    const std::size_t cols = width > first_value ? width - first_value : 0;
    table.values = matrix<T>(rows, cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) table.values(i, j) = values[i * cols + j];
    return table;
}

/// read_csv from the file at `path`; svdkit::io_error when it cannot be opened.
template <class T>
csv_table<T> read_csv(const std::string& path, const csv_options& opts = {}) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw io_error("svdkit::read_csv: cannot open '" + path + "' for reading");
    try {
        return read_csv<T>(file, opts);
    } catch (const io_error& e) {
        throw io_error(path + ": " + e.what(), e.line(), e.column());
    }
}

/// How write_csv writes (all optional).
struct csv_write_options {
    char delimiter = ',';
    std::vector<std::string> names;       ///< header row; empty: no header. Otherwise one per column
    std::vector<std::string> row_labels;  ///< a first column of labels; empty: none. Otherwise one per row
    std::string row_label_name;           ///< the header cell above the row labels
    std::string nan_text = "nan";         ///< how NaN is written ("" or "NA" also read back as NaN)
};

namespace detail {

/// A field as CSV needs it: quoted (with doubled quotes) when it holds the delimiter, a quote, a
/// line break or surrounding spaces, which an unquoted field would lose.
inline std::string csv_field(const std::string& s, char delimiter) {
    bool quote = !s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t');
    for (char ch : s)
        if (ch == delimiter || ch == '"' || ch == '\n' || ch == '\r') quote = true;
    if (!quote) return s;
    std::string r = "\"";
    for (char ch : s) {
        if (ch == '"') r.push_back('"');
        r.push_back(ch);
    }
    r.push_back('"');
    return r;
}

}  // namespace detail

/// \brief Writes `a` as CSV, one record per row, each value with max_digits10 significant digits
/// in the C locale, so read_csv<T> gives back exactly the same values.
///
/// NaN is written as csv_write_options::nan_text, ±Inf as inf/-inf; records end with "\n".
/// \throws std::invalid_argument when `names` or `row_labels` is non-empty but of the wrong length,
/// or the delimiter is '"', '\r' or '\n'; svdkit::io_error when the stream fails.
template <class T>
void write_csv(std::ostream& out, matrix_view<T> a, const csv_write_options& opts = {}) {
    using V = std::remove_const_t<T>;
    static_assert(std::is_floating_point<V>::value, "svdkit::write_csv: T must be float, double or long double");
    if (opts.delimiter == '"' || opts.delimiter == '\r' || opts.delimiter == '\n')
        throw std::invalid_argument("svdkit::write_csv: the delimiter must not be '\"', '\\r' or '\\n'");
    if (!opts.names.empty() && opts.names.size() != a.cols())
        throw std::invalid_argument("svdkit::write_csv: names has " + std::to_string(opts.names.size()) +
                                    " entries; it must be empty or have one per column (= " +
                                    std::to_string(a.cols()) + ")");
    if (!opts.row_labels.empty() && opts.row_labels.size() != a.rows())
        throw std::invalid_argument("svdkit::write_csv: row_labels has " + std::to_string(opts.row_labels.size()) +
                                    " entries; it must be empty or have one per row (= " + std::to_string(a.rows()) +
                                    ")");
    const bool labels = !opts.row_labels.empty();
    std::ostringstream text;
    text.imbue(std::locale::classic());
    text.precision(std::numeric_limits<V>::max_digits10);
    if (!opts.names.empty()) {
        if (labels) text << detail::csv_field(opts.row_label_name, opts.delimiter) << opts.delimiter;
        for (std::size_t j = 0; j < a.cols(); ++j)
            text << (j ? std::string(1, opts.delimiter) : std::string()) << detail::csv_field(opts.names[j], opts.delimiter);
        text << '\n';
    }
    for (std::size_t i = 0; i < a.rows(); ++i) {
        if (labels) text << detail::csv_field(opts.row_labels[i], opts.delimiter) << opts.delimiter;
        for (std::size_t j = 0; j < a.cols(); ++j) {
            if (j) text << opts.delimiter;
            const V x = a(i, j);
            if (x != x)
                text << detail::csv_field(opts.nan_text, opts.delimiter);
            else if (x == std::numeric_limits<V>::infinity())
                text << "inf";
            else if (x == -std::numeric_limits<V>::infinity())
                text << "-inf";
            else
                text << x;
        }
        text << '\n';
        // Hand the text over a row at a time, so a large matrix is not held twice.
        const std::string row = text.str();
        out.write(row.data(), static_cast<std::streamsize>(row.size()));
        text.str(std::string());
    }
    const std::string rest = text.str();
    out.write(rest.data(), static_cast<std::streamsize>(rest.size()));
    if (!out) throw io_error("svdkit::write_csv: writing to the stream failed");
}

template <class T>
void write_csv(std::ostream& out, const matrix<T>& a, const csv_write_options& opts = {}) {
    write_csv(out, a.view(), opts);
}

/// write_csv to the file at `path` (created or truncated); svdkit::io_error when that fails.
template <class T>
void write_csv(const std::string& path, matrix_view<T> a, const csv_write_options& opts = {}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw io_error("svdkit::write_csv: cannot open '" + path + "' for writing");
    write_csv(file, a, opts);
    file.close();
    if (!file) throw io_error("svdkit::write_csv: writing '" + path + "' failed");
}

template <class T>
void write_csv(const std::string& path, const matrix<T>& a, const csv_write_options& opts = {}) {
    write_csv(path, a.view(), opts);
}

// ---------------------------------------------------------------------------------------------
// NumPy .npy
// ---------------------------------------------------------------------------------------------

/// The largest .npy header read_npy accepts, in bytes. NumPy's own reader refuses headers over
/// 10000 bytes by default; a 2-D array's header is under 128, so this only stops a corrupt
/// header length from becoming a large allocation.
constexpr std::size_t npy_max_header_bytes = std::size_t{1} << 20;

namespace detail {

/// A parsed 'descr': kind 'f' (IEEE float), 'i' (signed) or 'u' (unsigned), and bytes per value.
struct npy_dtype {
    char kind = 0;
    std::size_t size = 0;
};

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
            expect(':', "':' after the field name '" + key + "'");
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
                fail("unexpected header field '" + key + "' (a .npy header has exactly 'descr', 'fortran_order' "
                     "and 'shape')");
            }
            skip_space();
            if (at(',')) {
                ++pos_;
                continue;
            }
            skip_space();
            if (!at('}')) fail("expected ',' or '}' after the field '" + key + "'");
        }
        ++pos_;  // '}'
        skip_space();
        if (pos_ != s_.size()) fail("unexpected text after the header dict's closing '}'");
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
            "supported: '<f4', '<f8', '<i1'..'<i8', '<u1'..'<u8' (little-endian; '|' for one byte)";
        if (d.size() < 3) fail("header field 'descr': unsupported dtype '" + d + "' (" + supported + ")");
        const char order = d[0];
        const char kind = d[1];
        const std::string width = d.substr(2);
        std::size_t size = 0;
        if (width == "1") size = 1;
        else if (width == "2") size = 2;
        else if (width == "4") size = 4;
        else if (width == "8") size = 8;
        const bool known_kind = (kind == 'f' && (size == 4 || size == 8)) || ((kind == 'i' || kind == 'u') && size != 0);
        if (order == '>' && known_kind)
            fail("header field 'descr': dtype '" + d +
                 "' is big-endian; convert it first, e.g. a.astype('<" + std::string(1, kind) + width + "') (" +
                 supported + ")");
        const bool order_ok = order == '<' || (order == '|' && size == 1) || (order == '=' && host_is_little());
        if (!known_kind || !order_ok)
            fail("header field 'descr': unsupported dtype '" + d + "' (" + supported + ")");
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

/// One value of the given dtype, stored little-endian at p, converted to T.
template <class T>
T decode_npy_value(const unsigned char* p, const npy_dtype& dt) {
    static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
                  "svdkit::read_npy needs IEEE-754 float and double");
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

inline std::string shape_text(const std::vector<std::size_t>& shape) {
    std::string r = "(";
    for (std::size_t k = 0; k < shape.size(); ++k) r += (k ? ", " : "") + std::to_string(shape[k]);
    return r + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace detail

/// \brief Reads one array from a NumPy .npy stream into a matrix<T>.
///
/// A 2-D array of shape (r, c) becomes an r×c matrix whatever its order; a 1-D array of n values
/// becomes an n×1 column; a 0-D array a 1×1 matrix. Supported: format versions 1.0, 2.0 and 3.0,
/// dtypes '<f4', '<f8' and the little-endian integers (see the top of io.hpp), each value
/// converted to T with static_cast. NaN and Inf are kept. The stream is left just after the
/// array's data, so several arrays saved one after another in one file can be read in turn.
/// \throws svdkit::io_error naming the problem: not a .npy file (bad magic string), an
/// unsupported version, a header longer than npy_max_header_bytes or not a well-formed dict, the
/// header field at fault ('descr': big-endian or unsupported dtype; 'fortran_order'; 'shape':
/// more than 2 dimensions or more elements than fit in memory), or data shorter than the shape
/// says. A too-short seekable stream is detected before anything is allocated.
/// ```
/// // Python: numpy.save("a.npy", numpy.random.rand(5, 3))
/// svdkit::matrix<double> a = svdkit::read_npy<double>("a.npy");   // 5×3
/// ```
template <class T>
matrix<T> read_npy(std::istream& in) {
    static_assert(std::is_floating_point<T>::value, "svdkit::read_npy: T must be float, double or long double");
    auto read_exact = [&in](unsigned char* dst, std::size_t n) -> std::size_t {
        in.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in.gcount());
    };
    // step 1: magic string and version [2].
    unsigned char pre[8];
    const std::size_t got = read_exact(pre, 8);
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (got < 6 || std::memcmp(pre, magic, 6) != 0)
        throw io_error("svdkit::read_npy: not a .npy file: it does not start with the magic string \"\\x93NUMPY\"");
    if (got < 8) throw io_error("svdkit::read_npy: truncated file: it ends inside the version bytes");
    const unsigned major = pre[6], minor = pre[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        throw io_error("svdkit::read_npy: unsupported format version " + std::to_string(major) + "." +
                       std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
    // step 2: the header length (uint16 in version 1, uint32 after) and the header itself.
    unsigned char len_bytes[4] = {0, 0, 0, 0};
    const std::size_t len_size = major == 1 ? 2 : 4;
    if (read_exact(len_bytes, len_size) != len_size)
        throw io_error("svdkit::read_npy: truncated file: it ends inside the header length");
    const auto header_len = static_cast<std::size_t>(detail::load_le(len_bytes, len_size));
    if (header_len > npy_max_header_bytes)
        throw io_error("svdkit::read_npy: the header length (= " + std::to_string(header_len) +
                       " bytes) exceeds the limit of " + std::to_string(npy_max_header_bytes) + " bytes");
    std::string header(header_len, ' ');
    if (header_len != 0 && read_exact(reinterpret_cast<unsigned char*>(&header[0]), header_len) != header_len)
        throw io_error("svdkit::read_npy: truncated file: the header length says " + std::to_string(header_len) +
                       " bytes but the file ends before");
    const detail::npy_header h = detail::npy_header_parser(header).parse();

    // step 3: the shape, checked against overflow before anything is allocated.
    std::size_t rows = 1, cols = 1;
    if (h.shape.size() == 1) rows = h.shape[0];
    if (h.shape.size() == 2) {
        rows = h.shape[0];
        cols = h.shape[1];
    }
    const std::size_t limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) /
                              (h.dtype.size > sizeof(T) ? h.dtype.size : sizeof(T));
    if (cols != 0 && rows > limit / cols)
        throw io_error("svdkit::read_npy: header field 'shape': " + detail::shape_text(h.shape) +
                       " holds more elements than fit in memory");
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
/// NumPy has no portable little-endian extended type). The header is padded with spaces so that
/// the data starts at a multiple of 64 bytes, as NumPy does; numpy.load reads the file.
/// \throws svdkit::io_error when the stream fails.
template <class T>
void write_npy(std::ostream& out, matrix_view<T> a, const npy_write_options& opts = {}) {
    using V = std::remove_const_t<T>;
    static_assert(std::is_floating_point<V>::value, "svdkit::write_npy: T must be float, double or long double");
    using S = std::conditional_t<std::is_same<V, float>::value, float, double>;  // the stored type
    using B = std::conditional_t<std::is_same<V, float>::value, std::uint32_t, std::uint64_t>;
    const bool fortran = opts.order == layout::column_major;
    std::string dict = std::string("{'descr': '<f") + (sizeof(S) == 4 ? "4" : "8") +
                       "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                       std::to_string(a.rows()) + ", " + std::to_string(a.cols()) + "), }";
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
    const std::size_t outer = fortran ? a.cols() : a.rows();
    const std::size_t inner = fortran ? a.rows() : a.cols();
    // One row (C order) or column (Fortran) at a time, and nothing at all for an empty matrix,
    // whose other extent may be huge: the fuzzer found 0×4294967296 (a 34 GB row buffer for no
    // data) and 4294967296×0 (four billion writes of zero bytes, 70 s).
    const bool empty = outer == 0 || inner == 0;
    std::vector<char> buf(empty ? 0 : inner * sizeof(S));
    for (std::size_t o = 0; o < (empty ? 0 : outer); ++o) {
        for (std::size_t k = 0; k < inner; ++k) {
            const S v = static_cast<S>(fortran ? a(k, o) : a(o, k));
            B bits;
            std::memcpy(&bits, &v, sizeof(S));
            for (std::size_t b = 0; b < sizeof(S); ++b)
                buf[k * sizeof(S) + b] = static_cast<char>(static_cast<unsigned char>((bits >> (8 * b)) & 0xFF));
        }
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    }
    if (!out) throw io_error("svdkit::write_npy: writing to the stream failed");
}

template <class T>
void write_npy(std::ostream& out, const matrix<T>& a, const npy_write_options& opts = {}) {
    write_npy(out, a.view(), opts);
}

/// write_npy to the file at `path` (created or truncated); svdkit::io_error when that fails.
template <class T>
void write_npy(const std::string& path, matrix_view<T> a, const npy_write_options& opts = {}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw io_error("svdkit::write_npy: cannot open '" + path + "' for writing");
    write_npy(file, a, opts);
    file.close();
    if (!file) throw io_error("svdkit::write_npy: writing '" + path + "' failed");
}

template <class T>
void write_npy(const std::string& path, const matrix<T>& a, const npy_write_options& opts = {}) {
    write_npy(path, a.view(), opts);
}

}  // namespace svdkit

#endif  // SVDKIT_IO_HPP
