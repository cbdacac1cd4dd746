#include "ThreadCpu.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace parley::bench::sfu {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

pid_t current_tid() {
  return static_cast<pid_t>(::syscall(SYS_gettid));
}

std::set<pid_t> list_threads() {
  std::set<pid_t> out;
  DIR* dir = ::opendir("/proc/self/task");
  if (dir == nullptr) return out;
  while (dirent* e = ::readdir(dir)) {
    pid_t tid = 0;
    const std::string_view name(e->d_name);
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), tid);
    if (ec == std::errc() && p == name.data() + name.size()) out.insert(tid);
  }
  ::closedir(dir);
  return out;
}

std::optional<std::uint64_t> parse_schedstat_ns(std::string_view text) {
  std::uint64_t ns = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), ns);
  if (ec != std::errc() || p == text.data()) return std::nullopt;
  return ns;
}

std::optional<ThreadSchedStat> parse_schedstat(std::string_view text) {
  std::istringstream in{std::string(text)};
  ThreadSchedStat s;
  if (!(in >> s.cpu_ns >> s.wait_ns)) return std::nullopt;
  return s;
}

std::optional<ThreadSchedStat> thread_schedstat(pid_t tid) {
  const auto text = read_file("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  if (text.empty()) return std::nullopt;
  return parse_schedstat(text);
}

std::optional<std::uint64_t> thread_cpu_ns(pid_t tid) {
  const auto text = read_file("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  if (text.empty()) return std::nullopt;
  return parse_schedstat_ns(text);
}

std::uint64_t process_cpu_ns() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto ns = [](const timeval& tv) {
    return static_cast<std::uint64_t>(tv.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(tv.tv_usec) * 1000ULL;
  };
  return ns(usage.ru_utime) + ns(usage.ru_stime);
}

// "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (first line).
std::optional<MachineCpu> parse_proc_stat(std::string_view text) {
  if (text.substr(0, 4) != "cpu ") return std::nullopt;
  const auto end = text.find('\n');
  std::istringstream line(std::string(text.substr(4, end == std::string_view::npos ? text.npos : end - 4)));
  std::uint64_t values[8] = {};
  int n = 0;
  while (n < 8 && (line >> values[n])) ++n;
  if (n < 4) return std::nullopt;
  MachineCpu cpu;
  for (int i = 0; i < n; ++i) cpu.total += values[i];
  cpu.busy = cpu.total - values[3] - (n > 4 ? values[4] : 0);
  return cpu;
}

MachineCpu machine_cpu() {
  return parse_proc_stat(read_file("/proc/stat")).value_or(MachineCpu{});
}

}  // namespace parley::bench::sfu
