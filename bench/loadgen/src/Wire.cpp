#include "Wire.hpp"

#include <charconv>

namespace parley::bench::wire {

namespace {
constexpr std::string_view stamp_prefix = "bench:T";

std::optional<std::uint64_t> leading_number(std::string_view& text) {
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  if (n == 0 || n > 19) return std::nullopt;
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + n, value);
  text.remove_prefix(n);
  return value;
}
}  // namespace

std::optional<Packet> parse(std::string_view frame) {
  if (frame.empty()) return std::nullopt;
  Packet packet;
  switch (frame[0]) {
    case '0':
      packet.kind = Kind::open;
      packet.body = frame.substr(1);
      return packet;
    case '1':
      packet.kind = Kind::close;
      return packet;
    case '2':
      packet.kind = Kind::ping;
      packet.body = frame.substr(1);
      return packet;
    case '3':
      packet.kind = Kind::pong;
      packet.body = frame.substr(1);
      return packet;
    case '6':
      packet.kind = Kind::noop;
      return packet;
    case '4':
      break;
    default:
      packet.kind = Kind::other;
      return packet;
  }
  if (frame.size() < 2) return std::nullopt;
  std::string_view rest = frame.substr(2);
  if (!rest.empty() && rest[0] == '/') {  // a namespace other than "/": not ours
    packet.kind = Kind::other;
    return packet;
  }
  switch (frame[1]) {
    case '0':
      packet.kind = Kind::connect;
      break;
    case '1':
      packet.kind = Kind::disconnect;
      break;
    case '2':
      packet.kind = Kind::event;
      break;
    case '3':
      packet.kind = Kind::ack;
      break;
    case '4':
      packet.kind = Kind::connect_error;
      break;
    default:
      packet.kind = Kind::other;
      packet.body = rest;
      return packet;
  }
  if (packet.kind == Kind::event || packet.kind == Kind::ack) {
    if (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
      packet.ack_id = leading_number(rest);
      if (!packet.ack_id) return std::nullopt;
    } else if (packet.kind == Kind::ack) {
      return std::nullopt;  // an ACK always carries its id
    }
    if (rest.empty() || rest[0] != '[') return std::nullopt;
  }
  packet.body = rest;
  return packet;
}

std::string encode_connect(std::string_view auth_json) {
  std::string out = "40";
  out += auth_json;
  return out;
}

std::string encode_event(std::string_view args_json, std::optional<std::uint64_t> ack_id) {
  std::string out;
  out.reserve(args_json.size() + 24);
  out += "42";
  if (ack_id) out += std::to_string(*ack_id);
  out += args_json;
  return out;
}

std::optional<std::string_view> event_name(std::string_view body) {
  if (body.size() < 3 || body[0] != '[' || body[1] != '"') return std::nullopt;
  const auto end = body.find('"', 2);
  if (end == std::string_view::npos) return std::nullopt;
  return body.substr(2, end - 2);
}

std::string stamp(std::uint64_t nanoseconds) {
  std::string out(stamp_prefix);
  out += std::to_string(nanoseconds);
  return out;
}

std::optional<std::uint64_t> find_stamp(std::string_view text) {
  const auto at = text.find(stamp_prefix);
  if (at == std::string_view::npos) return std::nullopt;
  text.remove_prefix(at + stamp_prefix.size());
  return leading_number(text);
}

std::optional<std::string_view> string_field(std::string_view text, std::string_view key) {
  std::string pattern = "\"";
  pattern += key;
  pattern += "\":";
  auto at = text.find(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  text.remove_prefix(at + pattern.size());
  while (!text.empty() && text[0] == ' ') text.remove_prefix(1);
  if (text.empty() || text[0] != '"') return std::nullopt;
  const auto end = text.find('"', 1);
  if (end == std::string_view::npos) return std::nullopt;
  return text.substr(1, end - 1);
}

}  // namespace parley::bench::wire
