#include "realtime/SocketSession.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/Error.hpp"
#include "realtime/SocketHub.hpp"
#include "realtime/StrandCall.hpp"

namespace parley::realtime {

namespace asio = boost::asio;
using json = nlohmann::json;

const char* transport_name(TransportKind kind) {
  return kind == TransportKind::polling ? "polling" : "websocket";
}

namespace {
const Frame& ping_frame() {
  static const Frame frame = text_frame("2");
  return frame;
}
const Frame& noop_frame() {
  static const Frame frame = text_frame("6");
  return frame;
}
const Frame& close_frame() {
  static const Frame frame = text_frame("1");
  return frame;
}
constexpr std::size_t kMaxInboundQueue = 256;

json error_args(const std::string& code, const std::string& message) {
  return json::array({json{{"error", code}, {"message", message}}});
}
}  // namespace

SocketSession::SocketSession(std::shared_ptr<SocketHub> hub, asio::any_io_executor strand, std::string engine_sid,
                             std::string socket_id, asio::ip::address remote, TransportKind transport)
    : hub_(std::move(hub)),
      strand_(std::move(strand)),
      engine_sid_(std::move(engine_sid)),
      socket_id_(std::move(socket_id)),
      remote_(std::move(remote)),
      transport_(transport),
      data_(json::object()),
      event_tokens_(hub_->options().max_events_per_second),
      tokens_at_(std::chrono::steady_clock::now()),
      opened_at_(tokens_at_) {}

SocketSession::~SocketSession() = default;

std::string SocketSession::open_payload() const {
  const auto& o = hub_->options();
  json open{{"sid", engine_sid_},
            {"upgrades", transport() == TransportKind::polling ? json::array({"websocket"}) : json::array()},
            {"pingInterval", o.ping_interval.count()},
            {"pingTimeout", o.ping_timeout.count()},
            {"maxPayload", o.max_payload_bytes}};
  return open.dump();
}

void SocketSession::start(bool send_open) {
  if (send_open) enqueue(text_frame("0" + open_payload()));
  heartbeat_timer_ = std::make_unique<asio::steady_timer>(strand_);
  schedule_ping();
}

// ---- sending (any thread) ----

void SocketSession::send(Frame frame) {
  asio::post(strand_,
             [self = shared_from_this(), frame = std::move(frame)]() mutable { self->enqueue(std::move(frame)); });
}

void SocketSession::send(std::vector<Frame> frames) {
  asio::post(strand_, [self = shared_from_this(), frames = std::move(frames)]() mutable {
    for (auto& f : frames) self->enqueue(std::move(f));
  });
}

void SocketSession::send_packet(const socketio::Packet& packet) {
  send(to_frames(packet));
}

void SocketSession::emit_with_ack(std::string event, json args, std::chrono::milliseconds timeout,
                                  std::function<void(std::optional<json>)> on_reply) {
  asio::post(strand_, [self = shared_from_this(), event = std::move(event), args = std::move(args), timeout,
                       on_reply = std::move(on_reply)]() mutable {
    self->do_emit_with_ack(std::move(event), std::move(args), timeout, std::move(on_reply));
  });
}

void SocketSession::do_emit_with_ack(std::string event, json args, std::chrono::milliseconds timeout,
                                     std::function<void(std::optional<json>)> on_reply) {
  if (!connected() || closed_ || closing_) {
    if (on_reply) on_reply(std::nullopt);
    return;
  }
  const auto id = next_ack_id_++;
  auto timer = std::make_shared<asio::steady_timer>(strand_, timeout);
  std::weak_ptr<SocketSession> weak = shared_from_this();
  timer->async_wait([weak, id](const boost::system::error_code& ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self) return;
    auto it = self->pending_acks_.find(id);
    if (it == self->pending_acks_.end()) return;
    auto reply = std::move(it->second.on_reply);
    self->pending_acks_.erase(it);
    if (reply) reply(std::nullopt);
  });
  pending_acks_.emplace(id, PendingAck{std::move(on_reply), std::move(timer)});
  for (auto& frame : to_frames(socketio::make_event(std::move(event), std::move(args), id))) enqueue(std::move(frame));
}

