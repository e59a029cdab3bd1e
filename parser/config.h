// config.h: the effective Postfix configuration, layered as Postfix layers it:
//   built-in defaults < main.cf < command-line `-o name=value` overrides
//   < (for one service) master.cf `-o name=value`.
// Values are kept raw and expanded ($name, ${name?...}, ...) only on use,
// memoised; recursion is detected and reported, never a stack overflow.
//
// This is the one way commands read configuration: postconf, postmap,
// postalias, proxymap and postlint all load a Config.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config_file.h"
#include "diag.h"
#include "master_file.h"

namespace postkit {

struct ConfigOptions {
  // -c DIR; empty means $MAIL_CONFIG or else /etc/postfix.
  std::string config_dir;
  // -o name=value overrides in command-line order.
  std::vector<std::pair<std::string, std::string>> overrides;
  // Whether to read master.cf too (postconf does; postmap does not).
  bool read_master = false;
};

class Config {
 public:
  // Reads DIR/main.cf (fatal if it cannot be opened, as Postfix) and, when
  // asked, DIR/master.cf.
  static Config load(const ConfigOptions& options, Diagnostics& diag);

  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;
  ~Config();

  const std::string& config_dir() const;
  const ConfigFile& main_cf() const;
  ConfigFile& mutable_main_cf();
  const MasterFile* master_cf() const;  // nullptr when not read
  MasterFile* mutable_master_cf();

  // The raw (unexpanded) value: override, else main.cf, else default.
  // nullopt for a name that is neither set nor known.
  std::optional<std::string> raw(std::string_view name) const;
  // The fully expanded value, nullopt as for raw().
  std::optional<std::string> expanded(std::string_view name) const;
  // Expanded value or "" when unknown: for parameters a command relies on.
  std::string get(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  long get_long(std::string_view name) const;

  // Expands arbitrary text against this configuration.
  std::string expand(std::string_view text) const;

 private:
  struct Impl;
  explicit Config(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace postkit
