// atomic_file.h: the one atomic writer of postkit.
//
// AtomicReplace creates a temporary file beside a target, lets the caller (or
// a library such as Berkeley DB, LMDB or tinycdb) fill it, then commit() makes
// it durable and renames it over the target:
//   write temp -> fsync(temp) -> chmod/chown -> rename(temp, target) -> fsync(dir)
// A reader sees the old file or the new one, never a half-written file. If the
// object is destroyed before commit() (an exception, a fatal error), the
// temporary file is removed and the target is untouched. A crash (SIGKILL,
// power loss) at any step leaves the old target intact; at worst a stale
// ".TARGET.postkit-tmp.*" file remains, which the next build replaces.
//
// Tests can make any step fail through FaultHook, as LevelDB's fault-injection
// Env does, to prove that the target survives.
//
// With kEditLock the temporary file follows Postfix's cooperative edit
// protocol (src/util/edit_file.c) instead: its name is TARGET.tmp, it is held
// under an exclusive flock() from creation until after the rename, and a
// second editor (postkit or Postfix's postconf) waits for that lock, so two
// read-modify-write edits never lose each other as long as the caller reads
// the target only after construction. A stale TARGET.tmp left by a crash is
// reused (truncated) or, when it looks wrong (not a plain file, more than one
// link, mode other than 0600), removed and created again.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace postkit {

class AtomicReplace {
 public:
  enum class Step { kCreate, kWrite, kSync, kChmod, kRename, kSyncDir };
  // Called before each step; throw from it to simulate a failure there.
  using FaultHook = std::function<void(Step)>;

  // kPrivate: a per-run ".TARGET.postkit-tmp.PID.RAND" name, no lock.
  // kEditLock: Postfix's TARGET.tmp under an exclusive lock (see above).
  enum class TempName { kPrivate, kEditLock };

  struct Ownership {
    mode_t mode = 0644;
    std::optional<uid_t> uid;  // chown only when set
    std::optional<gid_t> gid;
  };

  // Creates the temporary file (mode 0600 until commit) in the target's
  // directory; with kEditLock, waits for the lock first. Throws FatalError
  // naming the temporary path on failure ("open TARGET.tmp: ..." as Postfix).
  explicit AtomicReplace(std::string target, FaultHook hook = {},
                         TempName naming = TempName::kPrivate);
  ~AtomicReplace();
  AtomicReplace(const AtomicReplace&) = delete;
  AtomicReplace& operator=(const AtomicReplace&) = delete;

  const std::string& target() const { return target_; }
  // Path of the temporary file, for libraries that open files by name.
  const std::string& temp_path() const { return temp_; }
  // Open descriptor of the temporary file (-1 after release_fd()).
  int fd() const { return fd_; }
  // Closes our descriptor so a library can own the temporary file by name.
  void release_fd();

  // Appends bytes to the temporary file; throws FatalError on a short write.
  void write(std::string_view bytes);

  // Syncs, applies ownership, renames over the target and syncs the directory.
  void commit(const Ownership& owner);
  void commit() { commit(Ownership{}); }
  bool committed() const { return committed_; }

 private:
  void fault(Step s) const;
  void create_private();
  void create_edit_locked();
  [[noreturn]] void fail_commit(const std::string& what) const;

  std::string target_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
  FaultHook hook_;
  TempName naming_;
};

// Writes a whole file atomically, keeping the mode (and owner when allowed)
// of the file it replaces.
void write_file_atomically(const std::string& path, std::string_view content);

// Reads a whole file. Throws FatalError "open PATH: strerror" when it cannot.
std::string read_file(const std::string& path);

}  // namespace postkit
