// pcre.cc: the pcre map type (pcre_table(5)) on PCRE2: flags i m s x A E U
// (X is obsolete and ignored with a warning, as Postfix built with PCRE2),
// "!/re/" negation, if/endif blocks and $n substitution, parsed with Postfix
// 3.7's checks and warnings. Patterns are JIT-compiled; a lookup runs only
// the rules RulePrefilter selects, in table order.
//
// Match limits: Postfix calls pcre2_match() with PCRE2's default limits and
// reports an error such as "match limit exceeded" as a warning, treating the
// rule as not matching. We do the same; when the JIT reports any error, the
// rule is re-run in the interpreter (PCRE2_NO_JIT) so the result and message
// are the interpreter's, as in Postfix.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "dict.h"
#include "pattern_rules.h"
#include "regex_prefilter.h"
#include "types.h"

namespace postkit {

namespace {

using patterns::BlockTracker;
using patterns::Replacement;
using patterns::RuleLine;

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

struct CodeFree {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

std::string pcre_error(int code) {
  PCRE2_UCHAR buf[256];
  int len = pcre2_get_error_message(code, buf, sizeof(buf));
  if (len > 0) return std::string(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
  return "unexpected pcre2 error code " + std::to_string(code);
}

// A compiled pattern with its match data.
struct PcreRegex {
  std::unique_ptr<pcre2_code, CodeFree> code;
  std::unique_ptr<pcre2_match_data, MatchDataFree> data;
  bool jit = false;
  uint32_t captures = 0;
};

struct PatternText {
  std::string regexp;
  uint32_t options = PCRE2_CASELESS | PCRE2_DOTALL;
  bool match = true;
};

class PcreDict : public Dict {
 public:
  explicit PcreDict(const OpenRequest& req) : Dict(req) {
    flags_ |= kPattern;
    load();
  }

  Status lookup(std::string_view key, std::string* value) override {
    std::string buf;
    std::string_view subject = has(flags_, kFoldMul) ? fold(key, buf) : key;
    // Postfix passes strlen(key): the subject ends at a NUL.
    subject = subject.substr(0, std::min(subject.size(), subject.find('\0')));
    auto hit = filter_.first_match(
        subject,
        [&](size_t id) { return exec(*ifs_[id].re, ifs_[id].match, ifs_[id].line, subject); },
        [&](uint32_t r) { return exec(*rules_[r].re, rules_[r].match, rules_[r].line, subject); });
    if (!hit) return Status::kNotFound;
    const MatchRule& m = rules_[*hit];
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m.re->data.get());
    *value = m.repl.expand([&](size_t n) -> std::string_view {
      if (ov[2 * n] == PCRE2_UNSET || ov[2 * n + 1] <= ov[2 * n]) return {};
      return subject.substr(ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
    });
    return Status::kFound;
  }

 private:
  struct MatchRule {
    std::unique_ptr<PcreRegex> re;
    bool match;
    Replacement repl;
    long line;
  };
  struct IfRule {
    std::unique_ptr<PcreRegex> re;
    bool match;
    long line;
  };

  std::string at(long line) const { return "pcre map " + name_ + ", line " + std::to_string(line); }
  void warn(long line, const std::string& text) { diag().warning(at(line) + ": " + text); }

  bool exec(PcreRegex& re, bool match, long line, std::string_view s) {
    auto subject = reinterpret_cast<PCRE2_SPTR>(s.data());
    int rc = pcre2_match(re.code.get(), subject, s.size(), 0, 0, re.data.get(), nullptr);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && re.jit)
      rc = pcre2_match(re.code.get(), subject, s.size(), 0, PCRE2_NO_JIT, re.data.get(), nullptr);
    if (rc > 0) return match;
    if (rc == PCRE2_ERROR_NOMATCH) return !match;
    warn(line, pcre_error(rc));
    return false;
  }

  bool get_pattern(long line, std::string_view* p, PatternText* pat) {
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
      warn(line, std::string("no closing regexp delimiter \"") + delim + "\": ignoring this rule");
      return false;
    }
    pat->regexp = std::string(s.substr(start, i - start));
    for (++i; i < s.size() && !is_space(s[i]); ++i) {
      switch (s[i]) {
        case 'i':
          pat->options ^= PCRE2_CASELESS;
          break;
        case 'm':
          pat->options ^= PCRE2_MULTILINE;
          break;
        case 's':
          pat->options ^= PCRE2_DOTALL;
          break;
        case 'x':
          pat->options ^= PCRE2_EXTENDED;
          break;
        case 'A':
          pat->options ^= PCRE2_ANCHORED;
          break;
        case 'E':
          pat->options ^= PCRE2_DOLLAR_ENDONLY;
          break;
        case 'U':
          pat->options ^= PCRE2_UNGREEDY;
          break;
        case 'X':
          warn(line, std::string("ignoring obsolete regexp option \"") + s[i] + "\"");
          break;
        default:
          warn(line, std::string("unknown regexp option \"") + s[i] + "\": skipping this rule");
          return false;
      }
    }
    *p = s.substr(i);
    return true;
  }

