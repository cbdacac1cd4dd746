#pragma once
// Which browser origins may call the API and the realtime endpoint from another site. The server's
// own origin is always allowed; others only when listed (or "*" for any, which never sends credentials).
#include <string>
#include <string_view>
#include <vector>

#include "http/Message.hpp"

namespace parley::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins);

  // True for requests without an Origin header, same-origin requests and listed origins.
  bool allows(const RequestContext& ctx) const;
  // Adds Access-Control-Allow-* headers when the request came from an allowed foreign origin.
  void decorate(const RequestContext& ctx, Response& res) const;
  // The answer to an OPTIONS preflight (204 when allowed, 403 otherwise).
  Response preflight(const RequestContext& ctx) const;

 private:
  bool is_same_origin(const RequestContext& ctx, std::string_view origin) const;
  bool is_listed(std::string_view origin) const;

  std::vector<std::string> allowed_;
  bool any_ = false;
};

}  // namespace parley::http
