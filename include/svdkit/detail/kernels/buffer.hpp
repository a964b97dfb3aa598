// svdkit::detail - a scratch array that is not value-initialized.
//
// std::vector<T>::resize writes every new element. For the n×n scratch blocks of divide and
// conquer, which each merge writes before it reads, that is a pass over memory that nothing
// needs, and on a fresh call it is the pass that first touches (and so page-faults) tens of
// megabytes: at 1024×1024 float, 5.5% of a fresh thin SVD went to that memset (perf).
#ifndef SVDKIT_DETAIL_KERNELS_BUFFER_HPP
#define SVDKIT_DETAIL_KERNELS_BUFFER_HPP

#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr
#include <type_traits>  // std::is_trivially_default_constructible

namespace svdkit {
namespace detail {

/// A growable array of trivially constructible T whose elements are left uninitialized: the
/// owner writes each element before reading it. resize() only grows the allocation (and keeps
/// nothing of the old contents when it does); capacity() is what is allocated.
template <class T>
class uninit_buffer {
    static_assert(std::is_trivially_default_constructible<T>::value, "uninit_buffer holds plain scalars only");

public:
    using value_type = T;
    uninit_buffer() = default;
    uninit_buffer(const uninit_buffer& other) : uninit_buffer() { *this = other; }
    uninit_buffer(uninit_buffer&&) noexcept = default;
    uninit_buffer& operator=(const uninit_buffer& other) {
        if (this != &other) {
            // A copied workspace is scratch: it gets the capacity, not the contents.
            resize(other.capacity_);
            size_ = other.size_;
        }
        return *this;
    }
    uninit_buffer& operator=(uninit_buffer&&) noexcept = default;

    void resize(std::size_t n) {
        if (n > capacity_) {
            // The old block first, so that the allocator can hand its memory (already faulted in)
            // back for the new one; nothing of it is kept anyway.
            data_.reset();
            size_ = capacity_ = 0;
            data_.reset(new T[n]);  // default-initialized: no writes
            capacity_ = n;
        }
        size_ = n;
    }
    T* data() noexcept { return data_.get(); }
    const T* data() const noexcept { return data_.get(); }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t capacity_bytes() const noexcept { return capacity_ * sizeof(T); }
    T& operator[](std::size_t i) noexcept { return data_[i]; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }

private:
    std::unique_ptr<T[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

/// Bytes a container (std::vector, matrix, uninit_buffer: anything with capacity() and
/// value_type) has reserved. Every workspace's capacity_bytes() is the sum of its members' so that
/// svd_workspace::capacity_bytes() adds up what each layer reports, and nothing escapes it.
template <class C>
std::size_t bytes_of(const C& c) noexcept {
    return c.capacity() * sizeof(typename C::value_type);
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_DETAIL_KERNELS_BUFFER_HPP
