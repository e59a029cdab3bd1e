// main_cf_edit.cc: postconf -e (set), -X (remove) and -# (comment out) on
// main.cf, as Postfix 3.7's pcf_edit_main() does: comment and blank lines
// pass through; the first line of a matching parameter is replaced (-e),
// dropped (-X) or prefixed with '#' (-#), and so are its continuation lines
// (dropped for -e and -X); other lines are copied unchanged. Parameters that
// -e did not find are appended. The result replaces main.cf atomically, so a
// failure leaves the old file intact, and under Postfix's main.cf.tmp lock, so
// concurrent edits by postkit and Postfix never lose each other. main.cf is not parsed strictly
// here, as in Postfix: a file with a malformed line can still be repaired.
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

#include "atomic_file.h"
#include "config_file.h"
#include "expander.h"
#include "main_cf.h"

namespace postkit::postconf {
namespace {

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

struct Request {
  std::optional<std::string> value;  // nullopt for -X and -#
  int found = 0;
  size_t order = 0;
};

std::map<std::string, Request> parse_requests(const Options& o, Diagnostics& diag) {
  bool set = !(o.remove || o.comment_out);
  std::map<std::string, Request> table;
  size_t order = 0;
  for (const auto& arg : o.operands) {
    if (arg.find('\n') != std::string::npos)
      throw FatalError("-e, -X, or -# accepts no multi-line input");
    size_t p = 0;
    while (p < arg.size() && is_space(arg[p])) ++p;
    std::string cp = arg.substr(p);
    if (!cp.empty() && cp[0] == '#') throw FatalError("-e, -X, or -# accepts no comment input");
    std::string pattern;
    std::optional<std::string> value;
    if (set) {
      std::string err;
      auto nv = split_nameval(cp, &err);
      if (!nv) throw FatalError(printable(err + ": \"" + cp + "\""));
      pattern = nv->first;
      value = nv->second;
    } else {
      if (cp.empty()) throw FatalError("-X or -# requires non-blank parameter names");
      if (cp.find('=') != std::string::npos)
        throw FatalError("-X or -# requires parameter names without value");
      // Postfix means to trim trailing blanks here but does not; neither do we.
      pattern = cp;
    }
    auto it = table.find(pattern);
    if (it != table.end()) {
      // Postfix 3.7 crashes on a repeated -X/-# name; we report it instead.
      diag.warning(printable("ignoring earlier request: '" + pattern + " = " +
                             it->second.value.value_or("(null)") + "'"));
      table.erase(it);
    }
    table[pattern] = Request{value, 0, order++};
  }
  return table;
}

std::string config_dir(const Options& o) {
  if (!o.config_dir.empty()) return o.config_dir;
  const char* env = std::getenv("MAIL_CONFIG");
  return env ? env : Config::kDefaultConfigDir;
}

}  // namespace

int edit_main(const Options& o, Diagnostics& diag) {
  if (o.operands.empty()) throw FatalError("missing service argument");
  auto table = parse_requests(o, diag);
  std::string path = config_dir(o) + "/main.cf";
  // Postfix's edit protocol: take main.cf.tmp under an exclusive lock before
  // reading main.cf, so a concurrent editor (postkit or Postfix) waits and
  // then reads our result. A missing directory is reported for main.cf.tmp,
  // a missing main.cf afterwards (and main.cf.tmp is removed again).
  AtomicReplace replace(path, {}, AtomicReplace::TempName::kEditLock);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    throw FatalError("open " + path + " for reading: " + std::strerror(errno));
  std::string text = read_file(path);

  std::string out;
  out.reserve(text.size() + 64);
  bool comment_out = o.comment_out;
  bool set = !(o.remove || o.comment_out);
  bool interesting = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string line = text.substr(pos, end - pos);
    pos = end;
    // A last line without newline stays so (even when -e then appends to it,
    // as Postfix 3.7 does).
    size_t cp = 0;
    while (cp < line.size() && is_space(line[cp])) ++cp;
    if (cp == line.size() || line[cp] == '#') {  // comment, blank: pass through
      out += line;
      continue;
    }
    if (cp > 0) {  // continuation of the previous logical line
      if (!interesting)
        out += line;
      else if (comment_out)
        out += "#" + line;
      continue;
    }
    size_t key_end = 0;
    while (key_end < line.size() && !is_space(line[key_end]) && line[key_end] != '=') ++key_end;
    std::string key = line.substr(0, key_end);
    auto it = table.find(key);
    interesting = it != table.end();
    if (!interesting) {
      out += line;
      continue;
    }
    if (it->second.found++ == 1)
      diag.warning(printable(path + ": multiple entries for \"" + key + "\""));
    if (set)
      out += key + " = " + *it->second.value + "\n";
    else if (comment_out)
      out += "#" + line;
  }
  if (set) {
    // New parameters go at the end. Postfix 3.7 appends them in hash-table
    // order; we use name order, which is one of the orders it may produce.
    for (const auto& [key, req] : table)
      if (req.found == 0) out += key + " = " + *req.value + "\n";
  }
  // Postfix writes a new file with mode 0644 (its umask is 022), whatever
  // the mode of the old one was.
  replace.write(out);
  AtomicReplace::Ownership owner;
  owner.mode = 0644;
  replace.commit(owner);
  return 0;
}

}  // namespace postkit::postconf
