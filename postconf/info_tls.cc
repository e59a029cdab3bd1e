// info_tls.cc: `postconf -T MODE` from OpenSSL (see info_tls.h).
#include "info_tls.h"

#include <openssl/crypto.h>
#include <openssl/opensslconf.h>
#include <openssl/opensslv.h>

#include <iostream>

namespace postkit::postconf {

int show_tls_info(const std::string& mode, Diagnostics& diag) {
  if (mode == "compile-version") {
    std::cout << OPENSSL_VERSION_TEXT << '\n';
  } else if (mode == "run-version") {
    std::cout << OpenSSL_version(OPENSSL_VERSION) << '\n';
  } else if (mode == "public-key-algorithms") {
    // The signature algorithms Postfix can use for its own keys, in
    // alphabetical order; each is present unless OpenSSL was built without it.
#ifndef OPENSSL_NO_DSA
    std::cout << "dsa\n";
#endif
#ifndef OPENSSL_NO_ECDSA
    std::cout << "ecdsa\n";
#endif
#ifndef OPENSSL_NO_RSA
    std::cout << "rsa\n";
#endif
  } else {
    diag.warning("unknown 'postconf -T' mode: " + mode);
    return 1;
  }
  std::cout << std::flush;
  return 0;
}

}  // namespace postkit::postconf
