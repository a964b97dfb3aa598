// svdkit - matrix<T>, the owning column-major matrix, and matrix_view<T>, a non-owning strided view.
//
// No algorithm lives here: only storage, shape, element access and argument checks.
#ifndef SVDKIT_MATRIX_HPP
#define SVDKIT_MATRIX_HPP

#include <algorithm>         // std::copy, std::equal, std::fill
#include <complex>           // std::complex (the real type under a complex scalar)
#include <cstddef>           // std::size_t, std::ptrdiff_t
#include <initializer_list>  // std::initializer_list
#include <limits>            // std::numeric_limits
#include <memory>            // std::allocator
#include <new>               // placement new
#include <stdexcept>         // std::invalid_argument, std::out_of_range
#include <string>            // std::string, std::to_string
#include <type_traits>       // std::enable_if_t, std::is_integral, ...
#include <utility>           // std::declval, std::swap, std::forward
#include <vector>            // std::vector
#if defined(__has_include) && __cplusplus > 202002L
#if __has_include(<mdspan>)
#include <mdspan>  // std::mdspan, when the standard library has it (C++23)
#endif
#endif

#include "config.hpp"

namespace svdkit {

/// How consecutive elements of a dense buffer are laid out.
enum class layout {
    column_major,  ///< element (i, j) at i + j·rows (Fortran, LAPACK, Eigen's default, matrix<T>)
    row_major      ///< element (i, j) at i·cols + j (C arrays, NumPy's default)
};

namespace detail {

/// True for std::complex<R>.
template <class T>
struct is_complex : std::false_type {};
template <class R>
struct is_complex<std::complex<R>> : std::true_type {};

/// The real type under a scalar: R for std::complex<R>, T itself otherwise (the type of σ).
template <class T>
struct real_type {
    using type = T;
};
template <class R>
struct real_type<std::complex<R>> {
    using type = R;
};
template <class T>
using real_type_t = typename real_type<T>::type;

/// True for the element types svdkit computes with: float, double, long double and std::complex
/// of each. (std::complex<R> for another R is unspecified by the standard, so it is left out.)
template <class T>
struct is_element_type : std::is_floating_point<T> {};
template <class R>
struct is_element_type<std::complex<R>> : std::is_floating_point<R> {};

template <class I>
using if_integral = std::enable_if_t<std::is_integral<I>::value, int>;

template <class I>
std::string int_to_string(I value) {
    return std::to_string(value);
}

/// Converts a user-supplied extent (rows or cols) to size_t, rejecting negative values with a
/// message that names the function, the argument and its value.
template <class I, if_integral<I> = 0>
std::size_t checked_extent(I value, const char* what, const char* where) {
    if constexpr (std::is_signed<I>::value) {
        if (value < 0)
            throw std::invalid_argument(std::string(where) + ": " + what + " (= " + int_to_string(value) +
                                        ") must be >= 0");
    }
    const auto u = static_cast<std::make_unsigned_t<I>>(value);
    if (u > static_cast<std::make_unsigned_t<I>>(0) &&
        static_cast<unsigned long long>(u) > static_cast<unsigned long long>(std::numeric_limits<std::ptrdiff_t>::max()))
        throw std::invalid_argument(std::string(where) + ": " + what + " (= " + int_to_string(value) +
                                    ") is larger than PTRDIFF_MAX");
    return static_cast<std::size_t>(u);
}

/// rows·cols, or std::invalid_argument when the product does not fit in memory indices: more
/// than PTRDIFF_MAX elements, or, for storage of `element_size`-byte elements, more than
/// PTRDIFF_MAX bytes (which no allocation can hold; std::vector would throw std::length_error).
inline std::size_t checked_area(std::size_t rows, std::size_t cols, const char* where,
                                std::size_t element_size = 1) {
    const std::size_t limit = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / element_size;
    if (cols != 0 && rows > limit / cols)
        throw std::invalid_argument(std::string(where) + ": rows (= " + std::to_string(rows) + ") times cols (= " +
                                    std::to_string(cols) + ")" +
                                    (element_size == 1 ? std::string()
                                                       : " times " + std::to_string(element_size) + " bytes") +
                                    " overflows the index type (PTRDIFF_MAX)");
    return rows * cols;
}

/// std::allocator whose construct() with no arguments default-initializes: for a scalar T, a
/// std::vector resize() then writes nothing. matrix<T> keeps its zero fill through assign(n, 0);
/// only detail::matrix_storage::resize_for_overwrite relies on the skipped writes.
template <class T>
struct default_init_allocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = default_init_allocator<U>;
    };
    default_init_allocator() noexcept = default;
    template <class U>
    default_init_allocator(const default_init_allocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible<U>::value) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

struct matrix_storage;
}  // namespace detail

