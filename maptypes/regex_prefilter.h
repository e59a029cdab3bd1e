// regex_prefilter.h: pick the few rules of a regexp/pcre table that can
// match a key, so a lookup runs those rules only, still in table order.
//
// required_factors() finds what every match of a pattern must contain: a
// list of factors that must all occur in the key, each factor a set of
// alternative strings of which one must occur. Factors come from runs of
// plain characters on the top level of the pattern (or inside a group that
// is not optional) that no quantifier makes optional, and from alternations
// whose every branch has such a run ("\.(exe|zip)$" -> {"."}, {"exe","zip"}).
// It is conservative: any construct it does not fully understand (\Q..\E,
// extended syntax, odd braces, PCRE's special groups) contributes nothing,
// and a pattern with no factor is always a candidate. Strings are
// lower-cased (ASCII); keys are lower-cased too, which keeps the test a
// superset for both case-sensitive and case-insensitive rules.
// required_literal() is the longest single-string factor ("" if none).
//
// RulePrefilter keeps, for every match rule, its factors and its enclosing
// IF. candidates() runs one Aho-Corasick automaton over all distinct strings
// (one pass over the key however many strings there are) and returns the
// rules whose factors are all satisfied, merged with the rules that have
// none, ascending. A rule with an unsatisfied factor cannot match, so
// skipping it keeps first-match semantics. Each rule is woken by one factor
// only (the one whose strings fewest rules share); its other factors are
// checked against the strings found, so a string common to many rules costs
// nothing unless it is their rarest factor.
//
// first_match() walks the candidates and evaluates, lazily and at most once
// per lookup, the IF conditions that enclose them (outermost first).
//
// Thread-safety: a RulePrefilter is used by one thread at a time (lookups
// reuse scratch buffers).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postkit::patterns {

enum class RegexDialect { kPosixExtended, kPcre };

// All factors must occur; a factor is satisfied by any one of its strings.
using Factor = std::vector<std::string>;
using Factors = std::vector<Factor>;

Factors required_factors(std::string_view pattern, RegexDialect dialect);
std::string required_literal(std::string_view pattern, RegexDialect dialect);

// ASCII lower case, as the prefilter compares.
std::string ascii_lower(std::string_view s);

class RulePrefilter {
 public:
  RulePrefilter();
  ~RulePrefilter();
  RulePrefilter(const RulePrefilter&) = delete;
  RulePrefilter& operator=(const RulePrefilter&) = delete;

  // IFs and rules are numbered in the order they are added.
  size_t add_if(size_t parent);
  uint32_t add_rule(size_t parent, const Factors& factors);
  // A rule with one single-string factor ("" = no factor).
  uint32_t add_rule(size_t parent, const std::string& literal);
  void build();

  // Candidate rules for key, ascending.
  const std::vector<uint32_t>& candidates(std::string_view key);

  // The first rule, in table order, for which every enclosing IF holds
  // (if_holds(if_id)) and fires(rule) is true.
  std::optional<uint32_t> first_match(std::string_view key,
                                      const std::function<bool(size_t)>& if_holds,
                                      const std::function<bool(uint32_t)>& fires);

  size_t rule_count() const { return rule_parent_.size(); }

 private:
  bool ifs_hold(size_t if_id, const std::function<bool(size_t)>& if_holds);
  // Every factor of rule has a string in the key being looked up.
  bool factors_present(uint32_t rule) const;
  std::vector<std::string_view> number_strings();

  std::vector<size_t> if_parent_;
  std::vector<size_t> rule_parent_;
  std::vector<uint32_t> always_;  // rules without a factor
  // Factors in flat form: rule r owns factors rule_factors_[r] ..
  // rule_factors_[r + 1]; factor f owns the string ids factor_strings_[
  // factor_begin_[f] .. factor_begin_[f + 1]] (sentinels added by build()).
  static constexpr uint32_t kNoFactor = UINT32_MAX;
  std::vector<uint32_t> rule_factors_;
  std::vector<uint32_t> factor_begin_;
  std::vector<uint32_t> factor_strings_;
  // Until build(): the factor strings back to back, and where each
  // occurrence is in arena_.
  struct Span {
    uint32_t offset, size;
  };
  std::string arena_;
  std::vector<Span> spans_;
  // Postings: for each string id, the rules whose anchor factor holds it.
  std::vector<uint32_t> posting_begin_;
  std::vector<uint32_t> postings_;
  std::vector<uint32_t> rule_stamp_;  // per rule: woken in this lookup
  uint32_t lookup_stamp_ = 0;
  class LiteralMatcher;
  std::unique_ptr<LiteralMatcher> matcher_;
  std::vector<uint32_t> string_stamp_;  // per string, per lookup
  // Per-lookup scratch.
  std::vector<uint32_t> out_;
  std::string lower_;
  std::vector<uint32_t> woken_;
  std::vector<uint32_t> if_stamp_;
  std::vector<char> if_value_;
  uint32_t stamp_ = 0;
};

}  // namespace postkit::patterns
