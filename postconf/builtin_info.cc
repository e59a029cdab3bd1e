// builtin_info.cc: postconf's built-in information modes:
//   -a / -A  SASL server / client plug-in types
//   -l       mailbox lock methods
//   -m       lookup table types (those postkit's maptypes registry has)
//   -T mode  TLS library facts (info_tls.cc)
//   -t / -b  bounce templates, as text / expanded (bounce_show.cc)
// Contract: the same stdout, diagnostics and exit status as Postfix 3.7.11;
// -m, -t and -b check parameter values first, as Postfix does
// (parser/param_checks.h); which modes read main.cf follows Postfix (-m, -t
// and -b do; -a -A -l -T do not).
#include <fcntl.h>
#include <sys/file.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bounce_show.h"
#include "config.h"
#include "info_tls.h"
#include "param_checks.h"
#include "postconf.h"

#if __has_include("registry.h")
#include "registry.h"
#define POSTKIT_HAVE_MAP_REGISTRY 1
#endif

namespace postkit::postconf {
namespace {

// The SASL plug-in types of the Postfix build postkit configures (Debian's
// postfix 3.7 package: Cyrus SASL for both roles, Dovecot for the server
// role). postkit only writes configuration; these are the values that
// smtpd_sasl_type and smtp_sasl_type accept there.
const std::vector<std::string> kSaslServerTypes = {"cyrus", "dovecot"};
const std::vector<std::string> kSaslClientTypes = {"cyrus"};

// Mailbox lock methods this system supports, in Postfix's order.
std::vector<std::string> lock_methods() {
  std::vector<std::string> m;
#ifdef LOCK_EX
  m.emplace_back("flock");
#endif
#ifdef F_SETLK
  m.emplace_back("fcntl");
#endif
  m.emplace_back("dotlock");  // needs only link(2), always available
  return m;
}

void print_lines(const std::vector<std::string>& lines) {
  for (const auto& l : lines) std::cout << l << '\n';
  std::cout << std::flush;
}

ConfigOptions config_options(const Options& o) {
  ConfigOptions co;
  co.config_dir = o.config_dir;
  co.overrides = o.overrides;
  return co;
}

Config load_config(const Options& o, Diagnostics& diag) {
  return Config::load(config_options(o), diag);
}

int show_map_types(const Options& o, Diagnostics& diag) {
  // Postfix reads main.cf first (dynamic map types are configured there).
  Config config = load_config(o, diag);
  check_parameters(config, CheckedBy::kPostconf);
#ifdef POSTKIT_HAVE_MAP_REGISTRY
  print_lines(map_type_names());
  return 0;
#else
  diag.fatal("no lookup table types: postkit was built without maptypes/registry.h");
#endif
}

int show_bounce(const Options& o, Diagnostics& diag) {
  if (o.operands.size() > 1) diag.fatal("options -b and -t require at most one template file");
  Config config = load_config(o, diag);
  check_parameters(config, CheckedBy::kPostconf);
  std::optional<std::string> file;
  if (!o.operands.empty()) file = o.operands.front();
  return show_bounce_templates(config, config_options(o), file,
                               o.bounce ? BounceShow::kExpand : BounceShow::kDump);
}

}  // namespace

int run_builtin_info(const Options& o, Diagnostics& diag) {
  if (o.sasl_server) {
    print_lines(kSaslServerTypes);
    return 0;
  }
  if (o.sasl_client) {
    print_lines(kSaslClientTypes);
    return 0;
  }
  if (o.locks) {
    print_lines(lock_methods());
    return 0;
  }
  if (!o.tls_mode.empty()) return show_tls_info(o.tls_mode, diag);
  if (o.map_types) return show_map_types(o, diag);
  if (o.bounce || o.templates) return show_bounce(o, diag);
  diag.fatal("run_builtin_info: no information mode selected");
}

}  // namespace postkit::postconf
