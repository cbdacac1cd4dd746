#include "BenchPayload.hpp"

namespace parley::bench::sfu {
namespace {

void store(std::uint8_t* p, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

std::uint64_t load(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

bool write_bench_payload(std::span<std::uint8_t> out, const BenchPayload& payload) {
  if (out.size() < kBenchPayloadSize) return false;
  store(out.data(), kBenchPayloadMagic, 4);
  store(out.data() + 4, payload.stream, 4);
  store(out.data() + 8, payload.sequence, 4);
  store(out.data() + 12, payload.send_ns, 8);
  return true;
}

std::optional<BenchPayload> read_bench_payload(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kBenchPayloadSize || load(bytes.data(), 4) != kBenchPayloadMagic) return std::nullopt;
  BenchPayload p;
  p.stream = static_cast<std::uint32_t>(load(bytes.data() + 4, 4));
  p.sequence = static_cast<std::uint32_t>(load(bytes.data() + 8, 4));
  p.send_ns = load(bytes.data() + 12, 8);
  return p;
}

}  // namespace parley::bench::sfu
