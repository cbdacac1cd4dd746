// parley-bench: the load generator for docs/BENCHMARKS.md. One scenario per run; the result is one JSON
// document on stdout (progress on stderr). Loopback targets only; every scenario is bounded by
// --max-seconds. See bench/run.sh for the suite.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "Scenarios.hpp"

namespace {

void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using parley::bench::EventSet;
  using parley::bench::Options;
  using parley::bench::ServerKind;
  Options o;
  CLI::App app{"parley-bench: Socket.IO / REST load generator for Parley and the reference Node stack"};
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--url", o.url, "Server base URL (loopback, plain HTTP)")->capture_default_str();
  app.add_option("--server", o.server, "Which server this is: parley or reference (REST routes differ)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ServerKind>{{"parley", ServerKind::parley}, {"reference", ServerKind::reference}}));
  app.add_option("--server-pid", o.server_pid, "Server process id, for RSS and CPU samples");
  app.add_option("--threads", o.threads, "Generator worker threads")->capture_default_str();
  app.add_option("--events", o.events, "Event set: legacy, native or hooks")
      ->transform(CLI::CheckedTransformer(std::map<std::string, EventSet>{
          {"legacy", EventSet::legacy}, {"native", EventSet::native}, {"hooks", EventSet::hooks}}));
  app.add_option("--source-addresses", o.source_addresses,
                 "Bind clients to 127.0.0.2.. (this many; 0 = one per 25,000 clients when more than 25,000)");
  app.add_option("--max-seconds", o.max_seconds, "Hard time bound of the scenario")->capture_default_str();
  app.add_option("--clients", o.clients, "Clients (connect, join)")->capture_default_str();
  app.add_option("--connect-rate", o.connect_rate, "Connects per second (0: window-limited)")->capture_default_str();
  app.add_option("--connect-window", o.connect_window, "Handshakes in flight per thread")->capture_default_str();
  app.add_option("--rooms", o.rooms, "Rooms (fanout, mixed)")->capture_default_str();
  app.add_option("--members", o.members, "Members per room")->capture_default_str();
  app.add_option("--payload-pad", o.payload_pad, "Extra payload bytes per event")->capture_default_str();
  app.add_option("--warmup", o.warmup_seconds, "Seconds before each measured window")->capture_default_str();
  app.add_option("--step-seconds", o.step_seconds, "Seconds per measured window")->capture_default_str();

  auto* connect = app.add_subcommand("connect", "Ramp to --clients connected clients; RSS per client, connect rate");
  connect->add_option("--hold", o.hold_seconds, "Seconds to hold the idle clients before measuring")
      ->capture_default_str();
  auto* fanout = app.add_subcommand("fanout", "R rooms x K members sending stamped events at stepped rates");
  fanout->add_option("--rates", o.rates, "Events per member per second, one step each")->delimiter(',');
  fanout->add_option("--stop-below", o.stop_below_ratio, "Stop stepping below this delivered share")
      ->capture_default_str();
  auto* join = app.add_subcommand("join", "Clients joining rooms of --members at --join-rate; join latency");
  join->add_option("--join-rate", o.join_rate, "Joins per second (0: all at once)")->capture_default_str();
  auto* rest = app.add_subcommand("rest", "Closed-loop REST load, one window per request kind");
  rest->add_option("--kinds", o.rest_kinds, "login, me, history, create_meeting, legacy_login, legacy_activity")
      ->delimiter(',');
  rest->add_option("--concurrency", o.concurrency, "Keep-alive connections")->capture_default_str();
  rest->add_option("--seconds", o.rest_seconds, "Seconds per kind")->capture_default_str();
  rest->add_option("--accounts", o.accounts, "Accounts to create and cycle through")->capture_default_str();
  auto* mixed = app.add_subcommand("mixed", "A login storm while a fan-out runs: fan-out p99 with and without it");
  mixed->add_option("--rate", o.mixed_rate, "Events per member per second")->capture_default_str();
  mixed->add_option("--logins", o.concurrency, "Concurrent logins in the storm")->capture_default_str();
  mixed->add_option("--accounts", o.accounts, "Accounts to create and cycle through")->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  raise_file_limit();
  try {
    nlohmann::json result;
    if (*connect)
      result = parley::bench::run_connect(o);
    else if (*fanout)
      result = parley::bench::run_fanout(o);
    else if (*join)
      result = parley::bench::run_join(o);
    else if (*rest)
      result = parley::bench::run_rest(o);
    else
      result = parley::bench::run_mixed(o);
    std::cout << result.dump(2) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "parley-bench: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
