// rotation_scale_rotation: every 2×2 matrix is a rotation (or reflection), a stretch along
// the axes, and another rotation (or reflection). This program computes A = U·Σ·Vᵀ with
// svdkit::svd, prints the factors and what each one does to the plane, and checks the
// result: ‖A − UΣVᵀ‖_F and the orthogonality of U and V, and optionally the singular
// values against expected ones (--expect, used by the tests).
//
//   rotation_scale_rotation                       # A = [[3, 0], [4, 5]]: σ = 3√5, √5
//   rotation_scale_rotation --matrix "1 2; 2 4"   # singular: σ₂ = 0
//
// Exit status: 0 when every check passes, 1 when one fails or svd() reports an error,
// 2 for a bad command line.
#include <algorithm>  // std::max
#include <cerrno>     // errno, ERANGE
#include <cmath>      // std::atan2, std::fabs, std::sqrt, std::isfinite
#include <cstddef>    // std::size_t
#include <cstdio>     // std::printf, std::fprintf, std::snprintf
#include <cstdlib>    // std::strtod
#include <exception>  // std::exception
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/svdkit.hpp>

namespace {

constexpr double pi = 3.14159265358979323846;

// Relative tolerances of the built-in checks. A backward-stable SVD of a 2×2 matrix
// is good to a few units of double's 2.2e-16; these leave a wide margin.
constexpr double reconstruction_tolerance = 1e-12;  // ‖A − UΣVᵀ‖_F ≤ this · ‖A‖_F
constexpr double orthogonality_tolerance = 1e-12;   // ‖UᵀU − I‖_F, ‖VᵀV − I‖_F ≤ this
constexpr double expect_tolerance = 1e-14;          // |σᵢ − eᵢ| ≤ this · eᵢ (or · e₁ when eᵢ = 0)

const char* const usage_text =
    "usage: rotation_scale_rotation [--matrix \"a b; c d\"] [--expect \"s1 s2\"]\n"
    "\n"
    "Writes the 2x2 matrix A as U * Sigma * V^T (its singular value decomposition) and\n"
    "says what each factor does to the plane.\n"
    "\n"
    "  --matrix \"a b; c d\"  the matrix, row by row (default: \"3 0; 4 5\")\n"
    "  --expect \"s1 s2\"     also check the singular values against s1 >= s2, to 1e-14\n"
    "                       relative (relative to s1 where a value is 0)\n"
    "  -h, --help           show this text\n"
    "\n"
    "Exit status: 0 all checks passed, 1 a check failed or the SVD reported an error,\n"
    "2 bad command line.\n";

struct usage_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

// Whitespace- or comma-separated numbers, e.g. "3 0" or "3, 0".
std::vector<double> parse_numbers(const std::string& text, const std::string& what) {
    std::vector<double> values;
    std::size_t pos = 0;
    while (true) {
        pos = text.find_first_not_of(" \t,", pos);
        if (pos == std::string::npos) break;
        const std::size_t end = std::min(text.find_first_of(" \t,", pos), text.size());
        const std::string token = text.substr(pos, end - pos);
        char* stop = nullptr;
        errno = 0;
        const double x = std::strtod(token.c_str(), &stop);
        if (stop != token.c_str() + token.size() || token.empty())
            throw usage_error(what + ": '" + token + "' is not a number");
        if (errno == ERANGE && std::fabs(x) > 1)
            throw usage_error(what + ": '" + token + "' is out of range for double");
        values.push_back(x);
        pos = end;
    }
    return values;
}

// "a b; c d" -> the 2×2 matrix [[a, b], [c, d]].
svdkit::matrix<double> parse_matrix(const std::string& text) {
    std::vector<std::string> rows;
    std::size_t start = 0;
    while (true) {
        const std::size_t semi = text.find(';', start);
        rows.push_back(trim(text.substr(start, semi == std::string::npos ? std::string::npos : semi - start)));
        if (semi == std::string::npos) break;
        start = semi + 1;
    }
    if (rows.size() != 2)
        throw usage_error("--matrix \"" + text + "\": expected 2 rows separated by ';', got " +
                          std::to_string(rows.size()));
    svdkit::matrix<double> a(2, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string what = "--matrix row " + std::to_string(i + 1) + " (\"" + rows[i] + "\")";
        const std::vector<double> row = parse_numbers(rows[i], what);
        if (row.size() != 2)
            throw usage_error(what + ": expected 2 numbers, got " + std::to_string(row.size()));
        a(i, 0) = row[0];
        a(i, 1) = row[1];
    }
    return a;
}

// Fixed four decimals, with values that round to zero printed as 0.0000 (never -0.0000).
std::string fixed4(double x) {
    if (std::fabs(x) < 5e-5) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
}

void print_matrix(const char* name, const svdkit::matrix<double>& m) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < m.rows(); ++i)
        for (std::size_t j = 0; j < m.cols(); ++j) width = std::max(width, fixed4(m(i, j)).size());
    std::printf("%s =\n", name);
    for (std::size_t i = 0; i < m.rows(); ++i) {
        std::printf("  [");
        for (std::size_t j = 0; j < m.cols(); ++j) std::printf(" %*s", static_cast<int>(width), fixed4(m(i, j)).c_str());
        std::printf(" ]\n");
    }
}

