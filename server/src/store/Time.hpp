#pragma once
// Both engines store times as milliseconds since the Unix epoch (UTC).
#include <chrono>
#include <cstdint>

#include "store/Store.hpp"

namespace parley::store {

inline std::int64_t to_millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_millis(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace parley::store
