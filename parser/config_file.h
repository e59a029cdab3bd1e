// config_file.h: main.cf as an ordered list of logical entries that keeps the
// original text, so `postconf -e/-X/-#` rewrite only the lines they touch and
// parse-then-render reproduces the file byte for byte.
//
// A logical entry is a comment line, a blank line, or `name = value` with
// continuation lines (lines that start with whitespace).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag.h"

namespace postkit {

struct ConfigEntry {
  enum class Kind { kBlank, kComment, kParam, kBad };
  Kind kind = Kind::kBlank;
  std::string text;  // the original physical lines, newlines included
  long line = 0;     // first physical line number
  std::string name;  // kParam only
  std::string value; // kParam only: continuation lines joined as Postfix joins them
};

class ConfigFile {
 public:
  // Parses text; malformed lines are reported through diag as Postfix does.
  static ConfigFile parse(std::string_view text, std::string path, Diagnostics& diag);
  // Loads path; throws FatalError "open PATH: No such file or directory".
  static ConfigFile load(const std::string& path, Diagnostics& diag);

  const std::string& path() const { return path_; }
  const std::vector<ConfigEntry>& entries() const { return entries_; }
  std::vector<ConfigEntry>& mutable_entries() { return entries_; }

  // The value of the last assignment of name, as Postfix uses it.
  std::optional<std::string> value(std::string_view name) const;

  // Concatenates the entries' text: render(parse(x)) == x.
  std::string render() const;
  // Writes render() atomically over path().
  void save() const;

 private:
  std::string path_;
  std::vector<ConfigEntry> entries_;
};

}  // namespace postkit
