// The one UDP socket all media of an SfuService goes through. Receives in batches (recvmmsg) when
// the socket becomes readable and hands each datagram, in place, to the owner; sends are collected
// in preallocated slots (acquire/commit) and leave in sendmmsg batches at flush() (the owner flushes
// once per wake-up) or when the batch is full. Nothing here allocates per packet.
//
// Threads: owned by one io_context thread; every call except local_endpoint() and counters() runs
// there. Lifetime: close() (or destruction) ends the receive loop; the io_context must outlive it.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace parley::media::net {

struct MediaUdpCounters {
  std::atomic<std::uint64_t> datagrams_received{0};
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<std::uint64_t> datagrams_sent{0};
  std::atomic<std::uint64_t> bytes_sent{0};
  std::atomic<std::uint64_t> send_failures{0};      // sendmmsg refused (buffer full, unreachable)
  std::atomic<std::uint64_t> receive_truncated{0};  // larger than kMaxDatagram
  std::atomic<std::uint64_t> receive_errors{0};
};

// Single-writer increment: the owning thread is the only writer, readers only load.
inline void bump(std::atomic<std::uint64_t>& counter, std::uint64_t by = 1) {
  counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

class MediaUdpEndpoint {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;
  using Receiver = std::function<void(std::span<std::uint8_t> datagram, const Endpoint& source)>;

  static constexpr std::size_t kMaxDatagram = 1600;  // larger inbound datagrams are dropped
  static constexpr std::size_t kSlotSize = 2048;     // a send slot: datagram plus SRTP trailer room
  static constexpr std::size_t kBatch = 64;          // datagrams per recvmmsg/sendmmsg call

  // Opens and binds (throws boost::system::system_error: start-up, not the data plane).
  MediaUdpEndpoint(boost::asio::io_context& io, const Endpoint& listen);
  ~MediaUdpEndpoint();
  MediaUdpEndpoint(const MediaUdpEndpoint&) = delete;
  MediaUdpEndpoint& operator=(const MediaUdpEndpoint&) = delete;

  // Starts receiving. `on_datagram` runs per datagram, `on_batch_end` after each wake-up's datagrams
  // (before the automatic flush).
  void start(Receiver on_datagram, std::function<void()> on_batch_end);
  void close();
  Endpoint local_endpoint() const { return local_; }
  const MediaUdpCounters& counters() const { return counters_; }

  // A kSlotSize buffer to write the next datagram into; valid until commit() or flush().
  std::span<std::uint8_t> acquire();
  void commit(std::size_t length, const Endpoint& destination);
  // Copies a control datagram (STUN, DTLS, RTCP built elsewhere) into a slot.
  void send_copy(std::span<const std::uint8_t> datagram, const Endpoint& destination);
  void flush();
  std::size_t pending() const { return send_count_; }

 private:
  struct Buffers;
  void arm();
  void drain();

  boost::asio::ip::udp::socket socket_;
  Endpoint local_;
  Receiver on_datagram_;
  std::function<void()> on_batch_end_;
  std::unique_ptr<Buffers> buffers_;
  std::size_t send_count_ = 0;
  bool closed_ = false;
  MediaUdpCounters counters_;
};

}  // namespace parley::media::net
