// postmap.h: the parts of the postmap command, a drop-in for Postfix 3.7's
// postmap(1): create or update indexed tables from a source file (build.cc),
// query, list and delete (query.cc), header/body query mode over a message
// (message_keys.cc), base64 file values for -F (file_values.cc).
// main.cc parses the flags exactly as Postfix's getopt does and dispatches.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "diag.h"
#include "dict.h"

namespace postkit::postmap {

struct Options {
  // Postfix's default: warn about duplicates, fold keys, UTF-8 when enabled.
  unsigned dict_flags = kDupWarn | kFoldFix | kUtf8Request;
  bool as_owner = true;               // -o clears: run as the source file's owner
  bool save_perm = true;              // -p clears: take the new table's mode from the source
  bool header_key = false;            // -h
  bool body_key = false;              // -b
  bool mime_key = false;              // -m
  bool incremental = false;           // -i
  bool rhs_is_file = false;           // -F
  bool force_utf8 = false;            // -U
  bool sequence = false;              // -s
  std::optional<std::string> query;   // -q KEY
  std::optional<std::string> delkey;  // -d KEY
  std::vector<std::string> maps;      // operands: [type:]name
};

// What every operation needs.
struct Context {
  const Options& opts;
  const Config& config;
  Diagnostics& diag;
  bool utf8_active = false;  // smtputf8_enable and not -u
  std::string default_type;  // default_database_type
};

// Splits an operand into type and name, using default_database_type when it
// has no "type:" prefix.
void split_operand(const Context& ctx, const std::string& operand, std::string* type,
                   std::string* name);

// Flags for opening a table: the command's flags, with both NUL conventions
// tried when neither -N nor -n was given (as Postfix's dict_open).
unsigned open_flags(const Context& ctx);

// build.cc: postmap [-i] [type:]file ... ; fatal errors throw.
void build_map(const Context& ctx, const std::string& type, const std::string& name);

// query.cc. Each returns the process exit status.
int query_keys(const Context& ctx);   // -q KEY or -q -
int list_map(const Context& ctx);     // -s
int delete_keys(const Context& ctx);  // -d KEY or -d -

// file_values.cc: -F support.
// The base64 encoding of the content of the file named `path`; on failure
// nullopt and *error says why ("open PATH: No such file or directory").
std::optional<std::string> file_to_base64(const std::string& path, std::string* error);
// Decodes base64 text; nullopt when it is malformed.
std::optional<std::string> base64_decode(std::string_view text);

// A buffered reader of physical lines (without the newline) from a
// descriptor, as Postfix's vstring_get_nonl(). The view is valid until the
// next call.
class LineInput {
 public:
  explicit LineInput(int fd) : fd_(fd) {}
  std::optional<std::string_view> next();

 private:
  int fd_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  std::string line_;
};

// message_keys.cc: -b / -h / -m. Reads a message from `in` and calls
// visit(key) for each primary header (with its continuation lines, joined by
// newlines) when `headers`, and each body line when `body`. With `mime`,
// headers of MIME parts count as headers and MIME boundaries are honoured.
// Stops reading after the primary header when neither body nor mime.
// visit returns nothing; errors throw FatalError.
void scan_message(LineInput& in, bool headers, bool body, bool mime,
                  const std::function<void(std::string_view)>& visit);

}  // namespace postkit::postmap
