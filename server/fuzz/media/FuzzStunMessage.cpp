// Fuzzes STUN parsing and every accessor, plus integrity/fingerprint verification.
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/ice/StunMessage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::ice;
  const std::span<const std::uint8_t> bytes(data, size);
  StunMessage::looks_like_stun(bytes);
  auto m = StunMessage::parse(bytes);
  if (!m) return 0;
  m->username();
  m->realm();
  m->nonce();
  m->software();
  m->priority();
  m->use_candidate();
  m->ice_controlling();
  m->ice_controlled();
  m->error_code();
  m->xor_mapped_address();
  m->mapped_address();
  std::uint16_t unknown[8];
  m->unknown_comprehension_required(unknown);
  static const std::uint8_t kKey[] = {'k', 'e', 'y'};
  m->verify_message_integrity(kKey);
  m->verify_fingerprint();
  return 0;
}
