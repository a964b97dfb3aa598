// jacobian_directions/format.hpp - how jacobian_directions writes numbers and vectors: printf
// formats with no "-0.000", and vectors as "(a, b, c)". Shared by the printed report and the
// picture's captions, so that both show the same digits.
//
// Examples-only helper of examples/jacobian_directions.cpp (not part of the library, not installed).
// Standard library only.
#pragma once

#include <cmath>    // std::fabs
#include <cstddef>  // std::size_t
#include <cstdio>   // std::snprintf
#include <string>   // std::string
#include <vector>   // std::vector

namespace svdkit_examples::jacobian_directions {

inline std::string fmt(const char* format, double x) {
    if (std::fabs(x) < 5e-11 && std::string(format).find('f') != std::string::npos) x = 0;  // no "-0.000"
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}
inline std::string vec_text(const std::vector<double>& v, const char* format = "%.10f") {
    std::string out = "(";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt(format, v[i]);
    return out + ")";
}

}  // namespace svdkit_examples::jacobian_directions
