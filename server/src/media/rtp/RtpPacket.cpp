#include "media/rtp/RtpPacket.hpp"

#include <algorithm>

#include "media/common/ByteOrder.hpp"

namespace parley::media::rtp {

std::optional<RtpPacket> RtpPacket::parse(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kRtpFixedHeaderSize || (bytes[0] >> 6) != 2) return std::nullopt;
  RtpPacket p;
  p.bytes_ = bytes;
  std::size_t offset = kRtpFixedHeaderSize + 4 * p.csrc_count();
  if (offset > bytes.size()) return std::nullopt;
  if (p.has_extension()) {
    if (offset + 4 > bytes.size()) return std::nullopt;
    p.extension_profile_ = load_be16(bytes.data() + offset);
    const std::size_t length = 4 * std::size_t{load_be16(bytes.data() + offset + 2)};
    if (offset + 4 + length > bytes.size()) return std::nullopt;
    p.extension_block_ = bytes.subspan(offset + 4, length);
    if (p.extension_profile_ == kOneByteExtensionProfile) {
      p.extension_format_ = ExtensionFormat::OneByte;
    } else if ((p.extension_profile_ & 0xFFF0) == kTwoByteExtensionProfile) {
      p.extension_format_ = ExtensionFormat::TwoByte;
    } else {
      p.extension_format_ = ExtensionFormat::Other;
    }
    offset += 4 + length;
  }
  p.header_size_ = offset;
  std::size_t end = bytes.size();
  if (p.has_padding()) {
    const std::size_t padding = bytes.back();
    if (padding == 0 || offset + padding > end) return std::nullopt;
    p.padding_size_ = padding;
    end -= padding;
  }
  p.payload_ = bytes.subspan(offset, end - offset);
  return p;
}

std::uint16_t RtpPacket::sequence_number() const {
  return load_be16(bytes_.data() + 2);
}
std::uint32_t RtpPacket::timestamp() const {
  return load_be32(bytes_.data() + 4);
}
std::uint32_t RtpPacket::ssrc() const {
  return load_be32(bytes_.data() + 8);
}
std::uint32_t RtpPacket::csrc(std::size_t index) const {
  return load_be32(bytes_.data() + 12 + 4 * index);
}

std::optional<std::span<const std::uint8_t>> RtpPacket::extension(std::uint8_t id) const {
  std::optional<std::span<const std::uint8_t>> found;
  for_each_extension([&](std::uint8_t element_id, std::span<const std::uint8_t> value) {
    if (element_id != id) return true;
    found = value;
    return false;
  });
  return found;
}

void set_sequence_number(std::span<std::uint8_t> packet, std::uint16_t value) {
  store_be16(packet.data() + 2, value);
}
void set_timestamp(std::span<std::uint8_t> packet, std::uint32_t value) {
  store_be32(packet.data() + 4, value);
}
void set_ssrc(std::span<std::uint8_t> packet, std::uint32_t value) {
  store_be32(packet.data() + 8, value);
}
void set_payload_type(std::span<std::uint8_t> packet, std::uint8_t value) {
  packet[1] = static_cast<std::uint8_t>((packet[1] & 0x80) | (value & 0x7F));
}

bool overwrite_extension(std::span<std::uint8_t> packet, std::uint8_t id, std::span<const std::uint8_t> value) {
  auto parsed = RtpPacket::parse(packet);
  if (!parsed) return false;
  auto current = parsed->extension(id);
  if (!current || current->size() != value.size()) return false;
  const auto offset = static_cast<std::size_t>(current->data() - packet.data());
  std::copy(value.begin(), value.end(), packet.begin() + static_cast<std::ptrdiff_t>(offset));
  return true;
}

}  // namespace parley::media::rtp
