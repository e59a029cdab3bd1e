// regex_prefilter.cc: required-factor extraction and the RE2::Set candidate
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
size_t quantifiers(std::string_view p, size_t i, bool* optional, bool* repeated) {
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
    // PCRE's lazy/possessive suffixes ("+?", "*+") are consumed as further
    // "?"/"+" quantifiers; in POSIX stacked quantifiers are equally harmless.
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

namespace {

constexpr size_t kMaxFactors = 6;

// Splits p[begin, end) at '|' outside groups and brackets. Empty on a
// syntax problem.
std::optional<std::vector<std::pair<size_t, size_t>>> branches(std::string_view p, size_t begin,
                                                               size_t end, RegexDialect d) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = begin, i = begin;
  while (i < end) {
    char c = p[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '[') {
      i = skip_bracket(p, i, d);
    } else if (c == '(') {
      i = skip_group(p, i, d);
    } else if (c == '|') {
      out.push_back({start, i});
      start = ++i;
    } else {
      ++i;
    }
    if (i == kBail || i > end) return std::nullopt;
  }
  out.push_back({start, end});
  return out;
}

Factors analyze(std::string_view p, size_t begin, size_t end, RegexDialect d, int depth);

// Factors of one branch: its literal runs, and the factors of groups that
// are not optional.
std::optional<Factors> sequence_factors(std::string_view p, size_t begin, size_t end,
                                        RegexDialect d, int depth) {
  Factors out;
  std::string run;
  auto end_run = [&] {
    if (!run.empty()) out.push_back({ascii_lower(run.substr(0, kMaxLiteral))});
    run.clear();
  };
  size_t i = begin;
  while (i < end) {
    char c = p[i];
    bool literal = false, group = false;
    char ch = 0;
    size_t next;
    if (c == ')' || c == '*' || c == '+' || c == '?' || c == '{') {
      return std::nullopt;  // a construct we do not model
    } else if (c == '(') {
      next = skip_group(p, i, d);
      // Only plain groups: PCRE's "(?..." forms include negative
      // assertions, whose text need not occur.
      group =
          next != kBail && (i + 1 >= end || p[i + 1] != '?' || (i + 2 < end && p[i + 2] == ':'));
    } else if (c == '[') {
      next = skip_bracket(p, i, d);
    } else if (c == '.' || c == '^' || c == '$') {
      next = i + 1;
    } else if (c == '\\') {
      if (i + 1 >= end) return std::nullopt;
      char e = p[i + 1];
      // Letters and digits after '\' are operators (\w, \b, \d, \1, GNU's
      // \< \> \` \'); other characters stand for themselves.
      if (!(is_alnum(e) || e == '<' || e == '>' || e == '`' || e == '\'')) {
        literal = true;
        ch = e;
      }
      next = i + 2;
    } else {
      literal = true;
      ch = c;
      next = i + 1;
    }
    if (next == kBail || next > end) return std::nullopt;
    size_t atom_end = next;
    bool optional, repeated;
    next = quantifiers(p, next, &optional, &repeated);
    if (next == kBail || next > end) return std::nullopt;
    if (!literal || optional) {
      end_run();
      if (group && !optional && depth < 4) {
        size_t inner = i + 1 + (p[i + 1] == '?' ? 2 : 0);
        for (Factor& f : analyze(p, inner, atom_end - 1, d, depth + 1)) out.push_back(f);
      }
    } else {
      run += ch;
      if (repeated) end_run();
    }
    i = next;
  }
  end_run();
  return out;
}

// The longest single string among the factors, or "".
std::string best_single(const Factors& factors) {
  std::string best;
  for (const Factor& f : factors)
    if (f.size() == 1 && f[0].size() > best.size()) best = f[0];
  return best;
}

// Keeps the most selective factors: longer shortest-alternative first.
void trim_factors(Factors* factors) {
  auto min_len = [](const Factor& f) {
    size_t m = SIZE_MAX;
    for (const std::string& s : f) m = std::min(m, s.size());
    return m;
  };
  std::stable_sort(factors->begin(), factors->end(),
                   [&](const Factor& a, const Factor& b) { return min_len(a) > min_len(b); });
  if (factors->size() > kMaxFactors) factors->resize(kMaxFactors);
}

Factors analyze(std::string_view p, size_t begin, size_t end, RegexDialect d, int depth) {
  auto parts = branches(p, begin, end, d);
  if (!parts) return {};
  if (parts->size() == 1) {
    auto f = sequence_factors(p, begin, end, d, depth);
    return f ? *f : Factors{};
  }
  // An alternation: one string from every branch, or nothing.
  Factor any;
  for (auto [b, e] : *parts) {
    auto f = sequence_factors(p, b, e, d, depth);
    std::string s = f ? best_single(*f) : "";
    if (s.empty()) return {};
    any.push_back(s);
  }
  std::sort(any.begin(), any.end());
  any.erase(std::unique(any.begin(), any.end()), any.end());
  return {any};
}

}  // namespace

