// bounce_expand.cc: $name expansion of bounce template text (see
// bounce_expand.h), with Postfix 3.7's rules for what is a syntax error and
// how each is worded.
//
// Two layers, as in Postfix: scan() finds $name, ${...} and $(...) in text
// (an unterminated or empty reference stops the scan), and expression()
// evaluates what is inside the brackets: a name with optional ?/: result
// operands, or a relational expression {a} OP {b}. After the first
// expression error, later expressions are not evaluated, but the scan goes
// on and still reports reference errors, which is what Postfix prints.
#include "bounce_expand.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace postkit::postconf {
namespace {

constexpr std::string_view kSpace = " \t\r\n\v\f";
constexpr int kMaxNesting = 100;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

std::string_view skip_space(std::string_view s) {
  s.remove_prefix(std::min(s.size(), s.find_first_not_of(kSpace)));
  return s;
}

class LineExpander {
 public:
  LineExpander(const TemplateLookup& lookup, Diagnostics& diag) : lookup_(lookup), diag_(diag) {}

  // Scans text, appending its expansion to *out.
  void scan(std::string_view text, std::string* out) {
    size_t i = 0;
    while (i < text.size()) {
      size_t dollar = text.find('$', i);
      if (dollar == std::string_view::npos) {
        out->append(text.substr(i));
        return;
      }
      out->append(text.substr(i, dollar - i));
      i = dollar + 1;
      if (i < text.size() && text[i] == '$') {
        out->push_back('$');
        ++i;
        continue;
      }
      std::string_view inner;
      if (i < text.size() && (text[i] == '{' || text[i] == '(')) {
        char open = text[i], close = open == '{' ? '}' : ')';
        size_t level = 1, j = i + 1;
        for (; j < text.size(); ++j) {
          if (text[j] == open) ++level;
          if (text[j] == close && --level == 0) break;
        }
        if (j >= text.size()) {
          report("truncated macro reference: \"" + std::string(text) + "\"");
          return;
        }
        // Once an expression failed, Postfix stops at the next complete
        // bracketed reference (but still reports a truncated one).
        if (error_) return;
        inner = text.substr(i + 1, j - i - 1);
        i = j + 1;
      } else {
        size_t j = i;
        while (j < text.size() && is_name_char(text[j])) ++j;
        inner = text.substr(i, j - i);
        i = j;
      }
      if (inner.empty()) {
        report("empty macro name: \"" + std::string(text) + "\"");
        return;
      }
      expression(inner, out);
    }
  }

  bool error() const { return error_; }
  bool undefined() const { return undefined_; }

 private:
  void report(const std::string& text) {
    diag_.warning(text);
    error_ = true;
  }

  // Evaluates the text between the brackets of one reference.
  void expression(std::string_view inner, std::string* out) {
    if (++nesting_ > kMaxNesting)
      report("unreasonable macro call nesting: \"" + std::string(inner) + "\"");
    if (!error_) evaluate(inner, out);
    --nesting_;
  }

  void evaluate(std::string_view inner, std::string* out) {
    std::optional<std::string> value;
    std::string_view cp;
    char op = 0;
    if (std::string_view left = skip_space(inner); !left.empty() && left[0] == '{') {
      if (!relational(left, &value, &cp)) return;
      if (!cp.empty()) {
        if (cp[0] != '?' && cp[0] != ':') {
          report("\"?\" or \":\" expected at: \"...}>>>" + std::string(cp.substr(0, 20)) + "\"");
          return;
        }
        op = cp[0];
        cp.remove_prefix(1);
      }
    } else {
      size_t start = inner.find_first_not_of(kSpace);
      if (start == std::string_view::npos) start = inner.size();
      size_t pos = start;
      for (;; ++pos) {
        size_t next = inner.find_first_not_of(kSpace, pos);
        if (next == std::string_view::npos) break;
        if (inner[next] == '?' || inner[next] == ':') {
          op = inner[next];
          cp = inner.substr(next + 1);
          break;
        }
        if (!is_name_char(inner[pos])) {
          report("attribute name syntax error at: \"..." + std::string(inner.substr(0, pos)) +
                 ">>>" + std::string(inner.substr(pos, 20)) + "\"");
          return;
        }
      }
      value = lookup_(std::string(inner.substr(start, pos - start)));
    }
    bool set = value && !value->empty();
    if (op == 0) {
      if (!value)
        undefined_ = true;
      else
        out->append(*value);
      return;
    }
    if (op == '?') {
      std::string_view if_set;
      if (!operand(&cp, &if_set)) return;
      if (set) scan(if_set, out);
      if (cp.empty()) return;
      if (cp[0] != ':') {
        report("\":\" expected at: \"..." + std::string(if_set) + "}>>>" +
               std::string(cp.substr(0, 20)) + "\"");
        return;
      }
      cp.remove_prefix(1);
    }
    std::string_view if_unset;
    if (!operand(&cp, &if_unset)) return;
    if (!set) scan(if_unset, out);
    if (!cp.empty())
      report("unexpected input at: \"..." + std::string(if_unset) + "}>>>" +
             std::string(cp.substr(0, 20)) + "\"");
  }

