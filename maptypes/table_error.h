// table_error.h: the fatal text of a failed table operation, as Postfix's
// commands print it. A failure Postfix makes fatal inside the table (an I/O
// error, an unsupported operation: Status::fatal_in_table()) is printed with
// the table's own message; any other (dict->error in Postfix) as "table
// TYPE:NAME: OP error: %m", where Postfix's %m is strerror(errno), or
// "Application error" when errno is 0 (a fail: table, or a table that failed
// without a system error). Callers set errno to 0 before the operation.
#pragma once

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "status.h"

namespace postkit {

inline std::string table_error(std::string_view table, std::string_view op, const Status& st) {
  if (st.fatal_in_table()) return st.message();
  std::string text = "table " + std::string(table) + ": " + std::string(op) + " error: ";
  text += errno != 0 ? std::strerror(errno) : "Application error";
  return text;
}

}  // namespace postkit
