// master_file.h: master.cf as an ordered list of logical entries that keeps
// the original text, so `postconf -M/-F/-P` edits rewrite only the entries
// they touch and parse-then-render reproduces the file byte for byte.
//
// A service entry has eight fields (service, type, private, unpriv, chroot,
// wakeup, maxproc, command) followed by command arguments, among them
// `-o name=value` parameter overrides; continuation lines start with
// whitespace. Comments and blank lines are kept as entries of their own.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag.h"

namespace postkit {

struct MasterService {
  std::string name;     // field 1, e.g. "smtp" or "127.0.0.1:10025"
  std::string type;     // field 2: inet, unix, unix-dgram, fifo, pass
  std::vector<std::string> fields;  // all 8 fields, as written
  std::vector<std::string> args;    // words after the command name
  // `-o name=value` overrides in order (also `-o { name = value }`).
  std::vector<std::pair<std::string, std::string>> overrides;
  std::string command() const { return fields.size() > 7 ? fields[7] : std::string(); }
};

struct MasterEntry {
  enum class Kind { kBlank, kComment, kService, kBad };
  Kind kind = Kind::kBlank;
  std::string text;  // the original physical lines, newlines included
  long line = 0;     // first physical line number
  MasterService service;  // valid when kind == kService
};

class MasterFile {
 public:
  // Parses text. Problems are reported through diag as Postfix reports them
  // (with file and line); fatal ones throw FatalError.
  static MasterFile parse(std::string_view text, std::string path, Diagnostics& diag);
  // Loads path; a missing file is reported as Postfix does for the caller's
  // mode (postconf warns "open PATH: No such file or directory").
  static MasterFile load(const std::string& path, Diagnostics& diag);

  const std::string& path() const { return path_; }
  const std::vector<MasterEntry>& entries() const { return entries_; }
  std::vector<MasterEntry>& mutable_entries() { return entries_; }
  std::vector<const MasterService*> services() const;

  // Concatenates the entries' text: render(parse(x)) == x.
  std::string render() const;
  // Writes render() atomically over path().
  void save() const;

 private:
  std::string path_;
  std::vector<MasterEntry> entries_;
};

}  // namespace postkit
