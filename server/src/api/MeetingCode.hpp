#pragma once
// Meeting codes look like "abc-defg-hij": 10 lowercase letters from the OS CSPRNG (26^10, about 2^47).
#include <string>
#include <string_view>

namespace parley::api {

std::string generate_meeting_code();
bool is_meeting_code(std::string_view text);

}  // namespace parley::api
