// svdkit - the instances that SVDKIT_EXTERN_TEMPLATES leaves out of other translation units.
//
// svdkit is header-only: by default every .cpp that calls svdkit::svd (or pca, lstsq, low_rank,
// randomized_svd, ...) compiles the whole numerical core for each element type it uses, about
// 5 s per type at -O3 (std::complex<R> included: its driver has an instance here too). A program
// with many such files can compile it once instead:
//
//   1. define SVDKIT_EXTERN_TEMPLATES for every translation unit (e.g. CMake:
//      target_compile_definitions(app PRIVATE SVDKIT_EXTERN_TEMPLATES)), and
//   2. include this header in exactly one .cpp of the program:
//
//        // svdkit_instances.cpp
//        #include <svdkit/instantiate.hpp>
//
// The results are the same, bit for bit: the same code, compiled once. Without step 2 the link
// fails with undefined references to svdkit::detail::svd_impl. Including this header in two
// translation units of one program is ill-formed (two explicit instantiation definitions; the
// linker need not diagnose it).
#ifndef SVDKIT_INSTANTIATE_HPP
#define SVDKIT_INSTANTIATE_HPP

#include "detail/kernels/gemm.hpp"
#include "detail/reduction/householder.hpp"
#include "svd.hpp"

namespace svdkit {
namespace detail {

// Explicit instantiation definitions [C++17 temp.explicit], which may follow the extern
// declarations the headers make under SVDKIT_EXTERN_TEMPLATES.
SVDKIT_DETAIL_CORE_INSTANCES(, float)
SVDKIT_DETAIL_CORE_INSTANCES(, double)
SVDKIT_DETAIL_CORE_INSTANCES(, long double)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, float)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, double)
SVDKIT_DETAIL_COMPLEX_SVD_INSTANCE(, long double)

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_INSTANTIATE_HPP
