// random_tables.h: random cidr/regexp/pcre tables and keys for the
// differential tests (maptypes/patterns_random_test.cc and tests/patterns_diff
// via gen_tables.cc).
//
// A table is generated as a structured list of items (match rules, IF,
// ENDIF, and occasionally a malformed line) and rendered to table text. The
// structure is what the naive linear reference in the unit test walks, so
// the reference shares no code with the indexed implementation beyond the
// pattern primitives. Everything is a pure function of the seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace postkit::testing {

enum class TableKind { kCidr, kRegexp, kPcre };

struct TableItem {
  enum Op { kMatch, kIf, kEndif, kJunk } op = kMatch;
  std::string pattern;  // cidr: "[!]addr/len"; regexp/pcre: "[!]/re/flags"
  std::string value;    // match rules only
  std::string second;   // regexp match rules: "" or a second "!/re/" or "!!/re/"
};

struct RandomTable {
  std::vector<TableItem> items;
  std::string text;  // the table file
  std::vector<std::string> keys;
};

class TableGenerator {
 public:
  explicit TableGenerator(uint64_t seed) : rng_(seed) {}
  RandomTable make(TableKind kind, int rules, int keys);

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }
  std::string cidr_pattern();
  std::string cidr_key();
  std::string regex_body(bool pcre, int depth);
  std::string regex_pattern(bool pcre, bool* has_group);
  std::string regex_key();

  std::mt19937_64 rng_;
};

}  // namespace postkit::testing
