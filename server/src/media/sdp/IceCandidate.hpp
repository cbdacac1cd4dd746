// ICE candidate attribute (RFC 8839 section 5.1), as found in SDP "a=candidate:" lines and in
// trickled candidate strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::media::sdp {

struct IceCandidate {
  std::string foundation;
  std::uint32_t component = 1;
  std::string transport = "udp";
  std::uint32_t priority = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string type = "host";  // host, srflx, prflx, relay
  std::optional<std::string> related_address;
  std::optional<std::uint16_t> related_port;
  std::optional<std::string> tcp_type;
  std::vector<std::pair<std::string, std::string>> extensions;  // e.g. generation 0, network-id 1
};

// Accepts the value with or without the leading "candidate:" (and "a=candidate:").
std::optional<IceCandidate> parse_ice_candidate(std::string_view text);
// "candidate:..." without the "a=" prefix.
std::string to_string(const IceCandidate& candidate);

}  // namespace parley::media::sdp
