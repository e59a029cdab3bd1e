// diag.h: the one diagnostic printer of postkit.
//
// Every command prints problems the way Postfix does:
//   "prog: warning: text", "prog: fatal: text", "prog: text" (info),
// and for input files "FILE, line N: text" inside the text (see at()).
// A diagnostic is also a value (Diagnostic: severity, stable id, file, line,
// column, Postfix's text): report() prints it as Postfix's exact line, or,
// when a sink is installed, hands it over instead (postlint collects every
// problem of a tree that way and prints them in its own formats).
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

enum class Severity { kInfo, kWarning, kError, kFatal };

// "info", "warning", "error", "fatal".
std::string_view to_string(Severity s);

// One problem, as a value. `text` is exactly what Postfix prints after
// "prog: severity: " (any "FILE: " or "FILE, line N: " prefix included);
// file/line/column say where the problem is, whether or not Postfix's text
// names it (an unused main.cf parameter is reported by Postfix without its
// line, but the line is known).
struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string id;    // stable id ("unused-parameter"); empty when none
  std::string file;  // empty when not about a file
  long line = 0;     // 1-based; 0 when unknown
  long column = 0;   // 1-based; 0 when unknown
  std::string text;
};

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

  // Receives reported diagnostics instead of the printer (see report()).
  using Sink = std::function<void(Diagnostic)>;
  void set_sink(Sink sink) { sink_ = std::move(sink); }

  // Prints d as Postfix's line ("prog: warning: text"; info has no severity
  // word), or passes it to the sink when one is set. Fatal ones are printed
  // or passed on, not thrown.
  void report(Diagnostic d);

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
  Sink sink_;
  int verbosity_ = 0;
  int warnings_ = 0;
};

// Runs a command body, printing a FatalError as "prog: fatal: text" and turning
// it into the exit status. Any other exception is reported as fatal too, so a
// command never dies with an uncaught exception.
int run_command(Diagnostics& diag, const std::function<int()>& body);

}  // namespace postkit
