#include "media/sdp/SessionDescription.hpp"

#include "media/sdp/SdpText.hpp"

namespace parley::media::sdp {

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::SendOnly:
      return "sendonly";
    case Direction::RecvOnly:
      return "recvonly";
    case Direction::Inactive:
      return "inactive";
    case Direction::SendRecv:
      break;
  }
  return "sendrecv";
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "sendrecv") return Direction::SendRecv;
  if (text == "sendonly") return Direction::SendOnly;
  if (text == "recvonly") return Direction::RecvOnly;
  if (text == "inactive") return Direction::Inactive;
  return std::nullopt;
}

Direction reverse(Direction direction) {
  switch (direction) {
    case Direction::SendOnly:
      return Direction::RecvOnly;
    case Direction::RecvOnly:
      return Direction::SendOnly;
    default:
      return direction;
  }
}

std::string_view to_string(SetupRole role) {
  switch (role) {
    case SetupRole::Active:
      return "active";
    case SetupRole::Passive:
      return "passive";
    case SetupRole::HoldConn:
      return "holdconn";
    case SetupRole::ActPass:
      break;
  }
  return "actpass";
}

std::optional<SetupRole> parse_setup_role(std::string_view text) {
  if (text == "actpass") return SetupRole::ActPass;
  if (text == "active") return SetupRole::Active;
  if (text == "passive") return SetupRole::Passive;
  if (text == "holdconn") return SetupRole::HoldConn;
  return std::nullopt;
}

const RtpMap* MediaDescription::find_rtpmap(std::uint8_t payload_type) const {
  for (const auto& r : rtpmaps) {
    if (r.payload_type == payload_type) return &r;
  }
  return nullptr;
}

const Fmtp* MediaDescription::find_fmtp(std::uint8_t payload_type) const {
  for (const auto& f : fmtps) {
    if (f.payload_type == payload_type) return &f;
  }
  return nullptr;
}

const Group* SessionDescription::bundle_group() const {
  for (const auto& g : groups) {
    if (g.semantics == "BUNDLE") return &g;
  }
  return nullptr;
}

std::optional<std::string> SessionDescription::ice_ufrag_for(const MediaDescription& m) const {
  return m.ice_ufrag ? m.ice_ufrag : ice_ufrag;
}
std::optional<std::string> SessionDescription::ice_pwd_for(const MediaDescription& m) const {
  return m.ice_pwd ? m.ice_pwd : ice_pwd;
}
std::optional<Fingerprint> SessionDescription::fingerprint_for(const MediaDescription& m) const {
  return m.fingerprint ? m.fingerprint : fingerprint;
}
std::optional<SetupRole> SessionDescription::setup_for(const MediaDescription& m) const {
  return m.setup ? m.setup : setup;
}

std::vector<std::pair<std::string, std::string>> parse_fmtp_parameters(std::string_view parameters) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto part : text::split(parameters, ';')) {
    part = text::trim(part);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string(part), std::string());
    } else {
      out.emplace_back(std::string(text::trim(part.substr(0, eq))), std::string(text::trim(part.substr(eq + 1))));
    }
  }
  return out;
}

}  // namespace parley::media::sdp
