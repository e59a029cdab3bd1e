// unused_params.cc: see unused_params.h. The order of work follows
// postconf's: master.cf -o scopes, then default values, then main.cf; each
// value is scanned for $names, then expanded to find database tables.
#include "unused_params.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "dbms_params.h"
#include "expander.h"
#include "param_table.h"
#include "service_params.h"

namespace postkit {
namespace {

constexpr const char* kSeparators = ", \t\r\n";

bool is_regex_type(std::string_view type) {
  return type == "regexp" || type == "pcre";
}

// Postfix's mystrtokq(): the next word, where {...} groups are kept whole.
std::optional<std::string> next_word(std::string_view& s) {
  size_t p = 0;
  while (p < s.size() && std::strchr(kSeparators, s[p]) && s[p] != 0) ++p;
  if (p == s.size()) {
    s = {};
    return std::nullopt;
  }
  size_t start = p;
  int level = 0;
  for (; p < s.size(); ++p) {
    char ch = s[p];
    if (ch == '{') {
      ++level;
    } else if (ch == '}') {
      if (level > 0) --level;
    } else if (level == 0 && std::strchr(kSeparators, ch) && ch != 0) {
      break;
    }
  }
  std::string word(s.substr(start, p - start));
  s = s.substr(p);
  return word;
}

// Postfix's extpar() for a word that starts with '{': the text inside the
// balanced braces (not trimmed), or everything after '{' when they do not
// balance. Sets err to Postfix's complaint about unbalanced braces or text
// after the closing one.
std::string extract_braced(const std::string& word, std::string& err) {
  int level = 1;
  size_t len = 0;
  for (size_t p = 1; p < word.size(); ++p) {
    if (word[p] == '}') {
      if (--level == 0) {
        len = p + 1;
        break;
      }
    } else if (word[p] == '{') {
      ++level;
    }
  }
  if (len == 0) {
    err = "missing '}' in \"" + word + "\"";
    return word.substr(1);
  }
  if (len < word.size()) err = "syntax error after '}' in \"" + word + "\"";
  return word.substr(1, len - 2);
}

std::optional<std::string> scope_value(const ParamScope& scope, std::string_view name) {
  for (auto it = scope.rbegin(); it != scope.rend(); ++it)
    if (it->first == name) return it->second;
  return std::nullopt;
}

// The distinct names of a scope with their last values, in first-seen order.
ParamScope dedup(const ParamScope& scope) {
  ParamScope out;
  for (const auto& [name, value] : scope) {
    bool found = false;
    for (auto& kv : out)
      if (kv.first == name) {
        kv.second = value;
        found = true;
      }
    if (!found) out.emplace_back(name, value);
  }
  return out;
}

// Postfix sets these itself; an assignment is reported and ignored.
bool is_read_only(std::string_view name) {
  return name == "process_id" || name == "process_name";
}

void drop(ParamScope& scope, std::string_view name) {
  for (auto it = scope.begin(); it != scope.end();)
    it = it->first == name ? scope.erase(it) : it + 1;
}

void warn(Diagnostics& diag, const char* id, std::string file, long line, const std::string& text) {
  diag.report({Severity::kWarning, id, std::move(file), line, 0, printable(text)});
}

bool is_raw(std::string_view name) {
  const ParamSpec* spec = ParamTable::builtin().find(name);
  return spec && spec->type == ParamType::kRaw;
}

}  // namespace

unsigned parse_param_classes(const std::vector<std::string>& args) {
  if (args.empty()) return kClassAll;
  unsigned mask = 0;
  const std::string& arg = args.back();
  std::string word;
  auto take = [&] {
    if (word.empty()) return;
    std::string lower;
    for (char ch : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "builtin")
      mask |= kClassBuiltin;
    else if (lower == "service")
      mask |= kClassService;
    else if (lower == "user")
      mask |= kClassUser;
    else if (lower == "all")
      mask |= kClassAll;
    else
      throw FatalError("unknown -C option value \"" + word + "\" in \"" + arg + "\"");
    word.clear();
  };
  for (char ch : arg) {
    if (std::strchr(kSeparators, ch) && ch != 0)
      take();
    else
      word += ch;
  }
  take();
  return mask;
}

ParamRegistry::ParamRegistry(const Config& config, Diagnostics& diag) {
  for (const auto& spec : ParamTable::builtin().all()) classes_.emplace(spec.name, kClassBuiltin);
  // Legacy names: built-in defaults refer to them for backwards
  // compatibility (${smtp_per_record_deadline?...}). Postfix knows them with
  // an empty default but lists them only when main.cf sets them.
  Expander scanner([](std::string_view) { return std::nullopt; }, diag);
  for (const auto& spec : ParamTable::builtin().all()) {
    if (spec.computed || spec.type == ParamType::kRaw ||
        spec.default_value.find('$') == std::string::npos)
      continue;
    scanner.scan(spec.default_value, [&](std::string_view ref) {
      if (!classes_.count(ref)) classes_.emplace(std::string(ref), kClassLegacy);
    });
  }
  if (const MasterFile* master = config.master_cf()) {
    // A service defines its parameters even when they are also built-in
    // (local_destination_concurrency_limit): Postfix then lists them in the
    // service class, with the built-in default.
    static const ParamTable no_builtins({});
    for (const MasterService* svc : master->services())
      for (const auto& spec : service_params(svc->name, svc->command(), no_builtins))
        classes_[spec.name] = kClassService;
    for (const MasterService* svc : master->services()) {
      if (svc->overrides.empty()) continue;
      for (const auto& kv : svc->overrides) {
        auto& scopes = local_scopes_by_name_[kv.first];
        if (scopes.empty() || scopes.back() != local_params_.size())
          scopes.push_back(local_params_.size());
      }
      local_params_.push_back(svc->overrides);
      auto& lines = local_lines_.emplace_back();
      for (size_t k = 0; k < svc->overrides.size() && k < svc->override_lines.size(); ++k)
        lines[svc->overrides[k].first] = svc->override_lines[k];
      local_names_.push_back(svc->name + "/" + svc->type);
      local_valid_.emplace_back();
    }
  }
}

std::optional<std::string> ParamRegistry::lookup(const Config& config, std::string_view name,
                                                 bool defaults_only,
                                                 const ParamScope* scope) const {
  if (!defaults_only) {
    if (scope)
      if (auto v = scope_value(*scope, name)) return v;
    if (auto v = config.explicit_value(name)) return v;
  }
  if (!known(name)) return std::nullopt;
  return config.default_value(name).value_or("");
}

std::string ParamRegistry::expand(const Config& config, std::string_view value, bool defaults_only,
                                  Diagnostics& diag, const ParamScope* scope) const {
  Expander expander(
      [&](std::string_view name) { return lookup(config, name, defaults_only, scope); }, diag);
  Expander::Status status;
  std::string out = expander.expand(value, Expander::kRecurse, &status);
  if (status.error) throw FatalError("macro processing error");
  return out;
}

void ParamRegistry::flag(const Config& config, std::string_view name, bool dbms, int local,
                         Diagnostics& diag) {
  bool user_supplied = false;
  if (local >= 0 && scope_value(local_params_[static_cast<size_t>(local)], name)) {
    user_supplied = true;
    local_valid_[static_cast<size_t>(local)].emplace(name);
  } else if (config.explicit_value(name)) {
    user_supplied = true;
    classes_.emplace(std::string(name), kClassUser);
  }
  if (local < 0) {
    auto candidates = local_scopes_by_name_.find(name);
    if (candidates != local_scopes_by_name_.end()) {
      for (size_t i : candidates->second) {
        if (scope_value(local_params_[i], name)) {  // not dropped since
          user_supplied = true;
          local_valid_[i].emplace(name);
        }
      }
    }
  }
  if (!user_supplied && !dbms && !known(name)) {
    std::string file = config.config_dir() + "/" + (local >= 0 ? "master.cf" : "main.cf");
    warn(diag, "undefined-parameter", file, 0,
         file + ": undefined parameter: " + std::string(name));
  }
}

void ParamRegistry::scan_namespace(Config& config, int local, Diagnostics& diag) {
  ParamScope dict =
      local < 0 ? config.explicit_settings() : dedup(local_params_[static_cast<size_t>(local)]);
  // smtpd_restriction_classes, expanded within this name space only (as
  // Postfix's dict_eval does): its members with a setting are valid.
  for (const auto& [name, value] : dict) {
    if (name != "smtpd_restriction_classes") continue;
    Expander own_space(
        [&dict](std::string_view n) -> std::optional<std::string> {
          for (const auto& kv : dict)
            if (kv.first == n) return kv.second;
          return std::nullopt;
        },
        diag);
    Expander::Status status;
    std::string classes = own_space.expand(value, Expander::kRecurse, &status);
    if (status.error) throw FatalError("dictionary mail_dict: macro processing error");
    std::string_view rest(classes);
    while (auto word = next_word(rest)) {
      if (local < 0) restriction_classes_.insert(*word);
      flag(config, *word, false, local, diag);
    }
  }
  Expander scanner([](std::string_view) { return std::nullopt; }, diag);
  // Postfix 3.7 looks for database tables only in the values of parameters
  // it knows before the scan (built-in or service-defined); $names used there
  // are followed by the expansion. Values of user-defined names are not
  // searched: `foo = ldap:x` alone does not make x_server_host used.
  std::vector<std::pair<std::string, std::string>> dbms_values;
  for (const auto& [name, value] : dict) {
    if (local >= 0 && restriction_classes_.count(name))
      local_valid_[static_cast<size_t>(local)].insert(name);
    if (is_read_only(name)) {
      std::string file = config.config_dir() + "/" + (local >= 0 ? "master.cf" : "main.cf");
      warn(diag, "read-only-parameter", file, local < 0 ? config.main_cf().line_of(name) : 0,
           file + ": read-only parameter assignment: " + name + "=" + value);
      if (local < 0)
        config.remove_explicit(name);
      else
        drop(local_params_[static_cast<size_t>(local)], name);
      continue;
    }
    auto known_it = classes_.find(name);
    bool known_before =
        known_it != classes_.end() && (known_it->second & (kClassBuiltin | kClassService)) != 0;
    // A legacy name that is set is shown as user-defined.
    if (known_it != classes_.end() && known_it->second == kClassLegacy)
      known_it->second = kClassUser;
    if (is_raw(name)) continue;
    scanner.scan(value, [&](std::string_view ref) { flag(config, ref, false, local, diag); });
    if (known_before) dbms_values.emplace_back(name, value);
  }
  for (const auto& [name, value] : dbms_values) register_dbms(config, value, local, diag);
}

void ParamRegistry::register_dbms(const Config& config, std::string_view value, int local,
                                  Diagnostics& diag) {
  std::string expanded = expand(config, value, false, diag, scope_of(local));
  dbms_words(config, expanded, true, local, diag);
}

void ParamRegistry::warn_syntax(const std::string& err, int local, Diagnostics& diag) const {
  if (local < 0)
    warn(diag, "table-list-syntax", "main.cf", 0, "main.cf: " + err);
  else
    warn(diag, "table-list-syntax", "master.cf", 0,
         "master.cf:" + local_names_[static_cast<size_t>(local)] + ": " + err);
}

void ParamRegistry::dbms_words(const Config& config, std::string_view text, bool recurse, int local,
                               Diagnostics& diag) {
  std::string_view rest = text;
  while (auto word = next_word(rest)) {
    if (word->front() == '{') {
      std::string err;
      std::string inner = extract_braced(*word, err);
      if (!err.empty()) warn_syntax(err, local, diag);
      if (recurse) dbms_words(config, inner, recurse, local, diag);
      continue;
    }
    std::string type = *word;
    std::optional<std::string> prefix;
    for (;;) {
      auto colon = type.find(':');
      if (colon == std::string::npos) {
        prefix.reset();
        break;
      }
      prefix = type.substr(colon + 1);
      type.resize(colon);
      if (type != "proxy") break;
      type = *prefix;
    }
    if (!prefix || (!prefix->empty() && prefix->front() == '.')) continue;
    if (!prefix->empty() && prefix->front() == '/') {
      if (const auto* suffixes = dbms_parameter_suffixes(type))
        check_dbms_client(type, *suffixes, *prefix, diag);
      continue;
    }
    if (!prefix->empty() && prefix->front() == '{') {
      std::string err;
      std::string inner = extract_braced(*prefix, err);
      if (!err.empty()) warn_syntax(err, local, diag);
      bool next = recurse && !is_regex_type(type);
      dbms_words(config, inner, next, local, diag);
      continue;
    }
    if (const auto* suffixes = dbms_parameter_suffixes(type))
      for (std::string_view suffix : *suffixes)
        flag(config, *prefix + "_" + std::string(suffix), true, local, diag);
  }
}

void ParamRegistry::check_dbms_client(const std::string& type,
                                      const std::vector<std::string_view>& suffixes,
                                      const std::string& path, Diagnostics& diag) {
  // Each client configuration file is read and judged once.
  if (!checked_clients_.insert(type + ":" + path).second) return;
  struct stat st;
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    if (errno != EACCES)
      warn(diag, "dbms-config-open", path, 0,
           "open \"" + type + "\" configuration \"" + path + "\": " + std::strerror(errno));
    return;
  }
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  ::close(fd);
  if (!regular) {
    warn(diag, "dbms-config-open", path, 0,
         "open \"" + type + "\" configuration \"" + path + "\": not a regular file");
    return;
  }
  ConfigFile cf = ConfigFile::load(path, diag);
  for (const auto& [name, value] : cf.parameters()) {
    if (std::find(suffixes.begin(), suffixes.end(), name) == suffixes.end())
      warn(diag, "dbms-config-unused", path, cf.line_of(name),
           type + ":" + path + ": unused parameter: " + name + "=" + value);
  }
}

