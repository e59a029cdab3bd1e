// data_dir_test.cc: data_dir() follows the running program (the test binary
// stands in for a command): with the default layout (sbin/ and share/ side
// by side under the prefix) it is <exe dir>/../share/postkit.
#include "data_dir.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace postkit {
namespace {

TEST(DataDir, RelativeToTheRunningProgram) {
  const auto exe_dir = std::filesystem::canonical("/proc/self/exe").parent_path();
  const auto dir = data_dir();
  EXPECT_EQ(dir, exe_dir.parent_path() / "share" / "postkit");
}

}  // namespace
}  // namespace postkit
