// The baseline: the kernel's ceiling for SFU-style fan-out on this machine. One thread, one UDP
// socket; recvmmsg a batch, and for each packet from a publisher queue one copy per subscriber of
// that publisher (the same buffer, no crypto, no parsing) and sendmmsg them in batches.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace parley::bench::sfu {

class PlainForwarder {
 public:
  struct Stats {
    std::uint64_t packets_in = 0;
    std::uint64_t packets_out = 0;
    std::uint64_t send_errors = 0;     // copies the kernel refused (ENOBUFS, EAGAIN)
    std::uint64_t unknown_source = 0;  // no route for the sender
  };

  PlainForwarder();  // binds 127.0.0.1:0
  ~PlainForwarder();
  PlainForwarder(const PlainForwarder&) = delete;
  PlainForwarder& operator=(const PlainForwarder&) = delete;

  void start();
  void stop();
  sockaddr_in address() const { return address_; }
  // Thread-safe: from now on packets from `publisher` are copied to `subscriber` too.
  void add_route(const sockaddr_in& publisher, const sockaddr_in& subscriber);
  Stats stats() const;
  pid_t thread_id() const { return tid_.load(); }

 private:
  void run();
  void apply_new_routes();
  void flush(std::size_t count);

  int fd_ = -1;
  sockaddr_in address_{};
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<pid_t> tid_{0};

  std::mutex mutex_;
  std::vector<std::pair<std::uint64_t, sockaddr_in>> new_routes_;  // guarded by mutex_
  std::atomic<bool> routes_changed_{false};
  std::unordered_map<std::uint64_t, std::vector<sockaddr_in>> routes_;  // forwarding thread only

  std::vector<mmsghdr> out_;  // the send queue (forwarding thread only)
  std::vector<iovec> iov_;

  std::atomic<std::uint64_t> packets_in_{0}, packets_out_{0}, send_errors_{0}, unknown_source_{0};
};

}  // namespace parley::bench::sfu
