#include "media/ice/IceLiteAgent.hpp"

#include <algorithm>

#include "media/crypto/Digest.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::ice {
namespace {

std::vector<std::uint8_t> error_response(const StunMessage& request, std::uint16_t code, std::string_view reason,
                                         std::span<const std::uint8_t> integrity_key) {
  StunMessageBuilder b(StunClass::ErrorResponse, request.method(), request.transaction_id());
  b.add_error_code(code, reason);
  // RFC 8489 section 9.1.3: a 400/401 caused by credentials carries no MESSAGE-INTEGRITY.
  if (!integrity_key.empty()) b.add_message_integrity(integrity_key);
  b.add_fingerprint();
  return std::move(b).take();
}

}  // namespace

IceLiteAgent::IceLiteAgent(std::string local_ufrag, std::string local_pwd, Options options)
    : local_ufrag_(std::move(local_ufrag)), local_pwd_(std::move(local_pwd)), options_(options) {}

IceLiteAgent::RemoteAddress& IceLiteAgent::remember(const Endpoint& source, Clock::time_point now) {
  auto it =
      std::find_if(remotes_.begin(), remotes_.end(), [&](const RemoteAddress& r) { return r.endpoint == source; });
  if (it != remotes_.end()) return *it;
  if (remotes_.size() >= options_.max_remote_addresses && !remotes_.empty()) {
    // Evict the least recently validated address that is not the selected one.
    auto victim = remotes_.end();
    for (auto r = remotes_.begin(); r != remotes_.end(); ++r) {
      if (selected_ && r->endpoint == *selected_) continue;
      if (victim == remotes_.end() || r->last_valid_check < victim->last_valid_check) victim = r;
    }
    if (victim != remotes_.end()) remotes_.erase(victim);
  }
  remotes_.push_back({source, now, 0});
  return remotes_.back();
}

IceLiteAgent::Result IceLiteAgent::handle_stun(std::span<const std::uint8_t> datagram, const Endpoint& source,
                                               Clock::time_point now) {
  Result result;
  auto request = StunMessage::parse(datagram);
  // ICE requires FINGERPRINT on connectivity checks (RFC 8445 section 7.2.2).
  if (!request || !request->has_fingerprint() || !request->verify_fingerprint() ||
      request->message_class() != StunClass::Request || request->method() != stun_method::kBinding) {
    return result;
  }
  const auto key = crypto::as_bytes(local_pwd_);
  auto username = request->username();
  if (!username || !request->has_message_integrity() || !request->priority()) {
    result.verdict = Verdict::BadRequest;
    result.response = error_response(*request, stun_error::kBadRequest, "Bad Request", {});
    return result;
  }
  // USERNAME is "<our ufrag>:<their ufrag>" for checks sent to us.
  const auto colon = username->find(':');
  const bool ufrag_ok = colon != std::string_view::npos && username->substr(0, colon) == local_ufrag_ &&
                        (remote_ufrag_.empty() || username->substr(colon + 1) == remote_ufrag_);
  if (!ufrag_ok || !request->verify_message_integrity(key)) {
    result.verdict = Verdict::Unauthorized;
    result.response = error_response(*request, stun_error::kUnauthorized, "Unauthorized", {});
    return result;
  }
  std::uint16_t unknown[16];
  if (const std::size_t n = request->unknown_comprehension_required(unknown); n > 0) {
    StunMessageBuilder b(StunClass::ErrorResponse, stun_method::kBinding, request->transaction_id());
    b.add_error_code(stun_error::kUnknownAttribute, "Unknown Attribute")
        .add_unknown_attributes(std::span<const std::uint16_t>(unknown, n))
        .add_message_integrity(key)
        .add_fingerprint();
    result.verdict = Verdict::UnknownAttribute;
    result.response = std::move(b).take();
    return result;
  }
  // An ICE-lite agent is always controlled; a peer that also claims the controlled role is a
  // lite-lite pairing we do not support.
  if (request->ice_controlled() && !request->ice_controlling()) {
    result.verdict = Verdict::RoleConflict;
    result.response = error_response(*request, stun_error::kRoleConflict, "Role Conflict", key);
    return result;
  }

  RemoteAddress& remote = remember(source, now);
  remote.last_valid_check = now;
  remote.priority = *request->priority();
  if (request->use_candidate() && (!selected_ || *selected_ != source)) {
    selected_ = source;
    result.selected_changed = true;
  }
  if (selected_) {
    state_ = State::Connected;
  } else if (state_ == State::New || state_ == State::Disconnected) {
    state_ = State::Checking;
  }

  StunMessageBuilder b(StunClass::SuccessResponse, stun_method::kBinding, request->transaction_id());
  b.add_xor_mapped_address(source).add_message_integrity(key).add_fingerprint();
  result.verdict = Verdict::Success;
  result.response = std::move(b).take();
  return result;
}

bool IceLiteAgent::tick(Clock::time_point now) {
  std::erase_if(remotes_, [&](const RemoteAddress& r) { return now - r.last_valid_check > options_.consent_timeout; });
  if (selected_ && !is_validated(*selected_, now)) {
    selected_.reset();
    state_ = State::Disconnected;
    return true;
  }
  return false;
}

bool IceLiteAgent::is_validated(const Endpoint& source, Clock::time_point now) const {
  return std::any_of(remotes_.begin(), remotes_.end(), [&](const RemoteAddress& r) {
    return r.endpoint == source && now - r.last_valid_check <= options_.consent_timeout;
  });
}

}  // namespace parley::media::ice
