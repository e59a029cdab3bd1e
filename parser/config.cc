// config.cc: see config.h. Explicit settings (main.cf, then -o overrides) are
// kept in Postfix's dictionary order; defaults come from ParamTable and
// RuntimeDefaults; expansion goes through the one Expander.
#include "config.h"

#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "param_table.h"
#include "service_params.h"

namespace postkit {

struct Config::Impl {
  Diagnostics* diag = nullptr;
  std::string dir;
  ConfigFile main;
  std::optional<MasterFile> master;
  std::vector<std::pair<std::string, std::string>> settings;
  std::unordered_map<std::string, size_t> index;
  // Parameters derived from master.cf services (name -> raw default).
  std::unordered_map<std::string, std::string> service_defaults;
  mutable std::unordered_map<std::string, std::string> memo;
  mutable std::unordered_map<std::string, std::string> computed;

  void set(const std::string& name, const std::string& value) {
    auto [it, fresh] = index.try_emplace(name, settings.size());
    if (fresh)
      settings.emplace_back(name, value);
    else
      settings[it->second].second = value;
  }
};

Config::Config(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;
Config::~Config() = default;

Config Config::load(const ConfigOptions& options, Diagnostics& diag) {
  auto impl = std::make_unique<Impl>();
  impl->diag = &diag;
  const char* env = std::getenv("MAIL_CONFIG");
  bool from_env_or_flag = !options.config_dir.empty() || env != nullptr;
  impl->dir = !options.config_dir.empty() ? options.config_dir
              : env                       ? std::string(env)
                                          : std::string(kDefaultConfigDir);
  std::string main_path = impl->dir + "/main.cf";
  if (options.read_main) {
    impl->main = ConfigFile::load(main_path, diag);
    // Postfix records a configuration directory given by -c or MAIL_CONFIG as
    // if main.cf had set it.
    if (from_env_or_flag) impl->set("config_directory", impl->dir);
    for (const auto& [name, value] : impl->main.parameters()) impl->set(name, value);
    for (const auto& [name, value] : options.overrides) impl->set(name, value);
    for (const auto& arg : options.raw_overrides) {
      std::string err;
      auto nv = split_nameval(arg, &err);
      if (!nv) throw FatalError("invalid parameter override: " + arg + ": " + err);
      impl->set(nv->first, nv->second);
    }
  } else {
    impl->main = ConfigFile::parse_lenient("", main_path);
  }
  if (options.read_master) {
    std::string master_path = impl->dir + "/master.cf";
    if (::access(master_path.c_str(), F_OK) != 0) {
      diag.warning("open " + master_path + ": " + std::strerror(errno));
      impl->master = MasterFile::parse("", master_path, diag);
    } else {
      impl->master = MasterFile::load(master_path, diag);
    }
    for (auto& spec : service_params(*impl->master))
      impl->service_defaults.emplace(spec.name, spec.default_value);
  }
  return Config(std::move(impl));
}

Config::Origin Config::origin(std::string_view name) const {
  return {impl_->main.path(), impl_->main.line_of(name)};
}

const std::string& Config::config_dir() const {
  return impl_->dir;
}
const ConfigFile& Config::main_cf() const {
  return impl_->main;
}
ConfigFile& Config::mutable_main_cf() {
  return impl_->main;
}
const MasterFile* Config::master_cf() const {
  return impl_->master ? &*impl_->master : nullptr;
}
MasterFile* Config::mutable_master_cf() {
  return impl_->master ? &*impl_->master : nullptr;
}
Diagnostics& Config::diagnostics() const {
  return *impl_->diag;
}

void Config::remove_explicit(std::string_view name) {
  auto it = impl_->index.find(std::string(name));
  if (it == impl_->index.end()) return;
  impl_->settings.erase(impl_->settings.begin() + static_cast<long>(it->second));
  impl_->index.clear();
  for (size_t i = 0; i < impl_->settings.size(); ++i) impl_->index[impl_->settings[i].first] = i;
  impl_->memo.clear();
}

const std::vector<std::pair<std::string, std::string>>& Config::explicit_settings() const {
  return impl_->settings;
}

std::optional<std::string> Config::explicit_value(std::string_view name) const {
  auto it = impl_->index.find(std::string(name));
  if (it == impl_->index.end()) return std::nullopt;
  return impl_->settings[it->second].second;
}

std::optional<std::string> Config::default_value(std::string_view name) const {
  const ParamSpec* spec = ParamTable::builtin().find(name);
  if (!spec) {
    auto it = impl_->service_defaults.find(std::string(name));
    if (it == impl_->service_defaults.end()) return std::nullopt;
    return it->second;
  }
  if (spec->computed) {
    // Computed once per Config (they may enumerate interfaces). The lookup
    // is Postfix's mail_conf_lookup_eval(): explicit settings, expanded.
    auto hit = impl_->computed.find(spec->name);
    if (hit != impl_->computed.end()) return hit->second;
    auto lookup = [this](std::string_view other) -> std::optional<std::string> {
      auto v = explicit_value(other);
      if (!v) return std::nullopt;
      return expand(*v);
    };
    if (auto v = RuntimeDefaults::compute(name, lookup)) {
      impl_->computed.emplace(spec->name, *v);
      return v;
    }
  }
  return spec->default_value;
}

std::optional<std::string> Config::raw(std::string_view name, const ParamScope* scope) const {
  if (scope) {
    for (auto it = scope->rbegin(); it != scope->rend(); ++it)
      if (it->first == name) return it->second;
  }
  if (auto v = explicit_value(name)) return v;
  return default_value(name);
}

std::string Config::expand(std::string_view text, const ParamScope* scope) const {
  Expander expander([this, scope](std::string_view name) { return raw(name, scope); },
                    *impl_->diag);
  Expander::Status status;
  std::string out = expander.expand(text, Expander::kRecurse, &status);
  if (status.error) throw FatalError("dictionary mail_dict: macro processing error");
  return out;
}

std::optional<std::string> Config::expanded(std::string_view name, const ParamScope* scope) const {
  if (!scope) {
    auto hit = impl_->memo.find(std::string(name));
    if (hit != impl_->memo.end()) return hit->second;
  }
  auto value = raw(name, scope);
  if (!value) return std::nullopt;
  std::string out = expand(*value, scope);
  if (!scope) impl_->memo.emplace(std::string(name), out);
  return out;
}

std::string Config::get(std::string_view name) const {
  return expanded(name).value_or("");
}

bool Config::get_bool(std::string_view name) const {
  std::string v = get(name);
  if (strcasecmp(v.c_str(), "yes") == 0) return true;
  if (strcasecmp(v.c_str(), "no") == 0) return false;
  throw FatalError("bad boolean configuration: " + std::string(name) + " = " + v);
}

long Config::get_long(std::string_view name) const {
  std::string v = get(name);
  errno = 0;
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || errno == ERANGE || (end && *end != 0))
    throw FatalError("bad numerical configuration: " + std::string(name) + " = " + v);
  return n;
}

}  // namespace postkit
