// The generic property suite of the bidiagonal solvers: every solver in the list below runs on
// every kind of support/bidiagonals.hpp, for n = 1, 2, 3, D&C's leaf size and one past it (25,
// 26), svd()'s D&C crossover and around it (47, 48, 49), and 200 (three merge levels; 120 for
// long double, whose checks are the slowest part of the run), in float, double and long double.
// A new solver (or a new SVD method's bidiagonal stage) joins by adding one entry that says what
// it promises.
//
// What a solver declares, and what is then checked on every case:
//  - always: n values, non-increasing, finite and >= 0; an in-place solver leaves e all zero.
//  - values, relative: |σ_i − σ_i^ref| <= B·ε·σ_i for every i, B = bidiagonal_relative_bound(n)
//    (50 + 4n: deflation plus O(n) rounding, bounds.hpp), above the solver's underflow floor: the
//    QR iteration's 6n²·min(T) ("in the absence of underflow", LAPACK dbdsqr), dqds's
//    max|B|·min(T)/√ε (detail/bidiagonal/dqds.hpp, "Range"). A relative-accuracy solver may
//    declare that it does not promise it on the random-magnitude kinds, whose σ span more decades
//    the larger n (dqds in T: see support/bidiagonals.hpp).
//  - values, absolute (divide and conquer): max|σ_i − σ_i^ref|/(σ_max·n·ε) <= dc_value_bound.
//  - same values as another solver, bit for bit (the public contract that every job returns the
//    same σ; svd()'s D&C path takes its σ from bidiagonal_values).
//  - vectors: U, V n×n and finite; reconstruction ‖B − UΣVᵀ‖_F/(‖B‖_F·n·ε) and orthogonality
//    ‖I − QᵀQ‖_F/(n·ε) of U and V within the bounds of bounds.hpp (reconstruction_bound,
//    dc_reconstruction_bound, dc_mixed_reconstruction_bound; orthogonality_bound).
//  - full range: a solver that scales its input runs the extreme_scale kinds too; the others
//    (whose precondition is entries with squares that do not overflow) skip them.
//
// The reference σ: the bisection of support/bidiagonal_reference.hpp (~1e-30 relative) on the
// matrix as T holds it, for n <= 49 and for long double at every n; for float and double at
// n = 200, the QR iteration in long double (relatively accurate to (50 + 4n)·ε_ld, which is added
// to each bound in units of ε_T: 0.4 ulp of double at n = 200), which costs far less than the
// bisection there.
//
// Solver-specific cases stay in their own files: bidiagonal_dc.cpp (leaf-size hook, merge
// statistics, n = 1000, scaling, determinism), dqds.cpp (transform counts, workspace,
// degenerate inputs, the limits of the exponent range, where bidiagonal_values leaves dqds),
// stress.cpp (thousands of random cases and the QR step counts).
#include <catch2/catch.hpp>

#include <algorithm>    // std::max
#include <cmath>        // std::frexp, std::ldexp, std::sqrt
#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <limits>       // std::numeric_limits
#include <map>          // std::map
#include <string>       // std::string
#include <utility>      // std::pair
#include <type_traits>  // std::is_same
#include <vector>       // std::vector

#include <svdkit/bidiagonal_svd.hpp>
#include <svdkit/detail/bidiagonal/bisection.hpp>
#include <svdkit/detail/bidiagonal/dispatch.hpp>

#include "bidiagonals.hpp"
#include "bounds.hpp"
#include "dense.hpp"
#include "generators.hpp"
#include "measures.hpp"
#include "ratio_report.hpp"

using namespace svdkit_test;

