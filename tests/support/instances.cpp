// The numerical core, compiled once for the whole test suite: every test file is built with
// SVDKIT_EXTERN_TEMPLATES (see include/svdkit/instantiate.hpp), which also exercises that mode.
// Built in each build of the suite with that build's flags (sanitizers, -O levels), unlike the
// Eigen oracles of svdkit_test_support, which nested builds reuse.
#include <svdkit/instantiate.hpp>
