// Room: the packet path (RTP forwarding, NACK, keyframe requests), RTCP reports and timers.
#include <algorithm>
#include <array>
#include <cstring>

#include "media/common/ByteOrder.hpp"
#include "media/rtcp/RtcpFeedback.hpp"
#include "media/rtcp/RtcpPacket.hpp"
#include "media/rtcp/RtcpReports.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/sfu/Room.hpp"
#include "media/sfu/RoomInternals.hpp"

namespace parley::media::sfu {

namespace {

constexpr auto kReportInterval = std::chrono::seconds(1);
constexpr std::size_t kMaxRtcpCompound = 1000;  // bytes before SRTCP trailer; stays under any MTU

std::uint64_t ntp_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  const std::uint64_t seconds = static_cast<std::uint64_t>(us / 1'000'000) + 2'208'988'800ULL;  // 1900 epoch
  const std::uint64_t fraction = (static_cast<std::uint64_t>(us % 1'000'000) << 32) / 1'000'000;
  return (seconds << 32) | fraction;
}

std::uint64_t ntp_add(std::uint64_t ntp, Room::Clock::duration elapsed) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  return ntp + (static_cast<std::uint64_t>(us) << 32) / 1'000'000;
}

std::uint32_t rtp_ticks(Room::Clock::duration elapsed, std::uint32_t clock_rate) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(us < 0 ? 0 : us) * clock_rate / 1'000'000);
}

const char* state_name(SfuTransport::State state) {
  switch (state) {
    case SfuTransport::State::Connected:
      return "connected";
    case SfuTransport::State::Disconnected:
      return "disconnected";
    case SfuTransport::State::Failed:
      return "failed";
    default:
      return nullptr;
  }
}

}  // namespace

bool Room::on_datagram(Link& link, std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) {
  auto received = link.transport.receive(datagram, source, now);
  if (link.transport.has_control()) flush_control(link);
  switch (received.drop) {
    case SfuTransport::Drop::Ok:
      break;
    case SfuTransport::Drop::Srtp:
      bump(context_.counters.dropped_srtp);
      break;
    case SfuTransport::Drop::Unvalidated:
      bump(context_.counters.dropped_unknown_source);
      break;
    case SfuTransport::Drop::Malformed:
    case SfuTransport::Drop::NotReady:
      bump(context_.counters.dropped_malformed);
      break;
  }
  if (received.kind == SfuTransport::MediaKind::Rtp) {
    if (link.send) {
      on_rtp(link.participant, received.plaintext, now);
    } else {
      bump(context_.counters.dropped_unknown_ssrc);  // subscribers send no media to us
    }
  } else if (received.kind == SfuTransport::MediaKind::Rtcp) {
    bump(context_.counters.rtcp_in);
    if (link.send) {
      on_publisher_rtcp(link.participant, received.plaintext, now);
    } else {
      on_subscriber_rtcp(link.participant, received.plaintext, now);
    }
  } else if (link.transport.state() != link.reported) {
    check_state(link, now);
  }
  return received.validated_check;
}

void Room::flush_control(Link& link) {
  for (const auto& c : link.transport.take_control()) context_.endpoint.send_copy(c.bytes, c.destination);
}

void Room::check_state(Link& link, Clock::time_point now) {
  const auto state = link.transport.state();
  if (state == link.reported) return;
  link.reported = state;
  const char* name = state_name(state);
  if (name == nullptr) return;
  if (state == SfuTransport::State::Connected && !link.send) {
    // A subscriber that (re)connects needs a keyframe for everything it receives.
    for (auto& c : link.participant.consumers) {
      c->paused = true;
      if (c->enabled) request_keyframe(*c->producer, now);
    }
  }
  context_.events.on_transport_state(name_, link.participant.id, link.send ? "send" : "recv", name);
}

