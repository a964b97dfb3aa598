// Test support, one part of the oracles of oracle.hpp (see oracle_impl.hpp): Eigen's JacobiSVD and complete orthogonal decomposition in long double.
#include "oracle_impl.hpp"

namespace svdkit_test {

template std::vector<long double> oracle_values<long double>(const dense<long double>&);
template std::vector<long double> jacobi_values<double>(const dense<double>&);
template std::vector<long double> jacobi_values<long double>(const dense<long double>&);
template dense<long double> cod_pinv<long double>(const dense<long double>&, long double);

}  // namespace svdkit_test
