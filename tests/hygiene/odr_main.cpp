// First translation unit of the ODR test (see CMakeLists.txt): runs the same
// decompositions as odr_other.cpp and checks that both units agree bit for bit and
// match the known singular values 3√5 and √5.
#include "odr.hpp"

#include <cmath>    // std::sqrt, std::fabs
#include <cstdio>   // std::printf
#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include <svdkit/svdkit.hpp>

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main() {
    const svdkit::matrix<double> a = odr_test::sample();
    const svdkit::svd_result<double> here = svdkit::svd(a);
    const svdkit::svd_result<double> there = odr_test::thin_in_other_tu();

    expect(here.s == there.s, "singular values agree across translation units");
    expect(here.u == there.u, "U agrees across translation units");
    expect(here.v == there.v, "V agrees across translation units");

    const double expected[2] = {3 * std::sqrt(5.0), std::sqrt(5.0)};
    expect(here.s.size() == 2, "two singular values");
    for (std::size_t i = 0; i < here.s.size() && i < 2; ++i)
        expect(std::fabs(here.s[i] - expected[i]) <= 1e-14 * expected[i], "sigma matches 3*sqrt(5), sqrt(5)");

    const std::vector<float> fs = odr_test::float_values_in_other_tu();
    expect(fs.size() == 2, "two float singular values");
    for (std::size_t i = 0; i < fs.size() && i < 2; ++i)
        expect(std::fabs(static_cast<double>(fs[i]) - expected[i]) <= 1e-5 * expected[i],
               "float sigma matches 3*sqrt(5), sqrt(5)");

    if (failures != 0) return 1;
    std::printf("2 translation units, identical results: sigma = %.16g, %.16g\n", here.s[0], here.s[1]);
    return 0;
}
