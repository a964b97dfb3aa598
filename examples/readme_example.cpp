#include <cstdio>
#include <svdkit/svdkit.hpp>

int main() {
    svdkit::matrix<double> a{{1, 2}, {3, 4}, {5, 6}};  // 3×2, written row by row
    auto [u, s, v] = svdkit::svd(a);                   // thin: u is 3×2, s has 2 values, v is 2×2
    std::printf("singular values: %.4f %.4f\n", s[0], s[1]);  // 9.5255 0.5143

    // A = U·diag(s)·Vᵀ, so each entry is a sum over the singular triplets:
    double a21 = u(2, 0) * s[0] * v(1, 0) + u(2, 1) * s[1] * v(1, 1);
    std::printf("a(2, 1) = %.4f\n", a21);  // 6.0000
}
