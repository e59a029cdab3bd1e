// message_keys.cc: the lookup keys of postmap's header/body query mode
// (-h, -b, -m with "-q -"), as Postfix's MIME engine produces them:
//  - a header is one logical header: its first line and any continuation
//    lines (starting with space or tab) joined with newlines;
//  - a header section ends at an empty line, which is the first body line,
//    or at a line that is not a header, in which case an empty body line is
//    produced first, then that line;
//  - without -m only the primary header section is headers, everything
//    after it is body; with -m, multipart boundaries ("--B", "--B--") are
//    body lines that start a part's header section, and a message/rfc822
//    part's body starts with another header section.
// Without -b and -m, reading stops after the primary header section.
#include <algorithm>
#include <cctype>
#include <vector>

#include "postmap.h"

namespace postkit::postmap {
namespace {

// Postfix's is_header(): NAME [spaces] ':' with NAME printable ASCII.
bool is_header(std::string_view line) {
  size_t i = 0, name_len = 0;
  bool after_space = false;
  for (; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == ':') return name_len > 0;
    if (c == ' ' || c == '\t') {
      if (name_len == 0) return false;
      after_space = true;
      continue;
    }
    if (c == 0 || c >= 0x80 || std::iscntrl(c) || after_space) return false;
    ++name_len;
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct ContentType {
  std::string type;  // "multipart", "message", "text", ...
  std::string subtype;
  std::string boundary;
};

// Parses the value of a Content-Type header (after the colon).
ContentType parse_content_type(std::string_view header) {
  ContentType ct;
  std::string_view v = header.substr(header.find(':') + 1);
  auto skip_ws = [&] {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  };
  auto token = [&] {
    skip_ws();
    size_t n = 0;
    while (n < v.size() && !std::isspace(static_cast<unsigned char>(v[n])) &&
           std::string_view("()<>@,;:\\\"/[]?=").find(v[n]) == std::string_view::npos) {
      ++n;
    }
    std::string t(v.substr(0, n));
    v.remove_prefix(n);
    return t;
  };
  ct.type = lower(token());
  skip_ws();
  if (!v.empty() && v.front() == '/') {
    v.remove_prefix(1);
    ct.subtype = lower(token());
  }
  while (true) {
    skip_ws();
    if (v.empty()) break;
    if (v.front() != ';') {
      v.remove_prefix(1);
      continue;
    }
    v.remove_prefix(1);
    std::string name = lower(token());
    skip_ws();
    if (v.empty() || v.front() != '=') continue;
    v.remove_prefix(1);
    skip_ws();
    std::string value;
    if (!v.empty() && v.front() == '"') {
      v.remove_prefix(1);
      while (!v.empty() && v.front() != '"') {
        if (v.front() == '\\' && v.size() > 1) v.remove_prefix(1);
        value += v.front();
        v.remove_prefix(1);
      }
      if (!v.empty()) v.remove_prefix(1);
    } else {
      value = token();
    }
    if (name == "boundary" && ct.boundary.empty()) ct.boundary = value;
  }
  return ct;
}

class MessageScanner {
 public:
  MessageScanner(bool headers, bool body, bool mime,
                 const std::function<void(std::string_view)>& visit)
      : want_headers_(headers), want_body_(body), mime_(mime), visit_(visit) {}

  // Returns false when no more input is needed.
  bool line(std::string_view text) {
    if (in_header_) return header_line(text);
    body_line(text);
    return true;
  }

  void end() { flush_header(); }

 private:
  bool header_line(std::string_view text) {
    if (!text.empty() && (text[0] == ' ' || text[0] == '\t') && !pending_.empty()) {
      pending_ += '\n';
      pending_ += text;
      return true;
    }
    flush_header();
    if (is_header(text)) {
      // Postfix drops whitespace between a header name and its colon.
      size_t colon = text.find(':');
      size_t name_end = text.find_first_of(" \t");
      if (name_end < colon) {
        pending_.assign(text.substr(0, name_end));
        pending_.append(text.substr(colon));
      } else {
        pending_.assign(text);
      }
      return true;
    }
    // End of this header section.
    in_header_ = false;
    const bool primary = primary_;
    primary_ = false;
    if (primary && !want_body_ && !mime_) return false;
    start_body();
    if (text.empty()) {
      emit_body(text);
    } else {
      emit_body("");
      body_line(text);
    }
    return true;
  }

  void flush_header() {
    if (pending_.empty()) return;
    if (mime_ && lower(pending_.substr(0, std::min<size_t>(pending_.find(':'), pending_.size()))) ==
                     "content-type") {
      section_type_ = parse_content_type(pending_);
    }
    if (want_headers_ && (primary_ || mime_)) visit_(pending_);
    pending_.clear();
  }

  // Applies the Content-Type of the header section that just ended.
  void start_body() {
    ContentType ct = std::move(section_type_);
    section_type_ = ContentType{};
    if (!mime_) return;
    if (ct.type == "multipart" && !ct.boundary.empty()) {
      boundaries_.push_back(ct.boundary);
    } else if (ct.type == "message" && ct.subtype == "rfc822") {
      nested_message_ = true;
    }
  }

  void body_line(std::string_view text) {
    if (nested_message_) {
      // The body of a message/rfc822 part starts with its own headers.
      nested_message_ = false;
      in_header_ = true;
      header_line(text);
      return;
    }
    if (mime_ && text.size() >= 2 && text[0] == '-' && text[1] == '-') {
      for (size_t i = boundaries_.size(); i-- > 0;) {
        const std::string& b = boundaries_[i];
        std::string_view rest = text.substr(2);
        if (rest.substr(0, b.size()) != b) continue;
        rest.remove_prefix(b.size());
        emit_body(text);
        boundaries_.resize(i + 1);
        if (rest.substr(0, 2) == "--") {
          boundaries_.pop_back();  // closing boundary: the epilogue follows
        } else {
          in_header_ = true;  // a new part's headers follow
        }
        return;
      }
    }
    emit_body(text);
  }

  void emit_body(std::string_view text) {
    if (want_body_) visit_(text);
  }

  bool want_headers_, want_body_, mime_;
  const std::function<void(std::string_view)>& visit_;
  bool in_header_ = true;
  bool primary_ = true;
  bool nested_message_ = false;
  std::string pending_;
  ContentType section_type_;
  std::vector<std::string> boundaries_;
};

}  // namespace

void scan_message(LineInput& in, bool headers, bool body, bool mime,
                  const std::function<void(std::string_view)>& visit) {
  MessageScanner scanner(headers, body, mime, visit);
  while (std::optional<std::string_view> line = in.next()) {
    if (!scanner.line(*line)) return;
  }
  scanner.end();
}

}  // namespace postkit::postmap
