// master_file.cc: see master_file.h. Reading follows Postfix's logical-line
// rules (a line that starts with whitespace continues the entry, comment and
// blank lines do not end it); entry checks and argument normalisation follow
// what postconf 3.7 prints for the same input.
#include "master_file.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>

#include "atomic_file.h"
#include "expander.h"

namespace postkit {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";
// Postfix names the file by its base name in argument warnings.
constexpr std::string_view kMasterConf = "master.cf";

constexpr std::array<std::string_view, kMasterFieldCount> kFieldNames = {
    "service", "type", "private", "unprivileged", "chroot", "wakeup", "process_limit", "command"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

enum class LineClass { kStart, kContinuation, kComment, kBlank };

LineClass classify(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i == line.size()) return LineClass::kBlank;
  if (line[i] == '#') return LineClass::kComment;
  return i == 0 ? LineClass::kStart : LineClass::kContinuation;
}

// Physical lines, each with its newline (the last one may lack it).
std::vector<std::string_view> physical_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return lines;
}

std::string_view chomp(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  return line;
}

// Length of the balanced {} text at the start of s, or 0 when unbalanced.
size_t balanced_length(std::string_view s) {
  int level = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') {
      ++level;
    } else if (s[i] == '}') {
      if (--level == 0) return i + 1;
    }
  }
  return 0;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Replaces the word "{ text }" by its stripped inside, warning as Postfix
// does about a missing '}' or text after it.
std::string extract_braces(const std::string& word, Diagnostics& diag) {
  std::string_view w = word;
  size_t len = balanced_length(w);
  std::string_view inside;
  if (len == 0) {
    diag.warning(printable(std::string(kMasterConf) + ": missing '}' in \"" + word + "\""));
    inside = w.substr(1);
  } else {
    if (len != w.size())
      diag.warning(
          printable(std::string(kMasterConf) + ": syntax error after '}' in \"" + word + "\""));
    inside = w.substr(1, len - 2);
  }
  return std::string(trim_blanks(inside));
}

// Postfix's split_nameval: "name = value" with blanks around '=' allowed.
const char* split_name_value_impl(std::string_view text, std::string* name, std::string* value) {
  size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i == text.size() || text[i] == '=') return "missing attribute name";
  size_t name_start = i;
  while (i < text.size() && !is_space(text[i]) && text[i] != '=') ++i;
  size_t name_end = i;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i == text.size() || text[i] != '=') return "missing '=' after attribute name";
  *name = std::string(text.substr(name_start, name_end - name_start));
  *value = std::string(trim_blanks(text.substr(i + 1)));
  return nullptr;
}

// "-o { name = value }" becomes "name=value"; a malformed one stays as is.
void normalise_name_value(std::string& arg, Diagnostics& diag) {
  std::string name, value;
  if (const char* err = split_name_value_impl(arg, &name, &value)) {
    diag.warning(printable(std::string(kMasterConf) + ": " + err + ": \"" + arg + "\""));
    return;
  }
  arg = name + "=" + value;
}

bool expects_value(char option) {
  return option == 'o' || option == '\0';
}

[[noreturn]] void invalid_field(std::string_view field, const std::string& value,
                                std::string_view raw) {
  std::string text(raw);
  std::replace(text.begin(), text.end(), '\n', ' ');
  throw FatalError(
      printable("invalid " + std::string(field) + " field \"" + value + "\" in \"" + text + "\""));
}

// The logical line Postfix sees: content lines joined without their newlines,
// cut at the first NUL byte as C string handling does.
std::string logical_text(const std::vector<std::string_view>& content_lines) {
  std::string joined;
  for (auto l : content_lines) joined += chomp(l);
  return joined;
}

std::string c_string(const std::string& s) {
  return s.substr(0, std::strlen(s.c_str()));
}

// The physical line of each -o override of an entry: the first line, at or
// after the previous override's, that holds "NAME=" or "NAME =".
void locate_overrides(std::string_view text, long first_line, MasterService& service) {
  std::vector<std::string_view> lines = physical_lines(text);
  size_t at = 0;
  for (const auto& [name, value] : service.overrides) {
    size_t found = at;
    for (size_t i = at; i < lines.size(); ++i) {
      size_t p = lines[i].find(name);
      while (p != std::string_view::npos) {
        size_t q = p + name.size();
        while (q < lines[i].size() && is_space(lines[i][q])) ++q;
        if (q < lines[i].size() && lines[i][q] == '=') break;
        p = lines[i].find(name, p + 1);
      }
      if (p != std::string_view::npos) {
        found = i;
        break;
      }
    }
    at = found;
    service.override_lines.push_back(first_line + static_cast<long>(found));
  }
}

}  // namespace

