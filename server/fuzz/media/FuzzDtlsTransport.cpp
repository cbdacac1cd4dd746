// Feeds arbitrary datagrams to a server-role DtlsTransport (as an attacker on a validated address
// could): exercises the record splitting, MTU packing and state handling around OpenSSL.
// Input: a sequence of [2-byte length][datagram] chunks.
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/dtls/DtlsRecord.hpp"
#include "media/dtls/DtlsTransport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::dtls;
  static const auto context = DtlsContext::create(DtlsCertificate::generate("fuzz"));
  DtlsTransport transport(context, DtlsTransport::Role::Server);
  transport.set_remote_fingerprint("sha-256", "00");
  transport.start();
  std::span<const std::uint8_t> rest(data, size);
  while (rest.size() >= 2) {
    const std::size_t length = std::min<std::size_t>((rest[0] << 8) | rest[1], rest.size() - 2);
    transport.receive(rest.subspan(2, length));
    rest = rest.subspan(2 + length);
    for (const auto& datagram : transport.take_outgoing()) {
      if (!is_dtls_datagram(datagram) || datagram.size() > 1200) __builtin_trap();
    }
  }
  transport.retransmission_timeout();
  transport.take_application_data();
  return 0;
}
