#include "app/Application.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/MediaMetrics.hpp"
#include "app/SystemRoutes.hpp"
#include "http/StaticFiles.hpp"
#include "media/turn/TurnRestCredentials.hpp"
#include "net/SelfSignedCertificate.hpp"
#include "net/TlsContext.hpp"

namespace parley::app {

namespace asio = boost::asio;

namespace {
unsigned cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

bool wildcard(const std::string& address) {
  return address.empty() || address == "0.0.0.0" || address == "::";
}

// The address in the SFU's ICE candidate: where browsers send media. A wildcard listen address says
// nothing about it, so that case falls back to loopback (fine on one machine, wrong anywhere else).
std::string announced_media_address(const Config& c) {
  if (!c.media_public_ip.empty()) return c.media_public_ip;
  if (!wildcard(c.media_listen)) return c.media_listen;
  spdlog::warn(
      "sfu: --media-listen is {} and --media-public-ip is not set: announcing 127.0.0.1, which only browsers on "
      "this machine can reach; set --media-public-ip",
      c.media_listen);
  return "127.0.0.1";
}
}  // namespace

Application::Application(Config config)
    : config_(std::move(config)), io_(static_cast<int>(config_.io_threads ? config_.io_threads : cores())) {}

Application::~Application() = default;

void Application::start_logging() const {
  auto logger = spdlog::stderr_color_mt("parley");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%t] %v");
  logger->set_level(spdlog::level::from_str(config_.log_level));
  spdlog::set_default_logger(logger);
}

std::optional<asio::ssl::context> Application::make_tls() const {
  if (config_.no_tls) return std::nullopt;
  if (!config_.tls_cert.empty()) return net::make_server_tls_context(config_.tls_cert, config_.tls_key);
  std::vector<std::string> names{config_.listen};
  auto files = net::ensure_self_signed_certificate(config_.data_dir / "tls", names);
  spdlog::info("tls certificate={} (self-signed)", files.certificate.string());
  return net::make_server_tls_context(files.certificate, files.private_key);
}

std::string Application::base_url() const {
  if (!config_.public_url.empty()) return config_.public_url;
  std::string host = config_.listen;
  if (host == "0.0.0.0" || host == "::" || host.empty()) host = "localhost";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  const auto port = http_->local_endpoint().port();
  return std::string(http_->secure() ? "https://" : "http://") + host + ":" + std::to_string(port) + "/";
}

int Application::run() {
  start_logging();
  const auto started = std::chrono::steady_clock::now();
  std::filesystem::create_directories(config_.data_dir);

  const unsigned blocking_threads = config_.blocking_threads ? config_.blocking_threads : std::max(2u, cores());
  blocking_ = std::make_unique<core::BlockingPool>(blocking_threads, config_.blocking_queue, config_.blocking_nice);
  metrics_.computed("parley_blocking_jobs", "Jobs waiting or running on the blocking-work pool.",
                    core::MetricsRegistry::Type::gauge, [this] { return static_cast<double>(blocking_->queued()); });
  add_process_metrics(metrics_, started);

  router_ = std::make_unique<http::Router>(http::CorsPolicy(config_.allowed_origins));
  add_system_routes(*router_, metrics_, started, [this] {
    if (refresh_media_metrics_) refresh_media_metrics_();
  });
  start_api();
  auto static_files = std::make_shared<http::StaticFiles>(config_.web_root, *blocking_);
  router_->set_fallback([static_files](http::RequestContext& ctx) { return static_files->serve(ctx); });
  start_realtime();

  net::HttpServerOptions options;
  options.endpoint = {asio::ip::make_address(config_.listen), config_.port};
  options.header_limit = config_.max_header_bytes;
  options.body_limit = config_.max_body_bytes;
  options.request_timeout = std::chrono::seconds(config_.request_timeout_s);
  options.idle_timeout = std::chrono::seconds(config_.idle_timeout_s);
  options.max_connections = config_.max_connections;
  options.trust_proxy = config_.trust_proxy;
  http_ = std::make_unique<net::HttpServer>(io_, options, *router_, metrics_, make_tls());
  http_->start();
  start_media();
  start_rooms();

  asio::co_spawn(io_, shutdown_on_signal(), asio::detached);
  const std::string url = base_url();
  spdlog::info("listening address={} port={} tls={} web_root={} data_dir={}", config_.listen,
               http_->local_endpoint().port(), http_->secure(), config_.web_root.string(), config_.data_dir.string());
  // Tests parse this line (tests/lib/server.mjs); the port is the SFU's, which answers STUN too.
  if (sfu_) std::cout << "Parley media (STUN) on udp port " << sfu_->local_endpoint().port() << '\n';
  std::cout << "Parley is ready at " << url << std::endl;

  const unsigned threads = config_.io_threads ? config_.io_threads : cores();
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : workers) t.join();
  blocking_->join();
  spdlog::info("stopped");
  return 0;
}

void Application::start_api() {
  // Opening the store applies pending migrations; it blocks, but the I/O threads are not running yet.
  store_ = store::open_store(config_.database, config_.data_dir, std::max<std::size_t>(2, blocking_->threads()));
  passwords_ = std::make_unique<auth::PasswordHasher>(config_.bcrypt_cost);
  tokens_ = std::make_unique<auth::TokenService>(*store_, std::chrono::hours(24) * config_.token_ttl_days);
  login_throttle_ = std::make_unique<auth::LoginThrottle>(config_.login_max_failures, config_.login_max_failures * 4,
                                                          std::chrono::seconds(config_.login_lockout_s));
  rooms::RoomLimits limits;
  limits.mesh_limit = config_.mesh_limit;
  limits.sfu = !config_.no_sfu;
  limits.max_participants = config_.max_participants;
  limits.reconnect_grace = std::chrono::seconds(config_.reconnect_grace_s);
  meetings_ = std::make_unique<rooms::MeetingService>(
      io_, rooms::MeetingServiceParts{*blocking_, *store_, *tokens_, *passwords_, metrics_}, limits);
  api_ = std::make_unique<api::ApiServices>(
      api::ApiServices{*blocking_, *store_, *passwords_, *tokens_, *login_throttle_, *meetings_, config_.public_url});
  api::add_api_routes(*router_, *api_);
}

