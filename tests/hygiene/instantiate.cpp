// Compiled by hygiene.matrix.* (compile_matrix.cmake) under every compiler x standard: a header
// compiling is not enough, because warnings in a template appear only once it is instantiated.
// This TU instantiates the public entry points for float, double and long double, over both a
// matrix<T> and a read-only strided view. It is compiled only (never run).
#include <svdkit/svdkit.hpp>

#include <cstddef>
#include <sstream>
#include <vector>

namespace {

template <class T>
void instantiate_all() {
    svdkit::matrix<T> a(4, 3);
    svdkit::matrix_view<const T> view(a.data(), a.rows(), a.cols(), 1, static_cast<std::ptrdiff_t>(a.rows()));
    (void)svdkit::svd(a);
    (void)svdkit::svd(view, svdkit::vectors::full);
    (void)svdkit::singular_values(a);
    svdkit::svd_workspace<T> ws;
    svdkit::svd_result<T> out;
    std::vector<T> values;
    svdkit::svd(a, svdkit::svd_options{}, out, ws);
    svdkit::svd(view, svdkit::svd_options{svdkit::vectors::none, svdkit::vectors::full, 2}, out, ws);
    svdkit::singular_values(view, values, ws);
    (void)ws.capacity_bytes();
    (void)svdkit::truncated_svd(a, 2);
    (void)svdkit::low_rank(view, 2);
    (void)svdkit::randomized_svd(a, 2);
    (void)svdkit::rank(a);
    (void)svdkit::pinv(view);
    (void)svdkit::lstsq(a, std::vector<T>(4));
    (void)svdkit::lstsq(view, svdkit::matrix<T>(4, 2));
    (void)svdkit::null_space(a);
    (void)svdkit::cond(a);
    (void)svdkit::norm2(view);
    svdkit::pca<T> p;
    p.fit(view);
    svdkit::incremental_pca<T> ip(2);
    ip.partial_fit(view);
    ip.fit(a, 2);
    (void)ip.transform(view);
    (void)ip.inverse_transform(svdkit::matrix<T>(1, 2));
    std::stringstream csv;
    svdkit::write_csv(csv, a);
    (void)svdkit::read_csv<T>(csv);
    std::stringstream npy;
    svdkit::write_npy(npy, view);
    (void)svdkit::read_npy<T>(npy);
}

}  // namespace

int main() {
    instantiate_all<float>();
    instantiate_all<double>();
    instantiate_all<long double>();
}
