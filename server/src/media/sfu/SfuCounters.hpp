// The SFU's counters as the media thread writes them (single writer, relaxed atomics) and
// SfuService::stats() reads them from any thread. Field meanings are those of SfuStats.
#pragma once

#include <atomic>
#include <cstdint>

#include "media/net/MediaUdpEndpoint.hpp"

namespace parley::media::sfu {

using net::bump;

struct SfuCounters {
  std::atomic<std::uint64_t> transports{0}, producers{0}, consumers{0}, rooms{0};
  std::atomic<std::uint64_t> packets_in{0}, bytes_in{0};
  std::atomic<std::uint64_t> rtcp_in{0}, rtcp_out{0};
  std::atomic<std::uint64_t> nacks_received{0}, retransmissions{0}, plis_sent{0}, plis_received{0};
  std::atomic<std::uint64_t> stun_requests{0}, stun_responses{0};
  std::atomic<std::uint64_t> dropped_unknown_source{0}, dropped_malformed{0}, dropped_srtp{0};
  std::atomic<std::uint64_t> dropped_unknown_ssrc{0}, dropped_send_queue{0};
};

inline void drop_gauge(std::atomic<std::uint64_t>& gauge, std::uint64_t by = 1) {
  gauge.store(gauge.load(std::memory_order_relaxed) - by, std::memory_order_relaxed);
}

}  // namespace parley::media::sfu
