// alias_source_test.cc: aliases(5) entries as Postfix 3.7's postalias stores
// them (expected values observed with real postalias -s).
#include "alias_source.h"

#include <gtest/gtest.h>

#include <string>

namespace postkit {
namespace {

using R = AliasEntry::Result;

void expect_entry(std::string_view line, std::string_view key, std::string_view value) {
  AliasEntry e = parse_alias_entry(line);
  ASSERT_EQ(e.result, R::kOk) << line;
  EXPECT_EQ(e.key, key) << line;
  EXPECT_EQ(e.value, value) << line;
}

TEST(AliasSource, ValueIsRebuiltFromTokens) {
  expect_entry("root: a,b,  c", "root", "a, b, c");
  expect_entry("x:y", "x", "y");
  expect_entry("multi: one,\n  two, three\n   four", "multi", "one, two, three four");
  expect_entry("m: te\ttab", "m", "te tab");
}

TEST(AliasSource, EveryCommaIsFollowedBySpace) {
  expect_entry("trailing: foo,", "trailing", "foo, ");
  expect_entry("a: x,,y", "a", "x, , y");
  expect_entry("i: ,", "i", ", ");
}

TEST(AliasSource, NameIsUnquotedValueIsRequoted) {
  expect_entry("\"Quoted Name\": \"x y\"@example.com, \\foo", "Quoted Name",
               "\"x y\"@example.com, foo");
  expect_entry("e: \\\"esc\\ aped", "e", "\"\\\"esc aped\"");
  expect_entry("\"with@at\": z", "with@at", "z");
  expect_entry("k: \"a", "k", "\"a\"");
  expect_entry("j: \"\"", "j", "\"\"");
  expect_entry("\"\": empty key", "", "empty key");
  // A control character or an escaped operator makes a plain atom quoted.
  expect_entry("m: a\001b, c\\,d, e", "m", "\"a\001b\", \"c,d\", e");
}

TEST(AliasSource, Destinations) {
  expect_entry("pipe: \"|/usr/bin/prog arg\", /var/mail/file, :include:/etc/list", "pipe",
               "\"|/usr/bin/prog arg\", /var/mail/file, :include:/etc/list");
  expect_entry("f: \"|cmd\", |cmd2 arg", "f", "\"|cmd\", |cmd2 arg");
  expect_entry("g: x :include: /p", "g", "x:include:/p");
}

TEST(AliasSource, OperatorsCommentsAndLiterals) {
  expect_entry("b: <foo@bar> , \"q\\\"x\" , [1.2.3.4], x.y, a!b, c%d", "b",
               "<foo@bar>, \"q\\\"x\", [1.2.3.4], x.y, a!b, c%d");
  expect_entry("c: (nested (comment)) foo;bar", "c", "(nested (comment)) foo;bar");
  expect_entry("x: (comment) y <z@w>", "x", "(comment) y <z@w>");
  expect_entry("l: (unterminated", "l", "(unterminated");
}

TEST(AliasSource, Rejections) {
  EXPECT_EQ(parse_alias_entry("nocolon value").result, R::kNeedPair);
  EXPECT_EQ(parse_alias_entry(": nokey").result, R::kNeedPair);
  EXPECT_EQ(parse_alias_entry("h:").result, R::kNeedPair);
  EXPECT_EQ(parse_alias_entry("a,b: c").result, R::kNeedPair);
  EXPECT_EQ(parse_alias_entry("user@dom: x").result, R::kNotLocal);
  EXPECT_EQ(parse_alias_entry("user%host: x").result, R::kNotLocal);
  EXPECT_EQ(parse_alias_entry("@: at").result, R::kNotLocal);
  EXPECT_EQ(parse_alias_entry("").result, R::kEmpty);
}

TEST(AliasSource, TextAfterNulIsIgnored) {
  expect_entry(std::string_view("nul: before\0after", 17), "nul", "before");
  EXPECT_EQ(parse_alias_entry(std::string_view("\0lead: x", 8)).result, R::kEmpty);
}

TEST(AliasSource, ParserReusesItsBuffers) {
  AliasParser p;
  AliasEntry e;
  p.parse("a: b", &e);
  p.parse("c: d, e", &e);
  EXPECT_EQ(e.key, "c");
  EXPECT_EQ(e.value, "d, e");
  p.parse("bad", &e);
  EXPECT_EQ(e.result, R::kNeedPair);
}

}  // namespace
}  // namespace postkit
