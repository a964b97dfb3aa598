// Issue 8's adversarial stress test (ctest label `stress`): thousands of random matrices from the
// hard families, every bound of the property suite checked on every one, and the QR iteration's
// inner-step counts recorded against its 6·n² bound.
//
// Dense families (through svd(), thin): graded rows, graded columns, clustered, exactly repeated
// and near-rank-deficient spectra, Kahan matrices, tiny and huge scale. Bidiagonal families
// (through bidiagonal_svd(), which promises relative accuracy): the random-magnitude kinds of
// support/bidiagonals.hpp (stress_bidiagonal_kinds: random magnitudes over many decades, exact
// zeros and near-zeros on the diagonal or the superdiagonal, graded both ways, near underflow and
// overflow), each drawn from the case's own stream.
//
// Each case uses its own seed, printed on failure, so any failure is reproducible alone.
//
// Inner steps: svdkit's bidiagonal_qr() calls SVDKIT_TEST_QR_STEPS_HOOK(n, steps) on return when
// the macro is defined (a test-only hook; it expands to nothing otherwise). It must be defined
// before any svdkit header is included.
#include <cstddef>  // std::size_t

namespace stress_hook {
thread_local std::size_t last_n = 0;
thread_local std::size_t last_steps = 0;
thread_local std::size_t calls = 0;
inline void record(std::size_t n, std::size_t steps) {
    last_n = n;
    last_steps = steps;
    ++calls;
}
}  // namespace stress_hook
#define SVDKIT_TEST_QR_STEPS_HOOK(n, steps) ::stress_hook::record((n), (steps))

#include <catch2/catch.hpp>

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::ldexp, std::pow, std::sqrt
#include <cstdint>    // std::uint64_t
#include <iostream>   // std::cout
#include <limits>     // std::numeric_limits
#include <random>     // std::uniform_int_distribution, std::uniform_real_distribution
#include <string>     // std::string
#include <vector>     // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/svdkit.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

/// Largest inner-step count seen, as steps / n² (the bound is 6), per type and family kind.
struct step_record {
    long double worst_per_n2 = 0;  // max over cases of steps / n²
    std::size_t worst_steps = 0;
    std::size_t worst_n = 0;
    std::size_t cases = 0;
    std::size_t total_steps = 0;
    std::size_t total_n = 0;
};

void note_steps(step_record& rec, const std::string& where) {
    const std::size_t n = stress_hook::last_n, steps = stress_hook::last_steps;
    ++rec.cases;
    rec.total_steps += steps;
    rec.total_n += n;
    if (n == 0) return;
    const long double per = static_cast<long double>(steps) / static_cast<long double>(n * n);
    if (per > rec.worst_per_n2) {
        rec.worst_per_n2 = per;
        rec.worst_steps = steps;
        rec.worst_n = n;
    }
    note_ratio("svdkit", "steps", "inner steps / n^2 (bound 6)", per, where);
}

void print_steps(const std::string& label, const step_record& rec) {
    std::cout << "stress " << label << ": " << rec.cases << " cases, max inner steps / n^2 = "
              << static_cast<double>(rec.worst_per_n2) << " (" << rec.worst_steps << " steps at n = " << rec.worst_n
              << "; bound 6), mean steps per singular value = "
              << (rec.total_n == 0 ? 0.0 : static_cast<double>(rec.total_steps) / static_cast<double>(rec.total_n))
              << "\n";
}

enum class family { graded_rows, graded_cols, clustered, repeated, near_rank_deficient, kahan, tiny, huge, count };

const char* family_name(family f) {
    switch (f) {
        case family::graded_rows: return "graded rows";
        case family::graded_cols: return "graded columns";
        case family::clustered: return "clustered";
        case family::repeated: return "repeated";
        case family::near_rank_deficient: return "near rank-deficient";
        case family::kahan: return "Kahan";
        case family::tiny: return "tiny scale";
        case family::huge: return "huge scale";
        case family::count: break;
    }
    return "?";
}

