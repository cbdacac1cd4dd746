// SfuService end to end over real loopback UDP, with our client stack (media/client) playing the
// browsers: a publisher and subscribers negotiate through the SfuService calls, connect (ICE-lite +
// DTLS-SRTP), and media flows through the router. Checks what the subscribers decrypt (consumer SSRC,
// continuous sequence numbers), NACK retransmission, keyframe requests for late joiners, and that
// bad datagrams are dropped and counted.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "media/client/ClientSdp.hpp"
#include "media/client/WebRtcClient.hpp"
#include "media/common/ByteOrder.hpp"
#include "media/crypto/Digest.hpp"
#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/rtcp/RtcpFeedback.hpp"
#include "media/rtcp/RtcpPacket.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"
#include "media/sfu/SfuService.hpp"

namespace parley::media::sfu {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using client::WebRtcClient;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kVideoSsrc = 0x22222222;

struct Events : SfuEvents {
  void on_subscriber_offer(const std::string&, const std::string& participant, SubscriberOffer offer) override {
    std::lock_guard lock(mutex);
    offers[participant].push_back(std::move(offer));
  }
  void on_transport_state(const std::string&, const std::string& participant, const std::string& connection,
                          const std::string& state) override {
    std::lock_guard lock(mutex);
    states.push_back(participant + "/" + connection + "/" + state);
  }
  std::optional<SubscriberOffer> latest_offer(const std::string& participant) {
    std::lock_guard lock(mutex);
    auto it = offers.find(participant);
    if (it == offers.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
  }
  std::mutex mutex;
  std::map<std::string, std::vector<SubscriberOffer>> offers;
  std::vector<std::string> states;
};

SfuResult wait(std::function<void(SfuService::Done)> call) {
  auto promise = std::make_shared<std::promise<SfuResult>>();
  auto future = promise->get_future();
  call([promise](SfuResult r) { promise->set_value(std::move(r)); });
  if (future.wait_for(5s) != std::future_status::ready) return SfuResult{false, "timeout", "no completion", {}};
  return future.get();
}

// One browser connection on its own loopback socket.
struct Peer {
  explicit Peer(asio::io_context& io)
      : socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        client(dtls::DtlsContext::create(dtls::DtlsCertificate::generate("peer"))) {
    socket.non_blocking(true);
  }

  client::LocalTransport local() const {
    return {client.local_ufrag(), client.local_pwd(), {"sha-256", client.local_fingerprint()}};
  }

  // Receives whatever is queued, answers, ticks. Set drop_next_rtp to lose one RTP datagram.
  void poll(Clock::time_point now) {
    std::array<std::uint8_t, 2048> buffer{};
    udp::endpoint from;
    for (int i = 0; i < 256; ++i) {
      boost::system::error_code ec;
      const std::size_t n = socket.receive_from(asio::buffer(buffer), from, 0, ec);
      if (ec) break;
      std::span<std::uint8_t> datagram(buffer.data(), n);
      const int pt = buffer[1] & 0x7F;
      if (drop_rtp_sequence && n > 12 && (buffer[0] & 0xC0) == 0x80 && (pt < 64 || pt > 95)) {
        // Encrypted RTP: the header is in the clear, so the test can "lose" a chosen packet.
        if (load_be16(buffer.data() + 2) == *drop_rtp_sequence && load_be32(buffer.data() + 8) == drop_rtp_ssrc) {
          drop_rtp_sequence.reset();
          ++dropped;
          continue;
        }
      }
      auto received = client.receive(datagram, from, now);
      if (received.kind == WebRtcClient::MediaKind::Rtp) {
        auto rtp = rtp::RtpPacket::parse(received.plaintext);
        if (rtp) rtp_received.push_back({rtp->ssrc(), rtp->sequence_number(), rtp->timestamp(), rtp->payload().size()});
      } else if (received.kind == WebRtcClient::MediaKind::Rtcp) {
        rtcp::RtcpCompoundReader reader(received.plaintext);
        while (auto view = reader.next()) {
          if (rtcp::is_pli(*view) || rtcp::is_fir(*view)) ++keyframe_requests;
          if (rtcp::is_nack(*view)) {
            if (auto feedback = rtcp::parse_feedback(*view)) {
              rtcp::for_each_nacked_sequence(*feedback, [&](std::uint16_t s) { nacked.push_back(s); });
            }
          }
          if (view->packet_type == rtcp::packet_type::kSenderReport) ++sender_reports;
          if (view->packet_type == rtcp::packet_type::kPayloadFeedback) {
            if (auto remb = rtcp::parse_remb(*view)) {
              ++rembs;
              remb_bps = remb->bitrate_bps;
              remb_ssrcs = remb->ssrc_count();
            }
          }
        }
      }
    }
    if (now >= client.next_timeout(now)) client.tick(now);
    flush();
  }

