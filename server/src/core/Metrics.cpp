#include "core/Metrics.hpp"

#include <iomanip>
#include <sstream>

namespace parley::core {

Counter& LabeledCounter::with(const std::string& value) {
  std::lock_guard lock(mutex_);
  auto& slot = values_[value];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

std::vector<std::pair<std::string, std::int64_t>> LabeledCounter::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::int64_t>> out;
  out.reserve(values_.size());
  for (const auto& [value, counter] : values_) out.emplace_back(value, counter->value());
  return out;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& help, Type type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.type = type;
  }
  return it->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, Type::counter);
  if (!f.plain) f.plain = std::make_unique<Counter>();
  return *f.plain;
}

Counter& MetricsRegistry::gauge(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, Type::gauge);
  if (!f.plain) f.plain = std::make_unique<Counter>();
  return *f.plain;
}

LabeledCounter& MetricsRegistry::labeled(const std::string& name, const std::string& help, const std::string& label,
                                         Type type) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, type);
  if (!f.labeled) f.labeled = std::make_unique<LabeledCounter>(label);
  return *f.labeled;
}

void MetricsRegistry::computed(const std::string& name, const std::string& help, Type type,
                               std::function<double()> read) {
  std::lock_guard lock(mutex_);
  family(name, help, type).computed = std::move(read);
}

namespace {
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << std::setprecision(15);
  for (const auto& [name, f] : families_) {
    out << "# HELP " << name << ' ' << f.help << '\n';
    out << "# TYPE " << name << ' ' << (f.type == Type::counter ? "counter" : "gauge") << '\n';
    if (f.plain) out << name << ' ' << f.plain->value() << '\n';
    if (f.labeled) {
      for (const auto& [value, n] : f.labeled->snapshot())
        out << name << '{' << f.labeled->label() << "=\"" << escape_label(value) << "\"} " << n << '\n';
    }
    if (f.computed) out << name << ' ' << f.computed() << '\n';
  }
  return out.str();
}

}  // namespace parley::core
