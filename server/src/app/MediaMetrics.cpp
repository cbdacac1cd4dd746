#include "app/MediaMetrics.hpp"

#include <utility>
#include <vector>

namespace parley::app {

using media::sfu::SfuStats;

std::function<void()> add_sfu_metrics(core::MetricsRegistry& metrics, const media::sfu::SfuService& sfu) {
  // One snapshot per scrape (not one per metric), copied into plain gauges and counters.
  using Field = std::uint64_t SfuStats::*;
  std::vector<std::pair<core::Counter*, Field>> plain;
  auto gauge = [&](const char* name, const char* help, Field field) {
    plain.emplace_back(&metrics.gauge(name, help), field);
  };
  auto counter = [&](const char* name, const char* help, Field field) {
    plain.emplace_back(&metrics.counter(name, help), field);
  };
  gauge("parley_sfu_rooms", "Meetings (rooms) in the SFU.", &SfuStats::rooms);
  gauge("parley_sfu_transports", "WebRTC transports (two per participant: send and receive).", &SfuStats::transports);
  gauge("parley_sfu_producers", "Tracks published to the SFU.", &SfuStats::producers);
  gauge("parley_sfu_consumers", "Tracks forwarded to subscribers (one per subscriber and producer).",
        &SfuStats::consumers);
  counter("parley_sfu_packets_in_total", "Media packets received by the SFU.", &SfuStats::packets_in);
  counter("parley_sfu_bytes_in_total", "Media bytes received by the SFU.", &SfuStats::bytes_in);
  counter("parley_sfu_packets_out_total", "Media packets sent by the SFU.", &SfuStats::packets_out);
  counter("parley_sfu_bytes_out_total", "Media bytes sent by the SFU.", &SfuStats::bytes_out);
  counter("parley_sfu_rtcp_in_total", "RTCP packets received.", &SfuStats::rtcp_in);
  counter("parley_sfu_rtcp_out_total", "RTCP packets sent.", &SfuStats::rtcp_out);
  counter("parley_sfu_nacks_total", "NACKs received from subscribers.", &SfuStats::nacks_received);
  counter("parley_sfu_retransmissions_total", "Packets resent in answer to NACKs.", &SfuStats::retransmissions);
  counter("parley_sfu_plis_sent_total", "Keyframe requests (PLI/FIR) sent to publishers.", &SfuStats::plis_sent);
  counter("parley_sfu_plis_received_total", "Keyframe requests received from subscribers.", &SfuStats::plis_received);
  counter("parley_sfu_stun_requests_total", "STUN Binding requests on the media port (ICE checks and plain STUN).",
          &SfuStats::stun_requests);
  counter("parley_sfu_stun_responses_total", "STUN Binding success responses sent.", &SfuStats::stun_responses);

  // The names the STUN-only server had (dashboards and tests/media still read them).
  counter("parley_stun_datagrams_received_total", "UDP datagrams received on the media port.", &SfuStats::packets_in);
  counter("parley_stun_responses_sent_total", "STUN Binding success responses sent.", &SfuStats::stun_responses);

  auto& dropped =
      metrics.labeled("parley_sfu_dropped_total", "Datagrams and packets dropped by the SFU, by reason.", "reason");
  const std::vector<std::pair<core::Counter*, Field>> drops{
      {&dropped.with("unknown_source"), &SfuStats::dropped_unknown_source},
      {&dropped.with("malformed"), &SfuStats::dropped_malformed},
      {&dropped.with("srtp"), &SfuStats::dropped_srtp},
      {&dropped.with("unknown_ssrc"), &SfuStats::dropped_unknown_ssrc},
      {&dropped.with("send_queue"), &SfuStats::dropped_send_queue},
  };
  plain.insert(plain.end(), drops.begin(), drops.end());
  return [&sfu, plain = std::move(plain)] {
    const SfuStats s = sfu.stats();
    for (const auto& [counter, field] : plain) counter->set(static_cast<std::int64_t>(s.*field));
  };
}

}  // namespace parley::app
