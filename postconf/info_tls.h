// info_tls.h: `postconf -T compile-version|run-version|public-key-algorithms`.
// Answers come from the OpenSSL library postkit is built with and runs
// against, as Postfix's come from the one it was built with.
// Contract: prints one answer to stdout and returns 0; an unknown mode is a
// warning and exit status 1, as in Postfix.
#pragma once

#include <string>

#include "diag.h"

namespace postkit::postconf {

int show_tls_info(const std::string& mode, Diagnostics& diag);

}  // namespace postkit::postconf