/// A non-owning view of a rows×cols matrix whose element (i, j) sits at
/// `data[i·row_stride + j·col_stride]`.
///
/// `T` may be const-qualified (a read-only view). Views are cheap to copy. Use them to hand svdkit
/// a row-major buffer, a sub-block, or another library's matrix (an `Eigen::Map`, a plain array)
/// without copying it into a matrix<T> first:
/// ```
/// double buf[6] = {1, 2, 3, 4, 5, 6};                                      // 2×3, row-major
/// svdkit::matrix_view<const double> a(buf, 2, 3, svdkit::layout::row_major);
/// auto r = svdkit::svd(a);
/// ```
/// Every svdkit function that takes a matrix (svd, singular_values, truncated_svd, low_rank,
/// low_rank_for_error, randomized_svd, rank, pinv, lstsq, null_space, range, cond, norm2,
/// write_csv, write_npy) accepts a matrix<T> or any matrix_view (matrix_view<T> or
/// matrix_view<const T>) alike, with the same result bit for bit.
///
/// Complex data (T = std::complex<R>, or const of it) is viewed the same way, in whole elements:
/// an interleaved buffer of re, im pairs (NumPy's complex128, LAPACK's COMPLEX*16, a
/// std::vector<std::complex<double>>) needs no copy:
/// ```
/// std::complex<double> z[4] = {{1, 1}, {0, 2}, {3, 0}, {0, -1}};          // 2×2, row-major
/// svdkit::matrix_view<const std::complex<double>> a(z, 2, 2, svdkit::layout::row_major);
/// ```
/// (transpose() is the plain transpose Aᵀ, never the conjugate one: a view cannot conjugate.)
///
/// Strides are in elements and may be zero or negative (any addressing the caller's buffer allows);
/// the view never checks them against an allocation it cannot see. Use make_view() for a
/// container whose size is known: it checks that rows·cols matches.
template <class T>
class matrix_view {
public:
    using value_type = std::remove_const_t<T>;
    using element_type = T;

    /// An empty 0×0 view.
    matrix_view() noexcept = default;

    /// A general strided view. Throws std::invalid_argument for a negative extent, for rows·cols
    /// larger than PTRDIFF_MAX, or for a null `data` with a non-empty shape.
    template <class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
    matrix_view(T* data, R rows, C cols, std::ptrdiff_t row_stride, std::ptrdiff_t col_stride)
        : data_(data),
          rows_(detail::checked_extent(rows, "rows", "svdkit::matrix_view")),
          cols_(detail::checked_extent(cols, "cols", "svdkit::matrix_view")),
          row_stride_(row_stride),
          col_stride_(col_stride) {
        detail::checked_area(rows_, cols_, "svdkit::matrix_view");  // so that size() cannot wrap
        check_data();
    }