  void flush() {
    for (auto& o : client.take_outgoing()) {
      boost::system::error_code ec;
      socket.send_to(asio::buffer(o.bytes), o.destination, 0, ec);
    }
  }

  bool send_rtp(std::uint16_t sequence, std::uint32_t timestamp, std::size_t payload_size = 1000) {
    std::vector<std::uint8_t> payload(payload_size, static_cast<std::uint8_t>(sequence));
    auto packet = rtp::RtpPacketBuilder()
                      .payload_type(client::kVp8PayloadType)
                      .sequence_number(sequence)
                      .timestamp(timestamp)
                      .ssrc(kVideoSsrc)
                      .payload(payload)
                      .build();
    return send_protected(std::move(packet), false);
  }

  bool send_protected(std::vector<std::uint8_t> packet, bool rtcp) {
    const std::size_t length = packet.size();
    packet.resize(length + srtp::SrtpSession::kMaxTrailer);
    auto size = rtcp ? client.protect_rtcp_in_place(packet, length) : client.protect_rtp_in_place(packet, length);
    if (!size || !client.media_destination()) return false;
    boost::system::error_code ec;
    socket.send_to(asio::buffer(packet.data(), *size), *client.media_destination(), 0, ec);
    return !ec;
  }

  struct Received {
    std::uint32_t ssrc;
    std::uint16_t sequence;
    std::uint32_t timestamp;
    std::size_t payload;
  };

  // Moves to a new local port (a network change): the next checks come from a new 5-tuple.
  void rebind(asio::io_context& io) {
    socket = udp::socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    socket.non_blocking(true);
  }

  udp::socket socket;
  WebRtcClient client;
  std::vector<Received> rtp_received;
  int keyframe_requests = 0;
  std::vector<std::uint16_t> nacked;
  int sender_reports = 0;
  int rembs = 0;
  std::uint64_t remb_bps = 0;
  std::size_t remb_ssrcs = 0;
  std::optional<std::uint16_t> drop_rtp_sequence;
  std::uint32_t drop_rtp_ssrc = 0;
  int dropped = 0;
};

struct Harness {
  explicit Harness(std::chrono::milliseconds consent_timeout = 30s, unsigned threads = 1,
                   std::string room_name = "room")
      : room(std::move(room_name)) {
    SfuOptions o;
    o.listen = udp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
    o.consent_timeout = consent_timeout;
    o.threads = threads;
    sfu = std::make_unique<SfuService>(o, events);
    sfu->start();
  }

  template <typename Pred>
  bool pump_until(Pred done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      for (auto* p : peers) p->poll(Clock::now());
      if (done()) return true;
      std::this_thread::sleep_for(1ms);
    }
    return done();
  }

  Peer& peer() {
    owned.push_back(std::make_unique<Peer>(io));
    peers.push_back(owned.back().get());
    return *owned.back();
  }

  // Publishes audio+video for `id` and connects its send connection.
  Peer& publisher(const std::string& id, std::string fingerprint = {}) {
    EXPECT_TRUE(wait([&](auto done) { sfu->add_participant(room, id, done); }).ok);
    Peer& p = peer();
    client::PublishOfferOptions options;
    options.transport = p.local();
    if (!fingerprint.empty()) options.transport.fingerprint.value = fingerprint;
    auto offer = sdp::write_sdp(client::build_publish_offer(options));
    auto result = wait([&](auto done) { sfu->publish(room, id, offer, {{"0", "audio"}, {"1", "video"}}, done); });
    EXPECT_TRUE(result.ok) << result.error << " " << result.message;
    auto answer = sdp::parse_sdp(result.sdp);
    EXPECT_TRUE(answer);
    auto remote = client::read_remote_transport(*answer);
    EXPECT_TRUE(remote);
    p.client.connect(*remote, Clock::now());
    p.flush();
    return p;
  }

