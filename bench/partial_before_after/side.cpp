// One side of partial_before_after: partial_svd on a dense matrix and on a csr_view, compiled twice
// by run.sh: against an earlier checkout's include/ with svdkit renamed (-Dsvdkit=svdkit_before,
// -DSIDE=before_side) and against this checkout's (-DSIDE=after_side), so both live in one program.
#include <algorithm>
#include <svdkit/svdkit.hpp>

#include "api.hpp"

namespace SIDE {
void* make_dense(const double* a, std::size_t m, std::size_t n) {
    auto* h = new svdkit::matrix<double>(m, n);
    std::copy(a, a + m * n, h->data());
    return h;
}
template <class R>
run_result fill(const R& p) {
    run_result r;
    r.s.assign(p.s.begin(), p.s.end());
    r.residuals.assign(p.residuals.begin(), p.residuals.end());
    r.products = p.products;
    r.restarts = p.restarts;
    return r;
}
// block, subspace: partial_options::block_size and subspace (0: the defaults)
svdkit::partial_options options(std::size_t block, std::size_t subspace) {
    svdkit::partial_options o;
    o.block_size = block;
    o.subspace = subspace;
    return o;
}
run_result run_dense(void* h, std::size_t k, std::size_t block, std::size_t subspace) {
    return fill(svdkit::partial_svd(*static_cast<svdkit::matrix<double>*>(h), k, options(block, subspace)));
}
run_result run_csr(std::size_t m, std::size_t n, const int* ptr, const int* idx, const double* val, std::size_t k,
                   std::size_t block, std::size_t subspace) {
    return fill(svdkit::partial_svd(svdkit::csr_view<double, int>(m, n, ptr, idx, val), k, options(block, subspace)));
}
}  // namespace SIDE
