#pragma once
// The two Engine.IO transports as HTTP handlers: long polling (handshake, held GET, POST) and
// WebSocket (direct, or the upgrade of a polling session).
#include <boost/asio/awaitable.hpp>
#include <memory>

#include "http/Message.hpp"
#include "http/WebSocketConnection.hpp"

namespace parley::realtime {

class SocketHub;

boost::asio::awaitable<http::Response> serve_polling(std::shared_ptr<SocketHub> hub, http::RequestContext& ctx);
boost::asio::awaitable<void> serve_websocket(std::shared_ptr<SocketHub> hub,
                                             std::unique_ptr<http::WebSocketConnection> connection,
                                             http::RequestContext& ctx);

}  // namespace parley::realtime
