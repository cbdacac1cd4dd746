#include "PeerLoop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <future>
#include <stdexcept>

#include "BenchPayload.hpp"
#include "ThreadCpu.hpp"
#include "Udp.hpp"
#include "media/demux/PacketClassifier.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::bench::sfu {
namespace {

using media::client::WebRtcClient;
constexpr std::uint64_t kWakeKey = ~std::uint64_t{0};
constexpr std::size_t kReceiveBatch = 32;
constexpr auto kTickInterval = std::chrono::milliseconds(20);

void store_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void store_be32(std::uint8_t* p, std::uint32_t v) {
  store_be16(p, static_cast<std::uint16_t>(v >> 16));
  store_be16(p + 2, static_cast<std::uint16_t>(v));
}

}  // namespace

struct PeerLoop::Peer {
  int fd = -1;
  std::unique_ptr<WebRtcClient> client;
  std::uint32_t stream = 0;
  std::uint32_t ssrc = 0;
  sockaddr_in destination{};  // where media goes: the forwarder, or the SFU address ICE selected
  bool has_destination = false;
  bool connect_called = false;
  WebRtcClient::State last_state = WebRtcClient::State::New;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t frame = 0;
  Clock::time_point next_frame{};
  std::uint64_t received = 0;
};

PeerLoop::PeerLoop(Options options) : options_(options) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll/eventfd failed");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kWakeKey;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  send_buffer_.resize(options_.packet_size + media::srtp::SrtpSession::kMaxTrailer);
}

PeerLoop::~PeerLoop() {
  stop();
  for (auto& p : peers_) ::close(p->fd);
  ::close(wake_);
  ::close(epoll_);
}

void PeerLoop::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void PeerLoop::stop() {
  if (!running_.exchange(false)) return;
  const std::uint64_t one = 1;
  (void)::write(wake_, &one, sizeof(one));
  thread_.join();
}

void PeerLoop::post(std::function<void()> command) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
  }
  const std::uint64_t one = 1;
  (void)::write(wake_, &one, sizeof(one));
}

void PeerLoop::run_blocking(std::function<void()> command) {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  post([command = std::move(command), done] {
    command();
    done->set_value();
  });
  future.wait();
}

sockaddr_in PeerLoop::add_peer(std::unique_ptr<WebRtcClient> client, std::uint32_t stream, std::uint32_t ssrc,
                               sockaddr_in plain_destination) {
  SocketOptions socket_options;
  socket_options.timestamps = options_.role == Role::Subscriber;
  socket_options.receive_buffer = options_.role == Role::Subscriber ? 512 << 10 : 1 << 20;
  auto peer = std::make_shared<Peer>();
  peer->fd = open_udp_socket(0, socket_options);
  peer->client = std::move(client);
  peer->stream = stream;
  peer->ssrc = ssrc;
  if (!peer->client) {
    peer->destination = plain_destination;
    peer->has_destination = true;
  }
  const sockaddr_in local = local_address(peer->fd);
  post([this, peer] {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = peers_.size();
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, peer->fd, &event);
    peers_.push_back(std::make_unique<Peer>(std::move(*peer)));
  });
  return local;
}

void PeerLoop::connect(std::size_t index, WebRtcClient::RemoteParameters remote) {
  post([this, index, remote = std::move(remote)]() mutable {
    Peer& peer = *peers_.at(index);
    peer.client->connect(std::move(remote), Clock::now());
    peer.connect_called = true;
    flush_client(peer);
    note_state(peer);
  });
}

