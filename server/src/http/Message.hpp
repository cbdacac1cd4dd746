#pragma once
// The HTTP message types every handler sees, and the per-request context the router fills in.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace parley::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;

struct RequestContext {
  Request& request;
  std::string path;                           // percent-decoded path, without the query
  std::string query;                          // raw query string, without '?'
  std::map<std::string, std::string> params;  // captured {name} segments of the matched route
  boost::asio::ip::address remote_address;    // the client (X-Forwarded-For when the proxy is trusted)
  bool secure = false;                        // arrived over TLS (or a trusted proxy said https)

  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> header(std::string_view name) const;
  // The bearer token from "Authorization: Bearer ...", if present.
  std::optional<std::string> bearer_token() const;
};

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

}  // namespace parley::http
