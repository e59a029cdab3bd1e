// postalias.h: the parts of the postalias command, a drop-in for Postfix
// 3.7's postalias(1): build or update alias databases from aliases(5) files
// (build.cc), query, list and delete (query.cc), and the newaliases entry
// point (newaliases.cc), chosen by main.cc from the program name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casefold.h"
#include "config.h"
#include "diag.h"
#include "dict.h"

namespace postkit::postalias {

struct Options {
  // Postfix's default: warn about duplicates, fold keys, UTF-8 when enabled.
  unsigned dict_flags = kDupWarn | kFoldFix | kUtf8Request;
  bool as_owner = true;               // -o clears: run as the source file's owner
  bool save_perm = true;              // -p clears: take the new table's mode from the source
  bool incremental = false;           // -i: add entries from stdin to an existing table
  bool sequence = false;              // -s
  std::optional<std::string> query;   // -q KEY
  std::optional<std::string> delkey;  // -d KEY
  std::vector<std::string> maps;      // operands: [type:]name
};

// What every operation needs.
struct Context {
  const Options& opts;
  const Config& config;
  Diagnostics& diag;
  bool utf8_active = false;  // smtputf8_enable and not -u
  std::string default_type;  // default_database_type
  // Set when UTF-8 keys must be case-folded here (utf8_active and no -f).
  CaseFolder* casefold = nullptr;
};

// Runs postalias with argv (argv[0] already reduced to its last component).
// Returns the exit status; fatal errors throw FatalError.
int run_postalias(int argc, char** argv, Diagnostics& diag);

// Runs the newaliases behaviour of Postfix's sendmail: rebuild every table
// of $alias_database. Diagnostics of the rebuild are postalias's.
int run_newaliases(int argc, char** argv, Diagnostics& diag);

// Splits an operand into type and name, using default_database_type when it
// has no "type:" prefix.
void split_operand(const Context& ctx, const std::string& operand, std::string* type,
                   std::string* name);

// The key as Postfix's UTF-8 layer hands it to the table: case-folded when
// ctx.casefold is set (the table itself folds only ASCII).
std::string_view fold_key(const Context& ctx, std::string_view key, std::string* buf);

// Flags for opening a table: both NUL conventions tried unless -N or -n.
unsigned open_flags(const Context& ctx);

// build.cc: postalias [-i] [type:]file; fatal errors throw.
void build_aliases(const Context& ctx, const std::string& type, const std::string& name);

// query.cc. Each returns the process exit status.
int query_keys(const Context& ctx);   // -q KEY or -q -
int list_map(const Context& ctx);     // -s
int delete_keys(const Context& ctx);  // -d KEY or -d -

}  // namespace postkit::postalias
