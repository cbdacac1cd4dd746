// The SFU scenario: SfuService in this process (its own media thread, threads = 1) on loopback, with
// every publisher and subscriber a WebRtcClient negotiated through SfuService's calls, as rooms/
// does for browsers: add_participant, publish (offer/answer), on_subscriber_offer/subscriber_answer.
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <unordered_map>

#include "Scenario.hpp"
#include "ThreadCpu.hpp"
#include "media/client/ClientSdp.hpp"
#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"
#include "media/sfu/SfuService.hpp"

namespace parley::bench::sfu {
namespace {

using media::client::LocalTransport;
using media::client::WebRtcClient;
namespace msfu = media::sfu;

// Offers and transport states arrive on the media thread; the scenario's thread handles them.
class EventQueue final : public msfu::SfuEvents {
 public:
  struct Offer {
    std::string room, participant;
    msfu::SubscriberOffer offer;
  };

  void on_subscriber_offer(const std::string& room, const std::string& participant,
                           msfu::SubscriberOffer offer) override {
    std::lock_guard lock(mutex_);
    offers_.push_back({room, participant, std::move(offer)});
    ready_.notify_one();
  }
  void on_transport_state(const std::string&, const std::string&, const std::string&,
                          const std::string& state) override {
    std::lock_guard lock(mutex_);
    ++states_[state];
  }

  // Waits up to `timeout` for at least one offer.
  std::deque<Offer> take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return !offers_.empty(); });
    return std::exchange(offers_, {});
  }
  std::map<std::string, std::uint64_t> states() {
    std::lock_guard lock(mutex_);
    return states_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Offer> offers_;
  std::map<std::string, std::uint64_t> states_;
};

msfu::SfuResult wait_for(const std::function<void(msfu::SfuService::Done)>& call) {
  auto promise = std::make_shared<std::promise<msfu::SfuResult>>();
  auto future = promise->get_future();
  call([promise](msfu::SfuResult r) { promise->set_value(std::move(r)); });
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    msfu::SfuResult timeout;
    timeout.error = "timeout";
    return timeout;
  }
  return future.get();
}

class SfuScenario final : public Scenario {
 public:
  explicit SfuScenario(const ScenarioOptions& options)
      : Scenario(options),
        certificate_(media::dtls::DtlsCertificate::generate("bench-client")),
        context_(media::dtls::DtlsContext::create(
            certificate_, {options.srtp_profile == "cm" ? media::srtp::SrtpProfile::Aes128CmHmacSha1_80
                                                        : media::srtp::SrtpProfile::AeadAes128Gcm})) {
    msfu::SfuOptions sfu_options;
    sfu_options.listen = {boost::asio::ip::make_address("127.0.0.1"), 0};
    sfu_options.threads = 1;
    const auto before = list_threads();
    service_ = std::make_unique<msfu::SfuService>(sfu_options, events_);
    service_->start();
    // The media thread is the one start() created.
    for (pid_t tid : list_threads()) {
      if (before.count(tid) == 0) media_thread_ = tid;
    }
  }

  ~SfuScenario() override {
    publishers_->stop();
    subscribers_->stop();
    service_->stop();
  }

  std::string name() const override { return "sfu"; }
  pid_t forwarding_thread() const override { return media_thread_; }

  bool grow_to(std::size_t consumers, std::string& error) override {
    while (consumers_ < consumers) {
      if (!add_room(next_room_subscribers(consumers), error)) return false;
    }
    return wait_connected(error);
  }

  nlohmann::json server_stats() const override {
    const auto s = service_->stats();
    nlohmann::json states = nlohmann::json::object();
    for (auto& [state, count] : const_cast<EventQueue&>(events_).states()) states[state] = count;
    return {{"transports", s.transports},
            {"producers", s.producers},
            {"consumers", s.consumers},
            {"rooms", s.rooms},
            {"packets_in", s.packets_in},
            {"packets_out", s.packets_out},
            {"bytes_out", s.bytes_out},
            {"rtcp_in", s.rtcp_in},
            {"rtcp_out", s.rtcp_out},
            {"plis_sent", s.plis_sent},
            {"nacks_received", s.nacks_received},
            {"dropped_unknown_source", s.dropped_unknown_source},
            {"dropped_malformed", s.dropped_malformed},
            {"dropped_srtp", s.dropped_srtp},
            {"dropped_unknown_ssrc", s.dropped_unknown_ssrc},
            {"dropped_send_queue", s.dropped_send_queue},
            {"transport_states", states}};
  }

 private:
  struct Subscriber {
    std::size_t index = 0;  // in the subscriber PeerLoop
    LocalTransport transport;
    bool connecting = false;
  };

  std::unique_ptr<WebRtcClient> new_client(LocalTransport& transport) {
    auto client = std::make_unique<WebRtcClient>(context_);
    transport = {client->local_ufrag(), client->local_pwd(), {"sha-256", client->local_fingerprint()}};
    return client;
  }

