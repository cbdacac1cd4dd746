// One DTLS 1.2 association over OpenSSL memory BIOs. The caller moves datagrams: it feeds what
// arrives with receive(), sends what take_outgoing() returns, and drives retransmission by calling
// handle_timeout() once retransmission_timeout() has elapsed. No sockets, no threads, no throws.
//
// After the handshake the peer certificate is checked against the fingerprint from SDP, then the
// negotiated SRTP profile and exported keys are available for SrtpSession.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/dtls/DtlsContext.hpp"
#include "media/srtp/SrtpProfile.hpp"

struct ssl_st;
struct bio_st;

namespace parley::media::dtls {

struct DtlsTransportOptions {
  std::size_t mtu = 1200;
  // First handshake retransmission delay (at least 20 ms); doubled on each retransmission up to max.
  std::chrono::milliseconds initial_retransmission{400};
  std::chrono::milliseconds max_retransmission{8000};
  std::size_t max_inbound_application_datagrams = 256;  // a slow consumer loses data, memory stays bounded
};

class DtlsTransport {
 public:
  enum class Role { Client, Server };
  enum class State { New, Connecting, Connected, Failed, Closed };

  struct Counters {
    std::uint64_t datagrams_received = 0;
    std::uint64_t datagrams_dropped = 0;  // not DTLS, or arrived in a state that cannot use them
    std::uint64_t datagrams_sent = 0;
    std::uint64_t retransmissions = 0;
    std::uint64_t application_datagrams_dropped = 0;
  };

  DtlsTransport(std::shared_ptr<const DtlsContext> context, Role role, DtlsTransportOptions options = {});
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // The remote "a=fingerprint" (algorithm and value). Must be set before the handshake completes.
  void set_remote_fingerprint(std::string algorithm, std::string value);

  // Client: sends the ClientHello. Server: starts waiting for one.
  void start();
  void receive(std::span<const std::uint8_t> datagram);
  std::vector<std::vector<std::uint8_t>> take_outgoing();

  // Time until handle_timeout() should be called, while a handshake flight awaits an answer.
  std::optional<std::chrono::milliseconds> retransmission_timeout() const;
  void handle_timeout();

  // Application data (SCTP for data channels), only once connected.
  bool send_application_data(std::span<const std::uint8_t> data);
  std::deque<std::vector<std::uint8_t>> take_application_data();

  void close();  // sends close_notify

  State state() const { return state_; }
  Role role() const { return role_; }
  const std::string& failure_reason() const { return failure_reason_; }
  const Counters& counters() const { return counters_; }
  // Available once Connected.
  const std::optional<srtp::SrtpKeyingMaterial>& srtp_keying_material() const { return keys_; }

 private:
  void advance_handshake();
  void read_application_data();
  void on_handshake_complete();
  void fail(std::string reason);
  void flush_outgoing();

  std::shared_ptr<const DtlsContext> context_;
  Role role_;
  DtlsTransportOptions options_;
  ssl_st* ssl_ = nullptr;
  bio_st* inbound_ = nullptr;   // owned by ssl_
  bio_st* outbound_ = nullptr;  // owned by ssl_
  State state_ = State::New;
  std::string remote_fingerprint_algorithm_;
  std::string remote_fingerprint_;
  std::string failure_reason_;
  std::vector<std::vector<std::uint8_t>> outgoing_;
  std::deque<std::vector<std::uint8_t>> inbound_application_;
  std::optional<srtp::SrtpKeyingMaterial> keys_;
  Counters counters_;
};

}  // namespace parley::media::dtls
