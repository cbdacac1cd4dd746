#include "Scenarios.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>

#include "HttpClient.hpp"
#include "ProcessStats.hpp"
#include "RestLoad.hpp"
#include "Workers.hpp"

namespace parley::bench {

namespace asio = boost::asio;
using json = nlohmann::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint32_t clients_per_source = 25000;
const std::string bench_password = "bench-password-1";

void log(const std::string& line) {
  std::cerr << "parley-bench: " << line << std::endl;
}

void sleep_s(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Clock::time_point deadline_after(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

double seconds_left(Clock::time_point deadline) {
  return std::max(0.0, std::chrono::duration<double>(deadline - Clock::now()).count());
}

struct Server {
  tcp::endpoint endpoint;
  std::string host;
};

Server parse_url(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0)
    rest = rest.substr(7);
  else if (rest.rfind("ws://", 0) == 0)
    rest = rest.substr(5);
  else
    throw std::invalid_argument("--url must be http://HOST:PORT (loopback, no TLS)");
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--url needs a port");
  std::string host = rest.substr(0, colon);
  const auto port = static_cast<unsigned short>(std::stoi(rest.substr(colon + 1)));
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host);
  if (!address.is_loopback()) throw std::invalid_argument("the bench only targets loopback addresses");
  return {tcp::endpoint(address, port), rest};
}

std::vector<asio::ip::address> source_addresses(const Options& options, std::uint32_t clients, const Server& server) {
  unsigned count = options.source_addresses;
  if (count == 0) count = clients > clients_per_source ? (clients + clients_per_source - 1) / clients_per_source : 0;
  std::vector<asio::ip::address> out;
  if (count == 0 || !server.endpoint.address().is_v4()) return out;
  for (unsigned i = 0; i < count && i < 250; ++i) {
    out.push_back(asio::ip::make_address_v4("127.0.0." + std::to_string(2 + i)));
  }
  return out;
}

json histogram_json(const Histogram& h) {
  return json{{"count", h.count()},
              {"p50_ms", h.percentile_ms(0.50)},
              {"p90_ms", h.percentile_ms(0.90)},
              {"p99_ms", h.percentile_ms(0.99)},
              {"max_ms", h.max_ms()},
              {"mean_ms", h.mean_ms()}};
}

json reasons_json(const std::map<std::string, std::uint64_t>& reasons) {
  json out = json::object();
  for (const auto& [reason, count] : reasons) out[reason] = count;
  return out;
}

// CPU use of the server and of the generator over a window, in percent of one core.
class CpuWindow {
 public:
  explicit CpuWindow(pid_t server) : server_pid_(server) { restart(); }
  void restart() {
    start_ = Clock::now();
    self_ = sample_self();
    if (server_pid_) server_ = sample_process(server_pid_).value_or(ProcessSample{});
  }
  json finish() const {
    const double elapsed = std::max(1e-6, seconds_since(start_));
    json out{{"generator_cpu_pct", 100 * (sample_self().cpu_seconds - self_.cpu_seconds) / elapsed}};
    if (server_pid_) {
      if (auto now = sample_process(server_pid_)) {
        out["server_cpu_pct"] = 100 * (now->cpu_seconds - server_.cpu_seconds) / elapsed;
        out["server_rss_kib"] = now->rss_kib;
      }
    }
    return out;
  }

