// nul_forms_test.cc: NulForms (indexed.h), the trailing-NUL conventions the
// indexed map types share: which key forms a lookup probes and in what order,
// how the first hit settles the convention, and the stored form of entries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexed.h"

namespace postkit {
namespace {

TEST(IndexedNulForms, UndecidedProbesWithNulThenWithout) {
  NulForms nul;
  unsigned flags = kTry0Null | kTry1Null;
  std::vector<std::string> probed;
  bool found = nul.probe(&flags, "key", [&](std::string_view k) {
    probed.emplace_back(k);
    return k == "key";
  });
  EXPECT_TRUE(found);
  EXPECT_EQ(probed, (std::vector<std::string>{std::string("key\0", 4), "key"}));
  // The hit without NUL settles the convention: no more NUL probes.
  EXPECT_EQ(flags & (kTry0Null | kTry1Null), static_cast<unsigned>(kTry0Null));
}

TEST(IndexedNulForms, HitWithNulSettlesAndStops) {
  NulForms nul;
  unsigned flags = kTry0Null | kTry1Null;
  int calls = 0;
  EXPECT_TRUE(nul.probe(&flags, "k", [&](std::string_view k) {
    ++calls;
    return k == std::string_view("k\0", 2);
  }));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(flags & (kTry0Null | kTry1Null), static_cast<unsigned>(kTry1Null));
}

TEST(IndexedNulForms, MissKeepsFlagsAndProbesOnlyAllowedForms) {
  NulForms nul;
  unsigned flags = kTry1Null;
  std::vector<std::string> probed;
  EXPECT_FALSE(nul.probe(&flags, "x", [&](std::string_view k) {
    probed.emplace_back(k);
    return false;
  }));
  EXPECT_EQ(probed, (std::vector<std::string>{std::string("x\0", 2)}));
  EXPECT_EQ(flags, static_cast<unsigned>(kTry1Null));
}

TEST(IndexedNulForms, EntrySettlesToTheTypeDefault) {
  NulForms nul;
  unsigned flags = kTry0Null | kTry1Null;
  auto [k, v] = nul.entry(&flags, true, "key", "val");
  EXPECT_EQ(k, std::string_view("key\0", 4));
  EXPECT_EQ(v, std::string_view("val\0", 4));
  EXPECT_EQ(flags & (kTry0Null | kTry1Null), static_cast<unsigned>(kTry1Null));

  unsigned cdb_flags = kTry0Null | kTry1Null;
  auto [k0, v0] = nul.entry(&cdb_flags, false, "key", "");
  EXPECT_EQ(k0, "key");
  EXPECT_EQ(v0, "");
  EXPECT_EQ(cdb_flags & (kTry0Null | kTry1Null), static_cast<unsigned>(kTry0Null));
}

}  // namespace
}  // namespace postkit
