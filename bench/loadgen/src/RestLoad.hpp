#pragma once
// Closed-loop HTTP load on one worker: `connections` keep-alive connections, each sending its next
// request as soon as the previous answer arrives, until stop().
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "Histogram.hpp"
#include "HttpClient.hpp"

namespace parley::bench {

struct RestStats {
  std::uint64_t ok = 0;                   // 2xx
  std::uint64_t failed = 0;               // anything else, transport errors included
  std::map<int, std::uint64_t> statuses;  // 0 = transport error
  Histogram latency;
  void merge(const RestStats& other);
};

// Makes the n-th request (n counts per worker); called on the worker thread.
using RequestMaker = std::function<HttpRequest(std::uint64_t n)>;

class RestWorker {
 public:
  RestWorker(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server, std::string host_header,
             RequestMaker maker, unsigned connections);
  void start();
  void stop() { running_ = false; }
  RestStats take_window();
  bool idle() const noexcept { return in_flight_ == 0; }

 private:
  void next(std::size_t connection);

  boost::asio::io_context& io_;
  RequestMaker maker_;
  std::vector<std::shared_ptr<HttpConnection>> connections_;
  bool running_ = false;
  std::uint64_t issued_ = 0;
  std::size_t in_flight_ = 0;
  RestStats window_;
};

}  // namespace parley::bench
