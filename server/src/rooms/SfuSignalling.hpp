#pragma once
// The SFU side of meetings (docs/PROTOCOL.md, "SFU events"): the sfu:* events of participants in sfu
// mode, forwarded to the SFU (media::sfu::SfuService), and the SFU's events back to their sockets.
//
// Rooms are meeting codes, participants their participant ids. Meetings tell this object who is in
// the SFU (SfuMembership, under their mutex); it keeps each participant's current socket so that the
// SFU's offers reach it after a resume too.
//
// Threads: handle() runs on the socket's strand and awaits the SFU's completion there (the SFU calls
// back on a media thread; the result is posted back). SfuEvents arrive on a media thread and only look
// up a socket (a leaf mutex) and queue an emit. The SFU is attached after construction because it takes
// this object as its SfuEvents.
#include <boost/asio/awaitable.hpp>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "media/sfu/SfuService.hpp"
#include "rooms/Limits.hpp"
#include "rooms/MeetingDirectory.hpp"
#include "rooms/Outbox.hpp"
#include "rooms/SfuMembership.hpp"

namespace parley::rooms {

class SfuSignalling final : public media::sfu::SfuEvents, public SfuMembership {
 public:
  // `directory` is only used once events arrive (it may be constructed after this object).
  SfuSignalling(const MeetingDirectory& directory, Outbox& out, RoomLimits limits);

  // Null: no SFU (--no-sfu); then no meeting reaches sfu mode and sfu:* events are refused (not_sfu).
  void attach(media::sfu::SfuService* sfu) noexcept { sfu_ = sfu; }

  static bool handles(std::string_view event) noexcept { return event.starts_with("sfu:"); }
  // sfu:publish, sfu:answer, sfu:restart from a socket: the ack's answer. Refusals throw core::Error:
  // invalid_payload, not_joined, not_sfu, invalid_sdp, unsupported_media, stale_answer, server_busy.
  boost::asio::awaitable<nlohmann::json> handle(const std::string& socket_id, const std::string& event,
                                                const nlohmann::json& args);

  // SfuMembership (called under a meeting's mutex).
  void joined(const std::string& room, const std::string& participant, const std::string& socket_id) override;
  void moved(const std::string& room, const std::string& participant, const std::string& socket_id) override;
  void left(const std::string& room, const std::string& participant) override;
  void closed(const std::string& room) override;

  // media::sfu::SfuEvents (called on a media thread).
  void on_subscriber_offer(const std::string& room, const std::string& participant,
                           media::sfu::SubscriberOffer offer) override;
  void on_transport_state(const std::string& room, const std::string& participant, const std::string& connection,
                          const std::string& state) override;

  // The sfu:offer payload (exposed for tests).
  static nlohmann::json offer_json(const media::sfu::SubscriberOffer& offer);

 private:
  // The socket's room and participant id, once it is checked to be a participant of a meeting in sfu mode.
  std::pair<std::string, std::string> sfu_member(const std::string& socket_id) const;
  std::optional<std::string> socket_of(const std::string& room, const std::string& participant) const;
  // Updates what is known of a connection's state; false when `state` is not worth telling the client.
  bool note_transport_state(const std::string& room, const std::string& participant, const std::string& connection,
                            const std::string& state);
  boost::asio::awaitable<nlohmann::json> publish(const std::string& socket_id, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> answer(const std::string& socket_id, const nlohmann::json& args);
  boost::asio::awaitable<nlohmann::json> restart(const std::string& socket_id, const nlohmann::json& args);

  const MeetingDirectory& directory_;
  Outbox& out_;
  RoomLimits limits_;
  media::sfu::SfuService* sfu_ = nullptr;
  struct Member {
    std::string socket_id;                                // the participant's current socket
    bool send_connected = false, recv_connected = false;  // has that connection ever been connected
  };
  mutable std::mutex mutex_;                                      // a leaf: guards members_
  std::map<std::string, std::map<std::string, Member>> members_;  // room -> participant -> member
};

}  // namespace parley::rooms
