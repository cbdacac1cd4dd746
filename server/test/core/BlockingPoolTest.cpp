#include "core/BlockingPool.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <thread>

namespace asio = boost::asio;
using parley::core::BlockingPool;

namespace {
template <class Body>
void run_coroutine(asio::io_context& io, Body body) {
  asio::co_spawn(io, std::move(body), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
}
}  // namespace

TEST(BlockingPool, RunsJobOffTheIoThreadAndResumesOnIt) {
  asio::io_context io;
  BlockingPool pool(2, 8);
  std::thread::id io_thread = std::this_thread::get_id();
  std::thread::id job_thread, resumed_thread;
  auto body = [&]() -> asio::awaitable<void> {
    auto job = [&] {
      job_thread = std::this_thread::get_id();
      return 42;
    };
    const int value = co_await pool.run(std::move(job));
    resumed_thread = std::this_thread::get_id();
    EXPECT_EQ(value, 42);
  };
  run_coroutine(io, body());
  EXPECT_NE(job_thread, io_thread);
  EXPECT_EQ(resumed_thread, io_thread);
}

TEST(BlockingPool, LowersOnlyItsOwnThreadsPriority) {
  const int io_priority = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
  asio::io_context io;
  BlockingPool pool(1, 8, 7);
  int job_priority = -100;
  auto body = [&]() -> asio::awaitable<void> {
    auto job = [] { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))); };
    job_priority = co_await pool.run(std::move(job));
  };
  run_coroutine(io, body());
  EXPECT_EQ(job_priority, std::min(19, io_priority + 7));
  EXPECT_EQ(::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))), io_priority);
}

TEST(BlockingPool, ReturnsNonTrivialResultsIntact) {
  asio::io_context io;
  BlockingPool pool(1, 8);
  std::string got;
  auto body = [&]() -> asio::awaitable<void> {
    const std::filesystem::path path = "a/long/enough/path/to/avoid/small/string/optimisation.txt";
    auto job = [path] { return std::make_pair(path, std::string(200, 'x')); };
    auto [p, s] = co_await pool.run(std::move(job));
    got = p.string() + ":" + std::to_string(s.size());
  };
  run_coroutine(io, body());
  EXPECT_EQ(got, "a/long/enough/path/to/avoid/small/string/optimisation.txt:200");
}

TEST(BlockingPool, PropagatesExceptionsToTheAwaitingCoroutine) {
  asio::io_context io;
  BlockingPool pool(1, 8);
  bool caught = false;
  auto body = [&]() -> asio::awaitable<void> {
    try {
      auto job = []() -> int { throw std::runtime_error("boom"); };
      co_await pool.run(std::move(job));
    } catch (const std::runtime_error& e) {
      caught = std::string(e.what()) == "boom";
    }
  };
  run_coroutine(io, body());
  EXPECT_TRUE(caught);
}

TEST(BlockingPool, RefusesWorkPastItsQueueBound) {
  asio::io_context io;
  BlockingPool pool(1, 1);
  std::atomic<bool> release{false};
  int refused = 0, done = 0;
  auto slow = [&]() -> asio::awaitable<void> {
    auto job = [&] {
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    };
    co_await pool.run(std::move(job));
    ++done;
  };
  auto second = [&]() -> asio::awaitable<void> {
    try {
      auto job = [] {};
      co_await pool.run(std::move(job));
    } catch (const parley::core::Error& e) {
      if (e.code() == "server_busy") ++refused;
    }
    release = true;
  };
  asio::co_spawn(io, slow(), asio::detached);
  asio::co_spawn(io, second(), asio::detached);
  io.run();
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(done, 1);
  EXPECT_EQ(pool.queued(), 0u);
}
