#include "media/dtls/DtlsTransport.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>

#include "media/dtls/DtlsRecord.hpp"

namespace parley::media::dtls {
namespace {

// OpenSSL's DTLS timer callback has no user pointer; the options live in SSL ex_data.
int options_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

unsigned int next_timeout_us(SSL* ssl, unsigned int previous_us) {
  const auto* options = static_cast<const DtlsTransportOptions*>(SSL_get_ex_data(ssl, options_index()));
  // OpenSSL treats a timer with under 15 ms left as already expired, so shorter delays would
  // retransmit immediately; 20 ms is the floor.
  const auto initial = std::max(
      20000U, static_cast<unsigned int>(
                  std::chrono::duration_cast<std::chrono::microseconds>(options->initial_retransmission).count()));
  const auto max = static_cast<unsigned int>(
      std::chrono::duration_cast<std::chrono::microseconds>(options->max_retransmission).count());
  if (previous_us == 0) return initial;
  return std::min(max, previous_us * 2);
}

std::string openssl_error_text() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof(buffer));
  return buffer;
}

}  // namespace

DtlsTransport::DtlsTransport(std::shared_ptr<const DtlsContext> context, Role role, DtlsTransportOptions options)
    : context_(std::move(context)), role_(role), options_(options) {
  ssl_ = context_ ? SSL_new(context_->native()) : nullptr;
  inbound_ = BIO_new(BIO_s_mem());
  outbound_ = BIO_new(BIO_s_mem());
  if (ssl_ == nullptr || inbound_ == nullptr || outbound_ == nullptr) {
    BIO_free(inbound_);
    BIO_free(outbound_);
    inbound_ = outbound_ = nullptr;
    fail("could not create the OpenSSL session");
    return;
  }
  // An empty memory BIO means "try again later", not end of file.
  BIO_set_mem_eof_return(inbound_, -1);
  BIO_set_mem_eof_return(outbound_, -1);
  SSL_set_bio(ssl_, inbound_, outbound_);
  SSL_set_ex_data(ssl_, options_index(), &options_);
  DTLS_set_timer_cb(ssl_, next_timeout_us);
  SSL_set_mtu(ssl_, static_cast<long>(options_.mtu));
  DTLS_set_link_mtu(ssl_, static_cast<long>(options_.mtu));
  if (role_ == Role::Client) {
    SSL_set_connect_state(ssl_);
  } else {
    SSL_set_accept_state(ssl_);
  }
}

DtlsTransport::~DtlsTransport() {
  if (ssl_ != nullptr) SSL_free(ssl_);  // frees both BIOs
}

void DtlsTransport::set_remote_fingerprint(std::string algorithm, std::string value) {
  remote_fingerprint_algorithm_ = std::move(algorithm);
  remote_fingerprint_ = std::move(value);
}

void DtlsTransport::start() {
  if (state_ != State::New) return;
  state_ = State::Connecting;
  if (role_ == Role::Client) advance_handshake();
}

void DtlsTransport::fail(std::string reason) {
  state_ = State::Failed;
  failure_reason_ = std::move(reason);
}

void DtlsTransport::receive(std::span<const std::uint8_t> datagram) {
  ++counters_.datagrams_received;
  if (ssl_ == nullptr || state_ == State::Failed || state_ == State::Closed || !is_dtls_datagram(datagram)) {
    ++counters_.datagrams_dropped;
    return;
  }
  if (state_ == State::New) {
    if (role_ == Role::Client) {  // nothing can be meaningful before our ClientHello
      ++counters_.datagrams_dropped;
      return;
    }
    state_ = State::Connecting;
  }
  BIO_write(inbound_, datagram.data(), static_cast<int>(datagram.size()));
  if (state_ == State::Connecting) {
    advance_handshake();
  }
  if (state_ == State::Connected) read_application_data();
  // Anything OpenSSL did not consume (e.g. a record it rejected) must not leak into the next read.
  (void)BIO_reset(inbound_);
  flush_outgoing();
}

void DtlsTransport::advance_handshake() {
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) {
    on_handshake_complete();
  } else {
    const int error = SSL_get_error(ssl_, result);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      fail("handshake failed: " + openssl_error_text());
    }
  }
  flush_outgoing();
}