void Room::on_rtp(Participant& p, std::span<std::uint8_t> packet, Clock::time_point now) {
  auto rtp = rtp::RtpPacket::parse(packet);
  if (!rtp) {
    bump(context_.counters.dropped_malformed);
    return;
  }
  const std::uint32_t ssrc = rtp->ssrc();
  Producer* producer = nullptr;
  for (auto& pr : p.producers) {
    if (pr->description.ssrc == ssrc) {
      producer = pr.get();
      break;
    }
    if (pr->description.rtx_ssrc == ssrc && ssrc != 0) {
      on_rtx(*pr, packet, now);
      return;
    }
  }
  if (producer == nullptr) {
    bump(context_.counters.dropped_unknown_ssrc);
    return;
  }
  const std::uint16_t sequence = rtp->sequence_number();
  producer->statistics.update(sequence, rtp->timestamp(), now, producer->description.clock_rate);
  const bool gap = producer->description.nack && producer->nacks.on_packet(sequence, now);
  if (producer->cache) producer->cache->store(sequence, packet, now);
  for (Consumer* c : producer->consumers) forward(*c, packet, now, Forward::Live);
  if (gap) send_nacks(*producer, now);
}

// RFC 4588: an RTX packet carries the original sequence number (OSN) before the original payload,
// under the RTX SSRC and payload type. Unwrapped in place: the header moves up over the OSN.
void Room::on_rtx(Producer& producer, std::span<std::uint8_t> packet, Clock::time_point now) {
  auto rtx = rtp::RtpPacket::parse(packet);
  if (!rtx || rtx->payload().size() < 2) return;  // padding-only: bandwidth probing
  const std::uint16_t original = load_be16(rtx->payload().data());
  std::uint8_t payload_type = 0;
  for (const auto& [rtx_pt, apt] : producer.description.rtx_payload_types) {
    if (rtx_pt == rtx->payload_type()) payload_type = apt;
  }
  if (payload_type == 0 || !producer.nacks.recovered(original)) return;  // unknown, or not missing
  const std::size_t header = rtx->header_size();
  std::memmove(packet.data() + 2, packet.data(), header);
  auto restored = packet.subspan(2);
  rtp::set_sequence_number(restored, original);
  rtp::set_ssrc(restored, producer.description.ssrc);
  rtp::set_payload_type(restored, payload_type);
  if (producer.cache) producer.cache->store(original, restored, now);
  for (Consumer* c : producer.consumers) forward(*c, restored, now, Forward::Recovered);
}

void Room::send_nacks(Producer& producer, Clock::time_point now) {
  std::array<std::uint16_t, 64> lost{};
  const std::size_t n = producer.nacks.due(now, lost);
  if (n == 0) return;
  rtcp::RtcpWriter writer;
  writer.add_nack(producer.owner->rtcp_ssrc, producer.description.ssrc, std::span(lost.data(), n));
  send_rtcp(*producer.owner->send, writer.bytes());
}

void Room::forward(Consumer& c, std::span<const std::uint8_t> packet, Clock::time_point now, Forward kind) {
  Link& link = *c.subscriber->recv;
  if (!c.enabled || !link.transport.connected()) {
    c.paused = true;
    return;
  }
  if (kind != Forward::Live && c.paused) return;  // an old packet must not anchor a resumed consumer
  const bool retransmission = kind == Forward::Retransmission;
  const std::uint32_t in_ssrc = load_be32(packet.data() + 8);
  const std::uint16_t in_sequence = load_be16(packet.data() + 2);
  const std::uint32_t in_timestamp = load_be32(packet.data() + 4);
  std::optional<SequenceRewriter::Output> out;
  if (retransmission) {
    out = c.rewriter.map(in_ssrc, in_sequence, in_timestamp);
  } else {
    if (c.paused) c.rewriter.reset_source();
    c.paused = false;
    out = c.rewriter.rewrite(in_ssrc, in_sequence, in_timestamp, now);
  }
  if (!out) return;
  auto slot = context_.endpoint.acquire();
  if (packet.size() + srtp::SrtpSession::kMaxTrailer > slot.size()) return;
  std::memcpy(slot.data(), packet.data(), packet.size());
  store_be16(slot.data() + 2, out->sequence);
  store_be32(slot.data() + 4, out->timestamp);
  store_be32(slot.data() + 8, c.ssrc);
  auto size = link.transport.protect_rtp(slot, packet.size(), c.srtp);
  if (!size) return;
  context_.endpoint.commit(*size, *link.transport.destination());
  ++c.packets_sent;
  c.octets_sent += static_cast<std::uint32_t>(packet.size() - 12);
  if (retransmission) bump(context_.counters.retransmissions);
}

