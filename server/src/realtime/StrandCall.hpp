#pragma once
// Runs `start(done)` on `strand` and suspends the calling coroutine (on whatever executor it runs)
// until `done()` is called, possibly later by another strand-side event. Results travel through
// variables that `start` captured by reference from the caller's frame, which stays suspended.
// The initiation lambda captures only references: see the GCC 12 note in core/BlockingPool.hpp.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>

namespace parley::realtime {

// Not a coroutine itself: it returns the operation's awaitable for the caller to co_await at once (so
// `strand` and `start` outlive it), which saves a coroutine frame per call, and per idle WebSocket
// writer suspended in SocketSession::take.
template <class Start>
boost::asio::awaitable<void> suspend_on_strand(const boost::asio::any_io_executor& strand, Start& start) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void()>(
      [&strand, &start](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        boost::asio::post(strand, [&start, shared]() {
          start(std::function<void()>([shared]() { boost::asio::post(std::move(*shared)); }));
        });
      },
      boost::asio::use_awaitable);
}

}  // namespace parley::realtime