  std::unique_ptr<PcreRegex> compile(long line, const PatternText& pat) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat.regexp.c_str()),
                                     PCRE2_ZERO_TERMINATED, pat.options, &error, &offset, nullptr);
    if (!code) {
      warn(line, "error in regex at offset " + std::to_string(offset) + ": " + pcre_error(error));
      return nullptr;
    }
    auto re = std::make_unique<PcreRegex>();
    re->code.reset(code);
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    re->data.reset(pcre2_match_data_create_from_pattern(code, nullptr));
    if (!re->data) throw FatalError("out of memory in pcre2_match_data_create_from_pattern()");
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &re->captures);
    return re;
  }

  void load() {
    std::vector<RuleLine> lines = patterns::read_rule_lines(name_, "pcre", diag());
    BlockTracker blocks;
    for (const RuleLine& l : lines) parse_rule(l, blocks);
    for (long line : blocks.unclosed()) warn(line, "IF has no matching ENDIF");
    filter_.build();
  }

  void parse_rule(const RuleLine& l, BlockTracker& blocks) {
    std::string_view p = l.text;
    if (!std::isalnum(static_cast<unsigned char>(p.front()))) {
      parse_match(l, p, blocks);
    } else if (patterns::starts_keyword(p, "IF")) {
      p = patterns::skip_space(p.substr(2));
      PatternText pat;
      if (!get_pattern(l.line, &p, &pat)) return;
      p = patterns::skip_space(p);
      if (!p.empty()) {
        warn(l.line, "ignoring extra text after IF statement: \"" + std::string(p) + "\"");
        warn(l.line, "do not prepend whitespace to statements between IF and ENDIF");
      }
      auto re = compile(l.line, pat);
      if (!re) return;
      ifs_.push_back({std::move(re), pat.match, l.line});
      blocks.open_if(filter_.add_if(blocks.parent()), l.line);
    } else if (patterns::starts_keyword(p, "ENDIF")) {
      if (!blocks.nested()) {
        warn(l.line, "ignoring ENDIF without matching IF");
        return;
      }
      if (!patterns::skip_space(p.substr(5)).empty())
        warn(l.line, "ignoring extra text after ENDIF");
      blocks.close_endif();
    } else {
      warn(l.line, "ignoring unrecognized request");
    }
  }

  void parse_match(const RuleLine& l, std::string_view p, BlockTracker& blocks) {
    PatternText pat;
    if (!get_pattern(l.line, &p, &pat)) return;
    p = patterns::skip_space(p);
    if (p.empty()) warn(l.line, "no replacement text: using empty string");
    auto repl = Replacement::parse(p, at(l.line), "out of range", diag());
    if (!repl) {
      warn(l.line, "bad replacement syntax: skipping this rule");
      return;
    }
    if (repl->max_sub() > 0 && !pat.match) {
      warn(l.line, "$number found in negative match replacement text: skipping this rule");
      return;
    }
    auto re = compile(l.line, pat);
    if (!re) return;
    if (repl->max_sub() > re->captures) {
      warn(l.line, "out of range replacement index \"" + std::to_string(repl->max_sub()) +
                       "\": skipping this rule");
      return;
    }
    patterns::Factors factors;
    if (pat.match && !(pat.options & PCRE2_EXTENDED))
      factors = patterns::required_factors(pat.regexp, patterns::RegexDialect::kPcre);
    filter_.add_rule(blocks.parent(), factors);
    rules_.push_back({std::move(re), pat.match, std::move(*repl), l.line});
  }

  std::vector<MatchRule> rules_;
  std::vector<IfRule> ifs_;
  patterns::RulePrefilter filter_;
};

}  // namespace

std::unique_ptr<Dict> open_pcre(const OpenRequest& req) {
  if (req.mode != OpenMode::kRead)
    throw FatalError("pcre:" + req.name + " map requires O_RDONLY access mode");
  return std::make_unique<PcreDict>(req);
}

}  // namespace postkit
