// pattern_rules_test.cc: result templates ($n, ${n}, $(n), $$) with
// Postfix's prescan warnings, keywords, and the inline table reader.
#include "pattern_rules.h"

#include <sstream>

#include <gtest/gtest.h>

namespace postkit::patterns {
namespace {

struct Parsed {
  std::optional<Replacement> r;
  std::string err;
};

Parsed Parse(const char* text) {
  std::ostringstream err;
  Diagnostics diag("postmap", err);
  Parsed p{Replacement::parse(text, "regexp map t, line 1", "out-of-range", diag), ""};
  p.err = err.str();
  return p;
}

std::string Expand(const Replacement& r) {
  return r.expand([](size_t n) -> std::string_view {
    static const char* groups[] = {"whole", "one", "", "three"};
    return n < 4 ? groups[n] : "";
  });
}

TEST(Replacement, Substitutions) {
  auto p = Parse("<$1|${3}|$(1)|$2|$$1$$>");
  ASSERT_TRUE(p.r);
  EXPECT_EQ(p.r->max_sub(), 3u);
  EXPECT_EQ(Expand(*p.r), "<one|three|one||$1$>");
  EXPECT_EQ(p.err, "");
}

TEST(Replacement, LiteralOnly) {
  auto p = Parse("cost $$5");
  ASSERT_TRUE(p.r);
  EXPECT_EQ(p.r->max_sub(), 0u);
  EXPECT_EQ(Expand(*p.r), "cost $5");
}

TEST(Replacement, ErrorsAsPostfix) {
  EXPECT_EQ(Parse("${1").err, "postmap: warning: truncated macro reference: \"${1\"\n");
  EXPECT_EQ(Parse("x$").err, "postmap: warning: empty macro name: \"x$\"\n");
  EXPECT_EQ(Parse("$a$b").err,
            "postmap: warning: regexp map t, line 1: non-numeric replacement index \"a\"\n"
            "postmap: warning: regexp map t, line 1: non-numeric replacement index \"b\"\n");
  EXPECT_EQ(Parse("$0").err,
            "postmap: warning: regexp map t, line 1: out-of-range replacement index \"0\"\n");
  EXPECT_FALSE(Parse("$1x").r);  // "1x" is one (non-numeric) name
}

TEST(Keywords, PostfixRules) {
  EXPECT_TRUE(starts_keyword("if /a/", "IF"));
  EXPECT_TRUE(starts_keyword("IF!/a/", "IF"));
  EXPECT_TRUE(starts_keyword("endif", "ENDIF"));
  EXPECT_TRUE(starts_keyword("endif#", "ENDIF"));
  EXPECT_FALSE(starts_keyword("iffy", "IF"));
  EXPECT_FALSE(starts_keyword("endifx", "ENDIF"));
}

TEST(InlineTable, RulesAndErrors) {
  std::ostringstream err;
  Diagnostics diag("postmap", err);
  auto lines = read_rule_lines("{ {1.2.3.4 x}, {}, {#c}, { 10.0.0.0/8  y } }", "cidr", diag);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "1.2.3.4 x");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[1].text, "10.0.0.0/8  y");
  EXPECT_EQ(lines[1].line, 4);
  EXPECT_THROW(read_rule_lines("{ {a}", "cidr", diag), FatalError);
  try {
    read_rule_lines("{ 1.2.3.4 x }", "cidr", diag);
    FAIL();
  } catch (const FatalError& e) {
    EXPECT_STREQ(e.what(), "cidr map: no '{' at start of text in \"1.2.3.4\"");
  }
}

}  // namespace
}  // namespace postkit::patterns