void DtlsTransport::on_handshake_complete() {
  X509* peer = SSL_get1_peer_certificate(ssl_);
  if (peer == nullptr) {
    fail("peer sent no certificate");
    return;
  }
  const auto actual = certificate_fingerprint(peer, remote_fingerprint_algorithm_);
  X509_free(peer);
  if (remote_fingerprint_.empty()) {
    fail("remote fingerprint not set");
    return;
  }
  if (!actual || !fingerprints_equal(*actual, remote_fingerprint_)) {
    fail("peer certificate does not match the SDP fingerprint");
    return;
  }
  const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(ssl_);
  if (selected == nullptr) {
    fail("no SRTP profile negotiated");
    return;
  }
  srtp::SrtpKeyingMaterial keys;
  if (selected->id == SRTP_AEAD_AES_128_GCM) {
    keys.profile = srtp::SrtpProfile::AeadAes128Gcm;
  } else if (selected->id == SRTP_AES128_CM_SHA1_80) {
    keys.profile = srtp::SrtpProfile::Aes128CmHmacSha1_80;
  } else {
    fail("unsupported SRTP profile");
    return;
  }
  // RFC 5764 section 4.2: client key | server key | client salt | server salt.
  const std::size_t key = srtp::master_key_length(keys.profile);
  const std::size_t salt = srtp::master_salt_length(keys.profile);
  std::vector<std::uint8_t> material(2 * (key + salt));
  static constexpr char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl_, material.data(), material.size(), kLabel, sizeof(kLabel) - 1, nullptr, 0, 0) !=
      1) {
    fail("keying material export failed");
    return;
  }
  std::vector<std::uint8_t> client(material.begin(), material.begin() + static_cast<std::ptrdiff_t>(key));
  std::vector<std::uint8_t> server(material.begin() + static_cast<std::ptrdiff_t>(key),
                                   material.begin() + static_cast<std::ptrdiff_t>(2 * key));
  client.insert(client.end(), material.begin() + static_cast<std::ptrdiff_t>(2 * key),
                material.begin() + static_cast<std::ptrdiff_t>(2 * key + salt));
  server.insert(server.end(), material.begin() + static_cast<std::ptrdiff_t>(2 * key + salt), material.end());
  if (role_ == Role::Server) std::swap(client, server);  // now `client` holds our side
  keys.local = std::move(client);
  keys.remote = std::move(server);
  keys_ = std::move(keys);
  state_ = State::Connected;
}

void DtlsTransport::read_application_data() {
  std::uint8_t buffer[2048];
  while (true) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, buffer, sizeof(buffer));
    if (n > 0) {
      if (inbound_application_.size() >= options_.max_inbound_application_datagrams) {
        ++counters_.application_datagrams_dropped;
      } else {
        inbound_application_.emplace_back(buffer, buffer + n);
      }
      continue;
    }
    const int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_ZERO_RETURN) {
      state_ = State::Closed;
    } else if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      fail("read failed: " + openssl_error_text());
    }
    return;
  }
}

void DtlsTransport::flush_outgoing() {
  if (outbound_ == nullptr) return;
  const auto pending = BIO_ctrl_pending(outbound_);
  if (pending == 0) return;
  std::vector<std::uint8_t> bytes(pending);
  const int n = BIO_read(outbound_, bytes.data(), static_cast<int>(bytes.size()));
  if (n <= 0) return;
  bytes.resize(static_cast<std::size_t>(n));
  // A memory BIO concatenates everything OpenSSL wrote; split it back into records and pack them
  // into datagrams no larger than the MTU (a record is never split).
  DtlsRecordReader reader(bytes);
  std::vector<std::uint8_t> datagram;
  while (auto record = reader.next()) {
    if (!datagram.empty() && datagram.size() + record->bytes.size() > options_.mtu) {
      outgoing_.push_back(std::move(datagram));
      datagram.clear();
    }
    datagram.insert(datagram.end(), record->bytes.begin(), record->bytes.end());
  }
  if (!datagram.empty()) outgoing_.push_back(std::move(datagram));
}

std::vector<std::vector<std::uint8_t>> DtlsTransport::take_outgoing() {
  counters_.datagrams_sent += outgoing_.size();
  return std::exchange(outgoing_, {});
}

std::optional<std::chrono::milliseconds> DtlsTransport::retransmission_timeout() const {
  if (ssl_ == nullptr || state_ != State::Connecting) return std::nullopt;
  timeval tv{};
  if (DTLSv1_get_timeout(ssl_, &tv) != 1) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(tv.tv_sec) * 1000 + tv.tv_usec / 1000);
}

void DtlsTransport::handle_timeout() {
  if (ssl_ == nullptr || state_ != State::Connecting) return;
  const int result = DTLSv1_handle_timeout(ssl_);
  if (result > 0) {
    ++counters_.retransmissions;
  } else if (result < 0) {
    fail("handshake timed out");
  }
  flush_outgoing();
}

bool DtlsTransport::send_application_data(std::span<const std::uint8_t> data) {
  if (state_ != State::Connected || data.empty()) return false;
  ERR_clear_error();
  const int n = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
  flush_outgoing();
  return n == static_cast<int>(data.size());
}

std::deque<std::vector<std::uint8_t>> DtlsTransport::take_application_data() {
  return std::exchange(inbound_application_, {});
}

void DtlsTransport::close() {
  if (ssl_ != nullptr && state_ == State::Connected) {
    SSL_shutdown(ssl_);
    flush_outgoing();
  }
  if (state_ != State::Failed) state_ = State::Closed;
}

}  // namespace parley::media::dtls
