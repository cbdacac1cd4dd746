#include "media/ice/StunMessageBuilder.hpp"

#include <algorithm>

#include "media/common/ByteOrder.hpp"
#include "media/crypto/Crc32.hpp"
#include "media/crypto/Digest.hpp"

namespace parley::media::ice {

std::uint16_t stun_message_type(StunClass message_class, std::uint16_t method) {
  const auto c = static_cast<std::uint16_t>(message_class);
  return static_cast<std::uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) |
                                    ((c & 0x1) << 4) | ((c & 0x2) << 7));
}

StunMessageBuilder::StunMessageBuilder(StunClass message_class, std::uint16_t method,
                                       const TransactionId& transaction_id)
    : transaction_id_(transaction_id) {
  bytes_.reserve(256);
  bytes_.resize(kStunHeaderSize);
  store_be16(bytes_.data(), stun_message_type(message_class, method));
  store_be16(bytes_.data() + 2, 0);
  store_be32(bytes_.data() + 4, kStunMagicCookie);
  std::copy(transaction_id.begin(), transaction_id.end(), bytes_.begin() + 8);
}

StunMessageBuilder& StunMessageBuilder::set_padding_byte(std::uint8_t byte) {
  padding_byte_ = byte;
  return *this;
}

std::uint8_t* StunMessageBuilder::append_attribute(std::uint16_t type, std::size_t length) {
  const std::size_t padded = (length + 3) & ~std::size_t{3};
  const std::size_t offset = bytes_.size();
  bytes_.resize(offset + 4 + padded, padding_byte_);
  store_be16(bytes_.data() + offset, type);
  store_be16(bytes_.data() + offset + 2, static_cast<std::uint16_t>(length));
  update_length();
  return bytes_.data() + offset + 4;
}

void StunMessageBuilder::update_length() {
  store_be16(bytes_.data() + 2, static_cast<std::uint16_t>(bytes_.size() - kStunHeaderSize));
}

StunMessageBuilder& StunMessageBuilder::add(std::uint16_t type, std::span<const std::uint8_t> value) {
  std::uint8_t* out = append_attribute(type, value.size());
  std::copy(value.begin(), value.end(), out);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_string(std::uint16_t type, std::string_view value) {
  return add(type, crypto::as_bytes(value));
}

StunMessageBuilder& StunMessageBuilder::add_u32(std::uint16_t type, std::uint32_t value) {
  store_be32(append_attribute(type, 4), value);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_u64(std::uint16_t type, std::uint64_t value) {
  store_be64(append_attribute(type, 8), value);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_flag(std::uint16_t type) {
  append_attribute(type, 0);
  return *this;
}

void StunMessageBuilder::add_address(std::uint16_t type, const boost::asio::ip::udp::endpoint& endpoint, bool xored) {
  const auto address = endpoint.address();
  const bool v6 = address.is_v6() && !address.to_v6().is_v4_mapped();
  std::uint8_t* out = append_attribute(type, v6 ? 20 : 8);
  out[0] = 0;
  out[1] = v6 ? 0x02 : 0x01;
  std::uint16_t port = endpoint.port();
  if (xored) port ^= static_cast<std::uint16_t>(kStunMagicCookie >> 16);
  store_be16(out + 2, port);
  if (!v6) {
    std::uint32_t ip = address.is_v4() ? address.to_v4().to_uint() : address.to_v6().to_v4().to_uint();  // v4-mapped v6
    if (xored) ip ^= kStunMagicCookie;
    store_be32(out + 4, ip);
    return;
  }
  const auto ip = address.to_v6().to_bytes();
  std::uint8_t mask[16] = {};
  if (xored) {
    store_be32(mask, kStunMagicCookie);
    std::copy(transaction_id_.begin(), transaction_id_.end(), mask + 4);
  }
  for (std::size_t i = 0; i < 16; ++i) out[4 + i] = ip[i] ^ mask[i];
}

StunMessageBuilder& StunMessageBuilder::add_xor_mapped_address(const boost::asio::ip::udp::endpoint& endpoint) {
  add_address(stun_attr::kXorMappedAddress, endpoint, true);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_mapped_address(const boost::asio::ip::udp::endpoint& endpoint) {
  add_address(stun_attr::kMappedAddress, endpoint, false);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_error_code(std::uint16_t code, std::string_view reason) {
  // Reason phrase: at most 128 characters (RFC 8489 section 14.8); truncate rather than fail.
  if (reason.size() > 763) reason = reason.substr(0, 763);
  std::uint8_t* out = append_attribute(stun_attr::kErrorCode, 4 + reason.size());
  out[0] = 0;
  out[1] = 0;
  out[2] = static_cast<std::uint8_t>((code / 100) & 0x07);
  out[3] = static_cast<std::uint8_t>(code % 100);
  std::copy(reason.begin(), reason.end(), out + 4);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_unknown_attributes(std::span<const std::uint16_t> types) {
  std::uint8_t* out = append_attribute(stun_attr::kUnknownAttributes, 2 * types.size());
  for (std::size_t i = 0; i < types.size(); ++i) store_be16(out + 2 * i, types[i]);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_message_integrity(std::span<const std::uint8_t> key) {
  // The header length must already count MESSAGE-INTEGRITY when the HMAC is computed.
  const std::size_t offset = bytes_.size();
  std::uint8_t* out = append_attribute(stun_attr::kMessageIntegrity, 20);
  const auto mac = crypto::hmac_sha1(key, {std::span<const std::uint8_t>(bytes_.data(), offset)});
  std::copy(mac.begin(), mac.end(), out);
  return *this;
}

StunMessageBuilder& StunMessageBuilder::add_fingerprint() {
  const std::size_t offset = bytes_.size();
  append_attribute(stun_attr::kFingerprint, 4);
  const std::uint32_t crc = crypto::crc32(std::span<const std::uint8_t>(bytes_.data(), offset)) ^ kStunFingerprintXor;
  store_be32(bytes_.data() + offset + 4, crc);
  return *this;
}

}  // namespace parley::media::ice
