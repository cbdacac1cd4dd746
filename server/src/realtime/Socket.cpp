#include "realtime/SocketHub.hpp"
#include "realtime/SocketServer.hpp"
#include "realtime/SocketSession.hpp"

namespace parley::realtime {

namespace {
const std::string& empty_string() {
  static const std::string empty;
  return empty;
}
}  // namespace

Socket::Socket(std::shared_ptr<SocketSession> session) : session_(std::move(session)) {}

const std::string& Socket::id() const {
  return session_ ? session_->socket_id() : empty_string();
}

boost::asio::ip::address Socket::remote_address() const {
  return session_ ? session_->remote_address() : boost::asio::ip::address{};
}

std::string Socket::transport() const {
  return session_ ? transport_name(session_->transport()) : "";
}

bool Socket::connected() const {
  return session_ && session_->connected() && !session_->closed();
}

nlohmann::json& Socket::data() {
  static thread_local nlohmann::json detached;
  if (!session_) {
    detached = nlohmann::json::object();
    return detached;
  }
  return session_->data();
}

boost::asio::any_io_executor Socket::executor() const {
  return session_ ? session_->strand() : boost::asio::any_io_executor{};
}

void Socket::emit(std::string event, nlohmann::json args) {
  if (!session_ || session_->closed()) return;
  session_->send_packet(socketio::make_event(std::move(event), std::move(args)));
}

void Socket::emit_with_ack(std::string event, nlohmann::json args, std::chrono::milliseconds timeout,
                           std::function<void(std::optional<nlohmann::json>)> on_reply) {
  if (!session_) {
    if (on_reply) on_reply(std::nullopt);
    return;
  }
  session_->emit_with_ack(std::move(event), std::move(args), timeout, std::move(on_reply));
}

void Socket::join(const std::string& room) {
  if (session_) session_->hub().join(session_, room);
}

void Socket::leave(const std::string& room) {
  if (session_) session_->hub().leave(*session_, room);
}

std::vector<std::string> Socket::rooms() const {
  return session_ ? session_->hub().rooms_of(*session_) : std::vector<std::string>{};
}

void Socket::disconnect(std::string reason) {
  if (session_) session_->disconnect(std::move(reason));
}

}  // namespace parley::realtime
