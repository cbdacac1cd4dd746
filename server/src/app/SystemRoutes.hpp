#pragma once
#include <chrono>
#include <functional>

#include "core/Metrics.hpp"
#include "http/Router.hpp"

namespace parley::app {

// GET /healthz (liveness, JSON) and GET /metrics (Prometheus text format). `before_scrape` (if set)
// runs before each /metrics render: it copies snapshots of other components' counters (the SFU's) in.
void add_system_routes(http::Router& router, core::MetricsRegistry& metrics,
                       std::chrono::steady_clock::time_point started, std::function<void()> before_scrape = {});

// Process-wide gauges: uptime, resident memory, open file descriptors.
void add_process_metrics(core::MetricsRegistry& metrics, std::chrono::steady_clock::time_point started);

}  // namespace parley::app
