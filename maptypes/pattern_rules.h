// pattern_rules.h: what cidr, regexp and pcre tables share.
//
//  - read_rule_lines(): the logical lines of a pattern table (a file read with
//    the one source reader, or the text of an inline "{ {rule}, {rule} }"
//    spec), each trimmed of trailing whitespace, with its first line number.
//  - starts_keyword(): Postfix's test for IF / ENDIF (case-insensitive prefix
//    not followed by a letter or digit).
//  - BlockTracker: the if/endif nesting of a table. Every rule records the IF
//    that encloses it, so a rule fires exactly when its own pattern matches
//    and every enclosing IF condition holds; this is the same first-match
//    result as Postfix's sequential scan (which jumps from a failed IF to its
//    ENDIF, or gives up when the IF has no ENDIF: every later rule is then
//    inside that IF), and lets the tables evaluate rules out of order.
//  - Replacement: a result template with $n, ${n}, $(n) and $$, parsed and
//    checked as Postfix's mac_parse() + prescan do, expanded per lookup.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"

namespace postkit::patterns {

inline constexpr size_t kNoParent = static_cast<size_t>(-1);

struct RuleLine {
  std::string text;  // logical line, trailing whitespace removed, never empty
  long line = 0;     // first physical line
};

// Reads the table `name` (a path, or an inline "{...}" spec). A file that
// cannot be opened throws FatalError "open NAME: strerror", as Postfix.
// `type` names the table type in the fatal errors of inline specs.
std::vector<RuleLine> read_rule_lines(const std::string& name, std::string_view type,
                                      Diagnostics& diag);

// True when `text` starts with `keyword` (ASCII case-insensitive) and the next
// character is not alphanumeric.
bool starts_keyword(std::string_view text, std::string_view keyword);

std::string_view skip_space(std::string_view s);
std::string_view trim_right(std::string_view s);

// if/endif nesting while a table is parsed. Rule ids are the caller's.
class BlockTracker {
 public:
  // The innermost open IF (its id), or kNoParent at top level.
  size_t parent() const { return stack_.empty() ? kNoParent : stack_.back().id; }
  bool nested() const { return !stack_.empty(); }
  void open_if(size_t id, long line) { stack_.push_back({id, line}); }
  void close_endif() { stack_.pop_back(); }
  // Lines of IFs still open at the end, innermost first (Postfix's order for
  // "IF has no matching ENDIF").
  std::vector<long> unclosed() const;

 private:
  struct Open {
    size_t id;
    long line;
  };
  std::vector<Open> stack_;
};

// A result template. Pieces are literal text ($$ already turned into $) or a
// substring number.
class Replacement {
 public:
  // Parses `text` like Postfix's prescan. `label` is "regexp map NAME, line N"
  // for the per-index warnings; `out_of_range_zero` is the text for $0
  // ("out-of-range" in regexp tables, "out of range" in pcre tables).
  // Returns nullopt after warning; the caller then warns "bad replacement
  // syntax: skipping this rule".
  static std::optional<Replacement> parse(std::string_view text, const std::string& label,
                                          std::string_view out_of_range_zero, Diagnostics& diag);

  size_t max_sub() const { return max_sub_; }
  // group(n) returns the text of substring n (empty when unmatched).
  std::string expand(const std::function<std::string_view(size_t)>& group) const;

 private:
  struct Piece {
    bool is_sub;
    std::string text;
    size_t n;
  };
  std::vector<Piece> pieces_;
  size_t max_sub_ = 0;
};

}  // namespace postkit::patterns
