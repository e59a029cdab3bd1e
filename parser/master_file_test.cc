// master_file_test.cc: MasterFile round trips (parse then render reproduces
// the file byte for byte) and the parsing rules postconf 3.7 applies to
// master.cf entries (field checks, argument normalisation, line numbers).
#include "master_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "atomic_file.h"

namespace postkit {
namespace {

MasterFile parse(const std::string& text, std::ostringstream& err) {
  Diagnostics diag("postconf", err);
  return MasterFile::parse(text, "d/master.cf", diag);
}

std::string fatal_of(const std::string& text) {
  std::ostringstream err;
  try {
    parse(text, err);
  } catch (const FatalError& e) {
    return e.what();
  }
  return "(no fatal)";
}

TEST(MasterFileTest, RoundTripsDebianMasterCfDist) {
  const std::string path = "/usr/share/postfix/master.cf.dist";
  std::ifstream probe(path);
  if (!probe) GTEST_SKIP() << path << " not installed";
  std::string text = read_file(path);
  std::ostringstream err;
  MasterFile m = parse(text, err);
  EXPECT_EQ(m.render(), text);
  EXPECT_EQ(err.str(), "");
  ASSERT_GE(m.services().size(), 20u);
  EXPECT_EQ(m.services()[0]->name, "smtp");
  EXPECT_EQ(m.services()[0]->type, "inet");
}

TEST(MasterFileTest, RoundTripsTrickyLayout) {
  const std::string text =
      "# leading comment\n"
      "\n"
      "   \t\n"
      "smtp inet n - y - - smtpd\r\n"
      "  # indented comment inside the entry\n"
      "\n"
      "  -o smtpd_tls_security_level=may\n"
      "#trailing comment\n"
      "relay\tunix - - n - - smtp -o { smtp_helo_name = a b }\n"
      "last unix - - n - - pipe flags=R argv=/bin/x";  // no final newline
  std::ostringstream err;
  MasterFile m = parse(text, err);
  EXPECT_EQ(m.render(), text);
  ASSERT_EQ(m.services().size(), 3u);
  const auto& smtp = *m.services()[0];
  ASSERT_EQ(smtp.overrides.size(), 1u);
  EXPECT_EQ(smtp.overrides[0].first, "smtpd_tls_security_level");
  EXPECT_EQ(smtp.overrides[0].second, "may");
  // The comment between the first line and the continuation belongs to smtp.
  EXPECT_EQ(m.entries()[3].kind, MasterEntry::Kind::kService);
  EXPECT_EQ(m.entries()[3].line, 4);
  EXPECT_EQ(m.entries()[4].kind, MasterEntry::Kind::kComment);
  const auto& relay = *m.services()[1];
  ASSERT_EQ(relay.overrides.size(), 1u);
  EXPECT_EQ(relay.overrides[0].second, "a b");
  EXPECT_EQ(m.services()[2]->args, (std::vector<std::string>{"flags=R", "argv=/bin/x"}));
}

TEST(MasterFileTest, BadFieldCountNamesTheFirstLine) {
  EXPECT_EQ(fatal_of("#x\n\nb unix - -\n  n - -\n"), "file d/master.cf: line 3: bad field count");
  EXPECT_EQ(fatal_of("a inet n - n - - smtpd\n# c\n\nb unix - - n - -\n\nc unix - - n - -\n"),
            "file d/master.cf: line 4: bad field count");
}

TEST(MasterFileTest, InvalidFieldsAreFatal) {
  EXPECT_EQ(fatal_of("b foo - - n - - x\n  -o a=b\n"),
            "invalid type field \"foo\" in \"b foo - - n - - x  -o a=b\"");
  EXPECT_EQ(fatal_of("a inet nn - n - - smtpd\n"),
            "invalid private field \"nn\" in \"a inet nn - n - - smtpd\"");
  EXPECT_EQ(fatal_of("a inet n x n - - smtpd\n"),
            "invalid unprivileged field \"x\" in \"a inet n x n - - smtpd\"");
  EXPECT_EQ(fatal_of("a inet n - n 5x - smtpd\n"),
            "invalid wakeup field \"5x\" in \"a inet n - n 5x - smtpd\"");
  EXPECT_EQ(fatal_of("a inet n - n 5? -1 smtpd\n"),
            "invalid process_limit field \"-1\" in \"a inet n - n 5? -1 smtpd\"");
  EXPECT_EQ(fatal_of("a unix-dgram n - n 60? 1 x\nb pass - - - ? 0 y\n"), "(no fatal)");
}

TEST(MasterFileTest, NormalisesArgumentsAsPostconf) {
  std::ostringstream err;
  MasterFile m = parse(
      "a inet n - n - - smtpd -vo {a=b} -Do c=d -ox=y -ofoo=bar -o { p = q r } z {y u} { q }\n",
      err);
  const auto& s = *m.services()[0];
  EXPECT_EQ(s.args,
            (std::vector<std::string>{"-v", "-o", "a=b", "-D", "-o", "c=d", "-o", "x=y", "-o", "f",
                                      "-o", "-o=bar", "-o", "p=q r", "z", "y u", "q"}));
  EXPECT_EQ(s.overrides.size(), 5u);  // "-o f" has no '=' and is not an override
  EXPECT_EQ(err.str(), "");
}

TEST(MasterFileTest, WarnsAboutMalformedBraces) {
  std::ostringstream err;
  MasterFile m = parse("a inet n - n - - smtpd -o {a=b}x -o {a c} -o { =b} -o {u=v\n", err);
  EXPECT_EQ(err.str(),
            "postconf: warning: master.cf: syntax error after '}' in \"{a=b}x\"\n"
            "postconf: warning: master.cf: missing '=' after attribute name: \"a c\"\n"
            "postconf: warning: master.cf: missing attribute name: \"=b\"\n"
            "postconf: warning: master.cf: missing '}' in \"{u=v\"\n");
  EXPECT_EQ(m.services()[0]->args,
            (std::vector<std::string>{"-o", "a=b", "-o", "a c", "-o", "=b", "-o", "u=v"}));
}

TEST(MasterFileTest, LeadingContinuationIsIgnoredWithWarning) {
  std::ostringstream err;
  std::string text = "  x inet n - n - - smtpd and more text here\nb unix - - n - - x\n";
  MasterFile m = parse(text, err);
  EXPECT_EQ(err.str(),
            "postconf: warning: d/master.cf: logical line must not start with whitespace: "
            "\"  x inet n - n - - smtpd and m...\"\n");
  EXPECT_EQ(m.services().size(), 1u);
  EXPECT_EQ(m.render(), text);
}

TEST(MasterFileTest, TextAfterNulIsIgnored) {
  std::ostringstream err;
  std::string text("a inet n - n - - smtpd\0 -o a=b\n  -o c=d\n", 40);
  MasterFile m = parse(text, err);
  EXPECT_TRUE(m.services()[0]->args.empty());
  EXPECT_EQ(m.render(), text);
  EXPECT_EQ(fatal_of(std::string("\177ELF\2\1\1\0\0\0 x y z\n", 16)),
            "file d/master.cf: line 1: bad field count");
}

TEST(MasterFileTest, LoneDashTakesAValue) {
  std::ostringstream err;
  MasterFile m = parse(
      "a inet n - n - - smtpd - -o smtpd_banner=b\n"
      "b inet n - n - - smtpd -v -o smtpd_banner=c -- -o smtpd_banner=d\n",
      err);
  // "-" consumes "-o"; "smtpd_banner=b" is then the first non-option word.
  EXPECT_TRUE(m.services()[0]->overrides.empty());
  ASSERT_EQ(m.services()[1]->overrides.size(), 1u);
  EXPECT_EQ(m.services()[1]->overrides[0].second, "c");
}

TEST(MasterFileTest, LongEntryIsNormalisedInOnePass) {
  std::string text = "a inet n - n - - smtpd";
  for (int i = 0; i < 100000; ++i) text += " -osmtpd_banner=" + std::to_string(i);
  text += "\n";
  std::ostringstream err;
  MasterFile m = parse(text, err);
  const auto& s = *m.services()[0];
  ASSERT_EQ(s.args.size(), 200000u);
  EXPECT_EQ(s.args[199998], "-o");
  EXPECT_EQ(s.args[199999], "smtpd_banner=99999");
  EXPECT_EQ(s.overrides.size(), 100000u);
  EXPECT_EQ(m.render(), text);
}

TEST(MasterFileTest, FieldNames) {
  EXPECT_EQ(master_field_name(kFieldMaxproc), "process_limit");
  EXPECT_EQ(master_field_index("unprivileged"), kFieldUnpriv);
  EXPECT_EQ(master_field_index("Command"), -1);
}

}  // namespace
}  // namespace postkit
