// main.cc: postalias's command line, parsed exactly as Postfix 3.7 parses it
// (POSIX getopt stopping at the first operand, the same option letters and
// fatal usage message), then the configuration, then one operation. Invoked
// as "newaliases", the program behaves as Postfix's newaliases instead.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <iostream>

#include "config.h"
#include "diag.h"
#include "postalias.h"

namespace postkit::postalias {
namespace {

std::string usage(const char* prog) {
  return std::string("usage: ") + prog +
         " [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";
}

// Parses argv as Postfix does; returns the -c directory (empty if none).
std::string parse_args(int argc, char** argv, Options& o, Diagnostics& diag) {
  std::string config_dir;
  int ch;
  opterr = 1;
  // "+": stop at the first operand, as Postfix's GETOPT does on Linux.
  while ((ch = ::getopt(argc, argv, "+Nc:d:finopq:rsuvw")) > 0) {
    switch (ch) {
      case 'N':
        o.dict_flags = (o.dict_flags | kTry1Null) & ~kTry0Null;
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
      case 'i':
        o.incremental = true;
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
      case 'v':
        diag.set_verbosity(diag.verbosity() + 1);
        break;
      case 'w':
        o.dict_flags = (o.dict_flags & ~(kDupWarn | kDupReplace)) | kDupIgnore;
        break;
      default:
        throw FatalError(usage(argv[0]));
    }
  }
  for (int i = optind; i < argc; ++i) o.maps.emplace_back(argv[i]);
  return config_dir;
}

}  // namespace

int run_postalias(int argc, char** argv, Diagnostics& diag) {
  Options opts;
  ConfigOptions copts;
  copts.config_dir = parse_args(argc, argv, opts, diag);
  Config config = Config::load(copts, diag);
  Context ctx{opts, config, diag, false, ""};
  ctx.default_type = config.get("default_database_type");
  if (ctx.default_type.empty()) ctx.default_type = "hash";
  ctx.utf8_active = has(opts.dict_flags, kUtf8Request) && config.get_bool("smtputf8_enable");
  std::optional<CaseFolder> folder;
  if (ctx.utf8_active && has(opts.dict_flags, kFoldFix)) ctx.casefold = &folder.emplace();

  if (opts.delkey) {
    if (opts.maps.empty()) throw FatalError(usage(argv[0]));
    return delete_keys(ctx);
  }
  if (opts.query) {
    if (opts.maps.empty()) throw FatalError(usage(argv[0]));
    return query_keys(ctx);
  }
  if (opts.sequence) return list_map(ctx);
  if (opts.maps.empty()) throw FatalError(usage(argv[0]));
  for (const std::string& operand : opts.maps) {
    std::string type, name;
    split_operand(ctx, operand, &type, &name);
    build_aliases(ctx, type, name);
  }
  return 0;
}

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

std::string_view fold_key(const Context& ctx, std::string_view key, std::string* buf) {
  return ctx.casefold ? ctx.casefold->fold(key, buf) : key;
}

unsigned open_flags(const Context& ctx) {
  unsigned flags = ctx.opts.dict_flags;
  if (!has(flags, kTry0Null | kTry1Null)) flags |= kTry0Null | kTry1Null;
  if (!ctx.utf8_active) flags &= ~kUtf8Request;
  return flags;
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
