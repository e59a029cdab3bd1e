// memory_table.h: MemoryDict, an in-memory key/value table: the store behind
// inline:{...}, texthash: and internal:. Keys are folded per the table's
// flags (kFoldFix) on update and lookup; update() applies the duplicate
// policy through Dict::on_duplicate() with a caller-supplied label.
// sequence() visits entries in an unspecified order, as Postfix's hash
// tables do (-s output of these types is compared as sorted lines).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "dict.h"

namespace postkit {

class MemoryDict : public Dict {
 public:
  explicit MemoryDict(const OpenRequest& req) : Dict(req) { flags_ |= kFixed; }

  Status lookup(std::string_view key, std::string* value) override;
  // Replaces silently (the inline: and internal: behaviour).
  Status update(std::string_view key, std::string_view value) override;
  Status remove(std::string_view key) override;
  Status sequence(const Visitor& visit) override;

 protected:
  // Adds key, applying the duplicate policy with `label` ("FILE, line N");
  // a failure is the fatal duplicate of a table without a policy.
  Status add(std::string_view key, std::string_view value, std::string_view label);

 private:
  std::unordered_map<std::string, std::string> table_;
};

}  // namespace postkit
