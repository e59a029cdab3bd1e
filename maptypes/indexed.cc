// indexed.cc: see indexed.h.
#include "indexed.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <utility>
#include <vector>

#include "bulk_sort.h"

namespace postkit {

namespace {
int set_fcntl_lock(int fd, short type) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  return ::fcntl(fd, F_SETLKW, &fl);
}
void unlock(int fd, FileLock::Style style) {
  if (style == FileLock::Style::kFlock) {
    ::flock(fd, LOCK_UN);
  } else {
    set_fcntl_lock(fd, F_UNLCK);
  }
}
}  // namespace

FileLock::FileLock(int fd, Kind kind, const std::string& what, Style style) : style_(style) {
  for (;;) {
    int rc = style == Style::kFlock ? ::flock(fd, kind == Kind::kShared ? LOCK_SH : LOCK_EX)
                                    : set_fcntl_lock(fd, kind == Kind::kShared ? F_RDLCK : F_WRLCK);
    if (rc == 0) break;
    if (errno != EINTR) throw FatalError(what + ": " + std::strerror(errno));
  }
  fd_ = fd;
}

FileLock::~FileLock() {
  if (fd_ >= 0) unlock(fd_, style_);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) unlock(fd_, style_);
    fd_ = other.fd_;
    style_ = other.style_;
    other.fd_ = -1;
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

namespace {
AtomicReplace::Ownership new_file_owner(const TableOwnership& owner) {
  AtomicReplace::Ownership o;
  // Postfix runs with umask 022 and creates tables with the source's mode
  // (or 0644), never with execute bits.
  o.mode = owner.mode.value_or(0644) & 0666 & ~022;
  o.uid = owner.uid;
  o.gid = owner.gid;
  return o;
}

// The file a rebuild must replace: Postfix writes through a symbolic link to
// the table, so the new table is renamed over the link's target, not over
// the link.
std::string replaced_file(const std::string& target) {
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return target;
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(target, ec);
  return ec ? target : real.string();
}

// Removes temporary files of earlier builds of `target` whose process is gone
// (killed with SIGKILL, or the machine crashed). AtomicReplace names them
// ".BASE.postkit-tmp.PID.RANDOM" beside the target.
void remove_stale_temp_files(const std::string& target) {
  const std::string dir = dir_of_path(target);
  const size_t slash = target.rfind('/');
  const std::string prefix =
      "." + (slash == std::string::npos ? target : target.substr(slash + 1)) + ".postkit-tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;  // the build itself will report the problem
  while (const struct dirent* e = ::readdir(d)) {
    std::string_view name(e->d_name);
    if (name.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = name.substr(prefix.size());
    long pid = std::strtol(std::string(rest.substr(0, rest.find('.'))).c_str(), nullptr, 10);
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      ::unlink((dir + "/" + std::string(name)).c_str());
    }
  }
  ::closedir(d);
}
}  // namespace

IndexedRebuild::IndexedRebuild(const std::string& target, const TableOwnership& owner,
                               bool keep_existing_mode, FileLock::Style lock_style,
                               const std::string& open_name)
    // An fcntl() write lock needs a descriptor open for writing.
    : target_fd_(::open(target.c_str(),
                        (lock_style == FileLock::Style::kFcntl ? O_RDWR : O_RDONLY) | O_CLOEXEC)) {
  // Types that Postfix rewrites in place write through a symbolic link; cdb
  // (a new file renamed over the old) replaces the link itself.
  const std::string file = keep_existing_mode ? replaced_file(target) : target;
  remove_stale_temp_files(file);
  try {
    out_.emplace(file);
  } catch (const FatalError&) {
    // Postfix names the file it could not create (the table, or the table
    // plus ".tmp" for cdb), e.g. after switching to the source's owner.
    const int err = errno;
    throw FatalError("open database " + (open_name.empty() ? target : open_name) + ": " +
                     std::strerror(err));
  }
  owner_ = new_file_owner(owner);
  if (target_fd_) {
    // Serialise with Postfix writers (postmap -i, -d) of the same table.
    lock_ = FileLock(target_fd_.get(), FileLock::Kind::kExclusive, "lock " + target, lock_style);
    struct stat st;
    if (keep_existing_mode && ::fstat(target_fd_.get(), &st) == 0) {
      owner_.mode = st.st_mode & 07777;
      owner_.uid = st.st_uid;
      owner_.gid = st.st_gid;
    }
  }
}

void IndexedRebuild::commit() {
  out_->commit(owner_);
}

unsigned settle_nul_flags(unsigned flags, bool default_with_nul) {
  if (has(flags, kTry0Null) && has(flags, kTry1Null)) {
    flags &=
        default_with_nul ? ~static_cast<unsigned>(kTry0Null) : ~static_cast<unsigned>(kTry1Null);
  } else if (!has(flags, kTry0Null | kTry1Null)) {
    flags |= default_with_nul ? kTry1Null : kTry0Null;
  }
  return flags;
}

bool NulForms::probe(unsigned* flags, std::string_view key,
                     const std::function<bool(std::string_view bytes)>& probe) {
  return find(flags, key, [&](std::string_view bytes) -> Status {
           return probe(bytes) ? Status::kFound : Status::kNotFound;
         }) == Status::kFound;
}

