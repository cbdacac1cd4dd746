#pragma once
// Runs one awaitable to completion on a fresh io_context, for tests of coroutine handlers.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

template <class T>
T run_to_completion(boost::asio::awaitable<T> work) {
  boost::asio::io_context io;
  std::optional<T> result;
  std::exception_ptr error;
  auto wrapper = [](boost::asio::awaitable<T> w, std::optional<T>& out) -> boost::asio::awaitable<void> {
    out.emplace(co_await std::move(w));
  };
  boost::asio::co_spawn(io, wrapper(std::move(work), result), [&](std::exception_ptr e) { error = e; });
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}
