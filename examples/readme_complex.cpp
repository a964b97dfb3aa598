#include <cmath>
#include <complex>
#include <cstdio>
#include <svdkit/svdkit.hpp>

int main() {
    using namespace std::complex_literals;
    // A qubit and a qutrit in the state Σ c(i, j)·|i⟩|j⟩, with Σ |c(i, j)|² = 1.
    const double h = 0.5 / std::sqrt(2.0);
    svdkit::matrix<std::complex<double>> c{{0.5, 0.5i, 0.0}, {0.0, 0.5, h + h * 1i}};
    auto [u, s, v] = svdkit::svd(c);  // c = U·diag(s)·Vᴴ: s is real, v holds V itself

    // The Schmidt decomposition: the state is Σ s[k]·|u_k⟩|conj(v_k)⟩, so the s[k]² are the
    // probabilities of the two branches and their entropy measures the entanglement.
    double entropy = 0;
    for (double sk : s) entropy -= sk * sk * std::log2(sk * sk);
    std::printf("Schmidt coefficients: %.4f %.4f\n", s[0], s[1]);  // 0.8660 0.5000
    std::printf("entanglement entropy: %.4f bits\n", entropy);      // 0.8113

    // Each entry is a sum over the triplets, with V conjugated:
    std::complex<double> c12 = u(1, 0) * s[0] * std::conj(v(2, 0)) + u(1, 1) * s[1] * std::conj(v(2, 1));
    std::printf("c(1, 2) = %.4f%+.4fi\n", c12.real(), c12.imag());  // 0.3536+0.3536i
}
