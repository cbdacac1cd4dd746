#pragma once
// Meetings in progress over the realtime socket server: the CONNECT identity (token or guest name),
// every meeting and legacy event (see docs/PROTOCOL.md, "Meeting events" and "Legacy event set"; the
// sfu:* events are handed to SfuSignalling),
// writes to the store (participations, chat, lock, end) on the blocking pool, and the reconnect-grace
// sweep. Also the live side of the REST API (participant counts, ending a meeting).
//
// Concurrency: each socket's events run on its strand. A meeting is shared between sockets, so its
// state (rooms::Meeting) sits behind its own mutex, held briefly and never across a co_await (see
// MeetingDirectory for the lock order). Legacy rooms have one mutex for the whole legacy space.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/LiveMeetingDirectory.hpp"
#include "auth/PasswordHasher.hpp"
#include "auth/TokenService.hpp"
#include "core/BlockingPool.hpp"
#include "core/Metrics.hpp"
#include "realtime/SocketServer.hpp"
#include "rooms/IceServers.hpp"
#include "rooms/LegacyRooms.hpp"
#include "rooms/Limits.hpp"
#include "rooms/Meeting.hpp"
#include "rooms/MeetingDirectory.hpp"
#include "rooms/SfuSignalling.hpp"
#include "store/Store.hpp"

namespace parley::rooms {

struct MeetingServiceParts {
  core::BlockingPool& blocking;
  store::Store& store;
  auth::TokenService& tokens;
  auth::PasswordHasher& passwords;
  core::MetricsRegistry& metrics;
};

class MeetingService final : public api::LiveMeetingDirectory {
 public:
  MeetingService(boost::asio::io_context& io, MeetingServiceParts parts, RoomLimits limits);
  ~MeetingService() override;
  MeetingService(const MeetingService&) = delete;
  MeetingService& operator=(const MeetingService&) = delete;

  // Sets the socket server's connect, event and disconnect handlers and starts the grace sweep. (The
  // service exists before the socket server so that the REST API can hold it as its live directory.)
  // `ice` lists the ICE servers in join answers (it may need the media port, known only once bound).
  void install(realtime::SocketServer& sockets, const IceServerProvider& ice);
  // Stops the sweep and records every open participation as left (blocks briefly: call at shutdown).
  void shutdown();

  // The SFU's events go here (give it to the SfuService, which must not outlive this service).
  media::sfu::SfuEvents& sfu_events() noexcept { return *sfu_; }
  // The SFU meetings use past the mesh limit; null (--no-sfu) when limits.sfu is false. Before install().
  void attach_sfu(media::sfu::SfuService* sfu) noexcept { sfu_->attach(sfu); }

  // api::LiveMeetingDirectory (non-blocking).
  std::size_t participant_count(const std::string& code) const override;
  void end_meeting(const std::string& code) override;

 private:
  class SocketOutbox;

  boost::asio::awaitable<void> on_connect(realtime::Socket socket, nlohmann::json auth);
  boost::asio::awaitable<void> on_event(realtime::Socket socket, std::string event, nlohmann::json args,
                                        std::optional<realtime::Ack> ack);
  void on_disconnect(realtime::Socket socket, std::string reason);
  // Returns the ack's answer, or null when the handler answered through `ack` itself.
  boost::asio::awaitable<nlohmann::json> dispatch(realtime::Socket& socket, const std::string& event,
                                                  const nlohmann::json& args, std::optional<realtime::Ack>& ack);

  boost::asio::awaitable<nlohmann::json> join(realtime::Socket& socket, const nlohmann::json& args,
                                              std::optional<realtime::Ack>& ack);
  boost::asio::awaitable<nlohmann::json> leave(realtime::Socket& socket, const std::string& reason);
  boost::asio::awaitable<nlohmann::json> chat(realtime::Socket& socket, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> admit(realtime::Socket& socket, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> remove(realtime::Socket& socket, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> lock(realtime::Socket& socket, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> end(realtime::Socket& socket);
  nlohmann::json legacy(realtime::Socket& socket, const std::string& event, const nlohmann::json& args);

  // Under the meeting's mutex: the meeting is over; forget it. Returns the open participations.
  std::vector<std::int64_t> close_locked(LiveMeeting& live, const std::string& reason);
  nlohmann::json chat_json(const Meeting& meeting, const store::ChatMessage& m) const;
  nlohmann::json joined_answer(const Meeting& meeting, const std::string& participant_id,
                               const std::vector<store::ChatMessage>& chat) const;

  boost::asio::awaitable<void> record_join(std::shared_ptr<LiveMeeting> live, std::string participant_id);
  boost::asio::awaitable<void> record_left(std::vector<std::int64_t> participations);
  void record_left_detached(std::vector<std::int64_t> participations);
  boost::asio::awaitable<void> sweep_loop();

  boost::asio::io_context& io_;
  MeetingServiceParts parts_;
  RoomLimits limits_;
  std::unique_ptr<SocketOutbox> outbox_;
  const IceServerProvider* ice_ = nullptr;

  std::unique_ptr<SfuSignalling> sfu_;  // before directory_: every meeting reports to it
  MeetingDirectory directory_;

  std::mutex legacy_mutex_;
  LegacyRooms legacy_;

  core::Counter& events_;           // every event handled
  core::LabeledCounter& refusals_;  // refused events, by error code (server-defined: bounded)
  std::atomic<bool> stopping_{false};
  std::shared_ptr<boost::asio::steady_timer> sweep_timer_;
};

}  // namespace parley::rooms
