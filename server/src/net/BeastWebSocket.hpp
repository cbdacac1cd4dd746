#pragma once
// http::WebSocketConnection over a Beast WebSocket on either a bare TCP socket or a TLS stream.
// Included only by HttpServer.cpp, to keep Beast's templates in one translation unit. It holds the
// HTTP server's lease on the connection (the count of open connections) for as long as it lives.
#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "http/Message.hpp"
#include "http/WebSocketConnection.hpp"

namespace parley::net {

template <class Stream>
class BeastWebSocket final : public http::WebSocketConnection {
 public:
  BeastWebSocket(Stream&& stream, std::shared_ptr<void> lease) : ws_(std::move(stream)), lease_(std::move(lease)) {}

  boost::asio::awaitable<bool> accept(const http::Request& request) {
    namespace websocket = boost::beast::websocket;
    websocket::stream_base::timeout timeouts =
        websocket::stream_base::timeout::suggested(boost::beast::role_type::server);
    timeouts.idle_timeout = websocket::stream_base::none();  // Engine.IO heartbeats decide liveness
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(boost::beast::http::field::server, "Parley"); }));
    boost::system::error_code ec;
    co_await ws_.async_accept(request, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    co_return !ec;
  }

  // Waits for a message with a one-byte buffer, then reads the rest straight into the message's string.
  // A dynamic-buffer read would reserve 1.5 KiB before the first byte arrives, i.e. for every idle
  // client, and then copy the message out of it.
  boost::asio::awaitable<std::optional<Message>> read() override {
    using boost::asio::redirect_error;
    using boost::asio::use_awaitable;
    char first = 0;
    boost::system::error_code ec;
    const auto n = co_await ws_.async_read_some(boost::asio::buffer(&first, 1), redirect_error(use_awaitable, ec));
    if (ec) co_return std::nullopt;
    std::optional<Message> message = Message{std::string(&first, n), ws_.got_binary()};
    if (!ws_.is_message_done()) {
      auto rest = boost::asio::dynamic_buffer(message->data);
      co_await ws_.async_read(rest, redirect_error(use_awaitable, ec));
      if (ec) co_return std::nullopt;
    }
    co_return message;
  }

  boost::asio::awaitable<bool> write(std::string_view data, bool binary) override {
    boost::system::error_code ec;
    ws_.binary(binary);
    co_await ws_.async_write(boost::asio::buffer(data.data(), data.size()),
                             boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    co_return !ec;
  }

  boost::asio::awaitable<void> close(unsigned short code, std::string_view reason) override {
    boost::system::error_code ec;
    boost::beast::websocket::close_reason why(static_cast<boost::beast::websocket::close_code>(code),
                                              boost::beast::string_view(reason.data(), reason.size()));
    co_await ws_.async_close(why, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }

  void abort() override {
    boost::system::error_code ec;
    tcp_socket().close(ec);
  }

  void set_read_limit(std::size_t bytes) override { ws_.read_message_max(bytes); }

  boost::asio::any_io_executor executor() override { return ws_.get_executor(); }

 private:
  boost::asio::ip::tcp::socket& tcp_socket() {
    if constexpr (std::is_same_v<Stream, boost::asio::ip::tcp::socket>) {
      return ws_.next_layer();
    } else {
      return boost::beast::get_lowest_layer(ws_).socket();
    }
  }

  boost::beast::websocket::stream<Stream> ws_;
  std::shared_ptr<void> lease_;
};

}  // namespace parley::net
