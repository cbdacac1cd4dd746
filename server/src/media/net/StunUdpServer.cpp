#include "media/net/StunUdpServer.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "media/ice/StunBindingResponder.hpp"

namespace parley::media::net {

namespace asio = boost::asio;
using asio::ip::udp;

struct StunUdpServer::State {
  // The socket lives on its own strand: the io_context may be run by several threads, and stop()
  // may be called from any of them, so every socket operation is serialised there.
  explicit State(asio::io_context& io) : socket(asio::make_strand(io)) {}
  udp::socket socket;
  udp::endpoint local;
  udp::endpoint source;  // sender of the datagram being received
  StunUdpServerCounters counters;
  std::array<std::uint8_t, 2048> buffer{};
};

namespace {

void count_drop(StunUdpServerCounters& c, ice::StunDropReason reason) {
  switch (reason) {
    case ice::StunDropReason::NotStun:
      ++c.dropped_not_stun;
      break;
    case ice::StunDropReason::Malformed:
      ++c.dropped_malformed;
      break;
    case ice::StunDropReason::BadFingerprint:
      ++c.dropped_bad_fingerprint;
      break;
    case ice::StunDropReason::NotARequest:
      ++c.dropped_not_request;
      break;
    case ice::StunDropReason::UnsupportedMethod:
      ++c.dropped_unsupported_method;
      break;
  }
}

void handle_datagram(StunUdpServer::State& state, std::size_t size) {
  ++state.counters.datagrams_received;
  auto outcome =
      ice::respond_to_binding_request(std::span<const std::uint8_t>(state.buffer.data(), size), state.source);
  if (auto* reason = std::get_if<ice::StunDropReason>(&outcome)) {
    count_drop(state.counters, *reason);
    return;
  }
  const auto& response = std::get<std::vector<std::uint8_t>>(outcome);
  // UDP sends complete immediately unless the kernel buffer is full; then we drop, never queue.
  boost::system::error_code ec;
  state.socket.send_to(asio::buffer(response), state.source, 0, ec);
  if (ec) {
    ++state.counters.send_errors;
  } else {
    ++state.counters.responses_sent;
  }
}

// A completion-handler loop rather than a coroutine: Boost 1.74's co_await support is not detected
// by clang 14 with libstdc++, and the media libraries must build with clang for libFuzzer.
// Handlers run on the socket's strand.
void receive_next(std::shared_ptr<StunUdpServer::State> state) {
  auto& s = *state;
  s.socket.async_receive_from(asio::buffer(s.buffer), s.source,
                              [state = std::move(state)](boost::system::error_code ec, std::size_t n) mutable {
                                if (ec == asio::error::operation_aborted || !state->socket.is_open()) return;
                                if (ec) {
                                  // ICMP port-unreachable from an earlier reply surfaces here on Linux.
                                  ++state->counters.receive_errors;
                                } else {
                                  handle_datagram(*state, n);
                                }
                                receive_next(std::move(state));
                              });
}

}  // namespace

StunUdpServer::StunUdpServer(asio::io_context& io, const udp::endpoint& endpoint)
    : state_(std::make_shared<State>(io)) {
  state_->socket.open(endpoint.protocol());
  state_->socket.non_blocking(true);
  state_->socket.bind(endpoint);
  state_->local = state_->socket.local_endpoint();
}

StunUdpServer::~StunUdpServer() {
  stop();
}

void StunUdpServer::start() {
  asio::dispatch(state_->socket.get_executor(), [state = state_] { receive_next(state); });
}

void StunUdpServer::stop() {
  asio::post(state_->socket.get_executor(), [state = state_] {
    boost::system::error_code ignored;
    state->socket.close(ignored);
  });
}

udp::endpoint StunUdpServer::local_endpoint() const {
  return state_->local;
}

const StunUdpServerCounters& StunUdpServer::counters() const {
  return state_->counters;
}

}  // namespace parley::media::net
