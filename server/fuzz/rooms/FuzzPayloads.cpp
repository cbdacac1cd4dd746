// Meeting event payloads: the first byte picks the parser, the rest is the event's argument list as
// JSON. Every parser must accept it or throw core::Error; any other exception is a bug (libFuzzer
// reports the uncaught exception).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/Error.hpp"
#include "rooms/Payloads.hpp"

using namespace parley::rooms;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Nesting is bounded by the socket layer's payload limit; keep inputs small enough that the JSON
  // library's own recursion is not what is being tested.
  if (size < 1 || size > 16 * 1024) return 0;
  const auto args = nlohmann::json::parse(data + 1, data + size, nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) return 0;
  const RoomLimits limits;
  try {
    switch (data[0] % 13) {
      case 0:
        parse_join(args, limits);
        break;
      case 1:
        parse_empty(args);
        break;
      case 2:
        parse_signal(args, limits);
        break;
      case 3:
        parse_chat(args, limits);
        break;
      case 4:
        parse_media(args);
        break;
      case 5:
        parse_reaction(args, limits);
        break;
      case 6:
        parse_target(args);
        break;
      case 7:
        parse_lock(args);
        break;
      case 8:
        legacy_room_from_path(args, limits);
        break;
      case 9:
        parse_legacy_signal(args, limits);
        break;
      case 10:
        parse_legacy_chat(args, limits);
        break;
      case 11:
        parse_sfu_publish(args, limits);
        break;
      default:
        parse_sfu_answer(args, limits);
        break;
    }
  } catch (const parley::core::Error&) {
    // A refusal: fine.
  }
  return 0;
}
