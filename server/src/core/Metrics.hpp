#pragma once
// A small Prometheus registry: counters and gauges, optionally with one label, rendered in the text
// exposition format. Updates are lock-free atomics; only creating a new label value takes a lock.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace parley::core {

class Counter {
 public:
  void add(std::int64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void sub(std::int64_t n = 1) noexcept { value_.fetch_sub(n, std::memory_order_relaxed); }
  void set(std::int64_t n) noexcept { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// A counter family keyed by one label ("status", "reason", ...).
class LabeledCounter {
 public:
  explicit LabeledCounter(std::string label) : label_(std::move(label)) {}
  Counter& with(const std::string& value);
  const std::string& label() const noexcept { return label_; }
  std::vector<std::pair<std::string, std::int64_t>> snapshot() const;

 private:
  std::string label_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Counter>> values_;
};

class MetricsRegistry {
 public:
  enum class Type { counter, gauge };

  // Returned references stay valid for the registry's lifetime.
  Counter& counter(const std::string& name, const std::string& help);
  Counter& gauge(const std::string& name, const std::string& help);
  LabeledCounter& labeled(const std::string& name, const std::string& help, const std::string& label,
                          Type type = Type::counter);
  // A value computed when scraped (uptime, pool queue length, ...).
  void computed(const std::string& name, const std::string& help, Type type, std::function<double()> read);

  std::string render() const;

 private:
  struct Family {
    std::string help;
    Type type;
    std::unique_ptr<Counter> plain;
    std::unique_ptr<LabeledCounter> labeled;
    std::function<double()> computed;
  };
  Family& family(const std::string& name, const std::string& help, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace parley::core
