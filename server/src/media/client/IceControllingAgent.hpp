// The controlling (full) ICE side of connectivity checks as a browser runs it against an ICE-lite
// SFU (RFC 8445 sections 7.2 and 8.1, RFC 7675 consent freshness), for one local socket (host
// candidate) and the remote's candidates. Aggressive nomination: every check carries USE-CANDIDATE,
// and the first remote address that answers with a valid, authenticated response is selected.
// Afterwards a consent check goes to the selected address every `consent_interval`; without a valid
// response for `consent_timeout` the agent is Disconnected.
//
// Pure state: the caller passes datagrams and the current time, and sends take_outgoing().
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/ice/StunConstants.hpp"

namespace parley::media::ice {
class StunMessage;
}

namespace parley::media::client {

class IceControllingAgent {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  enum class State : std::uint8_t {
    New,           // start() not called, or no remote candidate
    Checking,      // checks in flight, nothing answered yet
    Connected,     // an address answered and is selected
    Disconnected,  // consent lost
    Failed,        // no candidate answered within max_checks
  };

  struct Options {
    std::uint32_t priority = 2122260223;           // type preference 126 (host), local 65535, component 1
    std::uint64_t tie_breaker = 0;                 // 0: random
    std::chrono::milliseconds check_interval{50};  // pacing (Ta) while checking
    std::size_t max_checks = 200;                  // then Failed (10 s at 50 ms)
    std::chrono::milliseconds consent_interval{5000};
    std::chrono::milliseconds consent_timeout{30000};
  };

  struct Outgoing {
    std::vector<std::uint8_t> bytes;
    Endpoint destination;
  };

  struct Counters {
    std::uint64_t checks_sent = 0;
    std::uint64_t responses_accepted = 0;
    std::uint64_t responses_rejected = 0;  // unknown transaction, bad integrity, wrong source, errors
    std::uint64_t requests_answered = 0;   // checks from a full-ICE peer
    std::uint64_t requests_rejected = 0;
  };

  IceControllingAgent(std::string local_ufrag, std::string local_pwd, Options options);

  // From the remote description. Checks use USERNAME "<remote ufrag>:<local ufrag>" and are
  // authenticated with the remote password; responses are verified with it too.
  void set_remote(std::string ufrag, std::string pwd);
  // Starts checking these remote addresses (the first check goes out at once).
  void start(std::vector<Endpoint> candidates, Clock::time_point now);

  // A STUN datagram from `source`. Returns true if the selected address changed.
  bool handle_stun(std::span<const std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);
  void tick(Clock::time_point now);
  Clock::time_point next_timeout(Clock::time_point now) const;
  std::vector<Outgoing> take_outgoing();

  State state() const { return state_; }
  const std::optional<Endpoint>& selected() const { return selected_; }
  const Counters& counters() const { return counters_; }
  const std::string& local_ufrag() const { return local_ufrag_; }
  const std::string& local_pwd() const { return local_pwd_; }

 private:
  struct Pending {
    ice::TransactionId id{};
    Endpoint destination;
  };

  void send_check(const Endpoint& destination, Clock::time_point now);
  bool handle_response(const ice::StunMessage& response, const Endpoint& source, Clock::time_point now);
  void handle_request(const ice::StunMessage& request, const Endpoint& source);

  std::string local_ufrag_;
  std::string local_pwd_;
  std::string remote_ufrag_;
  std::string remote_pwd_;
  Options options_;
  State state_ = State::New;
  std::vector<Endpoint> candidates_;
  std::size_t next_candidate_ = 0;
  std::size_t checks_sent_while_checking_ = 0;
  std::vector<Pending> pending_;  // recent transactions, bounded
  std::optional<Endpoint> selected_;
  Clock::time_point next_check_{};
  Clock::time_point last_consent_{};  // last valid response from the selected address
  std::vector<Outgoing> outgoing_;
  Counters counters_;
};

// Random ICE credentials (RFC 8839: ufrag >= 4, pwd >= 22 ice-chars).
std::string random_ice_string(std::size_t length);

}  // namespace parley::media::client
