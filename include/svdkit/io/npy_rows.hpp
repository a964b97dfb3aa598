// svdkit - a .npy file in row blocks: npy_row_reader and npy_row_writer, for data larger than
// memory.
//
// The header is read once; then read_rows(count) returns the next `count` rows as a matrix<T>,
// so that tall_svd (streaming.hpp) or incremental_pca can run over a file of any size with the
// memory of one block. C-order arrays (NumPy's default) are read sequentially; Fortran-order
// ones by one seek per column and block, which needs a seekable file. Same formats and dtypes
// as read_npy (io/npy.hpp), same errors (svdkit::io_error naming the file and the problem).
// npy_row_writer is the other direction: the shape goes into the header first, then the rows
// as they are produced (C order, '<f4' for float, '<f8' otherwise, as write_npy; for complex T
// '<c8' for std::complex<float>, '<c16' otherwise).
//
// References:
// [1] NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays" (see io/npy.hpp).
#ifndef SVDKIT_IO_NPY_ROWS_HPP
#define SVDKIT_IO_NPY_ROWS_HPP

#include <cstddef>      // std::size_t
#include <fstream>      // std::ifstream, std::ofstream
#include <stdexcept>    // std::invalid_argument
#include <ios>          // std::streamoff
#include <string>       // std::string, std::to_string
#include <vector>       // std::vector

#include "../errors.hpp"
#include "../matrix.hpp"
#include "npy.hpp"

namespace svdkit {

/// \brief Reads a 2-D (or 1-D: one column) .npy file block by block.
///
/// ```
/// svdkit::npy_row_reader<double> reader("big.npy");        // reads and checks the header only
/// svdkit::tall_svd<double> t(reader.cols());
/// while (!reader.done()) t.add_rows(reader.read_rows(10000));
/// ```
/// The constructor checks the header and, the file being seekable, that it holds all the data
/// the shape promises (a truncated file fails here, not after hours of reading).
/// \throws svdkit::io_error when the file cannot be opened, is not a well-formed .npy file
///         (as read_npy), is shorter than its shape says, has more than 2 dimensions, or a read fails.
template <class T>
class npy_row_reader {
public:
    static_assert(detail::is_element_type<T>::value,
                  "svdkit::npy_row_reader: T must be float, double or long double, or std::complex of one of them");

    explicit npy_row_reader(const std::string& path) : path_(path), file_(path, std::ios::binary) {
        if (!file_) throw io_error("svdkit::npy_row_reader: cannot open '" + path + "' for reading");
        try {
            header_ = detail::read_npy_header(file_, "svdkit::npy_row_reader", sizeof(T), rows_, cols_);
            detail::check_npy_dtype<T>(header_.dtype, "svdkit::npy_row_reader");
        } catch (const io_error& e) {
            throw io_error(path + ": " + e.what());
        }
        fortran_ = header_.fortran_order && header_.shape.size() == 2;
        data_start_ = file_.tellg();
        file_.seekg(0, std::ios::end);
        const std::ifstream::pos_type end = file_.tellg();
        file_.seekg(data_start_);
        const unsigned long long bytes = static_cast<unsigned long long>(rows_) * cols_ * header_.dtype.size;
        if (data_start_ == std::ifstream::pos_type(-1) || end == std::ifstream::pos_type(-1) || !file_)
            throw io_error(path + ": svdkit::npy_row_reader: the file is not seekable");
        const auto available = static_cast<unsigned long long>(end - data_start_);
        if (available < bytes)
            throw io_error(path + ": svdkit::npy_row_reader: truncated data: shape " +
                           detail::shape_text(header_.shape) + " needs " + std::to_string(bytes) +
                           " bytes but only " + std::to_string(available) + " follow the header");
    }

    /// Rows and columns of the whole array.
    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    /// Rows returned so far, and whether all have been.
    std::size_t rows_read() const noexcept { return next_; }
    bool done() const noexcept { return next_ == rows_; }

