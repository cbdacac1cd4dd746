#include "rooms/SfuSignalling.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <vector>

#include "core/Error.hpp"
#include "rooms/Payloads.hpp"

namespace parley::rooms {

namespace asio = boost::asio;
using media::sfu::SfuResult;
using nlohmann::json;

namespace {

core::Error not_joined() {
  return core::Error(core::ErrorKind::forbidden, "not_joined", "Join the meeting first.");
}

// Runs `start(done)` and suspends until the SFU calls done (on a media thread); resumes on the
// caller's executor (its strand) with the result. The handler is shared because Done is a
// std::function (copyable) and the coroutine's handler is move-only.
template <class Start>
asio::awaitable<SfuResult> await_sfu(Start& start) {
  SfuResult result;
  auto initiate = [&start, &result](auto handler) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    start(media::sfu::SfuService::Done([shared, &result](SfuResult r) {
      result = std::move(r);
      asio::post(std::move(*shared));
    }));
  };
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(initiate, asio::use_awaitable);
  co_return result;
}

// The SFU's refusal as the client sees it: SDP problems keep their code; a participant the SFU does
// not know is not joined; anything else (room full, stopping) is server_busy.
core::Error refusal(const SfuResult& r) {
  if (r.error == "invalid_sdp" || r.error == "unsupported_media")
    return core::Error(core::ErrorKind::bad_request, r.error, r.message.empty() ? "The SDP was refused." : r.message);
  if (r.error == "stale_answer")
    return core::Error(core::ErrorKind::conflict, r.error, "This answer is for an older offer; answer the latest.");
  if (r.error == "not_found") return not_joined();
  spdlog::warn("rooms: sfu refused a request error={} message={}", r.error, r.message);
  return core::Error(core::ErrorKind::unavailable, "server_busy", "The media server is busy; try again.");
}

}  // namespace

SfuSignalling::SfuSignalling(const MeetingDirectory& directory, Outbox& out, RoomLimits limits)
    : directory_(directory), out_(out), limits_(limits) {}

// ---- events from clients ----------------------------------------------------------------------------

asio::awaitable<json> SfuSignalling::handle(const std::string& socket_id, const std::string& event, const json& args) {
  if (event == "sfu:publish") co_return co_await publish(socket_id, args);
  if (event == "sfu:answer") co_return co_await answer(socket_id, args);
  if (event == "sfu:restart") co_return co_await restart(socket_id, args);
  throw core::Error(core::ErrorKind::bad_request, "unknown_event", "Unknown event.");
}

std::pair<std::string, std::string> SfuSignalling::sfu_member(const std::string& socket_id) const {
  auto [live, me] = directory_.bound(socket_id);
  std::lock_guard lock(live->mutex);
  if (live->closed || !live->meeting.find(me)) throw not_joined();
  if (!sfu_ || live->meeting.mode() != MeetingMode::sfu)
    throw core::Error(core::ErrorKind::conflict, "not_sfu", "This meeting is peer-to-peer (mesh); use rtc:signal.");
  return {live->meeting.info().code, me};
}

asio::awaitable<json> SfuSignalling::publish(const std::string& socket_id, const json& args) {
  SfuPublishRequest request = parse_sfu_publish(args, limits_);
  const auto [room, me] = sfu_member(socket_id);
  std::vector<media::sfu::PublishedTrack> tracks;
  for (auto& t : request.tracks) tracks.push_back({std::move(t.mid), std::move(t.source)});
  auto start = [this, &room = room, &me = me, &request, &tracks](media::sfu::SfuService::Done done) {
    sfu_->publish(room, me, std::move(request.sdp), std::move(tracks), std::move(done));
  };
  SfuResult result = co_await await_sfu(start);
  if (!result.ok) throw refusal(result);
  co_return json{{"ok", true}, {"sdp", std::move(result.sdp)}};
}

asio::awaitable<json> SfuSignalling::answer(const std::string& socket_id, const json& args) {
  SfuAnswerRequest request = parse_sfu_answer(args, limits_);
  const auto [room, me] = sfu_member(socket_id);
  auto start = [this, &room = room, &me = me, &request](media::sfu::SfuService::Done done) {
    sfu_->subscriber_answer(room, me, request.version, std::move(request.sdp), std::move(done));
  };
  SfuResult result = co_await await_sfu(start);
  if (!result.ok) throw refusal(result);
  co_return json{{"ok", true}};
}

