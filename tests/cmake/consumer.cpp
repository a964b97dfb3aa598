// The program every consumer-project test under tests/cmake/ builds: a 3×2 SVD, checked.
// It exits non-zero (and says why) unless the singular values are the known ones, U·Σ·Vᵀ
// reproduces A, and the version macros match what the build system was told.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <svdkit/svdkit.hpp>

int main() {
    svdkit::matrix<double> a{{1, 2}, {3, 4}, {5, 6}};
    auto [u, s, v] = svdkit::svd(a);
    // σ of [[1,2],[3,4],[5,6]]: the square roots of the eigenvalues of AᵀA = [[35,44],[44,56]].
    const double s0 = std::sqrt((91 + std::sqrt(91.0 * 91.0 - 4 * 24)) / 2);
    const double s1 = std::sqrt((91 - std::sqrt(91.0 * 91.0 - 4 * 24)) / 2);
    int bad = 0;
    if (s.size() != 2 || std::fabs(s[0] - s0) > 1e-12 * s0 || std::fabs(s[1] - s1) > 1e-12 * s0) {
        std::printf("wrong singular values\n");
        ++bad;
    }
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < 2; ++j) {
            double x = 0;
            for (std::size_t k = 0; k < s.size(); ++k) x += u(i, k) * s[k] * v(j, k);
            if (std::fabs(x - a(i, j)) > 1e-12 * s0) {
                std::printf("U*S*V^T differs from A at (%zu, %zu)\n", i, j);
                ++bad;
            }
        }
    }
#ifdef SVDKIT_EXPECTED_VERSION
    if (std::strcmp(SVDKIT_VERSION_STRING, SVDKIT_EXPECTED_VERSION) != 0) {
        std::printf("version.hpp says %s, the package says %s\n", SVDKIT_VERSION_STRING, SVDKIT_EXPECTED_VERSION);
        ++bad;
    }
#endif
    std::printf("svdkit %s: singular values %.4f %.4f: %s\n", SVDKIT_VERSION_STRING, s[0], s[1],
                bad ? "FAILED" : "ok");
    return bad ? 1 : 0;
}
