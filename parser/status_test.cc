// status_test.cc: Status, the failure value of the libraries (status.h).
#include "status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace postkit {
namespace {

TEST(Status, FoundIsSuccessAndNotFoundIsNoFailure) {
  Status found = Status::kFound;
  EXPECT_TRUE(found.ok());
  EXPECT_TRUE(found.found());
  EXPECT_FALSE(found.failed());
  Status missing = Status::kNotFound;
  EXPECT_FALSE(missing.ok());
  EXPECT_FALSE(missing.failed());
  EXPECT_TRUE(missing.message().empty());
}

TEST(Status, RetryAndConfigCarryPostfixText) {
  Status retry = Status::retry("pgsql:/etc/postfix/x.cf: no server available");
  EXPECT_TRUE(retry.failed());
  EXPECT_EQ(retry, Status::kRetry);
  EXPECT_EQ(retry.code_name(), "retry");
  EXPECT_FALSE(retry.fatal_in_table());
  Status config = Status::config("bad table");
  EXPECT_EQ(config.code(), Status::kConfig);
  EXPECT_NE(config, Status::kRetry);
  EXPECT_EQ(config.message(), "bad table");
}

TEST(Status, IoAndUnsupportedArePostfixFatalsInsideTheTable) {
  Status io = Status::from_errno("error reading /x.db", ENOENT);
  EXPECT_EQ(io.code(), Status::kIo);
  EXPECT_EQ(io.message(), "error reading /x.db: No such file or directory");
  EXPECT_TRUE(io.fatal_in_table());
  EXPECT_TRUE(Status::unsupported("table a:b: update operation is not supported").fatal_in_table());
}

}  // namespace
}  // namespace postkit
