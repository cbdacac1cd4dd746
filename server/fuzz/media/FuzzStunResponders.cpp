// Fuzzes the two STUN responders (plain Binding server and ICE-lite checks) with arbitrary datagrams;
// any response they produce must itself parse and carry a valid FINGERPRINT.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "media/ice/IceLiteAgent.hpp"
#include "media/ice/StunBindingResponder.hpp"
#include "media/ice/StunMessage.hpp"

namespace {
void check_response(const std::vector<std::uint8_t>& bytes) {
  auto m = parley::media::ice::StunMessage::parse(bytes);
  if (!m || !m->verify_fingerprint()) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::ice;
  const std::span<const std::uint8_t> bytes(data, size);
  const boost::asio::ip::udp::endpoint source(boost::asio::ip::make_address("192.0.2.1"), 4242);
  auto outcome = respond_to_binding_request(bytes, source);
  if (auto* response = std::get_if<std::vector<std::uint8_t>>(&outcome)) check_response(*response);
  // Credentials of the seed corpus' connectivity check.
  IceLiteAgent agent("srvU", "serverpassword0123456789");
  auto result = agent.handle_stun(bytes, source, IceLiteAgent::Clock::time_point{});
  if (!result.response.empty()) check_response(result.response);
  agent.tick(IceLiteAgent::Clock::time_point{} + std::chrono::hours(1));
  return 0;
}
