// Publish answers and producers from a real Chromium offer, and the SFU's subscriber offers parsed
// back with our own SDP parser.
#include <gtest/gtest.h>

#include "ChromiumOffer.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"
#include "media/sfu/PublishOffer.hpp"
#include "media/sfu/SubscriberSdp.hpp"

namespace parley::media::sfu {
namespace {

sdp::AnswerOptions answer_options() {
  sdp::AnswerOptions o;
  o.ice_ufrag = "sfuUfragSfuUfrag";
  o.ice_pwd = "sfu-password-sfu-password-012345";
  o.fingerprint = {"sha-256", "AB:CD"};
  sdp::IceCandidate c;
  c.foundation = "1";
  c.priority = 2130706431;
  c.address = "203.0.113.5";
  c.port = 40000;
  o.candidates = {c};
  o.header_extensions = publisher_header_extensions();
  return o;
}

TEST(PublishOffer, DescribesProducersOfAChromiumOffer) {
  auto n = negotiate_publish(test::kChromiumOffer, {{"1", "screen"}}, answer_options());
  ASSERT_TRUE(n.error.empty()) << n.message;
  EXPECT_EQ(n.remote_ufrag, "Xq3Z");
  EXPECT_EQ(n.remote_fingerprint.algorithm, "sha-256");
  ASSERT_EQ(n.producers.size(), 2U);
  const auto& audio = n.producers[0];
  EXPECT_EQ(audio.mid, "0");
  EXPECT_EQ(audio.kind, "audio");
  EXPECT_EQ(audio.source, "audio");  // not listed: the kind
  EXPECT_EQ(audio.ssrc, 2861047731U);
  EXPECT_EQ(audio.rtx_ssrc, 0U);
  EXPECT_EQ(audio.clock_rate, 48000U);
  ASSERT_EQ(audio.codecs.size(), 1U);
  EXPECT_EQ(audio.codecs[0].encoding, "opus");
  EXPECT_EQ(audio.stream_id, "9d5e2f6a-3c1b-4f7e-9a0d-1b2c3d4e5f60");
  EXPECT_EQ(audio.track_id, "a1b2c3d4-e5f6-4789-8abc-def012345678");
  EXPECT_EQ(audio.cname, "oC4l9ZYxq2b7LhEt");

  const auto& video = n.producers[1];
  EXPECT_EQ(video.mid, "1");
  EXPECT_EQ(video.source, "screen");
  EXPECT_NE(video.ssrc, 0U);
  EXPECT_NE(video.rtx_ssrc, 0U);
  EXPECT_NE(video.rtx_ssrc, video.ssrc);
  EXPECT_EQ(video.clock_rate, 90000U);
  EXPECT_EQ(video.codecs.front().encoding, "VP8");
  for (const auto& c : video.codecs) EXPECT_NE(c.encoding, "rtx");
  EXPECT_TRUE(video.nack);
  EXPECT_TRUE(video.pli);
  EXPECT_TRUE(video.fir);

  for (const auto& m : n.answer.media) {
    EXPECT_EQ(m.direction, sdp::Direction::RecvOnly);
    for (const auto& fb : m.rtcp_feedback) EXPECT_NE(fb.type, "transport-cc");
    for (const auto& e : m.extmaps) EXPECT_EQ(e.uri.find("transport-wide"), std::string::npos);
  }
}

TEST(PublishOffer, RefusesTextThatIsNotAnOfferAndOffersWithoutUsableMedia) {
  EXPECT_EQ(negotiate_publish("hello", {}, answer_options()).error, "invalid_sdp");
  std::string no_fingerprint(test::kChromiumOffer);
  for (auto at = no_fingerprint.find("a=fingerprint"); at != std::string::npos;
       at = no_fingerprint.find("a=fingerprint")) {
    no_fingerprint.erase(at, no_fingerprint.find("\r\n", at) + 2 - at);
  }
  EXPECT_EQ(negotiate_publish(no_fingerprint, {}, answer_options()).error, "invalid_sdp");
  // Audio that offers nothing but G722 and no video: nothing we forward.
  auto offer = sdp::parse_sdp(test::kChromiumOffer);
  ASSERT_TRUE(offer);
  offer->media.resize(1);
  offer->media[0].formats = {"9"};
  offer->groups[0].mids = {"0"};
  EXPECT_EQ(negotiate_publish(sdp::write_sdp(*offer), {}, answer_options()).error, "unsupported_media");
}

OfferSlot slot(std::string mid, std::string kind, bool active, std::uint32_t ssrc) {
  OfferSlot s;
  s.mid = std::move(mid);
  s.kind = kind;
  s.active = active;
  s.ssrc = ssrc;
  s.cname = "alice";
  s.stream_id = "alice";
  s.track_id = kind + "-track";
  if (kind == "audio") {
    s.codecs = {{111, "opus", 48000, 2}};
    s.fmtps = {{111, "minptime=10;useinbandfec=1"}};
  } else {
    s.codecs = {{96, "VP8", 90000, 0}};
    s.nack = s.pli = s.fir = true;
  }
  return s;
}

TEST(SubscriberSdp, OffersSendonlySectionsWithSsrcMsidAndBundleOnAnIceLiteTransport) {
  SubscriberOfferOptions options;
  options.ice_ufrag = "subUfragsubUfrag";
  options.ice_pwd = "sub-password-sub-password-012345";
  options.fingerprint = {"sha-256", "AB:CD"};
  sdp::IceCandidate c;
  c.foundation = "1";
  c.priority = 2130706431;
  c.address = "203.0.113.5";
  c.port = 40000;
  options.candidates = {c};
  options.version = 7;
  const std::vector<OfferSlot> slots = {slot("0", "audio", true, 1111), slot("1", "video", true, 2222),
                                        slot("2", "video", false, 0)};
  auto parsed = sdp::parse_sdp(sdp::write_sdp(build_subscriber_offer(slots, options)));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->ice_lite);
  EXPECT_EQ(parsed->origin.session_version, "7");
  ASSERT_TRUE(parsed->bundle_group());
  EXPECT_EQ(parsed->bundle_group()->mids, (std::vector<std::string>{"0", "1", "2"}));
  ASSERT_EQ(parsed->media.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& m = parsed->media[i];
    EXPECT_EQ(m.mid, slots[i].mid);
    EXPECT_EQ(m.kind, slots[i].kind);
    EXPECT_TRUE(m.rtcp_mux);
    EXPECT_EQ(m.setup, sdp::SetupRole::ActPass);
    EXPECT_EQ(m.ice_ufrag, options.ice_ufrag);
    ASSERT_EQ(m.candidates.size(), 1U);
    EXPECT_EQ(m.candidates[0].port, 40000);
    EXPECT_TRUE(m.extmaps.empty());  // nothing publishers' packets carry is negotiated
    for (const auto& fb : m.rtcp_feedback) EXPECT_NE(fb.type, "transport-cc");
  }
  const auto& video = parsed->media[1];
  EXPECT_EQ(video.direction, sdp::Direction::SendOnly);
  EXPECT_EQ(video.formats, (std::vector<std::string>{"96"}));
  ASSERT_EQ(video.msids.size(), 1U);
  EXPECT_EQ(video.msids[0].stream_id, "alice");
  EXPECT_EQ(video.msids[0].track_id, "video-track");
  ASSERT_EQ(video.ssrcs.size(), 2U);
  EXPECT_EQ(video.ssrcs[0].ssrc, 2222U);
  EXPECT_EQ(video.ssrcs[0].name, "cname");
  EXPECT_EQ(video.ssrcs[1].value, "alice video-track");
  EXPECT_EQ(parsed->media[0].fmtps.size(), 1U);
  const auto& gone = parsed->media[2];
  EXPECT_EQ(gone.direction, sdp::Direction::Inactive);
  EXPECT_TRUE(gone.ssrcs.empty());
  EXPECT_TRUE(gone.msids.empty());
  EXPECT_FALSE(gone.formats.empty());
}

}  // namespace
}  // namespace parley::media::sfu
