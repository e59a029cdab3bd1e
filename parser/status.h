// status.h: how a failure travels through postkit's libraries.
//
// A Status is a value: a code and, for a failure, Postfix's message text.
// Libraries return it instead of throwing; only a command's main() (through
// run_command() in diag.h) turns a failure into "prog: fatal: TEXT" and an
// exit status. The codes are Postfix's dictionary outcomes (util/dict.h):
//
//   kOk / kFound  the operation succeeded (a lookup found the key)
//   kNotFound     the key is not there; not a failure
//   kRetry        a temporary failure (DICT_ERR_RETRY): a server is down, a
//                 lock timed out, a table is unavailable; try again later
//   kConfig       a configuration error (DICT_ERR_CONFIG): a bad table file,
//                 an invalid value, an unsupported operation
//   kIo           a system error reading or writing a table's file (the
//                 message is Postfix's, e.g. "error reading PATH: ...")
//   kUnsupported  the table type has no such operation ("table TYPE:NAME:
//                 update operation is not supported")
//
// Postfix makes kIo and kUnsupported fatal inside the table itself, so a
// command prints the message as its fatal line; kRetry and kConfig reach
// the command through dict->error, and postmap prints its own "table
// TYPE:NAME: query error" line.
//
// A proxymap daemon maps kRetry to its RETRY reply and kConfig to CONFIG;
// postmap prints Postfix's "table TYPE:NAME: query error" fatal line.
//
// Thread-safety: a value type; copies are independent.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace postkit {

class [[nodiscard]] Status {
 public:
  enum Code : unsigned char {
    kOk = 0,
    kFound = 0,  // the same outcome, named for lookups
    kNotFound,
    kRetry,
    kConfig,
    kIo,
    kUnsupported,
  };

  // Implicit from a code so a backend can `return Status::kNotFound;`.
  Status(Code code = kOk) : code_(code) {}  // NOLINT(google-explicit-constructor)
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status retry(std::string message) { return {kRetry, std::move(message)}; }
  static Status config(std::string message) { return {kConfig, std::move(message)}; }
  static Status io(std::string message) { return {kIo, std::move(message)}; }
  static Status unsupported(std::string message) { return {kUnsupported, std::move(message)}; }
  // kIo with ": strerror(err)" appended, the shape of Postfix's "%m".
  static Status from_errno(std::string_view what, int err);

  Code code() const { return code_; }
  // Postfix's text of the failure (empty for kOk and kNotFound).
  const std::string& message() const { return message_; }

  bool ok() const { return code_ == kOk; }
  bool found() const { return code_ == kFound; }
  // A failure: neither success nor "not found".
  bool failed() const { return code_ >= kRetry; }

  friend bool operator==(const Status& a, Code c) { return a.code_ == c; }
  friend bool operator!=(const Status& a, Code c) { return a.code_ != c; }

  // Whether Postfix reports this failure with the Status's own message as a
  // fatal error (kIo, kUnsupported) rather than through dict->error.
  bool fatal_in_table() const { return code_ == kIo || code_ == kUnsupported; }

  // The code's name ("ok", "not found", "retry", "config", "io", ...).
  std::string_view code_name() const;

 private:
  Code code_;
  std::string message_;
};

}  // namespace postkit
