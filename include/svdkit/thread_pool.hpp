// svdkit - a persistent pool of worker threads for the large matrix products (issue 20).
//
// svd_options::threads > 1 splits a large product by whole column blocks of its output into that
// many tasks; the tasks run on a thread_pool: the caller's (svd_options::pool), or the process-wide
// default_thread_pool(), started on first use. No thread is started per product.
//
// Scheduling. parallel_for(n, f) puts one job on the pool's queue; the calling thread and any
// idle workers claim its task indices from a shared counter until none is left, and the caller
// then waits only for the tasks that workers have already started. Nothing ever waits for a task
// that is still queued, so calls from several user threads cannot deadlock: when every worker is
// busy with another caller's job, a caller runs all of its own tasks. A parallel_for from inside
// a task (of any pool) runs its tasks inline on that thread. Which thread runs a task never
// changes what the task computes, so products split this way give the same bits for every
// thread count.
#ifndef SVDKIT_THREAD_POOL_HPP
#define SVDKIT_THREAD_POOL_HPP

#include <algorithm>           // std::min
#include <atomic>              // std::atomic
#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <exception>           // std::exception_ptr, std::current_exception, std::rethrow_exception
#include <memory>              // std::addressof
#include <mutex>               // std::mutex, std::lock_guard, std::unique_lock
#include <system_error>        // std::system_error
#include <thread>              // std::thread
#include <vector>              // std::vector

namespace svdkit {

namespace detail {

/// True on a thread that is running tasks of some thread_pool (a worker, or a caller during its
/// share of a parallel_for): a parallel_for from there runs inline instead of queueing.
inline bool& in_pool_task() noexcept {
    static thread_local bool inside = false;
    return inside;
}

/// One parallel_for call: lives on the caller's stack and sits on the pool's queue (an intrusive
/// list: queueing allocates nothing) until its last index is claimed.
struct pool_job {
    void (*call)(void*, std::size_t) = nullptr;
    void* task = nullptr;
    std::size_t n = 0;
    std::atomic<std::size_t> next{0};  ///< the next unclaimed index
    std::size_t active = 0;            ///< workers inside run(); guarded by the pool's mutex
    bool queued = false;               ///< guarded by the pool's mutex
    pool_job* link = nullptr;          ///< the next job on the queue
    std::condition_variable finished;  ///< signalled when active drops to 0
    std::mutex error_mutex;
    std::exception_ptr error;  ///< the first exception a task threw

    /// Claims and runs indices until none is left. After a task throws, the indices not yet
    /// claimed are skipped.
    void run() noexcept {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= n) return;
            try {
                call(task, i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                next.store(n);
            }
        }
    }
};

}  // namespace detail

