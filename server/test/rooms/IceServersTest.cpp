#include "rooms/IceServers.hpp"

#include <gtest/gtest.h>

namespace parley::rooms {
namespace {

TEST(IceServers, StunOnlyAndStunPlusTurnWithACredential) {
  ConfiguredIceServers stun({"stun:h:3478"}, {}, {});
  EXPECT_EQ(stun.ice_servers("p", false), nlohmann::json::parse(R"([{"urls":["stun:h:3478"]}])"));
  ConfiguredIceServers both({"stun:h:3478"}, {"turn:h:3478?transport=udp"}, [](const std::string& id) {
    return TurnCredential{"123:" + id, "secret"};
  });
  auto list = both.ice_servers("p1", false);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["username"], "123:p1");
  EXPECT_EQ(list[1]["credential"], "secret");
  EXPECT_TRUE(ConfiguredIceServers({}, {}, {}).ice_servers("p", false).empty());
}

TEST(IceServers, ParleysOwnStunIsForMeshConnectionsOnlyNotForTheSfuOnTheSamePort) {
  ConfiguredIceServers ice({"stun:elsewhere:3478"}, {"turn:h:3478"}, {}, "stun:203.0.113.5:3478");
  EXPECT_EQ(
      ice.ice_servers("p", false),
      nlohmann::json::parse(R"([{"urls":["stun:elsewhere:3478","stun:203.0.113.5:3478"]},{"urls":["turn:h:3478"]}])"));
  EXPECT_EQ(ice.ice_servers("p", true),
            nlohmann::json::parse(R"([{"urls":["stun:elsewhere:3478"]},{"urls":["turn:h:3478"]}])"));
  EXPECT_TRUE(ConfiguredIceServers({}, {}, {}, "stun:203.0.113.5:3478").ice_servers("p", true).empty());
}

TEST(IceServers, OwnStunUriPrefersThePublicIpThenThePublicUrlHost) {
  EXPECT_EQ(own_stun_uri("203.0.113.5", "https://meet.example.com/", "0.0.0.0", 3478), "stun:203.0.113.5:3478");
  EXPECT_EQ(own_stun_uri("", "https://meet.example.com:8443/", "0.0.0.0", 3478), "stun:meet.example.com:3478");
  EXPECT_EQ(own_stun_uri("", "", "127.0.0.1", 3478), "stun:127.0.0.1:3478");
  EXPECT_EQ(own_stun_uri("", "", "0.0.0.0", 3478), "");
  EXPECT_EQ(own_stun_uri("", "", "::1", 3478), "stun:[::1]:3478");
  EXPECT_EQ(own_stun_uri("1.2.3.4", "", "", 0), "");
}

}  // namespace
}  // namespace parley::rooms
