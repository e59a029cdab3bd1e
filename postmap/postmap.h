// postmap.h: the parts of the postmap command, a drop-in for Postfix 3.7's
// postmap(1). What postmap shares with postalias (options, building a table
// from its source, -q/-s/-d) is maptypes/table_command.h; here are only
// postmap's own: its "key value" source syntax and -F (build.cc), the
// header/body keys of -b/-h/-m (message_keys.cc) and base64 file values for
// -F (file_values.cc). main.cc parses the flags and dispatches.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "table_command.h"

namespace postkit::postmap {

// postmap's options beyond those it shares with postalias.
struct Options : TableOptions {
  bool header_key = false;   // -h
  bool body_key = false;     // -b
  bool mime_key = false;     // -m
  bool rhs_is_file = false;  // -F
  bool force_utf8 = false;   // -U
};

// build.cc: postmap [-i] [type:]file ... ; fatal errors throw.
void build_map(const TableContext& ctx, const Options& opts, const std::string& type,
               const std::string& name);

// file_values.cc: -F support.
// The base64 encoding of the content of the file named `path`; on failure
// nullopt and *error says why ("open PATH: No such file or directory").
std::optional<std::string> file_to_base64(const std::string& path, std::string* error);
// Decodes base64 text; nullopt when it is malformed.
std::optional<std::string> base64_decode(std::string_view text);

// message_keys.cc: -b / -h / -m. Reads a message from `in` and calls
// visit(key) for each primary header (with its continuation lines, joined by
// newlines) when `headers`, and each body line when `body`. With `mime`,
// headers of MIME parts count as headers and MIME boundaries are honoured.
// Stops reading after the primary header when neither body nor mime.
// visit returns nothing; errors throw FatalError.
void scan_message(LineInput& in, bool headers, bool body, bool mime,
                  const std::function<void(std::string_view)>& visit);

}  // namespace postkit::postmap
