// Test support: pca_reference.hpp's generators and oracles for T = double (see pca_reference_impl.hpp).
#include "pca_reference_impl.hpp"

namespace svdkit_test {

SVDKIT_TEST_PCA_REFERENCE_INSTANCES(, double)

}  // namespace svdkit_test