    /// A view of a dense buffer in the given layout (column-major by default).
    template <class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
    matrix_view(T* data, R rows, C cols, layout l = layout::column_major)
        : data_(data),
          rows_(detail::checked_extent(rows, "rows", "svdkit::matrix_view")),
          cols_(detail::checked_extent(cols, "cols", "svdkit::matrix_view")) {
        detail::checked_area(rows_, cols_, "svdkit::matrix_view");
        if (l == layout::column_major) {
            row_stride_ = 1;
            col_stride_ = static_cast<std::ptrdiff_t>(rows_);
        } else {
            row_stride_ = static_cast<std::ptrdiff_t>(cols_);
            col_stride_ = 1;
        }
        check_data();
    }

#if defined(__cpp_lib_mdspan)
    /// A view of a rank-2 `std::mdspan` with layout_right (row-major), layout_left (column-major)
    /// or layout_stride, and the default accessor: no copy, the strides are the mdspan's own.
    /// Only where the standard library provides `<mdspan>` (`__cpp_lib_mdspan`).
    template <class U, class Extents, class Layout,
              std::enable_if_t<Extents::rank() == 2 && (std::is_same<U, T>::value || std::is_same<const U, T>::value) &&
                                   (std::is_same<Layout, std::layout_right>::value ||
                                    std::is_same<Layout, std::layout_left>::value ||
                                    std::is_same<Layout, std::layout_stride>::value),
                               int> = 0>
    matrix_view(std::mdspan<U, Extents, Layout, std::default_accessor<U>> m)
        : matrix_view(m.data_handle(), m.extent(0), m.extent(1), static_cast<std::ptrdiff_t>(m.stride(0)),
                      static_cast<std::ptrdiff_t>(m.stride(1))) {}
#endif

    /// A mutable view converts to a read-only one.
    template <class U, std::enable_if_t<std::is_same<const U, T>::value && !std::is_same<U, T>::value, int> = 0>
    matrix_view(const matrix_view<U>& other) noexcept
        : data_(other.data()),
          rows_(other.rows()),
          cols_(other.cols()),
          row_stride_(other.row_stride()),
          col_stride_(other.col_stride()) {}

    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    std::size_t size() const noexcept { return rows_ * cols_; }
    bool empty() const noexcept { return rows_ == 0 || cols_ == 0; }
    std::ptrdiff_t row_stride() const noexcept { return row_stride_; }
    std::ptrdiff_t col_stride() const noexcept { return col_stride_; }
    T* data() const noexcept { return data_; }

    /// Element (i, j), unchecked.
    T& operator()(std::size_t i, std::size_t j) const noexcept {
        return data_[static_cast<std::ptrdiff_t>(i) * row_stride_ + static_cast<std::ptrdiff_t>(j) * col_stride_];
    }

    /// Element (i, j); std::out_of_range when i >= rows() or j >= cols().
    T& at(std::size_t i, std::size_t j) const {
        if (i >= rows_ || j >= cols_)
            throw std::out_of_range("svdkit::matrix_view::at: (" + std::to_string(i) + ", " + std::to_string(j) +
                                    ") is outside a " + std::to_string(rows_) + "x" + std::to_string(cols_) + " view");
        return (*this)(i, j);
    }

    /// The r×c sub-block whose top-left element is (i, j). std::out_of_range if it does not fit.
    matrix_view block(std::size_t i, std::size_t j, std::size_t r, std::size_t c) const {
        if (i > rows_ || r > rows_ - i || j > cols_ || c > cols_ - j)
            throw std::out_of_range("svdkit::matrix_view::block: rows [" + std::to_string(i) + ", " +
                                    std::to_string(i) + "+" + std::to_string(r) + ") and cols [" + std::to_string(j) +
                                    ", " + std::to_string(j) + "+" + std::to_string(c) + ") do not fit in a " +
                                    std::to_string(rows_) + "x" + std::to_string(cols_) + " view");
        matrix_view b;
        b.data_ = (r == 0 || c == 0) ? data_ : &(*this)(i, j);
        b.rows_ = r;
        b.cols_ = c;
        b.row_stride_ = row_stride_;
        b.col_stride_ = col_stride_;
        return b;
    }

