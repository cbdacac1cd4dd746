#pragma once
// The generator's threads: one io_context per worker thread, state owned by its worker, the main
// thread talks to a worker only through call() (post and wait) or atomics.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace parley::bench {

class Worker {
 public:
  Worker() : guard_(io.get_executor()), thread_([this] { io.run(); }) {}
  ~Worker() {
    guard_.reset();
    io.stop();
    if (thread_.joinable()) thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Runs f on this worker's thread and waits for its result.
  template <class F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    boost::asio::post(io, [&task] { task(); });
    return result.get();
  }

  boost::asio::io_context io{1};

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

class WorkerPool {
 public:
  explicit WorkerPool(unsigned count) {
    for (unsigned i = 0; i < count; ++i) workers_.push_back(std::make_unique<Worker>());
  }
  std::size_t size() const noexcept { return workers_.size(); }
  Worker& operator[](std::size_t i) { return *workers_[i]; }

 private:
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace parley::bench
