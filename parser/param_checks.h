// param_checks.h: the value checks Postfix 3.7 makes on main.cf parameters,
// as data that postconf and postlint share.
//
// Two layers:
//   - check_value(): one value against one parameter's type (bool, int,
//     long, time) and the limits Postfix's programs enforce when they start
//     (the table in param_checks.cc, derived from real Postfix with
//     deliberately bad values by share/tools/derive-param-checks). Returns
//     Postfix's text ("bad boolean configuration: NAME = VALUE", "invalid NAME
//     parameter value 0 < 1", "parameter NAME: bad time value or unit: V",
//     ...) or nullopt when the value is fine. Types come from ParamTable.
//   - check_parameters(): what `postconf -m`, `-t` or `-b` checks before it
//     runs (postconf's own checks of the global parameters, then for -t and
//     -b the bounce daemon's): the first bad value, as a status value.
// parse_time_seconds() is Postfix's time value syntax ("3h", "1h30m", a bare
// number in `default_unit`), nullopt when malformed or out of int range.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace postkit {

enum class CheckedBy { kPostconf, kBounce };

// Postfix's complaint about `value` (already expanded) for parameter `name`,
// or nullopt when Postfix accepts it. Names of string type, and names Postfix
// does not know, are always accepted.
std::optional<std::string> check_value(std::string_view name, const std::string& value);

// The lower and upper limits Postfix enforces for name, when it has them.
struct ValueLimits {
  std::optional<long> min;
  std::optional<long> max;
};
ValueLimits value_limits(std::string_view name);

// The first value among the parameters that `by` checks that Postfix would
// refuse, with Postfix's text; nullopt when all are fine. Values are expanded
// (Config::get) first, so bad $name syntax throws FatalError as in Postfix.
std::optional<std::string> first_bad_parameter(const Config& config, CheckedBy by);
// The same as a command needs it: throws FatalError with that text.
void check_parameters(const Config& config, CheckedBy by);

std::optional<long> parse_time_seconds(std::string_view value, char default_unit);

// Parameters whose value is one word from a fixed set (smtpd_tls_security_level,
// mynetworks_style, ...): the accepted words, or nullptr for other names.
// Postfix compares them case-insensitively; an empty value means "unset".
const std::vector<std::string_view>* value_enumeration(std::string_view name);

}  // namespace postkit
