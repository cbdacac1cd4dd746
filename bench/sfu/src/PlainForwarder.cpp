#include "PlainForwarder.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "ThreadCpu.hpp"
#include "Udp.hpp"

namespace parley::bench::sfu {
namespace {

constexpr std::size_t kReceiveBatch = 64;
constexpr std::size_t kSendBatch = 1024;  // UIO_MAXIOV: the most sendmmsg takes at once

}  // namespace

PlainForwarder::PlainForwarder() {
  SocketOptions options;
  options.receive_buffer = 4 << 20;
  options.send_buffer = 4 << 20;
  options.nonblocking = false;
  options.receive_timeout_ms = 50;  // to notice stop()
  fd_ = open_udp_socket(0, options);
  address_ = local_address(fd_);
}

PlainForwarder::~PlainForwarder() {
  stop();
  ::close(fd_);
}

void PlainForwarder::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void PlainForwarder::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

void PlainForwarder::add_route(const sockaddr_in& publisher, const sockaddr_in& subscriber) {
  std::lock_guard lock(mutex_);
  new_routes_.emplace_back(address_key(publisher), subscriber);
  routes_changed_ = true;
}

PlainForwarder::Stats PlainForwarder::stats() const {
  return {packets_in_.load(), packets_out_.load(), send_errors_.load(), unknown_source_.load()};
}

void PlainForwarder::apply_new_routes() {
  std::lock_guard lock(mutex_);
  for (auto& [key, subscriber] : new_routes_) routes_[key].push_back(subscriber);
  new_routes_.clear();
  routes_changed_ = false;
}

void PlainForwarder::run() {
  tid_ = current_tid();
  RecvBatch batch(kReceiveBatch, 2048);
  out_.resize(kSendBatch);
  iov_.resize(kSendBatch);
  while (running_.load(std::memory_order_relaxed)) {
    const int n = batch.receive(fd_, MSG_WAITFORONE);
    // After the (blocking) receive: routes added while it waited apply to what it returned.
    if (routes_changed_.load(std::memory_order_acquire)) apply_new_routes();
    packets_in_.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    std::size_t queued = 0;
    for (int i = 0; i < n; ++i) {
      auto it = routes_.find(address_key(batch.source(static_cast<std::size_t>(i))));
      if (it == routes_.end()) {
        unknown_source_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      auto data = batch.data(static_cast<std::size_t>(i));
      for (const sockaddr_in& subscriber : it->second) {
        iov_[queued] = {data.data(), data.size()};
        auto& h = out_[queued].msg_hdr;
        h = {};
        h.msg_name = const_cast<sockaddr_in*>(&subscriber);
        h.msg_namelen = sizeof(sockaddr_in);
        h.msg_iov = &iov_[queued];
        h.msg_iovlen = 1;
        if (++queued == kSendBatch) {
          flush(queued);
          queued = 0;
        }
      }
    }
    // The receive buffers are reused by the next recvmmsg: everything goes out before it.
    flush(queued);
  }
}

void PlainForwarder::flush(std::size_t count) {
  std::size_t sent = 0;
  while (sent < count) {
    const int n = ::sendmmsg(fd_, out_.data() + sent, static_cast<unsigned>(count - sent), 0);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    // A copy the kernel will not take (ENOBUFS, EAGAIN): count it lost and go on with the rest.
    send_errors_.fetch_add(1, std::memory_order_relaxed);
    ++sent;
  }
  packets_out_.fetch_add(count, std::memory_order_relaxed);
}

}  // namespace parley::bench::sfu
