// The baseline scenario: PlainForwarder with bare RTP, same peers and pacing as the SFU scenario.
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
      const auto stream = static_cast<std::uint32_t>(subscribers_per_stream_.size());
      const std::size_t count = std::min(options_.subscribers_per_room, consumers - consumers_);
      const sockaddr_in publisher = publishers_->add_peer(nullptr, stream, 0x10000 + stream, forwarder_.address());
      for (std::size_t i = 0; i < count; ++i) {
        forwarder_.add_route(publisher, subscribers_->add_peer(nullptr, stream, 0, {}));
      }
      subscribers_per_stream_.push_back(count);
      consumers_ += count;
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
