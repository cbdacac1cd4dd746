#include "rooms/IceServers.hpp"

namespace parley::rooms {

ConfiguredIceServers::ConfiguredIceServers(std::vector<std::string> stun_uris, std::vector<std::string> turn_uris,
                                           MintCredential mint, std::string own_stun_uri)
    : stun_uris_(std::move(stun_uris)),
      own_stun_uri_(std::move(own_stun_uri)),
      turn_uris_(std::move(turn_uris)),
      mint_(std::move(mint)) {}

nlohmann::json ConfiguredIceServers::ice_servers(const std::string& participant_id, bool for_sfu) const {
  auto list = nlohmann::json::array();
  std::vector<std::string> stun = stun_uris_;
  if (!own_stun_uri_.empty() && !for_sfu) stun.push_back(own_stun_uri_);
  if (!stun.empty()) list.push_back({{"urls", std::move(stun)}});
  if (!turn_uris_.empty()) {
    nlohmann::json turn = {{"urls", turn_uris_}};
    if (mint_) {
      const TurnCredential c = mint_(participant_id);
      turn["username"] = c.username;
      turn["credential"] = c.credential;
    }
    list.push_back(std::move(turn));
  }
  return list;
}

std::string own_stun_uri(const std::string& media_public_ip, const std::string& public_url, const std::string& listen,
                         unsigned port) {
  if (port == 0) return {};
  std::string host = media_public_ip;
  if (host.empty() && !public_url.empty()) {
    auto start = public_url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = public_url.find_first_of("/?#", start);
    host = public_url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!host.empty() && host.front() == '[') {
      host = host.substr(0, host.find(']') + 1);
    } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
      host.resize(colon);
    }
  }
  if (host.empty() && listen != "0.0.0.0" && listen != "::" && !listen.empty()) host = listen;
  if (host.empty()) return {};
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return "stun:" + host + ":" + std::to_string(port);
}

}  // namespace parley::rooms
