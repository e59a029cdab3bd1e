// main_cf_show.cc: postconf's main.cf display modes. Which value is shown
// follows Postfix: -d shows defaults; -n shows only explicit settings
// (main.cf and -o); otherwise the explicit setting, else the default. -x
// expands the value (not for "raw" parameters), looking up defaults only with
// -d. Output is sorted by name; named parameters print in argument order and
// an unknown one is a warning.
#include <iostream>

#include "line_fold.h"
#include "main_cf.h"
#include "param_table.h"

namespace postkit::postconf {
namespace {

// Postfix writes stdout through a 4096-byte buffer, and a fatal error (a
// malformed value met by -x halfway through a listing) exits without flushing
// it: only whole blocks of the listing reach the output. We do the same.
class BlockedStdout {
 public:
  static constexpr size_t kBlock = 4096;
  void write(std::string_view s) {
    pending_ += s;
    if (pending_.size() < kBlock) return;
    size_t whole = pending_.size() / kBlock * kBlock;
    std::cout.write(pending_.data(), static_cast<std::streamsize>(whole));
    pending_.erase(0, whole);
  }
  void flush() {
    std::cout << pending_;
    pending_.clear();
    std::cout.flush();
  }

 private:
  std::string pending_;
};

bool is_separator(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

bool is_raw(std::string_view name) {
  const ParamSpec* spec = ParamTable::builtin().find(name);
  return spec && spec->type == ParamType::kRaw;
}

void print_parameter(const Options& o, const Config& config, const ParamRegistry& registry,
                     const std::string& name, BlockedStdout& out, Diagnostics& diag) {
  std::optional<std::string> value;
  if (o.defaults) {
    value = registry.lookup(config, name, true);
  } else {
    value = config.explicit_value(name);
    if (!value && !o.non_default) value = registry.lookup(config, name, false);
  }
  if (!value) return;
  std::string shown = *value;
  if (o.expand && !is_raw(name)) shown = registry.expand(config, shown, o.defaults, diag);
  std::string text;
  if (o.hide_value)
    text = name;
  else if (o.hide_name)
    text = shown;
  else
    text = name + " = " + shown;
  out.write(print_line(text, o.fold));
}

}  // namespace

std::string print_line(std::string_view text, bool fold) {
  std::string out;
  size_t line_len = 0;
  size_t p = 0;
  while (true) {
    while (p < text.size() && is_separator(text[p])) ++p;
    if (p >= text.size()) break;
    size_t start = p;
    while (p < text.size() && !is_separator(text[p])) ++p;
    size_t word_len = p - start;
    if (line_len > 0) separate_or_fold(out, line_len, fold, word_len);
    out.append(text.substr(start, word_len));
    line_len += word_len;
  }
  out += '\n';
  return out;
}

int show_main(const Options& o, const Config& config, const ParamRegistry& registry,
              Diagnostics& diag) {
  BlockedStdout out;
  if (o.operands.empty()) {
    unsigned mask = parse_param_classes(o.param_classes);
    for (const auto& [name, cls] : registry.classes())
      if (cls & mask) print_parameter(o, config, registry, name, out, diag);
  } else {
    for (const auto& name : o.operands) {
      if (!registry.known(name)) {
        diag.warning(printable(name + ": unknown parameter"));
      } else {
        print_parameter(o, config, registry, name, out, diag);
      }
    }
  }
  out.flush();
  return 0;
}

}  // namespace postkit::postconf
