// inline.cc: the inline map type, "inline:{ name=value, { name = value } }"
// (Postfix 3.0 and later): an in-memory table built from the table name.
// Syntax errors are fatal with Postfix's texts:
//   bad syntax: "inline:{...}"; need "inline:{name=value...}"
//   missing '=' after attribute name: "inline:{...}"; need "inline:{name=value...}"
// A later duplicate replaces an earlier one silently.
#include <memory>
#include <string>

#include "composite_spec.h"
#include "memory_table.h"
#include "types.h"

namespace postkit {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::unique_ptr<Dict> open_inline(const OpenRequest& req) {
  std::string spec = req.type + ":" + req.name;
  std::string need = "; need \"" + req.type + ":{name=value...}\"";
  std::string error;
  std::optional<std::string_view> body;
  if (req.name.empty() || req.name.front() != '{' || !(body = strip_braces(req.name, &error)))
    throw FatalError("bad syntax: \"" + spec + "\"" + need);
  auto tokens = split_brace_list(*body);
  if (tokens.empty()) throw FatalError("bad syntax: \"" + spec + "\"" + need);
  auto dict = std::make_unique<MemoryDict>(req);
  for (std::string_view token : tokens) {
    std::string_view nameval = token;
    if (token.front() == '{') {
      auto inner = strip_braces(token, &error);
      if (!inner) throw FatalError(error + ": \"" + spec + "\"" + need);
      nameval = *inner;
    }
    size_t eq = nameval.find('=');
    if (eq == std::string_view::npos)
      throw FatalError("missing '=' after attribute name: \"" + spec + "\"" + need);
    // A MemoryDict's update replaces silently and cannot fail.
    (void)dict->update(trim(nameval.substr(0, eq)), trim(nameval.substr(eq + 1)));
  }
  return dict;
}

std::unique_ptr<Dict> open_internal(const OpenRequest& req) {
  return std::make_unique<MemoryDict>(req);
}

}  // namespace postkit
