// cdb.cc: the cdb map type (tinycdb), file-compatible with Postfix 3.7:
// NAME.cdb, keys folded unless -f, keys and values stored WITHOUT a trailing
// NUL by default (kTry0Null). A cdb file is immutable: it can only be read or
// built whole, so kUpdate (postmap -i, -d) is fatal as in Postfix, and there
// is no sequence operation.
//
// Building: duplicates are detected with an in-memory table of 64-bit key
// fingerprints; only a fingerprint hit asks tinycdb (which must read records
// back from the file) whether the key really exists. This keeps the common
// case at one hash and one append per entry.
#include <cdb.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include "indexed.h"
#include "types.h"

namespace postkit {
namespace {

// Open-addressing set of 64-bit fingerprints (0 marks an empty slot).
class FingerprintSet {
 public:
  // Returns true when fp was already present; inserts it otherwise.
  bool test_and_insert(uint64_t fp) {
    if (fp == 0) fp = 1;
    if ((used_ + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = fp & mask;; i = (i + 1) & mask) {
      if (slots_[i] == fp) return true;
      if (slots_[i] == 0) {
        slots_[i] = fp;
        ++used_;
        return false;
      }
    }
  }

 private:
  void grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    used_ = 0;
    for (uint64_t fp : old) {
      if (fp != 0) test_and_insert(fp);
    }
  }

  std::vector<uint64_t> slots_;
  size_t used_ = 0;
};

class CdbReader : public Dict {
 public:
  explicit CdbReader(const OpenRequest& req) : Dict(req), path_(req.name + ".cdb") {
    flags_ |= kFixed;
    fd_ = UniqueFd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) throw FatalError("open database " + path_ + ": " + std::strerror(errno));
    if (cdb_init(&cdb_, fd_.get()) != 0) {
      throw FatalError("dict_cdbq_open: unable to init " + path_ + ": " + std::strerror(errno));
    }
    struct stat st;
    if (::fstat(fd_.get(), &st) == 0) warn_if_older_than_source(diag(), path_, st, req.name);
    name_ = path_;  // Postfix names an open cdb table by its file
  }
  ~CdbReader() override { cdb_free(&cdb_); }

  Status lookup(std::string_view key, std::string* value) override {
    std::string buf;
    key = fold(key, buf);
    key_.assign(key);
    key_.push_back('\0');
    if (has(flags_, kTry1Null) && find(key_.size(), value)) {
      flags_ &= ~kTry0Null;
      return Status::kFound;
    }
    if (has(flags_, kTry0Null) && find(key_.size() - 1, value)) {
      flags_ &= ~kTry1Null;
      return Status::kFound;
    }
    return Status::kNotFound;
  }

 private:
  bool find(size_t key_size, std::string* value) {
    int r = cdb_find(&cdb_, key_.data(), static_cast<unsigned>(key_size));
    if (r < 0) throw FatalError("error reading " + path_ + ": " + std::strerror(errno));
    if (r == 0) return false;
    const void* data = cdb_getdata(&cdb_);
    if (data == nullptr) throw FatalError("error reading " + path_ + ": invalid database format");
    value->assign(c_string(data, cdb_datalen(&cdb_)));
    return true;
  }

  std::string path_;
  UniqueFd fd_;
  struct cdb cdb_ {};
  std::string key_;
};

class CdbWriter : public Dict {
 public:
  explicit CdbWriter(const OpenRequest& req)
      : Dict(req), path_(req.name + ".cdb"), rebuild_(path_, req.owner, false) {
    flags_ = settle_nul_flags(flags_ | kFixed | kBulkUpdate, false);
    if (cdb_make_start(&make_, rebuild_.temp_fd()) < 0) {
      throw FatalError("cdb_make_start " + rebuild_.temp_path() + ": " + std::strerror(errno));
    }
    started_ = true;
  }
  ~CdbWriter() override {
    // tinycdb frees its record lists only in cdb_make_finish(); the output
    // goes to the temporary file, which is discarded.
    if (started_) cdb_make_finish(&make_);
  }

  Status lookup(std::string_view, std::string*) override { unsupported("lookup"); }

  Status update(std::string_view key, std::string_view value) override {
    std::string buf;
    key = fold(key, buf);
    flags_ = settle_nul_flags(flags_, false);
    const size_t extra = has(flags_, kTry1Null) ? 1 : 0;
    key_.assign(key);
    key_.push_back('\0');
    val_.assign(value);
    val_.push_back('\0');
    const unsigned klen = static_cast<unsigned>(key_.size() - 1 + extra);
    const unsigned vlen = static_cast<unsigned>(val_.size() - 1 + extra);
    uint64_t fp = std::hash<std::string_view>{}(std::string_view(key_.data(), klen));
    int r;
    if (!seen_.test_and_insert(fp)) {
      r = cdb_make_add(&make_, key_.data(), klen, val_.data(), vlen);
    } else {
      r = cdb_make_put(&make_, key_.data(), klen, val_.data(), vlen,
                       has(flags_, kDupReplace) ? CDB_PUT_REPLACE : CDB_PUT_INSERT);
      if (r > 0) {
        // The key exists: kDupReplace has already replaced it.
        if (!has(flags_, kDupReplace)) on_duplicate(name_, key);
        return Status::kFound;
      }
    }
    if (r < 0)
      throw FatalError("error writing " + rebuild_.temp_path() + ": " + std::strerror(errno));
    return Status::kNotFound;
  }

  void close() override {
    if (!started_) return;
    started_ = false;
    if (cdb_make_finish(&make_) < 0) {
      throw FatalError("cdb_make_finish " + rebuild_.temp_path() + ": " + std::strerror(errno));
    }
    rebuild_.commit();
  }

 private:
  std::string path_;
  IndexedRebuild rebuild_;
  struct cdb_make make_ {};
  bool started_ = false;
  FingerprintSet seen_;
  std::string key_, val_;
};

}  // namespace

std::unique_ptr<Dict> open_cdb(const OpenRequest& req) {
  switch (req.mode) {
    case OpenMode::kRead:
      return std::make_unique<CdbReader>(req);
    case OpenMode::kCreate:
      return std::make_unique<CdbWriter>(req);
    case OpenMode::kUpdate:
    case OpenMode::kUpdateExisting:
      break;
  }
  throw FatalError(
      "dict_cdb_open: inappropriate open flags for cdb database - specify O_RDONLY or "
      "O_WRONLY|O_CREAT|O_TRUNC");
}

}  // namespace postkit
