#pragma once
// Socket.IO v5 packets, carried in Engine.IO message packets:
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
// Binary values travel as separate Engine.IO binary messages ("attachments") after a BINARY_EVENT or
// BINARY_ACK header whose payload holds {"_placeholder":true,"num":i} where each one was. Pure
// functions: bad input gives nullopt, never an exception.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::realtime::socketio {

enum class PacketType : int {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

struct Packet {
  PacketType type = PacketType::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;
  nlohmann::json data;          // null when the packet has no payload
  std::size_t attachments = 0;  // binary packets only: how many binary messages follow
};

struct DecodeLimits {
  std::size_t max_attachments = 64;
  std::size_t max_json_depth = 32;
};

// Decodes one text Engine.IO message. The payload is checked for its type: CONNECT an object or
// nothing; DISCONNECT nothing; EVENT a non-empty array starting with a string; ACK an array;
// CONNECT_ERROR an object or a string. Binary packets keep their placeholders (see BinaryAssembler).
std::optional<Packet> decode(std::string_view text, const DecodeLimits& limits = {});

// Collects the attachments of a binary packet and puts them where the placeholders were.
class BinaryAssembler {
 public:
  explicit BinaryAssembler(Packet header);
  // True once every attachment has arrived.
  bool add(std::string bytes);
  bool complete() const noexcept { return buffers_.size() == header_.attachments; }
  // The packet with json binary values in place of placeholders (type EVENT or ACK); nullopt when a
  // placeholder is malformed or points past the attachments.
  std::optional<Packet> finish();

 private:
  Packet header_;
  std::vector<std::string> buffers_;
};

struct Encoded {
  std::string text;                      // the Engine.IO message
  std::vector<std::string> attachments;  // binary Engine.IO messages that follow it
};

// Encodes a packet; json binary values anywhere in `data` become attachments (and EVENT/ACK become
// BINARY_EVENT/BINARY_ACK). Strings that are not valid UTF-8 are sent with U+FFFD replacements.
Encoded encode(const Packet& packet);

// Shortcuts for the packets the server sends.
Packet make_event(std::string event, nlohmann::json args, std::optional<std::uint64_t> id = std::nullopt);
Packet make_ack(std::uint64_t id, nlohmann::json args);
Packet make_connect(std::string sid);
Packet make_connect_error(std::string nsp, std::string message, nlohmann::json data = nullptr);
Packet make_disconnect();

// Max nesting of arrays/objects in `text` (a JSON document); stops counting past `cap`.
std::size_t json_depth(std::string_view text, std::size_t cap);

}  // namespace parley::realtime::socketio
