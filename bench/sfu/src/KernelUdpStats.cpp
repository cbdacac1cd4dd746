#include "KernelUdpStats.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace parley::bench::sfu {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

// Two "Udp:" lines: the field names, then the values.
std::optional<KernelUdpStats> parse_net_snmp_udp(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Udp: ", 0) != 0) continue;
    if (names.empty()) {
      names = words(line);
      continue;
    }
    const auto values = words(line);
    if (values.size() != names.size()) return std::nullopt;
    KernelUdpStats s;
    for (std::size_t i = 1; i < names.size(); ++i) {
      std::uint64_t v = 0;
      try {
        v = std::stoull(values[i]);
      } catch (...) {
        return std::nullopt;
      }
      if (names[i] == "InDatagrams") s.in_datagrams = v;
      if (names[i] == "OutDatagrams") s.out_datagrams = v;
      if (names[i] == "RcvbufErrors") s.receive_buffer_errors = v;
      if (names[i] == "SndbufErrors") s.send_buffer_errors = v;
    }
    return s;
  }
  return std::nullopt;
}

KernelUdpStats kernel_udp_stats() {
  std::ifstream in("/proc/net/snmp");
  std::stringstream text;
  text << in.rdbuf();
  return parse_net_snmp_udp(text.str()).value_or(KernelUdpStats{});
}

}  // namespace parley::bench::sfu