namespace {

enum class accuracy { relative, absolute };

/// What a solver returns: σ, and U, V (n×n) when it computes vectors; e is what an in-place
/// solver leaves in its superdiagonal (empty for the public ones, which do not return it).
template <class T>
struct solver_output {
    std::vector<T> s;
    svdkit::matrix<T> u, v;
    std::vector<T> e;
};

/// One bidiagonal solver and what it promises.
template <class T>
struct solver {
    std::string name;
    accuracy values;
    std::function<long double(std::size_t n)> value_bound;  ///< relative: in ε·σ_i; absolute: in n·ε·σ_max
    bool random_magnitudes;                                 ///< relative accuracy on random_magnitude_kind kinds too
    std::function<long double(const bidiagonal<T>&)> floor;  ///< relative only: absolute error not counted
    std::string same_values_as;                             ///< "" or a solver listed before it
    bool vectors;
    std::function<long double(std::size_t n)> reconstruction_bound;
    bool full_range;  ///< scales its input: accepts the extreme_scale kinds
    std::function<solver_output<T>(const bidiagonal<T>&)> run;
    std::size_t max_n = static_cast<std::size_t>(-1);  ///< larger n are not this solver's use (skipped)
};

template <class T>
long double qr_floor(const bidiagonal<T>& b) {
    return bidiagonal_underflow_floor<T>(b.d.size());
}

template <class T>
long double dqds_floor(const bidiagonal<T>& b) {
    // dqds.hpp: σ_i keeps full relative accuracy for σ_i >= max|B|·min(T)/√ε; and a σ in the
    // subnormal range is a multiple of denorm_min.
    using lim = std::numeric_limits<T>;
    return static_cast<long double>(max_abs(b)) * static_cast<long double>(lim::min()) /
               std::sqrt(static_cast<long double>(lim::epsilon())) +
           static_cast<long double>(lim::denorm_min());
}

long double relative_bound(std::size_t n) { return bidiagonal_relative_bound(n); }
long double qr_reconstruction_bound(std::size_t n) { return reconstruction_bound(n, n); }
long double dc_values(std::size_t n) { return dc_value_bound(n, svdkit::detail::bidiagonal_dc_leaf_size); }
long double dc_reconstruction(std::size_t n) {
    return dc_reconstruction_bound(n, svdkit::detail::bidiagonal_dc_leaf_size);
}
long double dc_mixed_reconstruction(std::size_t n) {
    return dc_mixed_reconstruction_bound(n, svdkit::detail::bidiagonal_dc_leaf_size);
}

/// Every bidiagonal solver, the internal ones first. Order matters only for same_values_as.
template <class T>
std::vector<solver<T>> bidiagonal_solvers() {
    using svdkit::matrix;
    std::vector<solver<T>> list;
    list.push_back({"detail::bidiagonal_qr", accuracy::relative, relative_bound, true, qr_floor<T>, "", true,
                    qr_reconstruction_bound, false, [](const bidiagonal<T>& b) {
                        solver_output<T> o{b.d, matrix<T>::identity(b.d.size()), matrix<T>::identity(b.d.size()), b.e};
                        (void)svdkit::detail::bidiagonal_qr<T>(o.s, o.e, &o.u, &o.v);
                        return o;
                    }});
    // dqds in T itself: relatively accurate while its squares stay in T's range, which the
    // random-magnitude kinds leave (bidiagonal_values runs it in double for that reason). It
    // rescales its input itself, so it takes the extreme scales.
    list.push_back({"detail::bidiagonal_dqds", accuracy::relative, relative_bound, false, dqds_floor<T>, "", false,
                    nullptr, true, [](const bidiagonal<T>& b) {
                        solver_output<T> o{b.d, {}, {}, b.e};
                        (void)svdkit::detail::bidiagonal_dqds(o.s, o.e);
                        return o;
                    }});
    list.push_back({"detail::bidiagonal_values", accuracy::relative, relative_bound, true, qr_floor<T>, "", false,
                    nullptr, false, [](const bidiagonal<T>& b) {
                        solver_output<T> o{b.d, {}, {}, b.e};
                        svdkit::detail::bidiagonal_values_workspace<T> ws;
                        svdkit::detail::bidiagonal_values(o.s, o.e, ws);
                        return o;
                    }});
    list.push_back({"detail::bidiagonal_dc", accuracy::absolute, dc_values, true, nullptr, "", true,
                    dc_reconstruction, false, [](const bidiagonal<T>& b) {
                        solver_output<T> o{b.d, {}, {}, b.e};
                        svdkit::detail::bidiagonal_dc(o.s, o.e, o.u, o.v);
                        return o;
                    }});
    // svd()'s bidiagonal stage from n = 48 on: D&C's vectors, bidiagonal_values' σ.
    list.push_back({"detail::bidiagonal_svd_dc", accuracy::relative, relative_bound, true, qr_floor<T>,
                    "detail::bidiagonal_values", true, dc_mixed_reconstruction, false, [](const bidiagonal<T>& b) {
                        solver_output<T> o;
                        std::vector<T> d = b.d, e = b.e;
                        svdkit::detail::bidiagonal_svd_workspace<T> ws;
                        svdkit::detail::bidiagonal_svd_dc(ws, d, e, o.s, o.u, o.v);
                        return o;
                    }});
    // svd_range's bidiagonal stage asked for all n triplets: bisection on T_GK for the σ, inverse
    // iteration for the vectors, or, where inverse iteration fails its own checks (tight clusters of
    // 200, the near-null spaces of near_zeros and random_magnitudes), the full SVD's vectors: the
    // properties hold either way. tests/selected.cpp checks that ordinary inputs need no fallback.
    list.push_back({"detail::bidiagonal_select", accuracy::relative, relative_bound, true, qr_floor<T>, "", true,
                    qr_reconstruction_bound, true, [](const bidiagonal<T>& b) {
                        solver_output<T> o;
                        svdkit::detail::bidiagonal_select(b.d, b.e, 0, b.d.size() - 1, true, o.s, o.u, o.v);
                        return o;
                    }});
    // Every triplet of a 200×200 by inverse iteration (O(n³) reorthogonalization) doubled this
    // file's run time, 56 s under ASan: selected triplets are for a few of many, which
    // tests/selected.cpp checks up to 2000×2000; here n <= 49 covers every kind.
    list.back().max_n = 49;
    list.push_back({"bidiagonal_singular_values", accuracy::relative, relative_bound, true, qr_floor<T>, "", false,
                    nullptr, true, [](const bidiagonal<T>& b) {
                        return solver_output<T>{svdkit::bidiagonal_singular_values(b.d, b.e), {}, {}, {}};
                    }});
    list.push_back({"bidiagonal_svd", accuracy::relative, relative_bound, true, qr_floor<T>,
                    "bidiagonal_singular_values", true, qr_reconstruction_bound, true, [](const bidiagonal<T>& b) {
                        svdkit::svd_result<T> r = svdkit::bidiagonal_svd(b.d, b.e);
                        return solver_output<T>{r.s, r.u, r.v, {}};
                    }});
    list.push_back({"bidiagonal_svd, vectors::none", accuracy::relative, relative_bound, true, qr_floor<T>,
                    "bidiagonal_singular_values", false, nullptr, true, [](const bidiagonal<T>& b) {
                        return solver_output<T>{svdkit::bidiagonal_svd(b.d, b.e, svdkit::vectors::none).s, {}, {}, {}};
                    }});
    return list;
}

/// The reference σ of b and its own relative error in units of T's ε (see the top of the file).
struct reference {
    std::vector<long double> values;
    long double error;
    const char* source;
};

constexpr std::size_t bisection_limit = 49;

template <class T>
reference reference_for(const bidiagonal<T>& b) {
    const std::size_t n = b.d.size();
    // The QR iteration in long double on b scaled by a power of two (exact: its squares then stay
    // in range): the oracle for float and double at n = 200, and the bisection's starting guess.
    int ex = 0;
    const T amax = max_abs(b);
    if (amax > 0) std::frexp(amax, &ex);
    bidiagonal<long double> w = scaled(rounded<long double>(b), -ex);
    (void)svdkit::detail::bidiagonal_qr<long double>(w.d, w.e, nullptr, nullptr);
    for (long double& x : w.d) x = std::ldexp(x, ex);
    if (n <= bisection_limit || std::is_same<T, long double>::value)
        return {exact_singular_values(b, w.d), 0.0L, "bisection"};
    return {w.d, bidiagonal_relative_bound(n) * eps<long double>() / eps<T>(), "long double QR"};
}

/// Runs every solver on the kind-k bidiagonal of n rows and checks what each promises.
template <class T>
void check_every_solver(bidiagonal_kind k, std::size_t n) {
    const bidiagonal<T> b = make_bidiagonal<T>(k, n, 1);
    const std::string where = std::string(kind_name(k)) + " n=" + std::to_string(n);
    const std::string type = type_name<T>();
    const reference ref = reference_for(b);
    INFO(type << ", " << where << ", reference " << ref.source);
    const dense<T> bd = upper_bidiagonal(b.d, b.e);
    // Singular values in T's subnormal range are multiples of denorm_min: that much residual is
    // forced on any U·Σ·Vᵀ and not counted.
    const long double recon_floor =
        std::sqrt(static_cast<long double>(n)) * static_cast<long double>(std::numeric_limits<T>::denorm_min());
    std::map<std::string, std::vector<T>> values_of;
    // Solvers that share a path return the same U or V bit for bit (bidiagonal_svd's are the QR
    // iteration's, svd()'s D&C path's are D&C's): the same matrix has the same ratio, computed once.
    std::vector<std::pair<svdkit::matrix<T>, long double>> orthogonality_of;
    auto orthogonality = [&orthogonality_of](const svdkit::matrix<T>& q) {
        for (const auto& known : orthogonality_of)
            if (identical(known.first, q)) return known.second;
        orthogonality_of.emplace_back(q, orthogonality_ratio(to_dense<T>(q)));
        return orthogonality_of.back().second;
    };
    for (const solver<T>& sv : bidiagonal_solvers<T>()) {
        if ((extreme_scale(k) && !sv.full_range) || n > sv.max_n) continue;
        INFO("solver " << sv.name);
        const solver_output<T> out = sv.run(b);
        values_of[sv.name] = out.s;
        REQUIRE(out.s.size() == n);
        CHECK(sorted_non_negative(out.s));
        for (const T x : out.e) CHECK(x == T(0));

        if (sv.values == accuracy::relative && (sv.random_magnitudes || !random_magnitude_kind(k))) {
            const long double r = relative_error_ratio(out.s, ref.values, sv.floor(b));
            const long double bound = sv.value_bound(n) + ref.error;
            INFO("relative value error / eps " << static_cast<double>(r) << " (bound " << static_cast<double>(bound)
                                               << ")");
            CHECK(r <= bound);
            note_ratio(sv.name, type, "relative value error / eps", r, where);
        } else if (sv.values == accuracy::absolute) {
            const long double r = value_error_ratio(out.s, ref.values, n, n);
            const long double bound = sv.value_bound(n) + ref.error / static_cast<long double>(std::max<std::size_t>(n, 1));
            INFO("value error / (n eps sigma_max) " << static_cast<double>(r) << " (bound " << static_cast<double>(bound)
                                                    << ")");
            CHECK(r <= bound);
            note_ratio(sv.name, type, "value error / (n eps sigma_max)", r, where);
        }
        if (!sv.same_values_as.empty()) {
            const auto other = values_of.find(sv.same_values_as);
            REQUIRE(other != values_of.end());
            INFO("the same sigma as " << sv.same_values_as << ", bit for bit");
            CHECK(identical(out.s, other->second));
        }
        if (sv.vectors) {
            REQUIRE(out.u.rows() == n);
            REQUIRE(out.u.cols() == n);
            REQUIRE(out.v.rows() == n);
            REQUIRE(out.v.cols() == n);
            CHECK(all_finite(out.u));
            CHECK(all_finite(out.v));
            const dense<T> ud = to_dense<T>(out.u), vd = to_dense<T>(out.v);
            const long double recon = reconstruction_ratio(bd, ud, out.s, vd, recon_floor);
            const long double orth_u = orthogonality(out.u), orth_v = orthogonality(out.v);
            const long double rb = sv.reconstruction_bound(n);
            INFO("reconstruction " << static_cast<double>(recon) << " (bound " << static_cast<double>(rb)
                                   << "), orthogonality U " << static_cast<double>(orth_u) << ", V "
                                   << static_cast<double>(orth_v) << " (bound " << static_cast<double>(orthogonality_bound)
                                   << ")");
            CHECK(recon <= rb);
            CHECK(orth_u <= orthogonality_bound);
            CHECK(orth_v <= orthogonality_bound);
            note_ratio(sv.name, type, "reconstruction", recon, where);
            note_ratio(sv.name, type, "orthogonality U", orth_u, where);
            note_ratio(sv.name, type, "orthogonality V", orth_v, where);
        }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("bidiagonal solvers: every kind at n = 1 ... 49", "[bidiagonal_solvers]", float, double, long double) {
    const bidiagonal_kind k = GENERATE(from_range(all_bidiagonal_kinds()));
    const std::size_t n = GENERATE(as<std::size_t>{}, 1, 2, 3, 25, 26, 47, 48, 49);
    check_every_solver<TestType>(k, n);
}

/// The large size: 200 (three merge levels of D&C), 120 for long double (still three), whose
/// checks run in x87 long double itself and would take longer than all the other types together.
template <class T>
constexpr std::size_t large_n = std::is_same<T, long double>::value ? 120 : 200;

TEMPLATE_TEST_CASE("bidiagonal solvers: every kind at n = 200 (long double: 120)", "[bidiagonal_solvers][large]",
                   float, double, long double) {
    const bidiagonal_kind k = GENERATE(from_range(all_bidiagonal_kinds()));
    check_every_solver<TestType>(k, large_n<TestType>);
}

// Issue 23, part 5: bidiagonals whose entries span the whole exponent range. Scaling the largest
// entry to [1/2, 1) used to flush the smallest to zero (σ₂ = 0 for d = (M/1000, m·1000),
// e = (m·1000), where σ₂ = m·1000). Reference: with e_i = d_{i+1} and consecutive entries 2^(4·p)
// apart (p = digits), σ_i = d_i·(1 + O(2^(−8p))), i.e. d_i to the last bit.
TEMPLATE_TEST_CASE("bidiagonal solvers: entries spanning the whole exponent range keep every σ", "[bidiagonal_solvers]",
                   float, double, long double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const long double eps = L::epsilon();
    {  // the 2×2 case of the issue
        const std::vector<T> d{L::max() / 1000, L::min() * 1000}, e{L::min() * 1000};
        const std::vector<T> s = svdkit::bidiagonal_singular_values(d, e);
        REQUIRE(s.size() == 2);
        // σ₁σ₂ = |d₀d₁| and σ₁ = d₀·(1 + O((e/d₀)²)): σ₂ = d₁ to rounding
        CHECK(std::abs(static_cast<long double>(s[1]) - d[1]) / d[1] <= 4 * eps);
        CHECK(std::abs(static_cast<long double>(s[0]) - d[0]) / d[0] <= 4 * eps);
    }
    for (const bool at_max : {true, false}) {
        std::vector<T> d, e;
        for (int x = L::max_exponent - 1; x >= L::min_exponent - 1; x -= 4 * L::digits)
            d.push_back(at_max && d.empty() ? L::max() : std::ldexp(T(1.5), x));
        for (std::size_t i = 0; i + 1 < d.size(); ++i) e.push_back(d[i + 1]);
        INFO("n = " << d.size() << (at_max ? ", d[0] = max()" : ""));
        const std::vector<T> s = svdkit::bidiagonal_singular_values(d, e);
        const svdkit::svd_result<T> r = svdkit::bidiagonal_svd(d, e);
        REQUIRE(s.size() == d.size());
        long double worst = 0;
        for (std::size_t i = 0; i < d.size(); ++i)
            worst = std::max(worst, std::abs(static_cast<long double>(s[i]) - d[i]) / (d[i] * eps));
        CHECK(worst <= 4);
        CHECK(r.s == s);  // documented: bit for bit
        // the vectors: orthogonal to working accuracy (graded: near the identity)
        long double orth = 0;
        for (std::size_t i = 0; i < d.size(); ++i)
            for (std::size_t j = 0; j < d.size(); ++j) {
                long double gu = 0, gv = 0;
                for (std::size_t k = 0; k < d.size(); ++k) {
                    gu += static_cast<long double>(r.u(k, i)) * r.u(k, j);
                    gv += static_cast<long double>(r.v(k, i)) * r.v(k, j);
                }
                orth = std::max({orth, std::abs(gu - (i == j)), std::abs(gv - (i == j))});
            }
        CHECK(orth / (static_cast<long double>(d.size()) * eps) <= svdkit_test::orthogonality_bound);
    }
}
