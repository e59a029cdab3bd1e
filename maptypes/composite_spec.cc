// composite_spec.cc: brace syntax of table names (see composite_spec.h).
#include "composite_spec.h"

#include <cctype>

namespace postkit {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> strip_braces(std::string_view text, std::string* error) {
  int level = 0;
  size_t close = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') ++level;
    if (text[i] == '}' && --level == 0) {
      close = i;
      break;
    }
  }
  if (close == std::string_view::npos) {
    *error = "missing '}' in \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  if (close + 1 != text.size()) {
    *error = "syntax error after '}' in \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  return trim(text.substr(1, close - 1));
}

std::vector<std::string_view> split_brace_list(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i]) || text[i] == ',') {
      ++i;
      continue;
    }
    size_t start = i;
    int level = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '{') ++level;
      if (c == '}') --level;
      if (level <= 0 && (is_space(c) || c == ',')) break;
    }
    tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

}  // namespace postkit
