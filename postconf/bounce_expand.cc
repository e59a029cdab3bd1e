// bounce_expand.cc: $name expansion of bounce template text (see
// bounce_expand.h). A small recursive-descent reader over one line; the
// warnings name the text being parsed, as Postfix's macro parser does.
#include "bounce_expand.h"

#include <cctype>

namespace postkit::postconf {
namespace {

constexpr std::string_view kSpace = " \t\r\n";

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

class LineExpander {
 public:
  LineExpander(const TemplateLookup& lookup, Diagnostics& diag) : lookup_(lookup), diag_(diag) {}

  // Appends the expansion of text to *out; false after a syntax error.
  bool parse(std::string_view text, std::string* out) {
    size_t i = 0;
    while (i < text.size()) {
      size_t dollar = text.find('$', i);
      if (dollar == std::string_view::npos) {
        out->append(text.substr(i));
        break;
      }
      out->append(text.substr(i, dollar - i));
      i = dollar + 1;
      if (i < text.size() && text[i] == '$') {
        out->push_back('$');
        ++i;
        continue;
      }
      if (i < text.size() && (text[i] == '{' || text[i] == '(')) {
        char open = text[i], close = open == '{' ? '}' : ')';
        size_t level = 1, j = i + 1;
        for (; j < text.size(); ++j) {
          if (text[j] == open) ++level;
          if (text[j] == close && --level == 0) break;
        }
        if (j >= text.size()) {
          diag_.warning("truncated macro reference: \"" + std::string(text) + "\"");
          return false;
        }
        std::string_view inner = text.substr(i + 1, j - i - 1);
        if (inner.empty()) {
          diag_.warning("empty macro name: \"" + std::string(text) + "\"");
          return false;
        }
        i = j + 1;
        if (!expression(inner, out)) return false;
        continue;
      }
      size_t j = i;
      while (j < text.size() && is_name_char(text[j])) ++j;
      if (j == i) {
        diag_.warning("empty macro name: \"" + std::string(text) + "\"");
        return false;
      }
      use(std::string(text.substr(i, j - i)), out);
      i = j;
    }
    return true;
  }

  bool undefined() const { return undefined_; }

 private:
  void use(const std::string& name, std::string* out) {
    if (auto v = lookup_(name))
      out->append(*v);
    else
      undefined_ = true;
  }

  // The text of ${...} or $(...) without the brackets.
  bool expression(std::string_view inner, std::string* out) {
    size_t start = inner.find_first_not_of(kSpace);
    if (start == std::string_view::npos) start = inner.size();
    size_t cp = start;
    char op = 0;
    for (;; ++cp) {
      size_t next = inner.find_first_not_of(kSpace, cp);
      if (next == std::string_view::npos) break;
      if (inner[next] == '?' || inner[next] == ':') {
        op = inner[next];
        break;
      }
      if (!is_name_char(inner[cp])) {
        diag_.warning("attribute name syntax error at: \"..." + std::string(inner.substr(0, cp)) +
                      ">>>" + std::string(inner.substr(cp, 20)) + "\"");
        return false;
      }
    }
    std::string name(trim(inner.substr(start, cp - start)));
    if (op == 0) {
      use(name, out);
      return true;
    }
    std::optional<std::string> value = lookup_(name);
    bool set = value && !value->empty();
    std::string_view rest = inner.substr(inner.find(op, cp) + 1);
    rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(kSpace)));
    std::string_view if_set, if_unset;
    bool has_unset = false;
    if (!rest.empty() && rest[0] == '{') {
      std::string_view payload, after;
      if (!curly(rest, &payload, &after)) return false;
      (op == '?' ? if_set : if_unset) = payload;
      if (!after.empty()) {
        if (op != '?' || after[0] != ':') {
          diag_.warning(std::string("\"") + (op == '?' ? ":" : "}") + "\" expected at: \"..." +
                        std::string(payload) + "}>>>" + std::string(after.substr(0, 20)) + "\"");
          return false;
        }
        after.remove_prefix(1);
        after.remove_prefix(std::min(after.size(), after.find_first_not_of(kSpace)));
        std::string_view tail;
        if (after.empty() || after[0] != '{' || !curly(after, &if_unset, &tail) || !tail.empty()) {
          diag_.warning("\"{expression}\" expected at: \"..." + std::string(payload) + "}:>>>" +
                        std::string(after.substr(0, 20)) + "\"");
          return false;
        }
        has_unset = true;
      }
    } else {
      (op == '?' ? if_set : if_unset) = rest;
    }
    if (op == ':') has_unset = true;
    if (set && op == '?') return parse(if_set, out);
    if (!set && has_unset) return parse(if_unset, out);
    return true;
  }

  // text starts with '{': splits off the balanced {payload} and what follows
  // it (leading space removed).
  bool curly(std::string_view text, std::string_view* payload, std::string_view* after) {
    size_t level = 0, j = 0;
    for (; j < text.size(); ++j) {
      if (text[j] == '{') ++level;
      if (text[j] == '}' && --level == 0) break;
    }
    if (j >= text.size()) {
      diag_.warning("unmatched '{' in \"" + std::string(text) + "\"");
      return false;
    }
    *payload = text.substr(1, j - 1);
    *after = text.substr(j + 1);
    after->remove_prefix(std::min(after->size(), after->find_first_not_of(kSpace)));
    return true;
  }

  const TemplateLookup& lookup_;
  Diagnostics& diag_;
  bool undefined_ = false;
};

}  // namespace

ExpandStatus expand_template_line(std::string_view line, const TemplateLookup& lookup,
                                  Diagnostics& diag, std::string* out) {
  LineExpander ex(lookup, diag);
  out->clear();
  if (!ex.parse(line, out)) return ExpandStatus::kSyntaxError;
  return ex.undefined() ? ExpandStatus::kUndefined : ExpandStatus::kOk;
}

}  // namespace postkit::postconf
