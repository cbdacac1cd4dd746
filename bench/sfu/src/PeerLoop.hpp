// One generator thread that owns a set of synthetic peers, each with its own loopback UDP socket:
// publishers (paced 30 fps video-like RTP) or subscribers (count, sample-decrypt, latency). In SFU
// mode each peer has a WebRtcClient that the loop alone drives (ICE, DTLS, consent, SRTP); in plain
// mode packets are bare RTP. Other threads talk to the loop through posted commands.
//
// Cheap receivers: every subscriber socket is on this one epoll; each RTP packet is counted from its
// clear RTP header, and only every `decrypt_every`-th packet per subscriber is SRTP-decrypted (and
// so authenticated) to read the send timestamp inside the payload.
#pragma once

#include <netinet/in.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "Histogram.hpp"
#include "media/client/WebRtcClient.hpp"

namespace parley::bench::sfu {

class RecvBatch;

class PeerLoop {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Role { Publisher, Subscriber };

  struct Options {
    Role role = Role::Subscriber;
    unsigned decrypt_every = 8;      // subscribers, SFU mode
    std::size_t packet_size = 1200;  // publishers: RTP packet before SRTP
    unsigned packets_per_frame = 3;  // publishers: 30 fps x 3 = 90 packets/s, ~0.9 Mbit/s
    unsigned fps = 30;
    std::uint8_t payload_type = 96;
    std::uint8_t mid_extension_id = 4;  // "urn:ietf:params:rtp-hdrext:sdes:mid" in our publish offer
  };

  struct Stats {
    std::uint64_t rtp_sent = 0;
    std::uint64_t rtp_received = 0;
    std::uint64_t decrypted = 0;
    std::uint64_t srtp_failures = 0;
    std::uint64_t bench_payload_errors = 0;  // decrypted but no bench payload inside
    std::uint64_t rtcp_received = 0;
    std::uint64_t send_errors = 0;
    parley::bench::Histogram latency;            // send (publisher) to kernel arrival (subscriber)
    std::vector<std::uint64_t> sent_per_stream;  // publishers, index = stream
  };

  explicit PeerLoop(Options options);
  ~PeerLoop();
  PeerLoop(const PeerLoop&) = delete;
  PeerLoop& operator=(const PeerLoop&) = delete;

  void start();
  void stop();

  // Adds a peer with a fresh socket; `client` is null in plain mode, where publishers send to
  // `plain_destination`. Returns the socket's local address. From the controlling thread only.
  sockaddr_in add_peer(std::unique_ptr<media::client::WebRtcClient> client, std::uint32_t stream, std::uint32_t ssrc,
                       sockaddr_in plain_destination);
  // Starts ICE for peer `index` (in add order).
  void connect(std::size_t index, media::client::WebRtcClient::RemoteParameters remote);
  void set_sending(bool on);  // publishers; takes effect before it returns
  Stats take_stats();         // returns the counters since the last call and resets them

  std::size_t connected() const { return connected_.load(); }
  std::size_t failed() const { return failed_.load(); }
  pid_t thread_id() const { return tid_.load(); }

 private:
  struct Peer;

  void run();
  void post(std::function<void()> command);  // runs on the loop thread
  void run_blocking(std::function<void()> command);
  void drain_socket(Peer& peer, RecvBatch& batch, Clock::time_point now);
  void handle(Peer& peer, std::span<std::uint8_t> datagram, const sockaddr_in& source, std::uint64_t arrival_ns,
              Clock::time_point now);
  void record_payload(std::span<const std::uint8_t> rtp, std::uint64_t arrival_ns);
  void flush_client(Peer& peer);
  void note_state(Peer& peer);
  void tick_clients(Clock::time_point now);
  void send_due_frames(Clock::time_point now);
  void send_frame(Peer& peer);

  Options options_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd for posted commands
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<pid_t> tid_{0};
  std::atomic<std::size_t> connected_{0}, failed_{0};

  std::mutex mutex_;
  std::vector<std::function<void()>> commands_;  // guarded by mutex_

  // Loop thread only.
  std::vector<std::unique_ptr<Peer>> peers_;
  std::vector<std::uint8_t> send_buffer_;
  bool sending_ = false;
  Stats stats_;
};

}  // namespace parley::bench::sfu
