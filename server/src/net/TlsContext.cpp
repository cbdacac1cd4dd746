#include "net/TlsContext.hpp"

#include <stdexcept>

namespace parley::net {

boost::asio::ssl::context make_server_tls_context(const std::filesystem::path& certificate_chain,
                                                  const std::filesystem::path& private_key) {
  namespace ssl = boost::asio::ssl;
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(certificate_chain.string(), ec);
  if (ec) throw std::runtime_error("cannot load TLS certificate " + certificate_chain.string() + ": " + ec.message());
  ctx.use_private_key_file(private_key.string(), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load TLS key " + private_key.string() + ": " + ec.message());
  return ctx;
}

}  // namespace parley::net
