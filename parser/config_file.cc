// config_file.cc: see config_file.h. Physical lines are classified once; the
// logical value of a parameter is rebuilt from its own lines and from the
// continuation entries that name it as owner, exactly as readlline(3) joins
// them (newlines dropped, comment and blank lines skipped).
#include "config_file.h"

#include <unordered_map>

#include "atomic_file.h"
#include "expander.h"

namespace postkit {
namespace {

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

std::string_view without_newline(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  return line;
}

// The logical line as Postfix sees it: a C string, so it ends at a NUL byte.
std::string c_string(std::string s) {
  auto nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

std::vector<ConfigEntry> split_entries(std::string_view text) {
  std::vector<ConfigEntry> entries;
  long lineno = 0;
  long owner = -1;          // index of the current logical line's first entry
  bool attachable = false;  // previous entry can take a continuation line directly
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    ++lineno;
    std::string_view content = without_newline(line);
    size_t first = 0;
    while (first < content.size() && is_space(content[first])) ++first;
    if (first == content.size() || content[first] == '#') {
      ConfigEntry e;
      e.kind = first == content.size() ? ConfigEntry::Kind::kBlank : ConfigEntry::Kind::kComment;
      e.text = line;
      e.line = lineno;
      entries.push_back(std::move(e));
      attachable = false;
      continue;
    }
    if (first > 0) {  // continuation text
      if (attachable) {
        entries.back().text += line;
        continue;
      }
      ConfigEntry e;
      e.kind = ConfigEntry::Kind::kContinuation;
      e.text = line;
      e.line = lineno;
      e.owner = owner;
      entries.push_back(std::move(e));
      attachable = true;
      continue;
    }
    ConfigEntry e;
    e.kind = ConfigEntry::Kind::kParam;
    e.text = line;
    e.line = lineno;
    owner = static_cast<long>(entries.size());
    entries.push_back(std::move(e));
    attachable = true;
  }
  return entries;
}

// Appends the content of an entry's physical lines, newlines dropped.
void append_content(std::string& out, std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    out.append(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

// Fills name/value (or kBad + error) of every logical line; returns the
// joined text of each logical line indexed by entry (and of the orphan
// continuation text at the start, if any).
struct Logical {
  std::unordered_map<long, std::string> joined;
  std::string orphan;
  bool has_orphan = false;
};

Logical join_logical_lines(std::vector<ConfigEntry>& entries) {
  Logical lg;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (e.kind == ConfigEntry::Kind::kParam || e.kind == ConfigEntry::Kind::kBad) {
      append_content(lg.joined[static_cast<long>(i)], e.text);
    } else if (e.kind == ConfigEntry::Kind::kContinuation) {
      if (e.owner < 0) {
        lg.has_orphan = true;
        append_content(lg.orphan, e.text);
      } else {
        append_content(lg.joined[e.owner], e.text);
      }
    }
  }
  for (auto& [idx, text] : lg.joined) {
    auto& e = entries[static_cast<size_t>(idx)];
    std::string err;
    if (auto nv = split_nameval(c_string(text), &err)) {
      e.kind = ConfigEntry::Kind::kParam;
      e.name = std::move(nv->first);
      e.value = std::move(nv->second);
    } else {
      e.kind = ConfigEntry::Kind::kBad;
      e.error = err;
    }
  }
  return lg;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_nameval(std::string_view text,
                                                                 std::string* error) {
  size_t np = 0;
  while (np < text.size() && is_space(text[np])) ++np;
  if (np == text.size() || text[np] == '=') {
    if (error) *error = "missing attribute name";
    return std::nullopt;
  }
  size_t ep = np;
  while (ep < text.size() && !is_space(text[ep]) && text[ep] != '=') ++ep;
  size_t cp = ep;
  while (cp < text.size() && is_space(text[cp])) ++cp;
  if (cp == text.size() || text[cp] != '=') {
    if (error) *error = "missing '=' after attribute name";
    return std::nullopt;
  }
  size_t vp = cp + 1;
  while (vp < text.size() && is_space(text[vp])) ++vp;
  size_t ve = text.size();
  while (ve > vp && is_space(text[ve - 1])) --ve;
  return std::make_pair(std::string(text.substr(np, ep - np)),
                        std::string(text.substr(vp, ve - vp)));
}

ConfigFile ConfigFile::parse_lenient(std::string_view text, std::string path) {
  ConfigFile cf;
  cf.path_ = std::move(path);
  cf.entries_ = split_entries(text);
  join_logical_lines(cf.entries_);
  return cf;
}

ConfigFile ConfigFile::parse(std::string_view text, std::string path, Diagnostics& diag) {
  ConfigFile cf;
  cf.path_ = std::move(path);
  cf.entries_ = split_entries(text);
  Logical lg = join_logical_lines(cf.entries_);
  if (lg.has_orphan) {
    std::string shown = c_string(lg.orphan);
    bool more = shown.size() > 30;
    if (more) shown.resize(30);
    diag.warning(printable(cf.path_ + ": logical line must not start with whitespace: \"" + shown +
                           (more ? "...\"" : "\"")));
  }
  std::unordered_map<std::string, std::string> seen;
  for (const auto& e : cf.entries_) {
    if (e.kind == ConfigEntry::Kind::kBad) {
      throw FatalError(printable(Diagnostics::at(cf.path_, e.line) + e.error + ": \"" +
                                 c_string(lg.joined[&e - cf.entries_.data()]) + "\""));
    }
    if (e.kind != ConfigEntry::Kind::kParam) continue;
    auto [it, fresh] = seen.try_emplace(e.name, e.value);
    // Postfix complains only when the new value differs from the old one.
    if (!fresh && it->second != e.value) {
      diag.warning(printable(Diagnostics::at(cf.path_, e.line) +
                             "overriding earlier entry: " + e.name + "=" + it->second));
    }
    it->second = e.value;
  }
  return cf;
}

ConfigFile ConfigFile::load(const std::string& path, Diagnostics& diag) {
  return parse(read_file(path), path, diag);
}

std::optional<std::string> ConfigFile::value(std::string_view name) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->kind == ConfigEntry::Kind::kParam && it->name == name) return it->value;
  return std::nullopt;
}

long ConfigFile::line_of(std::string_view name) const {
  long line = 0;
  for (const auto& e : entries_)
    if (e.kind == ConfigEntry::Kind::kParam && e.name == name) line = e.line;
  return line;
}

std::vector<std::pair<std::string, std::string>> ConfigFile::parameters() const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unordered_map<std::string, size_t> index;
  for (const auto& e : entries_) {
    if (e.kind != ConfigEntry::Kind::kParam) continue;
    auto [it, fresh] = index.try_emplace(e.name, out.size());
    if (fresh)
      out.emplace_back(e.name, e.value);
    else
      out[it->second].second = e.value;
  }
  return out;
}

std::string ConfigFile::render() const {
  std::string out;
  for (const auto& e : entries_) out += e.text;
  return out;
}

void ConfigFile::save() const {
  write_file_atomically(path_, render());
}

}  // namespace postkit
