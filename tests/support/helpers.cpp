// Test support: the Eigen-heavy generators and measures, instantiated once for float, double and
// long double (the headers declare these instances extern), so that no test file compiles
// Eigen's QR, LU and wide-type products itself.
#include "generators.hpp"
#include "low_rank_support.hpp"
#include "measures.hpp"

namespace svdkit_test {

SVDKIT_TEST_GENERATOR_INSTANCES(, float)
SVDKIT_TEST_GENERATOR_INSTANCES(, double)
SVDKIT_TEST_GENERATOR_INSTANCES(, long double)
SVDKIT_TEST_MEASURE_INSTANCES(, float)
SVDKIT_TEST_MEASURE_INSTANCES(, double)
SVDKIT_TEST_MEASURE_INSTANCES(, long double)
SVDKIT_TEST_LOW_RANK_INSTANCES(, float)
SVDKIT_TEST_LOW_RANK_INSTANCES(, double)
SVDKIT_TEST_LOW_RANK_INSTANCES(, long double)

}  // namespace svdkit_test
