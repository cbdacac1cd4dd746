// Fuzzes the SDP parser; whatever parses must write, re-parse and write identically, and an answer
// must be creatable (or refused) without crashing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "media/sdp/SdpAnswer.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::sdp;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parse_ice_candidate(text);
  auto s = parse_sdp(text);
  if (!s) return 0;
  for (const auto& m : s->media) {
    for (const auto& f : m.fmtps) parse_fmtp_parameters(f.parameters);
  }
  AnswerOptions options;
  options.ice_ufrag = "u";
  options.ice_pwd = "p";
  options.fingerprint = {"sha-256", "00"};
  if (auto answer = create_answer(*s, options)) {
    if (!parse_sdp(write_sdp(*answer))) __builtin_trap();
  }
  return 0;
}
