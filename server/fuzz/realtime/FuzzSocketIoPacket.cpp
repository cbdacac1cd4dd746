// Socket.IO packets: decode; for binary packets feed the rest of the input as attachments; re-encode
// what decoded and check that it decodes again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "realtime/SocketIoPacket.hpp"

using namespace parley::realtime::socketio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first line is the packet; further lines are attachments.
  const auto newline = input.find('\n');
  const auto text = input.substr(0, newline);
  auto packet = decode(text);
  if (!packet) return 0;
  if (packet->attachments > 0) {
    BinaryAssembler assembler(*packet);
    std::string_view rest = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    while (!assembler.complete()) {
      const auto next = rest.find('\n');
      assembler.add(std::string(rest.substr(0, next)));
      if (next == std::string_view::npos) break;
      rest.remove_prefix(next + 1);
    }
    auto whole = assembler.finish();
    if (!whole) return 0;
    packet = std::move(whole);
  }
  const auto encoded = encode(*packet);
  auto again = decode(encoded.text);
  if (!again) std::abort();
  if (again->attachments != encoded.attachments.size()) std::abort();
  return 0;
}
