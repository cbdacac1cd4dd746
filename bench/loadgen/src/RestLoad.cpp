#include "RestLoad.hpp"

#include "Swarm.hpp"  // now_ns

namespace parley::bench {

void RestStats::merge(const RestStats& other) {
  ok += other.ok;
  failed += other.failed;
  for (const auto& [status, count] : other.statuses) statuses[status] += count;
  latency.merge(other.latency);
}

RestWorker::RestWorker(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server, std::string host_header,
                       RequestMaker maker, unsigned connections)
    : io_(io), maker_(std::move(maker)) {
  for (unsigned i = 0; i < connections; ++i) connections_.push_back(HttpConnection::create(io, server, host_header));
}

void RestWorker::start() {
  running_ = true;
  for (std::size_t i = 0; i < connections_.size(); ++i) next(i);
}

void RestWorker::next(std::size_t connection) {
  if (!running_) return;
  const auto started = now_ns();
  ++in_flight_;
  connections_[connection]->request(maker_(issued_++), [this, connection, started](HttpResult result) {
    --in_flight_;
    window_.latency.record(now_ns() - started);
    ++window_.statuses[result.status];
    if (result.status >= 200 && result.status < 300) {
      ++window_.ok;
    } else {
      ++window_.failed;
    }
    next(connection);
  });
}

RestStats RestWorker::take_window() {
  RestStats out = std::move(window_);
  window_ = RestStats{};
  return out;
}

}  // namespace parley::bench
