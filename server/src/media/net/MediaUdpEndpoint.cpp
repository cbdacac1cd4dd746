#include "media/net/MediaUdpEndpoint.hpp"

#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace parley::media::net {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

constexpr int kSocketBufferBytes = 4 * 1024 * 1024;  // bursts of keyframes to many consumers
constexpr int kMaxReceiveRounds = 16;                // batches per wake-up before yielding

void to_endpoint(const sockaddr_storage& address, socklen_t length, udp::endpoint& out) {
  std::memcpy(out.data(), &address, length);
  out.resize(length);
}

}  // namespace

// Receive and send batches: the mmsghdr arrays point into these fixed buffers for the endpoint's
// whole life, so a batch only fills in lengths and addresses.
struct MediaUdpEndpoint::Buffers {
  std::array<std::array<std::uint8_t, kMaxDatagram>, kBatch> receive{};
  std::array<sockaddr_storage, kBatch> receive_from{};
  std::array<iovec, kBatch> receive_iov{};
  std::array<mmsghdr, kBatch> receive_msgs{};

  std::array<std::array<std::uint8_t, kSlotSize>, kBatch> send{};
  std::array<sockaddr_storage, kBatch> send_to{};
  std::array<iovec, kBatch> send_iov{};
  std::array<mmsghdr, kBatch> send_msgs{};
};

MediaUdpEndpoint::MediaUdpEndpoint(asio::io_context& io, const Endpoint& listen)
    : socket_(io), buffers_(std::make_unique<Buffers>()) {
  socket_.open(listen.protocol());
  socket_.non_blocking(true);
  boost::system::error_code ignored;  // best effort: the kernel may cap the sizes
  socket_.set_option(asio::socket_base::receive_buffer_size(kSocketBufferBytes), ignored);
  socket_.set_option(asio::socket_base::send_buffer_size(kSocketBufferBytes), ignored);
  socket_.bind(listen);
  local_ = socket_.local_endpoint();
}

MediaUdpEndpoint::~MediaUdpEndpoint() {
  close();
}

void MediaUdpEndpoint::start(Receiver on_datagram, std::function<void()> on_batch_end) {
  on_datagram_ = std::move(on_datagram);
  on_batch_end_ = std::move(on_batch_end);
  arm();
}

void MediaUdpEndpoint::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void MediaUdpEndpoint::arm() {
  if (closed_) return;
  socket_.async_wait(udp::socket::wait_read, [this](boost::system::error_code ec) {
    if (ec || closed_) return;
    drain();
    arm();
  });
}

void MediaUdpEndpoint::drain() {
  auto& b = *buffers_;
  const int fd = socket_.native_handle();
  for (int round = 0; round < kMaxReceiveRounds; ++round) {
    for (std::size_t i = 0; i < kBatch; ++i) {
      b.receive_iov[i] = {b.receive[i].data(), b.receive[i].size()};
      auto& h = b.receive_msgs[i].msg_hdr;
      h = {};
      h.msg_name = &b.receive_from[i];
      h.msg_namelen = sizeof(sockaddr_storage);
      h.msg_iov = &b.receive_iov[i];
      h.msg_iovlen = 1;
    }
    const int n = ::recvmmsg(fd, b.receive_msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) {
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) bump(counters_.receive_errors);
      break;
    }
    Endpoint source;
    for (int i = 0; i < n; ++i) {
      const auto& m = b.receive_msgs[i];
      if ((m.msg_hdr.msg_flags & MSG_TRUNC) != 0) {
        bump(counters_.receive_truncated);
        continue;
      }
      bump(counters_.datagrams_received);
      bump(counters_.bytes_received, m.msg_len);
      to_endpoint(b.receive_from[i], m.msg_hdr.msg_namelen, source);
      on_datagram_(std::span<std::uint8_t>(b.receive[i].data(), m.msg_len), source);
      if (closed_) return;
    }
    if (n < static_cast<int>(kBatch)) break;
  }
  if (on_batch_end_) on_batch_end_();
  flush();
}

std::span<std::uint8_t> MediaUdpEndpoint::acquire() {
  if (send_count_ == kBatch) flush();
  return buffers_->send[send_count_];
}

void MediaUdpEndpoint::commit(std::size_t length, const Endpoint& destination) {
  auto& b = *buffers_;
  b.send_iov[send_count_] = {b.send[send_count_].data(), length};
  std::memcpy(&b.send_to[send_count_], destination.data(), destination.size());
  auto& h = b.send_msgs[send_count_].msg_hdr;
  h = {};
  h.msg_name = &b.send_to[send_count_];
  h.msg_namelen = static_cast<socklen_t>(destination.size());
  h.msg_iov = &b.send_iov[send_count_];
  h.msg_iovlen = 1;
  ++send_count_;
}

void MediaUdpEndpoint::send_copy(std::span<const std::uint8_t> datagram, const Endpoint& destination) {
  if (datagram.size() > kSlotSize) return;
  auto slot = acquire();
  std::memcpy(slot.data(), datagram.data(), datagram.size());
  commit(datagram.size(), destination);
}

void MediaUdpEndpoint::flush() {
  auto& b = *buffers_;
  std::size_t sent = 0;
  while (sent < send_count_ && !closed_) {
    const int n = ::sendmmsg(socket_.native_handle(), b.send_msgs.data() + sent,
                             static_cast<unsigned>(send_count_ - sent), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      // A full buffer or an ICMP error for one destination: skip that datagram, keep the rest.
      bump(counters_.send_failures);
      ++sent;
      continue;
    }
    for (int i = 0; i < n; ++i) bump(counters_.bytes_sent, b.send_msgs[sent + i].msg_len);
    bump(counters_.datagrams_sent, static_cast<std::uint64_t>(n));
    sent += static_cast<std::size_t>(n);
  }
  send_count_ = 0;
}

}  // namespace parley::media::net
