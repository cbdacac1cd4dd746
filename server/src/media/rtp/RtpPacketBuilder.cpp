#include "media/rtp/RtpPacketBuilder.hpp"

#include <algorithm>

#include "media/common/ByteOrder.hpp"
#include "media/rtp/RtpPacket.hpp"

namespace parley::media::rtp {

RtpPacketBuilder& RtpPacketBuilder::payload_type(std::uint8_t pt) {
  payload_type_ = pt & 0x7F;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::marker(bool on) {
  marker_ = on;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::sequence_number(std::uint16_t seq) {
  sequence_number_ = seq;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::timestamp(std::uint32_t ts) {
  timestamp_ = ts;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::ssrc(std::uint32_t ssrc) {
  ssrc_ = ssrc;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::add_csrc(std::uint32_t csrc) {
  if (csrcs_.size() < 15) csrcs_.push_back(csrc);
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::add_extension(std::uint8_t id, std::span<const std::uint8_t> value) {
  // Id 0 is padding in both formats; values over 255 bytes cannot be expressed.
  if (id != 0 && value.size() <= 255) extensions_.push_back({id, {value.begin(), value.end()}});
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::payload(std::span<const std::uint8_t> bytes) {
  payload_ = bytes;
  return *this;
}
RtpPacketBuilder& RtpPacketBuilder::padding(std::uint8_t count) {
  padding_ = count;
  return *this;
}

bool RtpPacketBuilder::use_one_byte_format() const {
  return std::all_of(extensions_.begin(), extensions_.end(),
                     [](const Element& e) { return e.id <= 14 && !e.value.empty() && e.value.size() <= 16; });
}

std::size_t RtpPacketBuilder::extension_block_size() const {
  if (extensions_.empty()) return 0;
  const std::size_t per_element = use_one_byte_format() ? 1 : 2;
  std::size_t n = 0;
  for (const auto& e : extensions_) n += per_element + e.value.size();
  return (n + 3) & ~std::size_t{3};
}

std::size_t RtpPacketBuilder::size() const {
  const std::size_t ext = extension_block_size();
  return kRtpFixedHeaderSize + 4 * csrcs_.size() + (extensions_.empty() ? 0 : 4 + ext) + payload_.size() + padding_;
}

std::optional<std::size_t> RtpPacketBuilder::write(std::span<std::uint8_t> out) const {
  const std::size_t total = size();
  if (out.size() < total) return std::nullopt;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | (padding_ ? 0x20 : 0) | (extensions_.empty() ? 0 : 0x10) | csrcs_.size());
  p[1] = static_cast<std::uint8_t>((marker_ ? 0x80 : 0) | payload_type_);
  store_be16(p + 2, sequence_number_);
  store_be32(p + 4, timestamp_);
  store_be32(p + 8, ssrc_);
  std::size_t offset = kRtpFixedHeaderSize;
  for (std::uint32_t csrc : csrcs_) {
    store_be32(p + offset, csrc);
    offset += 4;
  }
  if (!extensions_.empty()) {
    const bool one_byte = use_one_byte_format();
    const std::size_t block = extension_block_size();
    store_be16(p + offset, one_byte ? kOneByteExtensionProfile : kTwoByteExtensionProfile);
    store_be16(p + offset + 2, static_cast<std::uint16_t>(block / 4));
    offset += 4;
    const std::size_t block_end = offset + block;
    for (const auto& e : extensions_) {
      if (one_byte) {
        p[offset++] = static_cast<std::uint8_t>((e.id << 4) | (e.value.size() - 1));
      } else {
        p[offset++] = e.id;
        p[offset++] = static_cast<std::uint8_t>(e.value.size());
      }
      std::copy(e.value.begin(), e.value.end(), p + offset);
      offset += e.value.size();
    }
    std::fill(p + offset, p + block_end, std::uint8_t{0});
    offset = block_end;
  }
  std::copy(payload_.begin(), payload_.end(), p + offset);
  offset += payload_.size();
  if (padding_ > 0) {
    std::fill(p + offset, p + offset + padding_ - 1, std::uint8_t{0});
    p[offset + padding_ - 1] = padding_;
    offset += padding_;
  }
  return offset;
}

std::vector<std::uint8_t> RtpPacketBuilder::build() const {
  std::vector<std::uint8_t> out(size());
  write(out);
  return out;
}

}  // namespace parley::media::rtp
