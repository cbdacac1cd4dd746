#pragma once
#include <chrono>

#include "core/Metrics.hpp"
#include "http/Router.hpp"

namespace parley::app {

// GET /healthz (liveness, JSON) and GET /metrics (Prometheus text format).
void add_system_routes(http::Router& router, core::MetricsRegistry& metrics,
                       std::chrono::steady_clock::time_point started);

// Process-wide gauges: uptime, resident memory, open file descriptors.
void add_process_metrics(core::MetricsRegistry& metrics, std::chrono::steady_clock::time_point started);

}  // namespace parley::app