void SocketSession::disconnect(std::string reason) {
  asio::post(strand_, [self = shared_from_this(), reason = std::move(reason)] {
    if (self->closed_ || self->closing_) return;
    if (self->connected()) {
      for (auto& frame : to_frames(socketio::make_disconnect())) self->enqueue(std::move(frame));
      self->end_socket(reason);
    }
    if (self->closed_) return;  // the DISCONNECT overflowed the queue
    // From here the session only flushes: the next take delivers what is queued (the DISCONNECT), and
    // on long polling the Engine.IO close follows in a poll of its own (flush_closing). A client that
    // does not come back for them within the ping timeout is closed anyway. The hub holds the session
    // until it closes, so the timer needs only a weak reference.
    self->closing_ = true;
    self->close_reason_ = reason;
    auto timer = std::make_shared<asio::steady_timer>(self->strand_, self->hub_->options().ping_timeout);
    std::weak_ptr<SocketSession> weak = self;
    timer->async_wait([weak, timer](const boost::system::error_code&) {
      if (auto session = weak.lock()) session->close_now(session->close_reason_);
    });
    self->flush_closing();
  });
}

void SocketSession::close(std::string reason) {
  asio::post(strand_, [self = shared_from_this(), reason = std::move(reason)] { self->close_now(reason); });
}

// ---- outbox and the waiting transport (strand) ----

void SocketSession::enqueue(Frame frame) {
  if (closed_ || closing_) return;  // nothing follows a server disconnect but the close
  if (outbox_.size() >= hub_->options().send_queue_limit) {
    close_now("send queue overflow");
    return;
  }
  outbox_.push_back(std::move(frame));
  hub_->metrics().packets_out.add();
  wake_waiter();
}

void SocketSession::wake_waiter() {
  if (!waiter_ || outbox_.empty()) return;
  if (waiter_kind_ == TransportKind::polling && (upgrading_ || transport() != TransportKind::polling)) return;
  auto& out = waiter_out_->frames;
  if (out.empty()) {
    out.swap(outbox_);
  } else {
    out.insert(out.end(), std::make_move_iterator(outbox_.begin()), std::make_move_iterator(outbox_.end()));
    outbox_.clear();
  }
  auto done = std::move(waiter_);
  waiter_ = nullptr;
  waiter_out_ = nullptr;
  done();
}

void SocketSession::flush_closing() {
  if (!closing_ || closed_ || !waiter_) return;
  if (outbox_.empty()) {
    close_now(close_reason_);  // the waiting transport gets the close (a poll: the "1" packet)
    return;
  }
  const auto kind = waiter_kind_;
  wake_waiter();
  // A WebSocket writer ends the connection right after these frames. A long poll must not carry the
  // Engine.IO close in the same response as the DISCONNECT: socket.io-client handles a decoded packet
  // one tick after the transport's close, so it would report 'transport close' instead of
  // 'io server disconnect'. The close waits for the next poll (or the bound set in disconnect()).
  if (kind == TransportKind::websocket && !waiter_) close_now(close_reason_);
}

void SocketSession::release_waiter(bool closed) {
  if (!waiter_) return;
  auto& out = waiter_out_->frames;
  if (closed) {
    out.insert(out.end(), std::make_move_iterator(outbox_.begin()), std::make_move_iterator(outbox_.end()));
    outbox_.clear();
    if (waiter_kind_ == TransportKind::polling && (out.empty() || out.back().bytes != close_frame().bytes)) {
      out.push_back(close_frame());
    }
  } else {
    out.push_back(noop_frame());
  }
  waiter_out_->closed = closed;
  auto done = std::move(waiter_);
  waiter_ = nullptr;
  waiter_out_ = nullptr;
  done();
}

asio::awaitable<std::optional<FrameBatch>> SocketSession::take(TransportKind who) {
  auto self = shared_from_this();
  FrameBatch batch;
  bool refused = false;
  auto start = [this, who, &batch, &refused](std::function<void()> done) {
    if (closed_) {
      batch.closed = true;
      if (who == TransportKind::polling) batch.frames.push_back(close_frame());
      done();
      return;
    }
    if (who == TransportKind::polling && transport() != TransportKind::polling) {
      refused = true;
      done();
      return;
    }
    if (waiter_) {
      // A second long-poll GET while one is held: a broken client. Refuse it and end the session.
      refused = true;
      done();
      close_now("transport error");
      return;
    }
    if (who == TransportKind::polling && upgrading_) {
      batch.frames.push_back(noop_frame());
      done();
      return;
    }
    waiter_ = std::move(done);
    waiter_out_ = &batch;
    waiter_kind_ = who;
    if (closing_) {
      flush_closing();
    } else {
      wake_waiter();
    }
  };
  co_await suspend_on_strand(strand_, start);
  if (refused) co_return std::nullopt;
  co_return std::move(batch);
}

