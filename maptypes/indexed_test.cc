// indexed_test.cc: the indexed map types through open_map(): round trips,
// key folding, NUL conventions, duplicate policies, atomic rebuilds, and the
// bulk (sorted) build path against the direct one.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bulk_sort.h"
#include "registry.h"

namespace postkit {
namespace {

class IndexedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/indexed_test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Dict> open(OpenMode mode, unsigned flags, size_t size_hint = 0) {
    OpenRequest req;
    req.mode = mode;
    req.flags = flags;
    req.diag = &diag_;
    req.size_hint = size_hint;
    return open_map(GetParam() + ":" + dir_ + "/t", req);
  }
  std::string get(Dict& d, const std::string& key) {
    std::string v;
    return d.lookup(key, &v) == Status::kFound ? v : "(none)";
  }

  std::string dir_;
  std::ostringstream err_;
  Diagnostics diag_{"postmap", err_};
};

constexpr unsigned kDefault = kDupWarn | kFoldFix | kTry0Null | kTry1Null;

TEST_P(IndexedTest, RoundTripWithFolding) {
  auto w = open(OpenMode::kCreate, kDefault);
  EXPECT_FALSE(w->update("Key", "Value").failed());
  EXPECT_FALSE(w->update("other", "x y").failed());
  w->close();
  auto r = open(OpenMode::kRead, kDefault);
  EXPECT_EQ(get(*r, "KEY"), "Value");
  EXPECT_EQ(get(*r, "other"), "x y");
  EXPECT_EQ(get(*r, "missing"), "(none)");
}

TEST_P(IndexedTest, NulConventions) {
  auto w = open(OpenMode::kCreate, kDefault);
  EXPECT_FALSE(w->update("a", "1").failed());
  w->close();
  const bool with_nul = GetParam() != "cdb";
  auto only_nul = open(OpenMode::kRead, kFoldFix | kTry1Null);
  EXPECT_EQ(get(*only_nul, "a"), with_nul ? "1" : "(none)");
  auto no_nul = open(OpenMode::kRead, kFoldFix | kTry0Null);
  EXPECT_EQ(get(*no_nul, "a"), with_nul ? "(none)" : "1");
}

TEST_P(IndexedTest, DuplicatePolicies) {
  for (unsigned policy : {kDupWarn, kDupIgnore, kDupReplace}) {
    err_.str("");
    auto w = open(OpenMode::kCreate, kFoldFix | policy);
    EXPECT_FALSE(w->update("a", "first").failed());
    EXPECT_FALSE(w->update("A", "second").failed());
    w->close();
    auto r = open(OpenMode::kRead, kDefault);
    EXPECT_EQ(get(*r, "a"), policy == kDupReplace ? "second" : "first");
    EXPECT_EQ(err_.str().find("duplicate entry: \"a\"") != std::string::npos, policy == kDupWarn);
  }
  auto w = open(OpenMode::kCreate, kFoldFix);
  EXPECT_FALSE(w->update("a", "1").failed());
  EXPECT_EQ(w->update("a", "2").code(), Status::kConfig);
}

TEST_P(IndexedTest, AbandonedRebuildLeavesOldTable) {
  auto w = open(OpenMode::kCreate, kDefault);
  EXPECT_FALSE(w->update("old", "1").failed());
  w->close();
  {
    auto w2 = open(OpenMode::kCreate, kDefault);
    EXPECT_FALSE(w2->update("new", "2").failed());
    // Destroyed without close(): as after a fatal error.
  }
  auto r = open(OpenMode::kRead, kDefault);
  EXPECT_EQ(get(*r, "old"), "1");
  EXPECT_EQ(get(*r, "new"), "(none)");
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".postkit-tmp"), std::string::npos);
  }
}

TEST_P(IndexedTest, BulkBuildMatchesDirectBuild) {
  // The same entries, with duplicates, through the sorted bulk path (a large
  // size hint) and entry by entry: the same table, the same warnings.
  std::map<std::string, std::string> want;  // first value wins
  std::vector<std::pair<std::string, std::string>> input;
  for (int i = 0; i < 3000; ++i) {
    std::string key = "k" + std::to_string(i * 7919 % 1000);
    input.emplace_back(key, "v" + std::to_string(i));
    want.emplace(key, "v" + std::to_string(i));
  }
  std::string warnings[2];
  int n = 0;
  for (size_t hint : {size_t{0}, size_t{1} << 30}) {
    err_.str("");
    auto w = open(OpenMode::kCreate, kDefault, hint);
    for (const auto& [k, v] : input) EXPECT_FALSE(w->update(k, v).failed());
    w->close();
    warnings[n++] = err_.str();
    auto r = open(OpenMode::kRead, kDefault);
    for (const auto& [k, v] : want) ASSERT_EQ(get(*r, k), v) << "size hint " << hint;
    EXPECT_EQ(get(*r, "k1000"), "(none)");
  }
  EXPECT_FALSE(warnings[0].empty());
  EXPECT_EQ(warnings[0], warnings[1]);
}

INSTANTIATE_TEST_SUITE_P(Types, IndexedTest, ::testing::Values("hash", "btree", "lmdb", "cdb"));

TEST(BulkSorter, OrdersByPrimaryThenKeyThenInsertion) {
  char tmpl[] = "/tmp/bulk_test.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  // A tiny run size forces spilling and merging.
  BulkSorter s(tmpl, 64, &BulkSorter::key_order);
  s.add("b", "1");
  s.add("a", "2");
  s.add("ab", "3");
  s.add("a", "4");
  std::string out;
  s.drain([&](std::string_view k, std::string_view v, uint64_t seq) {
    out += std::string(k) + "=" + std::string(v) + "#" + std::to_string(seq) + " ";
  });
  EXPECT_EQ(out, "a=2#1 a=4#3 ab=3#2 b=1#0 ");
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace postkit
