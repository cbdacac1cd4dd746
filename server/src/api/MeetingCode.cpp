#include "api/MeetingCode.hpp"

#include "core/SecureRandom.hpp"

namespace parley::api {

std::string generate_meeting_code() {
  std::string code;
  for (int group : {3, 4, 3}) {
    if (!code.empty()) code.push_back('-');
    for (int i = 0; i < group; ++i) code.push_back(static_cast<char>('a' + core::secure_random_below(26)));
  }
  return code;
}

bool is_meeting_code(std::string_view text) {
  if (text.size() != 12) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 3 || i == 8;
    if (dash ? text[i] != '-' : !(text[i] >= 'a' && text[i] <= 'z')) return false;
  }
  return true;
}

}  // namespace parley::api
