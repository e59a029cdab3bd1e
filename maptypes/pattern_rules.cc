// pattern_rules.cc: the table reader, keyword test, if/endif tracking and
// result templates shared by cidr, regexp and pcre tables (pattern_rules.h).
#include "pattern_rules.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "composite_spec.h"
#include "source.h"

namespace postkit::patterns {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Closes an fd on scope exit.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

// Removes the outer braces of an inline spec or rule; throws the fatal
// error Postfix prints ("cidr map: missing '}' in ...").
std::string_view strip_or_fail(std::string_view text, std::string_view type) {
  std::string error;
  auto inner = strip_braces(text, &error);
  if (!inner) throw FatalError(std::string(type) + " map: " + error);
  return *inner;
}

// The rules of an inline spec "{ {rule-1}, {rule-2} }": one line each.
std::vector<RuleLine> inline_rule_lines(std::string_view spec, std::string_view type) {
  std::vector<RuleLine> lines;
  long lineno = 0;
  for (std::string_view token : split_brace_list(strip_or_fail(spec, type))) {
    if (token.front() != '{')
      throw FatalError(std::string(type) + " map: no '{' at start of text in \"" +
                       std::string(token) + "\"");
    std::string_view rule = strip_or_fail(token, type);
    ++lineno;
    // Postfix writes each rule as a line of an in-memory file; empty rules
    // and comments are then skipped like blank lines and comments.
    if (rule.empty() || rule.front() == '#') continue;
    lines.push_back({std::string(rule), lineno});
  }
  return lines;
}

}  // namespace

std::string_view skip_space(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

std::string_view trim_right(std::string_view s) {
  size_t n = s.size();
  while (n > 0 && is_space(s[n - 1])) --n;
  return s.substr(0, n);
}

bool starts_keyword(std::string_view text, std::string_view keyword) {
  if (text.size() < keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) != keyword[i]) return false;
  return text.size() == keyword.size() || !is_alnum(text[keyword.size()]);
}

std::vector<RuleLine> read_rule_lines(const std::string& name, std::string_view type,
                                      Diagnostics& diag) {
  if (!name.empty() && name.front() == '{') return inline_rule_lines(name, type);
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FatalError("open " + name + ": " + std::strerror(errno));
  FdCloser closer(fd);
  LogicalLineReader reader(fd, name, diag);
  std::vector<RuleLine> lines;
  while (auto line = reader.next()) {
    std::string_view text = trim_right(line->text);
    if (text.empty()) continue;
    lines.push_back({std::string(text), line->line});
  }
  return lines;
}

std::vector<long> BlockTracker::unclosed() const {
  std::vector<long> lines;
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) lines.push_back(it->line);
  return lines;
}

std::optional<Replacement> Replacement::parse(std::string_view text, const std::string& label,
                                              std::string_view out_of_range_zero,
                                              Diagnostics& diag) {
  Replacement r;
  bool error = false;
  std::string buf;
  auto flush_literal = [&] {
    if (!buf.empty()) r.pieces_.push_back({false, buf, 0});
    buf.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      buf += text[i++];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      buf += '$';
      i += 2;
      continue;
    }
    flush_literal();
    ++i;
    std::string name;
    if (i < text.size() && (text[i] == '{' || text[i] == '(')) {
      char open = text[i], close = open == '{' ? '}' : ')';
      int level = 1;
      size_t start = ++i, end = i;
      for (; level > 0; ++end) {
        if (end >= text.size()) {
          diag.warning("truncated macro reference: \"" + std::string(text) + "\"");
          return std::nullopt;
        }
        if (text[end] == open) ++level;
        if (text[end] == close) --level;
      }
      name = std::string(text.substr(start, end - 1 - start));
      i = end;
    } else {
      size_t start = i;
      while (i < text.size() && (is_alnum(text[i]) || text[i] == '_')) ++i;
      name = std::string(text.substr(start, i - start));
    }
    if (name.empty()) {
      diag.warning("empty macro name: \"" + std::string(text) + "\"");
      return std::nullopt;
    }
    bool digits = true;
    for (char c : name) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
      diag.warning(label + ": non-numeric replacement index \"" + name + "\"");
      error = true;
      continue;
    }
    // atoi() semantics, saturated so a huge index is simply out of range.
    size_t n = 0;
    for (char c : name) n = n > 100000000 ? n : n * 10 + static_cast<size_t>(c - '0');
    if (n < 1) {
      diag.warning(label + ": " + std::string(out_of_range_zero) + " replacement index \"" + name +
                   "\"");
      error = true;
      continue;
    }
    r.max_sub_ = std::max(r.max_sub_, n);
    r.pieces_.push_back({true, {}, n});
  }
  if (error) return std::nullopt;
  flush_literal();
  return r;
}

std::string Replacement::expand(const std::function<std::string_view(size_t)>& group) const {
  std::string out;
  for (const Piece& p : pieces_) {
    if (p.is_sub)
      out += group(p.n);
    else
      out += p.text;
  }
  return out;
}

}  // namespace postkit::patterns