Status NulForms::find(unsigned* flags, std::string_view key,
                      const std::function<Status(std::string_view bytes)>& get) {
  key_.assign(key);
  key_.push_back('\0');
  if (has(*flags, kTry1Null)) {
    Status st = get(key_);
    if (st == Status::kFound) *flags &= ~static_cast<unsigned>(kTry0Null);
    if (st != Status::kNotFound) return st;
  }
  if (has(*flags, kTry0Null)) {
    Status st = get(std::string_view(key_.data(), key_.size() - 1));
    if (st == Status::kFound) *flags &= ~static_cast<unsigned>(kTry1Null);
    if (st != Status::kNotFound) return st;
  }
  return Status::kNotFound;
}

std::pair<std::string_view, std::string_view> NulForms::entry(unsigned* flags,
                                                              bool default_with_nul,
                                                              std::string_view key,
                                                              std::string_view value) {
  *flags = settle_nul_flags(*flags, default_with_nul);
  const size_t nul = has(*flags, kTry1Null) ? 1 : 0;
  key_.assign(key);
  key_.push_back('\0');
  value_.assign(value);
  value_.push_back('\0');
  return {std::string_view(key_.data(), key.size() + nul),
          std::string_view(value_.data(), value.size() + nul)};
}

std::string_view c_string(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  const void* nul = std::memchr(p, '\0', size);
  return std::string_view(p, nul ? static_cast<size_t>(static_cast<const char*>(nul) - p) : size);
}

void warn_if_older_than_source(Diagnostics& diag, const std::string& table_path,
                               const struct stat& table_st, const std::string& source_path) {
  struct stat src;
  if (::stat(source_path.c_str(), &src) == 0 && src.st_mtime > table_st.st_mtime &&
      src.st_mtime < std::time(nullptr) - 100) {
    diag.warning("database " + table_path + " is older than source file " + source_path);
  }
}

}  // namespace postkit

namespace postkit {

void load_sorted(BulkSorter& sorter, unsigned flags,
                 const std::function<void(std::string_view key, std::string_view value)>& put,
                 const std::function<void(std::string_view key)>& on_dup) {
  const bool replace = has(flags, kDupReplace);
  std::string key, value;
  bool pending = false;
  std::vector<std::pair<uint64_t, std::string>> dups;
  sorter.drain([&](std::string_view k, std::string_view v, uint64_t seq) {
    if (pending && k == key) {
      if (replace) {
        value.assign(v);
      } else {
        dups.emplace_back(seq, std::string(c_string(k.data(), k.size())));
      }
      return;
    }
    if (pending) put(key, value);
    key.assign(k);
    value.assign(v);
    pending = true;
  });
  if (pending) put(key, value);
  std::sort(dups.begin(), dups.end());
  for (const auto& [seq, k] : dups) on_dup(k);
}

std::string dir_of_path(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace postkit

namespace postkit {

IndexedDict::IndexedDict(const OpenRequest& req, const std::string& path, std::string dup_label,
                         FileLock::Style lock_style)
    : Dict(req),
      mode_(req.mode),
      path_(path),
      lock_what_("lock dictionary " + path),
      dup_label_(std::move(dup_label)),
      lock_style_(lock_style) {}

IndexedDict::~IndexedDict() = default;

std::optional<FileLock> IndexedDict::read_lock() const {
  std::optional<FileLock> lock;
  if (mode_ == OpenMode::kRead)
    lock.emplace(read_fd_, FileLock::Kind::kShared, lock_what_, lock_style_);
  return lock;
}

void IndexedDict::begin_rebuild(const TableOwnership& owner) {
  rebuild_.emplace(path_, owner, true, lock_style_);
  rebuild_->release_fd();
}

void IndexedDict::lock_session(int fd) {
  session_lock_ = FileLock(fd, FileLock::Kind::kExclusive, lock_what_, lock_style_);
}

void IndexedDict::load_bulk_entries(
    const std::function<void(std::string_view, std::string_view)>& put) {
  std::unique_ptr<BulkSorter> bulk = std::move(bulk_);
  load_sorted(*bulk, flags_, put, [&](std::string_view key) {
    bool replace = false;
    if (Status st = on_duplicate(dup_label_, key, &replace); st.failed()) {
      throw FatalError(st.message());
    }
  });
}

void IndexedDict::end_session() {
  if (rebuild_) rebuild_->commit();
  session_lock_ = FileLock();
}

Status IndexedDict::lookup(std::string_view key, std::string* value) {
  std::string buf;
  key = fold(key, buf);
  std::optional<FileLock> lock = read_lock();
  if (mode_ == OpenMode::kRead) begin_read();
  Status st = nul_.find(&flags_, key, [&](std::string_view k) { return get(k, value); });
  if (mode_ == OpenMode::kRead) end_read();
  return st;
}

Status IndexedDict::update(std::string_view key, std::string_view value) {
  if (mode_ == OpenMode::kRead) return unsupported("update");
  std::string buf;
  key = fold(key, buf);
  const auto [k, v] = nul_.entry(&flags_, true, key, value);
  if (bulk_) {
    bulk_->add(k, v);
    return Status::kNotFound;
  }
  Status st = put(k, v, has(flags_, kDupReplace));
  if (st != Status::kFound) return st;
  bool replace = false;
  if (Status dup = on_duplicate(dup_label_, key, &replace); dup.failed()) return dup;
  if (!replace) return Status::kFound;
  st = put(k, v, true);
  return st.failed() ? st : Status::kFound;
}

Status IndexedDict::remove(std::string_view key) {
  if (mode_ == OpenMode::kRead) return unsupported("delete");
  std::string buf;
  key = fold(key, buf);
  return nul_.find(&flags_, key, [&](std::string_view k) { return del(k); });
}

}  // namespace postkit
