#include "http/StaticFiles.hpp"

#include <fstream>
#include <sstream>

#include "http/ErrorResponse.hpp"
#include "http/MimeTypes.hpp"
#include "http/UrlCodec.hpp"

namespace parley::http {

namespace fs = std::filesystem;

StaticFiles::StaticFiles(fs::path root, core::BlockingPool& pool) : pool_(pool) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = std::move(root);
}

namespace {
bool inside(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}
}  // namespace

StaticFiles::FileRead StaticFiles::read(const fs::path& relative, bool spa_fallback) const {
  FileRead out;
  std::error_code ec;
  fs::path candidate = fs::weakly_canonical(root_ / relative, ec);
  if (ec || !inside(root_, candidate) || !fs::is_regular_file(candidate, ec)) {
    if (!spa_fallback) return out;
    candidate = root_ / "index.html";
    if (!fs::is_regular_file(candidate, ec)) return out;
  }
  const auto size = fs::file_size(candidate, ec);
  if (ec || size > max_file_bytes) return out;
  const auto mtime = fs::last_write_time(candidate, ec).time_since_epoch().count();
  std::ifstream in(candidate, std::ios::binary);
  if (!in) return out;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out.found = true;
  out.path = candidate;
  out.body = std::move(buffer).str();
  out.etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
  return out;
}

boost::asio::awaitable<Response> StaticFiles::serve(RequestContext& ctx) const {
  const Request& req = ctx.request;
  auto segments = safe_path_segments(ctx.path);
  if (!segments) {
    co_return error_response(Status::not_found, "not_found", "There is nothing at this path.", req.version(),
                             req.keep_alive());
  }
  fs::path relative;
  for (const auto& s : *segments) relative /= s;
  if (segments->empty()) relative = "index.html";
  // Paths that name a file (with an extension) are never answered with the app shell.
  const bool spa_fallback = segments->empty() || segments->back().find('.') == std::string::npos;

  auto job = [this, relative, spa_fallback] { return read(relative, spa_fallback); };  // named: see BlockingPool.hpp
  FileRead file = co_await pool_.run(std::move(job));
  if (!file.found) {
    co_return error_response(Status::not_found, "not_found", "There is nothing at this path.", req.version(),
                             req.keep_alive());
  }

  const bool hashed_asset = !segments->empty() && segments->front() == "assets" && file.path.filename() != "index.html";
  Response res{Status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(beast_http::field::content_type, std::string(mime_type_for(file.path.filename().string())));
  res.set(beast_http::field::cache_control, hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  res.set(beast_http::field::etag, file.etag);
  res.set("X-Content-Type-Options", "nosniff");
  if (auto inm = ctx.header("If-None-Match"); inm && *inm == file.etag) {
    res.result(Status::not_modified);
    co_return res;
  }
  const auto size = file.body.size();
  if (req.method() == Verb::head) {
    res.content_length(size);
  } else {
    res.body() = std::move(file.body);
    res.prepare_payload();
  }
  co_return res;
}

}  // namespace parley::http
