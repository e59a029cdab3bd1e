// composite_open.cc: component tables of unionmap:/pipemap: (see
// composite_open.h).
#include "composite_open.h"

#include <string>

#include "composite_spec.h"
#include "registry.h"

namespace postkit {

std::vector<std::unique_ptr<Dict>> open_components(const OpenRequest& req) {
  std::string bad =
      "bad syntax: \"" + req.type + ":" + req.name + "\"; need \"" + req.type + ":{type:name...}\"";
  std::string error;
  std::optional<std::string_view> body;
  if (req.name.empty() || req.name.front() != '{' || !(body = strip_braces(req.name, &error)))
    throw FatalError(bad);
  auto tokens = split_brace_list(*body);
  if (tokens.empty()) throw FatalError(bad);
  for (std::string_view token : tokens)
    if (token.find(':') == std::string_view::npos) throw FatalError(bad);
  std::vector<std::unique_ptr<Dict>> parts;
  for (std::string_view token : tokens) parts.push_back(open_map(token, req));
  return parts;
}

}  // namespace postkit
