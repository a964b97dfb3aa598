// svdkit - reading and writing matrices as CSV text.
//
// A reader turns a table into a csv_table<T> (a matrix<T> with optional column and row labels);
// a writer turns any matrix_view into text. Every malformed input is reported by svdkit::io_error
// (errors.hpp) naming its line and column. Needs matrix.hpp and nothing that decomposes.
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
// Complex matrices have no CSV form: there is no common text format for a complex number (NumPy,
// R, MATLAB and spreadsheets all write it differently), so read_csv and write_csv reject complex
// T at compile time and point to read_npy / write_npy ('<c8', '<c16').
//
// References:
// [1] Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values (CSV) Files",
//     RFC 4180 (2005).
#ifndef SVDKIT_IO_CSV_HPP
#define SVDKIT_IO_CSV_HPP

#include <cstddef>      // std::size_t
#include <fstream>      // std::ifstream, std::ofstream
#include <istream>      // std::istream
#include <limits>       // std::numeric_limits
#include <locale>       // std::locale::classic
#include <ostream>      // std::ostream
#include <sstream>      // std::istringstream, std::ostringstream
#include <stdexcept>    // std::invalid_argument
#include <streambuf>    // std::streambuf
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::is_floating_point, std::is_same, std::void_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include "../errors.hpp"
#include "../matrix.hpp"

namespace svdkit {


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
    /// With row_labels false: the first column is taken for row names anyway when every data
    /// record's first field is text (neither a number nor empty, NA, nan or inf), the records
    /// have two fields or more, and there is a header or more than one record: a spreadsheet or
    /// pandas export with names down the side. Set false to have such a column reported as an
    /// error instead.
    bool detect_row_labels = true;
};

/// What read_csv returns.
template <class T>
struct csv_table {
    /// Column names from the header (without the row-label column's name); empty without a header.
    std::vector<std::string> names;
    /// The first column's text when csv_options::row_labels is set or the column was detected as
    /// labels (csv_options::detect_row_labels); empty otherwise.
    std::vector<std::string> row_labels;
    /// The header cell above the row labels (empty without a header or without labels).
    std::string row_label_name;
    /// One row per data record; missing cells are NaN (fill them as the application sees fit).
    matrix<T> values;
};

