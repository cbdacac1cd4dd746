#include "media/sfu/Room.hpp"

#include <openssl/rand.h>

#include <algorithm>

#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"
#include "media/sfu/RoomInternals.hpp"

namespace parley::media::sfu {

namespace {

constexpr std::size_t kUfragLength = 16;  // unique across the port: the demuxer's key
constexpr std::size_t kPwdLength = 32;
constexpr std::size_t kVideoCachePackets = 512;

SfuResult failure(std::string error, std::string message) {
  SfuResult r;
  r.error = std::move(error);
  r.message = std::move(message);
  return r;
}

SfuResult success(std::string sdp = {}) {
  SfuResult r;
  r.ok = true;
  r.sdp = std::move(sdp);
  return r;
}

}  // namespace

Room::Room(std::string name, RoomContext& context) : name_(std::move(name)), context_(context) {
  bump(context_.counters.rooms);
}

Room::~Room() {
  closing_ = true;
  std::vector<std::string> ids;
  for (const auto& [id, p] : participants_) ids.push_back(id);
  for (const auto& id : ids) remove_participant(id);
  drop_gauge(context_.counters.rooms);
}

// ICE credentials come from the CSPRNG: a guessed password would let anyone take over a transport.
std::string Room::random_token(std::size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<unsigned char> bytes(length);
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    for (auto& b : bytes) b = static_cast<unsigned char>(context_.random());
  }
  std::string out(length, 'A');
  for (std::size_t i = 0; i < length; ++i) out[i] = kAlphabet[bytes[i] % 64];
  return out;
}

std::uint32_t Room::new_ssrc(const Participant& p) {
  while (true) {
    const auto ssrc = static_cast<std::uint32_t>(context_.random());
    if (ssrc == 0 || ssrc == p.rtcp_ssrc) continue;
    const bool taken =
        std::any_of(p.consumers.begin(), p.consumers.end(), [ssrc](const auto& c) { return c->ssrc == ssrc; });
    if (!taken) return ssrc;
  }
}

Room::Participant* Room::find(const std::string& id) {
  auto it = participants_.find(id);
  return it == participants_.end() ? nullptr : it->second.get();
}

std::unique_ptr<Room::Link> Room::make_link(Participant& p, bool send) {
  auto link = std::make_unique<Link>(*this, p, send, context_.dtls, random_token(kUfragLength),
                                     random_token(kPwdLength), context_.options.consent_timeout);
  context_.demuxer.add_ufrag(link->transport.local_ufrag(), link.get());
  bump(context_.counters.transports);
  return link;
}

// New local ICE credentials. The old ones keep working for the current address (the browser checks
// consent with them until it nominates a pair with the new ones), then are unrouted by sync_ufrags.
void Room::restart_link(Link& link) {
  const std::string old = link.transport.local_ufrag();
  link.transport.restart_ice(random_token(kUfragLength), random_token(kPwdLength));
  context_.demuxer.add_ufrag(link.transport.local_ufrag(), &link);
  if (old != link.transport.previous_ufrag() && old != link.retired_ufrag) context_.demuxer.remove_ufrag(old);
  sync_ufrags(link);
}

void Room::sync_ufrags(Link& link) {
  const auto& previous = link.transport.previous_ufrag();
  if (link.retired_ufrag == previous) return;
  if (!link.retired_ufrag.empty()) context_.demuxer.remove_ufrag(link.retired_ufrag);
  link.retired_ufrag = previous;
  if (!previous.empty()) context_.demuxer.add_ufrag(previous, &link);
}

SfuResult Room::add_participant(const std::string& id) {
  if (find(id) != nullptr) return success();
  // Everyone subscribes to everything: a newcomer adds one consumer per existing producer now and
  // one per remaining participant for each track it publishes later.
  if (consumer_count_ + producer_count_ > context_.options.max_consumers_per_room) {
    return failure("room_full", "the room has reached its forwarding capacity");
  }
  auto p = std::make_unique<Participant>();
  p->id = id;
  p->session_id = std::to_string(context_.random() >> 2);
  auto& ref = *p;
  participants_.emplace(id, std::move(p));
  ref.rtcp_ssrc = new_ssrc(ref);
  ref.send = make_link(ref, true);
  ref.recv = make_link(ref, false);
  update_subscriptions(ref);
  flush_offers();
  return success();
}

