// cidr_index_test.cc: CIDR pattern parsing (Postfix 3.7's texts) and the
// prefix-length index (conditions, negations, first match).
#include "cidr_index.h"

#include <gtest/gtest.h>

namespace postkit {
namespace {

CidrPattern P(const char* text) {
  CidrPattern p;
  auto err = parse_cidr_pattern(text, &p);
  EXPECT_FALSE(err) << text << ": " << *err;
  return p;
}

std::string Err(const char* text) {
  CidrPattern p;
  auto err = parse_cidr_pattern(text, &p);
  return err ? *err : "OK";
}

std::optional<uint32_t> Find(const CidrIndex& idx, const char* key) {
  auto a = parse_cidr_key(key);
  EXPECT_TRUE(a) << key;
  return idx.lookup(*a);
}

TEST(CidrPattern, ErrorsAsPostfix) {
  EXPECT_EQ(Err("1.2.3.0/33"), "bad mask length in \"1.2.3.0/33\"");
  EXPECT_EQ(Err("::/129"), "bad mask length in \"::/129\"");
  EXPECT_EQ(Err("1.2.3.4/"), "bad mask value in \"1.2.3.4/\"");
  EXPECT_EQ(Err("1.2.3.4/-1"), "bad mask value in \"1.2.3.4/-1\"");
  EXPECT_EQ(Err("foo/24"), "bad network value in \"foo/24\"");
  EXPECT_EQ(Err("1.2.3"), "bad address pattern: \"1.2.3\"");
  EXPECT_EQ(Err("010.1.1.1"), "bad address pattern: \"010.1.1.1\"");
  EXPECT_EQ(Err("!"), "no address pattern");
  EXPECT_EQ(Err("[1.2.3.4"), "missing ']' character after \"[1.2.3.4\"");
  EXPECT_EQ(Err("[1.2.3.4]x"), "garbage after \"[1.2.3.4]\"");
  EXPECT_EQ(Err("1.2.3.4/24"),
            "non-null host address bits in \"1.2.3.4/24\", perhaps you should use "
            "\"1.2.3.0/24\" instead");
  EXPECT_EQ(Err("2001:db8::1/64"),
            "non-null host address bits in \"2001:db8::1/64\", perhaps you should use "
            "\"2001:db8::/64\" instead");
  EXPECT_EQ(Err("[10.0.0.0]/8"), "OK");
  EXPECT_EQ(Err("[10.0.0.0/8]"), "OK");
  EXPECT_EQ(Err("! 10.0.0.0/8"), "OK");
}

TEST(CidrPattern, NegationAndFamilies) {
  CidrPattern p = P("!!10.0.0.0/8");
  EXPECT_TRUE(p.match);
  EXPECT_FALSE(P("!10.0.0.0/8").match);
  EXPECT_EQ(P("::1").family, 6);
  EXPECT_EQ(P("::1").length, 128);
  EXPECT_EQ(P("1.2.3.4").length, 32);
  // A negated pattern never matches an address of the other family.
  EXPECT_FALSE(cidr_satisfies(P("!10.0.0.0/8"), *parse_cidr_key("::1")));
  EXPECT_TRUE(cidr_satisfies(P("!10.0.0.0/8"), *parse_cidr_key("11.0.0.1")));
}

TEST(CidrIndex, FirstMatchAcrossPrefixLengths) {
  CidrIndex idx;
  idx.add(0, {P("10.1.2.3")});
  idx.add(1, {P("10.0.0.0/8")});
  idx.add(2, {P("10.1.0.0/16")});
  idx.add(3, {P("0.0.0.0/0")});
  idx.add(4, {P("::/0")});
  idx.build();
  EXPECT_EQ(Find(idx, "10.1.2.3"), 0u);
  EXPECT_EQ(Find(idx, "10.1.2.4"), 1u);  // /8 comes before /16 in the table
  EXPECT_EQ(Find(idx, "11.0.0.1"), 3u);
  EXPECT_EQ(Find(idx, "2001:db8::1"), 4u);
}

TEST(CidrIndex, ConditionsOfEnclosingIfs) {
  CidrIndex idx;
  // if 10.0.0.0/8 / if !10.1.0.0/16 / 0.0.0.0/0 -> rule 0 / endif / endif
  idx.add(0, {P("10.0.0.0/8"), P("!10.1.0.0/16"), P("0.0.0.0/0")});
  // Disjoint positive conditions: can never fire.
  idx.add(1, {P("10.0.0.0/8"), P("11.0.0.0/8")});
  // A negation that covers the positive prefix: can never fire.
  idx.add(2, {P("!10.0.0.0/8"), P("10.1.0.0/16")});
  // Mixed families: can never fire.
  idx.add(3, {P("10.0.0.0/8"), P("::/0")});
  idx.add(4, {P("!192.168.0.0/16")});
  idx.build();
  EXPECT_EQ(Find(idx, "10.2.0.1"), 0u);
  EXPECT_EQ(Find(idx, "10.1.0.1"), 4u);
  EXPECT_EQ(Find(idx, "11.0.0.1"), 4u);
  EXPECT_FALSE(Find(idx, "192.168.1.1"));
  EXPECT_FALSE(Find(idx, "::1"));
}

TEST(CidrIndex, ManyNegationsStayCorrect) {
  CidrIndex idx;
  for (uint32_t i = 0; i < 200; ++i) {
    std::string net = "!10." + std::to_string(i) + ".0.0/16";
    idx.add(i, {P(net.c_str())});
  }
  idx.build();
  EXPECT_EQ(Find(idx, "10.0.1.1"), 1u);  // rule 0 excludes 10.0/16
  EXPECT_EQ(Find(idx, "11.0.0.1"), 0u);
}

TEST(CidrKey, RejectsNonAddresses) {
  EXPECT_FALSE(parse_cidr_key("example.com"));
  EXPECT_FALSE(parse_cidr_key("[1.2.3.4]"));
  EXPECT_FALSE(parse_cidr_key("1.2.3.4 "));
  EXPECT_FALSE(parse_cidr_key(std::string_view("1.2.3.4\0x", 9)));
  EXPECT_TRUE(parse_cidr_key("::ffff:1.2.3.4"));
}

}  // namespace
}  // namespace postkit