Factors required_factors(std::string_view p, RegexDialect d) {
  if (d == RegexDialect::kPcre) {
    // Constructs that change what plain characters mean: give up.
    if (p.find("\\Q") != std::string_view::npos || p.find("(*") != std::string_view::npos)
      return {};
    for (size_t k = p.find("(?"); k != std::string_view::npos; k = p.find("(?", k + 2)) {
      size_t e = k + 2;
      while (e < p.size() && p[e] != ')' && p[e] != ':') {
        if (p[e] == 'x') return {};
        ++e;
      }
    }
  }
  Factors f = analyze(p, 0, p.size(), d, 0);
  trim_factors(&f);
  return f;
}

std::string required_literal(std::string_view p, RegexDialect d) {
  return best_single(required_factors(p, d));
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
  return add_rule(parent, literal.empty() ? Factors{} : Factors{{literal}});
}

uint32_t RulePrefilter::add_rule(size_t parent, const Factors& factors) {
  uint32_t rule = static_cast<uint32_t>(rule_parent_.size());
  rule_parent_.push_back(parent);
  size_t n = std::min<size_t>(factors.size(), 8);
  full_mask_.push_back(static_cast<uint8_t>((1u << n) - 1));
  if (n == 0) always_.push_back(rule);
  for (size_t k = 0; k < n; ++k) {
    for (const std::string& s : factors[k]) {
      auto [it, fresh] = string_ids_.emplace(s, strings_.size());
      if (fresh) {
        strings_.push_back(s);
        postings_.emplace_back();
      }
      postings_[it->second].push_back({rule, static_cast<uint8_t>(1u << k)});
    }
  }
  return rule;
}

void RulePrefilter::build() {
  std::map<std::string, size_t>().swap(string_ids_);
  if_stamp_.assign(if_parent_.size(), 0);
  if_value_.assign(if_parent_.size(), 0);
  rule_mask_.assign(rule_parent_.size(), 0);
  rule_stamp_.assign(rule_parent_.size(), 0);
  if (strings_.empty()) return;

  re2::RE2::Options opt;
  opt.set_encoding(re2::RE2::Options::EncodingLatin1);
  opt.set_literal(true);
  opt.set_case_sensitive(true);
  opt.set_log_errors(false);
  opt.set_max_mem(int64_t{64} << 20);
  auto set = std::make_unique<re2::RE2::Set>(opt, re2::RE2::UNANCHORED);
  bool ok = true;
  for (const std::string& s : strings_) ok = ok && set->Add(s, nullptr) >= 0;
  ok = ok && set->Compile();
  set_ = std::make_unique<SetHolder>();
  if (ok) {
    set_->set = std::move(set);
  } else {
    // Cannot filter: every rule is a candidate.
    always_.resize(rule_parent_.size());
    for (uint32_t r = 0; r < always_.size(); ++r) always_[r] = r;
    strings_.clear();
    postings_.clear();
  }
}

const std::vector<uint32_t>& RulePrefilter::candidates(std::string_view key) {
  out_ = always_;
  if (!set_ || !set_->set) return out_;
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
  if (matched_ids_.empty()) return out_;
  if (++lookup_stamp_ == 0) {
    std::fill(rule_stamp_.begin(), rule_stamp_.end(), 0);
    lookup_stamp_ = 1;
  }
  // A rule is a candidate once every one of its factors has a string in
  // the key.
  for (int id : matched_ids_) {
    for (const Posting& post : postings_[static_cast<size_t>(id)]) {
      if (rule_stamp_[post.rule] != lookup_stamp_) {
        rule_stamp_[post.rule] = lookup_stamp_;
        rule_mask_[post.rule] = 0;
      }
      uint8_t before = rule_mask_[post.rule];
      rule_mask_[post.rule] |= post.bit;
      if (before != full_mask_[post.rule] && rule_mask_[post.rule] == full_mask_[post.rule])
        out_.push_back(post.rule);
    }
  }
  std::sort(out_.begin(), out_.end());
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
