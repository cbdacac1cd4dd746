// CPU time of single threads of this process, from /proc/self/task/<tid>/schedstat (nanoseconds on
// CPU, finer than the 10 ms ticks of /proc/.../stat), and the machine's busy fraction from /proc/stat.
// Parsers are pure and unit-tested.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

namespace parley::bench::sfu {

pid_t current_tid();
std::set<pid_t> list_threads();  // tids of this process
// /proc/self/task/<tid>/schedstat: time on a CPU, and time runnable but waiting for one (the
// direct measure of a thread starved by other load).
struct ThreadSchedStat {
  std::uint64_t cpu_ns = 0;
  std::uint64_t wait_ns = 0;
};
std::optional<ThreadSchedStat> thread_schedstat(pid_t tid);
// Nanoseconds thread `tid` has run; nullopt if it is gone.
std::optional<std::uint64_t> thread_cpu_ns(pid_t tid);
std::uint64_t process_cpu_ns();  // user + system of the whole process (getrusage)

struct MachineCpu {
  std::uint64_t busy = 0;   // jiffies not idle or iowait
  std::uint64_t total = 0;  // all jiffies, every core
};
MachineCpu machine_cpu();

std::optional<std::uint64_t> parse_schedstat_ns(std::string_view text);  // the first field
std::optional<ThreadSchedStat> parse_schedstat(std::string_view text);
std::optional<MachineCpu> parse_proc_stat(std::string_view text);

}  // namespace parley::bench::sfu
