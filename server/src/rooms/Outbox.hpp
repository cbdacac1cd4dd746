#pragma once
// Where meeting state sends its events: one event to one socket. The realtime adapter forwards to the
// socket server; tests record the calls. Must not block.
#include <nlohmann/json.hpp>
#include <string>

namespace parley::rooms {

class Outbox {
 public:
  virtual ~Outbox() = default;
  // `args` is the event's argument list (a JSON array).
  virtual void send(const std::string& socket_id, const std::string& event, nlohmann::json args) = 0;
  // Ends the socket's connection (e.g. after host:remove). Default: nothing.
  virtual void disconnect(const std::string& socket_id, const std::string& reason) {}
};

}  // namespace parley::rooms
