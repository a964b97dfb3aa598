// Test support: pca_reference.hpp's generators and oracles for T = long double (see pca_reference_impl.hpp).
#include "pca_reference_impl.hpp"

namespace svdkit_test {

SVDKIT_TEST_PCA_REFERENCE_INSTANCES(, long double)

}  // namespace svdkit_test