SfuResult Room::publish(const std::string& id, const std::string& offer_sdp,
                        const std::vector<PublishedTrack>& tracks) {
  Participant* p = find(id);
  if (p == nullptr) return failure("not_found", "no such participant in the SFU room");
  if (offer_sdp.size() > sdp::kMaxSdpSize) return failure("invalid_sdp", "the offer is too large");

  auto& transport = p->send->transport;
  sdp::AnswerOptions options;
  options.ice_ufrag = transport.local_ufrag();
  options.ice_pwd = transport.local_pwd();
  options.fingerprint = context_.fingerprint;
  options.candidates = context_.candidates;
  options.session_id = p->session_id;
  options.header_extensions = publisher_header_extensions();
  auto negotiation = negotiate_publish(offer_sdp, tracks, options);
  if (!negotiation.error.empty()) return failure(negotiation.error, negotiation.message);

  // Capacity: every other participant consumes each new producer.
  std::size_t added = 0;
  for (const auto& d : negotiation.producers) {
    const bool known = std::any_of(p->producers.begin(), p->producers.end(),
                                   [&](const auto& pr) { return pr->description.mid == d.mid; });
    if (!known) ++added;
  }
  if (consumer_count_ + added * (participants_.size() - 1) > context_.options.max_consumers_per_room) {
    return failure("room_full", "the room has reached its forwarding capacity");
  }

  // A new remote ufrag is an ICE restart: we answer with fresh credentials of our own (RFC 8839).
  if (!transport.remote_ufrag().empty() && transport.remote_ufrag() != negotiation.remote_ufrag) {
    restart_link(*p->send);
    for (auto& m : negotiation.answer.media) {
      if (m.rejected()) continue;
      m.ice_ufrag = transport.local_ufrag();
      m.ice_pwd = transport.local_pwd();
    }
  }
  transport.set_remote_parameters(negotiation.remote_ufrag, negotiation.remote_fingerprint.algorithm,
                                  negotiation.remote_fingerprint.value);

  reconcile_producers(*p, std::move(negotiation.producers));
  for (auto& [other_id, other] : participants_) {
    if (other.get() != p) update_subscriptions(*other);
  }
  flush_offers();
  negotiation.answer.origin.session_version = std::to_string(++p->publish_version);
  return success(sdp::write_sdp(negotiation.answer));
}

void Room::reconcile_producers(Participant& p, std::vector<ProducerDescription> wanted) {
  // Gone or changed in kind: remove. Same mid: update in place (a new SSRC re-anchors consumers).
  std::vector<Producer*> gone;
  for (auto& pr : p.producers) {
    auto it = std::find_if(wanted.begin(), wanted.end(), [&](const auto& d) { return d.mid == pr->description.mid; });
    if (it == wanted.end() || it->kind != pr->description.kind) gone.push_back(pr.get());
  }
  for (auto* pr : gone) remove_producer(p, *pr);
  for (auto& d : wanted) {
    auto it = std::find_if(p.producers.begin(), p.producers.end(),
                           [&](const auto& pr) { return pr->description.mid == d.mid; });
    if (it != p.producers.end()) {
      Producer& existing = **it;
      if (existing.description.ssrc != d.ssrc) {  // a new stream: its statistics start over
        existing.statistics = ReceiveStatistics{};
        existing.nacks = NackGenerator{};
        existing.have_sender_report = false;
      }
      existing.description = std::move(d);
      continue;
    }
    auto producer = std::make_unique<Producer>();
    producer->description = std::move(d);
    producer->owner = &p;
    if (producer->description.kind == "video") producer->cache = std::make_unique<PacketCache>(kVideoCachePackets);
    p.producers.push_back(std::move(producer));
    ++producer_count_;
    bump(context_.counters.producers);
  }
}

void Room::remove_consumer(Consumer& c) {
  auto& consumers = c.producer->consumers;
  std::erase(consumers, &c);
  Participant& s = *c.subscriber;
  if (c.slot < s.slots.size()) {
    s.slots[c.slot].active = false;
    s.dirty = true;
  }
  std::erase_if(s.consumers, [&c](const auto& owned) { return owned.get() == &c; });
  --consumer_count_;
  drop_gauge(context_.counters.consumers);
}

void Room::remove_producer(Participant& p, Producer& producer) {
  // Subscribers are left dirty; the caller sends one offer each with flush_offers().
  while (!producer.consumers.empty()) remove_consumer(*producer.consumers.back());
  std::erase_if(p.producers, [&producer](const auto& owned) { return owned.get() == &producer; });
  --producer_count_;
  drop_gauge(context_.counters.producers);
}

// Creates the consumers `subscriber` lacks (one per producer of everyone else) and refreshes slot
// codecs; returns true if the next offer differs from the last one.
bool Room::update_subscriptions(Participant& s) {
  bool changed = s.dirty;
  for (auto& [other_id, other] : participants_) {
    if (other.get() == &s) continue;
    for (auto& pr : other->producers) {
      auto existing =
          std::find_if(s.consumers.begin(), s.consumers.end(), [&](const auto& c) { return c->producer == pr.get(); });
      const auto& d = pr->description;
      if (existing != s.consumers.end()) {
        auto& slot = s.slots[(*existing)->slot];
        if (slot.codecs.size() != d.codecs.size() || slot.track_id != d.track_id) {
          slot.codecs = d.codecs;
          slot.fmtps = d.fmtps;
          changed = true;
        }
        continue;
      }
      // Reuse an inactive m-section of the same kind, else append one (JSEP: never remove or reorder).
      std::size_t index = s.slots.size();
      for (std::size_t i = 0; i < s.slots.size(); ++i) {
        if (!s.slots[i].active && s.slots[i].kind == d.kind) {
          index = i;
          break;
        }
      }
      if (index == s.slots.size()) {
        OfferSlot slot;
        slot.mid = std::to_string(s.next_mid++);
        slot.kind = d.kind;
        s.slots.push_back(std::move(slot));
      }
      const std::uint32_t ssrc = new_ssrc(s);
      auto consumer =
          std::make_unique<Consumer>(*pr, s, ssrc,
                                     SequenceRewriter(static_cast<std::uint16_t>(context_.random()),
                                                      static_cast<std::uint32_t>(context_.random()), d.clock_rate));
      consumer->slot = index;
      auto& slot = s.slots[index];
      slot.active = true;
      slot.ssrc = ssrc;
      slot.cname = other->id;
      slot.stream_id = other->id;
      slot.track_id = d.track_id.empty() ? d.source + "-" + d.mid : d.track_id;
      slot.codecs = d.codecs;
      slot.fmtps = d.fmtps;
      slot.nack = d.kind == "video";
      slot.pli = d.kind == "video";
      slot.fir = d.kind == "video";
      pr->consumers.push_back(consumer.get());
      s.consumers.push_back(std::move(consumer));
      ++consumer_count_;
      bump(context_.counters.consumers);
      changed = true;
    }
  }
  s.dirty = changed;
  return changed;
}

