// texthash.cc: the texthash type: a postmap(1) source file read into memory
// at open time, no database file (Postfix 2.8 and later). The file is read
// with the one source reader and postmap's key/value syntax, with the same
// per-line warnings as "postmap FILE" ("expected format: key whitespace
// value", "record is in \"key: value\" format; is this an alias file?",
// unbalanced quotes) and the duplicate policy of the open flags.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "memory_table.h"
#include "source.h"
#include "types.h"

namespace postkit {

namespace {

class TextHashDict : public MemoryDict {
 public:
  explicit TextHashDict(const OpenRequest& req) : MemoryDict(req) { load(); }

 private:
  void load() {
    int fd = ::open(name_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FatalError("open database " + name_ + ": " + std::strerror(errno));
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{fd};
    LogicalLineReader reader(fd, name_, diag());
    while (auto line = reader.next()) {
      std::string at = name_ + ", line " + std::to_string(line->line);
      SourceEntry e = parse_postmap_entry(line->text);
      std::string_view text =
          line->text.substr(0, std::min(line->text.find('\0'), line->text.size()));
      if (e.result == SourceEntry::Result::kUnbalancedQuote) {
        diag().warning(at + ": unbalanced '\"' in '" + printable(text, false) +
                       "' -- ignoring this line");
        continue;
      }
      if (e.result == SourceEntry::Result::kNoValue) {
        diag().warning(at + ": expected format: key whitespace value -- ignoring this line");
        continue;
      }
      if (e.key.back() == ':')
        diag().warning(at + ": record is in \"key: value\" format; is this an alias file?");
      // A constructor reports a failed open by throwing; open_table()
      // (registry.h) turns it into a Status.
      if (Status st = add(e.key, e.value, at); st.failed()) throw FatalError(st.message());
    }
  }
};

}  // namespace

std::unique_ptr<Dict> open_texthash(const OpenRequest& req) {
  if (req.mode != OpenMode::kRead)
    throw FatalError("texthash:" + req.name + " map requires O_RDONLY access mode");
  return std::make_unique<TextHashDict>(req);
}

}  // namespace postkit