void ParamRegistry::register_user_parameters(Config& config, Diagnostics& diag) {
  for (size_t i = 0; i < local_params_.size(); ++i)
    scan_namespace(config, static_cast<int>(i), diag);
  // Default values may name legacy parameters: those names are used.
  std::vector<std::string> names;
  for (const auto& [name, cls] : classes_) names.push_back(name);
  Expander scanner([](std::string_view) { return std::nullopt; }, diag);
  for (const auto& name : names) {
    if (is_raw(name) || config.explicit_value(name)) continue;
    auto def = config.default_value(name);
    if (!def || def->find('$') == std::string::npos) continue;
    scanner.scan(*def, [&](std::string_view ref) { flag(config, ref, false, -1, diag); });
  }
  scan_namespace(config, -1, diag);
}

void ParamRegistry::warn_unused(const Config& config, Diagnostics& diag) const {
  warn_unused_main(config, diag);
  warn_unused_master(config, diag);
}

void ParamRegistry::warn_unused_main(const Config& config, Diagnostics& diag) const {
  std::cout.flush();
  for (const auto& [name, value] : config.explicit_settings())
    if (!known(name))
      warn(diag, "unused-parameter", config.config_dir() + "/main.cf",
           config.main_cf().line_of(name),
           config.config_dir() + "/main.cf: unused parameter: " + name + "=" + value);
}

void ParamRegistry::warn_unused_master(const Config& config, Diagnostics& diag) const {
  std::cout.flush();
  for (size_t i = 0; i < local_params_.size(); ++i)
    for (const auto& [name, value] : dedup(local_params_[i]))
      if (!known(name) && !local_valid_[i].count(name)) {
        auto line = local_lines_[i].find(name);
        warn(diag, "unused-parameter", config.config_dir() + "/master.cf",
             line == local_lines_[i].end() ? 0 : line->second,
             config.config_dir() + "/master.cf: unused parameter: " + name + "=" + value);
      }
}

}  // namespace postkit
