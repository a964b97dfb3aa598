// The ODR test's two translation units: odr_main.cpp and odr_other.cpp both include
// <svdkit/svdkit.hpp> and run the same decompositions. These are odr_other.cpp's.
#ifndef SVDKIT_TESTS_HYGIENE_ODR_HPP
#define SVDKIT_TESTS_HYGIENE_ODR_HPP

#include <vector>  // std::vector

#include <svdkit/svdkit.hpp>

namespace odr_test {

/// The 2×2 matrix [[3, 0], [4, 5]], whose singular values are 3√5 and √5.
svdkit::matrix<double> sample();

/// svdkit::svd(sample()), computed in odr_other.cpp.
svdkit::svd_result<double> thin_in_other_tu();

/// svdkit::singular_values() of sample() converted to float, computed in odr_other.cpp.
std::vector<float> float_values_in_other_tu();

}  // namespace odr_test

#endif
