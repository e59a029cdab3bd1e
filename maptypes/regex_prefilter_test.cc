// regex_prefilter_test.cc: required-literal extraction (conservative: "" for
// anything not understood) and the candidate filter's rule order.
#include "regex_prefilter.h"

#include "pattern_rules.h"

#include <gtest/gtest.h>

namespace postkit::patterns {
namespace {

std::string Lit(const char* re, RegexDialect d = RegexDialect::kPosixExtended) {
  return required_literal(re, d);
}

TEST(RequiredLiteral, PlainRuns) {
  EXPECT_EQ(Lit("^user@example\\.com$"), "user@example.com");
  EXPECT_EQ(Lit("Viagra"), "viagra");
  EXPECT_EQ(Lit("ab+c"), "ab");     // the repetition ends the run
  EXPECT_EQ(Lit("xa*bcd"), "bcd");  // 'a' is optional
  EXPECT_EQ(Lit("x{0,3}hello"), "hello");
  EXPECT_EQ(Lit("[ab]cd.ef"), "cd");
  EXPECT_EQ(Lit("(foo|bar)bazz"), "bazz");
  EXPECT_EQ(Lit("\\bword\\b"), "word");
  EXPECT_EQ(Lit("[]x]yz"), "yz");
  EXPECT_EQ(Lit(std::string(100, 'a').c_str()).size(), 32u);
}

TEST(RequiredLiteral, GivesUpWhenUnsure) {
  EXPECT_EQ(Lit("foo|bar"), "");
  EXPECT_EQ(Lit("a{"), "");
  EXPECT_EQ(Lit("*a"), "");
  EXPECT_EQ(Lit("abc\\"), "");
  EXPECT_EQ(Lit("ab(c"), "");
  EXPECT_EQ(Lit("\\Qa.b\\E", RegexDialect::kPcre), "");
  EXPECT_EQ(Lit("(?x) a b c", RegexDialect::kPcre), "");
  EXPECT_EQ(Lit("(*UTF)abc", RegexDialect::kPcre), "");
}

TEST(RequiredLiteral, PcreEscapes) {
  EXPECT_EQ(Lit("\\d+hello\\.world", RegexDialect::kPcre), "hello.world");
  EXPECT_EQ(Lit("a+?bcd", RegexDialect::kPcre), "bcd");
  EXPECT_EQ(Lit("(?i)Spam", RegexDialect::kPcre), "spam");
}

TEST(RequiredFactors, AlternationsAndGroups) {
  using F = Factors;
  auto R = [](const char* re, RegexDialect d = RegexDialect::kPosixExtended) {
    return required_factors(re, d);
  };
  EXPECT_EQ(R("\\.(exe|zip)$"), (F{{"exe", "zip"}, {"."}}));
  EXPECT_EQ(R("foo|bar"), (F{{"bar", "foo"}}));
  EXPECT_EQ(R("foo|.*"), F{});  // one branch requires nothing
  EXPECT_EQ(R("^Subject:.*(viagra|cialis)"), (F{{"subject:"}, {"cialis", "viagra"}}));
  EXPECT_EQ(R("(ab)?cd"), (F{{"cd"}}));  // an optional group promises nothing
  EXPECT_EQ(R("x(abc){2}y"), (F{{"abc"}, {"x"}, {"y"}}));
  EXPECT_EQ(R("(?:spam|ham)s", RegexDialect::kPcre), (F{{"ham", "spam"}, {"s"}}));
  EXPECT_EQ(R("(?!spam)ham", RegexDialect::kPcre), (F{{"ham"}}));  // not the assertion
}

TEST(RulePrefilter, AllFactorsNeeded) {
  RulePrefilter f;
  f.add_rule(kNoParent, Factors{{"subject:"}, {"cialis", "viagra"}});
  f.build();
  EXPECT_EQ(f.candidates("Subject: hello"), (std::vector<uint32_t>{}));
  EXPECT_EQ(f.candidates("cheap viagra"), (std::vector<uint32_t>{}));
  EXPECT_EQ(f.candidates("Subject: cheap VIAGRA"), (std::vector<uint32_t>{0}));
  EXPECT_EQ(f.candidates("Subject: cialis viagra"), (std::vector<uint32_t>{0}));
}

TEST(RulePrefilter, CandidatesInRuleOrder) {
  RulePrefilter f;
  f.add_rule(kNoParent, "spam");
  f.add_rule(kNoParent, "");  // always a candidate
  f.add_rule(kNoParent, "ham");
  f.add_rule(kNoParent, "spam");
  f.build();
  EXPECT_EQ(f.candidates("no match here"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(f.candidates("SPAM and Ham"), (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(f.candidates("hamster"), (std::vector<uint32_t>{1, 2}));
}

TEST(RulePrefilter, IfConditionsEvaluatedOnceAndInOrder) {
  RulePrefilter f;
  size_t outer = f.add_if(kNoParent);
  size_t inner = f.add_if(outer);
  f.add_rule(inner, "x");
  f.add_rule(inner, "y");
  f.add_rule(kNoParent, "");
  f.build();
  std::vector<size_t> evaluated;
  auto hit = f.first_match(
      "xy",
      [&](size_t id) {
        evaluated.push_back(id);
        return id == outer;  // the inner IF fails
      },
      [](uint32_t) { return true; });
  EXPECT_EQ(hit, 2u);
  EXPECT_EQ(evaluated, (std::vector<size_t>{outer, inner}));
}

}  // namespace
}  // namespace postkit::patterns
