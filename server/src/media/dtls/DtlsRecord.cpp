#include "media/dtls/DtlsRecord.hpp"

#include "media/common/ByteOrder.hpp"

namespace parley::media::dtls {

std::optional<DtlsRecord> parse_dtls_record(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kDtlsRecordHeaderSize) return std::nullopt;
  DtlsRecord r;
  r.content_type = bytes[0];
  r.version = load_be16(bytes.data() + 1);
  // RFC 7983: DTLS occupies first bytes 20..63; every DTLS version has major byte 0xFE.
  if (r.content_type < 20 || r.content_type > 63 || (r.version >> 8) != 0xFE) return std::nullopt;
  r.epoch = load_be16(bytes.data() + 3);
  r.sequence_number = load_be48(bytes.data() + 5);
  const std::size_t length = load_be16(bytes.data() + 11);
  if (kDtlsRecordHeaderSize + length > bytes.size()) return std::nullopt;
  r.fragment = bytes.subspan(kDtlsRecordHeaderSize, length);
  r.bytes = bytes.first(kDtlsRecordHeaderSize + length);
  return r;
}

std::optional<DtlsRecord> DtlsRecordReader::next() {
  if (rest_.empty() || malformed_) return std::nullopt;
  auto record = parse_dtls_record(rest_);
  if (!record) {
    malformed_ = true;
    return std::nullopt;
  }
  rest_ = rest_.subspan(record->bytes.size());
  return record;
}

bool is_dtls_datagram(std::span<const std::uint8_t> datagram) {
  DtlsRecordReader reader(datagram);
  std::size_t count = 0;
  while (reader.next()) ++count;
  return count > 0 && !reader.malformed();
}

std::optional<DtlsHandshakeFragment> parse_dtls_handshake(const DtlsRecord& record) {
  if (record.content_type != content_type::kHandshake || record.epoch != 0) return std::nullopt;
  const auto f = record.fragment;
  if (f.size() < kDtlsHandshakeHeaderSize) return std::nullopt;
  DtlsHandshakeFragment h;
  h.message_type = f[0];
  h.message_length = load_be24(f.data() + 1);
  h.message_sequence = load_be16(f.data() + 4);
  h.fragment_offset = load_be24(f.data() + 6);
  const std::size_t fragment_length = load_be24(f.data() + 9);
  if (kDtlsHandshakeHeaderSize + fragment_length > f.size()) return std::nullopt;
  if (std::size_t{h.fragment_offset} + fragment_length > h.message_length) return std::nullopt;
  h.fragment = f.subspan(kDtlsHandshakeHeaderSize, fragment_length);
  return h;
}

}  // namespace parley::media::dtls
