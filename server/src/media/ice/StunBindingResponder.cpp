#include "media/ice/StunBindingResponder.hpp"

#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::ice {

StunBindingOutcome respond_to_binding_request(std::span<const std::uint8_t> datagram,
                                              const boost::asio::ip::udp::endpoint& source, std::string_view software) {
  if (!StunMessage::looks_like_stun(datagram)) return StunDropReason::NotStun;
  auto request = StunMessage::parse(datagram);
  if (!request) return StunDropReason::Malformed;
  if (request->has_fingerprint() && !request->verify_fingerprint()) return StunDropReason::BadFingerprint;
  if (request->message_class() != StunClass::Request) return StunDropReason::NotARequest;
  if (request->method() != stun_method::kBinding) return StunDropReason::UnsupportedMethod;

  std::uint16_t unknown[16];
  const std::size_t unknown_count = request->unknown_comprehension_required(unknown);
  if (unknown_count > 0) {
    StunMessageBuilder error(StunClass::ErrorResponse, stun_method::kBinding, request->transaction_id());
    error.add_error_code(stun_error::kUnknownAttribute, "Unknown Attribute")
        .add_unknown_attributes(std::span<const std::uint16_t>(unknown, unknown_count))
        .add_fingerprint();
    return std::move(error).take();
  }
  StunMessageBuilder response(StunClass::SuccessResponse, stun_method::kBinding, request->transaction_id());
  response.add_xor_mapped_address(source);
  if (!software.empty()) response.add_string(stun_attr::kSoftware, software);
  response.add_fingerprint();
  return std::move(response).take();
}

}  // namespace parley::media::ice
