// Test support: pca_reference.hpp's Eigen oracles in W = double (the wide type of float's checks);
// see pca_reference_impl.hpp.
#include "pca_reference_impl.hpp"

namespace svdkit_test {

SVDKIT_TEST_PCA_REFERENCE_INSTANCES(, double)

}  // namespace svdkit_test
