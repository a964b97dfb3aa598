// Issue 19: tall_svd over row blocks vs svd() of the whole matrix, time and peak memory.
//
// Each measurement runs in a child process of its own (fork), so that its peak resident set
// (getrusage's ru_maxrss of the child) is its own and not the largest of the run. The matrix is
// generated block by block from a seed (block b from its own mt19937_64 stream), so the streaming
// child never holds it whole; the whole-matrix child builds it first (as its user would have it).
// Timed: add_rows + finish for the stream, svd() for the whole; generation is not timed. Both
// compute σ and V (no U: the stream's U needs keep_q or a second pass, see streaming.hpp), and
// the parent prints max|σ_stream − σ_whole|/σ₀ from what the children wrote to a pipe.
//
//   svdkit_bench_streaming [--smoke]      (a plain program; prints one markdown table)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <svdkit/streaming.hpp>
#include <svdkit/svdkit.hpp>

namespace {

constexpr std::size_t block_rows = 10000;

/// Rows [i0, i0 + h) of the test matrix: uniform(−1, 1) entries times a column scale 1/(1 + j), so
/// the σ are spread; row block b = i0 / block_rows has its own stream.
svdkit::matrix<double> block_of(std::size_t i0, std::size_t h, std::size_t n) {
    std::mt19937_64 rng(1000003u * (i0 / block_rows) + 17u);
    std::uniform_real_distribution<double> uni(-1, 1);
    svdkit::matrix<double> b(h, n);
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < n; ++j) b(i, j) = uni(rng) / (1.0 + static_cast<double>(j));
    return b;
}

struct result {
    double seconds = 0;
    double s[1024];
    std::size_t k = 0;
};

/// Runs f in a child; returns its result and its peak RSS in MB.
template <class F>
result in_child(F f, double& peak_mb) {
    int fd[2];
    if (pipe(fd) != 0) std::perror("pipe");
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const result r = f();
        if (write(fd[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    result r;
    if (read(fd[0], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) std::fprintf(stderr, "child failed\n");
    close(fd[0]);
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    struct shape {
        std::size_t m, n;
    };
    const std::vector<shape> shapes =
        smoke ? std::vector<shape>{{20000, 20}} : std::vector<shape>{{200000, 100}, {1000000, 50}};
    std::printf("| shape | method | time (s) | peak RSS (MB) | time / svd() | memory / svd() | max|Δσ|/σ₀ |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const shape sh : shapes) {
        double whole_mb = 0, stream_mb = 0;
        const result whole = in_child(
            [&] {
                svdkit::matrix<double> a(sh.m, sh.n);
                for (std::size_t i0 = 0; i0 < sh.m; i0 += block_rows) {
                    const std::size_t h = std::min(block_rows, sh.m - i0);
                    const svdkit::matrix<double> b = block_of(i0, h, sh.n);
                    for (std::size_t j = 0; j < sh.n; ++j)
                        for (std::size_t i = 0; i < h; ++i) a(i0 + i, j) = b(i, j);
                }
                const auto t0 = std::chrono::steady_clock::now();
                const svdkit::svd_result<double> r =
                    svdkit::svd(a, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::thin});
                result out;
                out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                out.k = r.s.size();
                std::copy(r.s.begin(), r.s.end(), out.s);
                return out;
            },
            whole_mb);
        const result stream = in_child(
            [&] {
                svdkit::tall_svd<double> t(sh.n);
                double seconds = 0;
                for (std::size_t i0 = 0; i0 < sh.m; i0 += block_rows) {
                    const svdkit::matrix<double> b = block_of(i0, std::min(block_rows, sh.m - i0), sh.n);
                    const auto t0 = std::chrono::steady_clock::now();
                    t.add_rows(b);
                    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                }
                const auto t0 = std::chrono::steady_clock::now();
                const svdkit::svd_result<double> r = t.finish();
                result out;
                out.seconds = seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                out.k = r.s.size();
                std::copy(r.s.begin(), r.s.end(), out.s);
                return out;
            },
            stream_mb);
        double diff = 0;
        for (std::size_t i = 0; i < whole.k && i < stream.k; ++i)
            diff = std::max(diff, std::abs(whole.s[i] - stream.s[i]) / whole.s[0]);
        std::printf("| %zu×%zu | svd() of the whole | %.3g | %.0f | 1 | 1 | — |\n", sh.m, sh.n, whole.seconds, whole_mb);
        std::printf("| %zu×%zu | tall_svd, blocks of %zu rows | %.3g | %.0f | %.2f | %.3f | %.1e |\n", sh.m, sh.n,
                    block_rows, stream.seconds, stream_mb, stream.seconds / whole.seconds, stream_mb / whole_mb, diff);
        if (smoke && !(diff < 1e-12)) return 1;
    }
    return 0;
}
