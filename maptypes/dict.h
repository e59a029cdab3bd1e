// dict.h: the one interface every lookup-table type implements.
//
// A Dict is an open table "type:name" (hash:/etc/postfix/access,
// cidr:/etc/postfix/clients, inline:{a=b}, ...). It is opened through
// open_map() (registry.h), never constructed directly by commands.
//
// Contract:
//  - Every operation returns a Status (parser/status.h): kFound / kOk,
//    kNotFound, or a failure with its cause and Postfix's text: kRetry (try
//    again later: a server or a table is unavailable), kConfig (the table or
//    its data is wrong), kIo (the backend could not read or write its file;
//    Postfix makes these fatal inside the table, so a command prints the
//    message itself as its fatal line). A warning Postfix logs at the point
//    of failure has been printed through the Diagnostics given at open time;
//    the caller decides what the failure means (postmap: "table TYPE:NAME:
//    query error"; proxymap: a RETRY or CONFIG reply, and it keeps serving).
//  - Keys are folded to lower case by the Dict itself when kFoldFix (fixed
//    tables) or kFoldMul (pattern tables) is set, both on update and lookup,
//    exactly as Postfix's DICT_FLAG_FOLD_* do. Values are never folded.
//  - NUL conventions (kTry1Null / kTry0Null) are applied by the Dict: with
//    kTry1Null keys and values are stored with a trailing NUL byte; a lookup
//    with both flags set tries both forms and learns which one the file uses.
//  - Duplicate policy on update of an existing key: kDupWarn warns
//    "LABEL: duplicate entry: "KEY"" (LABEL is per type, as in Postfix: the
//    .db path for hash/btree, "lmdb:NAME", NAME for cdb), kDupIgnore keeps the old value silently,
//    kDupReplace replaces silently; with none of them the duplicate is fatal, as Postfix.
//  - A table opened with OpenMode::kCreate is a full rebuild: it is written to
//    a temporary file beside the target and only becomes visible when close()
//    succeeds (fsync + rename, see parser/atomic_file.h). Destroying it
//    without close() discards the new table and leaves the old one intact.
//    kUpdate (postmap -i, -d) modifies the existing file in place under the
//    lock Postfix takes, and close() syncs it.
//  - Opening: open_table() (registry.h) returns a Status with the open's
//    message instead of a Dict when a table cannot be opened; a daemon can
//    put a surrogate in its place (surrogate.h) that fails every operation
//    with that message, as Postfix's dict_surrogate.
//
// Thread-safety: a Dict is used by one thread at a time.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "diag.h"
#include "status.h"

namespace postkit {

class Config;

// Dict flags: the subset of Postfix's DICT_FLAG_* that changes behaviour.
// Combine with |; test with has().
enum DictFlag : unsigned {
  kDictNone = 0,
  kDupWarn = 1u << 0,      // warn about a duplicate key, keep the first value
  kDupIgnore = 1u << 1,    // silently keep the first value
  kDupReplace = 1u << 2,   // silently replace with the new value
  kTry0Null = 1u << 3,     // keys/values are stored without a trailing NUL
  kTry1Null = 1u << 4,     // keys/values are stored with a trailing NUL
  kFoldFix = 1u << 5,      // fold keys to lower case (fixed-string tables)
  kFoldMul = 1u << 6,      // fold keys to lower case (pattern tables)
  kFixed = 1u << 7,        // set by the type: exact-match table
  kPattern = 1u << 8,      // set by the type: pattern (first-match) table
  kUtf8Request = 1u << 9,  // caller wants UTF-8 keys/values checked and folded
  kBulkUpdate = 1u << 10,  // a full rebuild: bulk-friendly settings allowed
  kSyncUpdate = 1u << 11,  // sync after each update (not used by postmap)
};
inline constexpr bool has(unsigned flags, unsigned f) {
  return (flags & f) != 0;
}

enum class OpenMode {
  kRead,            // lookups and sequence only (O_RDONLY)
  kUpdate,          // modify an existing table in place, create it if missing (O_RDWR|O_CREAT)
  kUpdateExisting,  // modify an existing table in place; fatal if missing (O_RDWR)
  kCreate,          // full rebuild into a new table, atomically replacing the old (O_TRUNC)
};

// Owner and mode for a table that is created (postmap copies them from the
// source file unless -p). Unset fields keep the process defaults.
struct TableOwnership {
  std::optional<mode_t> mode;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

// Everything a map type needs to open a table. `name` is the part after
// "type:" (a path without suffix for indexed types, "{...}" for inline, the
// nested "type:name" for proxy).
struct OpenRequest {
  std::string type;
  std::string name;
  OpenMode mode = OpenMode::kRead;
  unsigned flags = 0;
  Diagnostics* diag = nullptr;     // never null when passed to a factory
  const Config* config = nullptr;  // may be null (unit tests)
  TableOwnership owner;            // kCreate only
  // kCreate only: expected number of entries (0 = unknown), so a type can
  // size its file up front (hash buckets, LMDB map size).
  size_t size_hint = 0;
};

// Text from input files as Postfix logs it: bytes that are not printable
// ASCII (or, when utf8, part of a valid UTF-8 sequence) become '?'.
std::string printable(std::string_view text, bool utf8);
// Whether text is valid UTF-8 (RFC 3629: no overlongs, no surrogates).
bool valid_utf8(std::string_view text);
// Full Unicode case folding of UTF-8 text (ICU); false if it cannot.
bool utf8_casefold(std::string_view text, std::string& out);

class Dict {
 public:
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;