void Room::flush_offers() {
  for (auto& [id, p] : participants_) {
    if (p->dirty) send_offer(*p);
  }
}

void Room::send_offer(Participant& s) {
  if (s.outstanding != 0) {
    s.dirty = true;  // folded into the offer after the answer
    return;
  }
  if (s.slots.empty() || closing_) return;
  ++s.version;
  s.outstanding = s.version;
  s.dirty = false;
  SubscriberOffer offer;
  offer.version = s.version;
  for (auto& c : s.consumers) {
    if (c->offered_version == 0) c->offered_version = s.version;
    const auto& d = c->producer->description;
    offer.tracks.push_back({s.slots[c->slot].mid, c->producer->owner->id, d.source, d.kind});
  }
  SubscriberOfferOptions options;
  options.ice_ufrag = s.recv->transport.local_ufrag();
  options.ice_pwd = s.recv->transport.local_pwd();
  options.fingerprint = context_.fingerprint;
  options.candidates = context_.candidates;
  options.session_id = s.session_id;
  options.version = s.version;
  offer.sdp = sdp::write_sdp(build_subscriber_offer(s.slots, options));
  context_.events.on_subscriber_offer(name_, s.id, std::move(offer));
}

SfuResult Room::subscriber_answer(const std::string& id, std::uint64_t version, const std::string& answer_sdp) {
  Participant* s = find(id);
  if (s == nullptr) return failure("not_found", "no such participant in the SFU room");
  if (s->outstanding == 0 || version != s->outstanding) {
    return failure("stale_answer", "the answer is not for the offer awaiting one");
  }
  auto answer = answer_sdp.size() <= sdp::kMaxSdpSize ? sdp::parse_sdp(answer_sdp) : std::nullopt;
  const sdp::MediaDescription* first = nullptr;
  if (answer) {
    for (const auto& m : answer->media) {
      if (!m.rejected()) {
        first = &m;
        break;
      }
    }
  }
  if (first == nullptr || !answer->ice_ufrag_for(*first) || !answer->fingerprint_for(*first)) {
    return failure("invalid_sdp", "the answer lacks a usable m-section, ICE credentials or a fingerprint");
  }
  const auto fingerprint = *answer->fingerprint_for(*first);
  s->recv->transport.set_remote_parameters(*answer->ice_ufrag_for(*first), fingerprint.algorithm, fingerprint.value);
  if (s->recv->transport.has_control()) flush_control(*s->recv);  // DTLS that waited for the answer
  s->outstanding = 0;
  const auto now = Clock::now();
  check_state(*s->recv, now);
  for (auto& c : s->consumers) {
    if (c->enabled || c->offered_version == 0 || c->offered_version > version) continue;
    const auto& mid = s->slots[c->slot].mid;
    const bool rejected = std::any_of(answer->media.begin(), answer->media.end(), [&](const auto& m) {
      return m.mid == mid && (m.rejected() || m.direction == sdp::Direction::Inactive);
    });
    if (rejected) continue;  // the subscriber declined this track (e.g. no common codec)
    c->enabled = true;
    c->paused = true;
    request_keyframe(*c->producer, now);
  }
  if (s->dirty) send_offer(*s);
  return success();
}

SfuResult Room::restart_subscriber(const std::string& id) {
  Participant* s = find(id);
  if (s == nullptr) return failure("not_found", "no such participant in the SFU room");
  restart_link(*s->recv);
  s->outstanding = 0;  // the fresh offer supersedes any outstanding one
  s->dirty = true;
  send_offer(*s);
  return success();
}

void Room::remove_participant(const std::string& id) {
  Participant* p = find(id);
  if (p == nullptr) return;
  while (!p->producers.empty()) remove_producer(*p, *p->producers.back());
  while (!p->consumers.empty()) remove_consumer(*p->consumers.back());
  context_.demuxer.remove(p->send.get());
  context_.demuxer.remove(p->recv.get());
  drop_gauge(context_.counters.transports, 2);
  participants_.erase(id);
  flush_offers();
}

}  // namespace parley::media::sfu
