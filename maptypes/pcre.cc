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

#include <algorithm>
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

constexpr patterns::RegexFlag kFlags[] = {
    {'i', PCRE2_CASELESS}, {'m', PCRE2_MULTILINE},      {'s', PCRE2_DOTALL},  {'x', PCRE2_EXTENDED},
    {'A', PCRE2_ANCHORED}, {'E', PCRE2_DOLLAR_ENDONLY}, {'U', PCRE2_UNGREEDY}};
constexpr patterns::RegexSyntax kSyntax{
    "pcre", PCRE2_CASELESS | PCRE2_DOTALL, "ignoring", false, "out of range", kFlags, "X"};

class PcreDict : public patterns::RegexTable {
 public:
  explicit PcreDict(const OpenRequest& req) : RegexTable(req, kSyntax) { load(); }

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

  bool add_if(long line, const PatternText& pat) override {
    auto re = compile(line, pat);
    if (!re) return false;
    ifs_.push_back({std::move(re), pat.match, line});
    return true;
  }

  void parse_match(long line, std::string_view p) override {
    PatternText pat = new_pattern();
    if (!get_pattern(line, &p, &pat)) return;
    auto repl = get_replacement(line, p, pat.match);
    if (!repl) return;
    auto re = compile(line, pat);
    if (!re || !check_sub_range(line, *repl, re->captures)) return;
    patterns::Factors factors;
    if (pat.match && !(pat.options & PCRE2_EXTENDED))
      factors = patterns::required_factors(pat.regexp, patterns::RegexDialect::kPcre);
    add_rule(factors);
    rules_.push_back({std::move(re), pat.match, std::move(*repl), line});
  }

  std::vector<MatchRule> rules_;
  std::vector<IfRule> ifs_;
};

}  // namespace

std::unique_ptr<Dict> open_pcre(const OpenRequest& req) {
  return std::make_unique<PcreDict>(req);
}

}  // namespace postkit