 private:
  pid_t server_pid_;
  Clock::time_point start_;
  ProcessSample self_, server_;
};

std::string account_name(unsigned i) {
  return "bench" + std::to_string(i);
}

// Creates (or reuses) an account and returns a session token. Parley: /api/v1/auth/*; the reference
// (and Parley's legacy routes): /api/v1/users/*.
std::string register_and_login(const Server& server, bool legacy_routes, const std::string& username) {
  const std::string base = legacy_routes ? "/api/v1/users/" : "/api/v1/auth/";
  const json credentials{{"name", "Bench " + username}, {"username", username}, {"password", bench_password}};
  const auto registered = http_call(server.endpoint, server.host, {"POST", base + "register", credentials.dump(), ""});
  if (registered.status == 0) throw std::runtime_error("register: " + registered.error);
  const auto login =
      http_call(server.endpoint, server.host,
                {"POST", base + "login", json{{"username", username}, {"password", bench_password}}.dump(), ""});
  if (login.status != 200) {
    throw std::runtime_error("login " + username + ": HTTP " + std::to_string(login.status) + " " + login.body +
                             login.error);
  }
  return json::parse(login.body).at("token").get<std::string>();
}

std::vector<std::string> create_meetings(const Server& server, std::uint32_t count) {
  const std::string token = register_and_login(server, false, "benchhost");
  std::vector<std::string> codes;
  const json body{{"title", "bench"}, {"guestsAllowed", true}, {"lobby", false}};
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto created = http_call(server.endpoint, server.host, {"POST", "/api/v1/meetings", body.dump(), token});
    if (created.status != 201) {
      throw std::runtime_error("create meeting: HTTP " + std::to_string(created.status) + " " + created.body +
                               created.error);
    }
    codes.push_back(json::parse(created.body).at("code").get<std::string>());
  }
  return codes;
}

std::string auth_for(EventSet events) {
  switch (events) {
    case EventSet::legacy:
      return "";
    case EventSet::native:
      return R"({"guestName":"Bench guest"})";
    case EventSet::hooks:
      return R"({"__test":true})";
  }
  return "";
}

const char* event_set_name(EventSet events) {
  switch (events) {
    case EventSet::legacy:
      return "legacy";
    case EventSet::native:
      return "native";
    case EventSet::hooks:
      return "hooks";
  }
  return "?";
}

// The generator's simulated clients spread round robin over the worker threads.
class Swarm {
 public:
  Swarm(const Options& options, const Server& server, std::uint32_t clients, std::uint32_t members_per_room,
        std::vector<std::string> meeting_codes)
      : options_(options), pool_(std::max(1u, options.threads)) {
    target_.server = server.endpoint;
    target_.host_header = server.host;
    config_.events = options.events;
    config_.members_per_room = members_per_room;
    config_.meeting_codes = std::move(meeting_codes);
    config_.auth_json = auth_for(options.events);
    config_.sources = source_addresses(options, clients, server);
    config_.connect_window = options.connect_window;
    config_.payload_pad = options.payload_pad;
    total_ = clients;
    for (std::size_t w = 0; w < pool_.size(); ++w) {
      std::vector<std::uint32_t> ids;
      for (std::uint32_t i = static_cast<std::uint32_t>(w); i < clients; i += static_cast<std::uint32_t>(pool_.size()))
        ids.push_back(i);
      workers_.push_back(
          pool_[w].call([&, ids] { return std::make_unique<SwarmWorker>(pool_[w].io, target_, config_, ids); }));
    }
  }

  ~Swarm() {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      pool_[w].call([&] {
        workers_[w]->close_all();
        return 0;
      });
    }
    sleep_s(0.2);  // let aborted operations finish before the workers go
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      pool_[w].call([&] {
        workers_[w].reset();
        return 0;
      });
    }
  }

  std::size_t source_count() const { return config_.sources.size(); }

  // Connects everyone; calls sample(connected) every 200 ms. Returns seconds taken.
  template <class Sample>
  double connect(double rate, Clock::time_point deadline, Sample sample) {
    const auto start = Clock::now();
    const double per_worker = rate / static_cast<double>(workers_.size());
    for_each([per_worker](SwarmWorker& w) { w.start_connecting(per_worker); });
    while (Clock::now() < deadline) {
      std::uint32_t finished = 0;
      for (auto& w : workers_) finished += w->finished_connecting.load();
      sample(connected());
      if (finished >= total_) break;
      sleep_s(0.2);
    }
    return seconds_since(start);
  }

  double join(double rate, Clock::time_point deadline) {
    const auto start = Clock::now();
    const double per_worker = rate / static_cast<double>(workers_.size());
    for_each([per_worker](SwarmWorker& w) { w.start_joining(per_worker); });
    const std::uint32_t target = connected();
    std::uint32_t last = 0;
    auto last_progress = Clock::now();
    while (Clock::now() < deadline && joined() < target) {
      sleep_s(0.05);
      if (joined() != last) {
        last = joined();
        last_progress = Clock::now();
      } else if (seconds_since(last_progress) > 10) {
        break;  // refusals or lost answers: nothing more will come
      }
    }
    return seconds_since(start);
  }

  void set_send_rate(double per_member) {
    for_each([per_member](SwarmWorker& w) { w.set_send_rate(per_member); });
  }

  SwarmStats take_window() {
    SwarmStats total;
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      total.merge(pool_[w].call([&] { return workers_[w]->take_window(); }));
    }
    return total;
  }

  std::uint32_t connected() const {
    std::uint32_t n = 0;
    for (auto& w : workers_) n += w->connected_now.load();
    return n;
  }
  std::uint32_t joined() const {
    std::uint32_t n = 0;
    for (auto& w : workers_) n += w->joined_now.load();
    return n;
  }

  WorkerPool& pool() { return pool_; }

 private:
  template <class F>
  void for_each(F f) {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      pool_[w].call([&] {
        f(*workers_[w]);
        return 0;
      });
    }
  }

  const Options& options_;
  WorkerPool pool_;
  WsTarget target_;
  SwarmConfig config_;
  std::uint32_t total_ = 0;
  std::vector<std::unique_ptr<SwarmWorker>> workers_;
};

