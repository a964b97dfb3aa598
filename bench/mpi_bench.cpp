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
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

/// Entry (i, j) of the test matrix: uniform(−1, 1) from a hash of (i, j) (splitmix64), times
/// 1/(1 + j) so that the σ are spread. Any rank computes any entry: contiguous rows for svdkit,
/// ScaLAPACK's block-cyclic rows alike.
double entry(std::size_t i, std::size_t j, std::size_t n) {
    std::uint64_t z = static_cast<std::uint64_t>(i) * n + j + 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    const double u = static_cast<double>(z >> 11) * 0x1.0p-53;  // [0, 1)
    return (2 * u - 1) / (1.0 + static_cast<double>(j));
}

/// Rows [first, last) of the m×n matrix.
svdkit::matrix<double> rows_between(std::size_t first, std::size_t last, std::size_t n) {
    svdkit::matrix<double> a(last - first, n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = first; i < last; ++i) a(i - first, j) = entry(i, j, n);
    return a;
}

#if defined(SVDKIT_BENCH_WITH_SCALAPACK)
extern "C" {
void Cblacs_get(int context, int what, int* value);
void Cblacs_gridinit(int* context, const char* order, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb, const int* irsrc,
               const int* icsrc, const int* ictxt, const int* lld, int* info);
void pdgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, double* a, const int* ia,
              const int* ja, const int* desca, double* s, double* u, const int* iu, const int* ju, const int* descu,
              double* vt, const int* ivt, const int* jvt, const int* descvt, double* work, const int* lwork,
              int* info);
}

struct scalapack_run {
    double seconds = 0, orth = 0;
    std::vector<double> s;
    int info = 0;
};

