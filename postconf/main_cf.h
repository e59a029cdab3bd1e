// main_cf.h: the pieces of postconf's main.cf modes, one concern per file:
//   main_cf_cmd.cc   entry point: read the configuration, show or edit
//   main_cf_show.cc  display (plain, -n, -d, -x, -h, -H, -f, -C, named)
//   main_cf_edit.cc  -e, -X, -# rewriting only the lines they touch
//   unused_params.*  (parser/) known names and unused-parameter warnings
#pragma once

#include <string>
#include <string_view>

#include "config.h"
#include "diag.h"
#include "postconf.h"
#include "unused_params.h"

namespace postkit::postconf {

// One output line as Postfix's print_line() writes it: words separated by
// single spaces (whitespace runs collapse), folded before 80 columns with a
// 4-space indent when fold is set; newline included.
std::string print_line(std::string_view text, bool fold);

int show_main(const Options& opts, const Config& config, const ParamRegistry& registry,
              Diagnostics& diag);
int edit_main(const Options& opts, Diagnostics& diag);

}  // namespace postkit::postconf