json common_json(const Options& options, const char* scenario) {
  return json{{"scenario", scenario},
              {"server", options.server == ServerKind::parley ? "parley" : "reference"},
              {"events", event_set_name(options.events)},
              {"generator_threads", options.threads}};
}

std::uint32_t fanout_per_message(const Options& options) {
  return options.events == EventSet::hooks ? options.members - 1 : options.members;
}

// Runs one send-rate step: warm-up, then a measured window, then a short drain at rate 0.
json fanout_step(Swarm& swarm, const Options& options, double rate, std::uint32_t members_joined) {
  swarm.set_send_rate(rate);
  sleep_s(options.warmup_seconds);
  swarm.take_window();
  CpuWindow cpu(options.server_pid);
  const auto start = Clock::now();
  sleep_s(options.step_seconds);
  auto stats = swarm.take_window();
  const double elapsed = seconds_since(start);
  json step = cpu.finish();
  swarm.set_send_rate(0);
  const double expected = static_cast<double>(stats.sent) * fanout_per_message(options);
  step["rate_per_member"] = rate;
  step["members_sending"] = members_joined;
  step["offered_events_per_s"] = rate * members_joined;
  step["offered_deliveries_per_s"] = rate * members_joined * fanout_per_message(options);
  step["sent_per_s"] = static_cast<double>(stats.sent) / elapsed;
  step["send_refused"] = stats.send_refused;
  step["deliveries_per_s"] = static_cast<double>(stats.delivered) / elapsed;
  step["delivery_ratio"] = expected > 0 ? static_cast<double>(stats.delivered) / expected : 0;
  step["latency"] = histogram_json(stats.latency);
  step["dropped_connections"] = stats.dropped;
  if (!stats.reasons.empty()) step["reasons"] = reasons_json(stats.reasons);
  sleep_s(1.0);  // drain what is still in flight before the next step
  swarm.take_window();
  return step;
}

// Builds the joined swarm for fanout and mixed.
std::unique_ptr<Swarm> joined_swarm(const Options& options, const Server& server, Clock::time_point deadline,
                                    json& out) {
  const std::uint32_t clients = options.rooms * options.members;
  std::vector<std::string> codes;
  if (options.events == EventSet::native) codes = create_meetings(server, options.rooms);
  auto swarm = std::make_unique<Swarm>(options, server, clients, options.members, codes);
  const double connect_s = swarm->connect(options.connect_rate, deadline, [](std::uint32_t) {});
  const double join_s = swarm->join(0, deadline);
  auto setup = swarm->take_window();
  out["clients"] = clients;
  out["rooms"] = options.rooms;
  out["members_per_room"] = options.members;
  out["setup"] = json{{"connected", swarm->connected()},
                      {"joined", swarm->joined()},
                      {"connect_s", connect_s},
                      {"join_s", join_s},
                      {"connect_failed", setup.connect_failed},
                      {"join_failed", setup.join_failed}};
  if (!setup.reasons.empty()) out["setup"]["reasons"] = reasons_json(setup.reasons);
  log("fanout setup: " + std::to_string(swarm->joined()) + "/" + std::to_string(clients) + " joined");
  return swarm;
}