  // Adds `id`, waits for its receive-connection offer, answers it and connects.
  Peer& subscriber(const std::string& id, std::uint64_t expected_version = 1) {
    EXPECT_TRUE(wait([&](auto done) { sfu->add_participant(room, id, done); }).ok);
    Peer& p = peer();
    EXPECT_TRUE(pump_until([&] {
      auto o = events.latest_offer(id);
      return o && o->version >= expected_version;
    }));
    answer(id, p);
    return p;
  }

  void answer(const std::string& id, Peer& p, bool reconnect = false, bool connect_first = false) {
    auto offer_value = events.latest_offer(id);
    ASSERT_TRUE(offer_value);
    auto offer = sdp::parse_sdp(offer_value->sdp);
    ASSERT_TRUE(offer);
    if (connect_first) {
      // Like a browser whose ICE and DTLS start before its answer reaches the SFU.
      auto remote = client::read_remote_transport(*offer);
      ASSERT_TRUE(remote);
      p.client.connect(*remote, Clock::now());
      p.flush();
      pump_until([&] { return p.client.counters().stun_received > 0; });
      pump_until([] { return false; }, 100ms);
    }
    auto answer = client::answer_subscriber_offer(*offer, p.local());
    ASSERT_TRUE(answer);
    auto result =
        wait([&](auto done) { sfu->subscriber_answer(room, id, offer_value->version, sdp::write_sdp(*answer), done); });
    ASSERT_TRUE(result.ok) << result.error;
    if (p.client.state() == WebRtcClient::State::New || reconnect) {
      auto remote = client::read_remote_transport(*offer);
      ASSERT_TRUE(remote);
      p.client.connect(*remote, Clock::now());
      p.flush();
    }
  }

  // The consumer SSRC of the active video m-section in the subscriber's latest offer.
  std::uint32_t video_ssrc(const std::string& id) {
    auto offer = sdp::parse_sdp(events.latest_offer(id)->sdp);
    for (const auto& m : offer->media) {
      if (m.kind == "video" && m.direction == sdp::Direction::SendOnly && !m.ssrcs.empty()) return m.ssrcs[0].ssrc;
    }
    return 0;
  }

  bool saw_state(const std::string& entry) {
    std::lock_guard lock(events.mutex);
    return std::find(events.states.begin(), events.states.end(), entry) != events.states.end();
  }

  std::string room;
  Events events;
  std::unique_ptr<SfuService> sfu;
  asio::io_context io;
  std::vector<std::unique_ptr<Peer>> owned;
  std::vector<Peer*> peers;
};

bool connected(const Peer& p) {
  return p.client.state() == WebRtcClient::State::Connected;
}

TEST(SfuEndToEnd, ForwardsToTwoSubscribersWithTheirOwnSsrcAndContinuousSequenceNumbers) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  Peer& carol = h.subscriber("carol");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob) && connected(carol); }))
      << static_cast<int>(alice.client.state()) << static_cast<int>(bob.client.state())
      << static_cast<int>(carol.client.state());
  const std::uint32_t bob_ssrc = h.video_ssrc("bob");
  const std::uint32_t carol_ssrc = h.video_ssrc("carol");
  ASSERT_NE(bob_ssrc, 0U);
  ASSERT_NE(bob_ssrc, kVideoSsrc);

  // Sequence numbers wrap during the run.
  constexpr int kPackets = 60;
  for (int i = 0; i < kPackets; ++i) {
    ASSERT_TRUE(alice.send_rtp(static_cast<std::uint16_t>(65520 + i), 90000 + 3000 * (i / 3)));
    if (i % 10 == 9) h.pump_until([] { return false; }, 5ms);
  }
  ASSERT_TRUE(h.pump_until([&] {
    return bob.rtp_received.size() >= kPackets && carol.rtp_received.size() >= kPackets;
  })) << bob.rtp_received.size()
      << " " << carol.rtp_received.size();
  for (auto* p : {&bob, &carol}) {
    const std::uint32_t expected_ssrc = p == &bob ? bob_ssrc : carol_ssrc;
    for (std::size_t i = 0; i < p->rtp_received.size(); ++i) {
      EXPECT_EQ(p->rtp_received[i].ssrc, expected_ssrc);
      EXPECT_EQ(p->rtp_received[i].payload, 1000U);
      if (i > 0) {
        EXPECT_EQ(static_cast<std::uint16_t>(p->rtp_received[i].sequence - p->rtp_received[i - 1].sequence), 1);
        EXPECT_EQ(p->rtp_received[i].timestamp - p->rtp_received[i - 1].timestamp, (i % 3 == 0) ? 3000U : 0U);
      }
    }
  }
  // Keyframe requests reached the publisher when the consumers started.
  EXPECT_TRUE(h.pump_until([&] { return alice.keyframe_requests >= 1; }));
  const auto stats = h.sfu->stats();
  EXPECT_EQ(stats.consumers, 4U);  // audio + video for bob and carol
  EXPECT_GE(stats.plis_sent, 1U);
  EXPECT_GE(stats.packets_out, 2U * kPackets);
}