asio::awaitable<bool> SocketSession::begin_upgrade() {
  auto self = shared_from_this();
  bool ok = false;
  auto start = [this, &ok](std::function<void()> done) {
    ok = !closed_ && !closing_ && transport() == TransportKind::polling && !upgrading_;
    if (ok) {
      upgrading_ = true;
      if (waiter_ && waiter_kind_ == TransportKind::polling) release_waiter(false);  // noop ends the held GET
    }
    done();
  };
  co_await suspend_on_strand(strand_, start);
  co_return ok;
}

asio::awaitable<bool> SocketSession::finish_upgrade() {
  auto self = shared_from_this();
  bool ok = false;
  auto start = [this, &ok](std::function<void()> done) {
    ok = !closed_ && upgrading_ && transport() == TransportKind::polling;
    if (ok) {
      upgrading_ = false;
      if (waiter_ && waiter_kind_ == TransportKind::polling) release_waiter(false);
      transport_.store(TransportKind::websocket, std::memory_order_relaxed);
      hub_->transport_changed(TransportKind::polling, TransportKind::websocket);
    }
    done();
  };
  co_await suspend_on_strand(strand_, start);
  co_return ok;
}

void SocketSession::cancel_upgrade() {
  asio::post(strand_, [self = shared_from_this()] {
    if (!self->upgrading_) return;
    self->upgrading_ = false;
    if (self->closing_) {
      self->flush_closing();
    } else {
      self->wake_waiter();
    }
  });
}

// ---- incoming (strand) ----

void SocketSession::receive(engineio::Packet packet) {
  asio::post(strand_, [self = shared_from_this(), packet = std::move(packet)]() mutable {
    self->handle_engine(std::move(packet));
  });
}

void SocketSession::receive(std::vector<engineio::Packet> packets) {
  asio::post(strand_, [self = shared_from_this(), packets = std::move(packets)]() mutable {
    for (auto& p : packets) self->handle_engine(std::move(p));
  });
}

asio::awaitable<void> SocketSession::receive_and_wait(std::vector<engineio::Packet> packets) {
  auto self = shared_from_this();
  auto start = [this, &packets](std::function<void()> done) {
    for (auto& p : packets) handle_engine(std::move(p));
    done();
  };
  co_await suspend_on_strand(strand_, start);
}

void SocketSession::handle_engine(engineio::Packet packet) {
  if (closed_) return;
  hub_->metrics().packets_in.add();
  using T = engineio::PacketType;
  switch (packet.type) {
    case T::pong:
      if (pong_pending_) {
        pong_pending_ = false;
        heartbeat_timer_->cancel();
      }
      return;
    case T::ping:
      enqueue(text_frame("3" + packet.data));
      return;
    case T::close:
      close_now("transport close");
      return;
    case T::noop:
    case T::upgrade:
      return;
    case T::open:
      close_now("parse error");
      return;
    case T::message:
      break;
  }
  if (packet.binary) {
    if (!assembling_ || !hub_->options().allow_binary) {
      close_now("parse error");
      return;
    }
    if (!assembling_->add(std::move(packet.data))) return;
    auto whole = assembling_->finish();
    assembling_.reset();
    if (!whole) {
      close_now("parse error");
      return;
    }
    handle_socketio(std::move(*whole));
    return;
  }
  if (assembling_) {  // text while attachments were expected
    close_now("parse error");
    return;
  }
  auto decoded = socketio::decode(packet.data);
  if (!decoded) {
    close_now("parse error");
    return;
  }
  const bool binary =
      decoded->type == socketio::PacketType::binary_event || decoded->type == socketio::PacketType::binary_ack;
  if (binary) {
    if (!hub_->options().allow_binary) {
      close_now("parse error");
      return;
    }
    socketio::BinaryAssembler assembler(std::move(*decoded));
    if (!assembler.complete()) {
      assembling_.emplace(std::move(assembler));
      return;
    }
    auto whole = assembler.finish();
    if (!whole) {
      close_now("parse error");
      return;
    }
    handle_socketio(std::move(*whole));
    return;
  }
  handle_socketio(std::move(*decoded));
}