/// pdgesvd of the m×n matrix on a p×1 process grid, 64×64 blocks (pdgesvd wants square blocks),
/// block-cyclic rows: thin U and Vᵀ (jobu = jobvt = 'V') or values only ('N').
scalapack_run run_pdgesvd(int m, int n, bool vectors) {
    scalapack_run out;
    int size = 1, ctxt = 0, nprow = 0, npcol = 0, myrow = 0, mycol = 0, info = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    Cblacs_get(-1, 0, &ctxt);
    Cblacs_gridinit(&ctxt, "Row", size, 1);
    Cblacs_gridinfo(ctxt, &nprow, &npcol, &myrow, &mycol);
    const int nb = 64, zero = 0, one = 1, k = std::min(m, n);
    const int mloc = numroc_(&m, &nb, &myrow, &zero, &nprow), nloc = numroc_(&n, &nb, &mycol, &zero, &npcol);
    const int kloc = numroc_(&k, &nb, &mycol, &zero, &npcol), vloc = numroc_(&k, &nb, &myrow, &zero, &nprow);
    const int lld = std::max(1, mloc), lldv = std::max(1, vloc);
    int desca[9], descu[9], descvt[9];
    descinit_(desca, &m, &n, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
    descinit_(descu, &m, &k, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
    descinit_(descvt, &k, &n, &nb, &nb, &zero, &zero, &ctxt, &lldv, &info);
    std::vector<double> a(static_cast<std::size_t>(lld) * static_cast<std::size_t>(nloc));
    for (int jl = 0; jl < nloc; ++jl)
        for (int il = 0; il < mloc; ++il) {
            const int gi = (il / nb * nprow + myrow) * nb + il % nb;  // block-cyclic rows
            a[static_cast<std::size_t>(jl) * static_cast<std::size_t>(lld) + static_cast<std::size_t>(il)] =
                entry(static_cast<std::size_t>(gi), static_cast<std::size_t>(jl), static_cast<std::size_t>(n));
        }
    std::vector<double> u(vectors ? static_cast<std::size_t>(lld) * static_cast<std::size_t>(kloc) : 1);
    std::vector<double> vt(vectors ? static_cast<std::size_t>(lldv) * static_cast<std::size_t>(nloc) : 1);
    out.s.resize(static_cast<std::size_t>(k));
    const char* job = vectors ? "V" : "N";
    double query = 0;
    int lwork = -1;
    pdgesvd_(job, job, &m, &n, a.data(), &one, &one, desca, out.s.data(), u.data(), &one, &one, descu, vt.data(),
             &one, &one, descvt, &query, &lwork, &info);
    lwork = static_cast<int>(query) + 1;
    std::vector<double> work(static_cast<std::size_t>(lwork));
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    pdgesvd_(job, job, &m, &n, a.data(), &one, &one, desca, out.s.data(), u.data(), &one, &one, descu, vt.data(),
             &one, &one, descvt, work.data(), &lwork, &out.info);
    MPI_Barrier(MPI_COMM_WORLD);
    out.seconds = MPI_Wtime() - t0;
    if (vectors) {  // ‖I − UᵀU‖_F from the ranks' rows of U (the row order does not matter)
        std::vector<double> utu(static_cast<std::size_t>(k) * static_cast<std::size_t>(k), 0.0);
        for (int p = 0; p < k; ++p)
            for (int q = 0; q < k; ++q) {
                double x = 0;
                for (int il = 0; il < mloc; ++il)
                    x += u[static_cast<std::size_t>(p) * static_cast<std::size_t>(lld) + static_cast<std::size_t>(il)] *
                         u[static_cast<std::size_t>(q) * static_cast<std::size_t>(lld) + static_cast<std::size_t>(il)];
                utu[static_cast<std::size_t>(p) * static_cast<std::size_t>(k) + static_cast<std::size_t>(q)] = x;
            }
        MPI_Allreduce(MPI_IN_PLACE, utu.data(), k * k, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        for (int p = 0; p < k; ++p)
            for (int q = 0; q < k; ++q) {
                const double d = utu[static_cast<std::size_t>(p) * static_cast<std::size_t>(k) + static_cast<std::size_t>(q)] - (p == q ? 1.0 : 0.0);
                out.orth += d * d;
            }
        out.orth = std::sqrt(out.orth) / (k * std::numeric_limits<double>::epsilon());
    }
    Cblacs_gridexit(ctxt);
    return out;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::size_t m = 400000, n = 200;
    bool single = false, scalapack = false;
    std::string sigma_file = "mpi_bench_sigma.bin";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--single") single = true;
        else if (arg == "--scalapack") scalapack = true;
        else if (arg == "--smoke") m = 20000, n = 50;
        else if (arg == "--rows" && i + 1 < argc) m = std::stoul(argv[++i]);
        else if (arg == "--cols" && i + 1 < argc) n = std::stoul(argv[++i]);
        else if (arg == "--sigma" && i + 1 < argc) sigma_file = argv[++i];
    }
    const double eps = std::numeric_limits<double>::epsilon();
    const std::size_t first = m * static_cast<std::size_t>(rank) / static_cast<std::size_t>(size);
    const std::size_t last = m * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(size);
    const svdkit::matrix<double> a = rows_between(first, last, n);

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
#if defined(SVDKIT_BENCH_WITH_SCALAPACK)
    if (scalapack) {
        const scalapack_run full = run_pdgesvd(static_cast<int>(m), static_cast<int>(n), true);
        const scalapack_run values = run_pdgesvd(static_cast<int>(m), static_cast<int>(n), false);
        if (rank == 0) {
            std::string value = "n/a";
            if (sigma_ref.size() == full.s.size() && !full.s.empty()) {
                double worst = 0;
                for (std::size_t i = 0; i < full.s.size(); ++i) worst = std::max(worst, std::fabs(full.s[i] - sigma_ref[i]));
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.3g", worst / (sigma_ref[0] * nm * eps));
                value = buf;
            }
            std::printf("| %zux%zu | ScaLAPACK pdgesvd, %d rank%s (info %d/%d) | %.2f s | %.2f s | %.3g / — | %s |\n", m, n,
                        size, size == 1 ? "" : "s", full.info, values.info, full.seconds, values.seconds, full.orth,
                        value.c_str());
            std::fflush(stdout);
        }
    }
#else
    if (scalapack && rank == 0) std::printf("built without ScaLAPACK (libscalapack-openmpi-dev): no pdgesvd run\n");
#endif
    MPI_Finalize();
    return 0;
}
