// regex_prefilter.cc: required-factor extraction and the literal-matching candidate
// filter for regexp and pcre tables (see regex_prefilter.h).
#include "regex_prefilter.h"

#include <algorithm>
#include <cctype>

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
  // Insertion sort: stable, and allocates nothing for the few factors a
  // pattern has (std::stable_sort takes a temporary buffer every time).
  for (size_t i = 1; i < factors->size(); ++i)
    for (size_t j = i; j > 0 && min_len((*factors)[j - 1]) < min_len((*factors)[j]); --j)
      std::swap((*factors)[j - 1], (*factors)[j]);
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

// An Aho-Corasick automaton over the distinct prefilter strings. Cheaper to
// build and to free than an RE2::Set over thousands of literals (which
// parses and compiles each one and builds a DFA lazily), and it never runs
// out of memory during a lookup. Nodes are created from sorted strings,
// so a node's children are appended in byte order and shared prefixes are
// found at the last child; the root's children are a 256-entry table.
class RulePrefilter::LiteralMatcher {
 public:
  // `sorted`: distinct strings in ascending order; a string's id is its index.
  explicit LiteralMatcher(const std::vector<std::string_view>& sorted) {
    size_t total = 0;
    for (std::string_view s : sorted) total += s.size();
    nodes_.reserve(total + 1);
    nodes_.emplace_back();  // the root
    std::vector<uint32_t> last_child;
    last_child.reserve(total + 1);
    last_child.push_back(0);
    for (uint32_t id = 0; id < sorted.size(); ++id) {
      uint32_t cur = 0;
      for (char ch : sorted[id]) {
        auto c = static_cast<unsigned char>(ch);
        uint32_t lc = last_child[cur];
        if (lc != 0 && nodes_[lc].byte == c) {
          cur = lc;
          continue;
        }
        auto fresh = static_cast<uint32_t>(nodes_.size());
        nodes_.emplace_back();
        nodes_[fresh].byte = c;
        last_child.push_back(0);
        if (lc != 0)
          nodes_[lc].next_sibling = fresh;
        else
          nodes_[cur].first_child = fresh;
        if (cur == 0) root_next_[c] = fresh;
        last_child[cur] = fresh;
        cur = fresh;
      }
      nodes_[cur].out = static_cast<int32_t>(id);
    }
    link_failures();
  }

  // Calls emit(string id) for every occurrence of a string in `text`.
  template <typename Emit>
  void scan(std::string_view text, Emit emit) const {
    uint32_t s = 0;
    for (char ch : text) {
      auto c = static_cast<unsigned char>(ch);
      uint32_t t;
      while ((t = child(s, c)) == 0 && s != 0) s = nodes_[s].fail;
      s = t;
      for (uint32_t x = nodes_[s].out >= 0 ? s : nodes_[s].dict; x != 0; x = nodes_[x].dict)
        emit(static_cast<size_t>(nodes_[x].out));
    }
  }

 private:
  struct Node {
    uint32_t first_child = 0;  // 0: none (the root is never a child)
    uint32_t next_sibling = 0;
    uint32_t fail = 0;
    uint32_t dict = 0;  // nearest node on the failure chain with an output
    int32_t out = -1;   // string id ending here
    unsigned char byte = 0;
  };

  uint32_t child(uint32_t s, unsigned char c) const {
    if (s == 0) return root_next_[c];
    for (uint32_t k = nodes_[s].first_child; k != 0; k = nodes_[k].next_sibling)
      if (nodes_[k].byte == c) return k;
    return 0;
  }

  // Breadth first, so a node's failure target is linked before the node.
  void link_failures() {
    std::vector<uint32_t> queue;
    queue.reserve(nodes_.size());
    for (uint32_t k = nodes_[0].first_child; k != 0; k = nodes_[k].next_sibling) queue.push_back(k);
    for (size_t head = 0; head < queue.size(); ++head) {
      uint32_t u = queue[head];
      for (uint32_t v = nodes_[u].first_child; v != 0; v = nodes_[v].next_sibling) {
        uint32_t f = nodes_[u].fail, t;
        while ((t = child(f, nodes_[v].byte)) == 0 && f != 0) f = nodes_[f].fail;
        nodes_[v].fail = t;
        nodes_[v].dict = nodes_[t].out >= 0 ? t : nodes_[t].dict;
        queue.push_back(v);
      }
    }
  }

  std::vector<Node> nodes_;
  uint32_t root_next_[256] = {};
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
  rule_factors_.push_back(static_cast<uint32_t>(factor_begin_.size()));
  if (factors.empty()) always_.push_back(rule);
  for (const Factor& f : factors) {
    factor_begin_.push_back(static_cast<uint32_t>(factor_strings_.size()));
    for (const std::string& s : f) {
      // An occurrence number for now; build() turns it into a string id.
      factor_strings_.push_back(static_cast<uint32_t>(spans_.size()));
      spans_.push_back({static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(s.size())});
      arena_ += s;
    }
  }
  return rule;
}

