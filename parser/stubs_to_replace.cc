// stubs_to_replace.cc: temporary placeholders so the tree links while the
// parser is being written. Each owner deletes its part when it lands.
#include "config.h"
#include "config_file.h"
#include "master_file.h"
#include "param_table.h"

namespace postkit {

// --- config_file, config (owner: main.cf) ---
ConfigFile ConfigFile::parse(std::string_view, std::string path, Diagnostics&) {
  ConfigFile c;
  c.path_ = std::move(path);
  return c;
}
ConfigFile ConfigFile::load(const std::string& path, Diagnostics& d) { return parse("", path, d); }
std::optional<std::string> ConfigFile::value(std::string_view) const { return std::nullopt; }
std::string ConfigFile::render() const { return {}; }
void ConfigFile::save() const {}

struct Config::Impl {
  std::string dir;
  ConfigFile main;
};
Config::Config(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;
Config::~Config() = default;
Config Config::load(const ConfigOptions& o, Diagnostics& d) {
  auto impl = std::make_unique<Impl>();
  impl->dir = o.config_dir.empty() ? "/etc/postfix" : o.config_dir;
  impl->main = ConfigFile::load(impl->dir + "/main.cf", d);
  return Config(std::move(impl));
}
const std::string& Config::config_dir() const { return impl_->dir; }
const ConfigFile& Config::main_cf() const { return impl_->main; }
ConfigFile& Config::mutable_main_cf() { return impl_->main; }
const MasterFile* Config::master_cf() const { return nullptr; }
MasterFile* Config::mutable_master_cf() { return nullptr; }
std::optional<std::string> Config::raw(std::string_view) const { return std::nullopt; }
std::optional<std::string> Config::expanded(std::string_view) const { return std::nullopt; }
std::string Config::get(std::string_view) const { return {}; }
bool Config::get_bool(std::string_view) const { return false; }
long Config::get_long(std::string_view) const { return 0; }
std::string Config::expand(std::string_view t) const { return std::string(t); }

}  // namespace postkit
