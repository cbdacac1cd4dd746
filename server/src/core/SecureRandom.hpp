#pragma once
// Randomness from the operating system's CSPRNG (OpenSSL RAND_bytes), for tokens, codes and ids.
#include <cstddef>
#include <string>
#include <vector>

namespace parley::core {

std::vector<unsigned char> secure_random_bytes(std::size_t count);
std::string secure_random_hex(std::size_t bytes);
// Uniform in [0, bound) without modulo bias.
std::uint32_t secure_random_below(std::uint32_t bound);

}  // namespace parley::core