    /// The transpose, as a view of the same memory (no copy).
    matrix_view transpose() const noexcept {
        matrix_view t;
        t.data_ = data_;
        t.rows_ = cols_;
        t.cols_ = rows_;
        t.row_stride_ = col_stride_;
        t.col_stride_ = row_stride_;
        return t;
    }

private:
    void check_data() const {
        if (data_ == nullptr && rows_ != 0 && cols_ != 0)
            throw std::invalid_argument("svdkit::matrix_view: data is null but the shape is " + std::to_string(rows_) +
                                        "x" + std::to_string(cols_));
    }

    T* data_ = nullptr;
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::ptrdiff_t row_stride_ = 1;
    std::ptrdiff_t col_stride_ = 0;
};

/// A view of a contiguous container (anything with data() and size(), e.g. std::vector) holding a
/// rows×cols matrix in layout `l`. Throws std::invalid_argument when rows·cols != buffer.size().
template <class Container, class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
auto make_view(Container& buffer, R rows, C cols, layout l = layout::column_major)
    -> matrix_view<std::remove_pointer_t<decltype(buffer.data())>> {
    const std::size_t r = detail::checked_extent(rows, "rows", "svdkit::make_view");
    const std::size_t c = detail::checked_extent(cols, "cols", "svdkit::make_view");
    const std::size_t n = detail::checked_area(r, c, "svdkit::make_view");
    if (n != static_cast<std::size_t>(buffer.size()))
        throw std::invalid_argument("svdkit::make_view: rows (= " + std::to_string(r) + ") times cols (= " +
                                    std::to_string(c) + ") must equal the buffer size (= " +
                                    std::to_string(buffer.size()) + ")");
    return {buffer.data(), r, c, l};
}

/// An owning, column-major rows×cols matrix of T (float, double or long double, or std::complex of
/// one of them).
///
/// Element (i, j) is stored at data()[i + j·rows()]. A new matrix is zero-filled. A complex matrix
/// stores each element as std::complex does, real part then imaginary part (interleaved), so its
/// data() is also the 2·size() reals that C, Fortran, LAPACK and NumPy use for complex arrays.
/// ```
/// svdkit::matrix<double> a(3, 2);                     // 3×2 zeros
/// svdkit::matrix<double> b{{1, 2}, {3, 4}, {5, 6}};   // row by row: 3×2
/// b(2, 1) = 7;
/// ```
/// A matrix converts implicitly to matrix_view<T> and matrix_view<const T>.
template <class T>
class matrix {
public:
    using value_type = T;

    /// An empty 0×0 matrix.
    matrix() = default;

    /// A rows×cols matrix of zeros. Throws std::invalid_argument for a negative extent.
    template <class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
    matrix(R rows, C cols)
        : rows_(detail::checked_extent(rows, "rows", "svdkit::matrix")),
          cols_(detail::checked_extent(cols, "cols", "svdkit::matrix")),
          data_(detail::checked_area(rows_, cols_, "svdkit::matrix", sizeof(T)), T(0)) {}

    /// A rows×cols matrix with every element equal to `value`.
    template <class R, class C, detail::if_integral<R> = 0, detail::if_integral<C> = 0>
    matrix(R rows, C cols, T value)
        : rows_(detail::checked_extent(rows, "rows", "svdkit::matrix")),
          cols_(detail::checked_extent(cols, "cols", "svdkit::matrix")),
          data_(detail::checked_area(rows_, cols_, "svdkit::matrix", sizeof(T)), value) {}

    /// Row-wise initialization: `{{1, 2}, {3, 4}, {5, 6}}` is 3×2. Rows of unequal length throw
    /// std::invalid_argument naming the row.
    matrix(std::initializer_list<std::initializer_list<T>> rows_list) {
        rows_ = rows_list.size();
        cols_ = rows_ == 0 ? 0 : rows_list.begin()->size();
        std::size_t i = 0;
        for (const auto& row : rows_list) {
            if (row.size() != cols_)
                throw std::invalid_argument("svdkit::matrix: row " + std::to_string(i) + " has " +
                                            std::to_string(row.size()) + " entries, row 0 has " +
                                            std::to_string(cols_));
            ++i;
        }
        data_.assign(rows_ * cols_, T(0));
        i = 0;
        for (const auto& row : rows_list) {
            std::size_t j = 0;
            for (const T& x : row) (*this)(i, j++) = x;
            ++i;
        }
    }

