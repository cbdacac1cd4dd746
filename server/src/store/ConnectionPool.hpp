#pragma once
// A fixed set of database connections shared by the blocking-pool threads: a caller borrows one for
// the length of a call (a Lease) and waits, bounded, when all are in use. Connections are opened
// lazily by the factory, and a connection that threw a broken-connection error can be dropped so
// that the next borrower opens a fresh one.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/Error.hpp"

namespace parley::store {

template <class Connection>
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->give_back(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }
    // The connection is unusable: close it instead of returning it.
    void discard() { conn_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(std::size_t size, Factory factory, std::chrono::milliseconds wait_limit = std::chrono::seconds(10))
      : size_(size == 0 ? 1 : size), factory_(std::move(factory)), wait_limit_(wait_limit) {}

  Lease acquire() {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait_limit_, [this] { return !idle_.empty() || open_ < size_; })) {
      throw core::Error(core::ErrorKind::unavailable, "database_busy", "The database is busy; try again shortly.");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, factory_());
    } catch (...) {
      lock.lock();
      --open_;
      cv_.notify_one();
      throw;
    }
  }

 private:
  void give_back(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(mutex_);
      if (conn) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  std::size_t size_;
  Factory factory_;
  std::chrono::milliseconds wait_limit_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace parley::store
