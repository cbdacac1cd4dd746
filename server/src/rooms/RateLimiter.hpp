#pragma once
// A token bucket on an injected clock: `burst` events at once, refilled at `per_second`.
#include <algorithm>
#include <chrono>

namespace parley::rooms {

class RateLimiter {
 public:
  RateLimiter() = default;
  RateLimiter(double burst, double per_second) : burst_(burst), per_second_(per_second), tokens_(burst) {}

  // Takes one token when one is available at `now`.
  bool allow(std::chrono::steady_clock::time_point now) {
    if (started_) {
      const std::chrono::duration<double> elapsed = now - last_;
      if (elapsed.count() > 0) tokens_ = std::min(burst_, tokens_ + elapsed.count() * per_second_);
    }
    started_ = true;
    last_ = std::max(last_, now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  double burst_ = 1;
  double per_second_ = 1;
  double tokens_ = 1;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace parley::rooms
