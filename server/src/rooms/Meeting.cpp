#include "rooms/Meeting.hpp"

#include <algorithm>

#include "core/Error.hpp"
#include "core/SecureRandom.hpp"

namespace parley::rooms {

using nlohmann::json;

namespace {

core::Error refusal(core::ErrorKind kind, std::string code, std::string message) {
  return core::Error(kind, std::move(code), std::move(message));
}

core::Error no_participant() {
  return refusal(core::ErrorKind::not_found, "participant_not_found", "No such participant in this meeting.");
}

}  // namespace

std::string_view to_string(MeetingMode mode) noexcept {
  return mode == MeetingMode::sfu ? "sfu" : "mesh";
}

Meeting::Meeting(MeetingInfo info, RoomLimits limits, Outbox& out, IdSource make_id, SfuMembership* sfu,
                 const IceServerProvider* ice)
    : info_(std::move(info)), limits_(limits), out_(out), make_id_(std::move(make_id)), sfu_(sfu), ice_(ice) {
  if (!make_id_) make_id_ = [] { return core::secure_random_hex(12); };
  sfu_mode_ = limits_.sfu && info_.sfu_from_start;
}

void Meeting::refresh(const MeetingInfo& stored) {
  const bool locked = info_.locked;
  const bool ended = info_.ended;
  info_ = stored;
  info_.locked = locked;
  info_.ended = ended || stored.ended;
}

Role Meeting::role_for(const Identity& who) const {
  if (who.user_id && *who.user_id == info_.host_user_id) return Role::host;
  return who.guest() ? Role::guest : Role::member;
}

JoinOutcome Meeting::join(const JoinAttempt& a, SteadyTime now) {
  if (info_.ended) throw refusal(core::ErrorKind::gone, "meeting_ended", "This meeting has ended.");

  if (a.resume_token && !a.resume_token->empty()) {
    for (auto& [id, p] : participants_) {
      if (p.resume_token != *a.resume_token) continue;
      // Only the same person may take the place back.
      if (p.who.user_id != a.who.user_id) break;
      p.socket_id = a.socket_id;
      p.connected = true;
      if (sfu_mode_ && sfu_) sfu_->moved(info_.code, id, p.socket_id);
      return {JoinOutcome::Kind::resumed, id};
    }
    // An unknown or expired token: an ordinary join follows.
  }

  const Role role = role_for(a.who);
  const bool creator = role == Role::host;
  if (!creator) {
    if (a.who.guest() && !info_.guests_allowed)
      throw refusal(core::ErrorKind::forbidden, "guests_not_allowed", "This meeting does not admit guests; sign in.");
    if (info_.locked) throw refusal(core::ErrorKind::forbidden, "meeting_locked", "The host has locked this meeting.");
    if (info_.has_password && !a.password_given)
      throw refusal(core::ErrorKind::unauthorized, "password_required", "This meeting needs a password.");
    if (info_.has_password && !a.password_ok)
      throw refusal(core::ErrorKind::unauthorized, "wrong_password", "The meeting password is wrong.");
  }
  if (participants_.size() >= limits_.meeting_capacity())
    throw refusal(core::ErrorKind::conflict, "meeting_full",
                  "This meeting is full (" + std::to_string(limits_.meeting_capacity()) + " participants).");

  if (info_.lobby && !creator) {
    if (lobby_.size() >= limits_.max_lobby)
      throw refusal(core::ErrorKind::conflict, "meeting_full", "Too many people are waiting to join this meeting.");
    LobbyEntry entry{make_id_(), a.socket_id, a.who, role, now};
    send_to_hosts("lobby:request", {{"id", entry.id}, {"name", entry.who.name}});
    lobby_.push_back(std::move(entry));
    return {JoinOutcome::Kind::waiting, lobby_.back().id};
  }

  make_room_for_one();
  auto& p = admit_participant(make_id_(), a.socket_id, a.who, role);
  return {JoinOutcome::Kind::joined, p.id};
}

void Meeting::make_room_for_one() {
  if (sfu_mode_ || !limits_.sfu || participants_.size() + 1 <= limits_.mesh_limit) return;
  sfu_mode_ = true;
  for (const auto& id : order_) {
    const Participant& p = participants_.at(id);
    // The ICE servers for the SFU differ from the mesh's (see IceServers.hpp): the client takes these.
    json payload = {{"mode", "sfu"}};
    if (ice_) payload["iceServers"] = ice_->ice_servers(p.id, true);
    send(p, "meeting:mode", std::move(payload));
    if (sfu_) sfu_->joined(info_.code, p.id, p.socket_id);
  }
}

Participant& Meeting::admit_participant(std::string id, std::string socket_id, const Identity& who, Role role) {
  Participant p;
  p.id = std::move(id);
  p.socket_id = std::move(socket_id);
  p.who = who;
  p.role = role;
  p.resume_token = make_id_() + make_id_();
  p.chat = RateLimiter(limits_.chat_burst, limits_.chat_per_second);
  p.reactions = RateLimiter(limits_.reaction_burst, limits_.reaction_per_second);
  order_.push_back(p.id);
  auto [it, inserted] = participants_.emplace(p.id, std::move(p));
  if (sfu_mode_ && sfu_) sfu_->joined(info_.code, it->second.id, it->second.socket_id);
  return it->second;
}

void Meeting::announce(const std::string& participant_id, bool resumed) {
  const Participant& p = member(participant_id);
  if (resumed) {
    send_to_others(p.id, "participant:updated", p.summary());
  } else {
    send_to_others(p.id, "participant:joined", p.summary());
  }
  if (p.role == Role::host)
    for (const auto& w : lobby_) send(p, "lobby:request", {{"id", w.id}, {"name", w.who.name}});
}

json Meeting::settings_json() const {
  return {{"code", info_.code},
          {"title", info_.title},
          {"locked", info_.locked},
          {"lobby", info_.lobby},
          {"guestsAllowed", info_.guests_allowed}};
}

json Meeting::joined_payload(const std::string& participant_id) const {
  const Participant& self = member(participant_id);
  json others = json::array();
  for (const auto& id : order_) {
    if (id == participant_id) continue;
    if (auto it = participants_.find(id); it != participants_.end()) others.push_back(it->second.summary());
  }
  return {{"ok", true},
          {"status", "joined"},
          {"self",
           {{"id", self.id},
            {"name", self.who.name},
            {"role", std::string(to_string(self.role))},
            {"resumeToken", self.resume_token}}},
          {"participants", std::move(others)},
          {"mode", std::string(to_string(mode()))},
          {"meeting", settings_json()}};
}

std::string Meeting::chat_author_key(std::int64_t message_id, std::optional<std::int64_t> user_id,
                                     const std::optional<std::string>& guest_name) const {
  for (const auto& [id, author] : chat_authors_)
    if (id == message_id) return author;
  if (user_id) return "user:" + std::to_string(*user_id);
  return "guest:" + guest_name.value_or("");
}

std::optional<Participant> Meeting::leave(const std::string& participant_id, std::string_view reason) {
  auto it = participants_.find(participant_id);
  if (it == participants_.end()) return std::nullopt;
  Participant gone = std::move(it->second);
  participants_.erase(it);
  order_.erase(std::remove(order_.begin(), order_.end(), participant_id), order_.end());
  if (sfu_mode_ && sfu_) {
    sfu_->left(info_.code, gone.id);
    if (participants_.empty()) sfu_->closed(info_.code);  // a later joiner starts a fresh room
  }
  send_to_all("participant:left", {{"id", gone.id}, {"reason", std::string(reason)}});
  return gone;
}

void Meeting::socket_dropped(const std::string& socket_id, SteadyTime now) {
  for (auto& [id, p] : participants_) {
    if (p.socket_id == socket_id && p.connected) {
      p.connected = false;
      p.disconnected_at = now;
    }
  }
  for (auto it = lobby_.begin(); it != lobby_.end();) {
    if (it->socket_id == socket_id) {
      send_to_hosts("participant:left", {{"id", it->id}, {"reason", "left_lobby"}});
      it = lobby_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<Participant> Meeting::expire(SteadyTime now) {
  std::vector<std::string> due;
  for (const auto& [id, p] : participants_)
    if (!p.connected && now - p.disconnected_at >= limits_.reconnect_grace) due.push_back(id);
  std::vector<Participant> gone;
  for (const auto& id : due)
    if (auto p = leave(id, "timeout")) gone.push_back(std::move(*p));
  return gone;
}

void Meeting::relay_signal(const std::string& from_id, const SignalRequest& signal) {
  const Participant& from = member(from_id);
  auto it = participants_.find(signal.to);
  if (it == participants_.end() || it->first == from_id) throw no_participant();
  json relayed = signal.relayed;
  relayed["from"] = from.id;
  send(it->second, "rtc:signal", std::move(relayed));
}

void Meeting::check_chat_rate(const std::string& participant_id, SteadyTime now) {
  if (!member(participant_id).chat.allow(now))
    throw refusal(core::ErrorKind::too_many_requests, "rate_limited", "Too many chat messages; wait a moment.")
        .with_retry_after(1);
}

void Meeting::deliver_chat(const std::string& from_id, std::int64_t message_id, const json& message) {
  chat_authors_.emplace_back(message_id, from_id);
  while (chat_authors_.size() > limits_.chat_history) chat_authors_.pop_front();
  send_to_all("chat:message", message);
}

void Meeting::update_media(const std::string& participant_id, const MediaUpdate& update) {
  Participant& p = member(participant_id);
  update.apply(p.media);
  send_to_others(p.id, "participant:updated", {{"id", p.id}, {"media", to_json(p.media)}});
}

void Meeting::react(const std::string& participant_id, const std::string& emoji, SteadyTime now) {
  Participant& p = member(participant_id);
  if (!p.reactions.allow(now))
    throw refusal(core::ErrorKind::too_many_requests, "rate_limited", "Too many reactions; wait a moment.")
        .with_retry_after(1);
  send_to_all("reaction", {{"from", p.id}, {"emoji", emoji}});
}

void Meeting::require_host(const std::string& participant_id) const {
  if (member(participant_id).role != Role::host)
    throw refusal(core::ErrorKind::forbidden, "not_host", "Only a host can do that.");
}

void Meeting::mute(const std::string& host_id, const std::string& target_id) {
  require_host(host_id);
  auto it = participants_.find(target_id);
  if (it == participants_.end()) throw no_participant();
  send(it->second, "host:mute-request", json::object());
}

Participant Meeting::remove(const std::string& host_id, const std::string& target_id) {
  require_host(host_id);
  auto it = participants_.find(target_id);
  if (it == participants_.end()) throw no_participant();
  if (target_id == host_id)
    throw refusal(core::ErrorKind::bad_request, "invalid_target", "Use meeting:leave to leave the meeting.");
  if (it->second.who.user_id && *it->second.who.user_id == info_.host_user_id &&
      member(host_id).who.user_id != it->second.who.user_id)
    throw refusal(core::ErrorKind::forbidden, "invalid_target", "The meeting's creator cannot be removed.");
  send(it->second, "meeting:removed", json::object());
  return *leave(target_id, "removed");
}

void Meeting::promote(const std::string& host_id, const std::string& target_id) {
  require_host(host_id);
  auto it = participants_.find(target_id);
  if (it == participants_.end()) throw no_participant();
  Participant& p = it->second;
  if (p.role == Role::host) return;
  p.role = Role::host;
  send_to_all("participant:updated", {{"id", p.id}, {"role", "host"}});
  for (const auto& w : lobby_) send(p, "lobby:request", {{"id", w.id}, {"name", w.who.name}});
}

bool Meeting::set_locked(const std::string& host_id, bool locked) {
  require_host(host_id);
  const bool changed = info_.locked != locked;
  info_.locked = locked;
  send_to_all("meeting:updated", {{"locked", locked}});
  return changed;
}

std::string Meeting::admit(const std::string& host_id, const std::string& lobby_id) {
  require_host(host_id);
  auto it = std::find_if(lobby_.begin(), lobby_.end(), [&](const LobbyEntry& e) { return e.id == lobby_id; });
  if (it == lobby_.end()) throw no_participant();
  if (participants_.size() >= limits_.meeting_capacity())
    throw refusal(core::ErrorKind::conflict, "meeting_full", "The meeting is full.");
  LobbyEntry entry = std::move(*it);
  lobby_.erase(it);
  make_room_for_one();
  return admit_participant(entry.id, entry.socket_id, entry.who, entry.role).id;
}

void Meeting::deny(const std::string& host_id, const std::string& lobby_id) {
  require_host(host_id);
  auto it = std::find_if(lobby_.begin(), lobby_.end(), [&](const LobbyEntry& e) { return e.id == lobby_id; });
  if (it == lobby_.end()) throw no_participant();
  out_.send(it->socket_id, "lobby:denied", json::array({json{{"reason", "denied"}}}));
  lobby_.erase(it);
}

std::vector<Participant> Meeting::end(std::string_view reason) {
  info_.ended = true;
  const json payload = {{"reason", std::string(reason)}};
  send_to_all("meeting:ended", payload);
  for (const auto& w : lobby_) out_.send(w.socket_id, "meeting:ended", json::array({payload}));
  lobby_.clear();
  if (sfu_mode_ && sfu_) sfu_->closed(info_.code);
  std::vector<Participant> gone;
  for (auto& [id, p] : participants_) gone.push_back(std::move(p));
  participants_.clear();
  order_.clear();
  return gone;
}

const Participant* Meeting::find(const std::string& participant_id) const {
  auto it = participants_.find(participant_id);
  return it == participants_.end() ? nullptr : &it->second;
}

const LobbyEntry* Meeting::find_waiting(const std::string& lobby_id) const {
  for (const auto& e : lobby_)
    if (e.id == lobby_id) return &e;
  return nullptr;
}

void Meeting::set_participation(const std::string& participant_id, std::int64_t participation_id) {
  if (auto it = participants_.find(participant_id); it != participants_.end())
    it->second.participation_id = participation_id;
}

Participant& Meeting::member(const std::string& participant_id) {
  auto it = participants_.find(participant_id);
  if (it == participants_.end()) throw refusal(core::ErrorKind::forbidden, "not_joined", "Join the meeting first.");
  return it->second;
}

const Participant& Meeting::member(const std::string& participant_id) const {
  return const_cast<Meeting*>(this)->member(participant_id);
}

void Meeting::send(const Participant& p, const std::string& event, json payload) {
  if (p.connected) out_.send(p.socket_id, event, json::array({std::move(payload)}));
}

void Meeting::send_to_others(const std::string& except_id, const std::string& event, const json& payload) {
  for (const auto& [id, p] : participants_)
    if (id != except_id) send(p, event, payload);
}

void Meeting::send_to_all(const std::string& event, const json& payload) {
  for (const auto& [id, p] : participants_) send(p, event, payload);
}

void Meeting::send_to_hosts(const std::string& event, const json& payload) {
  for (const auto& [id, p] : participants_)
    if (p.role == Role::host) send(p, event, payload);
}

}  // namespace parley::rooms
