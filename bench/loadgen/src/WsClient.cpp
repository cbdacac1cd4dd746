#include "WsClient.hpp"

#include <netinet/in.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

namespace parley::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif
// Lets bind() pick only the address; the port is chosen at connect() per destination, so one loopback
// source address serves a full ephemeral range towards each server port.
using bind_address_no_port = asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;

class BeastWsClient final : public WsClient, public std::enable_shared_from_this<BeastWsClient> {
 public:
  BeastWsClient(asio::io_context& io, const WsTarget& target, WsListener& listener, std::uint32_t index,
                std::size_t queue_limit)
      : WsClient(index), ws_(io), target_(target), listener_(listener), queue_limit_(queue_limit) {}

  void start(const asio::ip::address& source, std::string auth_json) override {
    auth_ = std::move(auth_json);
    auto& socket = ws_.next_layer();
    boost::system::error_code ec;
    socket.open(target_.server.protocol(), ec);
    if (!ec && !source.is_unspecified()) {
      socket.set_option(bind_address_no_port(true), ec);
      ec.clear();
      socket.bind(tcp::endpoint(source, 0), ec);
    }
    if (ec) return fail("bind: " + ec.message());
    socket.async_connect(target_.server, [self = shared_from_this()](boost::system::error_code error) {
      self->on_tcp_connected(error);
    });
  }

  bool send(std::string frame) override {
    if (!connected_ || queue_.size() >= queue_limit_) return false;
    push(std::move(frame));
    return true;
  }

  void close() override { fail("closed by the bench"); }
  bool connected() const override { return connected_; }
  std::size_t queued() const override { return queue_.size(); }

 private:
  void on_tcp_connected(boost::system::error_code ec) {
    if (ec) return fail("connect: " + ec.message());
    ws_.next_layer().set_option(tcp::no_delay(true), ec);
    ws_.read_message_max(4 * 1024 * 1024);
    const std::string target = target_.path + "?EIO=4&transport=websocket";
    ws_.async_handshake(target_.host_header, target,
                        [self = shared_from_this()](boost::system::error_code error) { self->on_handshake(error); });
  }

  void on_handshake(boost::system::error_code ec) {
    if (ec) return fail("websocket handshake: " + ec.message());
    ws_.text(true);
    read();
  }

  void read() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](boost::system::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(boost::system::error_code ec) {
    if (closed_) return;
    if (ec) return fail(ec == websocket::error::closed ? "closed by the server" : "read: " + ec.message());
    const auto data = buffer_.data();
    handle(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(buffer_.size());
    if (!closed_) read();
  }

  void handle(std::string_view frame) {
    const auto packet = wire::parse(frame);
    if (!packet) return;
    switch (packet->kind) {
      case wire::Kind::open:
        push(wire::encode_connect(auth_));
        return;
      case wire::Kind::ping:
        push("3");
        return;
      case wire::Kind::connect: {
        sid_ = std::string(wire::string_field(packet->body, "sid").value_or(""));
        connected_ = true;
        listener_.on_connected(*this, sid_);
        return;
      }
      case wire::Kind::close:
        return fail("engine.io close");
      default:
        listener_.on_packet(*this, *packet);
        return;
    }
  }

  void push(std::string frame) {
    queue_.push_back(std::move(frame));
    if (!writing_) write();
  }

  void write() {
    writing_ = true;
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) { self->on_written(ec); });
  }

  void on_written(boost::system::error_code ec) {
    if (closed_) return;
    if (ec) return fail("write: " + ec.message());
    queue_.pop_front();
    if (!queue_.empty()) return write();
    writing_ = false;
  }

  void fail(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    connected_ = false;
    boost::system::error_code ignored;
    ws_.next_layer().close(ignored);
    listener_.on_closed(*this, reason);
  }

  websocket::stream<tcp::socket> ws_;
  const WsTarget& target_;
  WsListener& listener_;
  std::size_t queue_limit_;
  std::string auth_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool connected_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<WsClient> WsClient::create(asio::io_context& io, const WsTarget& target, WsListener& listener,
                                           std::uint32_t index, std::size_t queue_limit) {
  return std::make_shared<BeastWsClient>(io, target, listener, index, queue_limit);
}

}  // namespace parley::bench
