#include <gtest/gtest.h>

#include <algorithm>

#include "ChromiumOffer.hpp"
#include "media/sdp/SdpAnswer.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"

namespace parley::media::sdp {
namespace {

using test::kChromiumOffer;

TEST(SdpParser, ParsesChromiumOfferSessionLevel) {
  auto s = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->origin.session_id, "4215775240449105457");
  EXPECT_EQ(s->origin.session_version, "2");
  ASSERT_TRUE(s->bundle_group());
  EXPECT_EQ(s->bundle_group()->mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(s->extmap_allow_mixed);
  EXPECT_EQ(s->msid_semantic, "WMS 9d5e2f6a-3c1b-4f7e-9a0d-1b2c3d4e5f60");
  ASSERT_EQ(s->media.size(), 2U);
}

TEST(SdpParser, ParsesChromiumAudioSection) {
  auto s = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(s);
  const auto& a = s->media[0];
  EXPECT_EQ(a.kind, "audio");
  EXPECT_EQ(a.port, 9);
  EXPECT_EQ(a.protocol, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(a.formats.size(), 8U);
  EXPECT_EQ(a.mid, "0");
  EXPECT_EQ(a.direction, Direction::SendRecv);
  EXPECT_TRUE(a.rtcp_mux);
  EXPECT_TRUE(a.rtcp_rsize);
  EXPECT_EQ(a.ice_ufrag, "Xq3Z");
  EXPECT_EQ(a.ice_pwd, "hJ8kL0mN2pQ4rS6tU8vW0xY1");
  EXPECT_EQ(a.ice_options, std::vector<std::string>{"trickle"});
  ASSERT_TRUE(a.fingerprint);
  EXPECT_EQ(a.fingerprint->algorithm, "sha-256");
  EXPECT_EQ(a.fingerprint->value.size(), 32U * 3 - 1);
  EXPECT_EQ(a.setup, SetupRole::ActPass);
  ASSERT_EQ(a.extmaps.size(), 4U);
  EXPECT_EQ(a.extmaps[0].id, 1);
  EXPECT_EQ(a.extmaps[0].uri, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
  const RtpMap* opus = a.find_rtpmap(111);
  ASSERT_NE(opus, nullptr);
  EXPECT_EQ(opus->encoding, "opus");
  EXPECT_EQ(opus->clock_rate, 48000U);
  EXPECT_EQ(opus->channels, 2);
  ASSERT_NE(a.find_fmtp(111), nullptr);
  EXPECT_EQ(a.find_fmtp(111)->parameters, "minptime=10;useinbandfec=1");
  ASSERT_EQ(a.msids.size(), 1U);
  EXPECT_EQ(a.msids[0].track_id, "a1b2c3d4-e5f6-4789-8abc-def012345678");
  ASSERT_EQ(a.ssrcs.size(), 2U);
  EXPECT_EQ(a.ssrcs[0].ssrc, 2861047731U);
  EXPECT_EQ(a.ssrcs[0].name, "cname");
  EXPECT_EQ(a.ssrcs[0].value, "oC4l9ZYxq2b7LhEt");
  EXPECT_EQ(a.rtcp, "9 IN IP4 0.0.0.0");
}

TEST(SdpParser, ParsesChromiumVideoSection) {
  auto s = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(s);
  const auto& v = s->media[1];
  EXPECT_EQ(v.kind, "video");
  EXPECT_EQ(v.mid, "1");
  EXPECT_EQ(v.extmaps.size(), 11U);
  EXPECT_EQ(v.find_rtpmap(96)->encoding, "VP8");
  EXPECT_EQ(v.find_rtpmap(97)->encoding, "rtx");
  EXPECT_EQ(v.find_fmtp(97)->parameters, "apt=96");
  const auto fb96 = std::count_if(v.rtcp_feedback.begin(), v.rtcp_feedback.end(),
                                  [](const RtcpFeedback& fb) { return fb.payload_type == 96; });
  EXPECT_EQ(fb96, 5);
  auto params = parse_fmtp_parameters(v.find_fmtp(102)->parameters);
  ASSERT_EQ(params.size(), 3U);
  EXPECT_EQ(params[1], (std::pair<std::string, std::string>{"packetization-mode", "1"}));
  ASSERT_EQ(v.ssrc_groups.size(), 1U);
  EXPECT_EQ(v.ssrc_groups[0].semantics, "FID");
  EXPECT_EQ(v.ssrc_groups[0].ssrcs, (std::vector<std::uint32_t>{1453268542U, 3729103765U}));
  EXPECT_EQ(v.ssrcs.size(), 4U);
}

TEST(SdpWriter, RoundTripIsStable) {
  auto s = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(s);
  const std::string once = write_sdp(*s);
  auto again = parse_sdp(once);
  ASSERT_TRUE(again);
  EXPECT_EQ(write_sdp(*again), once);
  // Nothing interpreted was lost.
  EXPECT_EQ(again->media[1].rtpmaps.size(), s->media[1].rtpmaps.size());
  EXPECT_EQ(again->media[1].rtcp_feedback.size(), s->media[1].rtcp_feedback.size());
  EXPECT_EQ(again->media[1].ssrcs.size(), s->media[1].ssrcs.size());
  EXPECT_EQ(again->media[0].fingerprint->value, s->media[0].fingerprint->value);
  EXPECT_NE(once.find("a=ssrc-group:FID 1453268542 3729103765\r\n"), std::string::npos);
  EXPECT_NE(once.find("a=rtpmap:111 opus/48000/2\r\n"), std::string::npos);
}

TEST(SdpParser, RejectsMalformedDescriptions) {
  EXPECT_FALSE(parse_sdp(""));
  EXPECT_FALSE(parse_sdp("hello"));
  EXPECT_FALSE(parse_sdp("v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\n"));
  EXPECT_FALSE(parse_sdp("v=0\r\ns=-\r\n"));  // no origin
  const std::string head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
  EXPECT_TRUE(parse_sdp(head));
  EXPECT_FALSE(parse_sdp(head + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n"));
  EXPECT_FALSE(parse_sdp(head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n"));
  EXPECT_FALSE(parse_sdp(head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:300 opus/48000\r\n"));
  EXPECT_FALSE(parse_sdp(head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:0 urn:x\r\n"));
  EXPECT_FALSE(parse_sdp(head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:abc cname:x\r\n"));
  EXPECT_FALSE(parse_sdp(head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:sometimes\r\n"));
  EXPECT_FALSE(parse_sdp(head + "garbage\r\n"));
}

TEST(IceCandidate, ParsesAndWritesChromiumCandidates) {
  auto host = parse_ice_candidate(
      "candidate:3242 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 network-id 1 network-cost "
      "10");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->foundation, "3242");
  EXPECT_EQ(host->priority, 2122260223U);
  EXPECT_EQ(host->address, "192.168.1.20");
  EXPECT_EQ(host->port, 54321);
  EXPECT_EQ(host->type, "host");
  EXPECT_EQ(host->extensions.size(), 3U);
  EXPECT_EQ(to_string(*host),
            "candidate:3242 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 network-id 1 "
            "network-cost 10");
  auto srflx = parse_ice_candidate(
      "a=candidate:842163049 1 udp 1686052607 203.0.113.7 40001 typ srflx raddr 192.168.1.20 rport 54321");
  ASSERT_TRUE(srflx);
  EXPECT_EQ(srflx->related_address, "192.168.1.20");
  EXPECT_EQ(srflx->related_port, 54321);
  EXPECT_FALSE(parse_ice_candidate("candidate:1 1 udp 1 1.2.3.4 99999 typ host"));
  EXPECT_FALSE(parse_ice_candidate("candidate:1 1 udp 1 1.2.3.4 9 host"));
}

AnswerOptions server_options() {
  AnswerOptions o;
  o.ice_ufrag = "srvU";
  o.ice_pwd = "serverpassword0123456789";
  o.fingerprint = {"sha-256", "AA:BB"};
  o.candidates.push_back(*parse_ice_candidate("candidate:1 1 udp 2130706431 198.51.100.1 40000 typ host"));
  return o;
}

TEST(SdpAnswer, AcceptsOpusVp8AndForwardableH264) {
  auto offer = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(offer);
  auto answer = create_answer(*offer, server_options());
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->ice_lite);
  ASSERT_TRUE(answer->bundle_group());
  EXPECT_EQ(answer->bundle_group()->mids, (std::vector<std::string>{"0", "1"}));
  ASSERT_EQ(answer->media.size(), 2U);

  const auto& audio = answer->media[0];
  EXPECT_EQ(audio.formats, std::vector<std::string>{"111"});
  EXPECT_EQ(audio.setup, SetupRole::Passive);
  EXPECT_EQ(audio.ice_ufrag, "srvU");
  EXPECT_TRUE(audio.rtcp_mux);
  EXPECT_EQ(audio.candidates.size(), 1U);
  EXPECT_TRUE(audio.end_of_candidates);
  ASSERT_EQ(audio.extmaps.size(), 4U);  // all four offered audio extensions are supported

  const auto& video = answer->media[1];
  // VP8 + RTX, H.264 packetization-mode=1 (42001f, 42e01f) + their RTX; not mode 0, VP9 or AV1.
  EXPECT_EQ(video.formats, (std::vector<std::string>{"96", "97", "102", "103", "106", "107"}));
  EXPECT_EQ(video.extmaps.size(), 5U);  // abs-send-time, transport-cc, mid, rid, repaired-rid
  for (const auto& fb : video.rtcp_feedback)
    EXPECT_TRUE(fb.payload_type == 96 || fb.payload_type == 102 || fb.payload_type == 106);
  EXPECT_EQ(video.direction, Direction::SendRecv);

  // The written answer parses again to the same description.
  auto text = write_sdp(*answer);
  auto reparsed = parse_sdp(text);
  ASSERT_TRUE(reparsed);
  EXPECT_EQ(write_sdp(*reparsed), text);
  EXPECT_NE(text.find("a=ice-lite\r\n"), std::string::npos);
  EXPECT_NE(text.find("a=group:BUNDLE 0 1\r\n"), std::string::npos);
}

TEST(SdpAnswer, RejectsUnsupportedSectionsAndMirrorsDirection) {
  auto offer = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(offer);
  offer->media[0].direction = Direction::SendOnly;
  AnswerOptions options = server_options();
  options.video_codecs = {"AV2"};  // nothing matches: video rejected
  auto answer = create_answer(*offer, options);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->media[0].direction, Direction::RecvOnly);
  EXPECT_TRUE(answer->media[1].rejected());
  EXPECT_EQ(answer->media[1].mid, "1");
  EXPECT_EQ(answer->bundle_group()->mids, std::vector<std::string>{"0"});
}

TEST(SdpAnswer, FailsWithoutAnyUsableSection) {
  auto offer = parse_sdp(kChromiumOffer);
  ASSERT_TRUE(offer);
  for (auto& m : offer->media) m.rtcp_mux = false;
  EXPECT_FALSE(create_answer(*offer, server_options()));
}

}  // namespace
}  // namespace parley::media::sdp
