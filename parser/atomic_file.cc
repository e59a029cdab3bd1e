// atomic_file.cc: see atomic_file.h.
#include "atomic_file.h"

#include <fcntl.h>
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

}  // namespace

AtomicReplace::AtomicReplace(std::string target, FaultHook hook)
    : target_(std::move(target)), hook_(std::move(hook)) {
  fault(Step::kCreate);
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

AtomicReplace::~AtomicReplace() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
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
    if (fd < 0) fail("open", temp_);
    opened_here = true;
  }
  if (::fsync(fd) != 0) {
    if (opened_here) ::close(fd);
    fail("fsync", temp_);
  }
  fault(Step::kChmod);
  if (owner.uid || owner.gid) {
    // Only root may give a file away; like Postfix, a failure here is not fatal
    // for an unprivileged user who keeps the file.
    if (::fchown(fd, owner.uid.value_or(static_cast<uid_t>(-1)),
                 owner.gid.value_or(static_cast<gid_t>(-1))) != 0 &&
        geteuid() == 0) {
      if (opened_here) ::close(fd);
      fail("fchown", temp_);
    }
  }
  if (::fchmod(fd, owner.mode) != 0) {
    if (opened_here) ::close(fd);
    fail("fchmod", temp_);
  }
  if (opened_here) ::close(fd);
  fault(Step::kRename);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("rename", temp_);
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
