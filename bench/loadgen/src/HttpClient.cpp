#include "HttpClient.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace parley::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto request_timeout = std::chrono::seconds(30);

http::request<http::string_body> make_request(const HttpRequest& request, const std::string& host) {
  http::request<http::string_body> req;
  req.method(http::string_to_verb(request.method));
  req.target(request.target);
  req.version(11);
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "parley-bench");
  req.keep_alive(true);
  if (!request.bearer.empty()) req.set(http::field::authorization, "Bearer " + request.bearer);
  if (!request.body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = request.body;
  }
  req.prepare_payload();
  return req;
}

class BeastHttpConnection final : public HttpConnection, public std::enable_shared_from_this<BeastHttpConnection> {
 public:
  BeastHttpConnection(asio::io_context& io, tcp::endpoint server, std::string host)
      : stream_(io), server_(server), host_(std::move(host)) {}

  void request(const HttpRequest& request, std::function<void(HttpResult)> done) override {
    req_ = make_request(request, host_);
    done_ = std::move(done);
    if (open_) return send();
    stream_.expires_after(request_timeout);
    stream_.async_connect(server_, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return self->finish(ec, "connect");
      self->open_ = true;
      boost::system::error_code ignored;
      self->stream_.socket().set_option(tcp::no_delay(true), ignored);
      self->send();
    });
  }

 private:
  void send() {
    stream_.expires_after(request_timeout);
    http::async_write(stream_, req_, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      if (ec) return self->finish(ec, "write");
      self->res_ = {};
      http::async_read(self->stream_, self->buffer_, self->res_,
                       [self](boost::system::error_code error, std::size_t) { self->finish(error, "read"); });
    });
  }

  void finish(boost::system::error_code ec, const char* step) {
    HttpResult result;
    if (ec) {
      result.error = std::string(step) + ": " + ec.message();
      boost::system::error_code ignored;
      stream_.socket().close(ignored);
      open_ = false;
      buffer_.clear();
    } else {
      result.status = static_cast<int>(res_.result_int());
      result.body = std::move(res_.body());
      if (!res_.keep_alive()) {
        boost::system::error_code ignored;
        stream_.socket().close(ignored);
        open_ = false;
      }
    }
    auto done = std::move(done_);
    done(std::move(result));
  }

  beast::tcp_stream stream_;
  tcp::endpoint server_;
  std::string host_;
  bool open_ = false;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  std::function<void(HttpResult)> done_;
};

}  // namespace

std::shared_ptr<HttpConnection> HttpConnection::create(asio::io_context& io, tcp::endpoint server,
                                                       std::string host_header) {
  return std::make_shared<BeastHttpConnection>(io, server, std::move(host_header));
}

HttpResult http_call(tcp::endpoint server, const std::string& host_header, const HttpRequest& request) {
  HttpResult result;
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(request_timeout);
    stream.connect(server);
    auto req = make_request(request, host_header);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    result.status = static_cast<int>(res.result_int());
    result.body = std::move(res.body());
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

}  // namespace parley::bench
