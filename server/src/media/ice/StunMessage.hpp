// A validated, read-only view of one STUN message over caller-owned bytes. Parsing never allocates
// and never throws: malformed input yields std::nullopt. The view must not outlive the buffer.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "media/ice/StunConstants.hpp"

namespace parley::media::ice {

struct StunAttribute {
  std::uint16_t type = 0;
  std::span<const std::uint8_t> value;
};

struct StunErrorCode {
  std::uint16_t code = 0;  // 300..699
  std::string_view reason;
};

class StunMessage {
 public:
  // Cheap test used by demultiplexing: top two bits zero, magic cookie, length a multiple of 4 that
  // matches the datagram size.
  static bool looks_like_stun(std::span<const std::uint8_t> bytes);

  // Full structural validation: header, every attribute TLV in bounds, MESSAGE-INTEGRITY and
  // FINGERPRINT sizes and positions (FINGERPRINT last; only FINGERPRINT may follow MESSAGE-INTEGRITY).
  static std::optional<StunMessage> parse(std::span<const std::uint8_t> bytes);

  StunClass message_class() const { return class_; }
  std::uint16_t method() const { return method_; }
  const TransactionId& transaction_id() const { return transaction_id_; }
  std::span<const std::uint8_t> bytes() const { return bytes_; }

  // First attribute of `type` that precedes MESSAGE-INTEGRITY (later ones must be ignored).
  std::optional<StunAttribute> find(std::uint16_t type) const;
  // Calls fn(StunAttribute) for each attribute before MESSAGE-INTEGRITY; stops if fn returns false.
  template <typename Fn>
  void for_each_attribute(Fn&& fn) const;

  std::optional<std::string_view> username() const;
  std::optional<std::string_view> realm() const;
  std::optional<std::string_view> nonce() const;
  std::optional<std::string_view> software() const;
  std::optional<std::uint32_t> priority() const;
  bool use_candidate() const;
  std::optional<std::uint64_t> ice_controlling() const;
  std::optional<std::uint64_t> ice_controlled() const;
  std::optional<StunErrorCode> error_code() const;
  std::optional<boost::asio::ip::udp::endpoint> xor_mapped_address() const;
  std::optional<boost::asio::ip::udp::endpoint> mapped_address() const;
  // Unknown comprehension-required attribute types (for a 420 response); returns how many were
  // written to `out` (at most out.size()).
  std::size_t unknown_comprehension_required(std::span<std::uint16_t> out) const;

  bool has_message_integrity() const { return integrity_offset_ != 0; }
  bool has_fingerprint() const { return fingerprint_offset_ != 0; }
  // HMAC-SHA1 check; key is the ICE password (short-term) or stun_long_term_key().
  bool verify_message_integrity(std::span<const std::uint8_t> key) const;
  bool verify_fingerprint() const;

 private:
  StunMessage() = default;

  std::span<const std::uint8_t> bytes_;
  StunClass class_ = StunClass::Request;
  std::uint16_t method_ = 0;
  TransactionId transaction_id_{};
  std::size_t integrity_offset_ = 0;    // offset of the MESSAGE-INTEGRITY TLV, 0 if absent
  std::size_t fingerprint_offset_ = 0;  // offset of the FINGERPRINT TLV, 0 if absent
  std::size_t attributes_end_ = 0;      // end of the attributes that count (before MI, or all)
};

// Long-term credential key (RFC 8489 section 9.2.2, MD5 variant): MD5(username ":" realm ":" password).
// The caller is responsible for OpaqueString/SASLprep normalisation of the inputs.
std::array<std::uint8_t, 16> stun_long_term_key(std::string_view username, std::string_view realm,
                                                std::string_view password);

std::optional<boost::asio::ip::udp::endpoint> decode_stun_address(std::span<const std::uint8_t> value,
                                                                  const TransactionId* xor_with);

template <typename Fn>
void StunMessage::for_each_attribute(Fn&& fn) const {
  std::size_t offset = kStunHeaderSize;
  while (offset + 4 <= attributes_end_) {
    const auto type = static_cast<std::uint16_t>((bytes_[offset] << 8) | bytes_[offset + 1]);
    const std::size_t length = static_cast<std::size_t>((bytes_[offset + 2] << 8) | bytes_[offset + 3]);
    if (!fn(StunAttribute{type, bytes_.subspan(offset + 4, length)})) return;
    offset += 4 + ((length + 3) & ~std::size_t{3});
  }
}

}  // namespace parley::media::ice