void SocketSession::handle_socketio(socketio::Packet packet) {
  using T = socketio::PacketType;
  if (packet.nsp != "/") {
    if (packet.type == T::connect) {
      for (auto& f : to_frames(socketio::make_connect_error(packet.nsp, "Invalid namespace"))) enqueue(std::move(f));
    }
    return;
  }
  switch (packet.type) {
    case T::connect:
      if (connect_seen_) return;  // already connected or connecting
      connect_seen_ = true;
      queue_inbound(std::move(packet));
      return;
    case T::disconnect:
      inbound_.clear();
      connect_seen_ = false;
      end_socket("client namespace disconnect");
      return;
    case T::event:
    case T::binary_event:
      if (!connect_seen_) return;
      if (!take_event_token()) {
        hub_->metrics().events_dropped.add();
        if (packet.id) {
          for (auto& f : to_frames(
                   socketio::make_ack(*packet.id, error_args("too_many_requests", "Too many events; slow down."))))
            enqueue(std::move(f));
        }
        return;
      }
      if (inbound_.size() >= kMaxInboundQueue) {
        close_now("inbound queue overflow");
        return;
      }
      queue_inbound(std::move(packet));
      return;
    case T::ack:
    case T::binary_ack:
      handle_ack(*packet.id, std::move(packet.data));
      return;
    case T::connect_error:
      close_now("parse error");
      return;
  }
}

void SocketSession::handle_ack(std::uint64_t id, json args) {
  auto it = pending_acks_.find(id);
  if (it == pending_acks_.end()) return;  // late (timed out) or unknown
  auto reply = std::move(it->second.on_reply);
  it->second.timer->cancel();
  pending_acks_.erase(it);
  if (!reply) return;
  try {
    reply(std::move(args));
  } catch (const std::exception& e) {
    spdlog::error("realtime ack callback failed socket={}: {}", socket_id_, e.what());
  }
}

bool SocketSession::take_event_token() {
  const double rate = hub_->options().max_events_per_second;
  if (rate <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - tokens_at_).count();
  tokens_at_ = now;
  event_tokens_ = std::min(rate, event_tokens_ + elapsed * rate);
  if (event_tokens_ < 1.0) return false;
  event_tokens_ -= 1.0;
  return true;
}

void SocketSession::queue_inbound(socketio::Packet packet) {
  inbound_.push_back(std::move(packet));
  if (dispatching_) return;
  dispatching_ = true;
  asio::co_spawn(strand_, dispatch_loop(shared_from_this()), asio::detached);
}

asio::awaitable<void> SocketSession::dispatch_loop(std::shared_ptr<SocketSession> self) {
  while (!inbound_.empty() && !closed_) {
    std::vector<socketio::Packet> batch;
    batch.swap(inbound_);
    for (auto& packet : batch) {
      if (closed_) break;
      co_await process(std::move(packet));
    }
  }
  dispatching_ = false;
}

Ack SocketSession::make_client_ack(std::uint64_t id) {
  auto called = std::make_shared<std::atomic<bool>>(false);
  std::weak_ptr<SocketSession> weak = shared_from_this();
  return [weak, id, called](json args) {
    if (called->exchange(true)) return;
    if (auto self = weak.lock()) self->send_packet(socketio::make_ack(id, std::move(args)));
  };
}

