// info_param_checks.cc: the value checks of `postconf -m/-t/-b` (see
// info_param_checks.h). The table lists what Postfix 3.7.11 checks and who
// reports it, derived from real Postfix with deliberately bad values
// (share/tools/derive-param-checks), not from its source.
#include "info_param_checks.h"

#include <strings.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "param_table.h"

namespace postkit::postconf {
namespace {

enum class Kind { kBool, kInt, kLong, kTime };

struct Check {
  std::string_view name;
  Kind kind;
  CheckedBy by;
  std::optional<long> min;
  std::optional<long> max;
};

constexpr CheckedBy P = CheckedBy::kPostconf;
constexpr CheckedBy B = CheckedBy::kBounce;
constexpr std::optional<long> kNone = std::nullopt;

// Sorted by name.
const std::array kChecks = {
    Check{"address_verify_negative_cache", Kind::kBool, P, kNone, kNone},
    Check{"application_event_drain_time", Kind::kTime, P, 1L, kNone},
    Check{"backwards_bounce_logfile_compatibility", Kind::kBool, P, kNone, kNone},
    Check{"berkeley_db_create_buffer_size", Kind::kInt, P, 1L, kNone},
    Check{"berkeley_db_read_buffer_size", Kind::kInt, P, 1L, kNone},
    Check{"bounce_size_limit", Kind::kInt, B, 1L, kNone},
    Check{"daemon_table_open_error_is_fatal", Kind::kBool, P, kNone, kNone},
    Check{"daemon_timeout", Kind::kTime, P, 1L, kNone},
    Check{"debug_peer_level", Kind::kInt, P, 1L, kNone},
    Check{"default_process_limit", Kind::kInt, P, 1L, kNone},
    Check{"delay_logging_resolution_limit", Kind::kInt, P, kNone, 6L},
    Check{"delay_warning_time", Kind::kTime, B, kNone, kNone},
    Check{"deliver_lock_attempts", Kind::kInt, P, 1L, kNone},
    Check{"deliver_lock_delay", Kind::kTime, P, 1L, kNone},
    Check{"disable_dns_lookups", Kind::kBool, P, kNone, kNone},
    Check{"disable_mime_input_processing", Kind::kBool, P, kNone, kNone},
    Check{"disable_mime_output_conversion", Kind::kBool, P, kNone, kNone},
    Check{"dns_ncache_ttl_fix_enable", Kind::kBool, P, kNone, kNone},
    Check{"dont_remove", Kind::kInt, P, kNone, kNone},
    Check{"enable_idna2003_compatibility", Kind::kBool, P, kNone, kNone},
    Check{"enable_long_queue_ids", Kind::kBool, P, kNone, kNone},
    Check{"enable_original_recipient", Kind::kBool, P, kNone, kNone},
    Check{"enable_threaded_bounces", Kind::kBool, B, kNone, kNone},
    Check{"fault_injection_code", Kind::kInt, P, kNone, kNone},
    Check{"fork_attempts", Kind::kInt, P, 1L, kNone},
    Check{"fork_delay", Kind::kTime, P, 1L, kNone},
    Check{"hash_queue_depth", Kind::kInt, P, 1L, kNone},
    Check{"header_address_token_limit", Kind::kInt, P, 1L, kNone},
    Check{"header_size_limit", Kind::kInt, P, 1L, kNone},
    Check{"helpful_warnings", Kind::kBool, P, kNone, kNone},
    Check{"in_flow_delay", Kind::kTime, P, kNone, 10L},
    Check{"ipc_idle", Kind::kTime, P, 1L, kNone},
    Check{"ipc_timeout", Kind::kTime, P, 1L, kNone},
    Check{"ipc_ttl", Kind::kTime, P, 1L, kNone},
    Check{"line_length_limit", Kind::kInt, P, 512L, kNone},
    Check{"lmdb_map_size", Kind::kLong, P, 1L, kNone},
    Check{"max_idle", Kind::kTime, P, 1L, kNone},
    Check{"max_use", Kind::kInt, P, 1L, kNone},
    Check{"maximal_queue_lifetime", Kind::kTime, B, kNone, 8640000L},
    Check{"message_size_limit", Kind::kLong, P, kNone, kNone},
    Check{"mime_boundary_length_limit", Kind::kInt, P, 1L, kNone},
    Check{"mime_nesting_limit", Kind::kInt, P, 1L, kNone},
    Check{"multi_instance_enable", Kind::kBool, P, kNone, kNone},
    Check{"owner_request_special", Kind::kBool, P, kNone, kNone},
    Check{"respectful_logging", Kind::kBool, P, kNone, kNone},
    Check{"send_cyrus_sasl_authzid", Kind::kBool, P, kNone, kNone},
    Check{"smtputf8_enable", Kind::kBool, P, kNone, kNone},
    Check{"soft_bounce", Kind::kBool, P, kNone, kNone},
    Check{"stale_lock_time", Kind::kTime, P, 1L, kNone},
    Check{"strict_7bit_headers", Kind::kBool, P, kNone, kNone},
    Check{"strict_8bitmime", Kind::kBool, P, kNone, kNone},
    Check{"strict_8bitmime_body", Kind::kBool, P, kNone, kNone},
    Check{"strict_mime_encoding_domain", Kind::kBool, P, kNone, kNone},
    Check{"strict_smtputf8", Kind::kBool, P, kNone, kNone},
    Check{"tcp_windowsize", Kind::kInt, P, kNone, kNone},
    Check{"trigger_timeout", Kind::kTime, P, 1L, kNone},
};

long unit_seconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    case 'w':
      return 604800;
    default:
      return 0;
  }
}

