// bounce_templates.cc: built-in bounce templates, the template file reader,
// and the -t (dump) and -b (expand) renderings. See bounce_templates.h.
#include "bounce_templates.h"

#include <strings.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace postkit::postconf {
namespace {

constexpr const char* kBuiltin = "[built-in]";
constexpr const char* kFrom = "Mail Delivery System <MAILER-DAEMON>";

// The closing lines every built-in template shares.
const std::vector<std::string> kAssistance = {
    "For further assistance, please send mail to postmaster.",
    "",
    "If you do so, please include this problem report. You can",
    "delete your own text from the attached returned message.",
    "",
    "                   The mail system",
};

std::vector<std::string> with_assistance(std::vector<std::string> lines) {
  lines.insert(lines.end(), kAssistance.begin(), kAssistance.end());
  return lines;
}

bool all_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

bool all_space(std::string_view s) {
  for (unsigned char c : s)
    if (!std::isspace(c)) return false;
  return true;
}

// Length of the header label when line looks like "Label:" (optionally with
// space before the colon), else 0: printable ASCII without space or colon.
size_t header_label_length(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] > ' ' && line[n] < 0x7f && line[n] != ':') ++n;
  if (n == 0) return 0;
  size_t j = n;
  while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
  return j < line.size() && line[j] == ':' ? n : 0;
}

