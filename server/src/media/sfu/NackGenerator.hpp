// Upstream loss recovery for one producer: notices gaps in the publisher's sequence numbers, says
// which ones to NACK now (at once, then up to two retries 100 ms apart, for at most one second), and
// recognises a retransmission of a missing packet, so only real recoveries are forwarded (a second
// copy would only be dropped by the subscriber's SRTP replay check). Bounded; no allocation after
// construction. Pure: times are passed in.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace parley::media::sfu {

class NackGenerator {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxMissing = 128;
  static constexpr std::uint16_t kMaxGap = 100;  // a larger jump is a restart, not loss
  static constexpr int kMaxSends = 3;
  static constexpr auto kRetryInterval = std::chrono::milliseconds(100);
  static constexpr auto kMaxAge = std::chrono::milliseconds(1000);

  NackGenerator() { missing_.reserve(kMaxMissing); }

  // A packet of the stream arrived; returns true if it opened a gap (something to NACK now).
  bool on_packet(std::uint16_t sequence, Clock::time_point now);
  // A retransmitted packet arrived: true if it was missing (and no longer is).
  bool recovered(std::uint16_t sequence);
  // Sequence numbers to NACK now (at most out.size()); counts each as sent.
  std::size_t due(Clock::time_point now, std::span<std::uint16_t> out);
  std::size_t missing() const { return missing_.size(); }

 private:
  struct Missing {
    std::uint16_t sequence;
    int sends;
    Clock::time_point first_seen;
    Clock::time_point last_sent;
  };

  bool started_ = false;
  std::uint16_t highest_ = 0;
  std::vector<Missing> missing_;
};

}  // namespace parley::media::sfu
