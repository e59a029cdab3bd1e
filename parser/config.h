// config.h: the effective Postfix configuration, layered as Postfix layers it:
//   built-in defaults < main.cf < command-line `-o name=value` overrides
//   < (for one service) master.cf `-o name=value`.
// Values are kept raw and expanded ($name, ${name?...}, ...) only on use,
// memoised; recursion is detected and reported, never a stack overflow.
//
// This is the one way commands read configuration: postconf, postmap,
// postalias, proxymap and postlint all load a Config.
//
// Thread-safety: a Config memoises expansions, so one object must not be used
// from several threads at once without external locking.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config_file.h"
#include "diag.h"
#include "expander.h"
#include "master_file.h"

namespace postkit {

struct ConfigOptions {
  // -c DIR; empty means $MAIL_CONFIG (when set, even to "") or else /etc/postfix.
  std::string config_dir;
  // -o name=value overrides in command-line order.
  std::vector<std::pair<std::string, std::string>> overrides;
  // -o arguments as typed ("name=value"), split after main.cf is read;
  // a malformed one is fatal: "invalid parameter override: ARG: REASON".
  std::vector<std::string> raw_overrides;
  // Whether to read master.cf too (postconf does; postmap does not).
  bool read_master = false;
  // Whether to read main.cf at all (postconf -d does not).
  bool read_main = true;
};

// Name/value pairs of one master.cf service's `-o` options (a local scope).
using ParamScope = std::vector<std::pair<std::string, std::string>>;

class Config {
 public:
  static constexpr const char* kDefaultConfigDir = "/etc/postfix";

  // Reads DIR/main.cf (fatal if it cannot be opened, as Postfix) and, when
  // asked, DIR/master.cf (a missing master.cf is a warning, as postconf says).
  static Config load(const ConfigOptions& options, Diagnostics& diag);

  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;
  ~Config();

  const std::string& config_dir() const;
  const ConfigFile& main_cf() const;
  ConfigFile& mutable_main_cf();
  const MasterFile* master_cf() const;  // nullptr when not read
  MasterFile* mutable_master_cf();

  // main.cf settings plus -o overrides (and config_directory when the
  // directory came from -c or MAIL_CONFIG, as Postfix records it), in first
  // appearance order: what Postfix's parameter dictionary holds.
  const std::vector<std::pair<std::string, std::string>>& explicit_settings() const;
  // The explicit (main.cf or -o) raw value, nullopt when not set.
  std::optional<std::string> explicit_value(std::string_view name) const;
  // Where an explicit setting comes from: main.cf's path and the line of its
  // last assignment, or line 0 when it is not set in main.cf (a -o override).
  struct Origin {
    std::string file;
    long line = 0;
  };
  Origin origin(std::string_view name) const;
  // Forgets an explicit setting (postconf drops read-only assignments).
  void remove_explicit(std::string_view name);
  // The built-in, computed or service-derived default; nullopt for a name
  // Postfix does not know.
  std::optional<std::string> default_value(std::string_view name) const;

  // The raw (unexpanded) value: override, else main.cf, else default.
  // nullopt for a name that is neither set nor known. With a scope, that
  // service's master.cf `-o` settings come first.
  std::optional<std::string> raw(std::string_view name, const ParamScope* scope = nullptr) const;
  // The fully expanded value, nullopt as for raw(). A malformed or
  // self-referencing value throws FatalError, as Postfix programs die.
  std::optional<std::string> expanded(std::string_view name,
                                      const ParamScope* scope = nullptr) const;
  // Expanded value or "" when unknown: for parameters a command relies on.
  std::string get(std::string_view name) const;
  // "yes"/"no" (any case); anything else is fatal as in Postfix.
  bool get_bool(std::string_view name) const;
  long get_long(std::string_view name) const;

  // Expands arbitrary text against this configuration.
  std::string expand(std::string_view text, const ParamScope* scope = nullptr) const;

  Diagnostics& diagnostics() const;

 private:
  struct Impl;
  explicit Config(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace postkit