TEST(SfuEndToEnd, AnswersANackWithARetransmissionUnderTheConsumersSequenceNumber) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  const std::uint32_t ssrc = h.video_ssrc("bob");

  ASSERT_TRUE(alice.send_rtp(100, 1000));
  ASSERT_TRUE(h.pump_until([&] { return bob.rtp_received.size() == 1; }));
  const std::uint16_t first = bob.rtp_received[0].sequence;
  // Bob loses the third packet on the way.
  bob.drop_rtp_sequence = static_cast<std::uint16_t>(first + 2);
  bob.drop_rtp_ssrc = ssrc;
  for (std::uint16_t s = 101; s <= 104; ++s) ASSERT_TRUE(alice.send_rtp(s, 1000 + 3000 * (s - 100)));
  ASSERT_TRUE(h.pump_until([&] { return bob.rtp_received.size() == 4 && bob.dropped == 1; }));

  const std::uint16_t lost = static_cast<std::uint16_t>(first + 2);
  const std::uint16_t lost_list[] = {lost};
  ASSERT_TRUE(bob.send_protected(rtcp::RtcpWriter().add_nack(0x1234, ssrc, lost_list).take(), true));
  ASSERT_TRUE(h.pump_until([&] { return bob.rtp_received.size() == 5; }));
  EXPECT_EQ(bob.rtp_received.back().sequence, lost);
  EXPECT_EQ(bob.rtp_received.back().ssrc, ssrc);
  EXPECT_EQ(bob.rtp_received.back().timestamp - bob.rtp_received[0].timestamp, 6000U);
  const auto stats = h.sfu->stats();
  EXPECT_EQ(stats.nacks_received, 1U);
  EXPECT_EQ(stats.retransmissions, 1U);
}

TEST(SfuEndToEnd, RecoversAPacketLostOnTheWayFromThePublisherWithNackAndRtx) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  ASSERT_TRUE(alice.send_rtp(200, 0));
  ASSERT_TRUE(h.pump_until([&] { return bob.rtp_received.size() == 1; }));
  // 201 never reaches the SFU.
  ASSERT_TRUE(alice.send_rtp(202, 3000));
  ASSERT_TRUE(alice.send_rtp(203, 6000));
  ASSERT_TRUE(h.pump_until([&] { return !alice.nacked.empty() && bob.rtp_received.size() == 3; }));
  EXPECT_EQ(alice.nacked.front(), 201);
  // Alice retransmits it on her RTX stream (RFC 4588: OSN, then the original payload).
  std::vector<std::uint8_t> payload(1002, static_cast<std::uint8_t>(201));
  payload[0] = 0;
  payload[1] = 201;
  auto rtx = rtp::RtpPacketBuilder()
                 .payload_type(client::kVp8RtxPayloadType)
                 .sequence_number(7)
                 .timestamp(3000)
                 .ssrc(0x33333333)
                 .payload(payload)
                 .build();
  ASSERT_TRUE(alice.send_protected(rtx, false));
  ASSERT_TRUE(h.pump_until([&] { return bob.rtp_received.size() == 4; }));
  const auto first = bob.rtp_received[0].sequence;
  EXPECT_EQ(bob.rtp_received[3].sequence, static_cast<std::uint16_t>(first + 1));
  EXPECT_EQ(bob.rtp_received[3].payload, 1000U);
  EXPECT_EQ(bob.rtp_received[3].ssrc, h.video_ssrc("bob"));
  // A second copy (new RTX sequence number, so SRTP accepts it) is not forwarded again.
  rtp::set_sequence_number(rtx, 8);
  ASSERT_TRUE(alice.send_protected(rtx, false));
  h.pump_until([] { return false; }, 100ms);
  EXPECT_EQ(bob.rtp_received.size(), 4U);
}

