// main.cc: postalias's command line, parsed exactly as Postfix 3.7 parses it
// (POSIX getopt stopping at the first operand, the same option letters and
// fatal usage message), then the configuration, then one operation
// (maptypes/table_command.h). Invoked as "newaliases", the program behaves
// as Postfix's newaliases instead.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <optional>

#include "config.h"
#include "diag.h"
#include "postalias.h"

namespace postkit::postalias {

int run_postalias(int argc, char** argv, Diagnostics& diag) {
  const std::string usage = std::string("usage: ") + argv[0] +
                            " [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";
  TableOptions opts;
  // "+": stop at the first operand, as Postfix's GETOPT does on Linux.
  parse_table_args(argc, argv, "+Nc:d:finopq:rsuvw", opts, diag, {}, usage);
  ConfigOptions copts;
  copts.config_dir = opts.config_dir;
  Config config = Config::load(copts, diag);

  TableContext ctx(opts, config, diag);
  ctx.key_separator = ":\t";
  return run_table_command(ctx, usage, [&](const std::string& type, const std::string& name) {
    build_aliases(ctx, type, name);
  });
}

}  // namespace postkit::postalias

int main(int argc, char** argv) {
  // Postfix names itself by the last component of argv[0].
  if (const char* slash = std::strrchr(argv[0], '/'); slash && slash[1]) {
    argv[0] = const_cast<char*>(slash + 1);
  }
  std::ios::sync_with_stdio(false);
  ::umask(022);  // as Postfix: consistent file permissions
  const bool newaliases = std::strcmp(argv[0], "newaliases") == 0;
  postkit::Diagnostics diag(argv[0]);
  int status = postkit::run_command(diag, [&] {
    return newaliases ? postkit::postalias::run_newaliases(argc, argv, diag)
                      : postkit::postalias::run_postalias(argc, argv, diag);
  });
  std::cout.flush();
  return status;
}
