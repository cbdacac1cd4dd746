#pragma once
#include <string_view>

namespace parley::http {

// The Content-Type for a file name, by its extension; application/octet-stream when unknown.
std::string_view mime_type_for(std::string_view filename);

}  // namespace parley::http
