// master_cf_pattern.cc: the service[/type[/field-or-parameter]] patterns of
// postconf -M, -F, -P and their edits. As in Postfix, the text is split on
// runs of '/', '*' is allowed only as a whole part, a leading '/' is
// rejected, and parts left out match anything.
#include <string>

#include "master_cf.h"

namespace postkit::postconf {

bool ServicePattern::matches(std::string_view name, std::string_view type) const {
  return (parts[0] == "*" || parts[0] == name) && (parts[1] == "*" || parts[1] == type);
}

std::optional<ServicePattern> parse_service_pattern(std::string_view text, size_t min_parts,
                                                    size_t max_parts) {
  if (!text.empty() && text.front() == '/') return std::nullopt;
  ServicePattern p;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == '/') ++i;
    if (i == text.size()) break;
    size_t end = text.find('/', i);
    if (end == std::string_view::npos) end = text.size();
    p.parts.emplace_back(text.substr(i, end - i));
    i = end;
  }
  if (p.parts.size() < min_parts || p.parts.size() > max_parts) return std::nullopt;
  for (const auto& part : p.parts)
    if (part != "*" && part.find('*') != std::string::npos) return std::nullopt;
  while (p.parts.size() < max_parts) p.parts.emplace_back("*");
  // -M patterns have two parts; give them a third so every caller may ask.
  while (p.parts.size() < 3) p.parts.emplace_back("*");
  return p;
}

int parse_field_pattern(const std::string& name) {
  if (name == "*") return -1;
  int field = master_field_index(name);
  if (field < 0) fail("invalid service attribute name: \"" + name + "\"");
  return field;
}

}  // namespace postkit::postconf
