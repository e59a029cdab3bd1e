// cdb.cc: the cdb map type (tinycdb), file-compatible with Postfix 3.7:
// NAME.cdb, keys folded unless -f, keys and values stored WITHOUT a trailing
// NUL by default (kTry0Null). A cdb file is immutable: it can only be read or
// built whole, so kUpdate (postmap -i, -d) is fatal as in Postfix, and there
// is no sequence operation.
//
// Building: duplicates are detected with a chain of Bloom filters over the
// keys; only a "maybe" asks tinycdb (which must read records back from the
// file) whether the key really exists. This keeps the common case at one hash
// and one append per entry, in about 10 bits of memory per key.
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

// A chain of Bloom filters over the keys added so far (about 10 bits and 7
// probes per key, ~1% false positives). A new, twice larger filter is
// started when the last one is full, so no size must be known up front.
// "Maybe present" is checked for real by tinycdb; "absent" is certain.
class KeyFilter {
 public:
  explicit KeyFilter(size_t expected) { add_filter(std::max<size_t>(expected, 1024)); }

  // Returns true when key may have been added before; adds it.
  bool test_and_add(std::string_view key) {
    const uint64_t h1 = std::hash<std::string_view>{}(key);
    const uint64_t h2 = ((h1 >> 33) ^ (h1 * 0x9E3779B97F4A7C15ull)) | 1;
    bool maybe = false;
    for (const Filter& f : filters_) maybe = maybe || f.test(h1, h2);
    Filter& last = filters_.back();
    last.add(h1, h2);
    if (++last.count >= last.capacity) add_filter(last.capacity * 2);
    return maybe;
  }

 private:
  static constexpr int kProbes = 7;
  struct Filter {
    std::vector<uint64_t> bits;
    size_t capacity = 0, count = 0;
    uint64_t nbits() const { return bits.size() * 64; }
    bool test(uint64_t h1, uint64_t h2) const {
      for (int i = 0; i < kProbes; ++i) {
        uint64_t b = (h1 + i * h2) % nbits();
        if (!(bits[b / 64] & (uint64_t{1} << (b % 64)))) return false;
      }
      return true;
    }
    void add(uint64_t h1, uint64_t h2) {
      for (int i = 0; i < kProbes; ++i) {
        uint64_t b = (h1 + i * h2) % nbits();
        bits[b / 64] |= uint64_t{1} << (b % 64);
      }
    }
  };
  void add_filter(size_t capacity) {
    Filter f;
    f.capacity = capacity;
    f.bits.assign((capacity * 10 + 63) / 64, 0);
    filters_.push_back(std::move(f));
  }
  std::vector<Filter> filters_;
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
    return nul_.find(&flags_, key, [&](std::string_view k) { return find(k, value); });
  }

 private:
  Status find(std::string_view key, std::string* value) {
    int r = cdb_find(&cdb_, key.data(), static_cast<unsigned>(key.size()));
    if (r < 0) return Status::from_errno("error reading " + path_, errno);
    if (r == 0) return Status::kNotFound;
    const void* data = cdb_getdata(&cdb_);
    if (data == nullptr) return Status::io("error reading " + path_ + ": invalid database format");
    value->assign(c_string(data, cdb_datalen(&cdb_)));
    return Status::kFound;
  }

  std::string path_;
  UniqueFd fd_;
  struct cdb cdb_ {};
  NulForms nul_;
};

class CdbWriter : public Dict {
 public:
  explicit CdbWriter(const OpenRequest& req)
      : Dict(req),
        path_(req.name + ".cdb"),
        rebuild_(path_, req.owner, false, FileLock::Style::kFlock, path_ + ".tmp"),
        seen_(req.size_hint) {
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

  Status lookup(std::string_view, std::string*) override { return unsupported("lookup"); }

  Status update(std::string_view key, std::string_view value) override {
    std::string buf;
    key = fold(key, buf);
    const auto [k, v] = nul_.entry(&flags_, false, key, value);
    const unsigned klen = static_cast<unsigned>(k.size());
    const unsigned vlen = static_cast<unsigned>(v.size());
    int r;
    if (!seen_.test_and_add(k)) {
      r = cdb_make_add(&make_, k.data(), klen, v.data(), vlen);
    } else {
      r = cdb_make_put(&make_, k.data(), klen, v.data(), vlen,
                       has(flags_, kDupReplace) ? CDB_PUT_REPLACE : CDB_PUT_INSERT);
      if (r > 0) {
        // The key exists: kDupReplace has already replaced it.
        bool replace = false;
        if (!has(flags_, kDupReplace)) {
          if (Status st = on_duplicate(name_, key, &replace); st.failed()) return st;
        }
        return Status::kFound;
      }
    }
    if (r < 0) return Status::from_errno("error writing " + rebuild_.temp_path(), errno);
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
  KeyFilter seen_;
  NulForms nul_;
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
