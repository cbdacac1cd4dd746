// CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial 0xEDB88320), as used by the STUN FINGERPRINT.
#pragma once

#include <cstdint>
#include <span>

namespace parley::media::crypto {

// Continues a running CRC: pass the previous result to checksum a message in pieces.
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t previous = 0);

}  // namespace parley::media::crypto
