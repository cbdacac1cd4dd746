#pragma once
// Serves the built web app from one folder: content types, ETag revalidation, long caching for
// Vite's hashed /assets/ and none for index.html, and the single-page-app fallback (any path
// without a file extension gets index.html). Nothing outside the root is ever read.
#include <filesystem>

#include "core/BlockingPool.hpp"
#include "http/Message.hpp"

namespace parley::http {

class StaticFiles {
 public:
  static constexpr std::uintmax_t max_file_bytes = 64 * 1024 * 1024;

  StaticFiles(std::filesystem::path root, core::BlockingPool& pool);

  boost::asio::awaitable<Response> serve(RequestContext& ctx) const;

 private:
  struct FileRead {
    bool found = false;
    std::filesystem::path path;
    std::string body;
    std::string etag;
  };
  // Blocking: runs on the pool.
  FileRead read(const std::filesystem::path& relative, bool spa_fallback) const;

  std::filesystem::path root_;
  core::BlockingPool& pool_;
};

}  // namespace parley::http