    /// A copy of any view's elements.
    template <class U, std::enable_if_t<std::is_same<std::remove_const_t<U>, T>::value, int> = 0>
    explicit matrix(const matrix_view<U>& v)
        : rows_(v.rows()), cols_(v.cols()), data_(detail::checked_area(rows_, cols_, "svdkit::matrix", sizeof(T))) {
        for (std::size_t j = 0; j < cols_; ++j)
            for (std::size_t i = 0; i < rows_; ++i) (*this)(i, j) = v(i, j);
    }

    /// The n×n identity.
    static matrix identity(std::size_t n) {
        matrix a(n, n);
        for (std::size_t i = 0; i < n; ++i) a(i, i) = T(1);
        return a;
    }

    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    std::size_t size() const noexcept { return data_.size(); }
    bool empty() const noexcept { return data_.empty(); }
    T* data() noexcept { return data_.data(); }
    const T* data() const noexcept { return data_.data(); }

    /// Element (i, j), unchecked.
    T& operator()(std::size_t i, std::size_t j) noexcept { return data_[i + j * rows_]; }
    const T& operator()(std::size_t i, std::size_t j) const noexcept { return data_[i + j * rows_]; }

    /// Element (i, j); std::out_of_range when i >= rows() or j >= cols().
    T& at(std::size_t i, std::size_t j) { return view().at(i, j); }
    const T& at(std::size_t i, std::size_t j) const { return view().at(i, j); }

    /// Pointer to the first element of column j.
    T* col_ptr(std::size_t j) noexcept { return data_.data() + j * rows_; }
    const T* col_ptr(std::size_t j) const noexcept { return data_.data() + j * rows_; }

    matrix_view<T> view() noexcept { return {data_.data(), rows_, cols_, 1, static_cast<std::ptrdiff_t>(rows_)}; }
    matrix_view<const T> view() const noexcept {
        return {data_.data(), rows_, cols_, 1, static_cast<std::ptrdiff_t>(rows_)};
    }
    operator matrix_view<T>() noexcept { return view(); }
    operator matrix_view<const T>() const noexcept { return view(); }

    /// Reshape to rows×cols and fill with zeros, reusing the allocation when it is large enough.
    void resize(std::size_t rows, std::size_t cols) {
        data_.assign(detail::checked_area(rows, cols, "svdkit::matrix::resize", sizeof(T)), T(0));
        rows_ = rows;
        cols_ = cols;
    }

    /// Elements the current allocation can hold without reallocating (see resize()).
    std::size_t capacity() const noexcept { return data_.capacity(); }

    /// The transpose, as a new matrix.
    matrix transpose() const {
        matrix t(cols_, rows_);
        for (std::size_t j = 0; j < cols_; ++j)
            for (std::size_t i = 0; i < rows_; ++i) t(j, i) = (*this)(i, j);
        return t;
    }

    friend bool operator==(const matrix& a, const matrix& b) {
        return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.data_ == b.data_;
    }
    friend bool operator!=(const matrix& a, const matrix& b) { return !(a == b); }

    void swap(matrix& other) noexcept {
        std::swap(rows_, other.rows_);
        std::swap(cols_, other.cols_);
        data_.swap(other.data_);
    }

private:
    friend struct detail::matrix_storage;
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    // Default-initializing storage: every public constructor and resize() still fill explicitly.
    std::vector<T, detail::default_init_allocator<T>> data_;
};

