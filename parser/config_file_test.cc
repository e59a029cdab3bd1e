// config_file_test.cc: main.cf parsing as Postfix reads it (readlline(3) and
// split_nameval()) and byte-for-byte round trips.
#include "config_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace postkit {
namespace {

struct Parsed {
  std::ostringstream err;
  Diagnostics diag{"postconf", err};
};

TEST(ConfigFile, RoundTripIsByteIdentical) {
  const std::string inputs[] = {
      "",
      "a = 1\n",
      "a = 1",
      "# c\n\n  \na = 1\n  2\n# mid\n\t3\nb=2\r\n",
      "  orphan\nx = y\n",
      "bad line\n  cont\n",
      std::string("nul = a\0b\n", 10),
  };
  for (const std::string& in : inputs) {
    auto cf = ConfigFile::parse_lenient(in, "main.cf");
    EXPECT_EQ(cf.render(), in);
  }
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  EXPECT_EQ(ConfigFile::parse_lenient(binary, "main.cf").render(), binary);
}

TEST(ConfigFile, ContinuationsJoinAcrossCommentsAndBlankLines) {
  Parsed p;
  auto cf = ConfigFile::parse("a = 1\n  2\n# c\n\n\t3\nb = x\n", "main.cf", p.diag);
  EXPECT_EQ(cf.value("a").value(), "1  2\t3");
  EXPECT_EQ(cf.value("b").value(), "x");
  EXPECT_TRUE(p.err.str().empty());
  ASSERT_EQ(cf.entries().size(), 5u);
  EXPECT_EQ(cf.entries()[3].kind, ConfigEntry::Kind::kContinuation);
  EXPECT_EQ(cf.entries()[3].owner, 0);
}

TEST(ConfigFile, WhitespaceAroundNameAndValueIsTrimmed) {
  Parsed p;
  auto cf = ConfigFile::parse("a=1\nb   =   two words  \r\nc =\n", "main.cf", p.diag);
  EXPECT_EQ(cf.value("a").value(), "1");
  EXPECT_EQ(cf.value("b").value(), "two words");
  EXPECT_EQ(cf.value("c").value(), "");
  EXPECT_FALSE(cf.value("d"));
}

TEST(ConfigFile, LastAssignmentWinsWithWarning) {
  Parsed p;
  auto cf = ConfigFile::parse("a = 1\na = 2\na = 3\n", "conf/main.cf", p.diag);
  EXPECT_EQ(cf.value("a").value(), "3");
  EXPECT_EQ(p.err.str(),
            "postconf: warning: conf/main.cf, line 2: overriding earlier entry: a=1\n"
            "postconf: warning: conf/main.cf, line 3: overriding earlier entry: a=2\n");
  auto params = cf.parameters();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].second, "3");
}

TEST(ConfigFile, LeadingWhitespaceIsWarnedAndDropped) {
  Parsed p;
  auto cf = ConfigFile::parse("  relayhost = a\n  more text that is long enough\nb = 1\n",
                              "main.cf", p.diag);
  EXPECT_FALSE(cf.value("relayhost"));
  EXPECT_EQ(cf.value("b").value(), "1");
  EXPECT_EQ(p.err.str(),
            "postconf: warning: main.cf: logical line must not start with whitespace: "
            "\"  relayhost = a  more text tha...\"\n");
}

TEST(ConfigFile, MalformedLinesAreFatalWithFirstLineNumber) {
  Parsed p;
  try {
    ConfigFile::parse("a = 1\nbad\n  more\n", "main.cf", p.diag);
    FAIL();
  } catch (const FatalError& e) {
    EXPECT_STREQ(e.what(), "main.cf, line 2: missing '=' after attribute name: \"bad  more\"");
  }
  try {
    ConfigFile::parse("= 1\n", "main.cf", p.diag);
    FAIL();
  } catch (const FatalError& e) {
    EXPECT_STREQ(e.what(), "main.cf, line 1: missing attribute name: \"= 1\"");
  }
  // The lenient parser (for editing) keeps the line instead.
  auto cf = ConfigFile::parse_lenient("bad\n", "main.cf");
  EXPECT_EQ(cf.entries()[0].kind, ConfigEntry::Kind::kBad);
}

TEST(ConfigFile, NulEndsTheLogicalLine) {
  Parsed p;
  auto cf = ConfigFile::parse(std::string("a = x\0y\n", 8), "main.cf", p.diag);
  EXPECT_EQ(cf.value("a").value(), "x");
}

TEST(SplitNameval, Forms) {
  std::string err;
  auto nv = split_nameval("  name  =  some value  ", &err);
  ASSERT_TRUE(nv);
  EXPECT_EQ(nv->first, "name");
  EXPECT_EQ(nv->second, "some value");
  EXPECT_FALSE(split_nameval("name value", &err));
  EXPECT_EQ(err, "missing '=' after attribute name");
  EXPECT_FALSE(split_nameval("  ", &err));
  EXPECT_EQ(err, "missing attribute name");
}

}  // namespace
}  // namespace postkit
