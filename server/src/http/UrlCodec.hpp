#pragma once
// Pure functions over untrusted URL text: percent-decoding, query lookup, and the normalisation of a
// request path into safe segments (no "..", no NUL, no backslash), used before any file is touched.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

// Decodes %XX escapes (and '+' as space when form is true). Fails on malformed escapes.
std::optional<std::string> percent_decode(std::string_view text, bool form = false);

std::string percent_encode(std::string_view text);

// The value of the first `name=` pair in a query string, decoded as form data.
std::optional<std::string> find_query_param(std::string_view query, std::string_view name);

struct SplitTarget {
  std::string path;   // decoded
  std::string query;  // raw
};
// Splits a request target ("/a%20b?x=1") into a decoded path and the raw query. Fails on targets
// that are not origin-form or do not decode.
std::optional<SplitTarget> split_target(std::string_view target);

// The segments of a decoded path, refusing any that could step outside a root: "..", ".", empty
// names in the middle are dropped; "..", NUL, backslash or a drive-like colon make it fail.
std::optional<std::vector<std::string>> safe_path_segments(std::string_view decoded_path);

}  // namespace parley::http
