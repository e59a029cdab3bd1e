// bounce_expand.h: $name expansion of one bounce template text line, as the
// Postfix 3.7 bounce daemon does it for `postconf -b`.
//
// Contract: expand_template_line() understands $name, ${name}, $(name),
// ${name?value}, ${name:value}, ${name?{value}:{value}}, the relational
// form ${{a} OP {b}?{value}:{value}} (OP: == != < <= > >=, numeric when both
// sides are digits) and $$. Values given after ? or : are expanded in turn;
// looked-up values are used as they are.
// Syntax problems are warned about through `diag` with Postfix's text
// ("truncated macro reference", "empty macro name", "attribute name syntax
// error at", ...) and reported as kSyntaxError; a name the lookup does not
// know, used without ? or :, is kUndefined. The caller turns both into the
// bounce daemon's fatal messages.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "diag.h"

namespace postkit::postconf {

enum class ExpandStatus { kOk, kSyntaxError, kUndefined };

// Returns the value of name, or nullopt when it is not defined.
using TemplateLookup = std::function<std::optional<std::string>(const std::string& name)>;

ExpandStatus expand_template_line(std::string_view line, const TemplateLookup& lookup,
                                  Diagnostics& diag, std::string* out);

}  // namespace postkit::postconf
