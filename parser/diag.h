// diag.h: the one diagnostic printer of postkit.
//
// Every command prints problems the way Postfix does:
//   "prog: warning: text", "prog: fatal: text", "prog: text" (info),
// and for input files "FILE, line N: text" inside the text (see at()).
// A fatal condition is raised as FatalError and printed once by the command's
// main() through run_command(); library code never calls exit().
//
// Thread-safety: a Diagnostics object is owned by one command invocation and
// is not shared between threads without external locking.
#pragma once

#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>

namespace postkit {

// A condition Postfix reports with "fatal:" and a non-zero exit.
class FatalError : public std::runtime_error {
 public:
  explicit FatalError(const std::string& text, int exit_status = 1)
      : std::runtime_error(text), exit_status_(exit_status) {}
  int exit_status() const { return exit_status_; }

 private:
  int exit_status_;
};

class Diagnostics {
 public:
  // prog is the name printed before every message ("postconf", "postmap").
  explicit Diagnostics(std::string prog);
  Diagnostics(std::string prog, std::ostream& err);

  const std::string& prog() const { return prog_; }

  void warning(std::string_view text);
  void error(std::string_view text);  // "prog: error: text"
  void info(std::string_view text);   // "prog: text"
  // Printed only when verbosity() > 0, as Postfix's -v does.
  void verbose(std::string_view text);
  [[noreturn]] void fatal(const std::string& text, int exit_status = 1);
  // Prints "prog: fatal: text" without throwing; used by run_command().
  void print_fatal(std::string_view text) { emit("fatal", text); }

  void set_verbosity(int v) { verbosity_ = v; }
  int verbosity() const { return verbosity_; }
  int warnings() const { return warnings_; }

  // "FILE, line N: " prefix used by every input-file diagnostic.
  static std::string at(std::string_view file, long line);

 private:
  void emit(std::string_view severity, std::string_view text);

  std::string prog_;
  std::ostream* err_;
  int verbosity_ = 0;
  int warnings_ = 0;
};

// Runs a command body, printing a FatalError as "prog: fatal: text" and turning
// it into the exit status. Any other exception is reported as fatal too, so a
// command never dies with an uncaught exception.
int run_command(Diagnostics& diag, const std::function<int()>& body);

}  // namespace postkit
