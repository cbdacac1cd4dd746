// The parts of a Room (private to Room.cpp and RoomMedia.cpp). Raw pointers between them are
// non-owning and cleared by the Room before the pointee goes away.
#pragma once

#include "media/sfu/NackGenerator.hpp"
#include "media/sfu/Room.hpp"

namespace parley::media::sfu {

// One of a participant's two connections, as the demuxer sees it.
struct Room::Link final : DemuxTarget {
  Link(Room& r, Participant& p, bool is_send, std::shared_ptr<const dtls::DtlsContext> dtls, std::string ufrag,
       std::string pwd, std::chrono::milliseconds consent_timeout)
      : room(r),
        participant(p),
        send(is_send),
        transport(std::move(dtls), std::move(ufrag), std::move(pwd), consent_timeout) {}
  bool on_datagram(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) override {
    return room.on_datagram(*this, datagram, source, now);
  }
  Room& room;
  Participant& participant;
  bool send;  // the publish connection; otherwise the receive connection
  SfuTransport transport;
  SfuTransport::State reported = SfuTransport::State::New;
  std::string retired_ufrag;  // routed to this link while the transport still answers it
};

struct Room::Producer {
  ProducerDescription description;
  Participant* owner = nullptr;
  std::unique_ptr<PacketCache> cache;  // video only
  KeyframeLimiter keyframes;
  NackGenerator nacks;  // losses between the publisher and us
  std::uint8_t fir_sequence = 0;
  std::vector<Consumer*> consumers;
  ReceiveStatistics statistics;
  // The publisher's last sender report for this SSRC, to give consumers the same NTP/RTP mapping.
  bool have_sender_report = false;
  std::uint64_t sr_ntp = 0;
  std::uint32_t sr_rtp = 0;
  Clock::time_point sr_arrival{};
};

struct Room::Consumer {
  Consumer(Producer& p, Participant& s, std::uint32_t own_ssrc, SequenceRewriter r)
      : producer(&p), subscriber(&s), ssrc(own_ssrc), rewriter(r) {}
  Producer* producer;
  Participant* subscriber;
  std::uint32_t ssrc;
  SequenceRewriter rewriter;
  SrtpStreamState srtp;  // rollover counter of our SSRC towards the subscriber
  std::size_t slot = 0;
  std::uint64_t offered_version = 0;  // 0: not offered yet
  bool enabled = false;               // the subscriber answered an offer containing it
  bool paused = true;                 // nothing forwarded since it was (re)enabled
  std::uint32_t packets_sent = 0;
  std::uint32_t octets_sent = 0;
};

struct Room::Participant {
  std::string id;
  std::unique_ptr<Link> send;
  std::unique_ptr<Link> recv;
  std::vector<std::unique_ptr<Producer>> producers;
  std::vector<std::unique_ptr<Consumer>> consumers;
  // Receive connection negotiation.
  std::vector<OfferSlot> slots;
  std::uint64_t version = 0;      // last offer sent
  std::uint64_t outstanding = 0;  // offer awaiting an answer, 0: none
  bool dirty = false;             // changed since the last offer
  std::uint64_t next_mid = 0;
  std::string session_id;
  std::uint64_t publish_version = 0;
  std::uint32_t rtcp_ssrc = 0;  // our SSRC in RTCP sent to this participant
};

}  // namespace parley::media::sfu
