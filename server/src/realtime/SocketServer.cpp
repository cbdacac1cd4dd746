#include "realtime/SocketServer.hpp"

#include "http/Router.hpp"
#include "realtime/SocketHub.hpp"
#include "realtime/TestHooks.hpp"
#include "realtime/Transports.hpp"

namespace parley::realtime {

SocketServer::SocketServer(boost::asio::io_context& io, SocketServerOptions options, core::MetricsRegistry& metrics) {
  if (options.path.empty() || options.path.back() != '/') options.path += '/';
  if (options.path.front() != '/') options.path.insert(options.path.begin(), '/');
  hub_ = std::make_shared<SocketHub>(io, std::move(options), metrics);
  if (hub_->options().test_hooks) install_test_hooks(hub_);
}

SocketServer::~SocketServer() {
  hub_->forget_sessions();
}

void SocketServer::on_connect(ConnectHandler handler) {
  hub_->connect_handler = std::move(handler);
}
void SocketServer::on_event(EventHandler handler) {
  hub_->event_handler = std::move(handler);
}
void SocketServer::on_disconnect(DisconnectHandler handler) {
  hub_->disconnect_handler = std::move(handler);
}

void SocketServer::emit_to(const std::string& socket_id, std::string event, nlohmann::json args) {
  if (auto session = hub_->find_socket(socket_id)) {
    session->send_packet(socketio::make_event(std::move(event), std::move(args)));
  }
}

void SocketServer::emit_to_each(const std::vector<std::string>& socket_ids, std::string event, nlohmann::json args) {
  hub_->send_to_each(socket_ids, socketio::make_event(std::move(event), std::move(args)));
}

void SocketServer::broadcast(const std::string& room, std::string event, nlohmann::json args,
                             const std::string& except_socket_id) {
  hub_->broadcast(room, socketio::make_event(std::move(event), std::move(args)), except_socket_id);
}

void SocketServer::emit_with_ack(const std::string& socket_id, std::string event, nlohmann::json args,
                                 std::chrono::milliseconds timeout,
                                 std::function<void(std::optional<nlohmann::json>)> on_reply) {
  auto session = hub_->find_socket(socket_id);
  if (!session) {
    if (on_reply) on_reply(std::nullopt);
    return;
  }
  session->emit_with_ack(std::move(event), std::move(args), timeout, std::move(on_reply));
}

std::optional<Socket> SocketServer::find(const std::string& socket_id) const {
  if (auto session = hub_->find_socket(socket_id)) return Socket(std::move(session));
  return std::nullopt;
}

std::vector<Socket> SocketServer::room_members(const std::string& room) const {
  std::vector<Socket> out;
  for (auto& session : hub_->members(room)) out.emplace_back(std::move(session));
  return out;
}

std::size_t SocketServer::socket_count() const {
  return hub_->socket_count();
}

void SocketServer::install(http::Router& router) {
  auto hub = hub_;
  router.add_prefix(hub->options().path, [hub](http::RequestContext& ctx) { return serve_polling(hub, ctx); });
  router.add_websocket(hub->options().path,
                       [hub](std::unique_ptr<http::WebSocketConnection> connection, http::RequestContext& ctx) {
                         return serve_websocket(hub, std::move(connection), ctx);
                       });
}

void SocketServer::shutdown() {
  hub_->shutdown();
}

}  // namespace parley::realtime
