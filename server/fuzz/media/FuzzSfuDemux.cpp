// Fuzzes the SFU's datagram path: the demuxer (plain STUN, ICE checks by ufrag, 5-tuple routing)
// in front of a real SfuTransport (ICE-lite, DTLS server, SRTP). The input is a sequence of records
// [source index (1 byte)][length (2 bytes, big-endian)][datagram], so a corpus entry can hold a valid
// check that opens the 5-tuple followed by DTLS or SRTP-looking datagrams. Nothing may crash, and
// every datagram is either routed or counted as a drop.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/sfu/SfuTransport.hpp"
#include "media/sfu/TransportDemuxer.hpp"

namespace {

using namespace parley::media;

struct Target final : sfu::DemuxTarget {
  explicit Target(std::shared_ptr<const dtls::DtlsContext> context)
      : transport(std::move(context), "srvU", "serverpassword0123456789", std::chrono::seconds(30)) {}
  bool on_datagram(std::span<std::uint8_t> datagram, const sfu::Endpoint& source, sfu::Clock::time_point now) override {
    auto received = transport.receive(datagram, source, now);
    for (auto& c : transport.take_control()) {
      if (c.bytes.empty()) __builtin_trap();
    }
    return received.validated_check;
  }
  sfu::SfuTransport transport;
};

const std::shared_ptr<const dtls::DtlsContext>& context() {
  static const auto c = dtls::DtlsContext::create(dtls::DtlsCertificate::generate("fuzz"));
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sfu::SfuCounters counters;
  std::size_t replies = 0;
  sfu::TransportDemuxer demuxer(counters, true, [&](std::span<const std::uint8_t> reply, const sfu::Endpoint&) {
    auto m = ice::StunMessage::parse(reply);
    if (!m || !m->verify_fingerprint()) __builtin_trap();
    ++replies;
  });
  Target target(context());
  demuxer.add_ufrag("srvU", &target);
  const sfu::Endpoint sources[] = {
      {boost::asio::ip::make_address("192.0.2.1"), 4242},
      {boost::asio::ip::make_address("192.0.2.2"), 4242},
      {boost::asio::ip::make_address("2001:db8::1"), 4242},
      {boost::asio::ip::make_address("192.0.2.1"), 4243},
  };
  auto now = sfu::Clock::time_point{} + std::chrono::hours(1);
  std::vector<std::uint8_t> datagram;
  std::size_t at = 0;
  while (at + 3 <= size) {
    const auto& source = sources[data[at] % 4];
    const std::size_t length = (std::size_t{data[at + 1]} << 8) | data[at + 2];
    at += 3;
    const std::size_t n = length < size - at ? length : size - at;
    datagram.assign(data + at, data + at + n);
    at += n;
    demuxer.on_datagram(datagram, source, now);
    now += std::chrono::milliseconds(10);
  }
  target.transport.tick(now + std::chrono::minutes(1));
  demuxer.remove(&target);
  if (demuxer.routes() != 0) __builtin_trap();
  (void)replies;
  return 0;
}
