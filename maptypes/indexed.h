// indexed.h: what the indexed (file) map types hash, btree, lmdb and cdb
// share: the flock() Postfix takes on a table file, the owner/mode of a
// rebuilt table, and the trailing-NUL conventions.
//
// Locks: Postfix on Linux locks table files with flock() (INTERNAL_LOCK):
// shared around each lookup, exclusive while a writer changes the file.
// Holding the same locks keeps postkit and Postfix from corrupting each
// other's writes.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "atomic_file.h"
#include "dict.h"

namespace postkit {

// A lock held on an open descriptor; released by the destructor. Postfix
// locks Berkeley DB tables with flock() and LMDB tables with fcntl() record
// locks; which one is the Style. (An fcntl() lock is also released when the
// process closes any other descriptor of the same file.)
class FileLock {
 public:
  enum class Kind { kShared, kExclusive };
  enum class Style { kFlock, kFcntl };
  FileLock() = default;
  // Throws FatalError "WHAT: strerror" (WHAT e.g. "lock dictionary PATH").
  FileLock(int fd, Kind kind, const std::string& what, Style style = Style::kFlock);
  ~FileLock();
  FileLock(FileLock&& other) noexcept : fd_(other.fd_), style_(other.style_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
  Style style_ = Style::kFlock;
};

// An open descriptor owned by RAII.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// A full rebuild of an indexed table: takes Postfix's exclusive lock on the
// existing target (if any) for the duration, writes into a temporary file
// beside it and renames it over the target on commit().
// `keep_existing_mode`: hash/btree/lmdb rewrite the existing file in Postfix,
// so an existing table keeps its mode and owner; cdb always writes a new file
// with the mode requested by the caller.
class IndexedRebuild {
 public:
  IndexedRebuild(const std::string& target, const TableOwnership& owner, bool keep_existing_mode,
                 FileLock::Style lock_style = FileLock::Style::kFlock,
                 const std::string& open_name = "");
  const std::string& temp_path() const { return out_->temp_path(); }
  int temp_fd() const { return out_->fd(); }
  void release_fd() { out_->release_fd(); }
  void commit();

 private:
  UniqueFd target_fd_;
  FileLock lock_;
  std::optional<AtomicReplace> out_;
  AtomicReplace::Ownership owner_;
};

// Trailing-NUL policy of a table being written. When both kTry0Null and
// kTry1Null are set (undecided), the type's default decides, as in Postfix.
unsigned settle_nul_flags(unsigned flags, bool default_with_nul);

// Scratch for the trailing-NUL forms of keys and values (Postfix's
// DICT_FLAG_TRY0NULL / DICT_FLAG_TRY1NULL), reused across calls.
class NulForms {
 public:
  // Postfix's lookup (and delete) of `key` in a table: first the key with its
  // trailing NUL when kTry1Null, then without it when kTry0Null. probe(bytes)
  // looks one form up (or deletes it) and says whether it was there; the
  // first form found settles the table's convention (the other flag is
  // cleared in *flags). Returns whether a form was found.
  bool probe(unsigned* flags, std::string_view key,
             const std::function<bool(std::string_view bytes)>& probe);
  // The same with a backend that can fail: stops at the first kFound (which
  // settles the convention) or failure, else kNotFound.
  Status find(unsigned* flags, std::string_view key,
              const std::function<Status(std::string_view bytes)>& get);
  // The stored form of an entry: key and value each with a trailing NUL
  // under kTry1Null. Settles *flags first (default_with_nul when undecided).
  // The views stay valid until the next call.
  std::pair<std::string_view, std::string_view> entry(unsigned* flags, bool default_with_nul,
                                                      std::string_view key, std::string_view value);