const char* MasterFile::split_name_value(std::string_view text, std::string* name,
                                         std::string* value) {
  return split_name_value_impl(text, name, value);
}

std::string_view master_field_name(int field) {
  return field >= 0 && field < kMasterFieldCount ? kFieldNames[field] : std::string_view();
}

int master_field_index(std::string_view name) {
  for (int i = 0; i < kMasterFieldCount; ++i)
    if (kFieldNames[i] == name) return i;
  return -1;
}

std::vector<std::string> MasterService::argv() const {
  std::vector<std::string> v = fields;
  v.insert(v.end(), args.begin(), args.end());
  return v;
}

MasterService MasterService::from_argv(std::vector<std::string> argv) {
  MasterService s;
  s.name = argv.at(kFieldService);
  s.type = argv.at(kFieldType);
  s.fields.assign(argv.begin(), argv.begin() + kMasterFieldCount);
  s.args.assign(argv.begin() + kMasterFieldCount, argv.end());
  // Overrides are the "-o name=value" among the daemon options, which end at
  // the first non-option word or "--". An option that takes a value ("-o",
  // and a lone "-", as in Postfix) consumes the next word.
  for (size_t i = kMasterFieldCount; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.empty() || arg[0] != '-' || arg == "--") break;
    if (expects_value(arg[1]) && i + 1 < argv.size()) {
      std::string name, value;
      if (arg == "-o" && !split_name_value_impl(argv[i + 1], &name, &value))
        s.overrides.emplace_back(name, value);
      ++i;
    }
  }
  return s;
}

std::vector<std::string> MasterFile::split_words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && kBlanks.find(text[i]) != std::string_view::npos) ++i;
    if (i == text.size()) break;
    size_t start = i;
    int level = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '{') {
        ++level;
      } else if (level > 0 && c == '}') {
        --level;
      } else if (level == 0 && kBlanks.find(c) != std::string_view::npos) {
        break;
      }
    }
    words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

void MasterFile::normalise_args(std::vector<std::string>& argv, Diagnostics& diag) {
  // One pass over the words (Postfix inserts split pieces in place, which is
  // quadratic for long entries): a piece split off a word is processed next.
  std::vector<std::string> out(argv.begin(), argv.begin() + kMasterFieldCount);
  std::deque<std::string> pending;
  size_t next = kMasterFieldCount;
  auto take = [&]() -> std::optional<std::string> {
    if (!pending.empty()) {
      std::string w = std::move(pending.front());
      pending.pop_front();
      return w;
    }
    if (next < argv.size()) return std::move(argv[next++]);
    return std::nullopt;
  };
  auto more = [&] { return !pending.empty() || next < argv.size(); };
  bool in_options = true;
  while (auto word = take()) {
    std::string arg = std::move(*word);
    if (in_options && (arg.empty() || arg[0] != '-' || arg == "--")) in_options = false;
    if (!in_options) {
      // Non-option arguments: only extract text inside {}.
      if (!arg.empty() && arg[0] == '{') arg = extract_braces(arg, diag);
      out.push_back(std::move(arg));
      continue;
    }
    // Split "-stuffozz" into "-stuff" and "-ozz".
    for (size_t k = 2; k < arg.size(); ++k) {
      if (arg[k] == 'o') {
        pending.push_front("-" + arg.substr(k));
        arg.resize(k);
        break;
      }
    }
    if (!expects_value(arg[1])) {
      out.push_back(std::move(arg));
      continue;
    }
    std::optional<std::string> value;
    if (arg.size() > 2) {
      // Split "-oname=value" into "-o" "name=value".
      value = arg.substr(2);
      arg.resize(2);
    } else if (more()) {
      value = take();
    }
    bool is_o = arg[1] == 'o';
    out.push_back(std::move(arg));
    if (!value) continue;
    if (!value->empty() && (*value)[0] == '{') {
      *value = extract_braces(*value, diag);
      if (is_o) normalise_name_value(*value, diag);
    }
    out.push_back(std::move(*value));
  }
  argv = std::move(out);
}

