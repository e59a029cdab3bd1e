// master_cf.h: the pieces of postconf's master.cf modes (-M, -F, -P), one
// concern per file as Postfix splits postconf_master.c / postconf_edit.c:
//   master_cf_cmd.cc      entry point: option rules, then show or edit
//   master_cf_options.cc  postconf's option compatibility matrix
//   master_cf_pattern.cc  service[/type[/field-or-parameter]] patterns
//   master_cf_format.cc   Postfix's output layout (columns, folding)
//   master_cf_show.cc     -M, -F, -P display with filters
//   master_cf_edit.cc     -Me -M# -MX -Fe -Pe -PX, rewriting only touched lines
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"
#include "expander.h"
#include "line_fold.h"
#include "master_file.h"
#include "postconf.h"

namespace postkit::postconf {

// Throws FatalError with Postfix's words when options conflict ("specify one
// of -M -P", "with option -M, do not specify -n"), or when an edit has no
// operand ("-e requires name=value argument"). Covers every mode, not only
// the master.cf ones, so the command's flag parser may call it for all.
void check_option_combinations(const Options& opts);
// Whether the options name an edit (-e, -X, -#, or an operand with '=' when
// a main.cf or master.cf mode is in effect, which implies -e).
bool implies_edit(const Options& opts);

// A parsed "name[/type[/third]]" pattern; missing parts are "*".
struct ServicePattern {
  std::vector<std::string> parts;
  bool matches(std::string_view name, std::string_view type) const;
  const std::string& third() const { return parts.at(2); }
};
// nullopt when text has fewer than min_parts or more than max_parts parts, or
// uses '*' other than as a whole part (Postfix's pcf_parse_service_pattern).
std::optional<ServicePattern> parse_service_pattern(std::string_view text, size_t min_parts,
                                                    size_t max_parts);
// Field index for a -F pattern part; -1 for "*". Fatal for an unknown name.
int parse_field_pattern(const std::string& name);

// Expands $name in an `-o` value for one service (postconf -x).
using ValueExpander = std::function<std::string(const std::string& value)>;

// One master.cf entry in postconf -M's layout (fields at fixed columns,
// options with a value on their own line when folding), newline included.
std::string format_master_entry(const std::vector<std::string>& argv, bool fold,
                                const ValueExpander* expand);
// One "service/type/field = value" line of postconf -F.
std::string format_master_field(const std::vector<std::string>& argv, int field,
                                const Options& opts, const ValueExpander* expand);
// One line of text as Postfix's pcf_print_line prints it: whitespace runs
// become one space, long lines are folded when fold is set.
std::string format_line(std::string_view text, bool fold);

// Throws FatalError with non-printable bytes shown as '?', as Postfix's
// messages show them.
[[noreturn]] inline void fail(const std::string& text) {
  throw FatalError(printable(text));
}

int show_master(const Options& opts, const std::string& config_dir, Diagnostics& diag);
int edit_master(const Options& opts, const std::string& config_dir, Diagnostics& diag);

}  // namespace postkit::postconf