  explicit Dict(const OpenRequest& req)
      : type_(req.type), name_(req.name), flags_(req.flags), diag_(req.diag) {}
  virtual ~Dict() = default;
  Dict(const Dict&) = delete;
  Dict& operator=(const Dict&) = delete;

  // Looks up key. On kFound the value is stored in *value (without any
  // trailing NUL). On a failure any warning Postfix logs has been printed.
  virtual Status lookup(std::string_view key, std::string* value) = 0;

  // Adds or replaces key (see duplicate policy above). Returns kFound when the
  // key already existed (whatever the policy did), kNotFound when it was new.
  // Default: kUnsupported "table TYPE:NAME: update operation is not supported".
  virtual Status update(std::string_view key, std::string_view value);

  // Removes key. kFound when removed, kNotFound when absent.
  // Default: kUnsupported "table TYPE:NAME: delete operation is not supported".
  virtual Status remove(std::string_view key);

  // Calls visit(key, value) for every entry in the table's order until visit
  // returns false. Keys and values are given without trailing NUL.
  // Default: kUnsupported "table TYPE:NAME: sequence operation is not supported".
  virtual Status sequence(const Visitor& visit);

  // Finishes the table: kCreate commits the rebuild atomically, kUpdate syncs.
  // Throws FatalError on failure. Idempotent; a read-only Dict does nothing.
  virtual void close() {}

  const std::string& type() const { return type_; }
  const std::string& name() const { return name_; }
  std::string type_name() const { return type_ + ":" + name_; }
  // Virtual so a wrapping layer (utf8_dict.h) shows its table's flags.
  virtual unsigned flags() const { return flags_; }
  // postalias stores its YP_* entries without a NUL by toggling kTry*Null.
  virtual void set_flags(unsigned flags) { flags_ = flags; }

 protected:
  Diagnostics& diag() const { return *diag_; }
  // The key as it is stored/looked up: folded when kFoldFix/kFoldMul is set.
  std::string_view fold(std::string_view key, std::string& buf) const;
  // Reports a duplicate per policy: *replace says whether the new value must
  // be written (kDupReplace) or the old one kept; with no policy the
  // duplicate is Postfix's fatal "LABEL: duplicate entry" (kConfig).
  Status on_duplicate(std::string_view label, std::string_view key, bool* replace);
  // kUnsupported "table TYPE:NAME: OP operation is not supported" (Postfix's
  // fatal text for an operation a type does not have).
  Status unsupported(std::string_view op) const;

  std::string type_;
  std::string name_;
  unsigned flags_;
  Diagnostics* diag_;
};

}  // namespace postkit
