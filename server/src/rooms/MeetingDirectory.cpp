#include "rooms/MeetingDirectory.hpp"

#include "core/Error.hpp"

namespace parley::rooms {

std::shared_ptr<LiveMeeting> MeetingDirectory::find(const std::string& code) const {
  std::lock_guard lock(mutex_);
  auto it = meetings_.find(code);
  return it == meetings_.end() ? nullptr : it->second;
}

std::shared_ptr<LiveMeeting> MeetingDirectory::find_or_create(const MeetingInfo& info) {
  std::lock_guard lock(mutex_);
  auto& slot = meetings_[info.code];
  if (!slot) slot = std::make_shared<LiveMeeting>(info, limits_, out_, sfu_, ice_);
  return slot;
}

std::vector<std::shared_ptr<LiveMeeting>> MeetingDirectory::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<LiveMeeting>> out;
  out.reserve(meetings_.size());
  for (const auto& [code, live] : meetings_) out.push_back(live);
  return out;
}

std::optional<MeetingDirectory::Binding> MeetingDirectory::binding(const std::string& socket_id) const {
  std::lock_guard lock(mutex_);
  auto it = bindings_.find(socket_id);
  if (it == bindings_.end()) return std::nullopt;
  return it->second;
}

std::pair<std::shared_ptr<LiveMeeting>, std::string> MeetingDirectory::bound(const std::string& socket_id) const {
  std::lock_guard lock(mutex_);
  auto it = bindings_.find(socket_id);
  auto m = it == bindings_.end() ? meetings_.end() : meetings_.find(it->second.code);
  if (m == meetings_.end()) throw core::Error(core::ErrorKind::forbidden, "not_joined", "Join the meeting first.");
  return {m->second, it->second.id};
}

void MeetingDirectory::bind(const std::string& socket_id, Binding binding) {
  std::lock_guard lock(mutex_);
  bindings_[socket_id] = std::move(binding);
}

void MeetingDirectory::unbind(const std::string& socket_id) {
  std::lock_guard lock(mutex_);
  bindings_.erase(socket_id);
}

void MeetingDirectory::unbind_participant(const std::string& code, const std::string& id) {
  std::lock_guard lock(mutex_);
  for (auto it = bindings_.begin(); it != bindings_.end();)
    it = (it->second.code == code && it->second.id == id) ? bindings_.erase(it) : std::next(it);
}

void MeetingDirectory::forget_locked(LiveMeeting& live, bool unbind_all) {
  live.closed = true;
  const std::string& code = live.meeting.info().code;
  std::lock_guard lock(mutex_);
  if (auto it = meetings_.find(code); it != meetings_.end() && it->second.get() == &live) meetings_.erase(it);
  if (!unbind_all) return;
  for (auto it = bindings_.begin(); it != bindings_.end();)
    it = it->second.code == code ? bindings_.erase(it) : std::next(it);
}

void MeetingDirectory::clear() {
  std::lock_guard lock(mutex_);
  meetings_.clear();
  bindings_.clear();
}

std::size_t MeetingDirectory::meeting_count() const {
  std::lock_guard lock(mutex_);
  return meetings_.size();
}

std::size_t MeetingDirectory::socket_count() const {
  std::lock_guard lock(mutex_);
  return bindings_.size();
}

}  // namespace parley::rooms
