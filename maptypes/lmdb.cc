// lmdb.cc: the lmdb map type (LMDB), file-compatible with Postfix 3.7:
// NAME.lmdb, a single file (MDB_NOSUBDIR) without LMDB's lock file
// (MDB_NOLOCK): like Postfix we serialise with fcntl() locks on the file instead.
// Keys are folded unless -f; keys and values carry a trailing NUL by default.
//
// Writes run in transactions of at most kBatch entries. When the map is full
// (MDB_MAP_FULL) the open transaction is aborted, the map size doubled and
// the entries of that transaction replayed from a log kept for the purpose,
// so a table of any size can be built without guessing its size up front.
#include <fcntl.h>
#include <lmdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "bulk_sort.h"
#include "indexed.h"
#include "types.h"

namespace postkit {
namespace {

constexpr size_t kMinMapSize = 16u << 20;  // Postfix's lmdb_map_size default
constexpr size_t kBatch = 20000;           // entries per write transaction
// Postfix locks LMDB tables with fcntl() record locks (Berkeley DB: flock()).
constexpr FileLock::Style kLockStyle = FileLock::Style::kFcntl;

std::string mdb_error(int err) {
  return err > 0 ? std::strerror(err) : mdb_strerror(err);
}

struct EnvCloser {
  void operator()(MDB_env* env) const { mdb_env_close(env); }
};
struct TxnAborter {
  void operator()(MDB_txn* txn) const { mdb_txn_abort(txn); }
};

class LmdbDict : public IndexedDict {
 public:
  explicit LmdbDict(const OpenRequest& req)
      : IndexedDict(req, req.name + ".lmdb", "lmdb:" + req.name, kLockStyle) {
    flags_ |= kFixed;
    std::string file = path_;
    unsigned env_flags = MDB_NOSUBDIR | MDB_NOLOCK;
    size_t map_size = kMinMapSize;
    if (mode_ == OpenMode::kCreate) {
      flags_ = settle_nul_flags(flags_ | kBulkUpdate, true);
      begin_rebuild(req.owner);
      file = rebuild_->temp_path();
      env_flags |= MDB_NOSYNC;  // one fsync at commit (AtomicReplace)
      map_size = std::max(map_size, req.size_hint * 256);
      if (req.size_hint >= kBulkMinEntries) {
        // Large rebuild: sort first, then append in key order at close().
        bulk_ =
            std::make_unique<BulkSorter>(dir_of_path(path_), kBulkRunBytes, &BulkSorter::key_order);
      }
    } else if (mode_ == OpenMode::kUpdate || mode_ == OpenMode::kUpdateExisting) {
      // Postfix's LMDB client creates a missing table even for -d.
      const int create = O_CREAT;
      UniqueFd fd(::open(path_.c_str(), O_RDWR | create | O_CLOEXEC, 0644));
      if (!fd) throw FatalError("open database " + path_ + ": " + std::strerror(errno));
      lock_fd_ = std::move(fd);
      lock_session(lock_fd_.get());
    } else {
      env_flags |= MDB_RDONLY;
    }
    struct stat st;
    if (::stat(file.c_str(), &st) == 0) {
      map_size = std::max(map_size, static_cast<size_t>(st.st_size) * 2);
    }
    MDB_env* env = nullptr;
    if (int err = mdb_env_create(&env); err != 0) {
      throw FatalError("create LMDB environment: " + mdb_error(err));
    }
    env_.reset(env);
    mdb_env_set_mapsize(env, map_size);
    map_size_ = map_size;
    if (int err = mdb_env_open(env, file.c_str(), env_flags, 0644); err != 0) {
      throw FatalError("open database " + path_ + ": " + mdb_error(err));
    }
    mdb_env_get_fd(env, &read_fd_);
    if (mode_ == OpenMode::kRead) {
      if (::fstat(read_fd_, &st) == 0) warn_if_older_than_source(diag(), path_, st, req.name);
      MDB_txn* txn = nullptr;
      check(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "begin read transaction");
      txn_.reset(txn);
      check(mdb_dbi_open(txn, nullptr, 0, &dbi_), "open database");
      mdb_txn_reset(txn);
    } else {
      begin_write();
    }
  }

  Status sequence(const Visitor& visit) override {
    std::optional<FileLock> lock = read_lock();
    if (mode_ == OpenMode::kRead) begin_read();
    MDB_cursor* cursor = nullptr;
    check(mdb_cursor_open(txn_.get(), dbi_, &cursor), "open cursor");
    MDB_val k{}, v{};
    int err;
    while ((err = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) == 0) {
      if (!visit(c_string(k.mv_data, k.mv_size), c_string(v.mv_data, v.mv_size))) break;
    }
    mdb_cursor_close(cursor);
    if (mode_ == OpenMode::kRead) end_read();
    if (err != 0 && err != MDB_NOTFOUND) {
      return Status::io("error seeking lmdb:" + name_ + ": " + mdb_error(err));
    }
    return Status::kFound;
  }

  void close() override {
    if (bulk_) load_bulk();
    if (!env_) return;
    if (mode_ != OpenMode::kRead) commit_batch();
    txn_.reset();
    env_.reset();
    end_session();
  }

