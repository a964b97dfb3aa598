#!/usr/bin/python3
"""Writes the .npy files tests/complex_matrix_io.cpp reads: complex arrays saved by NumPy itself.

Run from this directory with /usr/bin/python3 (NumPy 1.24 wrote the committed files); every file
is a few hundred bytes. The values are built from small integers by IEEE operations that C++
repeats exactly (k/10, k/3 in double; k/3 in long double), so the test can name each entry
without a table:

  c8_2x3.npy         complex64,  C order,       (2, 3): entry (i, j), k = 3i + j, is (k + 1) + i·(k/4 − 1)
                     (dyadic: exact in float)
  c16_3x2_f.npy      complex128, Fortran order, (3, 2): k = 2i + j: (k + 1)/10 + i·(−(k + 1)/3)
  c16_2x3.npy        the same values as c16_3x2_f.npy transposed (2, 3), C order: written by
                     svdkit::write_npy<complex<double>>, its bytes must equal this file's
  c16_4.npy          complex128, 1-D (4,): k = 0..3: k/10 + i·k, a column
  f8_2x2.npy         float64,    C order,       (2, 2): (k + 1)/10, read into a complex matrix
  c32_2x2.npy        clongdouble ('<c32' on x86-64), C order, (2, 2): k = 2i + j:
                     (k + 1)/3 + i·(−(k + 2)/7) computed in long double (x87 80-bit extended)
"""
import numpy as np

def c8_2x3():
    a = np.empty((2, 3), dtype=np.complex64)
    for i in range(2):
        for j in range(3):
            k = 3 * i + j
            a[i, j] = complex(k + 1, k / 4 - 1)
    return a

def c16_values(rows, cols, index):
    a = np.empty((rows, cols), dtype=np.complex128)
    for i in range(rows):
        for j in range(cols):
            k = index(i, j)
            a[i, j] = complex((k + 1) / 10, -(k + 1) / 3)
    return a

def main():
    np.save("c8_2x3.npy", c8_2x3())
    b = c16_values(3, 2, lambda i, j: 2 * i + j)
    np.save("c16_3x2_f.npy", np.asfortranarray(b))
    np.save("c16_2x3.npy", np.ascontiguousarray(b.T))
    np.save("c16_4.npy", np.array([complex(k / 10, k) for k in range(4)], dtype=np.complex128))
    np.save("f8_2x2.npy", np.array([[(2 * i + j + 1) / 10 for j in range(2)] for i in range(2)], dtype=np.float64))
    if np.dtype(np.clongdouble).str == "<c32" and np.finfo(np.longdouble).nmant == 63:
        c = np.empty((2, 2), dtype=np.clongdouble)
        for i in range(2):
            for j in range(2):
                k = 2 * i + j
                c.real[i, j] = np.longdouble(k + 1) / np.longdouble(3)
                c.imag[i, j] = -np.longdouble(k + 2) / np.longdouble(7)
        np.save("c32_2x2.npy", c)
    else:
        raise SystemExit("c32_2x2.npy needs NumPy's clongdouble in x87 extended format (x86-64)")

if __name__ == "__main__":
    main()
