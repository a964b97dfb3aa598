// skinny_bench: what each side (side.cpp) exports. product_*: Y = A·X (t false) or Aᵀ·X (t true),
// A m×n column-major (lda m), X and Y packed; b = 1 through the gemv kernels, else the skinny ones.
#pragma once
#include <cstddef>
#define SKINNY_SIDE_API                                                                                       \
    void product_d(bool t, std::size_t m, std::size_t n, std::size_t b, const double* a, const double* x, \
                   double* y);                                                                            \
    void product_f(bool t, std::size_t m, std::size_t n, std::size_t b, const float* a, const float* x, float* y);
namespace before_side {
SKINNY_SIDE_API
}
namespace after_side {
SKINNY_SIDE_API
}
