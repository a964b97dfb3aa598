// Test support, one part of the oracles of oracle.hpp (see oracle_impl.hpp): Eigen's BDCSVD in long double: the oracles of double, the baseline of long double.
#include "oracle_impl.hpp"

namespace svdkit_test {

template std::vector<long double> oracle_values<double>(const dense<double>&);
template dense_svd<long double> eigen_bdcsvd<long double>(const dense<long double>&, svdkit::vectors);
template threshold_svd<long double> eigen_threshold_svd<long double>(const dense<long double>&, long double,
                                                                     const dense<long double>&);

}  // namespace svdkit_test
