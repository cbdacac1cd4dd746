#include "realtime/SocketIoPacket.hpp"

namespace parley::realtime::socketio {

namespace {

using json = nlohmann::json;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool payload_fits(PacketType type, const json& data, bool present) {
  switch (type) {
    case PacketType::connect:
      return !present || data.is_object();
    case PacketType::disconnect:
      return !present;
    case PacketType::event:
    case PacketType::binary_event:
      return present && data.is_array() && !data.empty() && data.front().is_string();
    case PacketType::ack:
    case PacketType::binary_ack:
      return present && data.is_array();
    case PacketType::connect_error:
      return present && (data.is_object() || data.is_string());
  }
  return false;
}

bool is_binary_type(PacketType t) {
  return t == PacketType::binary_event || t == PacketType::binary_ack;
}

// Replaces json binary values with placeholders, moving their bytes into `out`.
void extract_binary(json& node, std::vector<std::string>& out) {
  if (node.is_binary()) {
    const auto& bytes = node.get_binary();
    out.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    node = json{{"_placeholder", true}, {"num", out.size() - 1}};
  } else if (node.is_array()) {
    for (auto& child : node) extract_binary(child, out);
  } else if (node.is_object()) {
    for (auto& [key, child] : node.items()) extract_binary(child, out);
  }
}

bool has_binary(const json& node) {
  if (node.is_binary()) return true;
  if (node.is_array() || node.is_object()) {
    for (const auto& child : node) {
      if (has_binary(child)) return true;
    }
  }
  return false;
}

bool insert_binary(json& node, std::vector<std::string>& buffers, std::size_t depth) {
  if (depth > 64) return false;
  if (node.is_object()) {
    const auto placeholder = node.find("_placeholder");
    if (placeholder != node.end() && placeholder->is_boolean() && placeholder->get<bool>()) {
      const auto num = node.find("num");
      if (num == node.end() || !num->is_number_unsigned()) return false;
      const auto index = num->get<std::uint64_t>();
      if (index >= buffers.size()) return false;
      const auto& bytes = buffers[index];
      node = json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      return true;
    }
    for (auto& [key, child] : node.items()) {
      if (!insert_binary(child, buffers, depth + 1)) return false;
    }
  } else if (node.is_array()) {
    for (auto& child : node) {
      if (!insert_binary(child, buffers, depth + 1)) return false;
    }
  }
  return true;
}

}  // namespace

std::size_t json_depth(std::string_view text, std::size_t cap) {
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > cap) return max_depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

std::optional<Packet> decode(std::string_view text, const DecodeLimits& limits) {
  if (text.empty() || text.front() < '0' || text.front() > '6') return std::nullopt;
  Packet packet;
  packet.type = static_cast<PacketType>(text.front() - '0');
  std::size_t pos = 1;

  if (is_binary_type(packet.type)) {
    std::size_t count = 0, digits = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      count = count * 10 + std::size_t(text[pos] - '0');
      if (++digits > 6 || count > limits.max_attachments) return std::nullopt;
      ++pos;
    }
    if (digits == 0 || pos >= text.size() || text[pos] != '-') return std::nullopt;
    ++pos;
    packet.attachments = count;
  }

  if (pos < text.size() && text[pos] == '/') {
    const auto comma = text.find(',', pos);
    if (comma == std::string_view::npos) {
      packet.nsp = std::string(text.substr(pos));
      pos = text.size();
    } else {
      packet.nsp = std::string(text.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }

  if (pos < text.size() && is_digit(text[pos])) {
    std::uint64_t id = 0;
    std::size_t digits = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (++digits > 15) return std::nullopt;  // beyond JavaScript's safe integers
      id = id * 10 + std::uint64_t(text[pos] - '0');
      ++pos;
    }
    packet.id = id;
  }

  const auto rest = text.substr(pos);
  const bool present = !rest.empty();
  if (present) {
    if (json_depth(rest, limits.max_json_depth) > limits.max_json_depth) return std::nullopt;
    packet.data = json::parse(rest, nullptr, /*allow_exceptions=*/false);
    if (packet.data.is_discarded()) return std::nullopt;
  }
  if (!payload_fits(packet.type, packet.data, present)) return std::nullopt;
  // Acks need an id; connect, disconnect and connect_error never carry one.
  if ((packet.type == PacketType::ack || packet.type == PacketType::binary_ack) && !packet.id) return std::nullopt;
  if ((packet.type == PacketType::connect || packet.type == PacketType::disconnect ||
       packet.type == PacketType::connect_error) &&
      packet.id) {
    return std::nullopt;
  }
  return packet;
}

BinaryAssembler::BinaryAssembler(Packet header) : header_(std::move(header)) {
  buffers_.reserve(header_.attachments);
}

bool BinaryAssembler::add(std::string bytes) {
  if (!complete()) buffers_.push_back(std::move(bytes));
  return complete();
}

std::optional<Packet> BinaryAssembler::finish() {
  if (!complete()) return std::nullopt;
  Packet packet = std::move(header_);
  try {
    if (!insert_binary(packet.data, buffers_, 0)) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  packet.type = packet.type == PacketType::binary_ack ? PacketType::ack : PacketType::event;
  packet.attachments = 0;
  buffers_.clear();
  return packet;
}

Encoded encode(const Packet& packet) {
  Encoded out;
  PacketType type = packet.type;
  const json* data = &packet.data;
  json stripped;
  if ((type == PacketType::event || type == PacketType::ack || is_binary_type(type)) && has_binary(packet.data)) {
    stripped = packet.data;
    extract_binary(stripped, out.attachments);
    data = &stripped;
    type =
        (type == PacketType::ack || type == PacketType::binary_ack) ? PacketType::binary_ack : PacketType::binary_event;
  } else if (is_binary_type(type)) {
    type = type == PacketType::binary_ack ? PacketType::ack : PacketType::event;
  }
  std::string& text = out.text;
  text += static_cast<char>('0' + static_cast<int>(type));
  if (is_binary_type(type)) {
    text += std::to_string(out.attachments.size());
    text += '-';
  }
  if (!packet.nsp.empty() && packet.nsp != "/") {
    text += packet.nsp;
    text += ',';
  }
  if (packet.id) text += std::to_string(*packet.id);
  if (!data->is_null()) text += data->dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

Packet make_event(std::string event, nlohmann::json args, std::optional<std::uint64_t> id) {
  Packet p;
  p.type = PacketType::event;
  p.id = id;
  json data = json::array();
  data.push_back(std::move(event));
  if (args.is_array()) {
    for (auto& a : args) data.push_back(std::move(a));
  } else if (!args.is_null()) {
    data.push_back(std::move(args));
  }
  p.data = std::move(data);
  return p;
}

Packet make_ack(std::uint64_t id, nlohmann::json args) {
  Packet p;
  p.type = PacketType::ack;
  p.id = id;
  if (args.is_array()) {
    p.data = std::move(args);
  } else {
    p.data = json::array();
    if (!args.is_null()) p.data.push_back(std::move(args));
  }
  return p;
}

Packet make_connect(std::string sid) {
  Packet p;
  p.type = PacketType::connect;
  p.data = json{{"sid", std::move(sid)}};
  return p;
}

Packet make_connect_error(std::string nsp, std::string message, nlohmann::json data) {
  Packet p;
  p.type = PacketType::connect_error;
  p.nsp = std::move(nsp);
  p.data = json{{"message", std::move(message)}};
  if (!data.is_null()) p.data["data"] = std::move(data);
  return p;
}

Packet make_disconnect() {
  Packet p;
  p.type = PacketType::disconnect;
  return p;
}

}  // namespace parley::realtime::socketio