void Application::start_realtime() {
  realtime::SocketServerOptions options;
  options.path = config_.socketio_path;
  options.ping_interval = std::chrono::milliseconds(config_.ping_interval_ms);
  options.ping_timeout = std::chrono::milliseconds(config_.ping_timeout_ms);
  // A polling POST is an HTTP body, so the HTTP body limit caps what maxPayload may promise.
  options.max_payload_bytes = std::min(config_.max_payload_bytes, config_.max_body_bytes);
  options.max_connections_per_ip = config_.max_connections_per_ip;
  options.max_events_per_second = config_.max_events_per_second;
  options.send_queue_limit = config_.send_queue_limit;
  const char* hooks = std::getenv("PARLEY_REALTIME_TEST_HOOKS");
  options.test_hooks = hooks && std::string_view(hooks) == "1";
  if (options.test_hooks)
    spdlog::warn("realtime test hooks are ON (PARLEY_REALTIME_TEST_HOOKS=1): never in production");
  realtime_ = std::make_unique<realtime::SocketServer>(io_, options, metrics_);
  realtime_->install(*router_);
  shutdown_hooks_.push_back([this] { realtime_->shutdown(); });
}

void Application::start_rooms() {
  // Meetings in progress on the Socket.IO server; ICE servers need the bound media port. Parley's own
  // STUN URI is given for mesh connections only (it shares the SFU's port: see rooms/IceServers.hpp).
  std::string own_stun;
  if (config_.stun_uris.empty() && sfu_ && !config_.no_stun)
    own_stun =
        rooms::own_stun_uri(config_.media_public_ip, config_.public_url, config_.listen, sfu_->local_endpoint().port());
  rooms::ConfiguredIceServers::MintCredential mint;
  if (!config_.turn_secret.empty()) {
    mint = [secret = config_.turn_secret, ttl = std::chrono::seconds(config_.turn_ttl_s)](const std::string& id) {
      auto c = media::turn::make_turn_rest_credentials(secret, id, std::chrono::system_clock::now(), ttl);
      return rooms::TurnCredential{c.username, c.password};
    };
  }
  ice_servers_ = std::make_unique<rooms::ConfiguredIceServers>(config_.stun_uris, config_.turn_uris, std::move(mint),
                                                               std::move(own_stun));
  meetings_->install(*realtime_, *ice_servers_);
  shutdown_hooks_.push_back([this] { meetings_->shutdown(); });
  // After the meetings have ended (they close their SFU rooms).
  if (sfu_) shutdown_hooks_.push_back([this] { sfu_->stop(); });
}

void Application::start_media() {
  // The SFU owns the media port and answers plain STUN there too; without either, no UDP port at all.
  if (config_.no_sfu && config_.no_stun) return;
  media::sfu::SfuOptions options;
  options.listen = {asio::ip::make_address(config_.media_listen), config_.media_port};
  options.announced_addresses = {announced_media_address(config_)};
  options.threads = std::max(1u, config_.media_threads);
  options.publisher_bitrate_bps = config_.sfu_bitrate;
  options.stun_server = !config_.no_stun;
  // Every participant may publish audio, video and a screen, and receive everyone else's: the SFU's per-room
  // bound follows --max-participants so that a full meeting is never refused for consumers.
  const std::size_t people = std::max<std::size_t>(1, config_.max_participants);
  options.max_consumers_per_room = people * 3 + people * (people - 1) * 3;
  try {
    sfu_ = std::make_unique<media::sfu::SfuService>(options, meetings_->sfu_events());
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot bind the UDP media port " + options.listen.address().to_string() + ":" +
                             std::to_string(options.listen.port()) +
                             " (--media-port, or --no-sfu --no-stun): " + e.code().message());
  }
  sfu_->start();
  if (!config_.no_sfu) meetings_->attach_sfu(sfu_.get());
  refresh_media_metrics_ = add_sfu_metrics(metrics_, *sfu_);
  spdlog::info("media listening udp={}:{} announced={} sfu={} stun={} threads={}", options.listen.address().to_string(),
               sfu_->local_endpoint().port(), options.announced_addresses[0], !config_.no_sfu, !config_.no_stun,
               options.threads);
}

asio::awaitable<void> Application::shutdown_on_signal() {
  asio::signal_set signals(co_await asio::this_coro::executor, SIGINT, SIGTERM);
  const int signal = co_await signals.async_wait(asio::use_awaitable);
  spdlog::info("shutting down signal={}", signal);
  co_await shutdown();
}

asio::awaitable<void> Application::shutdown() {
  for (auto& hook : shutdown_hooks_) hook();
  http_->begin_drain();
  asio::steady_timer tick(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config_.shutdown_timeout_s);
  while (http_->active_sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(asio::use_awaitable);
  }
  if (const auto left = http_->active_sessions(); left > 0) {
    spdlog::warn("closing connections still open after the shutdown timeout count={}", left);
    http_->close_all();
    tick.expires_after(std::chrono::milliseconds(200));
    co_await tick.async_wait(asio::use_awaitable);
  }
  io_.stop();
}

}  // namespace parley::app
