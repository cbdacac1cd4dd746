#include "media/sfu/SfuService.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/net/MediaUdpEndpoint.hpp"
#include "media/sfu/Room.hpp"
#include "media/sfu/SfuCounters.hpp"
#include "media/sfu/TransportDemuxer.hpp"

namespace parley::media::sfu {

namespace asio = boost::asio;

namespace {

constexpr auto kTickInterval = std::chrono::milliseconds(100);

std::shared_ptr<const dtls::DtlsContext> make_dtls_context() {
  auto certificate = dtls::DtlsCertificate::generate("parley-sfu", 365);
  if (!certificate) throw std::runtime_error("SFU: cannot generate a DTLS certificate");
  auto context = dtls::DtlsContext::create(certificate);
  if (!context) throw std::runtime_error("SFU: cannot create the DTLS context");
  return context;
}

// Host candidates: the announced addresses, else the listen address, else loopback.
std::vector<sdp::IceCandidate> host_candidates(const SfuOptions& options, const asio::ip::udp::endpoint& bound) {
  std::vector<std::string> addresses = options.announced_addresses;
  if (addresses.empty()) {
    addresses.push_back(bound.address().is_unspecified() ? "127.0.0.1" : bound.address().to_string());
  }
  std::vector<sdp::IceCandidate> out;
  std::uint32_t local_preference = 65535;
  for (const auto& address : addresses) {
    sdp::IceCandidate c;
    c.foundation = std::to_string(out.size() + 1);
    c.component = 1;
    c.transport = "udp";
    c.priority = (126U << 24) | (local_preference-- << 8) | (256 - 1);  // RFC 8445 5.1.2.1, host
    c.address = address;
    c.port = bound.port();
    c.type = "host";
    out.push_back(std::move(c));
  }
  return out;
}

SfuResult stopped_result() {
  SfuResult r;
  r.error = "stopped";
  r.message = "the SFU is shutting down";
  return r;
}

}  // namespace

namespace {

// One media thread: its io_context, socket (its own port), demuxer and rooms. Nothing is shared
// with other workers except the DTLS context (OpenSSL SSL_CTX: safe for concurrent SSL_new).
struct Worker {
  Worker(const SfuOptions& options, const asio::ip::udp::endpoint& listen, SfuEvents& events,
         std::shared_ptr<const dtls::DtlsContext> dtls)
      : endpoint(io, listen),
        demuxer(counters, options.stun_server,
                [this](std::span<const std::uint8_t> d, const Endpoint& to) { endpoint.send_copy(d, to); }),
        context{endpoint,
                demuxer,
                counters,
                events,
                dtls,
                {"sha-256", dtls->certificate().fingerprint_sha256()},
                host_candidates(options, endpoint.local_endpoint()),
                options},
        timer(io) {}

  Room& room(const std::string& name) {
    auto& slot = rooms[name];
    if (!slot) slot = std::make_unique<Room>(name, context);
    return *slot;
  }

  Room* find_room(const std::string& name) {
    auto it = rooms.find(name);
    return it == rooms.end() ? nullptr : it->second.get();
  }

  void drop_if_empty(const std::string& name) {
    auto it = rooms.find(name);
    if (it != rooms.end() && it->second->empty()) rooms.erase(it);
  }

  void start() {
    endpoint.start([this](std::span<std::uint8_t> datagram,
                          const Endpoint& source) { demuxer.on_datagram(datagram, source, Clock::now()); },
                   nullptr);
    arm_timer();
    thread = std::thread([this] { io.run(); });
    thread_id = thread.get_id();
  }

  void arm_timer() {
    timer.expires_after(kTickInterval);
    timer.async_wait([this](boost::system::error_code ec) {
      if (ec || closed) return;
      const auto now = Clock::now();
      for (auto& [name, r] : rooms) r->tick(now);
      endpoint.flush();
      arm_timer();
    });
  }

  // On the worker's thread: everything closes, the io_context runs out of work.
  void shut_down() {
    if (closed) return;
    closed = true;
    rooms.clear();
    timer.cancel();
    endpoint.close();
    work.reset();
  }

  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
  SfuCounters counters;
  net::MediaUdpEndpoint endpoint;
  TransportDemuxer demuxer;
  RoomContext context;
  std::unordered_map<std::string, std::unique_ptr<Room>> rooms;  // destroyed before the demuxer
  asio::steady_timer timer;
  std::thread thread;
  std::thread::id thread_id;
  bool closed = false;  // worker thread only
};

}  // namespace

struct SfuService::Impl {
  Impl(SfuOptions o, SfuEvents& e) : options(std::move(o)), events(e) {
    auto dtls = make_dtls_context();
    // Worker i listens on port + i (or any free port when the port is 0): a room lives on one worker,
    // and its transports' candidates name that worker's port, so no packet changes threads.
    const unsigned count = std::max(1U, options.threads);
    for (unsigned i = 0; i < count; ++i) {
      auto listen = options.listen;
      if (listen.port() != 0) listen.port(static_cast<std::uint16_t>(listen.port() + i));
      workers.push_back(std::make_unique<Worker>(options, listen, events, dtls));
    }
  }