void Room::on_publisher_rtcp(Participant& p, std::span<const std::uint8_t> packet, Clock::time_point now) {
  rtcp::RtcpCompoundReader reader(packet);
  while (auto view = reader.next()) {
    if (view->packet_type != rtcp::packet_type::kSenderReport) continue;
    auto sr = rtcp::parse_sender_report(*view);
    if (!sr) continue;
    for (auto& pr : p.producers) {
      if (pr->description.ssrc != sr->sender.ssrc) continue;
      pr->have_sender_report = true;
      pr->sr_ntp = sr->sender.ntp_timestamp;
      pr->sr_rtp = sr->sender.rtp_timestamp;
      pr->sr_arrival = now;
      pr->statistics.on_sender_report(sr->sender.ntp_timestamp, now);
    }
  }
  if (reader.malformed()) bump(context_.counters.dropped_malformed);
}

void Room::on_subscriber_rtcp(Participant& s, std::span<const std::uint8_t> packet, Clock::time_point now) {
  rtcp::RtcpCompoundReader reader(packet);
  while (auto view = reader.next()) {
    const bool pli = rtcp::is_pli(*view);
    const bool fir = rtcp::is_fir(*view);
    const bool nack = rtcp::is_nack(*view);
    if (!pli && !fir && !nack) continue;
    auto feedback = rtcp::parse_feedback(*view);
    if (!feedback) {
      bump(context_.counters.dropped_malformed);
      continue;
    }
    std::uint32_t media_ssrc = feedback->media_ssrc;
    if (fir && feedback->fci.size() >= 8) media_ssrc = load_be32(feedback->fci.data());  // FIR names it in the FCI
    Consumer* consumer = nullptr;
    for (auto& c : s.consumers) {
      if (c->ssrc == media_ssrc) consumer = c.get();
    }
    if (consumer == nullptr) {
      bump(context_.counters.dropped_unknown_ssrc);
      continue;
    }
    if (pli || fir) {
      bump(context_.counters.plis_received);
      request_keyframe(*consumer->producer, now);
      continue;
    }
    bump(context_.counters.nacks_received);
    Producer& producer = *consumer->producer;
    if (!producer.cache) continue;
    rtcp::for_each_nacked_sequence(*feedback, [&](std::uint16_t out_sequence) {
      auto in_sequence = consumer->rewriter.input_sequence(out_sequence);
      if (!in_sequence) return;
      auto cached = producer.cache->find(*in_sequence, now);
      if (cached) forward(*consumer, *cached, now, Forward::Retransmission);
    });
  }
  if (reader.malformed()) bump(context_.counters.dropped_malformed);
}

void Room::request_keyframe(Producer& producer, Clock::time_point now) {
  if (producer.description.kind != "video") return;
  if (!producer.owner->send->transport.connected()) {
    producer.keyframes.defer();
    return;
  }
  if (producer.keyframes.request(now)) send_keyframe_request(producer);
}

