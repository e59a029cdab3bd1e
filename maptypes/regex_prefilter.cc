// regex_prefilter.cc: required-literal extraction and the RE2::Set candidate
// filter for regexp and pcre tables (see regex_prefilter.h).
#include "regex_prefilter.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace postkit::patterns {

namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

constexpr size_t kBail = std::string_view::npos;
constexpr size_t kMaxLiteral = 32;

// Index just after the bracket expression that starts at p[i] == '['.
size_t skip_bracket(std::string_view p, size_t i, RegexDialect d) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;
  while (j < p.size()) {
    char c = p[j];
    if (c == ']') return j + 1;
    if (c == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
      char kind = p[j + 1];
      size_t k = p.find(std::string{kind, ']'}, j + 2);
      if (k == std::string_view::npos) return kBail;
      j = k + 2;
      continue;
    }
    if (c == '\\' && d == RegexDialect::kPcre) {
      j += 2;
      continue;
    }
    ++j;
  }
  return kBail;
}

// Index just after the group that starts at p[i] == '('.
size_t skip_group(std::string_view p, size_t i, RegexDialect d) {
  int level = 0;
  size_t j = i;
  while (j < p.size()) {
    char c = p[j];
    if (c == '\\') {
      j += 2;
      continue;
    }
    if (c == '[') {
      j = skip_bracket(p, j, d);
      if (j == kBail) return kBail;
      continue;
    }
    if (c == '(') ++level;
    if (c == ')' && --level == 0) return j + 1;
    ++j;
  }
  return kBail;
}

// Parses the quantifiers after an atom at p[i]. Sets *optional when the atom
// may occur zero times, *repeated when any quantifier is present. Returns the
// index after them, or kBail.
size_t quantifiers(std::string_view p, size_t i, RegexDialect d, bool* optional, bool* repeated) {
  *optional = *repeated = false;
  while (i < p.size()) {
    char c = p[i];
    if (c == '*' || c == '?') {
      *optional = *repeated = true;
      ++i;
    } else if (c == '+') {
      *repeated = true;
      ++i;
    } else if (c == '{') {
      size_t j = i + 1, start = j;
      while (j < p.size() && is_digit(p[j])) ++j;
      if (j == start) return kBail;  // "{" that is no interval: leave alone
      long min = std::stol(std::string(p.substr(start, j - start)));
      if (j < p.size() && p[j] == ',') {
        ++j;
        while (j < p.size() && is_digit(p[j])) ++j;
      }
      if (j >= p.size() || p[j] != '}') return kBail;
      *repeated = true;
      if (min == 0) *optional = true;
      i = j + 1;
    } else {
      break;
    }
    // PCRE's lazy/possessive suffixes were consumed as "?"/"+" above; in
    // POSIX, stacked quantifiers are equally harmless here.
    (void)d;
  }
  return i;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string required_literal(std::string_view p, RegexDialect d) {
  if (d == RegexDialect::kPcre) {
    // Constructs that change what plain characters mean: give up.
    if (p.find("\\Q") != std::string_view::npos || p.find("(*") != std::string_view::npos)
      return "";
    for (size_t k = p.find("(?"); k != std::string_view::npos; k = p.find("(?", k + 2)) {
      size_t e = k + 2;
      while (e < p.size() && p[e] != ')' && p[e] != ':') {
        if (p[e] == 'x') return "";
        ++e;
      }
    }
  }
  std::string best, run;
  auto end_run = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    bool literal = false;
    char ch = 0;
    size_t next;
    if (c == '|' || c == ')' || c == '*' || c == '+' || c == '?' || c == '{') {
      return "";  // alternation, or a construct we do not model
    } else if (c == '(') {
      next = skip_group(p, i, d);
    } else if (c == '[') {
      next = skip_bracket(p, i, d);
    } else if (c == '.' || c == '^' || c == '$') {
      next = i + 1;
    } else if (c == '\\') {
      if (i + 1 >= p.size()) return "";
      char e = p[i + 1];
      // Letters and digits after '\' are operators (\w, \b, \d, \1, GNU's
      // \< \> \` \'); other characters stand for themselves.
      if (is_alnum(e) || e == '<' || e == '>' || e == '`' || e == '\'') {
        literal = false;
      } else {
        literal = true;
        ch = e;
      }
      next = i + 2;
    } else {
      literal = true;
      ch = c;
      next = i + 1;
    }
    if (next == kBail) return "";
    bool optional, repeated;
    next = quantifiers(p, next, d, &optional, &repeated);
    if (next == kBail) return "";
    if (!literal || optional) {
      end_run();
    } else {
      run += ch;
      if (repeated) end_run();
    }
    i = next;
  }
  end_run();
  // Any part of a required literal is required too. A short one keeps the
  // RE2::Set DFA small: a 100 KB self-overlapping literal would make its
  // states (sets of positions) grow quadratically.
  if (best.size() > kMaxLiteral) best.resize(kMaxLiteral);
  return ascii_lower(best);
}

