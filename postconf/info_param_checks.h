// info_param_checks.h: the parameter value checks that Postfix 3.7 makes when
// `postconf -m`, `-t` or `-b` runs: postconf's own checks of the global
// parameters, then (for -t and -b) the bounce daemon's.
//
// Contract: check_parameters() throws FatalError with Postfix's text for the
// first bad value ("bad boolean configuration: NAME = VALUE", "invalid NAME
// parameter value 0 < 1", ...) among the parameters that `by` checks; the
// caller prints it under the right program name. parse_time_seconds() is
// Postfix's time value syntax ("3h", "1h30m", a bare number in
// `default_unit`), nullopt when malformed or out of int range.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config.h"

namespace postkit::postconf {

enum class CheckedBy { kPostconf, kBounce };

void check_parameters(const Config& config, CheckedBy by);

std::optional<long> parse_time_seconds(std::string_view value, char default_unit);

}  // namespace postkit::postconf
