// rotation_scale_rotation/words.hpp - how the program and its pictures name what they show: the
// determinant of a 2×2 factor, what an orthogonal factor does to the plane ("a rotation by 36.87
// degrees", "a reflection across the line at ..."), and a singular value that is 0 to working
// precision ("σ₂ ≈ 0 (1.986e-16)"). One place, so that the printed story and the pictures' captions
// always use the same words and the same rounding (never "-0.00").
//
// Examples-only helper of examples/rotation_scale_rotation.cpp (not part of the library, not
// installed). Standard library and svdkit only.
#pragma once

#include <cmath>    // std::atan2, std::fabs
#include <cstdio>   // std::snprintf
#include <string>   // std::string

#include <svdkit/svdkit.hpp>

namespace svdkit_examples::rotation_scale_rotation {

inline constexpr double pi = 3.14159265358979323846;

inline double det2(const svdkit::matrix<double>& m) { return m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0); }

// An angle in degrees with two decimals, never "-0.00".
inline std::string degrees(double x) {
    if (std::fabs(x) < 0.005) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f degrees", x);
    return buf;
}

// What an orthogonal 2×2 matrix Q does to the plane. With θ = atan2(q₁₀, q₀₀), a rotation
// is [[cos θ, −sin θ], [sin θ, cos θ]] and a reflection [[cos θ, sin θ], [sin θ, −cos θ]],
// the mirror image across the line at θ/2 from the x-axis. `transposed` describes Qᵀ.
inline std::string describe(const svdkit::matrix<double>& q, bool transposed) {
    const double theta = std::atan2(q(1, 0), q(0, 0)) * 180 / pi;
    if (det2(q) > 0) return "a rotation by " + degrees(transposed ? -theta : theta);
    return "a reflection across the line at " + degrees(theta / 2);
}

inline std::string fmt(const char* format, double x) {
    char buf[128];
    std::snprintf(buf, sizeof buf, format, x == 0 ? 0.0 : x);  // never "-0"
    return buf;
}

// "σ₂ = 2.236", or "σ₂ ≈ 0 (1.986e-16)" when σ is 0 to working precision (below 1e-12·σ₁; an
// exactly singular A usually gives about 1e-16·σ₁), so that a rounding residue is not read as a stretch.
inline std::string sigma_is(const std::string& name, double s, double s1) {
    if (s == 0) return name + " = 0";
    if (s <= 1e-12 * s1) return name + " \u2248 0 (" + fmt("%.4g", s) + ")";
    return name + " = " + fmt("%.4g", s);
}

// What an orthogonal Q does, in the pictures' words ("rotation by 71.57°", "reflection across ...").
inline std::string stage_words(const svdkit::matrix<double>& q, bool transposed) {
    std::string d = describe(q, transposed);
    const auto pos = d.find(" degrees");
    if (pos != std::string::npos) d.replace(pos, 8, "\u00b0");
    return d.substr(2);  // drop "a "
}

}  // namespace svdkit_examples::rotation_scale_rotation
