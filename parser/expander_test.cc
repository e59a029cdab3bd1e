// expander_test.cc: every form of main.cf expansion (postconf(5) "Parameter
// expansion"), nesting, recursion limits and undefined names, with the
// results and warnings Postfix 3.7 gives for the same text.
#include "expander.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace postkit {
namespace {

class ExpanderTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> vars{
      {"name", "value"}, {"empty", ""},     {"ref", "$name"}, {"self", "$self"},
      {"ping", "$pong"}, {"pong", "$ping"}, {"two", "2"},     {"ten", "10"},
  };
  std::ostringstream err;
  Diagnostics diag{"postconf", err};
  Expander expander{[this](std::string_view n) -> std::optional<std::string> {
                      auto it = vars.find(std::string(n));
                      if (it == vars.end()) return std::nullopt;
                      return it->second;
                    },
                    diag};

  std::string x(std::string_view text, unsigned flags = Expander::kRecurse) {
    Expander::Status st;
    std::string out = expander.expand(text, flags, &st);
    last = st;
    return out;
  }
  Expander::Status last;
};

TEST_F(ExpanderTest, PlainForms) {
  EXPECT_EQ(x("$name"), "value");
  EXPECT_EQ(x("${name}"), "value");
  EXPECT_EQ(x("$(name)"), "value");
  EXPECT_EQ(x("a$name-b"), "avalue-b");
  EXPECT_EQ(x("$$name $$$name"), "$name $value");
  EXPECT_FALSE(last.error);
  EXPECT_TRUE(err.str().empty());
}

TEST_F(ExpanderTest, RecursionFollowsValuesOnlyWithRecurse) {
  EXPECT_EQ(x("$ref"), "value");
  EXPECT_EQ(x("$ref", Expander::kNone), "$name");
}

TEST_F(ExpanderTest, UndefinedIsEmptyAndFlagged) {
  EXPECT_EQ(x("a${nosuch}b$nosuch"), "ab");
  EXPECT_TRUE(last.undefined);
  EXPECT_FALSE(last.error);
}

TEST_F(ExpanderTest, ConditionalForms) {
  EXPECT_EQ(x("${name?yes}"), "yes");
  EXPECT_EQ(x("${empty?yes}"), "");
  EXPECT_EQ(x("${nosuch?yes}"), "");
  EXPECT_EQ(x("${name:no}|${empty:no}|${nosuch:no}"), "|no|no");
  EXPECT_EQ(x("${name?{ spaced }}"), " spaced ");
  EXPECT_EQ(x("${empty:{ x }}"), " x ");
  EXPECT_EQ(x("${name?{a}:{b}}${empty?{a}:{b}}"), "ab");
  EXPECT_EQ(x("${empty?{a}:b c}"), "b c");
  // Without braces the whole rest is the value, ':' included (Postfix 2.x).
  EXPECT_EQ(x("${name?a:b}"), "a:b");
  EXPECT_EQ(x("${name?$ref}"), "value");
  EXPECT_EQ(x("${ name ? {t} : {f} }"), "t");
  EXPECT_EQ(x("${name?{${empty?{x}:{$name}}}:{n}}"), "value");
}

TEST_F(ExpanderTest, RelationalOperators) {
  EXPECT_EQ(x("${{$name} == {value}?{eq}:{ne}}"), "eq");
  EXPECT_EQ(x("${{$name} != {value}?{ne}:{eq}}"), "eq");
  EXPECT_EQ(x("${{9} < {10}?{lt}:{ge}}"), "lt");    // numeric
  EXPECT_EQ(x("${{b9} < {b10}?{lt}:{ge}}"), "ge");  // lexicographic
  EXPECT_EQ(x("${{010} == {10}?{eq}:{ne}}"), "eq");
  EXPECT_EQ(x("${{} == {0}?{eq}:{ne}}"), "ne");  // empty is not a number
  EXPECT_EQ(x("${{5} <= {5}?{le}}${{5} >= {6}?{ge}:{lt}}${{b} > {a}?{gt}}"), "leltgt");
  EXPECT_EQ(x("${{a} == {a}}|${{a} == {b}}|"), "true||");
  EXPECT_EQ(x("${{$two} <level {$ten}?{old}:{new}}"), "old");
  EXPECT_EQ(x("${{3.6.1} >level {3.6}?{gt}}"), "gt");
  EXPECT_FALSE(last.error);
}