// The highest step that delivered >= 95% of its offered load with p99 under 20 ms.
json saturation_summary(const json& steps) {
  double best_ok = 0, best_ok_rate = 0, peak = 0, p99_at_best = 0;
  for (const auto& step : steps) {
    const double delivered = step["deliveries_per_s"].get<double>();
    peak = std::max(peak, delivered);
    if (step["delivery_ratio"].get<double>() >= 0.95 && step["latency"]["p99_ms"].get<double>() < 20 &&
        delivered > best_ok) {
      best_ok = delivered;
      best_ok_rate = step["rate_per_member"].get<double>();
      p99_at_best = step["latency"]["p99_ms"].get<double>();
    }
  }
  return json{{"sustained_deliveries_per_s", best_ok},
              {"sustained_rate_per_member", best_ok_rate},
              {"sustained_p99_ms", p99_at_best},
              {"peak_deliveries_per_s", peak}};
}

}  // namespace

json run_connect(const Options& options) {
  const Server server = parse_url(options.url);
  const auto deadline = deadline_after(options.max_seconds);
  json out = common_json(options, "connect");
  const auto before = options.server_pid ? sample_process(options.server_pid) : std::nullopt;
  Swarm swarm(options, server, options.clients, 1, {});
  json series = json::array();
  double last_sample = -1;
  const auto start = Clock::now();
  const double ramp_s = swarm.connect(options.connect_rate, deadline, [&](std::uint32_t connected) {
    if (!options.server_pid) return;
    const double t = seconds_since(start);
    if (t - last_sample < 0.19) return;
    last_sample = t;
    if (auto s = sample_process(options.server_pid))
      series.push_back({{"t", t}, {"clients", connected}, {"rss_kib", s->rss_kib}});
  });
  const std::uint32_t connected = swarm.connected();
  const auto ramp = swarm.take_window();
  log("connect: " + std::to_string(connected) + "/" + std::to_string(options.clients) + " in " +
      std::to_string(ramp_s) + " s");
  // Hold the idle connections, then measure (pings keep flowing; nothing else).
  const double hold = std::min(options.hold_seconds, seconds_left(deadline));
  sleep_s(hold);
  const std::uint32_t held = swarm.connected();
  const auto after = options.server_pid ? sample_process(options.server_pid) : std::nullopt;
  const auto generator = sample_self();
  const auto hold_stats = swarm.take_window();
  out["clients"] = options.clients;
  out["source_addresses"] = swarm.source_count();
  out["connected"] = connected;
  out["held_after_s"] = hold;
  out["held"] = held;
  out["connect_failed"] = ramp.connect_failed;
  out["dropped"] = hold_stats.dropped;
  out["ramp_s"] = ramp_s;
  out["connects_per_s"] = ramp_s > 0 ? connected / ramp_s : 0;
  out["connect_latency"] = histogram_json(ramp.connect_latency);
  out["generator_rss_kib"] = generator.rss_kib;
  if (before && after) {
    out["server_rss_before_kib"] = before->rss_kib;
    out["server_rss_after_kib"] = after->rss_kib;
    out["server_rss_per_client_kib"] = held ? (after->rss_kib - before->rss_kib) / held : 0;
    out["server_rss_total_per_client_kib"] = held ? after->rss_kib / held : 0;
  }
  auto reasons = ramp.reasons;
  for (const auto& [r, c] : hold_stats.reasons) reasons[r] += c;
  if (!reasons.empty()) out["reasons"] = reasons_json(reasons);
  out["series"] = series;
  return out;
}

