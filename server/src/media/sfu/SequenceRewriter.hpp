// Per-consumer RTP sequence number and timestamp rewriting. A consumer sends under its own SSRC with
// its own numbering; when its source changes (the publisher restarted its stream with a new SSRC or
// numbering, or the consumer resumes after a pause) the output stays continuous: the next sequence
// number follows the last one sent and the timestamp advances by the wall-clock time in between.
// Pure: no clock of its own, no allocation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace parley::media::sfu {

class SequenceRewriter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Output {
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
  };

  SequenceRewriter(std::uint16_t initial_sequence, std::uint32_t initial_timestamp, std::uint32_t clock_rate)
      : next_anchor_sequence_(initial_sequence), last_timestamp_(initial_timestamp), clock_rate_(clock_rate) {}

  // Next input packet of the current source, or of a new one if `ssrc` changed. nullopt: the
  // packet predates the current source (a late packet from before a switch) and must be dropped.
  std::optional<Output> rewrite(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                                Clock::time_point now);
  // A retransmission of an input packet of the current source: its output numbers, no state change.
  std::optional<Output> map(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp) const;
  // Forces re-anchoring on the next packet (after a pause: skipped packets must not look lost).
  void reset_source() { anchored_ = false; }

  // The input sequence number of an output one we sent from the current source (for NACKs).
  std::optional<std::uint16_t> input_sequence(std::uint16_t output_sequence) const;

  bool started() const { return started_; }
  std::uint32_t source_ssrc() const { return source_ssrc_; }
  std::uint32_t timestamp_offset() const { return timestamp_offset_; }
  std::uint16_t highest_sequence() const { return highest_; }
  std::uint32_t last_timestamp() const { return last_timestamp_; }
  Clock::time_point last_packet_time() const { return last_time_; }

 private:
  // Older than the first packet of the current source: from before a switch.
  bool before_source(std::uint16_t output_sequence) const;
  void anchor(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp, Clock::time_point now);

  bool started_ = false;   // anything sent yet
  bool anchored_ = false;  // offsets valid for the current source
  std::uint32_t source_ssrc_ = 0;
  std::uint16_t sequence_offset_ = 0;
  std::uint32_t timestamp_offset_ = 0;
  std::uint16_t base_ = 0;     // first output sequence number of the current source
  std::uint16_t highest_ = 0;  // highest output sequence number sent
  std::uint16_t next_anchor_sequence_;
  std::uint32_t last_timestamp_;  // output timestamp of the newest packet
  std::uint32_t clock_rate_;
  Clock::time_point last_time_{};
};

// Serial-number comparison (RFC 1982) for 16-bit sequence numbers: a is newer than b.
inline bool sequence_newer(std::uint16_t a, std::uint16_t b) {
  return a != b && static_cast<std::uint16_t>(a - b) < 0x8000;
}

}  // namespace parley::media::sfu
