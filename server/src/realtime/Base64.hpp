#pragma once
// Standard base64 (RFC 4648, with padding), for binary Engine.IO packets on the polling transport.
#include <optional>
#include <string>
#include <string_view>

namespace parley::realtime {

std::string base64_encode(std::string_view bytes);
// nullopt on characters outside the alphabet or a length that is not a multiple of 4.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace parley::realtime
