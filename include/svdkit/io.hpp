// svdkit - reading and writing matrices as CSV text and as NumPy .npy files.
//
// Only storage lives here (this header needs matrix.hpp and nothing that decomposes): a reader
// turns a file into a matrix<T>, a writer turns any matrix_view into a file, and every malformed
// input is reported by svdkit::io_error naming where it went wrong (line and column for CSV,
// the header field for .npy). Sizes are checked before anything is allocated, so a corrupt or
// hostile file cannot make a reader allocate more than the data it actually contains.
//
// The two formats live in io/csv.hpp and io/npy.hpp (each may be included alone); io_error, which
// both throw, is in errors.hpp. io/npy_rows.hpp reads a .npy file in row blocks (npy_row_reader),
// for data larger than memory.
#ifndef SVDKIT_IO_HPP
#define SVDKIT_IO_HPP

#include "errors.hpp"
#include "io/csv.hpp"
#include "io/npy.hpp"
#include "io/npy_rows.hpp"

#endif  // SVDKIT_IO_HPP
