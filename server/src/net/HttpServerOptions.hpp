#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>

namespace parley::net {

struct HttpServerOptions {
  boost::asio::ip::tcp::endpoint endpoint;
  std::size_t header_limit = 16 * 1024;      // bytes of request line + headers (431 past it)
  std::size_t body_limit = 1024 * 1024;      // bytes of body (413 past it)
  std::chrono::seconds request_timeout{30};  // to receive one whole request once it started (408)
  std::chrono::seconds idle_timeout{75};     // a keep-alive connection with no request is closed
  std::size_t max_connections = 60000;       // further connections are closed at accept
  bool trust_proxy = false;                  // take the client address from X-Forwarded-For
};

}  // namespace parley::net
