// Issue 19: svdkit::mpi::tall_svd on 1, 2, 4 local ranks against the single-process svd() of the
// whole matrix (400000×200 by default).
//
// A plain MPI program (Google Benchmark's main knows nothing of MPI_Init), one line per run:
//
//   mpirun -np 1 svdkit_bench_mpi --single     # also svd() of the whole; saves its σ
//   mpirun -np 2 svdkit_bench_mpi              # compares with the saved σ when present
//   mpirun -np 4 --oversubscribe svdkit_bench_mpi
//   options: --rows M --cols N --smoke (20000×50) --sigma FILE (default mpi_bench_sigma.bin)
//
// Each rank generates its own whole blocks of 10000 rows (block b from its own mt19937_64 stream,
// as bench/streaming_bench.cpp), so no rank holds the matrix. Timed with MPI_Wtime between
// barriers: tall_svd with the thin U (this rank's rows) and with values only; svd() of the whole
// with thin U and V on rank 0 of a 1-rank run. Accuracy without gathering anything: ‖I − UᵀU‖_F/(k·ε)
// from the Allreduce of the ranks' U_rᵀ·U_r, ‖A − UΣVᵀ‖_F/(‖A‖_F·max(m,n)·ε) from the sums of the
// ranks' residuals, and max|σ − σ_svd|/(σ₀·max(m,n)·ε) against the σ svd() saved.
#include <svdkit/mpi.hpp>
#include <svdkit/svd.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::size_t block_rows = 10000;

/// Rows [i0, i0 + h) (within one block): uniform(−1, 1) times a column scale 1/(1 + j).
void fill_rows(svdkit::matrix<double>& a, std::size_t at, std::size_t i0, std::size_t h) {
    std::mt19937_64 rng(1000003u * (i0 / block_rows) + 17u);
    std::uniform_real_distribution<double> uni(-1, 1);
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) a(at + i, j) = uni(rng) / (1.0 + static_cast<double>(j));
}

/// The rows of blocks [b0, b1) of the m×n matrix.
svdkit::matrix<double> rows_of_blocks(std::size_t b0, std::size_t b1, std::size_t m, std::size_t n) {
    const std::size_t first = std::min(m, b0 * block_rows), last = std::min(m, b1 * block_rows);
    svdkit::matrix<double> a(last - first, n);
    for (std::size_t i0 = first; i0 < last; i0 += block_rows)
        fill_rows(a, i0 - first, i0, std::min(block_rows, last - i0));
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::size_t m = 400000, n = 200;
    bool single = false;
    std::string sigma_file = "mpi_bench_sigma.bin";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--single") single = true;
        else if (arg == "--smoke") m = 20000, n = 50;
        else if (arg == "--rows" && i + 1 < argc) m = std::stoul(argv[++i]);
        else if (arg == "--cols" && i + 1 < argc) n = std::stoul(argv[++i]);
        else if (arg == "--sigma" && i + 1 < argc) sigma_file = argv[++i];
    }
    const double eps = std::numeric_limits<double>::epsilon();
    const std::size_t blocks = (m + block_rows - 1) / block_rows;
    const std::size_t b0 = blocks * static_cast<std::size_t>(rank) / static_cast<std::size_t>(size);
    const std::size_t b1 = blocks * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(size);
    const svdkit::matrix<double> a = rows_of_blocks(b0, b1, m, n);

    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    const svdkit::svd_result<double> r = svdkit::mpi::tall_svd(MPI_COMM_WORLD, a);
    MPI_Barrier(MPI_COMM_WORLD);
    const double t_thin = MPI_Wtime() - t0;
    t0 = MPI_Wtime();
    const svdkit::svd_result<double> rv = svdkit::mpi::tall_svd(MPI_COMM_WORLD, a, svdkit::vectors::none);
    MPI_Barrier(MPI_COMM_WORLD);
    const double t_values = MPI_Wtime() - t0;
    (void)rv;

    // Accuracy from local pieces: UᵀU and the residual, summed over the ranks.
    const std::size_t k = r.s.size();
    svdkit::matrix<double> utu = svdkit::detail::multiply_at_b(r.u, r.u);
    MPI_Allreduce(MPI_IN_PLACE, utu.data(), static_cast<int>(utu.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    double orth = 0;
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < k; ++i) {
            const double d = utu(i, j) - (i == j ? 1.0 : 0.0);
            orth += d * d;
        }
    svdkit::matrix<double> us = r.u;
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < us.rows(); ++i) us(i, j) *= r.s[j];
    const svdkit::matrix<double> rec = svdkit::detail::multiply_a_bt(us, r.v);
    double sums[2] = {0, 0};  // ‖A_r − U_rΣVᵀ‖², ‖A_r‖²
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = a.data()[i] - rec.data()[i];
        sums[0] += d * d;
        sums[1] += a.data()[i] * a.data()[i];
    }
    MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    const double nm = static_cast<double>(std::max(m, n));

    double t_single = 0;
    std::vector<double> sigma_ref;
    if (single && size == 1) {
        t0 = MPI_Wtime();
        const svdkit::svd_result<double> whole = svdkit::svd(a);
        t_single = MPI_Wtime() - t0;
        sigma_ref = whole.s;
        if (std::FILE* f = std::fopen(sigma_file.c_str(), "wb")) {
            std::fwrite(sigma_ref.data(), sizeof(double), sigma_ref.size(), f);
            std::fclose(f);
        }
    } else if (std::FILE* f = std::fopen(sigma_file.c_str(), "rb")) {
        sigma_ref.resize(k);
        if (std::fread(sigma_ref.data(), sizeof(double), k, f) != k) sigma_ref.clear();
        std::fclose(f);
    }
    if (rank == 0) {
        std::string value = "n/a";
        if (sigma_ref.size() == k && k > 0) {
            double worst = 0;
            for (std::size_t i = 0; i < k; ++i) worst = std::max(worst, std::fabs(r.s[i] - sigma_ref[i]));
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.3g", worst / (sigma_ref[0] * nm * eps));
            value = buf;
        }
        if (single && size == 1) std::printf("| %zux%zu | svd() of the whole, 1 process | %.2f s | | | |\n", m, n, t_single);
        std::printf("| %zux%zu | mpi::tall_svd, %d rank%s | %.2f s | %.2f s | %.3g / %.3g | %s |\n", m, n, size,
                    size == 1 ? "" : "s", t_thin, t_values, std::sqrt(orth) / (static_cast<double>(k) * eps),
                    std::sqrt(sums[0]) / (std::sqrt(sums[1]) * nm * eps), value.c_str());
        std::fflush(stdout);
    }
    MPI_Finalize();
    return 0;
}