// Gives equal strings one id, in ascending string order, and rewrites
// factor_strings_ from occurrence numbers to those ids. Returns the distinct
// strings (views into arena_) by id.
std::vector<std::string_view> RulePrefilter::number_strings() {
  std::vector<std::pair<std::string_view, uint32_t>> order(spans_.size());
  for (uint32_t k = 0; k < order.size(); ++k)
    order[k] = {std::string_view(arena_).substr(spans_[k].offset, spans_[k].size), k};
  std::sort(order.begin(), order.end());
  std::vector<std::string_view> strings;
  std::vector<uint32_t> id_of(spans_.size());
  for (const auto& [view, occ] : order) {
    if (strings.empty() || strings.back() != view) strings.push_back(view);
    id_of[occ] = static_cast<uint32_t>(strings.size() - 1);
  }
  for (uint32_t& k : factor_strings_) k = id_of[k];
  return strings;
}

// Each rule is posted under one factor only, its anchor: the one whose
// strings occur in the fewest rules, so a common string ("org", "subject:")
// does not wake up every rule that mentions it. The other factors are
// checked once the whole key has been scanned.
void RulePrefilter::build() {
  std::vector<std::string_view> strings = number_strings();
  if_stamp_.assign(if_parent_.size(), 0);
  if_value_.assign(if_parent_.size(), 0);
  rule_stamp_.assign(rule_parent_.size(), 0);
  string_stamp_.assign(strings.size(), 0);
  rule_factors_.push_back(static_cast<uint32_t>(factor_begin_.size()));
  factor_begin_.push_back(static_cast<uint32_t>(factor_strings_.size()));
  if (strings.empty()) return;

  std::vector<uint32_t> uses(strings.size(), 0);
  for (uint32_t id : factor_strings_) ++uses[id];
  std::vector<uint32_t> anchor(rule_parent_.size(), kNoFactor);
  for (uint32_t r = 0; r < rule_parent_.size(); ++r) {
    uint64_t best = UINT64_MAX;
    for (uint32_t f = rule_factors_[r]; f < rule_factors_[r + 1]; ++f) {
      uint64_t cost = 0;
      for (uint32_t k = factor_begin_[f]; k < factor_begin_[f + 1]; ++k)
        cost += uses[factor_strings_[k]];
      if (cost < best) {
        best = cost;
        anchor[r] = f;
      }
    }
  }
  // Postings in CSR form: posting_begin_[id] .. posting_begin_[id + 1].
  posting_begin_.assign(strings.size() + 1, 0);
  for (uint32_t r = 0; r < rule_parent_.size(); ++r) {
    if (anchor[r] == kNoFactor) continue;
    for (uint32_t k = factor_begin_[anchor[r]]; k < factor_begin_[anchor[r] + 1]; ++k)
      ++posting_begin_[factor_strings_[k] + 1];
  }
  for (size_t id = 0; id < strings.size(); ++id) posting_begin_[id + 1] += posting_begin_[id];
  postings_.resize(posting_begin_.back());
  std::vector<uint32_t> fill(posting_begin_.begin(), posting_begin_.end() - 1);
  for (uint32_t r = 0; r < rule_parent_.size(); ++r) {
    if (anchor[r] == kNoFactor) continue;
    for (uint32_t k = factor_begin_[anchor[r]]; k < factor_begin_[anchor[r] + 1]; ++k)
      postings_[fill[factor_strings_[k]]++] = r;
  }
  matcher_ = std::make_unique<LiteralMatcher>(strings);
  std::string().swap(arena_);
  std::vector<Span>().swap(spans_);
}

bool RulePrefilter::factors_present(uint32_t rule) const {
  for (uint32_t f = rule_factors_[rule]; f < rule_factors_[rule + 1]; ++f) {
    bool any = false;
    for (uint32_t k = factor_begin_[f]; k < factor_begin_[f + 1] && !any; ++k)
      any = string_stamp_[factor_strings_[k]] == lookup_stamp_;
    if (!any) return false;
  }
  return true;
}

const std::vector<uint32_t>& RulePrefilter::candidates(std::string_view key) {
  out_ = always_;
  if (!matcher_) return out_;
  if (++lookup_stamp_ == 0) {
    std::fill(rule_stamp_.begin(), rule_stamp_.end(), 0);
    std::fill(string_stamp_.begin(), string_stamp_.end(), 0);
    lookup_stamp_ = 1;
  }
  lower_.assign(key);
  for (char& c : lower_)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  // Note every string in the key, and the rules whose anchor it satisfies.
  woken_.clear();
  matcher_->scan(lower_, [&](size_t id) {
    if (string_stamp_[id] == lookup_stamp_) return;
    string_stamp_[id] = lookup_stamp_;
    for (uint32_t p = posting_begin_[id]; p < posting_begin_[id + 1]; ++p) {
      uint32_t rule = postings_[p];
      if (rule_stamp_[rule] == lookup_stamp_) continue;
      rule_stamp_[rule] = lookup_stamp_;
      woken_.push_back(rule);
    }
  });
  // A rule is a candidate once every one of its factors has a string in
  // the key.
  for (uint32_t rule : woken_)
    if (factors_present(rule)) out_.push_back(rule);
  if (out_.size() > always_.size()) std::sort(out_.begin(), out_.end());
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
