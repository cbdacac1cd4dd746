#pragma once
// Test-only behaviour for the conformance tests (never registered in production: only when
// PARLEY_REALTIME_TEST_HOOKS=1). It takes only sockets whose CONNECT auth has a "__test" key and
// only events named "test:*", so it cannot clash with the app's handlers. See docs/PROTOCOL.md.
#include <memory>

namespace parley::realtime {

class SocketHub;
void install_test_hooks(const std::shared_ptr<SocketHub>& hub);

}  // namespace parley::realtime
