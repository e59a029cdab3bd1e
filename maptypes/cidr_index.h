// cidr_index.h: CIDR address patterns and the index that finds the first
// matching rule of a cidr table without scanning the rules.
//
// parse_cidr_pattern() reads "[!...]address[/len]" (also "[address]/len",
// "[address/len]") with the checks and error texts of Postfix 3.7.
//
// CidrIndex holds the match rules of a table, each with the conditions of
// its enclosing IFs. A rule fires when the address is of the rules' family
// and every condition holds (a positive one contains the address, a negated
// one does not). Conditions are reduced when the rule is added: positive
// prefixes collapse to the most specific one (or the rule can never fire),
// a negated prefix that contains it kills the rule, one that is disjoint
// from it is dropped. What remains is one prefix plus a few "not in"
// prefixes strictly inside it.
//
// Rules are stored per (family, prefix length) in a sorted array keyed by the
// masked network, so a lookup does one binary search per prefix length in
// use (at most 33 or 129) and takes the smallest rule number whose residual
// "not in" prefixes all pass. Negated top-level rules live under /0 with one
// residual each; at most one of them per containing prefix can fail, so the
// scan there stops after a bounded number of steps too (see README-patterns).
//
// Thread-safety: immutable after build(); lookup() is const.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postkit {

using CidrBits = unsigned __int128;

struct CidrPattern {
  int family = 4;     // 4 or 6
  CidrBits net = 0;   // network, host bits zero; IPv4 in the low 32 bits
  int length = 32;    // prefix length
  bool match = true;  // false for "!pattern"
};

struct CidrAddress {
  int family = 4;
  CidrBits bits = 0;
};

inline int cidr_family_bits(int family) {
  return family == 6 ? 128 : 32;
}
// The address with all but the first `length` bits cleared.
CidrBits cidr_mask(CidrBits bits, int length, int family);

// Parses a pattern (leading '!' and whitespace are negations/ignored).
// On error returns Postfix's text, e.g. "bad mask length in \"1.2.3.0/33\"".
std::optional<std::string> parse_cidr_pattern(std::string_view text, CidrPattern* out);

// A lookup key: an IPv6 address when it contains ':', else IPv4 (inet_pton).
std::optional<CidrAddress> parse_cidr_key(std::string_view key);

// True when `addr` satisfies the pattern (respecting its negation).
bool cidr_satisfies(const CidrPattern& p, const CidrAddress& addr);

class CidrIndex {
 public:
  // Adds match rule number `rule` (rules must be added in increasing order)
  // with the conditions of its enclosing IFs, outermost first, and its own
  // pattern last.
  void add(uint32_t rule, const std::vector<CidrPattern>& conditions);
  // Sorts the index; call once after the last add().
  void build();
  // The smallest rule number that fires for addr, if any.
  std::optional<uint32_t> lookup(const CidrAddress& addr) const;

 private:
  struct Negative {
    CidrBits net;
    int length;
  };
  struct Pending {
    CidrBits key;
    uint32_t rule;
    uint32_t neg_begin, neg_count;
  };
  struct Entry {
    uint32_t rule, neg_begin, neg_count;
  };
  struct Node {
    CidrBits key;
    uint32_t entry_begin, entry_count;
  };
  struct Level {
    int length;
    std::vector<Node> nodes;  // sorted by key
  };
  struct Family {
    std::vector<std::vector<Pending>> pending;  // by length, until build()
    std::vector<Level> levels;
  };
  Family& family(int f) { return f == 6 ? v6_ : v4_; }
  const Family& family(int f) const { return f == 6 ? v6_ : v4_; }
  bool passes(const Entry& e, const CidrAddress& addr, int family) const;

  Family v4_, v6_;
  std::vector<Entry> entries_;
  std::vector<Negative> negatives_;
};

}  // namespace postkit
