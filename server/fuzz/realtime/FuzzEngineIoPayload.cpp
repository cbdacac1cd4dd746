// Engine.IO polling bodies and WebSocket text messages: decode, re-encode, decode again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "realtime/EngineIoPacket.hpp"

using namespace parley::realtime::engineio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto one = decode_text(input)) {
    auto again = decode_text(encode_record(*one));
    if (!again || !(*again == *one)) std::abort();
  }
  if (auto packets = decode_payload(input)) {
    std::string body;
    for (const auto& p : *packets) append_record(body, p);
    auto again = decode_payload(body);
    if (!again || *again != *packets) std::abort();
  }
  return 0;
}
