// source_test.cc: the postmap source reader (logical lines as Postfix's
// readllines(), key/value splitting as postmap's).
#include "source.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

namespace postkit {
namespace {

struct Read {
  std::vector<std::pair<long, std::string>> lines;
  std::string diagnostics;
};

Read read_all(const std::string& text) {
  // A temporary file, not a pipe: a pipe would block on large inputs.
  char path[] = "/tmp/source_test.XXXXXX";
  int fd = ::mkstemp(path);
  EXPECT_GE(fd, 0);
  ::unlink(path);
  EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::lseek(fd, 0, SEEK_SET);
  std::ostringstream err;
  Diagnostics diag("postmap", err);
  LogicalLineReader reader(fd, "src", diag);
  Read r;
  while (auto l = reader.next()) r.lines.emplace_back(l->line, std::string(l->text));
  ::close(fd);
  r.diagnostics = err.str();
  return r;
}

TEST(LogicalLineReader, JoinsContinuationLinesAndSkipsComments) {
  Read r = read_all("# c\nk1 v1\n  more\n\n   \n# inside\n\tend\nk2 v2\n");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0], (std::pair<long, std::string>{2, "k1 v1  more\tend"}));
  EXPECT_EQ(r.lines[1], (std::pair<long, std::string>{8, "k2 v2"}));
  EXPECT_EQ(r.diagnostics, "");
}

TEST(LogicalLineReader, LastLineWithoutNewline) {
  Read r = read_all("a 1\nb 2");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].second, "b 2");
}

TEST(LogicalLineReader, WarnsAboutLeadingWhitespace) {
  Read r = read_all("  x y\nk v\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].second, "k v");
  EXPECT_EQ(r.diagnostics,
            "postmap: warning: src: logical line must not start with whitespace: \"  x y\"\n");
}

TEST(LogicalLineReader, LongLinesCrossBufferBoundaries) {
  std::string key(200000, 'k');
  Read r = read_all(key + " v\nnext 1\n");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].second, key + " v");
  EXPECT_EQ(r.lines[1].first, 2);
}

TEST(ParsePostmapEntry, SplitsKeyAndValue) {
  SourceEntry e = parse_postmap_entry("key   some value \t");
  EXPECT_EQ(e.result, SourceEntry::Result::kOk);
  EXPECT_EQ(e.key, "key");
  EXPECT_EQ(e.value, "some value");
}

TEST(ParsePostmapEntry, QuotesAndBackslashesKeepWhitespaceInKey) {
  SourceEntry e = parse_postmap_entry("\"a b\" v");
  EXPECT_EQ(e.key, "\"a b\"");
  EXPECT_EQ(e.value, "v");
  e = parse_postmap_entry("a\\ b v");
  EXPECT_EQ(e.key, "a\\ b");
  EXPECT_EQ(e.value, "v");
}

TEST(ParsePostmapEntry, ReportsProblems) {
  EXPECT_EQ(parse_postmap_entry("novalue").result, SourceEntry::Result::kNoValue);
  EXPECT_EQ(parse_postmap_entry("key   ").result, SourceEntry::Result::kNoValue);
  EXPECT_EQ(parse_postmap_entry("\"open v").result, SourceEntry::Result::kUnbalancedQuote);
  // Text after a NUL byte is ignored, as in Postfix's C strings.
  EXPECT_EQ(parse_postmap_entry(std::string_view("a\0b c", 5)).result,
            SourceEntry::Result::kNoValue);
  EXPECT_EQ(parse_postmap_entry(std::string_view("a b\0c", 5)).value, "b");
}

}  // namespace
}  // namespace postkit
