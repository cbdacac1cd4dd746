#pragma once
// Threads for work that blocks (bcrypt, database calls, disk reads), so that the I/O threads never
// wait on it. An I/O coroutine does `co_await pool.run([&] { return expensive(); })` and resumes on
// its own executor (its strand) with the result or the exception. (Not co_spawn: Boost 1.74's
// co_spawn + use_awaitable corrupts non-trivial results under GCC 12.)
//
// GCC 12 bug: a lambda temporary whose captures have destructors, written inside a co_await
// expression, is destroyed twice. Name the job first:
//   auto job = [path] { return read(path); };
//   auto result = co_await pool.run(std::move(job));
#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>

#include "core/Error.hpp"

namespace parley::core {

class BlockingPool {
 public:
  // max_queued bounds the jobs waiting or running; past it run() fails with 503 "server_busy"
  // instead of letting a queue grow without limit. nice_increment (0..19) lowers the pool threads'
  // scheduling priority so that a burst of bcrypt work cannot take the cores from the I/O threads.
  BlockingPool(std::size_t threads, std::size_t max_queued, int nice_increment = 0);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  template <class Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn>> run(Fn fn) {
    using Result = std::invoke_result_t<Fn>;
    JobSlot slot(*this);
    std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> result{};
    std::exception_ptr error;
    // The job and its outcome live in this coroutine's frame, which stays suspended until the pool
    // thread posts the completion back to the coroutine's own executor (its strand).
    co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void()>(
        [this, &fn, &result, &error](auto handler) {
          boost::asio::post(pool_, [this, handler = std::move(handler), &fn, &result, &error]() mutable {
            lower_priority_once();
            try {
              if constexpr (std::is_void_v<Result>) {
                fn();
              } else {
                result.emplace(fn());
              }
            } catch (...) {
              error = std::current_exception();
            }
            boost::asio::post(std::move(handler));
          });
        },
        boost::asio::use_awaitable);
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<Result>) co_return std::move(*result);
  }

  std::size_t queued() const noexcept { return queued_.load(std::memory_order_relaxed); }
  std::size_t threads() const noexcept { return threads_; }
  void join();

 private:
  // Counts a job in for its whole life, refusing it when the pool is saturated.
  class JobSlot {
   public:
    explicit JobSlot(BlockingPool& pool);
    ~JobSlot();
    JobSlot(const JobSlot&) = delete;
    JobSlot& operator=(const JobSlot&) = delete;

   private:
    BlockingPool& pool_;
  };

  // asio::thread_pool has no thread-start hook: each pool thread lowers its own priority on its first job.
  void lower_priority_once() const noexcept;

  std::size_t threads_;
  std::size_t max_queued_;
  int nice_increment_;
  std::atomic<std::size_t> queued_{0};
  boost::asio::thread_pool pool_;
};

}  // namespace parley::core
