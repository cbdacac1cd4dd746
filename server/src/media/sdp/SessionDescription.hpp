// The parts of an SDP session description (RFC 8866) that WebRTC uses (JSEP, RFC 8829), as plain
// values. Attributes we do not interpret are kept in order so a parsed description can be rewritten.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/sdp/IceCandidate.hpp"

namespace parley::media::sdp {

enum class Direction : std::uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };
enum class SetupRole : std::uint8_t { ActPass, Active, Passive, HoldConn };

std::string_view to_string(Direction direction);
std::optional<Direction> parse_direction(std::string_view text);
Direction reverse(Direction direction);  // what an answerer mirrors: sendonly <-> recvonly
std::string_view to_string(SetupRole role);
std::optional<SetupRole> parse_setup_role(std::string_view text);

struct Fingerprint {
  std::string algorithm;  // "sha-256"
  std::string value;      // upper-case hex pairs separated by ':'
};

struct RtpMap {
  std::uint8_t payload_type = 0;
  std::string encoding;  // as written, e.g. "opus", "VP8", "H264", "rtx"
  std::uint32_t clock_rate = 0;
  std::uint8_t channels = 0;  // 0: not written
};

struct Fmtp {
  std::uint8_t payload_type = 0;
  std::string parameters;  // "minptime=10;useinbandfec=1"
};

struct RtcpFeedback {
  std::optional<std::uint8_t> payload_type;  // nullopt: "*"
  std::string type;                          // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameter;                     // "pli", "fir" or empty
};

struct ExtMap {
  std::uint16_t id = 0;
  std::optional<Direction> direction;
  std::string uri;
  std::string attributes;
};

struct SsrcAttribute {
  std::uint32_t ssrc = 0;
  std::string name;   // "cname", "msid"
  std::string value;  // may be empty
};

struct SsrcGroup {
  std::string semantics;  // "FID", "SIM"
  std::vector<std::uint32_t> ssrcs;
};

struct Msid {
  std::string stream_id;
  std::string track_id;  // may be empty
};

struct Group {
  std::string semantics;  // "BUNDLE"
  std::vector<std::string> mids;
};

// An attribute this model does not interpret: "a=name" or "a=name:value".
struct Attribute {
  std::string name;
  std::optional<std::string> value;
};

struct MediaDescription {
  std::string kind;  // "audio", "video", "application"
  std::uint16_t port = 9;
  std::string protocol;                   // "UDP/TLS/RTP/SAVPF"
  std::vector<std::string> formats;       // payload types, or "webrtc-datachannel"
  std::optional<std::string> connection;  // c= value, e.g. "IN IP4 0.0.0.0"
  std::vector<std::string> bandwidths;    // b= values, e.g. "AS:2000"

  std::string mid;
  Direction direction = Direction::SendRecv;
  bool rtcp_mux = false;
  bool rtcp_rsize = false;
  std::optional<std::string> rtcp;  // a=rtcp: value
  std::optional<std::string> ice_ufrag;
  std::optional<std::string> ice_pwd;
  std::vector<std::string> ice_options;
  std::optional<Fingerprint> fingerprint;
  std::optional<SetupRole> setup;
  std::vector<ExtMap> extmaps;
  std::vector<RtpMap> rtpmaps;
  std::vector<Fmtp> fmtps;
  std::vector<RtcpFeedback> rtcp_feedback;
  std::vector<Msid> msids;
  std::vector<SsrcAttribute> ssrcs;
  std::vector<SsrcGroup> ssrc_groups;
  std::vector<IceCandidate> candidates;
  bool end_of_candidates = false;
  std::optional<std::uint16_t> sctp_port;
  std::optional<std::uint32_t> max_message_size;
  std::vector<Attribute> other_attributes;

  const RtpMap* find_rtpmap(std::uint8_t payload_type) const;
  const Fmtp* find_fmtp(std::uint8_t payload_type) const;
  bool rejected() const { return port == 0; }
};

struct Origin {
  std::string username = "-";
  std::string session_id = "0";
  std::string session_version = "0";
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";
};

struct SessionDescription {
  Origin origin;
  std::string session_name = "-";
  std::string timing = "0 0";
  std::vector<Group> groups;
  std::optional<std::string> msid_semantic;  // value after "msid-semantic:", e.g. " WMS *"
  bool extmap_allow_mixed = false;
  bool ice_lite = false;
  std::optional<std::string> ice_ufrag;
  std::optional<std::string> ice_pwd;
  std::vector<std::string> ice_options;
  std::optional<Fingerprint> fingerprint;
  std::optional<SetupRole> setup;
  std::vector<Attribute> other_attributes;
  std::vector<MediaDescription> media;

  const Group* bundle_group() const;
  // Per-media value, falling back to the session level (Firefox puts some at the session level).
  std::optional<std::string> ice_ufrag_for(const MediaDescription& m) const;
  std::optional<std::string> ice_pwd_for(const MediaDescription& m) const;
  std::optional<Fingerprint> fingerprint_for(const MediaDescription& m) const;
  std::optional<SetupRole> setup_for(const MediaDescription& m) const;
};

// "a=b;c=d" into (key, value) pairs, in order; keys without '=' get an empty value.
std::vector<std::pair<std::string, std::string>> parse_fmtp_parameters(std::string_view parameters);

}  // namespace parley::media::sdp
