#pragma once
// A small HTTP/1.1 client (Beast) for the REST scenarios and for setup (accounts, meetings).
// HttpConnection keeps one keep-alive connection and runs one request at a time on its io_context;
// http_call() is a blocking one-shot for setup code on the main thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

namespace parley::bench {

struct HttpResult {
  int status = 0;  // 0: transport error (see error)
  std::string body;
  std::string error;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target;
  std::string body;    // JSON when not empty
  std::string bearer;  // Authorization: Bearer <bearer> when not empty
};

class HttpConnection {
 public:
  virtual ~HttpConnection() = default;
  static std::shared_ptr<HttpConnection> create(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
                                                std::string host_header);
  // One request at a time; done runs on the io_context. A broken connection is reopened by the next request.
  virtual void request(const HttpRequest& request, std::function<void(HttpResult)> done) = 0;
};

// Blocking, one connection per call (setup only, never on a worker thread).
HttpResult http_call(boost::asio::ip::tcp::endpoint server, const std::string& host_header, const HttpRequest& request);

}  // namespace parley::bench
