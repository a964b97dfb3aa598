// One side of skinny_bench: the narrow-block kernels and the gemv kernels of one checkout, compiled
// twice by run.sh: against an earlier checkout's include/ with svdkit renamed (-Dsvdkit=svdkit_before,
// -DSIDE=before_side) and against this checkout's (-DSIDE=after_side), so both live in one program.
#include <svdkit/detail/kernels/gemv.hpp>
#include <svdkit/detail/kernels/skinny.hpp>

#include "api.hpp"

namespace SIDE {
template <class T>
void product(bool transpose, std::size_t m, std::size_t n, std::size_t b, const T* a, const T* x, T* y) {
    namespace d = svdkit::detail;
    if (b == 1) {
        if (transpose) {
            d::gemv_t(m, n, a, m, x, y);
        } else {
            for (std::size_t i = 0; i < m; ++i) y[i] = T(0);
            d::gemv_n(m, n, a, m, x, y);
        }
    } else if (transpose) {
        d::skinny_t(m, n, b, a, m, x, m, y, n);
    } else {
        d::skinny_n(m, n, b, a, m, x, n, y, m);
    }
}
void product_d(bool t, std::size_t m, std::size_t n, std::size_t b, const double* a, const double* x, double* y) {
    product(t, m, n, b, a, x, y);
}
void product_f(bool t, std::size_t m, std::size_t n, std::size_t b, const float* a, const float* x, float* y) {
    product(t, m, n, b, a, x, y);
}
}  // namespace SIDE