/// \brief Splits CSV text into records of raw fields (quotes removed, "" → "), one at a time.
///
/// The building block of read_csv, public for files that mix text and numbers (say a table of
/// titles): it applies the quoting rules listed at the top of this header and nothing else. Empty
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
/// csv_options::row_labels the first field of each record goes to `row_labels` as text, and so it
/// does without it when every record's first field is text (csv_options::detect_row_labels). Empty
/// cells, NA and nan become NaN (documented so the caller can fill them); see the top of this header
/// for the full syntax.
/// Lines and columns in messages count from 1, as editors do.
/// \throws svdkit::io_error with "line L, column C" for a cell that is not a number, a number out
/// of T's range, a record whose field count differs from the first record's, and the quoting
/// errors of csv_reader. std::invalid_argument for a bad delimiter.
/// ```
/// std::istringstream in("x,y\n1,2\n3,\n");
/// auto t = svdkit::read_csv<double>(in);   // t.names = {"x", "y"}; t.values = [[1, 2], [3, NaN]]
/// ```
template <class T>
csv_table<T> read_csv(std::istream& in, const csv_options& opts = {}) {
    static_assert(!detail::is_complex<T>::value,
                  "svdkit::read_csv: complex matrices have no CSV form (there is no common text format for complex "
                  "numbers); use svdkit::read_npy ('<c8', '<c16'), or read the real and imaginary parts as two real "
                  "tables");
    static_assert(std::is_floating_point<T>::value || detail::is_complex<T>::value,
                  "svdkit::read_csv: T must be float, double or long double");
    csv_reader reader(in, opts.delimiter);
    std::istringstream scratch;
    scratch.imbue(std::locale::classic());
    csv_table<T> table;
    std::vector<T> values;  // row-major while reading
    std::vector<std::string> fields;
    std::size_t width = 0;  // fields per record, fixed by the first record
    std::size_t rows = 0;
    const std::size_t first_value = opts.row_labels ? 1 : 0;
    // Detection: while every first field so far is text, keep them (and a NaN in their place
    // among the values); the first one that is not text ends the candidacy, and the first text
    // one is then reported as the error it is without labels.
    bool candidate = !opts.row_labels && opts.detect_row_labels;
    std::vector<std::string> first_fields;
    std::size_t first_line = 0;
    const auto first_text_error = [&]() {
        throw io_error("svdkit::read_csv: line " + std::to_string(first_line) + ", column 1" +
                           (table.names.empty() ? std::string()
                                                : " (" + detail::quoted_excerpt(table.names[0]) + ")") +
                           ": " + detail::quoted_excerpt(first_fields.front()) +
                           " is not a number (nor empty, NA, nan or inf)",
                       first_line, 1);
    };
    bool first = true;
    while (reader.next(fields)) {
        const std::size_t line = reader.line();
        if (first) {
            width = fields.size();
            if (opts.row_labels && width < 1)
                throw io_error("svdkit::read_csv: line " + std::to_string(line) + ": no row-label column", line, 1);
            candidate = candidate && width >= 2;
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
                if (opts.row_labels) table.row_label_name = fields[0];
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
            if (j == 0 && candidate) {
                if (st == detail::cell_status::not_a_number) {
                    if (first_fields.empty()) first_line = line;
                    first_fields.push_back(fields[0]);
                    values.push_back(std::numeric_limits<T>::quiet_NaN());  // dropped if labels
                    continue;
                }
                candidate = false;
                if (!first_fields.empty()) first_text_error();  // an earlier first field was text
            }
            if (st == detail::cell_status::not_a_number || st == detail::cell_status::out_of_range) {
                // in the first data record, nothing yet says its text first field is a label:
                // report that field, the first bad cell in reading order
                if (candidate && rows == 0 && !first_fields.empty()) first_text_error();
                std::string where = "svdkit::read_csv: line " + std::to_string(line) + ", column " +
                                    std::to_string(j + 1);
                if (j - first_value < table.names.size())
                    where += " (" + detail::quoted_excerpt(table.names[j - first_value]) + ")";
                throw io_error(where + ": " + detail::quoted_excerpt(fields[j]) + " " +
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
    // every data record's first field was text; with one record and no header nothing says the
    // text is a name rather than a malformed number ("1,5" with ';' between fields)
    const bool labels = candidate && rows > 0 && (rows >= 2 || !table.names.empty());
    if (candidate && !labels && !first_fields.empty()) first_text_error();
    const std::size_t skip = labels ? 1 : 0;
    table.values = matrix<T>(rows, cols - skip);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = skip; j < cols; ++j) table.values(i, j - skip) = values[i * cols + j];
    if (labels) {
        table.row_labels = std::move(first_fields);
        if (!table.names.empty()) {
            table.row_label_name = table.names.front();
            table.names.erase(table.names.begin());
        }
    }
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
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
std::void_t<detail::view_value_t<T, A>>  // void; a matrix argument only
write_csv(std::ostream& out, const A& a, const csv_write_options& opts = {}) {
    using V = detail::view_value_t<T, A>;
    static_assert(!detail::is_complex<V>::value,
                  "svdkit::write_csv: complex matrices have no CSV form (there is no common text format for complex "
                  "numbers); use svdkit::write_npy ('<c8', '<c16'), or write the real and imaginary parts as two real "
                  "matrices");
    const matrix_view<const V> av = detail::as_view<T>(a);
    if (opts.delimiter == '"' || opts.delimiter == '\r' || opts.delimiter == '\n')
        throw std::invalid_argument("svdkit::write_csv: the delimiter must not be '\"', '\\r' or '\\n'");
    if (!opts.names.empty() && opts.names.size() != av.cols())
        throw std::invalid_argument("svdkit::write_csv: names has " + std::to_string(opts.names.size()) +
                                    " entries; it must be empty or have one per column (= " +
                                    std::to_string(av.cols()) + ")");
    if (!opts.row_labels.empty() && opts.row_labels.size() != av.rows())
        throw std::invalid_argument("svdkit::write_csv: row_labels has " + std::to_string(opts.row_labels.size()) +
                                    " entries; it must be empty or have one per row (= " + std::to_string(av.rows()) +
                                    ")");
    const bool labels = !opts.row_labels.empty();
    std::ostringstream text;
    text.imbue(std::locale::classic());
    text.precision(std::numeric_limits<V>::max_digits10);
    if (!opts.names.empty()) {
        if (labels) text << detail::csv_field(opts.row_label_name, opts.delimiter) << opts.delimiter;
        for (std::size_t j = 0; j < av.cols(); ++j)
            text << (j ? std::string(1, opts.delimiter) : std::string()) << detail::csv_field(opts.names[j], opts.delimiter);
        text << '\n';
    }
    for (std::size_t i = 0; i < av.rows(); ++i) {
        if (labels) text << detail::csv_field(opts.row_labels[i], opts.delimiter) << opts.delimiter;
        for (std::size_t j = 0; j < av.cols(); ++j) {
            if (j) text << opts.delimiter;
            const V x = av(i, j);
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

/// write_csv to the file at `path` (created or truncated); svdkit::io_error when that fails.
template <class T = detail::from_argument, class A = detail::braced_argument_t<T>>
std::void_t<detail::view_value_t<T, A>>  // void; a matrix argument only
write_csv(const std::string& path, const A& a, const csv_write_options& opts = {}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw io_error("svdkit::write_csv: cannot open '" + path + "' for writing");
    write_csv(file, detail::as_view<T>(a), opts);
    file.close();
    if (!file) throw io_error("svdkit::write_csv: writing '" + path + "' failed");
}

}  // namespace svdkit

#endif  // SVDKIT_IO_CSV_HPP