double det2(const svdkit::matrix<double>& m) { return m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0); }

// An angle in degrees with two decimals, never "-0.00".
std::string degrees(double x) {
    if (std::fabs(x) < 0.005) x = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f degrees", x);
    return buf;
}

// What an orthogonal 2×2 matrix Q does to the plane. With θ = atan2(q₁₀, q₀₀), a rotation
// is [[cos θ, −sin θ], [sin θ, cos θ]] and a reflection [[cos θ, sin θ], [sin θ, −cos θ]],
// the mirror image across the line at θ/2 from the x-axis. `transposed` describes Qᵀ.
std::string describe(const svdkit::matrix<double>& q, bool transposed) {
    const double theta = std::atan2(q(1, 0), q(0, 0)) * 180 / pi;
    if (det2(q) > 0) return "a rotation by " + degrees(transposed ? -theta : theta);
    return "a reflection across the line at " + degrees(theta / 2);
}

// ‖M‖_F, scaled by max |mᵢⱼ| so that entries near the overflow threshold do not overflow.
double frobenius(const svdkit::matrix<double>& m) {
    double scale = 0;
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (std::size_t i = 0; i < m.rows(); ++i) scale = std::max(scale, std::fabs(m(i, j)));
    if (scale == 0) return 0;
    double sum = 0;
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (std::size_t i = 0; i < m.rows(); ++i) sum += (m(i, j) / scale) * (m(i, j) / scale);
    return scale * std::sqrt(sum);
}

svdkit::matrix<double> multiply(const svdkit::matrix<double>& x, const svdkit::matrix<double>& y) {
    svdkit::matrix<double> z(x.rows(), y.cols());
    for (std::size_t j = 0; j < y.cols(); ++j)
        for (std::size_t k = 0; k < x.cols(); ++k)
            for (std::size_t i = 0; i < x.rows(); ++i) z(i, j) += x(i, k) * y(k, j);
    return z;
}

// ‖QᵀQ − I‖_F
double orthogonality_error(const svdkit::matrix<double>& q) {
    svdkit::matrix<double> e = multiply(q.transpose(), q);
    for (std::size_t i = 0; i < e.rows(); ++i) e(i, i) -= 1;
    return frobenius(e);
}

bool report(const char* what, double value, double limit) {
    const bool ok = value <= limit;
    std::printf("  %-44s %.2e  (limit %.2e)  %s\n", what, value, limit, ok ? "ok" : "FAILED");
    return ok;
}

