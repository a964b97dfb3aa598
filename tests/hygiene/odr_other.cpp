// Second translation unit of the ODR test (see CMakeLists.txt). It instantiates the
// same svdkit templates as odr_main.cpp, so the linker sees every inline function
// and template instantiation twice and must fold them into one.
#include "odr.hpp"

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

namespace odr_test {

svdkit::matrix<double> sample() { return {{3, 0}, {4, 5}}; }

svdkit::svd_result<double> thin_in_other_tu() { return svdkit::svd(sample()); }

std::vector<float> float_values_in_other_tu() {
    const svdkit::matrix<double> a = sample();
    svdkit::matrix<float> af(a.rows(), a.cols());
    for (std::size_t j = 0; j < a.cols(); ++j)
        for (std::size_t i = 0; i < a.rows(); ++i) af(i, j) = static_cast<float>(a(i, j));
    return svdkit::singular_values(af);
}

}  // namespace odr_test
