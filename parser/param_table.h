// param_table.h: every main.cf parameter Postfix 3.7 knows, with its type and
// raw (unexpanded) default, plus the defaults Postfix computes at run time.
//
// The built-in table is generated at build time from share/parameters.tsv
// (see share/README.md for its columns). Parameters that exist because of
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

// Defaults that Postfix computes when a program starts (myhostname, mydomain,
// mynetworks, mail_version, ...). `lookup` returns the current raw value of
// another parameter (main.cf or default), because some computed defaults
// depend on others (mydomain on myhostname, mynetworks on mynetworks_style).
class RuntimeDefaults {
 public:
  using Lookup = std::function<std::optional<std::string>(std::string_view)>;
  // nullopt when `name` is not a computed parameter.
  static std::optional<std::string> compute(std::string_view name, const Lookup& lookup);
};

}  // namespace postkit
