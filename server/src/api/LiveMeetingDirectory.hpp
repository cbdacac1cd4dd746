#pragma once
// What the REST API needs from meetings in progress (implemented by rooms/): the live participant count
// for GET /api/v1/meetings/{code}, and ending a meeting when its host DELETEs it (disconnect everyone).
// Called from I/O threads: implementations must not block.
#include <cstddef>
#include <string>

namespace parley::api {

class LiveMeetingDirectory {
 public:
  virtual ~LiveMeetingDirectory() = default;
  virtual std::size_t participant_count(const std::string& code) const = 0;
  virtual void end_meeting(const std::string& code) = 0;
};

// Until rooms/ provides one: nobody is ever connected.
class NoLiveMeetings final : public LiveMeetingDirectory {
 public:
  std::size_t participant_count(const std::string&) const override { return 0; }
  void end_meeting(const std::string&) override {}
};

}  // namespace parley::api