TEST(SfuEndToEnd, ALaterSubscriberCausesAKeyframeRequestAtThePublisher) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  ASSERT_TRUE(h.pump_until([&] { return alice.keyframe_requests >= 1; }));
  // Past the rate limit, then a new subscriber.
  h.pump_until([] { return false; }, 600ms);
  const int before = alice.keyframe_requests;
  Peer& dave = h.subscriber("dave");
  ASSERT_TRUE(h.pump_until([&] { return connected(dave); }));
  EXPECT_TRUE(h.pump_until([&] { return alice.keyframe_requests > before; }));
  // And the publisher gets REMB, the subscriber sender reports.
  EXPECT_TRUE(h.pump_until([&] { return alice.rembs > 0; }, 3s));
  EXPECT_EQ(alice.remb_bps, 2'500'000U);  // SfuOptions::publisher_bitrate_bps
  EXPECT_EQ(alice.remb_ssrcs, 1U);        // her video
  ASSERT_TRUE(alice.send_rtp(1, 1));
  EXPECT_TRUE(h.pump_until([&] { return dave.sender_reports > 0; }, 3s));
}

TEST(SfuEndToEnd, DropsAndCountsBadDatagrams) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  const auto before = h.sfu->stats();

  // Random bytes from a stranger.
  udp::socket stranger(h.io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::mt19937 random(7);
  for (int i = 0; i < 20; ++i) {
    std::vector<std::uint8_t> junk(1 + random() % 300);
    for (auto& b : junk) b = static_cast<std::uint8_t>(random());
    junk[0] = static_cast<std::uint8_t>(0x80 | (junk[0] & 0x3F));  // looks like RTP/RTCP
    stranger.send_to(asio::buffer(junk), h.sfu->local_endpoint());
  }
  // SRTP under the wrong keys from the publisher's validated address.
  auto packet = rtp::RtpPacketBuilder().payload_type(96).sequence_number(5).ssrc(kVideoSsrc).build();
  packet.resize(packet.size() + 16, 0xAB);
  alice.socket.send_to(asio::buffer(packet), *alice.client.media_destination());
  // Truncated RTCP, correctly protected: decrypts, then fails to parse.
  std::vector<std::uint8_t> truncated = {0x81, 201, 0x00, 0x07, 0, 0, 0, 1};
  ASSERT_TRUE(alice.send_protected(truncated, true));
  // RTP for an SSRC nobody published.
  auto unknown = rtp::RtpPacketBuilder().payload_type(96).sequence_number(5).ssrc(0x0BAD).build();
  ASSERT_TRUE(alice.send_protected(unknown, false));

  ASSERT_TRUE(h.pump_until([&] {
    const auto s = h.sfu->stats();
    return s.dropped_unknown_source >= before.dropped_unknown_source + 20 && s.dropped_srtp > before.dropped_srtp &&
           s.dropped_malformed > before.dropped_malformed && s.dropped_unknown_ssrc > before.dropped_unknown_ssrc;
  })) << h.sfu->stats().dropped_unknown_source
      << " " << h.sfu->stats().dropped_srtp << " " << h.sfu->stats().dropped_malformed << " "
      << h.sfu->stats().dropped_unknown_ssrc;
  // Still forwarding afterwards.
  ASSERT_TRUE(alice.send_rtp(7, 7));
  EXPECT_TRUE(h.pump_until([&] { return !bob.rtp_received.empty(); }));
}

