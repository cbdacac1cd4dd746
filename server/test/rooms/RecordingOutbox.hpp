#pragma once
// An Outbox that records what the meeting state sends, for assertions.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rooms/Outbox.hpp"

namespace parley::rooms::testing {

struct Sent {
  std::string socket_id;
  std::string event;
  nlohmann::json args;
};

class RecordingOutbox final : public Outbox {
 public:
  void send(const std::string& socket_id, const std::string& event, nlohmann::json args) override {
    sent.push_back({socket_id, event, std::move(args)});
  }
  std::vector<Sent> to(const std::string& socket_id) const {
    std::vector<Sent> out;
    for (const auto& s : sent)
      if (s.socket_id == socket_id) out.push_back(s);
    return out;
  }
  std::vector<Sent> named(const std::string& event) const {
    std::vector<Sent> out;
    for (const auto& s : sent)
      if (s.event == event) out.push_back(s);
    return out;
  }
  void clear() { sent.clear(); }
  std::vector<Sent> sent;
};

}  // namespace parley::rooms::testing
