// expander.cc: see expander.h. The structure follows the behaviour of
// Postfix's mac_parse()/mac_expand(): a value is split into literal text and
// $references; each reference is evaluated (name lookup, conditional, or
// relational expression) and, with kRecurse, looked-up values are parsed in
// turn. The nesting counter is what Postfix counts (every nested call), so
// the same inputs fail at the same point with the same warning.
#include "expander.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace postkit {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";
constexpr std::string_view kOperatorChars = "<>!=?+-*/~&|%";

// Relational expressions restart Postfix's nesting count; this bounds the
// total depth across them so a self-referencing relational expression (which
// crashes Postfix) is reported instead of overflowing the stack.
constexpr int kMaxTotalDepth = 1000;

bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

bool is_alnum(char ch) {
  return is_name_char(ch) && ch != '_';
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

std::string quoted_prefix(std::string_view s, size_t n) {
  return std::string(s.substr(0, n));
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    auto uc = static_cast<unsigned char>(ch);
    if (uc < 0x20 || uc >= 0x7f) ch = '?';
  }
  return out;
}

struct Expander::Context {
  const Expander* self;
  std::string* out;  // nullptr in scan mode
  unsigned flags;
  const Visit* visit;
  bool error = false;
  bool undefined = false;
  int level = 0;
  int* total_depth;  // shared by nested relational-operand expansions

  bool scanning() const { return (flags & kScan) != 0; }

  void warn(const std::string& text) {
    self->diag_->warning(printable(text));
    error = true;
  }

  enum class Token { kLiteral, kExpr };

  // mac_parse(): split value into literals and $references.
  void parse(std::string_view v) {
    std::string buf;
    size_t i = 0;
    while (i < v.size()) {
      char ch = v[i];
      if (ch != '$') {
        buf += ch;
        ++i;
        continue;
      }
      if (i + 1 < v.size() && v[i + 1] == '$') {
        buf += '$';
        i += 2;
        continue;
      }
      if (!buf.empty()) {
        callback(Token::kLiteral, buf);
        buf.clear();
      }
      ++i;
      if (i < v.size() && (v[i] == '{' || v[i] == '(')) {
        char open = v[i];
        char close = open == '{' ? '}' : ')';
        size_t start = ++i;
        size_t ep = start;
        int depth = 1;
        for (; depth > 0; ++ep) {
          if (ep >= v.size()) {
            warn("truncated macro reference: \"" + std::string(v) + "\"");
            return;
          }
          if (v[ep] == open) ++depth;
          if (v[ep] == close) --depth;
        }
        buf.assign(v.substr(start, ep - start - 1));
        i = ep;
      } else {
        size_t ep = i;
        while (ep < v.size() && is_name_char(v[ep])) ++ep;
        buf.assign(v.substr(i, ep - i));
        i = ep;
      }
      if (buf.empty()) {
        warn("empty macro name: \"" + std::string(v) + "\"");
        return;
      }
      callback(Token::kExpr, buf);
      buf.clear();
    }
    if (!buf.empty() && !error) callback(Token::kLiteral, buf);
  }

  // Skips whitespace; true (and advances) when a '{' follows.
  static bool find_left_curly(std::string_view s, size_t& cp) {
    size_t p = cp;
    while (p < s.size() && kWhitespace.find(s[p]) != std::string_view::npos) ++p;
    if (p < s.size() && s[p] == '{') {
      cp = p;
      return true;
    }
    return false;
  }

  // s[cp] == '{': returns the balanced payload and moves cp past '}' and any
  // whitespace after it.
  std::optional<std::string> extract_curly(std::string_view s, size_t& cp) {
    int depth = 1;
    size_t p = cp + 1;
    for (;; ++p) {
      if (p >= s.size()) {
        warn("unbalanced {} in attribute expression: \"" + std::string(s.substr(cp)) + "\"");
        return std::nullopt;
      }
      if (s[p] == '{') ++depth;
      if (s[p] == '}' && --depth <= 0) break;
    }
    std::string payload(s.substr(cp + 1, p - cp - 1));
    cp = p + 1;
    while (cp < s.size() && kWhitespace.find(s[cp]) != std::string_view::npos) ++cp;
    return payload;
  }