 private:
  std::string key_, value_;
};

// C-string view of stored bytes: Postfix handles keys and values as C
// strings, so anything after the first NUL (normally the trailing one) is not
// part of the text.
std::string_view c_string(const void* data, size_t size);

// Postfix warns when a table is older than its source (changed more than 100
// seconds ago): "database TABLE is older than source file SOURCE".
void warn_if_older_than_source(Diagnostics& diag, const std::string& table_path,
                               const struct stat& table_st, const std::string& source_path);

}  // namespace postkit

namespace postkit {

class BulkSorter;

// Full rebuilds of tables with at least this many expected entries go
// through a BulkSorter (see bulk_sort.h); smaller ones are written entry by
// entry, so warnings keep exactly Postfix's order.
inline constexpr size_t kBulkMinEntries = 50000;
// Memory for one in-memory sorted run.
inline constexpr size_t kBulkRunBytes = 8u << 20;

// Drains a sorter into put() with Postfix's duplicate semantics: of equal
// keys the first added is kept, or the last with kDupReplace. Each dropped
// duplicate is passed to on_dup(key) afterwards, in the order it was added
// (keys without their trailing NUL).
void load_sorted(BulkSorter& sorter, unsigned flags,
                 const std::function<void(std::string_view key, std::string_view value)>& put,
                 const std::function<void(std::string_view key)>& on_dup);

// The directory part of a path ("." when there is none).
std::string dir_of_path(const std::string& path);

// The Dict operations of the hash, btree and lmdb tables, on top of a
// backend's get/put/del of stored bytes: key folding, the trailing-NUL forms
// (NUL by default), the shared lock a reader holds around each lookup, the
// exclusive lock a writer holds for its session, the IndexedRebuild and
// BulkSorter of a rebuild, and Postfix's duplicate policy (insert
// without overwriting; on an existing key on_duplicate() decides).
class IndexedDict : public Dict {
 public:
  ~IndexedDict() override;
  Status lookup(std::string_view key, std::string* value) final;
  Status update(std::string_view key, std::string_view value) final;
  Status remove(std::string_view key) final;

 protected:
  // `path` is the table file (for lock errors); `dup_label` names the table
  // in duplicate warnings.
  IndexedDict(const OpenRequest& req, const std::string& path, std::string dup_label,
              FileLock::Style lock_style);

  // Backend operations on stored bytes. Each returns a failure (kIo, with
  // Postfix's text such as "error reading PATH: ...") instead of throwing.
  // get: kFound (value stored) or kNotFound.
  virtual Status get(std::string_view key, std::string* value) = 0;
  // kNotFound when written; without `overwrite` an existing key is left
  // alone and kFound returned.
  virtual Status put(std::string_view key, std::string_view value, bool overwrite) = 0;
  // kFound when the key was there (and is now deleted), else kNotFound.
  virtual Status del(std::string_view key) = 0;
  // Called around each lookup of a reader, inside its shared lock.
  virtual void begin_read() {}
  virtual void end_read() {}

  // The shared lock a reader holds around one operation; writers hold an
  // exclusive lock for the whole session instead, so they get none.
  std::optional<FileLock> read_lock() const;
  // kCreate: starts the rebuild of path_ (the backend library opens the
  // temporary file itself, by name).
  void begin_rebuild(const TableOwnership& owner);
  // kUpdate: holds the exclusive lock on `fd` until end_session().
  void lock_session(int fd);
  // Drains bulk_ into put() (see load_sorted()), reporting duplicates.
  void load_bulk_entries(const std::function<void(std::string_view, std::string_view)>& put);
  // After the backend has closed the table: commits a rebuild, releases the
  // session lock.
  void end_session();

  const OpenMode mode_;
  const std::string path_;  // the table file
  int read_fd_ = -1;        // a reader's descriptor of the table file, to lock
  std::string lock_what_;   // "lock dictionary PATH", for lock errors
  std::optional<IndexedRebuild> rebuild_;
  std::unique_ptr<BulkSorter> bulk_;  // large kCreate: entries sorted before writing
  UniqueFd lock_fd_;                  // kUpdate: the table file, for the session lock
  FileLock session_lock_;

 private:
  std::string dup_label_;
  FileLock::Style lock_style_;
  NulForms nul_;
};

}  // namespace postkit
