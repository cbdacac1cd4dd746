#include "media/turn/TurnRestCredentials.hpp"

#include "media/crypto/Digest.hpp"

namespace parley::media::turn {

std::string turn_rest_password(std::string_view shared_secret, std::string_view username) {
  const auto mac = crypto::hmac_sha1(crypto::as_bytes(shared_secret), {crypto::as_bytes(username)});
  return crypto::base64_encode(mac);
}

TurnCredentials make_turn_rest_credentials(std::string_view shared_secret, std::string_view user_id,
                                           std::chrono::system_clock::time_point now, std::chrono::seconds ttl) {
  const auto expiry = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()) + ttl;
  TurnCredentials credentials;
  credentials.username = std::to_string(expiry.count());
  if (!user_id.empty()) credentials.username.append(":").append(user_id);
  credentials.password = turn_rest_password(shared_secret, credentials.username);
  credentials.ttl = ttl;
  return credentials;
}

}  // namespace parley::media::turn
