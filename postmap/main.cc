// main.cc: postmap's command line, parsed exactly as Postfix 3.7 parses it
// (POSIX getopt, stopping at the first operand, same option letters and the
// same fatal usage message), then the configuration, then one operation
// (maptypes/table_command.h).
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <utility>

#include "config.h"
#include "diag.h"
#include "postmap.h"

namespace postkit::postmap {
namespace {

constexpr const char* kUsage =
    "usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";

// The option letters only postmap has; false for any other.
bool own_option(int letter, Options& o) {
  static constexpr std::pair<char, bool Options::*> kLetters[] = {
      {'b', &Options::body_key}, {'F', &Options::rhs_is_file}, {'h', &Options::header_key},
      {'m', &Options::mime_key}, {'U', &Options::force_utf8},
  };
  for (const auto& [own_letter, option] : kLetters) {
    if (letter != own_letter) continue;
    o.*option = true;
    return true;
  }
  return false;
}

int run(int argc, char** argv, Diagnostics& diag) {
  Options opts;
  // "+": stop at the first operand, as Postfix's GETOPT does on Linux.
  parse_table_args(
      argc, argv, "+bc:d:fFhimnNopq:rsuUvw", opts, diag,
      [&](int letter) { return own_option(letter, opts); }, kUsage);
  ConfigOptions copts;
  copts.config_dir = opts.config_dir;
  Config config = Config::load(copts, diag);

  const bool any_key = opts.header_key || opts.body_key || opts.mime_key;
  if ((!opts.query || *opts.query != "-") && any_key) {
    throw FatalError("specify -b -h or -m only with \"-q -\"");
  }
  if (opts.mime_key && !opts.header_key && !opts.body_key) {
    diag.warning("ignoring -m option without -b or -h");
  }
  if ((opts.header_key || opts.body_key) && !opts.force_utf8) {
    opts.dict_flags &= ~kUtf8Request;
  }

  TableContext ctx(opts, config, diag);
  if (opts.header_key || opts.body_key) {
    ctx.keys_to_query = [&](const KeyVisitor& visit) {
      LineInput in(0);
      scan_message(in, opts.header_key, opts.body_key, opts.mime_key, visit);
    };
  }
  if (opts.rhs_is_file) ctx.decode_value = base64_decode;
  return run_table_command(ctx, kUsage, [&](const std::string& type, const std::string& name) {
    build_map(ctx, opts, type, name);
  });
}

}  // namespace
}  // namespace postkit::postmap

int main(int argc, char** argv) {
  // Postfix names itself by the last component of argv[0].
  if (const char* slash = std::strrchr(argv[0], '/'); slash && slash[1])
    argv[0] = const_cast<char*>(slash + 1);
  std::ios::sync_with_stdio(false);
  ::umask(022);  // as Postfix: consistent file permissions
  postkit::Diagnostics diag(argv[0]);
  int status = postkit::run_command(diag, [&] { return postkit::postmap::run(argc, argv, diag); });
  std::cout.flush();
  return status;
}
