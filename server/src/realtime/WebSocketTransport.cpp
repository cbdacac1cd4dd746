// Engine.IO over WebSocket: one packet per message. A connection without sid opens a new session;
// one with the sid of a polling session runs the upgrade (2probe/3probe, then 5) and takes over.
// A reader coroutine feeds the session; a writer coroutine drains the session's outbox. Both run on
// the connection's strand, so Beast sees at most one read and one write at a time, and both outlive
// the HTTP handler that started them.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "realtime/SocketHub.hpp"
#include "realtime/Transports.hpp"

namespace parley::realtime {

namespace asio = boost::asio;
using Connection = http::WebSocketConnection;

namespace {

constexpr unsigned short kNormal = 1000;
constexpr unsigned short kPolicy = 1008;
constexpr unsigned short kTryAgain = 1013;

// Aborts the connection when the timer fires (a stuck close handshake or upgrade).
std::shared_ptr<asio::steady_timer> abort_after(const std::shared_ptr<Connection>& ws,
                                                std::chrono::milliseconds after) {
  auto timer = std::make_shared<asio::steady_timer>(ws->executor(), after);
  timer->async_wait([ws, timer](const boost::system::error_code& ec) {
    if (!ec) ws->abort();
  });
  return timer;
}

asio::awaitable<void> close_bounded(std::shared_ptr<Connection> ws, unsigned short code, const char* reason) {
  auto watchdog = abort_after(ws, std::chrono::milliseconds(1000));
  co_await ws->close(code, reason);
  watchdog->cancel();
}

asio::awaitable<void> writer_loop(std::shared_ptr<SocketSession> session, std::shared_ptr<Connection> ws) {
  while (true) {
    auto batch = co_await session->take(TransportKind::websocket);
    if (!batch) break;
    for (const auto& frame : batch->frames) {
      if (!co_await ws->write(*frame.bytes, frame.binary)) {
        session->close("transport error");
        ws->abort();
        co_return;
      }
    }
    if (batch->closed) break;
  }
  co_await close_bounded(ws, kNormal, "");
}

asio::awaitable<void> reader_loop(std::shared_ptr<SocketSession> session, std::shared_ptr<Connection> ws) {
  while (true) {
    auto message = co_await ws->read();
    if (!message) break;
    std::vector<engineio::Packet> packets;
    if (message->binary) {
      packets.push_back(engineio::decode_binary(message->data));
    } else {
      auto packet = engineio::decode_text(message->data);
      if (!packet) {
        session->close("parse error");
        break;
      }
      packets.push_back(std::move(*packet));
    }
    co_await session->receive_and_wait(std::move(packets));
    if (session->closed()) break;
  }
  session->close("transport close");
}

// The probe exchange of an upgrade; true once the client sent "5" and the session switched.
asio::awaitable<bool> run_upgrade(std::shared_ptr<SocketSession> session, std::shared_ptr<Connection> ws,
                                  std::chrono::milliseconds timeout) {
  auto watchdog = abort_after(ws, timeout);
  auto probe = co_await ws->read();
  if (!probe || probe->binary || probe->data != "2probe") {
    watchdog->cancel();
    co_return false;
  }
  if (!co_await session->begin_upgrade()) {
    watchdog->cancel();
    co_return false;
  }
  if (!co_await ws->write("3probe", false)) {
    session->cancel_upgrade();
    watchdog->cancel();
    co_return false;
  }
  auto upgrade = co_await ws->read();
  watchdog->cancel();
  if (!upgrade || upgrade->binary || upgrade->data != "5") {
    session->cancel_upgrade();
    co_return false;
  }
  co_return co_await session->finish_upgrade();
}

}  // namespace

asio::awaitable<void> serve_websocket(std::shared_ptr<SocketHub> hub, std::unique_ptr<Connection> connection,
                                      http::RequestContext& ctx) {
  std::shared_ptr<Connection> ws(std::move(connection));
  const auto& options = hub->options();
  ws->set_read_limit(options.max_payload_bytes);
  const auto eio = ctx.query_param("EIO");
  const auto transport = ctx.query_param("transport");
  const auto sid = ctx.query_param("sid");
  if (eio != "4" || transport != "websocket") {
    hub->metrics().refused.with(eio != "4" ? "Unsupported protocol version" : "Transport unknown").add();
    co_await close_bounded(ws, kPolicy, "bad handshake");
    co_return;
  }

  std::shared_ptr<SocketSession> session;
  if (sid) {
    session = hub->find_session(*sid);
    if (!session || session->closed() || session->transport() != TransportKind::polling) {
      hub->metrics().refused.with("Session ID unknown").add();
      co_await close_bounded(ws, kPolicy, "Session ID unknown");
      co_return;
    }
    if (!co_await run_upgrade(session, ws, options.ping_timeout)) {
      hub->metrics().refused.with("upgrade failed").add();
      co_await close_bounded(ws, kPolicy, "upgrade failed");
      co_return;
    }
  } else {
    SocketHub::Refusal refusal{};
    session = hub->open_session(ws->executor(), ctx.remote_address, TransportKind::websocket, refusal);
    if (!session) {
      hub->metrics()
          .refused
          .with(refusal == SocketHub::Refusal::too_many_from_address ? "Too many connections from this address"
                                                                     : "Server shutting down")
          .add();
      co_await close_bounded(ws, refusal == SocketHub::Refusal::too_many_from_address ? kPolicy : kTryAgain,
                             "connection refused");
      co_return;
    }
    asio::post(session->strand(), [session] { session->start(true); });
  }

  // Both loops own the connection (which holds the HTTP server's count of it): this handler returns
  // now, so that the HTTP session's coroutine frames do not stay suspended for the WebSocket's life.
  const auto executor = ws->executor();
  asio::co_spawn(executor, writer_loop(session, ws), asio::detached);
  asio::co_spawn(executor, reader_loop(std::move(session), std::move(ws)), asio::detached);
}

}  // namespace parley::realtime
