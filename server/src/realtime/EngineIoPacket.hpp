#pragma once
// Engine.IO v4 packets: one type digit and a payload. On WebSocket each packet is one message (a
// binary message is a binary "message" packet); on long polling several packets travel in one HTTP
// body separated by the record separator 0x1e, binary ones as 'b' + base64. Pure functions: bad
// bytes give nullopt, never an exception.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::realtime::engineio {

enum class PacketType : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6'
};

inline constexpr char kRecordSeparator = '\x1e';

struct Packet {
  PacketType type = PacketType::noop;
  std::string data;
  bool binary = false;  // only for message packets

  bool operator==(const Packet&) const = default;
};

// A WebSocket text message or one polling record ("4hello", "2probe", "bAQID" -> binary).
std::optional<Packet> decode_text(std::string_view text);
// A WebSocket binary message: always a binary message packet.
Packet decode_binary(std::string_view bytes);
// A polling POST body: at most max_packets records, each valid, none empty.
std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets = 1024);

// As a WebSocket text message (binary packets must be sent as binary messages with their raw data).
std::string encode_text(const Packet& packet);
// As one polling record (binary packets become 'b' + base64).
std::string encode_record(const Packet& packet);
// Appends one record to a polling body, with the separator if the body is not empty.
void append_record(std::string& body, const Packet& packet);

}  // namespace parley::realtime::engineio
