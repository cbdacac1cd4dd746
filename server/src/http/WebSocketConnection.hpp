#pragma once
// A WebSocket as the layers above net/ see it, whatever stream (TCP or TLS) carries it. One read and
// one write may be outstanding at once (Beast's rule); callers keep both on the connection's strand.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace parley::http {

class WebSocketConnection {
 public:
  struct Message {
    std::string data;
    bool binary = false;
  };

  virtual ~WebSocketConnection() = default;
  // The next whole message; nullopt once the peer closed, the connection failed or a limit was hit.
  virtual boost::asio::awaitable<std::optional<Message>> read() = 0;
  // False if the write failed (the connection is then unusable).
  virtual boost::asio::awaitable<bool> write(std::string_view data, bool binary) = 0;
  // A close handshake with a reason (code 1000 normal, 1008 policy, 1009 too big, 1011 error).
  virtual boost::asio::awaitable<void> close(unsigned short code, std::string_view reason) = 0;
  // Ends the connection at once, from any coroutine on the strand; pending operations complete with errors.
  virtual void abort() = 0;
  virtual void set_read_limit(std::size_t bytes) = 0;
  virtual boost::asio::any_io_executor executor() = 0;
};

}  // namespace parley::http