void MasterFile::check_fields(const std::vector<std::string>& argv, std::string_view raw_text) {
  static constexpr std::array<std::string_view, 5> kTypes = {"unix", "unix-dgram", "fifo", "inet",
                                                             "pass"};
  const std::string& type = argv.at(kFieldType);
  if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end())
    invalid_field("type", type, raw_text);
  for (int f = kFieldPrivate; f <= kFieldChroot; ++f) {
    const std::string& v = argv.at(f);
    if (v.size() != 1 || std::string_view("yn-").find(v[0]) == std::string_view::npos)
      invalid_field(kFieldNames[f], v, raw_text);
  }
  const std::string& wakeup = argv.at(kFieldWakeup);
  size_t len = wakeup.size();
  if (len > 0 && wakeup[len - 1] == '?') --len;
  if (!(wakeup[0] == '-' && len == 1) && wakeup.find_first_not_of("0123456789") < len)
    invalid_field("wakeup", wakeup, raw_text);
  const std::string& maxproc = argv.at(kFieldMaxproc);
  if (maxproc != "-" && maxproc.find_first_not_of("0123456789") != std::string::npos)
    invalid_field("process_limit", maxproc, raw_text);
}

std::optional<MasterService> MasterFile::parse_service(std::string_view logical_line,
                                                       Diagnostics& diag) {
  std::vector<std::string> argv = split_words(logical_line);
  if (argv.size() < kMasterFieldCount) return std::nullopt;
  check_fields(argv, logical_line);
  normalise_args(argv, diag);
  return MasterService::from_argv(std::move(argv));
}

MasterFile MasterFile::parse(std::string_view text, std::string path, Diagnostics& diag) {
  MasterFile m;
  m.path_ = std::move(path);
  std::vector<std::string_view> lines = physical_lines(text);

  // The entry being built: its physical lines, and those that carry content.
  std::optional<MasterEntry> current;
  std::vector<std::string_view> content;
  std::vector<MasterEntry> pending;  // comments/blanks not yet known to be inside

  auto finish = [&] {
    if (!current) return;
    std::string joined = logical_text(content);
    std::string logical = c_string(joined);
    if (current->kind == MasterEntry::Kind::kBad) {
      // Postfix ignores a continuation without preceding text, with a warning.
      diag.warning(printable(m.path_ + ": logical line must not start with whitespace: \"" +
                             logical.substr(0, 30) + (joined.size() > 30 ? "..." : "") + "\""));
    } else {
      auto service = parse_service(logical, diag);
      if (!service)
        throw FatalError(printable("file " + m.path_ + ": line " + std::to_string(current->line) +
                                   ": bad field count"));
      current->service = std::move(*service);
      locate_overrides(current->text, current->line, current->service);
    }
    m.entries_.push_back(std::move(*current));
    current.reset();
    content.clear();
  };
  auto flush_pending = [&] {
    for (auto& e : pending) m.entries_.push_back(std::move(e));
    pending.clear();
  };

  long lineno = 0;
  for (std::string_view line : lines) {
    ++lineno;
    LineClass cls = classify(line);
    if (cls == LineClass::kComment || cls == LineClass::kBlank) {
      MasterEntry e;
      e.kind = cls == LineClass::kComment ? MasterEntry::Kind::kComment : MasterEntry::Kind::kBlank;
      e.text = std::string(line);
      e.line = lineno;
      pending.push_back(std::move(e));
      continue;
    }
    if (cls == LineClass::kContinuation && current) {
      for (auto& e : pending) current->text += e.text;
      pending.clear();
      current->text += line;
      content.push_back(line);
      continue;
    }
    finish();
    flush_pending();
    current.emplace();
    current->kind =
        cls == LineClass::kStart ? MasterEntry::Kind::kService : MasterEntry::Kind::kBad;
    current->text = std::string(line);
    current->line = lineno;
    content.push_back(line);
  }
  finish();
  flush_pending();
  return m;
}

MasterFile MasterFile::load(const std::string& path, Diagnostics& diag, bool fail_on_open) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const FatalError& e) {
    if (fail_on_open) throw;
    diag.warning(e.what());
    MasterFile empty;
    empty.path_ = path;
    return empty;
  }
  return parse(text, path, diag);
}

std::vector<const MasterService*> MasterFile::services() const {
  std::vector<const MasterService*> out;
  for (const auto& e : entries_)
    if (e.kind == MasterEntry::Kind::kService) out.push_back(&e.service);
  return out;
}

std::string MasterFile::render() const {
  std::string out;
  for (const auto& e : entries_) out += e.text;
  return out;
}

void MasterFile::save() const {
  write_file_atomically(path_, render());
}

}  // namespace postkit
