// Test support, one part of the oracles of oracle.hpp (see oracle_impl.hpp): Eigen in float: the BDCSVD baseline for float.
#include "oracle_impl.hpp"

namespace svdkit_test {

template dense_svd<float> eigen_bdcsvd<float>(const dense<float>&, svdkit::vectors);

}  // namespace svdkit_test
