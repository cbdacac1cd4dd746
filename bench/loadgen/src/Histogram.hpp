#pragma once
// A log-linear latency histogram (HDR-style): 32 sub-buckets per power of two of microseconds, so any
// percentile is within ~3% of the true value, in a fixed 10 KiB whatever the count. One per worker
// thread, merged at the end of a measurement window.
#include <array>
#include <cstdint>

namespace parley::bench {

class Histogram {
 public:
  void record(std::uint64_t nanoseconds) noexcept;
  void merge(const Histogram& other) noexcept;
  void reset() noexcept { *this = Histogram{}; }

  std::uint64_t count() const noexcept { return count_; }
  // In milliseconds. percentile(0.99) is p99; 0 when empty.
  double percentile_ms(double q) const noexcept;
  double max_ms() const noexcept { return static_cast<double>(max_ns_) / 1e6; }
  double mean_ms() const noexcept {
    return count_ ? static_cast<double>(sum_ns_) / static_cast<double>(count_) / 1e6 : 0;
  }

 private:
  static constexpr int sub_bits = 5;  // 32 sub-buckets
  static constexpr int magnitudes = 40;
  static constexpr int bucket_count = (magnitudes + 1) << sub_bits;
  static int index_of(std::uint64_t micros) noexcept;
  static std::uint64_t upper_bound_of(int index) noexcept;  // microseconds

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ns_ = 0;
  std::uint64_t sum_ns_ = 0;
};

}  // namespace parley::bench
