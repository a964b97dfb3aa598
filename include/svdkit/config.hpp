// svdkit::detail - compile-time checks every svdkit header shares.
#ifndef SVDKIT_CONFIG_HPP
#define SVDKIT_CONFIG_HPP

// -ffast-math (__FAST_MATH__) lets the compiler assume there are no NaNs or infinities and
// reassociate sums. svdkit relies on both: the NaN/Inf check of every input, the scaled norms that
// avoid overflow, and the convergence tests of the QR iteration, whose relative thresholds
// assume IEEE rounding. Rather than return silently wrong results, refuse to compile. Define
// SVDKIT_ALLOW_FAST_MATH to build anyway, at your own risk (accuracy and the error contract are
// then not guaranteed).
#if defined(__FAST_MATH__) && !defined(SVDKIT_ALLOW_FAST_MATH)
#error "svdkit: compiled with -ffast-math (__FAST_MATH__), which breaks NaN/Inf detection and the convergence tests of the SVD. Compile svdkit's translation units without -ffast-math, or define SVDKIT_ALLOW_FAST_MATH to override at your own risk."
#endif

#endif  // SVDKIT_CONFIG_HPP