/// A fixed set of worker threads that run the tasks of parallel_for. size() threads take part in
/// a call: size() − 1 workers, started by the constructor, and the calling thread.
///
/// Thread-safe: any number of threads may call parallel_for at once (their jobs queue, and each
/// caller also runs its own tasks, so no call waits for another). Not copyable or movable; the
/// destructor stops and joins the workers, and must not run while a parallel_for is in progress
/// or from inside a task.
class thread_pool {
public:
    /// A pool of `threads` threads counting the caller (threads − 1 workers); 0 means
    /// std::thread::hardware_concurrency() (1 where that is unknown). If the system refuses to
    /// start a thread, the pool keeps the workers it has (size() tells) and throws nothing.
    explicit thread_pool(unsigned threads = 0) {
        const unsigned want = threads != 0 ? threads : hardware_threads();
        workers_.reserve(want - 1);
        try {
            for (unsigned t = 1; t < want; ++t) workers_.emplace_back([this] { work(); });
        } catch (const std::system_error&) {
            // Fewer workers (resource limits): every task still runs, on the threads there are.
        }
    }

    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    ~thread_pool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }

    /// The threads that run the tasks of one parallel_for: the workers and the caller.
    unsigned size() const noexcept { return static_cast<unsigned>(workers_.size()) + 1; }

    /// Calls f(i) once for every i in [0, n), on the calling thread and the idle workers, and
    /// returns when all calls have returned. The calls may run in any order and at the same
    /// time. If a call throws, the indices not yet started are skipped and the first exception
    /// is rethrown here once the started ones have finished. From inside a task of any pool, or
    /// for n = 1, the calls run inline, in order, on the calling thread. Allocates nothing.
    template <class F>
    void parallel_for(std::size_t n, F&& f) {
        if (n == 0) return;
        if (n == 1 || workers_.empty() || detail::in_pool_task()) {
            for (std::size_t i = 0; i < n; ++i) f(i);
            return;
        }
        auto task = [&f](std::size_t i) { f(i); };
        detail::pool_job job;
        job.call = [](void* t, std::size_t i) { (*static_cast<decltype(task)*>(t))(i); };
        job.task = std::addressof(task);
        job.n = n;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            enqueue(job);
        }
        const std::size_t helpers = std::min(n - 1, workers_.size());
        for (std::size_t h = 0; h < helpers; ++h) wake_.notify_one();
        {
            // The caller's share; a nested parallel_for in one of its tasks runs inline.
            struct inside_task {
                bool saved = detail::in_pool_task();
                inside_task() { detail::in_pool_task() = true; }
                ~inside_task() { detail::in_pool_task() = saved; }
            } scope;
            job.run();
        }
        std::unique_lock<std::mutex> lock(mutex_);
        dequeue(job);  // no worker can join it now; wait for those that did
        job.finished.wait(lock, [&job] { return job.active == 0; });
        lock.unlock();
        if (job.error) std::rethrow_exception(job.error);
    }

private:
    static unsigned hardware_threads() noexcept {
        const unsigned h = std::thread::hardware_concurrency();
        return h == 0 ? 1 : h;
    }

    // Both under mutex_.
    void enqueue(detail::pool_job& job) noexcept {
        job.link = nullptr;
        job.queued = true;
        (tail_ != nullptr ? tail_->link : head_) = &job;
        tail_ = &job;
    }
    void dequeue(detail::pool_job& job) noexcept {
        if (!job.queued) return;
        job.queued = false;
        detail::pool_job* prev = nullptr;
        for (detail::pool_job* j = head_; j != &job; j = j->link) prev = j;
        (prev != nullptr ? prev->link : head_) = job.link;
        if (tail_ == &job) tail_ = prev;
    }

    void work() {
        detail::in_pool_task() = true;  // a parallel_for from a worker's task runs inline
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || head_ != nullptr; });
            if (stop_) return;
            detail::pool_job& job = *head_;
            ++job.active;
            lock.unlock();
            job.run();
            lock.lock();
            dequeue(job);  // every index is claimed: later workers go on to the next job
            // Signalled under the lock: the caller cannot see active == 0, return and destroy
            // the job before this thread has let go of it.
            if (--job.active == 0) job.finished.notify_all();
        }
    }

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    detail::pool_job* head_ = nullptr;
    detail::pool_job* tail_ = nullptr;
    bool stop_ = false;
};

/// The process-wide pool that svd() and the other entry points use when svd_options::pool is
/// nullptr and threads != 1: created on the first call (never when every call keeps threads = 1),
/// with std::thread::hardware_concurrency() threads; its workers are joined at exit.
inline thread_pool& default_thread_pool() {
    static thread_pool pool;
    return pool;
}

namespace detail {

/// svd_options' (threads, pool) as the products use them: 1 needs no pool (and creates none);
/// otherwise a null pool becomes the default one, and 0 or a count above the pool's size becomes
/// its size.
inline unsigned resolve_threads(unsigned threads, thread_pool*& pool) {
    if (threads == 1) return 1;
    if (pool == nullptr) pool = &default_thread_pool();
    const unsigned size = pool->size();
    return threads == 0 || threads > size ? size : threads;
}

}  // namespace detail
}  // namespace svdkit

#endif  // SVDKIT_THREAD_POOL_HPP
