// Fuzzes DTLS record framing and the plaintext handshake header parser.
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/dtls/DtlsRecord.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::dtls;
  const std::span<const std::uint8_t> bytes(data, size);
  is_dtls_datagram(bytes);
  DtlsRecordReader reader(bytes);
  while (auto record = reader.next()) {
    if (auto hs = parse_dtls_handshake(*record)) {
      if (hs->fragment.size() > record->fragment.size()) __builtin_trap();
    }
  }
  return 0;
}
