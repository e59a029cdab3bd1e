// registry.h: "type:name" -> an open Dict; the one table of map types.
//
// open_map("hash:/etc/postfix/access", req) splits at the first ':', finds the
// type in the table (registry.cc) and calls its factory with
// req.type = "hash", req.name = "/etc/postfix/access". Nested forms are the
// factory's business: proxy:hash:/x gives the proxy factory name "hash:/x",
// which it may open with open_map() again; inline:{...} gets "{...}".
//
// Errors, as Postfix reports them (FatalError):
//   unknown type      -> "unsupported dictionary type: TYPE" (postmap adds
//                        ". Is the postfix-TYPE package installed?" when
//                        creating; that is the command's business)
//   a spec without ':' is the caller's business: postmap prefixes
//                        default_database_type.
//
// Adding a type: write maptypes/TYPE.cc with a factory, declare it in
// types.h and add one row to the table in registry.cc (see README.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dict.h"

namespace postkit {

using DictFactory = std::unique_ptr<Dict> (*)(const OpenRequest& req);

struct MapTypeInfo {
  std::string_view name;    // "hash", "cidr", ...
  DictFactory open;         // opens (or, with kCreate/kUpdate, creates) a table
  std::string_view suffix;  // file suffix of an indexed type (".db"), else ""
  bool can_create = false;  // postmap can build it (hash, btree, lmdb, cdb)
  // The factory itself decides what a writable open (postmap -d/-i) does,
  // as Postfix's static, environ, fail and internal do; otherwise commands
  // refuse with "TYPE:NAME map requires O_RDONLY access mode".
  bool opens_writable = false;
};

// The table of types compiled in, in registration order.
const std::vector<MapTypeInfo>& map_types();
// nullptr when the type is unknown.
const MapTypeInfo* find_map_type(std::string_view type);
// Type names, sorted, as `postconf -m` lists them.
std::vector<std::string> map_type_names();

// The outcome of opening a table: a Dict, or a failure Status (kConfig with
// Postfix's message, e.g. "unsupported dictionary type: foo" or "open
// database /x.db: No such file or directory") and no Dict.
struct OpenResult {
  Status status;
  std::unique_ptr<Dict> dict;
};

// Opens "type:name". `req` supplies mode, flags, diag, config, owner; its
// type and name fields are overwritten from spec. The table comes wrapped in
// the UTF-8 layer when req.flags has kUtf8Request (utf8_dict.h). Never
// throws: a type's constructor may throw FatalError for a failed open, and
// this is the one place that turns it into a Status.
OpenResult open_table(std::string_view spec, OpenRequest req);

// open_table() for a daemon: a table that cannot be opened becomes a
// surrogate that fails every operation with the open's message (kRetry),
// after the open's message was printed as a warning (surrogate.h).
std::unique_ptr<Dict> open_table_or_surrogate(std::string_view spec, const OpenRequest& req);

// open_table() for a command: a failure is raised as FatalError with its
// message, for the command's main() to print (run_command()).
std::unique_ptr<Dict> open_map(std::string_view spec, OpenRequest req);

// Splits "type:name" at the first ':'; false when there is no ':' .
bool split_map_spec(std::string_view spec, std::string_view* type, std::string_view* name);

}  // namespace postkit
