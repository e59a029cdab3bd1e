// composite_spec.h: the brace syntax of table names, shared by inline:,
// static:, unionmap:, pipemap:, randmap: and the inline forms of cidr:,
// regexp: and pcre: ("type:{ {rule-1}, {rule-2} }").
//
// strip_braces() is Postfix's extpar(): "{ text }" -> "text" (whitespace
// just inside the braces removed); it fails with Postfix's texts
// "missing '}' in \"TEXT\"" or "syntax error after '}' in \"TEXT\"".
// split_brace_list() splits text at commas and whitespace outside braces;
// tokens keep their braces ("a, {b c}" -> "a", "{b c}").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postkit {

// text must start with '{'. On error returns nullopt and sets *error.
std::optional<std::string_view> strip_braces(std::string_view text, std::string* error);

std::vector<std::string_view> split_brace_list(std::string_view text);

}  // namespace postkit
