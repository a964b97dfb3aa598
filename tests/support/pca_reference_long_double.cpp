// Test support: pca_reference.hpp's Eigen oracles in W = long double (the wide type of double's
// and long double's checks), and data_with_spectrum's long-double construction for every T; see
// pca_reference_impl.hpp.
#define SVDKIT_TEST_PCA_REFERENCE_WIDE_DEFINITION
#include "pca_reference_impl.hpp"

namespace svdkit_test {

SVDKIT_TEST_PCA_REFERENCE_INSTANCES(, long double)

}  // namespace svdkit_test