/// One matrix of family f, m×n, from rng. `known` gets the spectrum it was built from, if any.
template <class T>
dense<T> make_dense(family f, std::size_t m, std::size_t n, rng_t& rng, std::vector<long double>& known) {
    const std::size_t k = std::min(m, n);
    std::uniform_real_distribution<long double> unit(0.0L, 1.0L);
    // Decades of grading: up to 12 for double and long double, 5 for float (so the graded
    // entries stay far from T's underflow).
    const long double max_decades = std::numeric_limits<T>::digits > 30 ? 12.0L : 5.0L;
    known.clear();
    switch (f) {
        case family::graded_rows:
        case family::graded_cols: {
            dense<T> a = gaussian<T>(m, n, rng);
            const long double decades = max_decades * unit(rng);
            const std::size_t len = f == family::graded_rows ? m : n;
            for (std::size_t i = 0; i < len; ++i) {
                const long double w = std::pow(10.0L, -decades * static_cast<long double>(i) /
                                                          static_cast<long double>(std::max<std::size_t>(len - 1, 1)));
                if (f == family::graded_rows)
                    a.row(ix(i)) *= static_cast<T>(w);
                else
                    a.col(ix(i)) *= static_cast<T>(w);
            }
            return a;
        }
        case family::clustered: {
            const long double width = std::pow(10.0L, -2.0L - 10.0L * unit(rng));
            known_matrix<T> km = with_singular_values<T>(m, n, spectra::clustered(k, width), rng);
            known = km.sigma;
            return km.a;
        }
        case family::repeated: {
            known_matrix<T> km = with_singular_values<T>(m, n, spectra::repeated(k), rng);
            known = km.sigma;
            return km.a;
        }
        case family::near_rank_deficient: {
            // rank r values from 1 down to 1e-2, the rest at ε-level: a tiny gap to zero.
            const std::size_t r = std::uniform_int_distribution<std::size_t>(1, k)(rng);
            std::vector<long double> s = spectra::rank_deficient(k, r);
            for (std::size_t i = r; i < k; ++i)
                s[i] = static_cast<long double>(std::numeric_limits<T>::epsilon()) * unit(rng);
            known_matrix<T> km = with_singular_values<T>(m, n, s, rng);
            known = km.sigma;
            return km.a;
        }
        case family::kahan: {
            // Square only; θ in [0.1, 1.3]: from nearly singular to mildly graded.
            const long double theta = 0.1L + 1.2L * unit(rng);
            return kahan<T>(k, theta);
        }
        case family::tiny:
        case family::huge: {
            // Entries scaled by 2^±e, e up to 90% of T's exponent range: exact, so the singular
            // values are the unscaled ones times 2^±e.
            const int range = static_cast<int>(0.9 * std::numeric_limits<T>::max_exponent);
            const int e = std::uniform_int_distribution<int>(range / 2, range)(rng);
            dense<T> a = gaussian<T>(m, n, rng);
            const int sign = f == family::tiny ? -1 : 1;
            for (Eigen::Index j = 0; j < a.cols(); ++j)
                for (Eigen::Index i = 0; i < a.rows(); ++i) a(i, j) = std::ldexp(a(i, j) / T(8), sign * e);
            return a;
        }
        case family::count: break;
    }
    return dense<T>();
}

template <class T>
void stress_dense(std::size_t per_family, std::uint64_t base_seed) {
    step_record steps;
    for (int fi = 0; fi < static_cast<int>(family::count); ++fi) {
        const family f = static_cast<family>(fi);
        for (std::size_t c = 0; c < per_family; ++c) {
            const std::uint64_t seed = base_seed + std::uint64_t{1000003} * static_cast<std::uint64_t>(fi) + std::uint64_t{c};
            rng_t rng(seed);
            std::size_t m = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
            std::size_t n = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
            if (c % 5 == 0) m = std::uniform_int_distribution<std::size_t>(60, 120)(rng);  // the QR-first path
            if (f == family::kahan) m = n;
            std::vector<long double> known;
            const dense<T> a = make_dense<T>(f, m, n, rng, known);
            const std::size_t k = std::min(m, n);
            const std::string where =
                std::string(family_name(f)) + " " + shape_label(m, n) + " seed " + std::to_string(seed);
            INFO(type_name<T>() << ", " << where);

            stress_hook::last_n = stress_hook::last_steps = 0;
            const svdkit::svd_result<T> r = svdkit::svd(to_svdkit(a));
            note_steps(steps, where);
            REQUIRE(r.s.size() == k);
            CHECK(sorted_non_negative(r.s));
            CHECK(all_finite(r.u));
            CHECK(all_finite(r.v));
            CHECK(stress_hook::last_steps <= 6 * k * k);
            // Values in the subnormal range are multiples of denorm_min: that much is not counted.
            const long double floor = std::sqrt(static_cast<long double>(k)) *
                                      static_cast<long double>(std::numeric_limits<T>::denorm_min());
            const dense_svd<T> rd = to_dense_svd(r);
            const long double recon = reconstruction_ratio(a, rd.u, rd.s, rd.v, floor);
            const long double orth = std::max(orthogonality_ratio(rd.u), orthogonality_ratio(rd.v));
            const long double vs_oracle = value_error_ratio(r.s, oracle_values(a), m, n, floor);
            INFO("reconstruction " << static_cast<double>(recon) << " (bound "
                                   << static_cast<double>(reconstruction_bound(m, n)) << "), orthogonality "
                                   << static_cast<double>(orth) << " (bound " << static_cast<double>(orthogonality_bound)
                                   << "), values vs oracle " << static_cast<double>(vs_oracle) << " (bound "
                                   << static_cast<double>(value_error_bound(m, n)) << ")");
            CHECK(recon <= reconstruction_bound(m, n));
            CHECK(orth <= orthogonality_bound);
            CHECK(vs_oracle <= value_error_bound(m, n));
            const std::string type = type_name<T>();
            note_ratio("svdkit", type, "stress reconstruction", recon, where);
            note_ratio("svdkit", type, "stress orthogonality", orth, where);
            note_ratio("svdkit", type, "stress value error", vs_oracle, where);
            if (!known.empty()) {
                const long double vs_known = value_error_ratio(r.s, known, m, n, floor);
                INFO("values vs the built spectrum " << static_cast<double>(vs_known));
                CHECK(vs_known <= known_value_error_bound(m, n));
                note_ratio("svdkit", type, "stress value error vs built", vs_known, where);
            }
        }
    }
    print_steps(std::string(type_name<T>()) + " dense", steps);
}

