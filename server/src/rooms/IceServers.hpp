#pragma once
// The ICE servers a participant is told to use in its join answer. A seam for the media/TURN work:
// the provider gets the participant id (e.g. to mint a per-participant TURN credential) and whether the
// connections are to the SFU.
//
// Parley's own STUN server shares the SFU's UDP port, and a browser takes every packet from the address
// of a STUN server it was given as a STUN-server reply (Chromium drops it unless it answers a pending
// gathering request): the SFU's ICE responses, DTLS and media from that address would never reach the
// peer connection. So connections to the SFU are not given Parley's own STUN URI; they need none (the
// SFU is ICE-lite and learns the client's address from its checks).
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parley::rooms {

class IceServerProvider {
 public:
  virtual ~IceServerProvider() = default;
  // [{urls, username?, credential?}], as RTCPeerConnection's iceServers; `for_sfu`: for connections to
  // the SFU (sfu mode) rather than to other browsers (mesh).
  virtual nlohmann::json ice_servers(const std::string& participant_id, bool for_sfu) const = 0;
};

struct TurnCredential {
  std::string username;
  std::string credential;
};

// STUN URIs as configured (and Parley's own, for mesh connections only), plus TURN URIs with a
// time-limited credential when a secret is set.
class ConfiguredIceServers final : public IceServerProvider {
 public:
  using MintCredential = std::function<TurnCredential(const std::string& participant_id)>;
  ConfiguredIceServers(std::vector<std::string> stun_uris, std::vector<std::string> turn_uris, MintCredential mint,
                       std::string own_stun_uri = {});
  nlohmann::json ice_servers(const std::string& participant_id, bool for_sfu) const override;

 private:
  std::vector<std::string> stun_uris_;
  std::string own_stun_uri_;
  std::vector<std::string> turn_uris_;
  MintCredential mint_;
};

// "stun:<host>:<port>" for Parley's own STUN responder, where host is the public IP when configured,
// else the public URL's host, else the listen address (unless it is a wildcard). Empty when none fits.
std::string own_stun_uri(const std::string& media_public_ip, const std::string& public_url, const std::string& listen,
                         unsigned port);

}  // namespace parley::rooms
