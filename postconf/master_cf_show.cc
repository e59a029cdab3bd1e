// master_cf_show.cc: postconf -M, -F and -P display. As in Postfix, master.cf
// is read first (a missing one is fatal in these modes), then main.cf and -o;
// user-defined parameter names are registered (warning about undefined
// $names), the entries are shown, then unused master.cf `-o` settings are
// reported. Filters are tried in command-line order for each entry in file
// order; a filter that matches nothing is reported as "unmatched request".
// -P shows each service's `-o` parameters sorted by name; entries that share
// a service/type share one parameter name space, as in Postfix, which an
// entry sees only when it or an earlier entry of that service/type has `-o`
// settings (Postfix attaches the name space as it walks the entries).
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "config.h"
#include "master_cf.h"
#include "unused_params.h"

namespace postkit::postconf {
namespace {

using ParamMap = std::map<std::string, std::string>;

// Postfix sets these itself and drops an assignment (the registry reports it:
// "read-only parameter assignment"), so -P does not show it.
bool is_read_only(const std::string& name) {
  return name == "process_id" || name == "process_name";
}

struct Request {
  std::string raw;
  ServicePattern pattern;
  int field = -1;  // -F only; -1 means every field
  int matches = 0;
};

std::vector<Request> parse_requests(const Options& opts, size_t max_parts, const char* usage) {
  std::vector<Request> reqs;
  for (const auto& text : opts.operands) {
    auto pattern = parse_service_pattern(text, 1, max_parts);
    if (!pattern) fail(usage);
    Request r{text, std::move(*pattern)};
    if (opts.fields) r.field = parse_field_pattern(r.pattern.third());
    reqs.push_back(std::move(r));
  }
  return reqs;
}

void report_unmatched(const std::vector<Request>& reqs, Diagnostics& diag) {
  for (const auto& r : reqs)
    if (r.matches == 0) diag.warning(printable("unmatched request: \"" + r.raw + "\""));
}

// The `-o` name space of every service/type (last setting wins).
std::map<std::string, ParamMap> param_spaces(const MasterFile& master) {
  std::map<std::string, ParamMap> spaces;
  for (const MasterService* s : master.services()) {
    if (s->overrides.empty()) continue;
    ParamMap& space = spaces[s->name + "/" + s->type];
    for (const auto& [name, value] : s->overrides)
      if (!is_read_only(name)) space[name] = value;
  }
  return spaces;
}

class Shower {
 public:
  Shower(const Options& opts, const MasterFile& master, const Config& config,
         const ParamRegistry& registry, Diagnostics& diag)
      : opts_(opts),
        master_(master),
        config_(config),
        registry_(registry),
        diag_(diag),
        spaces_(param_spaces(master)) {
    std::set<std::string> seen;
    for (const MasterService* s : master.services()) {
      std::string key = s->name + "/" + s->type;
      if (!s->overrides.empty()) seen.insert(key);
      if (seen.count(key)) scoped_.insert(s);
    }
  }

  void show_entries(std::vector<Request>& reqs) {
    for (const MasterService* s : master_.services()) {
      if (reqs.empty()) {
        print_entry(*s);
        continue;
      }
      for (auto& r : reqs) {
        if (!r.pattern.matches(s->name, s->type)) continue;
        ++r.matches;
        print_entry(*s);
      }
    }
  }

  void show_fields(std::vector<Request>& reqs) {
    for (const MasterService* s : master_.services()) {
      if (reqs.empty()) {
        print_fields(*s, -1);
        continue;
      }
      for (auto& r : reqs) {
        if (!r.pattern.matches(s->name, s->type)) continue;
        ++r.matches;
        print_fields(*s, r.field);
      }
    }
  }

  void show_params(std::vector<Request>& reqs) {
    for (const MasterService* s : master_.services()) {
      const ParamMap* space = space_of(*s);
      if (!space) continue;
      if (reqs.empty()) {
        print_params(*s, *space);
        continue;
      }
      for (auto& r : reqs) {
        if (!r.pattern.matches(s->name, s->type)) continue;
        const std::string& want = r.pattern.third();
        if (want == "*") {
          print_params(*s, *space);
          ++r.matches;
        } else if (auto p = space->find(want); p != space->end()) {
          print_param(*s, p->first, p->second);
          ++r.matches;
        }
      }
    }
  }

