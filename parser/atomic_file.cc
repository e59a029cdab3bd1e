// atomic_file.cc: see atomic_file.h.
#include "atomic_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "diag.h"

namespace postkit {
namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw FatalError(what + " " + path + ": " + std::strerror(errno));
}

// fail() for a descriptor we still hold: closes it, keeping errno.
[[noreturn]] void close_and_fail(int fd, const std::string& what, const std::string& path) {
  int saved = errno;
  ::close(fd);
  errno = saved;
  fail(what, path);
}

}  // namespace

AtomicReplace::AtomicReplace(std::string target, FaultHook hook, TempName naming)
    : target_(std::move(target)), hook_(std::move(hook)), naming_(naming) {
  fault(Step::kCreate);
  if (naming_ == TempName::kEditLock)
    create_edit_locked();
  else
    create_private();
}

void AtomicReplace::create_private() {
  std::random_device rd;
  const std::string prefix = dir_of(target_) + "/." + base_of(target_) + ".postkit-tmp.";
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_ = prefix + std::to_string(getpid()) + "." + std::to_string(rd() % 1000000);
    fd_ = ::open(temp_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ >= 0) return;
    if (errno != EEXIST) fail("create", temp_);
  }
  fail("create", temp_);
}

// Postfix's edit_file_open(): open (or create) TARGET.tmp, wait for an
// exclusive flock(), then make sure the name still refers to the locked file
// (the previous holder renames it away when it commits) and that it is a
// plausible leftover before truncating it.
void AtomicReplace::create_edit_locked() {
  const std::string temp = target_ + ".tmp";
  for (;;) {
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw FatalError("open " + temp + ": " + std::strerror(errno));
    int rc;
    while ((rc = ::flock(fd, LOCK_EX)) < 0 && errno == EINTR) {
    }
    if (rc < 0) close_and_fail(fd, "lock", temp);
    struct stat locked, named;
    if (::fstat(fd, &locked) < 0) close_and_fail(fd, "open", temp);
    if (::stat(temp.c_str(), &named) < 0 || locked.st_dev != named.st_dev ||
        locked.st_ino != named.st_ino) {
      ::close(fd);  // renamed or removed while we waited: start over
      continue;
    }
    if (!S_ISREG(named.st_mode) || named.st_nlink > 1 || (named.st_mode & 07777) != 0600) {
      if (::unlink(temp.c_str()) < 0 && errno != ENOENT) close_and_fail(fd, "unlink", temp);
      ::close(fd);
      continue;
    }
    if (::ftruncate(fd, 0) < 0) close_and_fail(fd, "truncate", temp);
    temp_ = temp;
    fd_ = fd;
    return;
  }
}

AtomicReplace::~AtomicReplace() {
  // Unlink before close: with kEditLock the name must go while we still hold
  // the lock, or we could remove the next editor's file.
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  if (fd_ >= 0) ::close(fd_);
}

void AtomicReplace::fail_commit(const std::string& what) const {
  // Postfix reports any failure of edit_file_close() as "close TARGET.tmp".
  if (naming_ == TempName::kEditLock) fail("close", temp_);
  fail(what, temp_);
}

void AtomicReplace::fault(Step s) const {
  if (hook_) hook_(s);
}

void AtomicReplace::release_fd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void AtomicReplace::write(std::string_view bytes) {
  fault(Step::kWrite);
  if (fd_ < 0) throw FatalError("write " + temp_ + ": file is not open");
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", temp_);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void AtomicReplace::commit(const Ownership& owner) {
  fault(Step::kSync);
  int fd = fd_;
  bool opened_here = false;
  if (fd < 0) {
    fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_commit("open");
    opened_here = true;
  }
  if (::fsync(fd) != 0) {
    if (opened_here) ::close(fd);
    fail_commit("fsync");
  }
  fault(Step::kChmod);
  if (owner.uid || owner.gid) {
    // Only root may give a file away; like Postfix, a failure here is not fatal
    // for an unprivileged user who keeps the file.
    if (::fchown(fd, owner.uid.value_or(static_cast<uid_t>(-1)),
                 owner.gid.value_or(static_cast<gid_t>(-1))) != 0 &&
        geteuid() == 0) {
      if (opened_here) ::close(fd);
      fail_commit("fchown");
    }
  }
  if (::fchmod(fd, owner.mode) != 0) {
    if (opened_here) ::close(fd);
    fail_commit("fchmod");
  }
  if (opened_here) ::close(fd);
  fault(Step::kRename);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail_commit("rename");
  committed_ = true;
  fault(Step::kSyncDir);
  int dfd = ::open(dir_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // best effort: the rename itself already happened atomically
    ::close(dfd);
  }
}

void write_file_atomically(const std::string& path, std::string_view content) {
  AtomicReplace::Ownership owner;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    owner.mode = st.st_mode & 07777;
    owner.uid = st.st_uid;
    owner.gid = st.st_gid;
  }
  AtomicReplace out(path);
  out.write(content);
  out.commit(owner);
}

std::string read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open", path);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      errno = saved;
      fail("read", path);
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

}  // namespace postkit