// Postfix reads numbers as sscanf("%d%c") does: optional white space and
// sign, digits, nothing after, and the result must fit.
std::optional<long> parse_number(const std::string& value, long lo, long hi) {
  const char* s = value.c_str();
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  const char* digits = s + (*s == '-' || *s == '+');
  if (!std::isdigit(static_cast<unsigned char>(*digits))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(s, &end, 10);
  if (*end != '\0' || errno == ERANGE || n < lo || n > hi) return std::nullopt;
  return n;
}

char default_unit(std::string_view name) {
  const ParamSpec* spec = ParamTable::builtin().find(name);
  return spec && spec->time_unit ? spec->time_unit : 's';
}

void check_one(const Config& config, const Check& c) {
  std::string name(c.name);
  std::string value = config.get(c.name);
  switch (c.kind) {
    case Kind::kBool:
      if (strcasecmp(value.c_str(), "yes") != 0 && strcasecmp(value.c_str(), "no") != 0)
        throw FatalError("bad boolean configuration: " + name + " = " + value);
      return;
    case Kind::kInt:
    case Kind::kLong: {
      auto n = c.kind == Kind::kInt ? parse_number(value, INT_MIN, INT_MAX)
                                    : parse_number(value, LONG_MIN, LONG_MAX);
      if (!n) throw FatalError("bad numerical configuration: " + name + " = " + value);
      if (c.min && *n < *c.min)
        throw FatalError("invalid " + name + " parameter value " + std::to_string(*n) + " < " +
                         std::to_string(*c.min));
      if (c.max && *n > *c.max)
        throw FatalError("invalid " + name + " parameter value " + std::to_string(*n) + " > " +
                         std::to_string(*c.max));
      return;
    }
    case Kind::kTime: {
      auto n = parse_time_seconds(value, default_unit(c.name));
      if (!n) throw FatalError("parameter " + name + ": bad time value or unit: " + value);
      if (c.min && *n < *c.min)
        throw FatalError("invalid " + name + ": " + std::to_string(*n) + " (min " +
                         std::to_string(*c.min) + ")");
      if (c.max && *n > *c.max)
        throw FatalError("invalid " + name + ": " + std::to_string(*n) + " (max " +
                         std::to_string(*c.max) + ")");
      return;
    }
  }
}

}  // namespace

std::optional<long> parse_time_seconds(std::string_view value, char default_unit) {
  if (value.empty()) return std::nullopt;
  long total = 0;
  size_t i = 0;
  while (i < value.size()) {
    size_t j = i;
    while (j < value.size() && std::isdigit(static_cast<unsigned char>(value[j]))) ++j;
    if (j == i || j - i > 10) return std::nullopt;
    long n = std::strtol(std::string(value.substr(i, j - i)).c_str(), nullptr, 10);
    char unit = j < value.size() ? value[j] : default_unit;
    long mult = unit_seconds(unit);
    if (mult == 0 || n > (INT_MAX - total) / mult) return std::nullopt;
    total += n * mult;
    i = j < value.size() ? j + 1 : j;
  }
  return total;
}

void check_parameters(const Config& config, CheckedBy by) {
  for (const Check& c : kChecks)
    if (c.by == by) check_one(config, c);
}

}  // namespace postkit::postconf