TEST(SfuEndToEnd, LeavingPublisherEndsItsTracksInANewOffer) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  h.sfu->remove_participant("room", "alice");
  ASSERT_TRUE(h.pump_until([&] {
    auto o = h.events.latest_offer("bob");
    return o && o->version == 2;
  }));
  auto offer = h.events.latest_offer("bob");
  EXPECT_TRUE(offer->tracks.empty());
  auto parsed = sdp::parse_sdp(offer->sdp);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->media.size(), 2U);  // m-sections stay, inactive
  for (const auto& m : parsed->media) EXPECT_EQ(m.direction, sdp::Direction::Inactive);
  // A new publisher reuses them (same mids, same order).
  h.answer("bob", bob);
  Peer& erin = h.publisher("erin");
  ASSERT_TRUE(h.pump_until([&] {
    auto o = h.events.latest_offer("bob");
    return o && o->version == 3;
  }));
  auto reused = sdp::parse_sdp(h.events.latest_offer("bob")->sdp);
  ASSERT_TRUE(reused);
  ASSERT_EQ(reused->media.size(), 2U);
  EXPECT_EQ(reused->media[0].mid, parsed->media[0].mid);
  EXPECT_EQ(reused->media[1].direction, sdp::Direction::SendOnly);
  EXPECT_EQ(reused->media[1].msids[0].stream_id, "erin");
  (void)erin;
}

TEST(SfuEndToEnd, ReportsTransportStatesConnectedDisconnectedAndFailed) {
  Harness h(1000ms);
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  EXPECT_TRUE(h.pump_until([&] { return h.saw_state("alice/send/connected") && h.saw_state("bob/recv/connected"); }));
  // Bob goes silent: no consent checks for longer than consent_timeout.
  std::erase(h.peers, &bob);
  EXPECT_TRUE(h.pump_until([&] { return h.saw_state("bob/recv/disconnected"); }, 3s));
  // A publisher whose certificate does not match its offer's fingerprint fails DTLS.
  auto other = dtls::DtlsCertificate::generate("someone-else");
  Peer& mallory = h.publisher("mallory", other->fingerprint_sha256());
  EXPECT_TRUE(h.pump_until([&] { return h.saw_state("mallory/send/failed"); }));
  (void)mallory;
}

TEST(SfuEndToEnd, RestartsTheReceiveConnectionsIceAndFollowsAnAddressChange) {
  Harness h;
  Peer& alice = h.publisher("alice");
  Peer& bob = h.subscriber("bob");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); }));
  const auto first = sdp::parse_sdp(h.events.latest_offer("bob")->sdp);
  ASSERT_TRUE(first);

  ASSERT_TRUE(wait([&](auto done) { h.sfu->restart_subscriber("room", "bob", done); }).ok);
  ASSERT_TRUE(h.pump_until([&] { return h.events.latest_offer("bob")->version == 2; }));
  const auto restarted = sdp::parse_sdp(h.events.latest_offer("bob")->sdp);
  ASSERT_TRUE(restarted);
  EXPECT_NE(restarted->media[0].ice_ufrag, first->media[0].ice_ufrag);
  EXPECT_NE(restarted->media[0].ice_pwd, first->media[0].ice_pwd);
  EXPECT_EQ(restarted->media.size(), first->media.size());
  // Until Bob nominates with the new credentials, consent checks with the old ones are still answered.
  {
    ice::TransactionId tid{};
    tid.fill(0x42);
    auto old_check =
        ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid)
            .add_string(ice::stun_attr::kUsername, *first->media[0].ice_ufrag + ":" + bob.client.local_ufrag())
            .add_u32(ice::stun_attr::kPriority, 1)
            .add_u64(ice::stun_attr::kIceControlling, 1)
            .add_message_integrity(crypto::as_bytes(*first->media[0].ice_pwd))
            .add_fingerprint()
            .take();
    udp::socket probe(h.io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    probe.non_blocking(true);
    probe.send_to(asio::buffer(old_check), h.sfu->local_endpoint());
    std::array<std::uint8_t, 1500> buffer{};
    std::optional<ice::StunMessage> response;
    std::size_t n = 0;
    EXPECT_TRUE(h.pump_until([&] {
      boost::system::error_code ec;
      udp::endpoint from;
      if (!response) n = probe.receive_from(asio::buffer(buffer), from, 0, ec);
      if (!ec && n > 0 && !response)
        response = ice::StunMessage::parse(std::span<const std::uint8_t>(buffer.data(), n));
      return response.has_value();
    }));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->message_class(), ice::StunClass::SuccessResponse);
    EXPECT_EQ(response->transaction_id(), tid);
  }
  // Bob restarts ICE from a new port; media follows it there.
  bob.rebind(h.io);
  h.answer("bob", bob, true);
  ASSERT_TRUE(h.pump_until([&] { return connected(bob); }));
  ASSERT_TRUE(h.pump_until([&] {
    alice.send_rtp(static_cast<std::uint16_t>(50 + bob.rtp_received.size()), 0);
    return !bob.rtp_received.empty();
  }));
  EXPECT_EQ(bob.rtp_received.back().ssrc, h.video_ssrc("bob"));
}

