// skinny_bench: Y = A·X and Y = Aᵀ·X for a block X of b columns against one gemv (b = 1), the
// kernels of two checkouts side by side in one process (side.cpp, run.sh). A is 4000×2000 or
// 10000×1000 (64 MB in double, 32 MB in float), column-major. Every rep runs every (side, b) of a
// case once, the order rotated per rep; the table gives each block's minimum time over the
// minimum of the gemv (b = 1, the same kernel on both sides), "gemv times per block": 1 would be
// a block for the price of one pass over A.
// Usage: skinny_bench [--reps N] [--quick]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "api.hpp"

namespace {
template <class T>
using product_fn = void (*)(bool, std::size_t, std::size_t, std::size_t, const T*, const T*, T*);

template <class T>
product_fn<T> side_fn(int side);
template <>
product_fn<double> side_fn<double>(int side) {
    return side == 0 ? before_side::product_d : after_side::product_d;
}
template <>
product_fn<float> side_fn<float>(int side) {
    return side == 0 ? before_side::product_f : after_side::product_f;
}

template <class T>
void run_case(const char* type, std::size_t m, std::size_t n, bool transpose, int reps, const std::vector<std::size_t>& bs) {
    std::mt19937_64 g(m + n);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> a(m * n);
    for (auto& v : a) v = static_cast<T>(u(g));
    const std::size_t in = transpose ? m : n, out = transpose ? n : m, bmax = bs.back();
    std::vector<T> x(in * bmax), y(out * bmax), y0(out * bmax);
    for (auto& v : x) v = static_cast<T>(u(g));
    struct job { int side; std::size_t b; double best; };
    std::vector<job> jobs;
    for (int side = 0; side < 2; ++side)
        for (std::size_t b : bs) jobs.push_back({side, b, 1e30});
    double worst_diff = 0;
    for (int r = 0; r < reps; ++r) {
        for (std::size_t q = 0; q < jobs.size(); ++q) {
            job& jb = jobs[(q + static_cast<std::size_t>(r) * 5) % jobs.size()];
            const auto t0 = std::chrono::steady_clock::now();
            side_fn<T>(jb.side)(transpose, m, n, jb.b, a.data(), x.data(), y.data());
            const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            jb.best = std::min(jb.best, t);
            if (r == 0 && jb.b == bmax) {  // the two sides agree (to rounding)
                if (jb.side == 0) y0 = y;
                else for (std::size_t i = 0; i < y.size(); ++i) worst_diff = std::max(worst_diff, std::fabs(double(y[i]) - double(y0[i])));
            }
        }
    }
    double gemv = 1e30;
    for (const job& jb : jobs)
        if (jb.b == 1) gemv = std::min(gemv, jb.best);
    std::printf("| %s | %zu×%zu | %s | %.2f |", type, m, n, transpose ? "Aᵀ·X" : "A·X", gemv * 1e3);
    for (std::size_t b : bs) {
        if (b == 1) continue;
        double tb[2] = {0, 0};
        for (const job& jb : jobs)
            if (jb.b == b) tb[jb.side] = jb.best;
        std::printf(" %.2f → **%.2f** |", tb[0] / gemv, tb[1] / gemv);
    }
    std::printf(" %.1e |\n", worst_diff);
    std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
    int reps = 9;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--quick")) quick = true;
    }
    const std::vector<std::size_t> bs{1, 2, 4, 6, 8, 12, 16};
    std::printf("| type | m×n | product | gemv ms |");
    for (std::size_t b : bs)
        if (b > 1) std::printf(" b = %zu: before → after |", b);
    std::printf(" max |Δ| |\n|---|---|---|---|");
    for (std::size_t b : bs)
        if (b > 1) std::printf("---|");
    std::printf("---|\n");
    for (bool t : {false, true}) {
        run_case<double>("double", 4000, 2000, t, reps, bs);
        run_case<double>("double", 10000, 1000, t, reps, bs);
        if (!quick) {
            run_case<float>("float", 4000, 2000, t, reps, bs);
            run_case<float>("float", 10000, 1000, t, reps, bs);
        }
    }
}
