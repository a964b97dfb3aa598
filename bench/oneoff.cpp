// Issue 20, part 4: ONE call in this process, timed with the allocation of its outputs: svdkit::svd(a, opts)
// or LAPACKE_dgesdd (which allocates its own workspace; s, U and Vᵀ are malloc'ed inside the timed
// region too). A one-off call pays for every page it touches first; a benchmark process that calls
// repeatedly hides that (glibc keeps freed memory), so bench/oneoff.sh starts one process per call.
// gesdd works on the input in place (it destroys it; no copy is timed for it), svdkit on its const
// input, so the working copy is svdkit's cost alone.
//
// Usage: svdkit_bench_oneoff --impl svdkit|gesdd --m M --n N --job thin|values
// Prints: <milliseconds> <minor page faults during the call>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <lapacke.h>

#include "svdkit/svd.hpp"

namespace {

long minor_faults() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

int usage() {
    std::fprintf(stderr, "usage: svdkit_bench_oneoff --impl svdkit|gesdd --m M --n N --job thin|values\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string impl, job = "thin";
    std::size_t m = 0, n = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char* val = argv[i + 1];
        if (key == "--impl")
            impl = val;
        else if (key == "--m")
            m = std::strtoul(val, nullptr, 10);
        else if (key == "--n")
            n = std::strtoul(val, nullptr, 10);
        else if (key == "--job")
            job = val;
        else
            return usage();
    }
    if ((impl != "svdkit" && impl != "gesdd") || (job != "thin" && job != "values") || m == 0 || n == 0)
        return usage();
    const bool thin = job == "thin";

    // The input: uniform(-1, 1), the same seed for both, column-major, generated before timing.
    svdkit::matrix<double> a(m, n);
    std::mt19937_64 gen(20);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < m; ++i) a(i, j) = dist(gen);

    double checksum = 0;
    const long faults_before = minor_faults();
    const auto t0 = std::chrono::steady_clock::now();
    if (impl == "svdkit") {
        const svdkit::vectors v = thin ? svdkit::vectors::thin : svdkit::vectors::none;
        const svdkit::svd_result<double> r = svdkit::svd(a, svdkit::svd_options{v, v});
        checksum = r.s[0];
        const auto t1 = std::chrono::steady_clock::now();
        const long faults = minor_faults() - faults_before;
        std::printf("%.4f %ld %.17g\n", std::chrono::duration<double, std::milli>(t1 - t0).count(), faults, checksum);
        return 0;
    }
    const std::size_t k = m < n ? m : n;
    auto* s = static_cast<double*>(std::malloc(k * sizeof(double)));
    double* u = nullptr;
    double* vt = nullptr;
    if (thin) {
        u = static_cast<double*>(std::malloc(m * k * sizeof(double)));
        vt = static_cast<double*>(std::malloc(k * n * sizeof(double)));
    }
    const lapack_int info =
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, thin ? 'S' : 'N', static_cast<lapack_int>(m), static_cast<lapack_int>(n),
                       a.data(), static_cast<lapack_int>(m), s, u, static_cast<lapack_int>(m), vt,
                       static_cast<lapack_int>(k));
    checksum = s[0];
    const auto t1 = std::chrono::steady_clock::now();
    const long faults = minor_faults() - faults_before;
    std::printf("%.4f %ld %.17g\n", std::chrono::duration<double, std::milli>(t1 - t0).count(), faults, checksum);
    std::free(s);
    std::free(u);
    std::free(vt);
    return info == 0 ? 0 : 1;
}
