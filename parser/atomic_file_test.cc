// atomic_file_test.cc: AtomicReplace with Postfix's edit-lock protocol
// (TempName::kEditLock): the TARGET.tmp name, waiting for another editor's
// lock, reuse or replacement of a stale TARGET.tmp, cleanup on failure.
#include "atomic_file.h"

#include "diag.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

namespace postkit {
namespace {

namespace fs = std::filesystem;
using TempName = AtomicReplace::TempName;

class EditLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/atomic_file_test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    target_ = dir_ + "/main.cf";
    put(target_, "a = 1\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void put(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  std::string dir_;
  std::string target_;
};

TEST_F(EditLockTest, WritesThroughTargetDotTmpAndLeavesNothing) {
  {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    EXPECT_EQ(out.temp_path(), target_ + ".tmp");
    struct stat st;
    ASSERT_EQ(::stat(out.temp_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    out.write("b = 2\n");
    out.commit();
  }
  EXPECT_EQ(read_file(target_), "b = 2\n");
  EXPECT_FALSE(fs::exists(target_ + ".tmp"));
}

TEST_F(EditLockTest, FailureRemovesTheTempFileAndKeepsTheTarget) {
  {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    out.write("half");
  }
  EXPECT_EQ(read_file(target_), "a = 1\n");
  EXPECT_FALSE(fs::exists(target_ + ".tmp"));
}

TEST_F(EditLockTest, StaleTempFileIsTruncatedOrReplaced) {
  put(target_ + ".tmp", "stale text from a crash\n");
  ::chmod((target_ + ".tmp").c_str(), 0600);
  {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    EXPECT_EQ(fs::file_size(out.temp_path()), 0u);
    out.write("c = 3\n");
    out.commit();
  }
  EXPECT_EQ(read_file(target_), "c = 3\n");
  // A leftover with other permissions (a crash after the chmod) is removed
  // and created again with mode 0600.
  put(target_ + ".tmp", "x");
  ::chmod((target_ + ".tmp").c_str(), 0644);
  AtomicReplace out(target_, {}, TempName::kEditLock);
  struct stat st;
  ASSERT_EQ(::stat(out.temp_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_size, 0);
}

// The second editor waits until the first has renamed its file into place,
// and only then reads the target: both changes survive.
TEST_F(EditLockTest, SecondEditorWaitsForTheFirst) {
  std::atomic<bool> first_locked{false};
  std::thread first([&] {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    std::string text = read_file(target_);
    first_locked = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    out.write(text + "first = 1\n");
    out.commit();
  });
  while (!first_locked) std::this_thread::yield();
  auto start = std::chrono::steady_clock::now();
  {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
    std::string text = read_file(target_);
    out.write(text + "second = 2\n");
    out.commit();
  }
  first.join();
  EXPECT_EQ(read_file(target_), "a = 1\nfirst = 1\nsecond = 2\n");
}

// Postfix's protocol uses flock(): a lock held by another program on
// TARGET.tmp blocks us too.
TEST_F(EditLockTest, HonoursAnOutsideFlock) {
  std::string tmp = target_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  std::atomic<bool> done{false};
  std::thread editor([&] {
    AtomicReplace out(target_, {}, TempName::kEditLock);
    out.write("d = 4\n");
    out.commit();
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(done);
  // As Postfix's edit_file_close(): rename our file into place, then unlock.
  ASSERT_EQ(::write(fd, "e = 5\n", 6), 6);
  ASSERT_EQ(::rename(tmp.c_str(), target_.c_str()), 0);
  ::close(fd);
  editor.join();
  EXPECT_TRUE(done);
  EXPECT_EQ(read_file(target_), "d = 4\n");
}

TEST_F(EditLockTest, MissingDirectoryNamesTheTempFile) {
  std::string target = dir_ + "/nodir/main.cf";
  try {
    AtomicReplace out(target, {}, TempName::kEditLock);
    FAIL() << "no error";
  } catch (const FatalError& e) {
    EXPECT_STREQ(e.what(), ("open " + target + ".tmp: No such file or directory").c_str());
  }
}

}  // namespace
}  // namespace postkit
