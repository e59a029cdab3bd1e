// alias_source.h: the aliases(5) entry parser used by postalias.
//
// Logical lines come from LogicalLineReader (source.h), which already joins
// continuation lines and drops comments. parse_alias_entry() then does what
// Postfix 3.7's postalias does with each logical line:
//  - it splits the line into RFC 822 tokens (atoms, "quoted strings",
//    (comments), [domain literals], and the operators | % ! ( ) < > @ , ; : . [ ]
//    and "), honouring backslash escapes; whitespace only separates tokens;
//  - the name is everything before the first ':' token, the value everything
//    after it. No ':', nothing before or after it, or a ',' before it is
//    kNeedPair ("need name:value pair"); an '@' or '%' before it is kNotLocal
//    ("name must be local");
//  - the name is stored in internal (unquoted) form: "Quoted Name" becomes
//    Quoted Name (the table folds case, not this parser);
//  - the value is stored in external (re-quoted) form, rebuilt from the
//    tokens: one space between two words, ", " after every comma, quotes
//    added to a word that needs them, so `a,b` is stored as "a, b".
// The line is handled as a C string: text after a NUL byte is ignored.
//
// AliasParser keeps its token storage between calls, so parsing a large
// file does not allocate per line. Not thread-safe; use one per thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postkit {

struct AliasEntry {
  enum class Result {
    kOk,
    kEmpty,     // no tokens at all (Postfix skips the line silently)
    kNeedPair,  // "FILE, line N: need name:value pair"
    kNotLocal,  // "FILE, line N: name must be local"
  };
  Result result = Result::kEmpty;
  std::string key;    // internal form; valid when kOk
  std::string value;  // external form; valid when kOk
};

class AliasParser {
 public:
  // Parses one logical line into *entry (its strings are reused).
  void parse(std::string_view logical_line, AliasEntry* entry);

 private:
  enum class Kind : unsigned char { kAtom, kQuoted, kComment, kDomainLiteral, kOperator };
  struct Token {
    Kind kind;
    char op;       // the operator character when kOperator
    size_t begin;  // text in text_ (not for operators)
    size_t size;
  };

  void scan(std::string_view line);
  std::string_view text(const Token& t) const { return {text_.data() + t.begin, t.size}; }
  // Internal form: quoted strings unquoted. External form: quoted strings
  // re-quoted and literals escaped. Both join tokens the same way.
  enum class Form { kInternal, kExternal };
  // Writes tokens [from, to) to *out in `form`.
  void unparse(size_t from, size_t to, Form form, std::string* out) const;

  std::vector<Token> tokens_;
  std::string text_;  // the unescaped text of every token, back to back
};

// Convenience for tests and one-off callers.
AliasEntry parse_alias_entry(std::string_view logical_line);

}  // namespace postkit
