// The last packets of one producer, kept in plaintext so a subscriber's NACK can be answered with a
// retransmission. A fixed ring indexed by sequence number: storing copies into a preallocated slot,
// never allocates after construction. Entries older than `max_age` are not returned.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace parley::media::sfu {

class PacketCache {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxPacket = 1500;

  explicit PacketCache(std::size_t capacity = 512, std::chrono::milliseconds max_age = std::chrono::milliseconds(1000));

  // Packets larger than kMaxPacket are not kept.
  void store(std::uint16_t sequence, std::span<const std::uint8_t> packet, Clock::time_point now);
  std::optional<std::span<const std::uint8_t>> find(std::uint16_t sequence, Clock::time_point now) const;
  std::size_t capacity() const { return entries_.size(); }

 private:
  struct Entry {
    bool used = false;
    std::uint16_t sequence = 0;
    std::uint16_t length = 0;
    Clock::time_point stored;
  };

  std::vector<Entry> entries_;
  std::vector<std::uint8_t> bytes_;  // capacity * kMaxPacket
  std::chrono::milliseconds max_age_;
};

}  // namespace parley::media::sfu
