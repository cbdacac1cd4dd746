// A validated, read-only view of one RTP packet (RFC 3550) over caller-owned bytes, including the
// RFC 8285 one-byte and two-byte header extension formats. Parsing never allocates or throws.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace parley::media::rtp {

inline constexpr std::size_t kRtpFixedHeaderSize = 12;
inline constexpr std::uint16_t kOneByteExtensionProfile = 0xBEDE;
inline constexpr std::uint16_t kTwoByteExtensionProfile = 0x1000;  // upper 12 bits; low 4 are app bits

enum class ExtensionFormat : std::uint8_t { None, OneByte, TwoByte, Other };

class RtpPacket {
 public:
  static std::optional<RtpPacket> parse(std::span<const std::uint8_t> bytes);

  bool has_padding() const { return (bytes_[0] & 0x20) != 0; }
  bool has_extension() const { return (bytes_[0] & 0x10) != 0; }
  bool marker() const { return (bytes_[1] & 0x80) != 0; }
  std::uint8_t payload_type() const { return bytes_[1] & 0x7F; }
  std::uint16_t sequence_number() const;
  std::uint32_t timestamp() const;
  std::uint32_t ssrc() const;
  std::size_t csrc_count() const { return bytes_[0] & 0x0F; }
  std::uint32_t csrc(std::size_t index) const;  // index < csrc_count()

  ExtensionFormat extension_format() const { return extension_format_; }
  std::uint16_t extension_profile() const { return extension_profile_; }
  std::span<const std::uint8_t> extension_block() const { return extension_block_; }
  // Value of the RFC 8285 element with this id (1..14 one-byte, 1..255 two-byte), if present.
  std::optional<std::span<const std::uint8_t>> extension(std::uint8_t id) const;
  // Calls fn(id, value) for each element; stops early if fn returns false.
  template <typename Fn>
  void for_each_extension(Fn&& fn) const;

  std::size_t header_size() const { return header_size_; }
  std::span<const std::uint8_t> payload() const { return payload_; }
  std::size_t padding_size() const { return padding_size_; }
  std::span<const std::uint8_t> bytes() const { return bytes_; }

 private:
  RtpPacket() = default;

  std::span<const std::uint8_t> bytes_;
  std::span<const std::uint8_t> extension_block_;
  std::span<const std::uint8_t> payload_;
  std::size_t header_size_ = 0;
  std::size_t padding_size_ = 0;
  std::uint16_t extension_profile_ = 0;
  ExtensionFormat extension_format_ = ExtensionFormat::None;
};

// Walks an RFC 8285 element list. Returns false if the list is malformed (an element overruns).
template <typename Fn>
bool walk_extension_elements(ExtensionFormat format, std::span<const std::uint8_t> block, Fn&& fn) {
  std::size_t i = 0;
  while (i < block.size()) {
    if (format == ExtensionFormat::OneByte) {
      const std::uint8_t id = block[i] >> 4;
      if (block[i] == 0) {  // padding
        ++i;
        continue;
      }
      if (id == 15) return true;  // reserved: stop processing
      const std::size_t length = (block[i] & 0x0F) + 1U;
      if (i + 1 + length > block.size()) return false;
      if (!fn(id, block.subspan(i + 1, length))) return true;
      i += 1 + length;
    } else if (format == ExtensionFormat::TwoByte) {
      const std::uint8_t id = block[i];
      if (id == 0) {  // padding
        ++i;
        continue;
      }
      if (i + 2 > block.size()) return false;
      const std::size_t length = block[i + 1];
      if (i + 2 + length > block.size()) return false;
      if (!fn(id, block.subspan(i + 2, length))) return true;
      i += 2 + length;
    } else {
      return true;
    }
  }
  return true;
}

template <typename Fn>
void RtpPacket::for_each_extension(Fn&& fn) const {
  walk_extension_elements(extension_format_, extension_block_, fn);
}

// In-place header rewrites for forwarding (SFU). The buffer must hold a packet that parsed.
void set_sequence_number(std::span<std::uint8_t> packet, std::uint16_t value);
void set_timestamp(std::span<std::uint8_t> packet, std::uint32_t value);
void set_ssrc(std::span<std::uint8_t> packet, std::uint32_t value);
void set_payload_type(std::span<std::uint8_t> packet, std::uint8_t value);
// Overwrites the value of an existing extension element of the same length; false if absent.
bool overwrite_extension(std::span<std::uint8_t> packet, std::uint8_t id, std::span<const std::uint8_t> value);

}  // namespace parley::media::rtp
