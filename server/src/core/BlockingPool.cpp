#include "core/BlockingPool.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace parley::core {

BlockingPool::BlockingPool(std::size_t threads, std::size_t max_queued, int nice_increment)
    : threads_(threads), max_queued_(max_queued), nice_increment_(nice_increment), pool_(threads) {}

void BlockingPool::lower_priority_once() const noexcept {
  thread_local bool lowered = false;
  if (lowered || nice_increment_ <= 0) return;
  lowered = true;
  // On Linux a thread id names one thread for setpriority(): only this pool thread is lowered. A
  // failure (e.g. a seccomp policy) leaves the priority as it was, which is still correct.
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  const int current = ::getpriority(PRIO_PROCESS, tid);
  (void)::setpriority(PRIO_PROCESS, tid, std::min(19, current + nice_increment_));
}

BlockingPool::~BlockingPool() {
  join();
}

void BlockingPool::join() {
  pool_.stop();
  pool_.join();
}

BlockingPool::JobSlot::JobSlot(BlockingPool& pool) : pool_(pool) {
  if (pool_.queued_.fetch_add(1, std::memory_order_relaxed) >= pool_.max_queued_) {
    pool_.queued_.fetch_sub(1, std::memory_order_relaxed);
    throw Error(ErrorKind::unavailable, "server_busy", "The server is busy; try again shortly.").with_retry_after(1);
  }
}

BlockingPool::JobSlot::~JobSlot() {
  pool_.queued_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace parley::core
