// A forwarding setup under test plus its synthetic peers: rooms of `publishers_per_room` video
// publishers and up to `subscribers_per_room` receive-only subscribers; each subscriber consumes
// every publisher's video in its room (one consumer per publisher and subscriber). Publishers do not
// receive (their own receive connections, if the SFU offers them, are left unanswered).
// grow_to() adds rooms; the same PeerLoops then drive every measurement window.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "PeerLoop.hpp"

namespace parley::bench::sfu {

struct ScenarioOptions {
  std::size_t publishers_per_room = 1;
  std::size_t subscribers_per_room = 50;
  unsigned decrypt_every = 8;
  std::string srtp_profile = "gcm";  // what the clients offer in DTLS use_srtp: "gcm" or "cm"
  std::chrono::seconds connect_timeout{60};
};

class Scenario {
 public:
  virtual ~Scenario() = default;
  virtual std::string name() const = 0;
  // Adds rooms until there are `consumers` consumers, all connected; false with `error` if not.
  virtual bool grow_to(std::size_t consumers, std::string& error) = 0;
  // The thread doing the forwarding (SfuService's media thread, or the plain forwarder's).
  virtual pid_t forwarding_thread() const = 0;
  virtual nlohmann::json server_stats() const = 0;

  std::size_t consumers() const { return consumers_; }
  std::size_t rooms() const { return rooms_; }
  std::size_t streams() const { return subscribers_per_stream_.size(); }  // = publishers
  // Subscribers of stream (publisher) i: what one packet of that stream should become.
  const std::vector<std::uint64_t>& subscribers_per_stream() const { return subscribers_per_stream_; }
  PeerLoop& publishers() { return *publishers_; }
  PeerLoop& subscribers() { return *subscribers_; }

 protected:
  explicit Scenario(const ScenarioOptions& options);

  ScenarioOptions options_;
  std::unique_ptr<PeerLoop> publishers_;
  std::unique_ptr<PeerLoop> subscribers_;
  std::vector<std::uint64_t> subscribers_per_stream_;
  // Subscribers in the next room: enough to reach `consumers`, at most subscribers_per_room.
  std::size_t next_room_subscribers(std::size_t consumers) const;

  std::size_t consumers_ = 0;
  std::size_t rooms_ = 0;
};

std::unique_ptr<Scenario> make_plain_scenario(const ScenarioOptions& options);
// nullptr when this build has no SfuService (parley_media_sfu).
std::unique_ptr<Scenario> make_sfu_scenario(const ScenarioOptions& options);

}  // namespace parley::bench::sfu
