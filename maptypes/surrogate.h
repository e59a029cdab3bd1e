// surrogate.h: a table that stands in for one that could not be opened.
//
// As Postfix's dict_surrogate: every lookup, update, delete and sequence
// warns "TYPE:NAME is unavailable. REASON" and fails with kRetry, so a daemon
// that serves many tables keeps serving the others and answers "try again
// later" for this one, instead of dying of a configuration mistake.
#pragma once

#include <memory>
#include <string>

#include "dict.h"

namespace postkit {

// A Dict named by req.type and req.name that fails every operation with
// `reason` (the open's message).
std::unique_ptr<Dict> make_surrogate(const OpenRequest& req, std::string reason);

}  // namespace postkit
