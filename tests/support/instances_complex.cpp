// The complex driver (detail/complex/complex_svd.hpp) for std::complex<float|double|long double>,
// compiled once for the tests and examples that decompose complex matrices (see instances.cpp and
// include/svdkit/instantiate.hpp, whose complex instances these are). Its -O level is the core's
// (the build's, where the test drivers are -O0 or -O1).
#include <svdkit/svd.hpp>

namespace svdkit {
namespace detail {

SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, float)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, double)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, long double)

}  // namespace detail
}  // namespace svdkit
