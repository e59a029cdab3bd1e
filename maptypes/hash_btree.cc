// hash_btree.cc: the hash and btree map types (Berkeley DB 5.3), file-
// compatible with Postfix 3.7: NAME.db, keys folded unless -f, keys and
// values stored with a trailing NUL by default on Linux (kTry1Null).
//
// Reading takes a shared flock() on the .db around each operation, as
// Postfix does; kUpdate (postmap -i, -d) holds an exclusive flock() for the
// whole session; kCreate builds a new file beside the target and renames it
// (IndexedRebuild), holding the exclusive lock on the old file meanwhile.
// Like Postfix, the database is opened relative to a private environment
// whose home is the table's directory, so Berkeley DB's own messages name the
// file as Postfix's do ("./t.db").
#include <db.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "bulk_sort.h"
#include "indexed.h"
#include "types.h"

namespace postkit {
namespace {

constexpr u_int32_t kHashNelem = 4096;                // Postfix's DICT_DB_NELM
constexpr u_int32_t kReadCache = 128 * 1024;          // berkeley_db_read_buffer_size
constexpr u_int32_t kCreateCache = 16 * 1024 * 1024;  // berkeley_db_create_buffer_size
// A full hash build of more than kHashNelem entries is created at its final
// bucket count instead of growing by page splits from Berkeley DB's default
// (fill factor 0, where set_h_nelem has no effect): the splits were most of
// the build time of a mid-sized table. The count comes from the source size
// (size_hint is bytes / 32), not from an entry count, which size_hint only
// guesses: the largest power of two (Berkeley DB rounds up to one) that gives
// each bucket at least kBucketSourceBytes of source, so 1.5 to 3 KiB, which
// with the per-entry overhead fits a 4 KiB page for typical lines.
constexpr size_t kBucketSourceBytes = 1536;
// The fill factor is set so high that the entry count never triggers a split
// during the build (a bucket holds at most 3 KiB / 4 bytes = 768 source
// lines): splits by count, when the guess is short, doubled the file.
// Berkeley DB chains an overflow page to a bucket that outgrows its page.
constexpr u_int32_t kPresizeFfactor = 1024;

u_int32_t presize_buckets(size_t size_hint) {
  size_t buckets = 1;
  while (buckets * 2 <= size_hint * 32 / kBucketSourceBytes && buckets < (1u << 20)) buckets *= 2;
  return static_cast<u_int32_t>(buckets);
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string db_error(int err) {
  return err > 0 ? std::strerror(err) : ::db_strerror(err);
}

struct EnvCloser {
  void operator()(DB_ENV* env) const { env->close(env, 0); }
};
struct DbCloser {
  void operator()(DB* db) const { db->close(db, 0); }
};
struct CursorCloser {
  void operator()(DBC* c) const { c->close(c); }
};

class BerkeleyDict : public IndexedDict {
 public:
  BerkeleyDict(const OpenRequest& req, DBTYPE dbtype)
      : IndexedDict(req, req.name + ".db", req.name + ".db", FileLock::Style::kFlock),
        dbtype_(dbtype) {
    flags_ |= kFixed;
    name_ = path_;  // Postfix names an open Berkeley DB table by its file
    if (mode_ == OpenMode::kCreate) {
      flags_ = settle_nul_flags(flags_ | kBulkUpdate, true);
      begin_rebuild(req.owner);
      // Berkeley DB will not open a zero-length file: let it create its own.
      ::unlink(rebuild_->temp_path().c_str());
      // A pre-sized hash table that fits the cache is fastest filled directly.
      const size_t bulk_min = dbtype_ == DB_HASH ? 8 * kBulkMinEntries : kBulkMinEntries;
      if (req.size_hint >= bulk_min) {
        // Large rebuild: sort first, open the database at close().
        bulk_ = std::make_unique<BulkSorter>(
            dir_of_path(path_), kBulkRunBytes,
            dbtype_ == DB_HASH ? &BulkSorter::bdb_hash_order : &BulkSorter::key_order);
        return;
      }
      open_db(rebuild_->temp_path(), DB_CREATE | DB_EXCL, req.size_hint, true);
      return;
    }
    if (mode_ == OpenMode::kUpdate || mode_ == OpenMode::kUpdateExisting) {
      UniqueFd fd(::open(path_.c_str(), O_RDWR | O_CLOEXEC));
      if (fd) {
        lock_fd_ = std::move(fd);
        lock_session(lock_fd_.get());
      }
      open_db(path_, mode_ == OpenMode::kUpdate ? DB_CREATE : 0, 0);
      if (!lock_fd_) {
        int dbfd = -1;
        db_->fd(db_.get(), &dbfd);
        lock_session(dbfd);
      }
      return;
    }
    open_db(path_, DB_RDONLY, 0);
    db_->fd(db_.get(), &read_fd_);
    struct stat st;
    if (::fstat(read_fd_, &st) == 0) warn_if_older_than_source(diag(), path_, st, req.name);
  }

  ~BerkeleyDict() override {
    cursor_.reset();
    db_.reset();
    env_.reset();
  }

  Status sequence(const Visitor& visit) override {
    std::optional<FileLock> lock = read_lock();
    DBC* raw = nullptr;
    if (int err = db_->cursor(db_.get(), nullptr, &raw, 0); err != 0) {
      return Status::io("error seeking " + path_ + ": " + db_error(err));
    }
    std::unique_ptr<DBC, CursorCloser> cursor(raw);
    DBT k{}, v{};
    for (;;) {
      int err = cursor->get(cursor.get(), &k, &v, DB_NEXT);
      if (err == DB_NOTFOUND) break;
      if (err != 0) {
        return Status::io("error [" + std::to_string(err) + "] seeking " + path_ + ": " +
                          db_error(err));
      }
      if (!visit(c_string(k.data, k.size), c_string(v.data, v.size))) break;
    }
    return Status::kFound;
  }

  void close() override {
    if (bulk_) load_bulk();
    if (!db_) return;
    if (int err = db_->sync(db_.get(), 0); err != 0 && mode_ != OpenMode::kRead) {
      throw FatalError("flush database " + path_ + ": " + db_error(err));
    }
    DB* db = db_.release();
    if (int err = db->close(db, 0); err != 0 && mode_ != OpenMode::kRead) {
      throw FatalError("close database " + path_ + ": " + db_error(err));
    }
    env_.reset();
    end_session();
  }

 private:
  // Opens the new database sized for the sorted entries and loads them.
  void load_bulk() {
    open_db(rebuild_->temp_path(), DB_CREATE | DB_EXCL, bulk_->size());
    load_bulk_entries([&](std::string_view key, std::string_view value) {
      if (int err = db_put(key, value, 0); err != 0) {
        throw FatalError("error writing " + path_ + ": " + db_error(err));
      }
    });
  }

  // Without presize, Berkeley DB grows a hash table dynamically (Postfix's
  // choice); with it, a hash table of more than kHashNelem entries is
  // created at its final bucket count.
  void open_db(const std::string& file, u_int32_t open_flags, size_t size_hint,
               bool presize = false) {
    DB_ENV* env = nullptr;
    if (int err = db_env_create(&env, 0); err != 0) {
      throw FatalError("create DB environment: " + db_error(err));
    }
    env_.reset(env);
    const u_int32_t cache = mode_ == OpenMode::kRead ? kReadCache : kCreateCache;
    env->set_cachesize(env, 0, cache, 1);
    if (int err =
            env->open(env, dir_of_path(file).c_str(), DB_INIT_MPOOL | DB_CREATE | DB_PRIVATE, 0);
        err != 0) {
      throw FatalError("open DB environment: " + db_error(err));
    }
    DB* db = nullptr;
    if (int err = db_create(&db, env, 0); err != 0) {
      throw FatalError("create DB database: " + db_error(err));
    }
    db_.reset(db);
    if (dbtype_ == DB_HASH) {
      u_int32_t nelem = kHashNelem;
      if (size_hint > nelem) nelem = static_cast<u_int32_t>(std::min<size_t>(size_hint, 1u << 30));
      if (presize && nelem > kHashNelem) {
        db->set_h_ffactor(db, kPresizeFfactor);
        nelem = presize_buckets(nelem) * kPresizeFfactor;
      }
      db->set_h_nelem(db, nelem);
    }
    // DB_FCNTL_LOCKING as Postfix passes it: it changes how Berkeley DB opens
    // the file, and so which errors Berkeley DB prints by itself.
    if (int err = db->open(db, nullptr, base_name(file).c_str(), nullptr, dbtype_,
                           open_flags | DB_FCNTL_LOCKING, 0644);
        err != 0) {
      db_.reset();
      throw FatalError("open database " + path_ + ": " + db_error(err));
    }
  }

  static DBT dbt(std::string_view bytes) {
    DBT d{};
    d.data = const_cast<char*>(bytes.data());
    d.size = static_cast<u_int32_t>(bytes.size());
    return d;
  }

  int db_put(std::string_view key, std::string_view value, u_int32_t put_flags) {
    DBT k = dbt(key), v = dbt(value);
    return db_->put(db_.get(), nullptr, &k, &v, put_flags);
  }

  Status put(std::string_view key, std::string_view value, bool overwrite) override {
    int err = db_put(key, value, overwrite ? 0 : DB_NOOVERWRITE);
    if (err == DB_KEYEXIST) return Status::kFound;
    if (err != 0) return Status::io("error writing " + path_ + ": " + db_error(err));
    return Status::kNotFound;
  }

  Status get(std::string_view key, std::string* value) override {
    DBT k = dbt(key), v{};
    int err = db_->get(db_.get(), nullptr, &k, &v, 0);
    if (err == DB_NOTFOUND) return Status::kNotFound;
    if (err != 0) return Status::io("error reading " + path_ + ": " + db_error(err));
    value->assign(c_string(v.data, v.size));
    return Status::kFound;
  }

  Status del(std::string_view key) override {
    DBT k = dbt(key);
    int err = db_->del(db_.get(), nullptr, &k, 0);
    if (err == DB_NOTFOUND) return Status::kNotFound;
    if (err != 0) return Status::io("error deleting from " + path_ + ": " + db_error(err));
    return Status::kFound;
  }

  DBTYPE dbtype_;
  std::unique_ptr<DB_ENV, EnvCloser> env_;
  std::unique_ptr<DB, DbCloser> db_;
  std::unique_ptr<DBC, CursorCloser> cursor_;
};

}  // namespace

std::unique_ptr<Dict> open_hash(const OpenRequest& req) {
  return std::make_unique<BerkeleyDict>(req, DB_HASH);
}

std::unique_ptr<Dict> open_btree(const OpenRequest& req) {
  return std::make_unique<BerkeleyDict>(req, DB_BTREE);
}

}  // namespace postkit
