#include "Swarm.hpp"

#include <algorithm>
#include <chrono>

namespace parley::bench {

namespace asio = boost::asio;

namespace {
constexpr auto tick_period = std::chrono::milliseconds(2);
constexpr std::uint64_t join_ack_id = 1;
constexpr std::size_t max_reasons = 24;

std::string json_string(std::string_view text) {  // for bench-made ASCII strings only
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}
}  // namespace

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

void SwarmStats::count_reason(const std::string& reason) {
  if (reasons.size() < max_reasons || reasons.count(reason)) ++reasons[reason];
}

void SwarmStats::merge(const SwarmStats& other) {
  connected += other.connected;
  connect_failed += other.connect_failed;
  dropped += other.dropped;
  joined += other.joined;
  join_failed += other.join_failed;
  sent += other.sent;
  send_refused += other.send_refused;
  delivered += other.delivered;
  latency.merge(other.latency);
  join_latency.merge(other.join_latency);
  connect_latency.merge(other.connect_latency);
  for (const auto& [reason, count] : other.reasons) {
    if (reasons.size() < max_reasons || reasons.count(reason)) reasons[reason] += count;
  }
}

SwarmWorker::SwarmWorker(asio::io_context& io, const WsTarget& target, const SwarmConfig& config,
                         std::vector<std::uint32_t> client_ids)
    : io_(io), target_(target), config_(config), ticker_(io) {
  state_.reserve(client_ids.size());
  for (auto id : client_ids) {
    ClientState s;
    s.global = id;
    s.room = id / std::max<std::uint32_t>(1, config.members_per_room);
    state_.push_back(s);
  }
  clients_.resize(state_.size());
  last_tick_ns_ = now_ns();
  schedule_tick();
}

SwarmWorker::~SwarmWorker() = default;

std::string SwarmWorker::room_name(std::uint32_t room) const {
  if (config_.events == EventSet::native && !config_.meeting_codes.empty()) {
    return config_.meeting_codes[room % config_.meeting_codes.size()];
  }
  return "bench-" + std::to_string(room);
}

void SwarmWorker::schedule_tick() {
  ticker_.expires_after(tick_period);
  ticker_.async_wait([this](boost::system::error_code ec) {
    if (ec || closing_) return;
    tick();
    schedule_tick();
  });
}

void SwarmWorker::start_connecting(double per_second) {
  connect_rate_ = per_second;
  connecting_ = true;
}

void SwarmWorker::start_joining(double per_second) {
  join_rate_ = per_second;
  joining_ = true;
}

void SwarmWorker::set_send_rate(double per_client_per_second) {
  send_rate_ = per_client_per_second;
  send_budget_ = 0;
}

void SwarmWorker::tick() {
  const auto now = now_ns();
  const double dt = static_cast<double>(now - last_tick_ns_) / 1e9;
  last_tick_ns_ = now;

  if (connecting_) {
    // Paced by rate (if any) and by the window of handshakes in flight.
    if (connect_rate_ > 0) connect_budget_ = std::min(connect_budget_ + connect_rate_ * dt, connect_rate_ * 0.05 + 1);
    while (next_connect_ < state_.size() && in_flight_ < config_.connect_window) {
      if (connect_rate_ > 0) {
        if (connect_budget_ < 1) break;
        connect_budget_ -= 1;
      }
      start_client(next_connect_++);
    }
    if (next_connect_ >= state_.size()) connecting_ = false;
  }

  if (joining_) {
    if (join_rate_ > 0) join_budget_ = std::min(join_budget_ + join_rate_ * dt, join_rate_ * 0.05 + 1);
    while (next_join_ < state_.size()) {
      auto& s = state_[next_join_];
      if (s.failed) {  // never connected, or dropped: nothing to join
        ++next_join_;
        continue;
      }
      if (!s.connected) break;  // still connecting: wait for it
      if (join_rate_ > 0) {
        if (join_budget_ < 1) break;
        join_budget_ -= 1;
      }
      send_join(next_join_++);
    }
    if (next_join_ >= state_.size()) joining_ = false;
  }

  if (send_rate_ > 0 && joined_count_ > 0) {
    const double per_tick = send_rate_ * static_cast<double>(joined_count_);
    send_budget_ = std::min(send_budget_ + per_tick * dt, per_tick * 0.05 + 1);  // catch up at most 50 ms
    std::size_t scanned = 0;
    while (send_budget_ >= 1 && scanned < state_.size()) {
      const auto local = next_send_;
      next_send_ = (next_send_ + 1) % state_.size();
      ++scanned;
      if (!state_[local].joined) continue;
      send_event(local);
      send_budget_ -= 1;
      scanned = 0;
    }
  }
}

void SwarmWorker::start_client(std::size_t local) {
  auto& s = state_[local];
  auto client = WsClient::create(io_, target_, *this, static_cast<std::uint32_t>(local), config_.queue_limit);
  clients_[local] = client;
  s.started_ns = now_ns();
  ++in_flight_;
  asio::ip::address source;
  if (!config_.sources.empty()) source = config_.sources[s.global % config_.sources.size()];
  client->start(source, config_.auth_json);
}

void SwarmWorker::send_join(std::size_t local) {
  auto& s = state_[local];
  auto& client = *clients_[local];
  const std::string room = room_name(s.room);
  std::string frame;
  switch (config_.events) {
    case EventSet::legacy:
      frame = wire::encode_event("[\"join-call\"," + json_string("http://bench.invalid/" + room) + "]");
      break;
    case EventSet::native:
      frame = wire::encode_event("[\"meeting:join\",{\"code\":" + json_string(room) + "}]", join_ack_id);
      break;
    case EventSet::hooks:
      frame = wire::encode_event("[\"test:join\"," + json_string(room) + "]", join_ack_id);
      break;
  }
  s.join_sent = true;
  s.join_sent_ns = now_ns();
  if (!client.send(std::move(frame))) mark_joined(local, false, "join not sent");
}

void SwarmWorker::send_event(std::size_t local) {
  auto& s = state_[local];
  std::string text = wire::stamp(now_ns());
  if (config_.payload_pad) text.append(config_.payload_pad, 'x');
  std::string frame;
  switch (config_.events) {
    case EventSet::legacy:
      frame = wire::encode_event("[\"chat-message\"," + json_string(text) + ",\"bench\"]");
      break;
    case EventSet::native:
      frame = wire::encode_event("[\"chat:send\",{\"text\":" + json_string(text) + "}]");
      break;
    case EventSet::hooks:
      frame =
          wire::encode_event("[\"test:broadcast\"," + json_string(room_name(s.room)) + "," + json_string(text) + "]");
      break;
  }
  if (clients_[local]->send(std::move(frame))) {
    ++window_.sent;
  } else {
    ++window_.send_refused;
  }
}

void SwarmWorker::mark_joined(std::size_t local, bool ok, std::string_view error) {
  auto& s = state_[local];
  if (s.joined || !s.join_sent) return;
  if (ok) {
    s.joined = true;
    ++joined_count_;
    joined_now.fetch_add(1, std::memory_order_relaxed);
    ++window_.joined;
    window_.join_latency.record(now_ns() - s.join_sent_ns);
  } else {
    s.join_sent = false;
    ++window_.join_failed;
    window_.count_reason("join: " + std::string(error));
  }
}

void SwarmWorker::on_connected(WsClient& client, std::string_view) {
  auto& s = state_[client.index()];
  s.connected = true;
  --in_flight_;
  ++totals_.connected;
  connected_now.fetch_add(1, std::memory_order_relaxed);
  finished_connecting.fetch_add(1, std::memory_order_relaxed);
  window_.connect_latency.record(now_ns() - s.started_ns);
}

void SwarmWorker::on_packet(WsClient& client, const wire::Packet& packet) {
  const auto local = client.index();
  switch (packet.kind) {
    case wire::Kind::event: {
      const auto name = wire::event_name(packet.body);
      if (!name) return;
      if (*name == "chat-message" || *name == "chat:message" || *name == "test:room-message") {
        if (const auto stamp = wire::find_stamp(packet.body)) {
          const auto now = now_ns();
          ++window_.delivered;
          window_.latency.record(now > *stamp ? now - *stamp : 0);
        }
      } else if (*name == "user-joined" && config_.events == EventSet::legacy) {
        // ["user-joined","<newId>",[...]]: the joiner's own copy is its join acknowledgement.
        auto rest = packet.body.substr(name->size() + 3);
        if (rest.size() > 2 && rest[0] == ',' && rest[1] == '"') {
          rest.remove_prefix(2);
          if (rest.substr(0, rest.find('"')) == client.sid()) mark_joined(local, true, {});
        }
      }
      return;
    }
    case wire::Kind::ack:
      if (packet.ack_id == join_ack_id) {
        const bool ok = config_.events == EventSet::hooks || packet.body.find("\"ok\":true") != std::string_view::npos;
        mark_joined(local, ok, wire::string_field(packet.body, "error").value_or("refused"));
      }
      return;
    case wire::Kind::connect_error:
      window_.count_reason("connect_error: " + std::string(wire::string_field(packet.body, "message").value_or("?")));
      client.close();
      return;
    case wire::Kind::disconnect:
      window_.count_reason("server disconnect");
      client.close();
      return;
    default:
      return;
  }
}

void SwarmWorker::on_closed(WsClient& client, std::string_view reason) {
  auto& s = state_[client.index()];
  s.failed = true;
  if (s.connected) {
    s.connected = false;
    connected_now.fetch_sub(1, std::memory_order_relaxed);
    if (s.joined) {
      s.joined = false;
      --joined_count_;
      joined_now.fetch_sub(1, std::memory_order_relaxed);
    }
    if (!closing_) {
      ++totals_.dropped;
      window_.count_reason(std::string(reason));
    }
  } else {
    --in_flight_;
    ++totals_.connect_failed;
    finished_connecting.fetch_add(1, std::memory_order_relaxed);
    window_.count_reason(std::string(reason));
  }
}

SwarmStats SwarmWorker::take_window() {
  SwarmStats out = std::move(window_);
  window_ = SwarmStats{};
  out.connected = totals_.connected;
  out.connect_failed = totals_.connect_failed;
  out.dropped = totals_.dropped;
  return out;
}

void SwarmWorker::close_all() {
  closing_ = true;
  ticker_.cancel();
  for (auto& client : clients_) {
    if (client) client->close();
  }
  clients_.clear();
  clients_.resize(state_.size());
}

}  // namespace parley::bench
