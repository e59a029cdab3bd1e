// table_command.cc: see table_command.h. The order of checks, the texts of
// diagnostics and the exit statuses are Postfix 3.7's postmap and postalias.
#include "table_command.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "registry.h"
#include "table_error.h"

namespace postkit {
namespace {

[[noreturn]] void fail_errno(const std::string& what) {
  throw FatalError(what + ": " + std::strerror(errno));
}

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer builds only (test builds): LeakSanitizer checks for leaks
// at exit from a helper that ptrace-attaches to this process, and after
// set_eugid() the kernel refuses that ("LeakSanitizer has encountered a
// fatal error"): changing the effective uid clears the dumpable flag, and
// with an effective uid other than the real one the process also lacks
// CAP_SYS_PTRACE, which the kernel checks first. So make the process
// dumpable again and take back the real ids at exit, when all work is done:
// an atexit handler registered after the sanitizer's runs before its leak
// check. Never in a normal build, where both protect what root opened.
void let_leak_sanitizer_attach() {
  ::prctl(PR_SET_DUMPABLE, 1);
  std::atexit([] {
    // Nothing can report a failure this late; LeakSanitizer then reports
    // its own fatal error, so it is not hidden.
    if (::seteuid(::getuid()) == 0) (void)::setegid(::getgid());
  });
}
#endif

// Postfix's set_eugid(): become uid/gid for the rest of the process (the
// effective ids only, through root).
void set_eugid(uid_t uid, gid_t gid) {
  if (::geteuid() != 0 && ::seteuid(0) != 0) fail_errno("set_eugid: seteuid(0)");
  if (::setegid(gid) != 0) fail_errno("set_eugid: setegid(" + std::to_string(gid) + ")");
  if (::setgroups(1, &gid) != 0) fail_errno("set_eugid: setgroups");
  if (::seteuid(uid) != 0) fail_errno("set_eugid: seteuid(" + std::to_string(uid) + ")");
#if defined(__SANITIZE_ADDRESS__)
  let_leak_sanitizer_attach();
#endif
}

// Which table types can be built, with Postfix's complaint otherwise.
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

bool all_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

// Keys are C strings in Postfix: text after a NUL byte does not count.
std::string_view c_string(std::string_view s) {
  return s.substr(0, std::min(s.find('\0'), s.size()));
}

void stdin_keys(const KeyVisitor& visit) {
  LineInput in(0);
  while (std::optional<std::string_view> line = in.next()) visit(c_string(*line));
}

// Option letters that change the dict flags: the bits each sets and clears.
struct FlagLetter {
  char letter;
  unsigned set;
  unsigned clear;
};
constexpr FlagLetter kFlagLetters[] = {
    {'N', kTry1Null, kTry0Null},                // keys and values end in a NUL
    {'n', kTry0Null, kTry1Null},                // they do not
    {'f', 0, kFoldFix},                         // no case folding
    {'u', 0, kUtf8Request},                     // no UTF-8 checks and folding
    {'r', kDupReplace, kDupWarn | kDupIgnore},  // a duplicate replaces, silently
    {'w', kDupIgnore, kDupWarn | kDupReplace},  // a duplicate is ignored, silently
};

// Option letters that set a yes/no option.
struct BoolLetter {
  char letter;
  bool TableOptions::*option;
  bool value;
};
constexpr BoolLetter kBoolLetters[] = {
    {'i', &TableOptions::incremental, true},
    {'o', &TableOptions::as_owner, false},
    {'p', &TableOptions::save_perm, false},
};

// Sets one option that both commands share; false for any other letter.
bool apply_shared_option(int ch, TableOptions& o, Diagnostics& diag) {
  for (const FlagLetter& f : kFlagLetters) {
    if (ch != f.letter) continue;
    o.dict_flags = (o.dict_flags & ~f.clear) | f.set;
    return true;
  }
  for (const BoolLetter& b : kBoolLetters) {
    if (ch != b.letter) continue;
    o.*b.option = b.value;
    return true;
  }
  // Postfix's two texts differ in their "or"s.
  const bool have_one = o.sequence || o.query || o.delkey;
  switch (ch) {
    case 'c':
      o.config_dir = optarg;
      return true;
    case 'd':
    case 'q':
      if (have_one) throw FatalError("specify only one of -s -q or -d");
      (ch == 'd' ? o.delkey : o.query) = optarg;
      return true;
    case 's':
      if (o.query || o.delkey) throw FatalError("specify only one of -s or -q or -d");
      o.sequence = true;
      return true;
    case 'v':
      diag.set_verbosity(diag.verbosity() + 1);
      return true;
    default:
      return false;
  }
}

// ---- query, list, delete ----

std::unique_ptr<Dict> open_operand(const TableContext& ctx, const std::string& operand,
                                   OpenMode mode) {
  std::string type, name;
  ctx.split_operand(operand, &type, &name);
  // Postfix opens proxy tables for deletes with O_CREAT ("XXX" in its source).
  if (mode == OpenMode::kUpdateExisting && type == "proxy") mode = OpenMode::kUpdate;
  OpenRequest req;
  req.mode = mode;
  req.flags = ctx.open_flags();
  req.diag = &ctx.diag;
  req.config = &ctx.config;
  if (mode != OpenMode::kRead) {
    const MapTypeInfo* info = find_map_type(type);
    if (info != nullptr && !info->can_create && !info->opens_writable) {
      throw FatalError(type + ":" + name + " map requires O_RDONLY access mode");
    }
  }
  return open_map(type + ":" + name, req);
}

void warn_empty_result(Diagnostics& diag, const std::string& table, std::string_view key) {
  diag.warning("table " + table + ": key " + std::string(key) +
               ": empty string result is not allowed");
  diag.warning("table " + table + " should return NO RESULT in case of NOT FOUND");
}

// The decoded value (-F); nullopt after a warning when it is malformed.
std::optional<std::string> decoded(const TableContext& ctx, const Dict& dict, std::string_view key,
                                   std::string_view value) {
  std::optional<std::string> raw = ctx.decode_value(value);
  if (!raw) {
    ctx.diag.warning("table " + dict.type_name() + ": key " + std::string(key) +
                     ": malformed BASE64 value: " + std::string(value.substr(0, 30)));
  }
  return raw;
}

// Looks key up; a failing table or an undecodable value is fatal.
Status lookup(const TableContext& ctx, Dict& dict, std::string_view key, std::string* value) {
  errno = 0;
  Status st = dict.lookup(key, value);
  if (st.failed()) throw FatalError(table_error(dict.type_name(), "query", st));
  if (st == Status::kFound && ctx.decode_value) {
    std::optional<std::string> raw = decoded(ctx, dict, key, *value);
    if (!raw) throw FatalError("table " + dict.type_name() + ": query error");
    *value = std::move(*raw);
  }
  return st;
}

// Deletes key; a failing table is fatal ("delete error: %m"), as in Postfix.
bool remove_key(Dict& dict, std::string_view key) {
  errno = 0;
  Status st = dict.remove(key);
  if (st.failed()) throw FatalError(table_error(dict.type_name(), "delete", st));
  return st == Status::kFound;
}

// The tables of one run, opened on first use (or all at once with
// open_all(), as Postfix's deletes) and closed together.
class Tables {
 public:
  Tables(const TableContext& ctx, OpenMode mode) : ctx_(ctx), mode_(mode) {
    dicts_.resize(ctx.opts.maps.size());
  }
  size_t size() const { return dicts_.size(); }
  Dict& get(size_t i) {
    if (!dicts_[i]) dicts_[i] = open_operand(ctx_, ctx_.opts.maps[i], mode_);
    return *dicts_[i];
  }
  void open_all() {
    for (size_t n = 0; n < size(); ++n) get(n);
  }
  void close() {
    for (auto& d : dicts_) {
      if (d) d->close();
    }
  }
  // After close(), read-only tables need no teardown: the command exits next
  // and the kernel reclaims everything, while freeing a large pattern table
  // (thousands of compiled regular expressions) costs a fifth of a whole
  // `postmap -q -` run. Postfix does not free them either. Sanitizer builds
  // tear down as usual, so leaks there stay visible.
  void leave_to_exit() {
#if !defined(__SANITIZE_ADDRESS__)
    if (mode_ != OpenMode::kRead) return;
    for (auto& d : dicts_) static_cast<void>(d.release());
#endif
  }