struct RulePrefilter::SetHolder {
  std::unique_ptr<re2::RE2::Set> set;
};

RulePrefilter::RulePrefilter() = default;
RulePrefilter::~RulePrefilter() = default;

size_t RulePrefilter::add_if(size_t parent) {
  if_parent_.push_back(parent);
  return if_parent_.size() - 1;
}

uint32_t RulePrefilter::add_rule(size_t parent, const std::string& literal) {
  uint32_t rule = static_cast<uint32_t>(rule_parent_.size());
  rule_parent_.push_back(parent);
  if (literal.empty()) {
    always_.push_back(rule);
  } else {
    literals_.push_back(literal);
    literal_rules_.push_back({rule});
  }
  return rule;
}

void RulePrefilter::build() {
  // Merge equal literals so each appears once in the set.
  std::map<std::string, size_t> ids;
  std::vector<std::string> literals;
  std::vector<std::vector<uint32_t>> rules;
  for (size_t k = 0; k < literals_.size(); ++k) {
    auto [it, fresh] = ids.emplace(literals_[k], literals.size());
    if (fresh) {
      literals.push_back(literals_[k]);
      rules.emplace_back();
    }
    rules[it->second].push_back(literal_rules_[k].front());
  }
  literals_ = std::move(literals);
  literal_rules_ = std::move(rules);
  if_stamp_.assign(if_parent_.size(), 0);
  if_value_.assign(if_parent_.size(), 0);
  if (literals_.empty()) return;

  re2::RE2::Options opt;
  opt.set_encoding(re2::RE2::Options::EncodingLatin1);
  opt.set_literal(true);
  opt.set_case_sensitive(true);
  opt.set_log_errors(false);
  opt.set_max_mem(int64_t{64} << 20);
  auto set = std::make_unique<re2::RE2::Set>(opt, re2::RE2::UNANCHORED);
  bool ok = true;
  for (const std::string& lit : literals_) ok = ok && set->Add(lit, nullptr) >= 0;
  ok = ok && set->Compile();
  set_ = std::make_unique<SetHolder>();
  if (ok) {
    set_->set = std::move(set);
  } else {
    // Cannot filter: every rule is a candidate.
    for (auto& list : literal_rules_) always_.insert(always_.end(), list.begin(), list.end());
    std::sort(always_.begin(), always_.end());
    literal_rules_.clear();
    literals_.clear();
  }
}

const std::vector<uint32_t>& RulePrefilter::candidates(std::string_view key) {
  out_ = always_;
  if (set_ && set_->set) {
    std::string lower = ascii_lower(key);
    matched_ids_.clear();
    re2::RE2::Set::ErrorInfo info;
    bool any = set_->set->Match(lower, &matched_ids_, &info);
    if (!any && info.kind != re2::RE2::Set::kNoError) {
      // The DFA gave up on this key: fall back to every rule.
      out_.resize(rule_parent_.size());
      for (uint32_t r = 0; r < out_.size(); ++r) out_[r] = r;
      return out_;
    }
    for (int id : matched_ids_) {
      const auto& list = literal_rules_[static_cast<size_t>(id)];
      out_.insert(out_.end(), list.begin(), list.end());
    }
    if (!matched_ids_.empty()) std::sort(out_.begin(), out_.end());
  }
  return out_;
}

bool RulePrefilter::ifs_hold(size_t if_id, const std::function<bool(size_t)>& if_holds) {
  if (if_id == static_cast<size_t>(-1)) return true;
  if (if_stamp_[if_id] == stamp_) return if_value_[if_id] != 0;
  // Outer conditions first, as Postfix evaluates them.
  bool value = ifs_hold(if_parent_[if_id], if_holds) && if_holds(if_id);
  if_stamp_[if_id] = stamp_;
  if_value_[if_id] = value ? 1 : 0;
  return value;
}

std::optional<uint32_t> RulePrefilter::first_match(std::string_view key,
                                                   const std::function<bool(size_t)>& if_holds,
                                                   const std::function<bool(uint32_t)>& fires) {
  if (++stamp_ == 0) {
    std::fill(if_stamp_.begin(), if_stamp_.end(), 0);
    stamp_ = 1;
  }
  for (uint32_t rule : candidates(key)) {
    if (!ifs_hold(rule_parent_[rule], if_holds)) continue;
    if (fires(rule)) return rule;
  }
  return std::nullopt;
}

}  // namespace postkit::patterns
