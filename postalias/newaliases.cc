// newaliases.cc: the newaliases behaviour of Postfix 3.7 (its sendmail
// program invoked as "newaliases"): parse sendmail's options, read the
// configuration (-C names the directory or its main.cf), change to
// $queue_directory as sendmail does (so relative table names resolve there),
// then run "postalias [-v...] $alias_database" in-process. Diagnostics about
// the command line are newaliases's; those of the rebuild are postalias's,
// exactly as with Postfix, where sendmail execs postalias.
//
// Only the options that matter to newaliases have an effect: -C, -v, -oA
// (another alias_database), -bi and -I (this mode). Any other sendmail option
// is accepted and ignored, as sendmail ignores unknown ones; -n is fatal.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "postalias.h"

namespace postkit::postalias {
namespace {

constexpr int kExTempFail = 75;  // EX_TEMPFAIL: sendmail's status after any fatal error
constexpr const char* kSendmailOptions = "+A:B:C:F:GIL:N:O:R:UV:X:b:ce:f:h:imno:p:r:q:tvx";

// -C: a path whose last component is main.cf names its directory.
std::string config_dir_of(const std::string& arg) {
  size_t slash = arg.rfind('/');
  std::string base = slash == std::string::npos ? arg : arg.substr(slash + 1);
  if (base != "main.cf") return arg;
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : arg.substr(0, slash);
}

int newaliases(int argc, char** argv, Diagnostics& diag) {
  int ch;
  opterr = 1;
  // First pass, as sendmail: only -C matters before main.cf is read (a bad
  // option is reported here and again in the second pass, as by sendmail).
  while ((ch = ::getopt(argc, argv, kSendmailOptions)) > 0) {
    if (ch == 'C') {
      if (::setenv("MAIL_CONFIG", config_dir_of(optarg).c_str(), 1) != 0) {
        throw FatalError("out of memory");
      }
    }
  }
  ConfigOptions copts;
  Config config = Config::load(copts, diag);
  const std::string queue_dir = config.get("queue_directory");
  if (::chdir(queue_dir.c_str()) != 0) {
    throw FatalError("chdir " + queue_dir + ": " + std::strerror(errno));
  }

  int verbose = 0;
  std::optional<std::string> alias_db;
  optind = 0;  // glibc: a full getopt reset
  while ((ch = ::getopt(argc, argv, kSendmailOptions)) > 0) {
    switch (ch) {
      case 'C':  // handled in the first pass
        break;
      case 'v':
        ++verbose;
        break;
      case 'n':
        throw FatalError("-n option not supported");
      case 'o':
        if (optarg[0] == 'A') {
          if (optarg[1] == 0) throw FatalError("-oA requires pathname");
          alias_db = optarg + 1;
        }
        break;
      case '?':
        throw FatalError(std::string("usage: ") + argv[0] + " [options]");
      default:
        break;  // other sendmail options do not change alias initialization
    }
  }
  if (optind < argc) {
    throw FatalError("alias initialization mode requires no recipient");
  }
  const std::string maps = alias_db ? *alias_db : config.get("alias_database");

  if (maps.empty()) return 0;  // sendmail: nothing to build
  std::vector<std::string> args{"postalias"};
  for (int n = 0; n < verbose; ++n) args.emplace_back("-v");
  size_t pos = 0;
  while ((pos = maps.find_first_not_of(", \t\r\n", pos)) != std::string::npos) {
    size_t end = maps.find_first_of(", \t\r\n", pos);
    args.push_back(maps.substr(pos, end - pos));
    pos = end;
  }
  std::vector<char*> av;
  for (std::string& a : args) av.push_back(a.data());
  av.push_back(nullptr);
  optind = 0;  // glibc: a full getopt reset for the second command line
  Diagnostics postalias_diag("postalias");
  return run_command(postalias_diag, [&] {
    return run_postalias(static_cast<int>(args.size()), av.data(), postalias_diag);
  });
}

}  // namespace

int run_newaliases(int argc, char** argv, Diagnostics& diag) {
  try {
    return newaliases(argc, argv, diag);
  } catch (const FatalError& e) {
    // sendmail exits with EX_TEMPFAIL after any fatal error.
    throw FatalError(e.what(), kExTempFail);
  }
}

}  // namespace postkit::postalias