 private:
  // Loads the sorted entries in key order, appending (MDB_APPEND).
  void load_bulk() {
    load_bulk_entries([&](std::string_view key, std::string_view value) {
      append_logged(key, value, MDB_APPEND);
    });
  }

  // Writes one entry and logs it.
  void append_logged(std::string_view k, std::string_view v, unsigned flags) {
    if (int err = write(k, v, flags); err != 0) {
      throw FatalError("error updating lmdb:" + name_ + ": " + mdb_error(err));
    }
    log_put(k, v);
  }

  // Logs an entry written by the open transaction, for a replay after
  // growing the map, and commits every kBatch entries.
  void log_put(std::string_view k, std::string_view v) {
    log_.push_back(LogEntry{false, log_bytes_.size(), k.size(), v.size()});
    log_bytes_.append(k);
    log_bytes_.append(v);
    if (log_.size() >= kBatch) commit_batch();
  }

  struct LogEntry {
    bool is_delete;
    size_t offset, key_size, value_size;
  };

  void check(int err, const char* what) {
    if (err != 0) throw FatalError(std::string(what) + " " + path_ + ": " + mdb_error(err));
  }

  void begin_write() {
    MDB_txn* txn = nullptr;
    check(mdb_txn_begin(env_.get(), nullptr, 0, &txn), "begin write transaction");
    txn_.reset(txn);
    check(mdb_dbi_open(txn, nullptr, 0, &dbi_), "open database");
  }

  void commit_batch() {
    MDB_txn* txn = txn_.release();
    int err = mdb_txn_commit(txn);
    if (err == MDB_MAP_FULL) {
      grow_and_replay();
      txn = txn_.release();
      err = mdb_txn_commit(txn);
    }
    check(err, "commit");
    log_.clear();
    log_bytes_.clear();
    begin_write();
  }

  // Aborts the open transaction, doubles the map and re-applies the log.
  void grow_and_replay() {
    txn_.reset();
    map_size_ *= 2;
    check(mdb_env_set_mapsize(env_.get(), map_size_), "set map size");
    begin_write();
    for (const LogEntry& e : log_) {
      MDB_val k{e.key_size, log_bytes_.data() + e.offset};
      MDB_val v{e.value_size, log_bytes_.data() + e.offset + e.key_size};
      int err = e.is_delete ? mdb_del(txn_.get(), dbi_, &k, nullptr)
                            : mdb_put(txn_.get(), dbi_, &k, &v, 0);
      if (err == MDB_MAP_FULL) return grow_and_replay();
      if (err != 0 && err != MDB_NOTFOUND) check(err, "replay");
    }
  }

  // A reader's read transaction is renewed for each lookup and reset after.
  void begin_read() override { check(mdb_txn_renew(txn_.get()), "renew read transaction"); }
  void end_read() override { mdb_txn_reset(txn_.get()); }

  Status put(std::string_view key, std::string_view value, bool overwrite) override {
    int err = write(key, value, overwrite ? 0 : MDB_NOOVERWRITE);
    if (err == MDB_KEYEXIST) return Status::kFound;
    if (err != 0) return Status::io("error updating lmdb:" + name_ + ": " + mdb_error(err));
    log_put(key, value);
    return Status::kNotFound;
  }

  // mdb_put(), growing the map as needed.
  int write(std::string_view key, std::string_view value, unsigned flags) {
    for (;;) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{value.size(), const_cast<char*>(value.data())};
      int err = mdb_put(txn_.get(), dbi_, &k, &v, flags);
      if (err != MDB_MAP_FULL) return err;
      grow_and_replay();
    }
  }

  Status del(std::string_view key) override {
    for (;;) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      int err = mdb_del(txn_.get(), dbi_, &k, nullptr);
      if (err == MDB_MAP_FULL) {
        grow_and_replay();
        continue;
      }
      if (err == MDB_NOTFOUND) return Status::kNotFound;
      if (err != 0) return Status::io("error deleting from lmdb:" + name_ + ": " + mdb_error(err));
      log_.push_back(LogEntry{true, log_bytes_.size(), key.size(), 0});
      log_bytes_.append(key);
      return Status::kFound;
    }
  }

  Status get(std::string_view key, std::string* value) override {
    MDB_val k{key.size(), const_cast<char*>(key.data())}, v{};
    int err = mdb_get(txn_.get(), dbi_, &k, &v);
    if (err == MDB_NOTFOUND) return Status::kNotFound;
    if (err != 0) return Status::io("error reading lmdb:" + name_ + ": " + mdb_error(err));
    value->assign(c_string(v.mv_data, v.mv_size));
    return Status::kFound;
  }

  std::unique_ptr<MDB_env, EnvCloser> env_;
  std::unique_ptr<MDB_txn, TxnAborter> txn_;
  MDB_dbi dbi_ = 0;
  size_t map_size_ = 0;
  std::vector<LogEntry> log_;
  std::string log_bytes_;
};

}  // namespace

std::unique_ptr<Dict> open_lmdb(const OpenRequest& req) {
  return std::make_unique<LmdbDict>(req);
}

}  // namespace postkit
