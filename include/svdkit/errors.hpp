// svdkit - the exceptions every algorithm in the library reports.
//
// One rule for each kind of failure:
//   - a bad argument (shape, range, dimension): std::invalid_argument, the message gives the
//     valid range and the offending value;
//   - non-finite data (NaN, +-Inf): svdkit::non_finite_input, a std::domain_error that names the
//     row and column of the first such entry (in row-major reading order);
//   - an iteration that did not converge within its bound: svdkit::no_convergence, a
//     std::runtime_error that says how many values converged;
//   - a file that cannot be opened, read or written, or is malformed: svdkit::io_error (io.hpp).
#ifndef SVDKIT_ERRORS_HPP
#define SVDKIT_ERRORS_HPP

#include <cstddef>    // std::size_t
#include <stdexcept>  // std::domain_error, std::runtime_error
#include <string>     // std::string, std::to_string

namespace svdkit {

/// Thrown when the input holds a NaN or an infinity. row() and col() are 0-based and name the
/// first such entry in row-major reading order (row 0 left to right, then row 1, ...).
class non_finite_input : public std::domain_error {
public:
    non_finite_input(const std::string& where, std::size_t row, std::size_t col, const char* what_value)
        : std::domain_error(where + ": input entry (" + std::to_string(row) + ", " + std::to_string(col) +
                            ") (row, column, counted from 0) is " + what_value + "; the input must be finite"),
          row_(row), col_(col) {}
    std::size_t row() const noexcept { return row_; }
    std::size_t col() const noexcept { return col_; }

private:
    std::size_t row_;
    std::size_t col_;
};

/// Thrown when an iteration exceeds its bound: the bidiagonal QR iteration (6·n² inner steps, as
/// LAPACK dbdsqr), dqds (100·(n+1) transforms, as dlasq2) or a secular-equation root of divide
/// and conquer, the sweeps of one-sided Jacobi. converged() values of total() had converged; the
/// partial result is discarded. The message names the iteration and its unit of work; svd(),
/// which tries its other methods first (svd_options::fallback), names every attempt.
class no_convergence : public std::runtime_error {
public:
    no_convergence(const std::string& where, std::size_t converged, std::size_t total, std::size_t iterations,
                   const char* process = "the bidiagonal QR iteration", const char* unit = "inner steps")
        : std::runtime_error(where + ": " + process + " did not converge after " + std::to_string(iterations) +
                             " " + unit + "; " + std::to_string(converged) + " of " + std::to_string(total) +
                             " singular values converged"),
          converged_(converged), total_(total) {}
    /// After every method of svd()'s fallback chain failed: `attempts` lists each one's message.
    no_convergence(const std::string& where, const std::string& attempts, std::size_t converged, std::size_t total)
        : std::runtime_error(where + ": no method converged (" + attempts + ")"), converged_(converged),
          total_(total) {}
    std::size_t converged() const noexcept { return converged_; }
    std::size_t total() const noexcept { return total_; }

private:
    std::size_t converged_;
    std::size_t total_;
};

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

namespace detail {

/// User data as an exception message may quote it: at most `limit` characters (then "..." and
/// the full length), in single quotes, with quotes, backslashes and every byte outside printable
/// ASCII escaped (\n, \t, \r, \xNN), so a message never carries a megabyte or a raw NUL.
inline std::string quoted_excerpt(const std::string& text, std::size_t limit = 60) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\\' || c == '\'') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '\'';
    if (text.size() > limit) out += "... (" + std::to_string(text.size()) + " characters)";
    return out;
}

}  // namespace detail

}  // namespace svdkit

#endif  // SVDKIT_ERRORS_HPP
