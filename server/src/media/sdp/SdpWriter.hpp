// Serialises a SessionDescription as SDP text with CRLF line endings, attributes in the order
// browsers use, so that parse(write(x)) == x for every field the model holds.
#pragma once

#include <string>

#include "media/sdp/SessionDescription.hpp"

namespace parley::media::sdp {

std::string write_sdp(const SessionDescription& description);

}  // namespace parley::media::sdp
