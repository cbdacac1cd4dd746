// Builds without parley_media_sfu (SfuService not linked yet): only the plain forwarder runs.
#include "Scenario.hpp"

namespace parley::bench::sfu {

std::unique_ptr<Scenario> make_sfu_scenario(const ScenarioOptions&) {
  return nullptr;
}

}  // namespace parley::bench::sfu
