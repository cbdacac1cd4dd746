// Per-packet cost of SRTP protection on this machine, for the profile the SFU negotiates (AES-GCM)
// and AES-CM-HMAC-SHA1-80, through our SrtpSession (libsrtp2 as Debian builds it), beside the same
// AES-128-GCM work done directly with OpenSSL's EVP API. Thread CPU time per packet.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace parley::bench::sfu {

struct CryptoCost {
  std::string name;
  double ns_per_packet = 0;
  std::size_t packets = 0;
};

std::vector<CryptoCost> measure_crypto_cost(std::size_t packet_size, std::chrono::milliseconds per_case);

}  // namespace parley::bench::sfu
