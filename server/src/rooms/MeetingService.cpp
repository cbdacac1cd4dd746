#include "rooms/MeetingService.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <ctime>

#include "core/Error.hpp"
#include "core/Metrics.hpp"

namespace parley::rooms {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

core::Error not_joined() {
  return core::Error(core::ErrorKind::forbidden, "not_joined", "Join the meeting first.");
}

core::Error meeting_not_found() {
  return core::not_found("meeting_not_found", "There is no meeting with this code.");
}

std::string iso8601(store::TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

MeetingInfo to_info(const store::Meeting& m) {
  MeetingInfo i;
  i.id = m.id;
  i.code = m.code;
  i.title = m.title;
  i.host_user_id = m.host_user_id;
  i.guests_allowed = m.settings.guests_allowed;
  i.lobby = m.settings.lobby;
  i.locked = m.settings.locked;
  i.has_password = m.settings.password_hash.has_value() && !m.settings.password_hash->empty();
  i.ended = m.ended();
  i.sfu_from_start = m.settings.mode == "sfu";
  return i;
}

std::optional<Identity> identity_of(realtime::Socket& socket) {
  const json& d = socket.data();
  if (!d.is_object() || !d.contains("name")) return std::nullopt;
  Identity who;
  who.name = d["name"].get<std::string>();
  if (d.contains("userId")) who.user_id = d["userId"].get<std::int64_t>();
  return who;
}

bool valid_code(const std::string& code) {
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

json ok(json extra = json::object()) {
  extra["ok"] = true;
  return extra;
}

}  // namespace

class MeetingService::SocketOutbox final : public Outbox {
 public:
  void attach(realtime::SocketServer& sockets) { sockets_ = &sockets; }
  void send(const std::string& socket_id, const std::string& event, json args) override {
    if (sockets_) sockets_->emit_to(socket_id, event, std::move(args));
  }
  void send_to_each(const std::vector<std::string>& socket_ids, const std::string& event, const json& args) override {
    if (sockets_) sockets_->emit_to_each(socket_ids, event, args);
  }

 private:
  realtime::SocketServer* sockets_ = nullptr;
};

MeetingService::MeetingService(asio::io_context& io, MeetingServiceParts parts, RoomLimits limits)
    : io_(io),
      parts_(parts),
      limits_(limits),
      outbox_(std::make_unique<SocketOutbox>()),
      sfu_(std::make_unique<SfuSignalling>(directory_, *outbox_, limits)),
      directory_(limits, *outbox_, sfu_.get()),
      legacy_(limits, *outbox_),
      events_(parts.metrics.counter("parley_meeting_events_total", "Meeting and legacy events received.")),
      refusals_(parts.metrics.labeled("parley_meeting_refusals_total",
                                      "Meeting and legacy events refused, by error code.", "error")) {
  parts_.metrics.computed("parley_meetings_live", "Meetings in progress.", core::MetricsRegistry::Type::gauge,
                          [this] { return static_cast<double>(directory_.meeting_count()); });
  parts_.metrics.computed("parley_meeting_sockets", "Sockets in a meeting or its lobby.",
                          core::MetricsRegistry::Type::gauge,
                          [this] { return static_cast<double>(directory_.socket_count()); });
}

MeetingService::~MeetingService() = default;

void MeetingService::install(realtime::SocketServer& sockets, const IceServerProvider& ice) {
  ice_ = &ice;
  directory_.set_ice_servers(&ice);
  outbox_->attach(sockets);
  sockets.on_connect([this](realtime::Socket s, json auth) { return on_connect(std::move(s), std::move(auth)); });
  sockets.on_event([this](realtime::Socket s, std::string event, json args, std::optional<realtime::Ack> ack) {
    return on_event(std::move(s), std::move(event), std::move(args), std::move(ack));
  });
  sockets.on_disconnect(
      [this](realtime::Socket s, std::string reason) { on_disconnect(std::move(s), std::move(reason)); });
  sweep_timer_ = std::make_shared<asio::steady_timer>(io_);
  asio::co_spawn(io_, sweep_loop(), asio::detached);
}

void MeetingService::shutdown() {
  stopping_ = true;
  if (sweep_timer_) sweep_timer_->cancel();
  std::vector<std::int64_t> open;
  for (auto& live : directory_.all()) {
    std::lock_guard lock(live->mutex);
    for (const auto& p : live->meeting.end("server_shutdown"))
      if (p.participation_id) open.push_back(*p.participation_id);
    live->closed = true;
  }
  directory_.clear();
  const auto now = store::Clock::now();
  for (auto id : open) {
    try {
      parts_.store.end_participation(id, now);
    } catch (const std::exception& e) {
      spdlog::warn("rooms: could not record a participation's end at shutdown id={} error={}", id, e.what());
    }
  }
}

// ---- connect / events / disconnect ------------------------------------------------------------

asio::awaitable<void> MeetingService::on_connect(realtime::Socket socket, json auth) {
  json data = json::object();
  if (auth.is_object() && auth.contains("token") && !auth["token"].is_null()) {
    if (!auth["token"].is_string()) throw core::unauthorized("invalid_token", "The session token is not valid.");
    std::string token = auth["token"].get<std::string>();
    auto& tokens = parts_.tokens;
    auto job = [&tokens, &token] { return tokens.authenticate(token); };
    auto user = co_await parts_.blocking.run(std::move(job));
    if (!user)
      throw core::unauthorized("invalid_token", "The session token is not valid or has expired; sign in again.");
    data["userId"] = user->id;
    data["name"] = user->name;
  } else if (auth.is_object() && auth.contains("guestName") && !auth["guestName"].is_null()) {
    std::optional<std::string> name;
    if (auth["guestName"].is_string())
      name = clean_display_name(auth["guestName"].get<std::string>(), limits_.name_max_chars);
    if (!name) throw core::bad_request("invalid_guest_name", "A guest name is 1 to 64 characters.");
    data["name"] = *name;
  } else if (!auth.is_null() && !auth.is_object()) {
    throw core::bad_request("invalid_auth", "The auth payload must be an object.");
  }
  socket.data() = std::move(data);
}

asio::awaitable<void> MeetingService::on_event(realtime::Socket socket, std::string event, json args,
                                               std::optional<realtime::Ack> ack) {
  json answer;
  events_.add();
  try {
    answer = co_await dispatch(socket, event, args, ack);
  } catch (const core::Error& e) {
    answer = {{"ok", false}, {"error", e.code()}, {"message", e.message()}};
    if (e.field()) answer["field"] = *e.field();
    if (e.retry_after_seconds()) answer["retryAfter"] = *e.retry_after_seconds();
    refusals_.with(e.code()).add();
    spdlog::debug("rooms: refused event={} socket={} error={}", event.substr(0, 64), socket.id(), e.code());
  } catch (const std::exception& e) {
    refusals_.with("internal_error").add();
    spdlog::error("rooms: event failed event={} socket={} error={}", event.substr(0, 64), socket.id(), e.what());
    answer = {{"ok", false}, {"error", "internal_error"}, {"message", "Something went wrong on the server."}};
  }
  if (ack && !answer.is_null()) (*ack)(json::array({std::move(answer)}));
}

asio::awaitable<json> MeetingService::dispatch(realtime::Socket& socket, const std::string& event, const json& args,
                                               std::optional<realtime::Ack>& ack) {
  const auto now = SteadyClock::now();
  if (event == "meeting:join") co_return co_await join(socket, args, ack);
  if (event == "meeting:leave") {
    parse_empty(args);
    co_return co_await leave(socket, "left");
  }
  if (event == "chat:send") co_return co_await chat(socket, args);
  if (event == "lobby:admit") co_return co_await admit(socket, args);
  if (event == "host:remove") co_return co_await remove(socket, args);
  if (event == "meeting:lock") co_return co_await lock(socket, args);
  if (event == "meeting:end") {
    parse_empty(args);
    co_return co_await end(socket);
  }
  if (event == "join-call" || event == "signal" || event == "chat-message") co_return legacy(socket, event, args);
  if (SfuSignalling::handles(event)) co_return co_await sfu_->handle(socket.id(), event, args);

  // The rest touch only the meeting's state.
  std::function<void(Meeting&, const std::string&)> act;
  if (event == "rtc:signal") {
    auto signal = parse_signal(args, limits_);
    act = [signal](Meeting& m, const std::string& me) { m.relay_signal(me, signal); };
  } else if (event == "media:state") {
    auto update = parse_media(args);
    act = [update](Meeting& m, const std::string& me) { m.update_media(me, update); };
  } else if (event == "reaction") {
    auto emoji = parse_reaction(args, limits_);
    act = [emoji, now](Meeting& m, const std::string& me) { m.react(me, emoji, now); };
  } else if (event == "host:mute") {
    auto target = parse_target(args);
    act = [target](Meeting& m, const std::string& me) { m.mute(me, target); };
  } else if (event == "host:promote") {
    auto target = parse_target(args);
    act = [target](Meeting& m, const std::string& me) { m.promote(me, target); };
  } else if (event == "lobby:deny") {
    auto target = parse_target(args);
    act = [target](Meeting& m, const std::string& me) { m.deny(me, target); };
  } else {
    throw core::Error(core::ErrorKind::bad_request, "unknown_event", "Unknown event.");
  }
  auto [live, me] = directory_.bound(socket.id());
  std::lock_guard lock(live->mutex);
  if (live->closed) throw not_joined();
  act(live->meeting, me);
  co_return ok();
}

void MeetingService::on_disconnect(realtime::Socket socket, std::string reason) {
  {
    std::lock_guard lock(legacy_mutex_);
    legacy_.leave(socket.id());
  }
  auto binding = directory_.binding(socket.id());
  if (!binding) return;
  const std::string& id = binding->id;
  auto live = directory_.find(binding->code);
  if (!live) return directory_.unbind(socket.id());
  std::vector<std::int64_t> left;
  {
    std::lock_guard lock(live->mutex);
    if (reason == "client namespace disconnect") {
      // The client hung up on purpose: no grace.
      if (auto gone = live->meeting.leave(id, "left"); gone && gone->participation_id)
        left.push_back(*gone->participation_id);
    }
    live->meeting.socket_dropped(socket.id(), SteadyClock::now());
    directory_.unbind(socket.id());
  }
  if (!left.empty()) record_left_detached(std::move(left));
}

// ---- joining and leaving ----------------------------------------------------------------------

asio::awaitable<json> MeetingService::join(realtime::Socket& socket, const json& args,
                                           std::optional<realtime::Ack>& ack) {
  auto who = identity_of(socket);
  if (!who) throw core::unauthorized("not_authenticated", "Connect with a token or a guest name to join meetings.");
  JoinRequest request = parse_join(args, limits_);
  if (!valid_code(request.code)) throw meeting_not_found();

  auto& store = parts_.store;
  const std::string code = request.code;
  auto find = [&store, &code] { return store.find_meeting(code); };
  std::optional<store::Meeting> stored = co_await parts_.blocking.run(std::move(find));
  if (!stored) throw meeting_not_found();
  if (stored->ended()) throw core::Error(core::ErrorKind::gone, "meeting_ended", "This meeting has ended.");
  const MeetingInfo info = to_info(*stored);

  JoinAttempt attempt{*who, socket.id(), request.resume_token, request.password.has_value(), false};
  if (request.password && info.has_password) {
    auto& passwords = parts_.passwords;
    const std::string& password = *request.password;
    const std::string& hash = *stored->settings.password_hash;
    auto verify = [&passwords, &password, &hash] { return passwords.verify(password, hash); };
    attempt.password_ok = co_await parts_.blocking.run(std::move(verify));
  }
  const std::int64_t meeting_id = info.id;
  const std::size_t history = limits_.chat_history;
  auto recent = [&store, meeting_id, history] { return store.recent_chat(meeting_id, history); };
  std::vector<store::ChatMessage> chat = co_await parts_.blocking.run(std::move(recent));

  // One meeting per socket: joining another (or the same again) leaves the current one first.
  if (directory_.binding(socket.id())) co_await leave(socket, "left");

  for (int round = 0; round < 3; ++round) {
    auto live = directory_.find_or_create(info);
    JoinOutcome outcome;
    {
      std::lock_guard lock(live->mutex);
      if (live->closed) continue;  // closed under us: look again
      live->meeting.refresh(info);
      outcome = live->meeting.join(attempt, SteadyClock::now());
      if (outcome.kind == JoinOutcome::Kind::waiting) {
        directory_.bind(socket.id(), {info.code, outcome.id});
        co_return ok({{"status", "waiting"}});
      }
      // A resumed place's previous socket (if the server has not noticed it drop yet) is no longer in it.
      if (outcome.kind == JoinOutcome::Kind::resumed) directory_.unbind_participant(info.code, outcome.id);
      directory_.bind(socket.id(), {info.code, outcome.id});
      // Answer first, then tell the others: the joiner's answer is queued on its socket before any
      // signal the others send in reply to participant:joined.
      if (ack) (*ack)(json::array({joined_answer(live->meeting, outcome.id, chat)}));
      ack.reset();
      live->meeting.announce(outcome.id, outcome.kind == JoinOutcome::Kind::resumed);
    }
    if (outcome.kind == JoinOutcome::Kind::joined) co_await record_join(live, outcome.id);
    co_return json();  // already answered
  }
  throw core::Error(core::ErrorKind::unavailable, "server_busy", "The meeting is busy; try again.");
}

asio::awaitable<json> MeetingService::leave(realtime::Socket& socket, const std::string& reason) {
  auto binding = directory_.binding(socket.id());
  if (!binding) co_return ok();  // leaving nothing is fine
  const std::string id = binding->id;
  auto live = directory_.find(binding->code);
  std::vector<std::int64_t> left;
  if (live) {
    std::lock_guard lock(live->mutex);
    if (auto gone = live->meeting.leave(id, reason)) {
      if (gone->participation_id) left.push_back(*gone->participation_id);
    } else if (live->meeting.find_waiting(id)) {
      live->meeting.socket_dropped(socket.id(), SteadyClock::now());  // leaves the lobby
    }
  }
  directory_.unbind(socket.id());
  if (!left.empty()) co_await record_left(std::move(left));
  co_return ok();
}

// ---- chat ---------------------------------------------------------------------------------------

asio::awaitable<json> MeetingService::chat(realtime::Socket& socket, const json& args) {
  std::string text = parse_chat(args, limits_);
  auto [live, me] = directory_.bound(socket.id());
  store::NewChatMessage message;
  {
    std::lock_guard lock(live->mutex);
    const Participant* p = live->meeting.find(me);
    if (!p || live->closed) throw not_joined();
    live->meeting.check_chat_rate(me, SteadyClock::now());
    message.meeting_id = live->meeting.info().id;
    message.sender_user_id = p->who.user_id;
    if (p->who.guest()) message.guest_name = p->who.name;
    message.sender_name = p->who.name;
    message.text = std::move(text);
    message.at = store::Clock::now();
  }
  auto& store = parts_.store;
  auto insert = [&store, &message] { return store.add_chat_message(message); };
  store::StoredChatMessage stored = co_await parts_.blocking.run(std::move(insert));
  json out = {{"id", std::to_string(stored.id)},
              {"from", me},
              {"name", message.sender_name},
              {"text", message.text},
              {"at", iso8601(stored.at)}};
  {
    std::lock_guard lock(live->mutex);
    if (live->meeting.find(me)) live->meeting.deliver_chat(me, stored.id, out);
  }
  co_return ok({{"message", out}});
}

// ---- host controls that touch the store ---------------------------------------------------------

asio::awaitable<json> MeetingService::admit(realtime::Socket& socket, const json& args) {
  std::string target = parse_target(args);
  auto [live, me] = directory_.bound(socket.id());
  std::int64_t meeting_id = 0;
  {
    std::lock_guard lock(live->mutex);
    live->meeting.require_host(me);
    if (!live->meeting.find_waiting(target))
      throw core::not_found("participant_not_found", "Nobody with that id is waiting.");
    meeting_id = live->meeting.info().id;
  }
  auto& store = parts_.store;
  const std::size_t history = limits_.chat_history;
  auto recent = [&store, meeting_id, history] { return store.recent_chat(meeting_id, history); };
  std::vector<store::ChatMessage> chat = co_await parts_.blocking.run(std::move(recent));
  {
    std::lock_guard lock(live->mutex);
    if (live->closed) throw not_joined();
    const LobbyEntry* waiting = live->meeting.find_waiting(target);
    if (!waiting) throw core::not_found("participant_not_found", "Nobody with that id is waiting.");
    const std::string waiter_socket = waiting->socket_id;
    const std::string id = live->meeting.admit(me, target);
    outbox_->send(waiter_socket, "lobby:admitted", json::array({joined_answer(live->meeting, id, chat)}));
    live->meeting.announce(id, false);
  }
  co_await record_join(live, target);
  co_return ok();
}

asio::awaitable<json> MeetingService::remove(realtime::Socket& socket, const json& args) {
  std::string target = parse_target(args);
  auto [live, me] = directory_.bound(socket.id());
  std::vector<std::int64_t> left;
  {
    std::lock_guard lock(live->mutex);
    if (live->closed) throw not_joined();
    Participant gone = live->meeting.remove(me, target);
    if (gone.participation_id) left.push_back(*gone.participation_id);
    directory_.unbind(gone.socket_id);
  }
  if (!left.empty()) co_await record_left(std::move(left));
  co_return ok();
}

asio::awaitable<json> MeetingService::lock(realtime::Socket& socket, const json& args) {
  const bool locked = parse_lock(args);
  auto [live, me] = directory_.bound(socket.id());
  std::string code;
  {
    std::lock_guard guard(live->mutex);
    if (live->closed) throw not_joined();
    live->meeting.set_locked(me, locked);
    code = live->meeting.info().code;
  }
  auto& store = parts_.store;
  auto write = [&store, &code, locked] { return store.set_meeting_locked(code, locked); };
  co_await parts_.blocking.run(std::move(write));
  co_return ok({{"locked", locked}});
}

asio::awaitable<json> MeetingService::end(realtime::Socket& socket) {
  auto [live, me] = directory_.bound(socket.id());
  std::vector<std::int64_t> left;
  std::string code;
  {
    std::lock_guard guard(live->mutex);
    if (live->closed) throw not_joined();
    live->meeting.require_host(me);
    code = live->meeting.info().code;
  }
  // Stored first, so that nobody can start the meeting again between the two steps.
  auto& store = parts_.store;
  const auto now = store::Clock::now();
  auto write = [&store, &code, now] { return store.end_meeting(code, now); };
  co_await parts_.blocking.run(std::move(write));
  {
    std::lock_guard guard(live->mutex);
    if (!live->closed) left = close_locked(*live, "ended_by_host");
  }
  co_await record_left(std::move(left));
  co_return ok();
}

// ---- legacy event set ---------------------------------------------------------------------------

json MeetingService::legacy(realtime::Socket& socket, const std::string& event, const json& args) {
  const auto now = SteadyClock::now();
  if (event == "join-call") {
    std::string code = legacy_room_from_path(args, limits_);
    std::optional<std::string> name;
    if (auto who = identity_of(socket)) name = who->name;
    std::lock_guard lock(legacy_mutex_);
    legacy_.join(socket.id(), code, std::move(name));
  } else if (event == "signal") {
    auto signal = parse_legacy_signal(args, limits_);
    std::lock_guard lock(legacy_mutex_);
    legacy_.signal(socket.id(), signal);
  } else {
    auto chat = parse_legacy_chat(args, limits_);
    std::lock_guard lock(legacy_mutex_);
    legacy_.chat(socket.id(), chat, now);
  }
  return ok();
}

// ---- directory ----------------------------------------------------------------------------------

std::vector<std::int64_t> MeetingService::close_locked(LiveMeeting& live, const std::string& reason) {
  std::vector<std::int64_t> left;
  for (const auto& p : live.meeting.end(reason))
    if (p.participation_id) left.push_back(*p.participation_id);
  directory_.forget_locked(live, true);
  return left;
}

std::size_t MeetingService::participant_count(const std::string& code) const {
  auto live = directory_.find(code);
  if (!live) return 0;
  std::lock_guard lock(live->mutex);
  return live->closed ? 0 : live->meeting.participant_count();
}

void MeetingService::end_meeting(const std::string& code) {
  auto live = directory_.find(code);
  if (!live) return;
  std::vector<std::int64_t> left;
  {
    std::lock_guard lock(live->mutex);
    if (live->closed) return;
    left = close_locked(*live, "ended_by_host");
  }
  record_left_detached(std::move(left));
}

// ---- answers ------------------------------------------------------------------------------------

json MeetingService::chat_json(const Meeting& meeting, const store::ChatMessage& m) const {
  return {{"id", std::to_string(m.id)},
          {"from", meeting.chat_author_key(m.id, m.sender_user_id, m.guest_name)},
          {"name", m.sender_name},
          {"text", m.text},
          {"at", iso8601(m.at)}};
}

json MeetingService::joined_answer(const Meeting& meeting, const std::string& participant_id,
                                   const std::vector<store::ChatMessage>& chat) const {
  json answer = meeting.joined_payload(participant_id);
  json lines = json::array();
  for (const auto& m : chat) lines.push_back(chat_json(meeting, m));
  answer["chat"] = std::move(lines);
  answer["iceServers"] = ice_ ? ice_->ice_servers(participant_id, meeting.mode() == MeetingMode::sfu) : json::array();
  return answer;
}

// ---- participations -----------------------------------------------------------------------------

asio::awaitable<void> MeetingService::record_join(std::shared_ptr<LiveMeeting> live, std::string participant_id) {
  store::NewParticipation row;
  {
    std::lock_guard lock(live->mutex);
    const Participant* p = live->meeting.find(participant_id);
    if (!p) co_return;
    row.meeting_id = live->meeting.info().id;
    row.user_id = p->who.user_id;
    if (p->who.guest()) row.guest_name = p->who.name;
    row.joined_at = store::Clock::now();
  }
  auto& store = parts_.store;
  std::int64_t id = 0;
  try {
    auto insert = [&store, &row] { return store.start_participation(row); };
    id = co_await parts_.blocking.run(std::move(insert));
  } catch (const std::exception& e) {
    spdlog::warn("rooms: could not record a join meeting={} error={}", row.meeting_id, e.what());
    co_return;
  }
  bool still_there = false;
  {
    std::lock_guard lock(live->mutex);
    if (!live->closed && live->meeting.find(participant_id)) {
      live->meeting.set_participation(participant_id, id);
      still_there = true;
    }
  }
  if (!still_there) {  // left before the row was written
    std::vector<std::int64_t> left{id};
    co_await record_left(std::move(left));
  }
}

asio::awaitable<void> MeetingService::record_left(std::vector<std::int64_t> participations) {
  if (participations.empty()) co_return;
  auto& store = parts_.store;
  const auto now = store::Clock::now();
  auto write = [&store, &participations, now] {
    for (auto id : participations) store.end_participation(id, now);
  };
  try {
    co_await parts_.blocking.run(std::move(write));
  } catch (const std::exception& e) {
    spdlog::warn("rooms: could not record leaving count={} error={}", participations.size(), e.what());
  }
}

void MeetingService::record_left_detached(std::vector<std::int64_t> participations) {
  if (participations.empty()) return;
  asio::co_spawn(io_, record_left(std::move(participations)), asio::detached);
}

// ---- reconnect grace ----------------------------------------------------------------------------

asio::awaitable<void> MeetingService::sweep_loop() {
  auto timer = sweep_timer_;
  while (!stopping_) {
    timer->expires_after(std::chrono::milliseconds(500));
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopping_) break;
    std::vector<std::int64_t> left;
    const auto now = SteadyClock::now();
    for (auto& live : directory_.all()) {
      std::lock_guard lock(live->mutex);
      if (live->closed) continue;
      for (const auto& p : live->meeting.expire(now))
        if (p.participation_id) left.push_back(*p.participation_id);
      if (live->meeting.empty()) {
        // Nobody left: forget the live state (the stored meeting stays; it can be joined again).
        directory_.forget_locked(*live, false);
      }
    }
    if (!left.empty()) record_left_detached(std::move(left));
  }
}

}  // namespace parley::rooms
