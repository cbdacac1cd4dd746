#include "realtime/SocketHub.hpp"

#include <algorithm>

#include "core/SecureRandom.hpp"

namespace parley::realtime {

RealtimeMetrics::RealtimeMetrics(core::MetricsRegistry& r)
    : sockets(r.labeled("parley_realtime_sessions", "Open Engine.IO sessions by transport.", "transport",
                        core::MetricsRegistry::Type::gauge)),
      upgrades(r.counter("parley_realtime_upgrades_total", "Sessions upgraded from polling to WebSocket.")),
      packets_in(r.counter("parley_realtime_packets_in_total", "Engine.IO packets received.")),
      packets_out(r.counter("parley_realtime_packets_out_total", "Engine.IO packets sent.")),
      disconnects(r.labeled("parley_realtime_disconnects_total", "Closed sessions by reason.", "reason")),
      refused(r.labeled("parley_realtime_refused_total", "Refused handshakes and requests by reason.", "reason")),
      events_dropped(
          r.counter("parley_realtime_events_dropped_total", "Events dropped over the per-socket rate limit.")) {}

std::vector<Frame> to_frames(const socketio::Packet& packet) {
  auto encoded = socketio::encode(packet);
  std::vector<Frame> frames;
  frames.reserve(1 + encoded.attachments.size());
  encoded.text.insert(encoded.text.begin(), static_cast<char>(engineio::PacketType::message));
  frames.push_back(Frame{std::make_shared<const std::string>(std::move(encoded.text)), false});
  for (auto& a : encoded.attachments) frames.push_back(Frame{std::make_shared<const std::string>(std::move(a)), true});
  return frames;
}

Frame text_frame(std::string text) {
  return Frame{std::make_shared<const std::string>(std::move(text)), false};
}

SocketHub::SocketHub(boost::asio::io_context& io, SocketServerOptions options, core::MetricsRegistry& metrics)
    : io_(io), options_(std::move(options)), metrics_(metrics) {}

namespace {
bool is_test(const nlohmann::json& j) {
  return j.is_object() && j.contains("__test");
}
}  // namespace

const ConnectHandler& SocketHub::connect_handler_for(const nlohmann::json& auth) const {
  return test_connect_handler && is_test(auth) ? test_connect_handler : connect_handler;
}
const EventHandler& SocketHub::event_handler_for(const nlohmann::json& data) const {
  return test_event_handler && is_test(data) ? test_event_handler : event_handler;
}
const DisconnectHandler& SocketHub::disconnect_handler_for(const nlohmann::json& data) const {
  return test_disconnect_handler && is_test(data) ? test_disconnect_handler : disconnect_handler;
}

std::shared_ptr<SocketSession> SocketHub::open_session(boost::asio::any_io_executor strand,
                                                       const boost::asio::ip::address& remote, TransportKind transport,
                                                       Refusal& refusal) {
  const std::string address = remote.to_string();
  std::shared_ptr<SocketSession> session;
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) {
      refusal = Refusal::shutting_down;
      return nullptr;
    }
    auto& count = per_address_[address];
    if (count >= options_.max_connections_per_ip) {
      refusal = Refusal::too_many_from_address;
      if (count == 0) per_address_.erase(address);
      return nullptr;
    }
    std::string sid, socket_id;
    do {
      sid = core::secure_random_hex(10);
    } while (sessions_.contains(sid));
    do {
      socket_id = core::secure_random_hex(10);
    } while (sockets_.contains(socket_id));
    session = std::make_shared<SocketSession>(shared_from_this(), std::move(strand), std::move(sid),
                                              std::move(socket_id), remote, transport);
    sessions_.emplace(session->engine_sid(), session);
    ++count;
  }
  refusal = Refusal::none;
  metrics_.sockets.with(transport_name(transport)).add();
  return session;
}

std::shared_ptr<SocketSession> SocketHub::find_session(const std::string& engine_sid) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(engine_sid);
  return it == sessions_.end() ? nullptr : it->second;
}

std::shared_ptr<SocketSession> SocketHub::find_socket(const std::string& socket_id) const {
  std::lock_guard lock(mutex_);
  auto it = sockets_.find(socket_id);
  return it == sockets_.end() ? nullptr : it->second;
}

