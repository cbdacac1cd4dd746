// The SFU's offers for a subscriber's receive connection (JSEP, SFU as offerer): one m-section per
// slot, in slot order, never removed or reordered. An active slot is sendonly with the consumer's
// SSRC signalled (a=ssrc cname/msid, so Chromium demultiplexes by SSRC and no mid header extension
// is needed) and the producer's payload types unchanged; a slot whose track is gone is inactive and
// may later carry another track of the same kind. Everything is BUNDLEd on one ICE-lite transport,
// setup:actpass (Chromium answers active, so we stay the DTLS server). No header extensions are
// negotiated: what publishers' packets carry (transport-cc, mid, abs-send-time) must not be read by
// the subscriber.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/sdp/SessionDescription.hpp"

namespace parley::media::sfu {

struct OfferSlot {
  std::string mid;
  std::string kind;  // "audio" or "video"
  bool active = false;
  std::uint32_t ssrc = 0;
  std::string cname;      // the publisher's participant id: audio and video of one person sync
  std::string stream_id;  // the publisher's participant id
  std::string track_id;
  std::vector<sdp::RtpMap> codecs;  // kept when the slot goes inactive (an m-line needs a format)
  std::vector<sdp::Fmtp> fmtps;
  bool nack = false, pli = false, fir = false;
};

struct SubscriberOfferOptions {
  std::string ice_ufrag;
  std::string ice_pwd;
  sdp::Fingerprint fingerprint;
  std::vector<sdp::IceCandidate> candidates;
  std::string session_id = "1";
  std::uint64_t version = 1;
};

sdp::SessionDescription build_subscriber_offer(const std::vector<OfferSlot>& slots,
                                               const SubscriberOfferOptions& options);

}  // namespace parley::media::sfu
