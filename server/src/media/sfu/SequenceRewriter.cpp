#include "media/sfu/SequenceRewriter.hpp"

namespace parley::media::sfu {

void SequenceRewriter::anchor(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                              Clock::time_point now) {
  const std::uint16_t out_sequence = started_ ? static_cast<std::uint16_t>(highest_ + 1) : next_anchor_sequence_;
  std::uint32_t out_timestamp = last_timestamp_;
  if (started_) {
    // Advance by the time that passed, at least one tick so the frame is not a duplicate.
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - last_time_).count();
    const auto ticks = elapsed > 0 ? static_cast<std::uint64_t>(elapsed) * clock_rate_ / 1'000'000 : 0;
    out_timestamp += static_cast<std::uint32_t>(ticks > 0 ? ticks : 1);
  }
  source_ssrc_ = ssrc;
  sequence_offset_ = static_cast<std::uint16_t>(out_sequence - sequence);
  timestamp_offset_ = out_timestamp - timestamp;
  base_ = out_sequence;
  highest_ = static_cast<std::uint16_t>(out_sequence - 1);
  anchored_ = true;
}

std::optional<SequenceRewriter::Output> SequenceRewriter::rewrite(std::uint32_t ssrc, std::uint16_t sequence,
                                                                  std::uint32_t timestamp, Clock::time_point now) {
  if (!anchored_ || ssrc != source_ssrc_) anchor(ssrc, sequence, timestamp, now);
  const Output out{static_cast<std::uint16_t>(sequence + sequence_offset_), timestamp + timestamp_offset_};
  if (before_source(out.sequence)) return std::nullopt;
  if (!started_ || sequence_newer(out.sequence, highest_)) {
    highest_ = out.sequence;
    last_timestamp_ = out.timestamp;
    last_time_ = now;
  }
  started_ = true;
  return out;
}

std::optional<SequenceRewriter::Output> SequenceRewriter::map(std::uint32_t ssrc, std::uint16_t sequence,
                                                              std::uint32_t timestamp) const {
  if (!anchored_ || !started_ || ssrc != source_ssrc_) return std::nullopt;
  const Output out{static_cast<std::uint16_t>(sequence + sequence_offset_), timestamp + timestamp_offset_};
  if (sequence_newer(out.sequence, highest_) || before_source(out.sequence)) return std::nullopt;
  return out;
}

bool SequenceRewriter::before_source(std::uint16_t output_sequence) const {
  // Only while the current source is young: later, old numbers are simply old, not pre-switch.
  return static_cast<std::uint16_t>(highest_ - base_) < 0x4000 && sequence_newer(base_, output_sequence);
}

std::optional<std::uint16_t> SequenceRewriter::input_sequence(std::uint16_t output_sequence) const {
  if (!anchored_ || !started_) return std::nullopt;
  if (sequence_newer(output_sequence, highest_) || before_source(output_sequence)) return std::nullopt;
  return static_cast<std::uint16_t>(output_sequence - sequence_offset_);
}

}  // namespace parley::media::sfu