 private:
  // -x: $name in a value sees this service's read-only names (process_name:
  // the base name of its command; service_name: its name), then its -o
  // settings, then main.cf and the defaults, as Postfix's postconf does.
  ValueExpander expander_for(const MasterService& s) const {
    ParamScope scope;
    if (const ParamMap* space = space_of(s)) scope.assign(space->begin(), space->end());
    std::string command = s.command();
    scope.emplace_back("process_name", command.substr(command.rfind('/') + 1));
    scope.emplace_back("service_name", s.name);
    return [this, scope](const std::string& value) {
      return registry_.expand(config_, value, /*defaults_only=*/false, diag_, &scope);
    };
  }

  void print_entry(const MasterService& s) {
    std::optional<ValueExpander> expand;
    if (opts_.expand) expand = expander_for(s);
    std::cout << format_master_entry(s.argv(), opts_.fold, expand ? &*expand : nullptr);
  }

  void print_fields(const MasterService& s, int field) {
    std::optional<ValueExpander> expand;
    if (opts_.expand) expand = expander_for(s);
    auto argv = s.argv();
    int first = field < 0 ? 0 : field;
    int last = field < 0 ? kFieldCommand : field;
    for (int f = first; f <= last; ++f)
      std::cout << format_master_field(argv, f, opts_, expand ? &*expand : nullptr);
  }

  void print_params(const MasterService& s, const ParamMap& space) {
    for (const auto& [name, value] : space) print_param(s, name, value);
  }

  void print_param(const MasterService& s, const std::string& name, const std::string& value) {
    std::string shown = opts_.expand ? expander_for(s)(value) : value;
    std::string prefix = s.name + "/" + s.type + "/" + name;
    if (opts_.hide_value)
      std::cout << format_line(prefix, opts_.fold);
    else if (opts_.hide_name)
      std::cout << format_line(shown, opts_.fold);
    else
      std::cout << format_line(prefix + " = " + shown, opts_.fold);
  }

  const ParamMap* space_of(const MasterService& s) const {
    if (!scoped_.count(&s)) return nullptr;
    return &spaces_.at(s.name + "/" + s.type);
  }

  const Options& opts_;
  const MasterFile& master_;
  const Config& config_;
  const ParamRegistry& registry_;
  Diagnostics& diag_;
  std::map<std::string, ParamMap> spaces_;
  std::set<const MasterService*> scoped_;  // entries that see their name space
};

}  // namespace

int show_master(const Options& opts, const std::string& config_dir, Diagnostics& diag) {
  MasterFile master = MasterFile::load(config_dir + "/master.cf", diag, /*fail_on_open=*/true);
  // Config reads master.cf again for the service-derived parameters; its
  // messages were printed just above, so that second reading is quiet.
  // (main.cf problems are fatal and still reach the user as FatalError.)
  std::ostringstream already_reported;
  Diagnostics quiet(diag.prog(), already_reported);
  ConfigOptions copts;
  copts.config_dir = config_dir;
  copts.raw_overrides = opts.raw_overrides;
  copts.read_master = true;
  Config config = Config::load(copts, quiet);
  ParamRegistry registry(config, diag);
  registry.register_user_parameters(config, diag);

  Shower shower(opts, master, config, registry, diag);
  if (opts.fields) {
    auto reqs = parse_requests(opts, 3, "-F option requires service_name[/type[/field]]");
    shower.show_fields(reqs);
    std::cout.flush();
    report_unmatched(reqs, diag);
  } else if (opts.service_params) {
    auto reqs = parse_requests(opts, 3, "-P option requires service_name[/type[/parameter]]");
    shower.show_params(reqs);
    std::cout.flush();
    report_unmatched(reqs, diag);
  } else {
    auto reqs = parse_requests(opts, 2, "-M option requires service_name[/type]");
    shower.show_entries(reqs);
    std::cout.flush();
    report_unmatched(reqs, diag);
  }
  registry.warn_unused_master(config, diag);
  return 0;
}

}  // namespace postkit::postconf
