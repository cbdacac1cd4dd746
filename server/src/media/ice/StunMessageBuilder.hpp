// Builds one STUN message. Attributes are appended in call order; add_message_integrity() and
// add_fingerprint() must come last (in that order), as RFC 8489 requires.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "media/ice/StunConstants.hpp"

namespace parley::media::ice {

class StunMessageBuilder {
 public:
  StunMessageBuilder(StunClass message_class, std::uint16_t method, const TransactionId& transaction_id);

  // Padding is normally zero; RFC 5769's vectors use spaces, so tests can reproduce them exactly.
  StunMessageBuilder& set_padding_byte(std::uint8_t byte);

  StunMessageBuilder& add(std::uint16_t type, std::span<const std::uint8_t> value);
  StunMessageBuilder& add_string(std::uint16_t type, std::string_view value);
  StunMessageBuilder& add_u32(std::uint16_t type, std::uint32_t value);
  StunMessageBuilder& add_u64(std::uint16_t type, std::uint64_t value);
  StunMessageBuilder& add_flag(std::uint16_t type);  // zero-length, e.g. USE-CANDIDATE
  StunMessageBuilder& add_xor_mapped_address(const boost::asio::ip::udp::endpoint& endpoint);
  StunMessageBuilder& add_mapped_address(const boost::asio::ip::udp::endpoint& endpoint);
  StunMessageBuilder& add_error_code(std::uint16_t code, std::string_view reason);
  StunMessageBuilder& add_unknown_attributes(std::span<const std::uint16_t> types);

  StunMessageBuilder& add_message_integrity(std::span<const std::uint8_t> key);
  StunMessageBuilder& add_fingerprint();

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  // Moves the message out; the builder is left empty.
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::uint8_t* append_attribute(std::uint16_t type, std::size_t length);
  void add_address(std::uint16_t type, const boost::asio::ip::udp::endpoint& endpoint, bool xored);
  void update_length();

  std::vector<std::uint8_t> bytes_;
  TransactionId transaction_id_;
  std::uint8_t padding_byte_ = 0;
};

// Encodes the STUN message type field from class and method (RFC 8489 section 5).
std::uint16_t stun_message_type(StunClass message_class, std::uint16_t method);

}  // namespace parley::media::ice
