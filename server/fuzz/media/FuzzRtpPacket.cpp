// Fuzzes RTP parsing, extension walking, and a rebuild of what parsed.
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/rtp/RtpHeaderExtensions.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::rtp;
  auto p = RtpPacket::parse(std::span<const std::uint8_t>(data, size));
  if (!p) return 0;
  RtpPacketBuilder builder;
  builder.payload_type(p->payload_type())
      .marker(p->marker())
      .sequence_number(p->sequence_number())
      .timestamp(p->timestamp())
      .ssrc(p->ssrc())
      .payload(p->payload());
  for (std::size_t i = 0; i < p->csrc_count(); ++i) builder.add_csrc(p->csrc(i));
  p->for_each_extension([&](std::uint8_t id, std::span<const std::uint8_t> value) {
    parse_audio_level(value);
    parse_transport_sequence_number(value);
    parse_sdes_text(value);
    builder.add_extension(id, value);
    return true;
  });
  auto rebuilt = builder.build();
  auto again = RtpPacket::parse(rebuilt);
  if (!again || again->ssrc() != p->ssrc() || again->payload().size() != p->payload().size()) __builtin_trap();
  return 0;
}
