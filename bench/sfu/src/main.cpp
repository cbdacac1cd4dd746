// parley-sfu-bench: video consumers per core for SfuService and for a plain sendmmsg forwarder (the
// kernel's ceiling), stepping the number of consumers until loss passes the limit or time runs out.
// Loopback only; every step and the whole run are bounded in time. See docs/bench/sfu.md.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "CryptoCost.hpp"
#include "KernelUdpStats.hpp"
#include "Scenario.hpp"
#include "ThreadCpu.hpp"

namespace parley::bench::sfu {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Config {
  std::vector<std::string> modes = {"plain", "sfu"};
  std::vector<std::size_t> steps = {50, 100, 200, 400, 800, 1200, 1600, 2000, 2400, 3200, 4000};
  ScenarioOptions scenario;
  double duration_s = 5;
  double budget_s = 240;  // all modes together, setup included
  double loss_limit = 0.01;
  std::string out;
  std::string markdown;
  std::string plot_data;
  bool crypto = true;
};

struct CpuSnapshot {
  Clock::time_point at;
  std::uint64_t forwarding = 0, publishers = 0, subscribers = 0, process = 0;
  std::uint64_t forwarding_wait = 0, subscribers_wait = 0;  // runnable, waiting for a CPU
  MachineCpu machine;
  KernelUdpStats udp;
};

CpuSnapshot snapshot(Scenario& s) {
  CpuSnapshot c;
  c.at = Clock::now();
  const auto forwarding = thread_schedstat(s.forwarding_thread()).value_or(ThreadSchedStat{});
  const auto subscribers = thread_schedstat(s.subscribers().thread_id()).value_or(ThreadSchedStat{});
  c.forwarding = forwarding.cpu_ns;
  c.forwarding_wait = forwarding.wait_ns;
  c.subscribers_wait = subscribers.wait_ns;
  c.publishers = thread_cpu_ns(s.publishers().thread_id()).value_or(0);
  c.subscribers = subscribers.cpu_ns;
  c.process = process_cpu_ns();
  c.machine = machine_cpu();
  c.udp = kernel_udp_stats();
  return c;
}

void sleep_for(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

// One measurement window: media paused and drained before, paced media for `duration`, then paused
// again; packets still in flight are given 300 ms to arrive before counting.
json measure(Scenario& s, const Config& config) {
  s.publishers().set_sending(false);
  sleep_for(0.3);
  (void)s.publishers().take_stats();
  (void)s.subscribers().take_stats();
  const json server_before = s.server_stats();
  const auto before = snapshot(s);
  s.publishers().set_sending(true);
  sleep_for(config.duration_s);
  s.publishers().set_sending(false);
  const auto after = snapshot(s);
  sleep_for(0.3);
  const auto udp_drained = kernel_udp_stats();
  auto sent = s.publishers().take_stats();
  auto received = s.subscribers().take_stats();
  const json server_after = s.server_stats();

  std::uint64_t expected = 0;
  const auto& fanout = s.subscribers_per_stream();
  for (std::size_t i = 0; i < sent.sent_per_stream.size() && i < fanout.size(); ++i) {
    expected += sent.sent_per_stream[i] * fanout[i];
  }
  const double wall = std::chrono::duration<double>(after.at - before.at).count();
  auto fraction = [&](std::uint64_t a, std::uint64_t b) { return static_cast<double>(b - a) / 1e9 / wall; };
  const double forwarding = fraction(before.forwarding, after.forwarding);
  const double publisher_thread = fraction(before.publishers, after.publishers);
  const double subscriber_thread = fraction(before.subscribers, after.subscribers);
  const double generator = publisher_thread + subscriber_thread;
  const double process = fraction(before.process, after.process);
  const double machine_total = static_cast<double>(after.machine.total - before.machine.total);
  const double cores = static_cast<double>(std::thread::hardware_concurrency());
  const double machine_busy =
      machine_total > 0 ? static_cast<double>(after.machine.busy - before.machine.busy) / machine_total * cores : 0;
  const double loss =
      expected > 0 ? std::max(0.0, 1.0 - static_cast<double>(received.rtp_received) / static_cast<double>(expected))
                   : 1.0;
  const double consumers = static_cast<double>(s.consumers());
  const std::uint64_t receive_buffer_errors = udp_drained.receive_buffer_errors - before.udp.receive_buffer_errors;
  const std::uint64_t send_buffer_errors = udp_drained.send_buffer_errors - before.udp.send_buffer_errors;
  // Which side ran out first, judged from the threads' CPU and the machine (a heuristic, stated as such).
  const double forwarding_wait = fraction(before.forwarding_wait, after.forwarding_wait);
  std::string limit = "none (loss under the limit)";
  if (loss > config.loss_limit) {
    std::ostringstream waited;
    waited << std::fixed << std::setprecision(0) << forwarding_wait * 100;
    if (forwarding > 0.9) {
      limit = "forwarding thread CPU";
    } else if (subscriber_thread > 0.9 || publisher_thread > 0.9) {
      limit = "generator thread CPU";
    } else if (machine_busy > cores * 0.95) {
      limit = "machine saturated: forwarding thread waited " + waited.str() + "% of the window for a CPU";
    } else {
      limit = "unclear: no thread saturated (socket buffers, scheduling)";
    }
  }

  // Counters as deltas over the window; gauges (and the state tally) as they are at its end.
  static const std::set<std::string> kGauges = {"transports", "producers", "consumers", "rooms"};
  json server_delta = json::object();
  for (auto& [key, value] : server_after.items()) {
    if (value.is_number_unsigned() && server_before.contains(key) && kGauges.count(key) == 0) {
      server_delta[key] = value.get<std::uint64_t>() - server_before[key].get<std::uint64_t>();
    } else {
      server_delta[key] = value;
    }
  }
  return {{"consumers", s.consumers()},
          {"rooms", s.rooms()},
          {"publishers", s.streams()},
          {"window_s", wall},
          {"packets_sent", sent.rtp_sent},
          {"publisher_pps", static_cast<double>(sent.rtp_sent) / wall / std::max<double>(1, s.streams())},
          {"packets_expected", expected},
          {"packets_received", received.rtp_received},
          {"delivered_pps", static_cast<double>(received.rtp_received) / wall},
          {"loss", loss},
          {"latency_samples", received.latency.count()},
          {"latency_p50_ms", received.latency.percentile_ms(0.50)},
          {"latency_p99_ms", received.latency.percentile_ms(0.99)},
          {"latency_max_ms", received.latency.max_ms()},
          {"decrypted", received.decrypted},
          {"srtp_failures", received.srtp_failures},
          {"bench_payload_errors", received.bench_payload_errors},
          {"generator_send_errors", sent.send_errors + received.send_errors},
          {"forwarding_thread_cpu", forwarding},
          {"cpu_per_consumer_pct", consumers > 0 ? forwarding * 100 / consumers : 0},
          {"cpu_us_per_delivered_packet",
           received.rtp_received > 0 ? forwarding * wall * 1e6 / static_cast<double>(received.rtp_received) : 0},
          {"consumers_per_core", forwarding > 0 ? consumers / forwarding : 0},
          {"generator_cpu", generator},
          {"forwarding_thread_runqueue_wait", forwarding_wait},
          {"subscriber_thread_runqueue_wait", fraction(before.subscribers_wait, after.subscribers_wait)},
          {"publisher_thread_cpu", publisher_thread},
          {"subscriber_thread_cpu", subscriber_thread},
          {"kernel_udp_receive_buffer_errors", receive_buffer_errors},
          {"kernel_udp_send_buffer_errors", send_buffer_errors},
          {"limit", limit},
          {"process_cpu", process},
          {"machine_busy_cores", machine_busy},
          {"other_processes_cores", std::max(0.0, machine_busy - process)},
          {"server", server_delta}};
}

// The modes run interleaved, step by step (plain at N, sfu at N, plain at 2N, ...), so that both see
// the same background load on this shared machine; each mode stops at its first step above the
// loss limit or when its setup fails, and all of them at the time budget.
struct ModeRun {
  std::string mode;
  std::unique_ptr<Scenario> scenario;
  json result;
  bool done = false;
};

void run_step(ModeRun& run, std::size_t step, const Config& config) {
  const auto setup_start = Clock::now();
  std::string error;
  if (!run.scenario->grow_to(step, error)) {
    run.result["stopped"] = "setup failed at " + std::to_string(step) + " consumers: " + error;
    std::cerr << "[" << run.mode << "] " << run.result["stopped"].get<std::string>() << "\n";
    run.done = true;
    return;
  }
  const double setup_s = std::chrono::duration<double>(Clock::now() - setup_start).count();
  json row = measure(*run.scenario, config);
  row["setup_s"] = setup_s;
  std::cerr << "[" << run.mode << "] consumers " << step << " loss " << std::fixed << std::setprecision(4)
            << row["loss"].get<double>() << " forwarding cpu " << row["forwarding_thread_cpu"].get<double>() << " p99 "
            << row["latency_p99_ms"].get<double>() << " ms generator cpu " << row["generator_cpu"].get<double>()
            << " other " << row["other_processes_cores"].get<double>() << "\n";
  const bool over = row["loss"].get<double>() > config.loss_limit;
  run.result["steps"].push_back(std::move(row));
  if (over) {
    run.result["stopped"] = "loss above limit";
    run.done = true;
  }
}

// Per mode: the largest step under the loss limit, and the median CPU per consumer over the steps
// under the limit where the forwarding thread was at least 5% busy (fixed costs blur smaller ones).
void summarize(json& result, const Config& config) {
  std::vector<double> per_consumer, per_packet;
  for (const auto& row : result["steps"]) {
    if (row["loss"].get<double>() > config.loss_limit) continue;
    result["best"] = row;
    if (row["forwarding_thread_cpu"].get<double>() >= 0.05) {
      per_consumer.push_back(row["cpu_per_consumer_pct"]);
      per_packet.push_back(row["cpu_us_per_delivered_packet"]);
    }
  }
  if (per_consumer.empty()) return;
  std::sort(per_consumer.begin(), per_consumer.end());
  std::sort(per_packet.begin(), per_packet.end());
  result["cpu_us_per_delivered_packet_median"] = per_packet[per_packet.size() / 2];
  const double median = per_consumer[per_consumer.size() / 2];
  result["cpu_per_consumer_pct_median"] = median;
  result["cpu_per_consumer_pct_min"] = per_consumer.front();
  result["cpu_per_consumer_pct_max"] = per_consumer.back();
  result["consumers_per_core_from_median"] = 100.0 / median;
}

json run_modes(const Config& config) {
  std::vector<ModeRun> runs;
  for (const auto& mode : config.modes) {
    ModeRun run{mode,
                mode == "plain" ? make_plain_scenario(config.scenario) : make_sfu_scenario(config.scenario),
                {{"mode", mode}, {"steps", json::array()}}};
    if (!run.scenario) {
      run.result["error"] = "SfuService (parley_media_sfu) is not part of this build";
      std::cerr << "[" << mode << "] " << run.result["error"].get<std::string>() << "\n";
      run.done = true;
    }
    runs.push_back(std::move(run));
  }
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.budget_s));
  for (std::size_t step : config.steps) {
    for (auto& run : runs) {
      if (run.done) continue;
      if (Clock::now() >= deadline) {
        run.result["stopped"] = "time budget";
        run.done = true;
        continue;
      }
      run_step(run, step, config);
    }
  }
  json modes = json::array();
  for (auto& run : runs) {
    if (!run.result.contains("stopped") && !run.result.contains("error")) run.result["stopped"] = "last step";
    summarize(run.result, config);
    modes.push_back(std::move(run.result));
  }
  return modes;
}

