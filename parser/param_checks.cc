// param_checks.cc: see param_checks.h. The table lists what Postfix 3.7.11
// checks when a program starts and who reports it, derived from real Postfix
// with deliberately bad values (share/tools/derive-param-checks), not from
// its source.
#include "param_checks.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "param_table.h"

namespace postkit {
namespace {

// kString: a value Postfix expands when the program starts, so that bad
// $name syntax in it is fatal there.
enum class Kind { kString, kBool, kInt, kLong, kTime };

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

// Sorted by name. The program expands each value (Config::get) before it
// checks the value's syntax and range.
const std::array kChecks = {
    Check{"2bounce_notice_recipient", Kind::kString, B, kNone, kNone},
    Check{"address_verify_negative_cache", Kind::kBool, P, kNone, kNone},
    Check{"address_verify_service_name", Kind::kString, P, kNone, kNone},
    Check{"alias_database", Kind::kString, P, kNone, kNone},
    Check{"alternate_config_directories", Kind::kString, P, kNone, kNone},
    Check{"application_event_drain_time", Kind::kTime, P, 1L, kNone},
    Check{"backwards_bounce_logfile_compatibility", Kind::kBool, P, kNone, kNone},
    Check{"berkeley_db_create_buffer_size", Kind::kInt, P, 1L, kNone},
    Check{"berkeley_db_read_buffer_size", Kind::kInt, P, 1L, kNone},
    Check{"bounce_notice_recipient", Kind::kString, B, kNone, kNone},
    Check{"bounce_service_name", Kind::kString, P, kNone, kNone},
    Check{"bounce_size_limit", Kind::kInt, B, 1L, kNone},
    Check{"bounce_template_file", Kind::kString, B, kNone, kNone},
    Check{"cleanup_service_name", Kind::kString, P, kNone, kNone},
    Check{"command_directory", Kind::kString, P, kNone, kNone},
    Check{"compatibility_level", Kind::kString, P, kNone, kNone},
    Check{"daemon_directory", Kind::kString, P, kNone, kNone},
    Check{"daemon_table_open_error_is_fatal", Kind::kBool, P, kNone, kNone},
    Check{"daemon_timeout", Kind::kTime, P, 1L, kNone},
    Check{"data_directory", Kind::kString, P, kNone, kNone},
    Check{"debug_peer_level", Kind::kInt, P, 1L, kNone},
    Check{"debug_peer_list", Kind::kString, P, kNone, kNone},
    Check{"default_database_type", Kind::kString, P, kNone, kNone},
    Check{"default_delivery_status_filter", Kind::kString, P, kNone, kNone},
    Check{"default_privs", Kind::kString, P, kNone, kNone},
    Check{"default_process_limit", Kind::kInt, P, 1L, kNone},
    Check{"default_verp_delimiters", Kind::kString, P, kNone, kNone},
    Check{"defer_service_name", Kind::kString, P, kNone, kNone},
    Check{"delay_logging_resolution_limit", Kind::kInt, P, kNone, 6L},
    Check{"delay_notice_recipient", Kind::kString, B, kNone, kNone},
    Check{"delay_warning_time", Kind::kTime, B, kNone, kNone},
    Check{"deliver_lock_attempts", Kind::kInt, P, 1L, kNone},
    Check{"deliver_lock_delay", Kind::kTime, P, 1L, kNone},
    Check{"disable_dns_lookups", Kind::kBool, P, kNone, kNone},
    Check{"disable_mime_input_processing", Kind::kBool, P, kNone, kNone},
    Check{"disable_mime_output_conversion", Kind::kBool, P, kNone, kNone},
    Check{"dns_ncache_ttl_fix_enable", Kind::kBool, P, kNone, kNone},
    Check{"dnssec_probe", Kind::kString, P, kNone, kNone},
    Check{"dont_remove", Kind::kInt, P, kNone, kNone},
    Check{"double_bounce_sender", Kind::kString, P, kNone, kNone},
    Check{"enable_idna2003_compatibility", Kind::kBool, P, kNone, kNone},
    Check{"enable_long_queue_ids", Kind::kBool, P, kNone, kNone},
    Check{"enable_original_recipient", Kind::kBool, P, kNone, kNone},
    Check{"enable_threaded_bounces", Kind::kBool, B, kNone, kNone},
    Check{"error_service_name", Kind::kString, P, kNone, kNone},
    Check{"export_environment", Kind::kString, P, kNone, kNone},
    Check{"fast_flush_domains", Kind::kString, P, kNone, kNone},
    Check{"fault_injection_code", Kind::kInt, P, kNone, kNone},
    Check{"flush_service_name", Kind::kString, P, kNone, kNone},
    Check{"fork_attempts", Kind::kInt, P, 1L, kNone},
    Check{"fork_delay", Kind::kTime, P, 1L, kNone},
    Check{"hash_queue_depth", Kind::kInt, P, 1L, kNone},
    Check{"hash_queue_names", Kind::kString, P, kNone, kNone},
    Check{"header_address_token_limit", Kind::kInt, P, 1L, kNone},
    Check{"header_from_format", Kind::kString, B, kNone, kNone},
    Check{"header_size_limit", Kind::kInt, P, 1L, kNone},
    Check{"helpful_warnings", Kind::kBool, P, kNone, kNone},
    Check{"import_environment", Kind::kString, P, kNone, kNone},
    Check{"in_flow_delay", Kind::kTime, P, kNone, 10L},
    Check{"inet_interfaces", Kind::kString, P, kNone, kNone},
    Check{"inet_protocols", Kind::kString, P, kNone, kNone},
    Check{"info_log_address_format", Kind::kString, P, kNone, kNone},
    Check{"internal_mail_filter_classes", Kind::kString, P, kNone, kNone},
    Check{"ipc_idle", Kind::kTime, P, 1L, kNone},
    Check{"ipc_timeout", Kind::kTime, P, 1L, kNone},
    Check{"ipc_ttl", Kind::kTime, P, 1L, kNone},
    Check{"known_tcp_ports", Kind::kString, P, kNone, kNone},
    Check{"line_length_limit", Kind::kInt, P, 512L, kNone},
    Check{"lmdb_map_size", Kind::kLong, P, 1L, kNone},
    Check{"mail_name", Kind::kString, P, kNone, kNone},
    Check{"mail_owner", Kind::kString, P, kNone, kNone},
    Check{"mail_release_date", Kind::kString, P, kNone, kNone},
    Check{"mail_version", Kind::kString, P, kNone, kNone},
    Check{"maillog_file", Kind::kString, P, kNone, kNone},
    Check{"maillog_file_compressor", Kind::kString, P, kNone, kNone},
    Check{"maillog_file_prefixes", Kind::kString, P, kNone, kNone},
    Check{"maillog_file_rotate_suffix", Kind::kString, P, kNone, kNone},
    Check{"max_idle", Kind::kTime, P, 1L, kNone},
    Check{"max_use", Kind::kInt, P, 1L, kNone},
    Check{"maximal_queue_lifetime", Kind::kTime, B, kNone, 8640000L},
    Check{"message_drop_headers", Kind::kString, P, kNone, kNone},
    Check{"message_size_limit", Kind::kLong, P, kNone, kNone},
    Check{"meta_directory", Kind::kString, P, kNone, kNone},
    Check{"mime_boundary_length_limit", Kind::kInt, P, 1L, kNone},
    Check{"mime_nesting_limit", Kind::kInt, P, 1L, kNone},
    Check{"multi_instance_directories", Kind::kString, P, kNone, kNone},
    Check{"multi_instance_enable", Kind::kBool, P, kNone, kNone},
    Check{"multi_instance_group", Kind::kString, P, kNone, kNone},
    Check{"multi_instance_name", Kind::kString, P, kNone, kNone},
    Check{"multi_instance_wrapper", Kind::kString, P, kNone, kNone},
    Check{"mydestination", Kind::kString, P, kNone, kNone},
    Check{"mydomain", Kind::kString, P, kNone, kNone},
    Check{"myhostname", Kind::kString, P, kNone, kNone},
    Check{"mynetworks", Kind::kString, P, kNone, kNone},
    Check{"mynetworks_style", Kind::kString, P, kNone, kNone},
    Check{"myorigin", Kind::kString, P, kNone, kNone},
    Check{"notify_classes", Kind::kString, B, kNone, kNone},
    Check{"owner_request_special", Kind::kBool, P, kNone, kNone},
    Check{"parent_domain_matches_subdomains", Kind::kString, P, kNone, kNone},
    Check{"pickup_service_name", Kind::kString, P, kNone, kNone},
    Check{"postlog_service_name", Kind::kString, P, kNone, kNone},
    Check{"process_id_directory", Kind::kString, P, kNone, kNone},
    Check{"proxy_interfaces", Kind::kString, P, kNone, kNone},
    Check{"proxymap_service_name", Kind::kString, P, kNone, kNone},
    Check{"proxywrite_service_name", Kind::kString, P, kNone, kNone},
    Check{"queue_directory", Kind::kString, P, kNone, kNone},
    Check{"queue_service_name", Kind::kString, P, kNone, kNone},
    Check{"recipient_delimiter", Kind::kString, P, kNone, kNone},
    Check{"relay_domains", Kind::kString, P, kNone, kNone},
    Check{"relayhost", Kind::kString, P, kNone, kNone},
    Check{"respectful_logging", Kind::kBool, P, kNone, kNone},
    Check{"rewrite_service_name", Kind::kString, P, kNone, kNone},
    Check{"send_cyrus_sasl_authzid", Kind::kBool, P, kNone, kNone},
    Check{"setgid_group", Kind::kString, P, kNone, kNone},
    Check{"shlib_directory", Kind::kString, P, kNone, kNone},
    Check{"showq_service_name", Kind::kString, P, kNone, kNone},
    Check{"smtputf8_autodetect_classes", Kind::kString, P, kNone, kNone},
    Check{"smtputf8_enable", Kind::kBool, P, kNone, kNone},
    Check{"soft_bounce", Kind::kBool, P, kNone, kNone},
    Check{"stale_lock_time", Kind::kTime, P, 1L, kNone},
    Check{"strict_7bit_headers", Kind::kBool, P, kNone, kNone},
    Check{"strict_8bitmime", Kind::kBool, P, kNone, kNone},
    Check{"strict_8bitmime_body", Kind::kBool, P, kNone, kNone},
    Check{"strict_mime_encoding_domain", Kind::kBool, P, kNone, kNone},
    Check{"strict_smtputf8", Kind::kBool, P, kNone, kNone},
    Check{"syslog_facility", Kind::kString, P, kNone, kNone},
    Check{"syslog_name", Kind::kString, P, kNone, kNone},
    Check{"tcp_windowsize", Kind::kInt, P, kNone, kNone},
    Check{"trace_service_name", Kind::kString, P, kNone, kNone},
    Check{"trigger_timeout", Kind::kTime, P, 1L, kNone},
    Check{"verp_delimiter_filter", Kind::kString, P, kNone, kNone},
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

char default_unit(const ParamSpec* spec) {
  return spec && spec->time_unit ? spec->time_unit : 's';
}

const Check* find_check(std::string_view name) {
  auto it = std::lower_bound(kChecks.begin(), kChecks.end(), name,
                             [](const Check& c, std::string_view n) { return c.name < n; });
  return it != kChecks.end() && it->name == name ? &*it : nullptr;
}

Kind kind_of(const ParamSpec* spec) {
  switch (spec ? spec->type : ParamType::kString) {
    case ParamType::kBool:
      return Kind::kBool;
    case ParamType::kInt:
      return Kind::kInt;
    case ParamType::kLong:
    case ParamType::kSize:
      return Kind::kLong;
    case ParamType::kTime:
      return Kind::kTime;
    default:
      return Kind::kString;
  }
}

std::optional<std::string> check_kind(const std::string& name, Kind kind, const std::string& value,
                                      char unit, ValueLimits limits) {
  switch (kind) {
    case Kind::kString:
      return std::nullopt;  // expanding it was the check
    case Kind::kBool:
      if (strcasecmp(value.c_str(), "yes") != 0 && strcasecmp(value.c_str(), "no") != 0)
        return "bad boolean configuration: " + name + " = " + value;
      return std::nullopt;
    case Kind::kInt:
    case Kind::kLong: {
      auto n = kind == Kind::kInt ? parse_number(value, INT_MIN, INT_MAX)
                                  : parse_number(value, LONG_MIN, LONG_MAX);
      if (!n) return "bad numerical configuration: " + name + " = " + value;
      if (limits.min && *n < *limits.min)
        return "invalid " + name + " parameter value " + std::to_string(*n) + " < " +
               std::to_string(*limits.min);
      if (limits.max && *n > *limits.max)
        return "invalid " + name + " parameter value " + std::to_string(*n) + " > " +
               std::to_string(*limits.max);
      return std::nullopt;
    }
    case Kind::kTime: {
      auto n = parse_time_seconds(value, unit);
      if (!n) return "parameter " + name + ": bad time value or unit: " + value;
      if (limits.min && *n < *limits.min)
        return "invalid " + name + ": " + std::to_string(*n) + " (min " +
               std::to_string(*limits.min) + ")";
      if (limits.max && *n > *limits.max)
        return "invalid " + name + ": " + std::to_string(*n) + " (max " +
               std::to_string(*limits.max) + ")";
      return std::nullopt;
    }
  }
  return std::nullopt;
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

std::optional<std::string> check_value(std::string_view name, const std::string& value) {
  const ParamSpec* spec = ParamTable::builtin().find(name);
  const Check* c = find_check(name);
  Kind kind = c ? c->kind : kind_of(spec);
  return check_kind(std::string(name), kind, value, default_unit(spec), value_limits(name));
}

ValueLimits value_limits(std::string_view name) {
  const Check* c = find_check(name);
  return c ? ValueLimits{c->min, c->max} : ValueLimits{};
}

std::optional<std::string> first_bad_parameter(const Config& config, CheckedBy by) {
  for (const Check& c : kChecks) {
    if (c.by != by) continue;
    std::string value = config.get(c.name);
    const ParamSpec* spec = ParamTable::builtin().find(c.name);
    if (auto err = check_kind(std::string(c.name), c.kind, value, default_unit(spec),
                              ValueLimits{c.min, c.max}))
      return err;
  }
  return std::nullopt;
}

void check_parameters(const Config& config, CheckedBy by) {
  if (auto err = first_bad_parameter(config, by)) throw FatalError(*err);
}

const std::vector<std::string_view>* value_enumeration(std::string_view name) {
  static const std::vector<std::string_view> server_tls = {"none", "may", "encrypt"};
  static const std::vector<std::string_view> client_tls = {
      "none", "may", "encrypt", "dane", "dane-only", "fingerprint", "verify", "secure"};
  static const std::vector<std::string_view> networks_style = {"host", "subnet", "class"};
  static const std::vector<std::string_view> compat = {"0", "1", "2", "3.6", "3.7"};
  static const std::vector<std::string_view> tls_levels = {"0", "1", "2", "3", "4"};
  if (name == "smtpd_tls_security_level" || name == "postscreen_tls_security_level")
    return &server_tls;
  if (name == "smtp_tls_security_level" || name == "lmtp_tls_security_level") return &client_tls;
  if (name == "mynetworks_style") return &networks_style;
  if (name == "compatibility_level") return &compat;
  if (name == "smtpd_tls_loglevel" || name == "smtp_tls_loglevel" || name == "lmtp_tls_loglevel")
    return &tls_levels;
  return nullptr;
}

}  // namespace postkit
