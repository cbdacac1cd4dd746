#pragma once
// Engine.IO v4 / Socket.IO v5 text frames as the load generator reads and writes them over WebSocket.
// Deliberately minimal: the generator never builds a JSON tree on the hot path, it looks at the packet
// type, the ack id and (for latency) a timestamp stamped into the payload. Pure functions, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::bench::wire {

enum class Kind {
  open,           // Engine.IO "0{sid,pingInterval,...}"
  close,          // Engine.IO "1"
  ping,           // Engine.IO "2" (the server pings; answer "3")
  pong,           // Engine.IO "3"
  noop,           // Engine.IO "6"
  connect,        // Socket.IO "40{sid}"
  connect_error,  // Socket.IO "44{message,data}"
  disconnect,     // Socket.IO "41"
  event,          // Socket.IO "42[<id>]["name",...]"
  ack,            // Socket.IO "43<id>[...]"
  other,          // binary packets, other namespaces, upgrade...
};

struct Packet {
  Kind kind = Kind::other;
  std::optional<std::uint64_t> ack_id;
  std::string_view body;  // the JSON text after the type and ack id (may be empty)
};

// Classifies one WebSocket text frame. nullopt for an empty or malformed frame.
std::optional<Packet> parse(std::string_view frame);

// "40" or "40<auth json>".
std::string encode_connect(std::string_view auth_json);
// "42[<ack id>]<args json>": args_json is the whole array, event name first.
std::string encode_event(std::string_view args_json, std::optional<std::uint64_t> ack_id = std::nullopt);

// The event name of an EVENT body (`["name",...]`), without unescaping (names here are plain ASCII).
std::optional<std::string_view> event_name(std::string_view body);

// A latency stamp written into a payload string ("bench:T<nanoseconds>") and found again in any
// packet that carries it, whatever the event's shape.
std::string stamp(std::uint64_t nanoseconds);
std::optional<std::uint64_t> find_stamp(std::string_view text);

// The first JSON string value following `"key":` in text (no unescaping; for ids and codes).
std::optional<std::string_view> string_field(std::string_view text, std::string_view key);

}  // namespace parley::bench::wire
