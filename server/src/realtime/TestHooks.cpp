#include "realtime/TestHooks.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <mutex>

#include "core/Error.hpp"
#include "realtime/SocketHub.hpp"

namespace parley::realtime {

namespace asio = boost::asio;
using json = nlohmann::json;

namespace {

struct TestState {
  std::mutex mutex;
  std::deque<json> disconnects;  // the last on_disconnect calls: {id, reason}
};

asio::awaitable<void> sleep_ms(std::int64_t ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor,
                           std::chrono::milliseconds(std::clamp<std::int64_t>(ms, 0, 10000)));
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

std::string arg_string(const json& args, std::size_t i) {
  return i < args.size() && args[i].is_string() ? args[i].get<std::string>() : std::string();
}

}  // namespace

void install_test_hooks(const std::shared_ptr<SocketHub>& hub) {
  auto state = std::make_shared<TestState>();
  std::weak_ptr<SocketHub> weak = hub;

  hub->test_connect_handler = [](Socket socket, json auth) -> asio::awaitable<void> {
    if (auth.contains("delayMs") && auth["delayMs"].is_number_integer())
      co_await sleep_ms(auth["delayMs"].get<std::int64_t>());
    if (auth.value("reject", false)) throw core::unauthorized("test_rejected", "Rejected by the test hook.");
    socket.data()["__test"] = true;
    socket.data()["auth"] = auth;
  };

  hub->test_disconnect_handler = [state](Socket socket, std::string reason) {
    std::lock_guard lock(state->mutex);
    state->disconnects.push_back(json{{"id", socket.id()}, {"reason", reason}});
    if (state->disconnects.size() > 1000) state->disconnects.pop_front();
  };

  hub->test_event_handler = [state, weak](Socket socket, std::string event, json args,
                                          std::optional<Ack> ack) -> asio::awaitable<void> {
    auto hub = weak.lock();
    if (!hub) co_return;
    if (event == "test:echo") {
      socket.emit("test:echo", args);
      if (ack) (*ack)(args);
    } else if (event == "test:ack") {
      if (ack) (*ack)(args);
    } else if (event == "test:auth") {
      if (ack) (*ack)(json::array({socket.data()["auth"], socket.id()}));
    } else if (event == "test:server-ack") {
      // The server asks the client a question with an ack and reports the answer (or null on timeout).
      const auto timeout =
          std::chrono::milliseconds(args.size() > 1 && args[1].is_number_integer() ? args[1].get<int>() : 2000);
      json question = args.empty() ? json(nullptr) : args[0];
      Socket target = socket;
      socket.emit_with_ack("test:question", json::array({question}), timeout,
                           [target](std::optional<json> reply) mutable {
                             target.emit("test:answer", json::array({reply ? *reply : json(nullptr)}));
                           });
      if (ack) (*ack)(json::array({"asked"}));
    } else if (event == "test:join") {
      socket.join(arg_string(args, 0));
      if (ack) (*ack)(json::array({socket.rooms()}));
    } else if (event == "test:leave") {
      socket.leave(arg_string(args, 0));
      if (ack) (*ack)(json::array({socket.rooms()}));
    } else if (event == "test:broadcast") {
      const std::string room = arg_string(args, 0);
      json payload = args.size() > 1 ? args[1] : json(nullptr);
      hub->broadcast(room, socketio::make_event("test:room-message", json::array({payload, socket.id()})), socket.id());
      if (ack) (*ack)(json::array({"sent"}));
    } else if (event == "test:disconnect-me") {
      if (ack) (*ack)(json::array({"bye"}));
      socket.disconnect(args.empty() ? "server namespace disconnect" : arg_string(args, 0));
    } else if (event == "test:drop") {
      // Ends the transport without a DISCONNECT, as a crash or network loss would.
      if (auto session = hub->find_socket(socket.id())) session->close("forced close");
    } else if (event == "test:sleep") {
      co_await sleep_ms(args.empty() || !args[0].is_number_integer() ? 0 : args[0].get<std::int64_t>());
      if (ack) (*ack)(args);
    } else if (event == "test:throw") {
      throw core::bad_request("test_error", "Thrown by the test hook.");
    } else if (event == "test:flood") {
      const int count = args.empty() || !args[0].is_number_integer() ? 0 : std::clamp(args[0].get<int>(), 0, 100000);
      for (int i = 0; i < count; ++i) socket.emit("test:flood", json::array({i}));
      if (ack) (*ack)(json::array({count}));
    } else if (event == "test:disconnects") {
      std::lock_guard lock(state->mutex);
      if (ack) (*ack)(json::array({json(state->disconnects)}));
    } else if (event == "test:count") {
      if (ack) (*ack)(json::array({hub->socket_count()}));
    } else if (ack) {
      (*ack)(json::array({json{{"error", "unknown_event"}, {"message", "No such test event."}}}));
    }
  };
}

}  // namespace parley::realtime
