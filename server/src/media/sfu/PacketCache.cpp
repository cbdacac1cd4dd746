#include "media/sfu/PacketCache.hpp"

#include <cstring>

namespace parley::media::sfu {

PacketCache::PacketCache(std::size_t capacity, std::chrono::milliseconds max_age)
    : entries_(capacity == 0 ? 1 : capacity), bytes_(entries_.size() * kMaxPacket), max_age_(max_age) {}

void PacketCache::store(std::uint16_t sequence, std::span<const std::uint8_t> packet, Clock::time_point now) {
  if (packet.size() > kMaxPacket) return;
  const std::size_t index = sequence % entries_.size();
  auto& e = entries_[index];
  e.used = true;
  e.sequence = sequence;
  e.length = static_cast<std::uint16_t>(packet.size());
  e.stored = now;
  std::memcpy(bytes_.data() + index * kMaxPacket, packet.data(), packet.size());
}

std::optional<std::span<const std::uint8_t>> PacketCache::find(std::uint16_t sequence, Clock::time_point now) const {
  const std::size_t index = sequence % entries_.size();
  const auto& e = entries_[index];
  if (!e.used || e.sequence != sequence || now - e.stored > max_age_) return std::nullopt;
  return std::span<const std::uint8_t>(bytes_.data() + index * kMaxPacket, e.length);
}

}  // namespace parley::media::sfu
