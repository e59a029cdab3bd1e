// expander.h: main.cf `$name` expansion with the full syntax of postconf(5)
// "Parameter expansion", behaving as Postfix 3.7's mac_expand():
//   $name ${name} $(name) $$
//   ${name?text} ${name?{text}} ${name:text} ${name:{text}}
//   ${name?{text1}:{text2}} ${name?{text1}:text2}
//   ${{text1} OP {text2}?...:...} with OP one of == != < <= > >=
//   (numeric when both operands are all digits, else lexicographic).
//
// Contract: expansion is driven by a Lookup that returns a parameter's raw
// value, or nullopt when the name is undefined (undefined expands to empty).
// With kRecurse, looked-up values are expanded in turn. Nesting deeper than
// Postfix's limit (a self reference such as `a = $a`) is reported as
// "unreasonable macro call nesting" and the expansion fails; syntax errors are
// reported with Postfix's texts. Warnings go to the Diagnostics given; the
// caller decides what a failure means (postconf: "fatal: macro processing
// error"). Expansion never recurses without bound, so it cannot overflow the
// stack. kScan visits every referenced name, in both branches of
// conditionals, without producing output (postconf's unused-parameter
// analysis).
//
// Thread-safety: an Expander holds no mutable state; concurrent calls are
// safe when the Lookup is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "diag.h"

namespace postkit {

class Expander {
 public:
  using Lookup = std::function<std::optional<std::string>(std::string_view name)>;
  using Visit = std::function<void(std::string_view name)>;

  enum Flags : unsigned { kNone = 0, kRecurse = 1u << 0, kScan = 1u << 1 };

  struct Status {
    bool error = false;      // syntax error or unreasonable nesting (warned)
    bool undefined = false;  // some $name had no value
  };

  // Postfix's limit on nested macro calls.
  static constexpr int kMaxNesting = 100;

  Expander(Lookup lookup, Diagnostics& diag) : lookup_(std::move(lookup)), diag_(&diag) {}

  // Expands pattern, appending to out.
  Status expand(std::string_view pattern, unsigned flags, std::string& out) const;
  // Convenience: the expansion of pattern (out is discarded on error).
  std::string expand(std::string_view pattern, unsigned flags, Status* status = nullptr) const;
  // Calls visit for every name referenced in pattern (all branches), as
  // mac_expand() with MAC_EXP_FLAG_SCAN does; nothing is looked up.
  Status scan(std::string_view pattern, const Visit& visit) const;

 private:
  struct Context;
  Lookup lookup_;
  Diagnostics* diag_;
};

// Replaces non-printable characters with '?', as Postfix's msg(3) output does.
std::string printable(std::string_view text);

}  // namespace postkit
