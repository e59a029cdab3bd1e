// regexp.cc: the regexp map type (regexp_table(5)): POSIX regular
// expressions (libc regcomp/regexec, leftmost-longest as in Postfix) with the
// flags i, m, x, "!/re/" negation, the "/re1/!/re2/" form, if/endif blocks and
// $n substitution. Rules are parsed with Postfix 3.7's checks and warnings.
// A lookup runs only the rules RulePrefilter selects, in table order.
#include <regex.h>

#include <memory>
#include <string>
#include <vector>

#include "dict.h"
#include "pattern_rules.h"
#include "regex_prefilter.h"
#include "regex_table.h"
#include "types.h"

namespace postkit {

namespace {

using patterns::PatternText;
using patterns::Replacement;

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

constexpr patterns::RegexFlag kFlags[] = {
    {'i', REG_ICASE}, {'m', REG_NEWLINE}, {'x', REG_EXTENDED}};
constexpr patterns::RegexSyntax kSyntax{
    "regexp", REG_EXTENDED | REG_ICASE, "skipping", true, "out-of-range", kFlags, ""};

class RegexpDict : public patterns::RegexTable {
 public:
  explicit RegexpDict(const OpenRequest& req) : RegexTable(req, kSyntax) { load(); }

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

  std::unique_ptr<PosixRegex> compile(long line, const PatternText& pat, int extra) {
    auto re = std::make_unique<PosixRegex>();
    std::string error;
    if (re->compile(pat.regexp, static_cast<int>(pat.options) | extra, &error) != 0) {
      warn(line, error);
      return nullptr;
    }
    return re;
  }

  bool add_if(long line, const PatternText& pat) override {
    auto re = compile(line, pat, REG_NOSUB);
    if (!re) return false;
    ifs_.push_back({std::move(re), pat.match, line});
    return true;
  }

  void parse_match(long line, std::string_view p) override {
    PatternText first = new_pattern(), second = new_pattern();
    bool has_second = false;
    if (!get_pattern(line, &p, &first)) return;
    if (!p.empty() && p.front() == '!') {
      if (!get_pattern(line, &p, &second)) return;
      has_second = true;
    }
    auto repl = get_replacement(line, p, first.match);
    if (!repl) return;
    auto first_re = compile(line, first, repl->max_sub() == 0 ? REG_NOSUB : 0);
    if (!first_re || !check_sub_range(line, *repl, first_re->nsub())) return;
    std::unique_ptr<PosixRegex> second_re;
    if (has_second && !(second_re = compile(line, second, REG_NOSUB))) return;
    // Only a positive ERE can promise a literal; negated rules fire exactly
    // when the pattern does not match, so they are always candidates.
    patterns::Factors factors;
    if (first.match && (first.options & REG_EXTENDED))
      factors = patterns::required_factors(first.regexp, patterns::RegexDialect::kPosixExtended);
    add_rule(factors);
    rules_.push_back({std::move(first_re), std::move(second_re), first.match, second.match,
                      std::move(*repl), line});
  }

  std::vector<MatchRule> rules_;
  std::vector<IfRule> ifs_;
  std::vector<regmatch_t> pmatch_;
};

}  // namespace

std::unique_ptr<Dict> open_regexp(const OpenRequest& req) {
  return std::make_unique<RegexpDict>(req);
}

}  // namespace postkit