asio::awaitable<void> SocketSession::process(socketio::Packet packet) {
  auto self = shared_from_this();
  if (packet.type == socketio::PacketType::connect) {
    json auth = std::move(packet.data);
    std::optional<core::Error> refused;
    try {
      if (const auto& chosen = hub_->connect_handler_for(auth); chosen) {
        ConnectHandler handler = chosen;
        Socket socket(self);
        co_await handler(std::move(socket), std::move(auth));
      }
    } catch (const core::Error& e) {
      refused = e;
    } catch (const std::exception& e) {
      spdlog::error("realtime connect handler failed socket={}: {}", socket_id_, e.what());
      refused = core::Error(core::ErrorKind::internal, "internal_error", "Something went wrong on the server.");
    }
    if (closed_ || closing_) co_return;
    if (refused) {
      connect_seen_ = false;
      hub_->metrics().refused.with("connect_refused").add();
      auto packet_out = socketio::make_connect_error("/", refused->message(), json{{"error", refused->code()}});
      for (auto& f : to_frames(packet_out)) enqueue(std::move(f));
      co_return;
    }
    connected_.store(true, std::memory_order_relaxed);
    hub_->socket_connected(self);
    for (auto& f : to_frames(socketio::make_connect(socket_id_))) enqueue(std::move(f));
    co_return;
  }

  // EVENT
  if (!connected()) co_return;
  std::string name = packet.data.at(0).get<std::string>();
  json args = json::array();
  for (std::size_t i = 1; i < packet.data.size(); ++i) args.push_back(std::move(packet.data[i]));
  std::optional<Ack> ack;
  if (packet.id) ack = make_client_ack(*packet.id);
  const std::optional<Ack> reply = ack;
  EventHandler handler = hub_->event_handler_for(data_);
  if (!handler) {
    if (reply) (*reply)(error_args("unknown_event", "This server does not handle that event."));
    co_return;
  }
  std::optional<core::Error> failure;
  try {
    Socket socket(self);
    co_await handler(std::move(socket), std::move(name), std::move(args), std::move(ack));
  } catch (const core::Error& e) {
    failure = e;
  } catch (const std::exception& e) {
    spdlog::error("realtime event handler failed socket={}: {}", socket_id_, e.what());
    failure = core::Error(core::ErrorKind::internal, "internal_error", "Something went wrong on the server.");
  }
  if (failure) {
    if (reply) {
      (*reply)(error_args(failure->code(), failure->message()));
    } else {
      spdlog::debug("realtime event refused socket={} code={}", socket_id_, failure->code());
    }
  }
}

// ---- heartbeat and closing (strand) ----

// Callbacks on the session's timer rather than a coroutine: a suspended coroutine frame per idle
// client costs more memory than a pending timer wait. The hub holds the session until it closes, so
// the waits need only a weak reference.
void SocketSession::schedule_ping() {
  heartbeat_timer_->expires_after(hub_->options().ping_interval);
  heartbeat_timer_->async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self || self->closed_ || ec) return;  // only close_now cancels this wait
    self->ping();
  });
}

void SocketSession::ping() {
  const auto& o = hub_->options();
  if (!connect_seen_ && !connected() && std::chrono::steady_clock::now() - opened_at_ >= o.connect_timeout) {
    close_now("connect timeout");
    return;
  }
  pong_pending_ = true;
  enqueue(ping_frame());
  if (closed_) return;
  heartbeat_timer_->expires_after(o.ping_timeout);
  heartbeat_timer_->async_wait([weak = weak_from_this()](const boost::system::error_code&) {
    auto self = weak.lock();
    if (!self || self->closed_) return;
    // Cancelled by the pong (or expired without one).
    if (self->pong_pending_) {
      self->close_now("ping timeout");
    } else {
      self->schedule_ping();
    }
  });
}

void SocketSession::end_socket(const std::string& reason) {
  if (!connected()) return;
  connected_.store(false, std::memory_order_relaxed);
  hub_->socket_gone(*this);
  auto acks = std::move(pending_acks_);
  pending_acks_.clear();
  for (auto& [id, pending] : acks) {
    pending.timer->cancel();
    if (!pending.on_reply) continue;
    try {
      pending.on_reply(std::nullopt);
    } catch (const std::exception& e) {
      spdlog::error("realtime ack callback failed socket={}: {}", socket_id_, e.what());
    }
  }
  if (const auto& handler = hub_->disconnect_handler_for(data_); handler) {
    try {
      handler(Socket(shared_from_this()), reason);
    } catch (const std::exception& e) {
      spdlog::error("realtime disconnect handler failed socket={}: {}", socket_id_, e.what());
    }
  }
}

void SocketSession::close_now(const std::string& reason) {
  if (closed_) return;
  auto self = shared_from_this();
  closed_.store(true, std::memory_order_relaxed);
  close_reason_ = reason;
  end_socket(reason);
  if (heartbeat_timer_) heartbeat_timer_->cancel();
  inbound_.clear();
  assembling_.reset();
  release_waiter(true);
  outbox_.clear();
  hub_->session_closed(*this);
  hub_->metrics().disconnects.with(reason).add();
  spdlog::debug("realtime session closed sid={} socket={} reason={}", engine_sid_, socket_id_, reason);
}

}  // namespace parley::realtime
