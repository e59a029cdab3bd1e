// table_error.h: the fatal text of a failed table operation, as Postfix's
// commands print it: "table TYPE:NAME: OP error: %m", where Postfix's %m is
// strerror(errno), or "Application error" when errno is 0 (a fail: table,
// or a table that failed without a system error). Callers set errno to 0
// before the operation.
#pragma once

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

namespace postkit {

inline std::string table_error(std::string_view table, std::string_view op) {
  std::string text = "table " + std::string(table) + ": " + std::string(op) + " error: ";
  text += errno != 0 ? std::strerror(errno) : "Application error";
  return text;
}

}  // namespace postkit
