// memory_table.cc: the in-memory table behind inline:, texthash: and
// internal: (see memory_table.h).
#include "memory_table.h"

namespace postkit {

Status MemoryDict::lookup(std::string_view key, std::string* value) {
  std::string buf;
  auto it = table_.find(std::string(fold(key, buf)));
  if (it == table_.end()) return Status::kNotFound;
  *value = it->second;
  return Status::kFound;
}

Status MemoryDict::update(std::string_view key, std::string_view value) {
  std::string buf;
  auto [it, fresh] = table_.insert_or_assign(std::string(fold(key, buf)), std::string(value));
  (void)it;
  return fresh ? Status::kNotFound : Status::kFound;
}

Status MemoryDict::add(std::string_view key, std::string_view value, std::string_view label) {
  std::string buf;
  std::string folded(fold(key, buf));
  auto it = table_.find(folded);
  if (it == table_.end()) {
    table_.emplace(std::move(folded), std::string(value));
    return Status::kOk;
  }
  bool replace = false;
  Status st = on_duplicate(label, key, &replace);
  if (replace) it->second = std::string(value);
  return st;
}

Status MemoryDict::remove(std::string_view key) {
  std::string buf;
  return table_.erase(std::string(fold(key, buf))) ? Status::kFound : Status::kNotFound;
}

Status MemoryDict::sequence(const Visitor& visit) {
  for (const auto& [key, value] : table_)
    if (!visit(key, value)) break;
  return Status::kFound;
}

}  // namespace postkit