std::string utc_now(const char* format) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof(buffer), format, &tm);
  return buffer;
}

std::string markdown_table(const json& report) {
  std::ostringstream md;
  md << std::fixed;
  md << "| mode | consumers | loss % | fwd thread CPU % | CPU/consumer (% core) | consumers/core | p50 ms | p99 ms "
        "| delivered pkt/s | generator CPU % | other load (cores) | fwd thread waited for a CPU % | limit |\n";
  md << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& mode : report["modes"]) {
    for (const auto& r : mode["steps"]) {
      md << "| " << mode["mode"].get<std::string>() << " | " << r["consumers"].get<std::size_t>() << " | "
         << std::setprecision(2) << r["loss"].get<double>() * 100 << " | " << std::setprecision(1)
         << r["forwarding_thread_cpu"].get<double>() * 100 << " | " << std::setprecision(4)
         << r["cpu_per_consumer_pct"].get<double>() << " | " << std::setprecision(0)
         << r["consumers_per_core"].get<double>() << " | " << std::setprecision(2) << r["latency_p50_ms"].get<double>()
         << " | " << r["latency_p99_ms"].get<double>() << " | " << std::setprecision(0)
         << r["delivered_pps"].get<double>() << " | " << std::setprecision(1) << r["generator_cpu"].get<double>() * 100
         << " | " << std::setprecision(2) << r["other_processes_cores"].get<double>() << " | " << std::setprecision(0)
         << r["forwarding_thread_runqueue_wait"].get<double>() * 100 << " | " << r["limit"].get<std::string>()
         << " |\n";
    }
  }
  md << "\n| mode | most consumers under the loss limit | CPU per consumer, median (min-max), % of a core "
        "| consumers per core (from the median) | CPU per forwarded packet, median, us | stopped |\n"
        "|---|---:|---:|---:|---:|---|\n";
  for (const auto& mode : report["modes"]) {
    md << "| " << mode["mode"].get<std::string>() << " | "
       << (mode.contains("best") ? std::to_string(mode["best"]["consumers"].get<std::size_t>()) : "-") << " | ";
    if (mode.contains("cpu_per_consumer_pct_median")) {
      md << std::setprecision(4) << mode["cpu_per_consumer_pct_median"].get<double>() << " ("
         << mode["cpu_per_consumer_pct_min"].get<double>() << "-" << mode["cpu_per_consumer_pct_max"].get<double>()
         << ") | " << std::setprecision(0) << mode["consumers_per_core_from_median"].get<double>() << " | "
         << std::setprecision(2) << mode["cpu_us_per_delivered_packet_median"].get<double>();
    } else {
      md << "- | - | -";
    }
    md << " | " << (mode.contains("stopped") ? mode["stopped"].get<std::string>() : mode.value("error", "")) << " |\n";
  }
  return md.str();
}

