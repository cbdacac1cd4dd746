#include "media/sdp/IceCandidate.hpp"

#include "media/sdp/SdpText.hpp"

namespace parley::media::sdp {

std::optional<IceCandidate> parse_ice_candidate(std::string_view s) {
  s = text::trim(s);
  if (s.starts_with("a=")) s.remove_prefix(2);
  if (s.starts_with("candidate:")) s.remove_prefix(10);
  const auto t = text::tokens(s);
  if (t.size() < 8 || t[6] != "typ") return std::nullopt;
  IceCandidate c;
  c.foundation = std::string(t[0]);
  auto component = text::parse_number<std::uint32_t>(t[1]);
  auto priority = text::parse_number<std::uint32_t>(t[3]);
  auto port = text::parse_number<std::uint16_t>(t[5]);
  if (c.foundation.empty() || c.foundation.size() > 32 || !component || !priority || !port) return std::nullopt;
  c.component = *component;
  c.transport = std::string(t[2]);
  c.priority = *priority;
  c.address = std::string(t[4]);
  c.port = *port;
  c.type = std::string(t[7]);
  std::size_t i = 8;
  while (i + 1 < t.size()) {
    if (t[i] == "raddr") {
      c.related_address = std::string(t[i + 1]);
    } else if (t[i] == "rport") {
      auto rport = text::parse_number<std::uint16_t>(t[i + 1]);
      if (!rport) return std::nullopt;
      c.related_port = *rport;
    } else if (t[i] == "tcptype") {
      c.tcp_type = std::string(t[i + 1]);
    } else {
      c.extensions.emplace_back(std::string(t[i]), std::string(t[i + 1]));
    }
    i += 2;
  }
  if (i != t.size()) return std::nullopt;  // dangling name without value
  return c;
}

std::string to_string(const IceCandidate& c) {
  std::string out = "candidate:";
  auto field = [&out](std::string_view value) {
    out += ' ';
    out += value;
  };
  out += c.foundation;
  field(std::to_string(c.component));
  field(c.transport);
  field(std::to_string(c.priority));
  field(c.address);
  field(std::to_string(c.port));
  field("typ");
  field(c.type);
  if (c.related_address) {
    field("raddr");
    field(*c.related_address);
  }
  if (c.related_port) {
    field("rport");
    field(std::to_string(*c.related_port));
  }
  if (c.tcp_type) {
    field("tcptype");
    field(*c.tcp_type);
  }
  for (const auto& [name, value] : c.extensions) {
    field(name);
    field(value);
  }
  return out;
}

}  // namespace parley::media::sdp
