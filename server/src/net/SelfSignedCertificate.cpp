#include "net/SelfSignedCertificate.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <boost/asio/ip/address.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>

#include "core/SecureRandom.hpp"

namespace parley::net {

namespace fs = std::filesystem;

namespace {
template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("creating the self-signed certificate failed: ") + what);
}

std::string alt_names(const std::vector<std::string>& names) {
  std::string out = "DNS:localhost,IP:127.0.0.1,IP:::1";
  for (const auto& name : names) {
    if (name.empty() || name == "localhost" || name == "0.0.0.0" || name == "::") continue;
    boost::system::error_code ec;
    boost::asio::ip::make_address(name, ec);
    out += (ec ? ",DNS:" : ",IP:") + name;
  }
  return out;
}

void add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1, "extension");
}

void write_pem(const fs::path& path, mode_t mode, const std::function<bool(FILE*)>& write) {
  const fs::path temp = path.string() + ".tmp";
  FILE* file = std::fopen(temp.c_str(), "wb");
  check(file != nullptr, "open for writing");
  ::chmod(temp.c_str(), mode);
  const bool ok = write(file);
  std::fclose(file);
  check(ok, "write PEM");
  fs::rename(temp, path);
}
}  // namespace

CertificateFiles ensure_self_signed_certificate(const fs::path& folder, const std::vector<std::string>& names) {
  CertificateFiles files{folder / "self-signed-cert.pem", folder / "self-signed-key.pem"};
  if (fs::exists(files.certificate) && fs::exists(files.private_key)) return files;
  fs::create_directories(folder);

  KeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key generation");
  CertPtr cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  auto serial = core::secure_random_bytes(16);
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 397);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Parley"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Parley self-signed"), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);
  add_extension(cert.get(), NID_subject_alt_name, alt_names(names));
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "sign");

  write_pem(files.private_key, 0600,
            [&](FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1; });
  write_pem(files.certificate, 0644, [&](FILE* f) { return PEM_write_X509(f, cert.get()) == 1; });
  return files;
}

}  // namespace parley::net