void write_plot_data(const json& report, const std::string& path) {
  std::ofstream out(path);
  for (const auto& mode : report["modes"]) {
    out << "# " << mode["mode"].get<std::string>() << "\n";
    out << "# consumers forwarding_cpu_pct loss_pct p99_ms generator_cpu_pct forwarding_runqueue_wait_pct\n";
    for (const auto& r : mode["steps"]) {
      out << r["consumers"].get<std::size_t>() << " " << r["forwarding_thread_cpu"].get<double>() * 100 << " "
          << r["loss"].get<double>() * 100 << " " << r["latency_p99_ms"].get<double>() << " "
          << r["generator_cpu"].get<double>() * 100 << " " << r["forwarding_thread_runqueue_wait"].get<double>() * 100
          << "\n";
    }
    out << "\n\n";  // gnuplot index separator
  }
}

void raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace
}  // namespace parley::bench::sfu

int main(int argc, char** argv) {
  using namespace parley::bench::sfu;
  Config config;
  CLI::App app{"parley-sfu-bench: forwarded video consumers per core, SfuService vs a plain sendmmsg forwarder"};
  app.add_option("--modes", config.modes, "plain, sfu (in order)")->delimiter(',');
  app.add_option("--steps", config.steps, "consumer counts to try, ascending")->delimiter(',');
  app.add_option("--publishers-per-room", config.scenario.publishers_per_room, "video publishers in each room");
  app.add_option("--subscribers-per-room", config.scenario.subscribers_per_room, "subscribers of each publisher");
  app.add_option("--decrypt-every", config.scenario.decrypt_every, "SRTP-decrypt every Nth packet per subscriber");
  app.add_option("--srtp-profile", config.scenario.srtp_profile, "SRTP profile the clients offer: gcm or cm")
      ->check(CLI::IsMember({"gcm", "cm"}));
  app.add_option("--duration", config.duration_s, "seconds of media per step");
  app.add_option("--budget", config.budget_s, "seconds for all modes together, setup included");
  app.add_option("--loss-limit", config.loss_limit, "stop after the first step above this loss (0.01 = 1%)");
  app.add_flag("!--no-crypto", config.crypto, "skip the per-packet SRTP cost measurement");
  app.add_option("--out", config.out, "JSON report");
  app.add_option("--markdown", config.markdown, "markdown table");
  app.add_option("--plot-data", config.plot_data, "gnuplot data file");
  CLI11_PARSE(app, argc, argv);
  if (config.scenario.decrypt_every == 0) config.scenario.decrypt_every = 1;
  raise_fd_limit();

  nlohmann::json report = {{"date", utc_now("%Y-%m-%dT%H:%M:%SZ")},
                           {"cores", std::thread::hardware_concurrency()},
                           {"publishers_per_room", config.scenario.publishers_per_room},
                           {"subscribers_per_room", config.scenario.subscribers_per_room},
                           {"decrypt_every", config.scenario.decrypt_every},
                           {"srtp_profile", config.scenario.srtp_profile},
                           {"duration_s", config.duration_s},
                           {"loss_limit", config.loss_limit},
                           {"media", "video-like RTP, 30 fps x 3 packets of 1200 bytes (+SRTP tag) per publisher"},
                           {"modes", nlohmann::json::array()}};
  std::string crypto_table;
  if (config.crypto) {
    report["srtp_cost"] = nlohmann::json::array();
    crypto_table = "\n| SRTP protection of one 1200-byte packet | ns/packet |\n|---|---:|\n";
    for (const auto& c : measure_crypto_cost(1200, std::chrono::milliseconds(500))) {
      report["srtp_cost"].push_back({{"name", c.name}, {"ns_per_packet", c.ns_per_packet}, {"packets", c.packets}});
      crypto_table += "| " + c.name + " | " + std::to_string(static_cast<long>(c.ns_per_packet)) + " |\n";
    }
    std::cerr << crypto_table;
  }
  report["modes"] = run_modes(config);
  const std::string table = markdown_table(report) + crypto_table;
  std::cout << table;
  if (!config.out.empty()) std::ofstream(config.out) << report.dump(2) << "\n";
  if (!config.markdown.empty()) std::ofstream(config.markdown) << table;
  if (!config.plot_data.empty()) write_plot_data(report, config.plot_data);
  return 0;
}
