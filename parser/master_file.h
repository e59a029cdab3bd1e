// master_file.h: master.cf as an ordered list of logical entries that keeps
// the original text, so `postconf -M/-F/-P` edits rewrite only the entries
// they touch and parse-then-render reproduces the file byte for byte.
//
// A service entry has eight fields (service, type, private, unpriv, chroot,
// wakeup, maxproc, command) followed by command arguments, among them
// `-o name=value` parameter overrides; continuation lines start with
// whitespace. Comments and blank lines are kept as entries of their own,
// except where they sit between a service's first line and one of its
// continuation lines: Postfix keeps reading the service across them, so they
// are part of that service's text.
//
// Arguments are normalised as Postfix's postconf normalises them: "-ovalue"
// becomes "-o" "value", clustered "-vo" becomes "-v" "-o", and the text of a
// `{ ... }` argument is extracted (with `-o { name = value }` turned into
// "name=value"). Problems are reported with Postfix's words and severity.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag.h"

namespace postkit {

// Field indexes and names as postconf -F shows them.
enum MasterField {
  kFieldService = 0,
  kFieldType,
  kFieldPrivate,
  kFieldUnpriv,
  kFieldChroot,
  kFieldWakeup,
  kFieldMaxproc,
  kFieldCommand,
  kMasterFieldCount  // 8: the mandatory field count
};
// "service", "type", "private", "unprivileged", "chroot", "wakeup",
// "process_limit", "command".
std::string_view master_field_name(int field);
// Index of a field name, or -1 when it is not one (case-sensitive).
int master_field_index(std::string_view name);

struct MasterService {
  std::string name;                 // field 1, e.g. "smtp" or "127.0.0.1:10025"
  std::string type;                 // field 2: inet, unix, unix-dgram, fifo, pass
  std::vector<std::string> fields;  // all 8 fields, as written
  std::vector<std::string> args;    // normalised words after the command name
  // `-o name=value` overrides among the daemon options, in order (also
  // `-o { name = value }`). A name may repeat; the last one counts.
  std::vector<std::pair<std::string, std::string>> overrides;
  // The physical line of each override (parallel to overrides; 0 when the
  // service was not read from a file).
  std::vector<long> override_lines;
  std::string command() const { return fields.size() > 7 ? fields[7] : std::string(); }

  // fields followed by args: the whole entry as one word list.
  std::vector<std::string> argv() const;
  // Rebuilds name/type/fields/args/overrides from a normalised word list of
  // at least 8 words.
  static MasterService from_argv(std::vector<std::string> argv);
};

struct MasterEntry {
  enum class Kind { kBlank, kComment, kService, kBad };
  Kind kind = Kind::kBlank;
  std::string text;       // the original physical lines, newlines included
  long line = 0;          // first physical line number
  MasterService service;  // valid when kind == kService
};

class MasterFile {
 public:
  // Parses text. Problems are reported through diag as Postfix reports them
  // (with file and line); fatal ones throw FatalError.
  static MasterFile parse(std::string_view text, std::string path, Diagnostics& diag);
  // Loads path; a missing file is reported as Postfix does for the caller's
  // mode (postconf warns "open PATH: No such file or directory"); with
  // fail_on_open it is fatal instead (postconf -M, -F, -P).
  static MasterFile load(const std::string& path, Diagnostics& diag, bool fail_on_open = false);

  const std::string& path() const { return path_; }
  const std::vector<MasterEntry>& entries() const { return entries_; }
  std::vector<MasterEntry>& mutable_entries() { return entries_; }
  std::vector<const MasterService*> services() const;

  // Concatenates the entries' text: render(parse(x)) == x.
  std::string render() const;
  // Writes render() atomically over path().
  void save() const;

  // --- one entry, as Postfix parses it (also used for `postconf -Me` values) ---

  // Splits a logical line on blanks, keeping `{ ... }` groups whole.
  static std::vector<std::string> split_words(std::string_view text);
  // Parses one logical entry. Returns nullopt when it has fewer than 8 fields
  // ("bad field count"); throws FatalError for an invalid field value.
  // Warnings for malformed `{ }` arguments go to diag.
  static std::optional<MasterService> parse_service(std::string_view logical_line,
                                                    Diagnostics& diag);
  // Normalises the words after the 8 fields in place (see the file comment).
  static void normalise_args(std::vector<std::string>& argv, Diagnostics& diag);
  // Checks type, private, unpriv, chroot, wakeup and maxproc; throws
  // FatalError `invalid FIELD field "VALUE" in "RAW"` as Postfix does.
  static void check_fields(const std::vector<std::string>& argv, std::string_view raw_text);
  // Postfix's split_nameval: "name = value" (blanks around '=' allowed, value
  // trimmed). Returns nullptr on success, else "missing attribute name" or
  // "missing '=' after attribute name".
  static const char* split_name_value(std::string_view text, std::string* name, std::string* value);

 private:
  std::string path_;
  std::vector<MasterEntry> entries_;
};

}  // namespace postkit