asio::awaitable<json> SfuSignalling::restart(const std::string& socket_id, const json& args) {
  parse_empty(args);
  const auto [room, me] = sfu_member(socket_id);
  auto start = [this, &room = room, &me = me](media::sfu::SfuService::Done done) {
    sfu_->restart_subscriber(room, me, std::move(done));
  };
  SfuResult result = co_await await_sfu(start);
  if (!result.ok) throw refusal(result);
  co_return json{{"ok", true}};
}

// ---- who is in the SFU ----------------------------------------------------------------------------------

void SfuSignalling::joined(const std::string& room, const std::string& participant, const std::string& socket_id) {
  if (!sfu_) return;
  {
    std::lock_guard lock(mutex_);
    members_[room][participant] = Member{socket_id};
  }
  sfu_->add_participant(room, participant, [room, participant](SfuResult r) {
    // The participant stays in the meeting; its sfu:publish will be refused (server_busy or not_joined).
    if (!r.ok)
      spdlog::warn("rooms: the sfu did not add a participant room={} participant={} error={} message={}", room,
                   participant, r.error, r.message);
  });
}

void SfuSignalling::moved(const std::string& room, const std::string& participant, const std::string& socket_id) {
  std::lock_guard lock(mutex_);
  auto it = members_.find(room);
  if (it == members_.end()) return;
  if (auto p = it->second.find(participant); p != it->second.end()) p->second.socket_id = socket_id;
}

void SfuSignalling::left(const std::string& room, const std::string& participant) {
  if (!sfu_) return;
  {
    std::lock_guard lock(mutex_);
    if (auto it = members_.find(room); it != members_.end()) {
      it->second.erase(participant);
      if (it->second.empty()) members_.erase(it);
    }
  }
  sfu_->remove_participant(room, participant);
}

void SfuSignalling::closed(const std::string& room) {
  if (!sfu_) return;
  {
    std::lock_guard lock(mutex_);
    members_.erase(room);
  }
  sfu_->close_room(room);
}

std::optional<std::string> SfuSignalling::socket_of(const std::string& room, const std::string& participant) const {
  std::lock_guard lock(mutex_);
  auto it = members_.find(room);
  if (it == members_.end()) return std::nullopt;
  auto p = it->second.find(participant);
  if (p == it->second.end()) return std::nullopt;
  return p->second.socket_id;
}

bool SfuSignalling::note_transport_state(const std::string& room, const std::string& participant,
                                         const std::string& connection, const std::string& state) {
  std::lock_guard lock(mutex_);
  auto it = members_.find(room);
  if (it == members_.end()) return false;
  auto p = it->second.find(participant);
  if (p == it->second.end()) return false;
  bool& connected = connection == "send" ? p->second.send_connected : p->second.recv_connected;
  if (state == "connected") connected = true;
  // "disconnected" means consent lost: a connection that never connected has none to lose (the SFU may
  // report it while the first checks arrive), and a client told so would restart ICE for nothing.
  return state != "disconnected" || connected;
}

// ---- events from the SFU --------------------------------------------------------------------------------

json SfuSignalling::offer_json(const media::sfu::SubscriberOffer& offer) {
  json tracks = json::array();
  for (const auto& t : offer.tracks)
    tracks.push_back({{"mid", t.mid}, {"participantId", t.participant_id}, {"source", t.source}, {"kind", t.kind}});
  return {{"sdp", offer.sdp}, {"version", offer.version}, {"tracks", std::move(tracks)}};
}

void SfuSignalling::on_subscriber_offer(const std::string& room, const std::string& participant,
                                        media::sfu::SubscriberOffer offer) {
  // A participant in its reconnect grace has no live socket: the offer is dropped, and its client asks
  // for a fresh one (sfu:restart) once it has resumed.
  if (auto socket = socket_of(room, participant)) out_.send(*socket, "sfu:offer", json::array({offer_json(offer)}));
}

void SfuSignalling::on_transport_state(const std::string& room, const std::string& participant,
                                       const std::string& connection, const std::string& state) {
  if (!note_transport_state(room, participant, connection, state)) return;
  if (auto socket = socket_of(room, participant))
    out_.send(*socket, "sfu:transport", json::array({json{{"connection", connection}, {"state", state}}}));
}

}  // namespace parley::rooms
