// The numerical core for real T, compiled once for the whole test suite: every test file is built
// with SVDKIT_EXTERN_TEMPLATES (see include/svdkit/instantiate.hpp, whose real instances these
// are), which also exercises that mode. Built in each build of the suite with that build's flags
// (sanitizers, -O levels), unlike the Eigen oracles of svdkit_test_support, which nested builds
// reuse. The complex driver is in instances_complex.cpp, a library of its own, so that the nested
// builds that run only real tests do not compile it.
#include <svdkit/svd.hpp>

namespace svdkit {
namespace detail {

SVDKIT_DETAIL_GEMM_INSTANCE(, float)
SVDKIT_DETAIL_GEMM_INSTANCE(, double)
SVDKIT_DETAIL_GEMM_INSTANCE(, long double)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(, float)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(, double)
SVDKIT_DETAIL_HOUSEHOLDER_INSTANCE(, long double)
SVDKIT_DETAIL_SVD_INSTANCE(, float)
SVDKIT_DETAIL_SVD_INSTANCE(, double)
SVDKIT_DETAIL_SVD_INSTANCE(, long double)

}  // namespace detail
}  // namespace svdkit
