#include "media/sfu/TransportDemuxer.hpp"

#include <cstring>

#include "media/demux/PacketClassifier.hpp"
#include "media/ice/StunBindingResponder.hpp"
#include "media/ice/StunMessage.hpp"

namespace parley::media::sfu {

EndpointKey EndpointKey::from(const Endpoint& endpoint) {
  EndpointKey key;
  key.port = endpoint.port();
  const auto address = endpoint.address();
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    std::memcpy(key.address.data(), bytes.data(), bytes.size());
  } else {
    key.v6 = true;
    const auto bytes = address.to_v6().to_bytes();
    std::memcpy(key.address.data(), bytes.data(), bytes.size());
  }
  return key;
}

std::size_t EndpointKeyHash::operator()(const EndpointKey& key) const noexcept {
  // FNV-1a over address, port and family: cheap and good enough for a table keyed by peers.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 1099511628211ULL; };
  for (auto b : key.address) mix(b);
  mix(static_cast<std::uint8_t>(key.port >> 8));
  mix(static_cast<std::uint8_t>(key.port));
  mix(key.v6 ? 1 : 0);
  return static_cast<std::size_t>(h);
}

void TransportDemuxer::add_ufrag(const std::string& ufrag, DemuxTarget* target) {
  by_ufrag_[ufrag] = target;
}

void TransportDemuxer::remove_ufrag(const std::string& ufrag) {
  by_ufrag_.erase(ufrag);
}

// A peer with valid credentials could validate endless source ports: each target keeps at most
// kMaxAddressesPerTarget routes (the ICE agent remembers no more either); an arbitrary older one
// gives way.
void TransportDemuxer::learn(const EndpointKey& key, DemuxTarget* target) {
  auto [it, inserted] = by_address_.try_emplace(key, target);
  if (!inserted) {
    if (it->second == target) return;
    --addresses_[it->second];
    it->second = target;
  }
  if (++addresses_[target] <= kMaxAddressesPerTarget) return;
  for (auto other = by_address_.begin(); other != by_address_.end(); ++other) {
    if (other->second == target && !(other->first == key)) {
      by_address_.erase(other);
      --addresses_[target];
      return;
    }
  }
}

void TransportDemuxer::remove(DemuxTarget* target) {
  addresses_.erase(target);
  std::erase_if(by_ufrag_, [target](const auto& entry) { return entry.second == target; });
  std::erase_if(by_address_, [target](const auto& entry) { return entry.second == target; });
}

void TransportDemuxer::on_datagram(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) {
  if (demux::classify_packet(datagram) == demux::PacketKind::Stun) {
    on_stun(datagram, source, now);
    return;
  }
  auto it = by_address_.find(EndpointKey::from(source));
  if (it == by_address_.end()) {
    bump(counters_.dropped_unknown_source);
    return;
  }
  it->second->on_datagram(datagram, source, now);
}

void TransportDemuxer::on_stun(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) {
  bump(counters_.stun_requests);
  auto message = ice::StunMessage::parse(datagram);
  if (!message) {
    bump(counters_.dropped_malformed);
    return;
  }
  auto username = message->username();
  if (!username) {
    if (!stun_server_) {
      bump(counters_.dropped_unknown_source);
      return;
    }
    auto outcome = ice::respond_to_binding_request(datagram, source);
    if (auto* response = std::get_if<std::vector<std::uint8_t>>(&outcome)) {
      reply_(*response, source);
      bump(counters_.stun_responses);
    } else {
      bump(counters_.dropped_malformed);
    }
    return;
  }
  const auto colon = username->find(':');
  auto it = by_ufrag_.find(std::string(username->substr(0, colon)));
  if (it == by_ufrag_.end()) {
    bump(counters_.dropped_unknown_source);
    return;
  }
  DemuxTarget* target = it->second;
  if (target->on_datagram(datagram, source, now)) {
    learn(EndpointKey::from(source), target);
    bump(counters_.stun_responses);
  }
}

}  // namespace parley::media::sfu
