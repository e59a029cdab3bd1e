// source.h: the one reader of postmap/postalias input files.
//
// LogicalLineReader splits a file into logical lines as Postfix's readllines()
// does: a logical line starts with non-whitespace text; a following physical
// line that starts with whitespace continues it (its text, leading whitespace
// included, is appended as is); empty lines, whitespace-only lines and lines
// whose first non-whitespace character is '#' are skipped, also inside a
// multi-line entry. A logical line that would start with whitespace (text
// before any entry) is warned about and skipped:
//   "FILE: logical line must not start with whitespace: "TEXT""
// Each logical line carries the number of its first physical line.
//
// parse_postmap_entry() splits a logical line into key and value with
// postmap's syntax: the key ends at the first whitespace that is neither
// inside "double quotes" nor escaped with a backslash (quotes and backslashes
// are kept literally in the key); the value is the rest with surrounding
// whitespace removed. The line is handled as a C string, as Postfix does:
// text after a NUL byte is ignored. The caller prints the diagnostics:
//   kUnbalancedQuote: "FILE, line N: unbalanced '"' in 'LINE' -- ignoring this line"
//   kNoValue:         "FILE, line N: expected format: key whitespace value"
//
// Reading is buffered (64 KiB blocks) and the returned views point into the
// reader's buffer: they are valid until the next call to next().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "diag.h"

namespace postkit {

struct LogicalLine {
  std::string_view text;  // without the trailing newline
  long line = 0;          // first physical line, counting from 1
};

class LogicalLineReader {
 public:
  // Reads from fd, which the reader does not own; `path` names the input in
  // diagnostics (Postfix prints the path as given, or "-" for stdin... see
  // postmap's usage). A read error ends the input, as in Postfix (see source.cc).
  // `utf8`: diagnostics keep valid UTF-8 text (SMTPUTF8 on), as Postfix logs.
  LogicalLineReader(int fd, std::string path, Diagnostics& diag, bool utf8 = false);

  // Returns the next logical line, or nullopt at end of input.
  std::optional<LogicalLine> next();

  const std::string& path() const { return path_; }

 private:
  bool fill();  // reads more input into buf_; false at EOF
  int peek();   // next byte or -1 at EOF, without consuming it
  // Appends one physical line (without '\n') to line_; false at EOF with
  // nothing read.
  bool read_physical(bool* saw_newline);

  int fd_;
  std::string path_;
  Diagnostics& diag_;
  bool utf8_ = false;
  std::string buf_;  // raw input block
  size_t pos_ = 0;   // next unread byte in buf_
  bool eof_ = false;
  std::string line_;  // the logical line being assembled
  long lineno_ = 0;   // physical lines consumed so far
};

struct SourceEntry {
  enum class Result { kOk, kUnbalancedQuote, kNoValue };
  Result result = Result::kNoValue;
  std::string_view key;
  std::string_view value;
};

// postmap syntax: "key whitespace value" (see above).
SourceEntry parse_postmap_entry(std::string_view logical_line);

}  // namespace postkit
