// postalias.h: the parts of the postalias command, a drop-in for Postfix
// 3.7's postalias(1). What postalias shares with postmap (options, building
// a table from its source, -q/-s/-d) is maptypes/table_command.h; here are
// only postalias's own: the aliases(5) entries and the signatures of an
// alias database (build.cc) and
// the newaliases entry point (newaliases.cc), chosen by main.cc from the
// program name.
#pragma once

#include <string>

#include "diag.h"
#include "table_command.h"

namespace postkit::postalias {

// Runs postalias with argv (argv[0] already reduced to its last component).
// Returns the exit status; fatal errors throw FatalError.
int run_postalias(int argc, char** argv, Diagnostics& diag);

// Runs the newaliases behaviour of Postfix's sendmail: rebuild every table
// of $alias_database. Diagnostics of the rebuild are postalias's.
int run_newaliases(int argc, char** argv, Diagnostics& diag);

// build.cc: postalias [-i] [type:]file; fatal errors throw.
void build_aliases(const TableContext& ctx, const std::string& type, const std::string& name);

}  // namespace postkit::postalias
