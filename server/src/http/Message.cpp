#include "http/Message.hpp"

#include "http/UrlCodec.hpp"

#include <cctype>

namespace parley::http {

std::optional<std::string> RequestContext::query_param(const std::string& name) const {
  return find_query_param(query, name);
}

std::optional<std::string> RequestContext::header(std::string_view name) const {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  if (it == request.end()) return std::nullopt;
  return std::string(it->value());
}

std::optional<std::string> RequestContext::bearer_token() const {
  auto it = request.find(beast_http::field::authorization);
  if (it == request.end()) return std::nullopt;
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view scheme = "Bearer ";
  if (value.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(scheme[i])))
      return std::nullopt;
  return std::string(value.substr(scheme.size()));
}

}  // namespace parley::http
