// The kernel's UDP counters from /proc/net/snmp (this network namespace, every process): where loss
// happens on loopback. RcvbufErrors grow when a receiving socket's buffer is full (a receiver that
// does not keep up: the SFU's socket or the generator's), SndbufErrors when a sender's is.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::bench::sfu {

struct KernelUdpStats {
  std::uint64_t in_datagrams = 0;
  std::uint64_t out_datagrams = 0;
  std::uint64_t receive_buffer_errors = 0;
  std::uint64_t send_buffer_errors = 0;
};

std::optional<KernelUdpStats> parse_net_snmp_udp(std::string_view text);
KernelUdpStats kernel_udp_stats();  // zeros if unreadable

}  // namespace parley::bench::sfu