TEST(SfuEndToEnd, APublishOfferWithNewIceCredentialsGetsNewOnesBack) {
  Harness h;
  Peer& alice = h.publisher("alice");
  ASSERT_TRUE(h.pump_until([&] { return connected(alice); }));
  client::PublishOfferOptions options;
  options.transport = alice.local();
  auto same = wait([&](auto done) {
    h.sfu->publish("room", "alice", sdp::write_sdp(client::build_publish_offer(options)), {}, done);
  });
  ASSERT_TRUE(same.ok);
  options.transport.ice_ufrag = "restartedUfrag";
  auto restarted = wait([&](auto done) {
    h.sfu->publish("room", "alice", sdp::write_sdp(client::build_publish_offer(options)), {}, done);
  });
  ASSERT_TRUE(restarted.ok);
  auto a = sdp::parse_sdp(same.sdp);
  auto b = sdp::parse_sdp(restarted.sdp);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->media[0].ice_ufrag, b->media[0].ice_ufrag);
  EXPECT_NE(a->media[0].ice_pwd, b->media[0].ice_pwd);
  EXPECT_EQ(h.sfu->stats().producers, 2U);  // same tracks, not duplicated
}

TEST(SfuEndToEnd, ASubscriberWhoseDtlsArrivesBeforeItsAnswerStillConnects) {
  Harness h;
  Peer& alice = h.publisher("alice");
  ASSERT_TRUE(wait([&](auto done) { h.sfu->add_participant(h.room, "bob", done); }).ok);
  Peer& bob = h.peer();
  ASSERT_TRUE(h.pump_until([&] { return h.events.latest_offer("bob").has_value(); }));
  h.answer("bob", bob, false, true);
  ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); })) << static_cast<int>(bob.client.state());
  EXPECT_TRUE(h.saw_state("bob/recv/connected"));
}

TEST(SfuEndToEnd, ForwardsInRoomsOnEveryMediaThread) {
  // Two media threads, each with its own port; these rooms land on both.
  std::set<bool> on_first_thread;
  for (const char* name : {"meeting-a", "meeting-b", "meeting-c", "meeting-d"}) {
    Harness h(30s, 2, name);
    Peer& alice = h.publisher("alice");
    Peer& bob = h.subscriber("bob");
    ASSERT_TRUE(h.pump_until([&] { return connected(alice) && connected(bob); })) << name;
    ASSERT_TRUE(h.pump_until([&] {
      alice.send_rtp(static_cast<std::uint16_t>(10 + bob.rtp_received.size()), 0);
      return bob.rtp_received.size() >= 3;
    })) << name;
    EXPECT_EQ(bob.rtp_received.back().ssrc, h.video_ssrc("bob"));
    const auto port = sdp::parse_sdp(h.events.latest_offer("bob")->sdp)->media.at(0).candidates.at(0).port;
    on_first_thread.insert(port == h.sfu->local_endpoint().port());
  }
  EXPECT_EQ(on_first_thread.size(), 2U);
}

}  // namespace
}  // namespace parley::media::sfu
