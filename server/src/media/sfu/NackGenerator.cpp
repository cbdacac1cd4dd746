#include "media/sfu/NackGenerator.hpp"

#include <algorithm>

#include "media/sfu/SequenceRewriter.hpp"

namespace parley::media::sfu {

bool NackGenerator::on_packet(std::uint16_t sequence, Clock::time_point now) {
  if (!started_) {
    started_ = true;
    highest_ = sequence;
    return false;
  }
  if (!sequence_newer(sequence, highest_)) {
    recovered(sequence);  // reordered: no longer missing
    return false;
  }
  const auto gap = static_cast<std::uint16_t>(sequence - highest_ - 1);
  highest_ = sequence;
  if (gap == 0) return false;
  if (gap > kMaxGap) {
    missing_.clear();
    return false;
  }
  for (std::uint16_t i = 1; i <= gap; ++i) {
    if (missing_.size() == kMaxMissing) missing_.erase(missing_.begin());  // the oldest gives way
    missing_.push_back({static_cast<std::uint16_t>(sequence - gap - 1 + i), 0, now, now});
  }
  return true;
}

bool NackGenerator::recovered(std::uint16_t sequence) {
  auto it = std::find_if(missing_.begin(), missing_.end(), [&](const Missing& m) { return m.sequence == sequence; });
  if (it == missing_.end()) return false;
  missing_.erase(it);
  return true;
}

std::size_t NackGenerator::due(Clock::time_point now, std::span<std::uint16_t> out) {
  std::erase_if(missing_, [&](const Missing& m) {
    return now - m.first_seen > kMaxAge || (m.sends >= kMaxSends && now - m.last_sent >= kRetryInterval);
  });
  std::size_t n = 0;
  for (auto& m : missing_) {
    if (n == out.size()) break;
    if (m.sends >= kMaxSends || (m.sends > 0 && now - m.last_sent < kRetryInterval)) continue;
    out[n++] = m.sequence;
    ++m.sends;
    m.last_sent = now;
  }
  return n;
}

}  // namespace parley::media::sfu
