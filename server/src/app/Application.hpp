#pragma once
// Wiring: builds every part of the server from the Config, runs the I/O threads, and shuts down
// gracefully on SIGINT/SIGTERM. Only this folder knows all the others.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/ApiRoutes.hpp"
#include "app/Config.hpp"
#include "core/BlockingPool.hpp"
#include "core/Metrics.hpp"
#include "http/Router.hpp"
#include "media/sfu/SfuService.hpp"
#include "net/HttpServer.hpp"
#include "realtime/SocketServer.hpp"
#include "rooms/IceServers.hpp"
#include "rooms/MeetingService.hpp"

namespace parley::app {

class Application {
 public:
  explicit Application(Config config);
  ~Application();

  // Starts listening, prints the ready line, and blocks until the server has shut down.
  int run();

 private:
  void start_logging() const;
  std::optional<boost::asio::ssl::context> make_tls() const;
  std::string base_url() const;
  void start_media();
  void start_realtime();
  void start_api();
  void start_rooms();
  boost::asio::awaitable<void> shutdown_on_signal();
  boost::asio::awaitable<void> shutdown();

  Config config_;
  boost::asio::io_context io_;
  core::MetricsRegistry metrics_;
  std::unique_ptr<core::BlockingPool> blocking_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<net::HttpServer> http_;
  // Accounts, meetings and history (store/, auth/, api/).
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::PasswordHasher> passwords_;
  std::unique_ptr<auth::TokenService> tokens_;
  std::unique_ptr<auth::LoginThrottle> login_throttle_;
  std::unique_ptr<api::ApiServices> api_;
  std::unique_ptr<realtime::SocketServer> realtime_;  // Socket.IO at config_.socketio_path
  // Meetings in progress (rooms/): also the API's live directory.
  std::unique_ptr<rooms::MeetingService> meetings_;
  std::unique_ptr<rooms::IceServerProvider> ice_servers_;
  // The UDP media port: the SFU, which also answers plain STUN. After meetings_: it holds their SfuEvents.
  std::unique_ptr<media::sfu::SfuService> sfu_;
  std::function<void()> refresh_media_metrics_;
  // Run first on shutdown, before HTTP drains (realtime sessions, meetings, ...).
  std::vector<std::function<void()>> shutdown_hooks_;
};

}  // namespace parley::app
