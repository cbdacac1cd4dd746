// ClientSdp: the publish offer is what the SFU's answerer accepts; subscriber answers are recvonly
// and DTLS-active; remote transport parameters come out of a server description.
#include <gtest/gtest.h>

#include "media/client/ClientSdp.hpp"
#include "media/sdp/SdpAnswer.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"

namespace parley::media::client {
namespace {

const LocalTransport kLocal{"cliU", "client-password-0123456789", {"sha-256", "AA:BB"}};

TEST(ClientSdp, PublishOfferLooksLikeChromiumsAndParses) {
  PublishOfferOptions options;
  options.transport = kLocal;
  const auto text = sdp::write_sdp(build_publish_offer(options));
  auto offer = sdp::parse_sdp(text);
  ASSERT_TRUE(offer) << text;
  ASSERT_EQ(offer->media.size(), 2U);
  ASSERT_TRUE(offer->bundle_group());
  EXPECT_EQ(offer->bundle_group()->mids, (std::vector<std::string>{"0", "1"}));
  const auto& audio = offer->media[0];
  const auto& video = offer->media[1];
  EXPECT_EQ(audio.kind, "audio");
  EXPECT_EQ(audio.find_rtpmap(111)->encoding, "opus");
  EXPECT_EQ(video.find_rtpmap(96)->encoding, "VP8");
  EXPECT_EQ(video.find_rtpmap(97)->encoding, "rtx");
  EXPECT_EQ(video.find_fmtp(97)->parameters, "apt=96");
  ASSERT_EQ(video.ssrc_groups.size(), 1U);
  EXPECT_EQ(video.ssrc_groups[0].semantics, "FID");
  EXPECT_EQ(video.ssrc_groups[0].ssrcs, (std::vector<std::uint32_t>{0x22222222, 0x33333333}));
  for (const auto& m : offer->media) {
    EXPECT_EQ(m.direction, sdp::Direction::SendOnly);
    EXPECT_TRUE(m.rtcp_mux);
    EXPECT_EQ(m.ice_ufrag, "cliU");
    EXPECT_EQ(m.ice_pwd, "client-password-0123456789");
    EXPECT_EQ(m.fingerprint->value, "AA:BB");
    EXPECT_EQ(m.setup, sdp::SetupRole::ActPass);
    ASSERT_EQ(m.msids.size(), 1U);
    EXPECT_FALSE(m.extmaps.empty());
  }

  // The SFU's answerer accepts both sections, recvonly and passive (so we are the DTLS client).
  sdp::AnswerOptions server;
  server.ice_ufrag = "sfuU";
  server.ice_pwd = "sfu-password-0123456789";
  server.fingerprint = {"sha-256", "CC:DD"};
  auto answer = sdp::create_answer(*offer, server);
  ASSERT_TRUE(answer);
  for (const auto& m : answer->media) {
    EXPECT_FALSE(m.rejected());
    EXPECT_EQ(m.direction, sdp::Direction::RecvOnly);
    EXPECT_EQ(m.setup, sdp::SetupRole::Passive);
  }
}

TEST(ClientSdp, AudioOnlyOfferHasOneSection) {
  PublishOfferOptions options;
  options.transport = kLocal;
  options.video = false;
  auto offer = build_publish_offer(options);
  ASSERT_EQ(offer.media.size(), 1U);
  EXPECT_EQ(offer.media[0].kind, "audio");
  EXPECT_EQ(offer.media[0].mid, "0");
}

// An offer shaped like the SFU's subscriber offer: sendonly video and audio, one inactive section.
constexpr const char* kSfuOffer =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=ice-lite\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:sfuU\r\n"
    "a=ice-pwd:sfu-password-0123456789\r\na=fingerprint:sha-256 CC:DD\r\na=setup:actpass\r\na=mid:0\r\n"
    "a=sendonly\r\na=msid:alice video\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\n"
    "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\na=ssrc:1000 cname:alice\r\n"
    "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r\n"
    "a=candidate:2 1 tcp 1 127.0.0.1 40000 typ host tcptype passive\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:sfuU\r\n"
    "a=ice-pwd:sfu-password-0123456789\r\na=fingerprint:sha-256 CC:DD\r\na=setup:actpass\r\na=mid:1\r\n"
    "a=sendonly\r\na=msid:alice audio\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
    "a=ssrc:2000 cname:alice\r\n";

TEST(ClientSdp, AnswersTheSfuSubscriberOfferRecvonlyAndActive) {
  auto offer = sdp::parse_sdp(kSfuOffer);
  ASSERT_TRUE(offer);
  auto answer = answer_subscriber_offer(*offer, kLocal);
  ASSERT_TRUE(answer);
  auto reparsed = sdp::parse_sdp(sdp::write_sdp(*answer));
  ASSERT_TRUE(reparsed);
  ASSERT_EQ(reparsed->media.size(), 2U);
  EXPECT_FALSE(reparsed->ice_lite);
  for (const auto& m : reparsed->media) {
    EXPECT_FALSE(m.rejected());
    EXPECT_EQ(m.direction, sdp::Direction::RecvOnly);
    EXPECT_EQ(m.setup, sdp::SetupRole::Active);
    EXPECT_EQ(m.ice_ufrag, "cliU");
    EXPECT_EQ(m.fingerprint->value, "AA:BB");
  }
  EXPECT_EQ(reparsed->media[0].mid, "0");
  EXPECT_EQ(reparsed->media[0].formats, (std::vector<std::string>{"96", "97"}));

  auto remote = read_remote_transport(*offer);
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->ice_ufrag, "sfuU");
  EXPECT_EQ(remote->ice_pwd, "sfu-password-0123456789");
  EXPECT_EQ(remote->fingerprint, "CC:DD");
  ASSERT_EQ(remote->candidates.size(), 1U);  // the TCP candidate is skipped
  EXPECT_EQ(remote->candidates[0].port(), 40000);
}

TEST(ClientSdp, RefusesToBeTheDtlsServerAndNeedsCredentials) {
  std::string active = kSfuOffer;
  for (auto pos = active.find("setup:actpass"); pos != std::string::npos; pos = active.find("setup:actpass"))
    active.replace(pos, 13, "setup:active");
  auto offer = sdp::parse_sdp(active);
  ASSERT_TRUE(offer);
  EXPECT_FALSE(answer_subscriber_offer(*offer, kLocal));

  sdp::SessionDescription empty;
  EXPECT_FALSE(read_remote_transport(empty));
}

}  // namespace
}  // namespace parley::media::client
