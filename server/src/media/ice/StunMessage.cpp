#include "media/ice/StunMessage.hpp"

#include <algorithm>
#include <string>

#include "media/common/ByteOrder.hpp"
#include "media/crypto/Crc32.hpp"
#include "media/crypto/Digest.hpp"

namespace parley::media::ice {
namespace {

std::string_view as_text(std::span<const std::uint8_t> value) {
  return {reinterpret_cast<const char*>(value.data()), value.size()};
}

constexpr std::size_t padded(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}

bool is_known_attribute(std::uint16_t type) {
  switch (type) {
    case stun_attr::kMappedAddress:
    case stun_attr::kUsername:
    case stun_attr::kMessageIntegrity:
    case stun_attr::kErrorCode:
    case stun_attr::kUnknownAttributes:
    case stun_attr::kRealm:
    case stun_attr::kNonce:
    case stun_attr::kXorMappedAddress:
    case stun_attr::kPriority:
    case stun_attr::kUseCandidate:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool StunMessage::looks_like_stun(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kStunHeaderSize || (bytes[0] & 0xC0) != 0) return false;
  const std::size_t length = load_be16(bytes.data() + 2);
  return (length & 3) == 0 && kStunHeaderSize + length == bytes.size() &&
         load_be32(bytes.data() + 4) == kStunMagicCookie;
}

std::optional<StunMessage> StunMessage::parse(std::span<const std::uint8_t> bytes) {
  if (!looks_like_stun(bytes)) return std::nullopt;

  StunMessage m;
  m.bytes_ = bytes;
  const std::uint16_t type = load_be16(bytes.data());
  m.class_ = static_cast<StunClass>(((type >> 7) & 0x2) | ((type >> 4) & 0x1));
  m.method_ = static_cast<std::uint16_t>((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
  std::copy_n(bytes.begin() + 8, m.transaction_id_.size(), m.transaction_id_.begin());

  std::size_t offset = kStunHeaderSize;
  while (offset < bytes.size()) {
    if (m.fingerprint_offset_ != 0) return std::nullopt;  // FINGERPRINT must be the last attribute
    if (offset + 4 > bytes.size()) return std::nullopt;
    const std::uint16_t attr_type = load_be16(bytes.data() + offset);
    const std::size_t length = load_be16(bytes.data() + offset + 2);
    if (offset + 4 + padded(length) > bytes.size()) return std::nullopt;
    if (attr_type == stun_attr::kMessageIntegrity && m.integrity_offset_ == 0) {
      if (length != 20) return std::nullopt;
      m.integrity_offset_ = offset;
    } else if (attr_type == stun_attr::kFingerprint) {
      if (length != 4) return std::nullopt;
      m.fingerprint_offset_ = offset;
    }
    offset += 4 + padded(length);
  }
  if (m.integrity_offset_ != 0) {
    m.attributes_end_ = m.integrity_offset_;
  } else if (m.fingerprint_offset_ != 0) {
    m.attributes_end_ = m.fingerprint_offset_;
  } else {
    m.attributes_end_ = bytes.size();
  }
  return m;
}

std::optional<StunAttribute> StunMessage::find(std::uint16_t type) const {
  std::optional<StunAttribute> found;
  for_each_attribute([&](const StunAttribute& a) {
    if (a.type != type) return true;
    found = a;
    return false;
  });
  return found;
}

std::optional<std::string_view> StunMessage::username() const {
  auto a = find(stun_attr::kUsername);
  if (!a || a->value.size() > 513) return std::nullopt;
  return as_text(a->value);
}

std::optional<std::string_view> StunMessage::realm() const {
  auto a = find(stun_attr::kRealm);
  if (!a) return std::nullopt;
  return as_text(a->value);
}

std::optional<std::string_view> StunMessage::nonce() const {
  auto a = find(stun_attr::kNonce);
  if (!a) return std::nullopt;
  return as_text(a->value);
}

std::optional<std::string_view> StunMessage::software() const {
  auto a = find(stun_attr::kSoftware);
  if (!a) return std::nullopt;
  return as_text(a->value);
}

std::optional<std::uint32_t> StunMessage::priority() const {
  auto a = find(stun_attr::kPriority);
  if (!a || a->value.size() != 4) return std::nullopt;
  return load_be32(a->value.data());
}

bool StunMessage::use_candidate() const {
  return find(stun_attr::kUseCandidate).has_value();
}

std::optional<std::uint64_t> StunMessage::ice_controlling() const {
  auto a = find(stun_attr::kIceControlling);
  if (!a || a->value.size() != 8) return std::nullopt;
  return load_be64(a->value.data());
}

std::optional<std::uint64_t> StunMessage::ice_controlled() const {
  auto a = find(stun_attr::kIceControlled);
  if (!a || a->value.size() != 8) return std::nullopt;
  return load_be64(a->value.data());
}

std::optional<StunErrorCode> StunMessage::error_code() const {
  auto a = find(stun_attr::kErrorCode);
  if (!a || a->value.size() < 4) return std::nullopt;
  const unsigned hundreds = a->value[2] & 0x07U;
  const unsigned number = a->value[3];
  if (hundreds < 3 || hundreds > 6 || number > 99) return std::nullopt;
  return StunErrorCode{static_cast<std::uint16_t>(hundreds * 100 + number), as_text(a->value.subspan(4))};
}

std::optional<boost::asio::ip::udp::endpoint> StunMessage::xor_mapped_address() const {
  auto a = find(stun_attr::kXorMappedAddress);
  if (!a) return std::nullopt;
  return decode_stun_address(a->value, &transaction_id_);
}

std::optional<boost::asio::ip::udp::endpoint> StunMessage::mapped_address() const {
  auto a = find(stun_attr::kMappedAddress);
  if (!a) return std::nullopt;
  return decode_stun_address(a->value, nullptr);
}

std::size_t StunMessage::unknown_comprehension_required(std::span<std::uint16_t> out) const {
  std::size_t n = 0;
  for_each_attribute([&](const StunAttribute& a) {
    if (is_comprehension_required(a.type) && !is_known_attribute(a.type)) {
      if (n == out.size()) return false;
      out[n++] = a.type;
    }
    return true;
  });
  return n;
}

bool StunMessage::verify_message_integrity(std::span<const std::uint8_t> key) const {
  if (integrity_offset_ == 0) return false;
  // The HMAC covers the message up to MESSAGE-INTEGRITY, with the header length adjusted as if
  // MESSAGE-INTEGRITY were the last attribute.
  std::uint8_t patched_length[2];
  store_be16(patched_length, static_cast<std::uint16_t>(integrity_offset_ + 24 - kStunHeaderSize));
  const auto mac = crypto::hmac_sha1(
      key, {bytes_.first(2), std::span<const std::uint8_t>(patched_length), bytes_.subspan(4, integrity_offset_ - 4)});
  return crypto::equal_constant_time(mac, bytes_.subspan(integrity_offset_ + 4, 20));
}

bool StunMessage::verify_fingerprint() const {
  if (fingerprint_offset_ == 0) return false;
  const std::uint32_t expected = crypto::crc32(bytes_.first(fingerprint_offset_)) ^ kStunFingerprintXor;
  return load_be32(bytes_.data() + fingerprint_offset_ + 4) == expected;
}

std::array<std::uint8_t, 16> stun_long_term_key(std::string_view username, std::string_view realm,
                                                std::string_view password) {
  std::string input;
  input.reserve(username.size() + realm.size() + password.size() + 2);
  input.append(username).append(":").append(realm).append(":").append(password);
  return crypto::md5(input);
}

std::optional<boost::asio::ip::udp::endpoint> decode_stun_address(std::span<const std::uint8_t> value,
                                                                  const TransactionId* xor_with) {
  if (value.size() < 4) return std::nullopt;
  const std::uint8_t family = value[1];
  std::uint16_t port = load_be16(value.data() + 2);
  if (xor_with != nullptr) port ^= static_cast<std::uint16_t>(kStunMagicCookie >> 16);
  if (family == 0x01 && value.size() == 8) {
    std::uint32_t ip = load_be32(value.data() + 4);
    if (xor_with != nullptr) ip ^= kStunMagicCookie;
    return boost::asio::ip::udp::endpoint(boost::asio::ip::address_v4(ip), port);
  }
  if (family == 0x02 && value.size() == 20) {
    boost::asio::ip::address_v6::bytes_type ip;
    std::copy_n(value.begin() + 4, 16, ip.begin());
    if (xor_with != nullptr) {
      std::uint8_t mask[16];
      store_be32(mask, kStunMagicCookie);
      std::copy(xor_with->begin(), xor_with->end(), mask + 4);
      for (std::size_t i = 0; i < 16; ++i) ip[i] ^= mask[i];
    }
    return boost::asio::ip::udp::endpoint(boost::asio::ip::address_v6(ip), port);
  }
  return std::nullopt;
}

}  // namespace parley::media::ice
