// bulk_sort.h: an external, stable sort of (key, value) entries, used by full
// rebuilds of large indexed tables. Inserting keys in the order a database
// lays them out (btree and LMDB: key order; hash: bucket order) turns random
// page accesses into sequential ones: that is where bulk builds spend their
// time when the table does not fit in the cache.
//
// Entries are kept in memory up to `run_bytes`; beyond that each sorted run is
// written to an anonymous temporary file (O_TMPFILE in `temp_dir`, gone when
// the process ends, even on SIGKILL) and the runs are merged at drain().
// Order: primary(key) ascending, then key bytes (memcmp, shorter first), then
// insertion order, so equal keys come out adjacent and first-added first.
// Memory: run_bytes plus 24 bytes per entry of a run, plus one read buffer
// per run while merging. Errors throw FatalError.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postkit {

class BulkSorter {
 public:
  using Primary = uint64_t (*)(std::string_view key);
  using Emit = std::function<void(std::string_view key, std::string_view value, uint64_t seq)>;

  BulkSorter(std::string temp_dir, size_t run_bytes, Primary primary);
  ~BulkSorter();
  BulkSorter(const BulkSorter&) = delete;
  BulkSorter& operator=(const BulkSorter&) = delete;

  void add(std::string_view key, std::string_view value);
  uint64_t size() const { return count_; }
  // Calls emit for every entry in order; the sorter is empty afterwards.
  void drain(const Emit& emit);

  // Orders for the indexed types.
  // Byte order (LMDB, Berkeley DB btree): the first 8 key bytes, big-endian
  // and zero-padded. Comparing these first never contradicts memcmp order
  // with shorter keys first (a tie falls back to the whole key), and saves
  // most of the comparisons that would reach the key bytes in the arena.
  static uint64_t key_order(std::string_view key);
  // Berkeley DB's default hash function (FNV-1, 32 bits) with its bits
  // reversed, so that entries of one bucket are adjacent for any bucket count.
  static uint64_t bdb_hash_order(std::string_view key);

 private:
  struct Ref {
    uint64_t primary;
    size_t offset;  // into arena_: u32 klen, u32 vlen, u64 seq, key, value
  };
  struct Run;
  void sort_run();
  void spill();

  std::string temp_dir_;
  size_t run_bytes_;
  Primary primary_;
  std::string arena_;
  std::vector<Ref> refs_;
  std::vector<std::unique_ptr<Run>> runs_;
  uint64_t count_ = 0;
};

}  // namespace postkit