  std::string expand_operand(const std::string& text) {
    Context sub{self, nullptr, flags, visit, false, false, 0, total_depth};
    std::string result;
    if (!scanning()) sub.out = &result;
    sub.parse(text);
    error |= sub.error;
    undefined |= sub.undefined;
    return result;
  }

  static long to_number(const std::string& s) {
    errno = 0;
    long v = std::strtol(s.c_str(), nullptr, 10);
    if (errno == ERANGE) throw FatalError("mac_exp_eval: bad conversion: " + s);
    return v;
  }

  // {left} OP {right}: sets result to "true" or "".
  bool parse_logical(std::string_view s, size_t& cp, std::optional<std::string>& result) {
    auto left = extract_curly(s, cp);
    if (!left) return false;
    size_t op_len = 0;
    while (cp + op_len < s.size() && kOperatorChars.find(s[cp + op_len]) != std::string_view::npos)
      ++op_len;
    std::string op(s.substr(cp, op_len));
    if (op != "==" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
      warn(R"("==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...)" + *left + "}>>>" +
           std::string(s.substr(cp, 20)) + "\"");
      return false;
    }
    cp += op_len;
    // An operator may carry a registered suffix: Postfix registers "level"
    // (compatibility levels such as 3.6) for all six operators.
    bool compat = false;
    if (cp < s.size() && is_alnum(s[cp])) {
      size_t type_len = 1;
      while (cp + type_len < s.size() && is_alnum(s[cp + type_len])) ++type_len;
      std::string suffix(s.substr(cp, type_len));
      cp += type_len;
      if (suffix != "level") {
        warn("bad operator suffix at: \"..." + op + ">>>" + suffix + "\"");
        return false;
      }
      compat = true;
    }
    if (!find_left_curly(s, cp)) {
      warn("\"{expression}\" expected at: \"...{" + *left + "} " + op + ">>>" +
           std::string(s.substr(cp, 20)) + "\"");
      return false;
    }
    auto right = extract_curly(s, cp);
    if (!right) return false;
    std::string lval = expand_operand(*left);
    std::string rval = expand_operand(*right);
    if (error) return false;
    if (scanning()) {
      result.reset();
      return true;
    }
    int cmp;
    if (compat) {
      long l = compat_level(lval), r = compat_level(rval);
      if (l < 0 || r < 0) {
        error = true;
        return false;
      }
      cmp = l < r ? -1 : l > r ? 1 : 0;
    } else if (all_digits(lval) && all_digits(rval)) {
      long l = to_number(lval), r = to_number(rval);
      cmp = l < r ? -1 : l > r ? 1 : 0;
    } else {
      int c = std::strcmp(lval.c_str(), rval.c_str());
      cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    bool truth = op == "=="   ? cmp == 0
                 : op == "!=" ? cmp != 0
                 : op == "<"  ? cmp < 0
                 : op == "<=" ? cmp <= 0
                 : op == ">"  ? cmp > 0
                              : cmp >= 0;
    result = truth ? "true" : "";
    return true;
  }

  // Postfix's compat_level_from_string(): major[.minor[.patch]] as one
  // comparable number; -1 (after a warning) when malformed.
  long compat_level(const std::string& str) {
    bool ok = true;
    auto number = [&](size_t& p, long max) {
      size_t start = p;
      while (p < str.size() && str[p] >= '0' && str[p] <= '9') ++p;
      if (p == start || p - start > 18) {
        ok = false;
        return 0L;
      }
      long v = std::stol(str.substr(start, p - start));
      if (v > max) ok = false;
      return v;
    };
    size_t p = 0;
    long res = number(p, 1L << 42) << 20;
    if (ok && p < str.size() && str[p] == '.') {
      ++p;
      res |= number(p, 0x3ff) << 10;
      if (ok && p < str.size() && str[p] == '.') {
        ++p;
        res |= number(p, 0x3ff);
      }
    }
    if (!ok || p != str.size()) {
      self->diag_->warning(printable("malformed compatibility level syntax: \"" + str + "\""));
      return -1;
    }
    return res;
  }

  static bool nonempty(const std::optional<std::string>& v) { return v && !v->empty(); }

  void expression(std::string_view s) {
    std::optional<std::string> value;
    size_t cp = 0;
    char ch = 0;
    if (find_left_curly(s, cp)) {
      if (!parse_logical(s, cp, value)) return;
      if (cp < s.size()) {
        ch = s[cp];
        if (ch != '?' && ch != ':') {
          warn("\"?\" or \":\" expected at: \"...}>>>" + std::string(s.substr(cp, 20)) + "\"");
          return;
        }
        ++cp;
      }
    } else {
      while (cp < s.size() && kWhitespace.find(s[cp]) != std::string_view::npos) ++cp;
      size_t start = cp;
      size_t name_end = s.size();
      for (;; ++cp) {
        size_t ws = 0;
        while (cp + ws < s.size() && kWhitespace.find(s[cp + ws]) != std::string_view::npos) ++ws;
        ch = cp + ws < s.size() ? s[cp + ws] : 0;
        if (ch == 0) {
          name_end = cp;
          break;
        }
        if (ch == '?' || ch == ':') {
          name_end = cp;
          cp += 1 + ws;
          break;
        }
        ch = s[cp];
        if (!is_name_char(ch)) {
          warn("attribute name syntax error at: \"..." + quoted_prefix(s, cp) + ">>>" +
               std::string(s.substr(cp, 20)) + "\"");
          return;
        }
      }
      std::string_view name = s.substr(start, name_end - start);
      if (scanning()) {
        (*visit)(name);
      } else {
        value = self->lookup_(name);
      }
    }
    switch (ch) {
      case '?': {
        std::string iftrue;
        if (find_left_curly(s, cp)) {
          auto p = extract_curly(s, cp);
          if (!p) return;
          iftrue = std::move(*p);
        } else {
          iftrue = std::string(s.substr(cp));
          cp = s.size();
        }
        if (nonempty(value) || scanning()) parse(iftrue);
        if (cp >= s.size()) break;
        if (s[cp] != ':') {
          warn("\":\" expected at: \"..." + iftrue + "}>>>" + std::string(s.substr(cp, 20)) + "\"");
          return;
        }
        ++cp;
        [[fallthrough]];
      }
      case ':': {
        std::string iffalse;
        if (find_left_curly(s, cp)) {
          auto p = extract_curly(s, cp);
          if (!p) return;
          iffalse = std::move(*p);
        } else {
          iffalse = std::string(s.substr(cp));
          cp = s.size();
        }
        if (!nonempty(value) || scanning()) parse(iffalse);
        if (cp < s.size()) {
          warn("unexpected input at: \"..." + iffalse + "}>>>" + std::string(s.substr(cp, 20)) +
               "\"");
          return;
        }
        break;
      }
      default:
        if (!value) {
          undefined = true;
        } else if (value->empty() || scanning()) {
          // nothing to add
        } else if (flags & kRecurse) {
          parse(*value);
        } else {
          out->append(*value);
        }
    }
  }

  void callback(Token type, const std::string& buf) {
    if (level++ > kMaxNesting || *total_depth >= kMaxTotalDepth) {
      warn("unreasonable macro call nesting: \"" + buf + "\"");
    }
    if (error) return;
    ++*total_depth;
    if (type == Token::kExpr) {
      expression(buf);
    } else if (!scanning()) {
      out->append(buf);
    }
    --*total_depth;
    --level;
  }
};

Expander::Status Expander::expand(std::string_view pattern, unsigned flags,
                                  std::string& out) const {
  int total = 0;
  Context c{this, &out, flags & ~unsigned(kScan), nullptr, false, false, 0, &total};
  c.parse(pattern);
  return Status{c.error, c.undefined};
}

std::string Expander::expand(std::string_view pattern, unsigned flags, Status* status) const {
  std::string out;
  Status s = expand(pattern, flags, out);
  if (status) *status = s;
  return out;
}

Expander::Status Expander::scan(std::string_view pattern, const Visit& visit) const {
  int total = 0;
  Context c{this, nullptr, kScan, &visit, false, false, 0, &total};
  c.parse(pattern);
  return Status{c.error, c.undefined};
}

}  // namespace postkit
