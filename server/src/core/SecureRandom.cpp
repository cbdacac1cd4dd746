#include "core/SecureRandom.hpp"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>

namespace parley::core {

std::vector<unsigned char> secure_random_bytes(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1)
    throw std::runtime_error("the system random generator failed");
  return bytes;
}

std::string secure_random_hex(std::size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : secure_random_bytes(bytes)) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

std::uint32_t secure_random_below(std::uint32_t bound) {
  if (bound == 0) throw std::invalid_argument("bound must be positive");
  const std::uint32_t limit = UINT32_MAX - (UINT32_MAX % bound);
  for (;;) {
    auto bytes = secure_random_bytes(4);
    const std::uint32_t v = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                            (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
    if (v < limit) return v % bound;
  }
}

}  // namespace parley::core
