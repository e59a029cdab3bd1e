// alias_source.cc: aliases(5) entries as Postfix 3.7's postalias reads them
// (see alias_source.h). The tokenizer follows RFC 822 as Postfix extends it
// for aliases files ('|', '%' and '!' are operators too).
#include "alias_source.h"

#include <cstring>

namespace postkit {
namespace {

// The single-character operators: RFC 822 specials plus | % !.
constexpr const char kOperators[] = "|%!()<>@,;:\\\".[]";

inline bool is_operator(unsigned char c) {
  return c != 0 && std::memchr(kOperators, c, sizeof(kOperators) - 1) != nullptr;
}
inline bool is_space_tab_cr_lf(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
inline bool is_cntrl(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

}  // namespace

void AliasParser::scan(std::string_view s) {
  tokens_.clear();
  text_.clear();
  size_t i = 0;
  const size_t n = s.size();
  // Collects text up to (not including) a byte that fails `keep`; a
  // backslash takes the next byte literally; whitespace becomes a space.
  auto collect = [&](auto keep) {
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '\\') {
        if (++i == n) break;
        c = static_cast<unsigned char>(s[i]);
      } else if (!keep(c)) {
        break;
      }
      text_.push_back(is_space_tab_cr_lf(c) ? ' ' : static_cast<char>(c));
      ++i;
    }
  };
  while (i < n) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (is_space_tab_cr_lf(ch)) {
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
      const unsigned char close = ch == '[' ? ']' : '"';
      ++i;
      collect([close](unsigned char c) { return c != close; });
      if (i < n) ++i;  // the closing bracket or quote
    } else if (ch != '\\' && is_operator(ch)) {
      t.kind = Kind::kOperator;
      t.op = static_cast<char>(ch);
      ++i;
    } else {
      collect([](unsigned char c) { return !is_space_tab_cr_lf(c) && !is_operator(c); });
      // An atom that holds a space, a control or an operator character (all
      // escaped in the input) must be quoted when written out again.
      for (size_t k = t.begin; k < text_.size(); ++k) {
        unsigned char c = static_cast<unsigned char>(text_[k]);
        if (c == ' ' || is_cntrl(c) || is_operator(c)) {
          t.kind = Kind::kQuoted;
          break;
        }
      }
    }
    t.size = text_.size() - t.begin;
    tokens_.push_back(t);
  }
}

void AliasParser::internalize(size_t from, size_t to, std::string* out) const {
  out->clear();
  for (size_t k = from; k < to; ++k) {
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Kind::kDomainLiteral:
        out->push_back('[');
        out->append(text(t));
        out->push_back(']');
        break;
      case Kind::kOperator:
        out->push_back(t.op);
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

void AliasParser::externalize(size_t from, size_t to, std::string* out) const {
  out->clear();
  auto copy_quoted = [out](std::string_view s, std::string_view specials) {
    for (char c : s) {
      if (specials.find(c) != std::string_view::npos) out->push_back('\\');
      out->push_back(c);
    }
  };
  for (size_t k = from; k < to; ++k) {
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Kind::kQuoted:
        out->push_back('"');
        copy_quoted(text(t), "\"\\\r\n");
        out->push_back('"');
        break;
      case Kind::kDomainLiteral:
        out->push_back('[');
        copy_quoted(text(t), "\\\r\n");
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
  internalize(0, colon, &entry->key);
  externalize(colon + 1, tokens_.size(), &entry->value);
  entry->result = AliasEntry::Result::kOk;
}

AliasEntry parse_alias_entry(std::string_view logical_line) {
  AliasParser parser;
  AliasEntry entry;
  parser.parse(logical_line, &entry);
  return entry;
}

}  // namespace postkit
