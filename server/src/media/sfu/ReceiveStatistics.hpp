// What an RTP receiver reports about one source (RFC 3550 section 6.4.1 and appendix A.3/A.8):
// extended highest sequence number, cumulative and fractional loss, interarrival jitter, and the
// LSR/DLSR echo of the source's last sender report. Pure: arrival times are passed in.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>

#include "media/rtcp/RtcpReports.hpp"

namespace parley::media::sfu {

class ReceiveStatistics {
 public:
  using Clock = std::chrono::steady_clock;

  void update(std::uint16_t sequence, std::uint32_t rtp_timestamp, Clock::time_point arrival,
              std::uint32_t clock_rate) {
    if (!started_) {
      started_ = true;
      base_ = sequence;
      max_ = sequence;
    } else if (static_cast<std::uint16_t>(sequence - max_) < 0x8000 && sequence != max_) {
      if (sequence < max_) cycles_ += 0x10000;
      max_ = sequence;
    }
    ++received_;
    // Jitter in timestamp units from the arrival clock converted to the media clock.
    const auto arrival_us = std::chrono::duration_cast<std::chrono::microseconds>(arrival.time_since_epoch()).count();
    const auto arrival_ts = static_cast<std::int64_t>(static_cast<std::uint64_t>(arrival_us) * clock_rate / 1'000'000);
    const std::int64_t transit = arrival_ts - static_cast<std::int64_t>(rtp_timestamp);
    if (have_transit_) {
      const std::int64_t d = std::llabs(transit - last_transit_);
      jitter_ += (static_cast<double>(d) - jitter_) / 16.0;
    }
    last_transit_ = transit;
    have_transit_ = true;
  }

  // The source's sender report arrived (its NTP timestamp).
  void on_sender_report(std::uint64_t ntp, Clock::time_point arrival) {
    last_sr_ = static_cast<std::uint32_t>(ntp >> 16);
    last_sr_arrival_ = arrival;
    have_sr_ = true;
  }

  bool started() const { return started_; }

  rtcp::ReportBlock report(std::uint32_t ssrc, Clock::time_point now) {
    rtcp::ReportBlock b;
    b.ssrc = ssrc;
    const std::uint64_t extended_max = cycles_ + max_;
    const std::uint64_t expected = extended_max - base_ + 1;
    const std::int64_t lost = static_cast<std::int64_t>(expected) - static_cast<std::int64_t>(received_);
    b.cumulative_lost = static_cast<std::int32_t>(std::clamp<std::int64_t>(lost, -0x800000, 0x7FFFFF));
    const std::uint64_t expected_interval = expected - expected_prior_;
    const std::uint64_t received_interval = received_ - received_prior_;
    expected_prior_ = expected;
    received_prior_ = received_;
    if (expected_interval > 0 && expected_interval > received_interval) {
      b.fraction_lost = static_cast<std::uint8_t>(((expected_interval - received_interval) << 8) / expected_interval);
    }
    b.highest_sequence = static_cast<std::uint32_t>(extended_max);
    b.jitter = static_cast<std::uint32_t>(jitter_);
    if (have_sr_) {
      b.last_sr = last_sr_;
      const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(now - last_sr_arrival_).count();
      b.delay_since_last_sr = static_cast<std::uint32_t>(static_cast<std::uint64_t>(delay) * 65536 / 1'000'000);
    }
    return b;
  }

 private:
  bool started_ = false;
  std::uint16_t base_ = 0;
  std::uint16_t max_ = 0;
  std::uint64_t cycles_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  double jitter_ = 0;
  std::int64_t last_transit_ = 0;
  bool have_transit_ = false;
  std::uint32_t last_sr_ = 0;
  Clock::time_point last_sr_arrival_{};
  bool have_sr_ = false;
};

}  // namespace parley::media::sfu