std::vector<std::string> split_lines(const std::string& buf) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (;;) {
    size_t nl = buf.find('\n', start);
    lines.push_back(buf.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Checks a replacement text and applies it to t. Returns false (after a
// warning) when the template must be ignored.
bool apply_replacement(BounceTemplate& t, const std::string& buffer, Diagnostics& diag) {
  auto ignore = [&](const std::string& why) {
    diag.warning(t.origin + ": " + why + " in " + t.kind + " template -- ignoring this template");
    return false;
  };
  std::vector<std::string> lines = split_lines(buffer);
  size_t i = 0;
  for (; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    size_t hlen = header_label_length(line);
    if (hlen == 0) break;
    std::string label = line.substr(0, hlen);
    size_t v = hlen;
    while (v < line.size() && (line[v] == ':' || std::isspace(static_cast<unsigned char>(line[v]))))
      ++v;
    std::string value = line.substr(v);
    if (value.empty()) return ignore("empty \"" + label + "\" header value");
    if (!all_ascii(value)) return ignore("non-ASCII \"" + label + "\" header value");
    if (strcasecmp(label.c_str(), "charset") == 0) {
      t.charset = value;
    } else if (strcasecmp(label.c_str(), "from") == 0) {
      t.from = value;
    } else if (strcasecmp(label.c_str(), "subject") == 0) {
      t.subject = value;
    } else if (strcasecmp(label.c_str(), "postmaster-subject") == 0) {
      if (!t.postmaster_subject) return ignore("inapplicable \"" + label + "\" header label");
      t.postmaster_subject = value;
    } else {
      return ignore("unknown \"" + label + "\" header label");
    }
  }
  while (i < lines.size() && all_space(lines[i])) ++i;
  if (i >= lines.size()) {
    diag.warning(t.origin + ": missing message text in " + t.kind +
                 " template -- ignoring this template");
    return false;
  }
  t.text.assign(lines.begin() + static_cast<long>(i), lines.end());
  bool eight_bit = false;
  for (const auto& l : t.text) eight_bit |= !all_ascii(l);
  if (eight_bit && strcasecmp(t.charset.c_str(), "us-ascii") == 0) {
    diag.warning(t.origin + ": 8-bit message text in " + t.kind + " template");
    diag.warning("please specify a charset value other than us-ascii");
    diag.warning("-- ignoring this template for now");
    return false;
  }
  return true;
}

}  // namespace

BounceTemplates BounceTemplates::builtin() {
  BounceTemplates ts;
  const std::string intro = "This is the mail system at host $myhostname.";
  ts.templates_ = {
      {"failure", kBuiltin, "us-ascii", kFrom, "Undelivered Mail Returned to Sender",
       "Postmaster Copy: Undelivered Mail",
       with_assistance({intro, "", "I'm sorry to have to inform you that your message could not",
                        "be delivered to one or more recipients. It's attached below.", ""}),
       std::nullopt},
      {"delay", kBuiltin, "us-ascii", kFrom, "Delayed Mail (still being retried)",
       "Postmaster Warning: Delayed Mail",
       with_assistance(
           {intro, "", "####################################################################",
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #",
            "####################################################################", "",
            "Your message could not be delivered for more than $delay_warning_time_hours hour(s).",
            "It will be retried until it is $maximal_queue_lifetime_days day(s) old.", ""}),
       std::nullopt},
      {"success",
       kBuiltin,
       "us-ascii",
       kFrom,
       "Successful Mail Delivery Report",
       std::nullopt,
       {intro, "", "Your message was successfully delivered to the destination(s)",
        "listed below. If the message was delivered to mailbox you will",
        "receive no further notifications. Otherwise you may still receive",
        "notifications of mail delivery errors from other systems.", "",
        "                   The mail system"},
       std::nullopt},
      {"verify",
       kBuiltin,
       "us-ascii",
       kFrom,
       "Mail Delivery Status Report",
       std::nullopt,
       {intro, "", "Enclosed is the mail delivery report that you requested.", "",
        "                   The mail system"},
       std::nullopt},
  };
  ts.defaults_ = ts.templates_;
  return ts;
}

// Reads lines as Postfix does, into one reused buffer, and keeps a copy of
// that buffer's bytes: Postfix names a missing end marker through a pointer
// into the buffer, so the text it prints is whatever the last lines left at
// the marker's offset. Reproducing that keeps the warning byte-identical.
class TemplateFileReader {
 public:
  explicit TemplateFileReader(std::istream& in) : in_(in) {}

  bool next(std::string* line) {
    if (!std::getline(in_, *line)) {
      if (!buffer_.empty()) buffer_[0] = '\0';  // the failed read empties it
      return false;
    }
    if (buffer_.size() < line->size() + 1) buffer_.resize(line->size() + 1, '\0');
    buffer_.replace(0, line->size(), *line);
    buffer_[line->size()] = '\0';
    return true;
  }
  // Postfix trims a value in place, ending it with a NUL.
  void terminate_at(size_t pos) {
    if (pos < buffer_.size()) buffer_[pos] = '\0';
  }
  // The NUL-terminated text the buffer holds at offset.
  std::string text_at(size_t offset) const {
    if (offset >= buffer_.size()) return {};
    return std::string(buffer_.c_str() + offset);
  }

 private:
  std::istream& in_;
  std::string buffer_;
};

void BounceTemplates::load(const std::string& path, Diagnostics& diag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FatalError("open " + path + ": " + std::strerror(errno));
  // Opening a directory succeeds; Postfix fails on the first read.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw FatalError("read " + path + ": " + std::strerror(EISDIR));
  TemplateFileReader reader(in);
  std::string last_heredoc;
  std::string line;
  // Postfix counts from 1 before reading the first line: keep its numbers.
  long lineno = 1;
  while (reader.next(&line)) {
    ++lineno;
    size_t first = line.find_first_not_of(" \t\n\v\f\r");
    if (first == std::string::npos || line[first] == '#') continue;
    size_t eq = line.find('=');
    std::string name = eq == std::string::npos ? line : line.substr(0, eq);
    name.erase(0, name.find_first_not_of(" \t\n\v\f\r"));
    name.erase(name.find_last_not_of(" \t\n\v\f\r") + 1);
    if (name.empty())
      throw FatalError(Diagnostics::at(path, lineno) + "missing attribute name: \"" + line + "\"");
    if (eq == std::string::npos)
      throw FatalError(Diagnostics::at(path, lineno) + "missing '=' after attribute name: \"" +
                       line + "\"");
    std::string value = line.substr(eq + 1);
    value.erase(0, value.find_first_not_of(" \t\n\v\f\r"));
    value.erase(value.find_last_not_of(" \t\n\v\f\r") + 1);
    if (value.size() >= 2 && value[0] == '<' && value[1] == '<') {
      std::string marker = value.substr(2);
      marker.erase(0, marker.find_first_not_of(" \t\n\v\f\r"));
      size_t value_end = line.find_last_not_of(" \t\n\v\f\r") + 1;
      size_t marker_offset = value_end - marker.size();
      reader.terminate_at(value_end);
      if (marker.empty())
        throw FatalError(Diagnostics::at(path, lineno) + "missing end marker after <<");
      if (!std::isalnum(static_cast<unsigned char>(marker[0])))
        throw FatalError(Diagnostics::at(path, lineno) + "malformed end marker after <<");
      std::string body;
      bool ended = false, first_line = true;
      while (reader.next(&line)) {
        ++lineno;
        if (line == marker) {
          ended = true;
          break;
        }
        if (!first_line) body += '\n';
        body += line;
        first_line = false;
      }
      if (!ended)
        diag.warning(Diagnostics::at(path, lineno) + "missing \"" + reader.text_at(marker_offset) +
                     "\" end marker");
      // Postfix reuses one buffer for every <<MARKER text and does not clear it:
      // a text without lines is the previous one, as it prints.
      if (first_line) body = last_heredoc;
      last_heredoc = body;
      value = body;
    }
    bool known = false;
    for (auto& t : templates_) {
      if (name == t.kind + "_template") {
        t = defaults_[static_cast<size_t>(&t - templates_.data())];
        t.origin = path;
        t.pending = value;
        known = true;
        break;
      }
    }
    if (!known)
      diag.warning(Diagnostics::at(path, lineno) + "unknown template name: " + name +
                   " -- ignoring this template");
  }
}

BounceTemplate& BounceTemplates::resolve(BounceTemplate& t, Diagnostics& diag) {
  if (t.pending) {
    std::string buffer = std::move(*t.pending);
    t.pending.reset();
    if (!apply_replacement(t, buffer, diag))
      t = defaults_[static_cast<size_t>(&t - templates_.data())];
  }
  return t;
}

std::string BounceTemplates::dump(Diagnostics& diag) {
  std::ostringstream out;
  bool first = true;
  for (auto& slot : templates_) {
    const BounceTemplate& t = resolve(slot, diag);
    if (!first) out << "\n";
    first = false;
    out << t.kind << "_template = <<EOF\n";
    out << "Charset: " << t.charset << "\n";
    out << "From: " << t.from << "\n";
    out << "Subject: " << t.subject << "\n";
    if (t.postmaster_subject) out << "Postmaster-Subject: " << *t.postmaster_subject << "\n";
    out << "\n";
    for (const auto& l : t.text) out << l << "\n";
    out << "EOF\n";
  }
  return out.str();
}

std::string BounceTemplates::expand(const TemplateLookup& lookup, Diagnostics& diag) {
  std::ostringstream out;
  bool first = true;
  for (auto& slot : templates_) {
    const BounceTemplate& t = resolve(slot, diag);
    current_ = &t;
    if (!first) out << "\n";
    first = false;
    out << "expanded_" << t.kind << "_text = <<EOF\n";
    std::string line;
    for (const auto& l : t.text) {
      switch (expand_template_line(l, lookup, diag, &line)) {
        case ExpandStatus::kSyntaxError:
          throw FatalError(t.origin + ": bad $name syntax in " + t.kind + " template: " + l);
        case ExpandStatus::kUndefined:
          throw FatalError(t.origin + ": undefined $name in " + t.kind + " template: " + l);
        case ExpandStatus::kOk:
          break;
      }
      out << line << "\n";
    }
    out << "EOF\n";
  }
  current_ = nullptr;
  return out.str();
}

}  // namespace postkit::postconf
