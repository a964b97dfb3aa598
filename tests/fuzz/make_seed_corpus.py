#!/usr/bin/env python3
"""Writes tests/fuzz/corpus/svd/: the seed inputs of the svd fuzz target (see svd_target.cpp for
the byte layout). Run once from this directory; the files are committed. Each seed names what it
exercises."""
import math
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "svd")
DOUBLE, FLOAT, LONG_DOUBLE = 0, 1, 2
THIN, FULL, NONE = 0, 1, 2
NONFINITE, ROWMAJOR = 4, 8
ZERO, NEG_ZERO, DENORM_MIN, SUBNORMAL, ONE, MINUS_ONE = 0, 1, 2, 4, 6, 7
TINY300, HUGE300, MAX, EPS, REPEAT, NAN, INF = 9, 10, 12, 15, 21, 24, 25


def pow2(e, negative=False):
    """The byte for ±2^-e."""
    return 40 + 2 * e + (1 if negative else 0)


def seed(name, t, m, n, flags, entries):
    assert 1 <= m <= 64 and 1 <= n <= 64 and len(entries) >= 1
    data = bytes([t, m - 1, n - 1, flags] + list(entries))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def column_major(m, n, f):
    return [f(i, j) for j in range(n) for i in range(m)]


os.makedirs(OUT, exist_ok=True)
# Inputs that libFuzzer found (fuzz_found_*) are kept as regression seeds; the rest is rewritten.
for old in os.listdir(OUT):
    if not old.startswith("fuzz_found_"):
        os.remove(os.path.join(OUT, old))

# Reference-LAPACK issue 1409: dgesdd/dbdsqr never return for this 3x3 (one Inf among ones).
seed("lapack1409_inf_3x3_full", DOUBLE, 3, 3, FULL | NONFINITE,
     column_major(3, 3, lambda i, j: INF if (i, j) == (0, 0) else ONE))
# The same with a NaN where the threshold is computed from (d[0]), and in the middle.
seed("lapack1409_nan_first", DOUBLE, 3, 3, THIN | NONFINITE,
     column_major(3, 3, lambda i, j: NAN if (i, j) == (0, 0) else ONE))
seed("lapack1409_nan_middle_5x4", FLOAT, 5, 4, NONE | NONFINITE,
     column_major(5, 4, lambda i, j: NAN if (i, j) == (2, 1) else ONE))
# Reference-LAPACK issue 316: gesdd with vectors returned wrong values for the companion matrix of
# sum x^k/k! (n >= 26): first row -c_k/c_0 decaying like 1/k!, ones on the subdiagonal. Here each
# 1/k! is rounded to a power of two (the target's byte encoding).
for n in (26, 30):
    def companion(i, j, n=n):
        if i == 0:
            e = int(round(math.log2(math.factorial(j + 1))))
            return pow2(min(e, 107), negative=True)
        return ONE if i == j + 1 else ZERO
    seed(f"lapack316_companion_{n}_full", DOUBLE, n, n, FULL, column_major(n, n, companion))
seed("lapack316_companion_26_float", FLOAT, 26, 26, THIN,
     column_major(26, 26, lambda i, j: (pow2(min(int(round(math.log2(math.factorial(j + 1)))), 107), True)
                                        if i == 0 else (ONE if i == j + 1 else ZERO))))
# Scale extremes: every entry 1e300 (rank one, huge), every entry max (sigma overflows: +Inf is
# the documented answer), subnormals only, and 1e-300 against 1e300.
seed("all_1e300_64x64", DOUBLE, 64, 64, THIN, [HUGE300])
seed("all_max_2x2", DOUBLE, 2, 2, THIN, [MAX])
seed("all_subnormal_7x5", DOUBLE, 7, 5, FULL, [SUBNORMAL, DENORM_MIN])
seed("tiny_vs_huge_9x9", DOUBLE, 9, 9, THIN, [TINY300, HUGE300, ONE, TINY300])
seed("signed_zeros_6x3", LONG_DOUBLE, 6, 3, FULL, [ZERO, NEG_ZERO])
seed("repeated_64x1", FLOAT, 64, 1, THIN, [EPS, REPEAT])
seed("graded_columns_40x12_rowmajor", DOUBLE, 40, 12, THIN | ROWMAJOR,
     column_major(40, 12, lambda i, j: pow2(min(8 * j + (i % 3), 107), negative=(i + j) % 2 == 1)))
seed("wide_3x64_long_double", LONG_DOUBLE, 3, 64, FULL, [ONE, 30, 35, pow2(50), MINUS_ONE])
print(f"wrote {len(os.listdir(OUT))} seeds to {OUT}")