 private:
  const TableContext& ctx_;
  OpenMode mode_;
  std::vector<std::unique_ptr<Dict>> dicts_;
};

// "type:name" of an operand, as the warnings of -q KEY and -s name a table
// (an indexed table's own name has its suffix: "hash:t.db").
std::string operand_label(const TableContext& ctx, const std::string& operand) {
  std::string type, name;
  ctx.split_operand(operand, &type, &name);
  return type + ":" + name;
}

void print_entry(const TableContext& ctx, std::string_view key, std::string_view value) {
  std::cout << key << ctx.key_separator << value << '\n';
}

int query_stdin(const TableContext& ctx) {
  Tables tables(ctx, OpenMode::kRead);
  bool found = false;
  std::string value;
  auto query_one = [&](std::string_view key) {
    for (size_t n = 0; n < tables.size(); ++n) {
      Dict& dict = tables.get(n);
      if (lookup(ctx, dict, key, &value) == Status::kFound) {
        if (value.empty()) warn_empty_result(ctx.diag, dict.type_name(), key);
        print_entry(ctx, key, value);
        found = true;
        return;
      }
    }
  };
  if (ctx.keys_to_query) {
    ctx.keys_to_query(query_one);
  } else {
    stdin_keys(query_one);
  }
  std::cout.flush();
  tables.close();
  tables.leave_to_exit();
  return found ? 0 : 1;
}

int query_keys(const TableContext& ctx) {
  const std::string& key = *ctx.opts.query;
  if (key == "-") return query_stdin(ctx);
  std::string value;
  for (const std::string& operand : ctx.opts.maps) {
    std::unique_ptr<Dict> dict = open_operand(ctx, operand, OpenMode::kRead);
    bool found = lookup(ctx, *dict, key, &value) == Status::kFound;
    if (found) {
      if (value.empty()) warn_empty_result(ctx.diag, operand_label(ctx, operand), key);
      std::cout << value << '\n';
    }
    std::cout.flush();
    dict->close();
    if (found) return 0;
  }
  return 1;
}

int list_table(const TableContext& ctx) {
  const std::vector<std::string>& maps = ctx.opts.maps;
  if (maps.empty()) return 1;
  std::string type, name;
  ctx.split_operand(maps.front(), &type, &name);
  if (type == "proxy") throw FatalError("can't sequence maps via the proxy service");
  std::unique_ptr<Dict> dict = open_operand(ctx, maps.front(), OpenMode::kRead);
  const std::string table = type + ":" + name;
  errno = 0;
  Status st = dict->sequence([&](std::string_view key, std::string_view value) {
    if (key.empty()) {
      ctx.diag.warning("table " + table + ": empty lookup key value is not allowed");
    } else if (value.empty()) {
      warn_empty_result(ctx.diag, table, key);
    }
    if (!ctx.decode_value) {
      print_entry(ctx, key, value);
    } else if (std::optional<std::string> raw = decoded(ctx, *dict, key, value)) {
      print_entry(ctx, key, *raw);
    }
    return true;
  });
  std::cout.flush();
  if (st.failed()) throw FatalError(table_error(table, "sequence", st));
  dict->close();
  return 0;
}

int delete_keys(const TableContext& ctx) {
  bool found = false;
  if (*ctx.opts.delkey == "-") {
    Tables tables(ctx, OpenMode::kUpdateExisting);
    tables.open_all();  // ahead of reading keys, as Postfix
    stdin_keys([&](std::string_view key) {
      for (size_t n = 0; n < tables.size(); ++n) found |= remove_key(tables.get(n), key);
    });
    tables.close();
    return found ? 0 : 1;
  }
  for (const std::string& operand : ctx.opts.maps) {
    std::unique_ptr<Dict> dict = open_operand(ctx, operand, OpenMode::kUpdateExisting);
    found |= remove_key(*dict, *ctx.opts.delkey);
    dict->close();
  }
  return found ? 0 : 1;
}

}  // namespace

void parse_table_args(int argc, char** argv, const char* optstring, TableOptions& opts,
                      Diagnostics& diag, const std::function<bool(int letter)>& own,
                      const std::string& usage) {
  opterr = 1;
  int ch;
  while ((ch = ::getopt(argc, argv, optstring)) > 0) {
    if (!apply_shared_option(ch, opts, diag) && !(own && own(ch))) throw FatalError(usage);
  }
  for (int i = optind; i < argc; ++i) opts.maps.emplace_back(argv[i]);
}

TableContext::TableContext(const TableOptions& o, const Config& c, Diagnostics& d)
    : opts(o), config(c), diag(d) {
  default_type = config.get("default_database_type");
  if (default_type.empty()) default_type = "hash";
  utf8_active = has(opts.dict_flags, kUtf8Request) && config.get_bool("smtputf8_enable");
}

void TableContext::split_operand(const std::string& operand, std::string* type,
                                 std::string* name) const {
  size_t colon = operand.find(':');
  if (colon == std::string::npos) {
    *type = default_type;
    *name = operand;
  } else {
    *type = operand.substr(0, colon);
    *name = operand.substr(colon + 1);
  }
}

unsigned TableContext::open_flags() const {
  unsigned flags = opts.dict_flags;
  if (!has(flags, kTry0Null | kTry1Null)) flags |= kTry0Null | kTry1Null;
  if (!utf8_active) flags &= ~kUtf8Request;
  return flags;
}

std::optional<std::string_view> LineInput::next() {
  line_.clear();
  bool any = false;
  for (;;) {
    if (pos_ >= buf_.size()) {
      if (eof_) return any ? std::optional<std::string_view>(line_) : std::nullopt;
      buf_.resize(65536);
      ssize_t n = ::read(fd_, buf_.data(), buf_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail_errno("read stdin");
      buf_.resize(n > 0 ? static_cast<size_t>(n) : 0);
      pos_ = 0;
      if (n == 0) eof_ = true;
      continue;
    }
    any = true;
    const char* begin = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    const void* nl = std::memchr(begin, '\n', avail);
    size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : avail;
    line_.append(begin, take);
    pos_ += take;
    if (nl) {
      ++pos_;
      return std::string_view(line_);
    }
  }
}

TableBuild::Source::~Source() {
  if (fd > 2) ::close(fd);
}

TableBuild::TableBuild(const TableContext& ctx, const std::string& type, const std::string& name)
    : ctx_(ctx) {
  const TableOptions& o = ctx.opts;
  if (!o.incremental) {
    if (type == "proxy") throw FatalError("can't create maps via the proxy service");
    source_.fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (source_.fd < 0) fail_errno("open " + name);
    source_.path = name;
  }
  struct stat st;
  if (::fstat(source_.fd, &st) != 0) fail_errno("fstat " + name);

  OpenRequest req;
  req.mode = o.incremental ? OpenMode::kUpdate : OpenMode::kCreate;
  req.flags = ctx.open_flags();
  req.diag = &ctx.diag;
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
  dict_ = info.open(req);
  reader_.emplace(source_.fd, source_.path, ctx.diag, ctx.utf8_active);
}

std::optional<SourceLine> TableBuild::next() {
  while (std::optional<LogicalLine> line = reader_->next()) {
    std::string_view ctext = c_string(line->text);
    if (ctx_.utf8_active && !all_ascii(ctext) && !valid_utf8(ctext)) {
      warn(line->line, "non-UTF-8 input \"" + printable(ctext, true) + "\" -- ignoring this line");
      continue;
    }
    return SourceLine{line->text, ctext, line->line};
  }
  return std::nullopt;
}

void TableBuild::warn(long line, std::string_view text) const {
  std::string message = Diagnostics::at(source_.path, line);
  message += text;
  ctx_.diag.warning(message);
}

void TableBuild::put(std::string_view key, std::string_view value) {
  errno = 0;
  if (Status st = dict_->update(key, value); st.failed()) {
    throw FatalError(table_error(dict_->type_name(), "write", st));
  }
}

int run_table_command(
    const TableContext& ctx, const std::string& usage,
    const std::function<void(const std::string& type, const std::string& name)>& build) {
  const TableOptions& o = ctx.opts;
  if (o.maps.empty() && !o.sequence) throw FatalError(usage);
  if (o.delkey) return delete_keys(ctx);
  if (o.query) return query_keys(ctx);
  if (o.sequence) return list_table(ctx);
  for (const std::string& operand : o.maps) {
    std::string type, name;
    ctx.split_operand(operand, &type, &name);
    build(type, name);
  }
  return 0;
}

}  // namespace postkit
