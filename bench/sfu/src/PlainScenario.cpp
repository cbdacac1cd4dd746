// The baseline scenario: PlainForwarder with bare RTP, same peers and pacing as the SFU scenario.
#include <algorithm>

#include "PlainForwarder.hpp"
#include "Scenario.hpp"

namespace parley::bench::sfu {

Scenario::Scenario(const ScenarioOptions& options) : options_(options) {
  PeerLoop::Options publisher;
  publisher.role = PeerLoop::Role::Publisher;
  PeerLoop::Options subscriber;
  subscriber.role = PeerLoop::Role::Subscriber;
  subscriber.decrypt_every = options.decrypt_every;
  publishers_ = std::make_unique<PeerLoop>(publisher);
  subscribers_ = std::make_unique<PeerLoop>(subscriber);
  publishers_->start();
  subscribers_->start();
}

std::size_t Scenario::next_room_subscribers(std::size_t consumers) const {
  const std::size_t publishers = std::max<std::size_t>(1, options_.publishers_per_room);
  const std::size_t missing = consumers > consumers_ ? consumers - consumers_ : 0;
  return std::max<std::size_t>(1, std::min(options_.subscribers_per_room, (missing + publishers - 1) / publishers));
}

namespace {

class PlainScenario final : public Scenario {
 public:
  explicit PlainScenario(const ScenarioOptions& options) : Scenario(options) { forwarder_.start(); }
  ~PlainScenario() override {
    publishers_->stop();
    subscribers_->stop();
    forwarder_.stop();
  }

  std::string name() const override { return "plain"; }

  bool grow_to(std::size_t consumers, std::string& error) override {
    while (consumers_ < consumers) {
      const std::size_t count = next_room_subscribers(consumers);
      std::vector<sockaddr_in> room_publishers;
      for (std::size_t p = 0; p < std::max<std::size_t>(1, options_.publishers_per_room); ++p) {
        const auto stream = static_cast<std::uint32_t>(subscribers_per_stream_.size());
        room_publishers.push_back(publishers_->add_peer(nullptr, stream, 0x10000 + stream, forwarder_.address()));
        subscribers_per_stream_.push_back(count);
        consumers_ += count;
      }
      for (std::size_t i = 0; i < count; ++i) {
        const sockaddr_in subscriber = subscribers_->add_peer(nullptr, 0, 0, {});
        for (const auto& publisher : room_publishers) forwarder_.add_route(publisher, subscriber);
      }
      ++rooms_;
    }
    return true;
  }

  pid_t forwarding_thread() const override { return forwarder_.thread_id(); }

  nlohmann::json server_stats() const override {
    const auto s = forwarder_.stats();
    return {{"packets_in", s.packets_in},
            {"packets_out", s.packets_out},
            {"send_errors", s.send_errors},
            {"unknown_source", s.unknown_source}};
  }

 private:
  PlainForwarder forwarder_;
};

}  // namespace

std::unique_ptr<Scenario> make_plain_scenario(const ScenarioOptions& options) {
  return std::make_unique<PlainScenario>(options);
}

}  // namespace parley::bench::sfu
