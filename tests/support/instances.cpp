// The numerical core for real T, compiled once for the whole test suite: every test file is built
// with SVDKIT_EXTERN_TEMPLATES (see include/svdkit/instantiate.hpp, whose real instances these
// are), which also exercises that mode. Built in each build of the suite with that build's flags
// (sanitizers, -O levels), unlike the Eigen oracles of svdkit_test_support, which nested builds
// reuse. The complex driver is in instances_complex.cpp, a library of its own, so that the nested
// builds that run only real tests do not compile it.
#include <svdkit/svd.hpp>

namespace svdkit {
namespace detail {

SVDKIT_DETAIL_CORE_INSTANCES(, float)
SVDKIT_DETAIL_CORE_INSTANCES(, double)
SVDKIT_DETAIL_CORE_INSTANCES(, long double)

}  // namespace detail
}  // namespace svdkit
