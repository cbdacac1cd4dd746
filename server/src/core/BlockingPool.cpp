#include "core/BlockingPool.hpp"

namespace parley::core {

BlockingPool::BlockingPool(std::size_t threads, std::size_t max_queued)
    : threads_(threads), max_queued_(max_queued), pool_(threads) {}

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
