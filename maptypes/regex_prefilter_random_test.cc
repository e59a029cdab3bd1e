// regex_prefilter_random_test.cc: RulePrefilter::candidates() against a naive
// substring search, over random factor sets drawn from a tiny alphabet (so
// strings overlap, nest and share suffixes, which exercises the literal
// matcher's failure links) and random keys in mixed case. A rule must be a
// candidate exactly when each of its factors has a string in the lower-cased
// key, or when it has no factor.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "pattern_rules.h"
#include "regex_prefilter.h"

#include <gtest/gtest.h>

namespace postkit::patterns {
namespace {

std::string random_string(std::mt19937& rng, size_t max_len, const std::string& alphabet) {
  std::uniform_int_distribution<size_t> len(1, max_len), pick(0, alphabet.size() - 1);
  std::string s(len(rng), ' ');
  for (char& c : s) c = alphabet[pick(rng)];
  return s;
}

Factors random_factors(std::mt19937& rng) {
  std::uniform_int_distribution<int> nfactors(0, 4), nstrings(1, 3);
  Factors out(static_cast<size_t>(nfactors(rng)));
  for (Factor& f : out)
    for (int k = nstrings(rng); k > 0; --k) f.push_back(random_string(rng, 5, "abc"));
  return out;
}

std::vector<uint32_t> naive_candidates(const std::vector<Factors>& rules, std::string_view key) {
  std::string lower = ascii_lower(key);
  std::vector<uint32_t> out;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    bool all = true;
    for (const Factor& f : rules[r]) {
      bool any = false;
      for (const std::string& s : f) any = any || lower.find(s) != std::string::npos;
      all = all && any;
    }
    if (all) out.push_back(r);
  }
  return out;
}

TEST(RulePrefilterRandom, MatchesNaiveSubstringSearch) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> nrules(1, 60);
    std::vector<Factors> rules(static_cast<size_t>(nrules(rng)));
    RulePrefilter filter;
    for (Factors& f : rules) {
      f = random_factors(rng);
      filter.add_rule(kNoParent, f);
    }
    filter.build();
    for (int q = 0; q < 200; ++q) {
      std::string key = random_string(rng, 24, "abcABd");
      ASSERT_EQ(filter.candidates(key), naive_candidates(rules, key))
          << "seed " << seed << " key " << key;
    }
  }
}

}  // namespace
}  // namespace postkit::patterns
