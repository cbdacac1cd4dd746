// Routes datagrams arriving on the shared media port to transports (RFC 7983 first-byte demux):
//  - STUN with USERNAME "<our ufrag>:<theirs>" goes to the transport with that local ufrag; once it
//    validates the check, the source 5-tuple is remembered for that transport;
//  - STUN without USERNAME is a plain Binding request: answered like a STUN server (if enabled);
//  - everything else goes to the transport that owns the 5-tuple, or is dropped and counted.
// Single-threaded (the socket's thread); the maps are the only lookup on the packet path.
#pragma once

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>

#include "media/sfu/SfuCounters.hpp"

namespace parley::media::sfu {

using Endpoint = boost::asio::ip::udp::endpoint;
using Clock = std::chrono::steady_clock;

class DemuxTarget {
 public:
  virtual ~DemuxTarget() = default;
  // Returns true if the datagram was a STUN check that validated `source` for this target.
  virtual bool on_datagram(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) = 0;
};

struct EndpointKey {
  std::array<std::uint8_t, 16> address{};
  std::uint16_t port = 0;
  bool v6 = false;
  static EndpointKey from(const Endpoint& endpoint);
  bool operator==(const EndpointKey&) const = default;
};

struct EndpointKeyHash {
  std::size_t operator()(const EndpointKey& key) const noexcept;
};

class TransportDemuxer {
 public:
  static constexpr std::size_t kMaxAddressesPerTarget = 16;

  using Reply = std::function<void(std::span<const std::uint8_t>, const Endpoint&)>;

  TransportDemuxer(SfuCounters& counters, bool stun_server, Reply reply)
      : counters_(counters), stun_server_(stun_server), reply_(std::move(reply)) {}

  void add_ufrag(const std::string& ufrag, DemuxTarget* target);
  void remove_ufrag(const std::string& ufrag);
  void remove(DemuxTarget* target);  // every route to it
  std::size_t routes() const { return by_address_.size(); }

  void on_datagram(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);

 private:
  void on_stun(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);
  void learn(const EndpointKey& key, DemuxTarget* target);

  SfuCounters& counters_;
  bool stun_server_;
  Reply reply_;
  std::unordered_map<std::string, DemuxTarget*> by_ufrag_;
  std::unordered_map<EndpointKey, DemuxTarget*, EndpointKeyHash> by_address_;
  std::unordered_map<DemuxTarget*, std::size_t> addresses_;  // routes per target
};

}  // namespace parley::media::sfu
