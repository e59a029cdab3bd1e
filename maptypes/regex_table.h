// regex_table.h: the table machinery the regexp and pcre map types share.
//
// RegexTable is a read-only Dict (another open mode is fatal, as in Postfix)
// that reads a regexp_table(5)/pcre_table(5) file,
// handles IF/ENDIF statements and their nesting, and offers the per-rule
// steps both tables take in the same way (Postfix's dict_regexp.c and
// dict_pcre.c): parsing "[!...]<delim>regexp<delim>flags", checking the
// result template, checking its $n against the pattern's substring count,
// and registering rules with the candidate prefilter. Warnings carry
// "TYPE map NAME, line N: ..." and are emitted in Postfix's order.
//
// A derived table supplies its syntax (RegexSyntax: flag letters, texts) and
// the engine: how an IF pattern is compiled and kept, how a match rule is parsed and kept, and
// the lookup itself. Its constructor calls load() once its own members exist
// (a base constructor cannot call the hooks). IF conditions must be stored in
// the order add_if() succeeds: their index is the IF id in filter_.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dict.h"
#include "pattern_rules.h"
#include "regex_prefilter.h"
#include "types.h"

namespace postkit::patterns {

// One "[!...]<delim>regexp<delim>flags" as written, before compiling.
struct PatternText {
  std::string regexp;
  uint32_t options = 0;  // engine flags: the table's defaults, toggled by flags
  bool match = true;     // false after an odd number of '!'
};

// A flag letter after the closing delimiter and the engine option it toggles.
struct RegexFlag {
  char letter;
  uint32_t option;
};

// Where the two tables' syntax and texts differ.
struct RegexSyntax {
  std::string_view type;  // "regexp" or "pcre": map name in warnings
  uint32_t default_options;
  // Postfix 3.7 says "no closing regexp delimiter ...: skipping this rule"
  // in regexp tables but "...: ignoring this rule" in pcre tables.
  std::string_view unclosed_action;
  // regexp tables allow "/re1/!/re2/": a '!' ends the flags.
  bool bang_ends_flags;
  // Replacement::parse()'s text for $0.
  std::string_view out_of_range_zero;
  // Flag letters and the option bit each one toggles.
  std::span<const RegexFlag> flags;
  // Obsolete flag letters, accepted with a warning (pcre: "X").
  std::string_view obsolete_flags;
};

class RegexTable : public Dict {
 protected:
  RegexTable(const OpenRequest& req, const RegexSyntax& syntax);

  // Reads and parses the whole table; call once from the derived constructor.
  void load();

  std::string at(long line) const;
  void warn(long line, const std::string& text);

  // Parses a pattern at *p (Postfix's get_pat), toggling pat->match for each
  // leading '!' and pat->options for each flag; leaves *p after the
  // flags. Returns false after a warning when the rule must be skipped.
  bool get_pattern(long line, std::string_view* p, PatternText* pat);
  // The replacement text after a match pattern (`match` is its sense), with
  // Postfix's warnings; nullopt when the rule must be skipped.
  std::optional<Replacement> get_replacement(long line, std::string_view p, bool match);
  // False (after warning) when the template uses a $n beyond `subpatterns`.
  bool check_sub_range(long line, const Replacement& repl, size_t subpatterns);
  // A pattern before parsing: the table's default options, positive sense.
  PatternText new_pattern() const {
    PatternText pat;
    pat.options = syntax_.default_options;
    return pat;
  }
  // Registers the next match rule (in table order) under the current IF.
  void add_rule(const Factors& factors) { filter_.add_rule(blocks_.parent(), factors); }

  // Compiles and keeps an IF condition; false (after warning) drops the IF.
  virtual bool add_if(long line, const PatternText& pat) = 0;
  // Parses and keeps a match rule; `p` starts at its first pattern.
  virtual void parse_match(long line, std::string_view p) = 0;

  RulePrefilter filter_;

 private:
  void parse_rule(const RuleLine& l);
  bool apply_flag(long line, char flag, uint32_t* options);

  RegexSyntax syntax_;
  BlockTracker blocks_;
};

}  // namespace postkit::patterns
