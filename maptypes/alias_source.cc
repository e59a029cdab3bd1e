// alias_source.cc: aliases(5) entries as Postfix 3.7's postalias reads them
// (see alias_source.h). The tokenizer follows RFC 822 as Postfix extends it
// for aliases files ('|', '%' and '!' are operators too). Characters are
// classified through one table and runs of ordinary characters are copied as
// blocks: postalias spends much of its time here on large files.
#include "alias_source.h"

#include <array>

namespace postkit {
namespace {

enum CharClass : unsigned char {
  kSpace = 1,     // space, tab, CR, LF: separate tokens
  kOperator = 2,  // RFC 822 specials plus | % !
  kControl = 4,   // an atom holding one must be quoted
};

constexpr std::array<unsigned char, 256> make_classes() {
  std::array<unsigned char, 256> t{};
  for (unsigned char c : std::string_view("|%!()<>@,;:\\\".[]")) t[c] |= kOperator;
  for (unsigned char c : std::string_view(" \t\r\n")) t[c] |= kSpace;
  for (int c = 0; c < 0x20; ++c) t[c] |= kControl;
  t[0x7f] |= kControl;
  return t;
}
constexpr std::array<unsigned char, 256> kClass = make_classes();

inline unsigned char cls(char c) {
  return kClass[static_cast<unsigned char>(c)];
}

}  // namespace

// Appends the text of one atom, quoted string or domain literal starting at
// s[i], as Postfix's COLLECT: a backslash takes the next byte literally,
// whitespace becomes a space, and the token ends before a byte for which
// stop(c) holds. Returns the index of that byte (or n).
template <typename Stop>
static size_t collect(std::string_view s, size_t i, std::string& out, Stop stop) {
  const size_t n = s.size();
  while (i < n) {
    size_t run = i;
    while (run < n && s[run] != '\\' && !(cls(s[run]) & kSpace) && !stop(s[run])) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == n) break;
    char c = s[i];
    if (c == '\\') {
      if (++i == n) break;
      c = s[i];
    } else if (stop(c)) {
      break;
    }
    out.push_back((cls(c) & kSpace) ? ' ' : c);
    ++i;
  }
  return i;
}

void AliasParser::scan(std::string_view s) {
  tokens_.clear();
  text_.clear();
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const char ch = s[i];
    if (cls(ch) & kSpace) {
      ++i;
      continue;
    }
    Token t{Kind::kAtom, 0, text_.size(), 0};
    if (ch == '(') {
      // Comments are kept in their external form, nesting included.
      t.kind = Kind::kComment;
      text_.push_back('(');
      ++i;
      int level = 1;
      while (i < n) {
        char c = s[i++];
        text_.push_back(c);
        if (c == '(') {
          ++level;
        } else if (c == ')') {
          if (--level == 0) break;
        } else if (c == '\\') {
          if (i == n) break;
          text_.push_back(s[i++]);
        }
      }
    } else if (ch == '[' || ch == '"') {
      t.kind = ch == '[' ? Kind::kDomainLiteral : Kind::kQuoted;
      const char close = ch == '[' ? ']' : '"';
      i = collect(s, i + 1, text_, [close](char c) { return c == close; });
      if (i < n) ++i;  // the closing bracket or quote
    } else if (ch != '\\' && (cls(ch) & kOperator)) {
      t.kind = Kind::kOperator;
      t.op = ch;
      ++i;
    } else {
      // Fast path for the common atom: a run of ordinary characters with no
      // backslash (an operator, so it ends the run) and no control character
      // is stored as it is and never needs quoting.
      size_t run = i;
      unsigned char seen = 0;
      while (run < n) {
        const unsigned char c = cls(s[run]);
        if (c & (kOperator | kSpace)) break;
        seen |= c;
        ++run;
      }
      if (!(seen & kControl) && (run == n || s[run] != '\\')) {
        text_.append(s.data() + i, run - i);
        i = run;
        t.size = text_.size() - t.begin;
        tokens_.push_back(t);
        continue;
      }
      i = collect(s, i, text_, [](char c) { return (cls(c) & (kOperator | kSpace)) != 0; });
      // An atom that holds a space, a control or an operator character (all
      // escaped in the input) must be quoted when written out again.
      for (size_t k = t.begin; k < text_.size(); ++k) {
        if (text_[k] == ' ' || (cls(text_[k]) & (kControl | kOperator))) {
          t.kind = Kind::kQuoted;
          break;
        }
      }
    }
    t.size = text_.size() - t.begin;
    tokens_.push_back(t);
  }
}

void AliasParser::unparse(size_t from, size_t to, Form form, std::string* out) const {
  out->clear();
  const bool external = form == Form::kExternal;
  // Internal form writes a token's text as is; external form escapes the
  // characters that would end or break the quoted string or literal.
  auto copy = [out, external](std::string_view s, std::string_view specials) {
    for (char c : s) {
      if (external && specials.find(c) != std::string_view::npos) out->push_back('\\');
      out->push_back(c);
    }
  };
  for (size_t k = from; k < to; ++k) {
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Kind::kQuoted:
        if (external) out->push_back('"');
        copy(text(t), "\"\\\r\n");
        if (external) out->push_back('"');
        break;
      case Kind::kDomainLiteral:
        out->push_back('[');
        copy(text(t), "\\\r\n");
        out->push_back(']');
        break;
      case Kind::kOperator:
        out->push_back(t.op);
        // Postfix 3.7 writes ", " after every comma, even the last one.
        if (t.op == ',') {
          out->push_back(' ');
          continue;
        }
        break;
      default:
        out->append(text(t));
    }
    // A space between two words, and before '<'.
    if (k + 1 < to) {
      const Token& next = tokens_[k + 1];
      bool words = t.kind != Kind::kOperator && next.kind != Kind::kOperator;
      if (words || (next.kind == Kind::kOperator && next.op == '<')) out->push_back(' ');
    }
  }
}

void AliasParser::parse(std::string_view line, AliasEntry* entry) {
  // Postfix handles the line as a C string.
  if (size_t nul = line.find('\0'); nul != std::string_view::npos) line = line.substr(0, nul);
  scan(line);
  entry->key.clear();
  entry->value.clear();
  if (tokens_.empty()) {
    entry->result = AliasEntry::Result::kEmpty;
    return;
  }
  size_t colon = 0;
  bool comma_before = false, nonlocal_before = false;
  for (; colon < tokens_.size(); ++colon) {
    const Token& t = tokens_[colon];
    if (t.kind != Kind::kOperator) continue;
    if (t.op == ':') break;
    if (t.op == ',') comma_before = true;
    if (t.op == '@' || t.op == '%') nonlocal_before = true;
  }
  if (colon == tokens_.size() || colon == 0 || colon + 1 == tokens_.size() || comma_before) {
    entry->result = AliasEntry::Result::kNeedPair;
    return;
  }
  if (nonlocal_before) {
    entry->result = AliasEntry::Result::kNotLocal;
    return;
  }
  unparse(0, colon, Form::kInternal, &entry->key);
  unparse(colon + 1, tokens_.size(), Form::kExternal, &entry->value);
  entry->result = AliasEntry::Result::kOk;
}

AliasEntry parse_alias_entry(std::string_view logical_line) {
  AliasParser parser;
  AliasEntry entry;
  parser.parse(logical_line, &entry);
  return entry;
}

}  // namespace postkit
