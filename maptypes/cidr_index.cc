// cidr_index.cc: CIDR pattern parsing and the prefix-length index (see
// cidr_index.h for the contract).
#include "cidr_index.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace postkit {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// inet_pton() of `text` in the given family, as a number.
bool to_bits(const std::string& text, int family, CidrBits* out) {
  unsigned char buf[16];
  if (inet_pton(family == 6 ? AF_INET6 : AF_INET, text.c_str(), buf) != 1) return false;
  CidrBits v = 0;
  for (int i = 0; i < (family == 6 ? 16 : 4); ++i) v = (v << 8) | buf[i];
  *out = v;
  return true;
}

std::string to_text(CidrBits v, int family) {
  unsigned char buf[16];
  int n = family == 6 ? 16 : 4;
  for (int i = n - 1; i >= 0; --i) {
    buf[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
  char out[INET6_ADDRSTRLEN];
  inet_ntop(family == 6 ? AF_INET6 : AF_INET, buf, out, sizeof(out));
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// True when prefix (net, len) contains the address bits.
bool contains(CidrBits net, int len, CidrBits bits, int family) {
  return cidr_mask(bits, len, family) == net;
}

}  // namespace

CidrBits cidr_mask(CidrBits bits, int length, int family) {
  int total = cidr_family_bits(family);
  if (length <= 0) return 0;
  if (length >= total) return bits;
  CidrBits all = total == 128 ? ~CidrBits(0) : ((CidrBits(1) << 32) - 1);
  CidrBits keep = (all << (total - length)) & all;
  return bits & keep;
}

std::optional<std::string> parse_cidr_pattern(std::string_view text, CidrPattern* out) {
  CidrPattern p;
  size_t i = 0;
  for (; i < text.size() && (text[i] == '!' || is_space(text[i])); ++i)
    if (text[i] == '!') p.match = !p.match;
  std::string pattern(text.substr(i));
  if (pattern.empty()) return std::string("no address pattern");

  bool has_mask = false;
  std::string mask;
  if (pattern.front() == '[') {
    pattern.erase(0, 1);
    size_t close = pattern.find(']');
    if (close == std::string::npos) return "missing ']' character after \"[" + pattern + "\"";
    std::string after = pattern.substr(close + 1);
    pattern.resize(close);
    if (!after.empty() && after.front() == '/') {
      has_mask = true;
      mask = after.substr(1);
    } else if (!after.empty()) {
      return "garbage after \"[" + pattern + "]\"";
    }
  }
  // "addr/mask", also inside brackets: "[addr/mask]".
  if (!has_mask) {
    size_t slash = pattern.find('/');
    if (slash != std::string::npos) {
      has_mask = true;
      mask = pattern.substr(slash + 1);
      pattern.resize(slash);
    }
  }
  p.family = pattern.find(':') != std::string::npos ? 6 : 4;
  int bits = cidr_family_bits(p.family);
  if (has_mask) {
    std::string shown = "\"" + pattern + "/" + mask + "\"";
    if (!all_digits(mask)) return "bad mask value in " + shown;
    long len = 0;
    for (char c : mask) len = len > 1000 ? len : len * 10 + (c - '0');
    if (len > bits) return "bad mask length in " + shown;
    CidrBits net;
    if (!to_bits(pattern, p.family, &net)) return "bad network value in " + shown;
    p.length = static_cast<int>(len);
    CidrBits masked = cidr_mask(net, p.length, p.family);
    if (masked != net)
      return "non-null host address bits in " + shown + ", perhaps you should use \"" +
             to_text(masked, p.family) + "/" + std::to_string(p.length) + "\" instead";
    p.net = net;
  } else {
    if (!to_bits(pattern, p.family, &p.net)) return "bad address pattern: \"" + pattern + "\"";
    p.length = bits;
  }
  *out = p;
  return std::nullopt;
}

std::optional<CidrAddress> parse_cidr_key(std::string_view key) {
  CidrAddress a;
  std::string text(key);
  a.family = text.find(':') != std::string::npos ? 6 : 4;
  if (text.find('\0') != std::string::npos || !to_bits(text, a.family, &a.bits))
    return std::nullopt;
  return a;
}

bool cidr_satisfies(const CidrPattern& p, const CidrAddress& addr) {
  // A pattern of the other family is never satisfied, negated or not.
  if (p.family != addr.family) return false;
  return contains(p.net, p.length, addr.bits, addr.family) == p.match;
}

void CidrIndex::add(uint32_t rule, const std::vector<CidrPattern>& conditions) {
  if (conditions.empty()) return;
  int fam = conditions.front().family;
  for (const CidrPattern& c : conditions)
    if (c.family != fam) return;  // needs two families at once: never fires
  // The most specific positive prefix; every other positive must contain it.
  CidrBits net = 0;
  int len = 0;
  for (const CidrPattern& c : conditions)
    if (c.match && c.length > len) net = c.net, len = c.length;
  for (const CidrPattern& c : conditions)
    if (c.match && cidr_mask(net, c.length, fam) != c.net) return;
  uint32_t neg_begin = static_cast<uint32_t>(negatives_.size());
  for (const CidrPattern& c : conditions) {
    if (c.match) continue;
    if (c.length <= len) {
      if (cidr_mask(net, c.length, fam) == c.net) {
        negatives_.resize(neg_begin);
        return;  // the negated prefix covers every candidate address
      }
      continue;  // disjoint: always satisfied
    }
    if (cidr_mask(c.net, len, fam) != net) continue;  // disjoint
    negatives_.push_back({c.net, c.length});
  }
  Family& f = family(fam);
  if (f.pending.empty()) f.pending.resize(cidr_family_bits(fam) + 1);
  f.pending[len].push_back(
      {net, rule, neg_begin, static_cast<uint32_t>(negatives_.size()) - neg_begin});
}

void CidrIndex::build() {
  for (Family* f : {&v4_, &v6_}) {
    for (size_t len = 0; len < f->pending.size(); ++len) {
      std::vector<Pending>& items = f->pending[len];
      if (items.empty()) continue;
      // Rules were added in order, so a stable sort by key keeps rule order.
      std::stable_sort(items.begin(), items.end(),
                       [](const Pending& a, const Pending& b) { return a.key < b.key; });
      Level level{static_cast<int>(len), {}};
      for (size_t i = 0; i < items.size();) {
        Node node{items[i].key, static_cast<uint32_t>(entries_.size()), 0};
        bool unconditional = false;
        for (; i < items.size() && items[i].key == node.key; ++i) {
          // Nothing after an unconditional entry can be the first match.
          if (unconditional) continue;
          entries_.push_back({items[i].rule, items[i].neg_begin, items[i].neg_count});
          unconditional = items[i].neg_count == 0;
        }
        node.entry_count = static_cast<uint32_t>(entries_.size()) - node.entry_begin;
        level.nodes.push_back(node);
      }
      f->levels.push_back(std::move(level));
      std::vector<Pending>().swap(items);
    }
    std::vector<std::vector<Pending>>().swap(f->pending);
  }
}

bool CidrIndex::passes(const Entry& e, const CidrAddress& addr, int fam) const {
  for (uint32_t k = 0; k < e.neg_count; ++k) {
    const Negative& n = negatives_[e.neg_begin + k];
    if (contains(n.net, n.length, addr.bits, fam)) return false;
  }
  return true;
}

std::optional<uint32_t> CidrIndex::lookup(const CidrAddress& addr) const {
  const Family& f = family(addr.family);
  std::optional<uint32_t> best;
  for (const Level& level : f.levels) {
    CidrBits key = cidr_mask(addr.bits, level.length, addr.family);
    auto it = std::lower_bound(level.nodes.begin(), level.nodes.end(), key,
                               [](const Node& n, CidrBits k) { return n.key < k; });
    if (it == level.nodes.end() || it->key != key) continue;
    for (uint32_t k = 0; k < it->entry_count; ++k) {
      const Entry& e = entries_[it->entry_begin + k];
      if (best && e.rule >= *best) break;
      if (passes(e, addr, addr.family)) {
        best = e.rule;
        break;
      }
    }
  }
  return best;
}

}  // namespace postkit
