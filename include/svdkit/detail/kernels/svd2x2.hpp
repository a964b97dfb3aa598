// svdkit::detail - the singular value decomposition of a 2×2 upper triangular matrix
//
//     [ f  g ]
//     [ 0  h ],
//
// values only (svd2x2_values) or with the rotations (svd2x2):
//
//     [ cl  sl ] [ f  g ] [ cr  -sr ]   [ smax   0   ]
//     [-sl  cl ] [ 0  h ] [ sr   cr ] = [  0    smin ],   |smax| >= |smin|.
//
// Both are accurate to a few ulps in every value, including the smaller one, and never overflow
// unless the answer does: everything is computed from ratios of the entries to the largest one.
//
// References:
// [1] J. Demmel, W. Kahan, "Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
//     Comput. 11 (1990), the 2×2 analysis; LAPACK dlas2 (values) and dlasv2 (values and vectors).
// [2] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., §8.6.3 (2×2 SVD in the QR step).
#ifndef SVDKIT_DETAIL_KERNELS_SVD2X2_HPP
#define SVDKIT_DETAIL_KERNELS_SVD2X2_HPP

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::sqrt
#include <limits>     // std::numeric_limits
#include <utility>    // std::swap

#include "numeric.hpp"

namespace svdkit {
namespace detail {

template <class T>
struct svd2x2_values_t {
    T smin;  // >= 0
    T smax;  // >= 0
};

/// Singular values of [f g; 0 h], both >= 0 (LAPACK dlas2, [1]).
template <class T>
svd2x2_values_t<T> svd2x2_values(T f, T g, T h) noexcept {
    const T fa = std::abs(f);
    const T ga = std::abs(g);
    const T ha = std::abs(h);
    const T fhmn = std::min(fa, ha);
    const T fhmx = std::max(fa, ha);
    if (fhmn == T(0)) {
        // One diagonal entry is zero: smin = 0 and smax is the norm of the remaining pair.
        if (fhmx == T(0)) return {T(0), ga};
        const T big = std::max(fhmx, ga);
        const T small = std::min(fhmx, ga);
        const T q = small / big;
        return {T(0), big * std::sqrt(T(1) + q * q)};
    }
    if (ga < fhmx) {
        const T as = T(1) + fhmn / fhmx;
        const T at = (fhmx - fhmn) / fhmx;
        const T au = (ga / fhmx) * (ga / fhmx);
        const T c = T(2) / (std::sqrt(as * as + au) + std::sqrt(at * at + au));
        return {fhmn * c, fhmx / c};
    }
    const T au = fhmx / ga;
    if (au == T(0)) {
        // |g| dwarfs both diagonal entries: smin = f·h/g to full accuracy, smax = |g|.
        return {(fhmn * fhmx) / ga, ga};
    }
    const T as = T(1) + fhmn / fhmx;
    const T at = (fhmx - fhmn) / fhmx;
    const T c = T(1) / (std::sqrt(T(1) + (as * au) * (as * au)) + std::sqrt(T(1) + (at * au) * (at * au)));
    const T smin = (fhmn * c) * au;
    return {smin + smin, ga / (c + c)};
}

template <class T>
struct svd2x2_t {
    T smin;  // signed: smax·smin = f·h
    T smax;  // signed
    T sr, cr;  // right rotation
    T sl, cl;  // left rotation
};

/// SVD of [f g; 0 h] with its rotations (LAPACK dlasv2, [1]). The values are signed so that
/// the rotations alone diagonalize the matrix; the caller fixes signs at the end.
template <class T>
svd2x2_t<T> svd2x2(T f, T g, T h) noexcept {
    T ft = f;
    T fa = std::abs(ft);
    T ht = h;
    T ha = std::abs(h);
    // pmax says which entry has the largest magnitude: 1 = f, 2 = g, 3 = h.
    int pmax = 1;
    const bool swap = ha > fa;
    if (swap) {
        // Work on the transpose-like problem with |f| >= |h|, and swap the rotations back below.
        pmax = 3;
        std::swap(ft, ht);
        std::swap(fa, ha);
    }
    const T gt = g;
    const T ga = std::abs(gt);
    T clt, crt, slt, srt, ssmin, ssmax;
    if (ga == T(0)) {
        // Already diagonal.
        ssmin = ha;
        ssmax = fa;
        clt = T(1);
        crt = T(1);
        slt = T(0);
        srt = T(0);
    } else {
        bool gasmal = true;
        if (ga > fa) {
            pmax = 2;
            if (fa / ga < std::numeric_limits<T>::epsilon() / T(2)) {
                // g is so large that the values are |g| and |f·h/g| to working accuracy.
                gasmal = false;
                ssmax = ga;
                ssmin = ha > T(1) ? fa / (ga / ha) : (fa / ga) * ha;
                clt = T(1);
                slt = ht / gt;
                srt = T(1);
                crt = ft / gt;
            }
        }
        if (gasmal) {
            // The normal case: closed forms in terms of the ratios l = (|f|-|h|)/|f| and m = g/f.
            const T dd = fa - ha;
            T l = (dd == fa) ? T(1) : dd / fa;  // copes with infinite f or h
            const T m = gt / ft;
            T t = T(2) - l;
            const T mm = m * m;
            const T tt = t * t;
            const T s = std::sqrt(tt + mm);
            const T r = (l == T(0)) ? std::abs(m) : std::sqrt(l * l + mm);
            const T a = T(0.5) * (s + r);
            ssmin = ha / a;
            ssmax = fa * a;
            if (mm == T(0)) {
                // m is tiny: t from the limit of the general formula.
                if (l == T(0))
                    t = sign(T(2), ft) * sign(T(1), gt);
                else
                    t = gt / sign(dd, ft) + m / t;
            } else {
                t = (m / (s + t) + m / (r + l)) * (T(1) + a);
            }
            l = std::sqrt(t * t + T(4));
            crt = T(2) / l;
            srt = t / l;
            clt = (crt + srt * m) / a;
            slt = (ht / ft) * srt / a;
        }
    }
    svd2x2_t<T> out;
    if (swap) {
        out.cl = srt;
        out.sl = crt;
        out.cr = slt;
        out.sr = clt;
    } else {
        out.cl = clt;
        out.sl = slt;
        out.cr = crt;
        out.sr = srt;
    }
    // Give the values the signs that make the rotations exact.
    T tsign;
    if (pmax == 1)
        tsign = sign(T(1), out.cr) * sign(T(1), out.cl) * sign(T(1), f);
    else if (pmax == 2)
        tsign = sign(T(1), out.sr) * sign(T(1), out.cl) * sign(T(1), g);
    else
        tsign = sign(T(1), out.sr) * sign(T(1), out.sl) * sign(T(1), h);
    out.smax = sign(ssmax, tsign);
    out.smin = sign(ssmin, tsign * sign(T(1), f) * sign(T(1), h));
    return out;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_SVD2X2_HPP
