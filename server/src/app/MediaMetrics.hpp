#pragma once
#include "core/Metrics.hpp"
#include "media/net/StunUdpServer.hpp"

namespace parley::app {

// Exposes the STUN server's counters (owned by media/, which knows nothing of metrics) on /metrics.
void add_stun_metrics(core::MetricsRegistry& metrics, const media::net::StunUdpServerCounters& counters);

}  // namespace parley::app