  // The publishers first (add_participant, publish, connect), then the subscribers, so each
  // subscriber's first offer already holds every track of the room.
  bool add_room(std::size_t subscribers, std::string& error) {
    const std::string room = "room-" + std::to_string(rooms_);
    for (std::size_t p = 0; p < std::max<std::size_t>(1, options_.publishers_per_room); ++p) {
      if (!add_publisher(room, error)) return false;
    }
    const std::size_t first_stream =
        subscribers_per_stream_.size() - std::max<std::size_t>(1, options_.publishers_per_room);
    for (std::size_t i = 0; i < subscribers; ++i) {
      const std::string id = room + "-sub-" + std::to_string(i);
      Subscriber s;
      s.index = subscriber_count_++;
      auto client = new_client(s.transport);
      subscribers_->add_peer(std::move(client), 0, 0, {});
      subscribers_by_id_[id] = std::move(s);
      auto joined = wait_for([&](auto done) { service_->add_participant(room, id, std::move(done)); });
      if (!joined.ok) {
        error = "add_participant refused: " + joined.error + " " + joined.message;
        return false;
      }
      handle_offers(std::chrono::milliseconds(0));
    }
    for (std::size_t stream = first_stream; stream < subscribers_per_stream_.size(); ++stream) {
      subscribers_per_stream_[stream] = subscribers;
      consumers_ += subscribers;
    }
    ++rooms_;
    return true;
  }

  bool add_publisher(const std::string& room, std::string& error) {
    const auto stream = static_cast<std::uint32_t>(subscribers_per_stream_.size());
    const std::string publisher = room + "-pub-" + std::to_string(stream);
    media::client::PublishOfferOptions offer_options;
    auto client = new_client(offer_options.transport);
    offer_options.audio = false;
    offer_options.video_ssrc = 0x10000 + stream;
    offer_options.video_rtx_ssrc = 0x20000 + stream;
    offer_options.cname = publisher;
    offer_options.stream_id = publisher;
    const std::string offer = media::sdp::write_sdp(media::client::build_publish_offer(offer_options));
    publishers_->add_peer(std::move(client), stream, offer_options.video_ssrc, {});
    const std::size_t publisher_index = publisher_count_++;
    subscribers_per_stream_.push_back(0);  // set once the room's subscribers exist

    auto added = wait_for([&](auto done) { service_->add_participant(room, publisher, std::move(done)); });
    auto published = wait_for([&](auto done) {
      service_->publish(room, publisher, offer, {{"0", "video"}}, std::move(done));
    });
    if (!added.ok || !published.ok) {
      error = "publish refused: " + added.error + " " + published.error + " " + published.message;
      return false;
    }
    auto answer = media::sdp::parse_sdp(published.sdp);
    auto remote = answer ? media::client::read_remote_transport(*answer) : std::nullopt;
    if (!remote) {
      error = "unusable publish answer";
      return false;
    }
    publishers_->connect(publisher_index, std::move(*remote));
    return true;
  }

  void handle_offers(std::chrono::milliseconds wait) {
    for (auto& o : events_.take(wait)) {
      auto it = subscribers_by_id_.find(o.participant);
      if (it == subscribers_by_id_.end()) continue;  // a publisher's receive connection: nothing to watch
      Subscriber& s = it->second;
      auto offer = media::sdp::parse_sdp(o.offer.sdp);
      auto answer = offer ? media::client::answer_subscriber_offer(*offer, s.transport) : std::nullopt;
      if (!answer) {
        ++bad_offers_;
        continue;
      }
      service_->subscriber_answer(o.room, o.participant, o.offer.version, media::sdp::write_sdp(*answer),
                                  [](msfu::SfuResult) {});
      if (!s.connecting) {
        auto remote = media::client::read_remote_transport(*offer);
        if (!remote) {
          ++bad_offers_;
          continue;
        }
        subscribers_->connect(s.index, std::move(*remote));
        s.connecting = true;
      }
    }
  }

  bool wait_connected(std::string& error) {
    const auto deadline = std::chrono::steady_clock::now() + options_.connect_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      handle_offers(std::chrono::milliseconds(20));
      if (publishers_->connected() == publisher_count_ && subscribers_->connected() == subscriber_count_) return true;
      if (publishers_->failed() + subscribers_->failed() > 0) break;
    }
    error = "connected publishers " + std::to_string(publishers_->connected()) + "/" +
            std::to_string(publisher_count_) + ", subscribers " + std::to_string(subscribers_->connected()) + "/" +
            std::to_string(subscriber_count_) + ", failed " +
            std::to_string(publishers_->failed() + subscribers_->failed()) + ", bad offers " +
            std::to_string(bad_offers_);
    return false;
  }

  std::shared_ptr<const media::dtls::DtlsCertificate> certificate_;
  std::shared_ptr<const media::dtls::DtlsContext> context_;  // one client certificate for all peers
  EventQueue events_;
  std::unique_ptr<msfu::SfuService> service_;
  pid_t media_thread_ = 0;
  std::size_t publisher_count_ = 0;
  std::size_t subscriber_count_ = 0;
  std::unordered_map<std::string, Subscriber> subscribers_by_id_;
  std::uint64_t bad_offers_ = 0;
};

}  // namespace

std::unique_ptr<Scenario> make_sfu_scenario(const ScenarioOptions& options) {
  return std::make_unique<SfuScenario>(options);
}

}  // namespace parley::bench::sfu
