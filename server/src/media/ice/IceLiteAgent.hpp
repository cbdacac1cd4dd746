// The ICE-lite side of connectivity checks (RFC 8445 sections 2.5 and 7.3, RFC 8839), as an SFU
// runs it: we never send checks; we answer the browser's, authenticated with short-term
// credentials, and follow its nomination (USE-CANDIDATE). Consent freshness (RFC 7675): a selected
// address that stops sending valid checks for `consent_timeout` is dropped.
//
// Pure state: the caller passes datagrams and the current time and sends the returned response.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace parley::media::ice {

class IceLiteAgent {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  enum class State : std::uint8_t {
    New,           // no valid check yet
    Checking,      // valid checks received, nothing nominated
    Connected,     // a nominated address is selected
    Disconnected,  // the selected address lost consent
  };

  enum class Verdict : std::uint8_t {
    Success,           // a success response is to be sent
    BadRequest,        // 400 response: USERNAME, MESSAGE-INTEGRITY or PRIORITY missing
    Unauthorized,      // 401 response: wrong username fragment or integrity
    RoleConflict,      // 487 response: the peer also claims to be controlled
    UnknownAttribute,  // 420 response
    Dropped,           // no response: not a Binding request, malformed, bad fingerprint
  };

  struct Result {
    Verdict verdict = Verdict::Dropped;
    std::vector<std::uint8_t> response;  // empty when dropped
    bool selected_changed = false;
  };

  struct Options {
    std::chrono::milliseconds consent_timeout{30000};
    std::size_t max_remote_addresses = 16;  // addresses we remember; the least recent is evicted
  };

  IceLiteAgent(std::string local_ufrag, std::string local_pwd, Options options);
  IceLiteAgent(std::string local_ufrag, std::string local_pwd)
      : IceLiteAgent(std::move(local_ufrag), std::move(local_pwd), Options{}) {}

  // The remote ufrag from SDP; checks are accepted before it is known (trickle/answer races).
  void set_remote_ufrag(std::string remote_ufrag) { remote_ufrag_ = std::move(remote_ufrag); }

  Result handle_stun(std::span<const std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);
  // Expires consent; returns true if the selected address was lost.
  bool tick(Clock::time_point now);

  State state() const { return state_; }
  const std::optional<Endpoint>& selected() const { return selected_; }
  // Whether media from `source` is allowed (it has passed a valid check and still has consent).
  bool is_validated(const Endpoint& source, Clock::time_point now) const;

 private:
  struct RemoteAddress {
    Endpoint endpoint;
    Clock::time_point last_valid_check;
    std::uint32_t priority = 0;
  };

  RemoteAddress& remember(const Endpoint& source, Clock::time_point now);

  std::string local_ufrag_;
  std::string local_pwd_;
  std::string remote_ufrag_;
  Options options_;
  State state_ = State::New;
  std::optional<Endpoint> selected_;
  std::vector<RemoteAddress> remotes_;
};

}  // namespace parley::media::ice
