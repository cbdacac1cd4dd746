// Integration: a real UDP socket on loopback answers a Binding request with our reflexive address.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <thread>

#include "media/ice/StunBindingResponder.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/net/StunUdpServer.hpp"

namespace parley::media::net {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

std::vector<std::uint8_t> binding_request(std::uint8_t id) {
  ice::TransactionId tid{};
  tid.fill(id);
  return ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid).add_fingerprint().take();
}

// Runs the io_context until `done` or a deadline.
template <typename Pred>
bool run_until(asio::io_context& io, Pred done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(10ms);
    if (io.stopped()) io.restart();
  }
  return done();
}

TEST(StunUdpServer, AnswersBindingRequestWithReflexiveAddress) {
  asio::io_context io;
  StunUdpServer server(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  server.start();
  ASSERT_NE(server.local_endpoint().port(), 0);

  udp::socket client(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint8_t garbage[] = {0xde, 0xad, 0xbe, 0xef};
  client.send_to(asio::buffer(garbage), server.local_endpoint());
  const auto request = binding_request(7);
  client.send_to(asio::buffer(request), server.local_endpoint());

  std::array<std::uint8_t, 1500> buffer{};
  udp::endpoint from;
  std::size_t received = 0;
  client.async_receive_from(asio::buffer(buffer), from, [&](boost::system::error_code ec, std::size_t n) {
    if (!ec) received = n;
  });
  ASSERT_TRUE(run_until(io, [&] { return received > 0; }));

  auto response = ice::StunMessage::parse(std::span<const std::uint8_t>(buffer.data(), received));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), ice::StunClass::SuccessResponse);
  EXPECT_EQ(response->transaction_id()[0], 7);
  EXPECT_EQ(response->xor_mapped_address(), client.local_endpoint());
  EXPECT_TRUE(response->verify_fingerprint());
  EXPECT_EQ(from, server.local_endpoint());

  EXPECT_EQ(server.counters().datagrams_received.load(), 2U);
  EXPECT_EQ(server.counters().dropped_not_stun.load(), 1U);
  EXPECT_EQ(server.counters().responses_sent.load(), 1U);
  server.stop();
  io.run_for(50ms);
}

TEST(StunUdpServer, ServesFromSeveralThreadsAndStopsFromAnother) {
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  StunUdpServer server(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  server.start();
  std::thread a([&] { io.run(); });
  std::thread b([&] { io.run(); });

  asio::io_context client_io;
  udp::socket client(client_io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::array<std::uint8_t, 1500> buffer{};
  for (int i = 0; i < 50; ++i) {
    const auto request = binding_request(static_cast<std::uint8_t>(i));
    client.send_to(asio::buffer(request), server.local_endpoint());
    udp::endpoint from;
    const std::size_t n = client.receive_from(asio::buffer(buffer), from);  // loopback: no loss
    auto response = ice::StunMessage::parse(std::span<const std::uint8_t>(buffer.data(), n));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->transaction_id()[0], i);
  }
  // The server counts a response after sending it, so the last increment may trail our receive.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server.counters().responses_sent.load() < 50U && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(server.counters().responses_sent.load(), 50U);
  server.stop();  // from a thread that is not running the io_context
  work.reset();
  a.join();
  b.join();
}

TEST(StunBindingResponder, DropsWhatAServerMustNotAnswer) {
  const udp::endpoint source(asio::ip::make_address("192.0.2.1"), 1234);
  ice::TransactionId tid{};
  auto indication =
      ice::StunMessageBuilder(ice::StunClass::Indication, ice::stun_method::kBinding, tid).add_fingerprint().take();
  EXPECT_EQ(std::get<ice::StunDropReason>(ice::respond_to_binding_request(indication, source)),
            ice::StunDropReason::NotARequest);
  auto allocate = ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kAllocate, tid).take();
  EXPECT_EQ(std::get<ice::StunDropReason>(ice::respond_to_binding_request(allocate, source)),
            ice::StunDropReason::UnsupportedMethod);
  auto bad = binding_request(1);
  bad.back() ^= 1;
  EXPECT_EQ(std::get<ice::StunDropReason>(ice::respond_to_binding_request(bad, source)),
            ice::StunDropReason::BadFingerprint);
  const std::uint8_t unknown_value[4] = {};
  auto unknown = ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid)
                     .add(0x7001, unknown_value)
                     .take();
  auto outcome = ice::respond_to_binding_request(unknown, source);
  auto* bytes = std::get_if<std::vector<std::uint8_t>>(&outcome);
  ASSERT_TRUE(bytes);
  auto error = ice::StunMessage::parse(*bytes);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->error_code()->code, 420);
}

}  // namespace
}  // namespace parley::media::net