json run_fanout(const Options& options) {
  const Server server = parse_url(options.url);
  const auto deadline = deadline_after(options.max_seconds);
  json out = common_json(options, "fanout");
  auto swarm = joined_swarm(options, server, deadline, out);
  const std::uint32_t members = swarm->joined();
  json steps = json::array();
  const double step_cost = options.warmup_seconds + options.step_seconds + 1.5;
  for (const double rate : options.rates) {
    if (seconds_left(deadline) < step_cost) {
      out["truncated"] = "out of time (--max-seconds)";
      break;
    }
    if (swarm->joined() == 0) break;
    auto step = fanout_step(*swarm, options, rate, members);
    log("fanout rate " + std::to_string(rate) + "/s/member: " + std::to_string(step["deliveries_per_s"].get<double>()) +
        " deliveries/s, p99 " + std::to_string(step["latency"]["p99_ms"].get<double>()) + " ms");
    const double ratio = step["delivery_ratio"].get<double>();
    steps.push_back(std::move(step));
    if (ratio < options.stop_below_ratio) break;  // far past saturation: more load proves nothing
  }
  out["steps"] = steps;
  out["summary"] = saturation_summary(steps);
  return out;
}

json run_join(const Options& options) {
  const Server server = parse_url(options.url);
  const auto deadline = deadline_after(options.max_seconds);
  json out = common_json(options, "join");
  const std::uint32_t rooms = (options.clients + options.members - 1) / options.members;
  std::vector<std::string> codes;
  if (options.events == EventSet::native) codes = create_meetings(server, rooms);
  Swarm swarm(options, server, options.clients, options.members, codes);
  swarm.connect(options.connect_rate, deadline, [](std::uint32_t) {});
  swarm.take_window();
  CpuWindow cpu(options.server_pid);
  const double join_s = swarm.join(options.join_rate, deadline);
  json window = cpu.finish();
  auto stats = swarm.take_window();
  out.update(window);
  out["clients"] = options.clients;
  out["members_per_room"] = options.members;
  out["offered_joins_per_s"] = options.join_rate;
  out["joined"] = stats.joined;
  out["join_failed"] = stats.join_failed;
  out["joins_per_s"] = join_s > 0 ? stats.joined / join_s : 0;
  out["join_latency"] = histogram_json(stats.join_latency);
  if (!stats.reasons.empty()) out["reasons"] = reasons_json(stats.reasons);
  return out;
}

