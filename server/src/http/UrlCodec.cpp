#include "http/UrlCodec.hpp"

#include <cctype>

namespace parley::http {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool form) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (form && c == '+') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0xF];
    }
  }
  return out;
}

std::optional<std::string> find_query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (auto decoded_key = percent_decode(key, true); decoded_key && *decoded_key == name) {
      if (eq == std::string_view::npos) return std::string();
      return percent_decode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<SplitTarget> split_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  const auto q = target.find('?');
  auto path = percent_decode(target.substr(0, q));
  if (!path || path->find('\0') != std::string::npos) return std::nullopt;
  SplitTarget out{std::move(*path), {}};
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  return out;
}

std::optional<std::vector<std::string>> safe_path_segments(std::string_view decoded_path) {
  std::vector<std::string> segments;
  while (!decoded_path.empty()) {
    const auto slash = decoded_path.find('/');
    const std::string_view seg = decoded_path.substr(0, slash);
    if (seg == "..") return std::nullopt;
    if (seg.find('\0') != std::string_view::npos || seg.find('\\') != std::string_view::npos ||
        seg.find(':') != std::string_view::npos)
      return std::nullopt;
    if (!seg.empty() && seg != ".") segments.emplace_back(seg);
    if (slash == std::string_view::npos) break;
    decoded_path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace parley::http
