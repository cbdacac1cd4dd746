#pragma once
// Refuses logins after repeated failures for one username or from one address, for a lockout period.
// In memory (one node); thread-safe; bounded (oldest entries are evicted past max_entries).
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace parley::auth {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // An address gets more tries than a username: several people may share one (NAT, an office).
  LoginThrottle(unsigned max_failures_per_username, unsigned max_failures_per_address, std::chrono::seconds lockout,
                Now now = Clock::now, std::size_t max_entries = 100000);

  // Seconds to wait when either the username or the address is locked out.
  std::optional<std::chrono::seconds> retry_after(const std::string& username, const std::string& address);
  void record_failure(const std::string& username, const std::string& address);
  void record_success(const std::string& username);

 private:
  struct Entry {
    unsigned failures = 0;
    Clock::time_point window_start{};
    std::optional<Clock::time_point> locked_until;
  };
  void fail(std::unordered_map<std::string, Entry>& map, const std::string& key, unsigned max_failures,
            Clock::time_point now);
  std::optional<std::chrono::seconds> locked(std::unordered_map<std::string, Entry>& map, const std::string& key,
                                             Clock::time_point now);
  void evict_if_full(std::unordered_map<std::string, Entry>& map, Clock::time_point now);

  unsigned max_per_username_;
  unsigned max_per_address_;
  std::chrono::seconds lockout_;
  Now now_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> by_username_;
  std::unordered_map<std::string, Entry> by_address_;
};

}  // namespace parley::auth
