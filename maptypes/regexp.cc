// regexp.cc: the regexp map type (regexp_table(5)): POSIX regular
// expressions (libc regcomp/regexec, leftmost-longest as in Postfix) with the
// flags i, m, x, "!/re/" negation, the "/re1/!/re2/" form, if/endif blocks and
// $n substitution. Rules are parsed with Postfix 3.7's checks and warnings.
// A lookup runs only the rules RulePrefilter selects, in table order.
#include <regex.h>

#include <cctype>
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

// A compiled regex_t, freed with regfree().
class PosixRegex {
 public:
  PosixRegex() = default;
  ~PosixRegex() {
    if (compiled_) regfree(&re_);
  }
  PosixRegex(const PosixRegex&) = delete;
  PosixRegex& operator=(const PosixRegex&) = delete;

  // Returns 0 or the regcomp() error code; the message is in *error.
  int compile(const std::string& pattern, int options, std::string* error) {
    int rc = regcomp(&re_, pattern.c_str(), options);
    if (rc != 0) {
      *error = message(rc);
      regfree(&re_);
      return rc;
    }
    compiled_ = true;
    return 0;
  }
  std::string message(int rc) const {
    char buf[256];
    regerror(rc, &re_, buf, sizeof(buf));
    return buf;
  }
  const regex_t* get() const { return &re_; }
  size_t nsub() const { return re_.re_nsub; }

 private:
  regex_t re_{};
  bool compiled_ = false;
};

// One /pattern/flags as written, before compiling.
struct PatternText {
  std::string regexp;
  int options = REG_EXTENDED | REG_ICASE;
  bool match = true;
};

class RegexpDict : public Dict {
 public:
  explicit RegexpDict(const OpenRequest& req) : Dict(req) {
    flags_ |= kPattern;
    load();
  }

  Status lookup(std::string_view key, std::string* value) override {
    std::string buf;
    std::string subject(has(flags_, kFoldMul) ? fold(key, buf) : key);
    const char* s = subject.c_str();
    auto hit = filter_.first_match(
        subject, [&](size_t id) { return exec(*ifs_[id].re, ifs_[id].match, ifs_[id].line, s, 0); },
        [&](uint32_t r) {
          const MatchRule& m = rules_[r];
          size_t nmatch = m.repl.max_sub() > 0 ? m.repl.max_sub() + 1 : 0;
          if (!exec(*m.first, m.first_match, m.line, s, nmatch)) return false;
          if (m.second && !exec(*m.second, m.second_match, m.line, s, 0)) return false;
          return true;
        });
    if (!hit) return Status::kNotFound;
    const MatchRule& m = rules_[*hit];
    *value = m.repl.expand([&](size_t n) -> std::string_view {
      const regmatch_t& g = pmatch_[n];
      if (g.rm_so < 0 || g.rm_so == g.rm_eo) return {};
      return std::string_view(s + g.rm_so, static_cast<size_t>(g.rm_eo - g.rm_so));
    });
    return Status::kFound;
  }

 private:
  struct MatchRule {
    std::unique_ptr<PosixRegex> first, second;
    bool first_match, second_match;
    Replacement repl;
    long line;
  };
  struct IfRule {
    std::unique_ptr<PosixRegex> re;
    bool match;
    long line;
  };

  std::string at(long line) const {
    return "regexp map " + name_ + ", line " + std::to_string(line);
  }
  void warn(long line, const std::string& text) { diag().warning(at(line) + ": " + text); }

  // regexec() as Postfix uses it: true when the rule's sense is satisfied;
  // an execution error is reported and counts as "not satisfied".
  bool exec(const PosixRegex& re, bool match, long line, const char* s, size_t nmatch) {
    if (nmatch > pmatch_.size()) pmatch_.resize(nmatch);
    int rc = regexec(re.get(), s, nmatch, nmatch ? pmatch_.data() : nullptr, 0);
    if (rc == REG_NOMATCH) return !match;
    if (rc == 0) return match;
    warn(line, re.message(rc));
    return false;
  }

  // Parses "[!...]<delim>regexp<delim>flags" at *p (Postfix's get_pat).
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
      warn(line, std::string("no closing regexp delimiter \"") + delim + "\": skipping this rule");
      return false;
    }
    pat->regexp = std::string(s.substr(start, i - start));
    ++i;
    for (; i < s.size() && !is_space(s[i]) && s[i] != '!'; ++i) {
      switch (s[i]) {
        case 'i':
          pat->options ^= REG_ICASE;
          break;
        case 'm':
          pat->options ^= REG_NEWLINE;
          break;
        case 'x':
          pat->options ^= REG_EXTENDED;
          break;
        default:
          warn(line, std::string("unknown regexp option \"") + s[i] + "\": skipping this rule");
          return false;
      }
    }
    *p = s.substr(i);
    return true;
  }

  std::unique_ptr<PosixRegex> compile(long line, const PatternText& pat, int extra) {
    auto re = std::make_unique<PosixRegex>();
    std::string error;
    if (re->compile(pat.regexp, pat.options | extra, &error) != 0) {
      warn(line, error);
      return nullptr;
    }
    return re;
  }

  void load() {
    std::vector<RuleLine> lines = patterns::read_rule_lines(name_, "regexp", diag());
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
      auto re = compile(l.line, pat, REG_NOSUB);
      if (!re) return;
      ifs_.push_back({std::move(re), pat.match, l.line});
      size_t id = filter_.add_if(blocks.parent());
      blocks.open_if(id, l.line);
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
    PatternText first, second;
    bool has_second = false;
    if (!get_pattern(l.line, &p, &first)) return;
    if (!p.empty() && p.front() == '!') {
      if (!get_pattern(l.line, &p, &second)) return;
      has_second = true;
    }
    p = patterns::skip_space(p);
    if (p.empty()) warn(l.line, "no replacement text: using empty string");
    auto repl = Replacement::parse(p, at(l.line), "out-of-range", diag());
    if (!repl) {
      warn(l.line, "bad replacement syntax: skipping this rule");
      return;
    }
    if (repl->max_sub() > 0 && !first.match) {
      warn(l.line, "$number found in negative match replacement text: skipping this rule");
      return;
    }
    auto first_re = compile(l.line, first, repl->max_sub() == 0 ? REG_NOSUB : 0);
    if (!first_re) return;
    if (repl->max_sub() > first_re->nsub()) {
      warn(l.line, "out of range replacement index \"" + std::to_string(repl->max_sub()) +
                       "\": skipping this rule");
      return;
    }
    std::unique_ptr<PosixRegex> second_re;
    if (has_second && !(second_re = compile(l.line, second, REG_NOSUB))) return;
    // Only a positive ERE can promise a literal; negated rules fire exactly
    // when the pattern does not match, so they are always candidates.
    patterns::Factors factors;
    if (first.match && (first.options & REG_EXTENDED))
      factors = patterns::required_factors(first.regexp, patterns::RegexDialect::kPosixExtended);
    filter_.add_rule(blocks.parent(), factors);
    rules_.push_back({std::move(first_re), std::move(second_re), first.match, second.match,
                      std::move(*repl), l.line});
  }

  std::vector<MatchRule> rules_;
  std::vector<IfRule> ifs_;
  patterns::RulePrefilter filter_;
  std::vector<regmatch_t> pmatch_;
};

}  // namespace

std::unique_ptr<Dict> open_regexp(const OpenRequest& req) {
  if (req.mode != OpenMode::kRead)
    throw FatalError("regexp:" + req.name + " map requires O_RDONLY access mode");
  return std::make_unique<RegexpDict>(req);
}

}  // namespace postkit
