#pragma once
// The benchmark scenarios. Each is bounded in count and time, talks only to the loopback server given
// by --url, and returns its result as JSON (docs/BENCHMARKS.md lists the fields).
#include <sys/types.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "Swarm.hpp"

namespace parley::bench {

enum class ServerKind { parley, reference };

struct Options {
  std::string url = "http://127.0.0.1:8080";
  ServerKind server = ServerKind::parley;
  pid_t server_pid = 0;  // for RSS and CPU samples
  unsigned threads = 1;
  EventSet events = EventSet::legacy;
  unsigned source_addresses = 0;  // 0: automatic (one per 25,000 clients beyond the first address)
  double max_seconds = 120;       // hard bound for the whole scenario

  // connect
  std::uint32_t clients = 1000;
  double connect_rate = 0;  // 0: as fast as the handshake window allows
  std::size_t connect_window = 256;
  double hold_seconds = 5;

  // fanout / mixed
  std::uint32_t rooms = 100;
  std::uint32_t members = 10;
  std::vector<double> rates{1, 2, 5, 10};  // events per member per second
  double warmup_seconds = 2;
  double step_seconds = 5;
  double stop_below_ratio = 0.5;  // stop stepping once deliveries fall below this share of the offered load
  std::size_t payload_pad = 0;

  // join
  double join_rate = 1000;  // joins per second (0: as fast as possible)

  // rest / mixed
  std::vector<std::string> rest_kinds{"login", "me", "history", "create_meeting"};
  unsigned concurrency = 50;
  double rest_seconds = 8;
  unsigned accounts = 50;
  double mixed_rate = 2;  // events per member per second during the login storm scenario
};

nlohmann::json run_connect(const Options& options);
nlohmann::json run_fanout(const Options& options);
nlohmann::json run_join(const Options& options);
nlohmann::json run_rest(const Options& options);
nlohmann::json run_mixed(const Options& options);

}  // namespace parley::bench