  // Rooms are spread over workers by name: no directory to keep consistent between threads.
  Worker& worker_for(const std::string& room) { return *workers[std::hash<std::string>{}(room) % workers.size()]; }

  // Runs `fn(worker)` on the room's worker thread and hands its result to `done` there.
  template <typename Fn>
  void run(const std::string& room, Done done, Fn fn) {
    if (stopped.load()) {
      if (done) done(stopped_result());
      return;
    }
    Worker& w = worker_for(room);
    asio::post(w.io, [&w, done = std::move(done), fn = std::move(fn)]() mutable {
      SfuResult result = w.closed ? stopped_result() : fn(w);
      w.endpoint.flush();
      if (done) done(std::move(result));
    });
  }

  SfuOptions options;
  SfuEvents& events;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<bool> stopped{false};
  std::atomic<bool> started{false};
};

SfuService::SfuService(SfuOptions options, SfuEvents& events)
    : impl_(std::make_unique<Impl>(std::move(options), events)) {}

SfuService::~SfuService() {
  stop();
}

void SfuService::start() {
  if (impl_->started.exchange(true) || impl_->stopped.load()) return;
  for (auto& w : impl_->workers) w->start();
}

void SfuService::stop() {
  auto& impl = *impl_;
  const bool first = !impl.stopped.exchange(true);
  for (auto& w : impl.workers) {
    if (!w->thread.joinable()) {
      if (first) w->shut_down();
      continue;
    }
    if (first) asio::post(w->io, [&w = *w] { w.shut_down(); });
    // From a media thread itself (an event handler), the destructor joins later.
    if (std::this_thread::get_id() != w->thread_id) w->thread.join();
  }
}

boost::asio::ip::udp::endpoint SfuService::local_endpoint() const {
  return impl_->workers.front()->endpoint.local_endpoint();
}

SfuStats SfuService::stats() const {
  auto get = [](const std::atomic<std::uint64_t>& v) { return v.load(std::memory_order_relaxed); };
  SfuStats s;
  for (const auto& w : impl_->workers) {
    const auto& c = w->counters;
    const auto& e = w->endpoint.counters();
    s.transports += get(c.transports);
    s.producers += get(c.producers);
    s.consumers += get(c.consumers);
    s.rooms += get(c.rooms);
    s.packets_in += get(e.datagrams_received);
    s.bytes_in += get(e.bytes_received);
    s.packets_out += get(e.datagrams_sent);
    s.bytes_out += get(e.bytes_sent);
    s.rtcp_in += get(c.rtcp_in);
    s.rtcp_out += get(c.rtcp_out);
    s.nacks_received += get(c.nacks_received);
    s.retransmissions += get(c.retransmissions);
    s.plis_sent += get(c.plis_sent);
    s.plis_received += get(c.plis_received);
    s.stun_requests += get(c.stun_requests);
    s.stun_responses += get(c.stun_responses);
    s.dropped_unknown_source += get(c.dropped_unknown_source);
    s.dropped_malformed += get(c.dropped_malformed) + get(e.receive_truncated);
    s.dropped_srtp += get(c.dropped_srtp);
    s.dropped_unknown_ssrc += get(c.dropped_unknown_ssrc);
    s.dropped_send_queue += get(e.send_failures);
  }
  return s;
}

void SfuService::add_participant(const std::string& room, const std::string& participant, Done done) {
  impl_->run(room, std::move(done),
             [room, participant](Worker& w) { return w.room(room).add_participant(participant); });
}

void SfuService::publish(const std::string& room, const std::string& participant, std::string offer_sdp,
                         std::vector<PublishedTrack> tracks, Done done) {
  impl_->run(room, std::move(done),
             [room, participant, offer = std::move(offer_sdp), tracks = std::move(tracks)](Worker& w) {
               Room* r = w.find_room(room);
               if (r == nullptr) return SfuResult{false, "not_found", "no such SFU room", {}};
               return r->publish(participant, offer, tracks);
             });
}

void SfuService::subscriber_answer(const std::string& room, const std::string& participant, std::uint64_t version,
                                   std::string answer_sdp, Done done) {
  impl_->run(room, std::move(done), [room, participant, version, answer = std::move(answer_sdp)](Worker& w) {
    Room* r = w.find_room(room);
    if (r == nullptr) return SfuResult{false, "not_found", "no such SFU room", {}};
    return r->subscriber_answer(participant, version, answer);
  });
}

void SfuService::restart_subscriber(const std::string& room, const std::string& participant, Done done) {
  impl_->run(room, std::move(done), [room, participant](Worker& w) {
    Room* r = w.find_room(room);
    if (r == nullptr) return SfuResult{false, "not_found", "no such SFU room", {}};
    return r->restart_subscriber(participant);
  });
}

void SfuService::remove_participant(const std::string& room, const std::string& participant) {
  impl_->run(room, nullptr, [room, participant](Worker& w) {
    if (Room* r = w.find_room(room)) {
      r->remove_participant(participant);
      w.drop_if_empty(room);
    }
    return SfuResult{true, {}, {}, {}};
  });
}

void SfuService::close_room(const std::string& room) {
  impl_->run(room, nullptr, [room](Worker& w) {
    w.rooms.erase(room);
    return SfuResult{true, {}, {}, {}};
  });
}

}  // namespace parley::media::sfu
