// partial_before_after: what each side (side.cpp) exports, in plain types.
#pragma once
#include <cstddef>
#include <vector>
struct run_result {
    std::vector<double> s, residuals;
    std::size_t products = 0, restarts = 0;
};
#define PARTIAL_SIDE_API                                                                               \
    void* make_dense(const double* a, std::size_t m, std::size_t n);                                   \
    run_result run_dense(void* h, std::size_t k, std::size_t block, std::size_t subspace);             \
    run_result run_csr(std::size_t m, std::size_t n, const int* ptr, const int* idx, const double* val, \
                       std::size_t k, std::size_t block, std::size_t subspace);
namespace before_side {
PARTIAL_SIDE_API
}
namespace after_side {
PARTIAL_SIDE_API
}
