#pragma once
#include <functional>

#include "core/Metrics.hpp"
#include "media/sfu/SfuService.hpp"

namespace parley::app {

// Registers the SFU's counters (SfuStats; media/ knows nothing of metrics) as parley_sfu_* metrics and
// returns the refresh that copies one stats() snapshot into them: run it before every scrape.
std::function<void()> add_sfu_metrics(core::MetricsRegistry& metrics, const media::sfu::SfuService& sfu);

}  // namespace parley::app
