// dict.cc: the shared parts of Dict (see dict.h): default "not supported"
// operations, key folding and the duplicate policy.
#include "dict.h"

#include <string>

namespace postkit {

Status Dict::update(std::string_view, std::string_view) {
  unsupported("update");
}
Status Dict::remove(std::string_view) {
  unsupported("delete");
}
Status Dict::sequence(const Visitor&) {
  unsupported("sequence");
}

void Dict::unsupported(std::string_view op) const {
  throw FatalError("table " + type_name() + ": " + std::string(op) + " operation is not supported");
}

std::string_view Dict::fold(std::string_view key, std::string& buf) const {
  if (!has(flags_, kFoldFix | kFoldMul)) return key;
  // ASCII folding as Postfix's lowercase(); UTF-8 folding only applies when
  // smtputf8 is enabled (kUtf8Request), which callers handle before this.
  buf.assign(key);
  for (char& c : buf) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return buf;
}

bool Dict::on_duplicate(std::string_view label, std::string_view key) {
  if (has(flags_, kDupReplace)) return true;
  if (has(flags_, kDupIgnore)) return false;
  std::string text(label);
  text += ": duplicate entry: \"";
  text += key;
  text += '"';
  if (has(flags_, kDupWarn)) {
    diag_->warning(text);
    return false;
  }
  throw FatalError(text);
}

}  // namespace postkit
