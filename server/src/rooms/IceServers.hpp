#pragma once
// The ICE servers a participant is told to use in its join answer. A seam for the media/TURN work:
// the provider gets the participant id (e.g. to mint a per-participant TURN credential).
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parley::rooms {

class IceServerProvider {
 public:
  virtual ~IceServerProvider() = default;
  // [{urls, username?, credential?}], as RTCPeerConnection's iceServers.
  virtual nlohmann::json ice_servers(const std::string& participant_id) const = 0;
};

struct TurnCredential {
  std::string username;
  std::string credential;
};

// STUN URIs as configured, plus TURN URIs with a time-limited credential when a secret is set.
class ConfiguredIceServers final : public IceServerProvider {
 public:
  using MintCredential = std::function<TurnCredential(const std::string& participant_id)>;
  ConfiguredIceServers(std::vector<std::string> stun_uris, std::vector<std::string> turn_uris, MintCredential mint);
  nlohmann::json ice_servers(const std::string& participant_id) const override;

 private:
  std::vector<std::string> stun_uris_;
  std::vector<std::string> turn_uris_;
  MintCredential mint_;
};

// "stun:<host>:<port>" for Parley's own STUN responder, where host is the public IP when configured,
// else the public URL's host, else the listen address (unless it is a wildcard). Empty when none fits.
std::string own_stun_uri(const std::string& media_public_ip, const std::string& public_url, const std::string& listen,
                         unsigned port);

}  // namespace parley::rooms
