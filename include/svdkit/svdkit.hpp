// svdkit - umbrella header: include this one to get the whole library.
#ifndef SVDKIT_SVDKIT_HPP
#define SVDKIT_SVDKIT_HPP

#include "errors.hpp"
#include "matrix.hpp"
#include "svd.hpp"
#include "svd_result.hpp"

#endif  // SVDKIT_SVDKIT_HPP
