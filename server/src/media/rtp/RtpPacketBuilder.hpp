// Builds RTP packets. Header extensions use the one-byte format when every element fits it
// (id 1..14, 1..16 bytes) and the two-byte format otherwise (RFC 8285).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace parley::media::rtp {

class RtpPacketBuilder {
 public:
  RtpPacketBuilder& payload_type(std::uint8_t pt);
  RtpPacketBuilder& marker(bool on);
  RtpPacketBuilder& sequence_number(std::uint16_t seq);
  RtpPacketBuilder& timestamp(std::uint32_t ts);
  RtpPacketBuilder& ssrc(std::uint32_t ssrc);
  RtpPacketBuilder& add_csrc(std::uint32_t csrc);  // at most 15 are written
  RtpPacketBuilder& add_extension(std::uint8_t id, std::span<const std::uint8_t> value);
  RtpPacketBuilder& payload(std::span<const std::uint8_t> bytes);
  RtpPacketBuilder& padding(std::uint8_t count);  // total padding bytes, including the count byte

  std::size_t size() const;
  // Writes into `out`; returns the size written, or nullopt if `out` is too small.
  std::optional<std::size_t> write(std::span<std::uint8_t> out) const;
  std::vector<std::uint8_t> build() const;

 private:
  struct Element {
    std::uint8_t id;
    std::vector<std::uint8_t> value;
  };
  bool use_one_byte_format() const;
  std::size_t extension_block_size() const;  // padded to 4, without the 4-byte extension header

  std::uint8_t payload_type_ = 0;
  bool marker_ = false;
  std::uint16_t sequence_number_ = 0;
  std::uint32_t timestamp_ = 0;
  std::uint32_t ssrc_ = 0;
  std::vector<std::uint32_t> csrcs_;
  std::vector<Element> extensions_;
  std::span<const std::uint8_t> payload_;
  std::uint8_t padding_ = 0;
};

}  // namespace parley::media::rtp
