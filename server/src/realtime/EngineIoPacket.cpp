#include "realtime/EngineIoPacket.hpp"

#include "realtime/Base64.hpp"

namespace parley::realtime::engineio {

std::optional<Packet> decode_text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const char head = text.front();
  if (head == 'b') {
    auto bytes = base64_decode(text.substr(1));
    if (!bytes) return std::nullopt;
    return Packet{PacketType::message, std::move(*bytes), true};
  }
  if (head < '0' || head > '6') return std::nullopt;
  return Packet{static_cast<PacketType>(head), std::string(text.substr(1)), false};
}

Packet decode_binary(std::string_view bytes) {
  return Packet{PacketType::message, std::string(bytes), true};
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets) {
  std::vector<Packet> packets;
  while (true) {
    if (packets.size() >= max_packets) return std::nullopt;
    const auto end = body.find(kRecordSeparator);
    auto packet = decode_text(body.substr(0, end));
    if (!packet) return std::nullopt;
    packets.push_back(std::move(*packet));
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return packets;
}

std::string encode_text(const Packet& packet) {
  std::string out;
  out.reserve(packet.data.size() + 1);
  out += static_cast<char>(packet.type);
  out += packet.data;
  return out;
}

std::string encode_record(const Packet& packet) {
  if (packet.binary) return "b" + base64_encode(packet.data);
  return encode_text(packet);
}

void append_record(std::string& body, const Packet& packet) {
  if (!body.empty()) body += kRecordSeparator;
  if (packet.binary) {
    body += 'b';
    body += base64_encode(packet.data);
  } else {
    body += static_cast<char>(packet.type);
    body += packet.data;
  }
}

}  // namespace parley::realtime::engineio
