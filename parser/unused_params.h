// unused_params.h: which main.cf parameter names Postfix knows, and the
// "unused parameter" warnings, with Postfix 3.7's rules (the analysis behind
// postconf's warnings; postlint runs the same one):
//   - built-in parameters (ParamTable) and parameters derived from master.cf
//     services (service_params.h) are known;
//   - a name with a name=value setting becomes a known "user" parameter when
//     it is referenced as $name from a scanned value (main.cf values, default
//     values, master.cf -o values; both branches of conditionals), when it is
//     listed in smtpd_restriction_classes, or when it is a database parameter
//     NAME_SUFFIX of a `ldap:NAME`-style table (ldap, mysql, pgsql, sqlite,
//     memcache; the suffixes are in dbms_params.h) whose NAME is not a path;
//   - a $name with no setting and no default is reported as
//     "DIR/main.cf: undefined parameter: NAME".
// Expanding a value to find database tables is where a malformed or
// self-referencing value is found: "fatal: macro processing error".
// Warnings are reported as Diagnostic values with ids (unused-parameter,
// undefined-parameter, read-only-parameter, table-list-syntax,
// dbms-config-open, dbms-config-unused) and, where known, file and line.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "diag.h"

namespace postkit {

// kClassLegacy: known (no warning) but listed only once main.cf sets it.
enum ParamClass : unsigned {
  kClassLegacy = 0,
  kClassBuiltin = 1,
  kClassService = 2,
  kClassUser = 4,
  kClassAll = 7
};

// Parses -C values ("builtin,user", any case); fatal on an unknown name.
unsigned parse_param_classes(const std::vector<std::string>& args);

class ParamRegistry {
 public:
  // Built-in and service-derived names (master.cf as read by config).
  ParamRegistry(const Config& config, Diagnostics& diag);

  // Adds user-defined names found by scanning config (not for postconf -d).
  // Read-only assignments (process_id, process_name) are reported and dropped.
  void register_user_parameters(Config& config, Diagnostics& diag);

  bool known(std::string_view name) const { return classes_.find(name) != classes_.end(); }
  const std::map<std::string, unsigned, std::less<>>& classes() const { return classes_; }

  // Warns about main.cf and master.cf settings that nothing uses (the
  // main.cf display modes do both; Postfix's -M/-F/-P modes only the
  // master.cf part, after register_user_parameters()).
  void warn_unused(const Config& config, Diagnostics& diag) const;
  void warn_unused_main(const Config& config, Diagnostics& diag) const;
  void warn_unused_master(const Config& config, Diagnostics& diag) const;

  // Postfix's parameter lookup for display and expansion: explicit settings
  // unless defaults_only, then defaults of known names (scope: a service's
  // master.cf -o settings, consulted first).
  std::optional<std::string> lookup(const Config& config, std::string_view name, bool defaults_only,
                                    const ParamScope* scope = nullptr) const;
  // Recursive expansion as postconf -x does it; fatal "macro processing
  // error" on a malformed or self-referencing value.
  std::string expand(const Config& config, std::string_view value, bool defaults_only,
                     Diagnostics& diag, const ParamScope* scope = nullptr) const;

 private:
  // local: index of a master.cf service scope, or -1 for main.cf.
  void flag(const Config& config, std::string_view name, bool dbms, int local, Diagnostics& diag);
  void scan_namespace(Config& config, int local, Diagnostics& diag);
  void register_dbms(const Config& config, std::string_view value, int local, Diagnostics& diag);
  void dbms_words(const Config& config, std::string_view text, bool recurse, int local,
                  Diagnostics& diag);
  // Brace syntax problems in a table list, prefixed as Postfix does
  // ("main.cf: ..." or "master.cf:smtp/inet: ...").
  void warn_syntax(const std::string& err, int local, Diagnostics& diag) const;
  void check_dbms_client(const std::string& type, const std::vector<std::string_view>& suffixes,
                         const std::string& path, Diagnostics& diag);
  const ParamScope* scope_of(int local) const {
    return local < 0 ? nullptr : &local_params_[static_cast<size_t>(local)];
  }

  std::map<std::string, unsigned, std::less<>> classes_;
  std::set<std::string, std::less<>> restriction_classes_;
  std::set<std::string, std::less<>> checked_clients_;
  // Per master.cf service with -o settings: names validated locally.
  std::vector<std::set<std::string, std::less<>>> local_valid_;
  std::vector<ParamScope> local_params_;
  std::vector<std::map<std::string, long, std::less<>>> local_lines_;  // master.cf line per name
  std::vector<std::string> local_names_;  // "service/type" of each scope
  // Which scopes set a name, so flag() does not scan every service for every
  // name (a master.cf with thousands of -o services made that quadratic).
  std::map<std::string, std::vector<size_t>, std::less<>> local_scopes_by_name_;
};

}  // namespace postkit
