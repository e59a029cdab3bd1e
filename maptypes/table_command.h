// table_command.h: the parts of postmap and postalias that are the same.
//
// Both commands (drop-ins for Postfix 3.7's postmap(1) and postalias(1))
// share most option letters, the operand syntax "[type:]name", how a table
// is built from its source (becoming the source file's owner, the new
// table's mode, which types can be built, the "write error" check), and the
// query (-q), list (-s) and delete (-d) operations with Postfix's output,
// warnings and exit statuses. What differs is small and passed in through
// TableContext: how "-q -" and -s separate key and value ("\t" for postmap,
// ":\t" for postalias), postalias's UTF-8 case folding of keys, and
// postmap's -F base64 values. The commands keep their other option letters,
// usage text and source syntax (postmap's "key value", postalias's
// aliases(5)).
//
// Fatal conditions throw FatalError with Postfix's text; warnings go to the
// context's Diagnostics. Not thread-safe: one context per command run.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "diag.h"
#include "dict.h"
#include "source.h"

namespace postkit {

// The options both commands accept, with Postfix's defaults.
struct TableOptions {
  // Warn about duplicates, fold keys, UTF-8 when smtputf8_enable is on.
  unsigned dict_flags = kDupWarn | kFoldFix | kUtf8Request;
  bool as_owner = true;               // -o clears: run as the source file's owner
  bool save_perm = true;              // -p clears: take the new table's mode from the source
  bool incremental = false;           // -i: add entries from stdin to an existing table
  bool sequence = false;              // -s
  std::optional<std::string> query;   // -q KEY
  std::optional<std::string> delkey;  // -d KEY
  std::vector<std::string> maps;      // operands: [type:]name
  std::string config_dir;             // -c DIR (empty: the default)
};

// Parses argv with POSIX getopt as Postfix does ("+" in optstring stops at
// the first operand). The letters both commands share (N c d f i n o p q r
// s u v w) are handled here; any other letter goes to `own`, which returns
// false for a letter it does not know either. An unknown letter is fatal
// with `usage`. Operands are appended to opts.maps.
void parse_table_args(int argc, char** argv, const char* optstring, TableOptions& opts,
                      Diagnostics& diag, const std::function<bool(int letter)>& own,
                      const std::string& usage);

// Calls visit(key) for each key "-q -" looks up.
using KeyVisitor = std::function<void(std::string_view key)>;
using KeySource = std::function<void(const KeyVisitor& visit)>;

// Everything an operation needs, and what differs between the commands.
struct TableContext {
  // Takes default_database_type and smtputf8_enable from config.
  TableContext(const TableOptions& opts, const Config& config, Diagnostics& diag);

  const TableOptions& opts;
  const Config& config;
  Diagnostics& diag;
  bool utf8_active = false;  // smtputf8_enable and not -u
  std::string default_type;  // default_database_type

  // Between key and value in "-q -" and -s output.
  std::string_view key_separator = "\t";
  // "-q -": the keys to look up; unset: the lines of standard input, each
  // cut at its first NUL (keys are C strings in Postfix). postmap -b/-h/-m
  // gives the headers and body lines of a message instead.
  KeySource keys_to_query;
  // When set, values found are decoded with it before they are printed;
  // nullopt means malformed ("malformed BASE64 value" for postmap -F).
  std::function<std::optional<std::string>(std::string_view value)> decode_value;

  // Splits "[type:]name", using default_type without a "type:" prefix.
  void split_operand(const std::string& operand, std::string* type, std::string* name) const;
  // Flags for opening a table: both NUL conventions tried unless -N or -n.
  unsigned open_flags() const;
};

// A buffered reader of physical lines (without the newline) from a
// descriptor it does not own, as Postfix's vstring_get_nonl(). The view is
// valid until the next call; a read error is fatal.
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

// One logical line of a source, as TableBuild::next() hands it out.
struct SourceLine {
  std::string_view text;   // the whole logical line (may hold NUL bytes)
  std::string_view ctext;  // text up to the first NUL: Postfix's C string
  long line = 0;           // first physical line
};

// "postmap/postalias [-i] type:name": the source file (standard input with
// -i) and the table being built from it. The constructor makes Postfix's
// checks in Postfix's order: proxy tables cannot be created, the source must
// open, the process becomes the source's owner (unless -o), the type must be
// one that can be built; the new table gets the source's group and other
// permission bits (unless -p), never more than 0644. Destroying it without
// commit() leaves an old table intact (maptypes/dict.h).
class TableBuild {
 public:
  TableBuild(const TableContext& ctx, const std::string& type, const std::string& name);
  TableBuild(const TableBuild&) = delete;
  TableBuild& operator=(const TableBuild&) = delete;

  // The next logical line of the source. With SMTPUTF8 active a line that
  // is not valid UTF-8 is warned about and skipped, as Postfix does.
  std::optional<SourceLine> next();
  // Warns "SOURCE, line N: text".
  void warn(long line, std::string_view text) const;
  // Stores key -> value; a table that fails is fatal ("write error").
  void put(std::string_view key, std::string_view value);
  // The table, for changing its flags between entries.
  Dict& dict() { return *dict_; }
  // Finishes the table (see Dict::close()).
  void commit() { dict_->close(); }

 private:
  // The source file, closed on destruction; standard input with -i.
  struct Source {
    Source() = default;
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;
    ~Source();
    int fd = 0;
    std::string path = "stdin";
  };

  const TableContext& ctx_;
  Source source_;
  std::unique_ptr<Dict> dict_;
  std::optional<LogicalLineReader> reader_;
};

// Runs the operation the options ask for, as Postfix: -d KEY or -d -
// deletes from every table (stdin lines are keys); -q KEY prints the value
// from the first table that has KEY, -q - prints "key SEPARATOR value" for
// each of ctx.keys_to_query found (tables opened lazily, in operand order);
// -s lists the first table as "key SEPARATOR value"; otherwise each operand
// is built with build(type, name). -q and -d return 0 when something was
// found, else 1. Without operands (and without -s) it is fatal with `usage`.
int run_table_command(
    const TableContext& ctx, const std::string& usage,
    const std::function<void(const std::string& type, const std::string& name)>& build);

}  // namespace postkit
