// Test support, one part of the oracles of oracle.hpp (see oracle_impl.hpp): Eigen in double: the baseline for double, and the wide-type oracles of float.
#include "oracle_impl.hpp"

namespace svdkit_test {

template std::vector<long double> oracle_values<float>(const dense<float>&);
template std::vector<long double> jacobi_values<float>(const dense<float>&);
template dense_svd<double> eigen_bdcsvd<double>(const dense<double>&, svdkit::vectors);
template dense<double> cod_pinv<double>(const dense<double>&, long double);
template threshold_svd<double> eigen_threshold_svd<double>(const dense<double>&, long double, const dense<double>&);

}  // namespace svdkit_test
