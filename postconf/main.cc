// main.cc: the postconf command: parse flags exactly as Postfix's getopt does
// (clustering such as -nc DIR, -Mf, -M#), check their combinations, dispatch.
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "diag.h"
#include "master_cf.h"
#include "postconf.h"
#include "unused_params.h"

namespace postkit::postconf {
namespace {

// Postfix names itself by argv[0] as given (e.g. "/usr/sbin/postconf") in
// every message, the usage text included.
constexpr const char* kUsageFlags =
    "[-a (server SASL types)] [-A (client SASL types)] [-b (bounce templates)] "
    "[-c config_dir] [-c param_class] [-d (parameter defaults)] [-e (edit configuration)] "
    "[-f (fold lines)] [-F (master.cf fields)] [-h (no names)] [-H (no values)] "
    "[-l (lock types)] [-m (map types)] [-M (master.cf)] [-n (non-default parameters)] "
    "[-o name=value (override parameter value)] [-p (main.cf, default)] "
    "[-P (master.cf parameters)] [-t (bounce templates)] "
    "[-T compile-version|run-version|public-key-algorithms] [-v (verbose)] "
    "[-x (expand parameter values)] [-X (exclude)] [-# (comment-out)] [name...]";

Options parse_flags(int argc, char** argv, Diagnostics& diag) {
  Options o;
  opterr = 0;  // we print getopt's complaints ourselves, under our own name
  int ch;
  // '+': stop at the first operand, as Postfix's getopt does (no permuting).
  while ((ch = getopt(argc, argv, "+aAbc:C:deEfFhHlmMno:pPtT:vxX#")) != -1) {
    switch (ch) {
      case 'a':
        o.sasl_server = true;
        break;
      case 'A':
        o.sasl_client = true;
        break;
      case 'b':
        if (o.templates) throw FatalError("specify one of -b and -t");
        o.bounce = true;
        break;
      case 'c':
        // Postfix passes -c on through the environment, so MAIL_CONFIG="" and
        // -c "" behave alike.
        o.config_dir = optarg;
        setenv("MAIL_CONFIG", optarg, 1);
        break;
      case 'C':
        parse_param_classes({optarg});
        o.param_classes.assign(1, optarg);  // the last -C wins
        break;
      case 'd':
        o.defaults = true;
        break;
      case 'e':
        o.edit = true;
        break;
      case 'f':
        o.fold = true;
        break;
      case 'F':
        o.fields = true;
        break;
      case 'h':
        o.hide_name = true;
        break;
      case 'H':
        o.hide_value = true;
        break;
      case 'l':
        o.locks = true;
        break;
      case 'm':
        o.map_types = true;
        break;
      case 'M':
        o.master = true;
        break;
      case 'n':
        o.non_default = true;
        break;
      case 'o': {
        // Checked only when the configuration is read, as Postfix does.
        std::string arg = optarg;
        auto eq = arg.find('=');
        o.overrides.emplace_back(arg.substr(0, eq),
                                 eq == std::string::npos ? "" : arg.substr(eq + 1));
        o.raw_overrides.push_back(std::move(arg));
        break;
      }
      case 'p':
        o.main_params = true;
        break;
      case 'P':
        o.service_params = true;
        break;
      case 't':
        if (o.bounce) throw FatalError("specify one of -b and -t");
        o.templates = true;
        break;
      case 'T':
        if (!o.tls_mode.empty()) throw FatalError("At most one -T <mode> option may be specified");
        o.tls_mode = optarg;
        break;
      case 'v':
        ++o.verbose;
        break;
      case 'x':
        o.expand = true;
        break;
      case 'X':
        o.remove = true;
        break;
      case '#':
        o.comment_out = true;
        break;
      default:
        if (optopt && std::strchr("cCoT", optopt))
          std::cerr << diag.prog() << ": option requires an argument -- '" << char(optopt) << "'\n";
        else
          std::cerr << diag.prog() << ": invalid option -- '" << char(optopt) << "'\n";
        diag.fatal("usage: " + diag.prog() + " " + kUsageFlags);
    }
  }
  for (int i = optind; i < argc; ++i) o.operands.emplace_back(argv[i]);
  return o;
}

int dispatch(const Options& o, Diagnostics& diag) {
  check_option_combinations(o);
  if (o.sasl_server || o.sasl_client || o.locks || o.map_types || o.bounce || o.templates ||
      !o.tls_mode.empty())
    return run_builtin_info(o, diag);
  if (o.master || o.fields || o.service_params) return run_master_cf(o, diag);
  return run_main_cf(o, diag);
}

}  // namespace
}  // namespace postkit::postconf

int main(int argc, char** argv) {
  postkit::Diagnostics diag(argc > 0 && argv[0] ? argv[0] : "postconf");
  return postkit::run_command(diag, [&] {
    auto opts = postkit::postconf::parse_flags(argc, argv, diag);
    diag.set_verbosity(opts.verbose);
    return postkit::postconf::dispatch(opts, diag);
  });
}