void Room::send_keyframe_request(Producer& producer) {
  Participant& publisher = *producer.owner;
  rtcp::RtcpWriter writer;
  // RFC 4585/5104: PLI when negotiated, FIR when only that is.
  if (producer.description.pli || !producer.description.fir) {
    writer.add_pli(publisher.rtcp_ssrc, producer.description.ssrc);
  } else {
    writer.add_fir(publisher.rtcp_ssrc, producer.description.ssrc, producer.fir_sequence++);
  }
  if (send_rtcp(*publisher.send, writer.bytes())) bump(context_.counters.plis_sent);
}

bool Room::send_rtcp(Link& link, std::span<const std::uint8_t> compound) {
  if (!link.transport.connected()) return false;
  auto slot = context_.endpoint.acquire();
  if (compound.size() + srtp::SrtpSession::kMaxTrailer > slot.size()) return false;
  std::memcpy(slot.data(), compound.data(), compound.size());
  auto size = link.transport.protect_rtcp(slot, compound.size());
  if (!size) return false;
  context_.endpoint.commit(*size, *link.transport.destination());
  bump(context_.counters.rtcp_out);
  return true;
}

void Room::send_reports(Participant& p, Clock::time_point now) {
  // To the subscriber: a sender report per consumer, on the publisher's NTP/RTP mapping when known.
  if (p.recv->transport.connected()) {
    rtcp::RtcpWriter writer;
    const std::uint64_t ntp = ntp_now();
    for (auto& c : p.consumers) {
      if (!c->enabled || c->packets_sent == 0) continue;
      const Producer& pr = *c->producer;
      rtcp::SenderInfo info;
      info.ssrc = c->ssrc;
      if (pr.have_sender_report && c->rewriter.source_ssrc() == pr.description.ssrc) {
        info.ntp_timestamp = ntp_add(pr.sr_ntp, now - pr.sr_arrival);
        info.rtp_timestamp =
            pr.sr_rtp + rtp_ticks(now - pr.sr_arrival, pr.description.clock_rate) + c->rewriter.timestamp_offset();
      } else {
        info.ntp_timestamp = ntp;
        info.rtp_timestamp =
            c->rewriter.last_timestamp() + rtp_ticks(now - c->rewriter.last_packet_time(), pr.description.clock_rate);
      }
      info.packet_count = c->packets_sent;
      info.octet_count = c->octets_sent;
      writer.add_sender_report(info);
      if (writer.bytes().size() > kMaxRtcpCompound) send_rtcp(*p.recv, writer.take());
    }
    if (!writer.bytes().empty()) send_rtcp(*p.recv, writer.bytes());
  }
  // To the publisher: receiver reports and the bitrate we want (REMB) for its video.
  if (p.send->transport.connected() && !p.producers.empty()) {
    std::vector<rtcp::ReportBlock> blocks;
    std::vector<std::uint32_t> video;
    for (auto& pr : p.producers) {
      if (pr->statistics.started()) blocks.push_back(pr->statistics.report(pr->description.ssrc, now));
      if (pr->description.kind == "video") video.push_back(pr->description.ssrc);
    }
    rtcp::RtcpWriter writer;
    writer.add_receiver_report(p.rtcp_ssrc, blocks);
    if (!video.empty()) writer.add_remb(p.rtcp_ssrc, context_.options.publisher_bitrate_bps, video);
    send_rtcp(*p.send, writer.bytes());
  }
}

void Room::tick(Clock::time_point now) {
  const bool report = now >= next_report_;
  if (report) next_report_ = now + kReportInterval;
  for (auto& [id, p] : participants_) {
    for (Link* link : {p->send.get(), p->recv.get()}) {
      link->transport.tick(now);
      sync_ufrags(*link);
      if (link->transport.has_control()) flush_control(*link);
      check_state(*link, now);
    }
    if (p->send->transport.connected()) {
      for (auto& pr : p->producers) {
        if (pr->keyframes.due(now)) send_keyframe_request(*pr);
        if (pr->nacks.missing() > 0) send_nacks(*pr, now);
      }
    }
    if (report) send_reports(*p, now);
  }
}

}  // namespace parley::media::sfu