TEST_F(ExpanderTest, SyntaxErrorsWarnAsPostfix) {
  struct Case {
    const char* text;
    const char* warning;
  } cases[] = {
      {"${name", "truncated macro reference: \"${name\""},
      {"a$", "empty macro name: \"a$\""},
      {"a${}b", "empty macro name: \"a${}b\""},
      {"${name-x}", "attribute name syntax error at: \"...name>>>-x\""},
      {"$(name?{a)", "unbalanced {} in attribute expression: \"{a\""},
      {"${{a} <> {b}?x}",
       R"("==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...a}>>><> {b}?x")"},
      {"${{a} == b?x}", "\"{expression}\" expected at: \"...{a} ==>>> b?x\""},
      {"${{a} == {b}x}", "\"?\" or \":\" expected at: \"...}>>>x\""},
      {"${name?{a}x}", "\":\" expected at: \"...a}>>>x\""},
      {"${name?{a}:{b}x}", "unexpected input at: \"...b}>>>x\""},
      {"${{a} ==foo {b}}", "bad operator suffix at: \"...==>>>foo\""},
      {"${{3.x} <level {2}}", "malformed compatibility level syntax: \"3.x\""},
  };
  for (const auto& c : cases) {
    err.str("");
    x(c.text);
    EXPECT_TRUE(last.error) << c.text;
    EXPECT_EQ(err.str(), std::string("postconf: warning: ") + c.warning + "\n") << c.text;
  }
}

TEST_F(ExpanderTest, NumericOverflowIsFatal) {
  EXPECT_THROW(x("${{99999999999999999999} == {1}?x}"), FatalError);
}

TEST_F(ExpanderTest, SelfReferenceStopsAtPostfixNestingLimit) {
  x("$self");
  EXPECT_TRUE(last.error);
  EXPECT_EQ(err.str(), "postconf: warning: unreasonable macro call nesting: \"self\"\n");
  err.str("");
  x("$ping");
  EXPECT_TRUE(last.error);
  EXPECT_NE(err.str().find("unreasonable macro call nesting"), std::string::npos);
}

TEST_F(ExpanderTest, ChainLengthLimitIsPostfixs) {
  // p0 -> p1 -> ... : Postfix gives up at the 101st nested name.
  for (int i = 0; i < 150; ++i) vars["p" + std::to_string(i)] = "$p" + std::to_string(i + 1);
  vars["p150"] = "end";
  x("$p0");
  EXPECT_EQ(err.str(), "postconf: warning: unreasonable macro call nesting: \"p101\"\n");
  err.str("");
  vars["p60"] = "end";
  EXPECT_EQ(x("$p0"), "end");
  EXPECT_FALSE(last.error);
}

TEST_F(ExpanderTest, RelationalSelfReferenceDoesNotOverflow) {
  // Postfix itself crashes here; we must report instead.
  vars["loop"] = "${{$loop} == {x}?y}";
  x("$loop");
  EXPECT_TRUE(last.error);
}

TEST_F(ExpanderTest, ScanVisitsBothBranches) {
  std::vector<std::string> seen;
  auto st = expander.scan("$a ${b?{$c}:{$d}} ${{$e} == {x}?$f} $$g",
                          [&](std::string_view n) { seen.emplace_back(n); });
  EXPECT_FALSE(st.error);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
}

TEST(Printable, ReplacesControlCharacters) {
  EXPECT_EQ(printable("a\tb\x01\xff"), "a?b??");
}

}  // namespace
}  // namespace postkit
