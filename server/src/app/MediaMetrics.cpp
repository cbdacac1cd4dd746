#include "app/MediaMetrics.hpp"

namespace parley::app {

void add_stun_metrics(core::MetricsRegistry& metrics, const media::net::StunUdpServerCounters& c) {
  using Type = core::MetricsRegistry::Type;
  auto add = [&](const char* name, const char* help, const std::atomic<std::uint64_t>& value) {
    metrics.computed(name, help, Type::counter, [&value] { return static_cast<double>(value.load()); });
  };
  add("parley_stun_datagrams_received_total", "UDP datagrams received on the media port.", c.datagrams_received);
  add("parley_stun_responses_sent_total", "STUN Binding success responses sent.", c.responses_sent);
  add("parley_stun_dropped_not_stun_total", "Datagrams dropped: not STUN.", c.dropped_not_stun);
  add("parley_stun_dropped_malformed_total", "Datagrams dropped: malformed STUN.", c.dropped_malformed);
  add("parley_stun_dropped_bad_fingerprint_total", "Datagrams dropped: bad FINGERPRINT.", c.dropped_bad_fingerprint);
  add("parley_stun_dropped_not_request_total", "Datagrams dropped: not a request.", c.dropped_not_request);
  add("parley_stun_dropped_unsupported_method_total", "Datagrams dropped: not a Binding request.",
      c.dropped_unsupported_method);
  add("parley_stun_send_errors_total", "STUN responses that could not be sent.", c.send_errors);
  add("parley_stun_receive_errors_total", "Errors receiving on the media port.", c.receive_errors);
}

}  // namespace parley::app
