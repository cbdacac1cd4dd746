// The SFU as the rest of the server sees it: one object that owns the media UDP port, the media
// thread(s), and one router per meeting ("room"). Callers (rooms/, on their own strands) talk to it
// with the thread-safe calls below; nothing here knows about Socket.IO, JSON, HTTP or SQL.
//
// Per participant there are two WebRTC connections, each its own ICE-lite/DTLS-SRTP transport:
//  - send ("publish"): the client offers (sendonly m-sections), the SFU answers (recvonly). Every
//    m-section that carries a track becomes a producer, labelled with the client's `source`.
//  - receive ("subscribe"): the SFU offers (one sendonly m-section per consumer, msid stream id =
//    the publisher's participant id), the client answers. The SFU re-offers whenever producers come
//    or go, one offer at a time per subscriber: a change while an offer is outstanding is folded into
//    the next offer, sent once the answer arrived.
//
// Threads: every call may come from any thread. Completions and SfuEvents run on a media thread and
// must not block: post to your own executor. A room is pinned to one media thread; no locks on the
// packet path.
//
// Lifetime: stop() closes the port and every transport; SfuEvents must outlive the service.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace parley::media::sfu {

// What the client says about each m-section it publishes (by mid in its offer).
struct PublishedTrack {
  std::string mid;
  std::string source;  // "audio", "video" or "screen"
};

// A track in a subscriber's receive connection.
struct SubscribedTrack {
  std::string mid;             // m-section in the subscriber's receive connection
  std::string participant_id;  // publisher
  std::string source;          // "audio", "video" or "screen"
  std::string kind;            // "audio" or "video"
};

struct SubscriberOffer {
  std::string sdp;
  std::vector<SubscribedTrack> tracks;  // every track in the offer, inactive ones excluded
  std::uint64_t version = 0;            // increases per subscriber; echoed with the answer
};

// Outcome of a request. `error` is a stable code ("invalid_sdp", "unsupported_media", "not_found",
// "stale_answer", "room_full", "stopped"); `message` is for people.
struct SfuResult {
  bool ok = false;
  std::string error;
  std::string message;
  std::string sdp;  // publish: the SFU's answer
};

class SfuEvents {
 public:
  virtual ~SfuEvents() = default;
  // The receive connection of (room, participant) needs this offer; answer with subscriber_answer().
  virtual void on_subscriber_offer(const std::string& room, const std::string& participant, SubscriberOffer offer) = 0;
  // A transport of (room, participant) changed state: connection is "send" or "recv"; state is
  // "connected", "disconnected" (consent lost; the client should restart ICE) or "failed" (DTLS).
  virtual void on_transport_state(const std::string& room, const std::string& participant,
                                  const std::string& connection, const std::string& state) = 0;
};

struct SfuOptions {
  boost::asio::ip::udp::endpoint listen;            // port 0 picks a free port
  std::vector<std::string> announced_addresses;     // host candidates in SDP (IP literals); empty: listen address
  unsigned threads = 1;                             // media threads; rooms are spread over them
  std::uint32_t publisher_bitrate_bps = 2'500'000;  // REMB sent to publishers (video)
  std::size_t max_consumers_per_room = 2500;        // participants x tracks bound; join refused past it
  std::chrono::milliseconds consent_timeout{30000};
  bool stun_server = true;  // answer plain STUN Binding requests (no ICE username) like a STUN server
};

// Counters for /metrics; monotonic totals and current gauges, readable from any thread.
struct SfuStats {
  std::uint64_t transports = 0, producers = 0, consumers = 0, rooms = 0;  // gauges
  std::uint64_t packets_in = 0, bytes_in = 0, packets_out = 0, bytes_out = 0;
  std::uint64_t rtcp_in = 0, rtcp_out = 0;
  std::uint64_t nacks_received = 0, retransmissions = 0, plis_sent = 0, plis_received = 0;
  std::uint64_t stun_requests = 0, stun_responses = 0;
  // Drops by reason.
  std::uint64_t dropped_unknown_source = 0;  // not STUN and no transport for the 5-tuple
  std::uint64_t dropped_malformed = 0;       // bad STUN/RTP/RTCP/DTLS
  std::uint64_t dropped_srtp = 0;            // SRTP/SRTCP authentication or replay failure
  std::uint64_t dropped_unknown_ssrc = 0;    // RTP for no producer
  std::uint64_t dropped_send_queue = 0;      // send failed or would block
};

class SfuService {
 public:
  using Done = std::function<void(SfuResult)>;

  // Binds the UDP port (throws boost::system::system_error); start() starts the media threads.
  SfuService(SfuOptions options, SfuEvents& events);
  ~SfuService();  // stop()s
  SfuService(const SfuService&) = delete;
  SfuService& operator=(const SfuService&) = delete;

  void start();
  void stop();
  boost::asio::ip::udp::endpoint local_endpoint() const;
  SfuStats stats() const;

  // Creates the participant (both transports; no media yet). Idempotent. Its receive connection
  // gets a first offer (on_subscriber_offer) once other participants publish, or at once when
  // something is already published in the room.
  void add_participant(const std::string& room, const std::string& participant, Done done);
  // The client's offer for its send connection (first one, renegotiation, or ICE restart).
  void publish(const std::string& room, const std::string& participant, std::string offer_sdp,
               std::vector<PublishedTrack> tracks, Done done);
  // The client's answer to SubscriberOffer `version`.
  void subscriber_answer(const std::string& room, const std::string& participant, std::uint64_t version,
                         std::string answer_sdp, Done done);
  // ICE restart of the receive connection: new local credentials and a fresh offer.
  void restart_subscriber(const std::string& room, const std::string& participant, Done done);
  // Removes the participant: its producers end (subscribers get a new offer without them).
  void remove_participant(const std::string& room, const std::string& participant);
  void close_room(const std::string& room);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::media::sfu