namespace {

struct RestSetup {
  std::vector<std::string> usernames;
  std::vector<std::string> tokens;         // native routes (Parley)
  std::vector<std::string> legacy_tokens;  // legacy routes (both servers)
};

// Registers options.accounts accounts; with `login`, also collects tokens (native ones on Parley).
RestSetup prepare_accounts(const Options& options, const Server& server, bool native_tokens, bool login = true) {
  RestSetup setup;
  for (unsigned i = 0; i < options.accounts; ++i) {
    const auto name = account_name(i);
    setup.usernames.push_back(name);
    if (!login) {
      const json credentials{{"name", "Bench " + name}, {"username", name}, {"password", bench_password}};
      const auto registered =
          http_call(server.endpoint, server.host, {"POST", "/api/v1/users/register", credentials.dump(), ""});
      if (registered.status == 0) throw std::runtime_error("register: " + registered.error);
    } else if (native_tokens) {
      setup.tokens.push_back(register_and_login(server, false, name));
      const auto legacy =
          http_call(server.endpoint, server.host,
                    {"POST", "/api/v1/users/login", json{{"username", name}, {"password", bench_password}}.dump(), ""});
      if (legacy.status == 200) setup.legacy_tokens.push_back(json::parse(legacy.body).at("token").get<std::string>());
    } else {
      setup.legacy_tokens.push_back(register_and_login(server, true, name));
    }
  }
  return setup;
}

RequestMaker request_maker(const std::string& kind, std::shared_ptr<const RestSetup> setup) {
  auto pick = [setup](const std::vector<std::string>& list, std::uint64_t n) -> const std::string& {
    return list[n % list.size()];
  };
  if (kind == "login") {
    return [setup, pick](std::uint64_t n) {
      return HttpRequest{"POST", "/api/v1/auth/login",
                         json{{"username", pick(setup->usernames, n)}, {"password", bench_password}}.dump(), ""};
    };
  }
  if (kind == "legacy_login") {
    return [setup, pick](std::uint64_t n) {
      return HttpRequest{"POST", "/api/v1/users/login",
                         json{{"username", pick(setup->usernames, n)}, {"password", bench_password}}.dump(), ""};
    };
  }
  if (kind == "me")
    return [setup, pick](std::uint64_t n) { return HttpRequest{"GET", "/api/v1/me", "", pick(setup->tokens, n)}; };
  if (kind == "history") {
    return [setup, pick](std::uint64_t n) {
      return HttpRequest{"GET", "/api/v1/meetings/history?limit=20", "", pick(setup->tokens, n)};
    };
  }
  if (kind == "create_meeting") {
    return [setup, pick](std::uint64_t n) {
      return HttpRequest{"POST", "/api/v1/meetings", R"({"title":"bench"})", pick(setup->tokens, n)};
    };
  }
  if (kind == "legacy_activity") {
    return [setup, pick](std::uint64_t n) {
      return HttpRequest{"GET", "/api/v1/users/get_all_activity?token=" + pick(setup->legacy_tokens, n), "", ""};
    };
  }
  throw std::invalid_argument("unknown REST kind " + kind +
                              " (login, legacy_login, me, history, create_meeting, legacy_activity)");
}

// Runs `maker` closed-loop on `connections` connections over the pool for `seconds`.
json rest_window(WorkerPool& pool, const Server& server, const RequestMaker& maker, unsigned connections,
                 double seconds, pid_t server_pid) {
  std::vector<std::unique_ptr<RestWorker>> workers;
  for (std::size_t w = 0; w < pool.size(); ++w) {
    const unsigned share = connections / pool.size() + (w < connections % pool.size() ? 1 : 0);
    workers.push_back(pool[w].call([&] {
      auto worker = std::make_unique<RestWorker>(pool[w].io, server.endpoint, server.host, maker, share);
      worker->start();
      return worker;
    }));
  }
  CpuWindow cpu(server_pid);
  const auto start = Clock::now();
  sleep_s(seconds);
  RestStats total;
  for (std::size_t w = 0; w < pool.size(); ++w) {
    total.merge(pool[w].call([&] {
      workers[w]->stop();
      return workers[w]->take_window();
    }));
  }
  const double elapsed = seconds_since(start);
  json out = cpu.finish();
  // Wait for answers still in flight (bounded) before the workers go.
  const auto drain_deadline = Clock::now() + std::chrono::seconds(30);
  for (std::size_t w = 0; w < pool.size(); ++w) {
    while (Clock::now() < drain_deadline && !pool[w].call([&] { return workers[w]->idle(); })) sleep_s(0.02);
    pool[w].call([&] {
      workers[w].reset();
      return 0;
    });
  }
  out["connections"] = connections;
  out["requests_per_s"] = static_cast<double>(total.ok + total.failed) / elapsed;
  out["ok_per_s"] = static_cast<double>(total.ok) / elapsed;
  out["failed"] = total.failed;
  json statuses = json::object();
  for (const auto& [status, count] : total.statuses) statuses[std::to_string(status)] = count;
  out["statuses"] = statuses;
  out["latency"] = histogram_json(total.latency);
  return out;
}

}  // namespace

json run_rest(const Options& options) {
  const Server server = parse_url(options.url);
  json out = common_json(options, "rest");
  const bool parley = options.server == ServerKind::parley;
  auto setup = std::make_shared<const RestSetup>(prepare_accounts(options, server, parley));
  WorkerPool pool(std::max(1u, options.threads));
  json results = json::object();
  const auto deadline = deadline_after(options.max_seconds);
  for (const auto& kind : options.rest_kinds) {
    const bool native_only = kind == "login" || kind == "me" || kind == "history" || kind == "create_meeting";
    if (native_only && !parley) continue;
    if (seconds_left(deadline) < options.rest_seconds + 1) break;
    results[kind] = rest_window(pool, server, request_maker(kind, setup), options.concurrency, options.rest_seconds,
                                options.server_pid);
    log("rest " + kind + ": " + std::to_string(results[kind]["requests_per_s"].get<double>()) + " req/s");
  }
  out["concurrency"] = options.concurrency;
  out["accounts"] = options.accounts;
  out["results"] = results;
  return out;
}

