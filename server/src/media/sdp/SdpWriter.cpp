#include "media/sdp/SdpWriter.hpp"

namespace parley::media::sdp {
namespace {

class Lines {
 public:
  void add(char type, std::string_view value) {
    out_ += type;
    out_ += '=';
    out_ += value;
    out_ += "\r\n";
  }
  void attribute(std::string_view name) { add('a', name); }
  void attribute(std::string_view name, std::string_view value) {
    out_ += "a=";
    out_ += name;
    out_ += ':';
    out_ += value;
    out_ += "\r\n";
  }
  std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

std::string join(const std::vector<std::string>& items, std::string_view separator = " ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

template <typename Target>
void write_transport(Lines& lines, const Target& t) {
  if (t.ice_ufrag) lines.attribute("ice-ufrag", *t.ice_ufrag);
  if (t.ice_pwd) lines.attribute("ice-pwd", *t.ice_pwd);
  if (!t.ice_options.empty()) lines.attribute("ice-options", join(t.ice_options));
  if (t.fingerprint) lines.attribute("fingerprint", t.fingerprint->algorithm + " " + t.fingerprint->value);
  if (t.setup) lines.attribute("setup", to_string(*t.setup));
}

void write_other(Lines& lines, const std::vector<Attribute>& attributes) {
  for (const auto& a : attributes) {
    if (a.value) {
      lines.attribute(a.name, *a.value);
    } else {
      lines.attribute(a.name);
    }
  }
}

void write_media(Lines& lines, const MediaDescription& m) {
  std::string mline = m.kind + " " + std::to_string(m.port) + " " + m.protocol;
  for (const auto& f : m.formats) mline += " " + f;
  lines.add('m', mline);
  if (m.connection) lines.add('c', *m.connection);
  for (const auto& b : m.bandwidths) lines.add('b', b);
  if (m.rtcp) lines.attribute("rtcp", *m.rtcp);
  for (const auto& c : m.candidates) lines.add('a', to_string(c));
  if (m.end_of_candidates) lines.attribute("end-of-candidates");
  write_transport(lines, m);
  if (!m.mid.empty()) lines.attribute("mid", m.mid);
  for (const auto& e : m.extmaps) {
    std::string v = std::to_string(e.id);
    if (e.direction) v += "/" + std::string(to_string(*e.direction));
    v += " " + e.uri;
    if (!e.attributes.empty()) v += " " + e.attributes;
    lines.attribute("extmap", v);
  }
  lines.attribute(to_string(m.direction));
  for (const auto& msid : m.msids) {
    lines.attribute("msid", msid.track_id.empty() ? msid.stream_id : msid.stream_id + " " + msid.track_id);
  }
  if (m.rtcp_mux) lines.attribute("rtcp-mux");
  if (m.rtcp_rsize) lines.attribute("rtcp-rsize");
  // Codec attributes grouped per payload type, in rtpmap order.
  for (const auto& r : m.rtpmaps) {
    std::string v = std::to_string(r.payload_type) + " " + r.encoding + "/" + std::to_string(r.clock_rate);
    if (r.channels != 0) v += "/" + std::to_string(r.channels);
    lines.attribute("rtpmap", v);
    for (const auto& fb : m.rtcp_feedback) {
      if (fb.payload_type != r.payload_type) continue;
      lines.attribute(
          "rtcp-fb", std::to_string(r.payload_type) + " " + fb.type + (fb.parameter.empty() ? "" : " " + fb.parameter));
    }
    for (const auto& f : m.fmtps) {
      if (f.payload_type == r.payload_type)
        lines.attribute("fmtp", std::to_string(f.payload_type) + " " + f.parameters);
    }
  }
  // Feedback and fmtp for payload types without an rtpmap (static types, or "*").
  for (const auto& fb : m.rtcp_feedback) {
    if (fb.payload_type && m.find_rtpmap(*fb.payload_type) != nullptr) continue;
    lines.attribute("rtcp-fb", (fb.payload_type ? std::to_string(*fb.payload_type) : std::string("*")) + " " + fb.type +
                                   (fb.parameter.empty() ? "" : " " + fb.parameter));
  }
  for (const auto& f : m.fmtps) {
    if (m.find_rtpmap(f.payload_type) == nullptr) {
      lines.attribute("fmtp", std::to_string(f.payload_type) + " " + f.parameters);
    }
  }
  if (m.sctp_port) lines.attribute("sctp-port", std::to_string(*m.sctp_port));
  if (m.max_message_size) lines.attribute("max-message-size", std::to_string(*m.max_message_size));
  for (const auto& g : m.ssrc_groups) {
    std::string v = g.semantics;
    for (auto ssrc : g.ssrcs) v += " " + std::to_string(ssrc);
    lines.attribute("ssrc-group", v);
  }
  for (const auto& s : m.ssrcs) {
    lines.attribute("ssrc", std::to_string(s.ssrc) + " " + s.name + (s.value.empty() ? "" : ":" + s.value));
  }
  write_other(lines, m.other_attributes);
}

}  // namespace

std::string write_sdp(const SessionDescription& s) {
  Lines lines;
  lines.add('v', "0");
  const auto& o = s.origin;
  lines.add('o', o.username + " " + o.session_id + " " + o.session_version + " " + o.network_type + " " +
                     o.address_type + " " + o.address);
  lines.add('s', s.session_name);
  lines.add('t', s.timing);
  if (s.ice_lite) lines.attribute("ice-lite");
  for (const auto& g : s.groups) {
    lines.attribute("group", g.mids.empty() ? g.semantics : g.semantics + " " + join(g.mids));
  }
  if (s.extmap_allow_mixed) lines.attribute("extmap-allow-mixed");
  if (s.msid_semantic) lines.attribute("msid-semantic", *s.msid_semantic);
  write_transport(lines, s);
  write_other(lines, s.other_attributes);
  for (const auto& m : s.media) write_media(lines, m);
  return std::move(lines).take();
}

}  // namespace parley::media::sdp
