// regex_table.cc: the parsing the regexp and pcre tables share (see
// regex_table.h): statements, IF/ENDIF nesting, pattern delimiters and
// flags, and the checks on result templates, with Postfix 3.7's warnings.
#include "regex_table.h"

#include <cctype>
#include <vector>

namespace postkit::patterns {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

RegexTable::RegexTable(const OpenRequest& req, const RegexSyntax& syntax)
    : Dict(req), syntax_(syntax) {
  if (req.mode != OpenMode::kRead) {
    throw FatalError(std::string(syntax.type) + ":" + req.name +
                     " map requires O_RDONLY access mode");
  }
  flags_ |= kPattern;
}

std::string RegexTable::at(long line) const {
  return std::string(syntax_.type) + " map " + name_ + ", line " + std::to_string(line);
}

void RegexTable::warn(long line, const std::string& text) {
  diag().warning(at(line) + ": " + text);
}

void RegexTable::load() {
  std::vector<RuleLine> lines = read_rule_lines(name_, syntax_.type, diag());
  for (const RuleLine& l : lines) parse_rule(l);
  for (long line : blocks_.unclosed()) warn(line, "IF has no matching ENDIF");
  filter_.build();
}

void RegexTable::parse_rule(const RuleLine& l) {
  std::string_view p = l.text;
  if (!std::isalnum(static_cast<unsigned char>(p.front()))) {
    parse_match(l.line, p);
  } else if (starts_keyword(p, "IF")) {
    p = skip_space(p.substr(2));
    PatternText pat = new_pattern();
    if (!get_pattern(l.line, &p, &pat)) return;
    p = skip_space(p);
    if (!p.empty()) {
      warn(l.line, "ignoring extra text after IF statement: \"" + std::string(p) + "\"");
      warn(l.line, "do not prepend whitespace to statements between IF and ENDIF");
    }
    if (!add_if(l.line, pat)) return;
    blocks_.open_if(filter_.add_if(blocks_.parent()), l.line);
  } else if (starts_keyword(p, "ENDIF")) {
    if (!blocks_.nested()) {
      warn(l.line, "ignoring ENDIF without matching IF");
      return;
    }
    if (!skip_space(p.substr(5)).empty()) warn(l.line, "ignoring extra text after ENDIF");
    blocks_.close_endif();
  } else {
    warn(l.line, "ignoring unrecognized request");
  }
}

bool RegexTable::get_pattern(long line, std::string_view* p, PatternText* pat) {
  std::string_view s = *p;
  size_t i = 0;
  for (; i < s.size() && (s[i] == '!' || is_space(s[i])); ++i)
    if (s[i] == '!') pat->match = !pat->match;
  if (i >= s.size()) {
    warn(line, "no regexp: skipping this rule");
    return false;
  }
  char delim = s[i++];
  size_t start = i;
  bool closed = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '\\') {
      if (i + 1 < s.size())
        ++i;
      else
        break;
    } else if (s[i] == delim) {
      closed = true;
      break;
    }
  }
  if (!closed) {
    warn(line, std::string("no closing regexp delimiter \"") + delim +
                   "\": " + std::string(syntax_.unclosed_action) + " this rule");
    return false;
  }
  pat->regexp = std::string(s.substr(start, i - start));
  for (++i; i < s.size() && !is_space(s[i]) && !(syntax_.bang_ends_flags && s[i] == '!'); ++i)
    if (!apply_flag(line, s[i], &pat->options)) return false;
  *p = s.substr(i);
  return true;
}

std::optional<Replacement> RegexTable::get_replacement(long line, std::string_view p, bool match) {
  p = skip_space(p);
  if (p.empty()) warn(line, "no replacement text: using empty string");
  auto repl = Replacement::parse(p, at(line), syntax_.out_of_range_zero, diag());
  if (!repl) {
    warn(line, "bad replacement syntax: skipping this rule");
    return std::nullopt;
  }
  if (repl->max_sub() > 0 && !match) {
    warn(line, "$number found in negative match replacement text: skipping this rule");
    return std::nullopt;
  }
  return repl;
}

// Toggles the option of a known flag; warns about an obsolete one; false
// (after warning) for an unknown one, which skips the rule.
bool RegexTable::apply_flag(long line, char flag, uint32_t* options) {
  for (const RegexFlag& f : syntax_.flags) {
    if (f.letter == flag) {
      *options ^= f.option;
      return true;
    }
  }
  if (syntax_.obsolete_flags.find(flag) != std::string_view::npos) {
    warn(line, std::string("ignoring obsolete regexp option \"") + flag + "\"");
    return true;
  }
  warn(line, std::string("unknown regexp option \"") + flag + "\": skipping this rule");
  return false;
}

bool RegexTable::check_sub_range(long line, const Replacement& repl, size_t subpatterns) {
  if (repl.max_sub() <= subpatterns) return true;
  warn(line, "out of range replacement index \"" + std::to_string(repl.max_sub()) +
                 "\": skipping this rule");
  return false;
}

}  // namespace postkit::patterns
