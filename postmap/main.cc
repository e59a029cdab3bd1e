// main.cc: postmap's command line, parsed exactly as Postfix 3.7 parses it
// (POSIX getopt, stopping at the first operand, same option letters and the
// same fatal usage message), then the configuration, then one operation.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <iostream>

#include "config.h"
#include "diag.h"
#include "postmap.h"

namespace postkit::postmap {
namespace {

constexpr const char* kUsage =
    "usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";

// Parses argv as Postfix does; returns the -c directory (empty if none).
std::string parse_args(int argc, char** argv, Options& o, Diagnostics& diag) {
  std::string config_dir;
  int ch;
  opterr = 1;
  // "+": stop at the first operand, as Postfix's GETOPT does on Linux.
  while ((ch = ::getopt(argc, argv, "+bc:d:fFhimnNopq:rsuUvw")) > 0) {
    switch (ch) {
      case 'N':
        o.dict_flags = (o.dict_flags | kTry1Null) & ~kTry0Null;
        break;
      case 'b':
        o.body_key = true;
        break;
      case 'c':
        config_dir = optarg;
        break;
      case 'd':
        if (o.sequence || o.query || o.delkey) throw FatalError("specify only one of -s -q or -d");
        o.delkey = optarg;
        break;
      case 'f':
        o.dict_flags &= ~kFoldFix;
        break;
      case 'F':
        o.rhs_is_file = true;
        break;
      case 'h':
        o.header_key = true;
        break;
      case 'i':
        o.incremental = true;
        break;
      case 'm':
        o.mime_key = true;
        break;
      case 'n':
        o.dict_flags = (o.dict_flags | kTry0Null) & ~kTry1Null;
        break;
      case 'o':
        o.as_owner = false;
        break;
      case 'p':
        o.save_perm = false;
        break;
      case 'q':
        if (o.sequence || o.query || o.delkey) throw FatalError("specify only one of -s -q or -d");
        o.query = optarg;
        break;
      case 'r':
        o.dict_flags = (o.dict_flags & ~(kDupWarn | kDupIgnore)) | kDupReplace;
        break;
      case 's':
        if (o.query || o.delkey) throw FatalError("specify only one of -s or -q or -d");
        o.sequence = true;
        break;
      case 'u':
        o.dict_flags &= ~kUtf8Request;
        break;
      case 'U':
        o.force_utf8 = true;
        break;
      case 'v':
        diag.set_verbosity(diag.verbosity() + 1);
        break;
      case 'w':
        o.dict_flags = (o.dict_flags & ~(kDupWarn | kDupReplace)) | kDupIgnore;
        break;
      default:
        throw FatalError(kUsage);
    }
  }
  for (int i = optind; i < argc; ++i) o.maps.emplace_back(argv[i]);
  return config_dir;
}

int run(int argc, char** argv, Diagnostics& diag) {
  Options opts;
  ConfigOptions copts;
  copts.config_dir = parse_args(argc, argv, opts, diag);
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

  Context ctx{opts, config, diag, false, {}};
  ctx.default_type = config.get("default_database_type");
  if (ctx.default_type.empty()) ctx.default_type = "hash";
  ctx.utf8_active = has(opts.dict_flags, kUtf8Request) && config.get_bool("smtputf8_enable");

  if (opts.maps.empty() && !opts.sequence) throw FatalError(kUsage);
  if (opts.delkey) return delete_keys(ctx);
  if (opts.query) return query_keys(ctx);
  if (opts.sequence) return list_map(ctx);
  for (const std::string& operand : opts.maps) {
    std::string type, name;
    split_operand(ctx, operand, &type, &name);
    build_map(ctx, type, name);
  }
  return 0;
}

}  // namespace

void split_operand(const Context& ctx, const std::string& operand, std::string* type,
                   std::string* name) {
  size_t colon = operand.find(':');
  if (colon == std::string::npos) {
    *type = ctx.default_type;
    *name = operand;
  } else {
    *type = operand.substr(0, colon);
    *name = operand.substr(colon + 1);
  }
}

unsigned open_flags(const Context& ctx) {
  unsigned flags = ctx.opts.dict_flags;
  if (!has(flags, kTry0Null | kTry1Null)) flags |= kTry0Null | kTry1Null;
  if (!ctx.utf8_active) flags &= ~kUtf8Request;
  return flags;
}

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
