// build.cc: postmap [-i] [type:]file: create a table from its source file
// (atomically, see maptypes/dict.h), or with -i add entries read from
// standard input to an existing table. Diagnostics, the new table's mode and
// owner, and the order of checks follow Postfix 3.7's postmap.
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "postmap.h"
#include "registry.h"
#include "source.h"

namespace postkit::postmap {
namespace {

bool all_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Postfix's set_eugid(): become the source file's owner.
void set_eugid(uid_t uid, gid_t gid) {
  if (::geteuid() != 0 && ::seteuid(0) != 0) {
    throw FatalError(std::string("set_eugid: seteuid(0): ") + std::strerror(errno));
  }
  if (::setegid(gid) != 0) {
    throw FatalError("set_eugid: setegid(" + std::to_string(gid) + "): " + std::strerror(errno));
  }
  if (::setgroups(1, &gid) != 0) {
    throw FatalError(std::string("set_eugid: setgroups: ") + std::strerror(errno));
  }
  if (::seteuid(uid) != 0) {
    throw FatalError("set_eugid: seteuid(" + std::to_string(uid) + "): " + std::strerror(errno));
  }
}

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ > 2) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

// Which table types postmap can build, with Postfix's complaint otherwise.
const MapTypeInfo& creatable_type(const std::string& type) {
  const MapTypeInfo* info = find_map_type(type);
  if (info == nullptr) {
    throw FatalError("unsupported dictionary type: " + type + ". Is the postfix-" + type +
                     " package installed?");
  }
  if (!info->can_create) {
    throw FatalError("unsupported dictionary type: " + type +
                     " does not support bulk-mode creation.");
  }
  return *info;
}

}  // namespace

void build_map(const Context& ctx, const std::string& type, const std::string& name) {
  const Options& o = ctx.opts;
  Diagnostics& diag = ctx.diag;
  int fd = 0;
  std::string source_path = "stdin";
  if (!o.incremental) {
    if (type == "proxy") throw FatalError("can't create maps via the proxy service");
    fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FatalError("open " + name + ": " + std::strerror(errno));
    source_path = name;
  }
  FdCloser closer(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) throw FatalError("fstat " + name + ": " + std::strerror(errno));

  OpenRequest req;
  req.mode = o.incremental ? OpenMode::kUpdate : OpenMode::kCreate;
  req.flags = open_flags(ctx);
  req.diag = &diag;
  req.config = &ctx.config;
  // The table gets the source's group/other permissions (Postfix's umask
  // trick), never more than 0644.
  mode_t mode = 0644;
  if (o.save_perm && S_ISREG(st.st_mode)) mode &= ~(022 | (~st.st_mode & 077));
  req.owner.mode = mode;
  if (o.as_owner && ::getuid() == 0 && (st.st_uid != ::geteuid() || st.st_gid != ::getegid())) {
    set_eugid(st.st_uid, st.st_gid);
  }
  // A rough entry count lets hash size its bucket table up front.
  if (S_ISREG(st.st_mode)) req.size_hint = static_cast<size_t>(st.st_size) / 32;

  const MapTypeInfo& info = creatable_type(type);
  req.type = type;
  req.name = name;
  std::unique_ptr<Dict> dict = info.open(req);

  LogicalLineReader reader(fd, source_path, diag, ctx.utf8_active);
  while (std::optional<LogicalLine> line = reader.next()) {
    std::string_view text = line->text;
    std::string_view ctext = text.substr(0, std::min(text.find('\0'), text.size()));
    if (ctx.utf8_active && !all_ascii(ctext) && !valid_utf8(ctext)) {
      diag.warning(Diagnostics::at(source_path, line->line) + "non-UTF-8 input \"" +
                   printable(ctext, ctx.utf8_active) + "\" -- ignoring this line");
      continue;
    }
    SourceEntry e = parse_postmap_entry(text);
    if (e.result == SourceEntry::Result::kUnbalancedQuote) {
      diag.warning(Diagnostics::at(source_path, line->line) + "unbalanced '\"' in '" +
                   printable(ctext, ctx.utf8_active) + "' -- ignoring this line");
      continue;
    }
    if (e.result == SourceEntry::Result::kNoValue) {
      diag.warning(Diagnostics::at(source_path, line->line) +
                   "expected format: key whitespace value");
      continue;
    }
    if (e.key.back() == ':') {
      diag.warning(Diagnostics::at(source_path, line->line) +
                   "record is in \"key: value\" format; is this an alias file?");
    }
    if (o.rhs_is_file) {
      std::string error;
      std::optional<std::string> b64 = file_to_base64(std::string(e.value), &error);
      if (!b64) {
        diag.warning(Diagnostics::at(source_path, line->line) + error + ": skipping this entry");
        continue;
      }
      dict->update(e.key, *b64);
      continue;
    }
    dict->update(e.key, e.value);
  }
  dict->close();
}

}  // namespace postkit::postmap
