// master_cf_format.cc: Postfix's output layout for master.cf entries.
// postconf -M puts the eight fields at fixed columns (at least one space
// apart) and, when folding, starts every option that takes a value (-o) on
// a new indented line and wraps other words at 80 columns; `{}` is put back
// around values that contain blanks. -F shows one field per line, breaking
// after " = " when the value would pass column 80 (even without -f).
#include <array>
#include <string>

#include "master_cf.h"

namespace postkit::postconf {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";
constexpr std::array<size_t, kMasterFieldCount> kColumnGoal = {0, 11, 17, 25, 33, 41, 49, 57};
const std::string kIndent(kIndentLen, ' ');

bool has_blank(const std::string& s) {
  return s.find_first_of(kBlanks) != std::string::npos;
}
bool expects_value(char option) {
  return option == 'o' || option == '\0';
}

// Appends the words after the command name, with Postfix's grouping: an
// option and its value stay together on a line of their own (when folding).
// value_gap is the width Postfix counts for the space(s) around the value.
void append_arguments(std::string& out, size_t& line_len, const std::vector<std::string>& argv,
                      bool fold, const ValueExpander* expand, size_t value_gap) {
  bool in_options = true;
  for (size_t i = kMasterFieldCount; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    size_t arg_len = arg.size();
    std::optional<std::string> value;
    bool parens = false;
    if (in_options) {
      if (arg[0] != '-' || arg == "--") {
        // The first non-option word gets no {} (as in Postfix).
        in_options = false;
      } else if (expects_value(arg[1]) && i + 1 < argv.size()) {
        line_len = kLineLimit;  // force a line break before the option
        value = argv[i + 1];
        if (arg == "-o" && expand) value = (*expand)(*value);
        arg_len += value->size() + value_gap;
        parens = has_blank(*value);
        if (parens) arg_len += 2;
      }
    } else {
      parens = has_blank(arg);
    }
    if (line_len > kIndentLen) separate_or_fold(out, line_len, fold, 1 + arg_len);
    bool wrap = !in_options && parens;
    if (wrap) out += '{';
    out += arg;
    if (wrap) out += '}';
    line_len += arg.size() + (wrap ? 2 : 0);
    if (value) {
      out += ' ';
      if (parens) out += '{';
      out += *value;
      if (parens) out += '}';
      i += 1;
      line_len = kLineLimit;  // and a line break after it
    }
  }
}

}  // namespace

std::string format_master_entry(const std::vector<std::string>& argv, bool fold,
                                const ValueExpander* expand) {
  std::string out;
  size_t line_len = 0;
  for (int field = 0; field < kMasterFieldCount; ++field) {
    if (line_len > 0) {
      do {
        out += ' ';
        ++line_len;
      } while (line_len < kColumnGoal[field]);
    }
    out += argv[field];
    line_len += argv[field].size();
  }
  append_arguments(out, line_len, argv, fold, expand, 3);
  out += '\n';
  return out;
}

std::string format_master_field(const std::vector<std::string>& argv, int field,
                                const Options& opts, const ValueExpander* expand) {
  std::string out;
  size_t line_len = 0;
  if (!opts.hide_name) {
    out +=
        argv[kFieldService] + "/" + argv[kFieldType] + "/" + std::string(master_field_name(field));
    if (opts.hide_value) return out + "\n";
    out += " = ";
    line_len = out.size();
    if (line_len + argv[field].size() > kLineLimit) {
      out += '\n';
      out += kIndent;
      line_len = kIndentLen;
    }
  }
  out += argv[field];
  line_len += argv[field].size();
  if (field == kFieldCommand) append_arguments(out, line_len, argv, opts.fold, expand, 1);
  out += '\n';
  return out;
}

std::string format_line(std::string_view text, bool fold) {
  std::string out;
  size_t line_len = 0;
  size_t i = 0;
  while (true) {
    i = text.find_first_not_of(kBlanks, i);
    if (i == std::string_view::npos) break;
    size_t end = text.find_first_of(kBlanks, i);
    if (end == std::string_view::npos) end = text.size();
    size_t word_len = end - i;
    if (line_len > 0) separate_or_fold(out, line_len, fold, word_len);
    out += text.substr(i, word_len);
    line_len += word_len;
    i = end;
  }
  out += '\n';
  return out;
}

}  // namespace postkit::postconf
