// Fuzz target for svdkit's readers (io.hpp), issue 8: bytes -> read_csv or read_npy.
//
// Byte 0 picks the reader and the element type (bit 0: CSV or .npy; bits 1-2: double, float,
// long double, and for .npy std::complex<double> (CSV has no complex form: double); for CSV bit 3: row labels, bits 4-5: header automatic/present/absent, bit 6: ';'
// as delimiter); the rest is the file's content. The contract: the reader returns, or throws
// svdkit::io_error (the documented exception for malformed input); nothing else, no crash, no
// out-of-bounds read, no allocation the input's size does not justify (libFuzzer's -rss_limit_mb
// catches that). A .npy that was read is written and read back: the same shape and bits. A CSV
// table's parts agree in size.
#include <cmath>      // std::isnan
#include <complex>    // std::complex
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint8_t
#include <cstdio>     // std::fprintf
#include <cstdlib>    // std::abort
#include <exception>  // std::exception
#include <sstream>    // std::istringstream, std::stringstream
#include <string>     // std::string
#include <type_traits>  // std::is_same

#include <svdkit/io.hpp>

namespace {

[[noreturn]] void fail(const char* what, const char* detail = "") {
    std::fprintf(stderr, "io fuzz contract violated: %s %s\n", what, detail);
    std::abort();
}

template <class T>
bool same_value(T x, T y) {
    return std::isnan(x) ? std::isnan(y) : (x == y && std::signbit(x) == std::signbit(y));
}
template <class R>
bool same_value(std::complex<R> x, std::complex<R> y) {
    return same_value(x.real(), y.real()) && same_value(x.imag(), y.imag());
}

template <class T>
bool same_bits(const svdkit::matrix<T>& a, const svdkit::matrix<T>& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_value(a.data()[i], b.data()[i])) return false;
    return true;
}

template <class T>
void run(std::uint8_t mode, const std::string& content) {
    try {
        if constexpr (svdkit::detail::is_complex<T>::value) {
            if ((mode & 1) == 0) return run<double>(mode, content);  // CSV has no complex form
        } else if ((mode & 1) == 0) {
            svdkit::csv_options opts;
            opts.row_labels = (mode & 8) != 0;
            const int header = (mode >> 4) & 3;
            opts.header = header == 1 ? svdkit::csv_header::present
                          : header == 2 ? svdkit::csv_header::absent
                                        : svdkit::csv_header::automatic;
            if ((mode & 64) != 0) opts.delimiter = ';';
            opts.detect_row_labels = (mode & 128) == 0;
            std::istringstream in(content);
            const svdkit::csv_table<T> t = svdkit::read_csv<T>(in, opts);
            if (!t.names.empty() && t.values.rows() > 0 && t.names.size() != t.values.cols())
                fail("CSV: header names and columns disagree");
            if ((opts.row_labels || !t.row_labels.empty()) && t.row_labels.size() != t.values.rows())
                fail("CSV: row labels and rows disagree");
            if (!opts.row_labels && !opts.detect_row_labels && !t.row_labels.empty())
                fail("CSV: row labels detected with detection off");
        }
        if ((mode & 1) != 0) {
            std::istringstream in(content);
            svdkit::matrix<T> a = svdkit::read_npy<T>(in);
            // write_npy stores long double as '<f8' (documented): the round trip keeps what a
            // double keeps. (The fuzzer found this with an '<i8' entry of 2^62 + 1: exact in long
            // double, rounded in double; the contract is the rounded value.)
            if constexpr (std::is_same<T, long double>::value)
                for (std::size_t i = 0; i < a.size(); ++i)
                    a.data()[i] = static_cast<T>(static_cast<double>(a.data()[i]));
            std::stringstream round_trip;
            svdkit::write_npy(round_trip, a);
            const svdkit::matrix<T> b = svdkit::read_npy<T>(round_trip);
            if (!same_bits(a, b)) fail(".npy: write then read changed the matrix");
        }
    } catch (const svdkit::io_error&) {
        // The documented outcome for malformed input.
    } catch (const std::exception& e) {
        fail("an undocumented exception:", e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    const std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
    switch ((mode >> 1) & 3) {
        case 1: run<float>(mode, content); break;
        case 2: run<long double>(mode, content); break;
        case 3: run<std::complex<double>>(mode, content); break;
        default: run<double>(mode, content); break;
    }
    return 0;
}