    /// The next min(count, rows() − rows_read()) rows (0×cols once done()).
    matrix<T> read_rows(std::size_t count) {
        const std::size_t h = count < rows_ - next_ ? count : rows_ - next_;
        matrix<T> block(h, cols_);
        const std::size_t size = header_.dtype.size;
        if (h == 0 || cols_ == 0) {
            next_ += h;
            return block;
        }
        if (!fortran_) {  // rows next_…next_+h−1 are contiguous: read them in one go
            buffer_.resize(h * cols_ * size);
            seek_to(static_cast<unsigned long long>(next_) * cols_);
            read_buffer(buffer_.size());
            for (std::size_t i = 0; i < h; ++i)
                for (std::size_t j = 0; j < cols_; ++j)
                    block(i, j) = detail::decode_npy_value<T>(buffer_.data() + (i * cols_ + j) * size, header_.dtype);
        } else {  // column j's rows are contiguous: one seek and read per column
            buffer_.resize(h * size);
            for (std::size_t j = 0; j < cols_; ++j) {
                seek_to(static_cast<unsigned long long>(j) * rows_ + next_);
                read_buffer(buffer_.size());
                for (std::size_t i = 0; i < h; ++i)
                    block(i, j) = detail::decode_npy_value<T>(buffer_.data() + i * size, header_.dtype);
            }
        }
        next_ += h;
        return block;
    }

private:
    void seek_to(unsigned long long element) {
        file_.seekg(data_start_ + static_cast<std::streamoff>(element * header_.dtype.size));
        if (!file_) fail("cannot seek to element " + std::to_string(element));
    }
    void read_buffer(std::size_t bytes) {
        file_.read(reinterpret_cast<char*>(buffer_.data()), static_cast<std::streamsize>(bytes));
        if (static_cast<std::size_t>(file_.gcount()) != bytes)
            fail("read of " + std::to_string(bytes) + " bytes at row " + std::to_string(next_) + " failed");
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw io_error(path_ + ": svdkit::npy_row_reader: " + what);
    }

    std::string path_;
    std::ifstream file_;
    detail::npy_header header_;
    std::size_t rows_ = 0, cols_ = 0, next_ = 0;
    bool fortran_ = false;
    std::ifstream::pos_type data_start_;
    std::vector<unsigned char> buffer_;
};

/// \brief Writes a rows×cols .npy file block by block (C order; '<f4' for float, '<f8' else, and
/// '<c8' / '<c16' for complex T, as write_npy).
///
/// ```
/// svdkit::npy_row_writer<double> out("big.npy", 1000000, 50);
/// for (...) out.write_rows(block);   // blocks of 50 columns, 1000000 rows in all
/// out.close();                       // checks that every row was written
/// ```
/// \throws svdkit::io_error when the file cannot be created or a write fails; from close(),
///         when fewer rows were written than the header promises (the file would not load).
///         std::invalid_argument for a block of the wrong width or past the promised rows.
///         The destructor closes without checking (it cannot throw): call close().
template <class T>
class npy_row_writer {
public:
    static_assert(detail::is_element_type<T>::value,
                  "svdkit::npy_row_writer: T must be float, double or long double, or std::complex of one of them");
    using stored = typename detail::npy_stored<T>::type;

    npy_row_writer(const std::string& path, std::size_t rows, std::size_t cols)
        : path_(path), file_(path, std::ios::binary | std::ios::trunc), rows_(rows), cols_(cols) {
        if (!file_) throw io_error("svdkit::npy_row_writer: cannot open '" + path + "' for writing");
        detail::write_npy_header(file_, detail::npy_stored<T>::descr, false, rows, cols);
        if (!file_) throw io_error(path + ": svdkit::npy_row_writer: writing the header failed");
    }

    std::size_t rows_written() const noexcept { return next_; }

    /// Appends the rows of `block` (width cols()).
    template <class A>
    void write_rows(const A& block) {
        const matrix_view<const T> b = detail::as_view<T>(block);
        if (b.cols() != cols_ || b.rows() > rows_ - next_)
            throw std::invalid_argument("svdkit::npy_row_writer::write_rows: a " + std::to_string(b.rows()) + "x" +
                                        std::to_string(b.cols()) + " block does not fit: " +
                                        std::to_string(rows_ - next_) + " rows of " + std::to_string(cols_) +
                                        " columns are left");
        buffer_.resize(cols_ * sizeof(stored));
        for (std::size_t i = 0; i < b.rows(); ++i) {
            for (std::size_t j = 0; j < cols_; ++j)
                detail::encode_npy_value(detail::to_npy_stored<stored>(b(i, j)), &buffer_[j * sizeof(stored)]);
            file_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        }
        if (!file_) throw io_error(path_ + ": svdkit::npy_row_writer: writing rows failed");
        next_ += b.rows();
    }

    /// Flushes and closes; io_error if rows are missing or the file could not be written.
    void close() {
        if (!file_.is_open()) return;
        file_.close();
        if (!file_) throw io_error(path_ + ": svdkit::npy_row_writer: closing the file failed");
        if (next_ != rows_)
            throw io_error(path_ + ": svdkit::npy_row_writer: " + std::to_string(next_) + " of the " +
                           std::to_string(rows_) + " rows the header promises were written");
    }

private:
    std::string path_;
    std::ofstream file_;
    std::size_t rows_, cols_, next_ = 0;
    std::vector<char> buffer_;
};

}  // namespace svdkit

#endif  // SVDKIT_IO_NPY_ROWS_HPP
