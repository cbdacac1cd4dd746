#include "Histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace parley::bench {

int Histogram::index_of(std::uint64_t micros) noexcept {
  constexpr std::uint64_t linear = 1u << sub_bits;
  if (micros < linear) return static_cast<int>(micros);
  const int top = std::bit_width(micros) - 1;  // >= sub_bits
  const int shift = top - sub_bits;
  const int magnitude = shift + 1;
  if (magnitude > magnitudes) return bucket_count - 1;
  const auto sub = static_cast<int>((micros >> shift) - linear);  // 0..31
  return (magnitude << sub_bits) + sub;
}

std::uint64_t Histogram::upper_bound_of(int index) noexcept {
  constexpr std::uint64_t linear = 1u << sub_bits;
  const int magnitude = index >> sub_bits;
  const auto sub = static_cast<std::uint64_t>(index & (static_cast<int>(linear) - 1));
  if (magnitude == 0) return sub + 1;
  const int shift = magnitude - 1;
  return ((linear + sub + 1) << shift);
}

void Histogram::record(std::uint64_t nanoseconds) noexcept {
  ++buckets_[static_cast<std::size_t>(index_of(nanoseconds / 1000))];
  ++count_;
  sum_ns_ += nanoseconds;
  max_ns_ = std::max(max_ns_, nanoseconds);
}

void Histogram::merge(const Histogram& other) noexcept {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

double Histogram::percentile_ms(double q) const noexcept {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (int i = 0; i < bucket_count; ++i) {
    seen += buckets_[static_cast<std::size_t>(i)];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      const double bound_ms = static_cast<double>(upper_bound_of(i)) / 1e3;
      return std::min(bound_ms, max_ms());
    }
  }
  return max_ms();
}

}  // namespace parley::bench
