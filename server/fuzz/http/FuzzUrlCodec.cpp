// Fuzzes the parsing of request targets: split, percent-decoding, query lookup and the root-safe
// path segments. Invariant checked: no accepted segment can step out of a root.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/UrlCodec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto target = parley::http::split_target(text)) {
    (void)parley::http::find_query_param(target->query, "token");
    if (auto segments = parley::http::safe_path_segments(target->path)) {
      for (const auto& s : *segments) {
        if (s == ".." || s == "." || s.empty() || s.find('/') != std::string::npos || s.find('\0') != std::string::npos)
          std::abort();
      }
    }
  }
  (void)parley::http::percent_decode(text, true);
  return 0;
}
