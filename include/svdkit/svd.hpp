// svdkit - svd() and singular_values(): the public entry points (TEMPORARY STUB, being written).
#ifndef SVDKIT_SVD_HPP
#define SVDKIT_SVD_HPP

#include <stdexcept>
#include <type_traits>
#include <vector>

#include "errors.hpp"
#include "matrix.hpp"
#include "svd_result.hpp"

namespace svdkit {

template <class T>
svd_result<std::remove_const_t<T>> svd(matrix_view<T> a, svd_options opts) {
    (void)a; (void)opts;
    throw std::logic_error("svdkit::svd: not implemented yet");
}
template <class T>
svd_result<std::remove_const_t<T>> svd(matrix_view<T> a, vectors job = vectors::thin) {
    return svd(a, svd_options{job, job});
}
template <class T>
svd_result<T> svd(const matrix<T>& a, svd_options opts) {
    return svd(a.view(), opts);
}
template <class T>
svd_result<T> svd(const matrix<T>& a, vectors job = vectors::thin) {
    return svd(a.view(), svd_options{job, job});
}
template <class T>
std::vector<std::remove_const_t<T>> singular_values(matrix_view<T> a) {
    return svd(a, vectors::none).s;
}
template <class T>
std::vector<T> singular_values(const matrix<T>& a) {
    return singular_values(a.view());
}

}  // namespace svdkit
#endif