void SocketHub::socket_connected(const std::shared_ptr<SocketSession>& session) {
  std::lock_guard lock(mutex_);
  sockets_.emplace(session->socket_id(), session);
}

void SocketHub::socket_gone(const SocketSession& session) {
  std::lock_guard lock(mutex_);
  sockets_.erase(session.socket_id());
  auto it = memberships_.find(&session);
  if (it == memberships_.end()) return;
  for (const auto& room : it->second) {
    auto r = rooms_.find(room);
    if (r == rooms_.end()) continue;
    auto& list = r->second;
    list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& s) { return s.get() == &session; }),
               list.end());
    if (list.empty()) rooms_.erase(r);
  }
  memberships_.erase(it);
}

void SocketHub::session_closed(const SocketSession& session) {
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(session.engine_sid());
    const std::string address = session.remote_address().to_string();
    if (auto it = per_address_.find(address); it != per_address_.end()) {
      if (--it->second == 0) per_address_.erase(it);
    }
  }
  metrics_.sockets.with(transport_name(session.transport())).sub();
}

void SocketHub::transport_changed(TransportKind from, TransportKind to) {
  metrics_.sockets.with(transport_name(from)).sub();
  metrics_.sockets.with(transport_name(to)).add();
  metrics_.upgrades.add();
}

void SocketHub::join(const std::shared_ptr<SocketSession>& session, const std::string& room) {
  std::lock_guard lock(mutex_);
  if (!sockets_.contains(session->socket_id())) return;  // not connected (or gone)
  if (!memberships_[session.get()].insert(room).second) return;
  rooms_[room].push_back(session);
}

void SocketHub::leave(const SocketSession& session, const std::string& room) {
  std::lock_guard lock(mutex_);
  auto m = memberships_.find(&session);
  if (m == memberships_.end() || m->second.erase(room) == 0) return;
  auto r = rooms_.find(room);
  if (r == rooms_.end()) return;
  auto& list = r->second;
  list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& s) { return s.get() == &session; }), list.end());
  if (list.empty()) rooms_.erase(r);
}

std::vector<std::string> SocketHub::rooms_of(const SocketSession& session) const {
  std::lock_guard lock(mutex_);
  auto m = memberships_.find(&session);
  if (m == memberships_.end()) return {};
  std::vector<std::string> out(m->second.begin(), m->second.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::shared_ptr<SocketSession>> SocketHub::members(const std::string& room) const {
  std::lock_guard lock(mutex_);
  auto r = rooms_.find(room);
  if (r == rooms_.end()) return {};
  return r->second;
}

void SocketHub::broadcast(const std::string& room, const socketio::Packet& packet,
                          const std::string& except_socket_id) {
  auto recipients = members(room);
  if (recipients.empty()) return;
  deliver(recipients, to_frames(packet), except_socket_id);
}

void SocketHub::deliver(const std::vector<std::shared_ptr<SocketSession>>& recipients, std::vector<Frame> frames,
                        const std::string& except_socket_id) {
  // Encoded once by the caller: every recipient shares the same bytes.
  for (const auto& session : recipients) {
    if (!except_socket_id.empty() && session->socket_id() == except_socket_id) continue;
    if (frames.size() == 1) {
      session->send(frames.front());
    } else {
      session->send(frames);
    }
  }
}

void SocketHub::send_to_each(const std::vector<std::string>& socket_ids, const socketio::Packet& packet) {
  std::vector<std::shared_ptr<SocketSession>> recipients;
  recipients.reserve(socket_ids.size());
  {
    std::lock_guard lock(mutex_);  // one lookup pass under the lock, the sends after it
    for (const auto& id : socket_ids) {
      if (auto it = sockets_.find(id); it != sockets_.end()) recipients.push_back(it->second);
    }
  }
  if (recipients.empty()) return;
  deliver(recipients, to_frames(packet), {});
}

std::size_t SocketHub::socket_count() const {
  std::lock_guard lock(mutex_);
  return sockets_.size();
}

void SocketHub::shutdown() {
  std::vector<std::shared_ptr<SocketSession>> all;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (const auto& [sid, session] : sessions_) all.push_back(session);
  }
  for (const auto& session : all) session->disconnect("server shutting down");
}

void SocketHub::forget_sessions() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
  sockets_.clear();
  rooms_.clear();
}

}  // namespace parley::realtime
