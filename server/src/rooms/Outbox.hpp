#pragma once
// Where meeting state sends its events: one event to one socket. The realtime adapter forwards to the
// socket server; tests record the calls. Must not block.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parley::rooms {

class Outbox {
 public:
  virtual ~Outbox() = default;
  // `args` is the event's argument list (a JSON array).
  virtual void send(const std::string& socket_id, const std::string& event, nlohmann::json args) = 0;
  // The same event to several sockets. The realtime adapter encodes it once for all of them (a room
  // of 50 otherwise serialized the same packet 50 times); the default sends one by one.
  virtual void send_to_each(const std::vector<std::string>& socket_ids, const std::string& event,
                            const nlohmann::json& args) {
    for (const auto& id : socket_ids) send(id, event, args);
  }
  // Ends the socket's connection (e.g. after host:remove). Default: nothing.
  virtual void disconnect(const std::string& socket_id, const std::string& reason) {}
};

}  // namespace parley::rooms
