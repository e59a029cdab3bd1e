// source.cc: logical lines and postmap entries (see source.h).
#include "source.h"

#include "dict.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace postkit {

namespace {
constexpr size_t kBlock = 64 * 1024;

// Postfix's ISSPACE: ASCII isspace().
inline bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
}  // namespace

LogicalLineReader::LogicalLineReader(int fd, std::string path, Diagnostics& diag, bool utf8)
    : fd_(fd), path_(std::move(path)), diag_(diag), utf8_(utf8) {}

bool LogicalLineReader::fill() {
  if (eof_) return false;
  buf_.resize(kBlock);
  for (;;) {
    ssize_t n = ::read(fd_, buf_.data(), kBlock);
    if (n > 0) {
      buf_.resize(static_cast<size_t>(n));
      pos_ = 0;
      return true;
    }
    if (n == 0) {
      eof_ = true;
      buf_.clear();
      pos_ = 0;
      return false;
    }
    if (errno == EINTR) continue;
    // Postfix's stream layer reports a read error (EISDIR for a directory,
    // EIO) as end of input, and postmap builds what it has read: so do we.
    eof_ = true;
    buf_.clear();
    pos_ = 0;
    return false;
  }
}

int LogicalLineReader::peek() {
  if (pos_ >= buf_.size() && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

bool LogicalLineReader::read_physical(bool* saw_newline) {
  *saw_newline = false;
  bool any = false;
  for (;;) {
    if (pos_ >= buf_.size() && !fill()) return any;
    const char* begin = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    const void* nl = std::memchr(begin, '\n', avail);
    size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : avail;
    line_.append(begin, take);
    any = true;
    pos_ += take;
    if (nl) {
      ++pos_;
      *saw_newline = true;
      return true;
    }
  }
}

std::optional<LogicalLine> LogicalLineReader::next() {
  for (;;) {
    line_.clear();
    long first = 0;
    for (;;) {
      size_t start = line_.size();
      long this_line = lineno_ + 1;
      bool nl = false;
      bool got = read_physical(&nl);
      if (nl) ++lineno_;
      // Skip empty, whitespace-only and comment lines, even inside an entry.
      size_t i = start;
      while (i < line_.size() && is_space(static_cast<unsigned char>(line_[i]))) ++i;
      if (i == line_.size() || line_[i] == '#') {
        line_.resize(start);
      } else if (start == 0) {
        first = this_line;
      }
      if (!got || !nl) break;  // end of input
      if (!line_.empty()) {
        int c = peek();
        if (c != '#' && !is_space(c)) break;  // next logical line (or EOF)
      }
    }
    if (line_.empty()) return std::nullopt;
    if (is_space(static_cast<unsigned char>(line_[0]))) {
      std::string text = path_ + ": logical line must not start with whitespace: \"";
      text += printable(std::string_view(line_).substr(0, 30), utf8_);
      text += line_.size() > 30 ? "...\"" : "\"";
      diag_.warning(text);
      continue;
    }
    return LogicalLine{line_, first};
  }
}

SourceEntry parse_postmap_entry(std::string_view line) {
  // Postfix handles the line as a C string: text after a NUL byte is lost.
  size_t nul = line.find('\0');
  if (nul != std::string_view::npos) line = line.substr(0, nul);
  SourceEntry e;
  bool in_quotes = false;
  size_t k = 0;
  for (; k < line.size(); ++k) {
    char c = line[k];
    if (c == '\\') {
      if (++k == line.size()) break;
    } else if (is_space(static_cast<unsigned char>(c))) {
      if (!in_quotes) break;
    } else if (c == '"') {
      in_quotes = !in_quotes;
    }
  }
  if (in_quotes) {
    e.result = SourceEntry::Result::kUnbalancedQuote;
    return e;
  }
  e.key = line.substr(0, std::min(k, line.size()));
  size_t v = std::min(k + 1, line.size());
  while (v < line.size() && is_space(static_cast<unsigned char>(line[v]))) ++v;
  size_t end = line.size();
  while (end > v && is_space(static_cast<unsigned char>(line[end - 1]))) --end;
  e.value = line.substr(v, end - v);
  e.result =
      e.key.empty() || e.value.empty() ? SourceEntry::Result::kNoValue : SourceEntry::Result::kOk;
  return e;
}

}  // namespace postkit
