// param_table.h: every main.cf parameter Postfix 3.7 knows, with its type and
// raw (unexpanded) default, plus the defaults Postfix computes at run time.
//
// The built-in table is generated at build time from share/parameters.tsv
// (see share/parameters.README.md for its columns). Parameters that exist because of
// something else (master.cf service names, restriction classes, database
// parameters) are not in this table; see service_params.h and config.h.
//
// Thread-safety: the built-in table is immutable after construction and may
// be read from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"

namespace postkit {

enum class ParamType { kString, kRaw, kBool, kInt, kLong, kTime, kSize, kList };

std::string_view to_string(ParamType t);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kString;
  // The raw default as `postconf -d` prints it, for parameters whose default
  // is a constant. For computed ones (computed == true) see RuntimeDefaults.
  std::string default_value;
  bool computed = false;
  // Time parameters: the unit letter Postfix assumes when none is given.
  char time_unit = 0;
};

class ParamTable {
 public:
  // The generated Postfix 3.7 table.
  static const ParamTable& builtin();

  explicit ParamTable(std::vector<ParamSpec> specs);  // sorts by name

  const ParamSpec* find(std::string_view name) const;
  const std::vector<ParamSpec>& all() const { return specs_; }  // sorted by name

 private:
  std::vector<ParamSpec> specs_;
};

// Defaults that Postfix computes when a program starts: myhostname,
// mydomain, mynetworks, process_id, process_name (the rows marked computed;
// mail_version and the like are plain constants). Some depend on other
// parameters (mydomain on myhostname, mynetworks on mynetworks_style,
// inet_interfaces, inet_protocols, compatibility_level), read through
// `lookup` with the semantics of Postfix's mail_conf_lookup_eval():
//   lookup(name) returns the EXPANDED value of `name` when the configuration
//   sets it EXPLICITLY (main.cf or a -o override), and nullopt otherwise.
// It must not fall back to defaults (computed defaults would recurse:
// myhostname consults mydomain, whose default consults myhostname), and the
// defaults of the parameters consulted are applied here. For `postconf -d`
// pass a lookup that always returns nullopt: Postfix computes -d values as if
// main.cf were empty. See runtime_defaults.h for the individual functions.
class RuntimeDefaults {
 public:
  using Lookup = std::function<std::optional<std::string>(std::string_view)>;
  // nullopt when `name` is not a computed parameter. Throws FatalError where
  // Postfix exits (e.g. an unknown mynetworks_style).
  static std::optional<std::string> compute(std::string_view name, const Lookup& lookup);
  // The same, with warnings (e.g. a malformed compatibility_level met while
  // evaluating mynetworks_style's default) reported on diag; the two-argument
  // form prints them to standard error under the program's name.
  static std::optional<std::string> compute(std::string_view name, const Lookup& lookup,
                                            Diagnostics& diag);
};

}  // namespace postkit
