// At most one keyframe request (PLI/FIR) per producer per interval. A request refused inside the
// interval is remembered and due once the interval has passed, so a consumer that starts just
// after another one still gets its keyframe.
#pragma once

#include <chrono>

namespace parley::media::sfu {

class KeyframeLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit KeyframeLimiter(std::chrono::milliseconds interval = std::chrono::milliseconds(500)) : interval_(interval) {}

  // True if a request should be sent now.
  bool request(Clock::time_point now) {
    if (sent_once_ && now - last_ < interval_) {
      pending_ = true;
      return false;
    }
    mark_sent(now);
    return true;
  }
  // The request could not be sent (the publisher is not connected yet): due as soon as it can be.
  void defer() { pending_ = true; }
  // True if a deferred request is due now (then it counts as sent).
  bool due(Clock::time_point now) {
    if (!pending_ || (sent_once_ && now - last_ < interval_)) return false;
    mark_sent(now);
    return true;
  }
  bool pending() const { return pending_; }

 private:
  void mark_sent(Clock::time_point now) {
    last_ = now;
    sent_once_ = true;
    pending_ = false;
  }

  std::chrono::milliseconds interval_;
  Clock::time_point last_{};
  bool sent_once_ = false;
  bool pending_ = false;
};

}  // namespace parley::media::sfu
