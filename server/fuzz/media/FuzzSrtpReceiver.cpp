// Fuzzes SrtpReceiver (the SFU's SRTP decryption of publishers' RTP) with arbitrary datagrams for
// both profiles: header parsing, ROC estimate and replay checks must hold for any input, and nothing
// that fails authentication may be accepted (forging is not expected from a fuzzer).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "media/sfu/SrtpReceiver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media;
  static const std::vector<std::uint8_t> key(30, 0x5A);
  static auto gcm = sfu::SrtpReceiver::create(srtp::SrtpProfile::AeadAes128Gcm, std::span(key.data(), 28));
  static auto cm = sfu::SrtpReceiver::create(srtp::SrtpProfile::Aes128CmHmacSha1_80, key);
  if (!gcm || !cm) __builtin_trap();
  std::vector<std::uint8_t> copy(data, data + size);
  if (gcm->unprotect_rtp(copy)) __builtin_trap();
  copy.assign(data, data + size);
  if (cm->unprotect_rtp(copy)) __builtin_trap();
  return 0;
}
