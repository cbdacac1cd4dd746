// One meeting's router: its participants' send and receive transports, the producers their publish
// offers describe, and one consumer per (subscriber, producer). Forwarding rewrites SSRC, sequence
// number and timestamp per consumer and encrypts each copy once, straight into the socket's send
// batch; NACKs are answered from a per-producer packet cache; keyframe requests go to publishers
// rate-limited; RTCP reports (SR to subscribers, RR + REMB to publishers) go out every second.
//
// Single-threaded: a room lives on one media thread; SfuService posts every call to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "media/dtls/DtlsContext.hpp"
#include "media/net/MediaUdpEndpoint.hpp"
#include "media/sdp/IceCandidate.hpp"
#include "media/sfu/KeyframeLimiter.hpp"
#include "media/sfu/PacketCache.hpp"
#include "media/sfu/PublishOffer.hpp"
#include "media/sfu/ReceiveStatistics.hpp"
#include "media/sfu/SequenceRewriter.hpp"
#include "media/sfu/SfuCounters.hpp"
#include "media/sfu/SfuService.hpp"
#include "media/sfu/SfuTransport.hpp"
#include "media/sfu/SubscriberSdp.hpp"
#include "media/sfu/TransportDemuxer.hpp"

namespace parley::media::sfu {

// What the rooms of one media thread share.
struct RoomContext {
  net::MediaUdpEndpoint& endpoint;
  TransportDemuxer& demuxer;
  SfuCounters& counters;
  SfuEvents& events;
  std::shared_ptr<const dtls::DtlsContext> dtls;
  sdp::Fingerprint fingerprint;
  std::vector<sdp::IceCandidate> candidates;
  const SfuOptions& options;
  std::mt19937_64 random{std::random_device{}()};
};

class Room {
 public:
  using Clock = std::chrono::steady_clock;

  Room(std::string name, RoomContext& context);
  ~Room();
  Room(const Room&) = delete;
  Room& operator=(const Room&) = delete;

  SfuResult add_participant(const std::string& id);
  SfuResult publish(const std::string& id, const std::string& offer_sdp, const std::vector<PublishedTrack>& tracks);
  SfuResult subscriber_answer(const std::string& id, std::uint64_t version, const std::string& answer_sdp);
  SfuResult restart_subscriber(const std::string& id);
  void remove_participant(const std::string& id);

  // Transport timers, deferred keyframe requests, RTCP reports. Call every ~100 ms.
  void tick(Clock::time_point now);
  bool empty() const { return participants_.empty(); }
  std::size_t consumer_count() const { return consumer_count_; }

 private:
  struct Participant;
  struct Producer;
  struct Consumer;
  struct Link;

  // Signalling (Room.cpp).
  Participant* find(const std::string& id);
  std::unique_ptr<Link> make_link(Participant& p, bool send);
  void restart_link(Link& link);
  void sync_ufrags(Link& link);
  void reconcile_producers(Participant& p, std::vector<ProducerDescription> wanted);
  void remove_producer(Participant& p, Producer& producer);
  void remove_consumer(Consumer& consumer);
  bool update_subscriptions(Participant& subscriber);
  void send_offer(Participant& subscriber);
  void flush_offers();  // an offer to every subscriber whose receive connection changed
  std::uint32_t new_ssrc(const Participant& p);
  std::string random_token(std::size_t length);

  // Media (RoomMedia.cpp).
  bool on_datagram(Link& link, std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);
  void on_rtp(Participant& p, std::span<std::uint8_t> packet, Clock::time_point now);
  void on_publisher_rtcp(Participant& p, std::span<const std::uint8_t> packet, Clock::time_point now);
  void on_subscriber_rtcp(Participant& p, std::span<const std::uint8_t> packet, Clock::time_point now);
  // Live: a new packet. Recovered: one the publisher retransmitted after our NACK. Retransmission:
  // an answer to a subscriber's NACK from the cache.
  enum class Forward : std::uint8_t { Live, Recovered, Retransmission };
  void forward(Consumer& c, std::span<const std::uint8_t> packet, Clock::time_point now, Forward kind);
  void on_rtx(Producer& producer, std::span<std::uint8_t> packet, Clock::time_point now);
  void send_nacks(Producer& producer, Clock::time_point now);
  void request_keyframe(Producer& producer, Clock::time_point now);
  void send_keyframe_request(Producer& producer);
  bool send_rtcp(Link& link, std::span<const std::uint8_t> compound);
  void flush_control(Link& link);
  void check_state(Link& link, Clock::time_point now);
  void send_reports(Participant& p, Clock::time_point now);

  std::string name_;
  RoomContext& context_;
  std::map<std::string, std::unique_ptr<Participant>> participants_;
  std::size_t consumer_count_ = 0;
  std::size_t producer_count_ = 0;
  Clock::time_point next_report_{};
  bool closing_ = false;  // no offers while the room is torn down
};

}  // namespace parley::media::sfu
