#include "auth/LoginThrottle.hpp"

#include <algorithm>

namespace parley::auth {

LoginThrottle::LoginThrottle(unsigned max_failures_per_username, unsigned max_failures_per_address,
                             std::chrono::seconds lockout, Now now, std::size_t max_entries)
    : max_per_username_(std::max(1u, max_failures_per_username)),
      max_per_address_(std::max(1u, max_failures_per_address)),
      lockout_(lockout),
      now_(std::move(now)),
      max_entries_(max_entries) {}

std::optional<std::chrono::seconds> LoginThrottle::locked(std::unordered_map<std::string, Entry>& map,
                                                          const std::string& key, Clock::time_point now) {
  auto it = map.find(key);
  if (it == map.end() || !it->second.locked_until) return std::nullopt;
  if (*it->second.locked_until <= now) {
    map.erase(it);
    return std::nullopt;
  }
  const auto left = std::chrono::ceil<std::chrono::seconds>(*it->second.locked_until - now);
  return std::max(left, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> LoginThrottle::retry_after(const std::string& username,
                                                               const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto a = locked(by_username_, username, now);
  auto b = locked(by_address_, address, now);
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

void LoginThrottle::evict_if_full(std::unordered_map<std::string, Entry>& map, Clock::time_point now) {
  if (map.size() < max_entries_) return;
  // First drop what has expired; if that is not enough, forget everything (a memory bound beats a
  // perfect count under an address-spraying attack).
  for (auto it = map.begin(); it != map.end();) {
    const bool stale =
        it->second.locked_until ? *it->second.locked_until <= now : now - it->second.window_start > lockout_;
    it = stale ? map.erase(it) : std::next(it);
  }
  if (map.size() >= max_entries_) map.clear();
}

void LoginThrottle::fail(std::unordered_map<std::string, Entry>& map, const std::string& key, unsigned max_failures,
                         Clock::time_point now) {
  evict_if_full(map, now);
  auto& entry = map[key];
  // Failures count within one lockout-long window.
  if (entry.failures == 0 || now - entry.window_start > lockout_) {
    entry.failures = 0;
    entry.window_start = now;
    entry.locked_until.reset();
  }
  if (++entry.failures >= max_failures) entry.locked_until = now + lockout_;
}

void LoginThrottle::record_failure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  fail(by_username_, username, max_per_username_, now);
  fail(by_address_, address, max_per_address_, now);
}

void LoginThrottle::record_success(const std::string& username) {
  std::lock_guard lock(mutex_);
  by_username_.erase(username);
}

}  // namespace parley::auth