void PeerLoop::set_sending(bool on) {
  run_blocking([this, on] {
    sending_ = on;
    const auto now = Clock::now();
    const auto interval = std::chrono::nanoseconds(1'000'000'000LL / options_.fps);
    // Spread the publishers' frames over the frame interval, as independent cameras would be.
    for (std::size_t i = 0; i < peers_.size(); ++i) {
      peers_[i]->next_frame = now + interval * static_cast<long>(i % 16) / 16;
    }
  });
}

PeerLoop::Stats PeerLoop::take_stats() {
  Stats out;
  run_blocking([this, &out] {
    out = std::move(stats_);
    stats_ = Stats{};
  });
  return out;
}

void PeerLoop::run() {
  tid_ = current_tid();
  RecvBatch batch(kReceiveBatch, 2048);
  std::vector<epoll_event> events(256);
  auto next_tick = Clock::now();
  while (running_.load(std::memory_order_relaxed)) {
    int timeout_ms = options_.role == Role::Publisher && sending_ ? 2 : 20;
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
    auto now = Clock::now();
    for (int i = 0; i < n; ++i) {
      const std::uint64_t key = events[static_cast<std::size_t>(i)].data.u64;
      if (key == kWakeKey) {
        std::uint64_t value = 0;
        (void)::read(wake_, &value, sizeof(value));
        std::vector<std::function<void()>> commands;
        {
          std::lock_guard lock(mutex_);
          commands.swap(commands_);
        }
        for (auto& c : commands) c();
        continue;
      }
      if (key < peers_.size()) drain_socket(*peers_[key], batch, now);
    }
    now = Clock::now();
    if (options_.role == Role::Publisher && sending_) send_due_frames(now);
    if (now >= next_tick) {
      tick_clients(now);
      next_tick = now + kTickInterval;
    }
  }
}

void PeerLoop::drain_socket(Peer& peer, RecvBatch& batch, Clock::time_point now) {
  for (int round = 0; round < 4; ++round) {
    const int n = batch.receive(peer.fd, MSG_DONTWAIT);
    for (int i = 0; i < n; ++i) {
      const auto index = static_cast<std::size_t>(i);
      handle(peer, batch.data(index), batch.source(index), batch.arrival_ns(index), now);
    }
    if (n < static_cast<int>(kReceiveBatch)) return;
  }
}

void PeerLoop::handle(Peer& peer, std::span<std::uint8_t> datagram, const sockaddr_in& source, std::uint64_t arrival_ns,
                      Clock::time_point now) {
  if (!peer.client) {  // plain mode: bare RTP
    if (options_.role == Role::Subscriber) {
      ++stats_.rtp_received;
      ++stats_.decrypted;
      record_payload(datagram, arrival_ns);
    }
    return;
  }
  const auto kind = media::demux::classify_packet(datagram);
  if (kind == media::demux::PacketKind::Rtp && options_.role == Role::Subscriber) {
    // The RTP header is in the clear: count every packet, authenticate and time a sample.
    ++stats_.rtp_received;
    if (++peer.received % options_.decrypt_every != 0) return;
    auto received = peer.client->receive(datagram, to_endpoint(source), now);
    if (received.kind != WebRtcClient::MediaKind::Rtp) {
      ++stats_.srtp_failures;
      return;
    }
    ++stats_.decrypted;
    record_payload(received.plaintext, arrival_ns);
    return;
  }
  auto received = peer.client->receive(datagram, to_endpoint(source), now);
  if (received.kind == WebRtcClient::MediaKind::Rtcp) ++stats_.rtcp_received;
  flush_client(peer);
  note_state(peer);
}

void PeerLoop::record_payload(std::span<const std::uint8_t> rtp, std::uint64_t arrival_ns) {
  auto packet = media::rtp::RtpPacket::parse(rtp);
  if (!packet || packet->payload().size() < 1) {
    ++stats_.bench_payload_errors;
    return;
  }
  auto payload = read_bench_payload(packet->payload().subspan(1));  // after the VP8 descriptor byte
  if (!payload) {
    ++stats_.bench_payload_errors;
    return;
  }
  stats_.latency.record(arrival_ns > payload->send_ns ? arrival_ns - payload->send_ns : 0);
}

void PeerLoop::flush_client(Peer& peer) {
  for (auto& o : peer.client->take_outgoing()) {
    const sockaddr_in to = to_sockaddr(o.destination);
    if (::sendto(peer.fd, o.bytes.data(), o.bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to)) < 0) {
      ++stats_.send_errors;
    }
  }
}

void PeerLoop::note_state(Peer& peer) {
  const auto state = peer.client->state();
  if (state == peer.last_state) return;
  if (state == WebRtcClient::State::Connected) {
    ++connected_;
    peer.destination = to_sockaddr(*peer.client->media_destination());
    peer.has_destination = true;
  } else if (peer.last_state == WebRtcClient::State::Connected) {
    --connected_;
    peer.has_destination = false;
  }
  if (state == WebRtcClient::State::Failed) ++failed_;
  peer.last_state = state;
}

void PeerLoop::tick_clients(Clock::time_point now) {
  for (auto& p : peers_) {
    if (!p->client || !p->connect_called) continue;
    if (p->client->next_timeout(now) > now) continue;
    p->client->tick(now);
    flush_client(*p);
    note_state(*p);
  }
}

void PeerLoop::send_due_frames(Clock::time_point now) {
  const auto interval = std::chrono::nanoseconds(1'000'000'000LL / options_.fps);
  for (auto& p : peers_) {
    if (!p->has_destination || now < p->next_frame) continue;
    send_frame(*p);
    p->next_frame += interval;
    if (p->next_frame < now) p->next_frame = now + interval;  // a stalled generator does not burst
  }
}

// A VP8-like frame: `packets_per_frame` RTP packets of `packet_size` bytes with the mid header
// extension, a one-byte VP8 payload descriptor, the bench payload, and filler; marker on the last.
void PeerLoop::send_frame(Peer& peer) {
  if (stats_.sent_per_stream.size() <= peer.stream) stats_.sent_per_stream.resize(peer.stream + 1);
  const std::uint64_t send_ns = realtime_ns();
  for (unsigned k = 0; k < options_.packets_per_frame; ++k) {
    std::uint8_t* b = send_buffer_.data();
    const bool last = k + 1 == options_.packets_per_frame;
    b[0] = 0x90;  // V=2, X=1
    b[1] = static_cast<std::uint8_t>((last ? 0x80 : 0) | options_.payload_type);
    store_be16(b + 2, peer.sequence++);
    store_be32(b + 4, peer.timestamp);
    store_be32(b + 8, peer.ssrc);
    store_be16(b + 12, 0xBEDE);  // one-byte header extensions, 1 word
    store_be16(b + 14, 1);
    b[16] = static_cast<std::uint8_t>(options_.mid_extension_id << 4);  // length 1
    b[17] = '0';
    b[18] = b[19] = 0;
    b[20] = k == 0 ? 0x10 : 0x00;  // VP8 descriptor: start of partition on the first packet
    write_bench_payload(std::span<std::uint8_t>(b + 21, kBenchPayloadSize), {peer.stream, peer.frame, send_ns});
    std::size_t length = options_.packet_size;
    if (peer.client) {
      auto size = peer.client->protect_rtp_in_place(send_buffer_, length);
      if (!size) {
        ++stats_.send_errors;
        continue;
      }
      length = *size;
    }
    if (::sendto(peer.fd, b, length, 0, reinterpret_cast<const sockaddr*>(&peer.destination),
                 sizeof(peer.destination)) < 0) {
      ++stats_.send_errors;
      continue;
    }
    ++stats_.rtp_sent;
    ++stats_.sent_per_stream[peer.stream];
  }
  ++peer.frame;
  peer.timestamp += 90000 / options_.fps;
}

}  // namespace parley::bench::sfu
