#include "media/sdp/SdpParser.hpp"

#include "media/sdp/SdpText.hpp"

namespace parley::media::sdp {
namespace {

using text::parse_number;
using text::tokens;

std::optional<Fingerprint> parse_fingerprint(std::string_view value) {
  const auto t = tokens(value);
  if (t.size() != 2) return std::nullopt;
  return Fingerprint{std::string(t[0]), std::string(t[1])};
}

// Attributes valid at both levels. Returns false on a malformed value; sets `handled`.
template <typename Target>
bool parse_transport_attribute(Target& target, std::string_view name, std::string_view value, bool& handled) {
  handled = true;
  if (name == "ice-ufrag") {
    target.ice_ufrag = std::string(value);
  } else if (name == "ice-pwd") {
    target.ice_pwd = std::string(value);
  } else if (name == "ice-options") {
    for (auto option : tokens(value)) target.ice_options.emplace_back(option);
  } else if (name == "fingerprint") {
    auto fingerprint = parse_fingerprint(value);
    if (!fingerprint) return false;
    target.fingerprint = std::move(*fingerprint);
  } else if (name == "setup") {
    auto role = parse_setup_role(value);
    if (!role) return false;
    target.setup = *role;
  } else {
    handled = false;
  }
  return true;
}

bool parse_media_attribute(MediaDescription& m, std::string_view name, std::optional<std::string_view> value) {
  const std::string_view v = value.value_or("");
  bool handled = false;
  if (!parse_transport_attribute(m, name, v, handled)) return false;
  if (handled) return true;
  if (auto direction = parse_direction(name); direction && !value) {
    m.direction = *direction;
  } else if (name == "mid") {
    m.mid = std::string(v);
  } else if (name == "rtcp-mux" && !value) {
    m.rtcp_mux = true;
  } else if (name == "rtcp-rsize" && !value) {
    m.rtcp_rsize = true;
  } else if (name == "rtcp") {
    m.rtcp = std::string(v);
  } else if (name == "extmap") {
    const auto t = tokens(v);
    if (t.size() < 2) return false;
    ExtMap e;
    const auto slash = t[0].find('/');
    auto id = parse_number<std::uint16_t>(t[0].substr(0, slash));
    if (!id || *id == 0 || *id > 255) return false;
    e.id = *id;
    if (slash != std::string_view::npos) {
      e.direction = parse_direction(t[0].substr(slash + 1));
      if (!e.direction) return false;
    }
    e.uri = std::string(t[1]);
    for (std::size_t i = 2; i < t.size(); ++i) {
      if (!e.attributes.empty()) e.attributes += ' ';
      e.attributes.append(t[i]);
    }
    m.extmaps.push_back(std::move(e));
  } else if (name == "rtpmap") {
    const auto t = tokens(v);
    if (t.size() != 2) return false;
    auto pt = parse_number<std::uint8_t>(t[0]);
    const auto parts = text::split(t[1], '/');
    if (!pt || *pt > 127 || parts.size() < 2 || parts.size() > 3 || parts[0].empty()) return false;
    auto clock = parse_number<std::uint32_t>(parts[1]);
    if (!clock) return false;
    RtpMap r{*pt, std::string(parts[0]), *clock, 0};
    if (parts.size() == 3) {
      auto channels = parse_number<std::uint8_t>(parts[2]);
      if (!channels) return false;
      r.channels = *channels;
    }
    m.rtpmaps.push_back(std::move(r));
  } else if (name == "fmtp") {
    const auto space = v.find(' ');
    if (space == std::string_view::npos) return false;
    auto pt = parse_number<std::uint8_t>(v.substr(0, space));
    if (!pt || *pt > 127) return false;
    m.fmtps.push_back({*pt, std::string(text::trim(v.substr(space + 1)))});
  } else if (name == "rtcp-fb") {
    const auto t = tokens(v);
    if (t.size() < 2 || t.size() > 3) return false;
    RtcpFeedback fb;
    if (t[0] != "*") {
      auto pt = parse_number<std::uint8_t>(t[0]);
      if (!pt || *pt > 127) return false;
      fb.payload_type = *pt;
    }
    fb.type = std::string(t[1]);
    if (t.size() == 3) fb.parameter = std::string(t[2]);
    m.rtcp_feedback.push_back(std::move(fb));
  } else if (name == "msid") {
    const auto t = tokens(v);
    if (t.empty() || t.size() > 2) return false;
    m.msids.push_back({std::string(t[0]), t.size() == 2 ? std::string(t[1]) : std::string()});
  } else if (name == "ssrc") {
    const auto space = v.find(' ');
    auto ssrc = parse_number<std::uint32_t>(v.substr(0, space));
    if (!ssrc || space == std::string_view::npos) return false;
    const auto rest = v.substr(space + 1);
    const auto colon = rest.find(':');
    SsrcAttribute a{*ssrc, std::string(rest.substr(0, colon)), {}};
    if (colon != std::string_view::npos) a.value = std::string(rest.substr(colon + 1));
    if (a.name.empty()) return false;
    m.ssrcs.push_back(std::move(a));
  } else if (name == "ssrc-group") {
    const auto t = tokens(v);
    if (t.empty()) return false;
    SsrcGroup g{std::string(t[0]), {}};
    for (std::size_t i = 1; i < t.size(); ++i) {
      auto ssrc = parse_number<std::uint32_t>(t[i]);
      if (!ssrc) return false;
      g.ssrcs.push_back(*ssrc);
    }
    m.ssrc_groups.push_back(std::move(g));
  } else if (name == "candidate") {
    auto candidate = parse_ice_candidate(v);
    if (!candidate) return false;
    m.candidates.push_back(std::move(*candidate));
  } else if (name == "end-of-candidates") {
    m.end_of_candidates = true;
  } else if (name == "sctp-port") {
    auto port = parse_number<std::uint16_t>(v);
    if (!port) return false;
    m.sctp_port = *port;
  } else if (name == "max-message-size") {
    auto size = parse_number<std::uint32_t>(v);
    if (!size) return false;
    m.max_message_size = *size;
  } else {
    m.other_attributes.push_back(
        {std::string(name), value ? std::optional<std::string>(std::string(*value)) : std::nullopt});
  }
  return true;
}

bool parse_session_attribute(SessionDescription& s, std::string_view name, std::optional<std::string_view> value) {
  const std::string_view v = value.value_or("");
  bool handled = false;
  if (!parse_transport_attribute(s, name, v, handled)) return false;
  if (handled) return true;
  if (name == "group") {
    const auto t = tokens(v);
    if (t.empty()) return false;
    Group g{std::string(t[0]), {}};
    for (std::size_t i = 1; i < t.size(); ++i) g.mids.emplace_back(t[i]);
    s.groups.push_back(std::move(g));
  } else if (name == "msid-semantic") {
    s.msid_semantic = std::string(v);
  } else if (name == "extmap-allow-mixed") {
    s.extmap_allow_mixed = true;
  } else if (name == "ice-lite") {
    s.ice_lite = true;
  } else {
    s.other_attributes.push_back(
        {std::string(name), value ? std::optional<std::string>(std::string(*value)) : std::nullopt});
  }
  return true;
}

bool parse_origin(Origin& o, std::string_view value) {
  const auto t = tokens(value);
  if (t.size() != 6) return false;
  o = {std::string(t[0]), std::string(t[1]), std::string(t[2]),
       std::string(t[3]), std::string(t[4]), std::string(t[5])};
  return true;
}

bool parse_media_line(MediaDescription& m, std::string_view value) {
  const auto t = tokens(value);
  if (t.size() < 3) return false;
  m.kind = std::string(t[0]);
  const auto slash = t[1].find('/');  // "port/count" is legal; the count is not used by WebRTC
  auto port = parse_number<std::uint16_t>(t[1].substr(0, slash));
  if (!port) return false;
  m.port = *port;
  m.protocol = std::string(t[2]);
  for (std::size_t i = 3; i < t.size(); ++i) m.formats.emplace_back(t[i]);
  return true;
}

}  // namespace

std::optional<SessionDescription> parse_sdp(std::string_view sdp) {
  if (sdp.size() > kMaxSdpSize) return std::nullopt;
  SessionDescription s;
  bool seen_version = false;
  bool seen_origin = false;
  MediaDescription* media = nullptr;
  std::size_t pos = 0;
  while (pos < sdp.size()) {
    std::size_t end = sdp.find('\n', pos);
    if (end == std::string_view::npos) end = sdp.size();
    std::string_view line = sdp.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '=') return std::nullopt;
    const char type = line[0];
    const std::string_view value = line.substr(2);
    if (!seen_version) {
      if (type != 'v' || value != "0") return std::nullopt;
      seen_version = true;
      continue;
    }
    switch (type) {
      case 'o':
        if (media != nullptr || !parse_origin(s.origin, value)) return std::nullopt;
        seen_origin = true;
        break;
      case 's':
        if (media == nullptr) s.session_name = std::string(value);
        break;
      case 't':
        if (media == nullptr) s.timing = std::string(value);
        break;
      case 'm': {
        if (s.media.size() >= kMaxMediaSections) return std::nullopt;
        MediaDescription m;
        if (!parse_media_line(m, value)) return std::nullopt;
        s.media.push_back(std::move(m));
        media = &s.media.back();
        break;
      }
      case 'c':
        if (media != nullptr) media->connection = std::string(value);
        break;
      case 'b':
        if (media != nullptr) media->bandwidths.emplace_back(value);
        break;
      case 'a': {
        const auto colon = value.find(':');
        const std::string_view name = value.substr(0, colon);
        std::optional<std::string_view> attribute_value;
        if (colon != std::string_view::npos) attribute_value = text::trim(value.substr(colon + 1));
        if (name.empty()) return std::nullopt;
        const bool ok = media != nullptr ? parse_media_attribute(*media, name, attribute_value)
                                         : parse_session_attribute(s, name, attribute_value);
        if (!ok) return std::nullopt;
        break;
      }
      default:
        break;  // i=, u=, e=, p=, z=, k=, r=, and unknown types: not used by WebRTC
    }
  }
  if (!seen_version || !seen_origin) return std::nullopt;
  return s;
}

}  // namespace parley::media::sdp
