// config_file.h: main.cf as an ordered list of entries that keeps the
// original text, so `postconf -e/-X/-#` rewrite only the lines they touch and
// parse-then-render reproduces the file byte for byte.
//
// Entries follow physical lines the way Postfix reads them (readlline(3)):
//   kBlank    an empty or all-whitespace line
//   kComment  a line whose first non-blank character is '#'
//   kParam    a line that starts with a non-blank character, plus the
//             continuation lines (starting with whitespace) directly after it
//   kContinuation  continuation lines that Postfix joins to an earlier
//             logical line across comment or blank lines (owner = index of
//             that kParam entry), or that start the file (owner = -1: Postfix
//             warns "logical line must not start with whitespace" and drops
//             them)
// A kParam without a valid `name = value` is kept with its error text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"

namespace postkit {

struct ConfigEntry {
  enum class Kind { kBlank, kComment, kParam, kBad, kContinuation };
  Kind kind = Kind::kBlank;
  std::string text;   // the original physical lines, newlines included
  long line = 0;      // first physical line number
  std::string name;   // kParam only
  std::string value;  // kParam only: continuation lines joined as Postfix joins them
  std::string error;  // kBad only: Postfix's complaint, e.g. "missing '=' after attribute name"
  long owner = -1;    // kContinuation only
};

class ConfigFile {
 public:
  // Parses text as Postfix reads main.cf: warns about continuation text at
  // the start of the file and about a name assigned twice ("overriding
  // earlier entry"); a line without `name = value` is fatal
  // ("PATH, line N: missing '=' after attribute name: \"TEXT\""), as it is in
  // every Postfix program.
  static ConfigFile parse(std::string_view text, std::string path, Diagnostics& diag);
  // Splits text into entries without judging them (for editing).
  static ConfigFile parse_lenient(std::string_view text, std::string path);
  // Loads path; throws FatalError "open PATH: No such file or directory".
  static ConfigFile load(const std::string& path, Diagnostics& diag);

  const std::string& path() const { return path_; }
  const std::vector<ConfigEntry>& entries() const { return entries_; }
  std::vector<ConfigEntry>& mutable_entries() { return entries_; }

  // The value of the last assignment of name, as Postfix uses it.
  std::optional<std::string> value(std::string_view name) const;
  // The first physical line of the last assignment of name, 0 when unset.
  long line_of(std::string_view name) const;
  // Every name=value in file order, last assignment winning, as Postfix's
  // parameter dictionary holds them (first-seen order kept).
  std::vector<std::pair<std::string, std::string>> parameters() const;

  // Concatenates the entries' text: render(parse(x)) == x.
  std::string render() const;
  // Writes render() atomically over path().
  void save() const;

 private:
  std::string path_;
  std::vector<ConfigEntry> entries_;
};

// Postfix's split_nameval(): "name = value" with blanks around both trimmed.
// Returns nullopt and sets error to Postfix's text when malformed.
std::optional<std::pair<std::string, std::string>> split_nameval(std::string_view text,
                                                                 std::string* error);

}  // namespace postkit
