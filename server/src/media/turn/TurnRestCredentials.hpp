// Time-limited TURN credentials for the "TURN REST API" scheme understood by coturn's
// use-auth-secret / static-auth-secret: username "<expiry unix seconds>:<user id>",
// password base64(HMAC-SHA1(shared secret, username)).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace parley::media::turn {

struct TurnCredentials {
  std::string username;
  std::string password;
  std::chrono::seconds ttl{0};
};

// `now` is injected so tests (and callers with their own clock) get deterministic output.
TurnCredentials make_turn_rest_credentials(std::string_view shared_secret, std::string_view user_id,
                                           std::chrono::system_clock::time_point now, std::chrono::seconds ttl);

// The password for an already-formed username; exposed for known-vector tests and for checking.
std::string turn_rest_password(std::string_view shared_secret, std::string_view username);

}  // namespace parley::media::turn
