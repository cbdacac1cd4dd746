#pragma once
// A certificate for first start without one: browsers give camera access only on https (or
// localhost), so Parley serves TLS by default with a self-signed EC P-256 certificate kept in the
// data folder and reused on later starts.
#include <filesystem>
#include <string>
#include <vector>

namespace parley::net {

struct CertificateFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
};

// Returns the files in `folder`, creating them first if either is missing. `names` go into the
// subjectAltName (DNS names or IP literals) beside localhost, 127.0.0.1 and ::1.
CertificateFiles ensure_self_signed_certificate(const std::filesystem::path& folder,
                                                const std::vector<std::string>& names);

}  // namespace parley::net
