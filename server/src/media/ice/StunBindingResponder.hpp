// The logic of a plain STUN server (RFC 8489 section 6.3 with no authentication): answer a Binding
// request with the source transport address as XOR-MAPPED-ADDRESS plus FINGERPRINT; answer 420 for
// unknown comprehension-required attributes; drop everything else. Pure: no sockets, no clock.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace parley::media::ice {

enum class StunDropReason : std::uint8_t {
  NotStun,           // first byte or magic cookie says another protocol
  Malformed,         // looked like STUN but did not parse
  BadFingerprint,    // carried a FINGERPRINT that does not match
  NotARequest,       // indications and responses need no answer from a server
  UnsupportedMethod  // requests other than Binding (a TURN server would handle those)
};

using StunBindingOutcome = std::variant<std::vector<std::uint8_t>, StunDropReason>;

StunBindingOutcome respond_to_binding_request(std::span<const std::uint8_t> datagram,
                                              const boost::asio::ip::udp::endpoint& source,
                                              std::string_view software = "parley");

}  // namespace parley::media::ice