  // A result operand: a {balanced} payload (then *cp is what follows, white
  // space skipped), or else all the remaining text (then *cp is empty).
  bool operand(std::string_view* cp, std::string_view* payload) {
    std::string_view s = skip_space(*cp);
    if (s.empty() || s[0] != '{') {
      *payload = *cp;
      *cp = {};
      return true;
    }
    *cp = s;
    return curly(cp, payload);
  }

  // *cp starts with '{': extracts the payload and skips white space after '}'.
  bool curly(std::string_view* cp, std::string_view* payload) {
    size_t level = 1, j = 1;
    for (; j < cp->size(); ++j) {
      if ((*cp)[j] == '{') ++level;
      if ((*cp)[j] == '}' && --level == 0) break;
    }
    if (j >= cp->size()) {
      report("unbalanced {} in attribute expression: \"" + std::string(*cp) + "\"");
      return false;
    }
    *payload = cp->substr(1, j - 1);
    *cp = skip_space(cp->substr(j + 1));
    return true;
  }

  // {left} OP {right}: *value becomes "true" or "" as Postfix fakes a lookup.
  bool relational(std::string_view text, std::optional<std::string>* value, std::string_view* cp) {
    *cp = text;
    std::string_view left, right;
    if (!curly(cp, &left)) return false;
    size_t op_len = std::min(cp->size(), cp->find_first_not_of("<>!=?+-*/~&|%"));
    std::string_view op = cp->substr(0, op_len);
    static constexpr std::string_view kOps[] = {"==", "!=", "<", "<=", ">=", ">"};
    if (std::find(std::begin(kOps), std::end(kOps), op) == std::end(kOps)) {
      report("\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: \"..." +
             std::string(left) + "}>>>" + std::string(cp->substr(0, 20)) + "\"");
      return false;
    }
    cp->remove_prefix(op_len);
    // Postfix reads letters after an operator as an operator extension
    // ("==suffix"); none is registered for bounce templates.
    if (!cp->empty() && std::isalnum(static_cast<unsigned char>((*cp)[0]))) {
      size_t n = 1;
      while (n < cp->size() && std::isalnum(static_cast<unsigned char>((*cp)[n]))) ++n;
      report("bad operator suffix at: \"..." + std::string(op) + ">>>" +
             std::string(cp->substr(0, n)) + "\"");
      return false;
    }
    std::string_view s = skip_space(*cp);
    if (s.empty() || s[0] != '{') {
      report("\"{expression}\" expected at: \"...{" + std::string(left) + "} " + std::string(op) +
             ">>>" + std::string(cp->substr(0, 20)) + "\"");
      return false;
    }
    *cp = s;
    if (!curly(cp, &right)) return false;
    std::string l, r;
    scan(left, &l);
    scan(right, &r);
    if (error_) return false;
    long delta = 0;
    if (all_digits(l) && all_digits(r))
      delta = std::strtol(l.c_str(), nullptr, 10) - std::strtol(r.c_str(), nullptr, 10);
    else
      delta = l.compare(r);
    bool result = op == "=="   ? delta == 0
                  : op == "!=" ? delta != 0
                  : op == "<"  ? delta < 0
                  : op == "<=" ? delta <= 0
                  : op == ">=" ? delta >= 0
                               : delta > 0;
    *value = result ? "true" : "";
    return true;
  }

  const TemplateLookup& lookup_;
  Diagnostics& diag_;
  bool error_ = false;
  bool undefined_ = false;
  int nesting_ = 0;
};

}  // namespace

ExpandStatus expand_template_line(std::string_view line, const TemplateLookup& lookup,
                                  Diagnostics& diag, std::string* out) {
  LineExpander ex(lookup, diag);
  out->clear();
  ex.scan(line, out);
  if (ex.error()) return ExpandStatus::kSyntaxError;
  return ex.undefined() ? ExpandStatus::kUndefined : ExpandStatus::kOk;
}

}  // namespace postkit::postconf