template <class T>
void stress_bidiagonal(std::size_t per_family, std::uint64_t base_seed) {
    step_record steps;
    const std::vector<bidiagonal_kind> kinds = stress_bidiagonal_kinds();
    for (std::size_t fi = 0; fi < kinds.size(); ++fi) {
        const bidiagonal_kind f = kinds[fi];
        for (std::size_t c = 0; c < per_family; ++c) {
            const std::uint64_t seed = base_seed + std::uint64_t{1000003} * static_cast<std::uint64_t>(fi) + std::uint64_t{c};
            rng_t rng(seed);
            const std::size_t n = std::uniform_int_distribution<std::size_t>(2, 30)(rng);
            const bidiagonal<T> b = make_bidiagonal<T>(f, n, rng);
            const std::vector<T>& d = b.d;
            const std::vector<T>& e = b.e;
            const std::string where = std::string(kind_name(f)) + " n=" + std::to_string(n) + " seed " +
                                      std::to_string(seed);
            INFO(type_name<T>() << ", bidiagonal " << where);

            const std::vector<long double> reference = exact_singular_values(b);
            stress_hook::last_n = stress_hook::last_steps = 0;
            const svdkit::svd_result<T> r = svdkit::bidiagonal_svd(d, e);
            note_steps(steps, where);
            CHECK(stress_hook::last_steps <= 6 * n * n);
            REQUIRE(r.s.size() == n);
            CHECK(sorted_non_negative(r.s));
            const long double rel = relative_error_ratio(r.s, reference, bidiagonal_underflow_floor<T>(n));
            const dense<T> bd = upper_bidiagonal(d, e);
            const dense_svd<T> rd = to_dense_svd(r);
            const long double floor = std::sqrt(static_cast<long double>(n)) *
                                      static_cast<long double>(std::numeric_limits<T>::denorm_min());
            const long double recon = reconstruction_ratio(bd, rd.u, rd.s, rd.v, floor);
            const long double orth = std::max(orthogonality_ratio(rd.u), orthogonality_ratio(rd.v));
            INFO("relative error " << static_cast<double>(rel) << " (bound "
                                   << static_cast<double>(bidiagonal_relative_bound(n)) << "), reconstruction "
                                   << static_cast<double>(recon) << ", orthogonality " << static_cast<double>(orth));
            CHECK(rel <= bidiagonal_relative_bound(n));
            CHECK(recon <= reconstruction_bound(n, n));
            CHECK(orth <= orthogonality_bound);
            // Values only must give the same values, bit for bit.
            CHECK(identical(svdkit::bidiagonal_singular_values(d, e), r.s));
            const std::string type = type_name<T>();
            note_ratio("svdkit", type, "stress bidiagonal relative", rel, where);
            note_ratio("svdkit", type, "stress bidiagonal reconstruction", recon, where);
            note_ratio("svdkit", type, "stress bidiagonal orthogonality", orth, where);
        }
    }
    print_steps(std::string(type_name<T>()) + " bidiagonal", steps);
}

}  // namespace

// Counts: 8 dense families × 150 and 8 bidiagonal families × 150, for float and for double:
// 4800 matrices in all.
TEMPLATE_TEST_CASE("stress: dense hard families meet every bound", "[stress][dense]", float, double) {
    stress_dense<TestType>(150, 0xd3e5e ^ static_cast<std::uint64_t>(std::numeric_limits<TestType>::digits));
}

TEMPLATE_TEST_CASE("stress: bidiagonal hard families keep relative accuracy", "[stress][bidiagonal]", float, double) {
    stress_bidiagonal<TestType>(150, 0xb1d1a9 ^ static_cast<std::uint64_t>(std::numeric_limits<TestType>::digits));
}
