#include "media/client/IceControllingAgent.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

#include "media/crypto/Digest.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::client {
namespace {

// Enough for a few check rounds over several candidates plus consent checks in flight.
constexpr std::size_t kMaxPending = 32;

void random_bytes(std::span<std::uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    // OpenSSL's generator failing is fatal for security elsewhere; here uniqueness is what matters.
    static std::uint64_t counter = 0x9e3779b97f4a7c15ULL;
    for (auto& b : out) b = static_cast<std::uint8_t>((counter = counter * 6364136223846793005ULL + 1) >> 56);
  }
}

}  // namespace

std::string random_ice_string(std::size_t length) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<std::uint8_t> bytes(length);
  random_bytes(bytes);
  std::string out(length, 'A');
  for (std::size_t i = 0; i < length; ++i) out[i] = kChars[bytes[i] % 64];
  return out;
}

IceControllingAgent::IceControllingAgent(std::string local_ufrag, std::string local_pwd, Options options)
    : local_ufrag_(std::move(local_ufrag)), local_pwd_(std::move(local_pwd)), options_(options) {
  if (options_.tie_breaker == 0) {
    std::uint8_t bytes[8];
    random_bytes(bytes);
    std::memcpy(&options_.tie_breaker, bytes, sizeof(bytes));
  }
}

void IceControllingAgent::set_remote(std::string ufrag, std::string pwd) {
  remote_ufrag_ = std::move(ufrag);
  remote_pwd_ = std::move(pwd);
}

void IceControllingAgent::start(std::vector<Endpoint> candidates, Clock::time_point now) {
  candidates_ = std::move(candidates);
  next_candidate_ = 0;
  checks_sent_while_checking_ = 0;
  selected_.reset();
  pending_.clear();
  if (candidates_.empty()) {
    state_ = State::New;
    return;
  }
  state_ = State::Checking;
  next_check_ = now;
  tick(now);
}

void IceControllingAgent::send_check(const Endpoint& destination, Clock::time_point now) {
  Pending pending;
  random_bytes(pending.id);
  pending.destination = destination;
  ice::StunMessageBuilder b(ice::StunClass::Request, ice::stun_method::kBinding, pending.id);
  b.add_string(ice::stun_attr::kUsername, remote_ufrag_ + ":" + local_ufrag_)
      .add_u32(ice::stun_attr::kPriority, options_.priority)
      .add_u64(ice::stun_attr::kIceControlling, options_.tie_breaker)
      .add_flag(ice::stun_attr::kUseCandidate)
      .add_message_integrity(crypto::as_bytes(remote_pwd_))
      .add_fingerprint();
  outgoing_.push_back({std::move(b).take(), destination});
  if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
  pending_.push_back(pending);
  ++counters_.checks_sent;
}

bool IceControllingAgent::handle_stun(std::span<const std::uint8_t> datagram, const Endpoint& source,
                                      Clock::time_point now) {
  auto message = ice::StunMessage::parse(datagram);
  if (!message || message->method() != ice::stun_method::kBinding) {
    ++counters_.responses_rejected;
    return false;
  }
  switch (message->message_class()) {
    case ice::StunClass::Request:
      handle_request(*message, source);
      return false;
    case ice::StunClass::SuccessResponse:
    case ice::StunClass::ErrorResponse:
      return handle_response(*message, source, now);
    default:
      ++counters_.responses_rejected;
      return false;
  }
}

bool IceControllingAgent::handle_response(const ice::StunMessage& response, const Endpoint& source,
                                          Clock::time_point now) {
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const Pending& p) { return p.id == response.transaction_id(); });
  // A response counts only from where the check went (symmetric), with the remote's integrity.
  if (it == pending_.end() || it->destination != source ||
      response.message_class() != ice::StunClass::SuccessResponse || !response.has_message_integrity() ||
      !response.verify_message_integrity(crypto::as_bytes(remote_pwd_)) ||
      (response.has_fingerprint() && !response.verify_fingerprint())) {
    ++counters_.responses_rejected;
    return false;
  }
  pending_.erase(it);
  ++counters_.responses_accepted;
  bool selected_changed = false;
  if (!selected_) {
    selected_ = source;
    selected_changed = true;
    next_check_ = now + options_.consent_interval;
  }
  if (*selected_ == source && state_ != State::Disconnected) {
    last_consent_ = now;
    state_ = State::Connected;
  }
  return selected_changed;
}

void IceControllingAgent::handle_request(const ice::StunMessage& request, const Endpoint& source) {
  // A full-ICE peer checks us too: USERNAME "<our ufrag>:<their ufrag>", our password.
  auto username = request.username();
  const std::string expected = local_ufrag_ + ":" + remote_ufrag_;
  if (!username || *username != expected || !request.has_message_integrity() ||
      !request.verify_message_integrity(crypto::as_bytes(local_pwd_)) || !request.has_fingerprint() ||
      !request.verify_fingerprint()) {
    ++counters_.requests_rejected;
    return;
  }
  ice::StunMessageBuilder b(ice::StunClass::SuccessResponse, ice::stun_method::kBinding, request.transaction_id());
  b.add_xor_mapped_address(source).add_message_integrity(crypto::as_bytes(local_pwd_)).add_fingerprint();
  outgoing_.push_back({std::move(b).take(), source});
  ++counters_.requests_answered;
}

void IceControllingAgent::tick(Clock::time_point now) {
  switch (state_) {
    case State::Checking:
      while (now >= next_check_ && state_ == State::Checking) {
        if (checks_sent_while_checking_ >= options_.max_checks) {
          state_ = State::Failed;
          return;
        }
        send_check(candidates_[next_candidate_], now);
        next_candidate_ = (next_candidate_ + 1) % candidates_.size();
        ++checks_sent_while_checking_;
        next_check_ += options_.check_interval;
        if (next_check_ + options_.check_interval < now) next_check_ = now;  // do not burst after a stall
      }
      return;
    case State::Connected:
      if (now - last_consent_ > options_.consent_timeout) {
        state_ = State::Disconnected;
        return;
      }
      if (now >= next_check_) {
        send_check(*selected_, now);
        next_check_ = now + options_.consent_interval;
      }
      return;
    default:
      return;
  }
}

IceControllingAgent::Clock::time_point IceControllingAgent::next_timeout(Clock::time_point now) const {
  switch (state_) {
    case State::Checking:
      return std::max(now, next_check_);
    case State::Connected:
      return std::max(now,
                      std::min(next_check_, last_consent_ + options_.consent_timeout + std::chrono::milliseconds(1)));
    default:
      return now + std::chrono::hours(1);
  }
}

std::vector<IceControllingAgent::Outgoing> IceControllingAgent::take_outgoing() {
  return std::exchange(outgoing_, {});
}

}  // namespace parley::media::client
