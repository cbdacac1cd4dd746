// Parses an SDP offer or answer as browsers send it. Returns nullopt for text that is not SDP or
// whose interpreted attributes are malformed; unknown attributes are kept, unknown line types ignored.
#pragma once

#include <optional>
#include <string_view>

#include "media/sdp/SessionDescription.hpp"

namespace parley::media::sdp {

inline constexpr std::size_t kMaxSdpSize = std::size_t{256} * 1024;
inline constexpr std::size_t kMaxMediaSections = 256;

std::optional<SessionDescription> parse_sdp(std::string_view text);

}  // namespace parley::media::sdp
