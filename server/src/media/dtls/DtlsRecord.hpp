// DTLS record-layer framing (RFC 6347 section 4.1) and the plaintext handshake header
// (section 4.2.2). Views only: nothing is decrypted, allocated or thrown.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace parley::media::dtls {

inline constexpr std::size_t kDtlsRecordHeaderSize = 13;
inline constexpr std::size_t kDtlsHandshakeHeaderSize = 12;

namespace content_type {
inline constexpr std::uint8_t kChangeCipherSpec = 20;
inline constexpr std::uint8_t kAlert = 21;
inline constexpr std::uint8_t kHandshake = 22;
inline constexpr std::uint8_t kApplicationData = 23;
}  // namespace content_type

namespace handshake_type {
inline constexpr std::uint8_t kClientHello = 1;
inline constexpr std::uint8_t kServerHello = 2;
inline constexpr std::uint8_t kHelloVerifyRequest = 3;
inline constexpr std::uint8_t kCertificate = 11;
inline constexpr std::uint8_t kFinished = 20;
}  // namespace handshake_type

struct DtlsRecord {
  std::uint8_t content_type = 0;
  std::uint16_t version = 0;  // 0xFEFF DTLS 1.0, 0xFEFD DTLS 1.2
  std::uint16_t epoch = 0;
  std::uint64_t sequence_number = 0;  // 48 bits
  std::span<const std::uint8_t> fragment;
  std::span<const std::uint8_t> bytes;  // header and fragment
};

// The record at the start of `bytes`; nullopt if the header is invalid or the length overruns.
std::optional<DtlsRecord> parse_dtls_record(std::span<const std::uint8_t> bytes);

// Iterates over the records of one datagram.
class DtlsRecordReader {
 public:
  explicit DtlsRecordReader(std::span<const std::uint8_t> datagram) : rest_(datagram) {}
  std::optional<DtlsRecord> next();
  bool malformed() const { return malformed_; }

 private:
  std::span<const std::uint8_t> rest_;
  bool malformed_ = false;
};

// True if every byte of the datagram belongs to a well-formed record (at least one).
bool is_dtls_datagram(std::span<const std::uint8_t> datagram);

struct DtlsHandshakeFragment {
  std::uint8_t message_type = 0;
  std::uint32_t message_length = 0;  // 24 bits
  std::uint16_t message_sequence = 0;
  std::uint32_t fragment_offset = 0;  // 24 bits
  std::span<const std::uint8_t> fragment;
};

// Parses a plaintext (epoch 0) handshake record's first fragment.
std::optional<DtlsHandshakeFragment> parse_dtls_handshake(const DtlsRecord& record);

}  // namespace parley::media::dtls
