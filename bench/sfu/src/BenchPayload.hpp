// What every synthetic media packet carries after its codec descriptor: a magic, the stream (one per
// publisher), a per-stream sequence and the sender's CLOCK_REALTIME in nanoseconds, so a receiver can
// tell forwarding latency from the kernel's arrival timestamp. Pure; unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace parley::bench::sfu {

struct BenchPayload {
  std::uint32_t stream = 0;
  std::uint32_t sequence = 0;
  std::uint64_t send_ns = 0;
};

inline constexpr std::size_t kBenchPayloadSize = 20;
inline constexpr std::uint32_t kBenchPayloadMagic = 0x50534642;  // "PSFB"

// Writes into the first kBenchPayloadSize bytes; false if `out` is too small.
bool write_bench_payload(std::span<std::uint8_t> out, const BenchPayload& payload);
std::optional<BenchPayload> read_bench_payload(std::span<const std::uint8_t> bytes);

}  // namespace parley::bench::sfu
