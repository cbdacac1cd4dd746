#include <gtest/gtest.h>

#include "KernelUdpStats.hpp"

namespace parley::bench::sfu {
namespace {

TEST(KernelUdpStats, ParsesTheUdpLinesOfNetSnmp) {
  const char* text =
      "Tcp: RtoAlgorithm RtoMin\nTcp: 1 200\n"
      "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
      "Udp: 1000 2 30 900 25 5 0 0 0\n"
      "UdpLite: InDatagrams NoPorts\nUdpLite: 0 0\n";
  auto s = parse_net_snmp_udp(text);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->in_datagrams, 1000U);
  EXPECT_EQ(s->out_datagrams, 900U);
  EXPECT_EQ(s->receive_buffer_errors, 25U);
  EXPECT_EQ(s->send_buffer_errors, 5U);
  EXPECT_FALSE(parse_net_snmp_udp("Udp: InDatagrams NoPorts\nUdp: 1\n"));
  EXPECT_FALSE(parse_net_snmp_udp(""));
  EXPECT_TRUE(parse_net_snmp_udp(std::string_view("Udp: A\nUdp: 1\n")));
}

}  // namespace
}  // namespace parley::bench::sfu
