// Engine.IO long polling: GET without sid is the handshake; GET with sid is held until the session
// has packets (or a ping, a noop during the upgrade, or the close); POST delivers packets.
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "realtime/SocketHub.hpp"
#include "realtime/Transports.hpp"

namespace parley::realtime {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

// The official server's error shape: {"code": n, "message": "..."}.
enum class EngineError {
  unknown_transport = 0,
  unknown_sid = 1,
  bad_handshake_method = 2,
  bad_request = 3,
  forbidden = 4,
  unsupported_version = 5
};

const char* engine_error_message(EngineError e) {
  switch (e) {
    case EngineError::unknown_transport:
      return "Transport unknown";
    case EngineError::unknown_sid:
      return "Session ID unknown";
    case EngineError::bad_handshake_method:
      return "Bad handshake method";
    case EngineError::bad_request:
      return "Bad request";
    case EngineError::forbidden:
      return "Forbidden";
    case EngineError::unsupported_version:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

http::Response make_response(const http::RequestContext& ctx, http::Status status, std::string content_type,
                             std::string body) {
  http::Response res{status, ctx.request.version()};
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = std::move(body);
  res.keep_alive(ctx.request.keep_alive());
  res.prepare_payload();
  return res;
}

http::Response engine_error(SocketHub& hub, const http::RequestContext& ctx, EngineError e,
                            http::Status status = http::Status::bad_request, const char* message = nullptr) {
  const nlohmann::json body{{"code", static_cast<int>(e)}, {"message", message ? message : engine_error_message(e)}};
  hub.metrics().refused.with(message ? message : engine_error_message(e)).add();
  return make_response(ctx, status, "application/json", body.dump());
}

std::string to_body(const std::vector<Frame>& frames) {
  std::string body;
  std::size_t size = 0;
  for (const auto& f : frames) size += f.bytes->size() + 1;
  body.reserve(size);
  for (const auto& f : frames) {
    if (f.binary) {
      engineio::append_record(body, engineio::Packet{engineio::PacketType::message, *f.bytes, true});
    } else {
      if (!body.empty()) body += engineio::kRecordSeparator;
      body += *f.bytes;
    }
  }
  return body;
}

}  // namespace

asio::awaitable<http::Response> serve_polling(std::shared_ptr<SocketHub> hub, http::RequestContext& ctx) {
  const auto eio = ctx.query_param("EIO");
  const auto transport = ctx.query_param("transport");
  const auto sid = ctx.query_param("sid");
  const auto method = ctx.request.method();
  if (eio != "4") co_return engine_error(*hub, ctx, EngineError::unsupported_version);
  if (transport != "polling") co_return engine_error(*hub, ctx, EngineError::unknown_transport);

  if (!sid) {
    if (method != http::Verb::get) co_return engine_error(*hub, ctx, EngineError::bad_handshake_method);
    SocketHub::Refusal refusal{};
    auto session = hub->open_session(asio::make_strand(hub->io()), ctx.remote_address, TransportKind::polling, refusal);
    if (!session) {
      if (refusal == SocketHub::Refusal::too_many_from_address) {
        co_return engine_error(*hub, ctx, EngineError::forbidden, http::Status::too_many_requests,
                               "Too many connections from this address");
      }
      co_return engine_error(*hub, ctx, EngineError::forbidden, http::Status::service_unavailable,
                             "Server shutting down");
    }
    asio::post(session->strand(), [session] { session->start(false); });
    co_return make_response(ctx, http::Status::ok, "text/plain; charset=UTF-8", "0" + session->open_payload());
  }

  auto session = hub->find_session(*sid);
  if (!session || session->closed()) co_return engine_error(*hub, ctx, EngineError::unknown_sid);
  if (session->transport() != TransportKind::polling) co_return engine_error(*hub, ctx, EngineError::bad_request);

  if (method == http::Verb::get) {
    auto batch = co_await session->take(TransportKind::polling);
    if (!batch) co_return engine_error(*hub, ctx, EngineError::bad_request);
    co_return make_response(ctx, http::Status::ok, "text/plain; charset=UTF-8", to_body(batch->frames));
  }
  if (method == http::Verb::post) {
    const std::string& body = ctx.request.body();
    if (body.size() > hub->options().max_payload_bytes) {
      session->close("payload too large");
      co_return engine_error(*hub, ctx, EngineError::bad_request, http::Status::payload_too_large, "Payload too large");
    }
    auto packets = engineio::decode_payload(body);
    if (!packets) {
      session->close("parse error");
      co_return engine_error(*hub, ctx, EngineError::bad_request);
    }
    co_await session->receive_and_wait(std::move(*packets));
    co_return make_response(ctx, http::Status::ok, "text/html", "ok");
  }
  co_return engine_error(*hub, ctx, EngineError::bad_request);
}

}  // namespace parley::realtime