namespace detail {

/// Internal access to matrix<T>'s storage (the library's scratch and outputs it fills itself).
struct matrix_storage {
    /// Reshape `a` to rows×cols WITHOUT zero-filling: the elements are indeterminate (for real T)
    /// until written. Only for buffers the caller overwrites entirely before reading any of them;
    /// each call site says why that holds. A fresh call then touches its pages once, by the
    /// writes that matter, instead of a memset first. Grows without copying the old contents.
    template <class T>
    static void resize_for_overwrite(matrix<T>& a, std::size_t rows, std::size_t cols) {
        const std::size_t n = checked_area(rows, cols, "svdkit::matrix::resize", sizeof(T));
        if (n > a.data_.capacity()) {
            a.data_.clear();
            a.data_.shrink_to_fit();
        }
        a.data_.resize(n);
        a.rows_ = rows;
        a.cols_ = cols;
    }
};

}  // namespace detail

// Matrix arguments. Every entry point that takes a matrix has one signature of the form
//
//     template <class T = detail::from_argument, /* its other parameters, */
//               class A = detail::braced_argument_t<T>>
//     R f(const A& a, ...);
//
// where R or another parameter names detail::view_value_t<T, A> (R = std::void_t<...> for a
// function that returns nothing): the constraint must be in the signature to be SFINAE.
//
// Why not `template <class T> f(matrix_view<T> a)`: template argument deduction does not look
// through matrix<T>'s conversion to matrix_view, so that rejects a matrix<T>, and each entry point
// would need a second overload f(const matrix<T>&) forwarding to the first. Here A is the argument's
// own type; view_value_t<T, A> both admits it (anything else, an int or a std::vector, leaves no
// candidate: SFINAE) and names its element type V, and the body reads `a` through
// as_view<T>(a), a matrix_view<const V> of the same memory (no copy; a temporary matrix lives
// until the call has copied its result out). The leading T keeps what an explicit template
// argument meant before: `svd<double>(x)` takes any x convertible to a view of double (a
// std::mdspan, say), and `svd<double>({{1, 2}, {3, 4}})` still builds a matrix<double> from the
// braces (A's default).
namespace detail {

/// The default of an entry point's leading template parameter: the element type comes from the argument.
struct from_argument {};

// The arguments an overload pair f(matrix_view<T>) + f(const matrix<T>&) deduces T from, and no
// others: a matrix<T> (or a class derived from one) or a matrix_view<T>. Declared only, for
// decltype.
template <class T>
T deduced_element(const matrix<T>&);
template <class T>
std::remove_const_t<T> deduced_element(const matrix_view<T>&);

/// value_type is the element type V of a matrix argument of type A, when A is one (else there is
/// no value_type, and the entry point drops out of overload resolution). T is the entry point's
/// leading template argument: from_argument (deduce V from A), or V / const V given explicitly.
template <class T, class A, class = void>
struct view_argument {};

template <class A>
using deduced_element_t = decltype(deduced_element(std::declval<const A&>()));

template <class A>
struct view_argument<from_argument, A, std::enable_if_t<is_element_type<deduced_element_t<A>>::value>> {
    using value_type = deduced_element_t<A>;
};

// T given explicitly (never from_argument, which is no element type): any A convertible to
// a read-only view of T, as f<T>(matrix_view<T>) + f<T>(const matrix<T>&) would take.
template <class T, class A>
struct view_argument<
    T, A,
    std::enable_if_t<is_element_type<std::remove_const_t<T>>::value &&
                     std::is_convertible<const A&, matrix_view<const std::remove_const_t<T>>>::value>> {
    using value_type = std::remove_const_t<T>;
};

template <class T, class A>
using view_value_t = typename view_argument<T, A>::value_type;

/// A's default, used only when the argument is a braced list (which deduces nothing): with T
/// given, the list builds a matrix<T>; without, there is no candidate (a reference to void).
template <class T>
struct braced_argument {
    using type = matrix<std::remove_const_t<T>>;
};
template <>
struct braced_argument<from_argument> {
    using type = void;
};
template <class T>
using braced_argument_t = typename braced_argument<T>::type;

/// The matrix argument `a` as the read-only view every algorithm takes: no copy.
template <class T, class A>
matrix_view<const view_value_t<T, A>> as_view(const A& a) {
    return a;
}

}  // namespace detail

}  // namespace svdkit

#endif  // SVDKIT_MATRIX_HPP
