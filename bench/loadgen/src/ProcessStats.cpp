#include "ProcessStats.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace parley::bench {

namespace {
std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
}  // namespace

std::optional<double> parse_vmrss_kib(std::string_view text) {
  const auto at = text.find("VmRSS:");
  if (at == std::string_view::npos) return std::nullopt;
  text.remove_prefix(at + 6);
  while (!text.empty() && (text[0] == ' ' || text[0] == '\t')) text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) return std::nullopt;
  return value;
}

std::optional<double> parse_cpu_ticks(std::string_view text) {
  // Fields after the command name (which may hold spaces and parentheses): state is field 3,
  // utime field 14, stime field 15.
  const auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::istringstream in(std::string(text.substr(close + 1)));
  std::string field;
  double utime = 0, stime = 0;
  for (int index = 3; index <= 15 && in >> field; ++index) {
    if (index == 14) utime = std::stod(field);
    if (index == 15) {
      stime = std::stod(field);
      return utime + stime;
    }
  }
  return std::nullopt;
}

std::optional<ProcessSample> sample_process(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  const auto status = slurp(base + "/status");
  const auto stat = slurp(base + "/stat");
  if (!status || !stat) return std::nullopt;
  const auto rss = parse_vmrss_kib(*status);
  const auto ticks = parse_cpu_ticks(*stat);
  if (!rss || !ticks) return std::nullopt;
  return ProcessSample{*rss, *ticks / static_cast<double>(sysconf(_SC_CLK_TCK))};
}

ProcessSample sample_self() {
  return sample_process(getpid()).value_or(ProcessSample{});
}

}  // namespace parley::bench
