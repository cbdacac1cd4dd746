#pragma once
// A worker's share of the simulated clients: connects them (paced), joins them to their rooms, makes
// them send stamped events at a rate, and measures what comes back. Three event sets drive the same
// scenario (docs/BENCHMARKS.md, "Event sets"):
//   legacy  join-call(path) / chat-message(data, sender) -> chat-message to every member, sender included
//   native  meeting:join {code} (ack) / chat:send {text} -> chat:message to every member, sender included
//   hooks   test:join room (ack) / test:broadcast room payload -> test:room-message to the others
// Every method runs on the worker's thread except the atomics.
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "Histogram.hpp"
#include "WsClient.hpp"

namespace parley::bench {

enum class EventSet { legacy, native, hooks };

struct SwarmConfig {
  EventSet events = EventSet::legacy;
  std::uint32_t members_per_room = 10;
  std::vector<std::string> meeting_codes;         // native: one per room (created over REST beforehand)
  std::string auth_json;                          // CONNECT payload ("" for none)
  std::size_t queue_limit = 4096;                 // per client, frames not yet written
  std::vector<boost::asio::ip::address> sources;  // loopback source addresses, round robin ("" = kernel's choice)
  std::size_t connect_window = 256;               // connects in flight per worker
  std::size_t payload_pad = 0;                    // extra bytes in each sent event
};

struct SwarmStats {
  std::uint64_t connected = 0, connect_failed = 0, dropped = 0;
  std::uint64_t joined = 0, join_failed = 0;
  std::uint64_t sent = 0, send_refused = 0, delivered = 0;
  Histogram latency, join_latency, connect_latency;
  std::map<std::string, std::uint64_t> reasons;  // close and join-failure reasons (bounded)

  void merge(const SwarmStats& other);
  void count_reason(const std::string& reason);
};

class SwarmWorker final : public WsListener {
 public:
  SwarmWorker(boost::asio::io_context& io, const WsTarget& target, const SwarmConfig& config,
              std::vector<std::uint32_t> client_ids);
  ~SwarmWorker() override;

  void start_connecting(double per_second);  // 0: as fast as the window allows
  void start_joining(double per_second);     // joins every connected client not yet joined
  void set_send_rate(double per_client_per_second);
  // The counters since the last call (latencies, sends, deliveries, joins); connection counts are totals.
  SwarmStats take_window();
  void close_all();

  std::atomic<std::uint32_t> connected_now{0};
  std::atomic<std::uint32_t> joined_now{0};
  std::atomic<std::uint32_t> finished_connecting{0};  // connected + failed

  void on_connected(WsClient& client, std::string_view sid) override;
  void on_packet(WsClient& client, const wire::Packet& packet) override;
  void on_closed(WsClient& client, std::string_view reason) override;

 private:
  struct ClientState {
    std::uint32_t global = 0;
    std::uint32_t room = 0;
    bool connected = false;
    bool failed = false;
    bool join_sent = false;
    bool joined = false;
    std::uint64_t started_ns = 0;
    std::uint64_t join_sent_ns = 0;
  };

  void tick();
  void schedule_tick();
  void start_client(std::size_t local);
  void send_join(std::size_t local);
  void send_event(std::size_t local);
  void mark_joined(std::size_t local, bool ok, std::string_view error);
  std::string room_name(std::uint32_t room) const;

  boost::asio::io_context& io_;
  const WsTarget& target_;
  const SwarmConfig& config_;
  std::vector<ClientState> state_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  boost::asio::steady_timer ticker_;
  std::uint64_t last_tick_ns_ = 0;

  double connect_rate_ = 0, join_rate_ = 0, send_rate_ = 0;
  bool connecting_ = false, joining_ = false, closing_ = false;
  double connect_budget_ = 0, join_budget_ = 0, send_budget_ = 0;
  std::size_t next_connect_ = 0, next_join_ = 0, next_send_ = 0;
  std::size_t in_flight_ = 0;
  std::uint32_t joined_count_ = 0;

  SwarmStats totals_;  // connection counts
  SwarmStats window_;  // everything else, reset by take_window()
};

std::uint64_t now_ns();

}  // namespace parley::bench
