#pragma once
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

namespace parley::net {

// A TLS 1.2+ server context from PEM files; throws with the file named when one cannot be loaded.
boost::asio::ssl::context make_server_tls_context(const std::filesystem::path& certificate_chain,
                                                  const std::filesystem::path& private_key);

}  // namespace parley::net
