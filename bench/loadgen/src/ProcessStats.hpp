#pragma once
// Another process's resident memory and CPU time, read from /proc (Linux), and this process's own.
#include <sys/types.h>
#include <optional>
#include <string_view>

namespace parley::bench {

struct ProcessSample {
  double rss_kib = 0;      // VmRSS
  double cpu_seconds = 0;  // user + system
};

std::optional<ProcessSample> sample_process(pid_t pid);
ProcessSample sample_self();

// Pure parsers for the two files, exposed for tests.
std::optional<double> parse_vmrss_kib(std::string_view status_text);
// utime + stime in clock ticks from the text of /proc/<pid>/stat.
std::optional<double> parse_cpu_ticks(std::string_view stat_text);

}  // namespace parley::bench
