// bulk_sort.cc: see bulk_sort.h.
#include "bulk_sort.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>

#include "diag.h"

namespace postkit {
namespace {

struct Header {
  uint32_t klen;
  uint32_t vlen;
  uint64_t seq;
};

int compare_keys(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

void write_all(int fd, const char* p, size_t n, const std::string& what) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw FatalError("write " + what + ": " + std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace

// A sorted run spilled to an anonymous file, read back sequentially.
struct BulkSorter::Run {
  int fd = -1;
  std::string what;
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  // The current record.
  Header h{};
  std::string key, value;
  uint64_t primary = 0;

  ~Run() {
    if (fd >= 0) ::close(fd);
  }
  bool fill(size_t need) {
    while (buf.size() - pos < need) {
      if (eof) return false;
      buf.erase(0, pos);
      pos = 0;
      size_t old = buf.size();
      buf.resize(old + 256 * 1024);
      ssize_t n = ::read(fd, buf.data() + old, buf.size() - old);
      if (n < 0 && errno == EINTR) n = 0;
      if (n < 0) throw FatalError("read " + what + ": " + std::strerror(errno));
      buf.resize(old + static_cast<size_t>(n));
      if (n == 0) eof = true;
    }
    return true;
  }
  bool next(Primary primary_fn) {
    if (!fill(sizeof(Header))) return false;
    std::memcpy(&h, buf.data() + pos, sizeof h);
    pos += sizeof h;
    if (!fill(size_t{h.klen} + h.vlen)) throw FatalError("read " + what + ": truncated run");
    key.assign(buf.data() + pos, h.klen);
    value.assign(buf.data() + pos + h.klen, h.vlen);
    pos += size_t{h.klen} + h.vlen;
    primary = primary_fn(key);
    return true;
  }
};

BulkSorter::BulkSorter(std::string temp_dir, size_t run_bytes, Primary primary)
    : temp_dir_(std::move(temp_dir)), run_bytes_(run_bytes), primary_(primary) {}

BulkSorter::~BulkSorter() = default;

uint64_t BulkSorter::bdb_hash_order(std::string_view key) {
  uint32_t h = 0;
  for (unsigned char c : key) {
    h *= 16777619u;
    h ^= c;
  }
  uint32_t r = 0;
  for (int i = 0; i < 32; ++i) {
    r = (r << 1) | (h & 1);
    h >>= 1;
  }
  return r;
}

uint64_t BulkSorter::key_order(std::string_view key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v <<= 8;
    if (i < key.size()) v |= static_cast<unsigned char>(key[i]);
  }
  return v;
}

void BulkSorter::add(std::string_view key, std::string_view value) {
  Header h{static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size()), count_++};
  refs_.push_back(Ref{primary_(key), arena_.size()});
  arena_.append(reinterpret_cast<const char*>(&h), sizeof h);
  arena_.append(key);
  arena_.append(value);
  if (arena_.size() >= run_bytes_) spill();
}

void BulkSorter::sort_run() {
  auto key_of = [this](const Ref& r) {
    Header h;
    std::memcpy(&h, arena_.data() + r.offset, sizeof h);
    return std::string_view(arena_.data() + r.offset + sizeof h, h.klen);
  };
  // Insertion order is the arena order: the offset breaks ties, so equal
  // keys keep it without the cost of a stable sort.
  std::sort(refs_.begin(), refs_.end(), [&](const Ref& a, const Ref& b) {
    if (a.primary != b.primary) return a.primary < b.primary;
    int c = compare_keys(key_of(a), key_of(b));
    if (c != 0) return c < 0;
    return a.offset < b.offset;
  });
}

void BulkSorter::spill() {
  sort_run();
  auto run = std::make_unique<Run>();
  run->what = "temporary sort file in " + temp_dir_;
  run->fd = ::open(temp_dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (run->fd < 0) throw FatalError("open " + run->what + ": " + std::strerror(errno));
  std::string out;
  out.reserve(1 << 20);
  for (const Ref& r : refs_) {
    Header h;
    std::memcpy(&h, arena_.data() + r.offset, sizeof h);
    out.append(arena_.data() + r.offset, sizeof h + h.klen + h.vlen);
    if (out.size() >= (1 << 20)) {
      write_all(run->fd, out.data(), out.size(), run->what);
      out.clear();
    }
  }
  write_all(run->fd, out.data(), out.size(), run->what);
  if (::lseek(run->fd, 0, SEEK_SET) < 0) {
    throw FatalError("seek " + run->what + ": " + std::strerror(errno));
  }
  runs_.push_back(std::move(run));
  arena_.clear();
  refs_.clear();
}

void BulkSorter::drain(const Emit& emit) {
  if (runs_.empty()) {
    // Everything fits in memory: no temporary files.
    sort_run();
    for (const Ref& r : refs_) {
      Header h;
      std::memcpy(&h, arena_.data() + r.offset, sizeof h);
      const char* p = arena_.data() + r.offset + sizeof h;
      emit(std::string_view(p, h.klen), std::string_view(p + h.klen, h.vlen), h.seq);
    }
    arena_.clear();
    refs_.clear();
    return;
  }
  if (!refs_.empty()) spill();
  arena_.shrink_to_fit();
  refs_.shrink_to_fit();
  auto later = [](const Run* a, const Run* b) {
    if (a->primary != b->primary) return a->primary > b->primary;
    int c = compare_keys(a->key, b->key);
    if (c != 0) return c > 0;
    return a->h.seq > b->h.seq;
  };
  std::priority_queue<Run*, std::vector<Run*>, decltype(later)> heap(later);
  for (auto& run : runs_) {
    if (run->next(primary_)) heap.push(run.get());
  }
  while (!heap.empty()) {
    Run* run = heap.top();
    heap.pop();
    emit(run->key, run->value, run->h.seq);
    if (run->next(primary_)) heap.push(run);
  }
  runs_.clear();
}

}  // namespace postkit
