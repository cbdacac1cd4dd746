#include "app/SystemRoutes.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/ErrorResponse.hpp"

namespace parley::app {

namespace {
double uptime_seconds(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double open_fds() {
  std::error_code ec;
  double n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}
}  // namespace

void add_process_metrics(core::MetricsRegistry& metrics, std::chrono::steady_clock::time_point started) {
  using Type = core::MetricsRegistry::Type;
  metrics.computed("parley_uptime_seconds", "Seconds since the server started.", Type::gauge,
                   [started] { return uptime_seconds(started); });
  metrics.computed("parley_process_resident_memory_bytes", "Resident set size of the server process.", Type::gauge,
                   resident_bytes);
  metrics.computed("parley_process_open_fds", "Open file descriptors.", Type::gauge, open_fds);
}

void add_system_routes(http::Router& router, core::MetricsRegistry& metrics,
                       std::chrono::steady_clock::time_point started, std::function<void()> before_scrape) {
  router.add(http::Verb::get, "/healthz",
             [started](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
               co_return http::json_response(
                   http::Status::ok, {{"status", "ok"}, {"uptimeSeconds", uptime_seconds(started)}}, ctx.request);
             });
  router.add(http::Verb::get, "/metrics",
             [&metrics, before_scrape](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
               if (before_scrape) before_scrape();
               http::Response res{http::Status::ok, ctx.request.version()};
               res.set(http::beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
               res.set(http::beast_http::field::cache_control, "no-store");
               res.body() = metrics.render();
               res.keep_alive(ctx.request.keep_alive());
               res.prepare_payload();
               co_return res;
             });
}

}  // namespace parley::app