json run_mixed(const Options& options) {
  const Server server = parse_url(options.url);
  const auto deadline = deadline_after(options.max_seconds);
  json out = common_json(options, "mixed");
  // Accounts first (registration hashes passwords too; keep that out of the measured windows).
  auto setup = std::make_shared<const RestSetup>(prepare_accounts(options, server, false, false));
  auto swarm = joined_swarm(options, server, deadline, out);
  const std::uint32_t members = swarm->joined();

  swarm->set_send_rate(options.mixed_rate);
  sleep_s(options.warmup_seconds);
  swarm->take_window();
  CpuWindow quiet_cpu(options.server_pid);
  const auto quiet_start = Clock::now();
  sleep_s(options.step_seconds);
  const auto quiet = swarm->take_window();
  const double quiet_s = seconds_since(quiet_start);
  json quiet_json = quiet_cpu.finish();

  // The login storm: `concurrency` closed-loop logins (bcrypt) on the legacy route both servers share,
  // started on the same worker threads while the fan-out goes on.
  std::vector<std::unique_ptr<RestWorker>> logins;
  auto& pool = swarm->pool();
  const auto maker = request_maker("legacy_login", setup);
  for (std::size_t w = 0; w < pool.size(); ++w) {
    const unsigned share = options.concurrency / pool.size() + (w < options.concurrency % pool.size() ? 1 : 0);
    logins.push_back(pool[w].call([&] {
      auto worker = std::make_unique<RestWorker>(pool[w].io, server.endpoint, server.host, maker, share);
      worker->start();
      return worker;
    }));
  }
  sleep_s(1.0);  // let the storm fill the server's queue
  swarm->take_window();
  CpuWindow storm_cpu(options.server_pid);
  const auto storm_start = Clock::now();
  sleep_s(options.step_seconds);
  const auto storm = swarm->take_window();
  const double storm_s = seconds_since(storm_start);
  json storm_json = storm_cpu.finish();
  RestStats login_stats;
  for (std::size_t w = 0; w < pool.size(); ++w) {
    login_stats.merge(pool[w].call([&] {
      logins[w]->stop();
      return logins[w]->take_window();
    }));
  }
  swarm->set_send_rate(0);
  const auto drain_deadline = Clock::now() + std::chrono::seconds(30);
  for (std::size_t w = 0; w < pool.size(); ++w) {
    while (Clock::now() < drain_deadline && !pool[w].call([&] { return logins[w]->idle(); })) sleep_s(0.02);
    pool[w].call([&] {
      logins[w].reset();
      return 0;
    });
  }

  auto window_json = [&](const SwarmStats& s, double seconds, json cpu) {
    const double expected = static_cast<double>(s.sent) * fanout_per_message(options);
    cpu["deliveries_per_s"] = static_cast<double>(s.delivered) / seconds;
    cpu["delivery_ratio"] = expected > 0 ? static_cast<double>(s.delivered) / expected : 0;
    cpu["latency"] = histogram_json(s.latency);
    return cpu;
  };
  out["rate_per_member"] = options.mixed_rate;
  out["members_sending"] = members;
  out["quiet"] = window_json(quiet, quiet_s, quiet_json);
  out["storm"] = window_json(storm, storm_s, storm_json);
  out["storm"]["concurrent_logins"] = options.concurrency;
  out["storm"]["logins_per_s"] = static_cast<double>(login_stats.ok) / (storm_s + 1.0);
  out["storm"]["login_failed"] = login_stats.failed;
  out["storm"]["login_latency"] = histogram_json(login_stats.latency);
  const double quiet_p99 = quiet.latency.percentile_ms(0.99);
  out["p99_ratio"] = quiet_p99 > 0 ? storm.latency.percentile_ms(0.99) / quiet_p99 : 0;
  log("mixed: p99 quiet " + std::to_string(quiet_p99) + " ms, storm " +
      std::to_string(storm.latency.percentile_ms(0.99)) + " ms");
  return out;
}

}  // namespace parley::bench