int run(const svdkit::matrix<double>& a, const std::vector<double>& expected) {
    const svdkit::svd_result<double> r = svdkit::svd(a, svdkit::vectors::full);
    if (r.s.size() != 2 || r.u.rows() != 2 || r.u.cols() != 2 || r.v.rows() != 2 || r.v.cols() != 2) {
        std::fprintf(stderr, "error: svd of a 2x2 matrix returned %zu values, U %zux%zu, V %zux%zu\n", r.s.size(),
                     r.u.rows(), r.u.cols(), r.v.rows(), r.v.cols());
        return 1;
    }
    svdkit::matrix<double> sigma(2, 2);
    sigma(0, 0) = r.s[0];
    sigma(1, 1) = r.s[1];

    print_matrix("A", a);
    std::printf("\nA = U * Sigma * V^T with\n");
    print_matrix("U", r.u);
    print_matrix("Sigma", sigma);
    print_matrix("V", r.v);

    std::printf("\nsingular values: sigma1 = %.16g, sigma2 = %.16g\n", r.s[0], r.s[1]);
    const double det_u = det2(r.u);
    const double det_v = det2(r.v);
    std::printf("det(U) = %+.4f: U is a %s\n", det_u, det_u > 0 ? "rotation (+1)" : "reflection (-1)");
    std::printf("det(V) = %+.4f: V is a %s\n", det_v, det_v > 0 ? "rotation (+1)" : "reflection (-1)");

    // The SVD fixes each pair (column j of U, column j of V) only up to a common sign:
    // negating both leaves U·Σ·Vᵀ unchanged and flips the sign of det(U) and det(V). So two
    // reflections can always be traded for two rotations. When det(A) < 0 one of the two
    // must stay a reflection, because det(A) = det(U)·σ₁σ₂·det(V).
    svdkit::matrix<double> u = r.u;
    svdkit::matrix<double> v = r.v;
    if (det_u < 0 && det_v < 0) {
        for (std::size_t i = 0; i < 2; ++i) {
            u(i, 1) = -u(i, 1);
            v(i, 1) = -v(i, 1);
        }
        std::printf("\nBoth are reflections. Negating the second column of U and of V leaves\n"
                    "U * Sigma * V^T unchanged and turns both into rotations:\n");
        print_matrix("U'", u);
        print_matrix("V'", v);
    } else if (det_u * det_v < 0) {
        std::printf("(det(A) = %s < 0, so one of U and V has to be a reflection.)\n", fixed4(det2(a)).c_str());
    }

    // σ₂ below 1e-12·σ₁ is zero to working precision (an exactly singular A usually gives ~1e-16·σ₁).
    const char* remark = r.s[0] == 0                 ? " (A is zero: every x goes to the origin)"
                         : r.s[1] <= 1e-12 * r.s[0] ? " (in effect 0: A flattens the plane onto a line)"
                                                    : "";
    std::printf("\nSo A x = U (Sigma (V^T x)): A first applies V^T, %s,\n", describe(v, true).c_str());
    std::printf("then Sigma scales the first axis by %s and the second by %s%s,\n", fixed4(r.s[0]).c_str(),
                fixed4(r.s[1]).c_str(), remark);
    std::printf("then U is %s.\n", describe(u, false).c_str());

    std::printf("\nchecks:\n");
    const svdkit::matrix<double> usvt = multiply(multiply(r.u, sigma), r.v.transpose());
    svdkit::matrix<double> diff = a;
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = 0; i < 2; ++i) diff(i, j) -= usvt(i, j);
    bool ok = report("reconstruction ||A - U Sigma V^T||_F", frobenius(diff), reconstruction_tolerance * frobenius(a));
    ok &= report("orthogonality ||U^T U - I||_F", orthogonality_error(r.u), orthogonality_tolerance);
    ok &= report("orthogonality ||V^T V - I||_F", orthogonality_error(r.v), orthogonality_tolerance);
    ok &= report("ordering max(0, sigma2 - sigma1, -sigma2)", std::max({0.0, r.s[1] - r.s[0], -r.s[1]}), 0);
    if (!expected.empty()) {
        for (std::size_t i = 0; i < 2; ++i) {
            const double scale = expected[i] != 0 ? std::fabs(expected[i]) : std::fabs(expected[0]);
            const std::string what = "sigma" + std::to_string(i + 1) + " vs --expect " + std::to_string(expected[i]);
            ok &= report(what.c_str(), std::fabs(r.s[i] - expected[i]), expect_tolerance * scale);
        }
    }
    std::printf("%s\n", ok ? "all checks passed" : "SOME CHECKS FAILED");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    svdkit::matrix<double> a{{3, 0}, {4, 5}};
    std::vector<double> expected;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "-h" || arg == "--help") {
                std::printf("%s", usage_text);
                return 0;
            }
            std::string option = arg;
            std::string value;
            bool has_value = false;
            if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
                option = arg.substr(0, eq);
                value = arg.substr(eq + 1);
                has_value = true;
            }
            if (option != "--matrix" && option != "--expect") throw usage_error("unknown argument '" + arg + "'");
            if (!has_value) {
                if (i + 1 >= argc) throw usage_error(option + " needs a value");
                value = argv[++i];
            }
            if (option == "--matrix") {
                a = parse_matrix(value);
            } else {
                expected = parse_numbers(value, "--expect \"" + value + "\"");
                if (expected.size() != 2)
                    throw usage_error("--expect \"" + value + "\": expected 2 numbers, got " +
                                      std::to_string(expected.size()));
            }
        }
    } catch (const usage_error& e) {
        std::fprintf(stderr, "error: %s\n\n%s", e.what(), usage_text);
        return 2;
    }

    try {
        return run(a, expected);
    } catch (const svdkit::non_finite_input& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: svdkit::svd failed: %s\n", e.what());
    }
    return 1;
}
