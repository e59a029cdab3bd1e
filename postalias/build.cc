// build.cc: postalias [-i] [type:]file: create an alias database from an
// aliases(5) file (atomically, see maptypes/dict.h), or with -i add entries
// read from standard input to an existing one. After the entries come the
// signatures Postfix 3.7 adds: "@" -> "@" (sendmail's "database complete"
// mark, with the table's NUL convention) and the NIS entries
// YP_LAST_MODIFIED (%010ld seconds) and YP_MASTER_NAME ($myhostname), both
// stored without a trailing NUL and without case folding. With -i these
// replace the old signatures. The new table's mode and owner, and the
// diagnostics, follow Postfix's postalias.
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "alias_source.h"
#include "postalias.h"
#include "registry.h"
#include "source.h"

namespace postkit::postalias {
namespace {

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

// The source file descriptor (stdin with -i), closed on scope exit.
class Source {
 public:
  Source(bool incremental, const std::string& name) {
    if (incremental) return;
    fd_ = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw FatalError("open " + name + ": " + std::strerror(errno));
    path_ = name;
  }
  ~Source() {
    if (fd_ > 2) ::close(fd_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

 private:
  int fd_ = 0;
  std::string path_ = "stdin";
};

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

void add_signatures(const Context& ctx, Dict& dict) {
  if (ctx.opts.incremental) dict.set_flags(dict.flags() | kDupReplace);
  dict.update("@", "@");
  // NIS: these two MUST be stored without a trailing NUL, and unfolded.
  dict.set_flags((dict.flags() & ~(kTry1Null | kFoldFix)) | kTry0Null);
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%010ld", static_cast<long>(std::time(nullptr)));
  dict.update("YP_LAST_MODIFIED", stamp);
  dict.update("YP_MASTER_NAME", ctx.config.get("myhostname"));
}

}  // namespace

void build_aliases(const Context& ctx, const std::string& type, const std::string& name) {
  const Options& o = ctx.opts;
  Diagnostics& diag = ctx.diag;
  if (!o.incremental && type == "proxy")
    throw FatalError("can't create maps via the proxy service");
  Source source(o.incremental, name);
  struct stat st;
  if (::fstat(source.fd(), &st) != 0)
    throw FatalError("fstat " + name + ": " + std::strerror(errno));

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
  // A rough entry count lets a type size its file up front.
  if (S_ISREG(st.st_mode)) req.size_hint = static_cast<size_t>(st.st_size) / 32;

  const MapTypeInfo& info = creatable_type(type);
  req.type = type;
  req.name = name;
  std::unique_ptr<Dict> dict = info.open(req);

  LogicalLineReader reader(source.fd(), source.path(), diag);
  AliasParser parser;
  AliasEntry entry;
  std::string fold_buf;
  while (std::optional<LogicalLine> line = reader.next()) {
    std::string_view text = line->text;
    std::string_view ctext = text.substr(0, std::min(text.find('\0'), text.size()));
    if (ctx.utf8_active && !valid_utf8(ctext)) {
      diag.warning(Diagnostics::at(source.path(), line->line) + "non-UTF-8 input \"" +
                   printable(ctext, ctx.utf8_active) + "\" -- ignoring this line");
      continue;
    }
    parser.parse(ctext, &entry);
    switch (entry.result) {
      case AliasEntry::Result::kEmpty:
        continue;
      case AliasEntry::Result::kNeedPair:
        diag.warning(Diagnostics::at(source.path(), line->line) + "need name:value pair");
        continue;
      case AliasEntry::Result::kNotLocal:
        diag.warning(Diagnostics::at(source.path(), line->line) + "name must be local");
        continue;
      case AliasEntry::Result::kOk:
        dict->update(fold_key(ctx, entry.key, &fold_buf), entry.value);
        break;
    }
  }
  add_signatures(ctx, *dict);
  dict->close();
}

}  // namespace postkit::postalias
