// dbms_params.cc: see dbms_params.h.
#include "dbms_params.h"

#include <utility>

namespace postkit {
namespace {

using Suffixes = std::vector<std::string_view>;

const std::vector<std::pair<std::string_view, Suffixes>>& table() {
  static const std::vector<std::pair<std::string_view, Suffixes>> types = {
      {"ldap",
       {"bind",
        "bind_dn",
        "bind_pw",
        "cache",
        "cache_expiry",
        "cache_size",
        "chase_referrals",
        "debuglevel",
        "dereference",
        "domain",
        "expansion_limit",
        "leaf_result_attribute",
        "query_filter",
        "result_filter",  // the pre-2.2 name of result_format, still accepted
        "recursion_limit",
        "result_attribute",
        "result_format",
        "sasl_authz_id",
        "sasl_mechs",
        "sasl_minssf",
        "sasl_realm",
        "scope",
        "search_base",
        "server_host",
        "server_port",
        "size_limit",
        "special_result_attribute",
        "start_tls",
        "terminal_result_attribute",
        "timeout",
        "tls_ca_cert_dir",
        "tls_ca_cert_file",
        "tls_cert",
        "tls_cipher_suite",
        "tls_key",
        "tls_random_file",
        "tls_require_cert",
        "version"}},
      {"mysql",
       {"additional_conditions",
        "dbname",
        "domain",
        "expansion_limit",
        "hosts",
        "option_file",
        "option_group",
        "password",
        "query",
        "require_result_set",
        "result_format",
        "select_field",
        "table",
        "tls_CAfile",
        "tls_CApath",
        "tls_cert_file",
        "tls_ciphers",
        "tls_key_file",
        "tls_verify_cert",
        "user",
        "where_field"}},
      {"pgsql",
       {"additional_conditions", "dbname", "domain", "expansion_limit", "hosts", "password",
        "query", "result_format", "select_field", "select_function", "table", "user",
        "where_field"}},
      {"sqlite",
       {"additional_conditions", "dbpath", "domain", "expansion_limit", "query", "result_format",
        "select_field", "table", "where_field"}},
      {"memcache",
       {"backup", "data_size_limit", "domain", "flags", "key_format", "line_size_limit", "max_try",
        "memcache", "retry_pause", "timeout", "ttl"}},
  };
  return types;
}

}  // namespace

const Suffixes* dbms_parameter_suffixes(std::string_view type) {
  for (const auto& [name, suffixes] : table())
    if (name == type) return &suffixes;
  return nullptr;
}

const std::vector<std::string_view>& dbms_types() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& entry : table()) v.push_back(entry.first);
    return v;
  }();
  return names;
}

}  // namespace postkit
